import {
    describeEvidence,
    fact,
    flagEvidence,
    formatAnswer,
    formatCompactAmount,
    formatEvidenceValue
} from 'c/stageplayCore';

describe('evidence formatted by its declared unit', () => {
    it.each([
        [0.456, 'probability', '46%'],
        [0.2, 'percent', '20%'],
        [14, 'days', '14 days'],
        [1, 'days', '1 day'],
        [1234, 'count', '1,234'],
        [1250000, 'money', '1,250,000'],
        [1.523, 'ratio', '×1.52'],
        ['2026-11-03T09:00:00.000Z', 'date', '2026-11-03'],
        ['fail', 'outcome', 'fails it'],
        [87.5, 'answer', '87.5'],
        [null, 'days', 'Blank'],
        [true, 'answer', 'Yes'],
        ['Negotiation', 'stage', 'Negotiation']
    ] as const)('%j in %s → %s', (value, unit, text) => {
        expect(formatEvidenceValue(value, unit)).toBe(text);
    });

    it('takes the unit from the flag, never from the name of the key', () => {
        // A key that sounds like days but was declared a count reads as a count, and the reverse.
        const flag = flagEvidence({
            daysInStage: fact.count(3),
            pushes: fact.days(3),
            dealProbability: fact.money(1500),
            unknownKey: fact.probability(0.25),
            lastPushAt: fact.date(null)
        });
        expect(flag.units).toEqual({
            daysInStage: 'count',
            pushes: 'days',
            dealProbability: 'money',
            unknownKey: 'probability',
            lastPushAt: 'date'
        });
        expect(flag.evidence).toEqual({
            daysInStage: 3,
            pushes: 3,
            dealProbability: 1500,
            unknownKey: 0.25,
            lastPushAt: null
        });
        expect(describeEvidence(flag)).toEqual([
            { key: 'daysInStage', name: 'Time in stage', value: '3' },
            { key: 'pushes', name: 'Times pushed', value: '3 days' },
            { key: 'dealProbability', name: 'Deal probability', value: '1,500' },
            { key: 'unknownKey', name: 'Unknown key', value: '25%' }
        ]);
    });
});

describe('number formats shared by the page, the report and the terminal', () => {
    it.each([
        [1_254_000, 2, '1.25M'],
        [812_500, 2, '812.5k'],
        [940, 2, '940'],
        [-2_500_000_000, 2, '-2.50B'],
        [1_254_000, 1, '1.3M'],
        [812_500, 1, '813k'],
        // Rounds the amount as written: 996,650 is 996.65k, which rounds up.
        [996_650, 2, '996.7k'],
        [null, 2, '–']
    ] as const)('%j with %i decimals → %s', (value, digits, text) => {
        expect(formatCompactAmount(value, digits)).toBe(text);
    });

    it('writes an answer as a person reads it', () => {
        expect(formatAnswer(null)).toBe('Blank');
        expect(formatAnswer('')).toBe('Blank');
        expect(formatAnswer(false)).toBe('No');
        expect(formatAnswer(1234.567)).toBe('1,234.57');
        expect(formatAnswer('Positive')).toBe('Positive');
    });
});
