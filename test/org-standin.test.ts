/**
 * The stand-in org answers what the real jsforce sends: REST query and queryMore, describe, sObject
 * Collections, and the history rows a real org writes by itself.
 */
import type { Connection } from 'jsforce';
import { StandinOrg } from './standin/standinOrg';
import { jsforceConnection } from './standin/testing';
import { SHIPPED_STAGE_NAMES } from '../force-app/test/jest-helpers/shippedStages';

describe('stand-in org through jsforce', () => {
    let org: StandinOrg;
    let conn: Connection;
    let clock: Date;

    beforeEach(async () => {
        clock = new Date('2026-03-10T12:00:00.000Z');
        org = await StandinOrg.start({ now: () => clock, queryBatchSize: 200 });
        conn = jsforceConnection(org);
    });
    afterEach(async () => {
        await org.stop();
    });

    it('pages a REST query with nextRecordsUrl and queryMore', async () => {
        const ownerIds = org.seed('User', [
            { FirstName: 'Ada', LastName: 'Rep', Username: 'ada@x.test', IsActive: true }
        ]);
        org.seed(
            'Opportunity',
            Array.from({ length: 450 }, (_, i) => ({
                Name: `Deal ${i}`,
                StageName: i % 2 ? 'Prospecting' : 'Closed Won',
                CloseDate: '2026-01-15',
                Amount: i,
                OwnerId: ownerIds[0]
            }))
        );
        const first = await conn.query<{ Name: string; Owner: { Name: string } }>(
            "SELECT Name, Owner.Name FROM Opportunity WHERE StageName = 'Prospecting' ORDER BY Amount DESC"
        );
        expect(first.totalSize).toBe(225);
        expect(first.done).toBe(false);
        expect(first.records).toHaveLength(200);
        expect(first.records[0]).toMatchObject({ Name: 'Deal 449', Owner: { Name: 'Ada Rep' } });
        const second = await conn.queryMore<{ Name: string }>(first.nextRecordsUrl!);
        expect(second.done).toBe(true);
        expect(second.records).toHaveLength(25);
        expect(second.records[24].Name).toBe('Deal 1');
        expect(org.requestsMatching(/\/query\/01g/, 'GET')).toHaveLength(1);

        const all = await conn.query('SELECT Id FROM Opportunity').run({ autoFetch: true, maxFetch: 10_000 });
        expect(all.records).toHaveLength(450);
    });

    it('evaluates WHERE with AND/OR/NOT, IN, LIKE, dates, date literals, LIMIT and COUNT()', async () => {
        org.seed('Opportunity', [
            { Name: 'Acme renewal', StageName: 'Discovery', CloseDate: '2026-03-01', Amount: 500 },
            { Name: 'Acme upsell', StageName: 'Closed Won', CloseDate: '2025-12-01', Amount: 50 },
            { Name: 'Globex', StageName: 'Closed Lost', CloseDate: '2026-03-20', Amount: null },
            { Name: 'Initech', StageName: 'Prospecting', CloseDate: '2026-05-01', Amount: 1000 }
        ]);
        const names = async (where: string): Promise<string[]> =>
            (
                await conn.query<{ Name: string }>(
                    `SELECT Name FROM Opportunity WHERE ${where} ORDER BY Name`
                )
            ).records.map((r) => r.Name);
        expect(await names("Name LIKE 'acme%' AND (Amount > 100 OR StageName = 'Closed Won')")).toEqual([
            'Acme renewal',
            'Acme upsell'
        ]);
        expect(await names("StageName IN ('Closed Won', 'Closed Lost') AND NOT Name LIKE 'Acme%'")).toEqual([
            'Globex'
        ]);
        expect(await names('Amount = null')).toEqual(['Globex']);
        expect(await names('CloseDate >= 2026-03-01 AND CloseDate < 2026-04-01')).toEqual([
            'Acme renewal',
            'Globex'
        ]);
        expect(await names('CloseDate = THIS_MONTH')).toEqual(['Acme renewal', 'Globex']);
        expect(await names('CloseDate = NEXT_N_DAYS:60')).toEqual(['Globex', 'Initech']);
        expect(await names('IsClosed = true')).toEqual(['Acme upsell', 'Globex']);
        const limited = await conn.query<{ Name: string }>(
            'SELECT Name FROM Opportunity ORDER BY Amount DESC NULLS LAST LIMIT 2'
        );
        expect(limited.records.map((r) => r.Name)).toEqual(['Initech', 'Acme renewal']);
        const count = await conn.query('SELECT COUNT() FROM Opportunity WHERE IsWon = false');
        expect(count.totalSize).toBe(3);
        await expect(conn.query('SELECT Nope__c FROM Opportunity')).rejects.toMatchObject({
            errorCode: 'INVALID_FIELD'
        });
        await expect(conn.query('SELECT Id FROM Nope__c')).rejects.toMatchObject({
            errorCode: 'INVALID_TYPE'
        });
    });

    it('describes Opportunity from the repo field metadata', async () => {
        const describe = await conn.sobject('Opportunity').describe();
        const byName = new Map(describe.fields.map((f) => [f.name, f]));
        expect(byName.get('StageName')?.picklistValues?.map((v) => v.value)).toEqual(SHIPPED_STAGE_NAMES);
        expect(byName.get('Elevator_Pitch_Reception__c')).toMatchObject({ type: 'picklist', custom: true });
        expect(byName.get('Organization_Size_Meters__c')?.type).toBe('double');
        expect(byName.get('Stageplay_External_Id__c')).toMatchObject({ externalId: true, unique: true });
    });

    it('writes OpportunityHistory and OpportunityFieldHistory the way an org does', async () => {
        const key = 'Stageplay_External_Id__c';
        await conn
            .sobject('Opportunity')
            .upsert(
                [{ [key]: 'd1', Name: 'D1', StageName: 'Prospecting', CloseDate: '2026-04-01', Amount: 100 }],
                key
            );
        clock = new Date('2026-03-12T09:30:00.000Z');
        await conn.sobject('Opportunity').upsert(
            [
                {
                    [key]: 'd1',
                    StageName: 'Discovery',
                    Elevator_Pitch_Reception__c: 'Positive',
                    Name: 'D1 renamed'
                }
            ],
            key
        );
        // Same values again: no change, so no new history.
        await conn.sobject('Opportunity').upsert([{ [key]: 'd1', StageName: 'Discovery' }], key);
        const history = await conn.query<{ StageName: string; Probability: number; CreatedDate: string }>(
            'SELECT StageName, Probability, ForecastCategory, CreatedDate FROM OpportunityHistory ORDER BY CreatedDate'
        );
        expect(history.records.map((r) => [r.StageName, r.Probability, r.CreatedDate])).toEqual([
            ['Prospecting', 10, '2026-03-10T12:00:00.000+0000'],
            ['Discovery', 20, '2026-03-12T09:30:00.000+0000']
        ]);
        const fields = await conn.query<{ Field: string; OldValue: string | null; NewValue: string | null }>(
            "SELECT Field, OldValue, NewValue FROM OpportunityFieldHistory WHERE Field != 'created'"
        );
        expect(fields.records.map((r) => [r.Field, r.OldValue, r.NewValue])).toEqual([
            ['Elevator_Pitch_Reception__c', null, 'Positive']
        ]);
    });

    it('answers sObject Collections upserts per row, with field-naming errors', async () => {
        const results = await conn.sobject('Opportunity').upsert(
            [
                {
                    Stageplay_External_Id__c: 'ok',
                    Name: 'Ok',
                    StageName: 'Prospecting',
                    CloseDate: '2026-04-01'
                },
                { Stageplay_External_Id__c: 'bad', Name: 'Bad', StageName: 'Prospecting' },
                {
                    Stageplay_External_Id__c: 'worse',
                    Name: 'Worse',
                    StageName: 'Prospecting',
                    CloseDate: 'soon'
                }
            ],
            'Stageplay_External_Id__c'
        );
        expect(results.map((r) => r.success)).toEqual([true, false, false]);
        expect(results[1]).toMatchObject({
            errors: [expect.objectContaining({ statusCode: 'REQUIRED_FIELD_MISSING', fields: ['CloseDate'] })]
        });
        expect(results[2]).toMatchObject({
            errors: [
                expect.objectContaining({
                    statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
                    fields: ['CloseDate']
                })
            ]
        });
        expect(org.records('Opportunity')).toHaveLength(1);
    });

    it("answers jsforce's own Bulk API 2.0 query and ingest calls", async () => {
        conn.bulk2.pollInterval = 5;
        const load = await conn.bulk2.loadAndWaitForResults({
            object: 'Opportunity',
            operation: 'upsert',
            externalIdFieldName: 'Stageplay_External_Id__c',
            input: [
                {
                    Stageplay_External_Id__c: 'b1',
                    Name: 'Bulk "one", quoted',
                    StageName: 'Discovery',
                    CloseDate: '2026-04-01'
                },
                { Stageplay_External_Id__c: 'b2', Name: 'No close date', StageName: 'Discovery' }
            ]
        });
        expect(load.successfulResults).toHaveLength(1);
        expect(load.successfulResults[0]).toMatchObject({
            sf__Created: 'true',
            Stageplay_External_Id__c: 'b1'
        });
        expect(load.failedResults[0]).toMatchObject({
            sf__Error: 'REQUIRED_FIELD_MISSING:Required fields are missing: [CloseDate]:CloseDate --'
        });
        const stream = await conn.bulk2.query('SELECT Name, StageName, Probability FROM Opportunity', {
            pollInterval: 5
        });
        const rows: unknown[] = [];
        for await (const row of stream) rows.push(row);
        expect(rows).toEqual([{ Name: 'Bulk "one", quoted', StageName: 'Discovery', Probability: '20' }]);
    });

    it('creates, reads, updates, upserts and deletes single records over REST', async () => {
        const account = conn.sobject('Account');
        const created = await account.create({ Name: 'Acme' });
        expect(created).toMatchObject({ success: true, id: expect.stringMatching(/^001\w{15}$/) });
        await account.update({ Id: created.id!, Industry: 'Energy' });
        expect(await account.retrieve(created.id!)).toMatchObject({ Name: 'Acme', Industry: 'Energy' });
        const inserted = await account.upsert(
            { Stageplay_External_Id__c: 'acc-1', Name: 'Globex' },
            'Stageplay_External_Id__c'
        );
        expect(inserted).toMatchObject({ success: true, created: true });
        const updated = await account.upsert(
            { Stageplay_External_Id__c: 'acc-1', Name: 'Globex Corp' },
            'Stageplay_External_Id__c'
        );
        expect(updated).toMatchObject({ success: true, created: false });
        expect(org.records('Account').map((a) => a.Name)).toEqual(['Acme', 'Globex Corp']);
        const removed = await account.destroy([created.id!, '001000000000000AAA']);
        expect(removed.map((r) => r.success)).toEqual([true, false]);
        expect(org.records('Account')).toHaveLength(1);
    });

    it('rejects a wrong token with 401 INVALID_SESSION_ID', async () => {
        org.expireSession();
        await expect(conn.query('SELECT Id FROM Opportunity')).rejects.toMatchObject({
            errorCode: 'INVALID_SESSION_ID'
        });
        expect(org.requests.at(-1)).toMatchObject({ status: 401 });
    });
});
