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
        for await (const page of bulkQueryPages(jsforceConnection(org), SOQL, retryPolicy(retry), {
            pageSize: 100,
            pollIntervalMs: 1
        }))
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
        const pages = bulkQueryPages(conn, SOQL, retryPolicy(retry), { pageSize: 100, pollIntervalMs: 1 });
        const first = await pages.next();
        const from = org.requests.length;
        // The org ends the session the connection holds.
        org.accessToken = '00D5g000004StndEAC!AQ0standin.rotated_token';
        const rows: BulkRow[] = [...(first.value as BulkRow[])];
        for await (const page of pages) rows.push(...page);

        expect(refreshes).toBe(1);
        expect(conn.accessToken).toBe(org.accessToken);
        expect(new Set(rows.map((r) => r.Id)).size).toBe(250);
        const jobPath = wire(org, from)[0]
            .split(' ')[1]
            .replace(/\/results$/, '');
        expect(wire(org, from)).toEqual([
            `GET ${jobPath}/results 401`,
            // jsforce's own call: refused, session refreshed, sent again.
            `GET ${jobPath} 401`,
            `GET ${jobPath} 200`,
            `GET ${jobPath}/results 200`,
            `GET ${jobPath}/results 200`,
            `DELETE ${jobPath} 204`
        ]);
        // A refreshed session is not a fault: nothing waited.
        expect(retry.waits.filter((w) => w >= 1000)).toEqual([]);
    });

    it('stops with SessionExpiredError when jsforce cannot refresh it', async () => {
        const conn = jsforceConnection(org);
        const pages = bulkQueryPages(conn, SOQL, retryPolicy(recordingRetry()), {
            pageSize: 100,
            pollIntervalMs: 1
        });
        await pages.next();
        const from = org.requests.length;
        org.accessToken = '00D5g000004StndEAC!AQ0standin.rotated_token';
        const error = await pages.next().catch((err: unknown) => err);
        expect(error).toBeInstanceOf(SessionExpiredError);
        const jobPath = wire(org, from)[0]
            .split(' ')[1]
            .replace(/\/results$/, '');
        // The page once, jsforce's check once, then the best-effort cleanup (also refused): no retries.
        expect(wire(org, from)).toEqual([
            `GET ${jobPath}/results 401`,
            `GET ${jobPath} 401`,
            `DELETE ${jobPath} 401`
        ]);
    });
});
