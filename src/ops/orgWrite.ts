/**
 * Writes through the org adapter with the bookkeeping every command needs: per-row failures kept
 * (and written to `<out>/failures-<command>.csv`), counts for the summary and the --json result.
 */
import path from 'node:path';
import type { Connection } from '@salesforce/core';
import { deleteRecords, upsertRecords, writeFailuresCsv } from '../org';

export interface RowFailure {
    sobject: string;
    operation: 'upsert' | 'delete';
    /** External id or record id of the row. */
    key: string;
    message: string;
}

export interface WriteTally {
    created: number;
    updated: number;
    deleted: number;
    failures: RowFailure[];
}

export function emptyTally(): WriteTally {
    return { created: 0, updated: 0, deleted: 0, failures: [] };
}

export async function upsertInto<Row extends object>(
    connection: Connection,
    sobject: string,
    externalIdField: string,
    rows: Row[],
    tally: WriteTally,
    onProgress?: (done: number) => void
): Promise<Array<{ key: string; id: string | null; success: boolean }>> {
    if (rows.length === 0) return [];
    const results = await upsertRecords(connection, sobject, externalIdField, rows, {
        onProgress: onProgress ? (p: { processed: number }) => onProgress(p.processed) : undefined
    });
    return results.map((r, index) => {
        const key = String((rows[index] as Record<string, unknown>)[externalIdField] ?? '');
        if (r.success) {
            if (r.created) tally.created += 1;
            else tally.updated += 1;
        } else {
            tally.failures.push({ sobject, operation: 'upsert', key, message: r.errors.join('; ') });
        }
        return { key, id: r.id ?? null, success: r.success };
    });
}

export async function deleteFrom(
    connection: Connection,
    sobject: string,
    rows: Array<{ id: string; key: string }>,
    tally: WriteTally
): Promise<void> {
    if (rows.length === 0) return;
    const results = await deleteRecords(
        connection,
        sobject,
        rows.map((r) => r.id)
    );
    results.forEach((r, index) => {
        if (r.success) tally.deleted += 1;
        else
            tally.failures.push({
                sobject,
                operation: 'delete',
                key: rows[index].key,
                message: r.errors.join('; ')
            });
    });
}

/** Writes `<out>/failures-<command>.csv` when there were failures; returns its path or null. */
export async function reportFailures(
    outDir: string,
    command: string,
    tally: WriteTally
): Promise<string | null> {
    if (tally.failures.length === 0) return null;
    const file = path.join(outDir, `failures-${command}.csv`);
    await writeFailuresCsv(file, tally.failures);
    return file;
}
