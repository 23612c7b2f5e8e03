/**
 * Rebuilds each deal's path through the process from `OpportunityHistory` (a row whenever stage, amount,
 * close date or probability changed) and `OpportunityFieldHistory` (a row per change of a tracked
 * field). Salesforce keeps no snapshots of past pipelines, but these two logs are enough to say what
 * any deal looked like on any past day — which is what fitting, backtests and flags need.
 */
import { FieldHistoryTable, IdIndex, StageHistoryTable } from './historyTable';
import { canonicalTimestamp, endOfDay, fromTimestamp, MS_PER_DAY, toDate, toTimestamp } from './periods';
import type {
    DealPath,
    FieldHistoryRow,
    FieldValue,
    OpportunityRecord,
    PipelineDeal,
    ForecastCategory,
    ProcessDefinition,
    StageHistoryRow,
    StageVisit
} from './types';

/**
 * Rows grouped by deal, in input order within a deal: the indexes of group g's rows are
 * `order[starts[g] .. starts[g + 1] - 1]`. Typed arrays (outside the JavaScript heap) rather than a
 * growing array per deal in a map keyed by id: with a million deals those arrays and that map cost
 * about half a gigabyte of heap while the paths were being built beside every row.
 */
interface RowGroups {
    order: Int32Array;
    starts: Int32Array;
}

/**
 * A stable counting sort of items into numbered groups: item i is in group `groupOf[i]` (0 ..
 * groupCount - 1; negative: left out). Group g's items, in input order, are the indexes
 * `order[starts[g] .. starts[g + 1] - 1]`. Paths group rows by deal with it, timelines changes by field.
 */
function groupOrder(groupOf: Int32Array, groupCount: number): { order: Int32Array; starts: Int32Array } {
    const starts = new Int32Array(groupCount + 1);
    for (let i = 0; i < groupOf.length; i++) if (groupOf[i] >= 0) starts[groupOf[i] + 1]++;
    for (let g = 0; g < groupCount; g++) starts[g + 1] += starts[g];
    const next = starts.slice(0, groupCount);
    const order = new Int32Array(starts[groupCount]);
    for (let i = 0; i < groupOf.length; i++) {
        const group = groupOf[i];
        if (group >= 0) order[next[group]++] = i;
    }
    return { order, starts };
}

/**
 * A table's rows grouped by deal: `groupOf` numbers the deals' ids (0 .. groupCount - 1), looked up
 * once per distinct deal id of the table rather than once per row; rows of other ids are left out.
 */
function groupTableRows(
    table: FieldHistoryTable | StageHistoryTable,
    groupOf: Pick<IdIndex, 'get'>,
    groupCount: number
): RowGroups {
    // Plain loops: `Int32Array.from` with a mapping function walks the ids through the iterator
    // protocol, which at a million ids cost more than the lookups.
    const ids = table.dealIds;
    const groupOfDeal = new Int32Array(ids.length);
    for (let code = 0; code < ids.length; code++) groupOfDeal[code] = groupOf.get(ids[code]) ?? -1;
    const groupOfRow = new Int32Array(table.length);
    for (let i = 0; i < table.length; i++) groupOfRow[i] = groupOfDeal[table.dealAt(i)];
    return groupOrder(groupOfRow, groupCount);
}

/**
 * A field name resolved to a small integer once, so that reading one field of many deals (the fit reads
 * each parameter of every closed deal, dozens of times per run) indexes an array instead of looking the
 * name up per deal. One key per distinct name, for the life of the module: names come from the schema
 * (the deals' fields, the visits' values, the process's parameters), so there are tens of them.
 */
export interface FieldKey {
    readonly name: string;
    readonly index: number;
}

const fieldKeys = new Map<string, FieldKey>();

/** The key of a field name (the same object every time). */
export function fieldKey(name: string): FieldKey {
    let key = fieldKeys.get(name);
    if (!key) {
        key = { name, index: fieldKeys.size };
        fieldKeys.set(name, key);
    }
    return key;
}

/**
 * The field names a timeline lists, with each field key's position among them. One per distinct list
 * (every deal of a source lists the same fields), shared by the timelines that list it, so a deal
 * holds no copy of the names nor a slot per field key.
 */
interface FieldSchema {
    names: readonly string[];
    /** The names' keys, in the same order (looked up once per schema, not per deal and visit). */
    keys: readonly FieldKey[];
    /** Per field key index: the name's position in `names`; undefined for a name not listed. */
    positions: ReadonlyArray<number | undefined>;
    /** Every name, null (`blankRecord`): values records are copies of it. */
    blank: Readonly<Record<string, FieldValue>>;
}

/**
 * A record of the given names, each null, to copy with a spread (`{ ...blank }`) and then fill. Parsed
 * from JSON because a parsed object holds every property inside itself, and so does a spread copy of
 * it; a record filled name by name from `{}` keeps its fifth and later properties in a separate
 * store. For the 15 fields of the sample process a record is 144 bytes instead of 168 (heap snapshot),
 * and there is one per deal and per visit of a million deals.
 */
export function blankRecord(names: readonly string[]): Record<string, FieldValue> {
    return JSON.parse(JSON.stringify(Object.fromEntries(names.map((name) => [name, null])))) as Record<
        string,
        FieldValue
    >;
}

/** One value's part of a values record's hash (a string's from its length and its first, middle and last code units). */
function valueHash(value: FieldValue): number {
    if (typeof value === 'string') {
        // Answers are short and differ at their ends or middle (picklist labels, dates): a few
        // code units are enough to spread them, and equal hashes are compared in full anyway.
        const n = value.length;
        return n === 0
            ? 1
            : Math.imul(n ^ value.charCodeAt(0), 31) ^
                  Math.imul(value.charCodeAt(n >> 1), 961) ^
                  value.charCodeAt(n - 1);
    }
    if (typeof value === 'number') {
        // -0 and NaN get their own hashes; other numbers by their integer and fractional parts.
        if (Object.is(value, -0)) return 7;
        if (Number.isNaN(value)) return 11;
        return (value | 0) ^ Math.imul((value % 1) * 0x7fffffff, 31);
    }
    if (value === null) return 3;
    if (value === undefined) return 5;
    return value ? 13 : 17;
}

const hasOwn = (record: object, name: string): boolean => Object.prototype.hasOwnProperty.call(record, name);

/** `Object.keys(record).length` without the array (asked once per deal for every pipeline as of a date). */
function ownNameCount(record: Record<string, FieldValue>): number {
    let count = 0;
    for (const name in record) if (hasOwn(record, name)) count++;
    return count;
}

/**
 * A values record's hash, from each value in order. The record's own names are walked with `for ...
 * in` (`Object.keys` order) rather than listed with `Object.values`: no array per record (the pool
 * is asked about every deal and most visits).
 */
function valuesHash(record: Record<string, FieldValue>): number {
    let hash = 0x811c9dc5;
    for (const name in record)
        if (hasOwn(record, name)) hash = Math.imul(hash ^ valueHash(record[name]), 0x01000193);
    return hash;
}

/**
 * Whether two values records list the same names in the same order with the same values
 * (`Object.is`): `a`'s names listed once, `b`'s walked (`for ... in`, `Object.keys` order).
 */
function sameValuesRecord(a: Record<string, FieldValue>, b: Record<string, FieldValue>): boolean {
    const names = Object.keys(a);
    let i = 0;
    for (const name in b) {
        if (!hasOwn(b, name)) continue;
        if (i >= names.length || name !== names[i] || !Object.is(a[name], b[name])) return false;
        i++;
    }
    return i === names.length;
}

/**
 * One values record per distinct set of answers, for the deals a reader makes and the visits
 * `buildDealPaths` makes: answers repeat (at 100k generated deals, 114,578 distinct records among
 * 181,798 deals' and visits' records of about 144 bytes each), and records are never written to once
 * made (see `buildDealPath`), so sharing them is invisible. Bounded: forgets everything when full.
 */
export class ValuesPool {
    /** The records kept, in the order they were added. */
    private records: Array<Record<string, FieldValue>> = [];
    /**
     * Open addressing over the records' hashes, two int32s a slot: the hash, then the record's place in
     * `records` plus one (0: a free slot); at most half full. A `Map` keyed by hash cost a cache
     * miss for its bucket and one for its entry on every lookup (a million deals' and 2.7 million visits'
     * records at 1M); a probe here is one. Records of equal hash are met in the order they were added,
     * as the `Map`'s lists of them were.
     */
    private slots = new Int32Array(0);

    constructor(private readonly limit = 1 << 18) {}

    /** An earlier record equal to `record` (same names in the same order, same values), else `record`, kept. */
    share(record: Record<string, FieldValue>): Record<string, FieldValue> {
        // As an int32, as the slots hold it (a record without fields hashes to the unmixed start, past 2^31).
        const hash = valuesHash(record) | 0;
        const slots = this.slots;
        const mask = (slots.length >> 1) - 1;
        for (let slot = hash & mask; slots.length > 0; slot = (slot + 1) & mask) {
            const entry = slots[2 * slot + 1];
            if (entry === 0) break;
            if (slots[2 * slot] === hash) {
                const known = this.records[entry - 1];
                if (sameValuesRecord(known, record)) return known;
            }
        }
        this.add(hash, record);
        return record;
    }

    private add(hash: number, record: Record<string, FieldValue>): void {
        if (this.records.length >= this.limit) {
            this.records = [];
            this.slots.fill(0);
        }
        if ((this.records.length + 1) * 2 > this.slots.length >> 1) this.grow();
        this.records.push(record);
        this.place(hash, this.records.length);
    }

    /** Puts `entry` (a place in `records` plus one) in the first free slot of `hash`'s probe. */
    private place(hash: number, entry: number): void {
        const slots = this.slots;
        const mask = (slots.length >> 1) - 1;
        let slot = hash & mask;
        while (slots[2 * slot + 1] !== 0) slot = (slot + 1) & mask;
        slots[2 * slot] = hash;
        slots[2 * slot + 1] = entry;
    }

    /** Twice the slots, each record placed again in the order it was added (so equal hashes keep theirs). */
    private grow(): void {
        const old = this.slots;
        const hashes = new Int32Array(this.records.length);
        for (let slot = 0; slot < old.length; slot += 2)
            if (old[slot + 1] !== 0) hashes[old[slot + 1] - 1] = old[slot];
        this.slots = new Int32Array(Math.max(256, old.length * 2));
        for (let i = 0; i < hashes.length; i++) this.place(hashes[i], i + 1);
    }
}

const fieldSchemas = new Map<string, FieldSchema>();
/** Hand-built paths may list any fields: the schemas are bounded (cleared when full) like other caches. */
const FIELD_SCHEMA_LIMIT = 1000;

function fieldSchemaOf(names: readonly string[]): FieldSchema {
    // A NUL cannot be part of a field's API name, so the joined names identify the list.
    const id = names.join('\u0000');
    let schema = fieldSchemas.get(id);
    if (!schema) {
        const positions: Array<number | undefined> = [];
        names.forEach((name, position) => {
            positions[fieldKey(name).index] = position;
        });
        schema = { names: [...names], keys: names.map(fieldKey), positions, blank: blankRecord(names) };
        if (fieldSchemas.size >= FIELD_SCHEMA_LIMIT) fieldSchemas.clear();
        fieldSchemas.set(id, schema);
    }
    return schema;
}

/** The largest UTF-16 code unit: offsets and indexes up to it are held in a string (`PathIndex`). */
const MAX_CHAR_CODE = 0xffff;

/** Element i of small integers held as a string's character codes, or as an array. */
function codeAt(codes: string | readonly number[], i: number): number {
    return typeof codes === 'string' ? codes.charCodeAt(i) : codes[i];
}

/** Reads one field of a deal as it stood at an instant (see `fieldReader`). */
export interface FieldReader {
    /** The field's value at `at` (epoch ms), as `valuesAt(at)` holds it; `undefined` when that record lacks the field. */
    valueAt(key: FieldKey, at: number): FieldValue | undefined;
}

/**
 * Index of the last time at or before `at` (-1 when none) in non-decreasing times: binary search,
 * over `times[from .. to - 1]` when a range is given.
 */
export function lastTimeAtOrBefore(
    times: ArrayLike<number>,
    at: number,
    from = 0,
    to: number = times.length
): number {
    let low = from;
    let high = to - 1;
    let found = -1;
    while (low <= high) {
        const mid = (low + high) >> 1;
        if (times[mid] <= at) {
            found = mid;
            low = mid + 1;
        } else {
            high = mid - 1;
        }
    }
    return found;
}

/**
 * A path's instants, parsed once: backtests, time splits and the strength check ask for the same
 * deal "as of" dozens of dates, and re-reading its date strings each time cost more than the rest of
 * the work. Linked from the path without being one of its fields, or kept beside it (`pathIndexes`), so
 * `DealPath` stays plain JSON-shaped data; rebuilt when the path's arrays are replaced or grow.
 */
export interface PathTimes {
    /** UTC day (`YYYY-MM-DD`) the deal was created. */
    readonly createdDay: string;
    /** Instant the deal closed (`closedAt`), null while open. */
    readonly closedAt: number | null;
    /** Instant visit i was entered. */
    visitTime(i: number): number;
    /** Instant visit i was left (`exitedAt`), null for one not left. */
    exitTime(i: number): number | null;
    /** How many stage-history rows the path has (its `OpportunityHistory` rows, in time order). */
    readonly stageRowCount: number;
    /** Index of the last stage-history row stamped at or before `at`, -1 when none (`lastTimeAtOrBefore`). */
    lastRowAtOrBefore(at: number): number;
    /** Stage-history row i's stage, amount, close date, probability and forecast category, and its instant as written. */
    rowStage(i: number): string;
    rowAmount(i: number): number | null;
    rowCloseDate(i: number): string | null;
    rowProbability(i: number): number | null;
    rowCategory(i: number): ForecastCategory | null;
    rowCreatedDate(i: number): string;
    /** Index of the last visit entered at or before `at`, -1 when none (`lastTimeAtOrBefore` over the entries). */
    lastVisitAtOrBefore(at: number): number;
}

/** The deal's current field values, for a deal without a `fields` record. */
const NO_FIELDS: Readonly<Record<string, FieldValue>> = Object.freeze({});

/**
 * Paths' instants are written one after another into shared blocks of this many numbers: a typed
 * array's numbers live outside the JavaScript heap (which Node caps, about 4 GB by default) and need
 * no array of their own per path (48 bytes of headers each). A block lives while any path's index
 * points into it; one is 64 kB, the instants of about 600 paths.
 */
const TIME_BLOCK_SIZE = 8192;

/** Runs of numbers written one after another into shared typed blocks (see `timeBlocks`). */
class SharedBlocks<T extends Float64Array | Int32Array> {
    /** The block the last `reserve` made room in. */
    block: T;
    private used = 0;

    constructor(
        private readonly make: (length: number) => T,
        private readonly size: number
    ) {
        this.block = make(0);
    }

    /**
     * Room for `count` numbers in `block` (the current block or a new one; none fit anywhere): where
     * they start. A number rather than a pair, so that reserving room makes no object per path.
     */
    reserve(count: number): number {
        if (this.used + count > this.block.length) {
            this.block = this.make(Math.max(this.size, count));
            this.used = 0;
        }
        const start = this.used;
        this.used += count;
        return start;
    }
}

const timeBlocks = new SharedBlocks((length) => new Float64Array(length), TIME_BLOCK_SIZE);

/**
 * A path's stage-history rows to index, in time order: rows `rows` of `table` (the reader's columns,
 * or a path's own rows made into a table), their instants `times`.
 */
interface StageRows {
    table: StageHistoryTable;
    rows: ArrayLike<number>;
    times: ArrayLike<number>;
    /** Built from a reader's columns, not from the path's own `stageHistory` (see `PathIndex`). */
    fromColumns: boolean;
}

/** A path's parsed instants, to index: visits' entries, the close (any number while open), and its stage rows. */
interface PathInstants {
    visits: ArrayLike<number>;
    closedAt: number;
    rows: StageRows;
    /** Each visit's exit, when some is not the next visit's entry (or the last visit was left); else null. */
    exits: Array<number | null> | null;
}

/**
 * Paths' field changes' value codes (old, new: two per change, in the order of the changes' instants)
 * are written into shared blocks like the instants (`timeBlocks`), outside the JavaScript heap.
 */
const codeBlocks = new SharedBlocks((length) => new Int32Array(length), 16384);

/** A hand-built path's own arrays, as its index saw them (see `PathIndex.own`). */
interface OwnArrays {
    stageHistory: readonly StageHistoryRow[] | undefined;
    fieldHistory: readonly FieldHistoryRow[] | undefined;
    fieldRows: number;
    exits: Array<number | null> | null;
}

/** `PathIndex.sources`' flags. */
const STAGE_FROM_COLUMNS = 1;
const FIELDS_FROM_COLUMNS = 2;

/**
 * A timeline to index: a deal's field changes grouped by the field's position in `schema`, in time
 * order within a field. The changes of the field at position p are k = `starts[p] .. starts[p + 1] -
 * 1`; change k happened at `times[k]`, from the value `values[codes[2k]]` to `values[codes[2k + 1]]`.
 */
interface TimelineChanges {
    schema: FieldSchema;
    starts: ArrayLike<number>;
    times: ArrayLike<number>;
    codes: ArrayLike<number>;
    values: readonly FieldValue[];
    /** Built from the reader's columns, not from the path's own `fieldHistory` (see `PathIndex`). */
    fromColumns: boolean;
}

/** Per field code of a table, that field's key index; refreshed as the table names more fields. */
const tableFieldKeys = new WeakMap<FieldHistoryTable, number[]>();

function fieldKeysOf(table: FieldHistoryTable): number[] {
    let keys = tableFieldKeys.get(table);
    if (!keys || keys.length !== table.fields.length) {
        keys = table.fields.map((name) => fieldKey(name).index);
        tableFieldKeys.set(table, keys);
    }
    return keys;
}

/**
 * A deal's changes as a timeline over `schema`: `rows` are its rows of `table` in time order, `times`
 * their instants. Grouped by the field's position in `schema`, stably (each field's changes keep their
 * time order); changes to fields the schema does not list are left out (`valuesAt` never reads them).
 */
function timelineChanges(
    schema: FieldSchema,
    table: FieldHistoryTable,
    rows: ArrayLike<number>,
    times: ArrayLike<number>,
    fromColumns: boolean
): TimelineChanges {
    const keyOfField = fieldKeysOf(table);
    const positionOfRow = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
        positionOfRow[i] = schema.positions[keyOfField[table.fieldAt(rows[i])]] ?? -1;
    }
    const { order, starts } = groupOrder(positionOfRow, schema.names.length);
    const count = order.length;
    const groupedTimes = new Array<number>(count);
    const codes = new Array<number>(2 * count);
    for (let k = 0; k < count; k++) {
        const row = rows[order[k]];
        groupedTimes[k] = times[order[k]];
        codes[2 * k] = table.oldValueAt(row);
        codes[2 * k + 1] = table.newValueAt(row);
    }
    return { schema, starts, times: groupedTimes, codes, values: table.values, fromColumns };
}

/**
 * What is kept beside each path: its instants, the field history as a timeline, and what they were
 * built from. One object per path, its instants in a shared block (above): with a million paths, a
 * cache entry, a timeline object, an array per kind of instant and the numbers boxed in an array
 * holding nulls were about 650 bytes of each path (heap snapshot of a 20k export).
 *
 * A path's instants are one run in `block` from `start`: each visit's entry (`visitCount` of them),
 * the close instant, each stage-history row's (`stageRows`), then the timeline's changes. A visit is
 * left when the next one is entered, so exits are not held apart from entries unless a (hand-built)
 * path says otherwise (`exits`). The stage rows themselves are row numbers into their table
 * (`stageTable`: the reader's columns, or a hand-built path's own rows made into one), read through
 * the row accessors (`rowStage`, `rowAmount`, ...).
 *
 * The field timeline rolls values back from the current ones: at an instant, the new value of the
 * last change at or before it; before the first change, that change's old value; a field that never
 * changed keeps its current value. A deal's changes are grouped by the field's position in the
 * schema, in time order within a field; the changes to unlisted fields are not kept (`valuesAt`
 * never reads them); each change's old and new values are two codes in a shared block (`codeBlocks`)
 * into its table's list of distinct values. Built with the path, or on the first question for a path
 * built by hand (then the index is replaced by one with the timeline).
 *
 * Paths are plain data that callers (and tests) may replace or push to, so an index answers only
 * while `describes` holds: the same deal and arrays, of the same lengths, and the same close and
 * creation strings. A path built from a reader's columns holds no field-history rows of its own
 * (`fieldHistory` is absent): its timeline is what this index holds, carried over to the index that
 * replaces it (the columns do not change), and a copy of the path carries it only as rows
 * (`fieldHistoryOf`).
 */
class PathIndex implements PathTimes, FieldReader {
    readonly createdDay: string;
    /** The path's own deal and arrays as they were indexed, with their lengths. */
    private readonly deal: OpportunityRecord;
    /**
     * A hand-built path's own rows and exits as indexed; null for a path with none of them (every
     * path `buildDealPaths` makes): one slot instead of four per path.
     */
    private readonly own: OwnArrays | null;
    private readonly stageRows: number;
    /** The stage rows' table; row i is `codeBlock[codeStart + i]` in it. */
    private readonly stageTable: StageHistoryTable;
    /**
     * One run of codes in a shared block: the stage rows' row numbers (`stageRows` of them), then the
     * timeline's value codes, two per change (see `valueCode`).
     */
    private readonly codeBlock: Int32Array;
    private readonly codeStart: number;
    /** `STAGE_FROM_COLUMNS` and `FIELDS_FROM_COLUMNS`: where the stage rows and the timeline came from. */
    private readonly sources: number;
    private readonly visits: readonly StageVisit[];
    private readonly visitCount: number;
    private readonly closedAtText: string | null;
    private readonly createdDate: string;
    /** The instants, laid out as the class comment says. */
    private readonly block: Float64Array;
    private readonly start: number;
    /** The timeline's field list; null for an index without a timeline. */
    private readonly schema: FieldSchema | null;
    /**
     * The timeline's changes of the field at position p are the grouped positions codes[p] ..
     * codes[p + 1] - 1 (none: equal), for every position up to the schema's length P (the change at
     * grouped position k happened at the k-th of the timeline's instants). Held as the character
     * codes of a string when the deal has at most 65,535 changes (every deal, but for a pathological
     * one): a quarter of an array of numbers.
     */
    private readonly codes: string | number[];
    private readonly values: readonly FieldValue[];

    /**
     * An index over instants and codes already written into the shared blocks, laid out as the class
     * comment says (`indexOfInstants` writes them for a hand-built or carried-over path, `buildDealPath`
     * straight from the reader's columns, without arrays or objects in between).
     */
    constructor(
        path: DealPath,
        createdDay: string,
        own: OwnArrays | null,
        stageTable: StageHistoryTable,
        stageRows: number,
        sources: number,
        block: Float64Array,
        start: number,
        codeBlock: Int32Array,
        codeStart: number,
        schema: FieldSchema | null,
        codes: string | number[],
        values: readonly FieldValue[]
    ) {
        this.createdDay = createdDay;
        this.deal = path.deal;
        this.own = own;
        this.stageRows = stageRows;
        this.stageTable = stageTable;
        this.codeBlock = codeBlock;
        this.codeStart = codeStart;
        this.sources = sources;
        this.visits = path.visits;
        this.visitCount = path.visits.length;
        this.closedAtText = path.closedAt;
        this.createdDate = path.deal.createdDate;
        this.block = block;
        this.start = start;
        this.schema = schema;
        this.codes = codes;
        this.values = values;
    }

    /** Whether the stage rows came from a reader's columns rather than the path's `stageHistory`. */
    get stageFromColumns(): boolean {
        return (this.sources & STAGE_FROM_COLUMNS) !== 0;
    }

    /** Whether the timeline came from a reader's columns rather than the path's `fieldHistory`. */
    get fromColumns(): boolean {
        return (this.sources & FIELDS_FROM_COLUMNS) !== 0;
    }

    private get stageHistory(): readonly StageHistoryRow[] | undefined {
        return this.own === null ? undefined : this.own.stageHistory;
    }

    private get fieldHistory(): readonly FieldHistoryRow[] | undefined {
        return this.own === null ? undefined : this.own.fieldHistory;
    }

    private get fieldRows(): number {
        return this.own === null ? 0 : this.own.fieldRows;
    }

    private get exits(): Array<number | null> | null {
        return this.own === null ? null : this.own.exits;
    }

    /** The value code at `i` of the timeline's: change k's old value is code 2k, its new value code 2k + 1. */
    private valueCode(i: number): number {
        return this.codeBlock[this.codeStart + this.stageRows + i];
    }

    /** Whether this index was built from the path as it is now. */
    describes(path: DealPath): boolean {
        return (
            this.deal === path.deal &&
            this.stageHistory === path.stageHistory &&
            (this.stageHistory === undefined || this.stageRows === this.stageHistory.length) &&
            this.fieldHistory === path.fieldHistory &&
            this.fieldRows === (path.fieldHistory?.length ?? 0) &&
            this.visits === path.visits &&
            this.visitCount === path.visits.length &&
            this.closedAtText === path.closedAt &&
            this.createdDate === path.deal.createdDate
        );
    }

    get hasTimeline(): boolean {
        return this.schema !== null;
    }

    /** How many fields the timeline lists. */
    get fieldCount(): number {
        return (this.schema as FieldSchema).names.length;
    }

    /** The timeline this index holds when it came from a reader's columns (to carry over), else null. */
    columnTimeline(): TimelineChanges | null {
        if (!this.fromColumns) return null;
        const schema = this.schema as FieldSchema;
        const positions = schema.names.length;
        const starts = new Array<number>(positions + 1);
        for (let p = 0; p <= positions; p++) starts[p] = codeAt(this.codes, p);
        const changeCount = starts[positions];
        const fieldStart = this.start + this.visitCount + 1 + this.stageRows;
        return {
            schema,
            starts,
            times: this.block.subarray(fieldStart, fieldStart + changeCount),
            codes: this.codeBlock.subarray(
                this.codeStart + this.stageRows,
                this.codeStart + this.stageRows + 2 * changeCount
            ),
            values: this.values,
            fromColumns: true
        };
    }

    /** The same index with a timeline over `schema` (the path is the one this index describes). */
    withTimeline(path: DealPath, timeline: TimelineChanges): PathIndex {
        const from = this.start;
        const instants: PathInstants = {
            visits: this.block.subarray(from, from + this.visitCount),
            closedAt: this.block[from + this.visitCount],
            rows: this.stageRowsOf(this.stageFromColumns),
            exits: this.exits
        };
        return indexOfInstants(path, this.createdDay, instants, timeline);
    }

    /** The stage rows this index holds, to index again. */
    stageRowsOf(fromColumns: boolean): StageRows {
        const rowsFrom = this.start + this.visitCount + 1;
        return {
            table: this.stageTable,
            rows: this.codeBlock.subarray(this.codeStart, this.codeStart + this.stageRows),
            times: this.block.subarray(rowsFrom, rowsFrom + this.stageRows),
            fromColumns
        };
    }

    get stageRowCount(): number {
        return this.stageRows;
    }

    /** Stage row i's row number in its table. */
    private stageRow(i: number): number {
        return this.codeBlock[this.codeStart + i];
    }

    rowStage(i: number): string {
        return this.stageTable.stages[this.stageTable.stageAt(this.stageRow(i))];
    }

    rowAmount(i: number): number | null {
        return this.stageTable.amountAt(this.stageRow(i));
    }

    rowCloseDate(i: number): string | null {
        return this.stageTable.closeDates[this.stageTable.closeDateAt(this.stageRow(i))];
    }

    rowProbability(i: number): number | null {
        return this.stageTable.probabilityAt(this.stageRow(i));
    }

    rowCategory(i: number): ForecastCategory | null {
        return this.stageTable.categories[this.stageTable.categoryAt(this.stageRow(i))];
    }

    rowCreatedDate(i: number): string {
        return this.stageTable.createdDateAt(this.stageRow(i));
    }

    /** The stage rows as row objects, in time order. */
    stageRowObjects(): StageHistoryRow[] {
        return Array.from({ length: this.stageRows }, (_, i) => this.stageTable.row(this.stageRow(i)));
    }

    get closedAt(): number | null {
        return this.closedAtText === null ? null : this.block[this.start + this.visitCount];
    }

    visitTime(i: number): number {
        return this.block[this.start + i];
    }

    exitTime(i: number): number | null {
        if (this.exits !== null) return this.exits[i];
        return i + 1 < this.visitCount ? this.block[this.start + i + 1] : null;
    }

    lastRowAtOrBefore(at: number): number {
        const from = this.start + this.visitCount + 1;
        const found = lastTimeAtOrBefore(this.block, at, from, from + this.stageRows);
        return found < 0 ? -1 : found - from;
    }

    lastVisitAtOrBefore(at: number): number {
        const found = lastTimeAtOrBefore(this.block, at, this.start, this.start + this.visitCount);
        return found < 0 ? -1 : found - this.start;
    }

    /** The last of the leading visits entered by `at` (a scan: for visits out of order, the first run of them). */
    leadingVisitAt(at: number): number {
        let found = -1;
        for (let i = 0; i < this.visitCount; i++) {
            if (this.block[this.start + i] <= at) found = i;
            else break;
        }
        return found;
    }

    private current(name: string): FieldValue {
        return (this.deal.fields ?? NO_FIELDS)[name] ?? null;
    }

    valueAt(key: FieldKey, at: number): FieldValue | undefined {
        const position = (this.schema as FieldSchema).positions[key.index];
        if (position === undefined) return undefined;
        return this.valueAtPosition(position, key.name, at);
    }

    /** The value of the field at `position` (named `name`) at `at`. */
    valueAtPosition(position: number, name: string, at: number): FieldValue {
        const first = codeAt(this.codes, position);
        const end = codeAt(this.codes, position + 1);
        if (first === end) return this.current(name);
        const fieldStart = this.start + this.visitCount + 1 + this.stageRows;
        const found = lastTimeAtOrBefore(this.block, at, fieldStart + first, fieldStart + end);
        // The new value of the last change at or before `at`; before the first change, its old value.
        const code = found >= 0 ? this.valueCode(2 * (found - fieldStart) + 1) : this.valueCode(2 * first);
        return this.values[code] ?? null;
    }

    /** The timeline's changes as rows of `deal`, each field's in time order, fields in the schema's order. */
    changeRows(): FieldHistoryRow[] {
        const schema = this.schema as FieldSchema;
        const rows: FieldHistoryRow[] = [];
        const fieldStart = this.start + this.visitCount + 1 + this.stageRows;
        for (let p = 0; p < schema.names.length; p++) {
            for (let k = codeAt(this.codes, p); k < codeAt(this.codes, p + 1); k++) {
                rows.push({
                    opportunityId: this.deal.id,
                    field: schema.names[p],
                    oldValue: this.values[this.valueCode(2 * k)],
                    newValue: this.values[this.valueCode(2 * k + 1)],
                    createdDate: new Date(this.block[fieldStart + k]).toISOString()
                });
            }
        }
        return rows;
    }

    private valueOf(position: number, at: number | null): FieldValue {
        const name = (this.schema as FieldSchema).names[position];
        return at === null ? this.current(name) : this.valueAtPosition(position, name, at);
    }

    /** Every field of the timeline's schema as it stood at `at`; null: the current values. */
    valuesAt(at: number | null): Record<string, FieldValue> {
        const schema = this.schema as FieldSchema;
        const values: Record<string, FieldValue> = { ...schema.blank };
        const { names } = schema;
        for (let i = 0; i < names.length; i++) values[names[i]] = this.valueOf(i, at);
        return values;
    }

    /**
     * Whether `valuesAt(at)` would equal `record`, without building it: `record` must list exactly the
     * schema's names, in its order (a record `valuesAt` built, or a deal's fields checked to), and hold
     * the same values (`Object.is`: a -0 or an undefined is not taken for 0 or null).
     */
    sameValuesAt(at: number | null, record: Record<string, FieldValue>): boolean {
        const { names } = this.schema as FieldSchema;
        for (let i = 0; i < names.length; i++)
            if (!Object.is(this.valueOf(i, at), record[names[i]])) return false;
        return true;
    }
}

/** A timeline's offsets as `PathIndex.codes` holds them: a string of 16-bit codes, or an array past 65,535 changes. */
function offsetCodes(starts: ArrayLike<number>, changeCount: number): string | number[] {
    const list = Array.from(starts);
    // Offsets run up to the number of changes.
    return changeCount <= MAX_CHAR_CODE ? String.fromCharCode.apply(null, list) : list;
}

const NO_VALUES: readonly FieldValue[] = [];

/** An index of a path's instants, stage rows and timeline, written into the shared blocks. */
function indexOfInstants(
    path: DealPath,
    createdDay: string,
    instants: PathInstants,
    timeline: TimelineChanges | null
): PathIndex {
    const { stageHistory, fieldHistory } = path;
    const { exits } = instants;
    const own =
        stageHistory === undefined && fieldHistory === undefined && exits === null
            ? null
            : { stageHistory, fieldHistory, fieldRows: fieldHistory?.length ?? 0, exits };
    const stageRows = instants.rows;
    const rowCount = stageRows.rows.length;
    const visitCount = path.visits.length;
    const changeCount = timeline ? timeline.times.length : 0;
    const codeCount = rowCount + 2 * changeCount;
    const codeStart = codeBlocks.reserve(codeCount);
    const codeBlock = codeBlocks.block;
    codeBlock.set(stageRows.rows, codeStart);
    if (timeline) codeBlock.set(timeline.codes, codeStart + rowCount);
    const sources =
        (stageRows.fromColumns ? STAGE_FROM_COLUMNS : 0) | (timeline?.fromColumns ? FIELDS_FROM_COLUMNS : 0);
    const fieldStart = visitCount + 1 + rowCount;
    const start = timeBlocks.reserve(fieldStart + changeCount);
    const block = timeBlocks.block;
    block.set(instants.visits, start);
    block[start + visitCount] = instants.closedAt;
    block.set(stageRows.times, start + visitCount + 1);
    if (timeline) block.set(timeline.times, start + fieldStart);
    return new PathIndex(
        path,
        createdDay,
        own,
        stageRows.table,
        rowCount,
        sources,
        block,
        start,
        codeBlock,
        codeStart,
        timeline ? timeline.schema : null,
        timeline ? offsetCodes(timeline.starts, changeCount) : '',
        timeline ? timeline.values : NO_VALUES
    );
}

/** The link from a path `buildDealPaths` made to its index (`BuiltPath`). */
const INDEX_LINK = Symbol('path index');

/**
 * A path `buildDealPaths` made: the fields of `DealPath`, and a link to the path's index that is not
 * one of them (not enumerable: equality, JSON and spread copies see the path's fields alone, and a
 * copy is indexed again, as a path built by hand is). Any other path's index is kept in a WeakMap. At a
 * million paths that WeakMap was a million ephemerons, which each full collection of the heap
 * processed in its final pause (1.3 s in one pause of `reconcile` at 1M), and every lookup hashed.
 */
class BuiltPath implements DealPath {
    constructor(
        public deal: OpportunityRecord,
        public visits: StageVisit[],
        public closeDateChanges: DealPath['closeDateChanges'],
        public outcome: DealPath['outcome'],
        public closedAt: string | null,
        public valuesFromFieldHistory: boolean
    ) {
        Object.defineProperty(this, INDEX_LINK, { value: null, writable: true });
    }
}

/** A built path seen with its link (which the class does not declare: it is defined, not assigned). */
type LinkedPath = BuiltPath & { [INDEX_LINK]: PathIndex | null };

const pathIndexMap = new WeakMap<DealPath, PathIndex>();

/** Each path's index: linked from a `BuiltPath`, else kept beside the path. */
const pathIndexes = {
    get(path: DealPath): PathIndex | undefined {
        return path instanceof BuiltPath
            ? ((path as LinkedPath)[INDEX_LINK] ?? undefined)
            : pathIndexMap.get(path);
    },
    set(path: DealPath, index: PathIndex): void {
        if (path instanceof BuiltPath) (path as LinkedPath)[INDEX_LINK] = index;
        else pathIndexMap.set(path, index);
    }
};

/**
 * One string per creation day for every path's `createdDay` (a few thousand distinct days against a
 * fresh ten-character string per deal). Bounded like the other caches: cleared when full.
 */
const createdDays = new Map<string, string>();
const CREATED_DAY_LIMIT = 100_000;

function sharedDay(day: string): string {
    const known = createdDays.get(day);
    if (known !== undefined) return known;
    if (createdDays.size >= CREATED_DAY_LIMIT) createdDays.clear();
    createdDays.set(day, day);
    return day;
}

/** Every row of a table made of a path's own rows, in their order, with their instants (parsed in that order). */
function everyRow(table: FieldHistoryTable | StageHistoryTable): { rows: number[]; times: number[] } {
    const rows = new Array<number>(table.length);
    const times = new Array<number>(table.length);
    for (let i = 0; i < table.length; i++) {
        rows[i] = i;
        times[i] = table.instantAt(i);
    }
    return { rows, times };
}

/** The stage rows of a path without any (never appended to). */
const NO_STAGE_ROWS = new StageHistoryTable(1);

/** The path's index, built from the path's own strings unless it still describes the path. */
function indexOf(path: DealPath): PathIndex {
    const cached = pathIndexes.get(path);
    if (cached && cached.describes(path)) return cached;
    // Parsed in this order (creation, close, rows, entries, exits): the first date that does not
    // parse is the one an error names.
    const createdDay = sharedDay(toDate(path.deal.createdDate));
    const closedAt = path.closedAt === null ? 0 : toTimestamp(path.closedAt);
    // A path built from columns has no rows to index again: its rows are carried over (the columns
    // they came from do not change), unless the path has been given rows of its own. A path's own
    // rows become a table (one way to read rows), in their order (paths keep them in time order).
    let rows: StageRows;
    if (cached && !path.stageHistory && cached.stageFromColumns) rows = cached.stageRowsOf(true);
    else {
        const table = path.stageHistory ? StageHistoryTable.fromRows(path.stageHistory) : NO_STAGE_ROWS;
        rows = { table, ...everyRow(table), fromColumns: false };
    }
    const visits = path.visits.map((v) => toTimestamp(v.enteredAt));
    const exits = path.visits.map((v) => (v.exitedAt ? toTimestamp(v.exitedAt) : null));
    let chained = true;
    for (let i = 0; chained && i < visits.length; i++)
        chained = Object.is(exits[i], i + 1 < visits.length ? visits[i + 1] : null);
    // A path built from columns has no rows to build its timeline from again: the timeline is carried
    // over (the columns it came from do not change), unless the path has been given rows of its own.
    const carried = cached && !path.fieldHistory ? cached.columnTimeline() : null;
    const index = indexOfInstants(
        path,
        createdDay,
        { visits, closedAt, rows, exits: chained ? null : exits },
        carried
    );
    pathIndexes.set(path, index);
    return index;
}

/** What callers ask of paths by id: `get` alone (a `Map` of paths by id answers it too). */
export interface PathLookup {
    get(id: string): DealPath | undefined;
}

/**
 * Paths by their deal's id, the last path of an id winning (as a `Map` filled in order keeps it). The
 * path after the last one found is tried first: most callers walk deals in path order (the pipeline of
 * every deal, its scores), and then find each path without a lookup (a cache miss or more each at a
 * million deals). The positions are a `Map` rather than an `IdIndex`: kept for all of `reconcile`, they
 * are 15 MB at a million deals where an `IdIndex` is 42 MB, and few lookups reach them.
 */
export class PathsById {
    private readonly positions = new Map<string, number>();
    /** 1 where a path is the one its id finds (the last of its id). */
    private readonly found: Uint8Array;
    private last = -1;

    constructor(private readonly paths: readonly DealPath[]) {
        this.found = new Uint8Array(paths.length);
        // From the end: the first path met of an id is the last of that id.
        for (let i = paths.length - 1; i >= 0; i--) {
            const id = paths[i].deal.id;
            if (this.positions.has(id)) continue;
            this.positions.set(id, i);
            this.found[i] = 1;
        }
    }

    get size(): number {
        return this.positions.size;
    }

    get(id: string): DealPath | undefined {
        const next = this.last + 1;
        if (next < this.paths.length && this.found[next] === 1 && this.paths[next].deal.id === id) {
            this.last = next;
            return this.paths[next];
        }
        const at = this.positions.get(id);
        if (at === undefined) return undefined;
        this.last = at;
        return this.paths[at];
    }
}

/**
 * Each deal id's path: the last one listed when an id is listed twice (as `new Map` of the pairs keeps).
 * `reconcile` builds it once and hands it to every step that looks paths up by id (each such map was 29 MB
 * of allocation at 300,000 deals).
 */
export function pathsById(paths: readonly DealPath[]): PathsById {
    return new PathsById(paths);
}

/** The path's instants (creation day, close, history rows, visits), parsed once per path. */
export function pathTimes(path: DealPath): PathTimes {
    return indexOf(path);
}

/** The path's field history as a timeline over every field it or its visits name (built once per path). */
function timelineOf(path: DealPath): PathIndex {
    let index = indexOf(path);
    if (!index.hasTimeline) {
        const names = new Set<string>(Object.keys(path.deal.fields ?? {}));
        for (const visit of path.visits) for (const name of Object.keys(visit.values)) names.add(name);
        // Paths keep their field history in time order already; their rows become columns (one
        // way to build a timeline), read in that order.
        const table = FieldHistoryTable.fromRows(path.fieldHistory ?? []);
        const { rows, times } = everyRow(table);
        index = index.withTimeline(
            path,
            timelineChanges(fieldSchemaOf([...names]), table, rows, times, false)
        );
        pathIndexes.set(path, index);
    }
    return index;
}

/**
 * Whether the path has field history to read values as of past instants from: rows of its own
 * (`fieldHistory`, possibly none), or a timeline built from a reader's columns (`buildDealPaths`).
 * Looked up without building or checking the path's index (which parses the path's dates).
 */
export function hasFieldHistory(path: DealPath): boolean {
    return Boolean(path.fieldHistory) || pathIndexes.get(path)?.fromColumns === true;
}

/**
 * The path's field-history rows: its own `fieldHistory`, or, for a path built from columns, the
 * changes its timeline holds (to the fields it lists), each field's in time order, as rows (instants
 * as ISO strings). For a copy of a path (`{ ...path, fieldHistory: fieldHistoryOf(path) }`): a copy
 * is another object, without the original's index. Undefined for a path without field history.
 */
export function fieldHistoryOf(path: DealPath): FieldHistoryRow[] | undefined {
    if (path.fieldHistory) return path.fieldHistory;
    return hasFieldHistory(path) ? timelineOf(path).changeRows() : undefined;
}

/**
 * The path's stage-history rows in time order: its own `stageHistory`, or, for a path built from
 * columns, its rows read back as row objects (for a copy of a path, and for tools: the engine reads
 * them through `pathTimes`).
 */
export function stageHistoryOf(path: DealPath): StageHistoryRow[] {
    return path.stageHistory ?? indexOf(path).stageRowObjects();
}

/**
 * Reads the path's field history one field at a time, as `valuesAtInstant` would give it in a record
 * (the same timeline, built once per path), or null for a path without field history.
 */
export function fieldReader(path: DealPath): FieldReader | null {
    return hasFieldHistory(path) ? timelineOf(path) : null;
}

/**
 * The instant halfway through a visit, in whole milliseconds (what the ISO string of that midpoint
 * would name), from its `enteredAt` and `exitedAt` as written (`Date.parse`); NaN for a visit not
 * yet left, or whose instants do not parse or run backwards. Two finite parsed instants are within
 * Date's range, so their midpoint is too.
 */
export function visitMidpoint(visit: StageVisit): number {
    if (!visit.exitedAt) return NaN;
    return midpointBetween(Date.parse(visit.enteredAt), Date.parse(visit.exitedAt));
}

/** The whole millisecond halfway from `entered` to `exited`; NaN when either is not finite or they run backwards. */
function midpointBetween(entered: number, exited: number): number {
    if (!Number.isFinite(entered) || !Number.isFinite(exited) || exited < entered) return NaN;
    return new Date(entered + (exited - entered) / 2).getTime();
}

/**
 * `visitMidpoint` of visit `index` of a path built from columns (`buildDealPaths`), from the instants its
 * index holds, which are the ones its visits' strings name: without parsing those strings again (at
 * 300,000 deals that parse made 134 MB of garbage). Null for any other path, or one whose
 * arrays changed since its index was built (as `pathTimes` tells): `visitMidpoint` then reads the strings.
 */
export function indexedVisitMidpoint(path: DealPath, index: number): number | null {
    const cached = pathIndexes.get(path);
    if (!cached || !cached.fromColumns || !cached.describes(path)) return null;
    const exited = cached.exitTime(index);
    return exited === null ? NaN : midpointBetween(cached.visitTime(index), exited);
}

/** The visits array whose midpoints were computed last, and those midpoints. */
let midpointsOf: readonly StageVisit[] | null = null;
let lastMidpoints: number[] = [];

/**
 * `visitMidpoint` of each of a path's visits, in their order, for the last visits array asked about
 * (recomputed when another is asked about, or when it grows). A fit reads one closed deal's stages one
 * after another, and a run reads each closed deal once for all its fits (`closedRows`), so one array
 * kept serves as well as one per path did, without about 100 bytes per closed deal for the rest of
 * the run (10 MB of live heap at 100k). Apart from `pathTimes`, whose index parses every date of the
 * path and throws on one it cannot read, where a midpoint only needs its own visit's.
 */
export function visitMidpoints(visits: readonly StageVisit[]): readonly number[] {
    if (midpointsOf !== visits || lastMidpoints.length !== visits.length) {
        lastMidpoints = visits.map(visitMidpoint);
        midpointsOf = visits;
    }
    return lastMidpoints;
}

function fieldNamesFor(process: ProcessDefinition, deal: OpportunityRecord): string[] {
    const names = new Set<string>(Object.keys(deal.fields ?? {}));
    for (const parameter of process.parameters) names.add(parameter.field);
    return [...names];
}

/**
 * The schema of each deal's fields and the process's parameters, for one `buildDealPaths` call. Every
 * deal of a source lists the same fields in the same order, so a deal whose field names are the
 * previous deal's gets its schema without building and joining the list again. The names are walked
 * with `for ... in` (own names, in `Object.keys` order) rather than listed with `Object.keys`: an
 * array per deal, twice, was garbage for a million deals.
 */
class DealSchemas {
    private lastNames: string[] = [];
    private lastSchema: FieldSchema | null = null;
    /** How many names the fields record of the deal last asked about lists. */
    fieldCount = 0;

    constructor(private readonly process: ProcessDefinition) {}

    of(deal: OpportunityRecord): FieldSchema {
        const lastNames = this.lastNames;
        let same = this.lastSchema !== null;
        let count = 0;
        const fields = deal.fields ?? NO_FIELDS;
        for (const name in fields) {
            // Own names only, as `Object.keys` lists them (V8 answers this check from the walk itself).
            if (Object.prototype.hasOwnProperty.call(fields, name)) {
                if (same && name !== lastNames[count]) same = false;
                count++;
            }
        }
        this.fieldCount = count;
        if (!same || count !== lastNames.length || !this.lastSchema) {
            this.lastSchema = fieldSchemaOf(fieldNamesFor(this.process, deal));
            this.lastNames = Object.keys(deal.fields ?? {});
        }
        return this.lastSchema;
    }
}

/** `createdDay` strings by day number (days since 1970), beside `sharedDay`'s by text. */
const createdDaysByNumber = new Map<number, string>();

/**
 * `sharedDay(toDate(createdDate))`, found by the day's number when `createdAt` is the text's instant
 * (`canonicalTimestamp`): a deal's creation day without the regular expression and the fresh string
 * `toDate` makes per deal. Any other text goes through `toDate` (which throws what it throws).
 */
function createdDayOf(createdDate: string, createdAt: number): string {
    if (!Number.isFinite(createdAt)) return sharedDay(toDate(createdDate));
    const dayNumber = Math.floor(createdAt / MS_PER_DAY);
    let day = createdDaysByNumber.get(dayNumber);
    if (day === undefined) {
        day = sharedDay(toDate(createdDate));
        if (createdDaysByNumber.size >= CREATED_DAY_LIMIT) createdDaysByNumber.clear();
        createdDaysByNumber.set(dayNumber, day);
    }
    return day;
}

/**
 * The instant of a date-time that `fromTimestamp` writes back exactly as it is written (a canonical
 * `YYYY-MM-DDTHH:MM:SS.sssZ` from 1970 on, seconds below 60), else NaN: a history row stamped that
 * instant, without a kept text, is written as this very string (`rowText`).
 */
function writtenInstant(text: string | null | undefined): number {
    if (typeof text !== 'string') return NaN;
    const at = canonicalTimestamp(text);
    // A leap second (`:60`) parses to the next minute, which is written otherwise.
    return at >= 0 && text.charCodeAt(17) !== 54 /* 6 */ ? at : NaN;
}

/**
 * A stage row's instant as written (`createdDateAt`), as the deal's own string where it is the deal's
 * creation or last modification (a deal's first row is stamped with one, its last often with the
 * other): one string fewer per visit, and the values are equal either way. `at` is the row's instant;
 * `createdAt` and `modifiedAt` are the deal's strings' `writtenInstant`s, so that a row equal to
 * one is found by comparing numbers, without writing its text first.
 */
function rowText(
    table: StageHistoryTable,
    row: number,
    at: number,
    deal: OpportunityRecord,
    createdAt: number,
    modifiedAt: number
): string {
    const kept = table.keptText(row);
    if (kept === undefined) {
        if (at === createdAt) return deal.createdDate;
        if (at === modifiedAt) return deal.lastModifiedDate as string;
        return fromTimestamp(at);
    }
    if (kept === deal.createdDate) return deal.createdDate;
    if (kept === deal.lastModifiedDate) return deal.lastModifiedDate;
    return kept;
}

/** `array` when it holds `length` numbers, else a larger one of its kind (its contents are not kept). */
function room<T extends Int32Array | Float64Array>(array: T, length: number): T {
    if (array.length >= length) return array;
    return new (array.constructor as new (length: number) => T)(Math.max(length, 2 * array.length));
}

/**
 * Working arrays `buildDealPath` reuses from one deal to the next, grown when a deal needs more (the
 * core is synchronous: one path is built at a time). A deal's rows are sorted, its visits found and
 * its changes grouped in them before being written into the shared blocks, where a few arrays and
 * objects per deal had been a third of the paths' time at a million deals (garbage collection).
 */
const scratch = {
    /** The deal's stage rows (row numbers) and their instants, then sorted by time. */
    stageRows: new Int32Array(64),
    stageTimes: new Float64Array(64),
    /** The deal's field-history rows and their instants, then sorted by time; each one's schema position. */
    fieldRows: new Int32Array(256),
    fieldTimes: new Float64Array(256),
    fieldPositions: new Int32Array(256),
    /** Per visit: its entry's instant, stage and text. */
    visitTimes: new Float64Array(16),
    visitStages: [] as string[],
    visitTexts: [] as string[],
    /** The deal's close-date changes, in time order (as many as it counts; later places hold an earlier deal's). */
    closeDateChanges: [] as DealPath['closeDateChanges'],
    /** Per schema position: where its changes start (then: the next free place while grouping). */
    starts: new Int32Array(64),
    next: new Int32Array(64),
    /** The schema positions of the fields the deal changed, and their values at a visit's exit. */
    changed: new Int32Array(64),
    changedValues: [] as FieldValue[],
    /** `starts` as a list, for `String.fromCharCode` (the length of the last schema plus one). */
    startList: [] as number[]
};

/**
 * A deal's rows of a table, `order[from .. to - 1]` (input order), sorted by time into `rows` and
 * `times`; rows stamped the same instant keep their input order, so results are deterministic. Exports
 * list a deal's history in time order, so the rows are usually in order already, and then nothing is
 * sorted. An instant that does not parse throws here (`instantAt`), in row order.
 */
function sortRowsByTime(
    table: FieldHistoryTable | StageHistoryTable,
    order: Int32Array,
    from: number,
    to: number,
    rows: Int32Array,
    times: Float64Array
): void {
    const count = to - from;
    let ordered = true;
    for (let i = 0; i < count; i++) {
        const row = order[from + i];
        const at = table.instantAt(row);
        rows[i] = row;
        times[i] = at;
        if (i > 0 && at < times[i - 1]) ordered = false;
    }
    if (ordered) return;
    const sorted = Array.from({ length: count }, (_, i) => i).sort((x, y) => times[x] - times[y] || x - y);
    const sortedRows = sorted.map((i) => rows[i]);
    const sortedTimes = sorted.map((i) => times[i]);
    for (let i = 0; i < count; i++) {
        rows[i] = sortedRows[i];
        times[i] = sortedTimes[i];
    }
}

/** What every path of one `buildDealPaths` call reads: the tables, the deals' rows grouped, the pool. */
interface PathSources {
    stageTable: StageHistoryTable;
    stageGroups: RowGroups;
    fieldTable: FieldHistoryTable;
    fieldGroups: RowGroups;
    /** Per field code of `fieldTable`, its key's index (`fieldKeysOf`). */
    fieldKeyIndexes: readonly number[];
    pool: ValuesPool;
}

/**
 * One path per opportunity, in the order given. A new visit starts whenever the stage changes between
 * consecutive history rows; a stage re-entered later is a new visit. Each visit carries the field
 * values as they were when the deal left it (current values for the visit it is still in).
 *
 * The field history is read as columns (a reader's `FieldHistoryTable`; rows built by hand are made
 * one first), and each path keeps its deal's changes as its index's timeline rather than as rows: a
 * path built here has no `fieldHistory` of its own (`hasFieldHistory`, `fieldHistoryOf`).
 *
 * A deal without history rows gets one visit, in its current stage, from its creation. When the last
 * history row disagrees with the deal's current stage (a truncated export), a final visit in the
 * current stage is added at the deal's last modification so the path ends where the deal is.
 *
 * Rows for opportunities not in `opportunities` are ignored: adapters report those as data problems.
 */
export function buildDealPaths(
    process: ProcessDefinition,
    opportunities: readonly OpportunityRecord[],
    stageHistory: StageHistoryTable | readonly StageHistoryRow[],
    fieldHistory: FieldHistoryTable | readonly FieldHistoryRow[]
): DealPath[] {
    const stageTable = Array.isArray(stageHistory)
        ? StageHistoryTable.fromRows(stageHistory)
        : (stageHistory as StageHistoryTable);
    const fieldTable = Array.isArray(fieldHistory)
        ? FieldHistoryTable.fromRows(fieldHistory)
        : (fieldHistory as FieldHistoryTable);
    if (fieldTable.released)
        throw new Error(
            'the field history was let go once paths were built from it (FieldHistoryTable.release): build the paths once'
        );
    // Deals sharing an id share one group, as they share its rows. Each deal's group is kept, so the ids
    // (a cache miss each at a million deals) are looked up once, as numbers (`IdIndex`).
    const groupOf = new IdIndex(opportunities.length);
    const dealGroups = new Int32Array(opportunities.length);
    // Indexed loops over the deals: `for ... of` made an iterator result per deal here.
    for (let i = 0; i < opportunities.length; i++)
        dealGroups[i] = groupOf.getOrAdd(opportunities[i].id, groupOf.size);
    const groupCount = groupOf.size;
    const sources: PathSources = {
        stageTable,
        stageGroups: groupTableRows(stageTable, groupOf, groupCount),
        fieldTable,
        fieldGroups: groupTableRows(fieldTable, groupOf, groupCount),
        fieldKeyIndexes: fieldKeysOf(fieldTable),
        // Visits whose values equal any deal's, or an earlier visit's, share that record.
        pool: new ValuesPool()
    };
    for (let i = 0; i < opportunities.length; i++) {
        const fields = opportunities[i].fields;
        if (fields) sources.pool.share(fields);
    }
    const schemas = new DealSchemas(process);
    const paths = new Array<DealPath>(opportunities.length);
    for (let i = 0; i < opportunities.length; i++) {
        const deal = opportunities[i];
        try {
            const schema = schemas.of(deal);
            paths[i] = buildDealPath(schema, schemas.fieldCount, deal, dealGroups[i], sources);
        } catch (error) {
            // Name the record: with a million rows, "not a date" alone is no help.
            throw new Error(
                `Opportunity ${deal.id}: ${error instanceof Error ? error.message : String(error)}`
            );
        }
    }
    return paths;
}

/**
 * The path of `deal`, whose rows are group `group` of `sources`' tables; `schema` lists the deal's
 * fields (`fieldCount` of them, first) and the process's parameters. The rows are sorted, the visits
 * found and the field changes grouped in `scratch`, then written straight into the shared blocks and
 * indexed (`PathIndex`, laid out as its comment says).
 */
function buildDealPath(
    schema: FieldSchema,
    fieldCount: number,
    deal: OpportunityRecord,
    group: number,
    sources: PathSources
): DealPath {
    const { stageTable, fieldTable } = sources;
    const stageFrom = sources.stageGroups.starts[group];
    const stageCount = sources.stageGroups.starts[group + 1] - stageFrom;
    const fieldFrom = sources.fieldGroups.starts[group];
    const fieldRowCount = sources.fieldGroups.starts[group + 1] - fieldFrom;
    const stageRows = (scratch.stageRows = room(scratch.stageRows, stageCount));
    const stageTimes = (scratch.stageTimes = room(scratch.stageTimes, stageCount));
    const fieldRows = (scratch.fieldRows = room(scratch.fieldRows, fieldRowCount));
    const fieldTimes = (scratch.fieldTimes = room(scratch.fieldTimes, fieldRowCount));
    sortRowsByTime(
        stageTable,
        sources.stageGroups.order,
        stageFrom,
        stageFrom + stageCount,
        stageRows,
        stageTimes
    );
    sortRowsByTime(
        fieldTable,
        sources.fieldGroups.order,
        fieldFrom,
        fieldFrom + fieldRowCount,
        fieldRows,
        fieldTimes
    );

    // Visits: their entries' instants, stages and texts (at most one per row, and a last one).
    const visitTimes = (scratch.visitTimes = room(scratch.visitTimes, stageCount + 1));
    const { visitStages, visitTexts } = scratch;
    const createdAt = writtenInstant(deal.createdDate);
    const modifiedAt = writtenInstant(deal.lastModifiedDate);
    let visitCount = 0;
    // Written by index and counted: emptying an array (`length = 0`) lets its element store go.
    const closeDateChanges = scratch.closeDateChanges;
    let closeDateChangeCount = 0;
    let previousCloseDate: string | null = null;
    for (let i = 0; i < stageCount; i++) {
        const row = stageRows[i];
        const stageName = stageTable.stages[stageTable.stageAt(row)];
        let text: string | null = null;
        if (visitCount === 0 || visitStages[visitCount - 1] !== stageName) {
            text = rowText(stageTable, row, stageTimes[i], deal, createdAt, modifiedAt);
            visitTimes[visitCount] = stageTimes[i];
            visitStages[visitCount] = stageName;
            visitTexts[visitCount] = text;
            visitCount++;
        }
        const closeDate = stageTable.closeDates[stageTable.closeDateAt(row)];
        if (closeDate) {
            if (previousCloseDate !== null && closeDate !== previousCloseDate) {
                closeDateChanges[closeDateChangeCount++] = {
                    at: text ?? rowText(stageTable, row, stageTimes[i], deal, createdAt, modifiedAt),
                    from: previousCloseDate,
                    to: closeDate
                };
            }
            previousCloseDate = closeDate;
        }
    }
    if (visitCount === 0) {
        visitTimes[0] = toTimestamp(deal.createdDate);
        visitStages[0] = deal.stageName;
        visitTexts[0] = deal.createdDate;
        visitCount = 1;
    } else if (visitStages[visitCount - 1] !== deal.stageName) {
        const lastAt = visitTimes[visitCount - 1];
        const modified = deal.lastModifiedDate ? toTimestamp(deal.lastModifiedDate) : null;
        const useModified = modified !== null && modified > lastAt;
        visitTimes[visitCount] = useModified ? modified : lastAt;
        visitStages[visitCount] = deal.stageName;
        visitTexts[visitCount] = useModified ? (deal.lastModifiedDate as string) : visitTexts[visitCount - 1];
        visitCount++;
    }
    const createdDay = createdDayOf(deal.createdDate, createdAt);

    // The path first, its visits filled in below: the index keeps the visits array, and the visits'
    // values are read from the index's timeline.
    const visits = new Array<StageVisit>(visitCount);
    const outcome: DealPath['outcome'] = deal.isClosed ? (deal.isWon ? 'won' : 'lost') : 'open';
    const path = new BuiltPath(
        deal,
        visits,
        // Most deals never move their close date: a fresh empty array holds no element store; a list
        // with changes is copied to its length (from the scratch list, not from one grown per deal).
        closeDateChangeCount > 0 ? closeDateChanges.slice(0, closeDateChangeCount) : [],
        outcome,
        // The last visit's `enteredAt`, whose instant is that visit's.
        outcome === 'open' ? null : visitTexts[visitCount - 1],
        fieldRowCount > 0
    );

    // The timeline: the changes to the schema's fields grouped by position (a stable counting sort,
    // so each field's changes keep their time order); changes to fields it does not list are left
    // out (`valuesAt` never reads them).
    const { names, positions } = schema;
    const positionCount = names.length;
    const fieldPositions = (scratch.fieldPositions = room(scratch.fieldPositions, fieldRowCount));
    const starts = (scratch.starts = room(scratch.starts, positionCount + 1));
    starts.fill(0, 0, positionCount + 1);
    const keyIndexes = sources.fieldKeyIndexes;
    for (let i = 0; i < fieldRowCount; i++) {
        const position = positions[keyIndexes[fieldTable.fieldAt(fieldRows[i])]] ?? -1;
        fieldPositions[i] = position;
        if (position >= 0) starts[position + 1]++;
    }
    for (let p = 0; p < positionCount; p++) starts[p + 1] += starts[p];
    const changeCount = starts[positionCount];

    // Written into the shared blocks: stage rows' numbers then two value codes per change; visits'
    // entries, the close, the stage rows' instants, then the changes' instants.
    const codeCount = stageCount + 2 * changeCount;
    const codeStart = codeBlocks.reserve(codeCount);
    const codeBlock = codeBlocks.block;
    for (let i = 0; i < stageCount; i++) codeBlock[codeStart + i] = stageRows[i];
    const fieldStart = visitCount + 1 + stageCount;
    const start = timeBlocks.reserve(fieldStart + changeCount);
    const block = timeBlocks.block;
    for (let i = 0; i < visitCount; i++) block[start + i] = visitTimes[i];
    block[start + visitCount] = outcome === 'open' ? 0 : visitTimes[visitCount - 1];
    for (let i = 0; i < stageCount; i++) block[start + visitCount + 1 + i] = stageTimes[i];
    const next = (scratch.next = room(scratch.next, positionCount));
    for (let p = 0; p < positionCount; p++) next[p] = starts[p];
    const codesFrom = codeStart + stageCount;
    for (let i = 0; i < fieldRowCount; i++) {
        const position = fieldPositions[i];
        if (position < 0) continue;
        const k = next[position]++;
        const row = fieldRows[i];
        block[start + fieldStart + k] = fieldTimes[i];
        codeBlock[codesFrom + 2 * k] = fieldTable.oldValueAt(row);
        codeBlock[codesFrom + 2 * k + 1] = fieldTable.newValueAt(row);
    }
    const index = new PathIndex(
        path,
        createdDay,
        null,
        stageTable,
        stageCount,
        STAGE_FROM_COLUMNS | FIELDS_FROM_COLUMNS,
        block,
        start,
        codeBlock,
        codeStart,
        schema,
        offsetsOf(starts, positionCount, changeCount),
        fieldTable.values
    );
    pathIndexes.set(path, index);
    fillVisits(path, index, schema, fieldCount, starts, visitCount, sources.pool);
    return path;
}

/** One string per distinct list of a timeline's offsets (see `offsetsOf`), found by a hash of the offsets. */
const offsetStrings = new Map<number, string>();
const OFFSET_STRING_LIMIT = 1 << 16;

/**
 * `starts[0 .. positionCount]` as `PathIndex.codes` holds them, the same string for every deal with the
 * same offsets (deals change few fields, so few lists repeat across many deals: a string per deal was
 * about 56 bytes of each path). Looked up by a hash of the offsets, compared code by code; bounded.
 */
function offsetsOf(starts: Int32Array, positionCount: number, changeCount: number): string | number[] {
    if (changeCount > MAX_CHAR_CODE) return Array.from(starts.subarray(0, positionCount + 1));
    let hash = positionCount;
    for (let p = 1; p <= positionCount; p++) hash = Math.imul(hash ^ starts[p], 0x01000193);
    const known = offsetStrings.get(hash);
    if (known !== undefined && known.length === positionCount + 1) {
        let same = true;
        for (let p = 1; same && p <= positionCount; p++) same = known.charCodeAt(p) === starts[p];
        if (same) return known;
    }
    let list = scratch.startList;
    if (list.length !== positionCount + 1) list = scratch.startList = new Array<number>(positionCount + 1);
    for (let p = 0; p <= positionCount; p++) list[p] = starts[p];
    const codes = String.fromCharCode.apply(null, list);
    if (offsetStrings.size >= OFFSET_STRING_LIMIT) offsetStrings.clear();
    offsetStrings.set(hash, codes);
    return codes;
}

/**
 * Each visit of a path just indexed, with the values of the deal's fields as they were when it left
 * (`valuesAt` its exit; the current values for the last). Visits share one values record where their
 * values are equal (the previous visit's record, the deal's own fields, or through the pool any deal's
 * or earlier visit's): most visits end with the answers the deal still has, and a record of every
 * captured field per visit was about a fifth of a path's bytes. Values records are never written to
 * after this (nothing in the core, the CLI or the page does), so sharing is invisible.
 *
 * Only the fields the deal changed are read per visit: a field without changes holds its current value
 * at every instant, so it is equal in every record this deal's visits could share (the previous
 * visit's and any pooled one were equal to this timeline's values in every field), and equal in the
 * deal's own record unless that holds `undefined` for it (read as null). `starts` are the timeline's
 * offsets by schema position.
 */
function fillVisits(
    path: DealPath,
    index: PathIndex,
    schema: FieldSchema,
    fieldCount: number,
    starts: Int32Array,
    visitCount: number,
    pool: ValuesPool
): void {
    const { names } = schema;
    const positionCount = names.length;
    const deal = path.deal;
    const fields = deal.fields ?? NO_FIELDS;
    const changed = (scratch.changed = room(scratch.changed, positionCount));
    let changedCount = 0;
    let dealFields = deal.fields && fieldCount === positionCount ? deal.fields : null;
    for (let p = 0; p < positionCount; p++) {
        if (starts[p] < starts[p + 1]) changed[changedCount++] = p;
        else if (dealFields !== null && dealFields[names[p]] === undefined) dealFields = null;
    }
    const values = scratch.changedValues;
    const { visits } = path;
    const { visitTimes, visitStages, visitTexts } = scratch;
    let previous: Record<string, FieldValue> | null = null;
    for (let i = 0; i < visitCount; i++) {
        const last = i + 1 === visitCount;
        for (let j = 0; j < changedCount; j++) {
            const p = changed[j];
            values[j] = last
                ? (fields[names[p]] ?? null)
                : index.valueAtPosition(p, names[p], visitTimes[i + 1]);
        }
        let record: Record<string, FieldValue> | null = null;
        if (previous !== null && sameChanged(previous, names, changed, values, changedCount))
            record = previous;
        else if (dealFields !== null && sameChanged(dealFields, names, changed, values, changedCount))
            record = dealFields;
        else {
            record = { ...schema.blank };
            for (let p = 0; p < positionCount; p++) record[names[p]] = fields[names[p]] ?? null;
            for (let j = 0; j < changedCount; j++) record[names[changed[j]]] = values[j];
            record = pool.share(record);
        }
        previous = record;
        visits[i] = {
            stage: visitStages[i],
            enteredAt: visitTexts[i],
            exitedAt: last ? null : visitTexts[i + 1],
            values: record
        };
    }
}

/** Whether `record` holds `values[j]` for the field at position `changed[j]` of `names`, for every j (`Object.is`). */
function sameChanged(
    record: Record<string, FieldValue>,
    names: readonly string[],
    changed: Int32Array,
    values: readonly FieldValue[],
    changedCount: number
): boolean {
    for (let j = 0; j < changedCount; j++) if (!Object.is(values[j], record[names[changed[j]]])) return false;
    return true;
}

/**
 * The deal's parameter values at an instant (ISO date-time, or a date meaning its end). Uses the
 * field history kept on the path; a hand-built path without it falls back on the values of the visit
 * the deal was in at that time.
 */
export function valuesAsOf(path: DealPath, at: string): Record<string, FieldValue> {
    const instant = /^\d{4}-\d{2}-\d{2}$/.test(at.trim()) ? endOfDay(at) : toTimestamp(at);
    return valuesAtInstant(path, instant);
}

/**
 * `valuesAsOf` for an instant already in epoch milliseconds. With `keys`, only those fields (the ones
 * the full record would hold): a caller that reads a few fields of many deals (the time split scores
 * on the process's parameters) does not build every field of each.
 */
export function valuesAtInstant(
    path: DealPath,
    instant: number,
    keys?: readonly FieldKey[]
): Record<string, FieldValue> {
    const index = indexOf(path);
    if (hasFieldHistory(path)) {
        const timeline = timelineOf(path);
        if (!keys) return timeline.valuesAt(instant);
        const values: Record<string, FieldValue> = {};
        for (const key of keys) {
            const value = timeline.valueAt(key, instant);
            if (value !== undefined) values[key.name] = value;
        }
        return values;
    }
    const visit = index.leadingVisitAt(instant);
    const all = (visit >= 0 ? path.visits[visit] : path.visits[0])?.values ?? path.deal.fields ?? {};
    if (!keys) return { ...all };
    const values: Record<string, FieldValue> = {};
    for (const key of keys)
        if (Object.prototype.hasOwnProperty.call(all, key.name)) values[key.name] = all[key.name];
    return values;
}

/** The visit the deal was in at an instant (null when the deal had not yet entered any). */
export function visitAt(path: DealPath, instant: number): StageVisit | null {
    const index = indexOf(path).leadingVisitAt(instant);
    return index >= 0 ? path.visits[index] : null;
}

/**
 * The stage-history row in force at an instant (the first row before any; -1 without rows), the
 * visit then and the stage they give.
 */
function stateAt(path: DealPath, index: PathIndex, instant: number) {
    const row = index.stageRowCount > 0 ? Math.max(0, index.lastRowAtOrBefore(instant)) : -1;
    const at = index.leadingVisitAt(instant);
    const visit = at >= 0 ? path.visits[at] : null;
    return { row, visit, stageName: row >= 0 ? index.rowStage(row) : (visit?.stage ?? path.deal.stageName) };
}

/** The stage the deal was in at an instant, as `pipelineAsOf` reads it. */
export function stageAt(path: DealPath, instant: number): string {
    return stateAt(path, indexOf(path), instant).stageName;
}

/**
 * `valuesAtInstant(path, instant)` for the pipeline, or the deal's own fields record when that is
 * equal (the same names in the same order, the same values): at the as-of day most deals' answers are
 * the ones they still have, and a record per deal of the pipeline `reconcile` keeps to its end was
 * about 150 bytes each. Records are never written to once built (see `buildDealPath`), so sharing
 * is invisible.
 */
function pipelineValues(path: DealPath, instant: number): Record<string, FieldValue> {
    const fields = path.deal.fields;
    if (!hasFieldHistory(path) || !fields) return valuesAtInstant(path, instant);
    const timeline = timelineOf(path);
    // The timeline lists the deal's fields first, in their order: equal counts mean the same list.
    if (timeline.fieldCount === ownNameCount(fields) && timeline.sameValuesAt(instant, fields)) return fields;
    return timeline.valuesAt(instant);
}

/**
 * The pipeline as it stood at the end of `asOf` (a `YYYY-MM-DD` date, UTC): every deal created by
 * then, in the stage, amount, close date, probability and forecast category of its last history row
 * at or before that instant, with field values as of then. A deal counts as closed only once its
 * closing stage change had happened. Deals created before their first history row take that row's
 * state (the earliest known); deals without history rows take their current state.
 *
 * `include`, when given, leaves out the paths it rejects before any of their state is rebuilt: a
 * caller that wants only some deals (the time split scores each deal once) pays only for those.
 */
export function pipelineAsOf(
    paths: readonly DealPath[],
    asOf: string,
    include?: (path: DealPath) => boolean
): PipelineDeal[] {
    const cutoff = endOfDay(asOf);
    const day = toDate(asOf);
    const pipeline: PipelineDeal[] = [];
    for (const path of paths) {
        const deal = path.deal;
        const times = indexOf(path);
        if (times.createdDay > day) continue;
        if (include && !include(path)) continue;
        const { row, stageName } = stateAt(path, times, cutoff);
        const closed = times.closedAt !== null && times.closedAt <= cutoff;
        pipeline.push({
            id: deal.id,
            ownerId: deal.ownerId,
            stageName,
            amount: row >= 0 ? times.rowAmount(row) : deal.amount,
            closeDate: (row >= 0 ? times.rowCloseDate(row) : null) ?? deal.closeDate,
            probability: row >= 0 ? times.rowProbability(row) : deal.probability,
            forecastCategory: row >= 0 ? times.rowCategory(row) : deal.forecastCategory,
            values: pipelineValues(path, cutoff),
            isClosed: closed,
            isWon: closed && deal.isWon
        });
    }
    return pipeline;
}
