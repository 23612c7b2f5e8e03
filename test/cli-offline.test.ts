/**
 * The built CLI (`node bin/stageplay.js`) against Data Export folders: what a user or a CI job runs.
 * Asserts the --json contract, exit codes, files written, and that --dry-run writes nothing.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newerInput } from '../scripts/build-cli';
import { parse } from 'csv-parse/sync';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stageplay.js');
const AS_OF = '2026-11-15';

jest.setTimeout(240_000);

interface Run {
    code: number | null;
    stdout: string;
    stderr: string;
    json: <T = Record<string, unknown>>() => T;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-cli-'));
// A home with no sf logins, and no CI token: the org path must fail as "not logged in".
const home = path.join(work, 'home');
fs.mkdirSync(home);

function cli(args: string[], extraEnv: Record<string, string> = {}): Run {
    const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, SF_DISABLE_TELEMETRY: 'true', ...extraEnv };
    delete env.SF_ACCESS_TOKEN;
    delete env.SF_INSTANCE_URL;
    delete env.SFDX_ACCESS_TOKEN;
    delete env.SFDX_INSTANCE_URL;
    delete env.SF_TARGET_ORG;
    const r = spawnSync('node', [BIN, ...args], { cwd: ROOT, env, encoding: 'utf8' });
    return {
        code: r.status,
        stdout: r.stdout,
        stderr: r.stderr,
        json: <T>() => JSON.parse(r.stdout) as T
    };
}

beforeAll(() => {
    // The project's own incremental build: it compiles only when a source is newer than dist/.
    // Type errors are the typecheck step's business (npm test runs it first); emitted JS is what we test.
    spawnSync('npx', ['tsx', 'scripts/build-cli.ts'], { cwd: ROOT, stdio: 'pipe' });
    expect(newerInput()).toBeNull();
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('stageplay CLI, offline', () => {
    it('teaches in --help: commands, examples, exit codes', () => {
        const r = cli(['--help']);
        expect(r.code).toBe(0);
        for (const word of [
            'demo',
            'seed',
            'learn',
            'reconcile',
            'snapshot',
            'validate',
            'Examples:',
            'Exit codes:'
        ]) {
            expect(r.stdout).toContain(word);
        }
        expect(r.stdout).toMatch(/4 +partial failure/);
        expect(r.stdout).toMatch(/6 +input unfit/);
        const sub = cli(['reconcile', '--help']);
        expect(sub.code).toBe(0);
        expect(sub.stdout).toContain('--weeks-out');
        expect(sub.stdout).toContain('$ stageplay reconcile --data');
    });

    it('exits 2 on usage errors, with one JSON object under --json', () => {
        expect(cli(['reconcile', '--no-such-flag']).code).toBe(2);
        expect(cli(['reconcile', '--data', work, '--as-of', '2026-02-30']).code).toBe(2);
        const r = cli(['reconcile', '--data', path.join(work, 'missing'), '--json']);
        expect(r.code).toBe(2);
        expect(r.json()).toMatchObject({ status: 'error', error: { code: 'usage', exitCode: 2 } });
        const both = cli(['learn', '--data', work, '--target-org', 'x', '--json']);
        expect(both.code).toBe(2);
        expect(both.json()).toMatchObject({ status: 'error', error: { code: 'usage' } });
    });

    it('exits 3 and says how to log in when there is no org login', () => {
        const r = cli(['reconcile', '--target-org', 'nobody@example.com']);
        expect(r.code).toBe(3);
        expect(r.stderr).toContain('sf org login web');
        const noDefault = cli(['learn', '--json']);
        expect(noDefault.code).toBe(3);
        expect(noDefault.json()).toMatchObject({ status: 'error', error: { code: 'auth', exitCode: 3 } });
        expect(noDefault.json<{ error: { message: string } }>().error.message).toContain('SF_ACCESS_TOKEN');
    });

    it('runs the demo offline and prints one JSON object', () => {
        const out = path.join(work, 'demo');
        const r = cli(['demo', '--out', out, '--deals', '900', '--json']);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        const result = r.json<{
            status: string;
            asOf: string;
            counts: { opportunities: number; open: number };
            benchmarks: { fittedOn: number };
            calibration: { brierNominal: number; brierAdjusted: number };
            report: { html: string; files: string[] };
            warnings: string[];
            dataQuality: { verdict: string };
        }>();
        expect(result.status).toBe('ok');
        // The generated export goes through the ledger like any other: counted, and clean.
        expect(result.dataQuality.verdict).toBe('ok');
        expect(result.warnings).toEqual([]);
        expect(result.asOf).toBe(AS_OF);
        expect(result.counts.opportunities).toBe(900);
        expect(result.benchmarks.fittedOn).toBeGreaterThan(0);
        expect(result.calibration.brierAdjusted).toBeGreaterThan(0);
        expect(result.report.html).toBe(path.join(out, 'report', 'report.html'));
        for (const file of [
            'report.html',
            'reconciliation.json',
            'deals.csv',
            'backtest.csv',
            'calibration.csv'
        ]) {
            expect(fs.existsSync(path.join(out, 'report', file))).toBe(true);
        }
        expect(fs.existsSync(path.join(out, 'demo-data', 'OpportunityHistory.csv'))).toBe(true);
        expect(fs.existsSync(path.join(out, 'benchmarks.json'))).toBe(true);
    });

    describe('seed → learn → reconcile → snapshot on a Data Export folder', () => {
        const data = path.join(work, 'export');
        const out = path.join(work, 'out');
        /** `command` on the seeded folder as of AS_OF, writing to `outDir`, with `extra` flags, as JSON. */
        const onSeeded = (command: string, outDir: string, ...extra: string[]) =>
            cli([command, '--data', data, '--out', outDir, '--as-of', AS_OF, ...extra, '--json']);

        it('seeds deterministically', () => {
            const r = cli([
                'seed',
                '--data',
                data,
                '--deals',
                '600',
                '--seed',
                '3',
                '--today',
                AS_OF,
                '--json'
            ]);
            expect(r.code).toBe(0);
            expect(r.json()).toMatchObject({ status: 'ok', deals: 600, seed: 3, today: AS_OF });
            const first = fs.readFileSync(path.join(data, 'Opportunity.csv'), 'utf8');
            const again = path.join(work, 'export-again');
            expect(
                cli(['seed', '--data', again, '--deals', '600', '--seed', '3', '--today', AS_OF]).code
            ).toBe(0);
            expect(fs.readFileSync(path.join(again, 'Opportunity.csv'), 'utf8')).toBe(first);
        });

        it('learns, and a second learn finds nothing to change', () => {
            const dry = onSeeded('learn', out, '--dry-run');
            expect(dry.code).toBe(0);
            expect(fs.existsSync(out)).toBe(false);
            const rows = dry.json<{ rows: number }>().rows;
            expect(dry.json()).toMatchObject({
                dryRun: true,
                diff: { new: rows, changed: 0, unchanged: 0, obsolete: 0 }
            });

            const r = onSeeded('learn', out);
            expect(r.code).toBe(0);
            const benchmarks = JSON.parse(fs.readFileSync(path.join(out, 'benchmarks.json'), 'utf8'));
            expect(benchmarks.stages.length).toBeGreaterThan(0);
            expect(benchmarks.dealCount).toBe(r.json<{ fittedOn: number }>().fittedOn);

            const again = onSeeded('learn', out, '--dry-run');
            expect(again.json()).toMatchObject({
                diff: { new: 0, changed: 0, unchanged: rows, obsolete: 0 }
            });
        });

        it('reconciles: summary JSON and every file; --dry-run writes nothing', () => {
            const dryOut = path.join(work, 'dry');
            const dry = onSeeded('reconcile', dryOut, '--dry-run');
            expect(dry.code).toBe(0);
            expect(fs.existsSync(dryOut)).toBe(false);

            const r = onSeeded('reconcile', out, '--period', 'month', '--weeks-out', '1,3');
            expect(r.stderr).toBe('');
            expect(r.code).toBe(0);
            const result = r.json<{
                status: string;
                currentPeriod: { period: string; stated: number; adjusted: number; booked: number };
                accuracy: { backtest: Array<{ weeksOut: number; periods: number }> };
                flagCounts: Record<string, number>;
                snapshots: unknown;
            }>();
            expect(result.status).toBe('ok');
            expect(result.currentPeriod.period).toBe('FY2026-M11');
            expect(result.currentPeriod.stated).toBeGreaterThanOrEqual(result.currentPeriod.booked);
            expect(result.accuracy.backtest.map((a) => a.weeksOut)).toEqual([1, 3]);
            expect(result.snapshots).toBeNull();
            const report = path.join(out, 'report');
            const deals = parse(fs.readFileSync(path.join(report, 'deals.csv'), 'utf8'), {
                columns: true
            }) as Array<Record<string, string>>;
            expect(deals.length).toBeGreaterThan(0);
            const flagged = deals.filter((d) => d.flags !== '');
            const flagsInCsv = flagged.reduce((n, d) => n + d.flags.split(';').length, 0);
            expect(flagsInCsv).toBe(Object.values(result.flagCounts).reduce((a, b) => a + b, 0));
            expect(flagsInCsv).toBeGreaterThan(0);
            for (const d of flagged) expect(() => JSON.parse(d.evidence)).not.toThrow();
            for (const f of [
                'forecast-by-period.csv',
                'forecast-by-category.csv',
                'forecast-by-owner.csv',
                'backtest.csv',
                'calibration.csv'
            ]) {
                expect(fs.readFileSync(path.join(report, f), 'utf8').split('\n').length).toBeGreaterThan(2);
            }
        });

        it('snapshots, and a later reconcile compares with the snapshot', () => {
            const r = cli(['snapshot', '--data', data, '--out', out, '--as-of', '2026-10-01', '--json']);
            expect(r.code).toBe(0);
            const snap = r.json<{ rows: number; created: number }>();
            expect(snap.created).toBe(snap.rows);
            const again = cli(['snapshot', '--data', data, '--out', out, '--as-of', '2026-10-01', '--json']);
            expect(again.json()).toMatchObject({ created: 0, updated: snap.rows });

            const rec = onSeeded('reconcile', out);
            expect(rec.json<{ snapshots: { rows: number; compared: number } }>().snapshots).toEqual({
                rows: snap.rows,
                compared: expect.any(Number)
            });
            expect(rec.json<{ snapshots: { compared: number } }>().snapshots.compared).toBeGreaterThan(0);
            expect(fs.readFileSync(path.join(out, 'report', 'report.html'), 'utf8')).toContain(
                'Stored forecast snapshots'
            );
        });
    });
});
