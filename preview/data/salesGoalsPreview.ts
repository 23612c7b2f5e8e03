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

/** A published field's words in camelCase, as the Apex DTOs name them: `Conversion_Rate__c` → `conversionRate`. */
function dtoName(field: string): string {
    const [first, ...rest] = field.replace(/__c$/, '').split('_');
    return first.toLowerCase() + rest.join('');
}

/**
 * A published row as `SalesGoalsController` returns it (its GoalRow or RepRow): every field under its
 * DTO name, but for the few the DTO names otherwise (`renamed`) and the row's own keys (`rowKeys`),
 * which the DTO does not carry.
 */
function apexRow<Row extends object>(
    row: Row,
    renamed: Record<string, string>,
    rowKeys: string[]
): Record<string, unknown> {
    const dto: Record<string, unknown> = {};
    for (const [field, value] of Object.entries(row)) {
        if (!rowKeys.includes(field)) dto[renamed[field] ?? dtoName(field)] = value;
    }
    return dto;
}

/** `SalesGoalsController.GoalRow` from the published row. */
const apexGoalRow = (row: GoalResultRow) =>
    apexRow(row, { Goal_Label__c: 'label' }, ['Name', 'Result_Key__c']);

/** `SalesGoalsController.RepRow` from the published row. */
const apexRepRow = (row: RepKpiRow) => apexRow(row, { Rep__c: 'repId' }, ['Name', 'Kpi_Key__c']);

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
