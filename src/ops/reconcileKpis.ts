/**
 * KPIs and adoption per rep and team for the reconciliation (issue 12): the current period and the
 * past periods the backtest uses, from the same pipeline, period forecast and flags `reconcile`
 * computed, so "adjusted" and "stale" mean here exactly what they mean in the rest of the report.
 */
import type {
    Benchmarks,
    DealFlag,
    DealPath,
    PathLookup,
    FlagTally,
    KpiDeal,
    Period,
    PeriodForecast,
    PipelineDeal,
    PipelineHistory
} from '../core';
import {
    dateFlagFacts,
    endOfDay,
    pathsById,
    pathTimes,
    periodForecastGroups,
    repKpis,
    stageBenchmarkOf,
    stageExitsOf,
    toDate,
    visitAt
} from '../core';
import type { Dataset } from '../dataset';
import type { KpisSection } from '../reconciliation';

export interface KpiContext {
    asOf: string;
    currentPeriod: Period;
    /** Completed periods before the current one, oldest first. */
    pastPeriods: Period[];
    /** The adjusted period forecasts as of `asOf`, by period key. */
    forecasts: ReadonlyMap<string, PeriodForecast>;
    paths: DealPath[];
    /** `pathsById(paths)`, when the caller has it already. */
    pathOf?: PathLookup;
    /** The history `reconcile` indexed for its forecasts: its snapshots (cached by day) give the past pipelines. */
    history: PipelineHistory;
    /** Every deal as it stood on `asOf`. */
    pipeline: PipelineDeal[];
    /** The flags on deals open on `asOf`. */
    flags: readonly DealFlag[];
    benchmarks: Benchmarks | null;
    ownerNames: ReadonlyMap<string, string>;
}

/** Said when the source was not asked for quotas, logins or activities at all. */
const NOT_READ = 'the source was not read for quotas, logins or activities';

function tallyFlags(flags: readonly DealFlag[], pathOf: PathLookup): Map<string, FlagTally> {
    const byOwner = new Map<string, FlagTally>();
    for (const f of flags) {
        if (f.kind !== 'stale' && f.kind !== 'pastCloseDate') continue;
        const owner = pathOf.get(f.dealId)?.deal.ownerId;
        if (owner === undefined) continue;
        const t = byOwner.get(owner) ?? { stale: 0, pastClose: 0 };
        if (f.kind === 'stale') t.stale++;
        else t.pastClose++;
        byOwner.set(owner, t);
    }
    return byOwner;
}

/**
 * Per owner, the deals open at the end of `day` that were stale or past their close date then, by the
 * same rule `flagDeals` raises those flags with (`dateFlagFacts`): each deal in the stage and close date
 * it had then (the history's snapshot of that day, the same reading of the past the forecasts use, cached
 * by day) and with the visits it had entered by then. The thresholds (a stage's 90th percentile of days) are
 * today's benchmarks. Only these two flags are judged: the tally reads no other.
 */
function dateFlagsAt(
    history: PipelineHistory,
    pathOf: PathLookup,
    benchmarks: Benchmarks | null,
    day: string
): Map<string, FlagTally> {
    const dayEnd = endOfDay(day);
    const today = toDate(day);
    const byOwner = new Map<string, FlagTally>();
    // Read from the snapshot's columns: `open` would make an object of every open deal on every day.
    const snapshot = history.snapshot(day);
    for (let i = 0; i < snapshot.size; i++) {
        const path = pathOf.get(snapshot.id(i));
        if (!path) continue;
        const stage = snapshot.stage[i];
        const facts = dateFlagFacts(
            stageBenchmarkOf(benchmarks, stage),
            {
                stageName: stage,
                closeDate: snapshot.closeDate[i],
                createdDate: path.deal.createdDate,
                lastVisit: visitAt(path, dayEnd)
            },
            today
        );
        if (!facts.stale && !facts.pastClose) continue;
        const ownerId = snapshot.ownerId(i);
        const t = byOwner.get(ownerId) ?? { stale: 0, pastClose: 0 };
        if (facts.stale) t.stale++;
        if (facts.pastClose) t.pastClose++;
        byOwner.set(ownerId, t);
    }
    return byOwner;
}

export function reconcileKpis(dataset: Dataset, context: KpiContext): KpisSection {
    const { asOf, currentPeriod } = context;
    const performance = dataset.performance;
    const pathOf = context.pathOf ?? pathsById(context.paths);

    // Stale and past-close: the current period's from reconcile's own flags; a past period's by the
    // same rule on the deals as they stood at its end.
    const flags = new Map<string, Map<string, FlagTally>>();
    flags.set(currentPeriod.key, tallyFlags(context.flags, pathOf));
    for (const period of context.pastPeriods)
        flags.set(period.key, dateFlagsAt(context.history, pathOf, context.benchmarks, period.end));

    const deals: KpiDeal[] = context.pipeline.map((p) => {
        const path = pathOf.get(p.id);
        return {
            ownerId: p.ownerId,
            amount: p.amount,
            // The creation day the path's builder already read: the KPIs read no more of the date-time.
            createdDate: path ? pathTimes(path).createdDay : asOf,
            closeDate: p.closeDate,
            isClosed: p.isClosed,
            isWon: p.isWon
        };
    });
    const current = context.forecasts.get(currentPeriod.key) ?? null;
    const result = repKpis({
        asOf,
        periods: [
            ...context.pastPeriods.map((period) => ({ period, forecastByOwner: null })),
            {
                period: currentPeriod,
                forecastByOwner: current ? periodForecastGroups(current, 'owner') : null
            }
        ],
        deals,
        // Reps are the owners of a deal or a quota; other users (admins, integrations) get no row.
        owners: [
            ...new Set([...deals.map((d) => d.ownerId), ...(performance?.quotas ?? []).map((q) => q.ownerId)])
        ].map((id) => ({ id, name: context.ownerNames.get(id) ?? id })),
        quotas: performance?.quotas ?? null,
        lastLogins: new Map(Object.entries(performance?.lastLogins ?? {})),
        logins: performance?.logins ?? null,
        activities: performance?.activities ?? null,
        stageExits: stageExitsOf(dataset.process, context.paths),
        flags
    });

    const missing: Record<string, string> = performance ? { ...performance.missing } : { source: NOT_READ };
    if (result.quotasSpanningPeriods > 0)
        missing.quotasSpanningPeriods = `${result.quotasSpanningPeriods} quota record(s) span more than one period and were not used (a quota is matched to a period it lies wholly inside)`;
    if (current === null || current.adjusted === null)
        missing.forecast = `no adjusted forecast for ${currentPeriod.label}: forecast attainment and coverage are not computed`;
    return {
        period: currentPeriod.key,
        asOf,
        byOwner: result.byOwner,
        team: result.team,
        quotaSource: performance?.quotaSource ?? null,
        missing
    };
}
