/**
 * The one translation from Salesforce rows to the core's records, for every source: a Data Export
 * CSV row and an org's Bulk API row are both "cells by field API name", and both pass through here,
 * so an org and its export give the same Dataset.
 *
 * One row at a time (million-row inputs stream through it), each row ends in exactly one outcome
 * the ledger counts: accepted, accepted after a repair, or rejected. A cell that cannot be read loses
 * its value, not the record, unless the value is essential (then the record is rejected). Sanity
 * checks (impossible or future dates, absurd amounts, flags that contradict the stage) each have one
 * stated outcome.
 */
import type {
    FieldHistoryTable,
    FieldInfo,
    FieldValue,
    ForecastCategory,
    OpportunityRecord,
    ProcessDefinition,
    StageDefinition,
    StageHistoryTable,
    UserRecord
} from '../core';
import {
    blankRecord,
    defaultForecastCategory,
    fromTimestamp,
    IdIndex,
    toTimestamp,
    unknownFinanceFacts,
    ValuesPool
} from '../core';
import type { AccountRecord, DataProblem, ProblemOutcome } from '../dataset';
import {
    canonicalInstant,
    isEmptyCell,
    type Parsed,
    parseBooleanCell,
    parseDateCell,
    parseDateTimeCell,
    parseFieldCell,
    parseForecastCategoryCell,
    parseNumberCell,
    parseProbabilityCell
} from '../dataExport/values';
import type { DataQualityLedger } from './ledger';
import { type FinanceField, parseFinanceCell } from './finance';
import { normaliseId } from './ids';
import { CompactIdSet } from './idSet';
import { EARLIEST_PLAUSIBLE_YEAR, LATEST_PLAUSIBLE_YEAR, MAX_PLAUSIBLE_AMOUNT } from './limits';

/** A row's cells by field API name (case-insensitive for CSV files); undefined when the column is absent. */
export interface Cells {
    get(column: string): string | undefined;
}

/** Where a row is: its line in a file, or null for an org object. */
export interface RowPlace {
    line: number | null;
}

export { EARLIEST_PLAUSIBLE_YEAR, LATEST_PLAUSIBLE_YEAR, MAX_PLAUSIBLE_AMOUNT };

/** The source names the translator writes into the ledger: file names for an export, object names for an org. */
export interface SourceNames {
    opportunity: string;
    stageHistory: string;
    fieldHistory: string;
    stage: string;
    user: string;
    account: string;
}

export interface TranslatorOptions {
    /** The moment of the run: records created, and stage changes dated, after it are impossible. */
    now: Date;
}

class Rejected extends Error {}

/**
 * One row's pending outcome: problems collected while its cells are read. The translator points one
 * context at each row in turn (`RecordTranslator.row`), so a million rows do not make a million of them.
 */
export class RowContext {
    repaired = false;
    constructor(
        private readonly ledger: DataQualityLedger,
        public source: string,
        public line: number | null,
        public recordId: string | null,
        private readonly onShortId: (source: string) => void
    ) {}

    /** Points the context at another row. */
    start(source: string, line: number | null, recordId: string | null): void {
        this.source = source;
        this.line = line;
        this.recordId = recordId;
        this.repaired = false;
    }

    private record(outcome: ProblemOutcome, column: string | null, kind: string, message: string): void {
        const problem: DataProblem = {
            source: this.source,
            line: this.line,
            column,
            recordId: this.recordId,
            message,
            outcome
        };
        this.ledger.issue(problem, kind);
    }

    /** The record cannot be used: counted as rejected, with why. */
    reject(column: string | null, kind: string, message: string): never {
        this.record('rejected', column, kind, message);
        throw new Rejected(message);
    }

    /** The value is lost, the record kept. */
    drop(column: string, kind: string, message: string): void {
        this.repaired = true;
        this.record('value dropped', column, kind, message);
    }

    /** A value defaulted or corrected, the record kept. */
    repair(column: string | null, kind: string, message: string): void {
        this.repaired = true;
        this.record('repaired', column, kind, message);
    }

    /**
     * A problem another thread recorded for this row (`RecordTranslator.checkHistory`), recorded as it
     * was: a rejection rejects the record, any other outcome keeps it repaired.
     */
    replay(problem: DataProblem, kind: string): void {
        // Copied as `record` makes a problem: the ledger holds objects of this thread's own making, not a
        // structured clone's.
        const { source, line, column, recordId, message, outcome } = problem;
        this.ledger.issue({ source, line, column, recordId, message, outcome }, kind);
        if (outcome === 'rejected') throw new Rejected(message);
        this.repaired = true;
    }

    /** An essential value: unreadable or blank rejects the record. */
    need<T>(column: string, parsed: Parsed<T | null>): T {
        if (!parsed.ok) return this.reject(column, `${column} unreadable`, `${column}: ${parsed.message}`);
        if (parsed.value === null) return this.reject(column, `${column} blank`, `${column} is blank`);
        return parsed.value;
    }

    /** An optional value: unreadable loses the value (reported), blank is null. */
    want<T>(column: string, parsed: Parsed<T | null>, consequence = 'left blank'): T | null {
        if (parsed.ok) return parsed.value;
        this.drop(column, `${column} unreadable`, `${column}: ${parsed.message}; ${consequence}`);
        return null;
    }

    id(column: string, text: string | undefined, essential: true): string;
    id(column: string, text: string | undefined, essential: false): string | null;
    id(column: string, text: string | undefined, essential: boolean): string | null {
        if (isEmptyCell(text)) {
            if (essential) return this.reject(column, `${column} blank`, `${column} is blank`);
            return null;
        }
        const raw = text!.trim();
        const id = normaliseId(raw);
        if (id !== raw) this.onShortId(this.source);
        return id;
    }
}

/** Looks stages up the way Salesforce users write them: API value first, then label, ignoring case. */
export class StageIndex {
    private readonly byKey = new Map<string, StageDefinition>();

    constructor(stages: readonly StageDefinition[]) {
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

    find(text: string): StageDefinition | undefined {
        const name = text.trim();
        return this.byKey.get(name) ?? this.byKey.get(name.toLowerCase());
    }
}

/** Text longer than this (free-text answers) is kept as read: sharing pays for short repeated values. */
const SHARED_TEXT_MAX_LENGTH = 64;
const SHARED_TEXT_LIMIT = 100_000;

function yearOf(date: string): number {
    // Millions of rows: the four digits read in place, without cutting out a string to convert.
    let year = 0;
    for (let i = 0; i < 4; i++) {
        const d = date.charCodeAt(i) - 48;
        if (!(d >= 0 && d <= 9)) return Number(date.slice(0, 4)); // any other text, as Number reads it
        year = year * 10 + d;
    }
    return year;
}

export class RecordTranslator {
    private stageIndex: StageIndex;
    /** Accepted deals by id (their place in `acceptedDeals`), so history rows share their record's id string. */
    private readonly seenOpportunities = new IdIndex();
    /** Accepted deals in the order they were read. */
    private readonly acceptedDeals: OpportunityRecord[] = [];
    /** Where the accepted deal the last history row named is in `acceptedDeals`; -1 when none (`historyDeal`). */
    private lastRowDealAt = -1;
    /**
     * Close dates and text answers repeat across millions of history rows, owners, accounts and answers
     * across deals: one string per distinct value instead of one per row (the values are equal either
     * way). Bounded: cleared when full.
     */
    private readonly sharedText = new Map<string, string>();
    private readonly rejectedOpportunities = new Set<string>();
    /**
     * Ids rejected in one Opportunity row and accepted in another: their history is rejected as the
     * deal's (`opportunityOf`). Kept apart so that a history row of an accepted deal, nearly every
     * row, is one lookup.
     */
    private readonly acceptedAfterRejection = new Set<string>();
    private readonly seenStages = new Set<string>();
    private readonly seenUsers = new Set<string>();
    private readonly seenAccounts = new Set<string>();
    private readonly seenHistoryIds = new CompactIdSet();
    private readonly ownerNames = new Map<string, string>();
    /** `User.LastLoginDate` by user id, where the source has it. */
    readonly lastLogins = new Map<string, string>();
    private readonly captureFields: FieldInfo[];
    /** Every capture field, null: each deal's fields are a copy of it (`blankRecord` says why). */
    private readonly blankFields: Record<string, FieldValue>;
    /** Deals with the same answers share one fields record (never written to; `ValuesPool` says why). */
    private readonly fieldRecords = new ValuesPool();
    private readonly fieldsByName = new Map<string, FieldInfo>();
    /** `fieldsByName` by a `Field` cell as written (null: no capture field), so a row's is one lookup. */
    private readonly fieldsByCell = new Map<string, FieldInfo | null>();
    private readonly nowIso: string;
    private blankAmounts = 0;
    private readonly shortIds = new Map<string, number>();
    private readonly countShortId = (source: string): void => {
        this.shortIds.set(source, (this.shortIds.get(source) ?? 0) + 1);
    };

    constructor(
        private readonly salesProcess: ProcessDefinition,
        readonly ledger: DataQualityLedger,
        readonly names: SourceNames,
        options: TranslatorOptions
    ) {
        this.stageIndex = new StageIndex(salesProcess.stages);
        this.captureFields = Object.values(salesProcess.fields);
        this.blankFields = blankRecord(this.captureFields.map((field) => field.apiName));
        for (const field of this.captureFields) this.fieldsByName.set(field.apiName.toLowerCase(), field);
        this.nowIso = options.now.toISOString();
    }

    /** Stages read from the source replace the process's. */
    useStages(stages: readonly StageDefinition[]): void {
        this.stageIndex = new StageIndex(stages);
    }

    /**
     * Counts a row and runs `body`; a rejection is counted, never thrown past here. Public so that the
     * optional files (quotas, logins, activities: `src/records/performance.ts`) pass through the same ledger.
     */
    row<T>(source: string, place: RowPlace, recordId: string | null, body: (r: RowContext) => T): T | null {
        const tally = this.ledger.tally(source);
        tally.read++;
        // The idle context serves the row; a row read inside another's body gets one of its own.
        let context = this.idleContext;
        if (context === null)
            context = new RowContext(this.ledger, source, place.line, recordId, this.countShortId);
        else context.start(source, place.line, recordId);
        this.idleContext = null;
        try {
            const value = body(context);
            tally.accepted++;
            if (context.repaired) tally.repaired++;
            return value;
        } catch (err) {
            if (!(err instanceof Rejected)) throw err;
            tally.rejected++;
            return null;
        } finally {
            this.idleContext = context;
        }
    }
    private idleContext: RowContext | null = null;

    /** A row the reader could not split into cells (a stray quote or delimiter): rejected whole. */
    rejectRow(source: string, place: RowPlace, recordId: string | null, kind: string, message: string): void {
        this.row(source, place, recordId, (r) => r.reject(null, kind, message));
    }

    /** A row passed over on purpose (not an error): counted as read and skipped. */
    private skip(source: string): void {
        const tally = this.ledger.tally(source);
        tally.read++;
        tally.skipped++;
    }

    stage(cells: Cells, place: RowPlace): StageDefinition | null {
        return this.row(this.names.stage, place, null, (r) => {
            const name = isEmptyCell(cells.get('ApiName')) ? null : cells.get('ApiName')!.trim();
            if (name === null) return r.reject('ApiName', 'ApiName blank', 'ApiName is blank');
            r.recordId = name;
            if (this.seenStages.has(name))
                r.reject('ApiName', 'duplicate stage', `ApiName: stage "${name}" is listed more than once`);
            const probability = r.need(
                'DefaultProbability',
                parseProbabilityCell(cells.get('DefaultProbability'))
            );
            let isClosed = r.need('IsClosed', parseBooleanCell(cells.get('IsClosed')));
            const isWon = r.need('IsWon', parseBooleanCell(cells.get('IsWon')));
            if (isWon && !isClosed) {
                // Salesforce itself only lets a won stage be closed; a file saying otherwise was edited by hand.
                isClosed = true;
                r.repair(
                    'IsClosed',
                    'won stage not closed',
                    `stage "${name}" is marked won but not closed; a won stage is closed, so it is read as closed`
                );
            }
            const category = r.want(
                'ForecastCategoryName',
                parseForecastCategoryCell(cells.get('ForecastCategoryName')),
                'the default for its closed/won flags is used'
            );
            const forecastCategory = category ?? defaultForecastCategory(isClosed, isWon);
            const isActive = this.isActive(r, cells);
            const sortOrder = r.want(
                'SortOrder',
                parseNumberCell(cells.get('SortOrder')),
                'file order is used'
            );
            const label = isEmptyCell(cells.get('MasterLabel')) ? name : cells.get('MasterLabel')!.trim();
            this.seenStages.add(name);
            return {
                name,
                label,
                probability,
                forecastCategory,
                isClosed,
                isWon,
                isActive,
                sortOrder: sortOrder ?? Number.NaN
            };
        });
    }

    user(cells: Cells, place: RowPlace): UserRecord | null {
        return this.row(this.names.user, place, cells.get('Id')?.trim() || null, (r) => {
            const id = r.id('Id', cells.get('Id'), true);
            if (this.seenUsers.has(id)) r.reject('Id', 'duplicate Id', `Id: ${id} appears more than once`);
            // Some exports carry FirstName/LastName instead of the compound Name.
            const name =
                cells.get('Name')?.trim() ||
                [cells.get('FirstName')?.trim(), cells.get('LastName')?.trim()].filter(Boolean).join(' ') ||
                id;
            const isActive = this.isActive(r, cells);
            // Adoption reads it (src/ops/reconcileKpis.ts); kept beside the record so a User row stays the same shape.
            const lastLogin = r.want(
                'LastLoginDate',
                parseDateTimeCell(cells.get('LastLoginDate')),
                'the last login is unknown'
            );
            if (lastLogin !== null) this.lastLogins.set(id, lastLogin);
            this.seenUsers.add(id);
            this.ownerNames.set(id, name);
            return { id, name, isActive };
        });
    }

    /**
     * Reads an Account row. `financeFields` are the accounting-fact fields the source has (a column,
     * or a readable field): with none the account has no facts (null), not facts that are all blank.
     */
    account(
        cells: Cells,
        place: RowPlace,
        financeFields: readonly FinanceField[] = []
    ): AccountRecord | null {
        return this.row(this.names.account, place, cells.get('Id')?.trim() || null, (r) => {
            const id = r.id('Id', cells.get('Id'), true);
            if (this.seenAccounts.has(id)) r.reject('Id', 'duplicate Id', `Id: ${id} appears more than once`);
            const employees = r.want('NumberOfEmployees', parseNumberCell(cells.get('NumberOfEmployees')));
            this.seenAccounts.add(id);
            let finance: AccountRecord['finance'] = null;
            if (financeFields.length > 0) {
                finance = unknownFinanceFacts();
                for (const field of financeFields) {
                    const value = r.want(field.field, parseFinanceCell(field, cells.get(field.field)));
                    (finance as unknown as Record<string, unknown>)[field.fact] = value;
                }
            }
            return {
                id,
                name: cells.get('Name')?.trim() ?? '',
                industry: isEmptyCell(cells.get('Industry')) ? null : cells.get('Industry')!.trim(),
                numberOfEmployees: employees,
                finance
            };
        });
    }

    /** Stage and User rows alike: an IsActive that cannot be read is counted and read as active. */
    private isActive(r: RowContext, cells: Cells): boolean {
        return r.want('IsActive', parseBooleanCell(cells.get('IsActive')), 'read as active') ?? true;
    }

    private amount(r: RowContext, cells: Cells): number | null {
        const amount = r.want('Amount', parseNumberCell(cells.get('Amount')));
        if (amount === null) return null;
        if (amount < 0) {
            r.drop(
                'Amount',
                'Amount negative',
                `Amount ${amount} is negative; left blank (an amount cannot be below zero)`
            );
            return null;
        }
        if (!Number.isFinite(amount) || amount > MAX_PLAUSIBLE_AMOUNT) {
            r.drop(
                'Amount',
                'Amount absurd',
                `Amount ${amount} is above ${MAX_PLAUSIBLE_AMOUNT.toExponential()} (a typo or overflow); left blank`
            );
            return null;
        }
        return amount;
    }

    private plausibleDate(r: RowContext, column: string, date: string): void {
        const year = yearOf(date);
        if (year < EARLIEST_PLAUSIBLE_YEAR || year > LATEST_PLAUSIBLE_YEAR) {
            r.reject(
                column,
                `${column} impossible`,
                `${column} ${date.slice(0, 10)} is not a plausible date (outside ${EARLIEST_PLAUSIBLE_YEAR}-${LATEST_PLAUSIBLE_YEAR})`
            );
        }
    }

    private notFuture(r: RowContext, column: string, dateTime: string, what: string): void {
        if (dateTime > this.nowIso) {
            r.reject(
                column,
                `${column} in the future`,
                `${column} ${dateTime} is after this run (${this.nowIso}): ${what} cannot be in the future`
            );
        }
    }

    private stageOf(r: RowContext, cells: Cells): StageDefinition {
        const text = cells.get('StageName');
        if (isEmptyCell(text)) return r.reject('StageName', 'StageName blank', 'StageName is blank');
        const stage = this.stageIndex.find(text!);
        if (!stage) {
            return r.reject(
                'StageName',
                'unknown stage',
                `StageName: "${text!.trim()}" is not a stage of this org's sales process`
            );
        }
        return stage;
    }

    /**
     * Reads an Opportunity row. `presentFields` are the capture fields the source has a column for;
     * the others are blank for every deal (the reader says so once, not per row).
     */
    opportunity(
        cells: Cells,
        place: RowPlace,
        presentFields: readonly FieldInfo[]
    ): OpportunityRecord | null {
        const rawId = cells.get('Id')?.trim() || null;
        const record = this.row(this.names.opportunity, place, rawId, (r) => {
            const id = r.id('Id', cells.get('Id'), true);
            r.recordId = id;
            if (this.seenOpportunities.has(id))
                r.reject('Id', 'duplicate Id', `Id: ${id} appears more than once`);
            const stage = this.stageOf(r, cells);
            const closeDate = r.need('CloseDate', parseDateCell(cells.get('CloseDate')));
            this.plausibleDate(r, 'CloseDate', closeDate);
            const createdDate = r.need('CreatedDate', parseDateTimeCell(cells.get('CreatedDate')));
            this.plausibleDate(r, 'CreatedDate', createdDate);
            this.notFuture(r, 'CreatedDate', createdDate, 'a deal created');
            // Owners, accounts, close dates and short answers repeat across deals: one string per distinct value.
            const ownerId = this.shared(r.id('OwnerId', cells.get('OwnerId'), true));
            const fields: Record<string, FieldValue> = { ...this.blankFields };
            for (const field of presentFields) {
                fields[field.apiName] = this.shared(
                    r.want(field.apiName, parseFieldCell(cells.get(field.apiName), field))
                );
            }
            const category = r.want(
                'ForecastCategoryName',
                parseForecastCategoryCell(cells.get('ForecastCategoryName')),
                "the stage's category is used"
            );
            let isClosed = r.want(
                'IsClosed',
                parseBooleanCell(cells.get('IsClosed')),
                "the stage's flag is used"
            );
            let isWon = r.want('IsWon', parseBooleanCell(cells.get('IsWon')), "the stage's flag is used");
            if (isClosed !== null && isClosed !== stage.isClosed) {
                r.repair(
                    'IsClosed',
                    'IsClosed contradicts stage',
                    `IsClosed=${isClosed} contradicts stage "${stage.name}" (${stage.isClosed ? 'closed' : 'open'}); the stage's flag is used`
                );
            }
            if (isWon !== null && isWon !== stage.isWon) {
                r.repair(
                    'IsWon',
                    'IsWon contradicts stage',
                    `IsWon=${isWon} contradicts stage "${stage.name}" (${stage.isWon ? 'won' : 'not won'}); the stage's flag is used`
                );
            }
            isClosed = stage.isClosed;
            isWon = stage.isWon;
            const amount = this.amount(r, cells);
            if (amount === null) this.blankAmounts++;
            if (closeDate < createdDate.slice(0, 10)) {
                r.repair(
                    'CloseDate',
                    'CloseDate before CreatedDate',
                    `CloseDate ${closeDate} is before CreatedDate ${createdDate.slice(0, 10)}; kept as written (deal ages count from CreatedDate)`
                );
            }
            const ownerName = cells.get('Owner.Name')?.trim() || this.ownerNames.get(ownerId) || null;
            const opportunity: OpportunityRecord = {
                id,
                name: cells.get('Name') ?? '',
                accountId: this.shared(r.id('AccountId', cells.get('AccountId'), false)),
                ownerId,
                ownerName,
                amount,
                closeDate: this.shared(closeDate),
                stageName: stage.name,
                probability: r.want('Probability', parseProbabilityCell(cells.get('Probability'))),
                forecastCategory: category ?? stage.forecastCategory,
                isClosed,
                isWon,
                createdDate,
                lastModifiedDate: r.want(
                    'LastModifiedDate',
                    parseDateTimeCell(cells.get('LastModifiedDate'))
                ),
                fields: this.fieldRecords.share(fields)
            };
            this.ledger.seeDeal(createdDate, closeDate);
            return opportunity;
        });
        if (record) {
            this.seenOpportunities.set(record.id, this.acceptedDeals.length);
            this.acceptedDeals.push(record);
            if (this.rejectedOpportunities.has(record.id)) this.acceptedAfterRejection.add(record.id);
        } else if (rawId && !this.seenOpportunities.has(normaliseId(rawId)))
            this.rejectedOpportunities.add(normaliseId(rawId));
        return record;
    }

    /** The accepted deal a history row belongs to; rejects the row when there is none. */
    private opportunityOf(r: RowContext, cells: Cells): OpportunityRecord {
        return this.historyDealOf(r, this.historyDealId(r, cells));
    }

    /** A history row's `OpportunityId` (rejects the row when blank); the row's problems name it. */
    private historyDealId(r: RowContext, cells: Cells): string {
        const id = r.id('OpportunityId', cells.get('OpportunityId'), true);
        r.recordId = id;
        return id;
    }

    /** The accepted deal `id` names, or why a history row of it is rejected. */
    private historyDeal(id: string): OpportunityRecord | 'deal rejected' | 'unknown deal' {
        // A deal's history rows mostly come one after another (68% and 84% of the rows at 100k), and
        // a file that lists its deals in the order Opportunity.csv does (as the generator writes them)
        // names the next deal next: the last row's deal is compared first, then the deal read after it,
        // and the index (`IdIndex`: a cache miss per lookup at a million deals) is looked up only when it is neither.
        const deals = this.acceptedDeals;
        let at = this.lastRowDealAt;
        if (at < 0 || deals[at].id !== id) {
            if (at + 1 < deals.length && deals[at + 1].id === id) at++;
            else at = this.seenOpportunities.get(id) ?? -1;
        }
        this.lastRowDealAt = at;
        const deal = at < 0 ? undefined : deals[at];
        const rejected =
            deal === undefined
                ? this.rejectedOpportunities.has(id)
                : this.acceptedAfterRejection.size > 0 && this.acceptedAfterRejection.has(id);
        if (rejected) return 'deal rejected';
        return deal ?? 'unknown deal';
    }

    /** `historyDeal`, rejecting the row when there is no accepted deal. */
    private historyDealOf(r: RowContext, id: string): OpportunityRecord {
        const deal = this.historyDeal(id);
        if (deal === 'deal rejected') {
            r.reject(
                'OpportunityId',
                'deal rejected',
                `OpportunityId: ${id} was rejected in ${this.names.opportunity} (see its problem)`
            );
        }
        if (deal === 'unknown deal')
            return r.reject(
                'OpportunityId',
                'unknown deal',
                `OpportunityId: ${id} is not in ${this.names.opportunity}`
            );
        return deal;
    }

    private shared<T>(value: T): T {
        if (typeof value !== 'string' || value.length > SHARED_TEXT_MAX_LENGTH) return value;
        const known = this.sharedText.get(value);
        if (known !== undefined) return known as T;
        if (this.sharedText.size >= SHARED_TEXT_LIMIT) this.sharedText.clear();
        this.sharedText.set(value, value);
        return value;
    }

    private uniqueHistoryId(r: RowContext, cells: Cells): void {
        const id = historyIdOf(cells);
        if (id !== null && !this.seenHistoryIds.addNew(id)) duplicateHistoryId(r, id);
    }

    /**
     * Reads an `OpportunityHistory` row into `into`, the rows as columns (no object per row: there are
     * millions); true when the row was accepted, false when it was rejected.
     */
    stageHistory(cells: Cells, place: RowPlace, into: StageHistoryTable): boolean {
        const accepted = this.row(this.names.stageHistory, place, null, (r) => {
            const deal = this.opportunityOf(r, cells);
            const change = this.stageChange(r, cells);
            this.uniqueHistoryId(r, cells);
            this.ledger.seeStageChange(change.createdDate);
            appendStageChange(into, deal.id, change);
            return true;
        });
        return accepted === true;
    }

    /**
     * `stageHistory` for a reader that has not read the deals (a worker thread reading the file while
     * the main thread reads the others), as `fieldHistoryUnchecked` is for the field history: every check
     * but the deal's and the `Id`'s, which `checkStageHistory` makes on the main thread.
     */
    stageHistoryUnchecked(cells: Cells, place: RowPlace, into: UncheckedHistory<StageHistoryTable>): void {
        this.row(this.names.stageHistory, place, null, (r) => {
            const dealId = this.historyDealId(r, cells);
            into.pendingDeal = dealId;
            appendStageChange(into.table, dealId, this.stageChange(r, cells));
            into.added(historyIdOf(cells), place.line);
        });
        into.pendingDeal = null;
    }

    /** What one stage-history row reads, in one object the translator reuses (millions of rows). */
    private readonly stageRow: StageChange = {
        stage: '',
        createdDate: '',
        at: 0,
        amount: null,
        closeDate: null,
        probability: null,
        forecastCategory: null
    };

    /**
     * A stage-history row's stage, instant and numbers, checked (all but its deal and `Id`): rejects the
     * row when its stage or instant cannot be used, drops (reported) a value that cannot be read.
     */
    private stageChange(r: RowContext, cells: Cells): StageChange {
        const stage = this.stageOf(r, cells);
        const createdDate = this.historyCreatedDate(r, cells);
        this.plausibleDate(r, 'CreatedDate', createdDate);
        this.notFuture(r, 'CreatedDate', createdDate, 'a stage change');
        const read = r.want('CloseDate', parseDateCell(cells.get('CloseDate')));
        const amount = this.amount(r, cells);
        let closeDate = read;
        if (
            read !== null &&
            (yearOf(read) < EARLIEST_PLAUSIBLE_YEAR || yearOf(read) > LATEST_PLAUSIBLE_YEAR)
        ) {
            r.drop(
                'CloseDate',
                'CloseDate impossible',
                `CloseDate ${read} is not a plausible date; left blank`
            );
            closeDate = null;
        }
        const change = this.stageRow;
        change.stage = stage.name;
        change.createdDate = createdDate;
        change.at = this.historyInstant(createdDate);
        change.amount = amount;
        change.closeDate = closeDate;
        change.probability = r.want('Probability', parseProbabilityCell(cells.get('Probability')));
        change.forecastCategory = r.want(
            'ForecastCategory',
            parseForecastCategoryCell(cells.get('ForecastCategory'))
        );
        return change;
    }

    /**
     * Reads an `OpportunityFieldHistory` row into `into`, the rows as columns (no object per row: there
     * are millions); true when the row was accepted, false when it was passed over or rejected.
     */
    fieldHistory(cells: Cells, place: RowPlace, into: FieldHistoryTable): boolean {
        const field = this.trackedField(cells);
        if (!field) return false;
        const accepted = this.row(this.names.fieldHistory, place, null, (r) => {
            const deal = this.opportunityOf(r, cells);
            const change = this.fieldChange(r, cells, field);
            this.uniqueHistoryId(r, cells);
            // The table holds each distinct value once, and the instant as a number: a reader's
            // date-times are canonical ISO strings, which `toISOString` gives back exactly.
            into.append(deal.id, field.apiName, change.oldValue, change.newValue, change.at);
            return true;
        });
        return accepted === true;
    }

    /**
     * `fieldHistory` for a reader that has not read the deals (a worker thread reading the file while
     * the main thread reads the others): every check but the two that need the other files, whether the
     * deal was accepted and whether the row's `Id` was seen before. A row that passes the rest goes to
     * `into` with what those two need; a rejected row's problem waits in `into` for its deal's check
     * (`into.pendingDeal`), which comes first. `checkFieldHistory` makes them on the main thread.
     */
    fieldHistoryUnchecked(cells: Cells, place: RowPlace, into: UncheckedHistory<FieldHistoryTable>): void {
        const field = this.trackedField(cells);
        if (!field) return;
        this.row(this.names.fieldHistory, place, null, (r) => {
            const dealId = this.historyDealId(r, cells);
            into.pendingDeal = dealId;
            const change = this.fieldChange(r, cells, field);
            into.table.append(dealId, field.apiName, change.oldValue, change.newValue, change.at);
            into.added(historyIdOf(cells), place.line);
        });
        into.pendingDeal = null;
    }

    /**
     * Finishes the rows `stageHistoryUnchecked` read on a worker (`checkHistory`), and widens the ledger's
     * span of stage changes by the rows kept, as `stageHistory` does row by row.
     */
    checkStageHistory(rows: CheckedLater<StageHistoryTable>): StageHistoryTable {
        let from = Infinity;
        let to = -Infinity;
        const table = rows.table;
        const kept = this.checkHistory(this.names.stageHistory, rows, (i) => {
            const at = table.instantAt(i);
            if (at < from) from = at;
            if (at > to) to = at;
        });
        // A day is read off the instant as `seeStageChange` reads it off the text: a reader's texts are
        // the canonical form of their instants.
        if (from <= to) {
            this.ledger.seeStageChange(fromTimestamp(from));
            this.ledger.seeStageChange(fromTimestamp(to));
        }
        return kept;
    }

    /** Finishes the rows `fieldHistoryUnchecked` read on a worker (`checkHistory`). */
    checkFieldHistory(rows: CheckedLater<FieldHistoryTable>): FieldHistoryTable {
        return this.checkHistory(this.names.fieldHistory, rows, () => undefined);
    }

    /**
     * Finishes the rows a worker read without the deals, once every file before `source` has been read
     * here: each row's deal and `Id` are checked in file order, the worker's problems are replayed in
     * their rows' turn (after the deal's check, which comes first in a row read here), and every count,
     * problem and note comes out as reading row by row here would have made it. The rows kept, as a
     * table; `onKept` is told each kept row's number in the worker's table.
     */
    private checkHistory<T extends FieldHistoryTable | StageHistoryTable>(
        source: string,
        rows: CheckedLater<T>,
        onKept: (i: number) => void
    ): T {
        const table = rows.table;
        const dealIds = table.dealIds;
        // A deal's verdict once per deal, not per row; accepted rows share the deal record's id string.
        const deals = dealIds.map((id) => this.historyDeal(id));
        const problems = rows.problems;
        const kept = new Uint8Array(table.length);
        let keptCount = 0;
        /** Kept rows without a problem of their own: counted here, not by `row`. */
        let plainCount = 0;
        let next = 0;
        const place: RowPlace = { line: null };
        /** The problems of one row, from `next`: those at `after` on the same line (one line, one row). */
        const rowEnd = (after: number, line: number | null) => {
            let end = next;
            while (
                end < problems.length &&
                problems[end].after === after &&
                problems[end].problem.line === line
            )
                end++;
            return end;
        };
        const replay = (r: RowContext, end: number) => {
            while (next < end) {
                const { problem, kind } = problems[next++];
                r.replay(problem, kind);
            }
        };
        for (let i = 0; i <= table.length; i++) {
            const line = i < table.length ? rows.lineAt(i) : null;
            // The rows the worker rejected before row i, each after its deal's check.
            while (
                next < problems.length &&
                problems[next].after === i &&
                problems[next].problem.line !== line
            ) {
                const first = problems[next];
                const end = rowEnd(i, first.problem.line);
                place.line = first.problem.line;
                this.row(source, place, first.problem.recordId, (r) => {
                    if (first.dealId !== null) this.historyDealOf(r, first.dealId);
                    replay(r, end);
                });
                next = end;
            }
            if (i === table.length) break;
            // Row i's own problems (values dropped: the worker kept the row).
            const end = rowEnd(i, line);
            const code = table.dealAt(i);
            const deal = deals[code];
            if (end === next && typeof deal !== 'string' && rows.addNewId(i, this.seenHistoryIds)) {
                kept[i] = 1;
                keptCount++;
                plainCount++;
                onKept(i);
                continue;
            }
            place.line = line;
            const id = rows.historyId(i);
            const accepted = this.row(source, place, dealIds[code], (r) => {
                this.historyDealOf(r, dealIds[code]);
                replay(r, end);
                if (id !== null && !this.seenHistoryIds.addNew(id)) duplicateHistoryId(r, id);
                return true;
            });
            next = end;
            if (accepted) {
                kept[i] = 1;
                keptCount++;
                onKept(i);
            }
        }
        const tally = this.ledger.tally(source);
        tally.read += rows.skipped + plainCount;
        tally.skipped += rows.skipped;
        tally.accepted += plainCount;
        if (rows.shortIds > 0) this.shortIds.set(source, (this.shortIds.get(source) ?? 0) + rows.shortIds);
        return rows.adopt(
            deals.map((deal, code) => (typeof deal === 'string' ? dealIds[code] : deal.id)),
            keptCount === table.length ? null : kept
        );
    }

    /** A field-history row's capture field; a row of any other field is passed over (counted, skipped). */
    private trackedField(cells: Cells): FieldInfo | undefined {
        // Field history also tracks fields no parameter uses (and pseudo-fields such as `created`);
        // the core has no use for them, so they are passed over rather than held in memory.
        const field = this.fieldOf(cells.get('Field'));
        if (!field) this.skip(this.names.fieldHistory);
        return field;
    }

    /** What one field-history row reads, in one object the translator reuses (millions of rows). */
    private readonly change: FieldChange = { oldValue: null, newValue: null, at: 0 };

    /** A field-history row's values and instant, checked; rejects the row when one cannot be used. */
    private fieldChange(r: RowContext, cells: Cells, field: FieldInfo): FieldChange {
        // A change whose value cannot be read is not a change to blank: the row is rejected.
        const oldValue = changedValue(r, 'OldValue', parseFieldCell(cells.get('OldValue'), field));
        const newValue = changedValue(r, 'NewValue', parseFieldCell(cells.get('NewValue'), field));
        const createdDate = this.historyCreatedDate(r, cells);
        this.plausibleDate(r, 'CreatedDate', createdDate);
        this.notFuture(r, 'CreatedDate', createdDate, 'a field change');
        const change = this.change;
        change.oldValue = oldValue;
        change.newValue = newValue;
        change.at = this.historyInstant(createdDate);
        return change;
    }

    /** The instant `historyCreatedDate` read last, or NaN when its text was not canonical. */
    private createdAt = Number.NaN;

    /**
     * A history row's `CreatedDate` (essential). A canonical text (every row a Data Export writes) is
     * its own ISO form, and its instant is read with it (`historyInstant`), not parsed again.
     */
    private historyCreatedDate(r: RowContext, cells: Cells): string {
        const text = cells.get('CreatedDate');
        this.createdAt = text === undefined ? Number.NaN : canonicalInstant(text);
        if (!Number.isNaN(this.createdAt)) return text!;
        return r.need('CreatedDate', parseDateTimeCell(text));
    }

    /**
     * `toTimestamp` of the date-time `historyCreatedDate` just gave, once the row's checks passed (only
     * then: an implausible year may not be a date `toTimestamp` reads).
     */
    private historyInstant(createdDate: string): number {
        return Number.isNaN(this.createdAt) ? toTimestamp(createdDate) : this.createdAt;
    }

    /** The capture field a field-history row's `Field` cell names (any case, spaces around it). */
    private fieldOf(text: string | undefined): FieldInfo | undefined {
        if (text === undefined) return this.fieldsByName.get('');
        let field = this.fieldsByCell.get(text);
        if (field === undefined) {
            field = this.fieldsByName.get(text.trim().toLowerCase()) ?? null;
            // A file names a few dozen fields; bounded all the same, like `sharedText`.
            if (this.fieldsByCell.size >= SHARED_TEXT_LIMIT) this.fieldsByCell.clear();
            this.fieldsByCell.set(text, field);
        }
        return field ?? undefined;
    }

    /** How many ids of `source` were written with 15 characters. */
    shortIdCount(source: string): number {
        return this.shortIds.get(source) ?? 0;
    }

    /** Notes about whole sources rather than rows; call once every source has been read. */
    finish(): void {
        // An empty field history (tracking off, or an export without it) is as good as a missing one.
        const fieldHistory = this.names.fieldHistory;
        if (
            this.captureFields.length > 0 &&
            this.ledger.wasRead(fieldHistory) &&
            this.ledger.tally(fieldHistory).accepted === 0
        ) {
            this.ledger.missing(
                `${fieldHistory} rows for the capture fields`,
                'none were found (is field history tracking on for them?): benchmarks and backtests use final values (possible leakage)'
            );
        }
        for (const [source, count] of this.shortIds) {
            this.ledger.note(
                `${source}: ${count} ids written with 15 characters were read as their 18-character form (the same records)`
            );
        }
    }

    /** Notes that are about the whole source rather than a row. */
    finishOpportunities(): void {
        if (this.blankAmounts > 0) {
            this.ledger.note(
                `${this.blankAmounts} of ${this.ledger.tally(this.names.opportunity).accepted} deals have no usable Amount: ` +
                    'they count in deal numbers and win rates but add 0 to every amount'
            );
        }
    }

    /** Stages the process definition names that the stage source lacks. */
    checkPlays(stages: readonly StageDefinition[]): void {
        const names = new Set(stages.map((s) => s.name));
        for (const play of this.salesProcess.plays) {
            if (!names.has(play.stage)) {
                this.ledger.note(
                    `play ${play.name} belongs to stage "${play.stage}", which is not a stage in ${this.names.stage}: it is never shown`
                );
            }
        }
    }
}

/**
 * A field-history value: `need`'s rejection when it cannot be read, but a blank is a real value
 * (cleared), not a missing one. No wrapper object per cell (millions of rows).
 */
function changedValue(r: RowContext, column: string, parsed: Parsed<FieldValue>): FieldValue {
    if (!parsed.ok) return r.reject(column, `${column} unreadable`, `${column}: ${parsed.message}`);
    return parsed.value;
}

/** A history row's `Id` in its 18-character form, or null when the row has none. */
function historyIdOf(cells: Cells): string | null {
    const raw = cells.get('Id')?.trim();
    return raw ? normaliseId(raw) : null;
}

function duplicateHistoryId(r: RowContext, id: string): never {
    return r.reject('Id', 'duplicate Id', `Id: ${id} appears more than once`);
}

/** A field change as read: its values and its instant in epoch milliseconds. */
export interface FieldChange {
    oldValue: FieldValue;
    newValue: FieldValue;
    at: number;
}

/** A stage change as read: what `StageHistoryTable.append` takes besides the deal. */
interface StageChange {
    stage: string;
    createdDate: string;
    at: number;
    amount: number | null;
    closeDate: string | null;
    probability: number | null;
    forecastCategory: ForecastCategory | null;
}

function appendStageChange(into: StageHistoryTable, dealId: string, change: StageChange): void {
    // The table holds each distinct stage, close date and category once, and the instant as a number: a
    // reader's date-times are canonical ISO strings (`parseDateTimeCell`), which `toISOString` gives back.
    into.append(
        dealId,
        change.stage,
        change.createdDate,
        change.at,
        change.amount,
        change.closeDate,
        change.probability,
        change.forecastCategory,
        true
    );
}

/**
 * Where `stageHistoryUnchecked`/`fieldHistoryUnchecked` put what they read (a worker thread's rows,
 * `src/dataExport/historyInWorker.ts`).
 */
export interface UncheckedHistory<T> {
    /**
     * The `OpportunityId` of the row being read once it has one, else null: a problem found while it is
     * set waits for that deal's check, which comes before the row's other checks.
     */
    pendingDeal: string | null;
    /** The rows that passed every check but their deal's and their `Id`'s. */
    readonly table: T;
    /** The row just appended to `table`: its `Id` (null when it has none) and its line. */
    added(historyId: string | null, line: number | null): void;
}

/** A problem an unchecked read found, as the ledger got it, and where it is among the rows. */
export interface LaterProblem {
    problem: DataProblem;
    kind: string;
    /** The row's deal, to check first; null when the row was rejected before it had one. */
    dealId: string | null;
    /**
     * How many rows the table held when the problem was found: a rejected row's problems come before
     * that row number, a kept row's own (a value dropped) carry its number and its line.
     */
    after: number;
}

/** The rows an unchecked read made, handed to `checkStageHistory`/`checkFieldHistory`. */
export interface CheckedLater<T> {
    /** The rows that passed every check but the deal's and the `Id`'s, in file order. */
    table: T;
    /** Problems of the rows, in file order. */
    problems: readonly LaterProblem[];
    /** Rows passed over (fields no parameter uses). */
    skipped: number;
    /** `OpportunityId`s written with 15 characters. */
    shortIds: number;
    /** Row i's `Id` (18 characters), or null. */
    historyId(i: number): string | null;
    /** Adds row i's `Id` to `seen` (`addNew`): false when it was there already; true when new or the row has none. */
    addNewId(i: number, seen: CompactIdSet): boolean;
    /** Row i's line in the file. */
    lineAt(i: number): number | null;
    /**
     * The table of the rows kept (all when `kept` is null, else those flagged), each deal code's id
     * string replaced by `dealIds`' (the deal record's own).
     */
    adopt(dealIds: string[], kept: Uint8Array | null): T;
}
