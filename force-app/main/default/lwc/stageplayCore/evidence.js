// Generated from evidence.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
const make = (value, unit) => ({ value, unit });
/** The one way to make a fact, one constructor per unit, each taking only values of its kind. */
export const fact = {
    text: (value) => make(value, 'text'),
    answer: (value) => make(value, 'answer'),
    rule: (value) => make(value, 'rule'),
    outcome: (value) => make(value, 'outcome'),
    stage: (value) => make(value, 'stage'),
    /** `YYYY-MM-DD` or an ISO date-time (shown as its day). */
    date: (value) => make(value, 'date'),
    days: (value) => make(value, 'days'),
    count: (value) => make(value, 'count'),
    /** A share 0..1. */
    percent: (value) => make(value, 'percent'),
    /** A chance 0..1. */
    probability: (value) => make(value, 'probability'),
    money: (value) => make(value, 'money'),
    ratio: (value) => make(value, 'ratio')
};
/** A flag's `evidence` and `units` from named facts (their order is the order people read them in). */
export function flagEvidence(facts) {
    const evidence = {};
    const units = {};
    for (const [key, { value, unit }] of Object.entries(facts)) {
        evidence[key] = value;
        units[key] = unit;
    }
    return { evidence, units };
}
