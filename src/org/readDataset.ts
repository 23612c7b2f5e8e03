/**
 * Reads an org into the core's Dataset: Opportunity (with the process's capture fields),
 * OpportunityHistory and OpportunityFieldHistory through Bulk API 2.0 queries streamed page by page,
 * Users and Accounts likewise small enough for REST or Bulk. Rows become records through the same
 * translation as the Data Export reader (`src/records/translate.ts`), so an org and its export yield
 * the same Dataset and the same data-quality ledger.
 */
import type { OpportunityRecord, ProcessDefinition, UserRecord } from '../core';
import { FieldHistoryTable, StageHistoryTable } from '../core';
import type { AccountRecord, Dataset, ReadScope } from '../dataset';
import { OPPORTUNITY_COLUMNS } from '../dataExport/layout';
import { DataQualityLedger } from '../records/ledger';
import { type Cells, RecordTranslator, type SourceNames } from '../records/translate';
import { absentFinanceNote, accountQuery, describeFinanceFields } from './accountFinance';
import { bulkQueryPages, type BulkQueryOptions, type BulkRow } from './bulkQuery';
import { queryAllPages, retryPolicy, type RetryPolicy, type OrgConnection } from './http';
import { readOrgPerformance } from './readPerformance';

export interface ReadOrgDatasetOptions extends BulkQueryOptions, ReadScope {
    retry?: Partial<RetryPolicy>;
    /** Told after each page: object name and rows read so far. */
    onProgress?: (progress: { object: string; rows: number }) => void;
    /** The moment of the run (records dated after it are rejected); defaults to now. */
    now?: Date;
}

// The Data Export columns, plus the owner's name, which an org query can join and an export cannot.
const OPPORTUNITY_BASE_FIELDS: readonly string[] = [...OPPORTUNITY_COLUMNS, 'Owner.Name'];

export function opportunityQuery(salesProcess: ProcessDefinition): string {
    const base = new Set(OPPORTUNITY_BASE_FIELDS.map((f) => f.toLowerCase()));
    const extra = [...new Set(salesProcess.parameters.map((p) => p.field))].filter(
        (f) => !base.has(f.toLowerCase())
    );
    return `SELECT ${[...OPPORTUNITY_BASE_FIELDS, ...extra].join(', ')} FROM Opportunity`;
}

export const STAGE_HISTORY_QUERY =
    'SELECT OpportunityId, StageName, CreatedDate, Amount, CloseDate, Probability, ForecastCategory FROM OpportunityHistory';

export function fieldHistoryQuery(salesProcess: ProcessDefinition): string | null {
    const fields = [...new Set(salesProcess.parameters.map((p) => p.field))];
    if (!fields.length) return null;
    const quoted = fields.map((f) => `'${f.replace(/'/g, "\\'")}'`).join(', ');
    return `SELECT OpportunityId, Field, OldValue, NewValue, CreatedDate FROM OpportunityFieldHistory WHERE Field IN (${quoted})`;
}

export const ORG_SOURCES: SourceNames = {
    opportunity: 'Opportunity',
    stageHistory: 'OpportunityHistory',
    fieldHistory: 'OpportunityFieldHistory',
    stage: 'OpportunityStage',
    user: 'User',
    account: 'Account'
};

interface UserRow {
    Id: string;
    Name: string | null;
    IsActive: boolean | null;
}

const ORG_PLACE = { line: null };

function cellsOf(row: Record<string, string | undefined>): Cells {
    return { get: (column) => row[column] };
}

export async function readOrgDataset(
    conn: OrgConnection,
    salesProcess: ProcessDefinition,
    options: ReadOrgDatasetOptions = {}
): Promise<Dataset> {
    const policy = retryPolicy(options.retry);
    const ledger = new DataQualityLedger();
    const translator = new RecordTranslator(salesProcess, ledger, ORG_SOURCES, {
        now: options.now ?? new Date()
    });
    const read = async (object: string, soql: string, onRow: (row: BulkRow) => void): Promise<void> => {
        ledger.tally(object);
        let rows = 0;
        for await (const page of bulkQueryPages(conn, soql, policy, options)) {
            for (const row of page) onRow(row);
            rows += page.length;
            options.onProgress?.({ object, rows });
        }
    };

    // Users first, so that an owner Owner.Name does not name (an inactive or deleted user) still gets one.
    const users: UserRecord[] = [];
    ledger.tally(ORG_SOURCES.user);
    await queryAllPages<UserRow>(conn, 'SELECT Id, Name, IsActive FROM User', policy, (records) => {
        for (const u of records) {
            const user = translator.user(
                cellsOf({
                    Id: u.Id,
                    Name: u.Name ?? undefined,
                    IsActive: u.IsActive === null || u.IsActive === undefined ? undefined : String(u.IsActive)
                }),
                ORG_PLACE
            );
            if (user) users.push(user);
        }
        options.onProgress?.({ object: 'User', rows: users.length });
    });
    const opportunities: OpportunityRecord[] = [];
    const captureFields = Object.values(salesProcess.fields);
    await read('Opportunity', opportunityQuery(salesProcess), (row) => {
        const record = translator.opportunity(cellsOf(row), ORG_PLACE, captureFields);
        if (record) opportunities.push(record);
    });
    translator.finishOpportunities();
    const stageHistory = new StageHistoryTable();
    await read('OpportunityHistory', STAGE_HISTORY_QUERY, (row) => {
        translator.stageHistory(cellsOf(row), ORG_PLACE, stageHistory);
    });
    const fieldHistory = new FieldHistoryTable();
    const fieldSoql = fieldHistoryQuery(salesProcess);
    if (fieldSoql) {
        await read('OpportunityFieldHistory', fieldSoql, (row) => {
            translator.fieldHistory(cellsOf(row), ORG_PLACE, fieldHistory);
        });
    }
    const accounts: AccountRecord[] = [];
    if (!options.skipAccounts) {
        const access = await describeFinanceFields(conn, policy);
        const note = absentFinanceNote(access);
        if (note) ledger.note(note);
        await read('Account', accountQuery(access.readable), (row) => {
            const account = translator.account(cellsOf(row), ORG_PLACE, access.readable);
            if (account) accounts.push(account);
        });
    }
    const performance = options.skipPerformance
        ? undefined
        : await readOrgPerformance(conn, translator, policy, options);
    translator.finish();
    return ledger.dataset(
        { process: salesProcess, opportunities, stageHistory, fieldHistory, users, accounts, performance },
        ORG_SOURCES
    );
}
