/**
 * Stand-in for `@salesforce/apex/<Class>.<method>` imports: each method is callable imperatively
 * (a Promise) and usable with `@wire`, like the platform's cacheable Apex. Answers come from the preview
 * store in the exact shape the Apex class returns, and errors use the platform's `{ body: { message } }` shape.
 */
import { dealOrThrow, findAccount, findDeal, previewData, salesGoalsForViewer } from 'preview/store';

type ApexParams = Record<string, unknown>;
type ApexImplementation = (params: ApexParams) => unknown;
type DataCallback = (value: { data: unknown; error: unknown }) => void;

interface ApexError {
    status: number;
    statusText: string;
    body: { message: string; exceptionType: string; stackTrace: string | null };
}

function apexError(message: string, exceptionType = 'System.AuraHandledException'): ApexError {
    return { status: 500, statusText: 'Server Error', body: { message, exceptionType, stackTrace: null } };
}

const implementations: Record<string, ApexImplementation> = {
    'DealHealthController.getProcessContext': (params) => {
        const opportunityId = params.opportunityId;
        if (typeof opportunityId !== 'string' || opportunityId === '') {
            throw apexError('opportunityId is required.');
        }
        if (!findDeal(opportunityId)) {
            throw apexError(`No Opportunity with Id ${opportunityId} is visible to you.`);
        }
        const deal = dealOrThrow(opportunityId);
        const context = previewData().processContext;
        return {
            opportunityId,
            ...context,
            benchmarks: deal.benchmarksPublished ? context.benchmarks : [],
            history: deal.history,
            unreadableFields: [],
            ...deal.account
        };
    },
    'AccountHealthController.getAccountContext': (params) => {
        const accountId = params.accountId;
        if (typeof accountId !== 'string' || accountId === '') {
            throw apexError('Stageplay needs an Account id: place Account Health on an Account record page.');
        }
        const account = findAccount(accountId);
        if (!account) {
            throw apexError(`Account ${accountId} was not found, or you do not have access to it.`);
        }
        const { stages, plays, parameters, fields, benchmarksAccessible, benchmarks } =
            previewData().processContext;
        return { ...account.context, stages, plays, parameters, fields, benchmarksAccessible, benchmarks };
    },
    // What sharing lets the page's viewer read; the rows were published and selected in Node.
    'SalesGoalsController.getSalesGoals': () => salesGoalsForViewer()
};

/** Every value a wire received, mapped to the adapter that sent it, so `refreshApex(value)` can find it. */
const provisioned = new WeakMap<object, { refresh: () => Promise<void> }>();

function call(method: string, params: ApexParams): Promise<unknown> {
    const implementation = implementations[method];
    if (!implementation) {
        return Promise.reject(apexError(`The preview has no stand-in for Apex method ${method}.`));
    }
    return Promise.resolve().then(() => structuredClone(implementation(params)));
}

export function apexMethod(
    method: string
): ((params: ApexParams) => Promise<unknown>) & { adapter: unknown } {
    const imperative = (params: ApexParams) => call(method, params ?? {});

    class ApexWireAdapter {
        private config: ApexParams | null = null;

        constructor(private readonly emit: DataCallback) {}

        update(config: ApexParams): void {
            this.config = config;
            // The platform waits until every reactive parameter has a value before calling Apex.
            if (Object.values(config).some((value) => value === undefined)) return;
            void this.provision();
        }

        // Cacheable Apex does not follow record edits: a component sees new history only through refreshApex.
        connect(): void {}

        disconnect(): void {}

        private provision(): Promise<void> {
            const config = this.config ?? {};
            return call(method, config).then(
                (data) => {
                    const value = { data, error: undefined };
                    provisioned.set(value, { refresh: () => this.provision() });
                    this.emit(value);
                },
                (error: unknown) => {
                    const value = { data: undefined, error };
                    provisioned.set(value, { refresh: () => this.provision() });
                    this.emit(value);
                }
            );
        }
    }

    return Object.assign(imperative, { adapter: ApexWireAdapter });
}

/** `refreshApex` from `@salesforce/apex`. */
export function refreshApex(wiredValue: unknown): Promise<void> {
    if (wiredValue && typeof wiredValue === 'object') {
        const entry = provisioned.get(wiredValue);
        if (entry) return entry.refresh();
    }
    return Promise.resolve();
}

/** `getSObjectValue` from `@salesforce/apex`. */
export function getSObjectValue(
    record: Record<string, unknown>,
    field: { fieldApiName?: string } | string
): unknown {
    const path =
        typeof field === 'string' ? field.split('.').slice(1) : (field.fieldApiName ?? '').split('.');
    return path.reduce<unknown>(
        (value, name) => (value as Record<string, unknown> | undefined)?.[name],
        record
    );
}
