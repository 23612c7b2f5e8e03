/**
 * The tokenizer against csv-parse, the parser the Data Export reader used before it, with the
 * options the reader gave it: on many generated texts (quotes, commas, CR/LF mixes, empty cells,
 * NUL bytes, Latin-1 and UTF-8 bytes, byte-order marks) both must accept or both reject, and agree
 * on every row, cell and line, whatever chunks the text arrives in.
 */
import { parse } from 'csv-parse/sync';
import { CsvStream, CsvSyntaxError, csvRowsOfText, type CsvRows, reusedSlot } from '../csvTokens';

type Encoding = 'utf8' | 'latin1';

/** What the reader made of csv-parse's records: the header, then every row that is not blank, with its line. */
function reference(bytes: Buffer, encoding: Encoding): CsvRows | 'rejected' {
    let records: string[][];
    try {
        records = parse(bytes, {
            bom: true,
            encoding,
            record_delimiter: ['\r\n', '\n', '\r'],
            relax_column_count: true
        }) as string[][];
    } catch {
        return 'rejected';
    }
    const out: CsvRows = { rows: [], lines: [] };
    let next = 1;
    records.forEach((cells, i) => {
        const line = next;
        next += 1 + cells.reduce((sum, cell) => sum + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
        if (i > 0 && cells.length === 1 && cells[0] === '') return;
        out.rows.push(cells);
        out.lines.push(line);
    });
    return out;
}

/** The stream's rows for `bytes` cut at `cuts`. */
function tokenized(bytes: Buffer, encoding: Encoding, cuts: number[]): CsvRows | 'rejected' {
    const stream = new CsvStream({ encoding, skipBlankRows: true });
    const out: CsvRows = { rows: [], lines: [] };
    const add = (rows: CsvRows) => {
        out.rows.push(...rows.rows);
        out.lines.push(...rows.lines);
    };
    try {
        let from = 0;
        for (const cut of [...cuts, bytes.length]) {
            add(stream.write(bytes.subarray(from, cut)));
            from = cut;
        }
        add(stream.end());
    } catch (err) {
        if (err instanceof CsvSyntaxError) return 'rejected';
        throw err;
    }
    return out;
}

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
    let state = seed >>> 0;
    return () => {
        state = (state + 0x6d2b79f5) >>> 0;
        let t = state;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

const PIECES: Buffer[] = [
    '"',
    '""',
    ',',
    '\r',
    '\n',
    '\r\n',
    'a',
    'Id',
    ' ',
    '\u0000',
    '\u00e9' // as UTF-8: two bytes
].map((s) => Buffer.from(s, 'utf8'));
const LATIN1_E = Buffer.from([0xe9]);
const CUT_EURO = Buffer.from([0xe2, 0x82]);
const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** Any mix of the pieces: mostly not CSV, which is the point (both must reject the same texts). */
function noise(next: () => number): Buffer {
    const parts: Buffer[] = [];
    const length = Math.floor(next() * 40);
    for (let i = 0; i < length; i++) {
        const r = next();
        parts.push(r < 0.05 ? LATIN1_E : r < 0.08 ? CUT_EURO : PIECES[Math.floor(next() * PIECES.length)]);
    }
    return Buffer.concat(parts);
}

/** Rows of cells, quoted or not as their text allows, with mixed line ends and blank lines. */
function wellFormed(next: () => number): Buffer {
    const ends = ['\r\n', '\n', '\r'];
    const cellTexts = [
        '',
        'a',
        'b c',
        'x,y',
        'say "hi"',
        'two\r\nlines',
        'cr\ronly',
        'lf\nonly',
        '\u00e9t\u00e9',
        '0'
    ];
    const lines: string[] = [];
    const rows = Math.floor(next() * 8);
    for (let r = 0; r < rows; r++) {
        if (next() < 0.1) {
            lines.push('', ends[Math.floor(next() * 3)]);
            continue;
        }
        const width = 1 + Math.floor(next() * 4);
        const cells: string[] = [];
        for (let c = 0; c < width; c++) {
            const text = cellTexts[Math.floor(next() * cellTexts.length)];
            const mustQuote = /[",\r\n]/.test(text);
            cells.push(mustQuote || next() < 0.5 ? `"${text.replace(/"/g, '""')}"` : text);
        }
        lines.push(cells.join(','), r === rows - 1 && next() < 0.3 ? '' : ends[Math.floor(next() * 3)]);
    }
    return Buffer.from(lines.join(''), next() < 0.3 ? 'latin1' : 'utf8');
}

/**
 * Two five-character texts that differ only at `at` and whose bytes take the same slot among a
 * column's recent values (found by trying: another character varies until two collide).
 */
function sharingASlot(at: number): string[] {
    for (let variant = 0; variant < 26; variant++) {
        const base = 'qrstu'.split('');
        base[(at + 2) % 5] = String.fromCharCode(97 + variant);
        const bySlot = new Map<number, string>();
        for (let code = 35; code < 127; code++) {
            if (code === 44) continue; // a comma
            base[at] = String.fromCharCode(code);
            const text = base.join('');
            const slot = reusedSlot(Buffer.from(text), 0, text.length);
            const other = bySlot.get(slot);
            if (other !== undefined) return [other, text];
            bySlot.set(slot, text);
        }
    }
    return [];
}

function cutsOf(next: () => number, length: number): number[] {
    const kind = next();
    if (kind < 0.2) return [];
    if (kind < 0.4) return Array.from({ length }, (_, i) => i + 1).slice(0, -1); // a byte at a time
    const cuts: number[] = [];
    for (let at = Math.floor(next() * 5); at < length; at += 1 + Math.floor(next() * 9)) cuts.push(at);
    return cuts;
}

function compare(make: (next: () => number) => Buffer, seed: number, cases: number): { accepted: number } {
    const next = random(seed);
    let accepted = 0;
    for (let i = 0; i < cases; i++) {
        let bytes = make(next);
        if (next() < 0.2) bytes = Buffer.concat([UTF8_BOM, bytes]);
        const encoding: Encoding = next() < 0.5 ? 'utf8' : 'latin1';
        const expected = reference(bytes, encoding);
        const actual = tokenized(bytes, encoding, cutsOf(next, bytes.length));
        if (JSON.stringify(actual) !== JSON.stringify(expected)) {
            throw new Error(
                `case ${i} (${encoding}) ${JSON.stringify(bytes.toString('latin1'))}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`
            );
        }
        if (expected !== 'rejected') accepted++;
    }
    return { accepted };
}

describe('the CSV tokenizer agrees with csv-parse', () => {
    it('on well-formed texts: the same rows, cells and lines, in any chunks', () => {
        const { accepted } = compare(wellFormed, 1, 3000);
        expect(accepted).toBe(3000);
    });

    it('on noise: the same texts rejected, the same rows of the others', () => {
        const { accepted } = compare(noise, 2, 6000);
        // Both outcomes must be well represented, or the comparison proves little.
        expect(accepted).toBeGreaterThan(600);
        expect(accepted).toBeLessThan(5400);
    });

    it('on UTF-16LE texts with their byte-order mark (Excel "Unicode text")', () => {
        const utf16 = (text: string) =>
            Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
        const bytes = utf16('Id,Name\r\n006A,"Caf\u00e9, ""big"""\r\n');
        const expected = reference(bytes, 'latin1');
        expect(expected).toEqual({
            rows: [
                ['Id', 'Name'],
                ['006A', 'Caf\u00e9, "big"']
            ],
            lines: [1, 2]
        });
        expect(tokenized(bytes, 'latin1', [])).toEqual(expected);
        expect(tokenized(bytes, 'latin1', [1, 2, 3, 7, 8])).toEqual(expected);
        // Excel's tab-separated kind: one cell per line, and a quote inside it is an error to both.
        const tabs = utf16('Id\tName\r\n006A\t"x"\r\n');
        expect(reference(tabs, 'latin1')).toBe('rejected');
        expect(tokenized(tabs, 'latin1', [5])).toBe('rejected');
    });

    it('on long files of repeated values, where cells come back as strings already made', () => {
        // Columns of a few values (some multi-byte, one Latin-1 byte, differing in their last byte
        // only), a column that never repeats, and one that stops repeating: well past the trial after
        // which a column stops looking for repeats, in either encoding and in uneven chunks.
        const next = random(3);
        const vocabulary = [
            'Prospecting',
            'Closed Won',
            'Closed Wom',
            'Caf\u00e9',
            'Caf\u00e8',
            '\u20ac 12',
            '\ud83d\ude00',
            'x'.repeat(40),
            'y'.repeat(41),
            '2025-01-02',
            '2025-01-03',
            'say "hi"',
            'a,b'
        ];
        const quoted = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
        // Texts of the same length sharing a slot of the column's recent values, differing only in
        // their first, a middle or their last character: each must still come back as its own text.
        const many = [0, 2, 4].flatMap((at) => sharingASlot(at));
        expect(many).toHaveLength(6);
        const lines = ['A,B,C,D,E'];
        for (let r = 0; r < 12_000; r++) {
            const pick = () => vocabulary[Math.floor(next() * vocabulary.length)];
            const late = r < 6000 ? pick() : `v${r}`;
            const alwaysQuoted = `"${pick().replace(/"/g, '""')}"`;
            const one = many[Math.floor(next() * many.length)];
            lines.push([quoted(pick()), `id${r}`, alwaysQuoted, quoted(late), one].join(','));
        }
        for (const encoding of ['utf8', 'latin1'] as const) {
            const bytes = Buffer.from(`${lines.join('\r\n')}\r\n`, encoding === 'latin1' ? 'latin1' : 'utf8');
            const cuts: number[] = [];
            for (let at = 1; at < bytes.length; at += 1 + Math.floor(next() * 70_000)) cuts.push(at);
            const expected = reference(bytes, encoding);
            expect(expected).not.toBe('rejected');
            expect(tokenized(bytes, encoding, cuts)).toEqual(expected);
        }
    });

    it('reads a cell far longer than a chunk once through', () => {
        const long = 'x'.repeat(200_000);
        const bytes = Buffer.from(`a,b\r\n1,"${long}\r\n${long}"\r\n2,3`, 'utf8');
        const cuts = Array.from({ length: Math.floor(bytes.length / 1000) }, (_, i) => (i + 1) * 1000);
        expect(tokenized(bytes, 'utf8', cuts)).toEqual(reference(bytes, 'utf8'));
    });
});

describe('the CSV tokenizer on broken text', () => {
    const problem = (text: string) => {
        try {
            csvRowsOfText(text);
        } catch (err) {
            if (err instanceof CsvSyntaxError) return { line: err.line, problem: err.problem };
            throw err;
        }
        throw new Error('accepted');
    };

    it('names the line and what is wrong', () => {
        expect(problem('a,b\r\n1,"2\r\n3,4\r\n')).toEqual({
            line: 2,
            problem: expect.stringMatching(/quoted cell is never closed/)
        });
        expect(problem('a,b\n"x\ny"z,1\n')).toEqual({
            line: 3,
            problem: expect.stringMatching(/text after a closing quote \("z"/)
        });
        expect(problem('a,b\r\n\r\n1,x"y\n')).toEqual({
            line: 3,
            problem: expect.stringMatching(/a quote inside an unquoted cell/)
        });
    });

    it('keeps a quote inside an unquoted cell as text when asked (Bulk API pages)', () => {
        expect(csvRowsOfText('a,b"c\n', { quotesInsideCells: true }).rows).toEqual([['a', 'b"c']]);
    });
});
