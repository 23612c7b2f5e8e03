/**
 * Reads a folder in the Salesforce Data Export layout into a `Dataset`.
 *
 * Files stream row by row; only the parsed records are kept. A folder that cannot be used at all
 * (no Opportunity.csv, a required column missing, text that is not CSV) raises `DataExportError`.
 * A row that cannot be used is skipped and reported as a `DataProblem` naming its file, line and
 * column: counted, never silently dropped, never a crash.
 */
import { stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import type {
    FieldHistoryRow,
    FieldInfo,
    ForecastCategory,
    OpportunityRecord,
    ProcessDefinition,
    StageDefinition,
    StageHistoryRow,
    UserRecord
} from '../../force-app/main/default/lwc/stageplayCore/types';
import type { AccountRecord, DataProblem, Dataset } from '../dataset';
import { type CsvHeader, type CsvRow, fileExists, readCsvRows } from './csvFile';
import { DataExportError } from './errors';
import {
    ACCOUNT_REQUIRED,
    DATA_EXPORT_FILES,
    FIELD_HISTORY_REQUIRED,
    OPPORTUNITY_REQUIRED,
    STAGE_HISTORY_REQUIRED,
    STAGE_REQUIRED,
    USER_REQUIRED
} from './layout';
import {
    isEmptyCell,
    type Parsed,
    parseBooleanCell,
    parseDateCell,
    parseDateTimeCell,
    parseFieldCell,
    parseForecastCategoryCell,
    parseNumberCell,
    parseProbabilityCell
} from './values';

/** Thrown inside a row handler to skip the row; turned into a `DataProblem`. */
class RowProblem extends Error {
    constructor(
        readonly column: string | null,
        message: string
    ) {
        super(message);
    }
}

function take<T>(parsed: Parsed<T>, column: string): T {
    if (!parsed.ok) throw new RowProblem(column, `${column}: ${parsed.message}`);
    return parsed.value;
}

function requireValue<T>(value: T | null, column: string): T {
    if (value === null) throw new RowProblem(column, `${column} is empty`);
    return value;
}

class ProblemLog {
    readonly problems: DataProblem[] = [];

    add(
        source: string,
        line: number | null,
        column: string | null,
        recordId: string | null,
        message: string
    ): void {
        this.problems.push({ source, line, column, recordId, message });
    }
}

/**
 * Runs `handle` on every row of a file, turning a `RowProblem` into a reported, skipped row and
 * checking that rows have as many cells as the header (a broken quote shifts every later column).
 */
async function eachRow(
    path: string,
    required: readonly string[],
    log: ProblemLog,
    handle: (row: CsvRow) => void,
    onHeader?: (header: CsvHeader) => void
): Promise<void> {
    const file = basename(path);
    let width = 0;
    for await (const row of readCsvRows(path, required, (header) => {
        width = header.columns.length;
        onHeader?.(header);
    })) {
        const recordId = row.get('Id')?.trim() || null;
        if (row.cellCount !== width) {
            log.add(
                file,
                row.line,
                null,
                recordId,
                `expected ${width} cells as in the header, found ${row.cellCount}`
            );
            continue;
        }
        try {
            handle(row);
        } catch (err) {
            if (!(err instanceof RowProblem)) throw err;
            log.add(file, row.line, err.column, recordId, err.message);
        }
    }
}

/** Looks stages up the way Salesforce users write them: API value first, then label, ignoring case. */
class StageIndex {
    private readonly byKey = new Map<string, StageDefinition>();

    constructor(stages: StageDefinition[]) {
        for (const stage of stages) this.byKey.set(stage.name, stage);
        for (const stage of stages) {
            const lower = stage.name.toLowerCase();
            if (!this.byKey.has(lower)) this.byKey.set(lower, stage);
        }
        for (const stage of stages) {
            const label = stage.label.toLowerCase();
            if (!this.byKey.has(label)) this.byKey.set(label, stage);
        }
    }

    resolve(text: string | undefined, column: string): StageDefinition {
        const name = requireValue(isEmptyCell(text) ? null : text!.trim(), column);
        const stage = this.byKey.get(name) ?? this.byKey.get(name.toLowerCase());
        if (!stage)
            throw new RowProblem(column, `${column}: "${name}" is not a stage of this org's sales process`);
        return stage;
    }
}

function defaultForecastCategory(isClosed: boolean, isWon: boolean): ForecastCategory {
    if (isClosed) return isWon ? 'Closed' : 'Omitted';
    return 'Pipeline';
}

async function readStages(path: string, log: ProblemLog): Promise<StageDefinition[]> {
    const file = DATA_EXPORT_FILES.stage;
    const stages: Array<StageDefinition & { rowOrder: number }> = [];
    const seen = new Set<string>();
    await eachRow(path, STAGE_REQUIRED, log, (row) => {
        const name = requireValue(
            isEmptyCell(row.get('ApiName')) ? null : row.get('ApiName')!.trim(),
            'ApiName'
        );
        if (seen.has(name))
            throw new RowProblem('ApiName', `ApiName: stage "${name}" is listed more than once`);
        const probability = requireValue(
            take(parseProbabilityCell(row.get('DefaultProbability')), 'DefaultProbability'),
            'DefaultProbability'
        );
        const isClosed = requireValue(take(parseBooleanCell(row.get('IsClosed')), 'IsClosed'), 'IsClosed');
        const isWon = requireValue(take(parseBooleanCell(row.get('IsWon')), 'IsWon'), 'IsWon');
        if (isWon && !isClosed) throw new RowProblem('IsWon', 'IsWon: a won stage must also be closed');
        const forecastCategory =
            take(parseForecastCategoryCell(row.get('ForecastCategoryName')), 'ForecastCategoryName') ??
            defaultForecastCategory(isClosed, isWon);
        const isActive = take(parseBooleanCell(row.get('IsActive')), 'IsActive') ?? true;
        const sortOrder = take(parseNumberCell(row.get('SortOrder')), 'SortOrder') ?? stages.length + 1;
        const label = isEmptyCell(row.get('MasterLabel')) ? name : row.get('MasterLabel')!.trim();
        seen.add(name);
        stages.push({
            name,
            label,
            probability,
            forecastCategory,
            isClosed,
            isWon,
            isActive,
            sortOrder,
            rowOrder: stages.length
        });
    });
    if (stages.length === 0)
        throw new DataExportError(file, 'no usable stage rows: the process needs at least one stage');
    stages.sort((a, b) => a.sortOrder - b.sortOrder || a.rowOrder - b.rowOrder);
    return stages.map(({ rowOrder: _rowOrder, ...stage }) => stage);
}

async function readUsers(path: string, log: ProblemLog): Promise<UserRecord[]> {
    const users: UserRecord[] = [];
    const seen = new Set<string>();
    await eachRow(
        path,
        USER_REQUIRED,
        log,
        (row) => {
            const id = requireValue(isEmptyCell(row.get('Id')) ? null : row.get('Id')!.trim(), 'Id');
            if (seen.has(id)) throw new RowProblem('Id', `Id: ${id} appears more than once`);
            // Some exports carry FirstName/LastName instead of the compound Name.
            const name =
                row.get('Name')?.trim() ||
                [row.get('FirstName')?.trim(), row.get('LastName')?.trim()].filter(Boolean).join(' ') ||
                id;
            const isActive = take(parseBooleanCell(row.get('IsActive')), 'IsActive') ?? true;
            seen.add(id);
            users.push({ id, name, isActive });
        },
        (header) => {
            if (!header.has('Name') && !header.has('LastName')) {
                throw new DataExportError(header.file, 'required column "Name" is missing from the header', {
                    column: 'Name',
                    line: 1
                });
            }
        }
    );
    return users;
}

async function readAccounts(path: string, log: ProblemLog): Promise<AccountRecord[]> {
    const accounts: AccountRecord[] = [];
    const seen = new Set<string>();
    await eachRow(path, ACCOUNT_REQUIRED, log, (row) => {
        const id = requireValue(isEmptyCell(row.get('Id')) ? null : row.get('Id')!.trim(), 'Id');
        if (seen.has(id)) throw new RowProblem('Id', `Id: ${id} appears more than once`);
        const employees = take(parseNumberCell(row.get('NumberOfEmployees')), 'NumberOfEmployees');
        seen.add(id);
        accounts.push({
            id,
            name: row.get('Name')?.trim() ?? '',
            industry: isEmptyCell(row.get('Industry')) ? null : row.get('Industry')!.trim(),
            numberOfEmployees: employees
        });
    });
    return accounts;
}

interface OpportunityIndex {
    kept: Set<string>;
    skipped: Set<string>;
}

async function readOpportunities(
    path: string,
    process: ProcessDefinition,
    stages: StageIndex,
    users: Map<string, UserRecord>,
    log: ProblemLog
): Promise<{ opportunities: OpportunityRecord[]; index: OpportunityIndex }> {
    const file = DATA_EXPORT_FILES.opportunity;
    const opportunities: OpportunityRecord[] = [];
    const index: OpportunityIndex = { kept: new Set(), skipped: new Set() };
    const captureFields: FieldInfo[] = Object.values(process.fields);
    let presentFields: FieldInfo[] = [];
    await eachRow(
        path,
        OPPORTUNITY_REQUIRED,
        log,
        (row) => {
            const id = row.get('Id')?.trim() || null;
            try {
                if (id === null) throw new RowProblem('Id', 'Id is empty');
                if (index.kept.has(id)) throw new RowProblem('Id', `Id: ${id} appears more than once`);
                const stage = stages.resolve(row.get('StageName'), 'StageName');
                const closeDate = requireValue(
                    take(parseDateCell(row.get('CloseDate')), 'CloseDate'),
                    'CloseDate'
                );
                const createdDate = requireValue(
                    take(parseDateTimeCell(row.get('CreatedDate')), 'CreatedDate'),
                    'CreatedDate'
                );
                const ownerId = requireValue(
                    isEmptyCell(row.get('OwnerId')) ? null : row.get('OwnerId')!.trim(),
                    'OwnerId'
                );
                const fields: OpportunityRecord['fields'] = {};
                for (const field of captureFields) fields[field.apiName] = null;
                for (const field of presentFields) {
                    fields[field.apiName] = take(
                        parseFieldCell(row.get(field.apiName), field),
                        field.apiName
                    );
                }
                const accountId = row.get('AccountId')?.trim() || null;
                opportunities.push({
                    id,
                    name: row.get('Name') ?? '',
                    accountId,
                    ownerId,
                    ownerName: users.get(ownerId)?.name ?? null,
                    amount: take(parseNumberCell(row.get('Amount')), 'Amount'),
                    closeDate,
                    stageName: stage.name,
                    probability: take(parseProbabilityCell(row.get('Probability')), 'Probability'),
                    forecastCategory:
                        take(
                            parseForecastCategoryCell(row.get('ForecastCategoryName')),
                            'ForecastCategoryName'
                        ) ?? stage.forecastCategory,
                    isClosed: take(parseBooleanCell(row.get('IsClosed')), 'IsClosed') ?? stage.isClosed,
                    isWon: take(parseBooleanCell(row.get('IsWon')), 'IsWon') ?? stage.isWon,
                    createdDate,
                    lastModifiedDate: take(
                        parseDateTimeCell(row.get('LastModifiedDate')),
                        'LastModifiedDate'
                    ),
                    fields
                });
                index.kept.add(id);
            } catch (err) {
                // A later history row for this deal should say why it has nowhere to go.
                if (id !== null && !index.kept.has(id)) index.skipped.add(id);
                throw err;
            }
        },
        (header) => {
            presentFields = captureFields.filter((field) => header.has(field.apiName));
            for (const field of captureFields) {
                if (header.has(field.apiName)) continue;
                const users = process.parameters.filter((p) => p.field === field.apiName).map((p) => p.name);
                log.add(
                    file,
                    1,
                    field.apiName,
                    null,
                    `column ${field.apiName} (captures ${users.join(', ') || 'a parameter'}) is not in the export: ` +
                        'its answers are blank for every deal'
                );
            }
        }
    );
    return { opportunities, index };
}

function opportunityOf(row: CsvRow, opportunities: OpportunityIndex): string {
    const id = requireValue(
        isEmptyCell(row.get('OpportunityId')) ? null : row.get('OpportunityId')!.trim(),
        'OpportunityId'
    );
    if (opportunities.skipped.has(id)) {
        throw new RowProblem(
            'OpportunityId',
            `OpportunityId: ${id} was skipped in Opportunity.csv (see its problem)`
        );
    }
    if (!opportunities.kept.has(id)) {
        throw new RowProblem('OpportunityId', `OpportunityId: ${id} is not in Opportunity.csv`);
    }
    return id;
}

function checkUniqueId(row: CsvRow, seen: Set<string>): void {
    const id = row.get('Id')?.trim();
    if (!id) return;
    if (seen.has(id)) throw new RowProblem('Id', `Id: ${id} appears more than once`);
    seen.add(id);
}

async function readStageHistory(
    path: string,
    stages: StageIndex,
    opportunities: OpportunityIndex,
    log: ProblemLog
): Promise<StageHistoryRow[]> {
    const rows: StageHistoryRow[] = [];
    const seen = new Set<string>();
    await eachRow(path, STAGE_HISTORY_REQUIRED, log, (row) => {
        const opportunityId = opportunityOf(row, opportunities);
        const stage = stages.resolve(row.get('StageName'), 'StageName');
        const createdDate = requireValue(
            take(parseDateTimeCell(row.get('CreatedDate')), 'CreatedDate'),
            'CreatedDate'
        );
        const parsed: StageHistoryRow = {
            opportunityId,
            stageName: stage.name,
            createdDate,
            amount: take(parseNumberCell(row.get('Amount')), 'Amount'),
            closeDate: take(parseDateCell(row.get('CloseDate')), 'CloseDate'),
            probability: take(parseProbabilityCell(row.get('Probability')), 'Probability'),
            forecastCategory: take(parseForecastCategoryCell(row.get('ForecastCategory')), 'ForecastCategory')
        };
        checkUniqueId(row, seen);
        rows.push(parsed);
    });
    return rows;
}

async function readFieldHistory(
    path: string,
    process: ProcessDefinition,
    opportunities: OpportunityIndex,
    log: ProblemLog
): Promise<FieldHistoryRow[]> {
    const rows: FieldHistoryRow[] = [];
    const seen = new Set<string>();
    const fieldsByName = new Map<string, FieldInfo>();
    for (const field of Object.values(process.fields)) fieldsByName.set(field.apiName.toLowerCase(), field);
    await eachRow(path, FIELD_HISTORY_REQUIRED, log, (row) => {
        // Field history also tracks fields no parameter uses (and pseudo-fields such as `created`);
        // the core has no use for them, so they are passed over rather than held in memory.
        const field = fieldsByName.get(row.get('Field')?.trim().toLowerCase() ?? '');
        if (!field) return;
        const opportunityId = opportunityOf(row, opportunities);
        const parsed: FieldHistoryRow = {
            opportunityId,
            field: field.apiName,
            oldValue: take(parseFieldCell(row.get('OldValue'), field), 'OldValue'),
            newValue: take(parseFieldCell(row.get('NewValue'), field), 'NewValue'),
            createdDate: requireValue(
                take(parseDateTimeCell(row.get('CreatedDate')), 'CreatedDate'),
                'CreatedDate'
            )
        };
        checkUniqueId(row, seen);
        rows.push(parsed);
    });
    return rows;
}

function checkPlaysAgainstStages(
    process: ProcessDefinition,
    stages: StageDefinition[],
    log: ProblemLog
): void {
    const names = new Set(stages.map((s) => s.name));
    for (const play of process.plays) {
        if (!names.has(play.stage)) {
            log.add(
                DATA_EXPORT_FILES.stage,
                null,
                'ApiName',
                null,
                `play ${play.name} belongs to stage "${play.stage}", which is not a stage in this export`
            );
        }
    }
}

/**
 * Reads a Data Export folder.
 *
 * @param process plays, parameters and capture-field types (from the repo's custom metadata). When the
 *   folder has `OpportunityStage.csv`, its stages replace `process.stages`: the org's stages are the truth.
 * @throws DataExportError when the folder or `Opportunity.csv` is missing, a required column is
 *   missing, or a file is not CSV.
 */
export async function readDataExport(dir: string, process: ProcessDefinition): Promise<Dataset> {
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
    const log = new ProblemLog();

    let stageList = process.stages;
    if (await fileExists(pathOf(DATA_EXPORT_FILES.stage))) {
        stageList = await readStages(pathOf(DATA_EXPORT_FILES.stage), log);
        checkPlaysAgainstStages(process, stageList, log);
    }
    const resolvedProcess: ProcessDefinition = { ...process, stages: stageList };
    const stages = new StageIndex(stageList);

    const users = (await fileExists(pathOf(DATA_EXPORT_FILES.user)))
        ? await readUsers(pathOf(DATA_EXPORT_FILES.user), log)
        : [];
    const accounts = (await fileExists(pathOf(DATA_EXPORT_FILES.account)))
        ? await readAccounts(pathOf(DATA_EXPORT_FILES.account), log)
        : [];
    const { opportunities, index } = await readOpportunities(
        opportunityPath,
        resolvedProcess,
        stages,
        new Map(users.map((u) => [u.id, u])),
        log
    );
    const stageHistory = (await fileExists(pathOf(DATA_EXPORT_FILES.stageHistory)))
        ? await readStageHistory(pathOf(DATA_EXPORT_FILES.stageHistory), stages, index, log)
        : [];
    const fieldHistory = (await fileExists(pathOf(DATA_EXPORT_FILES.fieldHistory)))
        ? await readFieldHistory(pathOf(DATA_EXPORT_FILES.fieldHistory), resolvedProcess, index, log)
        : [];

    return {
        process: resolvedProcess,
        opportunities,
        stageHistory,
        fieldHistory,
        users,
        accounts,
        problems: log.problems
    };
}
