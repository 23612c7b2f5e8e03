/** The KPIs per rep in one terminal line: the team against quota and the reps forecast to miss it. */
import { formatCompactAmount, formatCount, formatPercentValue, periodLabel } from '../core';
import type { Reconciliation } from '../reconciliation';

/** Forecast attainment below this is worth a manager's attention. */
export const AT_RISK_ATTAINMENT = 0.8;

export function kpisLine(rec: Reconciliation): string {
    const { kpis } = rec;
    const label = periodLabel(kpis.period, rec.spec);
    const team = kpis.team.find((t) => t.period === kpis.period);
    const reps = kpis.byOwner.filter((k) => k.period === kpis.period);
    const winRate = team
        ? `team win rate ${formatPercentValue(team.winRate)} (${formatCount(team.closedDeals)} closed)`
        : 'no deals';
    if (!team || team.quota === null)
        return `KPIs per rep, ${label}: no quotas (${Object.keys(kpis.missing).join(', ') || 'none found'}); ${winRate}`;
    const withForecast = reps.filter((k) => k.forecastAttainment !== null);
    const atRisk = withForecast
        .filter((k) => k.forecastAttainment! < AT_RISK_ATTAINMENT)
        .sort((a, b) => a.forecastAttainment! - b.forecastAttainment!);
    const risk =
        withForecast.length === 0
            ? 'no forecast attainment (no adjusted forecast)'
            : `${atRisk.length} of ${withForecast.length} reps forecast below ${formatPercentValue(AT_RISK_ATTAINMENT)} of quota${atRisk.length > 0 ? ` (${atRisk.map((k) => `${k.ownerName} ${formatPercentValue(k.forecastAttainment)}`).join(', ')})` : ''}`;
    return (
        `KPIs per rep, ${label}: team booked ${formatCompactAmount(team.booked)} of ${formatCompactAmount(team.quota)} quota (${formatPercentValue(team.attainment)}), ` +
        `forecast ${formatPercentValue(team.forecastAttainment)}; ${risk}; ${winRate}; quotas from ${kpis.quotaSource}`
    );
}
