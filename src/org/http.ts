/**
 * Every call the adapter makes goes through `orgRequest`: jsforce's own HTTP layer (auth header,
 * session refresh through @salesforce/core when the login has a refresh token), with jsforce's
 * built-in retries switched off so that one policy decides what is retried, how often and how long
 * to wait (the sleep is injectable, so tests do not wait).
 */
import { Connection as JsforceConnection } from 'jsforce';
import JsforceHttpApi from 'jsforce/lib/http-api';
import type { HttpMethods } from 'jsforce/lib/types/common';
import { OrgRequestError, SessionExpiredError } from './errors';

/**
 * What the adapter needs of a connection. Both a plain jsforce `Connection` and the one
 * `@salesforce/core` returns (built on `@jsforce/jsforce-node`, a separate copy of jsforce) fit.
 */
export interface OrgConnection {
    instanceUrl: string;
    version: string;
    accessToken?: string | null;
    getUsername?: () => string | undefined;
}

type HttpApiClass = typeof JsforceHttpApi;

/** jsforce's HTTP layer from the same package as the connection, so session refresh works as that package intends. */
function httpApiFor(conn: OrgConnection): HttpApiClass {
    if (conn instanceof JsforceConnection) return JsforceHttpApi;
    try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const nodeBuild = require('@jsforce/jsforce-node/lib/http-api') as { default: HttpApiClass };
        return nodeBuild.default;
    } catch {
        // Same internals in both builds; jsforce's own works when the node build is not installed.
        return JsforceHttpApi;
    }
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
    status: number;
    headers: Record<string, string>;
}

/** What went wrong with one call, reduced to what the retry decision needs. */
interface CallFailure {
    transient: boolean;
    sessionExpired: boolean;
    errorCode: string;
    status: number | null;
    message: string;
}

const transientCodes = new Set([
    'ECONNRESET',
    'EPIPE',
    'ETIMEDOUT',
    'ECONNREFUSED',
    'UND_ERR_SOCKET',
    'ENETUNREACH'
]);
const transientErrorCodes = new Set([
    'REQUEST_LIMIT_EXCEEDED',
    'SERVER_UNAVAILABLE',
    'UNKNOWN_EXCEPTION',
    'QUERY_TIMEOUT'
]);

function classify(err: unknown, status: number | null): CallFailure {
    const e = err as { errorCode?: string; code?: string; message?: string; name?: string; data?: unknown };
    let errorCode = e.errorCode ?? e.code ?? e.name ?? 'ERROR';
    let message = e.message ?? String(err);
    // With a text response type jsforce reports the raw body; recover the API's own error code from it.
    if (/^ERROR_HTTP_\d+$/.test(errorCode) && message.trim().startsWith('[')) {
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
    const network =
        transientCodes.has(String(e.code ?? '')) ||
        e.name === 'FetchError' ||
        /socket hang up|ECONNRESET|network timeout|EPIPE/i.test(message);
    const transient =
        !sessionExpired &&
        (network ||
            transientErrorCodes.has(errorCode) ||
            (status !== null && status >= 500) ||
            status === 429 ||
            /^ERROR_HTTP_5\d\d$/.test(errorCode));
    return { transient, sessionExpired, errorCode, status, message };
}

function versionRoot(conn: OrgConnection): string {
    return `${conn.instanceUrl.replace(/\/+$/, '')}/services/data/v${conn.version}`;
}

export function absoluteUrl(conn: OrgConnection, path: string): string {
    if (/^https?:\/\//.test(path)) return path;
    if (path.startsWith('/services/')) return `${conn.instanceUrl.replace(/\/+$/, '')}${path}`;
    return `${versionRoot(conn)}${path.startsWith('/') ? '' : '/'}${path}`;
}

async function callOnce<T>(conn: OrgConnection, request: OrgRequest): Promise<OrgResponse<T>> {
    const HttpApi = httpApiFor(conn);
    const api = new HttpApi(conn as never, {
        responseType: request.expect === 'text' ? 'text/plain' : undefined,
        noContentResponse: null,
        // One retry policy (ours) rather than two stacked ones.
        retry: { maxRetries: 0 }
    });
    let status: number | null = null;
    let headers: Record<string, string> = {};
    api.on('response', (response: { statusCode: number; headers: Record<string, string> }) => {
        status = response.statusCode;
        headers = response.headers ?? {};
    });
    try {
        const body = await api.request<T>({
            method: request.method,
            url: absoluteUrl(conn, request.path),
            headers: {
                ...(request.body !== undefined && !request.headers?.['Content-Type']
                    ? { 'Content-Type': 'application/json; charset=UTF-8' }
                    : {}),
                ...(request.headers ?? {})
            },
            ...(request.body !== undefined ? { body: request.body } : {})
        });
        return { body, status: status ?? 200, headers };
    } catch (err) {
        throw Object.assign(err as object, { statusFromResponse: status });
    }
}

/**
 * One API call with retries for transient faults (5xx, dropped connections, REQUEST_LIMIT_EXCEEDED).
 * `what` names the call in errors ("Bulk query job for OpportunityHistory"). Only call this for
 * requests that are safe to repeat: reads, and writes whose repetition cannot duplicate data.
 */
export async function orgRequest<T>(
    conn: OrgConnection,
    request: OrgRequest,
    what: string,
    policy: RetryPolicy
): Promise<OrgResponse<T>> {
    for (let attempt = 1; ; attempt += 1) {
        try {
            return await callOnce<T>(conn, request);
        } catch (err) {
            const failure = classify(
                err,
                (err as { statusFromResponse?: number | null }).statusFromResponse ?? null
            );
            if (failure.sessionExpired) throw new SessionExpiredError(conn.getUsername?.() ?? null);
            if (!failure.transient || attempt >= policy.maxAttempts) {
                throw new OrgRequestError(
                    `${what} failed${attempt > 1 ? ` after ${attempt} attempts` : ''}: ${failure.errorCode}: ${failure.message}`,
                    failure.errorCode,
                    failure.status,
                    attempt
                );
            }
            const delayMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
            policy.onRetry?.({ what, attempt, delayMs, reason: `${failure.errorCode}: ${failure.message}` });
            await policy.sleep(delayMs);
        }
    }
}

/** Like `orgRequest`, but a failure is returned (not thrown) so callers can inspect state before retrying. */
export async function orgRequestOnce<T>(
    conn: OrgConnection,
    request: OrgRequest
): Promise<{ ok: true; response: OrgResponse<T> } | { ok: false; failure: CallFailure }> {
    try {
        return { ok: true, response: await callOnce<T>(conn, request) };
    } catch (err) {
        const failure = classify(
            err,
            (err as { statusFromResponse?: number | null }).statusFromResponse ?? null
        );
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
