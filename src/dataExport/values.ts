/**
 * Turning the text of a Data Export cell into the core's values.
 *
 * Every parser returns a `Parsed` instead of throwing: a bad cell is a per-row problem that the
 * reader reports with its file, line and column, not an exception that ends the run.
 */
import type { FieldInfo, FieldValue, ForecastCategory } from '../core';
import { FORECAST_CATEGORY_SPELLINGS, forecastCategoryApiValue, forecastCategoryOf } from '../core';

export type Parsed<T> = { ok: true; value: T } | { ok: false; message: string };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

/** Salesforce exports a null as an empty cell; whitespace-only cells are treated the same way. */
export function isEmptyCell(text: string | undefined): boolean {
    if (text === undefined) return true;
    // Millions of cells: one that starts with a visible ASCII character (never white space) is not
    // empty, which needs no trimmed copy to tell.
    const first = text.length > 0 ? text.charCodeAt(0) : 0;
    if (first > 32 && first < 127) return false;
    return text.trim() === '';
}

const NUMBER_PATTERN = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Why a number-looking cell is not one, in the words of the likely cause (a spreadsheet re-save, a locale). */
function numberDiagnosis(text: string): string {
    if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(text))
        return ': it has a thousands separator; Data Export numbers are written without one (e.g. 2448.50)';
    if (/^[-+]?\d+,\d+$/.test(text))
        return ': it has a decimal comma; Data Export numbers use a decimal point (e.g. 2448.50)';
    if (/^[-+]?[$€£¥]|[$€£¥]$/.test(text))
        return ': it has a currency symbol; Data Export amounts are plain numbers';
    return '';
}

export function parseNumberCell(text: string | undefined): Parsed<number | null> {
    if (text !== undefined) {
        const digits = plainDigits(text);
        if (digits >= 0) return ok(digits);
    }
    if (isEmptyCell(text)) return ok(null);
    const trimmed = text!.trim();
    if (!NUMBER_PATTERN.test(trimmed)) return bad(`"${trimmed}" is not a number${numberDiagnosis(trimmed)}`);
    return ok(Number(trimmed));
}

/** Longest text of plain digits read by hand: 10^15 - 1 and every step towards it are exact doubles. */
const PLAIN_DIGITS_MAX_LENGTH = 15;

/**
 * The number a text of 1 to 15 plain digits (`2100`, amounts as an export writes them) names, or -1
 * for any other text. Read in place: the regular expression and the trimmed copy cost more than the
 * digits. Below 2^53 every partial sum is exact, so it is the number `Number(text)` gives.
 */
function plainDigits(text: string): number {
    const n = text.length;
    if (n === 0 || n > PLAIN_DIGITS_MAX_LENGTH) return -1;
    let value = 0;
    for (let i = 0; i < n; i++) {
        const d = text.charCodeAt(i) - 48;
        if (!(d >= 0 && d <= 9)) return -1;
        value = value * 10 + d;
    }
    return value;
}

/**
 * A parser of cells that hold a few distinct texts (flags, categories, percentages) that remembers
 * its answer for each text: millions of cells, each read again (trimmed, lower-cased, a regular
 * expression) for the same few answers otherwise. A `Parsed` is never changed once made, so one
 * serves every cell with that text. Bounded: forgotten when full.
 */
function remembering<T>(
    parse: (text: string | undefined) => Parsed<T>
): (text: string | undefined) => Parsed<T> {
    const answers = new Map<string, Parsed<T>>();
    return (text) => {
        if (text === undefined) return parse(text);
        let parsed = answers.get(text);
        if (parsed === undefined) {
            parsed = parse(text);
            if (answers.size >= REMEMBERED_ANSWERS) answers.clear();
            answers.set(text, parsed);
        }
        return parsed;
    };
}
const REMEMBERED_ANSWERS = 1000;

/** `true`/`false` (any case) as Salesforce writes them, and `1`/`0` as spreadsheets re-save them. */
export const parseBooleanCell = remembering(readBooleanCell);

function readBooleanCell(text: string | undefined): Parsed<boolean | null> {
    if (isEmptyCell(text)) return ok(null);
    const lower = text!.trim().toLowerCase();
    if (lower === 'true' || lower === '1') return ok(true);
    if (lower === 'false' || lower === '0') return ok(false);
    return bad(`"${text!.trim()}" is not a boolean (expected true, false, 1 or 0)`);
}

const DATE_TIME_PATTERN =
    /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?)?$/i;

interface DateParts {
    epochMs: number;
    hasTime: boolean;
}

function parseDateParts(text: string): DateParts | null {
    const match = DATE_TIME_PATTERN.exec(text.trim());
    if (!match) return null;
    const [, y, mo, d, h, mi, s, frac, zone] = match;
    const year = Number(y);
    const month = Number(mo);
    const day = Number(d);
    const hour = h === undefined ? 0 : Number(h);
    const minute = mi === undefined ? 0 : Number(mi);
    const second = s === undefined ? 0 : Number(s);
    const millis = frac === undefined ? 0 : Math.floor(Number(`0.${frac}`) * 1000);
    if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
    let epochMs = Date.UTC(year, month - 1, day, hour, minute, second, millis);
    // Date.UTC rolls 2026-02-30 over to March; a real export never holds such a date, so reject it.
    const check = new Date(Date.UTC(year, month - 1, day));
    if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
    if (zone && zone.toUpperCase() !== 'Z') {
        const sign = zone.startsWith('-') ? -1 : 1;
        const digits = zone.slice(1).replace(':', '');
        const offsetMinutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4));
        epochMs -= sign * offsetMinutes * 60_000;
    }
    return { epochMs, hasTime: h !== undefined };
}

/**
 * The shapes a Data Export writes, read by hand (the checks the core's `canonicalDay` and
 * `canonicalTimestamp` make) instead of a regular expression and a Date: `YYYY-MM-DD`, and
 * `YYYY-MM-DDTHH:MM:SS.sssZ` (which is already its own ISO form). Years below 1000 (Date.UTC reads
 * years below 100 as 19xx) and a leap second (a Date turns :60 into the next minute, so the text would
 * not be its own ISO form) go to `parseDateParts` with everything else, valid or not;
 * `__tests__/values.test.ts` compares the two on generated texts.
 */
export function isCanonicalDate(text: string): boolean {
    return text.length === 10 && isCalendarDay(text);
}

export function isCanonicalDateTime(text: string): boolean {
    if (
        text.length !== 24 ||
        text.charCodeAt(10) !== 84 /* T */ ||
        text.charCodeAt(13) !== 58 /* : */ ||
        text.charCodeAt(16) !== 58 ||
        text.charCodeAt(19) !== 46 /* . */ ||
        text.charCodeAt(23) !== 90 /* Z */ ||
        !isCalendarDay(text)
    )
        return false;
    const hours = twoDigits(text, 11);
    const minutes = twoDigits(text, 14);
    const seconds = twoDigits(text, 17); // :60 goes the general way (above)
    return (
        hours >= 0 &&
        hours <= 23 &&
        minutes >= 0 &&
        minutes <= 59 &&
        seconds >= 0 &&
        seconds <= 59 &&
        twoDigits(text, 20) >= 0 &&
        twoDigits(text, 21) >= 0
    );
}

/** Days before each month's first in a year that is not a leap year. */
const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
/** Leap years from year 1 to 1969 (`leapYearsBefore(1970)`). */
const LEAP_YEARS_BEFORE_1970 = 477;

function leapYearsBefore(year: number): number {
    const y = year - 1;
    return Math.floor(y / 4) - Math.floor(y / 100) + Math.floor(y / 400);
}

/**
 * The instant (epoch milliseconds) a `YYYY-MM-DDTHH:MM:SS.sssZ` text names when `isCanonicalDateTime`
 * takes it, else NaN: what `toTimestamp` gives for it (whole numbers below 2^53, so exactly), read
 * from the digits the check has just looked at instead of parsing the text again (history rows'
 * instants, millions of them). `__tests__/values.test.ts` compares the two on generated texts.
 */
export function canonicalInstant(text: string): number {
    if (!isCanonicalDateTime(text)) return NaN;
    const year = twoDigits(text, 0) * 100 + twoDigits(text, 2);
    const month = twoDigits(text, 5);
    const leapDay = month > 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
    const days =
        365 * (year - 1970) +
        leapYearsBefore(year) -
        LEAP_YEARS_BEFORE_1970 +
        DAYS_BEFORE_MONTH[month - 1] +
        leapDay +
        twoDigits(text, 8) -
        1;
    const seconds = (twoDigits(text, 11) * 60 + twoDigits(text, 14)) * 60 + twoDigits(text, 17);
    const millis = twoDigits(text, 20) * 10 + (text.charCodeAt(22) - 48);
    return days * 86_400_000 + seconds * 1000 + millis;
}

/*
 * The two checks above run on every date of every row (millions), so they read character codes in
 * place, two digits at a time, without computing the instant the text names (building deal paths
 * does that, once).
 */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The two digits at `at` as a number, or -1 when either is not a digit. */
function twoDigits(text: string, at: number): number {
    const tens = text.charCodeAt(at) - 48;
    const ones = text.charCodeAt(at + 1) - 48;
    return tens >= 0 && tens <= 9 && ones >= 0 && ones <= 9 ? tens * 10 + ones : -1;
}

/** Whether `text` starts with a `YYYY-MM-DD` naming a day of the (proleptic Gregorian) calendar, from year 1000. */
function isCalendarDay(text: string): boolean {
    const century = twoDigits(text, 0);
    const yearOfCentury = twoDigits(text, 2);
    const month = twoDigits(text, 5);
    const day = twoDigits(text, 8);
    if (
        century < 10 /* year < 1000, or not digits */ ||
        yearOfCentury < 0 ||
        text.charCodeAt(4) !== 45 /* - */ ||
        text.charCodeAt(7) !== 45 ||
        month < 1 ||
        month > 12 ||
        day < 1
    )
        return false;
    const year = century * 100 + yearOfCentury;
    const leapDay = month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 1 : 0;
    return day <= DAYS_IN_MONTH[month - 1] + leapDay;
}

/**
 * A date column (`CloseDate`). Exports sometimes carry a time on date columns; the calendar date as
 * written is kept, because a close date is a day in the org's calendar, not an instant.
 */
export function parseDateCell(text: string | undefined): Parsed<string | null> {
    if (text !== undefined && isCanonicalDate(text)) return ok(text);
    return parseDateCellGenerally(text);
}

/** `parseDateCell` without its fast path: every shape, through `parseDateParts`. */
export function parseDateCellGenerally(text: string | undefined): Parsed<string | null> {
    if (isEmptyCell(text)) return ok(null);
    const trimmed = text!.trim();
    if (!parseDateParts(trimmed)) return bad(`"${trimmed}" is not a date (expected YYYY-MM-DD)`);
    return ok(trimmed.slice(0, 10));
}

/**
 * A date-time column (`CreatedDate`). Times without a zone are read as UTC, which is what the Data
 * Export writes; a bare date means midnight UTC.
 */
export function parseDateTimeCell(text: string | undefined): Parsed<string | null> {
    if (text !== undefined) {
        if (isCanonicalDateTime(text)) return ok(text);
        if (isCanonicalDate(text)) return ok(`${text}T00:00:00.000Z`);
    }
    return parseDateTimeCellGenerally(text);
}

/** `parseDateTimeCell` without its fast path: every shape, through `parseDateParts`. */
export function parseDateTimeCellGenerally(text: string | undefined): Parsed<string | null> {
    if (isEmptyCell(text)) return ok(null);
    const parts = parseDateParts(text!);
    if (!parts) return bad(`"${text!.trim()}" is not a date-time (expected YYYY-MM-DDTHH:MM:SS.sssZ)`);
    return ok(new Date(parts.epochMs).toISOString());
}

/** CSV percentages (0..100) become the core's fractions; rounding removes `33.3 / 100` float noise. */
export const parseProbabilityCell = remembering(readProbabilityCell);

function readProbabilityCell(text: string | undefined): Parsed<number | null> {
    const parsed = parseNumberCell(text);
    if (!parsed.ok || parsed.value === null) return parsed;
    if (parsed.value < 0 || parsed.value > 100)
        return bad(`${parsed.value} is not a percentage between 0 and 100`);
    return ok(Math.round((parsed.value / 100) * 1e10) / 1e10);
}

export function formatProbability(probability: number | null): string {
    if (probability === null) return '';
    return String(Math.round(probability * 100 * 1e8) / 1e8);
}

/** Forecast categories by label or API value, through the core's one vocabulary table. */
export const parseForecastCategoryCell = remembering(readForecastCategoryCell);

function readForecastCategoryCell(text: string | undefined): Parsed<ForecastCategory | null> {
    if (isEmptyCell(text)) return ok(null);
    const category = forecastCategoryOf(text);
    if (!category)
        return bad(
            `"${text!.trim()}" is not a forecast category (expected ${FORECAST_CATEGORY_SPELLINGS.join(', ')})`
        );
    return ok(category);
}

export { forecastCategoryApiValue };

/** A capture field's cell, typed by the field's metadata so rules compare numbers with numbers. */
export function parseFieldCell(text: string | undefined, field: FieldInfo | undefined): Parsed<FieldValue> {
    if (isEmptyCell(text)) return ok(null);
    switch (field?.type) {
        case 'number':
        case 'currency':
        case 'percent':
            return parseNumberCell(text);
        case 'boolean':
            return parseBooleanCell(text);
        case 'date':
            return parseDateCell(text);
        case 'datetime':
            return parseDateTimeCell(text);
        default:
            return ok(text!);
    }
}

export function formatFieldValue(value: FieldValue | undefined): string {
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return String(value);
}
