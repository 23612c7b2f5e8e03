/**
 * Rows of the files and objects the KPIs and adoption read (issue 12) into the core's records: quotas
 * (`Stageplay_Quota__c`, or the org's `ForecastingQuota` mapped onto the same fields), logins
 * (`LoginHistory`), tasks and events. Through the translator's `row`, so every row ends in the same
 * data-quality ledger as the deals: accepted, repaired (how) or rejected (why, at file:line:column).
 */
import type { ActivityRecord, LoginRecord, QuotaRecord, QuotaSource } from '../core';
import {
    isEmptyCell,
    parseBooleanCell,
    parseDateCell,
    parseDateTimeCell,
    parseNumberCell
} from '../dataExport/values';
import { MAX_PLAUSIBLE_AMOUNT } from './limits';
import type { Cells, RecordTranslator, RowPlace } from './translate';

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

/**
 * A task: due on its ActivityDate, or the day it was created when it has none; completed when
 * closed (IsClosed, or Status "Completed" when the export has no IsClosed column).
 */
export function readTask(
    translator: RecordTranslator,
    source: string,
    cells: Cells,
    place: RowPlace
): ActivityRecord | null {
    return translator.row(source, place, cells.get('Id')?.trim() || null, (r) => {
        const ownerId = r.id('OwnerId', cells.get('OwnerId'), true);
        const activityDate = r.want(
            'ActivityDate',
            parseDateCell(cells.get('ActivityDate')),
            'the day it was created is used'
        );
        const created = r.want('CreatedDate', parseDateTimeCell(cells.get('CreatedDate')));
        const dueDate = activityDate ?? created?.slice(0, 10) ?? null;
        if (dueDate === null)
            r.reject(
                'ActivityDate',
                'no date',
                'neither ActivityDate nor CreatedDate can be read: no period to count it in'
            );
        const isClosed = r.want('IsClosed', parseBooleanCell(cells.get('IsClosed')), 'Status decides');
        const status = cells.get('Status')?.trim().toLowerCase() ?? '';
        return { ownerId, kind: 'task', dueDate: dueDate!, completed: isClosed ?? status === 'completed' };
    });
}

/** An event: due on the day it ends (EndDateTime, else ActivityDate); completed once it is over by `nowIso`. */
export function readEvent(
    translator: RecordTranslator,
    source: string,
    cells: Cells,
    place: RowPlace,
    nowIso: string
): ActivityRecord | null {
    return translator.row(source, place, cells.get('Id')?.trim() || null, (r) => {
        const ownerId = r.id('OwnerId', cells.get('OwnerId'), true);
        const end = r.want(
            'EndDateTime',
            parseDateTimeCell(cells.get('EndDateTime')),
            'ActivityDate is used'
        );
        const day = r.want('ActivityDate', parseDateCell(cells.get('ActivityDate')));
        const at = end ?? (day === null ? null : `${day}T23:59:59.999Z`);
        if (at === null)
            r.reject(
                'EndDateTime',
                'no date',
                'neither EndDateTime nor ActivityDate can be read: no period to count it in'
            );
        return { ownerId, kind: 'event', dueDate: at!.slice(0, 10), completed: at! <= nowIso };
    });
}
