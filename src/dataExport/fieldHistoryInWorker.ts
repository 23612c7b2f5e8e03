/**
 * Reads `OpportunityFieldHistory.csv` on a worker thread while the main thread reads the other files
 * (the largest file of an export: ~60% of its bytes, 6.4M rows at 1M deals, and reading was one core's
 * work). The worker (fieldHistoryWorker.ts) tokenizes and translates the file with the same functions
 * the main thread would (`translatedRows`, `RecordTranslator.fieldHistoryUnchecked`), into a
 * `FieldHistoryTable` of the rows that passed every check it can make alone. Two checks need the files
 * the main thread reads meanwhile: whether the row's deal was accepted, and whether its `Id` was seen
 * before (stage history ids count too). So each row also carries its `Id` and line, each problem the
 * deal to check first, and the main thread finishes them in file order
 * (`RecordTranslator.checkFieldHistory`): the ledger and the rows kept are those of a single-threaded
 * read. The table's columns are transferred, not copied.
 */
import { Worker } from 'node:worker_threads';
import type { FieldHistoryParts, ProcessDefinition } from '../core';
import { FieldHistoryTable, grownTo } from '../core';
import type { DataProblem } from '../dataset';
import { DataQualityLedger } from '../records/ledger';
import { workerEntryCode } from '../workerEntry';
import type { CheckedLater, FieldChange, LaterProblem, UncheckedFieldHistory } from '../records/translate';

/**
 * Field-history files smaller than this are read on the main thread. Starting a worker costs ~50-100 ms
 * and its read overlaps the others' only as long as they last; at 8 MB (~70k rows, an export of ~11k
 * deals) reading the file takes about as long as starting a thread.
 */
export const FIELD_HISTORY_WORKER_MIN_BYTES = 8 << 20;

/** Rows a new buffer has room for before it first grows (then it doubles). */
const INITIAL_ROWS = 1024;

/**
 * What the worker ships: the table's parts, each row's line and `Id` (ASCII ids as bytes, `idEnds[i]`
 * the end of row i's; any other id in `otherIds`), the problems, and the counts that need no check.
 */
export interface ShippedUnchecked {
    table: FieldHistoryParts;
    lines: Uint32Array;
    idEnds: Uint32Array;
    idBytes: Uint8Array;
    otherIds: Map<number, string>;
    problems: LaterProblem[];
    skipped: number;
    shortIds: number;
}

/** The worker's side: where `fieldHistoryUnchecked` puts the rows, until they are shipped. */
export class UncheckedRows implements UncheckedFieldHistory {
    pendingDeal: string | null = null;
    readonly table = new FieldHistoryTable();
    readonly problems: LaterProblem[] = [];
    private lines = new Uint32Array(INITIAL_ROWS);
    private idEnds = new Uint32Array(INITIAL_ROWS);
    private idBytes = new Uint8Array(INITIAL_ROWS * 18);
    private idLength = 0;
    private readonly otherIds = new Map<number, string>();

    append(
        dealId: string,
        field: string,
        change: FieldChange,
        historyId: string | null,
        line: number | null
    ): void {
        const i = this.table.length;
        if (line === null || !(line >= 0 && line <= 0xffffffff))
            throw new Error(`line ${line} does not fit the worker's line column`);
        this.table.append(dealId, field, change.oldValue, change.newValue, change.at);
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
    toTransfer(skipped: number, shortIds: number): { shipped: ShippedUnchecked; transfer: ArrayBuffer[] } {
        const { parts, transfer } = this.table.toTransfer();
        const shipped: ShippedUnchecked = {
            table: parts,
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
    constructor(private readonly rows: UncheckedRows) {
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

/** The main thread's side of what the worker shipped. */
export function checkedLater(shipped: ShippedUnchecked): CheckedLater {
    const table = FieldHistoryTable.fromTransfer(shipped.table);
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
        lineAt: (i) => lines[i],
        adopt(dealIds, kept) {
            if (kept === null) {
                table.shareDealIds(dealIds);
                return table;
            }
            // Some rows were rejected here: the rows kept are appended anew, as a single-threaded read
            // appends them (the same values in the same order: the same codes).
            const rows = new FieldHistoryTable();
            for (let i = 0; i < table.length; i++) {
                if (kept[i] === 0) continue;
                rows.append(
                    dealIds[table.dealAt(i)],
                    table.fields[table.fieldAt(i)],
                    table.values[table.oldValueAt(i)],
                    table.values[table.newValueAt(i)],
                    table.instantAt(i)
                );
            }
            return rows;
        }
    };
}

/** What the worker is started with. */
export interface FieldHistoryWorkerData {
    path: string;
    salesProcess: ProcessDefinition;
    now: Date;
}

/** What the worker posts: its rows, or why it could not read them. */
export type FieldHistoryWorkerMessage =
    | { rows: ShippedUnchecked }
    | {
          error: string;
          /** The file itself is unusable (`DataExportError`): the main thread's read says so the same way. */
          fileError: boolean;
      };

/** The outcome of a worker's read: the rows to check, or why there are none (then read on the main thread). */
export type FieldHistoryOutcome = { rows: CheckedLater } | { error: string; fileError: boolean };

export interface FieldHistoryReading {
    /** Settles once the worker has posted or ended; never rejects. */
    readonly result: Promise<FieldHistoryOutcome>;
    /** Stops the worker (a read abandoned because another file failed). */
    stop(): void;
}

/** Starts reading `path` on a worker thread; `code` replaces the worker's code (tests of a failing worker). */
export function readFieldHistoryInWorker(
    data: FieldHistoryWorkerData,
    code: string = workerEntryCode(__dirname, 'fieldHistoryWorker')
): FieldHistoryReading {
    let worker: Worker;
    try {
        worker = new Worker(code, { eval: true, workerData: data });
    } catch (e) {
        return {
            result: Promise.resolve({ error: `could not start: ${String(e)}`, fileError: false }),
            stop: () => undefined
        };
    }
    const result = new Promise<FieldHistoryOutcome>((resolve) => {
        worker.once('message', (message: FieldHistoryWorkerMessage) => {
            try {
                resolve('rows' in message ? { rows: checkedLater(message.rows) } : message);
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
