/**
 * Evidence with its unit, made where a flag is raised: `fact.days(12)`, `fact.date('2026-11-03')`,
 * `fact.probability(0.35)`. `flagEvidence` splits the facts into the flag's plain values (what
 * reconciliation.json and deals.csv have always carried) and their units, so no renderer has to
 * guess a unit from a key's name.
 */
import type { DealFlag, EvidenceUnit, EvidenceValue, FieldValue, RuleOutcome } from './types';

/** One fact: a value and what it measures. */
export interface Fact {
    value: EvidenceValue;
    unit: EvidenceUnit;
}

const make = (value: EvidenceValue, unit: EvidenceUnit): Fact => ({ value, unit });

/** The one way to make a fact, one constructor per unit, each taking only values of its kind. */
export const fact = {
    text: (value: string | null): Fact => make(value, 'text'),
    answer: (value: FieldValue): Fact => make(value, 'answer'),
    rule: (value: string): Fact => make(value, 'rule'),
    outcome: (value: RuleOutcome): Fact => make(value, 'outcome'),
    stage: (value: string): Fact => make(value, 'stage'),
    /** `YYYY-MM-DD` or an ISO date-time (shown as its day). */
    date: (value: string | null): Fact => make(value, 'date'),
    days: (value: number | null): Fact => make(value, 'days'),
    count: (value: number | null): Fact => make(value, 'count'),
    /** A share 0..1. */
    percent: (value: number | null): Fact => make(value, 'percent'),
    /** A chance 0..1. */
    probability: (value: number | null): Fact => make(value, 'probability'),
    money: (value: number | null): Fact => make(value, 'money'),
    ratio: (value: number | null): Fact => make(value, 'ratio')
};

/** A flag's `evidence` and `units` from named facts (their order is the order people read them in). */
export function flagEvidence(facts: Record<string, Fact>): Pick<DealFlag, 'evidence' | 'units'> {
    const evidence: DealFlag['evidence'] = {};
    const units: DealFlag['units'] = {};
    for (const [key, { value, unit }] of Object.entries(facts)) {
        evidence[key] = value;
        units[key] = unit;
    }
    return { evidence, units };
}
