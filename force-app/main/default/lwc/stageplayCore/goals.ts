/**
 * The goal funnel (issue 12, "goals before process"): how deals moved through the process goals
 * (`Process_Goal__mdt`), per period and as of any date, from the stage history alone.
 *
 * A goal spans the stages of its plays. Goals partition the open stages by their first stages: a
 * stage belongs to the last goal whose first stage comes at or before it, so a stage without plays
 * between two goals counts with the earlier goal. Stages before the first goal belong to none.
 *
 * - A deal ENTERS a goal the first time it enters any of the goal's stages. A deal that skips a
 *   goal (Prospecting straight to Solution) never entered the skipped goal and is not counted
 *   there: counting it as "entered and converted" would flatter a goal nobody worked. It does count
 *   as converted for the goal it left.
 * - It CONVERTS when it first reaches a stage of any later goal after entering (or is won: a win
 *   passes every later goal), and is LOST when it closes lost before converting.
 * - Only what was known at the end of `asOf` counts: later stage changes and closes are not seen.
 *
 * The conversion rate rests on decided deals only (converted + lost); open ones are counted apart.
 */
import type { GoalResult } from './goalTypes';
import { formatAmount, formatCount, formatPercentValue } from './format';
import { pathTimes } from './history';
import { addDays, endOfDay, MS_PER_DAY, periodOf, periodOfKey, toTimestamp } from './periods';
import { median, wilsonInterval } from './stats';
import type { DealPath, GoalDefinition, Period, PeriodSpec, ProcessDefinition } from './types';

/** A goal as the funnel uses it: its definition and the stages its plays sit in, in stage order. */
export interface FunnelGoal {
    definition: GoalDefinition;
    stages: string[];
}

/** The goals the funnel can place, and what it could not. */
export interface FunnelGoals {
    goals: FunnelGoal[];
    /** Plays whose goal is blank or names no goal: their stages are placed by the goals around them. */
    unassignedPlays: number;
    /** Goals no play names: they have no stage, so no deal can enter them. */
    goalsWithoutPlays: string[];
}

/** The bottleneck of one period's funnel: the goal furthest below its target (or its own history). */
export interface GoalBottleneck {
    goal: string;
    label: string;
    reason: 'belowTarget' | 'belowHistory';
    /** Reference rate minus the conversion rate (a fraction: 0.12 = 12 points). */
    gap: number;
    /** Extra bookings if the goal converted at its reference, carried through later goals; null when unknown. */
    worthInBookings: number | null;
    /** The arithmetic in one sentence, with every number it rests on. */
    arithmetic: string;
}

export interface GoalFunnel {
    /** Current period key. */
    period: string;
    asOf: string;
    /** The current period, in goal order. */
    byGoal: GoalResult[];
    /** Past periods, oldest first, each in goal order. */
    trend: GoalResult[];
    /** Null when no goal is clearly (beyond its 95% interval) below its reference: see `noBottleneck`. */
    bottleneck: GoalBottleneck | null;
    /** Why there is no bottleneck, in words, when there is none. */
    noBottleneck: string | null;
    unassignedPlays: number;
    goalsWithoutPlays: string[];
    /** Converted deals whose amount was blank: counted as converted, left out of `valueCreated`. */
    amountsMissing: number;
    /** The average won amount the bottleneck's worth uses, and the deals it rests on. */
    averageWon: { amount: number | null; deals: number; since: string };
}

/** The goals in order with their stages (see the module comment). */
export function funnelGoals(process: ProcessDefinition): FunnelGoals {
    const definitions = [...(process.goals ?? [])].sort(
        (a, b) => a.order - b.order || a.name.localeCompare(b.name)
    );
    const rank = new Map(process.stages.map((stage, index) => [stage.name, index]));
    const known = new Set(definitions.map((goal) => goal.name));
    let unassignedPlays = 0;
    for (const play of process.plays) if (!known.has(play.goal)) unassignedPlays++;
    const goals: FunnelGoal[] = [];
    const goalsWithoutPlays: string[] = [];
    for (const definition of definitions) {
        const stages = [
            ...new Set(
                process.plays
                    .filter((play) => play.goal === definition.name && rank.has(play.stage))
                    .map((play) => play.stage)
            )
        ].sort((a, b) => rank.get(a)! - rank.get(b)!);
        if (stages.length === 0) goalsWithoutPlays.push(definition.name);
        else goals.push({ definition, stages });
    }
    return { goals, unassignedPlays, goalsWithoutPlays };
}

/** Stage name → index of the goal it belongs to (stages before the first goal are absent). */
export function stageGoalIndex(process: ProcessDefinition, goals: FunnelGoal[]): Map<string, number> {
    const rank = new Map(process.stages.map((stage, index) => [stage.name, index]));
    const firstRanks = goals.map((goal) => rank.get(goal.stages[0])!);
    const byStage = new Map<string, number>();
    for (const stage of process.stages) {
        if (stage.isClosed) continue;
        const r = rank.get(stage.name)!;
        let index = -1;
        for (let i = 0; i < firstRanks.length; i++) if (firstRanks[i] <= r) index = i;
        if (index >= 0) byStage.set(stage.name, index);
    }
    return byStage;
}

/**
 * Every deal's goal instants, computed once and filtered by each as-of date. Deal d (`paths[d]`) first
 * entered goal g at `entry[d * goalCount + g]` and converted at `converted[d * goalCount + g]`; it was
 * lost at `lostAt[d]`. NaN where it never did. Columns rather than an object and two arrays per deal (and
 * a boxed number per instant), which were allocated for every deal while the heap is at its largest.
 */
interface GoalTimes {
    paths: readonly DealPath[];
    goalCount: number;
    entry: Float64Array;
    converted: Float64Array;
    lostAt: Float64Array;
}

/** Per visit of the path being read: the goal its stage belongs to (-1 for none) and when it was entered. */
let visitGoals = new Int32Array(64);
let visitTimes = new Float64Array(64);

function goalTimesOf(
    paths: readonly DealPath[],
    stageGoal: Map<string, number>,
    goalCount: number
): GoalTimes {
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
            if (goal < 0) continue;
            const first = entry[base + goal];
            if (Number.isNaN(first) || visitTimes[i] < first) entry[base + goal] = visitTimes[i];
        }
        const wonAt = path.outcome === 'won' ? times.closedAt : null;
        for (let goal = 0; goal < goalCount; goal++) {
            const entered = entry[base + goal];
            if (Number.isNaN(entered)) continue;
            let at = wonAt !== null && wonAt >= entered ? wonAt : NaN;
            for (let i = 0; i < visits.length; i++) {
                const visitAt = visitTimes[i];
                if (visitGoals[i] > goal && visitAt >= entered && (Number.isNaN(at) || visitAt < at))
                    at = visitAt;
            }
            converted[base + goal] = at;
        }
        if (path.outcome === 'lost' && times.closedAt !== null) lostAt[d] = times.closedAt;
    }
    return { paths, goalCount, entry, converted, lostAt };
}

/** The deal's amount at an instant: the last history row by then, else the record's (current) amount. */
function amountAt(path: DealPath, at: number): number | null {
    const times = pathTimes(path);
    const index = times.lastRowAtOrBefore(at);
    const amount = index >= 0 ? times.rowAmount(index) : null;
    return amount !== null ? amount : path.deal.amount;
}

interface Cohort {
    entered: number;
    converted: number;
    lost: number;
    days: number[];
    value: number;
    amountsMissing: number;
}

/** The deals that entered goal `goal` during `period`, judged by what was known at `asOfEnd`. */
function cohortOf(deals: GoalTimes, goal: number, period: Period, asOfEnd: number): Cohort {
    const start = toTimestamp(period.start);
    const end = Math.min(endOfDay(period.end), asOfEnd);
    const cohort: Cohort = { entered: 0, converted: 0, lost: 0, days: [], value: 0, amountsMissing: 0 };
    const { paths, goalCount, entry, lostAt } = deals;
    for (let d = 0, k = goal; d < paths.length; d++, k += goalCount) {
        const entered = entry[k];
        // NaN (never entered) fails both comparisons.
        if (!(entered >= start && entered <= end)) continue;
        cohort.entered++;
        const converted = deals.converted[k];
        if (converted <= asOfEnd) {
            cohort.converted++;
            cohort.days.push((converted - entered) / MS_PER_DAY);
            const amount = amountAt(paths[d], converted);
            if (amount === null) cohort.amountsMissing++;
            else cohort.value += amount;
        } else if (lostAt[d] <= asOfEnd) {
            cohort.lost++;
        }
    }
    return cohort;
}

/** `date` moved back `years` whole years (29 February becomes the 28th). */
function yearsBefore(date: string, years: number): string {
    const year = Number(date.slice(0, 4)) - years;
    const rest = date.slice(4) === '-02-29' ? '-02-28' : date.slice(4);
    return `${String(year).padStart(4, '0')}${rest}`;
}

/** The same period `years` earlier (`FY2026-Q4` → `FY2025-Q4`). */
function periodYearsBefore(period: Period, years: number, spec: PeriodSpec): Period {
    const key = period.key.replace(/^FY(\d{4})/, (_, year: string) => `FY${Number(year) - years}`);
    return periodOfKey(key, spec);
}

/** Completed periods before the one `asOf` falls in, oldest first. */
export function periodsBefore(asOf: string, spec: PeriodSpec, count: number): Period[] {
    const periods: Period[] = [];
    let period = periodOf(asOf, spec);
    for (let i = 0; i < count; i++) {
        period = periodOf(addDays(period.start, -1), spec);
        periods.unshift(period);
    }
    return periods;
}

interface FunnelContext {
    goals: FunnelGoal[];
    deals: GoalTimes;
    spec: PeriodSpec;
    /** Earliest instant any deal entered any goal: the same period of earlier years stops there. */
    firstEntry: number;
}

function resultOf(
    context: FunnelContext,
    goal: number,
    period: Period,
    asOf: string
): { result: GoalResult; amountsMissing: number } {
    const definition = context.goals[goal].definition;
    const cohort = cohortOf(context.deals, goal, period, endOfDay(asOf));
    const decided = cohort.converted + cohort.lost;
    const interval = wilsonInterval(cohort.converted, decided);
    // The same period of past years, each judged as of the same day of its year: a cohort as young as this one.
    let historyConverted = 0;
    let historyDecided = 0;
    let historyPeriods = 0;
    for (let years = 1; ; years++) {
        const past = periodYearsBefore(period, years, context.spec);
        if (endOfDay(past.end) < context.firstEntry) break;
        const then = cohortOf(context.deals, goal, past, endOfDay(yearsBefore(asOf, years)));
        if (then.converted + then.lost === 0) continue;
        historyConverted += then.converted;
        historyDecided += then.converted + then.lost;
        historyPeriods++;
    }
    const result: GoalResult = {
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

/** A later goal's conversion, pooled over the past periods (complete, so most deals are decided). */
interface PooledRate {
    rate: number | null;
    decided: number;
}

function pooledRates(goalCount: number, trend: GoalResult[], current: GoalResult[]): PooledRate[] {
    const rates: PooledRate[] = [];
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

function points(gap: number): string {
    return `${(gap * 100).toFixed(1)} points`;
}

/** A count that may be fractional (expected deals): whole numbers as counts, others to one decimal. */
function fractional(n: number): string {
    if (Math.abs(n - Math.round(n)) < 0.05) return formatCount(n);
    return n.toFixed(1);
}

/**
 * Marks the bottleneck of one period's results (in goal order) and returns it. A goal qualifies
 * only when its reference (target, else its own history) lies above its whole 95% interval: a gap
 * the interval covers could be noise. Of those, the widest gap wins (the earlier goal on a tie).
 */
export function markBottleneck(
    results: GoalResult[],
    laterRates: PooledRate[],
    averageWon: { amount: number | null; deals: number },
    periodLabel: string
): GoalBottleneck | null {
    let best: { index: number; gap: number; reference: number; reason: GoalBottleneck['reason'] } | null =
        null;
    for (let index = 0; index < results.length; index++) {
        const r = results[index];
        const reason: GoalBottleneck['reason'] = r.target !== null ? 'belowTarget' : 'belowHistory';
        const reference = r.target ?? r.historyRate;
        if (reference === null || r.conversionRate === null || r.conversionInterval95 === null) continue;
        if (!(reference > r.conversionInterval95[1])) continue;
        const gap = reference - r.conversionRate;
        if (!best || gap > best.gap + 1e-12) best = { index, gap, reference, reason };
    }
    if (!best) return null;
    const { index, gap, reference, reason } = best;
    const r = results[index];
    const decided = r.converted + r.lost;
    const against =
        reason === 'belowTarget'
            ? `its target of ${formatPercentValue(reference)}`
            : `its ${formatPercentValue(reference)} in the same period of ${formatCount(r.historyPeriods)} past year${r.historyPeriods === 1 ? '' : 's'}${r.historyDecided === undefined ? '' : ` (${formatCount(r.historyDecided)} decided deals)`}`;
    const extra = r.entered * gap;
    const next = results[index + 1]?.label ?? 'won';
    let sentence =
        `${r.label} converted ${formatPercentValue(r.conversionRate)} of decided deals in ${periodLabel} ` +
        `(${formatCount(r.converted)} of ${formatCount(decided)}; 95% interval ${formatPercentValue(r.conversionInterval95![0])}–${formatPercentValue(r.conversionInterval95![1])}) ` +
        `against ${against}, ${points(gap)} short. At ${formatPercentValue(reference)}, the ${formatCount(r.entered)} deals that entered it ` +
        `× ${points(gap)} = ${fractional(extra)} more would reach ${next}`;
    // The goal is the bottleneck whether or not its worth can be valued; the sentence says why not.
    r.bottleneck = true;
    const bottleneck = (worthInBookings: number | null, arithmetic: string): GoalBottleneck => ({
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
            return bottleneck(
                null,
                `${sentence}; what that is worth cannot be said: ${results[later].label} has no decided deal to carry it through.`
            );
        won *= rate.rate;
        sentence += ` × ${results[later].label} ${formatPercentValue(rate.rate)} (n=${formatCount(rate.decided)})`;
    }
    if (index + 1 < results.length) sentence += ` = ${fractional(won)} more deals won`;
    if (averageWon.amount === null)
        return bottleneck(null, `${sentence}; no won deal with an amount to value them by.`);
    const worth = won * averageWon.amount;
    r.worthInBookings = worth;
    return bottleneck(
        worth,
        `${sentence} × average won amount ${formatAmount(averageWon.amount)} (n=${formatCount(averageWon.deals)}) = ${formatAmount(worth)} in bookings.`
    );
}

/** Said when no goal is clearly below its reference. */
export const NO_CLEAR_BOTTLENECK =
    'No clear bottleneck: no goal converts below its target (or its own history) by more than its 95% interval allows.';
/** Said when the process defines no goals. */
export const NO_GOALS_DEFINED =
    'No goals defined: add Process_Goal__mdt records and name them in the plays\u2019 Goal field.';

export interface GoalFunnelOptions {
    asOf: string;
    spec: PeriodSpec;
    /** Completed periods before the current one to show as the trend. */
    pastPeriods: number;
}

/**
 * The goal funnel as of `asOf`: the current period per goal, the past periods as a trend, and the
 * bottleneck of the current period with what fixing it is worth. A process without goals gives an
 * empty funnel that says so.
 */
export function goalFunnel(
    process: ProcessDefinition,
    paths: DealPath[],
    options: GoalFunnelOptions
): GoalFunnel {
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
        if (path.outcome !== 'won') continue;
        const closedAt = pathTimes(path).closedAt;
        if (closedAt === null || closedAt < sinceAt || closedAt > asOfEnd) continue;
        const amount = amountAt(path, closedAt);
        if (amount === null) continue;
        wonAmount += amount;
        wonDeals++;
    }
    const averageWon = { amount: wonDeals > 0 ? wonAmount / wonDeals : null, deals: wonDeals, since };

    const empty: GoalFunnel = {
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
    if (placed.goals.length === 0) return empty;

    const stageGoal = stageGoalIndex(process, placed.goals);
    const deals = goalTimesOf(paths, stageGoal, placed.goals.length);
    let firstEntry = Infinity;
    // An index loop: `for...of` over a typed array made an iterator result per element (78 MB at 300k).
    for (let k = 0; k < deals.entry.length; k++) if (deals.entry[k] < firstEntry) firstEntry = deals.entry[k];
    const context: FunnelContext = { goals: placed.goals, deals, spec, firstEntry };

    let amountsMissing = 0;
    const periodResults = (period: Period): GoalResult[] =>
        placed.goals.map((_, goal) => {
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
