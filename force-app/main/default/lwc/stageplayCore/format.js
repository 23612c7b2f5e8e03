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
/** Every evidence key a flag carries, with its human name and unit. */
const EVIDENCE_FIELDS = {
    parameter: { name: 'Parameter', unit: 'text' },
    field: { name: 'Field', unit: 'text' },
    value: { name: 'Answer', unit: 'answer' },
    rule: { name: 'Rule', unit: 'rule' },
    outcome: { name: 'Against the rule', unit: 'text' },
    parameterStage: { name: 'Required in', unit: 'stage' },
    currentStage: { name: 'Now in', unit: 'stage' },
    daysInStage: { name: 'Time in stage', unit: 'days' },
    medianDaysInStage: { name: 'Typical for won deals', unit: 'days' },
    from: { name: 'From', unit: 'stage' },
    to: { name: 'To', unit: 'stage' },
    skipped: { name: 'Skipped', unit: 'stage' },
    at: { name: 'On', unit: 'date' },
    pushes: { name: 'Times pushed', unit: 'count' },
    daysPushed: { name: 'Pushed by', unit: 'days' },
    firstCloseDate: { name: 'First close date', unit: 'date' },
    closeDate: { name: 'Close date', unit: 'date' },
    lastPushAt: { name: 'Last pushed', unit: 'date' },
    asOf: { name: 'As of', unit: 'date' },
    daysPast: { name: 'Overdue by', unit: 'days' },
    stage: { name: 'Stage', unit: 'stage' },
    since: { name: 'In stage since', unit: 'date' },
    thresholdDays: { name: 'Limit', unit: 'days' },
    thresholdSource: { name: 'Limit from', unit: 'text' },
    dealProbability: { name: 'Deal probability', unit: 'percent' },
    stageProbability: { name: 'Stage probability', unit: 'percent' },
    creditHold: { name: 'Credit hold', unit: 'text' },
    creditLimit: { name: 'Credit limit', unit: 'amount' },
    openBalance: { name: 'Open balance', unit: 'amount' },
    overLimitBy: { name: 'Over the limit by', unit: 'amount' },
    pastDueAmount: { name: 'Past due amount', unit: 'amount' },
    daysPastDue: { name: 'Oldest invoice late by', unit: 'days' },
    paymentTerms: { name: 'Payment terms', unit: 'text' },
    adjustedOpenPipeline: { name: 'Adjusted open pipeline', unit: 'amount' },
    headroom: { name: 'Credit headroom', unit: 'amount' },
    financeAsOf: { name: 'Accounting facts as of', unit: 'date' }
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
/** One evidence value with its unit applied (`32%`, `14 days`, `2026-11-03`, `Blank`). */
export function formatEvidenceValue(key, value) {
    if (value === null || value === '')
        return 'Blank';
    if (typeof value === 'boolean')
        return value ? 'Yes' : 'No';
    const unit = EVIDENCE_FIELDS[key]?.unit ?? 'text';
    if (typeof value === 'number') {
        if (unit === 'percent')
            return formatPercentValue(value);
        if (unit === 'days')
            return formatDays(value);
        if (unit === 'count')
            return formatCount(value);
        if (unit === 'amount')
            return formatAmount(value);
        return Number.isInteger(value)
            ? formatCount(value)
            : numberFormat('num2', { maximumFractionDigits: 2 }).format(value);
    }
    if (key === 'outcome')
        return OUTCOME_WORDS[value] ?? value;
    if (unit === 'date')
        return value.slice(0, 10);
    return value;
}
/** A flag's evidence as name/value pairs a person reads, blanks left out. */
export function describeEvidence(evidence) {
    return Object.entries(evidence)
        .filter(([, value]) => value !== null && value !== '')
        .map(([key, value]) => ({
        key,
        name: EVIDENCE_FIELDS[key]?.name ?? humanizeKey(key),
        value: formatEvidenceValue(key, value)
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
