/**
 * The preview's in-memory org: the demo dataset, and the one copy of each Opportunity record that the
 * Lightning Data Service, Apex and record-form stand-ins read and write. Edits go through here so that every
 * wire showing a record re-provisions, as Lightning Data Service does in an org.
 */
import type {
    PreviewAccount,
    PreviewData,
    PreviewDeal,
    PreviewGoalsViewer,
    RecordFieldValue
} from '../../../../data/previewData';

type RecordListener = (recordId: string) => void;

let installed: PreviewData | null = null;
const listeners = new Set<RecordListener>();

export function installPreviewData(data: PreviewData): void {
    installed = data;
}

export function previewData(): PreviewData {
    if (!installed) {
        throw new Error(
            'The preview data is not loaded yet: installPreviewData() must run before any component.'
        );
    }
    return installed;
}

export function findDeal(recordId: string): PreviewDeal | undefined {
    return previewData().deals.find((deal) => deal.id === recordId);
}

export function findAccount(accountId: string): PreviewAccount | undefined {
    return previewData().accounts.find((account) => account.id === accountId);
}

/** Who is looking at the Sales Goals page: the Apex stand-in answers as sharing would for them. */
let goalsViewer: PreviewGoalsViewer = 'manager';

export function setGoalsViewer(viewer: PreviewGoalsViewer): void {
    goalsViewer = viewer;
}

/** `SalesGoalsController.getSalesGoals` as the current viewer receives it. */
export function salesGoalsForViewer(): Record<string, unknown> {
    const viewers = previewData().salesGoals.viewers;
    return (viewers.find((v) => v.key === goalsViewer) ?? viewers[0]).context;
}

export function isGoalsViewer(value: string | null): value is PreviewGoalsViewer {
    return previewData().salesGoals.viewers.some((v) => v.key === value);
}

export function dealOrThrow(recordId: string): PreviewDeal {
    const deal = findDeal(recordId);
    if (!deal) {
        throw new Error(`No Opportunity with Id ${recordId} in the preview data.`);
    }
    return deal;
}

/** Subscribes to record changes; returns the unsubscribe function. */
export function onRecordChange(listener: RecordListener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
}

export function announceRecordChange(recordId: string): void {
    for (const listener of [...listeners]) {
        listener(recordId);
    }
}

function today(): string {
    return new Date().toISOString().slice(0, 10);
}

/**
 * Saves field values the way the platform does: a stage change also sets the stage's default probability and
 * forecast category and writes an OpportunityHistory row, so the component sees what it would see in an org.
 */
export function saveRecord(recordId: string, changes: Record<string, RecordFieldValue>): PreviewDeal {
    const deal = dealOrThrow(recordId);
    const fields = previewData().opportunityFields;
    for (const name of Object.keys(changes)) {
        const describe = fields[name];
        if (!describe) {
            throw new Error(`Opportunity has no field ${name} in the preview data.`);
        }
        if (!describe.updateable) {
            throw new Error(`Opportunity.${name} is read-only.`);
        }
    }
    const before = { ...deal.record };
    Object.assign(deal.record, changes);
    const stageChanged = 'StageName' in changes && changes.StageName !== before.StageName;
    if (stageChanged) {
        const stage = (previewData().processContext.stages as Array<Record<string, unknown>>).find(
            (s) => s.apiName === changes.StageName
        );
        if (stage) {
            deal.record.Probability = (stage.defaultProbability as number | null) ?? deal.record.Probability;
            deal.record.ForecastCategoryName = (stage.forecastCategoryName as string | null) ?? null;
            deal.record.IsClosed = Boolean(stage.isClosed);
            deal.record.IsWon = Boolean(stage.isWon);
        }
    }
    const historyTracked = ['StageName', 'Amount', 'CloseDate', 'Probability'];
    if (historyTracked.some((name) => before[name] !== deal.record[name])) {
        deal.history.push({
            stageName: String(deal.record.StageName),
            createdDate: new Date().toISOString(),
            amount: (deal.record.Amount as number | null) ?? null,
            closeDate: (deal.record.CloseDate as string | null) ?? null,
            probability: (deal.record.Probability as number | null) ?? null,
            forecastCategory: (deal.record.ForecastCategoryName as string | null) ?? null
        });
    }
    deal.record.LastModifiedDate = `${today()}T${new Date().toISOString().slice(11)}`;
    announceRecordChange(recordId);
    return deal;
}
