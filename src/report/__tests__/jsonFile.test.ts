/**
 * `writeJsonFile` writes what `${JSON.stringify(value, null, 2)}\n` is, byte for byte, in pieces: values of
 * every kind JSON treats apart (left out, null in an array, toJSON, class instances, nesting past the levels
 * taken apart, escaped line breaks, empty containers), and a value large enough to be written in many pieces.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { jsonPieces, writeJsonFile } from '../jsonFile';

class Money {
    constructor(
        readonly amount: number,
        readonly currency: string
    ) {}
}

const awkward = {
    text: 'line one\nline two\t"quoted" \u2028 é',
    numbers: [0, -0, 1.5, NaN, Infinity, -Infinity, 1e21, 5e-324],
    flags: [true, false, null],
    empty: { array: [], object: {} },
    leftOut: undefined,
    fn: () => 1,
    symbol: Symbol('s'),
    holes: [undefined, () => 2, Symbol('t'), 3],
    when: new Date(Date.UTC(2026, 10, 27, 12, 0, 0)),
    custom: { toJSON: () => ({ replaced: ['by', 'toJSON'] }) },
    money: new Money(12.5, 'EUR'),
    deep: { a: { b: { c: [{ d: [1, { e: 'f' }] }], g: {} } } },
    rows: Array.from({ length: 3 }, (_, i) => ({ id: `row${i}`, nested: { list: [i, [i, { i }]] } })),
    noProto: Object.assign(Object.create(null) as Record<string, unknown>, { x: 1, y: [2] }),
    'key "with" \\ quotes\n': 'value'
};

function written(value: unknown): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-json-'));
    try {
        const file = path.join(dir, 'out.json');
        writeJsonFile(file, value);
        return fs.readFileSync(file, 'utf8');
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

describe('writeJsonFile', () => {
    it('writes what JSON.stringify(value, null, 2) writes, for every kind of value JSON treats apart', () => {
        expect(written(awkward)).toBe(`${JSON.stringify(awkward, null, 2)}\n`);
    });

    it('takes apart as many levels as asked and gives the same text at every depth', () => {
        for (const levels of [0, 1, 2, 3, 6])
            expect([...jsonPieces(awkward, '', levels)].join('')).toBe(JSON.stringify(awkward, null, 2));
        expect([...jsonPieces(awkward, '', 6)].length).toBeGreaterThan(
            [...jsonPieces(awkward, '', 1)].length
        );
    });

    it('writes a top-level array, empty containers and plain values as JSON does', () => {
        for (const value of [[awkward, 1, [2, []]], [], {}, 'text', 42, null, [undefined]])
            expect(written(value)).toBe(`${JSON.stringify(value, null, 2)}\n`);
    });

    it('writes a large value in many pieces, the same bytes', () => {
        const deals = Array.from({ length: 20_000 }, (_, i) => ({
            id: `006${String(i).padStart(15, '0')}`,
            amount: i * 1.25,
            factors: [{ name: 'Budget', shift: -i / 7 }]
        }));
        const value = { counts: { deals: deals.length }, deals };
        const text = written(value);
        expect(text.length).toBeGreaterThan(100 * 16 * 1024);
        expect(text).toBe(`${JSON.stringify(value, null, 2)}\n`);
    });
});
