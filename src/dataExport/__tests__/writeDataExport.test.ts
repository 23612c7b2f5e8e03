import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FieldHistoryRow, OpportunityRecord, StageHistoryRow } from '../../core';
import { createDataExportWriter, idSuffix, readDataExport, salesforceId, writeDataExport } from '../index';
import { sampleProcess } from './fixtures/process';

let dir: string;

beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stageplay-write-'));
});

afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
});

const salesProcess = sampleProcess();
const fieldNames = Object.keys(salesProcess.fields);

function opportunity(id: string, overrides: Partial<OpportunityRecord> = {}): OpportunityRecord {
    const fields: OpportunityRecord['fields'] = {};
    for (const name of fieldNames) fields[name] = null;
    return {
        id,
        name: `Deal ${id}`,
        accountId: '0015g0000000001AAA',
        ownerId: '0055g0000000001AAA',
        ownerName: 'Ada Lovelace',
        amount: 25000,
        closeDate: '2026-03-31',
        stageName: 'Discovery',
        probability: 0.2,
        forecastCategory: 'Pipeline',
        isClosed: false,
        isWon: false,
        createdDate: '2026-01-05T10:00:00.000Z',
        lastModifiedDate: '2026-01-06T10:00:00.000Z',
        fields,
        ...overrides
    };
}

describe('writeDataExport', () => {
    it('round-trips every file through the reader unchanged', async () => {
        const opportunities: OpportunityRecord[] = [
            opportunity('0065g0000000001AAA', {
                name: 'Acme, "the big one"\nsecond line',
                probability: 0.333,
                fields: {
                    ...opportunity('x').fields,
                    Organization_Size_Meters__c: 120.5,
                    Elevator_Pitch_Reception__c: 'Neutral',
                    Project_Sponsor_Identified__c: true,
                    Current_Problem__c: 'Costs, "too high";\r\nand rising',
                    Pain_Felt_By__c: 'Finance;IT',
                    Solution_Pricing_Shared_Date__c: '2026-02-01',
                    Documents_Signed__c: false
                }
            }),
            opportunity('0065g0000000002AAA', {
                accountId: null,
                amount: null,
                probability: null,
                stageName: 'Closed Won',
                forecastCategory: 'Closed',
                isClosed: true,
                isWon: true,
                lastModifiedDate: null
            })
        ];
        const stageHistory: StageHistoryRow[] = [
            {
                opportunityId: '0065g0000000001AAA',
                stageName: 'Prospecting',
                createdDate: '2026-01-05T10:00:00.000Z',
                amount: 25000,
                closeDate: '2026-03-31',
                probability: 0.1,
                forecastCategory: 'Pipeline'
            },
            {
                opportunityId: '0065g0000000002AAA',
                stageName: 'Negotiate and Close',
                createdDate: '2026-02-05T10:00:00.000Z',
                amount: null,
                closeDate: null,
                probability: 0.8,
                forecastCategory: 'Commit'
            },
            {
                opportunityId: '0065g0000000002AAA',
                stageName: 'Solution/Presentation',
                createdDate: '2026-02-01T10:00:00.000Z',
                amount: 30000,
                closeDate: '2026-04-30',
                probability: 0.5,
                forecastCategory: 'Best Case'
            }
        ];
        const fieldHistory: FieldHistoryRow[] = [
            {
                opportunityId: '0065g0000000001AAA',
                field: 'Project_Sponsor_Identified__c',
                oldValue: false,
                newValue: true,
                createdDate: '2026-01-07T10:00:00.000Z'
            },
            {
                opportunityId: '0065g0000000001AAA',
                field: 'Organization_Size_Meters__c',
                oldValue: null,
                newValue: 120.5,
                createdDate: '2026-01-08T10:00:00.000Z'
            }
        ];
        async function* slowly<T>(rows: T[]): AsyncGenerator<T> {
            for (const row of rows) yield await Promise.resolve(row);
        }
        const counts = await writeDataExport(dir, {
            opportunityFields: fieldNames,
            opportunities: slowly(opportunities),
            stageHistory,
            fieldHistory: slowly(fieldHistory),
            stages: salesProcess.stages,
            users: [{ id: '0055g0000000001AAA', name: 'Ada Lovelace', isActive: true }],
            accounts: [
                {
                    id: '0015g0000000001AAA',
                    name: 'Acme',
                    industry: 'Energy',
                    numberOfEmployees: 250,
                    finance: null
                }
            ]
        });
        expect(counts).toEqual({
            opportunity: 2,
            stageHistory: 3,
            fieldHistory: 2,
            stage: 6,
            user: 1,
            account: 1
        });

        const dataset = await readDataExport(dir, { ...salesProcess, stages: [] });
        expect(dataset.problems).toEqual([]);
        expect(dataset.process.stages).toEqual(salesProcess.stages);
        expect(dataset.opportunities).toEqual(
            opportunities.map((o, i) => (i === 1 ? { ...o, ownerName: 'Ada Lovelace' } : o))
        );
        expect(dataset.stageHistory.toRows()).toEqual(stageHistory);
        expect(dataset.fieldHistory.toRows()).toEqual(fieldHistory);
        expect(dataset.users).toEqual([{ id: '0055g0000000001AAA', name: 'Ada Lovelace', isActive: true }]);
        expect(dataset.accounts).toEqual([
            {
                id: '0015g0000000001AAA',
                name: 'Acme',
                industry: 'Energy',
                numberOfEmployees: 250,
                finance: null
            }
        ]);

        // Written the way Salesforce writes: every cell quoted, CRLF, API values for history categories.
        const historyText = await readFile(join(dir, 'OpportunityHistory.csv'), 'utf8');
        const lines = historyText.split('\r\n');
        expect(lines[0]).toBe(
            '"Id","OpportunityId","StageName","Amount","CloseDate","Probability","ForecastCategory","CreatedDate"'
        );
        expect(lines[2]).toContain('"Forecast"');
        expect(lines[3]).toContain('"BestCase"');
        expect(lines[1].slice(1, 19)).toBe(salesforceId('008', 1));
    });

    it('writes only the files it is given, plus Opportunity.csv', async () => {
        await writeDataExport(dir, { opportunityFields: [], opportunities: [] });
        const dataset = await readDataExport(dir, salesProcess);
        expect(dataset.opportunities).toEqual([]);
        await expect(readFile(join(dir, 'OpportunityHistory.csv'))).rejects.toThrow(/ENOENT/);
        const writer = await createDataExportWriter(dir, {
            opportunityFields: [],
            alwaysWrite: ['fieldHistory']
        });
        await writer.close();
        expect(await readFile(join(dir, 'OpportunityFieldHistory.csv'), 'utf8')).toMatch(
            /^"Id","OpportunityId"/
        );
        await expect(writer.writeOpportunity(opportunity('006'))).rejects.toThrow(/already closed/);
    });

    it('waits for the disk when buffers fill, so rows reach the file while they are written', async () => {
        const writer = await createDataExportWriter(dir, { opportunityFields: fieldNames });
        // Enough rows to fill the stream buffers many times over (~1 MB); what is asserted is where the
        // bytes are half way, never how long it took.
        const rows = 4_000;
        const template = opportunity('0065g0000000000AAA');
        let bytesAtHalf = 0;
        for (let i = 0; i < rows; i++) {
            await writer.writeOpportunity({ ...template, id: salesforceId('006', i) });
            if (i === rows / 2) bytesAtHalf = (await stat(join(dir, 'Opportunity.csv'))).size;
        }
        const counts = await writer.close();
        expect(counts.opportunity).toBe(rows);
        // Without waiting for 'drain' every row would pile up in stream buffers and the file would still
        // be empty half way; with it, at most a few buffers (~16 KB each) are in flight.
        const total = (await stat(join(dir, 'Opportunity.csv'))).size;
        expect(bytesAtHalf).toBeGreaterThan(total / 2 - 256 * 1024);
        const dataset = await readDataExport(dir, salesProcess);
        expect(dataset.opportunities).toHaveLength(rows);
        expect(new Set(dataset.opportunities.map((o) => o.id)).size).toBe(rows);
    });
});

describe('salesforceId', () => {
    it('makes 18-character ids with the real case-insensitive suffix', () => {
        // By hand: capitals at position 3 of "001A0" → 8 → I; none in "00000" → A;
        // at 0, 2, 3, 4 of "KcKTS" → 1 + 4 + 8 + 16 = 29 → 3.
        expect(idSuffix('001A000000KcKTS')).toBe('IA3');
        const id = salesforceId('006', 123_456);
        expect(id).toHaveLength(18);
        expect(id.startsWith('0065g')).toBe(true);
        expect(id.slice(15)).toBe(idSuffix(id.slice(0, 15)));
        expect(salesforceId('006', 1)).not.toBe(salesforceId('006', 2));
        expect(() => salesforceId('006', -1)).toThrow(RangeError);
    });
});
