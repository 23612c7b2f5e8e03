/**
 * Reading an org: the process from OpportunityStage, custom metadata and describe; the history
 * through Bulk API 2.0 queries streamed page by page.
 */
import type { Connection } from 'jsforce';
import path from 'node:path';
import { bulkQueryPages, readOrgDataset, readProcessFromOrg } from '../src/org';
import { defaultRetryPolicy } from '../src/org/http';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import type { ProcessDefinition } from '../src/core';
import { StandinOrg } from './standin/standinOrg';
import { jsforceConnection, recordingRetry } from './standin/testing';

const metadataRoot = path.resolve(__dirname, '..', 'force-app', 'main', 'default');
const fastBulk = { pollIntervalMs: 1 };
/**
 * Reads of the 20,000-deal stand-in take about a second on an idle machine and many more on a busy
 * one: a timeout this generous only catches a hang, never slowness (speed lives in `npm run bench`).
 */
const READ_TIMEOUT_MS = 120_000;

describe('readProcessFromOrg', () => {
    let org: StandinOrg;
    let conn: Connection;
    beforeAll(async () => {
        org = await StandinOrg.start();
        conn = jsforceConnection(org);
    });
    afterAll(async () => {
        await org.stop();
    });

    it('reads the same process from the org as from the repo metadata it was deployed from', async () => {
        const fromOrg = await readProcessFromOrg(conn, { retry: recordingRetry() });
        const fromRepo = await loadProcessFromSource(metadataRoot);
        expect(fromOrg.stages).toEqual(fromRepo.stages);
        expect(fromOrg.plays).toEqual(fromRepo.plays);
        expect(fromOrg.parameters).toEqual(fromRepo.parameters);
        expect(fromOrg.fields).toEqual(fromRepo.fields);
        expect(fromOrg.goals).toEqual(fromRepo.goals);
        expect(fromOrg.parameters.length).toBeGreaterThan(5);
    });

    it('names the record and field when a parameter points at a field the org does not have', async () => {
        const bare = await StandinOrg.start();
        try {
            const [playId] = bare.seed('Stage_Play__mdt', [
                { DeveloperName: 'Extra_Play', MasterLabel: 'Extra', Stage__c: 'Discovery', Order__c: 9 }
            ]);
            bare.seed('Play_Parameter__mdt', [
                {
                    DeveloperName: 'Ghost',
                    MasterLabel: 'Ghost',
                    Play__c: playId,
                    Field__c: 'Ghost__c',
                    Rule__c: 'not blank'
                }
            ]);
            await expect(readProcessFromOrg(jsforceConnection(bare))).rejects.toThrow(
                /Play_Parameter\.Ghost Field__c: Opportunity has no field "Ghost__c"/
            );
        } finally {
            await bare.stop();
        }
    });
});

describe('readOrgDataset', () => {
    let org: StandinOrg;
    let conn: Connection;
    let salesProcess: ProcessDefinition;
    const deals = 20_000;

    beforeAll(async () => {
        org = await StandinOrg.start({ bulkPollsUntilComplete: 2 });
        conn = jsforceConnection(org);
        salesProcess = await readProcessFromOrg(conn);
        const owners = org.seed(
            'User',
            Array.from({ length: 20 }, (_, i) => ({
                FirstName: 'Rep',
                LastName: `${i}`,
                Username: `rep${i}@x.test`,
                IsActive: i !== 3
            }))
        );
        const oppIds = org.seed(
            'Opportunity',
            Array.from({ length: deals }, (_, i) => ({
                Name: `Deal "${i}", the big one`,
                StageName: i % 3 === 0 ? 'Closed Won' : i % 3 === 1 ? 'Closed Lost' : 'Discovery',
                CloseDate: '2025-06-30',
                Amount: 1000 + i,
                Probability: i % 3 === 0 ? 100 : i % 3 === 1 ? 0 : 20,
                OwnerId: owners[i % owners.length],
                Organization_Size_Meters__c: i % 7 === 0 ? null : i,
                Budget_Confirmed__c: i % 2 === 0,
                Elevator_Pitch_Reception__c: i % 5 === 0 ? 'Negative' : 'Positive',
                CreatedDate: '2025-01-01T08:00:00.000Z'
            }))
        );
        org.seed(
            'OpportunityHistory',
            oppIds.map((id, i) => ({
                OpportunityId: id,
                StageName: 'Discovery',
                Amount: 1000 + i,
                CloseDate: '2025-06-30',
                Probability: 20,
                ForecastCategory: 'BestCase',
                CreatedDate: '2025-02-01T08:00:00.000Z'
            }))
        );
        org.seed(
            'OpportunityFieldHistory',
            oppIds.slice(0, 2000).map((id) => ({
                OpportunityId: id,
                Field: 'Organization_Size_Meters__c',
                OldValue: null,
                NewValue: '150',
                CreatedDate: '2025-01-15T08:00:00.000Z'
            }))
        );
    });
    afterAll(async () => {
        await org.stop();
    });

    it(
        'streams a 20,000-deal org into the Dataset through Bulk API 2.0, one results page at a time',
        async () => {
            const progress: Array<{ object: string; rows: number }> = [];
            const dataset = await readOrgDataset(conn, salesProcess, {
                ...fastBulk,
                pageSize: 5000,
                retry: recordingRetry(),
                onProgress: (p) => progress.push(p)
            });
            expect(dataset.problems).toEqual([]);
            expect(dataset.opportunities).toHaveLength(deals);
            expect(dataset.stageHistory).toHaveLength(deals);
            expect(dataset.fieldHistory).toHaveLength(2000);
            expect(dataset.users).toHaveLength(21);
            const d7 = dataset.opportunities[7];
            expect(d7).toMatchObject({
                name: 'Deal "7", the big one',
                stageName: 'Closed Lost',
                isClosed: true,
                isWon: false,
                probability: 0,
                forecastCategory: 'Omitted',
                ownerName: 'Rep 7',
                createdDate: '2025-01-01T08:00:00.000Z',
                closeDate: '2025-06-30'
            });
            expect(d7.fields).toMatchObject({
                Organization_Size_Meters__c: null,
                Budget_Confirmed__c: false,
                Elevator_Pitch_Reception__c: 'Positive'
            });
            expect(dataset.stageHistory.row(7)).toMatchObject({
                stageName: 'Discovery',
                probability: 0.2,
                forecastCategory: 'Best Case'
            });
            expect(dataset.fieldHistory.row(0)).toMatchObject({
                field: 'Organization_Size_Meters__c',
                oldValue: null,
                newValue: 150
            });
            expect(progress.filter((p) => p.object === 'Opportunity').map((p) => p.rows)).toEqual([
                5000, 10000, 15000, 20000
            ]);
            const resultPages = org.requestsMatching(/\/jobs\/query\/[^/]+\/results$/, 'GET');
            expect(resultPages.every((r) => r.query.includes('maxRecords=5000'))).toBe(true);
            // Opportunity, history, field history, Account, then LoginHistory, Task and Event (empty: one page each).
            expect(resultPages.length).toBe(4 + 4 + 1 + 1 + 3);
        },
        READ_TIMEOUT_MS
    );

    it(
        'deletes every Bulk query job it created once its rows are read, leaving no job in the org',
        async () => {
            const before = org.openQueryJobIds();
            const created = org.requestsMatching(/\/jobs\/query$/, 'POST').length;
            const deleted = org.deletedQueryJobIds().length;
            await readOrgDataset(conn, salesProcess, {
                ...fastBulk,
                pageSize: 10000,
                retry: recordingRetry()
            });
            const newJobs = org.requestsMatching(/\/jobs\/query$/, 'POST').length - created;
            expect(newJobs).toBeGreaterThanOrEqual(4);
            expect(org.deletedQueryJobIds().length - deleted).toBe(newJobs);
            expect(org.requestsMatching(/\/jobs\/query\/[^/]+$/, 'DELETE').length).toBe(
                org.deletedQueryJobIds().length
            );
            expect(org.openQueryJobIds()).toEqual(before);
        },
        READ_TIMEOUT_MS
    );

    it(
        'deletes the job of a read the caller stops early',
        async () => {
            const pages = bulkQueryPages(
                conn,
                'SELECT Id FROM Opportunity',
                { ...defaultRetryPolicy, sleep: async () => undefined },
                { pageSize: 4000, pollIntervalMs: 1 }
            );
            const deleted = org.deletedQueryJobIds().length;
            await pages.next();
            expect(org.deletedQueryJobIds().length).toBe(deleted);
            await pages.return();
            expect(org.deletedQueryJobIds().length).toBe(deleted + 1);
            expect(org.openQueryJobIds()).toEqual([]);
        },
        READ_TIMEOUT_MS
    );

    it('fetches the next page only when the previous one has been consumed', async () => {
        const pages = bulkQueryPages(
            conn,
            'SELECT Id FROM Opportunity',
            { ...defaultRetryPolicy, sleep: async () => undefined },
            {
                pageSize: 4000,
                pollIntervalMs: 1
            }
        );
        const before = org.requestsMatching(/\/results$/).length;
        const first = await pages.next();
        expect(first.value).toHaveLength(4000);
        expect(org.requestsMatching(/\/results$/).length - before).toBe(1);
        const second = await pages.next();
        expect(second.value).toHaveLength(4000);
        expect(org.requestsMatching(/\/results$/).length - before).toBe(2);
        await pages.return();
    });

    it('retries results pages and job polls that fail with 500s or dropped connections', async () => {
        const small = await StandinOrg.start();
        try {
            const smallConn = jsforceConnection(small);
            small.seed(
                'Opportunity',
                Array.from({ length: 250 }, (_, i) => ({
                    Name: `D${i}`,
                    StageName: 'Discovery',
                    CloseDate: '2025-06-30',
                    OwnerId: small.userId
                }))
            );
            small.failNext({ path: '/jobs/query', method: 'POST', kind: 'requestLimit' });
            small.failNext({ path: /\/jobs\/query\/[^/]+$/, method: 'GET', kind: 'drop' });
            small.failNext({ path: /\/results$/, kind: 'serverError', times: 2 });
            const retry = recordingRetry();
            const dataset = await readOrgDataset(smallConn, salesProcess, {
                ...fastBulk,
                pageSize: 100,
                retry,
                skipAccounts: true
            });
            expect(dataset.opportunities).toHaveLength(250);
            expect(new Set(dataset.opportunities.map((o) => o.id)).size).toBe(250);
            expect(small.requests.filter((r) => r.fault).map((r) => r.fault)).toEqual([
                'requestLimit',
                'drop',
                'serverError',
                'serverError'
            ]);
            // Backoff doubles per attempt of the same call: the failing page waited 1 s, then 2 s.
            expect(retry.waits.filter((w) => w >= 1000)).toEqual([1000, 1000, 1000, 2000]);
        } finally {
            await small.stop();
        }
    });

    it('reports unusable rows as problems naming object, record and column', async () => {
        const bad = await StandinOrg.start();
        try {
            const badConn = jsforceConnection(bad);
            const badProcess = await readProcessFromOrg(badConn);
            const [id] = bad.seed('Opportunity', [
                {
                    Name: 'Bad',
                    StageName: 'Discovery',
                    CloseDate: '2025-01-01',
                    Organization_Size_Meters__c: 'lots',
                    OwnerId: bad.userId,
                    CreatedDate: '2024-12-01T00:00:00.000Z'
                }
            ]);
            bad.seed('OpportunityHistory', [
                { OpportunityId: id, StageName: null, CreatedDate: '2025-01-01T00:00:00Z' }
            ]);
            const dataset = await readOrgDataset(badConn, badProcess, {
                ...fastBulk,
                retry: recordingRetry()
            });
            expect(dataset.problems).toEqual([
                expect.objectContaining({
                    source: 'Opportunity',
                    recordId: id,
                    column: 'Organization_Size_Meters__c'
                }),
                expect.objectContaining({ source: 'OpportunityHistory', recordId: id, column: 'StageName' })
            ]);
            expect(dataset.opportunities[0].fields.Organization_Size_Meters__c).toBeNull();
            expect(dataset.stageHistory).toHaveLength(0);
        } finally {
            await bad.stop();
        }
    });
});
