import { RuleError, describeRule, evaluateRule, formatNumber, isBlank, parseRule } from '../rules';

const WHERE = 'Play_Parameter__mdt.Org_Size';

describe('parseRule', () => {
    it.each([
        ['>= 100', { kind: 'compare', op: '>=', value: 100 }],
        ['> 0', { kind: 'compare', op: '>', value: 0 }],
        ['<= 5', { kind: 'compare', op: '<=', value: 5 }],
        ['< 5.5', { kind: 'compare', op: '<', value: 5.5 }],
        ['>=-3', { kind: 'compare', op: '>=', value: -3 }],
        ['= true', { kind: 'compare', op: '=', value: true }],
        ['= FALSE', { kind: 'compare', op: '=', value: false }],
        ['= Positive', { kind: 'compare', op: '=', value: 'Positive' }],
        ['!= Negative', { kind: 'compare', op: '!=', value: 'Negative' }],
        ["= 'Very good'", { kind: 'compare', op: '=', value: 'Very good' }],
        ['= 42', { kind: 'compare', op: '=', value: 42 }],
        ['== 1', { kind: 'compare', op: '=', value: 1 }],
        ['<> x', { kind: 'compare', op: '!=', value: 'x' }],
        ['between 10 and 20', { kind: 'between', low: 10, high: 20 }],
        ['BETWEEN 1.5 AND 1.5', { kind: 'between', low: 1.5, high: 1.5 }],
        ["in (A, B, 'C d')", { kind: 'in', values: ['A', 'B', 'C d'], negate: false }],
        ['IN(Positive,Neutral)', { kind: 'in', values: ['Positive', 'Neutral'], negate: false }],
        ['in ("a, b", c)', { kind: 'in', values: ['a, b', 'c'], negate: false }],
        ['not in (A)', { kind: 'in', values: ['A'], negate: true }],
        ['Not  In (A, B)', { kind: 'in', values: ['A', 'B'], negate: true }],
        ['not blank', { kind: 'notBlank' }],
        ['  NOT BLANK  ', { kind: 'notBlank' }],
        ['blank', { kind: 'blank' }]
    ])('parses %s', (text, expected) => {
        expect(parseRule(text, WHERE)).toEqual(expected);
    });

    it.each([
        ['', 'the rule is empty'],
        ['   ', 'the rule is empty'],
        ['>= abc', '">=" needs a number, found "abc"'],
        ['>', 'expected a value after ">"'],
        ['=', 'expected a value after "="'],
        ['between 10', 'expected "between <number> and <number>"'],
        ['between x and 5', '"x" is not a number'],
        ['between 1 and y', '"y" is not a number'],
        ['between 20 and 10', 'the lower bound 20 is greater than the upper bound 10'],
        ['in A, B', 'expected a list in parentheses after "in"'],
        ['not in A', 'expected a list in parentheses after "not in"'],
        ['in ()', 'the list is empty'],
        ['in (A,,B)', 'has an empty item'],
        ['in (A, B,)', 'ends with a comma'],
        ["in ('A, B)", 'unterminated quote'],
        ["in ('A' B)", 'expected a comma after'],
        ["= 'open", 'unterminated quote'],
        ['is good', 'unknown rule'],
        ['contains x', 'unknown rule']
    ])('rejects %j: names the record, the text and the problem', (text, problem) => {
        let caught: unknown;
        try {
            parseRule(text, WHERE);
        } catch (error) {
            caught = error;
        }
        expect(caught).toBeInstanceOf(RuleError);
        const error = caught as RuleError;
        expect(error.message).toContain(WHERE);
        expect(error.message).toContain(`"${text}"`);
        expect(error.message).toContain(problem);
        expect(error.where).toBe(WHERE);
        expect(error.ruleText).toBe(text);
        expect(error.name).toBe('RuleError');
    });

    it('still explains the problem when no record is named', () => {
        expect(() => parseRule('>= lots')).toThrow(
            'rule ">= lots" is not valid: ">=" needs a number, found "lots"'
        );
    });
});

describe('isBlank', () => {
    it.each([null, undefined, '', '   ', '\t', Number.NaN])('%j is blank', (value) => {
        expect(isBlank(value)).toBe(true);
    });
    it.each([0, false, 'x', ' a ', -1])('%j is not blank', (value) => {
        expect(isBlank(value)).toBe(false);
    });
});

describe('evaluateRule', () => {
    const at = (text: string, value: Parameters<typeof evaluateRule>[1]) =>
        evaluateRule(parseRule(text), value);

    it('calls every blank value blank, whatever the rule', () => {
        for (const rule of ['>= 100', '= true', 'in (A)', 'not blank', 'between 1 and 2', '!= x']) {
            expect(at(rule, null)).toBe('blank');
            expect(at(rule, '  ')).toBe('blank');
        }
    });

    it('treats blank as the good answer of the blank rule', () => {
        expect(at('blank', null)).toBe('pass');
        expect(at('blank', 'something')).toBe('fail');
    });

    it('compares numbers, coercing numeric strings from exports', () => {
        expect(at('>= 100', 100)).toBe('pass');
        expect(at('>= 100', 99.99)).toBe('fail');
        expect(at('>= 100', '150')).toBe('pass');
        expect(at('> 0', '0')).toBe('fail');
        expect(at('< 5', 4)).toBe('pass');
        expect(at('<= 5', '5.0')).toBe('pass');
        expect(at('= 42', '42')).toBe('pass');
        expect(at('!= 42', 41)).toBe('pass');
    });

    it('fails a value of the wrong kind instead of passing it', () => {
        expect(at('>= 100', 'lots')).toBe('fail');
        expect(at('>= 100', true)).toBe('fail');
        expect(at('= true', 'yes')).toBe('fail');
        expect(at('between 1 and 5', 'three')).toBe('fail');
    });

    it('compares booleans given as booleans or as text', () => {
        expect(at('= true', true)).toBe('pass');
        expect(at('= true', 'TRUE')).toBe('pass');
        expect(at('= true', false)).toBe('fail');
        expect(at('= false', 'false')).toBe('pass');
        expect(at('!= true', false)).toBe('pass');
    });

    it('compares picklist values case-insensitively', () => {
        expect(at('= Positive', 'positive')).toBe('pass');
        expect(at('!= Negative', 'NEGATIVE')).toBe('fail');
        expect(at('!= Negative', 'Neutral')).toBe('pass');
        expect(at("in (A, B, 'C d')", 'c D')).toBe('pass');
        expect(at('in (A, B)', 'Z')).toBe('fail');
        expect(at('not in (A)', 'a')).toBe('fail');
        expect(at('not in (A)', 'B')).toBe('pass');
    });

    it('passes a multi-select picklist when any selection is in the set', () => {
        expect(at('in (Email, Phone)', 'Chat;Phone')).toBe('pass');
        expect(at('in (Email, Phone)', 'Chat;Fax')).toBe('fail');
        expect(at('not in (Email)', 'Chat; Email')).toBe('fail');
        expect(at('= Phone', 'Chat;Phone')).toBe('pass');
        // One item or several, padding and case do not count; a list of nothing matches nothing.
        expect(at('= Phone', '  PHONE ')).toBe('pass');
        expect(at('in (Email, Phone)', ' phone')).toBe('pass');
        expect(at('in (Email, Phone)', ' ; ')).toBe('fail');
        expect(at('not in (Email)', ' ; ')).toBe('pass');
        expect(at('!= Phone', ';')).toBe('pass');
    });

    it('judges the same answer the same way however often one parsed rule is asked', () => {
        const rule = parseRule("in ('Cost Reduction', Growth)");
        const outcomes = ['Growth', 'growth ', 'Cost reduction', 'Other', 'Growth', 'Other'].map((v) =>
            evaluateRule(rule, v)
        );
        expect(outcomes).toEqual(['pass', 'pass', 'pass', 'fail', 'pass', 'fail']);
        // A long free-text answer is compared the same way (it is just not kept).
        const long = 'Onboarding a customer takes six weeks and three people from finance';
        expect(evaluateRule(parseRule(`= '${long.toLowerCase()}'`), ` ${long.toUpperCase()} `)).toBe('pass');
        expect(evaluateRule(parseRule(`in ('${long}', Growth)`), long.toLowerCase())).toBe('pass');
        expect(evaluateRule(parseRule(`= '${long}'`), `${long}.`)).toBe('fail');
    });

    it('includes both bounds of between', () => {
        expect(at('between 10 and 20', 10)).toBe('pass');
        expect(at('between 10 and 20', '20')).toBe('pass');
        expect(at('between 10 and 20', 20.01)).toBe('fail');
    });

    it('passes any filled-in value for not blank', () => {
        expect(at('not blank', 0)).toBe('pass');
        expect(at('not blank', false)).toBe('pass');
        expect(at('not blank', 'x')).toBe('pass');
    });
});

describe('describeRule', () => {
    it.each([
        ['>= 100', 'at least 100'],
        ['> 0', 'more than 0'],
        ['<= 5', 'at most 5'],
        ['< 5', 'less than 5'],
        ['>= 1000000', 'at least 1,000,000'],
        ['= true', 'is checked'],
        ['= false', 'is not checked'],
        ['!= true', 'is not checked'],
        ['= Positive', 'is Positive'],
        ['!= Negative', 'is not Negative'],
        ['between 10 and 20', 'between 10 and 20'],
        ['in (Positive, Neutral)', 'is one of Positive, Neutral'],
        ['not in (Negative)', 'is not one of Negative'],
        ['not blank', 'is filled in'],
        ['blank', 'is left blank']
    ])('%s reads "%s"', (text, expected) => {
        expect(describeRule(parseRule(text))).toBe(expected);
    });
});

describe('formatNumber', () => {
    it.each([
        [0, '0'],
        [100, '100'],
        [1234.5, '1,234.5'],
        [-9876543.219, '-9,876,543.22'],
        [0.125, '0.13']
    ])('%d → %s', (value, expected) => {
        expect(formatNumber(value)).toBe(expected);
    });
});
