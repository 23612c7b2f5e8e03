/**
 * Publishes the goal funnel and rep KPIs where the `salesGoals` component reads them: upserted by
 * external id into `Stageplay_Goal_Result__c` / `Stageplay_Rep_Kpi__c` in an org (failures kept row
 * by row), or merged by key into `<out>/goal-results.csv` / `<out>/rep-kpis.csv` offline, next to
 * snapshots.csv. Re-publishing the same as-of date replaces that date's rows and changes nothing else.
 *
 * A rep's row is owned by the rep (`OwnerId`): the object's sharing is private, so a rep sees their
 * own line and the role hierarchy shows a manager the lines of the reps below them. The team totals
 * stay with the publishing user.
 */
import path from 'node:path';
import type { Connection } from 'jsforce';
import type { GoalResult, PeriodSpec, RepKpi } from '../core';
import type { Dataset } from '../dataset';
import { UsageError } from '../errors';
import type { Reporter } from '../output';
import type { CsvValue } from '../report/csv';
import { readCsvRecords, writeMergedByKey } from './csvByKey';
import { isMissingObject } from './orgRecords';
import { emptyTally, reportFailures, upsertInto, type WriteTally } from './orgWrite';
import {
    GOAL_RESULT_COLUMNS,
    GOAL_RESULT_KEY_FIELD,
    GOAL_RESULT_SOBJECT,
    REP_KPI_COLUMNS,
    REP_KPI_KEY_FIELD,
    REP_KPI_SOBJECT,
    goalResultRowOf,
    repKpiRowOf
} from './performanceRows';

export const GOAL_RESULTS_CSV = 'goal-results.csv';
export const REP_KPIS_CSV = 'rep-kpis.csv';

/** What is published for one as-of date: every goal row (current and past periods) and every rep and team row. */
export interface Performance {
    goals: GoalResult[];
    kpis: RepKpi[];
}

/**
 * Where `stageplay snapshot` gets the goal funnel and KPIs from: the seam between the snapshot and
 * the computations that build them from history. Null publishes nothing.
 */
export type PerformanceAsOf = (dataset: Dataset, asOf: string, spec: PeriodSpec) => Performance | null;

export interface PublishedRows {
    rows: number;
    created: number;
    updated: number;
}

export interface PublishedPerformance {
    goalResults: PublishedRows;
    repKpis: PublishedRows;
    /** Rows the org rejected (their keys), 0 offline. */
    failures: number;
    /** `failures-snapshot-performance.csv` when a row failed. */
    failuresFile: string | null;
    /** The CSV files written offline; null for an org. */
    files: { goalResults: string; repKpis: string } | null;
    tally: WriteTally;
}

/** Merges rows into a CSV by their key column (the first column); a re-run with the same rows rewrites the same bytes. */
export function mergeCsvByKey<Row extends object>(
    file: string,
    columns: Array<keyof Row & string>,
    rows: Row[]
): PublishedRows {
    const key = columns[0];
    // Stored rows are written back as they were read, text for text.
    const stored = readCsvRecords(file).filter((r) => r[key]) as unknown as Row[];
    const { created, updated } = writeMergedByKey(file, columns, stored, rows, (row) =>
        String((row as Record<string, CsvValue>)[key])
    );
    return { rows: rows.length, created, updated };
}

async function upsertCounted<Row extends object>(
    connection: Connection,
    sobject: string,
    keyField: string,
    rows: Row[],
    tally: WriteTally
): Promise<PublishedRows> {
    const before = { created: tally.created, updated: tally.updated };
    try {
        await upsertInto(connection, sobject, keyField, rows, tally);
    } catch (err) {
        if (isMissingObject(err))
            throw new UsageError(`${sobject} is not in the org: deploy Stageplay first.`);
        throw err;
    }
    return {
        rows: rows.length,
        created: tally.created - before.created,
        updated: tally.updated - before.updated
    };
}

export async function publishPerformance(
    connection: Connection | null,
    performance: Performance,
    outDir: string,
    reporter: Reporter
): Promise<PublishedPerformance> {
    const goalRows = performance.goals.map(goalResultRowOf);
    const kpiRows = performance.kpis.map(repKpiRowOf);
    const tally = emptyTally();
    if (!connection) {
        const files = {
            goalResults: path.join(outDir, GOAL_RESULTS_CSV),
            repKpis: path.join(outDir, REP_KPIS_CSV)
        };
        const goalResults = mergeCsvByKey(files.goalResults, GOAL_RESULT_COLUMNS, goalRows);
        const repKpis = mergeCsvByKey(files.repKpis, REP_KPI_COLUMNS, kpiRows);
        reporter.info(
            `Wrote ${files.goalResults} (${goalResults.created} new, ${goalResults.updated} replaced) and ${files.repKpis} (${repKpis.created} new, ${repKpis.updated} replaced).`
        );
        return { goalResults, repKpis, failures: 0, failuresFile: null, files, tally };
    }
    const goalResults = await upsertCounted(
        connection,
        GOAL_RESULT_SOBJECT,
        GOAL_RESULT_KEY_FIELD,
        goalRows,
        tally
    );
    // The rep owns their row, so private sharing and the role hierarchy decide who sees it.
    const ownedKpiRows = kpiRows.map((r) => (r.Rep__c === null ? r : { ...r, OwnerId: r.Rep__c }));
    const repKpis = await upsertCounted(connection, REP_KPI_SOBJECT, REP_KPI_KEY_FIELD, ownedKpiRows, tally);
    const failuresFile = await reportFailures(outDir, 'snapshot-performance', tally);
    reporter.info(
        `Upserted goal results (${goalResults.created} new, ${goalResults.updated} existing) and rep KPIs (${repKpis.created} new, ${repKpis.updated} existing)${tally.failedKeys.size > 0 ? `; ${tally.failedKeys.size} rows failed, see ${failuresFile}` : ''}.`
    );
    return { goalResults, repKpis, failures: tally.failedKeys.size, failuresFile, files: null, tally };
}
