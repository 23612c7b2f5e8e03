/**
 * Every call the adapter makes goes through jsforce's public `Connection.request()`: jsforce adds the
 * auth header, refreshes the session through @salesforce/core when the login has a refresh token,
 * goes through the proxy jsforce is set up with and parses the API's errors. jsforce's built-in
 * retries are switched off per call (`retry: { maxRetries: 0 }`, jsforce's public `HttpRequestOptions`)
 * so that one policy decides what is retried, how often and how long to wait (the sleep is
 * injectable, so tests do not wait).
 *
 * The Bulk API 2.0 lifecycles (bulkQuery.ts, upsert.ts) are written over these calls rather than on
 * jsforce's `conn.bulk2` job classes: those build their requests with jsforce's default retries,
 * which no option turns off (five more sends of a GET, PUT or DELETE after a 5xx or a dropped
 * connection, with real sleeps), so an ingest upload could be sent again after it may have landed;
 * their `poll()` sleeps on a fixed timer; and `QueryJobV2.result()` reads every results page, without
 * `maxRecords`, before it returns. docs/DESIGN.md ("The org adapter") has the details.
 */
import type { HttpMethods } from 'jsforce';
import { OrgRequestError, SessionExpiredError } from './errors';

/** The request `Connection.request()` takes (jsforce's public `HttpRequest`, a string body). */
export interface OrgHttpRequest {
    method: HttpMethods;
    url: string;
    headers?: Record<string, string>;
    body?: string;
}

/**
 * What the adapter needs of a connection: jsforce's public `Connection` surface. Both a plain
 * jsforce `Connection` and the one `@salesforce/core` returns (built on `@jsforce/jsforce-node`, a
 * separate copy of jsforce) fit.
 */
export interface OrgConnection {
    instanceUrl: string;
    version: string;
    accessToken?: string | null;
    getUsername?: () => string | undefined;
    /** jsforce's `Connection.request(request, options)`; `options` reach jsforce's HTTP layer. */
    request<R = unknown>(request: OrgHttpRequest, options?: object): PromiseLike<R>;
}

export interface RetryPolicy {
    /** Attempts in all, the first included. Default 6. */
    maxAttempts: number;
    /** Delay before the first retry; doubled each time. Default 1,000 ms. */
    baseDelayMs: number;
    maxDelayMs: number;
    sleep: (ms: number) => Promise<void>;
    /** Told about each retry, for progress output. */
    onRetry?: (info: { what: string; attempt: number; delayMs: number; reason: string }) => void;
}

export const defaultRetryPolicy: RetryPolicy = {
    maxAttempts: 6,
    baseDelayMs: 1000,
    maxDelayMs: 30_000,
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms))
};

export function retryPolicy(overrides: Partial<RetryPolicy> | undefined): RetryPolicy {
    return { ...defaultRetryPolicy, ...(overrides ?? {}) };
}

export interface OrgRequest {
    method: HttpMethods;
    /** Path from the instance root (`/services/data/v62.0/...`) or from the API version root (`/jobs/query`). */
    path: string;
    body?: string;
    headers?: Record<string, string>;
    /** `text` returns the body as a string (CSV pages), `json` parses it. */
    expect?: 'json' | 'text';
}

export interface OrgResponse<T> {
    body: T;
}

/** What went wrong with one call, reduced to what the retry decision needs. */
export interface CallFailure {
    transient: boolean;
    sessionExpired: boolean;
    errorCode: string;
    /** The HTTP status, when the failure names it (jsforce reports a status only for bodies it cannot parse). */
    status: number | null;
    message: string;
}

const transientCodes = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNREFUSED',
    'UND_ERR_SOCKET',
    'UND_ERR_CONNECT_TIMEOUT',
    'UND_ERR_HEADERS_TIMEOUT',
    'UND_ERR_BODY_TIMEOUT',
    'ENETUNREACH'
]);
const transientErrorCodes = new Set([
    'REQUEST_LIMIT_EXCEEDED',
    'SERVER_UNAVAILABLE',
    'UNKNOWN_EXCEPTION',
    'QUERY_TIMEOUT'
]);

/**
 * The system error code of a network failure. jsforce's node-fetch build puts it on the error;
 * undici's fetch (in `@jsforce/jsforce-node` and Node's own `fetch`) on its `cause`, or the cause's cause.
 */
function networkCode(err: unknown): string {
    let current = err as { code?: unknown; cause?: unknown } | undefined;
    for (let depth = 0; current && depth < 3; depth += 1) {
        if (typeof current.code === 'string' && current.code) return current.code;
        current = current.cause as typeof current;
    }
    return '';
}

/** A failed call's error (jsforce's `HttpApiError`, a network error, or `httpFailure`'s) as a retry decision. */
function classify(err: unknown): CallFailure {
    const e = err as { errorCode?: string; code?: string; message?: string; name?: string; status?: number };
    let errorCode = e.errorCode ?? e.code ?? e.name ?? 'ERROR';
    let message = e.message ?? String(err);
    // jsforce names the status only when it could not read an error out of the body: ERROR_HTTP_503.
    const statusInCode = /^ERROR_HTTP_(\d{3})$/.exec(errorCode);
    const status = typeof e.status === 'number' ? e.status : statusInCode ? Number(statusInCode[1]) : null;
    // With a text response type jsforce reports the raw body; recover the API's own error code from it.
    if (statusInCode && message.trim().startsWith('[')) {
        try {
            const parsed = JSON.parse(message) as Array<{ errorCode?: string; message?: string }>;
            errorCode = parsed[0]?.errorCode ?? errorCode;
            message = parsed[0]?.message ?? message;
        } catch {
            // keep the raw body as the message
        }
    }
    const sessionExpired =
        errorCode === 'INVALID_SESSION_ID' ||
        (status === 401 && !/insufficient|not valid for use with the REST API/i.test(message)) ||
        /refresh token|No refresh token|expired access\/refresh token|invalid_grant/i.test(message);
    const code = networkCode(err);
    const network =
        transientCodes.has(code) ||
        e.name === 'FetchError' ||
        /socket hang up|ECONNRESET|network timeout|EPIPE|other side closed/i.test(message);
    const transient =
        !sessionExpired &&
        (network ||
            transientErrorCodes.has(errorCode) ||
            (status !== null && status >= 500) ||
            status === 429);
    return { transient, sessionExpired, errorCode: network && code ? code : errorCode, status, message };
}

function versionRoot(conn: OrgConnection): string {
    return `${conn.instanceUrl.replace(/\/+$/, '')}/services/data/v${conn.version}`;
}

export function absoluteUrl(conn: OrgConnection, path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    if (path.startsWith('/services/')) return `${conn.instanceUrl.replace(/\/+$/, '')}${path}`;
    return `${versionRoot(conn)}${path.startsWith('/') ? '' : '/'}${path}`;
}

/** The options every call hands jsforce's HTTP layer. */
function jsforceOptions(expect: OrgRequest['expect']): object {
    return {
        // jsforce parses by the answer's content type; CSV pages and empty DELETE answers stay text.
        responseType: expect === 'text' ? 'text/plain' : undefined,
        noContentResponse: null,
        // One retry policy (ours) rather than two stacked ones.
        retry: { maxRetries: 0 }
    };
}

async function callOnce<T>(conn: OrgConnection, request: OrgRequest): Promise<OrgResponse<T>> {
    const body = await conn.request<T>(
        {
            method: request.method,
            url: absoluteUrl(conn, request.path),
            headers: {
                ...(request.body !== undefined && !request.headers?.['Content-Type']
                    ? { 'Content-Type': 'application/json; charset=UTF-8' }
                    : {}),
                ...(request.headers ?? {})
            },
            ...(request.body !== undefined ? { body: request.body } : {})
        },
        jsforceOptions(request.expect)
    );
    return { body };
}

/**
 * Runs `attempt` until it succeeds, fails for good, or the policy's attempts are spent; a transient
 * failure waits (doubling) before the next attempt. `what` names the call in errors.
 */
export async function withRetries<T>(
    conn: OrgConnection,
    what: string,
    policy: RetryPolicy,
    attempt: () => Promise<T>
): Promise<T> {
    for (let n = 1; ; n += 1) {
        try {
            return await attempt();
        } catch (err) {
            const failure = classify(err);
            if (failure.sessionExpired) throw new SessionExpiredError(conn.getUsername?.() ?? null);
            if (!failure.transient || n >= policy.maxAttempts) {
                throw new OrgRequestError(
                    `${what} failed${n > 1 ? ` after ${n} attempts` : ''}: ${failure.errorCode}: ${failure.message}`,
                    failure.errorCode,
                    failure.status,
                    n
                );
            }
            const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (n - 1));
            policy.onRetry?.({
                what,
                attempt: n,
                delayMs,
                reason: `${failure.errorCode}: ${failure.message}`
            });
            await policy.sleep(delayMs);
        }
    }
}

/**
 * One API call with retries for transient faults (5xx, dropped connections, REQUEST_LIMIT_EXCEEDED).
 * `what` names the call in errors ("Bulk query job for OpportunityHistory"). Only call this for
 * requests that are safe to repeat: reads, and writes whose repetition cannot duplicate data.
 */
export function orgRequest<T>(
    conn: OrgConnection,
    request: OrgRequest,
    what: string,
    policy: RetryPolicy
): Promise<OrgResponse<T>> {
    return withRetries(conn, what, policy, () => callOnce<T>(conn, request));
}

/** Like `orgRequest`, but a failure is returned (not thrown) so callers can inspect state before retrying. */
export async function orgRequestOnce<T>(
    conn: OrgConnection,
    request: OrgRequest
): Promise<{ ok: true; response: OrgResponse<T> } | { ok: false; failure: CallFailure }> {
    try {
        return { ok: true, response: await callOnce<T>(conn, request) };
    } catch (err) {
        const failure = classify(err);
        if (failure.sessionExpired) throw new SessionExpiredError(conn.getUsername?.() ?? null);
        return { ok: false, failure };
    }
}

/** Every record of a REST query, following `nextRecordsUrl` (queryMore) page by page. */
export async function queryAllPages<R>(
    conn: OrgConnection,
    soql: string,
    policy: RetryPolicy,
    onPage?: (records: R[]) => void
): Promise<R[]> {
    const all: R[] = [];
    let path: string | null = `/query?q=${encodeURIComponent(soql)}`;
    while (path) {
        const page: OrgResponse<{ records: R[]; done: boolean; nextRecordsUrl?: string }> = await orgRequest(
            conn,
            { method: 'GET', path },
            `Query "${soql.length > 80 ? `${soql.slice(0, 77)}...` : soql}"`,
            policy
        );
        if (onPage) onPage(page.body.records);
        else all.push(...page.body.records);
        path = page.body.done ? null : (page.body.nextRecordsUrl ?? null);
    }
    return all;
}

/**
 * Delays between Bulk job status checks: short at first (most jobs of a few thousand rows finish in
 * well under a second), doubling up to `maxMs` so a long job costs few API calls.
 */
export function pollDelays(maxMs: number): () => number {
    let next = Math.min(200, maxMs);
    return () => {
        const current = next;
        next = Math.min(maxMs, next * 2);
        return current;
    };
}
