/**
 * The way an ops analyst really runs Stageplay: log in once with the real `sf` CLI, then run the
 * built `stageplay` program with `--target-org <alias>`. Both are separate processes sharing only
 * the sf state under HOME, exactly as on a workstation; the org is the local stand-in.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { StandinOrg } from './standin/standinOrg';
import { sfAccessTokenLoginArgs } from './sfLogin';

jest.setTimeout(360_000);

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stageplay.js');
// Asynchronous on purpose: the stand-in org answers from this process's event loop.
const run = promisify(execFile);

describe('stageplay --target-org <alias> after sf org login access-token', () => {
    let org: StandinOrg;
    let work: string;
    let env: NodeJS.ProcessEnv;

    beforeAll(async () => {
        if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))) {
            execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
        }
        org = await StandinOrg.start();
        work = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-alias-'));
        env = { ...process.env, HOME: path.join(work, 'home'), SF_DISABLE_TELEMETRY: 'true' };
        for (const key of ['SF_ACCESS_TOKEN', 'SF_INSTANCE_URL', 'SFDX_ACCESS_TOKEN', 'SFDX_INSTANCE_URL']) {
            delete env[key];
        }
        Object.assign(env, {
            SF_AUTOUPDATE_DISABLE: 'true',
            SF_USE_GENERIC_UNIX_KEYCHAIN: 'true',
            STAGEPLAY_BULK_POLL_MS: '5'
        });
        fs.mkdirSync(env.HOME as string, { recursive: true });
        await run('npx', sfAccessTokenLoginArgs(org.instanceUrl, 'ops-sandbox'), {
            cwd: ROOT,
            env: { ...env, SF_ACCESS_TOKEN: org.accessToken },
            timeout: 150_000
        });
    });

    afterAll(async () => {
        await org.stop();
        fs.rmSync(work, { recursive: true, force: true });
    });

    const stageplay = async (args: string[]) => {
        const r = await run('node', [BIN, ...args, '--target-org', 'ops-sandbox', '--json'], {
            cwd: ROOT,
            env,
            timeout: 150_000
        }).then(
            (ok) => ({ code: 0, stdout: ok.stdout, stderr: ok.stderr }),
            (err: { code?: number; stdout?: string; stderr?: string }) => ({
                code: err.code ?? 1,
                stdout: err.stdout ?? '',
                stderr: err.stderr ?? ''
            })
        );
        return { ...r, json: () => JSON.parse(r.stdout) as Record<string, unknown> };
    };

    it('seeds, learns and reconciles through the stored login', async () => {
        const today = new Date().toISOString().slice(0, 10);
        const seeded = await stageplay([
            'seed',
            '--deals',
            '60',
            '--seed',
            '11',
            '--today',
            today,
            '--out',
            work
        ]);
        expect({ code: seeded.code, stderr: seeded.stderr }).toEqual({ code: 0, stderr: '' });
        expect(org.records('Opportunity')).toHaveLength(60);
        // The org wrote its own stage history as the deals were walked through their stages.
        expect(org.records('OpportunityHistory').length).toBeGreaterThan(60);

        const learned = await stageplay(['learn', '--out', work]);
        expect(learned.code).toBe(0);
        expect(org.records('Stageplay_Benchmark__c').length).toBe(learned.json().rows);

        const reconciled = await stageplay(['reconcile', '--out', work]);
        expect(reconciled.code).toBe(0);
        const result = reconciled.json() as { counts: { opportunities: number }; report: { html: string } };
        expect(result.counts.opportunities).toBe(60);
        expect(fs.readFileSync(result.report.html, 'utf8')).toContain('<canvas');

        // Every API call carried the token sf stored for the alias.
        expect(org.requests.filter((r) => r.status === 401)).toEqual([]);
    });
});
