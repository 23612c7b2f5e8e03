/**
 * Writes `${JSON.stringify(value, null, 2)}\n` to a file in pieces of a few kB, byte for byte the same.
 *
 * Why: `reconciliation.json` is about 70 MB at 1M deals (its deal table), and one string that size is
 * allocated in V8's old generation, where at the end of a run that holds gigabytes it set off a full
 * collection of the whole heap (about 8 s of a 1M `reconcile` on this machine). Pieces this small live and
 * die in the young generation. Only plain arrays and objects are taken apart; every other value (a
 * leaf, or anything with a `toJSON`) is `JSON.stringify`'s own text, re-indented for its depth, so the
 * output cannot drift from `JSON.stringify`'s. `writePieces` does the writing, for any file made in pieces
 * (`deals.csv` too: `csvPieces` in csv.ts).
 */
import fs from 'node:fs';

const STEP = '  ';
/** Characters gathered before a write: small enough for V8's young generation, large enough to be few writes. */
const FLUSH_AT = 16 * 1024;

/** A plain array or object that `JSON.stringify` would walk (no `toJSON` of its own). */
function walkable(value: unknown): value is Record<string, unknown> | unknown[] {
    if (typeof value !== 'object' || value === null) return false;
    if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return false;
    const proto = Object.getPrototypeOf(value) as unknown;
    return Array.isArray(value) || proto === Object.prototype || proto === null;
}

/** A value's text at `indent` (undefined where `JSON.stringify` leaves the value out). */
function leafText(value: unknown, indent: string): string | undefined {
    const text = JSON.stringify(value, null, 2) as string | undefined;
    if (text === undefined || indent === '' || !text.includes('\n')) return text;
    // JSON text holds no raw line break inside a string (they are escaped), so every one starts a line.
    return text.replace(/\n/g, `\n${indent}`);
}

/**
 * The pieces of `JSON.stringify(value, null, 2)` for a value that sits at `indent`, in order: arrays and
 * objects are taken apart `levels` deep (the run's object and its lists; each element below is one
 * native `JSON.stringify`, the fast part).
 */
export function* jsonPieces(value: unknown, indent = '', levels = 2): Generator<string> {
    if (levels <= 0 || !walkable(value)) {
        const text = leafText(value, indent);
        // Only the top level can be left out entirely; callers below pass values JSON keeps.
        if (text !== undefined) yield text;
        return;
    }
    const inner = indent + STEP;
    if (Array.isArray(value)) {
        if (value.length === 0) {
            yield '[]';
            return;
        }
        yield '[';
        for (let i = 0; i < value.length; i++) {
            yield `${i === 0 ? '' : ','}\n${inner}`;
            const item = value[i];
            // An array keeps a place for what an object would leave out: JSON writes null there.
            if (levels > 1 && walkable(item)) yield* jsonPieces(item, inner, levels - 1);
            else yield leafText(item, inner) ?? 'null';
        }
        yield `\n${indent}]`;
        return;
    }
    let first = true;
    for (const key of Object.keys(value)) {
        const item = value[key];
        const text = levels > 1 && walkable(item) ? null : leafText(item, inner);
        if (text === undefined) continue;
        yield `${first ? '{' : ','}\n${inner}${JSON.stringify(key)}: `;
        first = false;
        if (text === null) yield* jsonPieces(item, inner, levels - 1);
        else yield text;
    }
    yield first ? '{}' : `\n${indent}}`;
}

/**
 * Writes `pieces` to `file` in order, gathered into writes of about `FLUSH_AT` characters: a file too large to
 * hold as one string is written without ever being one (see the module comment).
 */
export function writePieces(file: string, pieces: Iterable<string>): void {
    const fd = fs.openSync(file, 'w');
    try {
        let pending = '';
        for (const piece of pieces) {
            pending += piece;
            if (pending.length >= FLUSH_AT) {
                fs.writeSync(fd, pending);
                pending = '';
            }
        }
        fs.writeSync(fd, pending);
    } finally {
        fs.closeSync(fd);
    }
}

/** Writes `${JSON.stringify(value, null, 2)}\n` to `file` (see the module comment). */
export function writeJsonFile(file: string, value: unknown): void {
    writePieces(file, jsonFileText(value));
}

/** `JSON.stringify(value, null, 2)` and a final newline, in pieces. */
function* jsonFileText(value: unknown): Generator<string> {
    yield* jsonPieces(value);
    yield '\n';
}
