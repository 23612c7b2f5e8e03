// Generated from reconcile.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * Reconciliation: do stage probabilities match what history shows, and which open deals need a second
 * look — each flag with the facts that raised it. (How good past forecasts were is the adjusted period
 * forecast's backtest: `backtestPeriods` and `backtestAccuracy` in periodForecast.ts.)
 */
import { closedOn, fitStageBenchmarks, lastVisitTo, parametersThrough, ruleOf } from './fit';
import { addDays, daysBetween, toDate } from './periods';
import { pipelineAsOf } from './history';
import { describeRule, evaluateRule, formatNumber } from './rules';
import { bootstrapMeanInterval, brierScore, stableFraction } from './stats';
import { scoreDeal } from './score';
/**
 * Splits paths into a training set and a held-out `test` set of about `fraction` of them,
 * deterministically: a deal's side depends only on its id and the seed, so adding deals never moves
 * existing ones across.
 */
export function splitHoldout(paths, fraction = 0.25, seed = 'stageplay') {
    const train = [];
    const test = [];
    for (const path of paths) {
        (stableFraction(`${String(seed)}|${path.deal.id}`) < fraction ? test : train).push(path);
    }
    return { train, test };
}
function reliability(pairs) {
    if (pairs.length === 0)
        return { bins: [], ece: null };
    const sums = Array.from({ length: 10 }, () => ({ count: 0, predicted: 0, won: 0 }));
    for (const { p, outcome } of pairs) {
        const bin = sums[Math.min(9, Math.max(0, Math.floor(p * 10)))];
        bin.count++;
        bin.predicted += p;
        bin.won += outcome;
    }
    const bins = [];
    let ece = 0;
    sums.forEach((sum, index) => {
        if (sum.count === 0)
            return;
        const meanPredicted = sum.predicted / sum.count;
        const observedRate = sum.won / sum.count;
        bins.push({ low: index / 10, high: (index + 1) / 10, count: sum.count, meanPredicted, observedRate });
        ece += (sum.count / pairs.length) * Math.abs(meanPredicted - observedRate);
    });
    return { bins, ece };
}
/**
 * Are the probabilities honest? Each closed deal's stay in each open stage is one prediction: the
 * stage's nominal probability, and the adjusted probability from its answers as they were when it left
 * the stage, against whether it was won. Pass held-out deals to judge benchmarks fitted on others.
 */
export function calibrate(process, benchmarks, paths) {
    const closed = paths.filter((path) => path.outcome !== 'open');
    const nominal = [];
    const adjusted = [];
    const openStages = process.stages.filter((s) => !s.isClosed);
    for (const path of closed) {
        const outcome = path.outcome === 'won' ? 1 : 0;
        for (const stage of openStages) {
            const visit = lastVisitTo(path, stage.name);
            if (!visit)
                continue;
            const score = scoreDeal(process, benchmarks, {
                stageName: stage.name,
                probability: stage.probability,
                isClosed: false,
                isWon: false,
                fields: { ...path.deal.fields, ...visit.values }
            });
            nominal.push({ p: stage.probability, outcome });
            adjusted.push({ p: score.adjusted, outcome });
        }
    }
    const nominalBins = reliability(nominal);
    const adjustedBins = reliability(adjusted);
    return {
        deals: closed.length,
        brierNominal: brierScore(nominal),
        brierAdjusted: brierScore(adjusted),
        eceNominal: nominalBins.ece,
        eceAdjusted: adjustedBins.ece,
        binsNominal: nominalBins.bins,
        binsAdjusted: adjustedBins.bins,
        stages: fitStageBenchmarks(process, closed)
    };
}
/** Share of the closed deals (the newest) the default time split scores. */
export const TIME_SPLIT_NEWER_SHARE = 0.3;
/**
 * The default cut-off of the time split: the close day of the first of the newest 30% of the deals
 * closed by `until` (`YYYY-MM-DD`), or null without closed deals.
 */
export function timeSplitCutOff(paths, until) {
    const closeDays = paths
        .filter((p) => p.outcome !== 'open' && closedOn(p) <= until)
        .map(closedOn)
        .sort();
    if (closeDays.length === 0)
        return null;
    return closeDays[Math.min(closeDays.length - 1, Math.floor(closeDays.length * (1 - TIME_SPLIT_NEWER_SHARE)))];
}
function interval(values, seed) {
    const found = bootstrapMeanInterval(values, seed);
    return found ? [found.low, found.high] : null;
}
function groupOf(rows, seed) {
    const se = (p, o) => (p - o) * (p - o);
    const nominal = rows.map((r) => se(r.nominal, r.outcome));
    const stageWinRate = rows.map((r) => se(r.stageWinRate, r.outcome));
    const adjusted = rows.map((r) => se(r.adjusted, r.outcome));
    const mean = (xs) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
    return {
        scored: rows.length,
        brier: { nominal: mean(nominal), stageWinRate: mean(stageWinRate), adjusted: mean(adjusted) },
        brier95: {
            nominal: interval(nominal, seed),
            stageWinRate: interval(stageWinRate, seed),
            adjusted: interval(adjusted, seed)
        },
        adjustedMinusStageWinRate95: interval(adjusted.map((a, i) => a - stageWinRate[i]), seed),
        stageWinRateMinusNominal95: interval(stageWinRate.map((w, i) => w - nominal[i]), seed)
    };
}
/** Days between the cut-offs of the rolling time split. */
export const TIME_SPLIT_STEP_DAYS = 28;
/** The cut-offs of the rolling time split: from `first`, every 28 days, up to `until` (`YYYY-MM-DD`). */
export function timeSplitCutOffs(first, until) {
    const cutOffs = [];
    for (let day = first; day <= until; day = addDays(day, TIME_SPLIT_STEP_DAYS))
        cutOffs.push(day);
    return cutOffs;
}
/**
 * Accuracy on a time split, the one a user may quote. At each cut-off (`cutOffs`, oldest first), the
 * benchmarks `benchmarksFor(cutOff)` (which must be fitted only on deals closed before it) score every
 * deal that was open at the end of the day before and closed by `until`, at the stage it was in then
 * with its answers as of then, three ways: configured stage probability, stage win rate, stage win
 * rate + parameters. Each deal is scored once, at the first cut-off it was open at; a single cut-off
 * is the plain split. Intervals resample deals (1000 times, seeded by the first cut-off, so the same
 * history always gives the same numbers).
 */
export function timeSplitAccuracy(process, benchmarksFor, paths, cutOffs, until) {
    const stages = new Map(process.stages.map((s) => [s.name, s]));
    const finals = new Map(paths.map((p) => [p.deal.id, p]));
    const seen = new Set();
    const rows = [];
    let fittedOn = 0;
    let strength = 0;
    cutOffs.forEach((cutOff, i) => {
        const benchmarks = benchmarksFor(cutOff);
        if (i === 0) {
            fittedOn = benchmarks?.dealCount ?? 0;
            strength = benchmarks?.damping ?? 0;
        }
        // Only deals not yet scored that closed by `until` can count: the others' state is not rebuilt.
        const candidates = pipelineAsOf(paths, addDays(cutOff, -1), (path) => {
            const final = finals.get(path.deal.id);
            return !seen.has(path.deal.id) && !!final && final.outcome !== 'open' && closedOn(final) <= until;
        });
        for (const deal of candidates) {
            if (seen.has(deal.id))
                continue;
            const path = finals.get(deal.id);
            const stage = stages.get(deal.stageName);
            if (deal.isClosed || !path || path.outcome === 'open' || !stage || stage.isClosed)
                continue;
            if (closedOn(path) > until)
                continue;
            seen.add(deal.id);
            const score = scoreDeal(process, benchmarks, {
                stageName: stage.name,
                probability: stage.probability,
                isClosed: false,
                isWon: false,
                fields: deal.values
            });
            rows.push({
                stage: stage.name,
                nominal: stage.probability,
                stageWinRate: score.baseline,
                adjusted: score.adjusted,
                outcome: path.outcome === 'won' ? 1 : 0
            });
        }
    });
    const first = cutOffs[0] ?? until;
    const overall = groupOf(rows, `timeSplit|${first}`);
    const difference = overall.adjustedMinusStageWinRate95;
    const byStage = process.stages
        .filter((s) => !s.isClosed && rows.some((r) => r.stage === s.name))
        .map((s) => ({
        stage: s.name,
        ...groupOf(rows.filter((r) => r.stage === s.name), `timeSplit|${first}|${s.name}`)
    }));
    return {
        fittedOnClosedBefore: first,
        cutOffs: [...cutOffs],
        scoredClosedBy: until,
        fittedOn,
        strength,
        ...overall,
        verdict: rows.length === 0
            ? 'notEnoughDeals'
            : difference && difference[1] < 0
                ? 'parametersHelp'
                : 'noBetterThanStageWinRate',
        byStage
    };
}
/** Default for "no stage change for too long" when history has no 90th percentile for the stage. */
export const STALE_DEFAULT_DAYS = 90;
/** Close-date pushes that count as slipping, and total days pushed that do on their own. */
export const SLIP_PUSHES = 2;
export const SLIP_DAYS = 30;
/** Distance from the stage probability that counts as a manual override worth a look. */
export const OVERRIDE_GAP = 0.2;
function percent(p) {
    return `${Math.round(p * 100)}%`;
}
function shown(value) {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
        return 'blank';
    return typeof value === 'number' ? formatNumber(value) : String(value);
}
function days(n) {
    const rounded = Math.round(n);
    return `${rounded} day${rounded === 1 ? '' : 's'}`;
}
/**
 * Flags open deals as they stand (their current stage and values), judged on the date `asOf`:
 * - `padded` (high): a required parameter of an earlier stage is blank or fails its rule — the deal
 *   left that stage without it; (medium) a required parameter of the current stage is, after the deal
 *   has sat in the stage longer than won deals typically did (median days in stage);
 * - `skippedStage`: the deal jumped over an active open stage it never visited (its first stage is
 *   not judged: deals are often created mid-process);
 * - `slipped`: close date pushed later at least twice, or by more than 30 days in total;
 * - `pastCloseDate`: the close date is before `asOf`;
 * - `stale`: no stage change for longer than the stage's 90th percentile in won deals (90 days without
 *   history);
 * - `probabilityOverride`: the deal's probability is 20 points or more from its stage's.
 */
export function flagDeals(process, benchmarks, paths, asOf) {
    const today = toDate(asOf);
    const stagesByName = new Map(process.stages.map((s) => [s.name, s]));
    const stageLabel = (name) => stagesByName.get(name)?.label ?? name;
    const flags = [];
    for (const path of paths) {
        if (path.outcome !== 'open')
            continue;
        const deal = path.deal;
        const stage = stagesByName.get(deal.stageName) ?? null;
        const current = path.visits[path.visits.length - 1] ?? null;
        const enteredAt = current && current.stage === deal.stageName ? current.enteredAt : deal.createdDate;
        const daysInStage = daysBetween(toDate(enteredAt), today);
        const stageBenchmark = benchmarks?.stages.find((s) => s.stage === deal.stageName) ?? null;
        const flag = (kind, severity, message, evidence) => flags.push({ dealId: deal.id, kind, severity, message, evidence });
        if (stage) {
            for (const parameter of parametersThrough(process, stage.name)) {
                if (!parameter.requiredToAdvance)
                    continue;
                const value = deal.fields?.[parameter.field] ?? null;
                const rule = ruleOf(parameter);
                const outcome = evaluateRule(rule, value);
                if (outcome === 'pass')
                    continue;
                const earlier = parameter.stage !== stage.name;
                const median = stageBenchmark?.medianDaysInStage ?? null;
                if (!earlier && (median === null || !(daysInStage > median)))
                    continue;
                const problem = outcome === 'blank'
                    ? 'is blank'
                    : `is ${shown(value)}, which fails "${describeRule(rule)}"`;
                const message = earlier
                    ? `${deal.name} left ${stageLabel(parameter.stage)} although the required "${parameter.label}" ${problem}.`
                    : `${deal.name} has been in ${stageLabel(stage.name)} for ${days(daysInStage)}, longer than the ${days(median)} won deals typically took, and the required "${parameter.label}" ${problem}.`;
                flag('padded', earlier ? 'high' : 'medium', message, {
                    parameter: parameter.name,
                    field: parameter.field,
                    value,
                    rule: parameter.rule,
                    outcome,
                    parameterStage: parameter.stage,
                    currentStage: stage.name,
                    daysInStage: Math.round(daysInStage),
                    medianDaysInStage: earlier ? null : median
                });
            }
        }
        for (const skipped of skippedStages(process, path)) {
            flag('skippedStage', 'medium', `${deal.name} went from ${stageLabel(skipped.from)} to ${stageLabel(skipped.to)}, skipping ${skipped.stages.map(stageLabel).join(', ')}.`, { from: skipped.from, to: skipped.to, skipped: skipped.stages.join(', '), at: skipped.at });
        }
        const pushes = path.closeDateChanges.filter((change) => change.to > change.from);
        const daysPushed = pushes.reduce((sum, change) => sum + daysBetween(change.from, change.to), 0);
        if (pushes.length >= SLIP_PUSHES || daysPushed > SLIP_DAYS) {
            const first = path.closeDateChanges[0]?.from ?? deal.closeDate;
            flag('slipped', pushes.length >= SLIP_PUSHES && daysPushed > SLIP_DAYS ? 'high' : 'medium', `${deal.name}'s close date was pushed out ${pushes.length} time${pushes.length === 1 ? '' : 's'}, ${days(daysPushed)} in total (from ${first} to ${deal.closeDate}).`, {
                pushes: pushes.length,
                daysPushed: Math.round(daysPushed),
                firstCloseDate: first,
                closeDate: deal.closeDate,
                lastPushAt: pushes.length > 0 ? pushes[pushes.length - 1].at : null
            });
        }
        if (deal.closeDate < today) {
            const overdue = daysBetween(deal.closeDate, today);
            flag('pastCloseDate', 'high', `${deal.name} is still open ${days(overdue)} after its close date of ${deal.closeDate}.`, {
                closeDate: deal.closeDate,
                asOf: today,
                daysPast: Math.round(overdue)
            });
        }
        const p90 = stageBenchmark?.p90DaysInStage ?? null;
        const threshold = p90 ?? STALE_DEFAULT_DAYS;
        if (daysInStage > threshold) {
            flag('stale', 'medium', `${deal.name} has not changed stage for ${days(daysInStage)} (in ${stageLabel(deal.stageName)} since ${toDate(enteredAt)}); ${p90 !== null ? `90% of won deals moved on within ${days(p90)}` : `the default limit is ${STALE_DEFAULT_DAYS} days`}.`, {
                stage: deal.stageName,
                since: toDate(enteredAt),
                daysInStage: Math.round(daysInStage),
                thresholdDays: Math.round(threshold),
                thresholdSource: p90 !== null ? 'history (90th percentile of won deals)' : 'default'
            });
        }
        if (stage &&
            deal.probability !== null &&
            Math.abs(deal.probability - stage.probability) >= OVERRIDE_GAP - 1e-9) {
            flag('probabilityOverride', 'low', `${deal.name} is set to ${percent(deal.probability)} while ${stage.label} stands at ${percent(stage.probability)}.`, { stage: stage.name, dealProbability: deal.probability, stageProbability: stage.probability });
        }
    }
    return flags;
}
/** Forward jumps in a deal's path over active open stages it never visited. */
function skippedStages(process, path) {
    const byName = new Map(process.stages.map((s) => [s.name, s]));
    const visited = new Set(path.visits.map((v) => v.stage));
    const candidates = process.stages.filter((s) => s.isActive && !s.isClosed && !visited.has(s.name));
    const jumps = [];
    for (let i = 1; i < path.visits.length; i++) {
        const from = byName.get(path.visits[i - 1].stage);
        const to = byName.get(path.visits[i].stage);
        if (!from || !to || to.sortOrder <= from.sortOrder)
            continue;
        const stages = candidates
            .filter((s) => s.sortOrder > from.sortOrder && s.sortOrder < to.sortOrder)
            .sort((a, b) => a.sortOrder - b.sortOrder)
            .map((s) => s.name);
        if (stages.length > 0)
            jumps.push({ from: from.name, to: to.name, at: path.visits[i].enteredAt, stages });
    }
    return jumps;
}
