/**
 * Helpers for tests that drive the real jsforce against the stand-in org.
 */
import { Connection } from 'jsforce';
import type { RetryPolicy } from '../../src/org';
import { StandinOrg, type StandinOrgOptions } from './standinOrg';

export function jsforceConnection(org: StandinOrg): Connection {
    return new Connection({
        instanceUrl: org.instanceUrl,
        accessToken: org.accessToken,
        version: org.apiVersion
    });
}

/** A stand-in org and a jsforce connection to it, started and stopped by the given hooks. */
function standinOrgAround(
    start: (fn: () => Promise<void>) => void,
    stop: (fn: () => Promise<void>) => void,
    options?: StandinOrgOptions
): { readonly org: StandinOrg; readonly conn: Connection } {
    const started: { org?: StandinOrg; conn?: Connection } = {};
    start(async () => {
        started.org = await StandinOrg.start(options);
        started.conn = jsforceConnection(started.org);
    });
    stop(async () => {
        await started.org?.stop();
    });
    return {
        get org() {
            return started.org!;
        },
        get conn() {
            return started.conn!;
        }
    };
}

/**
 * A fresh stand-in org for each test of the describe block that calls this, with a jsforce connection
 * to it; read `org` and `conn` inside the tests (they are set before each one).
 */
export function standinOrgPerTest(options?: StandinOrgOptions): {
    readonly org: StandinOrg;
    readonly conn: Connection;
} {
    return standinOrgAround(beforeEach, afterEach, options);
}

/**
 * One stand-in org shared by the tests of the describe block that calls this (started before the
 * first, stopped after the last), with a jsforce connection to it; read `org` and `conn` inside tests.
 */
export function standinOrgPerBlock(options?: StandinOrgOptions): {
    readonly org: StandinOrg;
    readonly conn: Connection;
} {
    return standinOrgAround(beforeAll, afterAll, options);
}

/** A retry policy that records its waits instead of sleeping. */
export function recordingRetry(): Partial<RetryPolicy> & { waits: number[] } {
    const waits: number[] = [];
    return {
        waits,
        baseDelayMs: 1000,
        maxDelayMs: 30_000,
        maxAttempts: 6,
        sleep: async (ms: number) => {
            waits.push(ms);
        }
    };
}

/**
 * The environment under which the built `stageplay` CLI logs in to the stand-in org by access token
 * (`SF_ACCESS_TOKEN` + `SF_INSTANCE_URL`), with `home` as the sf home and quick Bulk polling.
 */
export function cliEnvFor(org: StandinOrg, home: string): Record<string, string | undefined> {
    return {
        HOME: home,
        SF_ACCESS_TOKEN: org.accessToken,
        SF_INSTANCE_URL: org.instanceUrl,
        SF_TARGET_ORG: undefined,
        SF_DISABLE_TELEMETRY: 'true',
        STAGEPLAY_BULK_POLL_MS: '5',
        SF_AUTOUPDATE_DISABLE: 'true',
        SF_USE_GENERIC_UNIX_KEYCHAIN: 'true'
    };
}
