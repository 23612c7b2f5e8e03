/**
 * The published goal funnel and rep KPIs (`SalesGoalsController.getSalesGoals`) read back into the
 * core's `GoalResult` / `RepKpi`: Salesforce percents (0..100) become fractions once, here, as the
 * publisher turned fractions into percents once on the way in (src/ops/performanceRows.ts). A rep
 * row without a rep is the team totals (`ownerId` `team`, as in reconciliation.json).
 */
import type { ApexGoalRow, ApexRepRow } from '@salesforce/apex/SalesGoalsController.getSalesGoals';
import { TEAM_OWNER_ID, type GoalResult, type QuotaSource, type RepKpi } from 'c/stageplayCore';

const QUOTA_SOURCES: readonly QuotaSource[] = ['ForecastingQuota', 'Stageplay_Quota__c', 'csv'];

function fraction(percent: number | null | undefined): number | null {
    return typeof percent === 'number' && Number.isFinite(percent) ? percent / 100 : null;
}

function numberOrNull(value: number | null | undefined): number | null {
    return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/** A count the row must carry; a blank one counts as 0 (nothing was counted). */
function count(value: number | null | undefined): number {
    return numberOrNull(value) ?? 0;
}

function quotaSourceOf(value: string | null): QuotaSource | null {
    return QUOTA_SOURCES.find((s) => s === value) ?? null;
}

export function toGoalResult(row: ApexGoalRow): GoalResult {
    const low = fraction(row.conversionLow);
    const high = fraction(row.conversionHigh);
    return {
        goal: row.goal,
        label: row.label ?? row.goal,
        order: count(row.goalOrder),
        customerValue: row.customerValue ?? '',
        measure: row.measure ?? '',
        period: row.period,
        asOf: row.asOf,
        entered: count(row.entered),
        converted: count(row.converted),
        lost: count(row.lost),
        conversionRate: fraction(row.conversionRate),
        conversionInterval95: low !== null && high !== null ? [low, high] : null,
        medianDays: numberOrNull(row.medianDays),
        valueCreated: count(row.valueCreated),
        target: fraction(row.target),
        historyRate: fraction(row.historyRate),
        historyPeriods: count(row.historyPeriods),
        bottleneck: row.isBottleneck === true,
        worthInBookings: numberOrNull(row.worthInBookings)
    };
}

export function toRepKpi(row: ApexRepRow): RepKpi {
    return {
        ownerId: row.repId ?? TEAM_OWNER_ID,
        ownerName: row.repName ?? (row.repId === null ? 'Team' : row.repId),
        period: row.period,
        asOf: row.asOf,
        quota: numberOrNull(row.quota),
        quotaSource: quotaSourceOf(row.quotaSource),
        booked: count(row.booked),
        attainment: fraction(row.attainment),
        forecastAttainment: fraction(row.forecastAttainment),
        coverage: fraction(row.coverage),
        winRate: fraction(row.winRate),
        closedDeals: count(row.closedDeals),
        avgDealSize: numberOrNull(row.avgDealSize),
        cycleDays: numberOrNull(row.cycleDays),
        velocity: numberOrNull(row.velocity),
        adoption: {
            lastLogin: row.lastLogin,
            logins: numberOrNull(row.logins),
            opportunitiesCreated: count(row.opportunitiesCreated),
            activitiesCompleted: numberOrNull(row.activitiesCompleted),
            activitiesDue: numberOrNull(row.activitiesDue),
            parametersOnTime: fraction(row.parametersOnTime),
            staleDeals: count(row.staleDeals),
            pastCloseDeals: count(row.pastCloseDeals)
        }
    };
}
