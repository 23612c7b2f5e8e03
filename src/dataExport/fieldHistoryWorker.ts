/**
 * The field-history worker's entry (a `worker_threads` script, compiled to
 * dist/src/dataExport/fieldHistoryWorker.js with the rest of the CLI): reads the file it is given with
 * the main thread's reader and translator, leaving each row's deal and `Id` checks to the main thread,
 * and posts the rows (their columns transferred). fieldHistoryInWorker.ts starts it and takes the rows.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { RecordTranslator } from '../records/translate';
import { DataExportError } from './errors';
import {
    DeferringLedger,
    type FieldHistoryWorkerData,
    type FieldHistoryWorkerMessage,
    UncheckedRows
} from './fieldHistoryInWorker';
import { FIELD_HISTORY_REQUIRED } from './layout';
import { DATA_EXPORT_SOURCES, translatedRows } from './readDataExport';

async function read({ path, salesProcess, now }: FieldHistoryWorkerData): Promise<void> {
    const rows = new UncheckedRows();
    const ledger = new DeferringLedger(rows);
    const translator = new RecordTranslator(salesProcess, ledger, DATA_EXPORT_SOURCES, { now });
    await translatedRows(path, FIELD_HISTORY_REQUIRED, translator, (cells, place) => {
        translator.fieldHistoryUnchecked(cells, place, rows);
        return null;
    });
    const tally = ledger.tally(DATA_EXPORT_SOURCES.fieldHistory);
    // The main thread replays each problem as its row's rejection and counts the rows kept as accepted
    // unrepaired: a problem of any other outcome (a value dropped or repaired: none today for field
    // history) would be lost, so the read is left to the main thread instead.
    if (rows.problems.some(({ problem }) => problem.outcome !== 'rejected'))
        throw new Error(
            'a field-history problem that is not a rejection: the main thread would not replay it'
        );
    const { shipped, transfer } = rows.toTransfer(
        tally.skipped,
        translator.shortIdCount(DATA_EXPORT_SOURCES.fieldHistory)
    );
    const message: FieldHistoryWorkerMessage = { rows: shipped };
    parentPort!.postMessage(message, transfer);
}

read(workerData as FieldHistoryWorkerData).catch((e: unknown) => {
    const message: FieldHistoryWorkerMessage = {
        error: e instanceof Error ? (e.stack ?? e.message) : String(e),
        fileError: e instanceof DataExportError
    };
    parentPort!.postMessage(message);
});
