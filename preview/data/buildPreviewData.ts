/**
 * Builds the preview's demo data with the project's own pipeline: the process from the repo's custom
 * metadata, a deterministic history, the core's path building and fitting, then the deals the picker offers
 * (one per state the component must handle), all turned into the shapes the platform would deliver.
 */
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadProcessFromSource } from '../../src/metadata/loadProcess';
import {
    benchmarkKey,
    FLAG_LABELS,
    HEALTH_WORDS,
    buildDealPaths,
    fitBenchmarks,
    flagDeals,
    forecastCategoryApiValue,
    scoreDeal,
    type Benchmarks,
    type DealPath,
    type DealScore,
    type FieldHistoryRow,
    type FieldType,
    type OpportunityRecord,
    type ProcessDefinition,
    type StageHistoryRow
} from '../../src/core';
import {
    DEFAULT_TODAY,
    accountId,
    accountName,
    generateHistory,
    resolveGenerateOptions
} from '../../src/generate/generateHistory';
import type {
    PreviewData,
    PreviewDeal,
    PreviewFieldDescribe,
    PreviewScenario,
    RecordFieldValue
} from './previewData';

const REPO_ROOT = join(__dirname, '..', '..');
const SOURCE_DIR = join(REPO_ROOT, 'force-app', 'main', 'default');
const OPPORTUNITY_FIELDS_DIR = join(SOURCE_DIR, 'objects', 'Opportunity', 'fields');

/** The core's field types → `Schema.DisplayType` names (what the Apex describe returns). */
const DISPLAY_TYPES: Record<FieldType, string> = {
    number: 'DOUBLE',
    currency: 'CURRENCY',
    percent: 'PERCENT',
    boolean: 'BOOLEAN',
    picklist: 'PICKLIST',
    multipicklist: 'MULTIPICKLIST',
    text: 'STRING',
    textarea: 'TEXTAREA',
    date: 'DATE',
    datetime: 'DATETIME'
};

/** The core's field types → UI API data types (what Lightning Data Service and record forms use). */
const UI_API_TYPES: Record<FieldType, string> = {
    number: 'Double',
    currency: 'Currency',
    percent: 'Percent',
    boolean: 'Boolean',
    picklist: 'Picklist',
    multipicklist: 'MultiPicklist',
    text: 'String',
    textarea: 'TextArea',
    date: 'Date',
    datetime: 'DateTime'
};

const STANDARD_FIELDS: PreviewFieldDescribe[] = [
    ['Name', 'Opportunity Name', 'String', true],
    ['StageName', 'Stage', 'Picklist', true],
    ['Amount', 'Amount', 'Currency', true],
    ['CloseDate', 'Close Date', 'Date', true],
    ['Probability', 'Probability (%)', 'Percent', true],
    ['ForecastCategoryName', 'Forecast Category', 'Picklist', false],
    ['Type', 'Type', 'Picklist', true],
    ['LeadSource', 'Lead Source', 'Picklist', true],
    ['NextStep', 'Next Step', 'String', true],
    ['Description', 'Description', 'TextArea', true],
    ['IsClosed', 'Closed', 'Boolean', false],
    ['IsWon', 'Won', 'Boolean', false],
    ['OwnerId', 'Opportunity Owner', 'Reference', false],
    ['AccountId', 'Account Name', 'Reference', false],
    ['CreatedDate', 'Created Date', 'DateTime', false],
    ['LastModifiedDate', 'Last Modified Date', 'DateTime', false]
].map(([apiName, label, dataType, updateable]) => ({
    apiName: apiName as string,
    label: label as string,
    dataType: dataType as string,
    picklistValues: [],
    updateable: updateable as boolean,
    inlineHelpText: null
}));

const DETAIL_FIELDS = [
    'Account.Name',
    'Owner.Name',
    'Type',
    'LeadSource',
    'Amount',
    'CloseDate',
    'StageName',
    'Probability',
    'ForecastCategoryName',
    'NextStep'
];

/** Help text the admin wrote on each capture field, shown by `lightning-input-field` as in an org. */
function inlineHelpTexts(): Map<string, string> {
    const texts = new Map<string, string>();
    if (!existsSync(OPPORTUNITY_FIELDS_DIR)) return texts;
    for (const file of readdirSync(OPPORTUNITY_FIELDS_DIR)) {
        const match = /<inlineHelpText>([\s\S]*?)<\/inlineHelpText>/.exec(
            readFileSync(join(OPPORTUNITY_FIELDS_DIR, file), 'utf8')
        );
        if (match) texts.set(file.replace('.field-meta.xml', ''), match[1].trim());
    }
    return texts;
}

function opportunityFields(salesProcess: ProcessDefinition): Record<string, PreviewFieldDescribe> {
    const helpTexts = inlineHelpTexts();
    const fields: Record<string, PreviewFieldDescribe> = {};
    for (const field of STANDARD_FIELDS) fields[field.apiName] = { ...field };
    fields.StageName.picklistValues = salesProcess.stages.map((stage) => stage.name);
    fields.Type.picklistValues = [
        'New Customer',
        'Existing Customer - Upgrade',
        'Existing Customer - Replacement'
    ];
    fields.LeadSource.picklistValues = [
        'Web',
        'Phone Inquiry',
        'Partner Referral',
        'Purchased List',
        'Other'
    ];
    for (const info of Object.values(salesProcess.fields)) {
        if (fields[info.apiName]) continue;
        fields[info.apiName] = {
            apiName: info.apiName,
            label: info.label,
            dataType: UI_API_TYPES[info.type],
            picklistValues: info.picklistValues ?? [],
            updateable: true,
            inlineHelpText: helpTexts.get(info.apiName) ?? null
        };
    }
    return fields;
}

function processContext(
    salesProcess: ProcessDefinition,
    benchmarks: Benchmarks
): PreviewData['processContext'] {
    const rows = [
        ...benchmarks.stages.map((stage) => ({
            key: benchmarkKey(stage.stage),
            kind: 'Stage',
            stage: stage.stage,
            parameter: null,
            payload: JSON.stringify(stage),
            fittedAt: benchmarks.fittedAt,
            damping: benchmarks.damping
        })),
        ...benchmarks.parameters.map((parameter) => ({
            key: benchmarkKey(parameter.stage, parameter.parameter),
            kind: 'Parameter',
            stage: parameter.stage,
            parameter: parameter.parameter,
            payload: JSON.stringify(parameter),
            fittedAt: benchmarks.fittedAt,
            damping: benchmarks.damping
        }))
    ];
    const usedFields = new Set(salesProcess.parameters.map((parameter) => parameter.field));
    return {
        stages: salesProcess.stages.map((stage) => ({
            apiName: stage.name,
            label: stage.label,
            defaultProbability: Math.round(stage.probability * 100),
            forecastCategoryName: stage.forecastCategory,
            isClosed: stage.isClosed,
            isWon: stage.isWon,
            isActive: stage.isActive,
            sortOrder: stage.sortOrder
        })),
        plays: salesProcess.plays.map((play) => ({
            developerName: play.name,
            label: play.label,
            stage: play.stage,
            order: play.order,
            goal: play.goal,
            guidance: play.guidance
        })),
        parameters: salesProcess.parameters.map((parameter) => ({
            developerName: parameter.name,
            label: parameter.label,
            play: parameter.play,
            field: parameter.field,
            question: parameter.question,
            rule: parameter.rule,
            weight: parameter.weight,
            requiredToAdvance: parameter.requiredToAdvance,
            order: parameter.order
        })),
        fields: [...usedFields].map((apiName) => {
            const info = salesProcess.fields[apiName];
            return {
                apiName,
                exists: Boolean(info),
                label: info?.label ?? apiName,
                type: info ? DISPLAY_TYPES[info.type] : null,
                picklistValues: info?.picklistValues ?? [],
                isAccessible: true,
                isUpdateable: true
            };
        }),
        benchmarksAccessible: true,
        benchmarks: rows
    };
}

function toRecord(deal: OpportunityRecord, accountName: string): Record<string, RecordFieldValue> {
    return {
        Id: deal.id,
        Name: deal.name,
        StageName: deal.stageName,
        Amount: deal.amount,
        CloseDate: deal.closeDate,
        Probability: deal.probability === null ? null : Math.round(deal.probability * 100),
        ForecastCategoryName: deal.forecastCategory,
        IsClosed: deal.isClosed,
        IsWon: deal.isWon,
        OwnerId: deal.ownerId,
        'Owner.Name': deal.ownerName,
        AccountId: deal.accountId,
        'Account.Name': accountName,
        CreatedDate: deal.createdDate,
        LastModifiedDate: deal.lastModifiedDate,
        Type: 'New Customer',
        LeadSource: 'Partner Referral',
        NextStep: deal.isClosed ? null : 'Confirm the buying group and next meeting',
        Description: null,
        ...deal.fields
    };
}

function toHistory(rows: StageHistoryRow[]): PreviewDeal['history'] {
    return rows.map((row) => ({
        stageName: row.stageName,
        createdDate: row.createdDate,
        amount: row.amount,
        closeDate: row.closeDate,
        probability: row.probability === null ? null : Math.round(row.probability * 100),
        // OpportunityHistory.ForecastCategory stores API names, not the labels the core uses.
        forecastCategory: row.forecastCategory ? forecastCategoryApiValue(row.forecastCategory) : null
    }));
}

interface Candidate {
    path: DealPath;
    score: DealScore;
    stageIndex: number;
}

/** One deal per state the component has to show, best examples first; the first is the page's default. */
function pickShowcase(
    salesProcess: ProcessDefinition,
    benchmarks: Benchmarks,
    paths: DealPath[],
    asOf: string
): Array<{ path: DealPath; scenario: PreviewScenario; label: string; benchmarksPublished: boolean }> {
    const stageIndex = new Map(salesProcess.stages.map((stage, index) => [stage.name, index]));
    const candidates: Candidate[] = paths.map((path) => ({
        path,
        score: scoreDeal(salesProcess, benchmarks, {
            stageName: path.deal.stageName,
            probability: path.deal.probability,
            isClosed: path.deal.isClosed,
            isWon: path.deal.isWon,
            fields: path.deal.fields
        }),
        stageIndex: stageIndex.get(path.deal.stageName) ?? 0
    }));
    const open = candidates.filter((c) => c.path.outcome === 'open');
    const padded = new Set(
        flagDeals(salesProcess, benchmarks, paths, asOf)
            .filter((f) => f.kind === 'padded')
            .map((f) => f.dealId)
    );
    const picked = new Set<string>();
    const showcase: ReturnType<typeof pickShowcase> = [];
    const take = (
        pool: Candidate[],
        order: (a: Candidate, b: Candidate) => number,
        scenario: PreviewScenario,
        label: (c: Candidate) => string,
        benchmarksPublished = true
    ) => {
        const choice = pool.filter((c) => !picked.has(c.path.deal.id)).sort(order)[0];
        if (!choice) return;
        picked.add(choice.path.deal.id);
        showcase.push({ path: choice.path, scenario, label: label(choice), benchmarksPublished });
    };
    const pct = (p: number) => `${Math.round(p * 100)}%`;
    const byAdjustedDesc = (a: Candidate, b: Candidate) => b.score.adjusted - a.score.adjusted;
    const mid = (c: Candidate) =>
        c.stageIndex >= 1 && c.stageIndex < salesProcess.stages.filter((s) => !s.isClosed).length;

    // Against the stage's own history (not its configured probability): what the deal's answers add.
    const lift = (c: Candidate) => c.score.adjusted - c.score.baseline;
    const versusStage = (c: Candidate) =>
        `${pct(c.score.adjusted)} history-adjusted vs ${pct(c.score.baseline)} typical at ${c.path.deal.stageName}`;
    // The default deal (and the README screenshot): the furthest-along deal whose answers are in order,
    // so the page shows plays, evidence and odds of a deal worth working.
    take(
        open.filter((c) => mid(c) && !padded.has(c.path.deal.id) && c.score.health === 'healthy'),
        (a, b) => b.stageIndex - a.stageIndex || b.score.adjusted - a.score.adjusted,
        'healthy',
        (c) => `${HEALTH_WORDS.healthy.label}: ${versusStage(c)}`
    );
    take(
        open.filter((c) => mid(c) && !padded.has(c.path.deal.id)),
        (a, b) => lift(a) - lift(b),
        'atRisk',
        (c) => `${lift(c) >= 0 ? 'Stronger' : 'Weaker'} than typical: ${versusStage(c)}`
    );
    take(
        open.filter((c) => padded.has(c.path.deal.id)),
        (a, b) => b.stageIndex - a.stageIndex,
        'padded',
        () => `${FLAG_LABELS.padded}: a required answer of an earlier stage`
    );
    take(
        open.filter((c) => c.stageIndex === 0),
        byAdjustedDesc,
        'early',
        () => 'First stage, few answers yet'
    );
    take(
        open,
        (a, b) => b.stageIndex - a.stageIndex,
        'late',
        (c) => `Late stage: ${pct(c.score.adjusted)} adjusted`
    );
    take(
        open,
        (a, b) => b.stageIndex - a.stageIndex,
        'noBenchmarks',
        () => 'Benchmarks not published yet',
        false
    );
    const closed = (won: boolean) => candidates.filter((c) => c.path.outcome === (won ? 'won' : 'lost'));
    const latestFirst = (a: Candidate, b: Candidate) =>
        b.path.deal.closeDate.localeCompare(a.path.deal.closeDate);
    take(closed(true), latestFirst, 'closedWon', () => 'Closed Won');
    take(closed(false), latestFirst, 'closedLost', () => 'Closed Lost');
    return showcase;
}

export interface PreviewDataOptions {
    seed?: number;
    /** Deals the generator simulates (closed history plus open pipeline). */
    deals?: number;
    /** Another process than the repo's (the render benchmark uses a 40-parameter stage). */
    process?: ProcessDefinition;
}

/** Enough closed deals for every stage and parameter to have `ok` evidence, small enough to build in a second or two. */
export const DEFAULT_PREVIEW_DEALS = 1500;
export const DEFAULT_PREVIEW_SEED = 42;

export async function buildPreviewData(options: PreviewDataOptions = {}): Promise<PreviewData> {
    const seed = options.seed ?? DEFAULT_PREVIEW_SEED;
    const dealCount = options.deals ?? DEFAULT_PREVIEW_DEALS;
    const salesProcess = options.process ?? (await loadProcessFromSource(SOURCE_DIR));
    // The generator's fixed "today" keeps the demo (and the README screenshot) the same from day to day.
    const generateOptions = { seed, deals: dealCount, today: DEFAULT_TODAY };
    const opportunities: OpportunityRecord[] = [];
    const stageHistory: StageHistoryRow[] = [];
    const fieldHistory: FieldHistoryRow[] = [];
    for (const generated of generateHistory(salesProcess, generateOptions)) {
        opportunities.push(generated.opportunity);
        stageHistory.push(...generated.stageHistory);
        fieldHistory.push(...generated.fieldHistory);
    }
    const { accountCount } = resolveGenerateOptions(salesProcess, generateOptions);
    const accountNames = new Map<string, string>();
    for (let index = 0; index < accountCount; index++) accountNames.set(accountId(index), accountName(index));
    const accountNameOf = (id: string | null) => (id ? (accountNames.get(id) ?? id) : '');
    const paths = buildDealPaths(salesProcess, opportunities, stageHistory, fieldHistory);
    const fittedAt = `${DEFAULT_TODAY}T06:00:00.000Z`;
    const benchmarks = fitBenchmarks(salesProcess, paths, { fittedAt });
    const historyByDeal = new Map<string, StageHistoryRow[]>();
    for (const row of stageHistory) {
        const rows = historyByDeal.get(row.opportunityId) ?? [];
        rows.push(row);
        historyByDeal.set(row.opportunityId, rows);
    }
    const deals: PreviewDeal[] = pickShowcase(salesProcess, benchmarks, paths, DEFAULT_TODAY).map(
        (choice) => {
            const deal = choice.path.deal;
            return {
                id: deal.id,
                scenario: choice.scenario,
                scenarioLabel: choice.label,
                record: toRecord(deal, accountNameOf(deal.accountId)),
                history: toHistory(historyByDeal.get(deal.id) ?? []),
                benchmarksPublished: choice.benchmarksPublished
            };
        }
    );
    return {
        source: `generated history: ${dealCount} deals (${benchmarks.dealCount} closed), seed ${seed}`,
        generatedAt: fittedAt,
        processContext: processContext(salesProcess, benchmarks),
        opportunityFields: opportunityFields(salesProcess),
        detailFields: DETAIL_FIELDS,
        deals
    };
}
