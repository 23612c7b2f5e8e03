/**
 * Writes through the org adapter with the bookkeeping every command needs: per-row failures kept
 * (one line per row and field at fault, written to `<out>/failures-<command>.csv`) and counts for the
 * summary and the --json result.
 */
import path from 'node:path';
import type { Connection } from 'jsforce';
import {
    deleteRecords,
    failuresFromResults,
    upsertRecords,
    writeFailuresCsv,
    type FailureLine
} from '../org';
import type { Reporter } from '../output';

export interface WriteTally {
    created: number;
    updated: number;
    deleted: number;
    /** Rows (by key) that failed. */
    failedKeys: Set<string>;
    failures: FailureLine[];
}

export function emptyTally(): WriteTally {
    return { created: 0, updated: 0, deleted: 0, failedKeys: new Set(), failures: [] };
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
    const results = await upsertRecords(
        connection,
        sobject,
        externalIdField,
        rows as unknown as Array<Record<string, unknown>>,
        { onProgress: onProgress ? (p) => onProgress(p.processed) : undefined }
    );
    for (const r of results) {
        if (r.success) {
            if (r.created) tally.created += 1;
            else tally.updated += 1;
        } else {
            tally.failedKeys.add(r.key);
        }
    }
    tally.failures.push(...failuresFromResults(sobject, results));
    return results.map((r) => ({ key: r.key, id: r.id, success: r.success }));
}

/** `upsertInto` behind a progress bar named `shown.label` (silent where the output is not a terminal). */
export async function upsertWithProgress<Row extends object>(
    connection: Connection,
    sobject: string,
    externalIdField: string,
    rows: Row[],
    tally: WriteTally,
    shown: { reporter: Reporter; label: string }
): Promise<Array<{ key: string; id: string | null; success: boolean }>> {
    const bar = shown.reporter.progress(shown.label, rows.length);
    const results = await upsertInto(connection, sobject, externalIdField, rows, tally, (n) => bar.update(n));
    bar.stop();
    return results;
}

/** One of Stageplay's own objects: its rows are upserted by their key and named for list views. */
export interface StageplayObject<Row> {
    sobject: string;
    keyField: string;
    /** The record's Name (Text 80) as a person reads it in list views and reports. */
    nameOf: (row: Row) => string;
}

/** `upsertWithProgress` of rows of one of Stageplay's own objects, each with its Name. */
export async function upsertNamedRows<Row extends object>(
    connection: Connection,
    object: StageplayObject<Row>,
    rows: Row[],
    tally: WriteTally,
    shown: { reporter: Reporter; label: string }
): Promise<void> {
    const named = rows.map((row) => ({ ...row, Name: object.nameOf(row) }));
    await upsertWithProgress(connection, object.sobject, object.keyField, named, tally, shown);
}

export async function deleteFrom(
    connection: Connection,
    sobject: string,
    rows: Array<{ Id: string } & Record<string, unknown>>,
    keyField: string,
    tally: WriteTally
): Promise<void> {
    if (rows.length === 0) return;
    // The adapter re-reads each record's Stageplay key in the org and refuses to delete anything unmarked.
    const results = await deleteRecords(connection, sobject, rows);
    const keyOf = new Map(rows.map((r) => [r.Id, String(r[keyField] ?? r.Id)]));
    for (const r of results) {
        if (r.success) {
            if (!r.alreadyDeleted) tally.deleted += 1;
        } else {
            tally.failedKeys.add(keyOf.get(r.id) ?? r.id);
            for (const d of r.details.length > 0
                ? r.details
                : [{ statusCode: '', message: r.errors.join('; '), fields: [] }]) {
                tally.failures.push({
                    key: keyOf.get(r.id) ?? r.id,
                    sobject,
                    operation: 'delete',
                    field: d.fields[0] ?? null,
                    statusCode: d.statusCode || null,
                    message: d.message
                });
            }
        }
    }
}

/** Writes `<out>/failures-<command>.csv` when rows failed; returns its path or null. */
export async function reportFailures(
    outDir: string,
    command: string,
    tally: WriteTally
): Promise<string | null> {
    if (tally.failedKeys.size === 0) return null;
    const file = path.join(outDir, `failures-${command}.csv`);
    await writeFailuresCsv(file, tally.failures);
    return file;
}
