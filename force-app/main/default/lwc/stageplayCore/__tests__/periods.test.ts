import {
    addDays,
    daysBetween,
    endOfDay,
    fromTimestamp,
    inPeriod,
    periodOf,
    periodLabel,
    periodOfKey,
    periodsBetween,
    toDate,
    toTimestamp
} from '../periods';
import type { Period, PeriodSpec } from '../types';

const CALENDAR_QUARTERS = { unit: 'quarter', fiscalYearStartMonth: 1 } as const;
const FEBRUARY_QUARTERS = { unit: 'quarter', fiscalYearStartMonth: 2 } as const;
const FEBRUARY_MONTHS = { unit: 'month', fiscalYearStartMonth: 2 } as const;

/**
 * Where a date lands for a spec: the whole period, or the fields a case is about. Each row is one
 * boundary of the calendar the way a rep's fiscal year draws it.
 */
const PERIOD_OF_CASES: ReadonlyArray<[string, string, PeriodSpec, Partial<Period>]> = [
    // FY2026 runs 2025-02-01 .. 2026-01-31; FY2027 starts 2026-02-01.
    [
        'names a February fiscal year by the calendar year it ends in (its last day)',
        '2026-01-31',
        FEBRUARY_QUARTERS,
        { key: 'FY2026-Q4', label: 'FY2026 Q4', start: '2025-11-01', end: '2026-01-31' }
    ],
    [
        'names a February fiscal year by the calendar year it ends in (the next first day)',
        '2026-02-01',
        FEBRUARY_QUARTERS,
        { key: 'FY2027-Q1', label: 'FY2027 Q1', start: '2026-02-01', end: '2026-04-30' }
    ],
    [
        'keeps calendar quarters on their boundaries (a quarter end)',
        '2026-03-31',
        CALENDAR_QUARTERS,
        { key: 'FY2026-Q1', label: 'Q1 2026', start: '2026-01-01', end: '2026-03-31' }
    ],
    [
        'keeps calendar quarters on their boundaries (a quarter start)',
        '2026-04-01',
        CALENDAR_QUARTERS,
        { key: 'FY2026-Q2' }
    ],
    [
        'keeps calendar quarters on their boundaries (the year end)',
        '2026-12-31',
        CALENDAR_QUARTERS,
        { key: 'FY2026-Q4', start: '2026-10-01' }
    ],
    [
        'keeps calendar quarters on their boundaries (the year start)',
        '2027-01-01',
        CALENDAR_QUARTERS,
        { key: 'FY2027-Q1' }
    ],
    [
        'numbers months within the fiscal year and labels them by calendar month (the first)',
        '2026-02-14',
        FEBRUARY_MONTHS,
        { key: 'FY2027-M01', label: 'Feb 2026', start: '2026-02-01', end: '2026-02-28' }
    ],
    [
        'numbers months within the fiscal year and labels them by calendar month (the last)',
        '2026-01-15',
        FEBRUARY_MONTHS,
        { key: 'FY2026-M12', label: 'Jan 2026' }
    ],
    [
        'numbers months within the fiscal year and labels them by calendar month (a leap February)',
        '2028-02-29',
        FEBRUARY_MONTHS,
        { key: 'FY2029-M01', end: '2028-02-29' }
    ],
    [
        'numbers months within the fiscal year and labels them by calendar month (a calendar year)',
        '2026-12-05',
        { unit: 'month', fiscalYearStartMonth: 1 },
        { key: 'FY2026-M12', label: 'Dec 2026', end: '2026-12-31' }
    ],
    [
        'buckets a date-time by its UTC date (late on a quarter end)',
        '2026-03-31T23:30:00.000Z',
        CALENDAR_QUARTERS,
        { key: 'FY2026-Q1' }
    ],
    // 2026-03-31T23:30-02:00 is already April 1st in UTC.
    [
        'buckets a date-time by its UTC date (an offset into the next quarter)',
        '2026-03-31T23:30:00-02:00',
        CALENDAR_QUARTERS,
        { key: 'FY2026-Q2' }
    ],
    [
        'handles a fiscal year starting in July (its last day)',
        '2026-06-30',
        { unit: 'quarter', fiscalYearStartMonth: 7 },
        { key: 'FY2026-Q4' }
    ],
    [
        'handles a fiscal year starting in July (its first day)',
        '2026-07-01',
        { unit: 'quarter', fiscalYearStartMonth: 7 },
        { key: 'FY2027-Q1', end: '2026-09-30' }
    ],
    [
        'handles a fiscal year starting in December',
        '2026-12-01',
        { unit: 'quarter', fiscalYearStartMonth: 12 },
        { key: 'FY2027-Q1', start: '2026-12-01', end: '2027-02-28' }
    ]
];

describe('periodOf', () => {
    it.each(PERIOD_OF_CASES)('%s: %s', (_case, date, spec, expected) => {
        const period = periodOf(date, spec);
        expect(period).toMatchObject(expected);
        // A period is exactly these four fields, whichever of them a case names.
        expect(Object.keys(period).sort()).toEqual(['end', 'key', 'label', 'start']);
    });

    it('rejects a bad spec or date, naming the value', () => {
        expect(() => periodOf('2026-01-01', { unit: 'quarter', fiscalYearStartMonth: 13 })).toThrow(
            'fiscalYearStartMonth must be a whole number from 1 to 12, got 13'
        );
        expect(() => periodOf('2026-01-01', { unit: 'week' as 'month', fiscalYearStartMonth: 1 })).toThrow(
            'week'
        );
        expect(() => periodOf('31/01/2026', CALENDAR_QUARTERS)).toThrow('"31/01/2026" is not a date');
        expect(() => periodOf('2026-02-30', CALENDAR_QUARTERS)).toThrow('not a valid calendar date');
    });
});

describe('periodsBetween', () => {
    it('lists every period from the first date to the last, across fiscal years', () => {
        expect(periodsBetween('2025-12-15', '2026-05-01', FEBRUARY_QUARTERS).map((p) => p.key)).toEqual([
            'FY2026-Q4',
            'FY2027-Q1',
            'FY2027-Q2'
        ]);
        expect(periodsBetween('2026-01-10', '2026-03-01', FEBRUARY_MONTHS).map((p) => p.label)).toEqual([
            'Jan 2026',
            'Feb 2026',
            'Mar 2026'
        ]);
    });
    it('is a single period when both dates share it, and empty when reversed', () => {
        expect(periodsBetween('2026-01-02', '2026-01-30', CALENDAR_QUARTERS)).toHaveLength(1);
        expect(periodsBetween('2026-07-01', '2026-01-01', CALENDAR_QUARTERS)).toEqual([]);
    });
});

describe('date arithmetic', () => {
    it('adds days across months, leap days and years', () => {
        expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
        expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
        expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
        expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
        expect(addDays('2026-03-31', -28)).toBe('2026-03-03');
        expect(addDays('2026-03-31T22:00:00Z', 1)).toBe('2026-04-01');
    });

    it('counts days between dates and date-times', () => {
        expect(daysBetween('2026-01-01', '2026-03-01')).toBe(59);
        expect(daysBetween('2026-03-01', '2026-01-01')).toBe(-59);
        expect(daysBetween('2026-01-01T12:00:00.000Z', '2026-01-02T00:00:00.000Z')).toBe(0.5);
        expect(daysBetween('2026-01-01T00:00:00+02:00', '2026-01-01')).toBeCloseTo(2 / 24, 12);
    });

    it('reads date-times without an offset as UTC, whatever the machine zone', () => {
        expect(toTimestamp('2026-01-01T00:00:00')).toBe(Date.UTC(2026, 0, 1));
        expect(toTimestamp('2026-01-01 06:30')).toBe(Date.UTC(2026, 0, 1, 6, 30));
        expect(toTimestamp('2026-05-17T08:09:10.123Z')).toBe(Date.UTC(2026, 4, 17, 8, 9, 10, 123));
        expect(toTimestamp('1969-12-31')).toBe(-86_400_000);
    });

    it('reads the export shape (YYYY-MM-DDTHH:MM:SS.sssZ) as the general reading does, errors included', () => {
        // The shape has a hand-written reading; the same instant written with "+00:00" takes the general one.
        let seed = 20261127;
        const next = (n: number) => {
            seed = (seed * 1103515245 + 12345) % 2147483648;
            return seed % n;
        };
        const two = (n: number) => String(n).padStart(2, '0');
        for (let i = 0; i < 20_000; i++) {
            // Parts a little past their ranges too (month 13, day 31 in April, hour 24, second 60, year 0000).
            const year = String([0, 1, 999, 1969, 1970, 2000, 2024, 2026, 2100, 9999][next(10)]).padStart(
                4,
                '0'
            );
            const text = `${year}-${two(next(14))}-${two(next(33))}T${two(next(25))}:${two(next(61))}:${two(next(62))}.${String(next(1000)).padStart(3, '0')}Z`;
            const general = `${text.slice(0, -1)}+00:00`;
            let expected: number | string;
            try {
                expected = toTimestamp(general);
            } catch (err) {
                expected = (err as Error).message.replace(general, text);
            }
            if (typeof expected === 'number') expect([text, toTimestamp(text)]).toEqual([text, expected]);
            else expect(() => toTimestamp(text)).toThrow(expected);
        }
        expect(toTimestamp('2028-02-29T23:59:60.999Z')).toBe(Date.UTC(2028, 2, 1, 0, 0, 0, 999));
        expect(() => toTimestamp('2027-02-29T00:00:00.000Z')).toThrow('is not a valid calendar date');
        expect(() => toTimestamp('2026-01-01T24:00:00.000Z')).toThrow('has an invalid time of day');
        expect(() => toTimestamp('2026-01-01T0a:00:00.000Z')).toThrow('is not a date');
    });

    it('turns instants into dates and back', () => {
        expect(toDate('2026-05-17T23:59:59.999Z')).toBe('2026-05-17');
        expect(toDate('2026-05-17T23:00:00-05:00')).toBe('2026-05-18');
        expect(toDate('2026-05-17')).toBe('2026-05-17');
        expect(fromTimestamp(Date.UTC(2026, 4, 17, 8, 9, 10, 123))).toBe('2026-05-17T08:09:10.123Z');
        expect(endOfDay('2026-05-17')).toBe(Date.UTC(2026, 4, 17, 23, 59, 59, 999));
    });

    it('gives the UTC day of a canonical instant the way Date does, a leap second the next day', () => {
        // Every 7h13m17.017s over four years (months, leap days, year ends), plus the edges of the range.
        const instants: number[] = [0, Date.UTC(9999, 11, 31, 23, 59, 59, 999), Date.UTC(2028, 1, 29, 12)];
        for (let t = Date.UTC(2024, 0, 1); t < Date.UTC(2028, 0, 1); t += 25_997_017) instants.push(t);
        for (const t of instants) {
            const text = new Date(t).toISOString();
            expect(toDate(text)).toBe(text.slice(0, 10));
            expect(toDate(` ${text} `)).toBe(text.slice(0, 10));
        }
        expect(toDate('2028-02-29T23:59:60.000Z')).toBe('2028-03-01');
        expect(toDate('2026-12-31T23:59:60.500Z')).toBe('2027-01-01');
        expect(() => toDate('2027-02-29T00:00:00.000Z')).toThrow('is not a valid calendar date');
    });

    it('tells whether a date is in a period, bounds included', () => {
        const q1 = periodOf('2026-02-01', CALENDAR_QUARTERS);
        expect(inPeriod('2026-01-01', q1)).toBe(true);
        expect(inPeriod('2026-03-31T23:59:59Z', q1)).toBe(true);
        expect(inPeriod('2026-04-01', q1)).toBe(false);
    });
});

describe('periodLabel', () => {
    it('names a key the way periodOf labels the period, for calendar and fiscal years', () => {
        expect(periodLabel('FY2026-Q4', CALENDAR_QUARTERS)).toBe('Q4 2026');
        expect(periodLabel('FY2027-Q1', FEBRUARY_QUARTERS)).toBe('FY2027 Q1');
        expect(periodLabel('FY2026-Q4', FEBRUARY_QUARTERS)).toBe(
            periodOf('2026-01-31', FEBRUARY_QUARTERS).label
        );
        expect(periodLabel('FY2027-M01', FEBRUARY_MONTHS)).toBe('Feb 2026');
        expect(periodLabel('FY2026-M12', FEBRUARY_MONTHS)).toBe('Jan 2026');
        expect(periodLabel('FY2026-M11', { unit: 'month', fiscalYearStartMonth: 1 })).toBe('Nov 2026');
    });

    it('finds the period of a key, its own unit winning', () => {
        expect(periodOfKey('FY2027-Q1', FEBRUARY_QUARTERS)).toEqual(
            periodOf('2026-02-01', FEBRUARY_QUARTERS)
        );
        expect(periodOfKey('FY2026-M11', CALENDAR_QUARTERS)).toEqual({
            key: 'FY2026-M11',
            label: 'Nov 2026',
            start: '2026-11-01',
            end: '2026-11-30'
        });
    });

    it('rejects what is not a period key, naming it', () => {
        expect(() => periodLabel('Q4 2026', CALENDAR_QUARTERS)).toThrow('"Q4 2026" is not a period key');
        expect(() => periodLabel('FY2026-M13', CALENDAR_QUARTERS)).toThrow('FY2026-M13');
    });
});

describe('fromTimestamp', () => {
    it('writes every instant as toISOString does, and the ones it does not write itself through Date', () => {
        const last = Date.parse('9999-12-31T23:59:59.999Z');
        const instants = [
            0,
            1,
            999,
            86_399_999,
            86_400_000,
            Date.parse('2026-02-28T23:59:59.999Z'),
            Date.parse('2024-02-29T12:34:56.789Z'),
            Date.parse('2000-01-01T00:00:00.000Z'),
            last,
            last + 1,
            -1,
            -86_400_001,
            1.5
        ];
        // A walk over 60 years in uneven steps: every time of day and every calendar day shape.
        for (
            let at = 0, step = 7919;
            at < Date.parse('2030-01-01');
            at += step, step = (step * 31 + 17) % 999_999_937
        )
            instants.push(at);
        // Twice each: the second time the day's text is the one kept.
        for (const at of [...instants, ...instants])
            expect([at, fromTimestamp(at)]).toEqual([at, new Date(at).toISOString()]);
        expect(() => fromTimestamp(NaN)).toThrow(RangeError);
    });
});
