/**
 * A CSV reader for the pages Bulk API 2.0 returns (RFC 4180: comma-separated, double-quoted cells,
 * `""` for a quote, LF or CRLF line ends), on the tokenizer the Data Export reader uses
 * (`src/dataExport/csvTokens.ts`). A quote inside an unquoted cell stays text here, as this reader
 * always took it.
 */
import { csvRecordsOfText, csvRowsOfText, CsvSyntaxError } from '../dataExport/csvTokens';

export class CsvFormatError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'CsvFormatError';
    }
}

const BULK_PAGE = { quotesInsideCells: true };

function formatErrors<T>(read: () => T): T {
    try {
        return read();
    } catch (err) {
        if (err instanceof CsvSyntaxError) throw new CsvFormatError(err.message);
        throw err;
    }
}

/** Parses a whole page into rows of cells; the first row is the header. */
export function parseCsvRows(text: string): string[][] {
    return formatErrors(() => csvRowsOfText(text, BULK_PAGE).rows);
}

/** Rows keyed by the header's column names; a row with a different cell count is an error naming its line. */
export function parseCsvRecords(text: string): Array<Record<string, string>> {
    return formatErrors(() => csvRecordsOfText(text, BULK_PAGE));
}
