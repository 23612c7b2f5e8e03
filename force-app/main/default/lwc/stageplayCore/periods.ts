/**
 * Dates and forecast periods. Salesforce dates are `YYYY-MM-DD` and date-times ISO 8601 in UTC; all
 * arithmetic here is on day numbers computed from the digits, never through `Date` parsing, so a
 * result never depends on the machine's or the browser's time zone.
 */
import type { Period, PeriodSpec } from './types';

/** Milliseconds in a UTC day. */
export const MS_PER_DAY = 86_400_000;
const MONTH_NAMES = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME_PATTERN =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d+))?)?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;

/** Days since 1970-01-01 of a civil date (proleptic Gregorian), after Howard Hinnant's algorithm. */
function daysFromCivil(year: number, month: number, day: number): number {
    const y = month <= 2 ? year - 1 : year;
    const era = Math.floor(y / 400);
    const yearOfEra = y - era * 400;
    const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
    const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
    return era * 146097 + dayOfEra - 719468;
}

/** The civil date (proleptic Gregorian) of a day number since 1970-01-01: `daysFromCivil` backwards. */
function civilFromDays(days: number): { year: number; month: number; day: number } {
    const z = days + 719468;
    const era = Math.floor(z / 146097);
    const dayOfEra = z - era * 146097;
    const yearOfEra = Math.floor(
        (dayOfEra -
            Math.floor(dayOfEra / 1460) +
            Math.floor(dayOfEra / 36524) -
            Math.floor(dayOfEra / 146096)) /
            365
    );
    const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
    const mp = Math.floor((5 * dayOfYear + 2) / 153);
    const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
    const month = mp < 10 ? mp + 3 : mp - 9;
    return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
    return (
        daysFromCivil(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1, 1) -
        daysFromCivil(year, month, 1)
    );
}

function pad(value: number, width: number): string {
    return String(value).padStart(width, '0');
}

/** Parsed plain dates by their text; cleared when full, so odd inputs cannot grow it without bound. */
const dayTimestamps = new Map<string, number>();
const DAY_CACHE_LIMIT = 100_000;

/**
 * Day texts by day number: runs ask for the days of millions of instants (stage exits, creations, rows)
 * that fall on a few thousand days, so each day's text is made once and shared (no new string, no garbage,
 * per instant). Cleared when full, like `dayTimestamps`.
 */
const dayTexts = new Map<number, string>();

function formatDay(days: number): string {
    let text = dayTexts.get(days);
    if (text === undefined) {
        const { year, month, day } = civilFromDays(days);
        text = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
        if (dayTexts.size >= DAY_CACHE_LIMIT) dayTexts.clear();
        dayTexts.set(days, text);
    }
    return text;
}

/**
 * Milliseconds since the epoch (UTC) of a date (`YYYY-MM-DD`, midnight UTC) or an ISO date-time.
 * A date-time without an offset is read as UTC, which is what Salesforce exports mean.
 * @throws Error naming the value when it is not a date.
 */
export function toTimestamp(value: string): number {
    // Plain dates (close dates, period bounds, as-of days) are few and asked for millions of times.
    if (typeof value === 'string' && value.length <= 10) {
        const known = dayTimestamps.get(value);
        if (known !== undefined) return known;
        const parsed = parseTimestamp(value);
        if (dayTimestamps.size >= DAY_CACHE_LIMIT) dayTimestamps.clear();
        dayTimestamps.set(value, parsed);
        return parsed;
    }
    return parseTimestamp(value);
}

/** The digits `text[from..from+width)` as a number, or -1 when any of them is not a digit. */
function digitsAt(text: string, from: number, width: number): number {
    let n = 0;
    for (let i = from; i < from + width; i++) {
        const d = text.charCodeAt(i) - 48;
        if (d < 0 || d > 9) return -1;
        n = n * 10 + d;
    }
    return n;
}

/**
 * Days since 1970-01-01 of the `YYYY-MM-DD` that `text` starts with, or NaN when it does not start
 * with that shape or names no day of the calendar (month 13, 30 February). Read by hand, not by the
 * regular expression: exports hold millions of dates.
 */
export function canonicalDay(text: string): number {
    if (text.charCodeAt(4) !== 45 /* - */ || text.charCodeAt(7) !== 45) return NaN;
    const year = digitsAt(text, 0, 4);
    const month = digitsAt(text, 5, 2);
    const day = digitsAt(text, 8, 2);
    if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
    return daysFromCivil(year, month, day);
}

/**
 * The instant of `YYYY-MM-DDTHH:MM:SS.sssZ`, the one shape every date-time in an export and in
 * Stageplay's own rows takes (building deal paths parses millions), or NaN for any other text or
 * a part out of range (which `toTimestamp` then reads the general way, naming what is wrong). The
 * same number the general reading gives; a leap second (:60) is the next minute's first, as there.
 */
export function canonicalTimestamp(text: string): number {
    if (
        text.length !== 24 ||
        text.charCodeAt(10) !== 84 /* T */ ||
        text.charCodeAt(13) !== 58 /* : */ ||
        text.charCodeAt(16) !== 58 ||
        text.charCodeAt(19) !== 46 /* . */ ||
        text.charCodeAt(23) !== 90 /* Z */
    )
        return NaN;
    const day = canonicalDay(text);
    const hours = digitsAt(text, 11, 2);
    const minutes = digitsAt(text, 14, 2);
    const seconds = digitsAt(text, 17, 2);
    const millis = digitsAt(text, 20, 3);
    if (hours < 0 || minutes < 0 || seconds < 0 || millis < 0) return NaN;
    if (hours > 23 || minutes > 59 || seconds > 60) return NaN;
    return day * MS_PER_DAY + ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis;
}

function parseTimestamp(value: string): number {
    const canonical = typeof value === 'string' ? canonicalTimestamp(value) : NaN;
    if (!Number.isNaN(canonical)) return canonical;
    const match = DATE_TIME_PATTERN.exec((value ?? '').trim());
    if (!match) throw new Error(`"${value}" is not a date (YYYY-MM-DD) or an ISO date-time`);
    const [, y, mo, d, h, mi, s, frac, zone] = match;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
        throw new Error(`"${value}" is not a valid calendar date`);
    }
    const hours = Number(h ?? 0);
    const minutes = Number(mi ?? 0);
    const seconds = Number(s ?? 0);
    if (hours > 23 || minutes > 59 || seconds > 60) throw new Error(`"${value}" has an invalid time of day`);
    const millis = frac ? Math.round(Number(`0.${frac}`) * 1000) : 0;
    let offsetMinutes = 0;
    if (zone && zone.toUpperCase() !== 'Z') {
        const sign = zone[0] === '-' ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        offsetMinutes = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
    }
    return (
        daysFromCivil(year, month, day) * MS_PER_DAY +
        ((hours * 60 + minutes - offsetMinutes) * 60 + seconds) * 1000 +
        millis
    );
}

/** The UTC calendar date (`YYYY-MM-DD`) of a date or an ISO date-time. */
export function toDate(isoDateTime: string): string {
    // A ten-character text that parsed before is a valid `YYYY-MM-DD` already (see `toTimestamp`).
    if (typeof isoDateTime === 'string') {
        if (isoDateTime.length === 10 && dayTimestamps.has(isoDateTime)) return isoDateTime;
        // The one shape of every date-time in an export and in Stageplay's own rows, read without a copy.
        const instant = canonicalTimestamp(isoDateTime);
        if (!Number.isNaN(instant)) return formatDay(Math.floor(instant / MS_PER_DAY));
    }
    const trimmed = (isoDateTime ?? '').trim();
    if (DATE_PATTERN.test(trimmed)) {
        toTimestamp(trimmed);
        return trimmed;
    }
    return formatDay(Math.floor(toTimestamp(trimmed) / MS_PER_DAY));
}

/** The last instant of the year 9999: past it (or before 1970) `toISOString` writes another shape. */
const LAST_FOUR_DIGIT_YEAR_MS = 253_402_300_799_999;

/**
 * The ISO date-time (UTC, milliseconds) of a timestamp: `new Date(timestamp).toISOString()`, the same
 * string, without a `Date` for whole milliseconds from 1970 to 9999. Paths write a stage change's
 * instant per visit and close-date push (millions at a million deals): the date's characters come from
 * the day's text (`formatDay`, made once per day), the time's from small-integer arithmetic, and the
 * string is made in one call (about 150 ns here, against 530 when the date was worked out each time,
 * with about 0.5 kB of garbage per call). Other instants go through `Date`.
 */
export function fromTimestamp(timestamp: number): string {
    if (!Number.isInteger(timestamp) || timestamp < 0 || timestamp > LAST_FOUR_DIGIT_YEAR_MS)
        return new Date(timestamp).toISOString();
    const days = Math.floor(timestamp / MS_PER_DAY);
    const date = formatDay(days);
    let ms = timestamp - days * MS_PER_DAY;
    const hours = (ms / 3_600_000) | 0;
    ms -= hours * 3_600_000;
    const minutes = (ms / 60_000) | 0;
    ms -= minutes * 60_000;
    const seconds = (ms / 1000) | 0;
    ms -= seconds * 1000;
    // Digits are 48 + their value.
    return String.fromCharCode(
        date.charCodeAt(0),
        date.charCodeAt(1),
        date.charCodeAt(2),
        date.charCodeAt(3),
        45 /* - */,
        date.charCodeAt(5),
        date.charCodeAt(6),
        45,
        date.charCodeAt(8),
        date.charCodeAt(9),
        84 /* T */,
        48 + ((hours / 10) | 0),
        48 + (hours % 10),
        58 /* : */,
        48 + ((minutes / 10) | 0),
        48 + (minutes % 10),
        58,
        48 + ((seconds / 10) | 0),
        48 + (seconds % 10),
        46 /* . */,
        48 + ((ms / 100) | 0),
        48 + (((ms / 10) | 0) % 10),
        48 + (ms % 10),
        90 /* Z */
    );
}

/** `date` moved by `n` days (negative moves back). Accepts a date-time and returns its UTC date moved. */
export function addDays(date: string, n: number): string {
    return formatDay(Math.floor(toTimestamp(toDate(date)) / MS_PER_DAY) + Math.round(n));
}

/**
 * Days from `a` to `b` (positive when b is later). Dates give whole days; date-times give fractional
 * days, so time in stage is measured to the hour.
 */
export function daysBetween(a: string, b: string): number {
    return (toTimestamp(b) - toTimestamp(a)) / MS_PER_DAY;
}

/** The last instant (UTC) of a date: what "as of <date>" includes. */
export function endOfDay(date: string): number {
    return toTimestamp(toDate(date)) + MS_PER_DAY - 1;
}

function checkSpec(spec: PeriodSpec): void {
    const start = spec?.fiscalYearStartMonth;
    if (!Number.isInteger(start) || start < 1 || start > 12) {
        throw new Error(`fiscalYearStartMonth must be a whole number from 1 to 12, got ${String(start)}`);
    }
    if (spec.unit !== 'month' && spec.unit !== 'quarter') {
        throw new Error(`period unit must be "month" or "quarter", got ${String(spec.unit)}`);
    }
}

/** Month arithmetic on (year, month) pairs, month 1..12. */
function shiftMonth(year: number, month: number, by: number): { year: number; month: number } {
    const index = year * 12 + (month - 1) + by;
    return { year: Math.floor(index / 12), month: (((index % 12) + 12) % 12) + 1 };
}

/**
 * The forecast period a date falls in. The fiscal year is named by the calendar year it ends in
 * (Salesforce's default for standard fiscal years): with a February start, 2026-02-01 .. 2027-01-31
 * is FY2027. Keys sort in time order: `FY2027-Q1`, `FY2027-M01` (fiscal month number).
 *
 * The label is the one name people see everywhere (page, report, CSV, terminal): `Q4 2026` for a
 * calendar quarter, `FY2027 Q1` for a fiscal quarter when the fiscal year does not start in
 * January, `Nov 2026` for a month (a calendar month needs no fiscal name).
 */
export function periodOf(date: string, spec: PeriodSpec): Period {
    checkSpec(spec);
    const day = toDate(date);
    const year = Number(day.slice(0, 4));
    const month = Number(day.slice(5, 7));
    const startMonth = spec.fiscalYearStartMonth;
    const fiscalYear = startMonth === 1 || month < startMonth ? year : year + 1;
    const fiscalMonth = ((month - startMonth + 12) % 12) + 1;
    const yearStart = { year: startMonth === 1 ? fiscalYear : fiscalYear - 1, month: startMonth };

    const span = spec.unit === 'quarter' ? 3 : 1;
    const index = Math.floor((fiscalMonth - 1) / span);
    const first = shiftMonth(yearStart.year, yearStart.month, index * span);
    const afterLast = shiftMonth(first.year, first.month, span);
    const start = daysFromCivil(first.year, first.month, 1);
    const end = daysFromCivil(afterLast.year, afterLast.month, 1) - 1;

    if (spec.unit === 'quarter') {
        const quarter = index + 1;
        return {
            key: `FY${fiscalYear}-Q${quarter}`,
            label: startMonth === 1 ? `Q${quarter} ${fiscalYear}` : `FY${fiscalYear} Q${quarter}`,
            start: formatDay(start),
            end: formatDay(end)
        };
    }
    return {
        key: `FY${fiscalYear}-M${pad(fiscalMonth, 2)}`,
        label: `${MONTH_NAMES[first.month - 1]} ${first.year}`,
        start: formatDay(start),
        end: formatDay(end)
    };
}

const PERIOD_KEY_PATTERN = /^FY(\d{4})-(Q([1-4])|M(0[1-9]|1[0-2]))$/;

/**
 * The period a key names (`FY2027-Q1`, `FY2027-M01`) under a fiscal year start; the key's own unit
 * wins over `spec.unit`.
 * @throws Error naming the key when it is not a period key.
 */
export function periodOfKey(key: string, spec: PeriodSpec): Period {
    checkSpec(spec);
    const match = PERIOD_KEY_PATTERN.exec(key ?? '');
    if (!match) throw new Error(`"${key}" is not a period key (FY2026-Q4 or FY2026-M11)`);
    const fiscalYear = Number(match[1]);
    const startMonth = spec.fiscalYearStartMonth;
    const yearStart = { year: startMonth === 1 ? fiscalYear : fiscalYear - 1, month: startMonth };
    const monthsIn = match[3] ? (Number(match[3]) - 1) * 3 : Number(match[4]) - 1;
    const first = shiftMonth(yearStart.year, yearStart.month, monthsIn);
    const unit: PeriodSpec['unit'] = match[3] ? 'quarter' : 'month';
    return periodOf(`${pad(first.year, 4)}-${pad(first.month, 2)}-01`, { ...spec, unit });
}

/**
 * The label of a period key (`FY2027-Q1` → `FY2027 Q1` with a February fiscal start, `Q1 2027` with a
 * January one): every output names periods the same way as `periodOf(...).label`.
 * @throws Error naming the key when it is not a period key.
 */
export function periodLabel(key: string, spec: PeriodSpec): string {
    return periodOfKey(key, spec).label;
}

/** Every period from the one holding `startDate` to the one holding `endDate`, in order (empty if reversed). */
export function periodsBetween(startDate: string, endDate: string, spec: PeriodSpec): Period[] {
    const periods: Period[] = [];
    const last = periodOf(endDate, spec);
    let current = periodOf(startDate, spec);
    if (current.start > last.start) return periods;
    periods.push(current);
    while (current.key !== last.key) {
        current = periodOf(addDays(current.end, 1), spec);
        periods.push(current);
    }
    return periods;
}

/** True when `date` lies in the period (bounds inclusive). */
export function inPeriod(date: string, period: Period): boolean {
    const day = toDate(date);
    return day >= period.start && day <= period.end;
}
