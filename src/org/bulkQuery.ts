/**
 * Bulk API 2.0 queries read page by page: create the job, poll until it completes, then fetch the
 * CSV results `maxRecords` rows at a time, following `Sforce-Locator`. Each page is parsed and handed
 * over before the next is fetched, so memory holds one page, whatever the size of the org.
 *
 * The job is deleted when the read ends, however it ends (done, failed, or the caller stopped early):
 * query jobs and their results otherwise stay in the org for days and count against its limit of
 * open Bulk jobs. A job still running is aborted first, since only a finished job can be deleted.
 */
import { parseCsvRecords } from './csv';
import { OrgRequestError } from './errors';
import { orgRequest, pollDelays, withRetries, type RetryPolicy, type OrgConnection } from './http';
import { readWithHeaders } from './readWithHeaders';

export interface BulkQueryOptions {
    /** Rows per results page (`maxRecords`). Default 50,000. */
    pageSize?: number;
    /** Longest delay between job status checks (they start at 200 ms and double). Default 2,000 ms. */
    pollIntervalMs?: number;
    /** Give up waiting for the job after this long. Default 30 minutes. */
    pollTimeoutMs?: number;
    /** Include deleted and archived rows (`queryAll`). */
    scanAll?: boolean;
}

interface QueryJobInfo {
    id: string;
    state: 'UploadComplete' | 'InProgress' | 'Aborted' | 'JobComplete' | 'Failed';
    errorMessage?: string;
    numberRecordsProcessed?: number;
}

/** One page of a Bulk query: rows keyed by the CSV header (`Owner.Name` for parent fields); blank cells are ''. */
export type BulkRow = Record<string, string>;

export async function* bulkQueryPages(
    conn: OrgConnection,
    soql: string,
    policy: RetryPolicy,
    options: BulkQueryOptions = {}
): AsyncGenerator<BulkRow[], void, void> {
    const what = `Bulk query "${soql.length > 80 ? `${soql.slice(0, 77)}...` : soql}"`;
    // Creating a query job twice (after a lost response) only leaves an unused job behind.
    const created = await orgRequest<QueryJobInfo>(
        conn,
        {
            method: 'POST',
            path: '/jobs/query',
            body: JSON.stringify({ operation: options.scanAll ? 'queryAll' : 'query', query: soql })
        },
        what,
        policy
    );
    const jobId = created.body.id;
    let state = created.body.state;
    let finished = false;
    try {
        const nextDelay = pollDelays(options.pollIntervalMs ?? 2000);
        const deadline = Date.now() + (options.pollTimeoutMs ?? 30 * 60_000);
        while (state !== 'JobComplete') {
            if (state === 'Failed' || state === 'Aborted') {
                throw new OrgRequestError(
                    `${what}: job ${jobId} ${state.toLowerCase()}`,
                    `JOB_${state.toUpperCase()}`,
                    null,
                    1
                );
            }
            if (Date.now() > deadline) {
                throw new OrgRequestError(
                    `${what}: job ${jobId} still ${state} after the poll timeout`,
                    'POLL_TIMEOUT',
                    null,
                    1
                );
            }
            await policy.sleep(nextDelay());
            const info = await orgRequest<QueryJobInfo>(
                conn,
                { method: 'GET', path: `/jobs/query/${jobId}` },
                what,
                policy
            );
            state = info.body.state;
            if (info.body.errorMessage && state === 'Failed') {
                throw new OrgRequestError(
                    `${what}: job ${jobId} failed: ${info.body.errorMessage}`,
                    'JOB_FAILED',
                    null,
                    1
                );
            }
        }
        const pageSize = options.pageSize ?? 50_000;
        let locator: string | null = null;
        for (;;) {
            const query: string = `maxRecords=${pageSize}${locator ? `&locator=${encodeURIComponent(locator)}` : ''}`;
            // A results page is addressed by its locator, so re-fetching it after a fault returns the same rows.
            // The locator comes in a response header, which jsforce's public API does not hand back: see readWithHeaders.ts.
            const page = await withRetries(conn, what, policy, () =>
                readWithHeaders(conn, {
                    path: `/jobs/query/${jobId}/results?${query}`,
                    accept: 'text/csv',
                    sessionCheckPath: `/jobs/query/${jobId}`
                })
            );
            const rows = page.body.trim() === '' ? [] : parseCsvRecords(page.body);
            if (rows.length) yield rows;
            const next = page.header('sforce-locator');
            if (!next || next === 'null') break;
            locator = next;
        }
        finished = true;
    } finally {
        await deleteQueryJob(conn, jobId, state, what, policy, finished);
    }
}

/**
 * Deletes a query job (aborting it first while it still runs). When the read itself succeeded, a job
 * that cannot be deleted is an error naming it; when the read already failed, that failure is the one
 * reported and the cleanup is best effort.
 */
async function deleteQueryJob(
    conn: OrgConnection,
    jobId: string,
    state: QueryJobInfo['state'],
    what: string,
    policy: RetryPolicy,
    readSucceeded: boolean
): Promise<void> {
    try {
        if (state === 'UploadComplete' || state === 'InProgress') {
            await orgRequest(
                conn,
                { method: 'PATCH', path: `/jobs/query/${jobId}`, body: JSON.stringify({ state: 'Aborted' }) },
                `${what}: abort job ${jobId}`,
                policy
            );
        }
        await orgRequest(
            conn,
            { method: 'DELETE', path: `/jobs/query/${jobId}`, expect: 'text' },
            `${what}: delete job ${jobId}`,
            policy
        );
    } catch (error) {
        if (!readSucceeded) return;
        throw new OrgRequestError(
            `${what}: the rows were read, but query job ${jobId} could not be deleted ` +
                `(${error instanceof Error ? error.message : String(error)}); delete it in Setup > Bulk Data Load Jobs`,
            'JOB_NOT_DELETED',
            null,
            1
        );
    }
}
