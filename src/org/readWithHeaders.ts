/**
 * The one call whose answer's headers matter: a Bulk API 2.0 query results page, whose
 * `Sforce-Locator` header addresses the next page. jsforce's public API hands back bodies only
 * (`Connection.request()` keeps the response and its headers to itself; jsforce issues #882 and
 * #1751 ask for them), so this GET is sent with Node's `fetch`, authorised with the connection's
 * current access token (a public `Connection` property).
 *
 * What jsforce would otherwise do for the call is kept: an expired session is refreshed by jsforce
 * itself, on a public `Connection.request()` to `sessionCheckPath` (it refreshes there when the login
 * can be refreshed, and fails with INVALID_SESSION_ID when it cannot), then the page is asked for once
 * more with the new token. Not kept: an HTTP proxy jsforce was set up with (`HTTPS_PROXY`); Node's
 * `fetch` on Node 20 and 22 goes direct.
 */
import { absoluteUrl, type OrgConnection } from './http';

export interface HeaderRead {
    path: string;
    accept: string;
    /** A cheap GET through jsforce that lets it refresh an expired session (the job's status, for a results page). */
    sessionCheckPath: string;
}

export interface HeaderAnswer {
    body: string;
    /** A response header by name (case-insensitive), or null. */
    header(name: string): string | null;
}

interface RawAnswer {
    status: number;
    body: string;
    headers: Headers;
}

async function fetchOnce(conn: OrgConnection, url: string, accept: string): Promise<RawAnswer> {
    const response = await fetch(url, {
        headers: { Authorization: `Bearer ${conn.accessToken ?? ''}`, Accept: accept }
    });
    return { status: response.status, body: await response.text(), headers: response.headers };
}

/**
 * An error shaped like jsforce's (`errorCode`, `message`) plus the status, so `classify` in http.ts
 * decides about it as about any other call: the API's JSON error body gives the code when it has one.
 */
export function httpFailure(status: number, body: string): Error & { errorCode: string; status: number } {
    let errorCode = `ERROR_HTTP_${status}`;
    let message = body.length > 500 ? `${body.slice(0, 500)}...` : body;
    try {
        const parsed = JSON.parse(body) as Array<{ errorCode?: string; message?: string }>;
        if (Array.isArray(parsed) && parsed[0]?.errorCode) {
            errorCode = parsed[0].errorCode;
            message = parsed[0].message ?? message;
        }
    } catch {
        // not JSON: the body is the message
    }
    return Object.assign(new Error(message), { errorCode, status });
}

/** One GET, with its headers; throws `httpFailure` for an error status. Retries belong to the caller. */
export async function readWithHeaders(conn: OrgConnection, read: HeaderRead): Promise<HeaderAnswer> {
    const url = absoluteUrl(conn, read.path);
    let answer = await fetchOnce(conn, url, read.accept);
    if (answer.status === 401) {
        await conn.request(
            { method: 'GET', url: absoluteUrl(conn, read.sessionCheckPath) },
            { retry: { maxRetries: 0 } }
        );
        answer = await fetchOnce(conn, url, read.accept);
    }
    if (answer.status >= 300) throw httpFailure(answer.status, answer.body);
    const { body, headers } = answer;
    return { body, header: (name) => headers.get(name) };
}
