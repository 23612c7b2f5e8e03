/**
 * Rows of the files and objects the KPIs and adoption read (issue 12) into the core's records: quotas
 * (`Stageplay_Quota__c`, or the org's `ForecastingQuota` mapped onto the same fields), logins
 * (`LoginHistory`), tasks and events. Through the translator's `row`, so every row ends in the same
 * data-quality ledger as the deals: accepted, repaired (how) or rejected (why, at file:line:column).
 */
import type { ActivityRecord, LoginRecord, QuotaRecord, QuotaSource } from '../core';
import { canonicalDay } from '../core';
import {
    isEmptyCell,
    type Parsed,
    parseBooleanCell,
    parseDateCell,
    parseDateTimeCell,
    parseNumberCell
} from '../dataExport/values';
import { MAX_PLAUSIBLE_AMOUNT } from './limits';
import type { Cells, RecordTranslator, RowContext, RowPlace } from './translate';

/** Reads quota rows of one source, rejecting a second row with the same key (owner and period start). */
export class QuotaReader {
    private readonly seen = new Set<string>();

    constructor(
        private readonly translator: RecordTranslator,
        private readonly source: string,
        private readonly quotaSource: QuotaSource
    ) {}

    read(cells: Cells, place: RowPlace): QuotaRecord | null {
        return this.translator.row(this.source, place, cells.get('Id')?.trim() || null, (r) => {
            const ownerId = r.id('Rep__c', cells.get('Rep__c'), true);
            const periodStart = r.need('Period_Start__c', parseDateCell(cells.get('Period_Start__c')));
            const periodEnd = r.need('Period_End__c', parseDateCell(cells.get('Period_End__c')));
            if (periodEnd < periodStart)
                r.reject(
                    'Period_End__c',
                    'period ends before it starts',
                    `Period_End__c: ${periodEnd} is before Period_Start__c ${periodStart}`
                );
            const amount = r.need('Amount__c', parseNumberCell(cells.get('Amount__c')));
            if (amount < 0 || amount > MAX_PLAUSIBLE_AMOUNT)
                r.reject('Amount__c', 'quota out of range', `Amount__c: ${amount} is not a plausible quota`);
            const key = isEmptyCell(cells.get('Quota_Key__c'))
                ? `${ownerId}|${periodStart}`
                : cells.get('Quota_Key__c')!.trim();
            if (this.seen.has(key))
                r.reject('Quota_Key__c', 'duplicate quota', `a quota for ${key} appears more than once`);
            this.seen.add(key);
            return { ownerId, periodStart, periodEnd, amount, source: this.quotaSource };
        });
    }
}

/** A login row; a failed login (Status other than "Success") is read but is no login. */
export function readLogin(
    translator: RecordTranslator,
    source: string,
    cells: Cells,
    place: RowPlace
): LoginRecord | null | 'failed' {
    const read = translator.row(source, place, cells.get('Id')?.trim() || null, (r) => {
        const userId = r.id('UserId', cells.get('UserId'), true);
        const at = r.need('LoginTime', parseDateTimeCell(cells.get('LoginTime')));
        const status = cells.get('Status')?.trim();
        return { userId, at, failed: !!status && status.toLowerCase() !== 'success' };
    });
    if (read === null) return null;
    return read.failed ? 'failed' : { userId: read.userId, at: read.at };
}

/** How one kind of activity reads: when it is due, and whether it is done. */
export interface ActivityKind {
    kind: ActivityRecord['kind'];
    /** The column the due moment comes from, and what is said when it cannot be read. */
    due: { column: string; parse: (cell: string | undefined) => Parsed<string | null>; instead: string };
    /** The column read when `due` gives nothing, and the due moment its value stands for. */
    fallback: {
        column: string;
        parse: (cell: string | undefined) => Parsed<string | null>;
        moment: (value: string) => string;
    };
    completed: (r: RowContext, cells: Cells, due: string) => boolean;
}

/**
 * Tasks: due on their ActivityDate, or the day they were created when they have none; completed when
 * closed (IsClosed, or Status "Completed" when the export has no IsClosed column).
 */
export const TASKS: ActivityKind = {
    kind: 'task',
    due: { column: 'ActivityDate', parse: parseDateCell, instead: 'the day it was created is used' },
    fallback: { column: 'CreatedDate', parse: parseDateTimeCell, moment: (created) => created },
    completed: (r, cells) => {
        const isClosed = r.want('IsClosed', parseBooleanCell(cells.get('IsClosed')), 'Status decides');
        const status = cells.get('Status')?.trim().toLowerCase() ?? '';
        return isClosed ?? status === 'completed';
    }
};

/** Events: due on the day they end (EndDateTime, else ActivityDate); completed once over by `nowIso`. */
export function eventsAsOf(nowIso: string): ActivityKind {
    return {
        kind: 'event',
        due: { column: 'EndDateTime', parse: parseDateTimeCell, instead: 'ActivityDate is used' },
        fallback: { column: 'ActivityDate', parse: parseDateCell, moment: (day) => `${day}T23:59:59.999Z` },
        completed: (_r, _cells, end) => end <= nowIso
    };
}

/** Distinct activities a pool keeps before it starts afresh (a JavaScript `Map` holds at most 2^24). */
const ACTIVITY_POOL_LIMIT = 1 << 20;

/**
 * Equal activity records shared, one object each. An activity is four values (owner, kind, due day,
 * done), and a source has few owners and days: the 2,000,000 tasks of a million-deal export are a few
 * tens of thousands of distinct records, while one object each was about 110 MB held for the whole
 * run. Shared records are read, never changed (adoption only counts them).
 */
export class ActivityPool {
    private readonly byOwner = new Map<string, Map<number, ActivityRecord>>();
    private size = 0;

    share(activity: ActivityRecord): ActivityRecord {
        // A due day that is not exactly `YYYY-MM-DD` is not shared (two texts must not share a number).
        // A number, not a string, per row: no garbage for the key of each of millions of rows.
        const day = activity.dueDate.length === 10 ? canonicalDay(activity.dueDate) : NaN;
        if (Number.isNaN(day)) return activity;
        const key = day * 4 + (activity.kind === 'task' ? 0 : 2) + (activity.completed ? 1 : 0);
        const known = this.byOwner.get(activity.ownerId)?.get(key);
        if (known) return known;
        if (this.size >= ACTIVITY_POOL_LIMIT) {
            this.byOwner.clear();
            this.size = 0;
        }
        let records = this.byOwner.get(activity.ownerId);
        if (!records) this.byOwner.set(activity.ownerId, (records = new Map()));
        records.set(key, activity);
        this.size++;
        return activity;
    }
}

/**
 * A task or event row; one with no readable date is rejected, having no period to count it in. Equal
 * records come back as one object when a `pool` is given.
 */
export function readActivity(
    activities: ActivityKind,
    translator: RecordTranslator,
    source: string,
    cells: Cells,
    place: RowPlace,
    pool?: ActivityPool
): ActivityRecord | null {
    const { due, fallback } = activities;
    const read = translator.row(source, place, cells.get('Id')?.trim() || null, (r) => {
        const ownerId = r.id('OwnerId', cells.get('OwnerId'), true);
        const given = r.want(due.column, due.parse(cells.get(due.column)), due.instead);
        const other = r.want(fallback.column, fallback.parse(cells.get(fallback.column)));
        const at = given ?? (other === null ? null : fallback.moment(other));
        if (at === null)
            r.reject(
                due.column,
                'no date',
                `neither ${due.column} nor ${fallback.column} can be read: no period to count it in`
            );
        return {
            ownerId,
            kind: activities.kind,
            dueDate: at!.slice(0, 10),
            completed: activities.completed(r, cells, at!)
        };
    });
    return read && pool ? pool.share(read) : read;
}
