/**
 * Small, readable building blocks for the core's tests: a four-stage process with one or two
 * parameters per stage, and helpers that build deals and history rows with only the fields a test
 * cares about spelled out.
 */
import type {
    Benchmarks,
    FieldHistoryRow,
    FieldValue,
    OpportunityRecord,
    ParameterDefinition,
    ProcessDefinition,
    StageBenchmark,
    StageDefinition,
    StageHistoryRow
} from '../types';

function stage(
    name: string,
    sortOrder: number,
    probability: number,
    forecastCategory: StageDefinition['forecastCategory'],
    closed: 'open' | 'won' | 'lost' = 'open'
): StageDefinition {
    return {
        name,
        label: name,
        probability,
        forecastCategory,
        isClosed: closed !== 'open',
        isWon: closed === 'won',
        isActive: true,
        sortOrder
    };
}

export const STAGES: StageDefinition[] = [
    stage('Prospecting', 1, 0.1, 'Pipeline'),
    stage('Discovery', 2, 0.25, 'Pipeline'),
    stage('Proposal', 3, 0.5, 'Best Case'),
    stage('Negotiation', 4, 0.75, 'Commit'),
    stage('Closed Won', 5, 1, 'Closed', 'won'),
    stage('Closed Lost', 6, 0, 'Omitted', 'lost')
];

export function parameter(
    overrides: Partial<ParameterDefinition> & Pick<ParameterDefinition, 'name'>
): ParameterDefinition {
    return {
        label: overrides.name.replace(/_/g, ' '),
        play: 'Play',
        stage: 'Prospecting',
        field: `${overrides.name}__c`,
        question: `What is the ${overrides.name}?`,
        rule: 'not blank',
        weight: 1,
        requiredToAdvance: false,
        order: 1,
        ...overrides
    };
}

/**
 * Prospecting: Org_Size (number, >= 100, required, weight 2), Reception (picklist, in (Positive, Neutral)).
 * Discovery: Pain_Metric (text, not blank, required, weight 3).
 * Proposal: Demo_Done (checkbox, = true, required).
 * Negotiation: no parameters of its own.
 */
export function sampleProcess(): ProcessDefinition {
    return {
        stages: STAGES.map((s) => ({ ...s })),
        plays: [
            {
                name: 'Account_Research',
                label: 'Account Research',
                stage: 'Prospecting',
                order: 1,
                goal: 'Generate',
                guidance: ''
            },
            {
                name: 'Initiate_Contact',
                label: 'Initiate Contact',
                stage: 'Prospecting',
                order: 2,
                goal: 'Generate',
                guidance: ''
            },
            {
                name: 'Find_Pain',
                label: 'Find the pain',
                stage: 'Discovery',
                order: 1,
                goal: 'Qualify',
                guidance: ''
            },
            { name: 'Demo', label: 'Demo', stage: 'Proposal', order: 1, goal: 'Propose', guidance: '' }
        ],
        parameters: [
            parameter({
                name: 'Reception',
                play: 'Initiate_Contact',
                field: 'Reception__c',
                rule: 'in (Positive, Neutral)'
            }),
            parameter({
                name: 'Org_Size',
                play: 'Account_Research',
                field: 'Org_Size__c',
                rule: '>= 100',
                weight: 2,
                requiredToAdvance: true
            }),
            parameter({
                name: 'Pain_Metric',
                play: 'Find_Pain',
                stage: 'Discovery',
                field: 'Pain_Metric__c',
                rule: 'not blank',
                weight: 3,
                requiredToAdvance: true
            }),
            parameter({
                name: 'Demo_Done',
                play: 'Demo',
                stage: 'Proposal',
                field: 'Demo_Done__c',
                rule: '= true',
                requiredToAdvance: true
            })
        ],
        fields: {
            Org_Size__c: { apiName: 'Org_Size__c', label: 'Organization size (m)', type: 'number' },
            Reception__c: {
                apiName: 'Reception__c',
                label: 'Reception',
                type: 'picklist',
                picklistValues: ['Positive', 'Neutral', 'Negative']
            },
            Pain_Metric__c: { apiName: 'Pain_Metric__c', label: 'Pain metric', type: 'text' },
            Demo_Done__c: { apiName: 'Demo_Done__c', label: 'Demo done', type: 'boolean' }
        }
    };
}

export function opportunity(
    overrides: Partial<OpportunityRecord> & Pick<OpportunityRecord, 'id'>
): OpportunityRecord {
    const stageName = overrides.stageName ?? 'Prospecting';
    const definition = STAGES.find((s) => s.name === stageName);
    return {
        name: `Deal ${overrides.id}`,
        accountId: null,
        ownerId: '005A',
        ownerName: 'Ada Owner',
        amount: 1000,
        closeDate: '2026-06-30',
        stageName,
        probability: definition?.probability ?? null,
        forecastCategory: definition?.forecastCategory ?? null,
        isClosed: definition?.isClosed ?? false,
        isWon: definition?.isWon ?? false,
        createdDate: '2026-01-05T10:00:00.000Z',
        lastModifiedDate: null,
        fields: {},
        ...overrides
    };
}

export function stageRow(
    opportunityId: string,
    stageName: string,
    createdDate: string,
    overrides: Partial<StageHistoryRow> = {}
): StageHistoryRow {
    const definition = STAGES.find((s) => s.name === stageName);
    return {
        opportunityId,
        stageName,
        createdDate,
        amount: 1000,
        closeDate: '2026-06-30',
        probability: definition?.probability ?? null,
        forecastCategory: definition?.forecastCategory ?? null,
        ...overrides
    };
}

export function fieldRow(
    opportunityId: string,
    field: string,
    createdDate: string,
    oldValue: FieldValue,
    newValue: FieldValue
): FieldHistoryRow {
    return { opportunityId, field, createdDate, oldValue, newValue };
}

/** A stage benchmark with the given counts and durations; the rest follows from them the way `fitBenchmarks` would. */
export function stageBenchmark(
    stageName: string,
    won: number,
    lost: number,
    overrides: Partial<StageBenchmark> = {}
): StageBenchmark {
    const nominal = STAGES.find((s) => s.name === stageName)?.probability ?? 0;
    const reached = won + lost;
    return {
        stage: stageName,
        nominal,
        reached,
        won,
        lost,
        observedWinRate: reached > 0 ? won / reached : null,
        wilsonLow: null,
        wilsonHigh: null,
        winRate: (won + 10 * nominal) / (reached + 10),
        medianDaysInStage: null,
        p90DaysInStage: null,
        status: reached === 0 ? 'none' : reached < 30 ? 'thin' : 'ok',
        ...overrides
    };
}

export function benchmarks(stages: StageBenchmark[], overrides: Partial<Benchmarks> = {}): Benchmarks {
    return {
        fittedAt: '2026-06-01T00:00:00.000Z',
        dealCount: stages.reduce((sum, s) => Math.max(sum, s.reached), 0),
        damping: 1,
        stages,
        parameters: [],
        ...overrides
    };
}
