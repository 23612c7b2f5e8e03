/**
 * A local stand-in for a Salesforce org: a real HTTP server on 127.0.0.1 that answers the REST and
 * Bulk API 2.0 calls jsforce and the `sf` CLI make, over an in-memory store (see store.ts, soql.ts).
 * Tests drive the real clients against it, inject the faults real orgs produce (5xx, request limits,
 * dropped connections, expired sessions, per-row failures) and read the request log afterwards.
 */
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo, Socket } from 'node:net';
import { parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { runQuery, valueAt, QueryError, type SelectedColumn } from './soql';
import { SaveFailure, Store, type SaveError, type StoredRecord, type StoredValue } from './store';
import type { FieldSchema } from './schema';

export type FaultKind =
    /** 500 UNKNOWN_EXCEPTION, before the request is processed. */
    | 'serverError'
    /** 403 REQUEST_LIMIT_EXCEEDED (API request limit), before processing. */
    | 'requestLimit'
    /** Socket destroyed before processing: the client sees ECONNRESET / socket hang up. */
    | 'drop'
    /** Processed (writes happen), then the socket is destroyed: the client never learns the outcome. */
    | 'dropAfterProcessing'
    /** 401 INVALID_SESSION_ID. */
    | 'invalidSession';

export interface FaultRule {
    kind: FaultKind;
    /** Substring of, or pattern for, the normalised path (query string excluded). */
    path: string | RegExp;
    method?: string;
    /** How many matching requests fail; default 1. */
    times?: number;
}

export interface RequestLogEntry {
    method: string;
    /** Normalised path without the query string. */
    path: string;
    /** The path as the client sent it (sf sends `//services/...` after its trailing-slash instance URL). */
    rawPath: string;
    query: string;
    status: number;
    fault: FaultKind | null;
    /** Body as received (truncated to 1,000,000 characters). */
    body: string;
}

export interface StandinOrgOptions {
    /** `force-app/main/default` of the repo by default; null for a bare org (standard objects only). */
    metadataRoot?: string | null;
    accessToken?: string;
    apiVersion?: string;
    now?: () => Date;
    /** Default REST query batch size (Sforce-Query-Options batchSize overrides it, 200..2000). */
    queryBatchSize?: number;
    /** Rows per Bulk 2.0 results page when the client sends no maxRecords. */
    bulkPageSize?: number;
    /** How many status checks report InProgress before a Bulk job completes (default 0: the first check sees it done). */
    bulkPollsUntilComplete?: number;
    isSandbox?: boolean;
    organizationType?: string;
    trialExpirationDate?: string | null;
    username?: string;
}

/** What a route answers: its body (JSON unless `contentType` says otherwise), status 200 unless given, and any headers. */
interface Reply {
    status?: number;
    body: unknown;
    contentType?: string;
    headers?: Record<string, string>;
}

interface QueryCursor {
    columns: SelectedColumn[];
    sobject: string;
    rows: StoredRecord[];
    batchSize: number;
}

interface BulkQueryJob {
    id: string;
    object: string;
    operation: string;
    state: 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
    checks: number;
    result: { columns: SelectedColumn[]; rows: StoredRecord[] } | null;
    errorMessage: string | null;
    createdDate: string;
}

interface IngestJob {
    id: string;
    object: string;
    operation: 'insert' | 'update' | 'upsert' | 'delete';
    externalIdFieldName: string | null;
    state: 'Open' | 'UploadComplete' | 'InProgress' | 'JobComplete' | 'Failed' | 'Aborted';
    checks: number;
    csv: string;
    headers: string[];
    successful: Array<{ id: string; created: boolean; row: Record<string, string> }>;
    failed: Array<{ id: string; error: string; row: Record<string, string> }>;
    unprocessed: Array<Record<string, string>>;
    createdDate: string;
    errorMessage: string | null;
}

class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly body: unknown
    ) {
        super(`HTTP ${status}`);
    }
}

function sfError(status: number, errorCode: string, message: string): HttpError {
    return new HttpError(status, [{ message, errorCode }]);
}

const repoMetadataRoot = path.resolve(__dirname, '..', '..', 'force-app', 'main', 'default');

export class StandinOrg {
    readonly store: Store;
    readonly requests: RequestLogEntry[] = [];
    readonly apiVersion: string;
    readonly userId: string;
    readonly orgId: string;
    readonly username: string;
    accessToken: string;
    private server: http.Server | null = null;
    private readonly sockets = new Set<Socket>();
    private faults: Array<Required<Omit<FaultRule, 'method'>> & { method?: string }> = [];
    private readonly cursors = new Map<string, QueryCursor>();
    private readonly queryJobs = new Map<string, BulkQueryJob>();
    private readonly deletedQueryJobs: string[] = [];
    private readonly ingestJobs = new Map<string, IngestJob>();
    private jobCounter = 0;
    private ingestInterruptions: number[] = [];
    private cursorCounter = 0;
    private readonly now: () => Date;
    private port = 0;

    private constructor(private readonly options: StandinOrgOptions) {
        this.now = options.now ?? (() => new Date());
        this.apiVersion = options.apiVersion ?? '62.0';
        this.accessToken = options.accessToken ?? '00D5g000004StndEAC!AQ0standin.access_token';
        this.username = options.username ?? 'ops@stageplay.standin';
        const metadataRoot = options.metadataRoot === undefined ? repoMetadataRoot : options.metadataRoot;
        this.orgId = '00D5g000004StndEAC';
        this.userId = '0055g000004StndAAC';
        this.store = new Store({ metadataRoot, now: this.now, userId: this.userId, orgId: this.orgId });
        this.store.seed('Organization', [
            {
                Id: this.orgId,
                Name: 'Stageplay Stand-in',
                IsSandbox: options.isSandbox ?? true,
                TrialExpirationDate: options.trialExpirationDate ?? null,
                OrganizationType: options.organizationType ?? 'Developer Edition',
                InstanceName: 'STANDIN1',
                NamespacePrefix: null
            }
        ]);
        this.store.seed('User', [
            {
                Id: this.userId,
                Username: this.username,
                FirstName: 'Stageplay',
                LastName: 'Ops',
                Email: this.username,
                IsActive: true,
                UserType: 'Standard',
                LanguageLocaleKey: 'en_US',
                TimeZoneSidKey: 'GMT'
            }
        ]);
    }

    static async start(options: StandinOrgOptions = {}): Promise<StandinOrg> {
        const org = new StandinOrg(options);
        await org.listen();
        return org;
    }

    private listen(): Promise<void> {
        this.server = http.createServer((req, res) => {
            void this.handle(req, res);
        });
        this.server.on('connection', (socket) => {
            this.sockets.add(socket);
            socket.on('close', () => this.sockets.delete(socket));
        });
        return new Promise((resolve) => {
            this.server!.listen(0, '127.0.0.1', () => {
                this.port = (this.server!.address() as AddressInfo).port;
                resolve();
            });
        });
    }

    get instanceUrl(): string {
        return `http://127.0.0.1:${this.port}`;
    }

    async stop(): Promise<void> {
        for (const socket of this.sockets) socket.destroy();
        await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    }

    /** The next `times` requests whose path matches fail as `kind`. */
    failNext(rule: FaultRule): void {
        this.faults.push({ times: 1, ...rule });
    }

    /** Rows of `sobject` that match fail to save (REST and Bulk alike) with `error`, naming its field. */
    failRows(
        sobject: string,
        matches: (row: StoredRecord) => boolean,
        error: { field: string; statusCode?: string; message?: string },
        times = Infinity
    ): void {
        this.store.rowFailures.push({
            sobject,
            matches,
            remaining: times,
            error: {
                statusCode: error.statusCode ?? 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                message: error.message ?? `${error.field} is not valid for this record`,
                fields: [error.field]
            }
        });
    }

    /**
     * The next ingest job stops after `rows` rows and ends Failed, leaving the rest unprocessed, as a
     * job does when the platform hits an internal error part-way.
     */
    interruptNextIngest(rows: number): void {
        this.ingestInterruptions.push(rows);
    }

    /** Every token issued so far stops working, as when an admin revokes sessions or a session times out. */
    expireSession(newToken = `${this.accessToken}_renewed`): string {
        this.accessToken = newToken;
        return newToken;
    }

    /** Store shortcuts for tests. */
    seed(sobject: string, rows: Array<Record<string, StoredValue>>): string[] {
        return this.store.seed(sobject, rows);
    }

    records(sobject: string): StoredRecord[] {
        return this.store.all(sobject).map((r) => ({ ...r }));
    }

    /** Bulk 2.0 query jobs still in the org (created and not deleted), as a real org would list them. */
    openQueryJobIds(): string[] {
        return [...this.queryJobs.keys()];
    }

    /** Ids of the Bulk 2.0 query jobs deleted through `DELETE /jobs/query/{id}`, in order. */
    deletedQueryJobIds(): string[] {
        return [...this.deletedQueryJobs];
    }

    requestsMatching(pattern: RegExp, method?: string): RequestLogEntry[] {
        return this.requests.filter((r) => pattern.test(r.path) && (!method || r.method === method));
    }

    private takeFault(method: string, pathname: string): FaultKind | null {
        const index = this.faults.findIndex(
            (f) =>
                f.times > 0 &&
                (!f.method || f.method.toUpperCase() === method) &&
                (typeof f.path === 'string' ? pathname.includes(f.path) : f.path.test(pathname))
        );
        if (index < 0) return null;
        const fault = this.faults[index];
        fault.times -= 1;
        if (fault.times <= 0) this.faults.splice(index, 1);
        return fault.kind;
    }

    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const method = (req.method ?? 'GET').toUpperCase();
        // The sf CLI keeps the instance URL with a trailing slash and joins paths onto it, so the
        // request line can read `//services/...`; `new URL` would take that for a host name.
        const rawUrl = req.url ?? '/';
        const queryStart = rawUrl.indexOf('?');
        const rawPath = queryStart < 0 ? rawUrl : rawUrl.slice(0, queryStart);
        const url = new URL(`http://standin${queryStart < 0 ? '' : rawUrl.slice(queryStart)}`);
        const pathname = decodeURI(rawPath).replace(/\/{2,}/g, '/');
        const chunks: Buffer[] = [];
        for await (const chunk of req) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks).toString('utf8');
        const entry: RequestLogEntry = {
            method,
            path: pathname,
            rawPath,
            query: url.search,
            status: 0,
            fault: null,
            body: body.slice(0, 1_000_000)
        };
        this.requests.push(entry);
        const fault = this.takeFault(method, pathname);
        entry.fault = fault;
        if (fault === 'drop') {
            req.socket.destroy();
            return;
        }
        let status = 200;
        let payload: unknown = null;
        let contentType = 'application/json;charset=UTF-8';
        const headers: Record<string, string> = {};
        try {
            if (fault === 'serverError') {
                throw sfError(
                    500,
                    'UNKNOWN_EXCEPTION',
                    'An unexpected error occurred. Please include this ErrorId if you contact support: 1234567890-12345 (-1234567890)'
                );
            }
            if (fault === 'requestLimit') {
                throw sfError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
            }
            if (fault === 'invalidSession')
                throw sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
            this.authenticate(req, pathname);
            const result = this.route(method, pathname, url.searchParams, body, req.headers);
            status = result.status ?? 200;
            payload = result.body;
            if (result.contentType) contentType = result.contentType;
            Object.assign(headers, result.headers ?? {});
        } catch (err) {
            if (err instanceof HttpError) {
                status = err.status;
                payload = err.body;
            } else if (err instanceof QueryError) {
                status = 400;
                payload = [{ message: err.message, errorCode: err.errorCode }];
            } else if (err instanceof SaveFailure) {
                status = 400;
                payload = err.errors.map((e) => ({
                    message: e.message,
                    errorCode: e.statusCode,
                    fields: e.fields
                }));
            } else {
                status = 500;
                payload = [{ message: String((err as Error).stack ?? err), errorCode: 'UNKNOWN_EXCEPTION' }];
            }
        }
        entry.status = status;
        if (fault === 'dropAfterProcessing') {
            req.socket.destroy();
            return;
        }
        const text =
            payload === null || payload === undefined
                ? ''
                : typeof payload === 'string'
                  ? payload
                  : JSON.stringify(payload);
        if (status === 204 || text === '') {
            res.writeHead(status === 200 && text === '' ? 204 : status, headers);
            res.end();
            return;
        }
        res.writeHead(status, { 'Content-Type': contentType, ...headers });
        res.end(text);
    }

    private authenticate(req: http.IncomingMessage, pathname: string): void {
        if (pathname === '/services/data' || pathname === '/services/data/') return;
        const header = req.headers.authorization ?? '';
        const token = header.replace(/^(Bearer|OAuth)\s+/i, '');
        if (token !== this.accessToken)
            throw sfError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
    }

    private route(
        method: string,
        pathname: string,
        params: URLSearchParams,
        body: string,
        headers: http.IncomingHttpHeaders
    ): Reply {
        if (pathname === '/services/oauth2/userinfo') return { body: this.userInfo() };
        if (pathname === '/services/data' || pathname === '/services/data/') {
            return {
                body: ['58.0', '59.0', '60.0', '61.0', this.apiVersion]
                    .filter((v, i, all) => all.indexOf(v) === i)
                    .map((version) => ({ label: `v${version}`, url: `/services/data/v${version}`, version }))
            };
        }
        const match = /^\/services\/data\/v(\d+\.\d)(\/.*)?$/.exec(pathname);
        if (!match) throw sfError(404, 'NOT_FOUND', `The requested resource does not exist: ${pathname}`);
        const version = match[1];
        const rest = (match[2] ?? '/').replace(/\/$/, '') || '/';
        const base = `/services/data/v${version}`;
        const json = (): Record<string, unknown> => {
            try {
                return body ? (JSON.parse(body) as Record<string, unknown>) : {};
            } catch {
                throw sfError(400, 'JSON_PARSER_ERROR', 'The request body is not valid JSON');
            }
        };

        if (rest === '/') {
            return { body: { query: `${base}/query`, sobjects: `${base}/sobjects`, jobs: `${base}/jobs` } };
        }
        if (rest === '/limits') {
            return { body: { DailyApiRequests: { Max: 15000, Remaining: 14000 } } };
        }
        if ((rest === '/query' || rest === '/queryAll') && method === 'GET') {
            return { body: this.query(base, params.get('q') ?? '', headers) };
        }
        const more = /^\/query(?:All)?\/([^/]+)$/.exec(rest);
        if (more && method === 'GET') return { body: this.queryMore(base, more[1]) };

        if (rest === '/sobjects' && method === 'GET') {
            return {
                body: {
                    encoding: 'UTF-8',
                    maxBatchSize: 200,
                    sobjects: [...this.store.schemas.values()].map((s) => ({
                        name: s.name,
                        label: s.label,
                        keyPrefix: s.keyPrefix,
                        custom: s.custom,
                        queryable: true,
                        createable: true,
                        updateable: true
                    }))
                }
            };
        }
        const describe = /^\/sobjects\/([^/]+)\/describe$/.exec(rest);
        if (describe && method === 'GET') return { body: this.describe(base, describe[1]) };

        const sobjectRoot = /^\/sobjects\/([^/]+)$/.exec(rest);
        if (sobjectRoot && method === 'POST') {
            const id = this.store.create(sobjectRoot[1], json());
            return { status: 201, body: { id, success: true, errors: [] } };
        }
        const byExternalId = /^\/sobjects\/([^/]+)\/([^/]+)\/([^/]+)$/.exec(rest);
        if (byExternalId && method === 'PATCH') {
            const [, type, field, value] = byExternalId;
            const result = this.store.upsert(type, field, { ...json(), [field]: decodeURIComponent(value) });
            return result.created
                ? { status: 201, body: { id: result.id, success: true, errors: [], created: true } }
                : { status: 200, body: { id: result.id, success: true, errors: [], created: false } };
        }
        const byId = /^\/sobjects\/([^/]+)\/([^/]+)$/.exec(rest);
        if (byId) {
            const [, type, id] = byId;
            if (method === 'GET') {
                const found = this.store.get(id);
                if (!found || found.sobject.toLowerCase() !== type.toLowerCase()) {
                    throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
                }
                return { body: this.restRecord(base, found.sobject, found.record, null) };
            }
            if (method === 'PATCH') {
                this.store.update(type, id, json());
                return { status: 204, body: null };
            }
            if (method === 'DELETE') {
                this.store.delete(id);
                return { status: 204, body: null };
            }
        }

        const collectionUpsert = /^\/composite\/sobjects\/([^/]+)\/([^/]+)$/.exec(rest);
        if (collectionUpsert && method === 'PATCH') {
            return { body: this.collectionUpsert(collectionUpsert[1], collectionUpsert[2], json()) };
        }
        if (rest === '/composite/sobjects' && method === 'DELETE') {
            return { body: this.collectionDelete(params) };
        }
        if (rest === '/composite/sobjects' && (method === 'POST' || method === 'PATCH')) {
            return { body: this.collectionSave(method, json()) };
        }

        if (rest === '/tooling/query') {
            // The Tooling API objects sf probes after login (SandboxProcess) exist only in production orgs.
            throw sfError(400, 'INVALID_TYPE', "sObject type 'SandboxProcess' is not supported.");
        }
        if (rest === '/jobs/query' && method === 'POST')
            return { body: this.queryJobInfo(this.newQueryJob(json())) };
        if (rest.startsWith('/jobs/query'))
            return this.bulkQuery(method, rest.slice('/jobs/query'.length), params);
        if (rest === '/jobs/ingest' && method === 'POST') {
            return { body: this.ingestJobInfo(this.newIngestJob(json())) };
        }
        if (rest.startsWith('/jobs/ingest')) {
            return this.bulkIngest(method, rest.slice('/jobs/ingest'.length), body, json);
        }
        throw sfError(404, 'NOT_FOUND', `The requested resource does not exist: ${pathname}`);
    }

    private userInfo(): Record<string, unknown> {
        return {
            sub: `${this.instanceUrl}/id/${this.orgId}/${this.userId}`,
            user_id: this.userId,
            organization_id: this.orgId,
            preferred_username: this.username,
            nickname: 'ops',
            name: 'Stageplay Ops',
            email: this.username,
            email_verified: true,
            given_name: 'Stageplay',
            family_name: 'Ops',
            zoneinfo: 'GMT',
            active: true,
            user_type: 'STANDARD',
            language: 'en_US',
            locale: 'en_US',
            utcOffset: 0,
            urls: {
                rest: `${this.instanceUrl}/services/data/v{version}/`,
                sobjects: `${this.instanceUrl}/services/data/v{version}/sobjects/`,
                query: `${this.instanceUrl}/services/data/v{version}/query/`,
                custom_domain: this.instanceUrl
            },
            is_app_installed: true
        };
    }

    // ----------------------------------------------------------------------------------------- REST query

    private query(base: string, soql: string, headers: http.IncomingHttpHeaders): Record<string, unknown> {
        const result = runQuery(this.store, soql, this.now());
        const option = /batchSize=(\d+)/i.exec(String(headers['sforce-query-options'] ?? ''));
        const batchSize = Math.min(
            2000,
            Math.max(200, Number(option?.[1] ?? this.options.queryBatchSize ?? 2000))
        );
        const size = option ? batchSize : (this.options.queryBatchSize ?? batchSize);
        if (result.countOnly) return { totalSize: result.totalSize, done: true, records: [] };
        const cursor: QueryCursor = {
            columns: result.columns,
            sobject: result.sobject,
            rows: result.rows,
            batchSize: size
        };
        return this.page(
            base,
            cursor,
            0,
            `01g5g00000${(++this.cursorCounter).toString(36).toUpperCase().padStart(8, '0')}`
        );
    }

    private page(
        base: string,
        cursor: QueryCursor,
        offset: number,
        cursorId: string
    ): Record<string, unknown> {
        const slice = cursor.rows.slice(offset, offset + cursor.batchSize);
        const next = offset + slice.length;
        const done = next >= cursor.rows.length;
        if (!done) this.cursors.set(cursorId, cursor);
        return {
            totalSize: cursor.rows.length,
            done,
            ...(done ? {} : { nextRecordsUrl: `${base}/query/${cursorId}-${next}` }),
            records: slice.map((r) => this.restRecord(base, cursor.sobject, r, cursor.columns))
        };
    }

    private queryMore(base: string, locator: string): Record<string, unknown> {
        const dash = locator.lastIndexOf('-');
        const cursorId = locator.slice(0, dash);
        const offset = Number(locator.slice(dash + 1));
        const cursor = this.cursors.get(cursorId);
        if (!cursor || !Number.isInteger(offset)) {
            throw sfError(400, 'INVALID_QUERY_LOCATOR', 'invalid query locator');
        }
        return this.page(base, cursor, offset, cursorId);
    }

    private restValue(f: FieldSchema, value: StoredValue): StoredValue {
        if (value === null || value === undefined) return null;
        if (f.type === 'datetime') return String(value).replace(/Z$/, '+0000');
        return value;
    }

    /** A record as the REST API renders it: `attributes`, then selected fields, parents as nested objects. */
    private restRecord(
        base: string,
        sobject: string,
        record: StoredRecord,
        columns: SelectedColumn[] | null
    ): Record<string, unknown> {
        const out: Record<string, unknown> = {
            attributes: { type: sobject, url: `${base}/sobjects/${sobject}/${String(record.Id)}` }
        };
        if (!columns) {
            const schema = this.store.schema(sobject);
            for (const f of schema.fields.values()) out[f.name] = this.restValue(f, record[f.name] ?? null);
            return out;
        }
        for (const column of columns) {
            let target = out;
            let current: StoredRecord | null = record;
            for (let i = 0; i < column.steps.length; i += 1) {
                const { field } = column.steps[i];
                if (i === column.steps.length - 1) {
                    target[field.name] = this.restValue(
                        field,
                        current ? (current[field.name] ?? null) : null
                    );
                    break;
                }
                const relName = field.relationshipName!;
                const parentId: StoredValue = current ? (current[field.name] ?? null) : null;
                const parent: { sobject: string; record: StoredRecord } | null =
                    typeof parentId === 'string' ? this.store.get(parentId) : null;
                if (!parent) {
                    if (!(relName in target)) target[relName] = null;
                    break;
                }
                const existing = target[relName] as Record<string, unknown> | null | undefined;
                const nested =
                    existing ??
                    ({
                        attributes: {
                            type: parent.sobject,
                            url: `${base}/sobjects/${parent.sobject}/${String(parent.record.Id)}`
                        }
                    } as Record<string, unknown>);
                target[relName] = nested;
                target = nested;
                current = parent.record;
            }
        }
        return out;
    }

    // ----------------------------------------------------------------------------------------- describe

    private describe(base: string, type: string): Record<string, unknown> {
        if (!this.store.hasObject(type)) {
            throw sfError(404, 'NOT_FOUND', `The requested resource does not exist`);
        }
        const schema = this.store.schema(type);
        return {
            name: schema.name,
            label: schema.label,
            labelPlural: `${schema.label}s`,
            keyPrefix: schema.keyPrefix,
            custom: schema.custom,
            createable: true,
            updateable: true,
            deletable: true,
            queryable: true,
            urls: {
                describe: `${base}/sobjects/${schema.name}/describe`,
                sobject: `${base}/sobjects/${schema.name}`
            },
            fields: [...schema.fields.values()].map((f) => ({
                name: f.name,
                label: f.label,
                type: f.type,
                custom: f.custom,
                nillable: !f.required,
                createable: !f.readOnly,
                updateable: !f.readOnly,
                calculated: false,
                externalId: f.externalId,
                unique: f.unique,
                idLookup: f.externalId || f.name === 'Id',
                length: f.length,
                precision: f.precision,
                scale: f.scale,
                referenceTo: f.referenceTo,
                relationshipName: f.relationshipName,
                soapType: soapTypeOf(f),
                picklistValues: f.picklistValues.map((value) => ({
                    value,
                    label: value,
                    active: true,
                    defaultValue: false,
                    validFor: null
                }))
            }))
        };
    }

    // ----------------------------------------------------------------------------------------- collections

    private saveResult(run: () => { id: string; created?: boolean }): Record<string, unknown> {
        try {
            const r = run();
            return r.created === undefined
                ? { id: r.id, success: true, errors: [] }
                : { id: r.id, success: true, errors: [], created: r.created };
        } catch (err) {
            if (!(err instanceof SaveFailure)) throw err;
            return { success: false, errors: err.errors.map(toRestError) };
        }
    }

    private collectionUpsert(type: string, extIdField: string, body: Record<string, unknown>): unknown[] {
        const records = collectionRecords(body);
        if (body.allOrNone === true) {
            throw sfError(400, 'INVALID_OPERATION', 'the stand-in org supports allOrNone=false only');
        }
        return records.map((record) => {
            const recordType = (record.attributes as { type?: string } | undefined)?.type ?? type;
            return this.saveResult(() => this.store.upsert(recordType, extIdField, record));
        });
    }

    private collectionSave(method: string, body: Record<string, unknown>): unknown[] {
        const records = collectionRecords(body);
        return records.map((record) => {
            const type = (record.attributes as { type?: string } | undefined)?.type ?? '';
            return this.saveResult(() => {
                if (method === 'POST') return { id: this.store.create(type, record) };
                const { Id, ...values } = record;
                this.store.update(type, String(Id), values);
                return { id: String(Id) };
            });
        });
    }

    private collectionDelete(params: URLSearchParams): unknown[] {
        const ids = (params.get('ids') ?? '').split(',').filter(Boolean);
        checkCollectionLimit(ids.length);
        return ids.map((id) => ({ ...this.saveResult(() => (this.store.delete(id), { id })), id }));
    }

    // ----------------------------------------------------------------------------------------- Bulk API 2.0

    private newJobId(prefix: string): string {
        this.jobCounter += 1;
        return `${prefix}5g00000${this.jobCounter.toString(36).toUpperCase().padStart(8, '0')}`;
    }

    /** What Bulk API 2.0 says of every job, query or ingest, before its own counts. */
    private jobInfo(
        job: Pick<BulkQueryJob | IngestJob, 'id' | 'operation' | 'object' | 'createdDate' | 'state'>,
        jobType: 'V2Query' | 'V2Ingest'
    ): Record<string, unknown> {
        return {
            id: job.id,
            operation: job.operation,
            object: job.object,
            createdById: this.userId,
            createdDate: job.createdDate,
            systemModstamp: job.createdDate,
            state: job.state,
            concurrencyMode: 'Parallel',
            contentType: 'CSV',
            apiVersion: Number(this.apiVersion),
            jobType,
            lineEnding: 'LF',
            columnDelimiter: 'COMMA',
            retries: 0,
            totalProcessingTime: 0
        };
    }

    private queryJobInfo(job: BulkQueryJob): Record<string, unknown> {
        return {
            ...this.jobInfo(job, 'V2Query'),
            numberRecordsProcessed: job.state === 'JobComplete' ? (job.result?.rows.length ?? 0) : 0,
            ...(job.errorMessage ? { errorMessage: job.errorMessage } : {})
        };
    }

    /** POST /jobs/query: the query is validated up front (as the platform does) and evaluated as a snapshot. */
    private newQueryJob(spec: Record<string, unknown>): BulkQueryJob {
        const soql = String(spec.query ?? '');
        const operation = String(spec.operation ?? 'query');
        if (operation !== 'query' && operation !== 'queryAll') {
            throw sfError(400, 'INVALIDJOB', `Invalid operation: ${operation}`);
        }
        const result = runQuery(this.store, soql, this.now());
        if (result.countOnly)
            throw sfError(400, 'API_ERROR', 'COUNT() is not supported by Bulk API 2.0 queries');
        const job: BulkQueryJob = {
            id: this.newJobId('750'),
            object: result.sobject,
            operation,
            state: 'UploadComplete',
            checks: 0,
            result: { columns: result.columns, rows: result.rows },
            errorMessage: null,
            createdDate: this.now().toISOString().replace('Z', '+0000')
        };
        this.queryJobs.set(job.id, job);
        return job;
    }

    /** A query job's info, abort, delete and results pages (`rest`: what follows /jobs/query). */
    private bulkQuery(method: string, rest: string, params: URLSearchParams): Reply {
        const m = /^\/([^/]+)(\/results)?$/.exec(rest);
        const job = m ? this.queryJobs.get(m[1]) : undefined;
        if (!m || !job) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
        if (!m[2]) {
            if (method === 'GET') {
                job.checks += 1;
                if (job.state !== 'Aborted' && job.state !== 'Failed') {
                    job.state =
                        job.checks > (this.options.bulkPollsUntilComplete ?? 0)
                            ? 'JobComplete'
                            : 'InProgress';
                }
                return { body: this.queryJobInfo(job) };
            }
            if (method === 'PATCH') {
                job.state = 'Aborted';
                return { body: this.queryJobInfo(job) };
            }
            if (method === 'DELETE') {
                // As the platform: only a job that is not running can be deleted (abort it first).
                if (job.state === 'InProgress') {
                    throw sfError(
                        400,
                        'INVALIDJOBSTATE',
                        `Job ${job.id} is in progress: abort it before deleting`
                    );
                }
                this.queryJobs.delete(job.id);
                this.deletedQueryJobs.push(job.id);
                return { status: 204, body: null };
            }
        }
        if (m[2] && method === 'GET') {
            if (job.state !== 'JobComplete' || !job.result) {
                throw sfError(400, 'INVALIDJOBSTATE', `Job ${job.id} is not complete: ${job.state}`);
            }
            const offset = params.get('locator')
                ? Number(Buffer.from(params.get('locator')!, 'base64url').toString())
                : 0;
            if (!Number.isInteger(offset) || offset < 0)
                throw sfError(400, 'INVALIDLOCATOR', 'invalid locator');
            const max = Number(params.get('maxRecords') ?? this.options.bulkPageSize ?? 10000);
            const rows = job.result.rows.slice(offset, offset + max);
            const next = offset + rows.length;
            const columns = job.result.columns;
            // Written by hand: this is the hot path of the 20k-row tests, and quoting every cell is all it takes.
            const lines = [columns.map((c) => quoteCsv(c.path)).join(',')];
            for (const r of rows)
                lines.push(columns.map((c) => quoteCsv(bulkCsvValue(valueAt(this.store, r, c)))).join(','));
            const csv = `${lines.join('\n')}\n`;
            return {
                body: csv,
                contentType: 'text/csv',
                headers: {
                    'Sforce-Locator':
                        next < job.result.rows.length
                            ? Buffer.from(String(next)).toString('base64url')
                            : 'null',
                    'Sforce-NumberOfRecords': String(rows.length)
                }
            };
        }
        throw sfError(405, 'METHOD_NOT_ALLOWED', `${method} not allowed on ${rest}`);
    }

    private ingestJobInfo(job: IngestJob): Record<string, unknown> {
        return {
            ...this.jobInfo(job, 'V2Ingest'),
            ...(job.externalIdFieldName ? { externalIdFieldName: job.externalIdFieldName } : {}),
            numberRecordsProcessed: job.successful.length + job.failed.length,
            numberRecordsFailed: job.failed.length,
            ...(job.state === 'Failed' && job.errorMessage ? { errorMessage: job.errorMessage } : {})
        };
    }

    /** POST /jobs/ingest: an open job, waiting for its CSV. */
    private newIngestJob(spec: Record<string, unknown>): IngestJob {
        const operation = String(spec.operation ?? '');
        if (!['insert', 'update', 'upsert', 'delete'].includes(operation)) {
            throw sfError(400, 'INVALIDJOB', `InvalidJob : Invalid operation: ${operation}`);
        }
        const object = String(spec.object ?? '');
        if (!this.store.hasObject(object)) {
            throw sfError(400, 'INVALIDJOB', `InvalidJob : Unable to find object: ${object}`);
        }
        if (operation === 'upsert' && !spec.externalIdFieldName) {
            throw sfError(400, 'INVALIDJOB', 'InvalidJob : External ID was blank for upsert');
        }
        const job: IngestJob = {
            id: this.newJobId('750'),
            object: this.store.schema(object).name,
            operation: operation as IngestJob['operation'],
            externalIdFieldName: spec.externalIdFieldName ? String(spec.externalIdFieldName) : null,
            state: 'Open',
            checks: 0,
            csv: '',
            headers: [],
            successful: [],
            failed: [],
            unprocessed: [],
            createdDate: this.now().toISOString().replace('Z', '+0000'),
            errorMessage: null
        };
        this.ingestJobs.set(job.id, job);
        return job;
    }

    /** An ingest job's upload, close, abort, info, delete and results (`rest`: what follows /jobs/ingest). */
    private bulkIngest(
        method: string,
        rest: string,
        body: string,
        json: () => Record<string, unknown>
    ): Reply {
        const m = /^\/([^/]+)(\/[A-Za-z]+)?$/.exec(rest);
        const job = m ? this.ingestJobs.get(m[1]) : undefined;
        if (!m || !job) throw sfError(404, 'NOT_FOUND', 'The requested resource does not exist');
        const sub = m[2] ?? '';
        if (sub === '/batches' && method === 'PUT') {
            if (job.state !== 'Open') throw sfError(409, 'INVALIDJOBSTATE', `Job ${job.id} is not open`);
            if (job.csv) throw sfError(400, 'INVALIDJOBSTATE', 'Data can only be uploaded once per job');
            job.csv = body;
            return { status: 201, body: null };
        }
        if (sub === '' && method === 'PATCH') {
            const state = String(json().state ?? '');
            if (state === 'UploadComplete') {
                if (job.state !== 'Open') throw sfError(409, 'INVALIDJOBSTATE', `Job ${job.id} is not open`);
                job.state = 'UploadComplete';
                this.processIngest(job);
            } else if (state === 'Aborted') {
                job.state = 'Aborted';
            } else {
                throw sfError(400, 'INVALIDJOBSTATE', `Invalid state: ${state}`);
            }
            return { body: this.ingestJobInfo(job) };
        }
        if (sub === '' && method === 'GET') {
            job.checks += 1;
            if (job.state === 'UploadComplete' || job.state === 'InProgress') {
                // Processing ran at close; its outcome (including a failure part-way) shows once the job is done.
                const done = job.checks > (this.options.bulkPollsUntilComplete ?? 0);
                job.state = done ? (job.errorMessage ? 'Failed' : 'JobComplete') : 'InProgress';
            }
            return { body: this.ingestJobInfo(job) };
        }
        if (sub === '' && method === 'DELETE') {
            this.ingestJobs.delete(job.id);
            return { status: 204, body: null };
        }
        if (
            method === 'GET' &&
            ['/successfulResults', '/failedResults', '/unprocessedrecords'].includes(sub)
        ) {
            let rows: string[][];
            if (sub === '/successfulResults') {
                rows = [
                    ['sf__Id', 'sf__Created', ...job.headers],
                    ...job.successful.map((s) => [
                        s.id,
                        String(s.created),
                        ...job.headers.map((h) => s.row[h] ?? '')
                    ])
                ];
            } else if (sub === '/failedResults') {
                rows = [
                    ['sf__Id', 'sf__Error', ...job.headers],
                    ...job.failed.map((f) => [f.id, f.error, ...job.headers.map((h) => f.row[h] ?? '')])
                ];
            } else {
                rows = [job.headers, ...job.unprocessed.map((u) => job.headers.map((h) => u[h] ?? ''))];
            }
            return {
                body: stringifyCsv(rows, { quoted: true, record_delimiter: 'unix' }),
                contentType: 'text/csv'
            };
        }
        throw sfError(405, 'METHOD_NOT_ALLOWED', `${method} not allowed on ${rest}`);
    }

    /** Runs the job's rows through the same save path as REST, so both APIs behave alike. */
    private processIngest(job: IngestJob): void {
        let rows: Array<Record<string, string>>;
        try {
            const parsed = parseCsv(job.csv, {
                columns: true,
                skip_empty_lines: true,
                relax_column_count: false
            }) as Array<Record<string, string>>;
            rows = parsed;
            job.headers = job.csv ? (parseCsv(job.csv, { to_line: 1 }) as string[][])[0] : [];
        } catch (err) {
            job.errorMessage = `InvalidBatch : Failed to parse CSV: ${(err as Error).message}`;
            return;
        }
        const stopAfter = this.ingestInterruptions.shift();
        for (const [index, row] of rows.entries()) {
            if (stopAfter !== undefined && index >= stopAfter) {
                job.unprocessed.push(row);
                continue;
            }
            const values: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(row)) {
                // In Bulk CSV an empty cell leaves a field alone; #N/A sets it to null.
                if (v === '') continue;
                values[k] = v === '#N/A' ? null : v;
            }
            try {
                let id: string;
                let created = false;
                if (job.operation === 'insert') {
                    id = this.store.create(job.object, values);
                    created = true;
                } else if (job.operation === 'upsert') {
                    const r = this.store.upsert(job.object, job.externalIdFieldName!, values);
                    id = r.id;
                    created = r.created;
                } else if (job.operation === 'update') {
                    const { Id, ...rest } = values;
                    id = String(Id ?? '');
                    this.store.update(job.object, id, rest);
                } else {
                    id = String(values.Id ?? '');
                    this.store.delete(id);
                }
                job.successful.push({ id, created, row });
            } catch (err) {
                if (!(err instanceof SaveFailure)) throw err;
                job.failed.push({
                    id: '',
                    error: err.errors
                        .map((e) => `${e.statusCode}:${e.message}:${e.fields.join(',')} --`)
                        .join(' '),
                    row
                });
            }
        }
    }
}

/** sObject Collections take at most 200 records a call, as the platform says when there are more. */
function checkCollectionLimit(count: number): void {
    if (count > 200) {
        throw sfError(
            400,
            'EXCEEDED_ID_LIMIT',
            'record limit reached. cannot submit more than 200 records into this call'
        );
    }
}

/** The records of a collection request's body, checked against the limit. */
function collectionRecords(body: Record<string, unknown>): Array<Record<string, unknown>> {
    const records = (body.records as Array<Record<string, unknown>> | undefined) ?? [];
    checkCollectionLimit(records.length);
    return records;
}

function toRestError(e: SaveError): Record<string, unknown> {
    return { statusCode: e.statusCode, message: e.message, fields: e.fields };
}

function quoteCsv(text: string): string {
    return `"${text.replace(/"/g, '""')}"`;
}

function bulkCsvValue(value: StoredValue): string {
    if (value === null || value === undefined) return '';
    return String(value);
}

function soapTypeOf(f: FieldSchema): string {
    switch (f.type) {
        case 'boolean':
            return 'xsd:boolean';
        case 'currency':
        case 'double':
        case 'percent':
            return 'xsd:double';
        case 'int':
            return 'xsd:int';
        case 'date':
            return 'xsd:date';
        case 'datetime':
            return 'xsd:dateTime';
        case 'id':
        case 'reference':
            return 'tns:ID';
        default:
            return 'xsd:string';
    }
}
