/**
 * Small, readable building blocks for the core's tests: a four-stage process with one or two
 * parameters per stage, and helpers that build deals and history rows with only the fields a test
 * cares about spelled out.
 */
import { buildDealPaths } from '../history';
import { seededUniform } from '../stats';
import type {
    Benchmarks,
    DealPath,
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

/** Qualify (20%) → Propose (50%) → Won / Lost. Budget and Size are asked in Qualify, Tier in Propose. */
export function miniProcess(): ProcessDefinition {
    return {
        stages: [
            stage('Qualify', 1, 0.2, 'Pipeline'),
            stage('Propose', 2, 0.5, 'Best Case'),
            stage('Won', 3, 1, 'Closed', 'won'),
            stage('Lost', 4, 0, 'Omitted', 'lost')
        ],
        plays: [
            {
                name: 'Qualify_Play',
                label: 'Qualify',
                stage: 'Qualify',
                order: 1,
                goal: 'Qualify',
                guidance: ''
            },
            {
                name: 'Propose_Play',
                label: 'Propose',
                stage: 'Propose',
                order: 1,
                goal: 'Propose',
                guidance: ''
            }
        ],
        parameters: [
            parameter({
                name: 'Size',
                play: 'Qualify_Play',
                stage: 'Qualify',
                field: 'Size__c',
                rule: '>= 100',
                order: 2
            }),
            parameter({
                name: 'Budget',
                play: 'Qualify_Play',
                stage: 'Qualify',
                field: 'Budget__c',
                rule: '= true',
                order: 1
            }),
            parameter({
                name: 'Tier',
                play: 'Propose_Play',
                stage: 'Propose',
                field: 'Tier__c',
                rule: 'in (Gold)'
            })
        ],
        fields: {
            Budget__c: { apiName: 'Budget__c', label: 'Budget', type: 'boolean' },
            Size__c: { apiName: 'Size__c', label: 'Size', type: 'number' },
            Tier__c: {
                apiName: 'Tier__c',
                label: 'Tier',
                type: 'picklist',
                picklistValues: ['Gold', 'Silver']
            }
        }
    };
}

/** A deal that walked `stages` ten days apart from 2026-01-01 with final `fields` (no field history). */
export function walk(id: string, stages: string[], fields: Record<string, FieldValue>, gaps: number[] = []) {
    let day = 1;
    const rows: StageHistoryRow[] = stages.map((stage, index) => {
        const row = stageRow(id, stage, `2026-01-${String(day).padStart(2, '0')}T00:00:00.000Z`);
        day += gaps[index] ?? 10;
        return row;
    });
    const last = stages[stages.length - 1];
    const deal = opportunity({
        id,
        stageName: last,
        isClosed: last === 'Won' || last === 'Lost',
        isWon: last === 'Won',
        createdDate: '2026-01-01T00:00:00.000Z',
        fields
    });
    return { deal, rows };
}

/**
 * Six closed deals and one open one:
 *   1 won   Qualify →10d Propose → Won    Budget true  Size 150  Tier Gold
 *   2 won   Qualify →20d Propose → Won    Budget true  Size 300  Tier Silver
 *   3 won   Qualify →30d Won              Budget —     Size 80   Tier —
 *   4 lost  Qualify → Propose → Lost      Budget true  Size 50   Tier Bronze (not a declared value)
 *   5 lost  Qualify → Lost                Budget false Size —    Tier —
 *   6 lost  Qualify → Lost                Budget —     Size 120  Tier —
 *   7 open  Qualify                       (ignored: outcome unknown)
 */
export function miniPaths(): DealPath[] {
    return walkedPaths([
        walk('1', ['Qualify', 'Propose', 'Won'], { Budget__c: true, Size__c: 150, Tier__c: 'Gold' }, [10]),
        walk('2', ['Qualify', 'Propose', 'Won'], { Budget__c: true, Size__c: 300, Tier__c: 'Silver' }, [20]),
        walk('3', ['Qualify', 'Won'], { Budget__c: null, Size__c: 80, Tier__c: null }, [30]),
        walk('4', ['Qualify', 'Propose', 'Lost'], { Budget__c: true, Size__c: 50, Tier__c: 'Bronze' }),
        walk('5', ['Qualify', 'Lost'], { Budget__c: false, Size__c: null, Tier__c: null }),
        walk('6', ['Qualify', 'Lost'], { Budget__c: null, Size__c: 120, Tier__c: null }),
        walk('7', ['Qualify'], { Budget__c: true, Size__c: 999, Tier__c: null })
    ]);
}

/** The paths of walked deals through the mini process, with their field history if any. */
export function walkedPaths(
    walks: ReadonlyArray<ReturnType<typeof walk>>,
    fields: FieldHistoryRow[] = []
): DealPath[] {
    return buildDealPaths(
        miniProcess(),
        walks.map((d) => d.deal),
        walks.flatMap((d) => d.rows),
        fields
    );
}

/**
 * A deal that sat in Qualify for the walk's ten days and then was won or lost, with the `answers`
 * given; the mini process's other answers are blank.
 */
export function decidedFromQualify(id: string, won: boolean, answers: Record<string, FieldValue>) {
    return walk(id, ['Qualify', won ? 'Won' : 'Lost'], {
        Budget__c: null,
        Size__c: null,
        Tier__c: null,
        ...answers
    });
}

/**
 * Generated history where one answer really predicts the outcome: "good" deals win 60%, others 15%;
 * good deals confirm budget 90% of the time, others 20%.
 */
export function generatedPaths(deals: number, seed: string): DealPath[] {
    const random = seededUniform(seed);
    const flip = (p: number) => random.next() < p;
    const walks = [];
    for (let i = 0; i < deals; i++) {
        const good = flip(0.5);
        const won = flip(good ? 0.6 : 0.15);
        walks.push(decidedFromQualify(`G${i}`, won, { Budget__c: flip(good ? 0.9 : 0.2) }));
    }
    return walkedPaths(walks);
}
