// Generated from goals.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
import { formatAmount, formatCount, formatPercentValue } from './format';
import { pathTimes } from './history';
import { addDays, endOfDay, MS_PER_DAY, periodOf, periodOfKey, toTimestamp } from './periods';
import { median, wilsonInterval } from './stats';
/** The goals in order with their stages (see the module comment). */
export function funnelGoals(process) {
    const definitions = [...(process.goals ?? [])].sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    const rank = new Map(process.stages.map((stage, index) => [stage.name, index]));
    const known = new Set(definitions.map((goal) => goal.name));
    let unassignedPlays = 0;
    for (const play of process.plays)
        if (!known.has(play.goal))
            unassignedPlays++;
    const goals = [];
    const goalsWithoutPlays = [];
    for (const definition of definitions) {
        const stages = [
            ...new Set(process.plays
                .filter((play) => play.goal === definition.name && rank.has(play.stage))
                .map((play) => play.stage))
        ].sort((a, b) => rank.get(a) - rank.get(b));
        if (stages.length === 0)
            goalsWithoutPlays.push(definition.name);
        else
            goals.push({ definition, stages });
    }
    return { goals, unassignedPlays, goalsWithoutPlays };
}
/** Stage name → index of the goal it belongs to (stages before the first goal are absent). */
export function stageGoalIndex(process, goals) {
    const rank = new Map(process.stages.map((stage, index) => [stage.name, index]));
    const firstRanks = goals.map((goal) => rank.get(goal.stages[0]));
    const byStage = new Map();
    for (const stage of process.stages) {
        if (stage.isClosed)
            continue;
        const r = rank.get(stage.name);
        let index = -1;
        for (let i = 0; i < firstRanks.length; i++)
            if (firstRanks[i] <= r)
                index = i;
        if (index >= 0)
            byStage.set(stage.name, index);
    }
    return byStage;
}
/** Per visit of the path being read: the goal its stage belongs to (-1 for none) and when it was entered. */
let visitGoals = new Int32Array(64);
let visitTimes = new Float64Array(64);
function goalTimesOf(paths, stageGoal, goalCount) {
    const entry = new Float64Array(paths.length * goalCount).fill(NaN);
    const converted = new Float64Array(paths.length * goalCount).fill(NaN);
    const lostAt = new Float64Array(paths.length).fill(NaN);
    for (let d = 0; d < paths.length; d++) {
        const path = paths[d];
        const times = pathTimes(path);
        const { visits } = path;
        if (visits.length > visitGoals.length) {
            visitGoals = new Int32Array(visits.length * 2);
            visitTimes = new Float64Array(visits.length * 2);
        }
        const base = d * goalCount;
        for (let i = 0; i < visits.length; i++) {
            const goal = stageGoal.get(visits[i].stage) ?? -1;
            visitGoals[i] = goal;
            visitTimes[i] = times.visitTime(i);
            if (goal < 0)
                continue;
            const first = entry[base + goal];
            if (Number.isNaN(first) || visitTimes[i] < first)
                entry[base + goal] = visitTimes[i];
        }
        const wonAt = path.outcome === 'won' ? times.closedAt : null;
        for (let goal = 0; goal < goalCount; goal++) {
            const entered = entry[base + goal];
            if (Number.isNaN(entered))
                continue;
            let at = wonAt !== null && wonAt >= entered ? wonAt : NaN;
            for (let i = 0; i < visits.length; i++) {
                const visitAt = visitTimes[i];
                if (visitGoals[i] > goal && visitAt >= entered && (Number.isNaN(at) || visitAt < at))
                    at = visitAt;
            }
            converted[base + goal] = at;
        }
        if (path.outcome === 'lost' && times.closedAt !== null)
            lostAt[d] = times.closedAt;
    }
    return { paths, goalCount, entry, converted, lostAt };
}
/** The deal's amount at an instant: the last history row by then, else the record's (current) amount. */
function amountAt(path, at) {
    const times = pathTimes(path);
    const index = times.lastRowAtOrBefore(at);
    const amount = index >= 0 ? times.rowAmount(index) : null;
    return amount !== null ? amount : path.deal.amount;
}
/** The deals that entered goal `goal` during `period`, judged by what was known at `asOfEnd`. */
function cohortOf(deals, goal, period, asOfEnd) {
    const start = toTimestamp(period.start);
    const end = Math.min(endOfDay(period.end), asOfEnd);
    const cohort = { entered: 0, converted: 0, lost: 0, days: [], value: 0, amountsMissing: 0 };
    const { paths, goalCount, entry, lostAt } = deals;
    for (let d = 0, k = goal; d < paths.length; d++, k += goalCount) {
        const entered = entry[k];
        // NaN (never entered) fails both comparisons.
        if (!(entered >= start && entered <= end))
            continue;
        cohort.entered++;
        const converted = deals.converted[k];
        if (converted <= asOfEnd) {
            cohort.converted++;
            cohort.days.push((converted - entered) / MS_PER_DAY);
            const amount = amountAt(paths[d], converted);
            if (amount === null)
                cohort.amountsMissing++;
            else
                cohort.value += amount;
        }
        else if (lostAt[d] <= asOfEnd) {
            cohort.lost++;
        }
    }
    return cohort;
}
/** `date` moved back `years` whole years (29 February becomes the 28th). */
function yearsBefore(date, years) {
    const year = Number(date.slice(0, 4)) - years;
    const rest = date.slice(4) === '-02-29' ? '-02-28' : date.slice(4);
    return `${String(year).padStart(4, '0')}${rest}`;
}
/** The same period `years` earlier (`FY2026-Q4` → `FY2025-Q4`). */
function periodYearsBefore(period, years, spec) {
    const key = period.key.replace(/^FY(\d{4})/, (_, year) => `FY${Number(year) - years}`);
    return periodOfKey(key, spec);
}
/** Completed periods before the one `asOf` falls in, oldest first. */
export function periodsBefore(asOf, spec, count) {
    const periods = [];
    let period = periodOf(asOf, spec);
    for (let i = 0; i < count; i++) {
        period = periodOf(addDays(period.start, -1), spec);
        periods.unshift(period);
    }
    return periods;
}
function resultOf(context, goal, period, asOf) {
    const definition = context.goals[goal].definition;
    const cohort = cohortOf(context.deals, goal, period, endOfDay(asOf));
    const decided = cohort.converted + cohort.lost;
    const interval = wilsonInterval(cohort.converted, decided);
    // The same period of past years, each judged as of the same day of its year: a cohort as young as this one.
    let historyConverted = 0;
    let historyDecided = 0;
    let historyPeriods = 0;
    for (let years = 1;; years++) {
        const past = periodYearsBefore(period, years, context.spec);
        if (endOfDay(past.end) < context.firstEntry)
            break;
        const then = cohortOf(context.deals, goal, past, endOfDay(yearsBefore(asOf, years)));
        if (then.converted + then.lost === 0)
            continue;
        historyConverted += then.converted;
        historyDecided += then.converted + then.lost;
        historyPeriods++;
    }
    const result = {
        goal: definition.name,
        label: definition.label,
        order: definition.order,
        customerValue: definition.customerValue,
        measure: definition.measure,
        period: period.key,
        asOf,
        entered: cohort.entered,
        converted: cohort.converted,
        lost: cohort.lost,
        conversionRate: decided > 0 ? cohort.converted / decided : null,
        conversionInterval95: interval ? [interval.low, interval.high] : null,
        medianDays: median(cohort.days),
        valueCreated: cohort.value,
        target: definition.target,
        historyRate: historyDecided > 0 ? historyConverted / historyDecided : null,
        historyPeriods,
        historyDecided,
        bottleneck: false,
        worthInBookings: null
    };
    return { result, amountsMissing: cohort.amountsMissing };
}
function pooledRates(goalCount, trend, current) {
    const rates = [];
    for (let goal = 0; goal < goalCount; goal++) {
        const rows = trend.filter((_, i) => i % goalCount === goal);
        let converted = rows.reduce((sum, r) => sum + r.converted, 0);
        let decided = rows.reduce((sum, r) => sum + r.converted + r.lost, 0);
        if (decided === 0 && current[goal]) {
            converted = current[goal].converted;
            decided = current[goal].converted + current[goal].lost;
        }
        rates.push({ rate: decided > 0 ? converted / decided : null, decided });
    }
    return rates;
}
function points(gap) {
    return `${(gap * 100).toFixed(1)} points`;
}
/** A count that may be fractional (expected deals): whole numbers as counts, others to one decimal. */
function fractional(n) {
    if (Math.abs(n - Math.round(n)) < 0.05)
        return formatCount(n);
    return n.toFixed(1);
}
/**
 * Marks the bottleneck of one period's results (in goal order) and returns it. A goal qualifies
 * only when its reference (target, else its own history) lies above its whole 95% interval: a gap
 * the interval covers could be noise. Of those, the widest gap wins (the earlier goal on a tie).
 */
export function markBottleneck(results, laterRates, averageWon, periodLabel) {
    let best = null;
    for (let index = 0; index < results.length; index++) {
        const r = results[index];
        const reason = r.target !== null ? 'belowTarget' : 'belowHistory';
        const reference = r.target ?? r.historyRate;
        if (reference === null || r.conversionRate === null || r.conversionInterval95 === null)
            continue;
        if (!(reference > r.conversionInterval95[1]))
            continue;
        const gap = reference - r.conversionRate;
        if (!best || gap > best.gap + 1e-12)
            best = { index, gap, reference, reason };
    }
    if (!best)
        return null;
    const { index, gap, reference, reason } = best;
    const r = results[index];
    const decided = r.converted + r.lost;
    const against = reason === 'belowTarget'
        ? `its target of ${formatPercentValue(reference)}`
        : `its ${formatPercentValue(reference)} in the same period of ${formatCount(r.historyPeriods)} past year${r.historyPeriods === 1 ? '' : 's'}${r.historyDecided === undefined ? '' : ` (${formatCount(r.historyDecided)} decided deals)`}`;
    const extra = r.entered * gap;
    const next = results[index + 1]?.label ?? 'won';
    let sentence = `${r.label} converted ${formatPercentValue(r.conversionRate)} of decided deals in ${periodLabel} ` +
        `(${formatCount(r.converted)} of ${formatCount(decided)}; 95% interval ${formatPercentValue(r.conversionInterval95[0])}–${formatPercentValue(r.conversionInterval95[1])}) ` +
        `against ${against}, ${points(gap)} short. At ${formatPercentValue(reference)}, the ${formatCount(r.entered)} deals that entered it ` +
        `× ${points(gap)} = ${fractional(extra)} more would reach ${next}`;
    // The goal is the bottleneck whether or not its worth can be valued; the sentence says why not.
    r.bottleneck = true;
    const bottleneck = (worthInBookings, arithmetic) => ({
        goal: r.goal,
        label: r.label,
        reason,
        gap,
        worthInBookings,
        arithmetic
    });
    let won = extra;
    for (let later = index + 1; later < results.length; later++) {
        const rate = laterRates[later];
        if (rate.rate === null)
            return bottleneck(null, `${sentence}; what that is worth cannot be said: ${results[later].label} has no decided deal to carry it through.`);
        won *= rate.rate;
        sentence += ` × ${results[later].label} ${formatPercentValue(rate.rate)} (n=${formatCount(rate.decided)})`;
    }
    if (index + 1 < results.length)
        sentence += ` = ${fractional(won)} more deals won`;
    if (averageWon.amount === null)
        return bottleneck(null, `${sentence}; no won deal with an amount to value them by.`);
    const worth = won * averageWon.amount;
    r.worthInBookings = worth;
    return bottleneck(worth, `${sentence} × average won amount ${formatAmount(averageWon.amount)} (n=${formatCount(averageWon.deals)}) = ${formatAmount(worth)} in bookings.`);
}
/** Said when no goal is clearly below its reference. */
export const NO_CLEAR_BOTTLENECK = 'No clear bottleneck: no goal converts below its target (or its own history) by more than its 95% interval allows.';
/** Said when the process defines no goals. */
export const NO_GOALS_DEFINED = 'No goals defined: add Process_Goal__mdt records and name them in the plays\u2019 Goal field.';
/**
 * The goal funnel as of `asOf`: the current period per goal, the past periods as a trend, and the
 * bottleneck of the current period with what fixing it is worth. A process without goals gives an
 * empty funnel that says so.
 */
export function goalFunnel(process, paths, options) {
    const { asOf, spec } = options;
    const current = periodOf(asOf, spec);
    const placed = funnelGoals(process);
    const trendPeriods = periodsBefore(asOf, spec, options.pastPeriods);
    const since = trendPeriods[0]?.start ?? current.start;
    const asOfEnd = endOfDay(asOf);
    let wonAmount = 0;
    let wonDeals = 0;
    const sinceAt = toTimestamp(since);
    for (let d = 0; d < paths.length; d++) {
        const path = paths[d];
        // The outcome first: only won deals' instants are read.
        if (path.outcome !== 'won')
            continue;
        const closedAt = pathTimes(path).closedAt;
        if (closedAt === null || closedAt < sinceAt || closedAt > asOfEnd)
            continue;
        const amount = amountAt(path, closedAt);
        if (amount === null)
            continue;
        wonAmount += amount;
        wonDeals++;
    }
    const averageWon = { amount: wonDeals > 0 ? wonAmount / wonDeals : null, deals: wonDeals, since };
    const empty = {
        period: current.key,
        asOf,
        byGoal: [],
        trend: [],
        bottleneck: null,
        noBottleneck: NO_GOALS_DEFINED,
        unassignedPlays: placed.unassignedPlays,
        goalsWithoutPlays: placed.goalsWithoutPlays,
        amountsMissing: 0,
        averageWon
    };
    if (placed.goals.length === 0)
        return empty;
    const stageGoal = stageGoalIndex(process, placed.goals);
    const deals = goalTimesOf(paths, stageGoal, placed.goals.length);
    let firstEntry = Infinity;
    // An index loop: `for...of` over a typed array made an iterator result per element (78 MB at 300k).
    for (let k = 0; k < deals.entry.length; k++)
        if (deals.entry[k] < firstEntry)
            firstEntry = deals.entry[k];
    const context = { goals: placed.goals, deals, spec, firstEntry };
    let amountsMissing = 0;
    const periodResults = (period) => placed.goals.map((_, goal) => {
        const computed = resultOf(context, goal, period, asOf);
        amountsMissing += computed.amountsMissing;
        return computed.result;
    });
    const byGoal = periodResults(current);
    const trendByPeriod = trendPeriods.map(periodResults);
    const trend = trendByPeriod.flat();
    const rates = pooledRates(placed.goals.length, trend, byGoal);
    trendByPeriod.forEach((results, i) => markBottleneck(results, rates, averageWon, trendPeriods[i].label));
    const bottleneck = markBottleneck(byGoal, rates, averageWon, current.label);
    return {
        ...empty,
        byGoal,
        trend,
        bottleneck,
        noBottleneck: bottleneck ? null : NO_CLEAR_BOTTLENECK,
        amountsMissing
    };
}
