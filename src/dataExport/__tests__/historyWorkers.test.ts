/**
 * `OpportunityHistory.csv` and `OpportunityFieldHistory.csv` read each on a worker thread give the Dataset
 * a single-threaded read gives: the same rows kept, the same ledger (counts, problems in order, kinds,
 * notes, the span of stage changes), whatever is wrong with the rows; and a worker that cannot start or
 * dies leaves the read to the main thread.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { Dataset } from '../../dataset';
import { readHistoryInWorker, rowsFor } from '../historyInWorker';
import { readDataExport } from '../index';
import { normaliseId } from '../../records/ids';
import { sampleProcess } from './fixtures/process';

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';
const NOW = new Date('2026-06-01T00:00:00.000Z');
const SIZE = 'Organization_Size_Meters__c';
const SPONSOR = 'Project_Sponsor_Identified__c';

/** A 15-character id, and the 18-character form Salesforce writes for it. */
const SHORT = '006000000000001';

const opportunity = crlf([
    'Id,OwnerId,CloseDate,StageName,CreatedDate,Organization_Size_Meters__c',
    '006A,005A,2026-03-01,Prospecting,2026-01-05T10:00:00.000Z,150',
    '006B,005A,2026-04-01,Discovery,2026-01-06T10:00:00.000Z,',
    '006R,005A,2026-04-01,Nowhere,2026-01-06T10:00:00.000Z,', // rejected: unknown stage
    '006D,005A,2026-04-01,Nowhere,2026-01-06T10:00:00.000Z,', // rejected, then accepted below
    '006D,005A,2026-04-01,Discovery,2026-01-06T10:00:00.000Z,',
    `${SHORT},005A,2026-04-01,Discovery,2026-01-07T10:00:00.000Z,`
]);

/** The org's stages: one the sample process lacks, which the stage-history worker must know too. */
const stages = crlf([
    'Id,ApiName,MasterLabel,DefaultProbability,ForecastCategoryName,IsClosed,IsWon,IsActive,SortOrder',
    '01J1,Prospecting,Prospecting,10,Pipeline,false,false,true,1',
    '01J2,Discovery,Discovery,20,Pipeline,false,false,true,2',
    '01J3,Legacy Qualified,Legacy Qualified,25,Pipeline,false,false,false,3',
    '01J4,Closed Won,Closed Won,100,Closed,true,true,true,4',
    '01J5,Closed Lost,Closed Lost,0,Omitted,true,false,true,5'
]);

/** A row of every kind the stage-history checks know, and rows whose fate depends on another's. */
const stageHistory = crlf([
    'Id,OpportunityId,StageName,CreatedDate,Amount,CloseDate,Probability,ForecastCategory',
    '008A,006A,Prospecting,2026-01-05T10:00:00.000Z,100,2026-03-01,10,Pipeline', // kept
    '017S,006B,Discovery,2026-01-06T10:00:00.000Z,,,,', // kept; an id the field history uses too
    '008C,006Q,Discovery,2026-01-06T10:00:00.000Z,,,,', // unknown deal
    '008D,006R,Discovery,2026-01-06T10:00:00.000Z,,,,', // deal rejected
    '008E,006D,Discovery,2026-01-06T10:00:00.000Z,,,,', // deal rejected once, accepted once: rejected
    '008F,,Discovery,2026-01-06T10:00:00.000Z,,,,', // OpportunityId blank
    '008G,006A,Nowhere,2026-01-06T10:00:00.000Z,,,,', // unknown stage
    '008H,006A,,2026-01-06T10:00:00.000Z,,,,', // StageName blank
    '008I,006Q,Nowhere,2026-01-06T10:00:00.000Z,,,,', // the unknown deal is the problem, not the stage
    '008J,006A,Discovery,yesterday,,,,', // CreatedDate not a date-time
    '008K,006A,Discovery,1899-12-31,,,,', // CreatedDate impossible
    '008L,006A,Discovery,2027-01-01,,,,', // CreatedDate in the future
    '008M,006A,Discovery,2026-01-07', // wrong number of cells
    '008N,006A,Legacy Qualified,2026-01-07T10:00:00.000Z,-5,3000-01-01,abc,Maybe', // four values dropped: kept
    '008O,006Q,Discovery,2026-01-07T10:00:00.000Z,-5,,,', // a value to drop, but the unknown deal comes first
    '008N,006B,Discovery,2026-01-08T10:00:00.000Z,2e12,,,', // a value dropped, then a duplicate Id: rejected
    '008A,006B,Discovery,2026-01-20T10:00:00.000Z,,,,', // duplicate of a kept row's Id (and the latest day)
    '008C,006B,Discovery,2026-01-09T10:00:00.000Z,,,,', // its Id's first row was rejected (unknown deal): kept
    `008P,${SHORT},Discovery,2026-01-07T10:00:00.000Z,,,,`, // a deal written with 15 characters: kept
    '008é,006B,Discovery,2026-01-10T10:00:00.000Z,,,,', // an id that is not ASCII
    '008é,006B,Discovery,2026-01-11T10:00:00.000Z,,,,', // and its duplicate
    ',006B,Discovery,2026-01-12,,,,', // no Id, a day for an instant: kept, the latest kept
    '008Q,006A,Discovery,2026-01-04T10:00:00.000Z,abc,2026-04-01,50,Commit', // Amount dropped: the earliest
    '008R,006Z,Discovery,2026-02-01T10:00:00.000Z,,,,', // unknown deal, last row
    '008M,006A,Discovery', // wrong number of cells, last row
    ''
]);

/** A row of every kind the field-history checks know, and rows whose fate depends on another's. */
const fieldHistory = crlf([
    'Id,OpportunityId,Field,OldValue,NewValue,CreatedDate',
    `017A,006A,${SIZE},,150,2026-01-06T10:00:00.000Z`, // kept
    `017B,006A,created,,,2026-01-05T10:00:00.000Z`, // a field no parameter uses: skipped
    `017C,006Q,${SIZE},,150,2026-01-06`, // unknown deal
    `017D,006R,${SIZE},,150,2026-01-06`, // deal rejected
    `017E,006D,${SIZE},,150,2026-01-06`, // deal rejected once, accepted once: rejected
    `017F,,${SIZE},,150,2026-01-06`, // OpportunityId blank
    `017G,006A,${SIZE},,abc,2026-01-06`, // NewValue not a number
    `017H,006Q,${SIZE},,abc,2026-01-06`, // the unknown deal is the problem, not the value
    `017I,006A,${SIZE},xyz,1,2026-01-06`, // OldValue not a number
    `017J,006A,${SIZE},,1,yesterday`, // CreatedDate not a date-time
    `017K,006A,${SIZE},,1,1899-12-31`, // CreatedDate impossible
    `017L,006A,${SIZE},,1,2027-01-01`, // CreatedDate in the future
    `017M,006A,${SIZE},,`, // wrong number of cells
    `017A,006B,${SIZE},150,160,2026-01-07`, // duplicate of a kept row's Id
    `017S,006B,${SIZE},150,160,2026-01-07`, // duplicate of a stage-history row's Id
    `017C,006A,${SIZE},150,161,2026-01-08`, // its Id's first row was rejected (unknown deal): kept
    `017G,006B,${SIZE},150,162,2026-01-08`, // its Id's first row was rejected (bad value): kept
    `017N,${SHORT},${SPONSOR},false,true,2026-01-08`, // a deal written with 15 characters: kept
    `017O,006B, ${SIZE.toLowerCase()} ,,-0,2026-01-08`, // -0 is not 0; the field in any case
    `017P,006B,${SIZE},,0,2026-01-09`,
    `017é,006B,${SIZE},0,1,2026-01-09`, // an id that is not ASCII
    `017é,006B,${SIZE},1,2,2026-01-10`, // and its duplicate
    `,006B,${SIZE},2,3,2026-01-11`, // no Id: nothing to compare
    `,006B,${SIZE},3,4,2026-01-12`,
    `017Q,006Z,${SIZE},,150,2026-01-06`, // unknown deal, last row
    `017M,006A,${SIZE},,`, // wrong number of cells, last row
    ''
]);

const files: Record<string, string> = {
    'OpportunityStage.csv': stages,
    'Opportunity.csv': opportunity,
    'OpportunityHistory.csv': stageHistory,
    'OpportunityFieldHistory.csv': fieldHistory
};

let dir: string;

beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stageplay-fhworker-'));
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, 'utf8');
});

afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
});

/** A dataset with its tables as rows and as the distinct values they hold, for a deep comparison. */
function comparable(dataset: Dataset): unknown {
    const { fieldHistory: fields, stageHistory: stageRows, ...rest } = dataset;
    return {
        ...rest,
        fieldHistory: fields.toRows(),
        fieldCodes: [fields.dealIds, fields.fields, fields.values],
        stageHistory: stageRows.toRows(),
        stageCodes: [stageRows.dealIds, stageRows.stages, stageRows.closeDates, stageRows.categories]
    };
}

describe('reading the history files on worker threads', () => {
    it('gives the Dataset and ledger a single-threaded read gives, with bad rows of every kind', async () => {
        const warn = jest.fn();
        const onWorker = await readDataExport(dir, sampleProcess(), {
            now: NOW,
            historyWorkers: true,
            warn
        });
        const onMain = await readDataExport(dir, sampleProcess(), { now: NOW, historyWorkers: false });
        // The worker did the read: a failed one would have said so.
        expect(warn).not.toHaveBeenCalled();
        expect(isDeepStrictEqual(comparable(onWorker), comparable(onMain))).toBe(true);
        expect(JSON.stringify(onWorker.quality)).toBe(JSON.stringify(onMain.quality));
        expect(JSON.stringify(onWorker.problems)).toBe(JSON.stringify(onMain.problems));

        // What that read is, so the comparison above compares a read that met every case.
        const stageProblems = onWorker.problems
            .filter((p) => p.source === 'OpportunityHistory.csv')
            .map((p) => `${p.line}:${p.column}:${p.recordId}:${p.outcome}`);
        expect(stageProblems).toEqual([
            '4:OpportunityId:006Q:rejected', // unknown deal
            '5:OpportunityId:006R:rejected', // deal rejected
            '6:OpportunityId:006D:rejected', // deal rejected once, accepted once
            '7:OpportunityId:null:rejected', // blank
            '8:StageName:006A:rejected', // unknown stage
            '9:StageName:006A:rejected', // blank
            '10:OpportunityId:006Q:rejected', // the deal first, not the stage
            '11:CreatedDate:006A:rejected',
            '12:CreatedDate:006A:rejected',
            '13:CreatedDate:006A:rejected',
            '14:null:008M:rejected', // wrong number of cells
            '15:Amount:006A:value dropped', // four values dropped, the row kept
            '15:CloseDate:006A:value dropped',
            '15:Probability:006A:value dropped',
            '15:ForecastCategory:006A:value dropped',
            '16:OpportunityId:006Q:rejected', // the deal first, not the amount
            '17:Amount:006B:value dropped', // the amount dropped, then the duplicate Id rejects the row
            '17:Id:006B:rejected',
            '18:Id:006B:rejected',
            '22:Id:006B:rejected',
            '24:Amount:006A:value dropped',
            '25:OpportunityId:006Z:rejected',
            '26:null:008M:rejected'
        ]);
        expect(
            onWorker.stageHistory
                .toRows()
                .map((r) => [r.opportunityId, r.stageName, r.createdDate.slice(0, 10)])
        ).toEqual([
            ['006A', 'Prospecting', '2026-01-05'],
            ['006B', 'Discovery', '2026-01-06'],
            ['006A', 'Legacy Qualified', '2026-01-07'], // a stage only OpportunityStage.csv has
            ['006B', 'Discovery', '2026-01-09'],
            [normaliseId(SHORT), 'Discovery', '2026-01-07'],
            ['006B', 'Discovery', '2026-01-10'],
            ['006B', 'Discovery', '2026-01-12'],
            ['006A', 'Discovery', '2026-01-04']
        ]);
        expect(onWorker.quality.sources.find((s) => s.source === 'OpportunityHistory.csv')).toEqual({
            source: 'OpportunityHistory.csv',
            read: 25,
            accepted: 8,
            repaired: 2,
            rejected: 17,
            skipped: 0
        });
        // The span of stage changes is the kept rows' (a rejected row of 2026-01-20 does not widen it).
        expect(onWorker.quality.span).toMatchObject({ historyFrom: '2026-01-04', historyTo: '2026-01-12' });
        const fieldProblems = onWorker.problems
            .filter((p) => p.source === 'OpportunityFieldHistory.csv')
            .map((p) => `${p.line}:${p.column}:${p.recordId}: ${p.message}`);
        expect(fieldProblems).toEqual([
            '4:OpportunityId:006Q: OpportunityId: 006Q is not in Opportunity.csv',
            '5:OpportunityId:006R: OpportunityId: 006R was rejected in Opportunity.csv (see its problem)',
            '6:OpportunityId:006D: OpportunityId: 006D was rejected in Opportunity.csv (see its problem)',
            '7:OpportunityId:null: OpportunityId is blank',
            '8:NewValue:006A: NewValue: "abc" is not a number',
            '9:OpportunityId:006Q: OpportunityId: 006Q is not in Opportunity.csv',
            '10:OldValue:006A: OldValue: "xyz" is not a number',
            '11:CreatedDate:006A: CreatedDate: "yesterday" is not a date-time (expected YYYY-MM-DDTHH:MM:SS.sssZ)',
            '12:CreatedDate:006A: CreatedDate 1899-12-31 is not a plausible date (outside 1900-2200)',
            '13:CreatedDate:006A: CreatedDate 2027-01-01T00:00:00.000Z is after this run (2026-06-01T00:00:00.000Z): a field change cannot be in the future',
            '14:null:017M: expected 6 cells as in the header, found 5 (a stray quote or delimiter?)',
            '15:Id:006B: Id: 017A appears more than once',
            '16:Id:006B: Id: 017S appears more than once',
            '23:Id:006B: Id: 017é appears more than once',
            '26:OpportunityId:006Z: OpportunityId: 006Z is not in Opportunity.csv',
            '27:null:017M: expected 6 cells as in the header, found 5 (a stray quote or delimiter?)'
        ]);
        expect(onWorker.fieldHistory.toRows().map((r) => [r.opportunityId, r.newValue])).toEqual([
            ['006A', 150],
            ['006A', 161],
            ['006B', 162],
            [normaliseId(SHORT), true],
            ['006B', -0],
            ['006B', 0],
            ['006B', 1],
            ['006B', 3],
            ['006B', 4]
        ]);
        expect(onWorker.quality.sources.find((s) => s.source === 'OpportunityFieldHistory.csv')).toEqual({
            source: 'OpportunityFieldHistory.csv',
            read: 26,
            accepted: 9,
            repaired: 0,
            rejected: 16,
            skipped: 1
        });
        expect(onWorker.quality.notes.some((n) => n.startsWith('OpportunityFieldHistory.csv: 1 ids'))).toBe(
            true
        );
    });

    it('reads on the main thread, and says so, when the worker cannot start', async () => {
        const warn = jest.fn();
        // A process that cannot be posted to a thread (a function in it): the worker cannot be started.
        const process = { ...sampleProcess(), unpostable: () => 0 };
        const read = await readDataExport(dir, process, { now: NOW, historyWorkers: true, warn });
        const onMain = await readDataExport(dir, process, { now: NOW, historyWorkers: false });
        // One warning per file, each naming its file.
        expect(warn.mock.calls.map(([message]) => String(message).split(' ')[1])).toEqual([
            'OpportunityHistory.csv',
            'OpportunityFieldHistory.csv'
        ]);
        for (const [message] of warn.mock.calls)
            expect(message).toMatch(/worker thread failed .* read on the main thread instead/);
        expect(isDeepStrictEqual(comparable(read), comparable(onMain))).toBe(true);
    });

    it('reports a worker that dies or throws instead of posting its rows', async () => {
        const data = {
            kind: 'field' as const,
            path: join(dir, 'OpportunityFieldHistory.csv'),
            bytes: 0,
            salesProcess: sampleProcess(),
            stages: sampleProcess().stages,
            now: NOW
        };
        const died = await readHistoryInWorker(data, 'process.exit(3)').result;
        expect(died).toEqual({ error: expect.stringMatching(/exit code 3/), fileError: false });
        const threw = await readHistoryInWorker(data, 'throw new Error("boom")').result;
        expect(threw).toEqual({ error: expect.stringMatching(/boom/), fileError: false });
    });

    it.each([
        ['OpportunityHistory.csv', 'Id,OpportunityId,CreatedDate\r\n008A,006A,2026-01-05\r\n', 'StageName'],
        ['OpportunityFieldHistory.csv', 'Id,OpportunityId,Field\r\n017A,006A,x\r\n', 'NewValue']
    ])(
        'fails as a single-threaded read fails on a file that is not usable (%s), without a warning',
        async (file, text, column) => {
            await writeFile(join(dir, file), text);
            const warn = jest.fn();
            const onWorker = await readDataExport(dir, sampleProcess(), {
                now: NOW,
                historyWorkers: true,
                warn
            }).catch((e: unknown) => e);
            const onMain = await readDataExport(dir, sampleProcess(), {
                now: NOW,
                historyWorkers: false
            }).catch((e: unknown) => e);
            expect(onWorker).toBeInstanceOf(Error);
            expect(onWorker).toEqual(onMain);
            expect((onWorker as Error).message).toMatch(new RegExp(`required column "${column}"`));
            expect(warn).not.toHaveBeenCalled();
        }
    );

    it("sizes a worker's buffers once from the file's bytes: more rows than it can hold, within bounds", () => {
        // At least 1,024 rows; a row takes 32 bytes or more; at most 2^26 rows at once (then they double).
        expect([rowsFor(0), rowsFor(32 * 1024), rowsFor(32 * 1_000_000 + 1), rowsFor(1e12)]).toEqual([
            1024,
            1024,
            1_000_001,
            2 ** 26
        ]);
    });
});
