/**
 * The Data Export reader on the quirks of real exports and on broken input. Fixture files are
 * written byte for byte from the strings below (a committed file could have its BOM or CRLF
 * normalised away by an editor or by git).
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataExportError, readDataExport } from '../index';
import type { DataProblem, Dataset } from '../../dataset';
import { sampleProcess } from './fixtures/process';

const BOM = '\ufeff';
const OPP_HEADER =
    'Id,Name,AccountId,OwnerId,Amount,CloseDate,StageName,Probability,ForecastCategoryName,IsClosed,IsWon,' +
    'CreatedDate,LastModifiedDate,Organization_Size_Meters__c,Elevator_Pitch_Reception__c,' +
    'Project_Sponsor_Identified__c,Current_Problem__c,Pain_Felt_By__c,Solution_Pricing_Shared_Date__c,' +
    'Implementation_Timeline_Weeks__c,Documents_Signed__c';

let dir: string;

beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stageplay-read-'));
});

afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
});

async function folder(files: Record<string, string>): Promise<string> {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, 'utf8');
    return dir;
}

/** The export made of `files` (written into the test folder), read with the sample process. */
async function readExport(files: Record<string, string>): Promise<Dataset> {
    return readDataExport(await folder(files), sampleProcess());
}

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';

function problemAt(problems: DataProblem[], source: string, line: number): DataProblem {
    const found = problems.find((p) => p.source === source && p.line === line);
    if (!found) throw new Error(`no problem at ${source}:${line}; got ${JSON.stringify(problems, null, 1)}`);
    return found;
}

describe('readDataExport on the quirks of real exports', () => {
    it('reads BOM, CRLF, quoted newlines, extra columns, empty nulls, three date forms and 1/0 booleans', async () => {
        const opportunity =
            BOM +
            crlf([
                `${OPP_HEADER},SomeOtherField__c`,
                '006A,"Acme, ""big"" deal",001A,005A,25000,2026-03-01,Prospecting,10,Pipeline,false,false,' +
                    '2026-01-05T10:00:00.000Z,2026-01-06 11:30:00,150,Positive,1,"Line one\r\nline two",' +
                    '"Finance;IT",2026-02-01,12,0,ignored',
                '006B,Beta,,005A,,2026-04-15T00:00:00.000Z,Closed Won,100,Closed,TRUE,True,2026-01-10,,,,,,,,,,x',
                '006C,Gamma,001A,005B,1200.50,2026-05-01 00:00:00,discovery,35,,,,2026-02-01T08:00:00+02:00,,' +
                    '80,Negative,false,,,,,,'
            ]);
        const history = crlf([
            'Id,OpportunityId,StageName,Amount,CloseDate,Probability,ForecastCategory,CreatedDate,Extra',
            '008A,006A,Prospecting,25000,2026-03-01,10,Pipeline,2026-01-05T10:00:00.000Z,x',
            '008B,006B,Negotiate and Close,,2026-04-15,80,Forecast,2026-03-01,x',
            '008C,006B,Closed Won,,2026-04-15,100,Closed,2026-04-15 09:00:00,x',
            '008D,006C,Discovery,1200.5,2026-05-01,33.3,BestCase,2026-02-01T06:00:00Z,x'
        ]);
        const fieldHistory = crlf([
            'Id,OpportunityId,Field,OldValue,NewValue,CreatedDate',
            '017A,006A,Organization_Size_Meters__c,,150,2026-01-06T10:00:00.000Z',
            '017B,006A,organization_size_meters__c,150,160,2026-01-07T10:00:00.000Z',
            '017C,006A,Project_Sponsor_Identified__c,false,true,2026-01-08',
            '017D,006A,created,,,2026-01-05T10:00:00.000Z',
            '017E,006A,StageName,Prospecting,Discovery,2026-01-09'
        ]);
        const users = crlf(['Id,FirstName,LastName,IsActive', '005A,Ada,Lovelace,1', '005B,,Hopper,0']);
        const dataset = await readExport({
            'Opportunity.csv': opportunity,
            'OpportunityHistory.csv': history,
            'OpportunityFieldHistory.csv': fieldHistory,
            'User.csv': users
        });

        expect(dataset.problems).toEqual([]);
        expect(dataset.opportunities.map((o) => o.id)).toEqual(['006A', '006B', '006C']);
        const [a, b, c] = dataset.opportunities;
        expect(a).toMatchObject({
            name: 'Acme, "big" deal',
            accountId: '001A',
            ownerId: '005A',
            ownerName: 'Ada Lovelace',
            amount: 25000,
            closeDate: '2026-03-01',
            stageName: 'Prospecting',
            probability: 0.1,
            forecastCategory: 'Pipeline',
            isClosed: false,
            isWon: false,
            createdDate: '2026-01-05T10:00:00.000Z',
            lastModifiedDate: '2026-01-06T11:30:00.000Z'
        });
        expect(a.fields).toEqual({
            Organization_Size_Meters__c: 150,
            Elevator_Pitch_Reception__c: 'Positive',
            Project_Sponsor_Identified__c: true,
            Current_Problem__c: 'Line one\r\nline two',
            Pain_Felt_By__c: 'Finance;IT',
            Solution_Pricing_Shared_Date__c: '2026-02-01',
            Implementation_Timeline_Weeks__c: 12,
            Documents_Signed__c: false
        });
        expect(a.fields).not.toHaveProperty('SomeOtherField__c');
        expect(b).toMatchObject({
            accountId: null,
            amount: null,
            closeDate: '2026-04-15',
            isClosed: true,
            isWon: true,
            createdDate: '2026-01-10T00:00:00.000Z',
            lastModifiedDate: null
        });
        expect(b.fields.Organization_Size_Meters__c).toBeNull();
        // Stage matched ignoring case; blank category and flags fall back to the stage's.
        expect(c).toMatchObject({
            stageName: 'Discovery',
            amount: 1200.5,
            probability: 0.35,
            forecastCategory: 'Pipeline',
            isClosed: false,
            isWon: false,
            ownerName: 'Hopper',
            createdDate: '2026-02-01T06:00:00.000Z'
        });

        expect(dataset.stageHistory.toRows()).toEqual([
            {
                opportunityId: '006A',
                stageName: 'Prospecting',
                createdDate: '2026-01-05T10:00:00.000Z',
                amount: 25000,
                closeDate: '2026-03-01',
                probability: 0.1,
                forecastCategory: 'Pipeline'
            },
            expect.objectContaining({
                stageName: 'Negotiate and Close',
                forecastCategory: 'Commit',
                amount: null
            }),
            expect.objectContaining({ stageName: 'Closed Won', createdDate: '2026-04-15T09:00:00.000Z' }),
            expect.objectContaining({ probability: 0.333, forecastCategory: 'Best Case' })
        ]);
        // Only fields a parameter captures are kept; values are typed by the field.
        expect(dataset.fieldHistory.toRows()).toEqual([
            {
                opportunityId: '006A',
                field: 'Organization_Size_Meters__c',
                oldValue: null,
                newValue: 150,
                createdDate: '2026-01-06T10:00:00.000Z'
            },
            expect.objectContaining({ field: 'Organization_Size_Meters__c', oldValue: 150, newValue: 160 }),
            expect.objectContaining({
                field: 'Project_Sponsor_Identified__c',
                oldValue: false,
                newValue: true
            })
        ]);
        expect(dataset.users).toEqual([
            { id: '005A', name: 'Ada Lovelace', isActive: true },
            { id: '005B', name: 'Hopper', isActive: false }
        ]);
        expect(dataset.accounts).toEqual([]);
        expect(dataset.process.stages).toEqual(sampleProcess().stages);
    });

    it('reads a minimal folder: Opportunity.csv alone, LF endings, no optional columns', async () => {
        const dataset = await readExport({
            'Opportunity.csv':
                'Id,OwnerId,StageName,CloseDate,CreatedDate\n006A,005A,Negotiate and Close,2026-06-30,2026-01-01\n'
        });
        expect(dataset.opportunities).toHaveLength(1);
        expect(dataset.opportunities[0]).toMatchObject({
            name: '',
            amount: null,
            probability: null,
            forecastCategory: 'Commit',
            isClosed: false,
            ownerName: null
        });
        expect(dataset.stageHistory.toRows()).toEqual([]);
        expect(dataset.fieldHistory.toRows()).toEqual([]);
        // Each capture field missing from the export is reported once in the ledger, with what it changes.
        const missing = dataset.quality.missing.filter((m) => m.source.startsWith('Opportunity.csv column'));
        expect(missing).toHaveLength(Object.keys(sampleProcess().fields).length);
        expect(missing[0].source).toBe('Opportunity.csv column Organization_Size_Meters__c');
        expect(missing[0].consequence).toMatch(/Organization_Size.*blank for every deal/);
        // So is every optional file, and the stage history it cannot do without.
        expect(dataset.quality.missing.map((m) => m.source)).toEqual(
            expect.arrayContaining(['OpportunityHistory.csv', 'OpportunityFieldHistory.csv', 'User.csv'])
        );
        expect(dataset.quality.verdict).toBe('unfit');
    });

    it("replaces the process's stages with OpportunityStage.csv, the org's truth, and reads accounts", async () => {
        const stages = crlf([
            'Id,ApiName,MasterLabel,DefaultProbability,ForecastCategoryName,IsClosed,IsWon,IsActive,SortOrder',
            '01J3,Discovery,Discovery,30,Pipeline,false,false,true,2',
            '01J1,Prospecting,Prospecting,5,Pipeline,false,false,true,1',
            '01J4,Solution/Presentation,Solution & Presentation,60,Best Case,0,0,1,3',
            '01J5,Negotiate and Close,Negotiate and Close,90,Commit,false,false,true,4',
            '01J6,Closed Won,Closed Won,100,Closed,true,true,true,5',
            '01J7,Closed Lost,Closed Lost,0,Omitted,true,false,true,6',
            '01J8,Legacy Qualified,Legacy Qualified,25,Pipeline,false,false,false,7'
        ]);
        const opportunity = crlf([
            'Id,OwnerId,StageName,CloseDate,CreatedDate',
            '006A,005A,Legacy Qualified,2025-06-30,2025-01-01',
            '006B,005A,Solution & Presentation,2025-06-30,2025-01-01'
        ]);
        const accounts = crlf([
            'Id,Name,Industry,NumberOfEmployees,BillingCity',
            '001A,Acme,Manufacturing,1200,Paris',
            '001B,Beta,,,'
        ]);
        const dataset = await readExport({
            'OpportunityStage.csv': stages,
            'Opportunity.csv': opportunity,
            'Account.csv': accounts
        });
        expect(dataset.process.stages.map((s) => s.name)).toEqual([
            'Prospecting',
            'Discovery',
            'Solution/Presentation',
            'Negotiate and Close',
            'Closed Won',
            'Closed Lost',
            'Legacy Qualified'
        ]);
        expect(dataset.process.stages[0].probability).toBe(0.05);
        expect(dataset.process.stages[6]).toMatchObject({ isActive: false, probability: 0.25 });
        // A deal may sit in an inactive stage, and the label finds the stage too.
        expect(dataset.opportunities.map((o) => o.stageName)).toEqual([
            'Legacy Qualified',
            'Solution/Presentation'
        ]);
        expect(dataset.accounts).toEqual([
            { id: '001A', name: 'Acme', industry: 'Manufacturing', numberOfEmployees: 1200, finance: null },
            { id: '001B', name: 'Beta', industry: null, numberOfEmployees: null, finance: null }
        ]);
        expect(dataset.problems.filter((p) => p.source !== 'Opportunity.csv' || p.line !== 1)).toEqual([]);
    });
    it('reads an ISO-8859-1 export (the Data Export page offers it) as well as UTF-8', async () => {
        const text =
            'Id,Name,OwnerId,StageName,CloseDate,CreatedDate\r\n006A,Café Müller Straße,005A,Prospecting,2026-03-01,2026-01-01\r\n';
        await writeFile(join(dir, 'Opportunity.csv'), Buffer.from(text, 'latin1'));
        await writeFile(join(dir, 'User.csv'), Buffer.from('Id,Name\r\n005A,Zoë Ångström\r\n', 'utf8'));
        const dataset = await readDataExport(dir, sampleProcess());
        expect(dataset.opportunities[0].name).toBe('Café Müller Straße');
        expect(dataset.opportunities[0].ownerName).toBe('Zoë Ångström');
    });
});

describe('readDataExport on bad input', () => {
    it('rejects rows missing an essential value and drops only the unreadable value otherwise, each reported with file, line and column', async () => {
        const opportunity = crlf([
            'Id,OwnerId,StageName,CloseDate,CreatedDate,Amount,Probability,IsClosed,Organization_Size_Meters__c',
            '006A,005A,Prospecting,2026-03-01,2026-01-01,1000,10,false,120', // line 2: fine
            '006B,005A,Qualification,2026-03-01,2026-01-01,1000,10,false,', // line 3: unknown stage
            '006C,005A,Prospecting,2026-03-01,2026-01-01,"12,000",10,false,', // line 4: amount
            '006D,005A,Prospecting,2026-02-30,2026-01-01,1000,10,false,', // line 5: impossible date
            '006A,005A,Prospecting,2026-03-01,2026-01-01,1000,10,false,', // line 6: duplicate id
            '"006E","005A","Prospecting","2026-03-01","2026-01-01","1000","10","maybe",""', // line 7: boolean
            '006F,005A,Prospecting,2026-03-01,2026-01-01,1000,10,false,"big', // lines 8-9: a capture field
            'number"', // that is not a number, with a quoted newline
            '006G,005A,Prospecting,2026-03-01,2026-01-01,1000', // line 10: too few cells
            '006H,005A,Prospecting,2026-03-01,2026-01-01,1000,150,false,', // line 11: probability
            ',005A,Prospecting,2026-03-01,2026-01-01,1000,10,false,', // line 12: no id
            '006I,005A,Prospecting,,2026-01-01,1000,10,false,' // line 13: empty close date
        ]);
        const history = crlf([
            'Id,OpportunityId,StageName,CreatedDate,CloseDate',
            '008A,006A,Prospecting,2026-01-01,2026-03-01', // fine
            '008B,006Z,Prospecting,2026-01-01,2026-03-01', // line 3: unknown opportunity
            '008C,006B,Prospecting,2026-01-01,2026-03-01', // line 4: opportunity skipped above
            '008D,006A,Nowhere,2026-01-01,2026-03-01', // line 5: unknown stage
            '008A,006A,Prospecting,2026-01-02,2026-03-01', // line 6: duplicate id
            '008E,006A,Prospecting,yesterday,2026-03-01' // line 7: bad date-time
        ]);
        const fieldHistory = crlf([
            'Id,OpportunityId,Field,OldValue,NewValue,CreatedDate',
            '017A,006A,Organization_Size_Meters__c,,abc,2026-01-02', // line 2: not a number
            '017B,006Q,Organization_Size_Meters__c,,120,2026-01-02' // line 3: unknown opportunity
        ]);
        const dataset = await readExport({
            'Opportunity.csv': opportunity,
            'OpportunityHistory.csv': history,
            'OpportunityFieldHistory.csv': fieldHistory
        });
        // Amount, IsClosed, a capture field and Probability are not essential: the deal stays, the value goes.
        expect(dataset.opportunities.map((o) => o.id)).toEqual(['006A', '006C', '006E', '006F', '006H']);
        const byId = new Map(dataset.opportunities.map((o) => [o.id, o]));
        expect(byId.get('006C')!.amount).toBeNull();
        expect(byId.get('006F')!.fields.Organization_Size_Meters__c).toBeNull();
        expect(byId.get('006H')!.probability).toBeNull();
        expect(dataset.stageHistory).toHaveLength(1);
        expect(dataset.fieldHistory).toHaveLength(0);
        const opportunityTally = dataset.quality.sources.find((t) => t.source === 'Opportunity.csv')!;
        expect(opportunityTally).toMatchObject({ read: 11, accepted: 5, repaired: 4, rejected: 6 });

        const rowProblems = dataset.problems.filter((p) => p.line !== 1);
        const expectAt = (
            source: string,
            line: number,
            column: string | null,
            message: RegExp,
            recordId?: string | null
        ) => {
            const problem = problemAt(rowProblems, source, line);
            expect(problem.column).toBe(column);
            expect(problem.message).toMatch(message);
            if (recordId !== undefined) expect(problem.recordId).toBe(recordId);
        };
        expectAt('Opportunity.csv', 3, 'StageName', /"Qualification" is not a stage/, '006B');
        expectAt('Opportunity.csv', 4, 'Amount', /"12,000" is not a number.*thousands separator/, '006C');
        expect(problemAt(rowProblems, 'Opportunity.csv', 4).outcome).toBe('value dropped');
        expect(problemAt(rowProblems, 'Opportunity.csv', 3).outcome).toBe('rejected');
        expectAt('Opportunity.csv', 5, 'CloseDate', /"2026-02-30" is not a date/);
        expectAt('Opportunity.csv', 6, 'Id', /006A appears more than once/);
        expectAt('Opportunity.csv', 7, 'IsClosed', /"maybe" is not a boolean/, '006E');
        expectAt(
            'Opportunity.csv',
            8,
            'Organization_Size_Meters__c',
            /"big\s+number" is not a number/,
            '006F'
        );
        expectAt('Opportunity.csv', 10, null, /expected 9 cells .* found 6/, '006G');
        expectAt('Opportunity.csv', 11, 'Probability', /150 is not a percentage/);
        expectAt('Opportunity.csv', 12, 'Id', /Id is blank/, null);
        expectAt('Opportunity.csv', 13, 'CloseDate', /CloseDate is blank/);
        expectAt('OpportunityHistory.csv', 3, 'OpportunityId', /006Z is not in Opportunity.csv/);
        expectAt('OpportunityHistory.csv', 4, 'OpportunityId', /006B was rejected in Opportunity.csv/);
        expectAt('OpportunityHistory.csv', 5, 'StageName', /"Nowhere" is not a stage/);
        expectAt('OpportunityHistory.csv', 6, 'Id', /008A appears more than once/);
        expectAt('OpportunityHistory.csv', 7, 'CreatedDate', /"yesterday" is not a date-time/);
        expectAt('OpportunityFieldHistory.csv', 2, 'NewValue', /"abc" is not a number/);
        expectAt('OpportunityFieldHistory.csv', 3, 'OpportunityId', /006Q is not in Opportunity.csv/);
        // Every rejected row and every dropped value is accounted for: nothing silently dropped.
        expect(rowProblems.filter((p) => p.outcome === 'rejected')).toHaveLength(13);
        expect(rowProblems.filter((p) => p.outcome === 'value dropped')).toHaveLength(4);
    });

    it('fails with a DataExportError naming the file and the missing required column', async () => {
        await folder({
            'Opportunity.csv': 'Id,OwnerId,CloseDate,CreatedDate\r\n006A,005A,2026-01-01,2026-01-01\r\n'
        });
        const error = await readDataExport(dir, sampleProcess()).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(DataExportError);
        expect(error).toMatchObject({ file: 'Opportunity.csv', column: 'StageName', line: 1 });
        expect((error as Error).message).toMatch(/Opportunity\.csv.*"StageName"/);
    });

    it('fails on a required column missing from an optional file', async () => {
        await folder({
            'Opportunity.csv': 'Id,OwnerId,StageName,CloseDate,CreatedDate\n',
            'OpportunityHistory.csv': 'Id,StageName,CreatedDate\n'
        });
        await expect(readDataExport(dir, sampleProcess())).rejects.toMatchObject({
            name: 'DataExportError',
            file: 'OpportunityHistory.csv',
            column: 'OpportunityId'
        });
    });

    it('fails when Opportunity.csv or the folder is missing, or a file is not CSV', async () => {
        await expect(readDataExport(dir, sampleProcess())).rejects.toThrow(/Opportunity\.csv: not found/);
        await expect(readDataExport(join(dir, 'nope'), sampleProcess())).rejects.toThrow(/is not a folder/);
        await folder({ 'Opportunity.csv': 'Id,OwnerId,StageName,CloseDate,CreatedDate\n006A,"005A,x\n' });
        await expect(readDataExport(dir, sampleProcess())).rejects.toThrow(
            /Opportunity\.csv, line 2: the file is not valid CSV: a quoted cell is never closed/
        );
        await folder({ 'Opportunity.csv': '' });
        await expect(readDataExport(dir, sampleProcess())).rejects.toThrow(
            /Opportunity\.csv: the file is empty/
        );
    });

    it('reports OpportunityStage.csv rows it cannot use and plays whose stage the org lacks', async () => {
        const stages = crlf([
            'ApiName,DefaultProbability,IsClosed,IsWon',
            'Prospecting,10,false,false',
            'Discovery,ten,false,false', // line 3
            'Closed Won,100,false,true', // line 4: won but not closed
            'Prospecting,10,false,false', // line 5: listed twice
            'Solution/Presentation,50,false,false',
            'Negotiate and Close,80,false,false',
            'Closed Won,100,true,true',
            'Closed Lost,0,true,false'
        ]);
        const dataset = await readExport({
            'OpportunityStage.csv': stages,
            'Opportunity.csv': 'Id,OwnerId,StageName,CloseDate,CreatedDate\n'
        });
        const stageProblems = dataset.problems.filter((p) => p.source === 'OpportunityStage.csv');
        expect(problemAt(stageProblems, 'OpportunityStage.csv', 3)).toMatchObject({
            column: 'DefaultProbability'
        });
        // A won stage is closed in every org; the file's IsClosed=false is corrected, and said so.
        expect(problemAt(stageProblems, 'OpportunityStage.csv', 4)).toMatchObject({
            column: 'IsClosed',
            outcome: 'repaired'
        });
        expect(problemAt(stageProblems, 'OpportunityStage.csv', 5)).toMatchObject({ column: 'ApiName' });
        expect(dataset.quality.notes.join('\n')).toMatch(/play Diagnose_Problem .*"Discovery"/);
        expect(dataset.process.stages.map((s) => s.name)).not.toContain('Discovery');
    });
});
