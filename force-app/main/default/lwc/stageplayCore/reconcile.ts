/**
 * Reconciliation: do stage probabilities match what history shows (calibration on a holdout and on a
 * time split). Which open deals need a second look is flags.ts, which the Opportunity page uses too.
 * (How good past forecasts were is the adjusted period forecast's backtest: `backtestPeriods` and
 * `backtestAccuracy` in periodForecast.ts.)
 */
import { closedOn, fitStageBenchmarks, lastVisitTo } from './fit';
import { addDays, endOfDay, toDate } from './periods';
import { fieldKey, pathsById, pathTimes, stageAt, valuesAtInstant, type PathLookup } from './history';
import { bootstrapMeanIntervals, brierScore, stableFractions } from './stats';
import { dealProbabilities } from './score';
import type {
    Benchmarks,
    CalibrationSummary,
    DealPath,
    ProcessDefinition,
    ReliabilityBin,
    TimeSplitAccuracy,
    TimeSplitGroup
} from './types';

/**
 * Splits paths into a training set and a held-out `test` set of about `fraction` of them,
 * deterministically: a deal's side depends only on its id and the seed, so adding deals never moves
 * existing ones across.
 */
export function splitHoldout(
    paths: readonly DealPath[],
    fraction: number = 0.25,
    seed: number | string = 'stageplay'
): { train: DealPath[]; test: DealPath[] } {
    const train: DealPath[] = [];
    const test: DealPath[] = [];
    const fractionOf = stableFractions(`${String(seed)}|`);
    for (let i = 0; i < paths.length; i++) {
        const path = paths[i];
        (fractionOf(path.deal.id) < fraction ? test : train).push(path);
    }
    return { train, test };
}

function reliability(pairs: ReadonlyArray<{ p: number; outcome: 0 | 1 }>): {
    bins: ReliabilityBin[];
    ece: number | null;
} {
    if (pairs.length === 0) return { bins: [], ece: null };
    const sums = Array.from({ length: 10 }, () => ({ count: 0, predicted: 0, won: 0 }));
    for (const { p, outcome } of pairs) {
        const bin = sums[Math.min(9, Math.max(0, Math.floor(p * 10)))];
        bin.count++;
        bin.predicted += p;
        bin.won += outcome;
    }
    const bins: ReliabilityBin[] = [];
    let ece = 0;
    sums.forEach((sum, index) => {
        if (sum.count === 0) return;
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
export function calibrate(
    process: ProcessDefinition,
    benchmarks: Benchmarks | null,
    paths: readonly DealPath[]
): CalibrationSummary {
    const closed = paths.filter((path) => path.outcome !== 'open');
    const nominal: Array<{ p: number; outcome: 0 | 1 }> = [];
    const adjusted: Array<{ p: number; outcome: 0 | 1 }> = [];
    const openStages = process.stages.filter((s) => !s.isClosed);
    for (const path of closed) {
        const outcome: 0 | 1 = path.outcome === 'won' ? 1 : 0;
        for (const stage of openStages) {
            const visit = lastVisitTo(path, stage.name);
            if (!visit) continue;
            // The answers as they were when it left the stage, else as they are now.
            const { values } = visit;
            const score = dealProbabilities(
                process,
                benchmarks,
                { stageName: stage.name, probability: stage.probability, isClosed: false, isWon: false },
                (field) =>
                    (Object.prototype.hasOwnProperty.call(values, field) ? values : path.deal.fields)[field]
            );
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
export function timeSplitCutOff(paths: readonly DealPath[], until: string): string | null {
    const closeDays = paths
        .filter((p) => p.outcome !== 'open' && closedOn(p) <= until)
        .map(closedOn)
        .sort();
    if (closeDays.length === 0) return null;
    return closeDays[
        Math.min(closeDays.length - 1, Math.floor(closeDays.length * (1 - TIME_SPLIT_NEWER_SHARE)))
    ];
}

function groupOf(
    rows: ReadonlyArray<{ nominal: number; stageWinRate: number; adjusted: number; outcome: 0 | 1 }>,
    seed: string
): TimeSplitGroup {
    const se = (p: number, o: number) => (p - o) * (p - o);
    const nominal = rows.map((r) => se(r.nominal, r.outcome));
    const stageWinRate = rows.map((r) => se(r.stageWinRate, r.outcome));
    const adjusted = rows.map((r) => se(r.adjusted, r.outcome));
    const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length);
    // One seed for all five, so one set of resampling draws serves every column (the same intervals as
    // five single-column bootstraps, bit for bit).
    const [nominal95, stageWinRate95, adjusted95, adjustedMinusStageWinRate95, stageWinRateMinusNominal95] =
        bootstrapMeanIntervals(
            [
                nominal,
                stageWinRate,
                adjusted,
                adjusted.map((a, i) => a - stageWinRate[i]),
                stageWinRate.map((w, i) => w - nominal[i])
            ],
            seed
        ).map((found) => {
            return found ? ([found.low, found.high] as [number, number]) : null;
        });
    return {
        scored: rows.length,
        brier: { nominal: mean(nominal), stageWinRate: mean(stageWinRate), adjusted: mean(adjusted) },
        brier95: { nominal: nominal95, stageWinRate: stageWinRate95, adjusted: adjusted95 },
        adjustedMinusStageWinRate95,
        stageWinRateMinusNominal95
    };
}

/** Days between the cut-offs of the rolling time split. */
export const TIME_SPLIT_STEP_DAYS = 28;

/** The cut-offs of the rolling time split: from `first`, every 28 days, up to `until` (`YYYY-MM-DD`). */
export function timeSplitCutOffs(first: string, until: string): string[] {
    const cutOffs: string[] = [];
    for (let day = first; day <= until; day = addDays(day, TIME_SPLIT_STEP_DAYS)) cutOffs.push(day);
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
export function timeSplitAccuracy(
    process: ProcessDefinition,
    benchmarksFor: (cutOff: string) => Benchmarks | null,
    paths: readonly DealPath[],
    cutOffs: readonly string[],
    until: string,
    /** `pathsById(paths)`, when the caller has it already. */
    finals: PathLookup = pathsById(paths)
): TimeSplitAccuracy {
    const stages = new Map(process.stages.map((s) => [s.name, s]));
    // Scoring reads only the parameters' fields: the deals' state as of a cut-off holds just those.
    const fields = [...new Set(process.parameters.map((p) => p.field))].map(fieldKey);
    // Only deals whose final path closed by `until` can count. They are swept through the cut-offs in
    // path order: one leaves once scored (or its id is), or once closed when the cut-offs ascend (it
    // stays closed at every later one); the others wait for a later cut-off. So each cut-off visits
    // only the deals still to be scored, not every path.
    let pending = paths.filter((path) => {
        const final = finals.get(path.deal.id) as DealPath;
        return final.outcome !== 'open' && closedOn(final) <= until;
    });
    const ascending = cutOffs.every((cutOff, i) => i === 0 || cutOffs[i - 1] <= cutOff);
    const seen = new Set<string>();
    const rows: Array<{
        stage: string;
        nominal: number;
        stageWinRate: number;
        adjusted: number;
        outcome: 0 | 1;
    }> = [];
    let fittedOn = 0;
    let strength = 0;
    cutOffs.forEach((cutOff, i) => {
        const benchmarks = benchmarksFor(cutOff);
        if (i === 0) {
            fittedOn = benchmarks?.dealCount ?? 0;
            strength = benchmarks?.damping ?? 0;
        }
        // Each deal as it stood at the end of the day before the cut-off (`pipelineAsOf`'s reading).
        const day = toDate(addDays(cutOff, -1));
        const instant = endOfDay(day);
        const waiting: DealPath[] = [];
        for (const path of pending) {
            const id = path.deal.id;
            if (seen.has(id)) continue;
            const times = pathTimes(path);
            if (times.createdDay > day) {
                waiting.push(path);
                continue;
            }
            if (times.closedAt !== null && times.closedAt <= instant) {
                if (!ascending) waiting.push(path);
                continue;
            }
            const stage = stages.get(stageAt(path, instant));
            if (!stage || stage.isClosed) {
                waiting.push(path);
                continue;
            }
            seen.add(id);
            const values = valuesAtInstant(path, instant, fields);
            const score = dealProbabilities(
                process,
                benchmarks,
                { stageName: stage.name, probability: stage.probability, isClosed: false, isWon: false },
                (field) => values[field]
            );
            rows.push({
                stage: stage.name,
                nominal: stage.probability,
                stageWinRate: score.baseline,
                adjusted: score.adjusted,
                outcome: (finals.get(id) as DealPath).outcome === 'won' ? 1 : 0
            });
        }
        pending = waiting;
    });
    const first = cutOffs[0] ?? until;
    const overall = groupOf(rows, `timeSplit|${first}`);
    const difference = overall.adjustedMinusStageWinRate95;
    const byStage = process.stages
        .filter((s) => !s.isClosed && rows.some((r) => r.stage === s.name))
        .map((s) => ({
            stage: s.name,
            ...groupOf(
                rows.filter((r) => r.stage === s.name),
                `timeSplit|${first}|${s.name}`
            )
        }));
    return {
        fittedOnClosedBefore: first,
        cutOffs: [...cutOffs],
        scoredClosedBy: until,
        fittedOn,
        strength,
        ...overall,
        verdict:
            rows.length === 0
                ? 'notEnoughDeals'
                : difference && difference[1] < 0
                  ? 'parametersHelp'
                  : 'noBetterThanStageWinRate',
        byStage
    };
}
