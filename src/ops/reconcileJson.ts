/**
 * The `--json` result of a reconciliation (reconcile and demo print the same one): the figures a CI
 * job reads, with the current period's adjusted forecast term by term, and where the report went.
 */
import path from 'node:path';
import type { Reconciliation } from '../reconciliation';
import { dataQualityJson } from '../report/dataQuality';

export function reconcileJson(rec: Reconciliation, written: { dir: string; files: string[] } | null) {
    const current = rec.forecast.byPeriod.find((r) => r.period === rec.currentPeriod.key) ?? null;
    const adjusted = rec.periodForecasts.find((f) => f.period === rec.currentPeriod.key) ?? null;
    return {
        asOf: rec.asOf,
        period: rec.spec,
        source: rec.source,
        counts: rec.counts,
        currentPeriod: {
            period: rec.currentPeriod.key,
            label: rec.currentPeriod.label,
            booked: current?.booked ?? 0,
            stated: (current?.booked ?? 0) + (current?.statedExpected ?? 0),
            adjusted: adjusted?.adjusted ?? null,
            range80: adjusted?.range80 ?? null,
            terms: {
                booked: adjusted?.booked ?? current?.booked ?? 0,
                openDeals: adjusted?.openDeals ?? null,
                openDealsDatedOutside: adjusted?.openDealsDatedOutside ?? null,
                notYetCreated: adjusted?.notYetCreated ?? null
            },
            basis: adjusted?.basis ?? null,
            adjustedUnavailable: adjusted?.unavailable ?? null,
            openAmount: current?.openAmount ?? 0,
            deals: current?.deals ?? 0
        },
        forecastByPeriod: rec.forecast.byPeriod,
        periodForecasts: rec.periodForecasts,
        accuracy: rec.accuracy,
        parameters: {
            strength: rec.benchmarks.damping,
            check: rec.benchmarks.parameterCheck ?? null,
            ruleDisagreements: rec.evidence.ruleDisagreements
        },
        calibration: {
            deals: rec.calibration.deals,
            brierNominal: rec.calibration.brierNominal,
            brierAdjusted: rec.calibration.brierAdjusted,
            eceNominal: rec.calibration.eceNominal,
            eceAdjusted: rec.calibration.eceAdjusted
        },
        flagCounts: rec.flagCounts,
        flaggedDeals: rec.deals.filter((d) => d.flags.length > 0).length,
        discipline: { overall: rec.discipline.overall, untouched: rec.discipline.untouched.length },
        goals: rec.goals,
        backtestUnavailable: rec.accuracy.backtestUnavailable,
        dataQuality: dataQualityJson(rec.dataQuality, rec.dataProblems),
        snapshots: rec.snapshots
            ? { rows: rec.snapshots.snapshots, compared: rec.snapshots.rows.length }
            : null,
        report: written
            ? { dir: written.dir, html: path.join(written.dir, 'report.html'), files: written.files }
            : null
    };
}
