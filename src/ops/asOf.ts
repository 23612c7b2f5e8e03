/**
 * `--as-of` against the data it is applied to: a date before the first record, or long after the
 * last, gives a forecast of nothing or of deals frozen in the past, with numbers that look right.
 */
import type { Dataset } from '../dataset';
import { UsageError } from '../errors';
import type { Reporter } from '../output';

/** Today's date in UTC, `YYYY-MM-DD`: the as-of date when none is given. */
export function todayUtc(): string {
    return new Date().toISOString().slice(0, 10);
}

/** How long after the last recorded activity an as-of date is still plausible. */
export const AS_OF_MAX_DAYS_AFTER_DATA = 366;

export interface DataSpan {
    /** First opportunity creation, YYYY-MM-DD. */
    first: string;
    /** Last creation or stage change, YYYY-MM-DD. */
    last: string;
}

/** The dates the dataset covers, or null when it holds no dated record. */
export function dataSpanOf(dataset: Pick<Dataset, 'opportunities' | 'stageHistory'>): DataSpan | null {
    let first: string | null = null;
    let last: string | null = null;
    const see = (dateTime: string | null | undefined, counts: { first: boolean }) => {
        if (!dateTime || !/^\d{4}-\d{2}-\d{2}/.test(dateTime)) return;
        const day = dateTime.slice(0, 10);
        if (counts.first && (first === null || day < first)) first = day;
        if (last === null || day > last) last = day;
    };
    for (const opportunity of dataset.opportunities) see(opportunity.createdDate, { first: true });
    // Stage changes only move the end: the latest instant's day is the latest day (a canonical ISO
    // string orders as its instant does); an instant kept as written is read as written.
    const rows = dataset.stageHistory;
    let latest = -1;
    for (let i = 0; i < rows.length; i++) {
        const text = rows.keptText(i);
        if (text !== undefined) see(text, { first: false });
        else if (latest < 0 || rows.instantAt(i) > rows.instantAt(latest)) latest = i;
    }
    if (latest >= 0) see(rows.createdDateAt(latest), { first: false });
    return first !== null && last !== null ? { first, last } : null;
}

function daysBetween(from: string, to: string): number {
    return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * An --as-of the user typed that lies before the data or more than a year after it is a usage
 * error (exit 2); today's date (no --as-of) that far after the data is a warning, since an old
 * export is legitimate but its forecast is history.
 */
export function checkAsOf(
    dataset: Pick<Dataset, 'opportunities' | 'stageHistory'>,
    asOf: string,
    given: boolean,
    reporter: Reporter,
    sourceLabel: string
): void {
    const span = dataSpanOf(dataset);
    if (!span) return;
    const where = `the data in ${sourceLabel} runs from ${span.first} to ${span.last}`;
    if (asOf < span.first) {
        const message = `as-of ${asOf} is before the first opportunity was created: ${where}.`;
        if (given) throw new UsageError(`--${message} Give a date within that span.`);
        reporter.warn(`${message} Pass --as-of within that span.`);
        return;
    }
    const after = daysBetween(span.last, asOf);
    if (after > AS_OF_MAX_DAYS_AFTER_DATA) {
        const message = `as-of ${asOf} is ${after} days after the last recorded activity: ${where}.`;
        if (given) {
            throw new UsageError(
                `--${message} Give a date at most ${AS_OF_MAX_DAYS_AFTER_DATA} days after ${span.last}.`
            );
        }
        reporter.warn(
            `${message} Open deals are judged as they stood then; pass --as-of ${span.last} to reconcile at the end of the data.`
        );
    }
}
