/**
 * The goal funnel and rep KPIs as the org stores them: one `Stageplay_Goal_Result__c` row per goal ×
 * period × as-of date and one `Stageplay_Rep_Kpi__c` row per rep (or the team) × period × as-of date
 * (docs/DESIGN.md, "Org schema"). The same rows go to `goal-results.csv` / `rep-kpis.csv` offline.
 *
 * Rates: the core holds fractions 0..1, a Salesforce percent field holds 0..100. They are converted
 * here, once, on the way out (and in `c/stageplayApex` once on the way back into the component).
 */
import { TEAM_OWNER_ID, type GoalResult, type RepKpi } from '../core';
import { snapshotRecordName } from './snapshot';

export const GOAL_RESULT_SOBJECT = 'Stageplay_Goal_Result__c';
export const GOAL_RESULT_KEY_FIELD = 'Result_Key__c';
export const REP_KPI_SOBJECT = 'Stageplay_Rep_Kpi__c';
export const REP_KPI_KEY_FIELD = 'Kpi_Key__c';

export interface GoalResultRow {
    Name: string;
    Result_Key__c: string;
    Goal__c: string;
    Goal_Label__c: string;
    Goal_Order__c: number;
    Customer_Value__c: string;
    Measure__c: string;
    Period__c: string;
    As_Of__c: string;
    Entered__c: number;
    Converted__c: number;
    Lost__c: number;
    Conversion_Rate__c: number | null;
    Conversion_Low__c: number | null;
    Conversion_High__c: number | null;
    Median_Days__c: number | null;
    Value_Created__c: number;
    Target__c: number | null;
    History_Rate__c: number | null;
    History_Periods__c: number;
    Is_Bottleneck__c: boolean;
    Worth_In_Bookings__c: number | null;
}

export interface RepKpiRow {
    Name: string;
    Kpi_Key__c: string;
    /** The rep's user id; null on the team totals. */
    Rep__c: string | null;
    Rep_Name__c: string;
    Period__c: string;
    As_Of__c: string;
    Quota__c: number | null;
    Quota_Source__c: string | null;
    Booked__c: number;
    Attainment__c: number | null;
    Forecast_Attainment__c: number | null;
    Coverage__c: number | null;
    Win_Rate__c: number | null;
    Closed_Deals__c: number;
    Avg_Deal_Size__c: number | null;
    Cycle_Days__c: number | null;
    Velocity__c: number | null;
    Last_Login__c: string | null;
    Logins__c: number | null;
    Opportunities_Created__c: number;
    Activities_Completed__c: number | null;
    Activities_Due__c: number | null;
    Parameters_On_Time__c: number | null;
    Stale_Deals__c: number;
    Past_Close_Deals__c: number;
}

export const GOAL_RESULT_COLUMNS: Array<keyof GoalResultRow> = [
    'Result_Key__c',
    'Name',
    'Goal__c',
    'Goal_Label__c',
    'Goal_Order__c',
    'Customer_Value__c',
    'Measure__c',
    'Period__c',
    'As_Of__c',
    'Entered__c',
    'Converted__c',
    'Lost__c',
    'Conversion_Rate__c',
    'Conversion_Low__c',
    'Conversion_High__c',
    'Median_Days__c',
    'Value_Created__c',
    'Target__c',
    'History_Rate__c',
    'History_Periods__c',
    'Is_Bottleneck__c',
    'Worth_In_Bookings__c'
];

export const REP_KPI_COLUMNS: Array<keyof RepKpiRow> = [
    'Kpi_Key__c',
    'Name',
    'Rep__c',
    'Rep_Name__c',
    'Period__c',
    'As_Of__c',
    'Quota__c',
    'Quota_Source__c',
    'Booked__c',
    'Attainment__c',
    'Forecast_Attainment__c',
    'Coverage__c',
    'Win_Rate__c',
    'Closed_Deals__c',
    'Avg_Deal_Size__c',
    'Cycle_Days__c',
    'Velocity__c',
    'Last_Login__c',
    'Logins__c',
    'Opportunities_Created__c',
    'Activities_Completed__c',
    'Activities_Due__c',
    'Parameters_On_Time__c',
    'Stale_Deals__c',
    'Past_Close_Deals__c'
];

export function goalResultKey(goal: string, period: string, asOf: string): string {
    return `${goal}|${period}|${asOf}`;
}

export function repKpiKey(ownerId: string, period: string, asOf: string): string {
    return `${ownerId}|${period}|${asOf}`;
}

/** A fraction 0..1 as a Salesforce percent 0..100, at the field's two decimals; null stays null. */
export function toPercentField(fraction: number | null): number | null {
    return fraction === null ? null : Math.round(fraction * 10000) / 100;
}

const money = (n: number) => Math.round(n * 100) / 100;

function moneyOrNull(n: number | null): number | null {
    return n === null ? null : money(n);
}

function oneDecimalOrNull(n: number | null): number | null {
    return n === null ? null : Math.round(n * 10) / 10;
}

export function goalResultRowOf(g: GoalResult): GoalResultRow {
    return {
        Name: snapshotRecordName({ As_Of__c: g.asOf, Period__c: g.period, Group_Label__c: g.label }),
        Result_Key__c: goalResultKey(g.goal, g.period, g.asOf),
        Goal__c: g.goal,
        Goal_Label__c: g.label,
        Goal_Order__c: g.order,
        Customer_Value__c: g.customerValue,
        Measure__c: g.measure,
        Period__c: g.period,
        As_Of__c: g.asOf,
        Entered__c: g.entered,
        Converted__c: g.converted,
        Lost__c: g.lost,
        Conversion_Rate__c: toPercentField(g.conversionRate),
        Conversion_Low__c: toPercentField(g.conversionInterval95?.[0] ?? null),
        Conversion_High__c: toPercentField(g.conversionInterval95?.[1] ?? null),
        Median_Days__c: oneDecimalOrNull(g.medianDays),
        Value_Created__c: money(g.valueCreated),
        Target__c: toPercentField(g.target),
        History_Rate__c: toPercentField(g.historyRate),
        History_Periods__c: g.historyPeriods,
        Is_Bottleneck__c: g.bottleneck,
        Worth_In_Bookings__c: moneyOrNull(g.worthInBookings)
    };
}

export function repKpiRowOf(k: RepKpi): RepKpiRow {
    const team = k.ownerId === TEAM_OWNER_ID;
    const a = k.adoption;
    return {
        Name: snapshotRecordName({ As_Of__c: k.asOf, Period__c: k.period, Group_Label__c: k.ownerName }),
        Kpi_Key__c: repKpiKey(k.ownerId, k.period, k.asOf),
        Rep__c: team ? null : k.ownerId,
        Rep_Name__c: k.ownerName,
        Period__c: k.period,
        As_Of__c: k.asOf,
        Quota__c: moneyOrNull(k.quota),
        Quota_Source__c: k.quotaSource,
        Booked__c: money(k.booked),
        Attainment__c: toPercentField(k.attainment),
        Forecast_Attainment__c: toPercentField(k.forecastAttainment),
        Coverage__c: toPercentField(k.coverage),
        Win_Rate__c: toPercentField(k.winRate),
        Closed_Deals__c: k.closedDeals,
        Avg_Deal_Size__c: moneyOrNull(k.avgDealSize),
        Cycle_Days__c: oneDecimalOrNull(k.cycleDays),
        Velocity__c: moneyOrNull(k.velocity),
        Last_Login__c: a.lastLogin,
        Logins__c: a.logins,
        Opportunities_Created__c: a.opportunitiesCreated,
        Activities_Completed__c: a.activitiesCompleted,
        Activities_Due__c: a.activitiesDue,
        Parameters_On_Time__c: toPercentField(a.parametersOnTime),
        Stale_Deals__c: a.staleDeals,
        Past_Close_Deals__c: a.pastCloseDeals
    };
}
