/**
 * Helpers for tests that drive the real jsforce against the stand-in org.
 */
import { Connection } from 'jsforce';
import type { RetryPolicy } from '../../src/org';
import type { StandinOrg } from './standinOrg';

export function jsforceConnection(org: StandinOrg): Connection {
    return new Connection({
        instanceUrl: org.instanceUrl,
        accessToken: org.accessToken,
        version: org.apiVersion
    });
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
