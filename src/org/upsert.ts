/**
 * External-id upserts, the one way Stageplay writes records. Small sets go through the REST
 * sObject Collections upsert (200 rows a call), large ones through Bulk API 2.0 ingest jobs.
 *
 * Why it is safe to retry: every row is keyed by an external id, so sending a row again can only
 * update the record it created, never create a second one. Even so, a row is sent again only while
 * its outcome is unknown (the call failed or the job did not process it); rows the org has
 * confirmed, as saved or as rejected, are never re-sent.
 */
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { parseCsvRecords } from './csv';
import { OrgRequestError, SessionExpiredError } from './errors';
import {
    orgRequest,
    orgRequestOnce,
    pollDelays,
    retryPolicy,
    type RetryPolicy,
    type OrgConnection
} from './http';

/** One reason the org gave for rejecting a row. */
export interface RowError {
    statusCode: string;
    message: string;
    /** Fields at fault, when the org names them. */
    fields: string[];
}

export interface UpsertResult {
    /** The row's external id value. */
    key: string;
    success: boolean;
    /** True when the upsert inserted a new record. */
    created: boolean;
    id: string | null;
    /** One line per error: `STATUS_CODE: message (fields: A, B)`. */
    errors: string[];
    details: RowError[];
}

export interface UpsertProgress {
    phase: 'rest' | 'bulk:create job' | 'bulk:upload' | 'bulk:processing' | 'bulk:results';
    total: number;
    /** Rows with a known outcome so far. */
    processed: number;
    succeeded: number;
    failed: number;
}

export interface UpsertOptions {
    /** `auto` (default): REST up to `bulkThreshold` rows, Bulk API 2.0 above. */
    api?: 'auto' | 'rest' | 'bulk';
    bulkThreshold?: number;
    /** Rows per REST call (max 200, the API's limit). */
    chunkSize?: number;
    /** Rows per Bulk ingest job. Default 10,000. */
    bulkJobSize?: number;
    /** Extra passes for rows refused with UNABLE_TO_LOCK_ROW. Default 2. */
    lockRetries?: number;
    /** Bulk jobs tried for rows the org left unprocessed. Default 3. */
    maxBulkRounds?: number;
    /** Longest delay between job status checks (they start at 200 ms and double). Default 2,000 ms. */
    pollIntervalMs?: number;
    pollTimeoutMs?: number;
    retry?: Partial<RetryPolicy>;
    onProgress?: (progress: UpsertProgress) => void;
}

type Row = Record<string, unknown>;

/** One upsert call's fixed facts, which the REST and Bulk paths share. */
interface UpsertRun {
    conn: OrgConnection;
    sobject: string;
    extIdField: string;
    rows: Row[];
    /** Each row's outcome once the org has confirmed it; null while unknown. */
    results: Array<UpsertResult | null>;
    policy: RetryPolicy;
    options: UpsertOptions;
    progress: (phase: UpsertProgress['phase']) => void;
}

export function formatRowError(e: RowError): string {
    return `${e.statusCode}: ${e.message}${e.fields.length ? ` (fields: ${e.fields.join(', ')})` : ''}`;
}

function failed(key: string, details: RowError[]): UpsertResult {
    return { key, success: false, created: false, id: null, errors: details.map(formatRowError), details };
}

/** `REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --` → its parts. */
export function parseBulkError(text: string): RowError[] {
    return text
        .split(/\s--\s?|--$/)
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part) => {
            const first = part.indexOf(':');
            if (first < 0) return { statusCode: 'UNKNOWN', message: part, fields: [] };
            const statusCode = part.slice(0, first);
            let message = part.slice(first + 1);
            let fields: string[] = [];
            const last = message.lastIndexOf(':');
            if (last >= 0 && /^[A-Za-z0-9_.,]*$/.test(message.slice(last + 1))) {
                fields = message
                    .slice(last + 1)
                    .split(',')
                    .filter(Boolean);
                message = message.slice(0, last);
            }
            return { statusCode, message, fields };
        });
}

function csvCell(value: unknown): string {
    // Bulk CSV: an empty cell leaves a field as it is; #N/A clears it.
    if (value === undefined) return '';
    if (value === null) return '#N/A';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    if (value instanceof Date) return value.toISOString();
    return String(value);
}

export async function upsertRecords(
    conn: OrgConnection,
    sobject: string,
    extIdField: string,
    rows: Row[],
    options: UpsertOptions = {}
): Promise<UpsertResult[]> {
    const policy = retryPolicy(options.retry);
    const results: Array<UpsertResult | null> = rows.map(() => null);
    const seen = new Map<string, number>();
    const pending: number[] = [];
    rows.forEach((row, index) => {
        const raw = row[extIdField];
        const key = raw === undefined || raw === null ? '' : String(raw);
        if (key === '') {
            results[index] = failed('', [
                {
                    statusCode: 'MISSING_EXTERNAL_ID',
                    message: `row ${index + 1} has no ${extIdField}`,
                    fields: [extIdField]
                }
            ]);
            return;
        }
        // Exact match: Stageplay's keys (Benchmark_Key__c, Snapshot_Key__c) are case-sensitive external
        // ids, so "Discovery|x" and "discovery|x" are two records, not a duplicate.
        const first = seen.get(key);
        if (first !== undefined) {
            // Two rows with one key would race for the same record; the org rejects such batches too.
            results[index] = failed(key, [
                {
                    statusCode: 'DUPLICATE_EXTERNAL_ID',
                    message: `${extIdField} "${key}" also on row ${first + 1} of the same upsert`,
                    fields: [extIdField]
                }
            ]);
            return;
        }
        seen.set(key, index);
        pending.push(index);
    });

    const progress = (phase: UpsertProgress['phase']): void => {
        if (!options.onProgress) return;
        let processed = 0;
        let succeeded = 0;
        for (const r of results) {
            if (!r) continue;
            processed += 1;
            if (r.success) succeeded += 1;
        }
        options.onProgress({
            phase,
            total: rows.length,
            processed,
            succeeded,
            failed: processed - succeeded
        });
    };

    const api = options.api ?? 'auto';
    const useBulk = api === 'bulk' || (api === 'auto' && pending.length > (options.bulkThreshold ?? 2000));
    const run: UpsertRun = { conn, sobject, extIdField, rows, results, policy, options, progress };
    const send = (indices: number[]): Promise<void> =>
        useBulk ? upsertBulk(run, indices) : upsertRest(run, indices);
    try {
        await send(pending);
        // A row refused only because another transaction held a lock (often its parent Account) was
        // not saved, so sending it again later cannot write it twice.
        for (let round = 1; round <= (options.lockRetries ?? 2); round += 1) {
            const locked = pending.filter((i) => {
                const r = results[i];
                return (
                    r &&
                    !r.success &&
                    r.details.length > 0 &&
                    r.details.every((d) => d.statusCode === 'UNABLE_TO_LOCK_ROW')
                );
            });
            if (!locked.length) break;
            const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (round - 1));
            policy.onRetry?.({
                what: `${locked.length} locked ${sobject} rows`,
                attempt: round,
                delayMs,
                reason: 'UNABLE_TO_LOCK_ROW'
            });
            await policy.sleep(delayMs);
            for (const i of locked) results[i] = null;
            await send(locked);
        }
    } catch (err) {
        if (err instanceof SessionExpiredError || err instanceof OrgRequestError) {
            // Whoever catches this can still report the rows the org confirmed before it stopped.
            Object.assign(err, { results: results.filter((r): r is UpsertResult => r !== null) });
        }
        throw err;
    }
    return results.map(
        (r, index) =>
            r ??
            failed(String(rows[index][extIdField]), [
                {
                    statusCode: 'NOT_PROCESSED',
                    message: 'the org did not process this row; run again',
                    fields: []
                }
            ])
    );
}

/** One row's answer in an sObject Collections call, an upsert's or a delete's. */
export interface CollectionResult {
    id?: string;
    success: boolean;
    created?: boolean;
    errors: Array<{ statusCode?: string; errorCode?: string; message: string; fields?: string[] }>;
}

/** The reasons the org gave for refusing one row of an sObject Collections call. */
export function rowErrorsOf(result: CollectionResult): RowError[] {
    return (result.errors ?? []).map((e) => ({
        statusCode: e.statusCode ?? e.errorCode ?? 'UNKNOWN',
        message: e.message,
        fields: e.fields ?? []
    }));
}

async function upsertRest(run: UpsertRun, pending: number[]): Promise<void> {
    const { conn, sobject, extIdField, rows, results, policy, options, progress } = run;
    const chunkSize = Math.min(200, Math.max(1, options.chunkSize ?? 200));
    for (let start = 0; start < pending.length; start += chunkSize) {
        const chunk = pending.slice(start, start + chunkSize);
        const body = JSON.stringify({
            allOrNone: false,
            records: chunk.map((index) => {
                const { attributes: _ignored, ...values } = rows[index] as Row & { attributes?: unknown };
                return { attributes: { type: sobject }, ...values };
            })
        });
        // Retrying this PATCH is safe: the rows are keyed by external id and none of them is confirmed yet.
        const response = await orgRequest<CollectionResult[]>(
            conn,
            { method: 'PATCH', path: `/composite/sobjects/${sobject}/${extIdField}`, body },
            `Upsert of ${chunk.length} ${sobject} rows (${extIdField} ${String(rows[chunk[0]][extIdField])}...)`,
            policy
        );
        if (!Array.isArray(response.body) || response.body.length !== chunk.length) {
            throw new OrgRequestError(
                `Upsert of ${sobject}: the org answered ${Array.isArray(response.body) ? response.body.length : 'no'} results for ${chunk.length} rows`,
                'UNEXPECTED_RESPONSE',
                null,
                1
            );
        }
        response.body.forEach((r, i) => {
            const index = chunk[i];
            const key = String(rows[index][extIdField]);
            results[index] = r.success
                ? {
                      key,
                      success: true,
                      created: r.created === true,
                      id: r.id ?? null,
                      errors: [],
                      details: []
                  }
                : failed(key, rowErrorsOf(r));
        });
        progress('rest');
    }
}

interface IngestJobInfo {
    id: string;
    state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
    errorMessage?: string;
}

async function upsertBulk(run: UpsertRun, pending: number[]): Promise<void> {
    const { options } = run;
    const jobSize = Math.max(1, options.bulkJobSize ?? 10_000);
    const maxRounds = options.maxBulkRounds ?? 3;
    for (let start = 0; start < pending.length; start += jobSize) {
        let unknown = pending.slice(start, start + jobSize);
        for (let round = 1; round <= maxRounds && unknown.length; round += 1) {
            unknown = await runIngestJob(run, unknown);
        }
    }
}

/** One ingest job over `indices`; returns the indices whose outcome is still unknown. */
async function runIngestJob(run: UpsertRun, indices: number[]): Promise<number[]> {
    const { conn, sobject, extIdField, rows, results, policy, options, progress } = run;
    const what = `Bulk upsert of ${indices.length} ${sobject} rows`;
    const columns = [extIdField, ...new Set(indices.flatMap((i) => Object.keys(rows[i])))].filter(
        (c, i, all) => c !== 'attributes' && all.indexOf(c) === i
    );
    const csv = stringifyCsv([columns, ...indices.map((i) => columns.map((c) => csvCell(rows[i][c])))], {
        record_delimiter: 'unix'
    });
    progress('bulk:create job');
    // An Open job that never gets its data is never processed, so creating one twice is harmless.
    const job = await orgRequest<IngestJobInfo>(
        conn,
        {
            method: 'POST',
            path: '/jobs/ingest',
            body: JSON.stringify({
                object: sobject,
                externalIdFieldName: extIdField,
                operation: 'upsert',
                contentType: 'CSV',
                lineEnding: 'LF'
            })
        },
        what,
        policy
    );
    const jobPath = `/jobs/ingest/${job.body.id}`;
    progress('bulk:upload');
    const upload = await orgRequestOnce(conn, {
        method: 'PUT',
        path: `${jobPath}/batches`,
        body: csv,
        headers: { 'Content-Type': 'text/csv' }
    });
    if (!upload.ok) {
        if (!upload.failure.transient) {
            throw new OrgRequestError(
                `${what}: upload failed: ${upload.failure.message}`,
                upload.failure.errorCode,
                upload.failure.status,
                1
            );
        }
        // Whether the data arrived is unknown; an aborted job is never processed, so a new job is safe.
        await orgRequestOnce(conn, {
            method: 'PATCH',
            path: jobPath,
            body: JSON.stringify({ state: 'Aborted' })
        });
        policy.onRetry?.({ what, attempt: 1, delayMs: policy.baseDelayMs, reason: upload.failure.message });
        await policy.sleep(policy.baseDelayMs);
        return indices;
    }
    let state: IngestJobInfo['state'] = 'Open';
    for (let attempt = 1; state === 'Open'; attempt += 1) {
        const close = await orgRequestOnce<IngestJobInfo>(conn, {
            method: 'PATCH',
            path: jobPath,
            body: JSON.stringify({ state: 'UploadComplete' })
        });
        if (close.ok) {
            state = close.response.body.state;
            break;
        }
        // The close may have reached the org even though its answer did not: ask before closing again.
        const info = await orgRequest<IngestJobInfo>(conn, { method: 'GET', path: jobPath }, what, policy);
        state = info.body.state;
        if (state === 'Open' && (!close.failure.transient || attempt >= policy.maxAttempts)) {
            throw new OrgRequestError(
                `${what}: closing job ${job.body.id} failed: ${close.failure.message}`,
                close.failure.errorCode,
                close.failure.status,
                attempt
            );
        }
        if (state === 'Open')
            await policy.sleep(Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1)));
    }
    progress('bulk:processing');
    const deadline = Date.now() + (options.pollTimeoutMs ?? 30 * 60_000);
    let errorMessage: string | undefined;
    const nextDelay = pollDelays(options.pollIntervalMs ?? 2000);
    while (state === 'UploadComplete' || state === 'InProgress') {
        if (Date.now() > deadline) {
            throw new OrgRequestError(
                `${what}: job ${job.body.id} still ${state} after the poll timeout`,
                'POLL_TIMEOUT',
                null,
                1
            );
        }
        await policy.sleep(nextDelay());
        const info = await orgRequest<IngestJobInfo>(conn, { method: 'GET', path: jobPath }, what, policy);
        state = info.body.state;
        errorMessage = info.body.errorMessage;
    }
    progress('bulk:results');
    const fetchCsv = async (name: string): Promise<Array<Record<string, string>>> => {
        const page = await orgRequest<string>(
            conn,
            { method: 'GET', path: `${jobPath}/${name}`, headers: { Accept: 'text/csv' }, expect: 'text' },
            `${what}: ${name}`,
            policy
        );
        const text = typeof page.body === 'string' ? page.body : '';
        return text.trim() ? parseCsvRecords(text) : [];
    };
    const byKey = new Map(indices.map((i) => [String(rows[i][extIdField]), i]));
    for (const row of await fetchCsv('successfulResults')) {
        const index = byKey.get(row[extIdField] ?? '');
        if (index === undefined) continue;
        results[index] = {
            key: String(rows[index][extIdField]),
            success: true,
            created: row.sf__Created === 'true',
            id: row.sf__Id || null,
            errors: [],
            details: []
        };
    }
    for (const row of await fetchCsv('failedResults')) {
        const index = byKey.get(row[extIdField] ?? '');
        if (index === undefined) continue;
        results[index] = failed(String(rows[index][extIdField]), parseBulkError(row.sf__Error ?? ''));
    }
    if (state === 'Failed' && errorMessage && indices.every((i) => results[i] === null)) {
        // A job-level failure (bad column, unknown object) will fail the same way every time.
        throw new OrgRequestError(
            `${what}: job ${job.body.id} failed: ${errorMessage}`,
            'JOB_FAILED',
            null,
            1
        );
    }
    progress('bulk:results');
    return indices.filter((i) => results[i] === null);
}
