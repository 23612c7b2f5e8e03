/**
 * Answers to parameters that pass or fail their rules on purpose.
 *
 * The generator decides the *outcome* of each answer (pass, fail, blank) and then needs a value of
 * the field's type that really has that outcome under the core's own `evaluateRule` — so a
 * planted effect is keyed by exactly what the fit and the page will compute. Candidates are made
 * from the parsed rule and checked with `evaluateRule`; an outcome the rule cannot produce for this
 * field (nothing fails `not blank`) is reported as impossible instead of being faked.
 */
import type { FieldInfo, FieldValue, ParameterDefinition, Rule, RuleOutcome } from '../core';
import { evaluateRule, parseRule } from '../core';
import { createRandom, type Random } from './random';

/** What a rep types when a text parameter is answered: short, plausible, and never blank. */
const TEXT_ANSWERS = [
    'Manual reconciliation takes two days every month',
    'Churn is up 4 points year over year',
    'Quote turnaround is 9 days',
    'Audit findings on access reviews',
    'Field teams re-key orders into three systems',
    'Forecast calls rely on spreadsheets',
    'Onboarding a customer takes six weeks'
];

export interface AnswerContext {
    /** When the answer was captured (epoch ms): date parameters ("when did you share pricing?") hold it. */
    capturedAt: number;
}

export interface AnswerMaker {
    parameter: ParameterDefinition;
    field: FieldInfo;
    rule: Rule;
    /** Whether the rule can pass / fail at all for this field. */
    canPass: boolean;
    canFail: boolean;
    /**
     * The value a deal holds when the rep never answered. A checkbox is never null in Salesforce: an
     * unanswered checkbox is `false`, which a `= true` rule judges as a fail, not a blank.
     */
    unanswered: FieldValue;
    /** A value with the wanted outcome; throws when `canPass` / `canFail` says it cannot exist. */
    make(outcome: 'pass' | 'fail', random: Random, context: AnswerContext): FieldValue;
}

function numericCandidates(rule: Rule, outcome: 'pass' | 'fail', random: Random): number[] {
    const around = (n: number) => Math.abs(n) || 10;
    switch (rule.kind) {
        case 'compare': {
            if (typeof rule.value !== 'number') return [random.int(1, 500)];
            const v = rule.value;
            const above = Math.round(v + around(v) * random.uniform(0.05, 3));
            const below = Math.round(v - around(v) * random.uniform(0.05, 0.95));
            const wantAbove = rule.op === '>=' || rule.op === '>' ? outcome === 'pass' : outcome === 'fail';
            if (rule.op === '=') return outcome === 'pass' ? [v] : [above, below];
            if (rule.op === '!=') return outcome === 'pass' ? [above, below] : [v];
            return wantAbove ? [above, v + 1] : [below, v - 1];
        }
        case 'between': {
            const width = Math.max(1, rule.high - rule.low);
            if (outcome === 'pass') return [Math.round(random.uniform(rule.low, rule.high)), rule.low];
            return [Math.round(rule.high + width * random.uniform(0.1, 1.5)), rule.low - 1];
        }
        default:
            return [random.int(1, 500)];
    }
}

function picklistCandidates(
    field: FieldInfo,
    rule: Rule,
    outcome: 'pass' | 'fail',
    random: Random
): string[] {
    const values = field.picklistValues?.length ? field.picklistValues : ['Yes', 'No', 'Unsure'];
    const matching = values.filter((v) => evaluateRule(rule, v) === outcome);
    if (matching.length === 0) return [];
    if (
        field.type === 'multipicklist' &&
        outcome === 'pass' &&
        matching.length > 1 &&
        random.bernoulli(0.35)
    ) {
        const first = random.pick(matching);
        const second = random.pick(matching.filter((v) => v !== first));
        return [`${first};${second}`, first];
    }
    return [random.pick(matching)];
}

function textCandidates(rule: Rule, outcome: 'pass' | 'fail', random: Random): string[] {
    if (rule.kind === 'in')
        return (outcome === 'pass') !== rule.negate ? [random.pick(rule.values)] : ['Other'];
    if (rule.kind === 'compare' && typeof rule.value === 'string') {
        return (rule.op === '=') === (outcome === 'pass') ? [rule.value] : [`Not ${rule.value}`];
    }
    return [random.pick(TEXT_ANSWERS)];
}

function candidates(
    field: FieldInfo,
    rule: Rule,
    outcome: 'pass' | 'fail',
    random: Random,
    context: AnswerContext
): FieldValue[] {
    switch (field.type) {
        case 'number':
        case 'currency':
        case 'percent':
            return numericCandidates(rule, outcome, random);
        case 'boolean':
            return [true, false];
        case 'picklist':
        case 'multipicklist':
            return picklistCandidates(field, rule, outcome, random);
        case 'date':
            return [new Date(context.capturedAt).toISOString().slice(0, 10)];
        case 'datetime':
            return [new Date(context.capturedAt).toISOString()];
        default:
            return textCandidates(rule, outcome, random);
    }
}

const PROBE_CONTEXT: AnswerContext = { capturedAt: Date.UTC(2026, 0, 15, 10) };

/** Prepares the answers of one parameter; throws `RuleError` when its rule does not parse. */
export function answerMaker(parameter: ParameterDefinition, field: FieldInfo | undefined): AnswerMaker {
    const info: FieldInfo = field ?? { apiName: parameter.field, label: parameter.field, type: 'text' };
    const rule = parseRule(parameter.rule, `Play_Parameter__mdt.${parameter.name}`);
    const find = (outcome: 'pass' | 'fail', random: Random, context: AnswerContext): FieldValue | undefined =>
        candidates(info, rule, outcome, random, context).find(
            (value) => evaluateRule(rule, value) === (outcome as RuleOutcome)
        );
    // Probing with its own generator keeps the deals' own random sequence independent of the rule.
    const probe = (outcome: 'pass' | 'fail') => {
        const random = createRandom(`probe|${parameter.name}`);
        for (let i = 0; i < 20; i++) if (find(outcome, random, PROBE_CONTEXT) !== undefined) return true;
        return false;
    };
    const canPass = probe('pass');
    const canFail = probe('fail');
    return {
        parameter,
        field: info,
        rule,
        canPass,
        canFail,
        unanswered: info.type === 'boolean' ? false : null,
        make(outcome, random, context) {
            for (let attempt = 0; attempt < 20; attempt++) {
                const value = find(outcome, random, context);
                if (value !== undefined) return value;
            }
            throw new Error(
                `Play_Parameter__mdt.${parameter.name}: no ${info.type} value of ${info.apiName} can ${outcome} "${parameter.rule}"`
            );
        }
    };
}
