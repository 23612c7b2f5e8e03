import { toTimestamp } from '../../core';
import * as values from '../values';

const value = <T>(parsed: { ok: true; value: T } | { ok: false; message: string }) => {
    if (!parsed.ok) throw new Error(parsed.message);
    return parsed.value;
};

describe('Data Export cell values', () => {
    it('reads the three date-time forms exports use, converting offsets to UTC', () => {
        expect(value(values.parseDateTimeCell('2026-03-01'))).toBe('2026-03-01T00:00:00.000Z');
        expect(value(values.parseDateTimeCell('2026-03-01T10:00:00.000Z'))).toBe('2026-03-01T10:00:00.000Z');
        expect(value(values.parseDateTimeCell('2026-03-01 10:00:00'))).toBe('2026-03-01T10:00:00.000Z');
        expect(value(values.parseDateTimeCell('2026-03-01T10:00:00+0130'))).toBe('2026-03-01T08:30:00.000Z');
        expect(value(values.parseDateTimeCell('2026-03-01T00:30:00-01:00'))).toBe('2026-03-01T01:30:00.000Z');
        expect(value(values.parseDateTimeCell('  '))).toBeNull();
        for (const bad of ['2026-02-29', '2026-13-01', '01/03/2026', '2026-03-01T25:00:00', 'yesterday']) {
            expect(values.parseDateTimeCell(bad)).toMatchObject({ ok: false });
        }
    });

    it('keeps the calendar day of a date column, even when a time is attached', () => {
        expect(value(values.parseDateCell('2024-02-29'))).toBe('2024-02-29');
        expect(value(values.parseDateCell('2026-03-01T23:30:00.000-05:00'))).toBe('2026-03-01');
        expect(values.parseDateCell('2026-02-29')).toEqual({
            ok: false,
            message: '"2026-02-29" is not a date (expected YYYY-MM-DD)'
        });
    });

    it('reads booleans, numbers and percentages strictly', () => {
        expect(['true', 'TRUE', '1', 'false', '0', ''].map((t) => value(values.parseBooleanCell(t)))).toEqual(
            [true, true, true, false, false, null]
        );
        expect(values.parseBooleanCell('yes')).toMatchObject({ ok: false });
        expect(value(values.parseNumberCell(' -12.5e2 '))).toBe(-1250);
        expect(values.parseNumberCell('1,200')).toMatchObject({ ok: false });
        expect(values.parseNumberCell('12abc')).toMatchObject({ ok: false });
        expect(value(values.parseProbabilityCell('33.3'))).toBe(0.333);
        expect(value(values.parseProbabilityCell('0'))).toBe(0);
        expect(values.parseProbabilityCell('-1')).toMatchObject({ ok: false });
        expect(values.formatProbability(0.333)).toBe('33.3');
        expect(values.formatProbability(0.07)).toBe('7');
        expect(values.formatProbability(null)).toBe('');
    });

    it('maps forecast category labels and the older API values both ways', () => {
        expect(
            ['Best Case', 'BestCase', 'Forecast', 'commit', 'MostLikely', 'Omitted'].map((t) =>
                value(values.parseForecastCategoryCell(t))
            )
        ).toEqual(['Best Case', 'Best Case', 'Commit', 'Commit', 'Best Case', 'Omitted']);
        expect(values.parseForecastCategoryCell('Maybe')).toMatchObject({ ok: false });
        expect(values.forecastCategoryApiValue('Best Case')).toBe('BestCase');
        expect(values.forecastCategoryApiValue('Commit')).toBe('Forecast');
        expect(values.forecastCategoryApiValue('Pipeline')).toBe('Pipeline');
    });

    it('types capture fields by their metadata', () => {
        const field = (type: 'number' | 'boolean' | 'date' | 'picklist') => ({
            apiName: 'X__c',
            label: 'X',
            type
        });
        expect(value(values.parseFieldCell('120', field('number')))).toBe(120);
        expect(value(values.parseFieldCell('1', field('boolean')))).toBe(true);
        expect(value(values.parseFieldCell('2026-01-02', field('date')))).toBe('2026-01-02');
        expect(value(values.parseFieldCell('120', field('picklist')))).toBe('120');
        expect(value(values.parseFieldCell('free text', undefined))).toBe('free text');
        expect(value(values.parseFieldCell('', field('number')))).toBeNull();
        expect(values.parseFieldCell('ten', field('number'))).toMatchObject({ ok: false });
        expect([true, false, 3.5, 'x', null].map((v) => values.formatFieldValue(v))).toEqual([
            'true',
            'false',
            '3.5',
            'x',
            ''
        ]);
    });
});

describe('the fast path for the dates a Data Export writes', () => {
    /** A small seeded generator, so a failure can be replayed. */
    function random(seed: number): () => number {
        let state = seed >>> 0;
        return () => {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            return state / 4294967296;
        };
    }
    const pad = (n: number, width: number) => String(n).padStart(width, '0');

    /** Near-canonical texts: in-range and out-of-range parts, leap days, other shapes and zones. */
    function generated(next: () => number): string {
        const pick = <T>(list: T[]) => list[Math.floor(next() * list.length)];
        const year = pick([
            2024,
            2025,
            2026,
            1900,
            2000,
            2100,
            1000,
            999,
            100,
            50,
            9999,
            Math.floor(next() * 10000)
        ]);
        const month = pick([
            1,
            2,
            2,
            3,
            4,
            6,
            9,
            11,
            12,
            0,
            13,
            1 + Math.floor(next() * 12),
            Math.floor(next() * 100)
        ]);
        const day = pick([
            1,
            15,
            28,
            29,
            29,
            30,
            31,
            0,
            32,
            1 + Math.floor(next() * 28),
            Math.floor(next() * 100)
        ]);
        const date = `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}`;
        if (next() < 0.3)
            return pick([date, ` ${date}`, `${date} `, date.replace('-', '/'), date.slice(0, 9)]);
        const hour = pick([0, 5, 23, 24, Math.floor(next() * 24), Math.floor(next() * 100)]);
        const minute = pick([0, 30, 59, 60, Math.floor(next() * 60)]);
        const second = pick([0, 7, 59, 60, Math.floor(next() * 60)]);
        const canonical = next() < 0.6;
        const millis = canonical
            ? `.${pad(Math.floor(next() * 1000), 3)}`
            : pick(['.980', '.5', '.12', '.123456', '', '.1234', '.', '.abc']);
        const zone = canonical ? 'Z' : pick(['Z', 'z', '', '+02:00', '-0130', '+00:00', ' Z', 'ZZ']);
        const sep = canonical ? 'T' : pick(['T', 't', ' ']);
        const time = `${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}`;
        return `${date}${sep}${time}${millis}${zone}`;
    }

    it('gives what the general parser gives, on every kind of text', () => {
        const next = random(7);
        let fast = 0;
        const differ: string[] = [];
        const instantsDiffer: string[] = [];
        const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
        for (let i = 0; i < 40_000; i++) {
            const text = generated(next);
            if (values.isCanonicalDateTime(text) || values.isCanonicalDate(text)) fast++;
            // The instant read with the check is the core's reading of the same text.
            const instant = values.canonicalInstant(text);
            if (values.isCanonicalDateTime(text) ? instant !== toTimestamp(text) : !Number.isNaN(instant))
                instantsDiffer.push(text);
            if (
                !same(values.parseDateTimeCell(text), values.parseDateTimeCellGenerally(text)) ||
                !same(values.parseDateCell(text), values.parseDateCellGenerally(text))
            )
                differ.push(text);
        }
        expect(differ).toEqual([]);
        expect(instantsDiffer).toEqual([]);
        // Enough texts take the fast path (and enough do not) for the comparison to mean something.
        expect(fast).toBeGreaterThan(2_000);
        expect(fast).toBeLessThan(38_000);
    });

    it('takes leap days as the calendar has them, and only the canonical shapes', () => {
        expect(values.isCanonicalDate('2024-02-29')).toBe(true);
        expect(values.isCanonicalDate('2000-02-29')).toBe(true);
        expect(values.isCanonicalDate('2100-02-29')).toBe(false);
        expect(values.isCanonicalDate('2025-02-29')).toBe(false);
        expect(values.isCanonicalDate('2025-04-31')).toBe(false);
        expect(values.isCanonicalDateTime('2024-02-29T23:59:59.999Z')).toBe(true);
        expect(values.isCanonicalDateTime('2024-02-29T23:59:59Z')).toBe(false);
        expect(values.isCanonicalDateTime('2024-02-29T24:00:00.000Z')).toBe(false);
        expect(values.isCanonicalDateTime('2024-02-29T10:00:00.000+01:00')).toBe(false);
        expect(value(values.parseDateTimeCell('2025-03-04T05:06:07.000Z'))).toBe('2025-03-04T05:06:07.000Z');
        expect(value(values.parseDateTimeCell('2025-03-04'))).toBe('2025-03-04T00:00:00.000Z');
        for (const text of [
            '1970-01-01T00:00:00.000Z',
            '1969-12-31T23:59:59.999Z',
            '1000-01-01T00:00:00.000Z',
            '1600-02-29T12:00:00.000Z',
            '2000-03-01T00:00:00.001Z',
            '2024-02-29T23:59:59.999Z',
            '2100-12-31T00:00:00.000Z',
            '9999-12-31T23:59:59.999Z'
        ])
            expect([text, values.canonicalInstant(text)]).toEqual([text, Date.parse(text)]);
        expect(values.canonicalInstant('2024-02-29T23:59:60.000Z')).toBeNaN();
        expect(values.canonicalInstant('2024-02-29')).toBeNaN();
    });
});

describe('the fast paths for plain numbers and blank cells', () => {
    /** What `parseNumberCell` gave before its plain-digit path: the pattern, then `Number`. */
    function generally(text: string): unknown {
        if (text.trim() === '') return null;
        const trimmed = text.trim();
        return /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/.test(trimmed) ? Number(trimmed) : 'bad';
    }

    it('reads plain digits as Number does, and leaves every other text to the general reading', () => {
        const texts = [
            '0',
            '7',
            '0012',
            '2100',
            '34800',
            '999999999999999', // 15 digits: the longest read by hand
            '9999999999999999', // 16: the general way (above 2^53 rounding applies)
            '12345678901234567890',
            ' 2100',
            '2100 ',
            '21 00',
            '2100.',
            '2100.50',
            '+5',
            '-5',
            '1e3',
            '١٢', // Arabic-Indic digits are not digits here, as in the pattern
            '',
            ' ',
            '\u00a0',
            '\t12\n'
        ];
        for (let n = 1; n < 2_000_000; n = n * 3 + 1) texts.push(String(n), `0${n}`);
        for (const text of texts) {
            const parsed = values.parseNumberCell(text);
            expect([text, parsed.ok ? parsed.value : 'bad']).toEqual([text, generally(text)]);
        }
    });

    it('tells blank cells as trimming does, for every character a cell can start or end with', () => {
        const differ: number[] = [];
        let blank = 0;
        for (let code = 0; code < 0x10000; code++) {
            const c = String.fromCharCode(code);
            for (const text of [c, `${c}x`, `x${c}`, `${c}${c}`, `${c} `]) {
                if (values.isEmptyCell(text) !== (text.trim() === '')) differ.push(code);
                if (text.trim() === '') blank++;
            }
        }
        expect(differ).toEqual([]);
        // White space of every kind was among them (tab, space, NBSP, U+2028, U+3000, U+FEFF, ...).
        expect(blank).toBeGreaterThan(3 * 20);
        expect(values.isEmptyCell(undefined)).toBe(true);
        expect(values.isEmptyCell('')).toBe(true);
        expect(values.isEmptyCell('\ufeff ')).toBe(true);
    });
});
