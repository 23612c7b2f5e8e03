/**
 * What every source (a Data Export folder, an org through jsforce, the generator) hands the core.
 * Sources stream their rows; a Dataset is what is left once they are parsed and checked.
 */
import type {
    AccountFinanceFacts,
    ActivityRecord,
    LoginRecord,
    QuotaRecord,
    QuotaSource,
    FieldHistoryTable,
    OpportunityRecord,
    ProcessDefinition,
    StageHistoryTable,
    UserRecord
} from './core';
import type { DataQuality } from './records/ledger';

export interface AccountRecord {
    id: string;
    name: string;
    industry: string | null;
    numberOfEmployees: number | null;
    /**
     * What the ERP reported (the `Stageplay_*` Account fields, docs/account-finance.md); null when the
     * source carries none of those fields (an export without the columns, an org without the fields).
     */
    finance: AccountFinanceFacts | null;
}

export interface Dataset {
    /** Stages from OpportunityStage, plays and parameters from custom metadata. */
    process: ProcessDefinition;
    opportunities: OpportunityRecord[];
    /**
     * The history rows as columns, not row objects: millions of rows at a million deals, held outside
     * the JavaScript heap (`historyTable.ts`). Rows built by hand (the generator, tests) become tables
     * with `StageHistoryTable.fromRows` / `FieldHistoryTable.fromRows`.
     */
    stageHistory: StageHistoryTable;
    fieldHistory: FieldHistoryTable;
    users: UserRecord[];
    accounts: AccountRecord[];
    /** Rows that were rejected, lost a value or were repaired, each with where and why: counted and reported, never silently dropped. */
    problems: DataProblem[];
    /** The data-quality ledger: per source rows read/accepted/repaired/rejected, missing files, verdict, date span. */
    quality: DataQuality;
    /** Quotas, logins and activities for the KPIs and adoption (issue 12); absent when the source was not asked for them. */
    performance?: PerformanceData;
}

/**
 * What a reader leaves unread (the Data Export reader and the org reader alike): nothing by default.
 * Skipped records are neither read nor counted; `learn` fits from the deals and their history alone.
 */
export interface ReadScope {
    /** No accounts (the dataset's `accounts` is empty). */
    skipAccounts?: boolean;
    /** No quotas, logins, tasks or events (the dataset has no `performance`). */
    skipPerformance?: boolean;
}

/** What `learn` reads: the deals, their history, stages and users. */
export const HISTORY_ONLY: Readonly<ReadScope> = Object.freeze({ skipAccounts: true, skipPerformance: true });

/**
 * What the KPIs and adoption read besides the deals. Null = the source holds no such data (a file not
 * in the export, an object the org lacks or the user cannot read): every figure resting on it is null,
 * and `missing` says why.
 */
export interface PerformanceData {
    quotas: QuotaRecord[] | null;
    /** Where the quotas came from; null without any. */
    quotaSource: QuotaSource | null;
    /** `User.LastLoginDate` by user id, where known. */
    lastLogins: Record<string, string>;
    logins: LoginRecord[] | null;
    /** Tasks and events; null when neither could be read. */
    activities: ActivityRecord[] | null;
    /** What could not be read (a file, an object) and why, in the user's terms. */
    missing: Record<string, string>;
}

/** What became of the row: rejected (not used), a value dropped (record kept), or repaired (a value defaulted or corrected). */
export type ProblemOutcome = 'rejected' | 'value dropped' | 'repaired';

export interface DataProblem {
    /** File or object, e.g. `Opportunity.csv` or `OpportunityHistory`. */
    source: string;
    /** 1-based line in the file (header is line 1), when the source is a file. */
    line: number | null;
    /** Column / field API name, when one is at fault. */
    column: string | null;
    /** Record id, when known. */
    recordId: string | null;
    message: string;
    outcome: ProblemOutcome;
}
