/**
 * Streaming access to one CSV file of a Data Export: rows arrive one at a time with the physical
 * line they start on, so a problem can point at the exact place in a file of millions of rows.
 */
import { createReadStream } from 'node:fs';
import { access, open } from 'node:fs/promises';
import { basename } from 'node:path';
import { CsvError, parse } from 'csv-parse';
import { DataExportError } from './errors';

export interface CsvRow {
    /** 1-based physical line the record starts on (the header is line 1). */
    line: number;
    /** The cell under a column, matched case-insensitively; undefined when the file lacks the column. */
    get(column: string): string | undefined;
    /** How many cells the row had, to spot rows broken by a stray delimiter or quote. */
    cellCount: number;
}

export interface CsvHeader {
    file: string;
    columns: string[];
    has(column: string): boolean;
}

export async function fileExists(path: string): Promise<boolean> {
    try {
        await access(path);
        return true;
    } catch {
        return false;
    }
}

const LINE_BREAK = /\r\n|\r|\n/g;

/** Bytes looked at to tell UTF-8 from ISO-8859-1. */
const ENCODING_SAMPLE_BYTES = 1 << 20;

/**
 * Salesforce's Data Export page offers ISO-8859-1 (its long-standing default) as well as UTF-8.
 * A file with a UTF-8 byte-order mark, or whose first megabyte decodes as UTF-8, is UTF-8; anything
 * else is read as ISO-8859-1, so accented names come through instead of turning into U+FFFD.
 */
export async function detectEncoding(path: string): Promise<'utf8' | 'latin1'> {
    const handle = await open(path, 'r');
    try {
        const sample = Buffer.alloc(ENCODING_SAMPLE_BYTES);
        const { bytesRead } = await handle.read(sample, 0, ENCODING_SAMPLE_BYTES, 0);
        const bytes = sample.subarray(0, bytesRead);
        if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return 'utf8';
        // A full sample may end inside a multi-byte character: leave its last bytes out of the test.
        let end = bytes.length;
        if (bytesRead === ENCODING_SAMPLE_BYTES) {
            while (end > bytes.length - 4 && (bytes[end - 1] & 0xc0) === 0x80) end--;
            if (end > 0 && bytes[end - 1] >= 0xc0) end--;
        }
        try {
            new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, end));
            return 'utf8';
        } catch {
            return 'latin1';
        }
    } finally {
        await handle.close();
    }
}

function lineBreaksIn(cells: string[]): number {
    let count = 0;
    for (const cell of cells) {
        if (cell.length > 0 && (cell.includes('\n') || cell.includes('\r'))) {
            count += cell.match(LINE_BREAK)?.length ?? 0;
        }
    }
    return count;
}

/** The first line of a file (up to 64 kB), for diagnosing a file the parser rejects. */
async function firstLine(path: string): Promise<string> {
    const handle = await open(path, 'r');
    try {
        const buffer = Buffer.alloc(1 << 16);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        return (
            buffer
                .subarray(0, bytesRead)
                .toString('latin1')
                .split(/\r\n|\r|\n/)[0] ?? ''
        );
    } finally {
        await handle.close();
    }
}

/**
 * Spreadsheets in many locales save "CSV" with semicolons or tabs. Said plainly, that is the fix a
 * user needs; the parser's complaint about a quote is not.
 */
export function delimiterDiagnosis(headerLine: string): string {
    const count = (ch: string) => headerLine.split(ch).length - 1;
    const commas = count(',');
    if (count(';') > commas)
        return ': it looks semicolon-separated; Data Export files are comma-separated (re-save as CSV with commas)';
    if (count('\t') > commas)
        return ': it looks tab-separated; Data Export files are comma-separated (re-save as CSV with commas)';
    return '';
}

/**
 * Reads `path` row by row. The header is checked against `required` before any row is read, so a
 * wrong file fails fast, naming the file and the first missing column.
 */
export async function* readCsvRows(
    path: string,
    required: readonly string[],
    onHeader?: (header: CsvHeader) => void
): AsyncGenerator<CsvRow> {
    const file = basename(path);
    const encoding = await detectEncoding(path);
    const source = createReadStream(path);
    const parser = source.pipe(
        parse({
            bom: true,
            encoding,
            // Files touched by Excel or a Unix tool may mix line endings; a real export uses CRLF.
            record_delimiter: ['\r\n', '\n', '\r'],
            relax_column_count: true
        })
    );
    let index: Map<string, number> | null = null;
    let nextLine = 1;
    try {
        for await (const cells of parser as AsyncIterable<string[]>) {
            const line = nextLine;
            nextLine += 1 + lineBreaksIn(cells);
            if (index === null) {
                index = new Map();
                cells.forEach((name, i) => {
                    const key = name.trim().toLowerCase();
                    if (!index!.has(key)) index!.set(key, i);
                });
                for (const column of required) {
                    if (!index.has(column.toLowerCase())) {
                        throw new DataExportError(
                            file,
                            `required column "${column}" is missing from the header${delimiterDiagnosis(cells.join(','))}`,
                            {
                                column,
                                line: 1
                            }
                        );
                    }
                }
                const columns = cells.map((c) => c.trim());
                const headerIndex = index;
                onHeader?.({ file, columns, has: (column) => headerIndex.has(column.toLowerCase()) });
                continue;
            }
            if (cells.length === 1 && cells[0] === '') continue; // blank line
            const headerIndex = index;
            yield {
                line,
                cellCount: cells.length,
                get: (column: string) => {
                    const i = headerIndex.get(column.toLowerCase());
                    return i === undefined ? undefined : cells[i];
                }
            };
        }
    } catch (err) {
        if (err instanceof CsvError) {
            const at = (err as CsvError & { lines?: number }).lines;
            const diagnosis = delimiterDiagnosis(await firstLine(path));
            // The parser's own words ("Invalid Closing Quote: got ;") are kept last, for whoever needs them.
            throw new DataExportError(
                file,
                diagnosis
                    ? `is not readable as CSV${diagnosis} (parser: ${err.message})`
                    : `the file is not valid CSV (${err.message})`,
                { line: at ?? null }
            );
        }
        throw err;
    } finally {
        // A consumer that stops early (a fatal header problem) must not leave the file open.
        parser.destroy();
        source.destroy();
    }
    if (index === null)
        throw new DataExportError(file, 'the file is empty: expected a header row of field API names');
}
