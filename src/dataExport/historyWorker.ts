/**
 * The history worker's entry (a `worker_threads` script, compiled to dist/src/dataExport/historyWorker.js
 * with the rest of the CLI): reads the stage- or field-history file it is given with the main thread's
 * reader and translator, leaving each row's deal and `Id` checks to the main thread, and posts the rows
 * (their columns transferred). historyInWorker.ts starts it and takes the rows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { FieldHistoryTable, StageHistoryTable } from '../core';
import { type Cells, RecordTranslator, type RowPlace } from '../records/translate';
import { DataExportError } from './errors';
import {
    DeferringLedger,
    type HistoryKind,
    type HistoryWorkerData,
    type HistoryWorkerMessage,
    rowsFor,
    UncheckedRows
} from './historyInWorker';
import { FIELD_HISTORY_REQUIRED, STAGE_HISTORY_REQUIRED } from './layout';
import { DATA_EXPORT_SOURCES, translatedRows } from './readDataExport';

async function read({ kind, path, bytes, salesProcess, stages, now }: HistoryWorkerData): Promise<void> {
    const capacity = rowsFor(bytes);
    const rows =
        kind === 'stage'
            ? new UncheckedRows<'stage'>(new StageHistoryTable(capacity), capacity)
            : new UncheckedRows<'field'>(new FieldHistoryTable(capacity), capacity);
    const ledger = new DeferringLedger(rows);
    const translator = new RecordTranslator(salesProcess, ledger, DATA_EXPORT_SOURCES, { now });
    translator.useStages(stages);
    const source = kind === 'stage' ? DATA_EXPORT_SOURCES.stageHistory : DATA_EXPORT_SOURCES.fieldHistory;
    // One row's unchecked read, chosen once for the file.
    const readRow =
        kind === 'stage'
            ? (cells: Cells, place: RowPlace) =>
                  translator.stageHistoryUnchecked(cells, place, rows as UncheckedRows<'stage'>)
            : (cells: Cells, place: RowPlace) =>
                  translator.fieldHistoryUnchecked(cells, place, rows as UncheckedRows<'field'>);
    await translatedRows(
        path,
        kind === 'stage' ? STAGE_HISTORY_REQUIRED : FIELD_HISTORY_REQUIRED,
        translator,
        (cells, place) => {
            readRow(cells, place);
            return null;
        }
    );
    const { shipped, transfer } = rows.toTransfer(
        ledger.tally(source).skipped,
        translator.shortIdCount(source)
    );
    const message: HistoryWorkerMessage<HistoryKind> = { rows: shipped };
    parentPort!.postMessage(message, transfer);
}

read(workerData as HistoryWorkerData).catch((e: unknown) => {
    const message: HistoryWorkerMessage<HistoryKind> = {
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        fileError: e instanceof DataExportError
    };
    parentPort!.postMessage(message);
});
