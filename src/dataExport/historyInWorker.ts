/**
 * Reads a history file (`OpportunityHistory.csv`, `OpportunityFieldHistory.csv`) on a worker thread while
 * the main thread reads the other files. They are the largest files of an export (about 20% and 60% of
 * its bytes: 3.1M and 6.4M rows at 1M deals), and reading was one core's work. The worker
 * (historyWorker.ts) tokenizes and translates its file with the same functions the main thread would
 * (`translatedRows`, `RecordTranslator.stageHistoryUnchecked`/`fieldHistoryUnchecked`), into a table of
 * the rows that passed every check it can make alone. Two checks need the files the main thread reads
 * meanwhile: whether the row's deal was accepted, and whether its `Id` was seen before (in either history
 * file). So each row also carries its `Id` and line, each problem the deal to check first, and the main
 * thread finishes them in file order (`RecordTranslator.checkStageHistory`/`checkFieldHistory`), replaying
 * the worker's problems in their rows' turn: the ledger and the rows kept are those of a single-threaded
 * read. The table's columns are transferred, not copied.
 */
import { Worker } from 'node:worker_threads';
import type { FieldHistoryParts, ProcessDefinition, StageDefinition, StageHistoryParts } from '../core';
import { FieldHistoryTable, grownTo, StageHistoryTable } from '../core';
import type { DataProblem } from '../dataset';
import { DataQualityLedger } from '../records/ledger';
import { workerEntryCode } from '../workerEntry';
import type { CheckedLater, LaterProblem, UncheckedHistory } from '../records/translate';

/**
 * History files smaller than this are read on the main thread. Starting a worker costs ~50-100 ms and its
 * read overlaps the others' only as long as they last; at 8 MB (~70k field-history rows, an export of
 * ~11k deals) reading the file takes about as long as starting a thread.
 */
export const HISTORY_WORKER_MIN_BYTES = 8 << 20;

/** Rows a new buffer has room for before it first grows (then it doubles), at the least. */
const INITIAL_ROWS = 1024;

/** Fewer bytes than a history row of a Data Export takes (an id, a stage or field, a date, separators). */
const MIN_ROW_BYTES = 32;

/**
 * At most this many rows' room at once (2^26: a 2 GB file; 64M field-history rows is an export of about 10M
 * deals): beyond it the buffers double, so that a huge file does not ask the system for tens of GB of
 * address space at once, which a machine that does not overcommit memory would refuse.
 */
const MAX_ROWS_AT_ONCE = 1 << 26;

/**
 * The rows a worker's buffers are made for at once: more than a file of `bytes` can hold, unless its rows
 * are shorter than `MIN_ROW_BYTES` (then they double from there). Room that is never written costs address
 * space, not memory: a buffer this large is mapped fresh from the system and only the pages written become
 * resident. What doubling would cost is worse: each outgrown buffer is freed into this thread's allocator
 * arena, where the main thread cannot reuse it, and the process keeps it once the worker has ended (0.1 to
 * 0.2 GB of peak memory at 1M deals).
 */
export function rowsFor(bytes: number): number {
    return Math.min(MAX_ROWS_AT_ONCE, Math.max(INITIAL_ROWS, Math.ceil(bytes / MIN_ROW_BYTES)));
}

/** Which history a worker reads. */
export type HistoryKind = 'stage' | 'field';

/** The table a worker of `K` fills. */
export type TableOf<K extends HistoryKind> = K extends 'stage' ? StageHistoryTable : FieldHistoryTable;
type PartsOf<K extends HistoryKind> = K extends 'stage' ? StageHistoryParts : FieldHistoryParts;

/**
 * What the worker ships: the table's parts, each row's line and `Id` (ASCII ids as bytes, `idEnds[i]`
 * the end of row i's; any other id in `otherIds`), the problems, and the counts that need no check.
 */
export interface ShippedUnchecked<K extends HistoryKind> {
    table: PartsOf<K>;
    lines: Uint32Array;
    idEnds: Uint32Array;
    idBytes: Uint8Array;
    otherIds: Map<number, string>;
    problems: LaterProblem[];
    skipped: number;
    shortIds: number;
}

/** The worker's side: where the unchecked read puts the rows, until they are shipped. */
export class UncheckedRows<K extends HistoryKind> implements UncheckedHistory<TableOf<K>> {
    pendingDeal: string | null = null;
    readonly problems: LaterProblem[] = [];
    private lines: Uint32Array;
    private idEnds: Uint32Array;
    private idBytes: Uint8Array;
    private idLength = 0;
    private readonly otherIds = new Map<number, string>();

    /** `table` made with room for `capacity` rows, which these buffers get too. */
    constructor(
        readonly table: TableOf<K>,
        capacity: number
    ) {
        this.lines = new Uint32Array(capacity);
        this.idEnds = new Uint32Array(capacity);
        this.idBytes = new Uint8Array(capacity * 18);
    }

    added(historyId: string | null, line: number | null): void {
        const i = this.table.length - 1;
        if (line === null || !(line >= 0 && line <= 0xffffffff))
            throw new Error(`line ${line} does not fit the worker's line column`);
        if (i === this.lines.length) {
            this.lines = grownTo(this.lines, 2 * i);
            this.idEnds = grownTo(this.idEnds, 2 * i);
        }
        this.lines[i] = line;
        if (historyId !== null) this.addId(i, historyId);
        this.idEnds[i] = this.idLength;
    }

    /** An ASCII id (every Salesforce id) as its bytes; any other text as it is. */
    private addId(row: number, id: string): void {
        const n = id.length;
        for (let k = 0; k < n; k++) {
            if (id.charCodeAt(k) > 0x7f) {
                this.otherIds.set(row, id);
                return;
            }
        }
        if (this.idLength + n > this.idBytes.length)
            this.idBytes = grownTo(this.idBytes, Math.max(2 * this.idBytes.length, this.idLength + n));
        for (let k = 0; k < n; k++) this.idBytes[this.idLength + k] = id.charCodeAt(k);
        this.idLength += n;
    }

    /** What to post, and the buffers to transfer with it (this object must not be used after). */
    toTransfer(skipped: number, shortIds: number): { shipped: ShippedUnchecked<K>; transfer: ArrayBuffer[] } {
        const { parts, transfer } = this.table.toTransfer();
        const shipped: ShippedUnchecked<K> = {
            table: parts as PartsOf<K>,
            lines: this.lines,
            idEnds: this.idEnds,
            idBytes: this.idBytes,
            otherIds: this.otherIds,
            problems: this.problems,
            skipped,
            shortIds
        };
        return {
            shipped,
            transfer: [
                ...transfer,
                this.lines.buffer,
                this.idEnds.buffer,
                this.idBytes.buffer
            ] as ArrayBuffer[]
        };
    }
}

/**
 * The worker's ledger: a problem is kept with where it is among the rows and the deal its row names
 * (`pendingDeal`), for the main thread to put into the run's ledger in order.
 */
export class DeferringLedger extends DataQualityLedger {
    constructor(private readonly rows: UncheckedRows<HistoryKind>) {
        super();
    }

    override issue(problem: DataProblem, kind: string): void {
        this.rows.problems.push({
            problem,
            kind,
            dealId: this.rows.pendingDeal,
            after: this.rows.table.length
        });
    }
}

/** A kept row of `from` appended to `into` as a single-threaded read appends it (the same values, the same codes). */
const copyRow: {
    [K in HistoryKind]: (from: TableOf<K>, i: number, dealId: string, into: TableOf<K>) => void;
} = {
    stage(from, i, dealId, into) {
        const text = from.keptText(i);
        into.append(
            dealId,
            from.stages[from.stageAt(i)],
            text ?? '',
            from.instantAt(i),
            from.amountAt(i),
            from.closeDates[from.closeDateAt(i)],
            from.probabilityAt(i),
            from.categories[from.categoryAt(i)],
            text === undefined
        );
    },
    field(from, i, dealId, into) {
        into.append(
            dealId,
            from.fields[from.fieldAt(i)],
            from.values[from.oldValueAt(i)],
            from.values[from.newValueAt(i)],
            from.instantAt(i),
            from.keptText(i)
        );
    }
};

/** The main thread's side of what the worker shipped. */
export function checkedLater<K extends HistoryKind>(
    kind: K,
    shipped: ShippedUnchecked<K>
): CheckedLater<TableOf<K>> {
    const table = (
        kind === 'stage'
            ? StageHistoryTable.fromTransfer(shipped.table as StageHistoryParts)
            : FieldHistoryTable.fromTransfer(shipped.table as FieldHistoryParts)
    ) as TableOf<K>;
    const copy = copyRow[kind] as (from: TableOf<K>, i: number, dealId: string, into: TableOf<K>) => void;
    const { lines, idEnds, otherIds } = shipped;
    const bytes = Buffer.from(shipped.idBytes.buffer, shipped.idBytes.byteOffset, shipped.idBytes.byteLength);
    return {
        table,
        problems: shipped.problems,
        skipped: shipped.skipped,
        shortIds: shipped.shortIds,
        historyId(i) {
            const start = i === 0 ? 0 : idEnds[i - 1];
            const end = idEnds[i];
            if (start < end) return bytes.toString('latin1', start, end);
            return otherIds.get(i) ?? null;
        },
        addNewId(i, seen) {
            const start = i === 0 ? 0 : idEnds[i - 1];
            const end = idEnds[i];
            // An ASCII id is checked from its bytes: no string per row (9.5M rows at 1M deals).
            if (start < end) return seen.addNewAscii(shipped.idBytes, start, end);
            const other = otherIds.get(i);
            return other === undefined || seen.addNew(other);
        },
        lineAt: (i) => lines[i],
        adopt(dealIds, kept) {
            if (kept === null) {
                table.shareDealIds(dealIds);
                return table;
            }
            // Some rows were rejected here: the rows kept are appended anew, as a single-threaded read
            // appends them (the same values in the same order: the same codes).
            const rows = (kind === 'stage' ? new StageHistoryTable() : new FieldHistoryTable()) as TableOf<K>;
            for (let i = 0; i < table.length; i++)
                if (kept[i] !== 0) copy(table, i, dealIds[table.dealAt(i)], rows);
            return rows;
        }
    };
}

/** What the worker is started with: the file, which history it is, and what its rows are checked against. */
export interface HistoryWorkerData {
    kind: HistoryKind;
    path: string;
    /** The file's size, which the worker's buffers are made for (`rowsFor`). */
    bytes: number;
    salesProcess: ProcessDefinition;
    /** The stages a stage-history row's `StageName` must name (the org's, when the export has them). */
    stages: readonly StageDefinition[];
    now: Date;
}

/** What the worker posts: its rows, or why it could not read them. */
export type HistoryWorkerMessage<K extends HistoryKind> =
    | { rows: ShippedUnchecked<K> }
    | {
          error: string;
          /** The file itself is unusable (`DataExportError`): the main thread's read says so the same way. */
          fileError: boolean;
      };

/** The outcome of a worker's read: the rows to check, or why there are none (then read on the main thread). */
export type HistoryOutcome<T> = { rows: CheckedLater<T> } | { error: string; fileError: boolean };

export interface HistoryReading<T> {
    /** Settles once the worker has posted or ended; never rejects. */
    readonly result: Promise<HistoryOutcome<T>>;
    /** Stops the worker (a read abandoned because another file failed). */
    stop(): void;
}

/** Starts reading `data.path` on a worker thread; `code` replaces the worker's code (tests of a failing worker). */
export function readHistoryInWorker<K extends HistoryKind>(
    data: HistoryWorkerData & { kind: K },
    code: string = workerEntryCode(__dirname, 'historyWorker')
): HistoryReading<TableOf<K>> {
    let worker: Worker;
    try {
        worker = new Worker(code, { eval: true, workerData: data });
    } catch (e) {
        return {
            result: Promise.resolve({ error: `could not start: ${String(e)}`, fileError: false }),
            stop: () => undefined
        };
    }
    const result = new Promise<HistoryOutcome<TableOf<K>>>((resolve) => {
        worker.once('message', (message: HistoryWorkerMessage<K>) => {
            try {
                resolve('rows' in message ? { rows: checkedLater(data.kind, message.rows) } : message);
            } catch (e) {
                resolve({ error: `its rows could not be taken over: ${String(e)}`, fileError: false });
            }
        });
        worker.once('error', (e) => resolve({ error: String(e), fileError: false }));
        worker.once('exit', (code) =>
            resolve({ error: `it ended (exit code ${code}) before posting its rows`, fileError: false })
        );
    });
    return { result, stop: () => void worker.terminate() };
}
