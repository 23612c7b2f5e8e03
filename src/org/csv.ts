/**
 * A CSV reader for the pages Bulk API 2.0 returns (RFC 4180: comma-separated, double-quoted cells,
 * `""` for a quote, LF or CRLF line ends). Hand-written because it is the adapter's hot path: a
 * large org is millions of cells, and a general-purpose parser spends most of its time on options
 * the API never uses.
 */

export class CsvFormatError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'CsvFormatError';
    }
}

/** Parses a whole page into rows of cells; the first row is the header. */
export function parseCsvRows(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [];
    let i = 0;
    const n = text.length;
    while (i < n) {
        let cell: string;
        if (text.charCodeAt(i) === 34 /* " */) {
            let j = i + 1;
            let value = '';
            for (;;) {
                const q = text.indexOf('"', j);
                if (q < 0) throw new CsvFormatError(`unterminated quoted cell starting at offset ${i}`);
                value += text.slice(j, q);
                if (text.charCodeAt(q + 1) === 34) {
                    value += '"';
                    j = q + 2;
                } else {
                    i = q + 1;
                    break;
                }
            }
            cell = value;
        } else {
            let j = i;
            while (j < n) {
                const c = text.charCodeAt(j);
                if (c === 44 || c === 10 || c === 13) break;
                j += 1;
            }
            cell = text.slice(i, j);
            i = j;
        }
        row.push(cell);
        const c = text.charCodeAt(i);
        if (c === 44 /* , */) {
            i += 1;
            if (i === n) row.push('');
        } else if (c === 13 || c === 10 || i >= n) {
            if (c === 13 && text.charCodeAt(i + 1) === 10) i += 2;
            else if (i < n) i += 1;
            rows.push(row);
            row = [];
        } else {
            throw new CsvFormatError(`unexpected character after a quoted cell at offset ${i}`);
        }
    }
    if (row.length) rows.push(row);
    return rows;
}

/** Rows keyed by the header's column names; a row with a different cell count is an error naming its line. */
export function parseCsvRecords(text: string): Array<Record<string, string>> {
    const rows = parseCsvRows(text);
    if (rows.length === 0) return [];
    const [header, ...body] = rows;
    return body
        .filter((cells) => !(cells.length === 1 && cells[0] === ''))
        .map((cells, index) => {
            if (cells.length !== header.length) {
                throw new CsvFormatError(
                    `line ${index + 2} has ${cells.length} cells, the header has ${header.length}`
                );
            }
            const record: Record<string, string> = {};
            for (let c = 0; c < header.length; c += 1) record[header[c]] = cells[c];
            return record;
        });
}
