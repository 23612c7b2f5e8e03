/**
 * The offline demo as the preview page consumes it: what an org would hand the components, already
 * in the platform's wire shapes, so the stand-ins only look things up and never compute anything
 * the real platform would not. Built in Node (`preview/data/buildPreviewData.ts`), served as JSON.
 */

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
    'healthy' | 'atRisk' | 'padded' | 'noBenchmarks' | 'closedWon' | 'closedLost' | 'early' | 'late';

export interface PreviewDeal {
    id: string;
    /** What the picker says about the deal, e.g. "Padded: required parameter blank". */
    scenarioLabel: string;
    scenario: PreviewScenario;
    /** Opportunity fields by API name; relationship names (`Owner.Name`, `Account.Name`) as dotted keys. */
    record: Record<string, RecordFieldValue>;
    /** This deal's `OpportunityHistory` rows in the Apex shape (newest last). */
    history: Array<{
        stageName: string;
        createdDate: string;
        amount: number | null;
        closeDate: string | null;
        probability: number | null;
        forecastCategory: string | null;
    }>;
    /** When false the Apex stand-in answers as an org where benchmarks were never published. */
    benchmarksPublished: boolean;
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
    deals: PreviewDeal[];
}
