/**
 * Scores one deal against its stage's benchmarks: what the rep has answered, how each answer moved
 * the odds in past deals, and the history-adjusted probability that results. Runs in the browser on
 * every page load, so it touches only the deal's own parameters and O(parameters) benchmark rows.
 */
import {
    benchmarkKey,
    bucketOf,
    bucketShift,
    MIN_HISTORY_DEALS,
    orderedParameters,
    parameterBenchmarkIndex,
    stageBenchmarkOf,
    ruleOf
} from './fit';
import { evaluateRule } from './rules';
import { logit, sigmoid } from './stats';
import type {
    Benchmarks,
    BucketEvidence,
    DealScore,
    FieldValue,
    OverallHealth,
    ParameterAssessment,
    ParameterBenchmark,
    ParameterDefinition,
    ParameterHealth,
    ProcessDefinition,
    RuleOutcome,
    StageBenchmark,
    StageDefinition
} from './types';

/** What `scoreDeal` needs to know about a deal (an `OpportunityRecord` or a past `PipelineDeal` fits). */
export interface ScorableDeal {
    stageName: string;
    /** The deal's own probability, 0..1. */
    probability: number | null;
    isClosed: boolean;
    isWon: boolean;
    fields: Record<string, FieldValue>;
}

/** A `ScorableDeal` but its answers. */
export type DealFacts = Omit<ScorableDeal, 'fields'>;

/** Below this weighted share of good answers a deal is unhealthy. */
export const UNHEALTHY_BELOW = 0.4;
/** At or above this weighted share of good answers a deal is healthy. */
export const HEALTHY_FROM = 0.75;

/** What history says about one answer: no past deal had it, no clear effect yet, or a credible effect. */
export function evidenceOf(bucket: BucketEvidence | null): ParameterAssessment['evidence'] {
    if (!bucket || bucket.won + bucket.lost === 0) return 'none';
    return bucket.credible === true ? 'credible' : 'unclear';
}

/**
 * The rule and history disagree on an answer when its deals won credibly more often than answers that
 * pass the rule although it fails, or less often than failing answers although it passes (judged once,
 * at fit time: `BucketEvidence.ruleDisagrees`).
 */
export function ruleDisagrees(outcome: RuleOutcome, bucket: BucketEvidence | null): boolean {
    return outcome !== 'blank' && bucket?.ruleDisagrees === true;
}

function healthOf(outcome: RuleOutcome): ParameterHealth {
    if (outcome === 'pass') return 'good';
    return outcome === 'blank' ? 'missing' : 'failing';
}

/**
 * Overall health from the parameter assessments. Weighted so the admin's weights decide what matters
 * most; a required parameter of an earlier stage left blank or failing makes the deal unhealthy on its
 * own, because the deal should not have left that stage.
 */
export function overallHealth(
    assessments: readonly ParameterAssessment[],
    currentStage: string
): OverallHealth {
    if (assessments.length === 0) return 'unknown';
    const skippedRequirement = assessments.some(
        (a) => a.parameter.stage !== currentStage && a.parameter.requiredToAdvance && a.health !== 'good'
    );
    if (skippedRequirement) return 'unhealthy';
    const totalWeight = assessments.reduce((sum, a) => sum + Math.max(0, a.parameter.weight || 0), 0);
    // All weights zero (or unset) means the admin did not rank them: count each answer once.
    const weightOf = (a: ParameterAssessment) => (totalWeight > 0 ? Math.max(0, a.parameter.weight || 0) : 1);
    const total = totalWeight > 0 ? totalWeight : assessments.length;
    const good = assessments.filter((a) => a.health === 'good').reduce((sum, a) => sum + weightOf(a), 0);
    const share = good / total;
    if (share < UNHEALTHY_BELOW) return 'unhealthy';
    return share >= HEALTHY_FROM ? 'healthy' : 'atRisk';
}

/**
 * The parameters shown for a deal in `stage`: the current stage's first (what the rep must learn now),
 * then every earlier stage's in process order (what should already be known). Within a stage, play
 * order then parameter order.
 */
export function parametersForDeal(process: ProcessDefinition, stage: string): ParameterDefinition[] {
    return [...(stageScoring(process, stage)?.parameters ?? [])];
}

/**
 * What scoring a deal in one stage needs of the process, resolved once per process and stage rather than
 * once per deal (a pipeline, a time split and the backtest score hundreds of thousands of deals against
 * one process): the stage's definition, its parameters in `parametersForDeal` order, and their benchmarks
 * in the last benchmarks it was asked about (deals are scored benchmarks by benchmarks).
 */
interface StageScoring {
    stage: StageDefinition;
    parameters: readonly ParameterDefinition[];
    /** The benchmarks index `benchmarks` were looked up in (null: no usable benchmarks). */
    index: ReadonlyMap<string, ParameterBenchmark> | null;
    /** Each parameter's benchmark in `index`, by position. */
    benchmarks: ReadonlyArray<ParameterBenchmark | null>;
}

/**
 * Kept beside the process (a WeakMap) and rebuilt, as the fit's caches are, when its stages, parameters
 * or plays arrays are replaced or change length.
 */
interface ProcessScoring {
    stages: ProcessDefinition['stages'];
    stageCount: number;
    parameters: ProcessDefinition['parameters'];
    parameterCount: number;
    plays: ProcessDefinition['plays'];
    playCount: number;
    byStage: Map<string, StageScoring | null>;
}

const processScorings = new WeakMap<ProcessDefinition, ProcessScoring>();

function stageScoring(process: ProcessDefinition, stage: string): StageScoring | null {
    let memo = processScorings.get(process);
    if (
        !memo ||
        memo.stages !== process.stages ||
        memo.stageCount !== process.stages.length ||
        memo.parameters !== process.parameters ||
        memo.parameterCount !== process.parameters.length ||
        memo.plays !== process.plays ||
        memo.playCount !== process.plays.length
    ) {
        memo = {
            stages: process.stages,
            stageCount: process.stages.length,
            parameters: process.parameters,
            parameterCount: process.parameters.length,
            plays: process.plays,
            playCount: process.plays.length,
            byStage: new Map()
        };
        processScorings.set(process, memo);
    }
    let found = memo.byStage.get(stage);
    if (found === undefined) {
        const target = process.stages.find((s) => s.name === stage);
        if (target) {
            const sortOrder = new Map(process.stages.map((s) => [s.name, s.sortOrder]));
            const ordered = orderedParameters(process);
            const current = ordered.filter((p) => p.stage === stage);
            const earlier = ordered.filter(
                (p) => p.stage !== stage && (sortOrder.get(p.stage) as number) <= target.sortOrder
            );
            const parameters = [...current, ...earlier];
            found = { stage: target, parameters, index: null, benchmarks: parameters.map(() => null) };
        } else {
            found = null;
        }
        memo.byStage.set(stage, found);
    }
    return found;
}

/** Each of the stage's parameters' benchmark in `usable`, by position (`benchmarkKey` built once per benchmarks). */
function benchmarksOf(
    scoring: StageScoring,
    usable: Benchmarks | null
): ReadonlyArray<ParameterBenchmark | null> {
    const index = usable === null ? null : parameterBenchmarkIndex(usable);
    if (index !== scoring.index) {
        scoring.index = index;
        scoring.benchmarks = scoring.parameters.map((parameter) => {
            return index?.get(benchmarkKey(scoring.stage.name, parameter.name)) ?? null;
        });
    }
    return scoring.benchmarks;
}

/**
 * What `scoreDeal(process, benchmarks, deal).adjusted` is for a closed deal, without assessing its
 * answers (a forecast reads only this of the many closed deals it rolls up): its outcome, 1 won and 0
 * lost, or its own probability when the process does not know its stage.
 */
export function closedDealAdjusted(process: ProcessDefinition, deal: DealFacts): number {
    if (!stageScoring(process, deal.stageName)) return unknownStageNominal(deal);
    return deal.isWon ? 1 : 0;
}

/** Without a stage definition the deal's own probability is all there is: it is the nominal. */
function unknownStageNominal(deal: DealFacts): number {
    return deal.probability ?? 0;
}

/** What scoring a deal in a known stage rests on: the stage's parameters, its usable benchmarks. */
interface ScoringFrame {
    scoring: StageScoring;
    stage: StageDefinition;
    minimumDeals: number;
    /** The benchmarks when there are enough closed deals behind them, else null. */
    usable: Benchmarks | null;
    stageBenchmark: StageBenchmark | null;
    /** Each of the stage's parameters' benchmark in `usable`, by position. */
    benchmarkAt: ReadonlyArray<ParameterBenchmark | null>;
    /** The deal is closed, or its stage is a closed one: its answers move nothing. */
    closed: boolean;
    damping: number;
}

/** The frame for a deal in `stageName`, or null when the process does not know the stage. */
function frameOf(
    process: ProcessDefinition,
    benchmarks: Benchmarks | null,
    stageName: string,
    isClosed: boolean
): ScoringFrame | null {
    const scoring = stageScoring(process, stageName);
    if (!scoring) return null;
    const { stage } = scoring;
    const minimumDeals = benchmarks?.minimumDeals ?? MIN_HISTORY_DEALS;
    // Below the minimum history no benchmark is used at all: one closed deal says nothing about the next.
    const usable = benchmarks !== null && benchmarks.dealCount >= minimumDeals ? benchmarks : null;
    return {
        scoring,
        stage,
        minimumDeals,
        usable,
        stageBenchmark: stageBenchmarkOf(usable, stage.name),
        benchmarkAt: benchmarksOf(scoring, usable),
        closed: isClosed || stage.isClosed,
        damping: usable?.damping ?? 0
    };
}

/** How far one answer moves the deal's log odds. */
function contributionOf(
    frame: ScoringFrame,
    parameter: ParameterDefinition,
    outcome: RuleOutcome,
    benchmark: ParameterBenchmark | null,
    bucket: BucketEvidence | null
): number {
    // A blank answer to the stage the deal is in now means "not asked yet": it moves nothing (the
    // rule `evidenceAt` gives the strength check and the time split, and why).
    const notYetAsked = parameter.stage === frame.stage.name && outcome === 'blank';
    const counts =
        !frame.closed && !notYetAsked && benchmark !== null && benchmark.status !== 'none' && bucket !== null;
    return counts ? frame.damping * bucketShift(bucket) : 0;
}

/** A closed deal's (or a deal in a closed stage's) probability: its outcome. */
function closedResult(process: ProcessDefinition, frame: ScoringFrame, deal: DealFacts): number {
    if (deal.isClosed) return closedDealAdjusted(process, deal);
    return frame.stage.isWon ? 1 : 0;
}

/** The stage's shrunk history win rate, or its nominal probability without history. */
function baselineOf(frame: ScoringFrame): number {
    const { stageBenchmark } = frame;
    return stageBenchmark !== null && stageBenchmark.status !== 'none'
        ? stageBenchmark.winRate
        : frame.stage.probability;
}

/** The baseline moved by the answers' evidence; without evidence it stands as is (no logit round trip to blur it). */
function adjustedOf(baseline: number, evidence: number): number {
    return evidence === 0 ? baseline : sigmoid(logit(baseline) + evidence);
}

/**
 * Scores a deal. `adjusted` = sigmoid(logit(baseline) + Σ contribution), where the baseline is the
 * stage's shrunk history win rate (the nominal probability without benchmarks) and each contribution
 * is the damped log likelihood ratio of the deal's answer bucket. The status says how far to trust it:
 * `unknownStage`, `closed` (adjusted is 1 or 0), `noPlays`, `noBenchmarks`, `thinHistory`, `ok`.
 *
 * @throws RuleError when a parameter's rule does not parse.
 */
export function scoreDeal(
    process: ProcessDefinition,
    benchmarks: Benchmarks | null,
    deal: ScorableDeal
): DealScore {
    const frame = frameOf(process, benchmarks, deal.stageName, deal.isClosed);
    const dealProbability = deal.probability ?? null;
    if (!frame) {
        const nominal = unknownStageNominal(deal);
        return {
            stage: deal.stageName,
            status: 'unknownStage',
            nominal,
            dealProbability: null,
            baseline: nominal,
            adjusted: nominal,
            adjustedLow: null,
            adjustedHigh: null,
            stageBenchmark: null,
            parameters: [],
            factors: [],
            health: 'unknown',
            parametersNotPredictive: false,
            historyDeals: benchmarks ? benchmarks.dealCount : null,
            minimumDeals: benchmarks?.minimumDeals ?? MIN_HISTORY_DEALS
        };
    }

    const { stage, usable, stageBenchmark, benchmarkAt, closed } = frame;
    const parameters: ParameterAssessment[] = frame.scoring.parameters.map((parameter, position) => {
        const value = deal.fields?.[parameter.field] ?? null;
        const outcome = evaluateRule(ruleOf(parameter), value);
        const benchmark = benchmarkAt[position];
        const bucket = bucketOf(parameter, process.fields[parameter.field], value, benchmark);
        return {
            parameter,
            value,
            outcome,
            health: healthOf(outcome),
            bucket,
            benchmark,
            contribution: contributionOf(frame, parameter, outcome, benchmark, bucket),
            evidence: evidenceOf(bucket),
            ruleDisagrees: ruleDisagrees(outcome, bucket)
        };
    });

    const factors = parameters
        .filter((a) => a.contribution !== 0)
        .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
    const evidence = parameters.reduce((sum, a) => sum + a.contribution, 0);
    const overridden = dealProbability !== null && Math.abs(dealProbability - stage.probability) > 1e-9;
    const common = {
        stage: stage.name,
        nominal: stage.probability,
        dealProbability: overridden ? dealProbability : null,
        stageBenchmark,
        parameters,
        factors,
        health: overallHealth(parameters, stage.name),
        parametersNotPredictive: usable !== null && frame.damping === 0,
        historyDeals: benchmarks ? benchmarks.dealCount : null,
        minimumDeals: frame.minimumDeals
    };

    if (closed) {
        const result = closedResult(process, frame, deal);
        return {
            ...common,
            status: 'closed',
            baseline: result,
            adjusted: result,
            adjustedLow: null,
            adjustedHigh: null
        };
    }

    const hasHistory = stageBenchmark !== null && stageBenchmark.status !== 'none';
    const baseline = baselineOf(frame);
    const shift = (p: number | null) => (p === null ? null : sigmoid(logit(p) + evidence));
    const status: DealScore['status'] =
        parameters.length === 0
            ? 'noPlays'
            : !hasHistory
              ? 'noBenchmarks'
              : stageBenchmark.status === 'thin'
                ? 'thinHistory'
                : 'ok';
    return {
        ...common,
        status,
        baseline,
        adjusted: adjustedOf(baseline, evidence),
        adjustedLow: hasHistory ? shift(stageBenchmark.wilsonLow) : null,
        adjustedHigh: hasHistory ? shift(stageBenchmark.wilsonHigh) : null
    };
}

/**
 * `scoreDeal(process, benchmarks, deal)`'s baseline and adjusted, by the same steps, without the
 * assessments the page shows (calibration and the time split score every closed deal at every stage it
 * left: at a million deals building the assessments was most of that time). `valueOf` reads the deal's
 * answer to a field as `deal.fields[field]` would.
 */
export function dealProbabilities(
    process: ProcessDefinition,
    benchmarks: Benchmarks | null,
    deal: DealFacts,
    valueOf: (field: string) => FieldValue | undefined
): { baseline: number; adjusted: number } {
    const frame = frameOf(process, benchmarks, deal.stageName, deal.isClosed);
    if (!frame) {
        const nominal = unknownStageNominal(deal);
        return { baseline: nominal, adjusted: nominal };
    }
    if (frame.closed) {
        const result = closedResult(process, frame, deal);
        return { baseline: result, adjusted: result };
    }
    // Added in position order from 0, as `scoreDeal` sums its assessments.
    let evidence = 0;
    const parameters = frame.scoring.parameters;
    for (let position = 0; position < parameters.length; position++) {
        const parameter = parameters[position];
        const value = valueOf(parameter.field) ?? null;
        const benchmark = frame.benchmarkAt[position];
        const bucket = bucketOf(parameter, process.fields[parameter.field], value, benchmark);
        evidence += contributionOf(
            frame,
            parameter,
            evaluateRule(ruleOf(parameter), value),
            benchmark,
            bucket
        );
    }
    const baseline = baselineOf(frame);
    return { baseline, adjusted: adjustedOf(baseline, evidence) };
}
