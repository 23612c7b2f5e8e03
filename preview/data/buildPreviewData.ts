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
    FINANCE_STATE_LABELS,
    fieldTypeOf,
    financeStatus,
    FLAG_LABELS,
    HEALTH_WORDS,
    buildDealPaths,
    fitBenchmarks,
    flagDeals,
    forecastCategoryApiValue,
    scoreDeal,
    type AccountFinanceFacts,
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
    generateAccounts,
    generateHistory,
    generateUsers,
    resolveGenerateOptions,
    userId
} from '../../src/generate/generateHistory';
import { generateAccountFinance } from '../../src/generate/accountFinance';
// The one field ↔ fact table (src/records/finance.ts), in the order AccountFinance.FIELDS reads them.
import { FINANCE_FIELDS } from '../../src/records/finance';
import type { AccountRecord } from '../../src/dataset';
import type {
    PreviewAccount,
    PreviewAccountScenario,
    PreviewData,
    PreviewDeal,
    PreviewDealAccount,
    PreviewFieldDescribe,
    PreviewScenario,
    RecordFieldValue
} from './previewData';
import { demoPerformance } from './salesGoalsData';
import { salesGoalsPreview } from './salesGoalsPreview';

const REPO_ROOT = join(__dirname, '..', '..');
const SOURCE_DIR = join(REPO_ROOT, 'force-app', 'main', 'default');

/** Open deals of one account `DealHealthController` reads for the headroom (`MAX_ACCOUNT_OPEN_DEALS`). */
const MAX_ACCOUNT_OPEN_DEALS = 500;

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

/** A standard field as the org's describe gives it: API name, label, UI API data type, updateable. */
type StandardField = [apiName: string, label: string, dataType: string, updateable: boolean];

const STANDARD_FIELDS: StandardField[] = [
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
];

/** The standard Account fields the Account page shows (`Employees` is what Salesforce calls NumberOfEmployees). */
const STANDARD_ACCOUNT_FIELDS: StandardField[] = [
    ['Name', 'Account Name', 'String', true],
    ['Industry', 'Industry', 'Picklist', true],
    ['NumberOfEmployees', 'Employees', 'Int', true]
];

/** A field's describe; picklist values and help text only where the caller reads them. */
function fieldDescribe(
    apiName: string,
    label: string,
    dataType: string,
    updateable: boolean,
    more: Partial<Pick<PreviewFieldDescribe, 'picklistValues' | 'inlineHelpText'>> = {}
): PreviewFieldDescribe {
    return {
        apiName,
        label,
        dataType,
        picklistValues: more.picklistValues ?? [],
        updateable,
        inlineHelpText: more.inlineHelpText ?? null
    };
}

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

/** What the Account page's "Details" section shows, in order: who the customer is, then its accounting facts. */
const ACCOUNT_DETAIL_FIELDS = [
    'Industry',
    'NumberOfEmployees',
    'Stageplay_ERP_Customer_Id__c',
    'Stageplay_Payment_Terms__c',
    'Stageplay_Credit_Limit__c',
    'Stageplay_Open_Balance__c',
    'Stageplay_Past_Due_Amount__c',
    'Stageplay_Days_Past_Due__c',
    'Stageplay_Credit_Hold__c',
    'Stageplay_Last_Invoice_Date__c'
];

/** The tags the preview reads from one `<field>.field-meta.xml` of the repo's source. */
interface FieldFile {
    apiName: string;
    label: string | null;
    /** The Metadata API type name (`Text`, `Checkbox`, `Currency`...). */
    type: string | null;
    inlineHelpText: string | null;
}

/** Every field file of the object in the repo's source (none when the object has no fields folder). */
function fieldFiles(object: 'Opportunity' | 'Account'): FieldFile[] {
    const dir = join(SOURCE_DIR, 'objects', object, 'fields');
    if (!existsSync(dir)) return [];
    return readdirSync(dir).map((file) => {
        const xml = readFileSync(join(dir, file), 'utf8');
        // The first occurrence is the field's own: a picklist's value labels come after it.
        const tag = (name: string) =>
            new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1].trim() ?? null;
        return {
            apiName: file.replace('.field-meta.xml', ''),
            label: tag('label'),
            type: tag('type'),
            inlineHelpText: tag('inlineHelpText')
        };
    });
}

function opportunityFields(salesProcess: ProcessDefinition): Record<string, PreviewFieldDescribe> {
    // Help text the admin wrote on each capture field, shown by `lightning-input-field` as in an org.
    const helpTexts = new Map(fieldFiles('Opportunity').map((file) => [file.apiName, file.inlineHelpText]));
    const fields: Record<string, PreviewFieldDescribe> = {};
    for (const row of STANDARD_FIELDS) fields[row[0]] = fieldDescribe(...row);
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
        fields[info.apiName] = fieldDescribe(info.apiName, info.label, UI_API_TYPES[info.type], true, {
            picklistValues: info.picklistValues,
            inlineHelpText: helpTexts.get(info.apiName)
        });
    }
    return fields;
}

/**
 * The Account page's describe: the standard fields it shows, then every Account field of the repo's
 * metadata with the label and type its file gives (picklist values left out: the page only reads).
 */
function accountFields(): Record<string, PreviewFieldDescribe> {
    const fields: Record<string, PreviewFieldDescribe> = {};
    for (const row of STANDARD_ACCOUNT_FIELDS) fields[row[0]] = fieldDescribe(...row);
    for (const file of fieldFiles('Account')) {
        const type = fieldTypeOf(file.type);
        // A type the core does not know keeps its Metadata API name; the page shows such a value as text.
        const dataType = type ? UI_API_TYPES[type] : (file.type ?? 'String');
        fields[file.apiName] = fieldDescribe(file.apiName, file.label ?? file.apiName, dataType, true, {
            inlineHelpText: file.inlineHelpText
        });
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

/** The accounting fact fields with the labels their metadata gives, as `AccountFinance.describeFields` returns them. */
function financeFields(accessible: boolean): PreviewDealAccount['accountFinanceFields'] {
    const describe = accountFields();
    return FINANCE_FIELDS.map(({ field }) => ({
        apiName: field,
        label: describe[field]?.label ?? field,
        isAccessible: accessible
    }));
}

/** An Opportunity as Apex serializes an SObject: API names, Probability in percent, nulls left out. */
function toSObjectRow(deal: OpportunityRecord, answerFields: string[]): Record<string, RecordFieldValue> {
    const row: Record<string, RecordFieldValue> = {
        Id: deal.id,
        Name: deal.name,
        StageName: deal.stageName,
        Amount: deal.amount,
        CloseDate: deal.closeDate || null,
        Probability: deal.probability === null ? null : Math.round(deal.probability * 100),
        IsClosed: deal.isClosed,
        IsWon: deal.isWon
    };
    for (const field of answerFields) row[field] = deal.fields[field] ?? null;
    return Object.fromEntries(Object.entries(row).filter(([, value]) => value !== null));
}

/** The account part of `getProcessContext` for a deal, as DealHealthController builds it. */
function dealAccount(
    deal: OpportunityRecord,
    factsOf: (id: string) => AccountFinanceFacts | undefined,
    dealsOf: (id: string) => OpportunityRecord[],
    answerFields: string[]
): PreviewDealAccount {
    const facts = deal.accountId ? factsOf(deal.accountId) : undefined;
    if (!deal.accountId || !facts) {
        return {
            accountId: deal.accountId,
            accountFinance: null,
            accountFinanceFields: [],
            accountOpenDeals: [],
            accountOpenDealsTruncated: false
        };
    }
    // Apex reads the open deals only when a headroom can be computed from the facts.
    const open =
        facts.creditLimit !== null && facts.openBalance !== null
            ? dealsOf(deal.accountId)
                  .filter((d) => !d.isClosed)
                  .sort((a, b) => a.closeDate.localeCompare(b.closeDate) || a.id.localeCompare(b.id))
            : [];
    return {
        accountId: deal.accountId,
        accountFinance: { ...facts },
        accountFinanceFields: financeFields(true),
        accountOpenDeals: open.slice(0, MAX_ACCOUNT_OPEN_DEALS).map((d) => toSObjectRow(d, answerFields)),
        accountOpenDealsTruncated: open.length > MAX_ACCOUNT_OPEN_DEALS
    };
}

function accountRecord(
    account: AccountRecord,
    facts: AccountFinanceFacts | null
): Record<string, RecordFieldValue> {
    const record: Record<string, RecordFieldValue> = {
        Id: account.id,
        Name: account.name,
        Industry: account.industry,
        NumberOfEmployees: account.numberOfEmployees
    };
    for (const { field, fact } of FINANCE_FIELDS) record[field] = facts ? (facts[fact] ?? null) : null;
    return record;
}

const ACCOUNT_SCENARIO_LABELS: Record<PreviewAccountScenario, string> = {
    withinTerms: FINANCE_STATE_LABELS.withinTerms,
    pastDue: FINANCE_STATE_LABELS.pastDue,
    onHold: FINANCE_STATE_LABELS.onHold,
    overLimit: FINANCE_STATE_LABELS.overLimit,
    noData: FINANCE_STATE_LABELS.noData,
    hidden: 'Accounting facts hidden from the rep'
};

/**
 * One account per state of the Account Health component, those that bought and have open the most first
 * (so the page has history to show); the past-due one is the account of the showcase deal that carries the flag.
 */
function pickAccounts(
    accounts: AccountRecord[],
    factsOf: (id: string) => AccountFinanceFacts | undefined,
    dealsOf: (id: string) => OpportunityRecord[],
    answerFields: string[],
    pastDueDealAccount: string | null
): PreviewAccount[] {
    // Richest first: what the customer booked plus what is open, so the page has history and pipeline to show.
    const volume = (id: string) =>
        dealsOf(id)
            .filter((d) => d.isWon || !d.isClosed)
            .reduce((sum, d) => sum + (d.amount ?? 0), 0);
    const byDeals = [...accounts].sort((a, b) => volume(b.id) - volume(a.id) || a.id.localeCompare(b.id));
    const stateOf = (id: string) => financeStatus(factsOf(id) ?? null).state;
    const picked: PreviewAccount[] = [];
    const used = new Set<string>();
    const take = (scenario: PreviewAccountScenario, test: (a: AccountRecord) => boolean) => {
        const account = byDeals.find((a) => !used.has(a.id) && test(a));
        if (!account) return;
        used.add(account.id);
        const hidden = scenario === 'hidden';
        const facts = hidden ? null : (factsOf(account.id) ?? null);
        const opportunities = [...dealsOf(account.id)].sort(
            (a, b) => b.closeDate.localeCompare(a.closeDate) || a.id.localeCompare(b.id)
        );
        picked.push({
            id: account.id,
            scenario,
            scenarioLabel: ACCOUNT_SCENARIO_LABELS[scenario],
            record: accountRecord(account, facts),
            context: {
                accountId: account.id,
                accountName: account.name,
                finance: facts ? { ...facts } : {},
                financeFields: financeFields(!hidden),
                opportunitiesAccessible: true,
                opportunities: opportunities.map((d) => toSObjectRow(d, answerFields)),
                opportunitiesTruncated: false,
                unreadableFields: [],
                // The generated history has no fiscal calendar: calendar quarters, as an org starting in January.
                fiscalYearStartMonth: 1
            }
        });
    };
    const withOpenAndWon = (a: AccountRecord) =>
        dealsOf(a.id).some((d) => !d.isClosed) && dealsOf(a.id).some((d) => d.isWon);
    take('withinTerms', (a) => stateOf(a.id) === 'withinTerms' && withOpenAndWon(a));
    take('pastDue', (a) => (pastDueDealAccount ? a.id === pastDueDealAccount : stateOf(a.id) === 'pastDue'));
    take('onHold', (a) => stateOf(a.id) === 'onHold');
    take('overLimit', (a) => stateOf(a.id) === 'overLimit');
    take('noData', (a) => stateOf(a.id) === 'noData');
    take('hidden', (a) => stateOf(a.id) === 'withinTerms' && withOpenAndWon(a));
    return picked;
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
    asOf: string,
    pastDueAccounts: ReadonlySet<string> = new Set()
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
        open.filter((c) => mid(c) && pastDueAccounts.has(c.path.deal.accountId ?? '')),
        (a, b) => b.stageIndex - a.stageIndex || byAdjustedDesc(a, b),
        'accountPastDue',
        () => `${FLAG_LABELS.accountFinance}: the account is past due`
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
    const { accountCount, mechanism } = resolveGenerateOptions(salesProcess, generateOptions);
    const accounts = [...generateAccounts(accountCount)];
    const accountNames = new Map(accounts.map((account) => [account.id, account.name]));
    const accountNameOf = (id: string | null) => (id ? (accountNames.get(id) ?? id) : '');
    const dealsByAccount = new Map<string, OpportunityRecord[]>();
    for (const deal of opportunities) {
        if (!deal.accountId) continue;
        const list = dealsByAccount.get(deal.accountId) ?? [];
        list.push(deal);
        dealsByAccount.set(deal.accountId, list);
    }
    const dealsOf = (id: string) => dealsByAccount.get(id) ?? [];
    // The ERP sizes credit to what the customer buys in a year: won over the last year plus what is open.
    const yearStart = `${Number(DEFAULT_TODAY.slice(0, 4)) - 1}${DEFAULT_TODAY.slice(4)}`;
    const factsByAccount = new Map(
        accounts.map((account) => {
            const volume = dealsOf(account.id)
                .filter(
                    (d) => !d.isClosed || (d.isWon && d.closeDate > yearStart && d.closeDate <= DEFAULT_TODAY)
                )
                .reduce((sum, d) => sum + (d.amount ?? 0), 0);
            return [account.id, generateAccountFinance(account.id, volume, { seed, today: DEFAULT_TODAY })];
        })
    );
    const factsOf = (id: string) => factsByAccount.get(id);
    const pastDueAccounts = new Set(
        accounts.filter((a) => financeStatus(factsOf(a.id) ?? null).state === 'pastDue').map((a) => a.id)
    );
    const answerFields = [...new Set(salesProcess.parameters.map((parameter) => parameter.field))];
    const paths = buildDealPaths(salesProcess, opportunities, stageHistory, fieldHistory);
    const fittedAt = `${DEFAULT_TODAY}T06:00:00.000Z`;
    const benchmarks = fitBenchmarks(salesProcess, paths, { fittedAt });
    const historyByDeal = new Map<string, StageHistoryRow[]>();
    for (const row of stageHistory) {
        const rows = historyByDeal.get(row.opportunityId) ?? [];
        rows.push(row);
        historyByDeal.set(row.opportunityId, rows);
    }
    const showcase = pickShowcase(salesProcess, benchmarks, paths, DEFAULT_TODAY, pastDueAccounts);
    const deals: PreviewDeal[] = showcase.map((choice) => {
        const deal = choice.path.deal;
        return {
            id: deal.id,
            scenario: choice.scenario,
            scenarioLabel: choice.label,
            record: toRecord(deal, accountNameOf(deal.accountId)),
            history: toHistory(historyByDeal.get(deal.id) ?? []),
            benchmarksPublished: choice.benchmarksPublished,
            account: dealAccount(deal, factsOf, dealsOf, answerFields)
        };
    });
    const pastDueDeal = showcase.find((choice) => choice.scenario === 'accountPastDue');
    // The Sales Goals page: the demo's reps, and a manager above them who carries no quota of their own.
    const users = generateUsers(mechanism.reps);
    const manager = { id: userId(users.length), name: 'Morgan Ellis', isActive: true };
    const performance = await demoPerformance(salesProcess);
    return {
        source: `generated history: ${dealCount} deals (${benchmarks.dealCount} closed), seed ${seed}`,
        generatedAt: fittedAt,
        processContext: processContext(salesProcess, benchmarks),
        opportunityFields: opportunityFields(salesProcess),
        detailFields: DETAIL_FIELDS,
        accountFields: accountFields(),
        accountDetailFields: ACCOUNT_DETAIL_FIELDS,
        deals,
        accounts: pickAccounts(
            accounts,
            factsOf,
            dealsOf,
            answerFields,
            pastDueDeal?.path.deal.accountId ?? null
        ),
        salesGoals: salesGoalsPreview(performance, manager, users[Math.min(1, users.length - 1)])
    };
}
