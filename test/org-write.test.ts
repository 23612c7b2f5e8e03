/**
 * Writing to an org through the real jsforce: external-id upserts over REST and Bulk API 2.0, run
 * twice, and under the faults real orgs produce. Afterwards nothing is lost and nothing is written
 * twice; per-row failures name the row and the field.
 */
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'jsforce';
import {
    deleteRecords,
    failuresFromResults,
    isProductionOrg,
    SessionExpiredError,
    UnsafeDeleteError,
    upsertRecords,
    writeFailuresCsv,
    type UpsertResult
} from '../src/org';
import { StandinOrg } from './standin/standinOrg';
import { jsforceConnection, recordingRetry, standinOrgPerTest } from './standin/testing';

const KEY = 'Stageplay_External_Id__c';

function deals(n: number, prefix = 'seed'): Array<Record<string, unknown>> {
    return Array.from({ length: n }, (_, i) => ({
        [KEY]: `${prefix}-${i}`,
        Name: `Deal ${i}`,
        StageName: i % 4 === 0 ? 'Closed Won' : 'Discovery',
        CloseDate: '2026-02-28',
        Amount: 100 + i,
        Budget_Confirmed__c: i % 2 === 0,
        Organization_Size_Meters__c: i % 3 === 0 ? null : i
    }));
}

/**
 * For each external id: how many requests carried it, and whether any carried it after the org had
 * confirmed it (answered 2xx to a request containing it).
 */
function sendsPerKey(
    org: StandinOrg,
    keys: string[]
): { sends: Map<string, number>; resentAfterConfirmed: string[] } {
    const sends = new Map(keys.map((k) => [k, 0]));
    const confirmed = new Set<string>();
    const resentAfterConfirmed: string[] = [];
    for (const r of org.requests) {
        if (!(r.method === 'PATCH' || r.method === 'PUT')) continue;
        const carried = [...r.body.matchAll(/seed-\d+/g)].map((m) => m[0]).filter((k) => sends.has(k));
        for (const k of carried) {
            sends.set(k, sends.get(k)! + 1);
            if (confirmed.has(k)) resentAfterConfirmed.push(k);
        }
        if (r.fault === null && r.status < 300) carried.forEach((k) => confirmed.add(k));
    }
    return { sends, resentAfterConfirmed };
}

function expectNoDuplicates(org: StandinOrg, expected: number): void {
    const opportunities = org.records('Opportunity');
    expect(opportunities).toHaveLength(expected);
    expect(new Set(opportunities.map((o) => o[KEY])).size).toBe(expected);
    // One OpportunityHistory row per insert; a second insert or a changed re-write would add more.
    expect(org.records('OpportunityHistory')).toHaveLength(expected);
}

/**
 * Upserts two benchmark rows whose keys differ only in case, with `options`, and checks that they became
 * two records, since Benchmark_Key__c is case-sensitive.
 */
async function expectCaseOnlyDifferentKeysApart(
    org: StandinOrg,
    conn: Connection,
    options: Parameters<typeof upsertRecords>[4]
): Promise<void> {
    const rows = [
        { Name: 'upper', Benchmark_Key__c: 'Discovery|Budget', Kind__c: 'Parameter', Stage__c: 'Discovery' },
        { Name: 'lower', Benchmark_Key__c: 'discovery|budget', Kind__c: 'Parameter', Stage__c: 'discovery' }
    ];
    const results = await upsertRecords(conn, 'Stageplay_Benchmark__c', 'Benchmark_Key__c', rows, options);
    expect(results.map((r) => [r.key, r.success, r.created])).toEqual([
        ['Discovery|Budget', true, true],
        ['discovery|budget', true, true]
    ]);
    const stored = org.records('Stageplay_Benchmark__c').map((r) => [r.Benchmark_Key__c, r.Name]);
    expect(stored.sort()).toEqual([
        ['Discovery|Budget', 'upper'],
        ['discovery|budget', 'lower']
    ]);
    expect(results[0].id).not.toBe(results[1].id);
}

describe('upsertRecords over REST (sObject Collections)', () => {
    const rest = { bulkThreshold: 1000 };
    const standin = standinOrgPerTest();

    it('is idempotent: a second run updates the same records and creates none', async () => {
        const rows = deals(450);
        const first = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            retry: recordingRetry()
        });
        expect(first.every((r) => r.success && r.created)).toBe(true);
        const second = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            retry: recordingRetry()
        });
        expect(second.every((r) => r.success && !r.created)).toBe(true);
        expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
        expectNoDuplicates(standin.org, 450);
        expect(standin.org.requestsMatching(/\/composite\/sobjects\/Opportunity\//, 'PATCH')).toHaveLength(6);
    });

    it('retries 500s, request limits and dropped connections without losing or duplicating a row', async () => {
        const rows = deals(600);
        standin.org.failNext({ path: '/composite/sobjects', kind: 'serverError' });
        standin.org.failNext({ path: '/composite/sobjects', kind: 'requestLimit' });
        const retry = recordingRetry();
        const progress: number[] = [];
        // The first call succeeds; then a 500, a limit, and a call the org processes but never answers.
        let calls = 0;
        const original = retry.sleep!;
        retry.sleep = async (ms) => {
            calls += 1;
            if (calls === 2)
                standin.org.failNext({ path: '/composite/sobjects', kind: 'dropAfterProcessing' });
            await original(ms);
        };
        const results = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            retry,
            onProgress: (p) => progress.push(p.processed)
        });
        expect(results.every((r) => r.success)).toBe(true);
        expect(retry.waits).toEqual([1000, 2000, 4000]);
        expectNoDuplicates(standin.org, 600);
        expect(progress).toEqual([200, 400, 600]);
        // The first chunk met a 500, a limit and a lost answer before it was confirmed on its fourth
        // send; the other chunks went once. Nothing was sent again after the org confirmed it.
        const { sends, resentAfterConfirmed } = sendsPerKey(
            standin.org,
            rows.map((r) => String(r[KEY]))
        );
        expect(resentAfterConfirmed).toEqual([]);
        expect(rows.map((r) => sends.get(String(r[KEY])))).toEqual([
            ...Array<number>(200).fill(4),
            ...Array<number>(400).fill(1)
        ]);
        // The lost answer's send created the first chunk; the fourth send found and updated it.
        expect(results.filter((r) => r.created)).toHaveLength(400);
    });

    it('stops with a clear, typed error when the org rejects the session', async () => {
        standin.org.failNext({ path: /\/composite\/sobjects\/Opportunity\//, kind: 'invalidSession' });
        const error = await upsertRecords(standin.conn, 'Opportunity', KEY, deals(450), {
            retry: recordingRetry()
        }).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(SessionExpiredError);
        expect((error as Error).message).toMatch(/^session expired: run `sf org login web --alias my-org`/);
        expect((error as { errorCode: string }).errorCode).toBe('INVALID_SESSION_ID');
        expect((error as { results: UpsertResult[] }).results).toEqual([]);
        // Not retried: a dead session does not come back by waiting.
        expect(standin.org.requestsMatching(/\/composite\//)).toHaveLength(1);
        expect(standin.org.records('Opportunity')).toHaveLength(0);
    });

    it('after a 401 part-way, a re-run completes the rest and creates nothing twice', async () => {
        const rows = deals(450);
        let chunk = 0;
        const results = upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            retry: recordingRetry(),
            onProgress: () => {
                chunk += 1;
                if (chunk === 1)
                    standin.org.failNext({
                        path: /\/composite\/sobjects\/Opportunity\//,
                        kind: 'invalidSession'
                    });
            }
        });
        const error = await results.catch((err: unknown) => err);
        expect(error).toBeInstanceOf(SessionExpiredError);
        const confirmed = (error as { results: UpsertResult[] }).results;
        expect(confirmed).toHaveLength(200);
        expect(standin.org.records('Opportunity')).toHaveLength(200);

        const rerun = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            retry: recordingRetry()
        });
        expect(rerun.every((r) => r.success)).toBe(true);
        expect(rerun.filter((r) => r.created)).toHaveLength(250);
        expectNoDuplicates(standin.org, 450);
    });

    it('returns per-row failures and writes them to a failures CSV naming row and field', async () => {
        standin.org.failRows('Opportunity', (row) => typeof row.Amount === 'number' && row.Amount > 340, {
            field: 'Amount',
            message: 'Amount is above the approval limit'
        });
        const rows = deals(300);
        rows[7].CloseDate = 'next week';
        const results = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            retry: recordingRetry()
        });
        const failed = results.filter((r) => !r.success);
        expect(failed.map((r) => r.key)).toEqual(['seed-7', ...rows.slice(241).map((r) => String(r[KEY]))]);
        expect(failed[0].details).toEqual([
            expect.objectContaining({ statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD', fields: ['CloseDate'] })
        ]);
        expect(failed[1].errors).toEqual([
            'FIELD_CUSTOM_VALIDATION_EXCEPTION: Amount is above the approval limit (fields: Amount)'
        ]);
        expect(standin.org.records('Opportunity')).toHaveLength(300 - failed.length);

        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stageplay-failures-'));
        const file = path.join(dir, 'nested', 'failures-seed.csv');
        await writeFailuresCsv(file, failuresFromResults('Opportunity', results));
        const lines = (await fs.readFile(file, 'utf8')).trim().split('\n');
        expect(lines[0]).toBe('key,sobject,operation,field,statusCode,message');
        expect(lines[1]).toBe(
            'seed-7,Opportunity,upsert,CloseDate,INVALID_TYPE_ON_FIELD_IN_RECORD,Close Date: value not of required type: next week'
        );
        expect(lines[2]).toBe(
            'seed-241,Opportunity,upsert,Amount,FIELD_CUSTOM_VALIDATION_EXCEPTION,Amount is above the approval limit'
        );
        expect(lines).toHaveLength(1 + failed.length);
        await fs.rm(dir, { recursive: true, force: true });
    });

    it('sends rows refused with UNABLE_TO_LOCK_ROW again, and only those', async () => {
        standin.org.failRows(
            'Opportunity',
            (row) => row[KEY] === 'seed-5' || row[KEY] === 'seed-250',
            {
                field: 'AccountId',
                statusCode: 'UNABLE_TO_LOCK_ROW',
                message: 'unable to obtain exclusive access to this record'
            },
            2
        );
        const retry = recordingRetry();
        const results = await upsertRecords(standin.conn, 'Opportunity', KEY, deals(300), { retry });
        expect(results.every((r) => r.success && r.created)).toBe(true);
        expect(retry.waits).toEqual([1000]);
        const retried = standin.org.requestsMatching(/\/composite\/sobjects\/Opportunity\//, 'PATCH')[2];
        expect(JSON.parse(retried.body).records.map((r: Record<string, unknown>) => r[KEY])).toEqual([
            'seed-5',
            'seed-250'
        ]);
        expectNoDuplicates(standin.org, 300);
    });

    it('fails rows without an external id, or with one repeated, before sending anything', async () => {
        const rows = [
            ...deals(2),
            { Name: 'No key', StageName: 'Discovery', CloseDate: '2026-01-01' },
            deals(1)[0]
        ];
        const results = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            retry: recordingRetry()
        });
        expect(results.map((r) => r.success)).toEqual([true, true, false, false]);
        expect(results[2].details[0]).toMatchObject({ statusCode: 'MISSING_EXTERNAL_ID', fields: [KEY] });
        expect(results[3].details[0]).toMatchObject({ statusCode: 'DUPLICATE_EXTERNAL_ID' });
        expect(standin.org.records('Opportunity')).toHaveLength(2);
    });

    it('treats benchmark keys that differ only in case as two records (Benchmark_Key__c is case-sensitive)', async () => {
        await expectCaseOnlyDifferentKeysApart(standin.org, standin.conn, {
            ...rest,
            retry: recordingRetry()
        });
    });
});

describe('upsertRecords over Bulk API 2.0', () => {
    const bulk = { bulkThreshold: 1000, pollIntervalMs: 1 };
    const standin = standinOrgPerTest({ bulkPollsUntilComplete: 2 });

    it('switches to Bulk above the threshold and is idempotent across runs', async () => {
        const rows = deals(2500);
        const phases = new Set<string>();
        const first = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            ...bulk,
            retry: recordingRetry(),
            onProgress: (p) => phases.add(p.phase)
        });
        expect(first.every((r) => r.success && r.created && r.id)).toBe(true);
        expect([...phases]).toEqual(['bulk:create job', 'bulk:upload', 'bulk:processing', 'bulk:results']);
        expect(standin.org.requestsMatching(/\/composite\//)).toHaveLength(0);
        const second = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            ...bulk,
            retry: recordingRetry()
        });
        expect(second.every((r) => r.success && !r.created)).toBe(true);
        expect(second.map((r) => r.id)).toEqual(first.map((r) => r.id));
        expectNoDuplicates(standin.org, 2500);
        // Nulls clear fields (#N/A), booleans arrive as checkboxes.
        const third = standin.org.records('Opportunity').find((o) => o[KEY] === 'seed-3')!;
        expect(third).toMatchObject({
            Organization_Size_Meters__c: null,
            Budget_Confirmed__c: false,
            Amount: 103
        });
    });

    it('over Bulk, treats benchmark keys that differ only in case as two records (Benchmark_Key__c is case-sensitive)', async () => {
        await expectCaseOnlyDifferentKeysApart(standin.org, standin.conn, {
            bulkThreshold: 1,
            pollIntervalMs: 1,
            retry: recordingRetry()
        });
    });

    it('reports partial failures per row and field, and the failures CSV names them', async () => {
        standin.org.failRows('Opportunity', (row) => String(row.Name).endsWith('7'), {
            field: 'Name',
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'Name: deals ending in 7 are embargoed'
        });
        const rows = deals(1200);
        const results = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            ...bulk,
            retry: recordingRetry()
        });
        const failed = results.filter((r) => !r.success);
        expect(failed).toHaveLength(120);
        expect(failed[0]).toMatchObject({
            key: 'seed-7',
            details: [
                {
                    statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                    message: 'Name: deals ending in 7 are embargoed',
                    fields: ['Name']
                }
            ]
        });
        expect(standin.org.records('Opportunity')).toHaveLength(1080);
        const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'stageplay-failures-'));
        const file = path.join(dir, 'failures.csv');
        await writeFailuresCsv(file, failuresFromResults('Opportunity', results));
        const text = await fs.readFile(file, 'utf8');
        expect(text.split('\n')[1]).toBe(
            'seed-7,Opportunity,upsert,Name,FIELD_CUSTOM_VALIDATION_EXCEPTION,Name: deals ending in 7 are embargoed'
        );
        await fs.rm(dir, { recursive: true, force: true });
    });

    it('re-sends only the rows a job left unprocessed', async () => {
        standin.org.interruptNextIngest(700);
        const rows = deals(1500);
        const results = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, {
            ...bulk,
            retry: recordingRetry()
        });
        expect(results.every((r) => r.success)).toBe(true);
        const uploads = standin.org.requestsMatching(/\/jobs\/ingest\/[^/]+\/batches$/, 'PUT');
        expect(uploads).toHaveLength(2);
        expect(uploads[1].body.trim().split('\n')).toHaveLength(1 + 800);
        expect(uploads[1].body).not.toContain('seed-699,');
        expect(uploads[1].body).toContain('seed-700,');
        expectNoDuplicates(standin.org, 1500);
    });

    it('survives a dropped upload, a lost close answer and failing result fetches', async () => {
        standin.org.failNext({ path: /\/batches$/, kind: 'drop' });
        standin.org.failNext({
            path: /\/jobs\/ingest\/[^/]+$/,
            method: 'PATCH',
            kind: 'dropAfterProcessing'
        });
        standin.org.failNext({ path: /\/successfulResults$/, kind: 'serverError', times: 2 });
        const rows = deals(1100);
        const retry = recordingRetry();
        const results = await upsertRecords(standin.conn, 'Opportunity', KEY, rows, { ...bulk, retry });
        expect(results.every((r) => r.success && r.created)).toBe(true);
        expectNoDuplicates(standin.org, 1100);
        // The dropped upload's job was aborted (never processed); the second job was closed once.
        const patches = standin.org
            .requestsMatching(/\/jobs\/ingest\/[^/]+$/, 'PATCH')
            .map((r) => JSON.parse(r.body).state);
        expect(patches).toEqual(['Aborted', 'UploadComplete']);
        expect(standin.org.requestsMatching(/\/jobs\/ingest$/, 'POST')).toHaveLength(2);
    });

    it('stops with SessionExpiredError when the session dies while polling', async () => {
        standin.org.failNext({ path: /\/jobs\/ingest\/[^/]+$/, method: 'GET', kind: 'invalidSession' });
        await expect(
            upsertRecords(standin.conn, 'Opportunity', KEY, deals(1100), { ...bulk, retry: recordingRetry() })
        ).rejects.toBeInstanceOf(SessionExpiredError);
    });
});

describe('deleteRecords', () => {
    const standin = standinOrgPerTest();

    it('deletes only records that carry Stageplay’s key in the org, and refuses otherwise', async () => {
        const created = await upsertRecords(standin.conn, 'Opportunity', KEY, deals(3), {
            retry: recordingRetry()
        });
        const [foreign] = standin.org.seed('Opportunity', [
            { Name: 'Customer deal', StageName: 'Discovery', CloseDate: '2026-01-01' }
        ]);
        const ours = created.map((r) => r.id!);
        await expect(
            deleteRecords(standin.conn, 'Opportunity', [...ours, foreign], { retry: recordingRetry() })
        ).rejects.toThrow(UnsafeDeleteError);
        await expect(
            deleteRecords(standin.conn, 'Opportunity', [{ Id: ours[0], Name: 'no key given' }], {
                retry: recordingRetry()
            })
        ).rejects.toThrow(/no Stageplay_External_Id__c on the records given/);
        expect(standin.org.records('Opportunity')).toHaveLength(4);

        const deleted = await deleteRecords(standin.conn, 'Opportunity', ours, { retry: recordingRetry() });
        expect(deleted.map((d) => [d.success, d.alreadyDeleted, d.key])).toEqual([
            [true, false, 'seed-0'],
            [true, false, 'seed-1'],
            [true, false, 'seed-2']
        ]);
        expect(standin.org.records('Opportunity').map((o) => o.Id)).toEqual([foreign]);
        const again = await deleteRecords(standin.conn, 'Opportunity', ours, { retry: recordingRetry() });
        expect(again.every((d) => d.success && d.alreadyDeleted)).toBe(true);
    });

    it('uses Benchmark_Key__c as the proof on Stageplay_Benchmark__c', async () => {
        const [ok] = standin.org.seed('Stageplay_Benchmark__c', [
            { Benchmark_Key__c: 'Discovery|*', Name: 'Discovery' }
        ]);
        const [stray] = standin.org.seed('Stageplay_Benchmark__c', [{ Name: 'hand-made' }]);
        await expect(deleteRecords(standin.conn, 'Stageplay_Benchmark__c', [stray])).rejects.toThrow(
            /Benchmark_Key__c is blank/
        );
        const result = await deleteRecords(standin.conn, 'Stageplay_Benchmark__c', [ok]);
        expect(result[0]).toMatchObject({ success: true, key: 'Discovery|*' });
    });
});

describe('isProductionOrg', () => {
    it.each([
        [{ isSandbox: true }, false],
        [{ isSandbox: false, organizationType: 'Enterprise Edition' }, true],
        [
            {
                isSandbox: false,
                organizationType: 'Enterprise Edition',
                trialExpirationDate: '2026-12-01T00:00:00.000Z'
            },
            false
        ],
        [{ isSandbox: false, organizationType: 'Developer Edition' }, false]
    ])('%j → %s', async (options, expected) => {
        const org = await StandinOrg.start({ metadataRoot: null, ...options });
        try {
            expect(await isProductionOrg(jsforceConnection(org))).toBe(expected);
        } finally {
            await org.stop();
        }
    });
});
