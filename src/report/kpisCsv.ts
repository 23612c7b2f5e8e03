/**
 * kpis-by-owner.csv: one row per rep (and one for the team) per period, with every KPI and adoption
 * figure as reconciliation.json has it (fractions 0..1, amounts as plain numbers; blank = no evidence).
 */
import type { PeriodSpec, RepKpi } from '../core';
import { periodLabel } from '../core';
import type { KpisSection } from '../reconciliation';
import { type CsvValue, itemsCsv, roundForCsv } from './csv';

export const KPIS_CSV = 'kpis-by-owner.csv';

const round = roundForCsv;

/** Each column by name with how its value is read from a rep's (or the team's) KPIs, in file order. */
function kpiColumns(spec: PeriodSpec): Record<string, (k: RepKpi) => CsvValue> {
    return {
        period: (k) => periodLabel(k.period, spec),
        period_key: (k) => k.period,
        as_of: (k) => k.asOf,
        owner_id: (k) => k.ownerId,
        owner: (k) => k.ownerName,
        quota: (k) => round(k.quota, 2),
        quota_source: (k) => k.quotaSource,
        booked: (k) => round(k.booked, 2),
        attainment: (k) => round(k.attainment, 4),
        forecast_attainment: (k) => round(k.forecastAttainment, 4),
        coverage: (k) => round(k.coverage, 4),
        win_rate: (k) => round(k.winRate, 4),
        closed_deals: (k) => k.closedDeals,
        avg_deal_size: (k) => round(k.avgDealSize, 2),
        cycle_days: (k) => round(k.cycleDays, 1),
        velocity_per_day: (k) => round(k.velocity, 2),
        last_login: (k) => k.adoption.lastLogin,
        logins: (k) => k.adoption.logins,
        opportunities_created: (k) => k.adoption.opportunitiesCreated,
        activities_completed: (k) => k.adoption.activitiesCompleted,
        activities_due: (k) => k.adoption.activitiesDue,
        parameters_on_time: (k) => round(k.adoption.parametersOnTime, 4),
        stage_exits: (k) => k.adoption.stageExits ?? null,
        stale_deals: (k) => k.adoption.staleDeals,
        past_close_deals: (k) => k.adoption.pastCloseDeals
    };
}

/** Periods oldest first; within a period the reps by name, then the team. */
export function kpisCsv(kpis: KpisSection, spec: PeriodSpec): string {
    const periods = [...new Set(kpis.team.map((t) => t.period))];
    const rows = periods.flatMap((period) => [
        ...kpis.byOwner.filter((k) => k.period === period),
        ...kpis.team.filter((k) => k.period === period)
    ]);
    return itemsCsv(rows, kpiColumns(spec));
}
