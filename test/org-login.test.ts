/**
 * The real `sf` CLI logs in to the stand-in org with an access token, and `connectToOrg` then uses
 * that login in-process (same auth files, alias and keychain) to read and write through
 * `@salesforce/core`'s connection.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import {
    OrgAuthError,
    SessionExpiredError,
    connectToOrg,
    readOrgDataset,
    readProcessFromOrg,
    upsertRecords
} from '../src/org';
import { StandinOrg } from './standin/standinOrg';
import { recordingRetry } from './standin/testing';
import { sfAccessTokenLoginArgs } from './sfLogin';

const run = promisify(execFile);
// The sf CLI starts in seconds on a quiet machine and much slower on a busy one: bounds for a hang only.
jest.setTimeout(240_000);
const repoRoot = path.resolve(__dirname, '..');

/** The variables the sf CLI reads its state location and keychain choice from. */
const sfEnvKeys = [
    'HOME',
    'SF_DISABLE_TELEMETRY',
    'SF_AUTOUPDATE_DISABLE',
    'SF_USE_GENERIC_UNIX_KEYCHAIN',
    'SF_ACCESS_TOKEN',
    'SF_INSTANCE_URL',
    'SFDX_ACCESS_TOKEN',
    'SFDX_INSTANCE_URL'
] as const;

describe('sf org login access-token → connectToOrg', () => {
    let org: StandinOrg;
    let home: string;
    const saved: Partial<Record<(typeof sfEnvKeys)[number], string | undefined>> = {};

    beforeAll(async () => {
        org = await StandinOrg.start();
        home = await fs.mkdtemp(path.join(os.tmpdir(), 'stageplay-sf-home-'));
        for (const key of sfEnvKeys) saved[key] = process.env[key];
        for (const key of sfEnvKeys) delete process.env[key];
        // Jest gives each test file its own copy of process.env, but os.homedir() reads the real one:
        // point it at the same folder the sf child process uses.
        jest.spyOn(os, 'homedir').mockReturnValue(home);
        Object.assign(process.env, {
            HOME: home,
            SF_DISABLE_TELEMETRY: 'true',
            SF_AUTOUPDATE_DISABLE: 'true',
            SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
        });
    });

    afterAll(async () => {
        jest.restoreAllMocks();
        for (const key of sfEnvKeys) {
            if (saved[key] === undefined) delete process.env[key];
            else process.env[key] = saved[key];
        }
        await org.stop();
        await fs.rm(home, { recursive: true, force: true });
    });

    it('explains how to log in when there is no login', async () => {
        await expect(connectToOrg({ targetOrg: 'standin' })).rejects.toThrow(OrgAuthError);
        await expect(connectToOrg({ targetOrg: 'standin' })).rejects.toThrow(
            /sf org login web --alias my-org/
        );
        await expect(connectToOrg({ env: {} })).rejects.toThrow(/No sf login found for the default org/);
        await expect(connectToOrg({ env: { SF_ACCESS_TOKEN: org.accessToken } })).rejects.toThrow(
            /CI login needs both SF_ACCESS_TOKEN and SF_INSTANCE_URL/
        );
    });

    it('logs in with the real sf CLI and reads and writes through the stored login', async () => {
        const { stdout } = await run(
            'npx',
            [...sfAccessTokenLoginArgs(org.instanceUrl, 'standin'), '--json'],
            { cwd: repoRoot, env: { ...process.env, SF_ACCESS_TOKEN: org.accessToken }, timeout: 180_000 }
        );
        const login = JSON.parse(stdout) as { status: number; result: { username: string; orgId: string } };
        expect(login).toMatchObject({ status: 0, result: { username: org.username, orgId: org.orgId } });
        // What sf asked the org while logging in (it stores the URL with a trailing slash: `//services/...` arrives).
        expect(org.requests.map((r) => `${r.method} ${r.path}`)).toEqual(
            expect.arrayContaining([
                'GET /services/oauth2/userinfo',
                `GET /services/data/v51.0/sobjects/User/${org.userId}`,
                'GET /services/data'
            ])
        );
        expect(
            org.requests.some(
                (r) => r.path.endsWith('/query') && decodeURIComponent(r.query).includes('FROM Organization')
            )
        ).toBe(true);
        expect(org.requests.some((r) => r.rawPath.startsWith('//services/'))).toBe(true);
        const aliases = JSON.parse(await fs.readFile(path.join(home, '.sfdx', 'alias.json'), 'utf8')) as {
            orgs: Record<string, string>;
        };
        expect(aliases.orgs.standin).toBe(org.username);

        org.requests.length = 0;
        const conn = await connectToOrg({ targetOrg: 'standin' });
        expect(conn.getUsername()).toBe(org.username);
        const definition = await readProcessFromOrg(conn, { retry: recordingRetry() });
        expect(definition.stages.map((s) => s.name)).toContain('Negotiate and Close');
        const written = await upsertRecords(
            conn,
            'Opportunity',
            'Stageplay_External_Id__c',
            [
                {
                    Stageplay_External_Id__c: 'login-1',
                    Name: 'Via sf login',
                    StageName: 'Discovery',
                    CloseDate: '2026-05-01'
                }
            ],
            { retry: recordingRetry() }
        );
        expect(written[0]).toMatchObject({ success: true, created: true });
        const dataset = await readOrgDataset(conn, definition, {
            pollIntervalMs: 1,
            retry: recordingRetry()
        });
        expect(dataset.opportunities.map((o) => o.name)).toEqual(['Via sf login']);
        expect(dataset.stageHistory).toHaveLength(1);
        expect(org.requests.every((r) => r.status !== 401)).toBe(true);

        // An access-token login has no refresh token: an expired session is a typed error, not a retry loop.
        org.expireSession();
        await expect(readProcessFromOrg(conn, { retry: recordingRetry() })).rejects.toThrow(
            SessionExpiredError
        );
    }, 240_000);

    it('connects from SF_ACCESS_TOKEN and SF_INSTANCE_URL for CI', async () => {
        const conn = await connectToOrg({
            env: { SF_ACCESS_TOKEN: org.accessToken, SF_INSTANCE_URL: org.instanceUrl }
        });
        const definition = await readProcessFromOrg(conn, { retry: recordingRetry() });
        expect(definition.parameters.length).toBeGreaterThan(0);
    });
});
