/**
 * Writes a folder in the Salesforce Data Export layout, one row at a time.
 *
 * Each file is a csv-stringify stream piped into a file; every `write*` call resolves once the row
 * is buffered and waits for `drain` when the buffers are full, so a producer that awaits each call
 * (or hands over async iterables) writes millions of rows in constant memory.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import { type Stringifier, stringify } from 'csv-stringify';
import type {
    FieldHistoryRow,
    OpportunityRecord,
    StageDefinition,
    StageHistoryRow,
    UserRecord
} from '../core';
import type { AccountRecord } from '../dataset';
import {
    ACCOUNT_COLUMNS,
    DATA_EXPORT_FILES,
    type DataExportFileKind,
    FIELD_HISTORY_COLUMNS,
    OPPORTUNITY_COLUMNS,
    STAGE_COLUMNS,
    STAGE_HISTORY_COLUMNS,
    USER_COLUMNS
} from './layout';
import { FINANCE_COLUMNS, FINANCE_FIELDS, formatFinanceValue } from '../records/finance';
import { KEY_PREFIXES, salesforceId } from './salesforceId';
import { forecastCategoryApiValue, formatFieldValue, formatProbability } from './values';

/** History rows carry their own record id in an export; one is made up when the source has none. */
export type StageHistoryExportRow = StageHistoryRow & { id?: string };
export type FieldHistoryExportRow = FieldHistoryRow & { id?: string };
export type StageExportRow = StageDefinition & { id?: string };

export type DataExportCounts = Record<DataExportFileKind, number>;

export interface DataExportWriterOptions {
    /** Opportunity columns after the standard ones: the capture fields' API names. */
    opportunityFields: string[];
    /**
     * Files written even when they receive no rows (an empty history file says "tracked, nothing
     * changed", a missing one "not exported"). Opportunity.csv is always written.
     */
    alwaysWrite?: DataExportFileKind[];
    /**
     * Account.csv carries the accounting-fact columns (`Stageplay_*`, docs/account-finance.md); an
     * account without facts leaves them blank. Off, the file has the standard columns only.
     */
    accountFinance?: boolean;
}

export interface DataExportWriter {
    writeOpportunity(opportunity: OpportunityRecord): Promise<void>;
    writeStageHistory(row: StageHistoryExportRow): Promise<void>;
    writeFieldHistory(row: FieldHistoryExportRow): Promise<void>;
    writeStage(stage: StageExportRow): Promise<void>;
    /** `lastLoginDate` (ISO) fills User.LastLoginDate, which adoption reads. */
    writeUser(user: UserRecord & { lastLoginDate?: string | null }): Promise<void>;
    writeAccount(account: AccountRecord): Promise<void>;
    /** Flushes and closes every file; resolves with the rows written per file. */
    close(): Promise<DataExportCounts>;
}

/**
 * One CSV file of records being written: opened on first use, with backpressure. Each row starts
 * with its record id; a row without one gets the next id of the object's key prefix. Closed, it
 * refuses rows.
 */
export class CsvSink {
    private stringifier: Stringifier | null = null;
    private done: Promise<void> | null = null;
    private failure: unknown = null;
    private closed = false;
    rows = 0;

    constructor(
        private readonly path: string,
        private readonly header: readonly string[],
        private readonly keyPrefix: string
    ) {}

    private open(): Stringifier {
        if (this.stringifier) return this.stringifier;
        // Salesforce quotes every cell and ends lines with CRLF; matching it keeps the files
        // interchangeable with a real export for any tool downstream.
        const stringifier = stringify({ quoted: true, record_delimiter: 'windows' });
        this.done = pipeline(stringifier, createWriteStream(this.path)).catch((err: unknown) => {
            this.failure = err;
            throw err;
        });
        // The rejection is re-thrown from write/close; keep Node from reporting it as unhandled meanwhile.
        this.done.catch(() => undefined);
        this.stringifier = stringifier;
        stringifier.write([...this.header]);
        return stringifier;
    }

    /** A record's row: `id` (or a made-up one) and then `cells`. */
    async writeRecord(id: string | undefined, cells: string[]): Promise<void> {
        if (this.closed) throw new Error('the Data Export writer is already closed');
        if (this.failure) throw this.failure;
        const row = [id ?? salesforceId(this.keyPrefix, this.rows + 1), ...cells];
        const stringifier = this.open();
        this.rows++;
        if (!stringifier.write(row)) await Promise.race([once(stringifier, 'drain'), this.done]);
    }

    async close(): Promise<void> {
        if (this.closed) return;
        this.closed = true;
        if (!this.stringifier) return;
        this.stringifier.end();
        await this.done;
    }

    touch(): void {
        this.open();
    }
}

export async function createDataExportWriter(
    dir: string,
    options: DataExportWriterOptions
): Promise<DataExportWriter> {
    await mkdir(dir, { recursive: true });
    const fields = [...new Set(options.opportunityFields)].filter(
        (f) => !(OPPORTUNITY_COLUMNS as readonly string[]).includes(f)
    );
    const sink = (kind: DataExportFileKind, header: readonly string[], keyPrefix: string) =>
        new CsvSink(join(dir, DATA_EXPORT_FILES[kind]), header, keyPrefix);
    const sinks: Record<DataExportFileKind, CsvSink> = {
        opportunity: sink('opportunity', [...OPPORTUNITY_COLUMNS, ...fields], KEY_PREFIXES.Opportunity),
        stageHistory: sink('stageHistory', STAGE_HISTORY_COLUMNS, KEY_PREFIXES.OpportunityHistory),
        fieldHistory: sink('fieldHistory', FIELD_HISTORY_COLUMNS, KEY_PREFIXES.OpportunityFieldHistory),
        stage: sink('stage', STAGE_COLUMNS, KEY_PREFIXES.OpportunityStage),
        user: sink('user', USER_COLUMNS, KEY_PREFIXES.User),
        account: sink(
            'account',
            options.accountFinance ? [...ACCOUNT_COLUMNS, ...FINANCE_COLUMNS] : ACCOUNT_COLUMNS,
            KEY_PREFIXES.Account
        )
    };
    sinks.opportunity.touch();
    for (const kind of options.alwaysWrite ?? []) sinks[kind].touch();

    const number = (value: number | null) => (value === null ? '' : String(value));

    return {
        async writeOpportunity(o) {
            await sinks.opportunity.writeRecord(o.id, [
                o.name,
                o.accountId ?? '',
                o.ownerId,
                number(o.amount),
                o.closeDate,
                o.stageName,
                formatProbability(o.probability),
                o.forecastCategory ?? '',
                formatFieldValue(o.isClosed),
                formatFieldValue(o.isWon),
                o.createdDate,
                o.lastModifiedDate ?? '',
                ...fields.map((f) => formatFieldValue(o.fields[f]))
            ]);
        },
        async writeStageHistory(row) {
            await sinks.stageHistory.writeRecord(row.id, [
                row.opportunityId,
                row.stageName,
                number(row.amount),
                row.closeDate ?? '',
                formatProbability(row.probability),
                forecastCategoryApiValue(row.forecastCategory),
                row.createdDate
            ]);
        },
        async writeFieldHistory(row) {
            await sinks.fieldHistory.writeRecord(row.id, [
                row.opportunityId,
                row.field,
                formatFieldValue(row.oldValue),
                formatFieldValue(row.newValue),
                row.createdDate
            ]);
        },
        async writeStage(stage) {
            await sinks.stage.writeRecord(stage.id, [
                stage.name,
                stage.label,
                formatProbability(stage.probability),
                stage.forecastCategory,
                formatFieldValue(stage.isClosed),
                formatFieldValue(stage.isWon),
                formatFieldValue(stage.isActive),
                String(stage.sortOrder)
            ]);
        },
        async writeUser(user) {
            await sinks.user.writeRecord(user.id, [
                user.name,
                formatFieldValue(user.isActive),
                user.lastLoginDate ?? ''
            ]);
        },
        async writeAccount(account) {
            await sinks.account.writeRecord(account.id, [
                account.name,
                account.industry ?? '',
                number(account.numberOfEmployees),
                ...(options.accountFinance
                    ? FINANCE_FIELDS.map((f) => formatFinanceValue(account.finance?.[f.fact]))
                    : [])
            ]);
        },
        async close() {
            await Promise.all(Object.values(sinks).map((s) => s.close()));
            return {
                opportunity: sinks.opportunity.rows,
                stageHistory: sinks.stageHistory.rows,
                fieldHistory: sinks.fieldHistory.rows,
                stage: sinks.stage.rows,
                user: sinks.user.rows,
                account: sinks.account.rows
            };
        }
    };
}

type Rows<T> = Iterable<T> | AsyncIterable<T>;

/** What `writeDataExport` writes; every file but Opportunity.csv is optional and only written when given. */
export interface DataExportContent {
    opportunityFields: string[];
    opportunities: Rows<OpportunityRecord>;
    stageHistory?: Rows<StageHistoryExportRow>;
    fieldHistory?: Rows<FieldHistoryExportRow>;
    stages?: Rows<StageExportRow>;
    users?: Rows<UserRecord>;
    accounts?: Rows<AccountRecord>;
    /** Write Account.csv with the accounting-fact columns. */
    accountFinance?: boolean;
}

/**
 * Writes a whole folder from iterables (sync or async), one file after another, each row awaited:
 * nothing is collected, so generators of millions of rows stream straight to disk.
 */
export async function writeDataExport(dir: string, content: DataExportContent): Promise<DataExportCounts> {
    const given: Array<[DataExportFileKind, unknown]> = [
        ['stageHistory', content.stageHistory],
        ['fieldHistory', content.fieldHistory],
        ['stage', content.stages],
        ['user', content.users],
        ['account', content.accounts]
    ];
    const writer = await createDataExportWriter(dir, {
        opportunityFields: content.opportunityFields,
        accountFinance: content.accountFinance,
        alwaysWrite: given.filter(([, rows]) => rows !== undefined).map(([kind]) => kind)
    });
    try {
        for await (const row of content.stages ?? []) await writer.writeStage(row);
        for await (const row of content.users ?? []) await writer.writeUser(row);
        for await (const row of content.accounts ?? []) await writer.writeAccount(row);
        for await (const row of content.opportunities) await writer.writeOpportunity(row);
        for await (const row of content.stageHistory ?? []) await writer.writeStageHistory(row);
        for await (const row of content.fieldHistory ?? []) await writer.writeFieldHistory(row);
    } catch (err) {
        // Close even after a failure so no file handle is left open; the original error wins.
        await writer.close().catch(() => undefined);
        throw err;
    }
    return writer.close();
}
