/**
 * Reads an org into the core's Dataset: Opportunity (with the process's capture fields),
 * OpportunityHistory and OpportunityFieldHistory through Bulk API 2.0 queries streamed page by page,
 * Users and Accounts likewise small enough for REST or Bulk. Cells are parsed by the same functions
 * as the Data Export reader, so an org and its export yield the same Dataset.
 */
import type {
    FieldHistoryRow,
    FieldValue,
    OpportunityRecord,
    ProcessDefinition,
    StageHistoryRow,
    UserRecord
} from '../../force-app/main/default/lwc/stageplayCore/types';
import type { AccountRecord, DataProblem, Dataset } from '../dataset';
import {
    parseBooleanCell,
    parseDateCell,
    parseDateTimeCell,
    parseFieldCell,
    parseForecastCategoryCell,
    parseNumberCell,
    parseProbabilityCell,
    type Parsed
} from '../dataExport/values';
import { OPPORTUNITY_COLUMNS } from '../dataExport/layout';
import { bulkQueryPages, type BulkQueryOptions, type BulkRow } from './bulkQuery';
import { queryAllPages, retryPolicy, type RetryPolicy, type OrgConnection } from './http';

export interface ReadOrgDatasetOptions extends BulkQueryOptions {
    retry?: Partial<RetryPolicy>;
    /** Skip Accounts (the core does not need them; reports show industry and size when present). */
    skipAccounts?: boolean;
    /** Told after each page: object name and rows read so far. */
    onProgress?: (progress: { object: string; rows: number }) => void;
}

// The Data Export columns, plus the owner's name, which an org query can join and an export cannot.
const OPPORTUNITY_BASE_FIELDS: readonly string[] = [...OPPORTUNITY_COLUMNS, 'Owner.Name'];

export function opportunityQuery(process: ProcessDefinition): string {
    const base = new Set(OPPORTUNITY_BASE_FIELDS.map((f) => f.toLowerCase()));
    const extra = [...new Set(process.parameters.map((p) => p.field))].filter(
        (f) => !base.has(f.toLowerCase())
    );
    return `SELECT ${[...OPPORTUNITY_BASE_FIELDS, ...extra].join(', ')} FROM Opportunity`;
}

export const STAGE_HISTORY_QUERY =
    'SELECT OpportunityId, StageName, CreatedDate, Amount, CloseDate, Probability, ForecastCategory FROM OpportunityHistory';

export function fieldHistoryQuery(process: ProcessDefinition): string | null {
    const fields = [...new Set(process.parameters.map((p) => p.field))];
    if (!fields.length) return null;
    const quoted = fields.map((f) => `'${f.replace(/'/g, "\\'")}'`).join(', ');
    return `SELECT OpportunityId, Field, OldValue, NewValue, CreatedDate FROM OpportunityFieldHistory WHERE Field IN (${quoted})`;
}

/** Collects a row's parse failures as DataProblems naming object, record and column. */
class RowReader {
    failed = false;
    constructor(
        private readonly source: string,
        private readonly row: BulkRow,
        private readonly recordId: string | null,
        private readonly problems: DataProblem[]
    ) {}

    get<T>(column: string, parse: (text: string | undefined) => Parsed<T>, required = false): T | null {
        const text = this.row[column];
        const parsed = parse(text);
        if (!parsed.ok) {
            this.problem(column, parsed.message);
            return null;
        }
        if (required && (parsed.value === null || parsed.value === undefined)) {
            this.problem(column, `${column} is blank`);
            return null;
        }
        return parsed.value;
    }

    text(column: string, required = false): string | null {
        const value = this.row[column];
        if (value === undefined || value === '') {
            if (required) this.problem(column, `${column} is blank`);
            return null;
        }
        return value;
    }

    problem(column: string | null, message: string): void {
        this.failed = true;
        this.problems.push({ source: this.source, line: null, column, recordId: this.recordId, message });
    }
}

function toOpportunity(
    row: BulkRow,
    process: ProcessDefinition,
    problems: DataProblem[]
): OpportunityRecord | null {
    const r = new RowReader('Opportunity', row, row.Id || null, problems);
    const id = r.text('Id', true);
    const stageName = r.text('StageName', true);
    const closeDate = r.get('CloseDate', parseDateCell, true);
    const ownerId = r.text('OwnerId', true);
    const createdDate = r.get('CreatedDate', parseDateTimeCell, true);
    const record = {
        id: id ?? '',
        name: r.text('Name') ?? '',
        accountId: r.text('AccountId'),
        ownerId: ownerId ?? '',
        ownerName: r.text('Owner.Name'),
        amount: r.get('Amount', parseNumberCell),
        closeDate: closeDate ?? '',
        stageName: stageName ?? '',
        probability: r.get('Probability', parseProbabilityCell),
        forecastCategory: r.get('ForecastCategoryName', parseForecastCategoryCell),
        isClosed: r.get('IsClosed', parseBooleanCell) ?? false,
        isWon: r.get('IsWon', parseBooleanCell) ?? false,
        createdDate: createdDate ?? '',
        lastModifiedDate: r.get('LastModifiedDate', parseDateTimeCell),
        fields: {} as Record<string, FieldValue>
    };
    for (const field of new Set(process.parameters.map((p) => p.field))) {
        const info = process.fields[field];
        // A cell that does not parse is reported, and the value counted as blank rather than guessed.
        record.fields[field] = r.get(field, (text) => parseFieldCell(text, info));
    }
    if (!id || !stageName || !closeDate || !ownerId || !createdDate) return null;
    return record;
}

function toStageHistory(row: BulkRow, problems: DataProblem[]): StageHistoryRow | null {
    const r = new RowReader('OpportunityHistory', row, row.OpportunityId || null, problems);
    const opportunityId = r.text('OpportunityId', true);
    const stageName = r.text('StageName', true);
    const createdDate = r.get('CreatedDate', parseDateTimeCell, true);
    const out: StageHistoryRow = {
        opportunityId: opportunityId ?? '',
        stageName: stageName ?? '',
        createdDate: createdDate ?? '',
        amount: r.get('Amount', parseNumberCell),
        closeDate: r.get('CloseDate', parseDateCell),
        probability: r.get('Probability', parseProbabilityCell),
        forecastCategory: r.get('ForecastCategory', parseForecastCategoryCell)
    };
    return opportunityId && stageName && createdDate ? out : null;
}

function toFieldHistory(
    row: BulkRow,
    process: ProcessDefinition,
    problems: DataProblem[]
): FieldHistoryRow | null {
    const r = new RowReader('OpportunityFieldHistory', row, row.OpportunityId || null, problems);
    const opportunityId = r.text('OpportunityId', true);
    const field = r.text('Field', true);
    const createdDate = r.get('CreatedDate', parseDateTimeCell, true);
    if (!opportunityId || !field || !createdDate) return null;
    const info = process.fields[field];
    return {
        opportunityId,
        field,
        oldValue: r.get('OldValue', (text) => parseFieldCell(text, info)),
        newValue: r.get('NewValue', (text) => parseFieldCell(text, info)),
        createdDate
    };
}

interface UserRow {
    Id: string;
    Name: string | null;
    IsActive: boolean | null;
}

export async function readOrgDataset(
    conn: OrgConnection,
    process: ProcessDefinition,
    options: ReadOrgDatasetOptions = {}
): Promise<Dataset> {
    const policy = retryPolicy(options.retry);
    const problems: DataProblem[] = [];
    const read = async (object: string, soql: string, onRow: (row: BulkRow) => void): Promise<void> => {
        let rows = 0;
        for await (const page of bulkQueryPages(conn, soql, policy, options)) {
            for (const row of page) onRow(row);
            rows += page.length;
            options.onProgress?.({ object, rows });
        }
    };

    const opportunities: OpportunityRecord[] = [];
    await read('Opportunity', opportunityQuery(process), (row) => {
        const record = toOpportunity(row, process, problems);
        if (record) opportunities.push(record);
    });
    const stageHistory: StageHistoryRow[] = [];
    await read('OpportunityHistory', STAGE_HISTORY_QUERY, (row) => {
        const record = toStageHistory(row, problems);
        if (record) stageHistory.push(record);
    });
    const fieldHistory: FieldHistoryRow[] = [];
    const fieldSoql = fieldHistoryQuery(process);
    if (fieldSoql) {
        await read('OpportunityFieldHistory', fieldSoql, (row) => {
            const record = toFieldHistory(row, process, problems);
            if (record) fieldHistory.push(record);
        });
    }
    const users: UserRecord[] = [];
    await queryAllPages<UserRow>(conn, 'SELECT Id, Name, IsActive FROM User', policy, (records) => {
        for (const u of records)
            users.push({ id: u.Id, name: u.Name ?? u.Id, isActive: u.IsActive !== false });
        options.onProgress?.({ object: 'User', rows: users.length });
    });
    const accounts: AccountRecord[] = [];
    if (!options.skipAccounts) {
        await read('Account', 'SELECT Id, Name, Industry, NumberOfEmployees FROM Account', (row) => {
            const r = new RowReader('Account', row, row.Id || null, problems);
            const id = r.text('Id', true);
            if (!id) return;
            accounts.push({
                id,
                name: r.text('Name') ?? '',
                industry: r.text('Industry'),
                numberOfEmployees: r.get('NumberOfEmployees', parseNumberCell)
            });
        });
    }
    return { process, opportunities, stageHistory, fieldHistory, users, accounts, problems };
}
