/**
 * Canonical digests of Stageplay's outputs, so `npm run bench:scale` can tell whether a faster engine still
 * gives the same answers as the implementation the reference digest was made from (bench/reference-100k.json)
 * without committing hundreds of megabytes of output.
 *
 * Canonical means:
 *  - keys that only say when or how long a run took (`IGNORED_KEYS`: generatedAt, fittedAt, durations) are
 *    dropped, at any depth, in JSON objects and as CSV columns, and so are the paths in `IGNORED_PATHS`
 *    (where the input folder was: a cached dataset may sit anywhere); everything else is kept;
 *  - object keys are sorted (the order JSON happens to be written in is not an answer); array order is kept
 *    (it is: deals and periods are listed in a defined order);
 *  - numbers are rounded to `SIGNIFICANT_DIGITS` significant digits, so a different summation order in a
 *    faster engine (last-bit float noise) is not a different answer while any real change is; CSV cells that
 *    read as numbers are rounded the same way, other cells are compared as text.
 *
 * A digest is a tree: each node holds the hash of its canonical subtree, and the nodes nearest the root also
 * hold their children (object keys, array elements, or slices `[a..b]` of long arrays), as many as fit in a
 * node budget, so a mismatch can be traced to the first differing path at that resolution.
 */
import { createHash } from 'node:crypto';
import { parse } from 'csv-parse/sync';

/** Keys that carry a wall-clock time or a duration, never an answer. */
export const IGNORED_KEYS: ReadonlySet<string> = new Set([
    'generatedAt',
    'fittedAt',
    'Fitted_At__c',
    'durationMs',
    'elapsedMs',
    'duration',
    'elapsed'
]);

/**
 * Paths dropped wherever they occur: `$` is the file's root, `[]` any array element. reconciliation.json's
 * top-level `source` names the Data Export folder (`data /path/to/export`), not an answer.
 */
export const IGNORED_PATHS: ReadonlySet<string> = new Set(['$.source']);

export const SIGNIFICANT_DIGITS = 12;

/** At most this many children per node: long arrays are split into slices of FANOUT^k elements. */
const FANOUT = 32;

export interface DigestNode {
    /** First 16 hex digits of the SHA-256 of the canonical JSON of this subtree. */
    hash: string;
    /** Present when the budget allowed expanding this node; keys are path steps (`.key`, `[3]`, `[0..1023]`). */
    children?: Record<string, DigestNode>;
}

export interface DigestOptions {
    ignoredKeys?: ReadonlySet<string>;
    ignoredPaths?: ReadonlySet<string>;
    significantDigits?: number;
    /** How many nodes (root included) the tree may hold; breadth first, so the top levels always fit. */
    nodeBudget?: number;
}

type Canonical = null | boolean | number | string | Canonical[] | { [key: string]: Canonical };

function roundNumber(value: number, digits: number): number {
    if (!Number.isFinite(value)) return value;
    // `+ 0` turns -0 into 0: a sign on zero is not an answer.
    return Number(value.toPrecision(digits)) + 0;
}

/** The value with ignored keys dropped, keys sorted and numbers rounded (see the file comment). */
export function canonicalize(value: unknown, options: DigestOptions = {}): Canonical {
    const ignored = options.ignoredKeys ?? IGNORED_KEYS;
    const ignoredPaths = options.ignoredPaths ?? IGNORED_PATHS;
    const digits = options.significantDigits ?? SIGNIFICANT_DIGITS;
    const walk = (v: unknown, path: string): Canonical => {
        if (v === null || v === undefined) return null;
        if (typeof v === 'number') return roundNumber(v, digits);
        if (typeof v === 'boolean' || typeof v === 'string') return v;
        if (Array.isArray(v)) {
            const itemPath = `${path}[]`;
            return v.map((item) => walk(item, itemPath));
        }
        if (typeof v === 'object') {
            const out: { [key: string]: Canonical } = {};
            for (const key of Object.keys(v).sort()) {
                const childPath = `${path}.${key}`;
                if (ignored.has(key) || ignoredPaths.has(childPath)) continue;
                const child = (v as Record<string, unknown>)[key];
                if (child !== undefined) out[key] = walk(child, childPath);
            }
            return out;
        }
        return String(v);
    };
    return walk(value, '$');
}

const NUMERIC_CELL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

/**
 * A CSV file as canonical rows (objects keyed by header), ignored columns dropped and numeric cells rounded.
 * Rows keep their order.
 */
export function csvRows(text: string, options: DigestOptions = {}): Canonical {
    const digits = options.significantDigits ?? SIGNIFICANT_DIGITS;
    const records = parse(text, { columns: true, skip_empty_lines: true, bom: true }) as Array<
        Record<string, string>
    >;
    const rows = records.map((record) => {
        const row: Record<string, unknown> = {};
        for (const [key, cell] of Object.entries(record)) {
            row[key] = NUMERIC_CELL.test(cell) ? roundNumber(Number(cell), digits) : cell;
        }
        return row;
    });
    return canonicalize(rows, options);
}

function hashOf(value: Canonical): string {
    return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

/**
 * The child steps of a canonical value: object keys, array elements, or equal slices of a long array.
 * `offset` is where a slice starts in the whole array, so steps name absolute indexes.
 */
function childrenOf(
    value: Canonical,
    offset: number
): Array<{ step: string; value: Canonical; offset: number }> {
    if (Array.isArray(value)) {
        if (value.length <= FANOUT) {
            return value.map((item, i) => ({ step: `[${offset + i}]`, value: item, offset: 0 }));
        }
        let slice = FANOUT;
        while (slice * FANOUT < value.length) slice *= FANOUT;
        const out: Array<{ step: string; value: Canonical; offset: number }> = [];
        for (let start = 0; start < value.length; start += slice) {
            const end = Math.min(value.length, start + slice);
            out.push({
                step: `[${offset + start}..${offset + end - 1}]`,
                value: value.slice(start, end),
                offset: offset + start
            });
        }
        return out;
    }
    if (value !== null && typeof value === 'object') {
        return Object.entries(value).map(([key, child]) => ({ step: `.${key}`, value: child, offset: 0 }));
    }
    return [];
}

/** The digest tree of an already canonical value, expanded breadth first within the node budget. */
export function digestTree(value: Canonical, options: DigestOptions = {}): DigestNode {
    const budget = options.nodeBudget ?? 400;
    const root: DigestNode = { hash: hashOf(value) };
    let used = 1;
    type Pending = { node: DigestNode; value: Canonical; offset: number };
    let level: Pending[] = [{ node: root, value, offset: 0 }];
    while (level.length > 0) {
        const next: Pending[] = [];
        for (const pending of level) {
            const steps = childrenOf(pending.value, pending.offset);
            if (steps.length === 0 || used + steps.length > budget) continue;
            used += steps.length;
            const children: Record<string, DigestNode> = {};
            for (const step of steps) {
                const node: DigestNode = { hash: hashOf(step.value) };
                children[step.step] = node;
                next.push({ node, value: step.value, offset: step.offset });
            }
            pending.node.children = children;
        }
        level = next;
    }
    return root;
}

/**
 * The first path (in the expected tree's key order) where two digests differ, as deep as both were
 * expanded; null when they are equal. A step present on one side only is reported with that fact.
 */
export function firstDifference(expected: DigestNode, actual: DigestNode, path = '$'): string | null {
    if (expected.hash === actual.hash) return null;
    if (!expected.children || !actual.children) return path;
    for (const [step, child] of Object.entries(expected.children)) {
        const other = actual.children[step];
        if (!other) return `${path}${step} (missing in this run)`;
        const found = firstDifference(child, other, `${path}${step}`);
        if (found) return found;
    }
    for (const step of Object.keys(actual.children)) {
        if (!(step in expected.children)) return `${path}${step} (not in the reference)`;
    }
    return path;
}

/** Digests of named files: `.json` parsed as JSON, `.csv` as rows, anything else refused. */
export function digestFile(name: string, text: string, options: DigestOptions = {}): DigestNode {
    if (name.endsWith('.json')) return digestTree(canonicalize(JSON.parse(text), options), options);
    if (name.endsWith('.csv')) return digestTree(csvRows(text, options), options);
    throw new Error(`digestFile: no canonical form for ${name} (only .json and .csv)`);
}

export interface Comparison {
    file: string;
    match: boolean;
    /** The first differing path, or why the file could not be compared. */
    difference: string | null;
}

/** Compares this run's digests with the reference's, file by file (a file on one side only differs). */
export function compareDigests(
    reference: Record<string, DigestNode>,
    actual: Record<string, DigestNode>
): Comparison[] {
    const files = [...new Set([...Object.keys(reference), ...Object.keys(actual)])].sort();
    return files.map((file) => {
        const expected = reference[file];
        const got = actual[file];
        if (!expected) return { file, match: false, difference: 'not in the reference' };
        if (!got) return { file, match: false, difference: 'missing in this run' };
        const difference = firstDifference(expected, got);
        return { file, match: difference === null, difference };
    });
}
