/**
 * Where forecast snapshots are kept: `Stageplay_Forecast_Snapshot__c` in an org, or
 * `<out>/snapshots.csv` offline. Re-running on the same day replaces that day's rows (same keys).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Connection } from 'jsforce';
import { toCsv } from '../report/csv';
import { isMissingObject, queryAll } from './orgRecords';
import { SNAPSHOT_COLUMNS, SNAPSHOT_SOBJECT, toSnapshotRow, type SnapshotRow } from './snapshot';

export const SNAPSHOTS_CSV = 'snapshots.csv';

export function readSnapshotsCsv(file: string): SnapshotRow[] {
    if (!fs.existsSync(file)) return [];
    const records = parse(fs.readFileSync(file, 'utf8'), {
        columns: true,
        skip_empty_lines: true,
        bom: true
    }) as Array<Record<string, string>>;
    return records.map(toSnapshotRow).filter((r) => r.Snapshot_Key__c !== '');
}

/** Merges rows into the CSV by key; returns how many were new and how many replaced. */
export function writeSnapshotsCsv(
    file: string,
    rows: SnapshotRow[]
): { created: number; updated: number; total: number } {
    const existing = new Map(readSnapshotsCsv(file).map((r) => [r.Snapshot_Key__c, r]));
    let created = 0;
    let updated = 0;
    for (const row of rows) {
        if (existing.has(row.Snapshot_Key__c)) updated += 1;
        else created += 1;
        existing.set(row.Snapshot_Key__c, row);
    }
    const all = [...existing.values()].sort((a, b) => a.Snapshot_Key__c.localeCompare(b.Snapshot_Key__c));
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
        file,
        toCsv(
            SNAPSHOT_COLUMNS,
            all.map((r) => SNAPSHOT_COLUMNS.map((c) => r[c]))
        )
    );
    return { created, updated, total: all.length };
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
