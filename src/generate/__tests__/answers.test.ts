import type { FieldInfo, ParameterDefinition } from '../../core';
import { evaluateRule } from '../../core';
import { createRandom } from '../random';
import { answerMaker } from '../answers';

const parameter = (rule: string, field = 'X__c'): ParameterDefinition => ({
    name: 'P',
    label: 'P',
    play: 'Play',
    stage: 'Prospecting',
    field,
    question: '?',
    rule,
    weight: 1,
    requiredToAdvance: false,
    order: 1
});

const field = (type: FieldInfo['type'], picklistValues?: string[]): FieldInfo => ({
    apiName: 'X__c',
    label: 'X',
    type,
    ...(picklistValues ? { picklistValues } : {})
});

const cases: Array<[string, FieldInfo, boolean, boolean]> = [
    ['>= 100', field('number'), true, true],
    ['> 0', field('currency'), true, true],
    ['< 10', field('number'), true, true],
    ['<= 5', field('percent'), true, true],
    ['= 3', field('number'), true, true],
    ['!= 3', field('number'), true, true],
    ['between 1 and 26', field('number'), true, true],
    ['= true', field('boolean'), true, true],
    ['= false', field('boolean'), true, true],
    ['in (Positive, Neutral)', field('picklist', ['Positive', 'Neutral', 'Negative']), true, true],
    ['not in (Negative)', field('picklist', ['Positive', 'Neutral', 'Negative']), true, true],
    ['= Positive', field('picklist', ['Positive', 'Neutral', 'Negative']), true, true],
    ['in (Positive, Neutral, Negative)', field('picklist', ['Positive', 'Neutral', 'Negative']), true, false],
    ['not blank', field('multipicklist', ['Finance', 'IT', 'Sales']), true, false],
    ['not blank', field('textarea'), true, false],
    ['not blank', field('date'), true, false],
    ['not blank', field('datetime'), true, false],
    ['= Yes', field('text'), true, true],
    ['in (A, B)', field('text'), true, true]
];

describe('answerMaker', () => {
    it.each(cases)(
        '"%s" on a %p field: pass %p, fail %p — and values really have that outcome',
        (rule, info, canPass, canFail) => {
            const maker = answerMaker(parameter(rule), info);
            expect(maker.canPass).toBe(canPass);
            expect(maker.canFail).toBe(canFail);
            const random = createRandom(`answers|${rule}`);
            const context = { capturedAt: Date.UTC(2026, 2, 10, 9, 30) };
            for (let i = 0; i < 50; i++) {
                if (canPass)
                    expect(evaluateRule(maker.rule, maker.make('pass', random, context))).toBe('pass');
                if (canFail)
                    expect(evaluateRule(maker.rule, maker.make('fail', random, context))).toBe('fail');
            }
            if (!canFail) expect(() => maker.make('fail', random, context)).toThrow(/can fail/);
        }
    );

    it('leaves a checkbox false, not blank, when the rep never answers, and dates the answer', () => {
        expect(answerMaker(parameter('= true'), field('boolean')).unanswered).toBe(false);
        expect(answerMaker(parameter('>= 100'), field('number')).unanswered).toBeNull();
        const random = createRandom(1);
        const context = { capturedAt: Date.UTC(2026, 2, 10, 9, 30) };
        expect(answerMaker(parameter('not blank'), field('date')).make('pass', random, context)).toBe(
            '2026-03-10'
        );
        expect(answerMaker(parameter('not blank'), field('datetime')).make('pass', random, context)).toBe(
            '2026-03-10T09:30:00.000Z'
        );
    });

    it('names the record when its rule does not parse', () => {
        expect(() => answerMaker(parameter('>= lots'), field('number'))).toThrow(/Play_Parameter__mdt\.P/);
    });
});
