/**
 * kpis-by-owner.csv: one row per rep (and one for the team) per period, with every KPI and adoption
 * figure as reconciliation.json has it (fractions 0..1, amounts as plain numbers; blank = no evidence).
 */
import type { PeriodSpec, RepKpi } from '../core';
import { periodLabel } from '../core';
import type { KpisSection } from '../reconciliation';
import { type CsvValue, roundForCsv, toCsv } from './csv';

export const KPIS_CSV = 'kpis-by-owner.csv';

const COLUMNS = [
    'period',
    'period_key',
    'as_of',
    'owner_id',
    'owner',
    'quota',
    'quota_source',
    'booked',
    'attainment',
    'forecast_attainment',
    'coverage',
    'win_rate',
    'closed_deals',
    'avg_deal_size',
    'cycle_days',
    'velocity_per_day',
    'last_login',
    'logins',
    'opportunities_created',
    'activities_completed',
    'activities_due',
    'parameters_on_time',
    'stage_exits',
    'stale_deals',
    'past_close_deals'
];

const round = roundForCsv;

function row(k: RepKpi, spec: PeriodSpec): CsvValue[] {
    const a = k.adoption;
    return [
        periodLabel(k.period, spec),
        k.period,
        k.asOf,
        k.ownerId,
        k.ownerName,
        round(k.quota, 2),
        k.quotaSource,
        round(k.booked, 2),
        round(k.attainment, 4),
        round(k.forecastAttainment, 4),
        round(k.coverage, 4),
        round(k.winRate, 4),
        k.closedDeals,
        round(k.avgDealSize, 2),
        round(k.cycleDays, 1),
        round(k.velocity, 2),
        a.lastLogin,
        a.logins,
        a.opportunitiesCreated,
        a.activitiesCompleted,
        a.activitiesDue,
        round(a.parametersOnTime, 4),
        a.stageExits ?? null,
        a.staleDeals,
        a.pastCloseDeals
    ];
}

/** Periods oldest first; within a period the reps by name, then the team. */
export function kpisCsv(kpis: KpisSection, spec: PeriodSpec): string {
    const periods = [...new Set(kpis.team.map((t) => t.period))];
    const rows = periods.flatMap((period) => [
        ...kpis.byOwner.filter((k) => k.period === period).map((k) => row(k, spec)),
        ...kpis.team.filter((k) => k.period === period).map((k) => row(k, spec))
    ]);
    return toCsv(COLUMNS, rows);
}
