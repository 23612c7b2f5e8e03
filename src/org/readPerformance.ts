/**
 * What the KPIs and adoption read from an org besides the deals (issue 12): quotas from
 * Collaborative Forecasts (`ForecastingQuota`), or, when that object is not available or holds no
 * quota, from `Stageplay_Quota__c`; `User.LastLoginDate`; `LoginHistory`; `Task` and `Event`. Each
 * object is read when this user can read it: a missing object or permission makes its data null with
 * the reason in `missing` (shown under the KPIs), never a failed run. Rows pass through the same
 * translation and ledger as the export's files (`src/records/performance.ts`).
 */
import type { ActivityRecord, LoginRecord, QuotaRecord, QuotaSource } from '../core';
import { addDays } from '../core';
import type { PerformanceData } from '../dataset';
import { parseDateTimeCell } from '../dataExport/values';
import {
    ActivityPool,
    eventsAsOf,
    QuotaReader,
    readActivity,
    readLogin,
    TASKS
} from '../records/performance';
import type { Cells, RecordTranslator } from '../records/translate';
import { bulkQueryPages, type BulkQueryOptions } from './bulkQuery';
import { SessionExpiredError } from './errors';
import { queryAllPages, type OrgConnection, type RetryPolicy } from './http';

export const FORECASTING_QUOTA_QUERY =
    'SELECT Id, QuotaOwnerId, StartDate, QuotaAmount FROM ForecastingQuota WHERE QuotaAmount != null';
export const STAGEPLAY_QUOTA_QUERY =
    'SELECT Id, Rep__c, Period_Start__c, Period_End__c, Amount__c, Quota_Key__c FROM Stageplay_Quota__c';
export const LAST_LOGIN_QUERY = 'SELECT Id, LastLoginDate FROM User WHERE LastLoginDate != null';
export const LOGIN_HISTORY_QUERY = 'SELECT Id, UserId, LoginTime, Status FROM LoginHistory';
export const TASK_QUERY = 'SELECT Id, OwnerId, Status, IsClosed, ActivityDate, CreatedDate FROM Task';
export const EVENT_QUERY = 'SELECT Id, OwnerId, ActivityDate, EndDateTime FROM Event';

const ORG_PLACE = { line: null };

type RestRow = Record<string, unknown>;

function cellsOf(row: RestRow): Cells {
    return {
        get: (column) => {
            const value = row[column];
            return value === null || value === undefined ? undefined : String(value);
        }
    };
}

/** The reason an object could not be read, in one line; a lapsed session is not such a reason. */
function unreadable(err: unknown): string {
    if (err instanceof SessionExpiredError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    return `not readable by this user or not in the org (${message.length > 160 ? `${message.slice(0, 157)}...` : message})`;
}

/** Months between two `YYYY-MM-DD` dates, counted on their month starts. */
function monthsApart(a: string, b: string): number {
    return (
        (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7))
    );
}

function addMonths(date: string, months: number): string {
    const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
    return `${String(Math.floor(index / 12)).padStart(4, '0')}-${String((index % 12) + 1).padStart(2, '0')}${date.slice(7)}`;
}

/**
 * ForecastingQuota carries only the first day of its forecast period; the period is a month or a
 * quarter (the org's forecast period setting): the most common gap between an owner's consecutive
 * quotas (1 or 3 months; a month when no owner has two).
 */
export function forecastPeriodMonths(rows: ReadonlyArray<{ ownerId: string; start: string }>): 1 | 3 {
    const starts = new Map<string, string[]>();
    for (const r of rows) starts.set(r.ownerId, [...(starts.get(r.ownerId) ?? []), r.start]);
    let months = 0;
    let quarters = 0;
    for (const list of starts.values()) {
        list.sort();
        for (let i = 1; i < list.length; i++) {
            const gap = monthsApart(list[i - 1], list[i]);
            if (gap === 1) months++;
            else if (gap === 3) quarters++;
        }
    }
    return quarters > months ? 3 : 1;
}

async function readQuotas(
    conn: OrgConnection,
    translator: RecordTranslator,
    policy: RetryPolicy,
    missing: Record<string, string>
): Promise<{ quotas: QuotaRecord[] | null; source: QuotaSource | null }> {
    try {
        const rows = await queryAllPages<RestRow>(conn, FORECASTING_QUOTA_QUERY, policy);
        if (rows.length > 0) {
            const starts = rows.map((r) => ({
                ownerId: String(r.QuotaOwnerId ?? ''),
                start: String(r.StartDate ?? '')
            }));
            const months = forecastPeriodMonths(starts);
            translator.ledger.tally('ForecastingQuota');
            const reader = new QuotaReader(translator, 'ForecastingQuota', 'ForecastingQuota');
            const quotas: QuotaRecord[] = [];
            for (const r of rows) {
                const start = typeof r.StartDate === 'string' ? r.StartDate : '';
                const quota = reader.read(
                    cellsOf({
                        Id: r.Id,
                        Rep__c: r.QuotaOwnerId,
                        Period_Start__c: r.StartDate,
                        Period_End__c: /^\d{4}-\d{2}-\d{2}$/.test(start)
                            ? addDays(addMonths(start, months), -1)
                            : undefined,
                        Amount__c: r.QuotaAmount
                    }),
                    ORG_PLACE
                );
                if (quota) quotas.push(quota);
            }
            translator.ledger.note(
                `ForecastingQuota: periods read as ${months === 3 ? 'quarters' : 'months'} (the most common gap between an owner's quotas)`
            );
            return { quotas, source: 'ForecastingQuota' };
        }
        missing.ForecastingQuota = 'Collaborative Forecasts holds no quota: Stageplay_Quota__c is used';
    } catch (err) {
        missing.ForecastingQuota = `${unreadable(err)}: Stageplay_Quota__c is used`;
    }
    try {
        const rows = await queryAllPages<RestRow>(conn, STAGEPLAY_QUOTA_QUERY, policy);
        translator.ledger.tally('Stageplay_Quota__c');
        const reader = new QuotaReader(translator, 'Stageplay_Quota__c', 'Stageplay_Quota__c');
        const quotas: QuotaRecord[] = [];
        for (const r of rows) {
            const quota = reader.read(cellsOf(r), ORG_PLACE);
            if (quota) quotas.push(quota);
        }
        return { quotas, source: 'Stageplay_Quota__c' };
    } catch (err) {
        missing.Stageplay_Quota__c = `${unreadable(err)}: no quotas, so attainment, forecast attainment and coverage are not computed`;
        return { quotas: null, source: null };
    }
}

/** Reads one object with Bulk API 2.0, each row through `handle`; false (and the reason in `missing`) when it cannot be read. */
async function readBulk(
    conn: OrgConnection,
    object: string,
    soql: string,
    policy: RetryPolicy,
    options: BulkQueryOptions,
    missing: Record<string, string>,
    handle: (cells: Cells) => void
): Promise<boolean> {
    try {
        for await (const page of bulkQueryPages(conn, soql, policy, options))
            for (const row of page) handle(cellsOf(row));
        return true;
    } catch (err) {
        missing[object] = unreadable(err);
        return false;
    }
}

export async function readOrgPerformance(
    conn: OrgConnection,
    translator: RecordTranslator,
    policy: RetryPolicy,
    options: BulkQueryOptions & { now?: Date } = {}
): Promise<PerformanceData> {
    const missing: Record<string, string> = {};
    const { quotas, source } = await readQuotas(conn, translator, policy, missing);

    const lastLogins: Record<string, string> = {};
    try {
        for (const r of await queryAllPages<RestRow>(conn, LAST_LOGIN_QUERY, policy)) {
            const parsed = parseDateTimeCell(
                typeof r.LastLoginDate === 'string' ? r.LastLoginDate : undefined
            );
            if (parsed.ok && parsed.value !== null) lastLogins[String(r.Id)] = parsed.value;
        }
    } catch (err) {
        missing['User.LastLoginDate'] = unreadable(err);
    }

    const logins: LoginRecord[] = [];
    const loginsRead = await readBulk(
        conn,
        'LoginHistory',
        LOGIN_HISTORY_QUERY,
        policy,
        options,
        missing,
        (cells) => {
            const login = readLogin(translator, 'LoginHistory', cells, ORG_PLACE);
            if (login && login !== 'failed') logins.push(login);
        }
    );

    const activities: ActivityRecord[] = [];
    const pool = new ActivityPool();
    const tasksRead = await readBulk(conn, 'Task', TASK_QUERY, policy, options, missing, (cells) => {
        const task = readActivity(TASKS, translator, 'Task', cells, ORG_PLACE, pool);
        if (task) activities.push(task);
    });
    const events = eventsAsOf((options.now ?? new Date()).toISOString());
    const eventsRead = await readBulk(conn, 'Event', EVENT_QUERY, policy, options, missing, (cells) => {
        const event = readActivity(events, translator, 'Event', cells, ORG_PLACE, pool);
        if (event) activities.push(event);
    });

    return {
        quotas,
        quotaSource: source,
        lastLogins,
        logins: loginsRead ? logins : null,
        activities: tasksRead || eventsRead ? activities : null,
        missing
    };
}
