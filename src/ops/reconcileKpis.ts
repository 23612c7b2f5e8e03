/**
 * KPIs and adoption per rep and team for the reconciliation (issue 12): the current period and the
 * past periods the backtest uses, from the same pipeline, period forecast and flags `reconcile`
 * computed, so "adjusted" and "stale" mean here exactly what they mean in the rest of the report.
 */
import type {
    Benchmarks,
    DealFlag,
    DealPath,
    FlagTally,
    KpiDeal,
    Period,
    PeriodForecast,
    PipelineDeal
} from '../core';
import { flagDeals, periodForecastGroups, pipelineAsOf, repKpis, stageExitsOf } from '../core';
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
    /** Every deal as it stood on `asOf`. */
    pipeline: PipelineDeal[];
    /** The flags on deals open on `asOf`. */
    flags: readonly DealFlag[];
    benchmarks: Benchmarks | null;
    ownerNames: ReadonlyMap<string, string>;
}

/** Said when the source was not asked for quotas, logins or activities at all. */
const NOT_READ = 'the source was not read for quotas, logins or activities';

function tallyFlags(
    flags: readonly DealFlag[],
    ownerOf: ReadonlyMap<string, string>
): Map<string, FlagTally> {
    const byOwner = new Map<string, FlagTally>();
    for (const f of flags) {
        if (f.kind !== 'stale' && f.kind !== 'pastCloseDate') continue;
        const owner = ownerOf.get(f.dealId);
        if (owner === undefined) continue;
        const t = byOwner.get(owner) ?? { stale: 0, pastClose: 0 };
        if (f.kind === 'stale') t.stale++;
        else t.pastClose++;
        byOwner.set(owner, t);
    }
    return byOwner;
}

/**
 * The deals open at the end of `day`, as they stood then (stage, close date, values, the visits and
 * close-date changes known by then), so that the core's flags judge them as they would have that day.
 * The thresholds (a stage's 90th percentile of days) are today's benchmarks.
 */
function pathsOpenAt(paths: readonly DealPath[], day: string): DealPath[] {
    const limit = `${day}T23:59:59.999Z`;
    const then = new Map(pipelineAsOf(paths, day).map((p) => [p.id, p]));
    const open: DealPath[] = [];
    for (const path of paths) {
        const p = then.get(path.deal.id);
        if (!p || p.isClosed) continue;
        const visits = path.visits
            .filter((v) => v.enteredAt <= limit)
            .map((v) => (v.exitedAt !== null && v.exitedAt > limit ? { ...v, exitedAt: null } : v));
        open.push({
            ...path,
            deal: {
                ...path.deal,
                stageName: p.stageName,
                amount: p.amount,
                closeDate: p.closeDate,
                probability: p.probability,
                forecastCategory: p.forecastCategory ?? path.deal.forecastCategory,
                isClosed: false,
                isWon: false,
                fields: p.values
            },
            visits,
            closeDateChanges: path.closeDateChanges.filter((c) => c.at <= limit),
            outcome: 'open',
            closedAt: null
        });
    }
    return open;
}

export function reconcileKpis(dataset: Dataset, context: KpiContext): KpisSection {
    const { asOf, currentPeriod } = context;
    const performance = dataset.performance;
    const ownerOf = new Map(context.paths.map((p) => [p.deal.id, p.deal.ownerId]));
    const createdOf = new Map(context.paths.map((p) => [p.deal.id, p.deal.createdDate]));

    // Stale and past-close: the current period's from reconcile's own flags; a past period's from the
    // same flags raised on the deals as they stood at its end.
    const flags = new Map<string, Map<string, FlagTally>>();
    flags.set(currentPeriod.key, tallyFlags(context.flags, ownerOf));
    for (const period of context.pastPeriods)
        flags.set(
            period.key,
            tallyFlags(
                flagDeals(
                    dataset.process,
                    context.benchmarks,
                    pathsOpenAt(context.paths, period.end),
                    period.end
                ),
                ownerOf
            )
        );

    const deals: KpiDeal[] = context.pipeline.map((p) => ({
        ownerId: p.ownerId,
        amount: p.amount,
        createdDate: createdOf.get(p.id) ?? asOf,
        closeDate: p.closeDate,
        isClosed: p.isClosed,
        isWon: p.isWon
    }));
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
