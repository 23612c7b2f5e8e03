// Generated from format.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
const LOCALE = 'en-US';
const formats = new Map();
function numberFormat(key, options) {
    let format = formats.get(key);
    if (!format) {
        format = new Intl.NumberFormat(LOCALE, options);
        formats.set(key, format);
    }
    return format;
}
const isNumber = (v) => typeof v === 'number' && Number.isFinite(v);
/** `0.456` → `46%` (fractions in, percentages out); `–` for no value. */
export function formatPercentValue(p, digits = 0) {
    if (!isNumber(p))
        return '–';
    return numberFormat(`pct${digits}`, {
        style: 'percent',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits
    }).format(p);
}
/** `0.05` → `+5.0%`, for biases and differences. */
export function formatSignedPercent(p, digits = 1) {
    if (!isNumber(p))
        return '–';
    return numberFormat(`spct${digits}`, {
        style: 'percent',
        signDisplay: 'exceptZero',
        minimumFractionDigits: digits,
        maximumFractionDigits: digits
    }).format(p);
}
/** A whole count with grouping: `8,812`. */
export function formatCount(n) {
    if (!isNumber(n))
        return '–';
    return numberFormat('count', { maximumFractionDigits: 0 }).format(n);
}
/** An amount in the org's currency, without a symbol (the org may not use dollars): `1,250,000`. */
export function formatAmount(v) {
    if (!isNumber(v))
        return '–';
    return numberFormat('amount', { maximumFractionDigits: 0 }).format(v);
}
/**
 * An amount in thousands, millions or billions, for tiles, terminal tables and chart axes:
 * `1.25M`, `812.5k`, `940`. `digits` decimals for millions and billions, one fewer for thousands.
 */
export function formatCompactAmount(v, digits = 2) {
    if (!isNumber(v))
        return '–';
    const size = Math.abs(v);
    const [scaled, suffix, places] = size >= 1e9
        ? [size / 1e9, 'B', digits]
        : size >= 1e6
            ? [size / 1e6, 'M', digits]
            : size >= 1e3
                ? [size / 1e3, 'k', Math.max(0, digits - 1)]
                : [size, '', 0];
    const text = numberFormat(`compact${places}`, {
        minimumFractionDigits: places,
        maximumFractionDigits: places,
        useGrouping: false
    }).format(scaled);
    return `${v < 0 ? '-' : ''}${text}${suffix}`;
}
/** A likelihood ratio as a multiplier of the odds: `×1.52`, `×12`. */
export function formatRatio(r) {
    if (!isNumber(r))
        return '–';
    // Two decimals near 1 so a small effect does not read as "×1.0".
    const digits = r >= 10 ? 0 : r >= 2 ? 1 : 2;
    return `×${numberFormat(`ratio${digits}`, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(r)}`;
}
/** A Brier score (mean squared error of probabilities): three decimals. */
export function formatBrier(v) {
    if (!isNumber(v))
        return '–';
    return numberFormat('brier', { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(v);
}
/** A signed Brier difference: `−0.012`. */
export function formatBrierDifference(v) {
    if (!isNumber(v))
        return '–';
    return numberFormat('dbrier', {
        minimumFractionDigits: 3,
        maximumFractionDigits: 3,
        signDisplay: 'exceptZero'
    }).format(v);
}
/** `3 days`, `1 day`. */
export function formatDays(n) {
    if (!isNumber(n))
        return '–';
    const rounded = Math.round(n);
    return `${formatCount(rounded)} ${Math.abs(rounded) === 1 ? 'day' : 'days'}`;
}
/** `1 closed deal`, `400 closed deals`. */
export function plural(n, one, many) {
    return `${formatCount(n)} ${n === 1 ? one : many}`;
}
// ---------------------------------------------------------------------------------------------
// Status vocabulary
// ---------------------------------------------------------------------------------------------
/**
 * What a deal's health means, in words that cannot be read as a forecast: health is how well the
 * playbook was followed (answers given and meeting their rules), not how likely the deal is to win,
 * so it never says "On track" beside a low probability.
 */
export const HEALTH_WORDS = {
    healthy: { label: 'Playbook followed', meaning: 'nearly every answer is in and meets its rule' },
    atRisk: { label: 'Playbook gaps', meaning: 'some answers are missing or fail their rule' },
    unhealthy: {
        label: 'Playbook not followed',
        meaning: 'most answers are missing or fail, or a required answer of an earlier stage is'
    },
    unknown: { label: 'Not scored', meaning: 'no plays are set up for this stage' }
};
/** Human flag names: what a manager would call it. */
export const FLAG_LABELS = {
    padded: 'Required answer missing or failing',
    skippedStage: 'Skipped a stage',
    slipped: 'Close date pushed',
    stale: 'Stuck in stage',
    pastCloseDate: 'Past close date',
    probabilityOverride: 'Probability overridden',
    accountFinance: 'Account past due, on hold or over credit'
};
/** The human name of every evidence key a flag carries (its unit comes with the flag: `DealFlag.units`). */
const EVIDENCE_NAMES = {
    parameter: 'Parameter',
    field: 'Field',
    value: 'Answer',
    rule: 'Rule',
    outcome: 'Against the rule',
    parameterStage: 'Required in',
    currentStage: 'Now in',
    daysInStage: 'Time in stage',
    medianDaysInStage: 'Typical for won deals',
    from: 'From',
    to: 'To',
    skipped: 'Skipped',
    at: 'On',
    pushes: 'Times pushed',
    daysPushed: 'Pushed by',
    firstCloseDate: 'First close date',
    closeDate: 'Close date',
    lastPushAt: 'Last pushed',
    asOf: 'As of',
    daysPast: 'Overdue by',
    stage: 'Stage',
    since: 'In stage since',
    thresholdDays: 'Limit',
    thresholdSource: 'Limit from',
    dealProbability: 'Deal probability',
    stageProbability: 'Stage probability',
    creditHold: 'Credit hold',
    creditLimit: 'Credit limit',
    openBalance: 'Open balance',
    overLimitBy: 'Over the limit by',
    pastDueAmount: 'Past due amount',
    daysPastDue: 'Oldest invoice late by',
    paymentTerms: 'Payment terms',
    adjustedOpenPipeline: 'Adjusted open pipeline',
    headroom: 'Credit headroom',
    financeAsOf: 'Accounting facts as of'
};
const OUTCOME_WORDS = { pass: 'meets it', fail: 'fails it', blank: 'blank' };
/** `daysInStage` → `Days in stage`, for a key the table above does not know. */
export function humanizeKey(key) {
    const words = key
        .replace(/_/g, ' ')
        .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
        .toLowerCase()
        .trim();
    return words.charAt(0).toUpperCase() + words.slice(1);
}
/**
 * A number as written in rules, bucket labels, flag messages and answers, the same in every org
 * locale and in Node: grouped, at most two decimals, trailing zeros dropped (`1,250`, `87.5`,
 * `0.33`); `NaN` and `Infinity` as JavaScript writes them.
 */
export function formatDecimal(value) {
    return Number.isFinite(value)
        ? numberFormat('decimal', { maximumFractionDigits: 2 }).format(value)
        : String(value);
}
/** A captured answer as a person reads it: `Blank`, `Yes`/`No`, `1,250`, `87.5`, or the text. */
export function formatAnswer(value) {
    if (value === null || value === undefined || value === '')
        return 'Blank';
    if (typeof value === 'boolean')
        return value ? 'Yes' : 'No';
    if (typeof value === 'number')
        return formatDecimal(value);
    return value;
}
/** How a number reads in each evidence unit; in a unit not listed it reads as an answer (`1,250`, `87.5`). */
const NUMBER_IN_UNIT = {
    percent: formatPercentValue,
    probability: formatPercentValue,
    days: formatDays,
    count: formatCount,
    money: formatAmount,
    ratio: formatRatio
};
/** One evidence value in its unit (`32%`, `14 days`, `2026-11-03`, `×1.52`, `Blank`). */
export function formatEvidenceValue(value, unit) {
    if (value === null || value === '' || typeof value === 'boolean')
        return formatAnswer(value);
    if (typeof value === 'number')
        return (NUMBER_IN_UNIT[unit] ?? formatAnswer)(value);
    if (unit === 'outcome')
        return OUTCOME_WORDS[value] ?? value;
    if (unit === 'date')
        return value.slice(0, 10);
    return value;
}
/** A flag's evidence as name/value pairs a person reads, each in its unit, blanks left out. */
export function describeEvidence(flag) {
    return Object.entries(flag.evidence)
        .filter(([, value]) => value !== null && value !== '')
        .map(([key, value]) => ({
        key,
        name: EVIDENCE_NAMES[key] ?? humanizeKey(key),
        value: formatEvidenceValue(value, flag.units[key] ?? 'text')
    }));
}
// ---------------------------------------------------------------------------------------------
// What the numbers rest on
// ---------------------------------------------------------------------------------------------
/** When an answer's effect counts: the criterion, in the words the page and the report use. */
export const CREDIBLE_CRITERION = 'An answer counts as moving the odds only when the 95% interval of its effect lies entirely above or below ×1.';
export const NOT_PREDICTIVE_TEXT = "Your parameters don't yet predict outcomes beyond the stage win rate, so the stage win rate stands.";
/** What the time check of the parameters found, in one sentence (null when it did not run). */
export function parameterCheckText(check, minimumDeals) {
    if (!check)
        return null;
    if (check.verdict === 'notEnoughHistory') {
        return `Parameters are not used yet: checking them needs ${plural(minimumDeals, 'closed deal', 'closed deals')} on each side of a date split (older ${formatCount(check.olderDeals)}, newer ${formatCount(check.newerDeals)}).`;
    }
    const tested = `fitted on ${plural(check.olderDeals, 'deal', 'deals')} closed before ${check.fittedOnClosedBefore}, tested on the ${formatCount(check.newerDeals)} closed since`;
    if (check.verdict === 'noBetterThanStageWinRate')
        return `${NOT_PREDICTIVE_TEXT.replace(/\.$/, '')} (${tested}).`;
    return `Parameters move the odds at strength ${formatPercentValue(check.bestStrength)}: they predicted better than the stage win rate alone (${tested}).`;
}
/** `no clear effect yet (n = 14)` or `no past deals had this answer`. */
export function unclearEvidenceText(won, lost) {
    return won + lost === 0
        ? 'no past deals had this answer'
        : `no clear effect yet (n = ${formatCount(won + lost)})`;
}
/** The sentence for a rule that history contradicts. */
export function ruleDisagreementText(fails, answer, won, lost) {
    return fails
        ? `History and the rule disagree: "${answer}" fails the rule, yet past deals with it won more often than deals whose answer meets it (won ${formatCount(won)} / lost ${formatCount(lost)}).`
        : `History and the rule disagree: "${answer}" meets the rule, yet past deals with it won less often than deals whose answer fails it (won ${formatCount(won)} / lost ${formatCount(lost)}).`;
}
