/**
 * Reads a folder in the Salesforce Data Export layout into a `Dataset`.
 *
 * Files stream a chunk of rows at a time through the one row → record translation (`src/records/translate.ts`) the
 * org reader uses too; only the parsed records are kept. A folder that cannot be used at all (no
 * Opportunity.csv, a required column missing, text that is not CSV) raises `DataExportError`. Every
 * row ends in the data-quality ledger: accepted, repaired (how) or rejected (why, at file:line:column).
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type { OpportunityRecord, ProcessDefinition, StageDefinition, UserRecord } from '../core';
import { FieldHistoryTable, StageHistoryTable } from '../core';
import type { AccountRecord, Dataset, ReadScope } from '../dataset';
import { FINANCE_FIELDS } from '../records/finance';
import { DataQualityLedger } from '../records/ledger';
import {
    type Cells,
    type CheckedLater,
    RecordTranslator,
    type RowPlace,
    type SourceNames
} from '../records/translate';
import { CsvCells, type CsvHeader, fileExists, readCsvBatches } from './csvFile';
import { DataExportError } from './errors';
import {
    HISTORY_WORKER_MIN_BYTES,
    type HistoryKind,
    type HistoryReading,
    type HistoryWorkerData,
    readHistoryInWorker,
    type TableOf
} from './historyInWorker';
import { readPerformanceFiles } from './readPerformance';
import {
    ACCOUNT_REQUIRED,
    DATA_EXPORT_FILES,
    FIELD_HISTORY_REQUIRED,
    OPPORTUNITY_REQUIRED,
    STAGE_HISTORY_REQUIRED,
    STAGE_REQUIRED,
    USER_REQUIRED
} from './layout';

export const DATA_EXPORT_SOURCES: SourceNames = {
    opportunity: DATA_EXPORT_FILES.opportunity,
    stageHistory: DATA_EXPORT_FILES.stageHistory,
    fieldHistory: DATA_EXPORT_FILES.fieldHistory,
    stage: DATA_EXPORT_FILES.stage,
    user: DATA_EXPORT_FILES.user,
    account: DATA_EXPORT_FILES.account
};

/** What a missing optional file changes, in the user's terms. */
export const MISSING_FILE_CONSEQUENCES: Record<string, string> = {
    [DATA_EXPORT_FILES.stageHistory]:
        'without stage history the pipeline cannot be replayed as it stood on past dates: no backtest or win rate by stage can be computed',
    [DATA_EXPORT_FILES.fieldHistory]:
        'parameter answers are the final values, not those known at the time: benchmarks and backtests use final values (possible leakage)',
    [DATA_EXPORT_FILES.stage]: "stages come from the project's metadata, not the org's OpportunityStage",
    [DATA_EXPORT_FILES.user]: 'owners are shown by id, not by name',
    [DATA_EXPORT_FILES.account]: 'industry and company size are not shown'
};

/**
 * The records `translate` makes of a file's rows (it returns null for a row it rejected, and the
 * ledger counts why), after checking that each row has as many cells as the header (a broken quote
 * shifts every later column, so such a row is rejected whole).
 */
export async function translatedRows<T>(
    path: string,
    required: readonly string[],
    translator: RecordTranslator,
    translate: RowTranslation<T>
): Promise<T[]> {
    return translatedRowsByHeader(path, required, translator, () => translate);
}

/** A row's record, or null when the translator rejected it. */
export type RowTranslation<T> = (cells: Cells, place: RowPlace) => T | null;

/**
 * `translatedRows` of a file whose rows are read as its header allows (which optional columns it
 * has): `translateFor` sees the header first, may refuse it (throw), and gives the row translation.
 */
export async function translatedRowsByHeader<T>(
    path: string,
    required: readonly string[],
    translator: RecordTranslator,
    translateFor: (header: CsvHeader) => RowTranslation<T>
): Promise<T[]> {
    const records: T[] = [];
    const file = basename(path);
    let width = 0;
    let translate: RowTranslation<T> | null = null;
    let cells: CsvCells | null = null;
    // One place pointed at each row in turn, as `cells` is: the translator reads its line, keeps neither.
    const place: RowPlace = { line: 0 };
    for await (const { rows, lines } of readCsvBatches(path, required, (header) => {
        width = header.columns.length;
        translate = translateFor(header);
        cells = new CsvCells(header);
    })) {
        for (let i = 0; i < rows.length; i++) {
            cells!.cells = rows[i];
            place.line = lines[i];
            if (rows[i].length !== width) {
                translator.rejectRow(
                    file,
                    place,
                    cells!.get('Id')?.trim() || null,
                    'wrong number of cells',
                    `expected ${width} cells as in the header, found ${rows[i].length} (a stray quote or delimiter?)`
                );
                continue;
            }
            const record = translate!(cells!, place);
            if (record) records.push(record);
        }
    }
    // A list grown by pushing keeps room for up to half as many again; the rows are kept for the whole
    // run, so they are handed over in a list of their exact length.
    return records.slice();
}

async function readStages(path: string, translator: RecordTranslator): Promise<StageDefinition[]> {
    const stages = await translatedRows(path, STAGE_REQUIRED, translator, (cells, place) =>
        translator.stage(cells, place)
    );
    if (stages.length === 0)
        throw new DataExportError(
            DATA_EXPORT_FILES.stage,
            'no usable stage rows: the process needs at least one stage'
        );
    // Rows without a SortOrder keep their place in the file.
    const ordered = stages.map((stage, row) => ({
        stage,
        order: Number.isNaN(stage.sortOrder) ? row + 1 : stage.sortOrder,
        row
    }));
    ordered.sort((a, b) => a.order - b.order || a.row - b.row);
    return ordered.map(({ stage, order }) => ({ ...stage, sortOrder: order }));
}

async function readUsers(path: string, translator: RecordTranslator): Promise<UserRecord[]> {
    return translatedRowsByHeader(path, USER_REQUIRED, translator, (header) => {
        if (!header.has('Name') && !header.has('LastName')) {
            throw new DataExportError(header.file, 'required column "Name" is missing from the header', {
                column: 'Name',
                line: 1
            });
        }
        return (cells, place) => translator.user(cells, place);
    });
}

/** Accounts, with the accounting facts whose columns the file has. */
async function readAccounts(path: string, translator: RecordTranslator): Promise<AccountRecord[]> {
    return translatedRowsByHeader(path, ACCOUNT_REQUIRED, translator, (header) => {
        const financeFields = FINANCE_FIELDS.filter((f) => header.has(f.field));
        return (cells, place) => translator.account(cells, place, financeFields);
    });
}

async function readOpportunities(
    path: string,
    salesProcess: ProcessDefinition,
    translator: RecordTranslator,
    ledger: DataQualityLedger
): Promise<OpportunityRecord[]> {
    const captureFields = Object.values(salesProcess.fields);
    const opportunities = await translatedRowsByHeader(path, OPPORTUNITY_REQUIRED, translator, (header) => {
        const presentFields = captureFields.filter((field) => header.has(field.apiName));
        for (const field of captureFields) {
            if (header.has(field.apiName)) continue;
            const users = salesProcess.parameters.filter((p) => p.field === field.apiName).map((p) => p.name);
            ledger.missing(
                `${DATA_EXPORT_FILES.opportunity} column ${field.apiName}`,
                `it captures ${users.join(', ') || 'a parameter'}: its answers are blank for every deal`
            );
        }
        return (cells, place) => translator.opportunity(cells, place, presentFields);
    });
    translator.finishOpportunities();
    return opportunities;
}

/**
 * Reads a Data Export folder.
 *
 * @param salesProcess plays, parameters and capture-field types (from the repo's custom metadata). When the
 *   folder has `OpportunityStage.csv`, its stages replace `process.stages`: the org's stages are the truth.
 * @param options.now the moment of the run (records dated after it are rejected); defaults to now.
 * @param options.historyWorkers read `OpportunityHistory.csv` and `OpportunityFieldHistory.csv` each on a
 *   worker thread (true), on the main thread (false), or each on a worker when it has at least
 *   `HISTORY_WORKER_MIN_BYTES` (default). The Dataset is the same either way.
 * @param options.warn told when a worker failed and its file was read on the main thread instead.
 * @param options.skipAccounts, options.skipPerformance leave `Account.csv`, or the quota, login, task and
 *   event files, unread and uncounted (`ReadScope`).
 * @throws DataExportError when the folder or `Opportunity.csv` is missing, a required column is
 *   missing, or a file is not CSV.
 */
export interface ReadDataExportOptions extends ReadScope {
    now?: Date;
    historyWorkers?: boolean;
    warn?: (message: string) => void;
}

export async function readDataExport(
    dir: string,
    salesProcess: ProcessDefinition,
    options: ReadDataExportOptions = {}
): Promise<Dataset> {
    const folder = await stat(dir).catch(() => null);
    if (!folder?.isDirectory()) throw new DataExportError(dir, 'is not a folder of Data Export CSV files');
    const pathOf = (file: string) => join(dir, file);
    const opportunityPath = pathOf(DATA_EXPORT_FILES.opportunity);
    if (!(await fileExists(opportunityPath))) {
        throw new DataExportError(
            DATA_EXPORT_FILES.opportunity,
            `not found in ${dir}: it is the one file a Data Export must have`
        );
    }
    const ledger = new DataQualityLedger();
    const now = options.now ?? new Date();
    const translator = new RecordTranslator(salesProcess, ledger, DATA_EXPORT_SOURCES, { now });
    // The history files, the largest, are read each on another thread while this one reads the rest:
    // the field history from the start, the stage history once the stages its rows must name are known.
    const workers: HistoryWorkers = { stage: null, field: null };
    workers.field = await historyWorker(
        {
            kind: 'field',
            path: pathOf(DATA_EXPORT_FILES.fieldHistory),
            salesProcess,
            stages: salesProcess.stages,
            now
        },
        options.historyWorkers
    );
    try {
        return await readFiles(dir, salesProcess, ledger, translator, workers, { ...options, now });
    } finally {
        workers.stage?.stop();
        workers.field?.stop();
    }
}

/** The history files' workers, while they read (null: the file is read on the main thread). */
interface HistoryWorkers {
    stage: HistoryReading<StageHistoryTable> | null;
    field: HistoryReading<FieldHistoryTable> | null;
}

/**
 * A history file's read on a worker thread, started, when `readDataExport`'s `historyWorkers` says so (by
 * default, a file of `HISTORY_WORKER_MIN_BYTES` or more); null when the file is to be read on this thread.
 */
async function historyWorker<K extends HistoryKind>(
    data: Omit<HistoryWorkerData, 'bytes'> & { kind: K },
    wanted: boolean | undefined
): Promise<HistoryReading<TableOf<K>> | null> {
    if (wanted === false) return null;
    const file = await stat(data.path).catch(() => null);
    if (!file?.isFile() || (wanted !== true && file.size < HISTORY_WORKER_MIN_BYTES)) return null;
    return readHistoryInWorker({ ...data, bytes: file.size });
}

async function readFiles(
    dir: string,
    salesProcess: ProcessDefinition,
    ledger: DataQualityLedger,
    translator: RecordTranslator,
    workers: HistoryWorkers,
    options: ReadDataExportOptions & { now: Date }
): Promise<Dataset> {
    const pathOf = (file: string) => join(dir, file);
    const opportunityPath = pathOf(DATA_EXPORT_FILES.opportunity);
    const present = async (file: string): Promise<boolean> => {
        if (await fileExists(pathOf(file))) return true;
        ledger.missing(file, MISSING_FILE_CONSEQUENCES[file], file === DATA_EXPORT_FILES.stageHistory);
        return false;
    };

    let stageList = salesProcess.stages;
    if (await present(DATA_EXPORT_FILES.stage)) {
        stageList = await readStages(pathOf(DATA_EXPORT_FILES.stage), translator);
        translator.useStages(stageList);
        translator.checkPlays(stageList);
    }
    const resolvedProcess: ProcessDefinition = { ...salesProcess, stages: stageList };
    workers.stage = await historyWorker(
        {
            kind: 'stage',
            path: pathOf(DATA_EXPORT_FILES.stageHistory),
            salesProcess,
            stages: stageList,
            now: options.now
        },
        options.historyWorkers
    );

    const users: UserRecord[] = (await present(DATA_EXPORT_FILES.user))
        ? await readUsers(pathOf(DATA_EXPORT_FILES.user), translator)
        : [];
    const accounts: AccountRecord[] =
        !options.skipAccounts && (await present(DATA_EXPORT_FILES.account))
            ? await readAccounts(pathOf(DATA_EXPORT_FILES.account), translator)
            : [];
    const opportunities = await readOpportunities(opportunityPath, resolvedProcess, translator, ledger);
    /**
     * A history file's rows, into columns (no list of records: `translatedRows` keeps none): its worker's,
     * checked here, or read here when there is no worker or it failed. The ledger lists the file even
     * when it has no rows.
     */
    const historyRows = async <T>(
        file: string,
        worker: HistoryReading<T> | null,
        check: (rows: CheckedLater<T>) => T,
        required: readonly string[],
        table: T,
        translate: (cells: Cells, place: RowPlace, into: T) => void
    ): Promise<T> => {
        // Awaited here, so that what the worker shipped (its rows' ids and lines) is let go once its rows
        // are checked.
        const outcome = await worker?.result;
        ledger.tally(file);
        if (outcome && 'rows' in outcome) return check(outcome.rows);
        // A file the worker found unusable fails here the same way; any other failure is the worker's.
        if (outcome && !outcome.fileError)
            (options.warn ?? console.warn)(
                `Reading ${file} on a worker thread failed (${outcome.error.split('\n')[0]}); ` +
                    'it was read on the main thread instead: the data is the same, the read was slower.'
            );
        await translatedRows(pathOf(file), required, translator, (cells, place) => {
            translate(cells, place, table);
            return null;
        });
        return table;
    };
    const stageHistory = (await present(DATA_EXPORT_FILES.stageHistory))
        ? await historyRows(
              DATA_EXPORT_FILES.stageHistory,
              workers.stage,
              (rows) => translator.checkStageHistory(rows),
              STAGE_HISTORY_REQUIRED,
              new StageHistoryTable(),
              (cells, place, into) => translator.stageHistory(cells, place, into)
          )
        : new StageHistoryTable();
    // With no capture fields a missing field history changes nothing, so it is not reported missing.
    const hasFieldHistory =
        Object.keys(resolvedProcess.fields).length > 0
            ? await present(DATA_EXPORT_FILES.fieldHistory)
            : await fileExists(pathOf(DATA_EXPORT_FILES.fieldHistory));
    const fieldHistory = hasFieldHistory
        ? await historyRows(
              DATA_EXPORT_FILES.fieldHistory,
              workers.field,
              (rows) => translator.checkFieldHistory(rows),
              FIELD_HISTORY_REQUIRED,
              new FieldHistoryTable(),
              (cells, place, into) => translator.fieldHistory(cells, place, into)
          )
        : new FieldHistoryTable();
    const performance = options.skipPerformance
        ? undefined
        : await readPerformanceFiles(dir, translator, options.now);
    translator.finish();

    return ledger.dataset(
        { process: resolvedProcess, opportunities, stageHistory, fieldHistory, users, accounts, performance },
        DATA_EXPORT_FILES
    );
}
