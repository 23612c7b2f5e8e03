/**
 * Forecast reconciliation: composes the core (paths, benchmarks, scores, rollups, backtest,
 * calibration, flags) into one plain, JSON-serialisable result that the terminal summary, the CSVs
 * and the HTML report all render. No I/O here.
 */
import type {
    PathLookup,
    Benchmarks,
    DealFlag,
    DealPath,
    FlagKind,
    ForecastCategory,
    ForecastDeal,
    OpportunityRecord,
    Period,
    PeriodSpec,
    PipelineDeal,
    ProcessDefinition
} from '../core';
import {
    addDays,
    backtestAccuracy,
    backtestPeriods,
    calibrate,
    closedDealAdjusted,
    forecastDays,
    forecastPeriod,
    PipelineHistory,
    periodForecastGroups,
    periodLabel,
    periodOfKey,
    type PeriodBacktestPoint,
    type PeriodForecast,
    flagDeals,
    periodOf,
    periodsBetween,
    pathsById,
    pipelineAsOf,
    rollupForecast,
    ruleHistoryDisagreements,
    scoreDeal,
    splitHoldout,
    timeSplitAccuracy,
    timeSplitCutOff,
    timeSplitCutOffs,
    toForecastDeal
} from '../core';
import type { Dataset } from '../dataset';
import type {
    BacktestRow,
    DealRow,
    OwnerBias,
    PeriodForecastSummary,
    Reconciliation,
    WaterfallStep
} from '../reconciliation';
import { topParameterEffects } from '../report/effects';
import { benchmarkFitter, closedBefore, dealPathsOf } from './learn';
import { disciplineOf } from './discipline';
import { startReconcileFits } from './parallelFits';
import { reconcileFinance } from './reconcileFinance';
import { reconcileGoals } from './reconcileGoals';
import { reconcileKpis } from './reconcileKpis';
import { compareSnapshots, type SnapshotRow } from './snapshot';

export const DEFAULT_WEEKS_OUT = [2, 4, 8];
/** Two weeks without any change is when a sales manager starts asking about a deal. */
export const DEFAULT_UNTOUCHED_DAYS = 14;

export interface ReconcileOptions {
    spec: PeriodSpec;
    /** `YYYY-MM-DD`: the pipeline is taken as it stood at the end of this day. */
    asOf: string;
    weeksOut?: number[];
    /** Completed periods before the current one to backtest. Default: 6 quarters or 12 months. */
    pastPeriods?: number;
    /** An open deal nobody touched for this many days is listed under data discipline. Default 14. */
    untouchedDays?: number;
    /** Stored forecast snapshots to compare with, when any exist. */
    snapshots?: SnapshotRow[];
    source?: string;
    /** Told when something slowed the run without changing its answers (a fit thread that stopped). */
    warn?: (message: string) => void;
    /**
     * Let go of the dataset's field-history rows once the paths are built (`FieldHistoryTable.release`):
     * for a caller that reconciles the dataset once and builds no paths from it after (about 150 MB at
     * a million deals, alive for the whole run otherwise).
     */
    releaseFieldHistory?: boolean;
}

const FLAG_KINDS: FlagKind[] = [
    'padded',
    'skippedStage',
    'slipped',
    'stale',
    'pastCloseDate',
    'probabilityOverride',
    'accountFinance'
];

/** Days subtracted from a period's end to rebuild the pipeline k weeks out. */
export function weeksBefore(date: string, weeks: number): string {
    return addDays(date, -7 * weeks);
}

/** Completed periods before the one `asOf` falls in, oldest first. */
export function pastPeriodsOf(asOf: string, spec: PeriodSpec, count: number): Period[] {
    const current = periodOf(asOf, spec);
    const monthsBack = (spec.unit === 'quarter' ? 3 : 1) * count;
    const start = addMonths(current.start, -monthsBack);
    return periodsBetween(start, addDays(current.start, -1), spec).slice(-count);
}

function addMonths(date: string, months: number): string {
    const [y, m] = date.split('-').map(Number);
    const index = y * 12 + (m - 1) + months;
    const year = Math.floor(index / 12);
    const month = (index % 12) + 1;
    return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-01`;
}

export interface ScoredPipeline {
    /** Every deal of the pipeline as a forecast deal, but closed ones dated before `closedFrom` when it is given. */
    deals: ForecastDeal[];
    /** The open deals' scores (closed deals get their probability, and no score is kept: every deal's was 273 MB of live heap at 100k). */
    scores: Map<string, ReturnType<typeof scoreDeal>>;
    /** Every deal of the pipeline counted, those left out of `deals` too. */
    counts: { opportunities: number; won: number; lost: number };
    /** Each owner's label as the forecast deals name it (`ownerName`, else the id), for every deal's owner. */
    ownerLabels: Map<string, string>;
}

/**
 * Scores every open deal as it stood at some date and turns every deal into a forecast deal. The deal record is
 * the current one with the then-state (stage, amount, close date, probability, values) laid over it.
 *
 * `closedFrom` (`YYYY-MM-DD`): closed deals dated before it are counted but not made into forecast deals. A
 * reconciliation reads the forecast from the current period on, where nothing dated earlier lands; those
 * closed deals' forecast deals were 48 MB of live heap at 300k deals that nothing read.
 */
export function scorePipeline(
    salesProcess: ProcessDefinition,
    benchmarks: Benchmarks | null,
    pipeline: PipelineDeal[],
    records: Names['records'],
    ownerNames: Map<string, string>,
    options: { closedFrom?: string } = {}
): ScoredPipeline {
    const scores = new Map<string, ReturnType<typeof scoreDeal>>();
    const deals: ForecastDeal[] = [];
    const counts = { opportunities: pipeline.length, won: 0, lost: 0 };
    const ownerLabels = new Map<string, string>();
    for (const p of pipeline) {
        const current = records.get(p.id);
        // The owner's name as `toForecastDeal` resolves it (the user's, else the deal's, else the id), for every
        // deal, those left out below too: the last deal's label per owner, as a map of all the deals keeps.
        const ownerName = ownerNames.get(p.ownerId) ?? current?.ownerName ?? p.ownerId;
        ownerLabels.set(p.ownerId, ownerName || p.ownerId);
        if (p.isClosed) {
            if (p.isWon) counts.won++;
            else counts.lost++;
            if (options.closedFrom !== undefined && p.closeDate < options.closedFrom) continue;
        }
        const scorable = {
            stageName: p.stageName,
            probability: p.probability,
            isClosed: p.isClosed,
            isWon: p.isWon,
            fields: p.values
        };
        // A closed deal's probability is its outcome: its answers are not assessed (at 1M, 35 s of scoring).
        let adjusted: number;
        if (p.isClosed) adjusted = closedDealAdjusted(salesProcess, scorable);
        else {
            const score = scoreDeal(salesProcess, benchmarks, scorable);
            scores.set(p.id, score);
            adjusted = score.adjusted;
        }
        // `fields` first: a literal in the reader's property order would share the deal records' hidden
        // class, and values of other kinds than the reader's (this one's come from the pipeline) make V8
        // replace that class and move every deal record of the run to a larger one (16 bytes more per
        // deal in a heap snapshot at the end of `reconcile`, 144 -> 160).
        const then: OpportunityRecord = {
            fields: p.values,
            id: p.id,
            name: current?.name ?? p.id,
            accountId: current?.accountId ?? null,
            ownerId: p.ownerId,
            ownerName: current?.ownerName ?? null,
            amount: p.amount,
            closeDate: p.closeDate,
            stageName: p.stageName,
            probability: p.probability,
            forecastCategory: p.forecastCategory,
            isClosed: p.isClosed,
            isWon: p.isWon,
            createdDate: current?.createdDate ?? '',
            lastModifiedDate: current?.lastModifiedDate ?? null
        };
        deals.push(toForecastDeal(then, { adjusted }, salesProcess, ownerName));
    }
    return { deals, scores, counts, ownerLabels };
}

interface Names {
    /**
     * Each deal's current record by id: the deal of its path in `pathsById` (the last listed, as a map
     * of the deals would keep), not a second map of a million ids.
     */
    records: Pick<ReadonlyMap<string, OpportunityRecord>, 'get'>;
    owner: Map<string, string>;
}

/** Owner names, and the deals' records by id through `byId` (`pathsById` of the dataset's paths). */
function namesOf(dataset: Dataset, byId: PathLookup): Names {
    const owner = new Map(dataset.users.map((u) => [u.id, u.name]));
    for (const o of dataset.opportunities)
        if (o.ownerName && !owner.has(o.ownerId)) owner.set(o.ownerId, o.ownerName);
    return { records: { get: (id) => byId.get(id)?.deal }, owner };
}

/** Said instead of a number when the stage history is empty: no past pipeline can be rebuilt. */
export const NO_STAGE_HISTORY =
    'No stage history (OpportunityHistory has no rows): past pipelines cannot be rebuilt, so the backtest and the adjusted period forecast cannot be computed.';
/** Said when no complete past period lies within the history before the as-of date. */
export const NO_PAST_PERIODS =
    'No complete past period within the history before the as-of date: close rates cannot be learned yet.';

/**
 * Booked so far, then per forecast category the open deals dated in the period (stated: amount ×
 * deal probability; adjusted: the period forecast's P(won in period) × amount × amount change), then
 * the adjusted forecast's two terms the stated one lacks: open deals dated outside the period and
 * deals not yet created. Each column adds up to its forecast.
 */
function waterfallOf(
    deals: ForecastDeal[],
    period: Period,
    forecast: PeriodForecast | null
): { period: string; steps: WaterfallStep[] } {
    const inPeriod = deals.filter((d) => d.closeDate >= period.start && d.closeDate <= period.end);
    const booked = inPeriod.filter((d) => d.isClosed && d.isWon).reduce((sum, d) => sum + d.amount, 0);
    const open = inPeriod.filter((d) => !d.isClosed);
    const expected = new Map((forecast?.deals ?? []).map((d) => [d.id, d.expected]));
    const learned = forecast !== null && forecast.adjusted !== null;
    const step = (name: WaterfallStep['step'], category: ForecastCategory): WaterfallStep => {
        const ds = open.filter((d) => d.forecastCategory === category);
        return {
            step: name,
            amount: ds.reduce((s, d) => s + d.amount, 0),
            stated: ds.reduce((s, d) => s + d.amount * d.statedProbability, 0),
            adjusted: learned ? ds.reduce((s, d) => s + (expected.get(d.id) ?? 0), 0) : null
        };
    };
    const inPeriodIds = new Set(open.map((d) => d.id));
    const outside = deals.filter((d) => !d.isClosed && !inPeriodIds.has(d.id));
    return {
        period: period.key,
        steps: [
            { step: 'Booked', amount: booked, stated: booked, adjusted: learned ? booked : null },
            step('Commit', 'Commit'),
            step('Best Case', 'Best Case'),
            step('Pipeline', 'Pipeline'),
            {
                step: 'Open deals dated outside the period',
                amount: outside.reduce((s, d) => s + d.amount, 0),
                stated: 0,
                adjusted: learned ? (forecast?.openDealsDatedOutside ?? 0) : null
            },
            {
                step: 'Not yet created',
                amount: 0,
                stated: 0,
                adjusted: learned ? (forecast?.notYetCreated ?? 0) : null
            }
        ]
    };
}

function periodForecastSummary(
    forecast: PeriodForecast | null,
    period: Period,
    asOf: string,
    stated: number,
    booked: number,
    unavailable: string | null
): PeriodForecastSummary {
    const learned = forecast !== null && forecast.adjusted !== null;
    return {
        period: period.key,
        label: period.label,
        asOf,
        daysLeft: forecast?.daysLeft ?? 0,
        stated: forecast?.stated ?? stated,
        booked: forecast?.booked ?? booked,
        openDeals: learned ? forecast.openDeals : null,
        openDealsDatedOutside: learned ? forecast.openDealsDatedOutside : null,
        notYetCreated: learned ? forecast.notYetCreated : null,
        adjusted: learned ? forecast.adjusted : null,
        range80:
            learned && forecast.low !== null && forecast.high !== null ? [forecast.low, forecast.high] : null,
        basis: forecast?.basis ?? {
            trainingPeriods: [],
            examples: 0,
            overallCloseRate: null,
            notYetCreatedByPeriod: []
        },
        unavailable: learned ? null : (unavailable ?? NO_PAST_PERIODS)
    };
}

function backtestRow(point: PeriodBacktestPoint, spec: PeriodSpec): BacktestRow {
    const f = point.forecast;
    const learned = f.adjusted !== null;
    return {
        period: point.period,
        label: periodLabel(point.period, spec),
        asOf: point.asOf,
        weeksOut: point.weeksOut,
        booked: point.booked,
        stated: f.stated,
        commit: f.commit,
        adjusted: f.adjusted,
        terms: {
            booked: f.booked,
            openDeals: learned ? f.openDeals : null,
            openDealsDatedOutside: learned ? f.openDealsDatedOutside : null,
            notYetCreated: learned ? f.notYetCreated : null
        },
        low: f.low,
        high: f.high,
        inRange: f.low !== null && f.high !== null ? f.low <= point.booked && point.booked <= f.high : null,
        trainingPeriods: f.basis.trainingPeriods.length
    };
}

/** How many periods ahead of the current one get an adjusted forecast (later ones rest on too little). */
export const FORECAST_PERIODS_AHEAD = 3;

/**
 * Per owner, the backtest's forecasts k weeks before each past period ended against what the owner
 * booked in the end. Both forecasts are the backtest's own, split by owner from the same per-deal
 * terms (`periodForecastGroups`), over the periods whose adjusted forecast could be learned: stated =
 * booked by then + Σ amount × stated probability of open deals dated in the period; adjusted = booked
 * by then + Σ P(won by period end) × amount × amount change of open deals (any close date) + the
 * owner's share of deals not yet created. `booked` is the closed-won amount whose final close date is
 * in the period.
 */
export function ownerBiasOf(
    points: readonly PeriodBacktestPoint[],
    weeksOut: number,
    history: PipelineHistory,
    spec: PeriodSpec,
    ownerNames: ReadonlyMap<string, string>
): OwnerBias[] {
    const totals = new Map<string, OwnerBias>();
    const entry = (ownerId: string): OwnerBias => {
        let e = totals.get(ownerId);
        if (!e) {
            e = {
                ownerId,
                ownerName: ownerNames.get(ownerId) ?? ownerId,
                periods: 0,
                forecastStated: 0,
                forecastAdjusted: 0,
                booked: 0,
                biasStated: null,
                biasAdjusted: null
            };
            totals.set(ownerId, e);
        }
        return e;
    };
    const won = history.wonDeals();
    for (const point of points) {
        if (point.weeksOut !== weeksOut) continue;
        const groups = periodForecastGroups(point.forecast, 'owner');
        if (!groups) continue;
        const seen = new Set<string>();
        for (const g of groups) {
            const e = entry(g.group);
            e.forecastStated += g.stated;
            e.forecastAdjusted += g.adjusted;
            seen.add(g.group);
        }
        const period = periodOfKey(point.period, spec);
        for (const w of won) {
            if (w.closeDate < period.start || w.closeDate > period.end) continue;
            entry(w.ownerId).booked += w.amount;
            seen.add(w.ownerId);
        }
        for (const owner of seen) entry(owner).periods += 1;
    }
    const owners = [...totals.values()].map((e) => ({
        ...e,
        biasStated: e.booked > 0 ? (e.forecastStated - e.booked) / e.booked : null,
        biasAdjusted: e.booked > 0 ? (e.forecastAdjusted - e.booked) / e.booked : null
    }));
    owners.sort((a, b) => b.booked - a.booked || a.ownerName.localeCompare(b.ownerName));
    return owners;
}

/** The current period and the `FORECAST_PERIODS_AHEAD` after it: the periods with an adjusted forecast. */
export function forecastPeriodsOf(asOf: string, spec: PeriodSpec): Period[] {
    const periods = [periodOf(asOf, spec)];
    while (periods.length <= FORECAST_PERIODS_AHEAD)
        periods.push(periodOf(addDays(periods[periods.length - 1].end, 1), spec));
    return periods;
}

/** The adjusted period forecasts as of `asOf` (none without stage history), keyed by period. */
function periodForecastsOf(history: PipelineHistory, periods: Period[], asOf: string, spec: PeriodSpec) {
    const forecasts = new Map<string, PeriodForecast>();
    if (history.stageHistoryRows > 0) {
        // The pipelines every one of these forecasts reads, from one sweep of the history.
        history.snapshots(periods.flatMap((p) => forecastDays(history, p, asOf, spec)));
        for (const p of periods) forecasts.set(p.key, forecastPeriod(history, p, asOf, spec));
    }
    return forecasts;
}

/**
 * The backtest's rows, its accuracy per horizon and the owner bias at `middleWeeks`, from one set of backtest
 * points (none without history). Only these leave: each point's forecast keeps its per-deal terms, which the
 * owner bias reads once (43 MB at 300k deals, let go here rather than held through the rest of the run).
 */
function backtestOf(
    history: PipelineHistory | null,
    pastPeriods: Period[],
    spec: PeriodSpec,
    weeksOut: number[],
    middleWeeks: number,
    ownerNames: ReadonlyMap<string, string>
) {
    const points = history ? backtestPeriods(history, pastPeriods, spec, weeksOut) : [];
    return {
        backtestRows: points.map((p) => backtestRow(p, spec)),
        horizonAccuracy: backtestAccuracy(points, weeksOut),
        ownerBias: history ? ownerBiasOf(points, middleWeeks, history, spec, ownerNames) : []
    };
}

export function reconcile(dataset: Dataset, options: ReconcileOptions): Reconciliation {
    const { process: salesProcess } = dataset;
    const spec = options.spec;
    const asOf = options.asOf;
    const weeksOut = options.weeksOut ?? DEFAULT_WEEKS_OUT;
    const pastCount = options.pastPeriods ?? (spec.unit === 'quarter' ? 6 : 12);

    const paths = dealPathsOf(dataset);
    if (options.releaseFieldHistory) dataset.fieldHistory.release();
    // One map from deal id to path for every step that looks paths up by id (the records too).
    const pathById = pathsById(paths);
    const names = namesOf(dataset, pathById);
    // The fits (now, the time split's, the calibration's) depend on nothing below: other cores fit them
    // meanwhile (by default when the closed deals are many; STAGEPLAY_WORKERS sets it).
    const cutOff = timeSplitCutOff(paths, asOf);
    const cutOffs = cutOff === null ? [] : timeSplitCutOffs(cutOff, asOf);
    const fits = startReconcileFits(salesProcess, paths, cutOffs, addDays(asOf, 1));

    const state = pipelineStateAsOf(dataset, paths, names, asOf, spec, () =>
        fits.get({ kind: 'closedBefore', asOf: addDays(asOf, 1) })
    );
    const {
        benchmarks,
        pipeline,
        deals,
        counts,
        ownerLabels,
        scores,
        history,
        periodsAhead,
        forecasts,
        finance,
        flags
    } = state;
    const currentPeriod = periodOf(asOf, spec);

    const pastPeriods = pastPeriodsOf(asOf, spec, pastCount);
    const noHistory = history.stageHistoryRows === 0 ? NO_STAGE_HISTORY : null;
    const middleWeeks = weeksOut[Math.floor((weeksOut.length - 1) / 2)] ?? 4;
    const { backtestRows, horizonAccuracy, ownerBias } = backtestOf(
        noHistory ? null : history,
        pastPeriods,
        spec,
        weeksOut,
        middleWeeks,
        names.owner
    );
    // Rollups: stated from the deals dated in each period; adjusted from the period forecasts above.
    const rollup = (groupBy: 'total' | 'forecastCategory' | 'owner') =>
        rollupForecast(deals, spec, groupBy, [...forecasts.values()], ownerLabels).filter(
            (r) => r.period >= currentPeriod.key
        );
    const byPeriod = rollup('total');
    const byCategory = rollup('forecastCategory');
    const byOwner = rollup('owner');
    const periodForecasts = periodsAhead.map((p) => {
        const row = byPeriod.find((r) => r.period === p.key);
        return periodForecastSummary(
            forecasts.get(p.key) ?? null,
            p,
            asOf,
            (row?.booked ?? 0) + (row?.statedExpected ?? 0),
            row?.booked ?? 0,
            noHistory
        );
    });

    const openIds = new Set(deals.filter((d) => !d.isClosed).map((d) => d.id));
    const flagsByDeal = new Map<string, DealFlag[]>();
    for (const f of flags) flagsByDeal.set(f.dealId, [...(flagsByDeal.get(f.dealId) ?? []), f]);
    // The finance flag is counted only where accounts carry facts: elsewhere it cannot occur, and a 0 would claim it was checked.
    const flagCounts = Object.fromEntries(
        FLAG_KINDS.filter((k) => k !== 'accountFinance' || finance.section !== null).map((k) => [k, 0])
    ) as Record<FlagKind, number>;
    for (const f of flags) flagCounts[f.kind] = (flagCounts[f.kind] ?? 0) + 1;

    const currentTerms = new Map((forecasts.get(currentPeriod.key)?.deals ?? []).map((d) => [d.id, d]));
    const dealRows: DealRow[] = deals
        .filter((d) => !d.isClosed)
        .map((d) => {
            const score = scores.get(d.id);
            return {
                id: d.id,
                name: d.name,
                ownerId: d.ownerId,
                ownerName: d.ownerName,
                stage: d.stageName,
                forecastCategory: d.forecastCategory,
                amount: d.amount,
                closeDate: d.closeDate,
                period: periodOf(d.closeDate, spec).key,
                statedProbability: d.statedProbability,
                adjustedProbability: d.adjustedProbability,
                adjustedLow: score?.adjustedLow ?? null,
                adjustedHigh: score?.adjustedHigh ?? null,
                currentPeriodCloseProbability: currentTerms.get(d.id)?.probability ?? null,
                currentPeriodExpected: currentTerms.get(d.id)?.expected ?? null,
                health: score?.health ?? 'unknown',
                flags: flagsByDeal.get(d.id) ?? []
            };
        })
        .sort((a, b) => b.flags.length - a.flags.length || b.amount - a.amount);

    const openPipeline = pipeline.filter((p) => !p.isClosed);
    const discipline = disciplineOf(
        salesProcess,
        paths,
        openPipeline,
        names,
        asOf,
        options.untouchedDays ?? DEFAULT_UNTOUCHED_DAYS,
        pathById
    );

    // What needs no more fits is done above, while the fit threads work through the time split's cut-offs;
    // then the main thread takes (or waits for) those fits.
    const goalsAndKpis = goalsAndKpisOf(dataset, state, pastCount, pathById);
    const evidence = {
        effects: topParameterEffects(salesProcess, benchmarks, 12),
        ruleDisagreements: ruleHistoryDisagreements(salesProcess, benchmarks)
    };

    const timeSplit =
        cutOffs.length === 0
            ? null
            : timeSplitAccuracy(
                  salesProcess,
                  (day) => fits.get({ kind: 'closedBefore', asOf: day }),
                  paths,
                  cutOffs,
                  asOf,
                  pathById
              );

    // Calibration is judged on deals the benchmarks did not learn from.
    const closed = closedBefore(paths, addDays(asOf, 1));
    const { test } = splitHoldout(closed);
    const calibration = calibrate(
        salesProcess,
        fits.get({ kind: 'holdoutTrain', asOf: addDays(asOf, 1) }),
        test
    );
    fits.close();
    for (const why of fits.stoppedWorkers()) {
        options.warn?.(
            `A fit thread stopped (${why}); the main thread fitted what it left: the answers are the same, the run was slower.`
        );
    }

    return {
        generatedAt: new Date().toISOString(),
        asOf,
        spec,
        source: options.source ?? '',
        weeksOut,
        counts: {
            opportunities: counts.opportunities,
            open: openIds.size,
            won: counts.won,
            lost: counts.lost,
            dataProblems: dataset.problems.length
        },
        currentPeriod,
        benchmarks,
        forecast: { byPeriod, byCategory, byOwner },
        waterfall: waterfallOf(deals, currentPeriod, forecasts.get(currentPeriod.key) ?? null),
        periodForecasts,
        pastPeriods,
        backtest: backtestRows,
        accuracy: {
            timeSplit,
            backtest: horizonAccuracy,
            backtestUnavailable:
                noHistory ??
                (horizonAccuracy.every((a) => a.periods === 0)
                    ? 'No past period both booked something and had earlier complete periods to learn from.'
                    : null)
        },
        dataQuality: dataset.quality,
        dataProblems: dataset.problems,
        ownerBias: { weeksOut: middleWeeks, owners: ownerBias },
        calibration,
        evidence,
        flagCounts,
        deals: dealRows,
        discipline,
        snapshots:
            options.snapshots && options.snapshots.length > 0
                ? compareSnapshots(options.snapshots, byPeriod)
                : null,
        finance: finance.section,
        ...goalsAndKpis
    };
}

/**
 * What the forecast, the flags, the goal funnel and the KPIs as of `asOf` start from: computed one
 * way for `reconcile` and for `goalsAndKpisAsOf`, so a snapshot publishes what a reconciliation shows.
 */
function pipelineStateAsOf(
    dataset: Dataset,
    paths: DealPath[],
    names: ReturnType<typeof namesOf>,
    asOf: string,
    spec: PeriodSpec,
    // Benchmarks "now" learn from every deal closed up to and including the as-of day.
    benchmarksNow: () => Benchmarks = () => benchmarkFitter(dataset.process, paths)(addDays(asOf, 1))
) {
    const pipeline = pipelineAsOf(paths, asOf);
    // The adjusted period forecast and its backtest share one index of the history and its snapshots.
    const history = new PipelineHistory(dataset.process, paths);
    const periodsAhead = forecastPeriodsOf(asOf, spec);
    const forecasts = periodForecastsOf(history, periodsAhead, asOf, spec);
    // Asked for only here, after the steps that do not read it: on a worker thread it is fitted meanwhile.
    const benchmarks = benchmarksNow();
    // Closed deals dated before the current period are only counted: every output reads the forecast from
    // the current period on (the rollups, the waterfall), and the finance and flags read open deals.
    const { deals, scores, counts, ownerLabels } = scorePipeline(
        dataset.process,
        benchmarks,
        pipeline,
        names.records,
        names.owner,
        { closedFrom: periodOf(asOf, spec).start }
    );
    const { finance, flags } = openDealFlags(dataset, benchmarks, paths, pipeline, deals, names, asOf);
    return {
        asOf,
        spec,
        paths,
        names,
        benchmarks,
        pipeline,
        deals,
        counts,
        ownerLabels,
        scores,
        history,
        periodsAhead,
        forecasts,
        finance,
        flags
    };
}

/** The goal funnel and the rep KPIs from the pipeline as it stood, looking back `pastCount` periods. */
function goalsAndKpisOf(
    dataset: Dataset,
    state: ReturnType<typeof pipelineStateAsOf>,
    pastCount: number,
    pathOf?: PathLookup
): Pick<Reconciliation, 'goals' | 'kpis'> {
    const { asOf, spec } = state;
    const pastPeriods = pastPeriodsOf(asOf, spec, pastCount);
    // The KPIs read the pipeline at each past period's end: one sweep for all of them.
    state.history.snapshots(pastPeriods.map((p) => p.end));
    return {
        goals: reconcileGoals(dataset.process, state.paths, { asOf, spec, pastPeriods: pastCount }),
        kpis: reconcileKpis(dataset, {
            asOf,
            currentPeriod: periodOf(asOf, spec),
            pastPeriods,
            forecasts: state.forecasts,
            paths: state.paths,
            pathOf,
            history: state.history,
            pipeline: state.pipeline,
            flags: state.flags,
            benchmarks: state.benchmarks,
            ownerNames: state.names.owner
        })
    };
}

/** The open deals' flags (process and account finance) and the finance section they come with. */
function openDealFlags(
    dataset: Dataset,
    benchmarks: Benchmarks,
    paths: DealPath[],
    pipeline: PipelineDeal[],
    deals: ForecastDeal[],
    names: ReturnType<typeof namesOf>,
    asOf: string
): { finance: ReturnType<typeof reconcileFinance>; flags: DealFlag[] } {
    const openIds = new Set(deals.filter((d) => !d.isClosed).map((d) => d.id));
    const finance = reconcileFinance(dataset, dataset.process, benchmarks, pipeline, deals, names.records);
    const flags: DealFlag[] = [
        ...flagDeals(dataset.process, benchmarks, paths, asOf).filter((f) => openIds.has(f.dealId)),
        ...finance.flags.filter((f) => openIds.has(f.dealId))
    ];
    return { finance, flags };
}

/**
 * The goal funnel and the rep KPIs exactly as `reconcile` computes them (same inputs, same calls),
 * without the backtest, the time split and the calibration, which they do not use: what `snapshot`
 * publishes beside the forecast.
 */
export function goalsAndKpisAsOf(
    dataset: Dataset,
    asOf: string,
    spec: PeriodSpec,
    pastCount = spec.unit === 'quarter' ? 6 : 12
): Pick<Reconciliation, 'goals' | 'kpis'> {
    const paths = dealPathsOf(dataset);
    const state = pipelineStateAsOf(dataset, paths, namesOf(dataset, pathsById(paths)), asOf, spec);
    return goalsAndKpisOf(dataset, state, pastCount);
}

/**
 * The adjusted period forecasts as of `asOf` for the current period and the `FORECAST_PERIODS_AHEAD`
 * after it, exactly as `reconcile` computes them (none without stage history).
 */
export function periodForecastsAsOf(dataset: Dataset, asOf: string, spec: PeriodSpec): PeriodForecast[] {
    const history = new PipelineHistory(dataset.process, dealPathsOf(dataset));
    return [...periodForecastsOf(history, forecastPeriodsOf(asOf, spec), asOf, spec).values()];
}

/** Every deal as it stood at the end of `asOf`, scored with benchmarks learned from deals closed by then. */
export function forecastDealsAsOf(dataset: Dataset, asOf: string): ForecastDeal[] {
    const paths = dealPathsOf(dataset);
    const names = namesOf(dataset, pathsById(paths));
    const benchmarks = benchmarkFitter(dataset.process, paths)(addDays(asOf, 1));
    return scorePipeline(dataset.process, benchmarks, pipelineAsOf(paths, asOf), names.records, names.owner)
        .deals;
}
