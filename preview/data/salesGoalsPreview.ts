/**
 * The Sales Goals page's data as the org would serve it: the goal funnel and rep KPIs turned into the
 * rows `stageplay snapshot` publishes (the same mapping, src/ops/performanceRows.ts), then into what
 * `SalesGoalsController.getSalesGoals` returns to two viewers: a sales manager, whom the role
 * hierarchy shows every rep's line and the team totals, and one rep, whom private sharing shows their
 * own line only. The Apex stand-in looks the viewer's answer up; nothing is computed in the browser.
 */
import type { UserRecord } from '../../src/core';
import type { Performance } from '../../src/ops/publishPerformance';
import {
    goalResultRowOf,
    repKpiRowOf,
    type GoalResultRow,
    type RepKpiRow
} from '../../src/ops/performanceRows';
import type { PreviewSalesGoals } from './previewData';

/** `SalesGoalsController.GoalRow` from the published row: the same fields, under the DTO's names. */
function apexGoalRow(row: GoalResultRow): Record<string, unknown> {
    return {
        goal: row.Goal__c,
        label: row.Goal_Label__c,
        goalOrder: row.Goal_Order__c,
        customerValue: row.Customer_Value__c,
        measure: row.Measure__c,
        period: row.Period__c,
        asOf: row.As_Of__c,
        entered: row.Entered__c,
        converted: row.Converted__c,
        lost: row.Lost__c,
        conversionRate: row.Conversion_Rate__c,
        conversionLow: row.Conversion_Low__c,
        conversionHigh: row.Conversion_High__c,
        medianDays: row.Median_Days__c,
        valueCreated: row.Value_Created__c,
        target: row.Target__c,
        historyRate: row.History_Rate__c,
        historyPeriods: row.History_Periods__c,
        isBottleneck: row.Is_Bottleneck__c,
        worthInBookings: row.Worth_In_Bookings__c
    };
}

/** `SalesGoalsController.RepRow` from the published row. */
function apexRepRow(row: RepKpiRow): Record<string, unknown> {
    return {
        repId: row.Rep__c,
        repName: row.Rep_Name__c,
        period: row.Period__c,
        asOf: row.As_Of__c,
        quota: row.Quota__c,
        quotaSource: row.Quota_Source__c,
        booked: row.Booked__c,
        attainment: row.Attainment__c,
        forecastAttainment: row.Forecast_Attainment__c,
        coverage: row.Coverage__c,
        winRate: row.Win_Rate__c,
        closedDeals: row.Closed_Deals__c,
        avgDealSize: row.Avg_Deal_Size__c,
        cycleDays: row.Cycle_Days__c,
        velocity: row.Velocity__c,
        lastLogin: row.Last_Login__c,
        logins: row.Logins__c,
        opportunitiesCreated: row.Opportunities_Created__c,
        activitiesCompleted: row.Activities_Completed__c,
        activitiesDue: row.Activities_Due__c,
        parametersOnTime: row.Parameters_On_Time__c,
        staleDeals: row.Stale_Deals__c,
        pastCloseDeals: row.Past_Close_Deals__c
    };
}

/** The latest as-of date's rows of its latest period, as the controller's queries select them. */
function latest<Row extends { As_Of__c: string; Period__c: string }>(rows: Row[]): Row[] {
    const top = rows.reduce<Row | null>(
        (best, r) =>
            !best ||
            r.As_Of__c > best.As_Of__c ||
            (r.As_Of__c === best.As_Of__c && r.Period__c > best.Period__c)
                ? r
                : best,
        null
    );
    return top ? rows.filter((r) => r.As_Of__c === top.As_Of__c && r.Period__c === top.Period__c) : [];
}

function contextFor(
    userId: string,
    goals: GoalResultRow[],
    reps: RepKpiRow[],
    visible: (row: RepKpiRow) => boolean
): Record<string, unknown> {
    const goalRows = latest(goals).sort((a, b) => a.Goal_Order__c - b.Goal_Order__c);
    const repRows = latest(reps.filter(visible)).sort((a, b) => a.Rep_Name__c.localeCompare(b.Rep_Name__c));
    return {
        userId,
        goalsAccessible: true,
        kpisAccessible: true,
        goalsAsOf: goalRows[0]?.As_Of__c ?? null,
        goalsPeriod: goalRows[0]?.Period__c ?? null,
        goals: goalRows.map(apexGoalRow),
        kpisAsOf: repRows[0]?.As_Of__c ?? null,
        kpisPeriod: repRows[0]?.Period__c ?? null,
        reps: repRows.map(apexRepRow),
        seesTeam: repRows.some((r) => r.Rep__c !== null && r.Rep__c !== userId),
        truncated: false
    };
}

/**
 * The two viewers' answers. `manager` is a user above every rep in the role hierarchy (no line of
 * their own); `rep` is one of the reps.
 */
export function salesGoalsPreview(
    performance: Performance,
    manager: UserRecord,
    rep: UserRecord
): PreviewSalesGoals {
    const goals = performance.goals.map(goalResultRowOf);
    const reps = performance.kpis.map(repKpiRowOf);
    return {
        viewers: [
            {
                key: 'manager',
                label: `Sales manager (${manager.name}): the team`,
                context: contextFor(manager.id, goals, reps, () => true)
            },
            {
                key: 'rep',
                label: `Rep (${rep.name}): their own line`,
                context: contextFor(rep.id, goals, reps, (row) => row.Rep__c === rep.id)
            }
        ]
    };
}
