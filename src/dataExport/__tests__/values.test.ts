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
