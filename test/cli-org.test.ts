/**
 * seed → learn → reconcile → snapshot against the stand-in org, through the real CLI code, the org
 * adapter, jsforce and @salesforce/core (auth from SF_ACCESS_TOKEN + SF_INSTANCE_URL, as in CI).
 * Re-runs must change nothing; only rows Stageplay created may be deleted; per-row failures exit 4.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { runCli, type CliRun } from '../src/cli/__tests__/harness';
import { StandinOrg } from './standin/standinOrg';
import { emptySfHome } from './emptySfHome';
import { cliEnvFor } from './standin/testing';

jest.setTimeout(240_000);

const { work, home } = emptySfHome('stageplay-org-');
const TODAY = new Date().toISOString().slice(0, 10);

const envFor = (org: StandinOrg) => cliEnvFor(org, home);

beforeAll(() => {
    // @salesforce/core finds its state through os.homedir(), which reads the real environment, not
    // Jest's per-file copy: point it at the empty home so no developer login leaks into the test.
    jest.spyOn(os, 'homedir').mockReturnValue(home);
});

/** Exit 0 and a quiet stderr; on failure the message shows what the CLI printed. */
function expectOk(r: CliRun): void {
    expect({ code: r.code, stderr: r.stderr, stdout: r.code === 0 ? '' : r.stdout }).toEqual({
        code: 0,
        stderr: '',
        stdout: ''
    });
}

afterAll(() => {
    jest.restoreAllMocks();
});

describe('stageplay against an org (stand-in)', () => {
    let org: StandinOrg;
    const out = path.join(work, 'out');
    const run = (args: string[]): Promise<CliRun> => runCli([...args, '--json'], envFor(org));
    const count = (sobject: string) => org.records(sobject).length;

    beforeAll(async () => {
        org = await StandinOrg.start();
    });
    afterAll(async () => {
        await org.stop();
    });

    it('seeds accounts and opportunities, walking each deal through its stages', async () => {
        const r = await run(['seed', '--deals', '90', '--seed', '5', '--today', TODAY, '--out', out]);
        expectOk(r);
        const result = r.json<{
            toCreate: number;
            stageUpdates: number;
            failures: number;
            created: number;
        }>();
        expect(result.toCreate).toBe(90);
        expect(result.stageUpdates).toBeGreaterThan(0);
        expect(result.failures).toBe(0);
        expect(count('Opportunity')).toBe(90);
        const opportunities = org.records('Opportunity');
        expect(
            opportunities.every((o) => String(o.Stageplay_External_Id__c).startsWith('stageplay-s5-'))
        ).toBe(true);
        expect(opportunities.every((o) => o.AccountId)).toBe(true);
        // Salesforce records each stage change: more history rows than deals.
        expect(count('OpportunityHistory')).toBeGreaterThan(90 + result.stageUpdates / 2);
        expect(fs.existsSync(path.join(out, 'failures-seed.csv'))).toBe(false);
    });

    it('re-seeding is idempotent: nothing created, no new history', async () => {
        const before = {
            opps: count('Opportunity'),
            accounts: count('Account'),
            history: count('OpportunityHistory')
        };
        const r = await run(['seed', '--deals', '90', '--seed', '5', '--today', TODAY, '--out', out]);
        expect(r.code).toBe(0);
        expect(r.json()).toMatchObject({ toCreate: 0, stageUpdates: 0, alreadySeeded: 90, created: 0 });
        expect({
            opps: count('Opportunity'),
            accounts: count('Account'),
            history: count('OpportunityHistory')
        }).toEqual(before);
    });

    it('learn --dry-run shows the diff and writes nothing', async () => {
        const r = await run(['learn', '--dry-run', '--out', out]);
        expect(r.code).toBe(0);
        const result = r.json<{ rows: number; diff: { new: number } }>();
        expect(result.diff).toEqual({ new: result.rows, changed: 0, unchanged: 0, obsolete: 0 });
        expect(count('Stageplay_Benchmark__c')).toBe(0);
    });

    it('learn publishes, deletes only obsolete Stageplay rows, and a re-run writes nothing', async () => {
        org.seed('Stageplay_Benchmark__c', [
            { Name: 'old', Benchmark_Key__c: 'Retired Stage|*', Kind__c: 'Stage', Stage__c: 'Retired Stage' },
            { Name: 'hand-made', Benchmark_Key__c: 'admin note', Kind__c: 'Stage', Stage__c: 'Prospecting' }
        ]);
        const before = org.requests.length;
        const r = await run(['learn', '--out', out]);
        expect(r.code).toBe(0);
        // Benchmarks are fitted from the deals and their history: accounts and rep activity are not asked for.
        const asked = org.requests.slice(before).map((q) => `${decodeURIComponent(q.query)} ${q.body}`);
        expect(asked.some((q) => /FROM OpportunityHistory/i.test(q))).toBe(true);
        expect(
            asked.filter((q) => /FROM (Account|Task|Event|LoginHistory|Stageplay_Quota__c)\b/i.test(q))
        ).toEqual([]);
        // The hand-made row is reported, never touched.
        expect(r.stderr).toBe(
            'warning: 1 Stageplay_Benchmark__c rows have keys Stageplay did not write; left alone.\n'
        );
        const result = r.json<{
            rows: number;
            written: { created: number; updated: number; deleted: number };
        }>();
        expect(result.written).toEqual({ created: result.rows, updated: 0, deleted: 1 });
        const keys = org.records('Stageplay_Benchmark__c').map((b) => String(b.Benchmark_Key__c));
        expect(keys).toContain('admin note');
        expect(keys).not.toContain('Retired Stage|*');
        expect(keys).toContain('Prospecting|*');
        const stageRow = org
            .records('Stageplay_Benchmark__c')
            .find((b) => b.Benchmark_Key__c === 'Prospecting|*');
        expect(JSON.parse(String(stageRow?.Payload__c)).stage).toBe('Prospecting');
        // A readable record name for list views and reports, not the record id.
        expect(stageRow?.Name).toBe('Prospecting · stage win rate');

        const again = await run(['learn', '--out', out]);
        expect(again.code).toBe(0);
        expect(again.json()).toMatchObject({
            diff: { new: 0, changed: 0, unchanged: result.rows, obsolete: 0 },
            written: { created: 0, updated: 0, deleted: 0 }
        });
        expect(count('Stageplay_Benchmark__c')).toBe(result.rows + 1);
    });

    it('reconciles from the org and writes the report', async () => {
        const before = org.requests.length;
        const r = await run(['reconcile', '--out', out]);
        expectOk(r);
        // The KPIs read the reps' activity: reconcile asks for it (what learn leaves unread).
        const asked = org.requests.slice(before).map((q) => `${decodeURIComponent(q.query)} ${q.body}`);
        expect(asked.some((q) => /FROM Task\b/i.test(q))).toBe(true);
        expect(asked.some((q) => /FROM Account\b/i.test(q))).toBe(true);
        const result = r.json<{
            counts: { opportunities: number };
            report: { html: string };
            snapshots: unknown;
        }>();
        expect(result.counts.opportunities).toBe(90);
        expect(fs.existsSync(result.report.html)).toBe(true);
        expect(result.snapshots).toBeNull();
    });

    it('snapshots idempotently, and reconcile then compares with the stored snapshot', async () => {
        const r = await run(['snapshot', '--out', out]);
        expect(r.code).toBe(0);
        const snap = r.json<{ rows: number; created: number; updated: number }>();
        expect(snap.rows).toBeGreaterThan(0);
        expect(snap).toMatchObject({ created: snap.rows, updated: 0 });
        expect(count('Stageplay_Forecast_Snapshot__c')).toBe(snap.rows);
        for (const row of org.records('Stageplay_Forecast_Snapshot__c')) {
            expect(String(row.Name)).toBe(`${row.As_Of__c} · ${row.Period__c} · ${row.Group_Label__c}`);
        }

        const again = await run(['snapshot', '--out', out]);
        expect(again.json()).toMatchObject({ created: 0, updated: snap.rows });
        expect(count('Stageplay_Forecast_Snapshot__c')).toBe(snap.rows);

        const rec = await run(['reconcile', '--out', out]);
        expect(rec.json<{ snapshots: { rows: number } }>().snapshots.rows).toBe(snap.rows);
    });
});

describe('failures against an org', () => {
    it('refuses to seed a production org without --allow-production (exit 5), writing nothing', async () => {
        const prod = await StandinOrg.start({ isSandbox: false, organizationType: 'Enterprise Edition' });
        try {
            const r = await runCli(['seed', '--deals', '10', '--json'], envFor(prod));
            expect(r.code).toBe(5);
            expect(r.json()).toMatchObject({ status: 'error', error: { code: 'refused', exitCode: 5 } });
            expect(prod.records('Opportunity')).toHaveLength(0);
            expect(prod.records('Account')).toHaveLength(0);
        } finally {
            await prod.stop();
        }
    });

    it('lists rejected rows in failures-seed.csv and exits 4; the rest is written', async () => {
        const org = await StandinOrg.start();
        const out = path.join(work, 'partial');
        try {
            let rejected = 0;
            org.failRows(
                'Opportunity',
                (row) => {
                    const hit = rejected < 3 && row.Amount !== null && Number(row.Amount) > 0;
                    if (hit) rejected += 1;
                    return hit;
                },
                { field: 'Amount', message: 'Amount needs a finance approval' }
            );
            const r = await runCli(
                ['seed', '--deals', '40', '--seed', '9', '--out', out, '--json'],
                envFor(org)
            );
            expect(r.code).toBe(4);
            const result = r.json<{ status: string; failures: number; failuresFile: string }>();
            expect(result.status).toBe('partial');
            expect(result.failures).toBe(3);
            const lines = parse(fs.readFileSync(path.join(out, 'failures-seed.csv'), 'utf8'), {
                columns: true
            }) as Array<Record<string, string>>;
            expect(lines).toHaveLength(3);
            expect(lines[0]).toMatchObject({
                sobject: 'Opportunity',
                field: 'Amount',
                message: 'Amount needs a finance approval'
            });
            expect(lines.every((l) => l.key.startsWith('stageplay-s9-'))).toBe(true);
            expect(org.records('Opportunity')).toHaveLength(37);
        } finally {
            await org.stop();
        }
    });

    it('says how to log in when the token is refused (exit 3)', async () => {
        const org = await StandinOrg.start();
        try {
            const r = await runCli(['learn', '--json'], { ...envFor(org), SF_ACCESS_TOKEN: 'not-a-token' });
            expect(r.code).toBe(3);
            expect(r.json<{ error: { message: string } }>().error.message).toMatch(
                /SF_ACCESS_TOKEN|sf org login/
            );
        } finally {
            await org.stop();
        }
    });
});
