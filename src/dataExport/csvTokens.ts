/**
 * The one CSV tokenizer: Data Export files (streamed in chunks, `csvFile.ts`) and Bulk API 2.0
 * result pages (`src/org/csv.ts`) both go through it. Comma-separated, `"`-quoted cells with `""`
 * for a quote and line breaks allowed inside quotes; CRLF, LF and a lone CR each end a row.
 *
 * It takes the decisions csv-parse took with the options the Data Export reader used to give it
 * (`record_delimiter: CRLF/LF/CR`, `relax_column_count`, no trimming), so a file accepted or rejected
 * before is accepted or rejected now, with the same cells (`__tests__/csvTokens.test.ts` compares
 * the two on generated texts). In particular: a quote inside an unquoted cell, text after a closing
 * quote and a quote never closed are errors; a NUL byte right after a closing quote is not (csv-parse
 * takes it, and what follows, as more of the cell).
 *
 * Hand-written, over bytes, because reading is most of `learn`: a synchronous loop over a chunk,
 * one string per cell (`Buffer.toString` of its bytes, a fresh flat string, so a kept id does not pin
 * the chunk it came from), rows handed over by the chunk rather than one promise each.
 *
 * Most columns of an export repeat a few values (stages, categories, booleans, close dates, owners):
 * decoding a short cell (a call into Node per cell) costs more than finding the same bytes among the
 * column's recent values, so each column keeps its recent short values (`ColumnTexts`) and a cell
 * equal to one of them is that string. A column whose cells rarely repeat (ids, instants, names)
 * stops looking after a trial. The cells are the same text either way; repeated values also come
 * back as one string, which later sharing (`RecordTranslator.shared`) finds at once.
 */

import { StringDecoder } from 'node:string_decoder';

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/** CSV text that cannot be split into cells; `line` is the physical line (1-based) of the problem. */
export class CsvSyntaxError extends Error {
    constructor(
        readonly line: number,
        readonly problem: string
    ) {
        super(`line ${line}: ${problem}`);
        this.name = 'CsvSyntaxError';
    }
}

/** Rows found in one piece of text, each with the physical line (1-based) it starts on. */
export interface CsvRows {
    rows: string[][];
    lines: number[];
}

export interface CsvTokenizerOptions {
    encoding?: 'utf8' | 'latin1';
    /**
     * A quote inside an unquoted cell is kept as text instead of being an error (what the Bulk API
     * page reader always did; Data Export files keep csv-parse's rejection).
     */
    quotesInsideCells?: boolean;
    /** Rows of one empty cell (a blank line, or `""` alone) after the first row are left out. */
    skipBlankRows?: boolean;
}

/**
 * Node's own decoders behind `Buffer.toString` (present on every Buffer, left out of its typings):
 * called directly, they skip `toString`'s argument checks, which cost as much as the decoding on
 * cells of a few bytes.
 */
interface Decoders {
    utf8Slice(start: number, end: number): string;
    latin1Slice(start: number, end: number): string;
}

type Decode = (buf: Buffer, start: number, end: number) => string;

const DECODE: Record<'utf8' | 'latin1', Decode> = {
    utf8: (buf, start, end) => (buf as unknown as Decoders).utf8Slice(start, end),
    latin1: (buf, start, end) => (buf as unknown as Decoders).latin1Slice(start, end)
};

/** Where a row could not be finished because the text ended: take it again with more bytes. */
const INCOMPLETE = -1;

/** Longer cells are decoded every time: long text rarely repeats, and comparing it costs more. */
const REUSED_CELL_MAX_BYTES = 40;
/** Recent values kept per column (a power of two: a cell's slot is its hash's low bits). */
const REUSED_SLOTS = 1024;
/** Columns past this many are decoded every time (an export's files have a few dozen). */
const REUSED_COLUMNS = 64;
/** Cells of a column looked up between two checks that at least half were found. */
const REUSED_TRIAL = 4096;

/** The slot of a cell's bytes among its column's recent values (FNV-1a); exported for the tests. */
export function reusedSlot(buf: Uint8Array, start: number, end: number): number {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ buf[i], 0x01000193);
    return (hash ^ (hash >>> 15)) & (REUSED_SLOTS - 1);
}

/**
 * One column's recent short values, each in the slot its bytes hash to, with those bytes (compared
 * as bytes: reading them back from the string costs more). A slot's string is reused for a cell whose
 * bytes are the same.
 */
class ColumnTexts {
    readonly texts: string[] = new Array<string>(REUSED_SLOTS).fill('');
    readonly lengths = new Uint8Array(REUSED_SLOTS);
    readonly bytes = new Uint8Array(REUSED_SLOTS * REUSED_CELL_MAX_BYTES);
    tried = 0;
    found = 0;
}

export class CsvTokenizer {
    /** The physical line the next row starts on. */
    private line = 1;
    private rowsSeen = 0;
    private readonly decode: Decode;
    private readonly quotesInsideCells: boolean;
    private readonly skipBlankRows: boolean;
    /** Recent values by column; null once a column's trial showed its values rarely repeat. */
    private readonly columns: Array<ColumnTexts | null | undefined> = [];

    constructor(options: CsvTokenizerOptions = {}) {
        this.decode = DECODE[options.encoding ?? 'utf8'];
        this.quotesInsideCells = options.quotesInsideCells ?? false;
        this.skipBlankRows = options.skipBlankRows ?? false;
    }

    /**
     * Appends the complete rows at the start of `buf` to `out` and returns how many bytes they took:
     * the bytes after that begin a row that `buf` does not finish (give them again, followed by the
     * next chunk). With `final`, the end of `buf` is the end of the text, and ends its last row.
     *
     * @throws CsvSyntaxError on text that is not CSV.
     */
    take(buf: Buffer, final: boolean, out: CsvRows): number {
        const n = buf.length;
        let pos = 0;
        while (pos < n) {
            const end = this.row(buf, pos, final, out);
            if (end === INCOMPLETE) return pos;
            pos = end;
        }
        return pos;
    }

    /** One row from `start`: the offset after its line end, or INCOMPLETE. */
    private row(buf: Buffer, start: number, final: boolean, out: CsvRows): number {
        const n = buf.length;
        const decode = this.decode;
        const cells: string[] = [];
        let line = this.line;
        let pos = start;
        for (;;) {
            // One cell from `pos`.
            let cell = '';
            if (pos < n && buf[pos] === QUOTE) {
                const openedOn = line;
                let from = pos + 1;
                let j = from;
                for (;;) {
                    if (j >= n) {
                        if (!final) return INCOMPLETE;
                        throw new CsvSyntaxError(
                            openedOn,
                            'a quoted cell is never closed (a quote is missing, so the rest of the file would be one cell)'
                        );
                    }
                    const b = buf[j];
                    if (b === QUOTE) {
                        if (j + 1 >= n && !final) return INCOMPLETE;
                        if (buf[j + 1] === QUOTE) {
                            // `""` is one quote: keep the text up to and including the first.
                            cell += decode(buf, from, j + 1);
                            j += 2;
                            from = j;
                            continue;
                        }
                        if (j > from) cell += this.text(buf, from, j, cells.length);
                        pos = j + 1;
                        break;
                    }
                    // A CRLF is one line; its CR is not counted, its LF is.
                    if (b === LF || (b === CR && buf[j + 1] !== LF)) line++;
                    j++;
                }
                if (pos < n) {
                    const next = buf[pos];
                    if (next === 0) {
                        // csv-parse ends the quoted part at a NUL and reads on as unquoted text.
                        const rest = this.unquoted(buf, pos, line, true);
                        if (rest < 0) {
                            if (!final) return INCOMPLETE;
                            cell += decode(buf, pos, n);
                            pos = n;
                        } else {
                            cell += decode(buf, pos, rest);
                            pos = rest;
                        }
                    } else if (next !== COMMA && next !== LF && next !== CR) {
                        throw new CsvSyntaxError(
                            line,
                            `text after a closing quote (${JSON.stringify(String.fromCharCode(next))} where a comma or a line end should be; a quote inside a quoted cell is written "")`
                        );
                    }
                }
            } else {
                const end = this.unquoted(buf, pos, line, false);
                if (end < 0) {
                    if (!final) return INCOMPLETE;
                    if (n > pos) cell = decode(buf, pos, n);
                    pos = n;
                } else {
                    if (end > pos) cell = this.text(buf, pos, end, cells.length);
                    pos = end;
                }
            }
            cells.push(cell);
            // What ends the cell: a comma, a line end, or the end of the text.
            if (pos >= n) {
                if (!final) return INCOMPLETE;
                this.push(cells, out);
                return n;
            }
            const c = buf[pos];
            if (c === COMMA) {
                pos++;
                continue;
            }
            if (c === CR) {
                if (pos + 1 >= n && !final) return INCOMPLETE; // an LF may follow in the next chunk
                pos += buf[pos + 1] === LF ? 2 : 1;
            } else {
                pos++; // LF
            }
            this.push(cells, out);
            this.line = line + 1;
            return pos;
        }
    }

    /** The text of `buf[start..end)`, a cell under `column`: a recent value's string when the bytes are its. */
    private text(buf: Buffer, start: number, end: number, column: number): string {
        const length = end - start;
        if (length > REUSED_CELL_MAX_BYTES || column >= REUSED_COLUMNS) return this.decode(buf, start, end);
        let recent = this.columns[column];
        if (recent === null) return this.decode(buf, start, end);
        if (recent === undefined) {
            recent = new ColumnTexts();
            this.columns[column] = recent;
        }
        const slot = reusedSlot(buf, start, end);
        if (++recent.tried === REUSED_TRIAL) {
            if (recent.found * 2 < REUSED_TRIAL) this.columns[column] = null;
            recent.tried = 0;
            recent.found = 0;
        }
        const bytes = recent.bytes;
        const at = slot * REUSED_CELL_MAX_BYTES - start;
        if (recent.lengths[slot] === length) {
            let k = start;
            while (k < end && bytes[at + k] === buf[k]) k++;
            if (k === end) {
                recent.found++;
                return recent.texts[slot];
            }
        }
        const text = this.decode(buf, start, end);
        recent.texts[slot] = text;
        recent.lengths[slot] = length;
        for (let k = start; k < end; k++) bytes[at + k] = buf[k];
        return text;
    }

    /**
     * The end of an unquoted cell from `pos` (the offset of the comma, CR or LF after it), or -1 when
     * the text ends first. `continued`: the cell already has text (a quote in it is then not an
     * opening quote).
     */
    private unquoted(buf: Buffer, pos: number, line: number, continued: boolean): number {
        const n = buf.length;
        let j = pos;
        while (j < n) {
            const b = buf[j];
            if (b === COMMA || b === LF || b === CR) return j;
            if (b === QUOTE && !this.quotesInsideCells && (j > pos || continued)) {
                throw new CsvSyntaxError(
                    line,
                    'a quote inside an unquoted cell (a cell with a quote must be quoted whole, its quotes written "")'
                );
            }
            j++;
        }
        return -1;
    }

    private push(cells: string[], out: CsvRows): void {
        const first = this.rowsSeen === 0;
        this.rowsSeen++;
        if (this.skipBlankRows && !first && cells.length === 1 && cells[0] === '') return;
        out.rows.push(cells);
        out.lines.push(this.line);
    }
}

/** Every row of a whole text (a Bulk API page). */
export function csvRowsOfText(text: string, options: CsvTokenizerOptions = {}): CsvRows {
    const out: CsvRows = { rows: [], lines: [] };
    new CsvTokenizer(options).take(Buffer.from(text, options.encoding ?? 'utf8'), true, out);
    return out;
}

/**
 * The rows of a whole text keyed by its header's names, blank rows left out; a row whose cell count
 * differs from the header's is an error naming its line.
 */
export function csvRecordsOfText(
    text: string,
    options: Omit<CsvTokenizerOptions, 'skipBlankRows'> = {}
): Array<Record<string, string>> {
    const { rows, lines } = csvRowsOfText(text, { ...options, skipBlankRows: true });
    if (rows.length === 0) return [];
    const header = rows[0];
    const records: Array<Record<string, string>> = [];
    for (let r = 1; r < rows.length; r++) {
        const cells = rows[r];
        if (cells.length !== header.length)
            throw new CsvSyntaxError(
                lines[r],
                `the row has ${cells.length} cells, the header has ${header.length}`
            );
        const record: Record<string, string> = {};
        for (let c = 0; c < header.length; c += 1) record[header[c]] = cells[c];
        records.push(record);
    }
    return records;
}

const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];

function startsWith(buf: Buffer, bytes: number[]): boolean {
    return bytes.every((b, i) => buf[i] === b);
}

/**
 * A text arriving in chunks (a file read from disk): each `write` returns the rows its chunk
 * finished, `end` the last ones. A byte-order mark is handled as csv-parse (`bom: true`) did: a
 * UTF-8 one is dropped, and after a UTF-16LE one (Excel's "Unicode text") the text is turned into
 * UTF-8 before it is tokenized.
 */
export class CsvStream {
    private tokenizer: CsvTokenizer | null = null;
    private readonly options: CsvTokenizerOptions;
    private utf16: StringDecoder | null = null;
    private head: Buffer | null = null;
    // Bytes of a row the last chunk did not finish, with the chunks after it. They are tokenized
    // again only once they are twice what was too short, so a cell longer than a chunk costs
    // linear time, not a pass per chunk.
    private readonly pending: Buffer[] = [];
    private pendingBytes = 0;
    private needBytes = 0;

    constructor(options: CsvTokenizerOptions = {}) {
        this.options = options;
    }

    write(chunk: Buffer): CsvRows {
        let bytes = chunk;
        if (this.tokenizer === null) {
            // The mark is looked for in the first 3 bytes, however the text is cut into chunks.
            this.head = this.head === null ? chunk : Buffer.concat([this.head, chunk]);
            if (this.head.length < 3) return { rows: [], lines: [] };
            bytes = this.start(this.head);
        }
        this.add(bytes);
        if (this.pendingBytes < this.needBytes) return { rows: [], lines: [] };
        return this.take(false);
    }

    end(): CsvRows {
        if (this.tokenizer === null) this.add(this.start(this.head ?? Buffer.alloc(0)));
        if (this.utf16) {
            const rest = Buffer.from(this.utf16.end(), 'utf8');
            this.pending.push(rest);
            this.pendingBytes += rest.length;
        }
        return this.take(true);
    }

    private add(bytes: Buffer): void {
        const text = this.utf16 ? Buffer.from(this.utf16.write(bytes), 'utf8') : bytes;
        this.pending.push(text);
        this.pendingBytes += text.length;
    }

    /**
     * The text without its byte-order mark (looked for only in 3 bytes or more, as csv-parse did), and
     * the tokenizer for the encoding the mark says.
     */
    private start(first: Buffer): Buffer {
        this.head = null;
        let encoding = this.options.encoding;
        let bytes = first;
        if (first.length >= 3 && startsWith(first, UTF8_BOM)) {
            encoding = 'utf8';
            bytes = first.subarray(3);
        } else if (first.length >= 3 && startsWith(first, UTF16LE_BOM)) {
            this.utf16 = new StringDecoder('utf16le');
            encoding = 'utf8';
            bytes = first.subarray(2);
        }
        this.tokenizer = new CsvTokenizer({ ...this.options, encoding });
        return bytes;
    }

    private take(final: boolean): CsvRows {
        const out: CsvRows = { rows: [], lines: [] };
        if (this.pendingBytes === 0 || this.tokenizer === null) return out;
        const buf =
            this.pending.length === 1 ? this.pending[0] : Buffer.concat(this.pending, this.pendingBytes);
        const used = this.tokenizer.take(buf, final, out);
        this.pending.length = 0;
        this.pendingBytes = buf.length - used;
        if (this.pendingBytes > 0) this.pending.push(buf.subarray(used));
        this.needBytes = 2 * this.pendingBytes;
        return out;
    }
}
