/**
 * How the offline stores keep rows by key in a CSV (snapshots.csv, goal-results.csv, rep-kpis.csv):
 * a new row replaces the stored one with its key or joins them, and the file is rewritten sorted by
 * key, so a re-run with the same rows rewrites the same bytes.
 */
import fs from 'node:fs';
import path from 'node:path';
import { csvRecordsOfText } from '../dataExport/csvTokens';
import { toCsv, type CsvValue } from '../report/csv';

/** A CSV's rows by header name, as text; none when the file does not exist yet. */
export function readCsvRecords(file: string): Array<Record<string, string>> {
    if (!fs.existsSync(file)) return [];
    return csvRecordsOfText(fs.readFileSync(file, 'utf8').replace(/^\ufeff/, ''));
}

/**
 * Writes `stored` with `rows` merged in by `keyOf` to `file`; returns how many rows were new, how
 * many replaced a stored one, and how many the file now holds.
 */
export function writeMergedByKey<Row extends object>(
    file: string,
    columns: Array<keyof Row & string>,
    stored: Row[],
    rows: Row[],
    keyOf: (row: Row) => string
): { created: number; updated: number; total: number } {
    const merged = new Map(stored.map((row) => [keyOf(row), row]));
    let created = 0;
    let updated = 0;
    for (const row of rows) {
        const key = keyOf(row);
        if (merged.has(key)) updated += 1;
        else created += 1;
        merged.set(key, row);
    }
    const all = [...merged.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, row]) => row);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
        file,
        toCsv(
            columns,
            all.map((row) => columns.map((c) => row[c] as CsvValue))
        )
    );
    return { created, updated, total: all.length };
}
