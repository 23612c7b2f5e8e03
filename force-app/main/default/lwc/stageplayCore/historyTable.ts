/**
 * `OpportunityFieldHistory` and `OpportunityHistory` rows held as columns rather than one object per
 * row. At a million deals an export has about 6.4 million field-history rows and 3.1 million stage
 * rows; as objects (six or seven properties and a unique ISO string each) they were about 1.75 KB per
 * deal of live heap. Here a row is its instant (a float64) and codes and numbers in typed arrays
 * outside the JavaScript heap, which the heap limit does not count and the garbage collector does not
 * scan; the distinct deal ids, field names, values, stage names, close dates and categories are held
 * once each.
 *
 * Readers append each accepted row straight into a table (`RecordTranslator`); rows built by hand (the
 * page's Apex rows, the generator, tests) become one with `fromRows`, so paths are built from columns
 * by one code path (`buildDealPaths`).
 */
import { fromTimestamp, toTimestamp } from './periods';
import type { FieldHistoryRow, FieldValue, ForecastCategory, StageHistoryRow } from './types';

/** The largest instant a `Date` holds (its `toISOString` throws past it). */
const MAX_DATE_MS = 8.64e15;

/** Rows a new table has room for before it first grows (then it doubles). */
const INITIAL_CAPACITY = 1024;

/**
 * Interning maps are cleared when they reach this size: a JavaScript `Map` holds at most 2^24
 * entries. A cleared map only costs sharing (a value met again gets a second code, equal to the
 * first), never an answer: every reader compares ids and values, not codes.
 */
const INTERN_LIMIT = 1 << 23;

/** Text longer than this (free-text answers) is kept as read, without a lookup: sharing pays for short repeated values. */
const SHARED_TEXT_MAX_LENGTH = 64;

/**
 * A typed array of `length` holding `array`'s first elements (the columns here and the fit's grow by
 * doubling, and a table's shrink to its rows once read: `compact`).
 */
export function grownTo<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array | Float64Array>(
    array: T,
    length: number
): T {
    const Typed = array.constructor as TypedArrayOf<T>;
    const next = isShared(array) ? sharedArray(Typed, length) : new Typed(length);
    next.set(length < array.length ? array.subarray(0, length) : array);
    return next;
}

type TypedArrayOf<T> = {
    new (length: number): T;
    new (buffer: SharedArrayBuffer): T;
    readonly BYTES_PER_ELEMENT: number;
};

/** Whether this runtime has shared memory (Node does; a browser page only when cross-origin isolated). */
const SHARED_MEMORY = typeof SharedArrayBuffer === 'function';

function isShared(array: ArrayBufferView): boolean {
    return SHARED_MEMORY && array.buffer instanceof SharedArrayBuffer;
}

/**
 * A zeroed typed array of `length`, in shared memory where the runtime has it: a structured clone then
 * shares it with another thread instead of copying it (`grownTo` keeps it shared).
 */
export function sharedArray<T>(Typed: TypedArrayOf<T>, length: number): T {
    return SHARED_MEMORY
        ? new Typed(new SharedArrayBuffer(length * Typed.BYTES_PER_ELEMENT))
        : new Typed(length);
}

/** Each ASCII character's base-62 digit (0-9, A-Z, a-z), -1 for any other. */
const BASE62 = new Int8Array(128).fill(-1);
for (let c = 0; c < 10; c++) BASE62[48 + c] = c;
for (let c = 0; c < 26; c++) {
    BASE62[65 + c] = 10 + c;
    BASE62[97 + c] = 36 + c;
}

/** Int32s per slot of an `IdIndex`: the id's four key parts, then its value (-1: the slot is free). */
const ID_SLOT = 5;
const FREE = -1;

/** The key parts of the id `splitId` last read (module scratch: no array per id). */
let part0 = 0;
let part1 = 0;
let part2 = 0;
let part3 = 0;

/** The base-62 value of a character code (0-9, A-Z, a-z), or -1 for any other (record ids are base-62). */
export function base62Digit(code: number): number {
    return code < 128 ? BASE62[code] : -1;
}

/** The base-62 value of `id`'s characters `from` to `to` (at most five: 62^5 < 2^31), or -1. */
function base62(id: string, from: number, to: number): number {
    let value = 0;
    for (let i = from; i < to; i++) {
        const digit = base62Digit(id.charCodeAt(i));
        if (digit < 0) return -1;
        value = value * 62 + digit;
    }
    return value;
}

/**
 * Reads a 15- or 18-character base-62 id (every Salesforce record id) into the four parts, which
 * differ for any two different such ids: characters 0-4, 5-9 and 10-14 as numbers, and the 18-character
 * form's last three plus one (0 for 15 characters). False for any other text.
 */
function splitId(id: string): boolean {
    // A row built by hand may lack its id: such a key is kept in the `Map`, as any other text.
    if (typeof id !== 'string') return false;
    const n = id.length;
    if (n !== 15 && n !== 18) return false;
    part0 = base62(id, 0, 5);
    part1 = base62(id, 5, 10);
    part2 = base62(id, 10, 15);
    const suffix = n === 18 ? base62(id, 15, 18) : 0;
    part3 = n === 18 ? suffix + 1 : 0;
    return part0 >= 0 && part1 >= 0 && part2 >= 0 && suffix >= 0;
}

/** `value`, when an `IdIndex` can hold it (a non-negative int32); throws otherwise. */
function checkedValue(value: number): number {
    if (!(value >= 0 && value <= 0x7fffffff && Number.isInteger(value)))
        throw new Error(`IdIndex holds non-negative int32 values, not ${value}`);
    return value;
}

function partsHash(): number {
    let h = Math.imul(part0 ^ 0x9e3779b9, 0x85ebca6b);
    h = Math.imul(h ^ part1, 0xc2b2ae35);
    h = Math.imul(h ^ part2, 0x85ebca6b);
    h = Math.imul(h ^ part3, 0xc2b2ae35);
    return h ^ (h >>> 16);
}

/**
 * A map from record ids to numbers (non-negative int32: codes, positions), exact for any text. Record
 * ids are read as numbers into one typed array (open addressing, at most half full) instead of a
 * `Map` of strings: at a million deals, looking up a history row's deal in a `Map` cost a cache miss
 * for the bucket, one for the entry and one per string compared, about twice the time of one probe
 * here (a history file lists its rows in time order, so its deals come in no order a cache could
 * use). Text that is not a 15- or 18-character base-62 id goes to a `Map`. Ids differing only in
 * letter case, or in length (15 and 18 characters), are different keys, as in a `Map`.
 */
export class IdIndex {
    /** Slots (a power of two), `ID_SLOT` int32s each; none until the first id. */
    private slots = new Int32Array(0);
    private capacity = 0;
    private inSlots = 0;
    private readonly other = new Map<string, number>();

    /**
     * `expected`: how many ids it will hold, when known: its slots are made once for them. Each slot
     * array outgrown is freed, and freed memory below glibc's adaptive threshold (up to 32 MB) stays in
     * the process: growing to a million ids step by step left about 40 MB more at `learn`'s peak.
     */
    constructor(expected = 0) {
        if (expected > 0) this.grow(expected);
    }

    get size(): number {
        return this.inSlots + this.other.size;
    }

    get(id: string): number | undefined {
        if (!splitId(id)) return this.other.get(id);
        if (this.capacity === 0) return undefined;
        const value = this.slots[this.slotOf() + 4];
        return value === FREE ? undefined : value;
    }

    has(id: string): boolean {
        return this.get(id) !== undefined;
    }

    set(id: string, value: number): this {
        checkedValue(value);
        if (!splitId(id)) {
            this.other.set(id, value);
            return this;
        }
        if ((this.inSlots + 1) * 2 > this.capacity) {
            this.grow(this.inSlots + 1);
            // Growing read every id again through the same scratch parts.
            splitId(id);
        }
        const at = this.slotOf();
        if (this.slots[at + 4] === FREE) this.fill(at, value);
        else this.slots[at + 4] = value;
        return this;
    }

    /** Puts the parts `splitId` read and `value` (checked) in the free slot at `at`. */
    private fill(at: number, value: number): void {
        this.inSlots++;
        this.slots[at] = part0;
        this.slots[at + 1] = part1;
        this.slots[at + 2] = part2;
        this.slots[at + 3] = part3;
        this.slots[at + 4] = value;
    }

    /** `id`'s value, or `value` when it has none, set then (the id read once for both, unless the slots grow). */
    getOrAdd(id: string, value: number): number {
        if (!splitId(id) || this.capacity === 0) {
            const known = this.get(id);
            if (known !== undefined) return known;
            this.set(id, value);
            return value;
        }
        const at = this.slotOf();
        const known = this.slots[at + 4];
        if (known !== FREE) return known;
        if ((this.inSlots + 1) * 2 > this.capacity) this.set(id, value);
        else this.fill(at, checkedValue(value));
        return value;
    }

    clear(): void {
        this.slots = new Int32Array(0);
        this.capacity = 0;
        this.inSlots = 0;
        this.other.clear();
    }

    /** The offset of the slot holding the parts `splitId` read, or of the free slot where they go. */
    private slotOf(): number {
        const slots = this.slots;
        const mask = this.capacity - 1;
        for (let slot = partsHash() & mask; ; slot = (slot + 1) & mask) {
            const at = slot * ID_SLOT;
            if (
                slots[at + 4] === FREE ||
                (slots[at] === part0 &&
                    slots[at + 1] === part1 &&
                    slots[at + 2] === part2 &&
                    slots[at + 3] === part3)
            )
                return at;
        }
    }

    /** Room for `count` ids, at most half full: twice the slots, or more when `count` needs them. */
    private grow(count: number): void {
        const old = this.slots;
        let capacity = Math.max(1024, this.capacity * 2);
        while (capacity < count * 2) capacity *= 2;
        this.capacity = capacity;
        this.slots = new Int32Array(this.capacity * ID_SLOT).fill(FREE);
        for (let at = 0; at < old.length; at += ID_SLOT) {
            if (old[at + 4] === FREE) continue;
            part0 = old[at];
            part1 = old[at + 1];
            part2 = old[at + 2];
            part3 = old[at + 3];
            this.slots.set(old.subarray(at, at + ID_SLOT), this.slotOf());
        }
    }
}

/** Distinct keys numbered in the order first met: key `list[code]`. */
class Interned<K> {
    private readonly codes = new Map<K, number>();

    /**
     * `list`: keys already numbered (a table handed over from another thread). Their codes are not
     * looked up again: a key appended later may get a second code, which costs sharing, not an answer.
     */
    constructor(readonly list: K[] = []) {}

    /** The last key asked about and its code: a deal's rows often repeat a value (its close date, its stage). */
    private lastKey: K | undefined = undefined;
    private lastCode = -1;

    /** The key's code, a new one for a key not met (or not since the map was last cleared). */
    codeOf(key: K): number {
        if (this.lastCode >= 0 && key === this.lastKey) return this.lastCode;
        let code = this.codes.get(key);
        if (code === undefined) {
            code = this.add(key);
            if (this.codes.size >= INTERN_LIMIT) this.codes.clear();
            this.codes.set(key, code);
        }
        this.lastKey = key;
        this.lastCode = code;
        return code;
    }

    /** A new code for the key, without looking it up. */
    add(key: K): number {
        return this.list.push(key) - 1;
    }
}

/**
 * Deal ids numbered in the order first met, as `Interned` numbers other keys, looked up through an
 * `IdIndex`: a history file lists its rows in time order, so nearly every row's deal is looked up.
 */
class DealCodes {
    private readonly index = new IdIndex();

    /** `list`: ids already numbered (a table handed over); not looked up again, as in `Interned`. */
    constructor(readonly list: string[] = []) {}

    codeOf(id: string): number {
        if (this.index.size >= INTERN_LIMIT) this.index.clear();
        const next = this.list.length;
        const code = this.index.getOrAdd(id, next);
        if (code === next) this.list.push(id);
        return code;
    }

    /**
     * Lets go of the lookups (the list stays): for a table read in full, whose every deal id was
     * otherwise held twice, in the list and as a key. An id met after this gets a new code, as after
     * the index is cleared at `INTERN_LIMIT`.
     */
    forgetLookups(): void {
        this.index.clear();
    }
}

/** A row's instant as written, parsed as the paths parse it; NaN (with the text kept) when it does not parse. */
function instantOf(text: string): number {
    try {
        return toTimestamp(text);
    } catch {
        return NaN;
    }
}

/**
 * What both tables hold per row: the deal's code and the instant; and how they grow (doubling). An
 * instant is kept as written (`texts`) only when its text is not what `toISOString` gives for it, or
 * it does not parse: a reader's instants are canonical, so it keeps none.
 */
abstract class HistoryColumns<Row> {
    /** How many rows the table holds. */
    length = 0;
    private capacity: number;
    private dealColumn: Int32Array;
    private instantColumn: Float64Array;
    private readonly deals: DealCodes;
    /** Each deal code's `OpportunityId` (the deal record's own string, for rows a reader made). */
    readonly dealIds: readonly string[];
    private lastDealId: string | null = null;
    private lastDealCode = -1;
    private texts: Map<number, string> | null = null;

    /** `parts`: the columns of a table handed over (`columnParts`), taken as they are. */
    protected constructor(capacity: number, parts?: HistoryColumnParts) {
        if (parts) {
            this.capacity = parts.deal.length;
            this.length = parts.length;
            this.dealColumn = parts.deal;
            this.instantColumn = parts.instant;
            this.texts = parts.texts;
        } else {
            this.capacity = Math.max(1, capacity);
            this.dealColumn = new Int32Array(this.capacity);
            this.instantColumn = new Float64Array(this.capacity);
        }
        // A handed-over table's lists are its own (a structured clone made them): taken, not copied.
        this.deals = new DealCodes(parts ? (parts.dealIds as string[]) : []);
        this.dealIds = this.deals.list;
    }

    /** The shared columns as parts to hand to another thread (`toTransfer`). */
    protected columnParts(): HistoryColumnParts {
        return {
            length: this.length,
            deal: this.dealColumn,
            instant: this.instantColumn,
            dealIds: this.deals.list,
            texts: this.texts
        };
    }

    /**
     * Each deal code's id replaced by an equal string (the deal record's own, so a table read on
     * another thread holds no second copy of every id); throws on an id that is not equal.
     */
    shareDealIds(ids: readonly string[]): void {
        const list = this.deals.list;
        if (ids.length !== list.length) throw new Error(`${ids.length} deal ids for ${list.length} deals`);
        for (let code = 0; code < list.length; code++) {
            if (ids[code] !== list[code]) throw new Error(`deal id ${ids[code]} is not ${list[code]}`);
            list[code] = ids[code];
        }
    }

    /** Every row let go (`FieldHistoryTable.release`): the columns shrink to one row's room. */
    protected truncate(): void {
        this.length = 0;
        this.texts = null;
        this.deals.list.length = 0;
        this.lastDealId = null;
        this.lastDealCode = -1;
        this.compact();
    }

    /** The table's own columns, grown (or shrunk) to `capacity` rows. */
    protected abstract resize(capacity: number): void;

    /**
     * Lets go of the room the columns grew into beyond their rows: after doubling, up to half of each
     * column (4 MB of the two tables at 300,000 deals, whose row counts fall just short of a doubling).
     * Called once a table is read in full; a row added later grows it again as before. The deal ids'
     * lookups go too (`forgetLookups`).
     */
    compact(): void {
        this.deals.forgetLookups();
        const size = Math.max(1, this.length);
        if (size === this.capacity) return;
        this.capacity = size;
        this.dealColumn = grownTo(this.dealColumn, size);
        this.instantColumn = grownTo(this.instantColumn, size);
        this.resize(size);
    }

    /**
     * A new row of `opportunityId` at `at`: its number, for the table to fill its own columns.
     * `text`, when given, is the instant as written, kept unless `toISOString` gives it back.
     */
    protected addRow(opportunityId: string, at: number, text?: string): number {
        if (this.length === this.capacity) {
            this.capacity *= 2;
            this.dealColumn = grownTo(this.dealColumn, this.capacity);
            this.instantColumn = grownTo(this.instantColumn, this.capacity);
            this.resize(this.capacity);
        }
        const row = this.length++;
        // A deal's rows mostly come one after another: the last row's deal is compared first.
        if (opportunityId !== this.lastDealId) {
            this.lastDealCode = this.deals.codeOf(opportunityId);
            this.lastDealId = opportunityId;
        }
        this.dealColumn[row] = this.lastDealCode;
        this.instantColumn[row] = at;
        if (text !== undefined && !(Math.abs(at) <= MAX_DATE_MS && fromTimestamp(at) === text))
            (this.texts ??= new Map()).set(row, text);
        return row;
    }

    /** Row i's deal code (an index into `dealIds`). */
    dealAt(i: number): number {
        return this.dealColumn[i];
    }

    /**
     * Row i's instant in epoch milliseconds. A row built by hand whose `createdDate` does not parse
     * throws here the error `toTimestamp` throws for it, when its deal's path is built.
     */
    instantAt(i: number): number {
        const at = this.instantColumn[i];
        if (Number.isNaN(at) && this.texts !== null) {
            const text = this.texts.get(i);
            if (text !== undefined) return toTimestamp(text);
        }
        return at;
    }

    /** Row i as a row object: for tests and tools, not for the engine (the engine reads the columns). */
    abstract row(i: number): Row;

    /** Every row as a row object, in order (`row`). */
    toRows(): Row[] {
        return Array.from({ length: this.length }, (_, i) => this.row(i));
    }

    /** Row i's instant as written when `toISOString` would not give it back (only rows built by hand), else undefined. */
    keptText(i: number): string | undefined {
        return this.texts?.get(i);
    }

    /** Row i's instant as written: a reader's canonical ISO string, which `toISOString` gives back exactly. */
    createdDateAt(i: number): string {
        return this.texts?.get(i) ?? fromTimestamp(this.instantColumn[i]);
    }
}

/** A table's shared columns, as `toTransfer` hands them over. */
interface HistoryColumnParts {
    length: number;
    deal: Int32Array;
    instant: Float64Array;
    dealIds: readonly string[];
    texts: Map<number, string> | null;
}

/**
 * A `FieldHistoryTable` as a structured clone carries it to another thread: its columns' buffers go in
 * the transfer list (moved, not copied), its distinct ids, fields and values are cloned.
 */
export interface FieldHistoryParts extends HistoryColumnParts {
    field: Int32Array;
    old: Int32Array;
    new: Int32Array;
    fields: readonly string[];
    values: readonly FieldValue[];
    negativeZeroCode: number;
}

export class FieldHistoryTable extends HistoryColumns<FieldHistoryRow> {
    private fieldColumn: Int32Array;
    private oldColumn: Int32Array;
    private newColumn: Int32Array;
    private readonly fieldNames: Interned<string>;
    /** Values other than -0 (a `Map` takes -0 for 0, which `Object.is` tells apart) are looked up; long text is not. */
    private readonly valueList: Interned<FieldValue>;
    private negativeZeroCode = -1;
    /** Each field code's API name. */
    readonly fields: readonly string[];
    /** Each value code's value. */
    readonly values: readonly FieldValue[];

    /** `parts`: a table handed over from another thread (`fromTransfer`). */
    constructor(capacity = INITIAL_CAPACITY, parts?: FieldHistoryParts) {
        super(capacity, parts);
        if (parts) {
            this.fieldColumn = parts.field;
            this.oldColumn = parts.old;
            this.newColumn = parts.new;
            this.negativeZeroCode = parts.negativeZeroCode;
        } else {
            this.fieldColumn = new Int32Array(Math.max(1, capacity));
            this.oldColumn = new Int32Array(Math.max(1, capacity));
            this.newColumn = new Int32Array(Math.max(1, capacity));
        }
        this.fieldNames = new Interned(parts ? (parts.fields as string[]) : []);
        this.valueList = new Interned(parts ? (parts.values as FieldValue[]) : []);
        this.fields = this.fieldNames.list;
        this.values = this.valueList.list;
    }

    /**
     * The table as parts for `postMessage`, and the buffers to transfer with them: after posting, this
     * table's columns are detached (the receiving thread owns them) and it must not be used again.
     */
    toTransfer(): { parts: FieldHistoryParts; transfer: ArrayBuffer[] } {
        // Only the rows cross over: the room beyond them is let go here, not carried to the other thread.
        this.compact();
        const parts: FieldHistoryParts = {
            ...this.columnParts(),
            field: this.fieldColumn,
            old: this.oldColumn,
            new: this.newColumn,
            fields: this.fieldNames.list,
            values: this.valueList.list,
            negativeZeroCode: this.negativeZeroCode
        };
        const transfer = [parts.deal, parts.instant, parts.field, parts.old, parts.new].map(
            (column) => column.buffer as ArrayBuffer
        );
        return { parts, transfer };
    }

    /** The table `toTransfer` handed over, as the posting thread built it. */
    static fromTransfer(parts: FieldHistoryParts): FieldHistoryTable {
        return new FieldHistoryTable(parts.deal.length, parts);
    }

    protected resize(capacity: number): void {
        this.fieldColumn = grownTo(this.fieldColumn, capacity);
        this.oldColumn = grownTo(this.oldColumn, capacity);
        this.newColumn = grownTo(this.newColumn, capacity);
    }

    /** The rows as columns: one conversion for rows built by hand, so paths are built one way. */
    static fromRows(rows: readonly FieldHistoryRow[]): FieldHistoryTable {
        const table = new FieldHistoryTable(rows.length);
        for (const row of rows) {
            const at = instantOf(row.createdDate);
            // Only an instant that does not parse is kept as written: a field change's instant is
            // never shown, only compared.
            table.append(
                row.opportunityId,
                row.field,
                row.oldValue,
                row.newValue,
                at,
                Number.isNaN(at) ? row.createdDate : undefined
            );
        }
        return table;
    }

    /**
     * Appends a row; `at` is its instant in epoch milliseconds. `text`, the instant as written, only
     * for a row built by hand whose instant does not parse (`fromRows`).
     */
    append(
        opportunityId: string,
        field: string,
        oldValue: FieldValue,
        newValue: FieldValue,
        at: number,
        text?: string
    ): void {
        const row = this.addRow(opportunityId, at, text);
        this.fieldColumn[row] = this.fieldNames.codeOf(field);
        this.oldColumn[row] = this.valueCode(oldValue);
        this.newColumn[row] = this.valueCode(newValue);
    }

    private valueCode(value: FieldValue): number {
        if (Object.is(value, -0)) {
            if (this.negativeZeroCode < 0) this.negativeZeroCode = this.valueList.add(value);
            return this.negativeZeroCode;
        }
        if (typeof value === 'string' && value.length > SHARED_TEXT_MAX_LENGTH)
            return this.valueList.add(value);
        return this.valueList.codeOf(value);
    }

    /** Whether `release` let go of the rows. */
    get released(): boolean {
        return this.isReleased;
    }
    private isReleased = false;

    /**
     * Lets go of the rows (the table is left empty), for a run that has built its paths and keeps its
     * dataset for other things: a path built from the table holds its changes in its own blocks, so the
     * columns (about 150 MB at a million deals) are dead weight from then on. `buildDealPaths` refuses a
     * released table: a second build would otherwise give paths without field history.
     */
    release(): void {
        this.isReleased = true;
        this.truncate();
    }

    /** Row i's field code (an index into `fields`). */
    fieldAt(i: number): number {
        return this.fieldColumn[i];
    }

    /** Row i's old value's code (an index into `values`). */
    oldValueAt(i: number): number {
        return this.oldColumn[i];
    }

    /** Row i's new value's code (an index into `values`). */
    newValueAt(i: number): number {
        return this.newColumn[i];
    }

    /** Row i as a row object: for tests and tools, not for the engine (the engine reads the columns). */
    row(i: number): FieldHistoryRow {
        return {
            opportunityId: this.dealIds[this.dealAt(i)],
            field: this.fields[this.fieldColumn[i]],
            oldValue: this.values[this.oldColumn[i]],
            newValue: this.values[this.newColumn[i]],
            createdDate: this.createdDateAt(i)
        };
    }
}

/** `StageHistoryTable`'s null flags: which of a row's numbers are null. */
const AMOUNT_NULL = 1;
const PROBABILITY_NULL = 2;

/**
 * A `StageHistoryTable` as a structured clone carries it to another thread: its columns' buffers go in
 * the transfer list (moved, not copied), its distinct ids, stages, close dates and categories are cloned.
 */
export interface StageHistoryParts extends HistoryColumnParts {
    stage: Int32Array;
    closeDate: Int32Array;
    category: Int32Array;
    amount: Float64Array;
    probability: Float64Array;
    nulls: Uint8Array;
    stages: readonly string[];
    closeDates: readonly (string | null)[];
    categories: readonly (ForecastCategory | null)[];
}

export class StageHistoryTable extends HistoryColumns<StageHistoryRow> {
    private stageColumn: Int32Array;
    private closeDateColumn: Int32Array;
    private categoryColumn: Int32Array;
    private amountColumn: Float64Array;
    private probabilityColumn: Float64Array;
    private nullColumn: Uint8Array;
    private readonly stageNames: Interned<string>;
    private readonly closeDateList: Interned<string | null>;
    private readonly categoryList: Interned<ForecastCategory | null>;
    /** Each stage code's name. */
    readonly stages: readonly string[];
    /** Each close-date code's date (`YYYY-MM-DD`, or null). */
    readonly closeDates: readonly (string | null)[];
    /** Each category code's forecast category (or null). */
    readonly categories: readonly (ForecastCategory | null)[];

    /** `parts`: a table handed over from another thread (`fromTransfer`). */
    constructor(capacity = INITIAL_CAPACITY, parts?: StageHistoryParts) {
        super(capacity, parts);
        if (parts) {
            this.stageColumn = parts.stage;
            this.closeDateColumn = parts.closeDate;
            this.categoryColumn = parts.category;
            this.amountColumn = parts.amount;
            this.probabilityColumn = parts.probability;
            this.nullColumn = parts.nulls;
        } else {
            const size = Math.max(1, capacity);
            this.stageColumn = new Int32Array(size);
            this.closeDateColumn = new Int32Array(size);
            this.categoryColumn = new Int32Array(size);
            this.amountColumn = new Float64Array(size);
            this.probabilityColumn = new Float64Array(size);
            this.nullColumn = new Uint8Array(size);
        }
        this.stageNames = new Interned(parts ? (parts.stages as string[]) : []);
        this.closeDateList = new Interned(parts ? (parts.closeDates as (string | null)[]) : []);
        this.categoryList = new Interned(parts ? (parts.categories as (ForecastCategory | null)[]) : []);
        this.stages = this.stageNames.list;
        this.closeDates = this.closeDateList.list;
        this.categories = this.categoryList.list;
    }

    /**
     * The table as parts for `postMessage`, and the buffers to transfer with them: after posting, this
     * table's columns are detached (the receiving thread owns them) and it must not be used again.
     */
    toTransfer(): { parts: StageHistoryParts; transfer: ArrayBuffer[] } {
        // Only the rows cross over: the room beyond them is let go here, not carried to the other thread.
        this.compact();
        const parts: StageHistoryParts = {
            ...this.columnParts(),
            stage: this.stageColumn,
            closeDate: this.closeDateColumn,
            category: this.categoryColumn,
            amount: this.amountColumn,
            probability: this.probabilityColumn,
            nulls: this.nullColumn,
            stages: this.stageNames.list,
            closeDates: this.closeDateList.list,
            categories: this.categoryList.list
        };
        const columns = [
            parts.deal,
            parts.instant,
            parts.stage,
            parts.closeDate,
            parts.category,
            parts.amount,
            parts.probability,
            parts.nulls
        ];
        return { parts, transfer: columns.map((column) => column.buffer as ArrayBuffer) };
    }

    /** The table `toTransfer` handed over, as the posting thread built it. */
    static fromTransfer(parts: StageHistoryParts): StageHistoryTable {
        return new StageHistoryTable(parts.deal.length, parts);
    }

    protected resize(capacity: number): void {
        this.stageColumn = grownTo(this.stageColumn, capacity);
        this.closeDateColumn = grownTo(this.closeDateColumn, capacity);
        this.categoryColumn = grownTo(this.categoryColumn, capacity);
        this.amountColumn = grownTo(this.amountColumn, capacity);
        this.probabilityColumn = grownTo(this.probabilityColumn, capacity);
        this.nullColumn = grownTo(this.nullColumn, capacity);
    }

    /** The rows as columns: one conversion for rows built by hand, so paths are built one way. */
    static fromRows(rows: readonly StageHistoryRow[]): StageHistoryTable {
        const table = new StageHistoryTable(rows.length);
        for (const row of rows) {
            table.append(
                row.opportunityId,
                row.stageName,
                row.createdDate,
                instantOf(row.createdDate),
                row.amount,
                row.closeDate,
                row.probability,
                row.forecastCategory,
                false
            );
        }
        return table;
    }

    /**
     * Appends a row; `at` is its `createdDate` in epoch milliseconds. Paths show a stage change's
     * instant as written, so the text is kept too when `toISOString` would not give it back, unless
     * the caller vouches that it would (`canonical`: a reader's date-times are canonical ISO strings
     * of real instants, `parseDateTimeCell`), which spares a check per row.
     */
    append(
        opportunityId: string,
        stageName: string,
        createdDate: string,
        at: number,
        amount: number | null,
        closeDate: string | null,
        probability: number | null,
        forecastCategory: ForecastCategory | null,
        canonical: boolean
    ): void {
        const i = this.addRow(opportunityId, at, canonical ? undefined : createdDate);
        this.stageColumn[i] = this.stageNames.codeOf(stageName);
        this.closeDateColumn[i] = this.closeDateList.codeOf(closeDate);
        this.categoryColumn[i] = this.categoryList.codeOf(forecastCategory);
        this.amountColumn[i] = amount ?? 0;
        this.probabilityColumn[i] = probability ?? 0;
        this.nullColumn[i] =
            (amount === null ? AMOUNT_NULL : 0) | (probability === null ? PROBABILITY_NULL : 0);
    }

    /** Row i's stage code (an index into `stages`). */
    stageAt(i: number): number {
        return this.stageColumn[i];
    }

    /** Row i's close-date code (an index into `closeDates`). */
    closeDateAt(i: number): number {
        return this.closeDateColumn[i];
    }

    /** Row i's category code (an index into `categories`). */
    categoryAt(i: number): number {
        return this.categoryColumn[i];
    }

    amountAt(i: number): number | null {
        return this.nullColumn[i] & AMOUNT_NULL ? null : this.amountColumn[i];
    }

    probabilityAt(i: number): number | null {
        return this.nullColumn[i] & PROBABILITY_NULL ? null : this.probabilityColumn[i];
    }

    /** Row i as a row object: for tests and tools, not for the engine (the engine reads the columns). */
    row(i: number): StageHistoryRow {
        return {
            opportunityId: this.dealIds[this.dealAt(i)],
            stageName: this.stages[this.stageColumn[i]],
            createdDate: this.createdDateAt(i),
            amount: this.amountAt(i),
            closeDate: this.closeDates[this.closeDateColumn[i]],
            probability: this.probabilityAt(i),
            forecastCategory: this.categories[this.categoryColumn[i]]
        };
    }
}
