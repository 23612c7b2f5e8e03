/**
 * The offline demo as the preview page consumes it: what an org would hand the components, already
 * in the platform's wire shapes, so the stand-ins only look things up and never compute anything
 * the real platform would not. Built in Node (`preview/data/buildPreviewData.ts`), served as JSON.
 */
// The Apex shapes are the components' own declarations (types/salesforce.d.ts, in this tsconfig), not copies.
import type { ApexHistoryRow } from '@salesforce/apex/DealHealthController.getProcessContext';

/** A value as Lightning Data Service returns it in `record.fields[name].value`. */
export type RecordFieldValue = string | number | boolean | null;

/** Field describe for the Opportunity fields the preview's record form and `lightning-input-field` render. */
export interface PreviewFieldDescribe {
    apiName: string;
    label: string;
    /** uiApi data types: String, TextArea, Double, Currency, Percent, Boolean, Picklist, Date, DateTime, Reference. */
    dataType: string;
    picklistValues: string[];
    updateable: boolean;
    inlineHelpText: string | null;
}

/** Why a deal is in the picker: the state of the component it shows. */
export type PreviewScenario =
    | 'healthy'
    | 'atRisk'
    | 'padded'
    | 'noBenchmarks'
    | 'closedWon'
    | 'closedLost'
    | 'early'
    | 'late'
    /** An open deal whose account is past due: the deal page shows the finance flag. */
    | 'accountPastDue';

/** `DealHealthController.getProcessContext`'s account part: the facts read with the deal and the account's open deals. */
export interface PreviewDealAccount {
    accountId: string | null;
    accountFinance: Record<string, unknown> | null;
    accountFinanceFields: Array<{ apiName: string; label: string; isAccessible: boolean }>;
    accountOpenDeals: Array<Record<string, RecordFieldValue>>;
    accountOpenDealsTruncated: boolean;
}

/** Why an account is in the picker: the state of the Account Health component it shows. */
export type PreviewAccountScenario = 'withinTerms' | 'pastDue' | 'onHold' | 'overLimit' | 'noData' | 'hidden';

export interface PreviewAccount {
    id: string;
    scenario: PreviewAccountScenario;
    scenarioLabel: string;
    /** Account fields for the record header and details (`Name`, `Industry`, the `Stageplay_*` facts). */
    record: Record<string, RecordFieldValue>;
    /**
     * `AccountHealthController.getAccountContext` without the process parts the Apex stand-in adds from
     * `processContext` (stages, plays, parameters, fields, benchmarks).
     */
    context: {
        accountId: string;
        accountName: string;
        finance: Record<string, unknown> | null;
        financeFields: Array<{ apiName: string; label: string; isAccessible: boolean }>;
        opportunitiesAccessible: boolean;
        opportunities: Array<Record<string, RecordFieldValue>>;
        opportunitiesTruncated: boolean;
        unreadableFields: string[];
        fiscalYearStartMonth: number | null;
    };
}

/** Who looks at the Sales Goals page: sharing decides whose KPI lines `getSalesGoals` returns. */
export type PreviewGoalsViewer = 'manager' | 'rep';

export interface PreviewSalesGoals {
    /** `SalesGoalsController.getSalesGoals` as each viewer receives it. */
    viewers: Array<{ key: PreviewGoalsViewer; label: string; context: Record<string, unknown> }>;
}

export interface PreviewDeal {
    id: string;
    /** What the picker says about the deal, e.g. "Padded: required parameter blank". */
    scenarioLabel: string;
    scenario: PreviewScenario;
    /** Opportunity fields by API name; relationship names (`Owner.Name`, `Account.Name`) as dotted keys. */
    record: Record<string, RecordFieldValue>;
    /** This deal's `OpportunityHistory` rows in the Apex shape (newest last). */
    history: ApexHistoryRow[];
    /** When false the Apex stand-in answers as an org where benchmarks were never published. */
    benchmarksPublished: boolean;
    /** The deal's account as `getProcessContext` reads it (its accounting facts and open deals). */
    account: PreviewDealAccount;
}

export interface PreviewData {
    /** Where the numbers come from, shown in the page footer. */
    source: string;
    generatedAt: string;
    /** `DealHealthController.getProcessContext` without the per-deal parts (`opportunityId`, `history`). */
    processContext: {
        stages: unknown[];
        plays: unknown[];
        parameters: unknown[];
        fields: unknown[];
        benchmarksAccessible: boolean;
        benchmarks: unknown[];
    };
    opportunityFields: Record<string, PreviewFieldDescribe>;
    /** Field API names the page's "Details" section shows, in order. */
    detailFields: string[];
    /** Field describe for the Account fields the Account page shows (standard, then the repo's Account metadata). */
    accountFields: Record<string, PreviewFieldDescribe>;
    /** Field API names the Account page's "Details" section shows, in order. */
    accountDetailFields: string[];
    deals: PreviewDeal[];
    /** The Account page's picker: one account per state of the Account Health component. */
    accounts: PreviewAccount[];
    /** The Sales Goals page (`?goals=manager|rep`). */
    salesGoals: PreviewSalesGoals;
}
