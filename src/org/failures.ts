/**
 * Per-row failures as a CSV an admin can open, fix and re-run from: one line per row and field at
 * fault, never a summary.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { RowError } from './upsert';

export interface FailureLine {
    /** The row's external id (or record id for deletes). */
    key: string;
    sobject: string;
    operation?: string;
    /** Field at fault, when the org named one. */
    field?: string | null;
    statusCode?: string | null;
    message: string;
}

export const FAILURES_CSV_COLUMNS = [
    'key',
    'sobject',
    'operation',
    'field',
    'statusCode',
    'message'
] as const;

/** One line per (row, error, field) of the failed results. */
export function failuresFromResults(
    sobject: string,
    results: Array<{ key: string; success: boolean; errors: string[]; details: RowError[] }>,
    operation = 'upsert'
): FailureLine[] {
    const lines: FailureLine[] = [];
    for (const r of results) {
        if (r.success) continue;
        if (!r.details.length) {
            lines.push({
                key: r.key,
                sobject,
                operation,
                field: null,
                statusCode: null,
                message: r.errors.join('; ')
            });
        }
        for (const d of r.details) {
            const fields = d.fields.length ? d.fields : [null];
            for (const field of fields) {
                lines.push({
                    key: r.key,
                    sobject,
                    operation,
                    field,
                    statusCode: d.statusCode,
                    message: d.message
                });
            }
        }
    }
    return lines;
}

/** Writes the failures CSV (creating its folder); an empty list still writes the header, so "no failures" is visible. */
export async function writeFailuresCsv(file: string, failures: FailureLine[]): Promise<void> {
    await fs.mkdir(path.dirname(file), { recursive: true });
    const text = stringifyCsv(
        [
            [...FAILURES_CSV_COLUMNS],
            ...failures.map((f) => [
                f.key,
                f.sobject,
                f.operation ?? '',
                f.field ?? '',
                f.statusCode ?? '',
                f.message
            ])
        ],
        { record_delimiter: 'unix' }
    );
    await fs.writeFile(file, text, 'utf8');
}
