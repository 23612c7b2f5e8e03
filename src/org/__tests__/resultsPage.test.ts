/**
 * Bulk query results pages are the one read made outside jsforce (their `Sforce-Locator` header is
 * not in its public API: see readWithHeaders.ts), so what jsforce gives every other call is proven
 * for them here, against the stand-in org: a dropped connection (reported the way Node's own fetch
 * reports it) is retried under the policy; an expired session is refreshed by jsforce and the page
 * asked for again with the new token; a session jsforce cannot refresh stops the read with
 * SessionExpiredError, without retrying.
 */
import { Connection } from 'jsforce';
import { StandinOrg } from '../../../test/standin/standinOrg';
import { jsforceConnection, recordingRetry } from '../../../test/standin/testing';
import { bulkQueryPages, type BulkRow } from '../bulkQuery';
import { SessionExpiredError } from '../errors';
import { retryPolicy } from '../http';

const SOQL = 'SELECT Id, Name FROM Account';

/** Method and path of each request from `from` on, with its status, for the wire sequence. */
function wire(org: StandinOrg, from: number): string[] {
    return org.requests
        .slice(from)
        .map((r) => `${r.method} ${r.path.replace(/\/services\/data\/v[\d.]+/, '')} ${r.status}`);
}

/**
 * The wire sequence from `from` on, with the Bulk job's own path written `JOB` (its id is the org's to
 * choose); the first request read must be one of the job's results pages.
 */
function jobWire(org: StandinOrg, from: number): string[] {
    const requests = wire(org, from);
    const jobPath = requests[0].split(' ')[1].replace(/\/results$/, '');
    return requests.map((request) => request.split(jobPath).join('JOB'));
}

/** Small pages, so 250 rows take three, and no wait between status polls. */
const PAGING = { pageSize: 100, pollIntervalMs: 1 };
/** The token the org hands out once it has ended the session the connection holds. */
const ROTATED_TOKEN = '00D5g000004StndEAC!AQ0standin.rotated_token';

describe('a Bulk query results page read outside jsforce', () => {
    let org: StandinOrg;
    beforeEach(async () => {
        org = await StandinOrg.start({ metadataRoot: null });
        org.seed(
            'Account',
            Array.from({ length: 250 }, (_, i) => ({ Name: `Account ${i}` }))
        );
    });
    afterEach(async () => {
        await org.stop();
    });

    it('retries a page whose connection dropped, under the retry policy', async () => {
        org.failNext({ path: /\/results$/, kind: 'drop' });
        const retry = recordingRetry();
        const rows: BulkRow[] = [];
        for await (const page of bulkQueryPages(jsforceConnection(org), SOQL, retryPolicy(retry), PAGING))
            rows.push(...page);
        expect(new Set(rows.map((r) => r.Id)).size).toBe(250);
        expect(
            org.requests.filter((r) => r.fault).map((r) => [r.fault, r.path.endsWith('/results')])
        ).toEqual([['drop', true]]);
        expect(retry.waits.filter((w) => w >= 1000)).toEqual([1000]);
    });

    it('lets jsforce refresh the session, then reads the page with the new token', async () => {
        let refreshes = 0;
        const conn = new Connection({
            instanceUrl: org.instanceUrl,
            accessToken: org.accessToken,
            version: org.apiVersion,
            refreshFn: (_conn, callback) => {
                refreshes += 1;
                callback(null, org.accessToken);
            }
        });
        const retry = recordingRetry();
        const pages = bulkQueryPages(conn, SOQL, retryPolicy(retry), PAGING);
        const first = await pages.next();
        const from = org.requests.length;
        // The org ends the session the connection holds.
        org.accessToken = ROTATED_TOKEN;
        const rows: BulkRow[] = [...(first.value as BulkRow[])];
        for await (const page of pages) rows.push(...page);

        expect(refreshes).toBe(1);
        expect(conn.accessToken).toBe(org.accessToken);
        expect(new Set(rows.map((r) => r.Id)).size).toBe(250);
        expect(jobWire(org, from)).toEqual([
            'GET JOB/results 401',
            // jsforce's own call: refused, session refreshed, sent again.
            'GET JOB 401',
            'GET JOB 200',
            'GET JOB/results 200',
            'GET JOB/results 200',
            'DELETE JOB 204'
        ]);
        // A refreshed session is not a fault: nothing waited.
        expect(retry.waits.filter((w) => w >= 1000)).toEqual([]);
    });

    it('stops with SessionExpiredError when jsforce cannot refresh it', async () => {
        const pages = bulkQueryPages(jsforceConnection(org), SOQL, retryPolicy(recordingRetry()), PAGING);
        await pages.next();
        const from = org.requests.length;
        org.accessToken = ROTATED_TOKEN;
        const error = await pages.next().catch((err: unknown) => err);
        expect(error).toBeInstanceOf(SessionExpiredError);
        // The page once, jsforce's check once, then the best-effort cleanup (also refused): no retries.
        expect(jobWire(org, from)).toEqual(['GET JOB/results 401', 'GET JOB 401', 'DELETE JOB 401']);
    });
});
