/**
 * `OpportunityFieldHistory` rows held as columns rather than one object per row. At a million deals
 * an export has about 6.4 million of these rows; as objects (six properties and a unique ISO string
 * each) they were about 1 KB per deal of live heap. Here a row is its instant (a float64), the codes
 * of its deal, field and old and new values (32-bit integers), all in typed arrays outside the
 * JavaScript heap, which the heap limit does not count and the garbage collector does not scan; the
 * distinct deal ids, field names and values are held once each.
 *
 * Readers append each accepted row straight into a table (`RecordTranslator.fieldHistory`); rows
 * built by hand (the page's Apex rows, the generator, tests) become one with `fromRows`, so paths are
 * built from columns by one code path (`buildDealPaths`).
 */
import { toTimestamp } from './periods';
import type { FieldHistoryRow, FieldValue } from './types';

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

function grown<T extends Int32Array | Float64Array>(column: T, capacity: number): T {
    const next = new (column.constructor as new (length: number) => T)(capacity);
    next.set(column);
    return next;
}

/** Distinct keys numbered in the order first met: key `list[code]`. */
class Interned<K> {
    readonly list: K[] = [];
    private readonly codes = new Map<K, number>();

    /** The key's code, a new one for a key not met (or not since the map was last cleared). */
    codeOf(key: K): number {
        let code = this.codes.get(key);
        if (code === undefined) {
            code = this.add(key);
            if (this.codes.size >= INTERN_LIMIT) this.codes.clear();
            this.codes.set(key, code);
        }
        return code;
    }

    /** A new code for the key, without looking it up. */
    add(key: K): number {
        return this.list.push(key) - 1;
    }
}

export class FieldHistoryTable {
    /** How many rows the table holds. */
    length = 0;
    private capacity: number;
    private dealColumn: Int32Array;
    private fieldColumn: Int32Array;
    private oldColumn: Int32Array;
    private newColumn: Int32Array;
    private instantColumn: Float64Array;
    private readonly deals = new Interned<string>();
    private readonly fieldNames = new Interned<string>();
    /** Values other than -0 (a `Map` takes -0 for 0, which `Object.is` tells apart) are looked up; long text is not. */
    private readonly valueList = new Interned<FieldValue>();
    private negativeZeroCode = -1;
    /** Each deal code's `OpportunityId` (the deal record's own string, for rows a reader made). */
    readonly dealIds: readonly string[] = this.deals.list;
    /** Each field code's API name. */
    readonly fields: readonly string[] = this.fieldNames.list;
    /** Each value code's value. */
    readonly values: readonly FieldValue[] = this.valueList.list;
    private lastDealId: string | null = null;
    private lastDealCode = -1;
    /**
     * An instant that did not parse (only rows built by hand: a reader rejects such a row), as written,
     * by row: its instant is NaN, and the path that reads the row parses this text again so the error
     * names the deal and the text, as it did when paths read row objects.
     */
    private unparsed: Map<number, string> | null = null;

    constructor(capacity = INITIAL_CAPACITY) {
        this.capacity = Math.max(1, capacity);
        this.dealColumn = new Int32Array(this.capacity);
        this.fieldColumn = new Int32Array(this.capacity);
        this.oldColumn = new Int32Array(this.capacity);
        this.newColumn = new Int32Array(this.capacity);
        this.instantColumn = new Float64Array(this.capacity);
    }

    /** The rows as columns: one conversion for rows built by hand, so paths are built one way. */
    static fromRows(rows: readonly FieldHistoryRow[]): FieldHistoryTable {
        const table = new FieldHistoryTable(rows.length);
        for (const row of rows) {
            let at: number;
            try {
                at = toTimestamp(row.createdDate);
            } catch {
                at = NaN;
            }
            if (Number.isNaN(at)) (table.unparsed ??= new Map()).set(table.length, row.createdDate);
            table.append(row.opportunityId, row.field, row.oldValue, row.newValue, at);
        }
        return table;
    }

    /** Appends a row; `at` is its instant in epoch milliseconds. */
    append(
        opportunityId: string,
        field: string,
        oldValue: FieldValue,
        newValue: FieldValue,
        at: number
    ): void {
        if (this.length === this.capacity) this.grow();
        const row = this.length++;
        this.dealColumn[row] = this.dealCode(opportunityId);
        this.fieldColumn[row] = this.fieldNames.codeOf(field);
        this.oldColumn[row] = this.valueCode(oldValue);
        this.newColumn[row] = this.valueCode(newValue);
        this.instantColumn[row] = at;
    }

    private grow(): void {
        this.capacity *= 2;
        this.dealColumn = grown(this.dealColumn, this.capacity);
        this.fieldColumn = grown(this.fieldColumn, this.capacity);
        this.oldColumn = grown(this.oldColumn, this.capacity);
        this.newColumn = grown(this.newColumn, this.capacity);
        this.instantColumn = grown(this.instantColumn, this.capacity);
    }

    private dealCode(id: string): number {
        // A deal's rows mostly come one after another: the last row's deal is compared first.
        if (id !== this.lastDealId) {
            this.lastDealCode = this.deals.codeOf(id);
            this.lastDealId = id;
        }
        return this.lastDealCode;
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

    /** Row i's deal code (an index into `dealIds`). */
    dealAt(i: number): number {
        return this.dealColumn[i];
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

    /**
     * Row i's instant in epoch milliseconds. A row built by hand whose `createdDate` does not parse
     * throws here the error `toTimestamp` throws for it, when its deal's path is built.
     */
    instantAt(i: number): number {
        const at = this.instantColumn[i];
        if (Number.isNaN(at) && this.unparsed !== null) {
            const text = this.unparsed.get(i);
            if (text !== undefined) return toTimestamp(text);
        }
        return at;
    }

    /**
     * Row i as a row object, its instant written as an ISO string. A reader's instants are canonical
     * ISO strings (`YYYY-MM-DDTHH:MM:SS.sssZ`), which `toISOString` gives back exactly; for tests and
     * tools, not for the engine (the engine reads the columns).
     */
    row(i: number): FieldHistoryRow {
        const at = this.instantColumn[i];
        return {
            opportunityId: this.dealIds[this.dealColumn[i]],
            field: this.fields[this.fieldColumn[i]],
            oldValue: this.values[this.oldColumn[i]],
            newValue: this.values[this.newColumn[i]],
            createdDate: this.unparsed?.get(i) ?? new Date(at).toISOString()
        };
    }

    /** Every row as a row object, in order (`row`). */
    toRows(): FieldHistoryRow[] {
        const rows = new Array<FieldHistoryRow>(this.length);
        for (let i = 0; i < this.length; i++) rows[i] = this.row(i);
        return rows;
    }
}
