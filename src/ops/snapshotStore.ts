/**
 * Where forecast snapshots are kept: `Stageplay_Forecast_Snapshot__c` in an org, or
 * `<out>/snapshots.csv` offline. Re-running on the same day replaces that day's rows (same keys).
 */
import path from 'node:path';
import type { Connection } from 'jsforce';
import { readCsvRecords, writeMergedByKey } from './csvByKey';
import { isMissingObject, queryAll } from './orgRecords';
import { SNAPSHOT_COLUMNS, SNAPSHOT_SOBJECT, toSnapshotRow, type SnapshotRow } from './snapshot';

export const SNAPSHOTS_CSV = 'snapshots.csv';

export function readSnapshotsCsv(file: string): SnapshotRow[] {
    return readCsvRecords(file)
        .map(toSnapshotRow)
        .filter((r) => r.Snapshot_Key__c !== '');
}

/** Merges rows into the CSV by key; returns how many were new and how many replaced. */
export function writeSnapshotsCsv(
    file: string,
    rows: SnapshotRow[]
): { created: number; updated: number; total: number } {
    return writeMergedByKey(file, SNAPSHOT_COLUMNS, readSnapshotsCsv(file), rows, (r) => r.Snapshot_Key__c);
}

export async function readOrgSnapshots(connection: Connection): Promise<SnapshotRow[]> {
    try {
        const rows = await queryAll<Record<string, unknown>>(
            connection,
            `SELECT ${SNAPSHOT_COLUMNS.join(', ')} FROM ${SNAPSHOT_SOBJECT}`
        );
        return rows.map(toSnapshotRow);
    } catch (err) {
        if (isMissingObject(err)) return [];
        throw err;
    }
}

/** Snapshots to compare a reconciliation with: the org's when reading an org, else `<out>/snapshots.csv`. */
export async function readStoredSnapshots(
    connection: Connection | null,
    outDir: string
): Promise<SnapshotRow[]> {
    if (connection) return readOrgSnapshots(connection);
    return readSnapshotsCsv(path.join(outDir, SNAPSHOTS_CSV));
}
