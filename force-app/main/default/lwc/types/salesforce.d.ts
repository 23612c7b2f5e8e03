/**
 * Types for the platform modules Stageplay's components import that neither `lwc` nor
 * `@salesforce/lightning-types` describe: Apex methods, schema references, Lightning Data
 * Service and toasts (refresh: lightningRefresh.d.ts). Only what Stageplay uses is declared, shaped
 * after the platform's documented behaviour, so a misuse shows up in `tsc` rather than in an org. The
 * preview's data and stand-ins read the same declarations (a `reference` to this file), not copies.
 *
 * Jest resolves the same module names to `force-app/test/jest-mocks/**` (see jest.config.js).
 * The Apex result shapes below are checked against the `@AuraEnabled` fields of the classes by
 * scripts/check-apex-dtos.ts (in `npm test`): names, types and optionality.
 */

/** What a wired property or method receives: data on success, error on failure, neither while loading. */
interface StageplayWireResult<T> {
    data?: T;
    error?: unknown;
}

/**
 * A cacheable `@AuraEnabled` method taking the parameters `P` (by name) and returning `R`, as its module
 * exports it: a wire adapter, whose reactive parameters may not be set yet, and a function to call.
 */
type StageplayApexMethod<P, R> = import('lwc').WireAdapterConstructor<Partial<P>, StageplayWireResult<R>> &
    ((params: P) => Promise<R>);

declare module '@salesforce/apex' {
    /** Re-runs the wire behind a value a cacheable Apex method provisioned. */
    export function refreshApex(wiredValue: unknown): Promise<void>;
}

declare module '@salesforce/apex/DealHealthController.getProcessContext' {
    /** `OpportunityStage`, as the org defines it. */
    export interface ApexStage {
        apiName: string;
        label: string;
        /** 0..100, as Salesforce stores it. */
        defaultProbability: number | null;
        forecastCategoryName: string | null;
        isClosed: boolean;
        isWon: boolean;
        isActive: boolean;
        sortOrder: number | null;
    }

    /** A `Stage_Play__mdt` record. */
    export interface ApexPlay {
        developerName: string;
        label: string;
        stage: string;
        order: number | null;
        goal: string | null;
        guidance: string | null;
    }

    /** A `Play_Parameter__mdt` record. */
    export interface ApexParameter {
        developerName: string;
        label: string;
        /** DeveloperName of the play. */
        play: string;
        field: string;
        question: string | null;
        rule: string | null;
        weight: number | null;
        requiredToAdvance: boolean;
        order: number | null;
    }

    /** The describe of an Opportunity field a parameter captures its answer in, with the running user's access. */
    export interface ApexField {
        apiName: string;
        /** False when the field named by a parameter is not on Opportunity (misconfigured metadata). */
        exists: boolean;
        label: string;
        /** `Schema.DisplayType` name, e.g. `DOUBLE`, `PICKLIST`, `BOOLEAN`. */
        type: string | null;
        picklistValues: string[];
        isAccessible: boolean;
        isUpdateable: boolean;
    }

    /** A `Stageplay_Benchmark__c` row; `payload` is the core's StageBenchmark / ParameterBenchmark as JSON. */
    export interface ApexBenchmarkRow {
        key: string;
        kind: string;
        stage: string;
        parameter: string | null;
        payload: string | null;
        fittedAt: string | null;
        damping: number | null;
    }

    /** An `OpportunityHistory` row of this deal. */
    export interface ApexHistoryRow {
        stageName: string;
        createdDate: string;
        amount: number | null;
        closeDate: string | null;
        /** 0..100. */
        probability: number | null;
        /** `OpportunityHistory.ForecastCategory` API value: Pipeline, BestCase, Forecast, Closed, Omitted. */
        forecastCategory: string | null;
    }

    /**
     * `AccountFinance.Facts`: the account's accounting facts, in the core's own shape (null when blank or
     * hidden from the user: unknown, not zero or "no hold"). One declaration: check-apex-dtos holds the
     * Apex class to it.
     */
    export type ApexFinanceFacts = import('../stageplayCore/accountFinance').AccountFinanceFacts;

    /** `AccountFinance.FieldAccess`: one accounting fact field and whether the user may read it. */
    export interface ApexFinanceField {
        apiName: string;
        label: string;
        isAccessible: boolean;
    }

    /** A field's value in an sObject record as it arrives in JSON. */
    export type ApexFieldValue = string | number | boolean | null;

    /**
     * An sObject record as an `@AuraEnabled` method returns it (`List<Opportunity>`): an object keyed
     * by the API names of the fields the query selected, without the `attributes` that
     * `JSON.serialize` adds. `Id` is always there (Apex returns it unasked); any other field is absent
     * when it is null or was not selected (hidden by field-level security, or an answer field the
     * process does not name), so it is declared optional and read through the index.
     */
    export interface ApexSObjectRecord {
        Id: string;
        [field: string]: ApexFieldValue | undefined;
    }

    /** An `Opportunity` as Apex returns it: the fields the pages read by name, and answers by API name. */
    export interface ApexOpportunity extends ApexSObjectRecord {
        Name?: string;
        StageName?: string;
        IsClosed?: boolean;
        IsWon?: boolean;
        Amount?: number;
        /** `YYYY-MM-DD`. */
        CloseDate?: string;
        /** 0..100. */
        Probability?: number;
    }

    /**
     * The sales process (stages, plays, parameters and the fields they name) and its learned
     * benchmarks, as both pages' contexts carry them (`ApexProcessContext`, `ApexAccountContext`).
     */
    export interface ApexSalesProcess {
        stages: ApexStage[];
        plays: ApexPlay[];
        parameters: ApexParameter[];
        fields: ApexField[];
        /** False when the user may not read `Stageplay_Benchmark__c`: benchmarks are then empty for that reason. */
        benchmarksAccessible: boolean;
        benchmarks: ApexBenchmarkRow[];
    }

    export interface ApexProcessContext extends ApexSalesProcess {
        opportunityId: string;
        history: ApexHistoryRow[];
        /**
         * Optional Opportunity fields the user cannot read, as `Opportunity.Amount` etc.: their values
         * are null in `history`. Only StageName is required; without it the call fails.
         */
        unreadableFields: string[];
        /** The deal's account; null when it has none or the user cannot read Account or AccountId. */
        accountId: string | null;
        /** The account's accounting facts; null when no accounting fact field is readable. */
        accountFinance: ApexFinanceFacts | null;
        /** Null exactly when `accountFinance` is. */
        accountFinanceFields: ApexFinanceField[] | null;
        /** The account's open deals (this one included) for the credit headroom; empty unless it is computable. */
        accountOpenDeals: ApexOpportunity[];
        accountOpenDealsTruncated: boolean;
    }

    /** `DealHealthController.getProcessContext(Id opportunityId)`: cacheable, so callable through `@wire`. */
    const getProcessContext: StageplayApexMethod<{ opportunityId: string }, ApexProcessContext>;
    export default getProcessContext;
}

declare module '@salesforce/apex/AccountHealthController.getAccountContext' {
    import type {
        ApexFinanceFacts,
        ApexFinanceField,
        ApexOpportunity,
        ApexSalesProcess
    } from '@salesforce/apex/DealHealthController.getProcessContext';

    export interface ApexAccountContext extends ApexSalesProcess {
        accountId: string;
        accountName: string;
        /** Hidden fields are null or absent here and `isAccessible: false` in `financeFields`. */
        finance: ApexFinanceFacts | null;
        financeFields: ApexFinanceField[];
        /** False when the user cannot read Opportunity or its stage: `opportunities` is empty for that reason. */
        opportunitiesAccessible: boolean;
        /** Open and closed, newest close date first, capped (see `opportunitiesTruncated`). */
        opportunities: ApexOpportunity[];
        opportunitiesTruncated: boolean;
        /** `Opportunity.Amount`, `Opportunity.CloseDate`, `Opportunity.Probability` when hidden. */
        unreadableFields: string[];
        /** 1 = January; null when the organization record could not be read. */
        fiscalYearStartMonth: number | null;
    }

    /** `AccountHealthController.getAccountContext(Id accountId)`: cacheable, so callable through `@wire`. */
    const getAccountContext: StageplayApexMethod<{ accountId: string }, ApexAccountContext>;
    export default getAccountContext;
}

declare module '@salesforce/apex/SalesGoalsController.getSalesGoals' {
    import type { WireAdapterConstructor } from 'lwc';

    /** One goal's published funnel (`Stageplay_Goal_Result__c`); rates are Salesforce percents 0..100. */
    export interface ApexGoalRow {
        goal: string;
        label: string | null;
        goalOrder: number | null;
        customerValue: string | null;
        measure: string | null;
        period: string;
        /** `YYYY-MM-DD`. */
        asOf: string;
        entered: number | null;
        converted: number | null;
        lost: number | null;
        conversionRate: number | null;
        conversionLow: number | null;
        conversionHigh: number | null;
        medianDays: number | null;
        valueCreated: number | null;
        target: number | null;
        historyRate: number | null;
        historyPeriods: number | null;
        isBottleneck: boolean;
        worthInBookings: number | null;
    }

    /** One rep's (or, without `repId`, the team's) published KPIs (`Stageplay_Rep_Kpi__c`); rates 0..100. */
    export interface ApexRepRow {
        repId: string | null;
        repName: string | null;
        period: string;
        asOf: string;
        quota: number | null;
        quotaSource: string | null;
        booked: number | null;
        attainment: number | null;
        forecastAttainment: number | null;
        coverage: number | null;
        winRate: number | null;
        closedDeals: number | null;
        avgDealSize: number | null;
        cycleDays: number | null;
        velocity: number | null;
        /** ISO 8601 in UTC. */
        lastLogin: string | null;
        logins: number | null;
        opportunitiesCreated: number | null;
        activitiesCompleted: number | null;
        activitiesDue: number | null;
        parametersOnTime: number | null;
        staleDeals: number | null;
        pastCloseDeals: number | null;
    }

    export interface ApexSalesGoalsContext {
        userId: string;
        /** False when the user cannot read goal results: `goals` is empty for that reason. */
        goalsAccessible: boolean;
        /** False when the user cannot read rep KPIs: `reps` is empty for that reason. */
        kpisAccessible: boolean;
        /** Null when no goal row is published (or visible). */
        goalsAsOf: string | null;
        goalsPeriod: string | null;
        goals: ApexGoalRow[];
        kpisAsOf: string | null;
        kpisPeriod: string | null;
        reps: ApexRepRow[];
        /** True when a row of another rep is visible (a manager, or a user who may see the team). */
        seesTeam: boolean;
        truncated: boolean;
    }

    /** `SalesGoalsController.getSalesGoals()`: cacheable, so callable through `@wire`. */
    const getSalesGoals: WireAdapterConstructor<
        Record<string, never>,
        StageplayWireResult<ApexSalesGoalsContext>
    > &
        ((params?: Record<string, never>) => Promise<ApexSalesGoalsContext>);
    export default getSalesGoals;
}

declare module '@salesforce/schema/*' {
    /** A field or object reference; the platform checks it exists when the component is saved. */
    const reference: { objectApiName: string; fieldApiName?: string };
    export default reference;
}

declare module 'lightning/uiRecordApi' {
    import type { WireAdapterConstructor } from 'lwc';

    export interface FieldValueRepresentation {
        value: string | number | boolean | null | RecordRepresentation;
        displayValue: string | null;
    }

    export interface RecordRepresentation {
        id: string;
        apiName: string;
        fields: Record<string, FieldValueRepresentation>;
        lastModifiedDate?: string;
        recordTypeId?: string | null;
    }

    export type FieldReference = string | { objectApiName: string; fieldApiName?: string };

    export interface GetRecordConfig {
        recordId?: string;
        fields?: FieldReference[];
        optionalFields?: FieldReference[];
    }

    export const getRecord: WireAdapterConstructor<
        GetRecordConfig,
        StageplayWireResult<RecordRepresentation>
    >;
    export function getFieldValue(record: RecordRepresentation, field: FieldReference): unknown;
    export function getFieldDisplayValue(record: RecordRepresentation, field: FieldReference): string | null;
    /** Tells Lightning Data Service that records changed outside it, so every wire showing them reloads. */
    export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void>;
}

declare module 'lightning/platformShowToastEvent' {
    export interface ToastConfig {
        title: string;
        message?: string;
        variant?: 'info' | 'success' | 'warning' | 'error';
        mode?: 'dismissible' | 'pester' | 'sticky';
    }
    export class ShowToastEvent extends CustomEvent<ToastConfig> {
        constructor(config: ToastConfig);
    }
}
