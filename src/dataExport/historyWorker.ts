/**
 * The history worker's entry (a `worker_threads` script, compiled to dist/src/dataExport/historyWorker.js
 * with the rest of the CLI): reads the stage- or field-history file it is given with the main thread's
 * reader and translator, leaving each row's deal and `Id` checks to the main thread, and posts the rows
 * (their columns transferred). historyInWorker.ts starts it and takes the rows.
 */
import { stat } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { FieldHistoryTable, StageHistoryTable } from '../core';
import { RecordTranslator } from '../records/translate';
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

async function read({ kind, path, salesProcess, stages, now }: HistoryWorkerData): Promise<void> {
    const rowCount = rowsFor((await stat(path)).size);
    const stageRows =
        kind === 'stage' ? new UncheckedRows<'stage'>(new StageHistoryTable(rowCount), rowCount) : null;
    const fieldRows =
        kind === 'field' ? new UncheckedRows<'field'>(new FieldHistoryTable(rowCount), rowCount) : null;
    const rows: UncheckedRows<HistoryKind> = (stageRows ?? fieldRows)!;
    const ledger = new DeferringLedger(rows);
    const translator = new RecordTranslator(salesProcess, ledger, DATA_EXPORT_SOURCES, { now });
    translator.useStages(stages);
    await translatedRows(
        path,
        stageRows ? STAGE_HISTORY_REQUIRED : FIELD_HISTORY_REQUIRED,
        translator,
        (cells, place) => {
            if (stageRows) translator.stageHistoryUnchecked(cells, place, stageRows);
            else translator.fieldHistoryUnchecked(cells, place, fieldRows!);
            return null;
        }
    );
    const source = stageRows ? DATA_EXPORT_SOURCES.stageHistory : DATA_EXPORT_SOURCES.fieldHistory;
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
