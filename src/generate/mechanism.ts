/**
 * The generator's ground truth: how a deal's answers move its odds, stage by stage. Kept apart from
 * the simulation so that tests (and anyone checking the fit) can read exactly what was planted.
 *
 * The mechanism, per deal:
 *  1. The deal's owner is drawn uniformly from the reps. Each rep leaves a parameter unanswered with
 *     their blank rate (padders far more often: they move deals on without doing the work).
 *  2. In each open stage, in sort order, every parameter of that stage is answered or not; an
 *     answered parameter passes its rule with the parameter's pass rate (always, for rules nothing
 *     can fail, such as `not blank`). Answers are the values the deal holds when it leaves the stage.
 *  3. Leaving the stage, the deal advances (after the last open stage: is won) with probability
 *         sigmoid(baseLogit[stage] + sum over that stage's parameters that pass of ln(factor)),
 *     and is otherwise lost. `factor` is the planted effect: passing multiplies the odds of
 *     advancing by it; a factor of 1 means the parameter does not matter at all.
 *  4. `baseLogit` is solved so that the average advance rate over all reps equals the stage's
 *     target: the nominal step `p(stage) / p(next stage)` times a deliberate skew, so some stages
 *     are over- or under-stated and calibration has something to find.
 * Only a parameter's own stage feels its effect; at later stages its answer carries no further
 * information beyond who the owner is.
 */
import type { ProcessDefinition, StageDefinition } from '../core';
import { sigmoid } from '../core';
import { type AnswerMaker, answerMaker } from './answers';

/**
 * Planted effects on the sample process, keyed by parameter DeveloperName: the factor by which
 * passing the parameter's rule multiplies the odds of leaving its stage forward. Factor 1 = no
 * effect; these exist so the fit must tell signal from noise.
 */
export const PLANTED_EFFECTS: Readonly<Record<string, number>> = {
    Organization_Size: 1,
    Compelling_Driver: 1.5,
    Elevator_Pitch_Reception: 1.8,
    Project_Sponsor_Identified: 2.5,
    Budget_Confirmed: 2,
    Current_Problem: 1,
    Problem_Metric: 1.8,
    Pain_Felt_By: 1,
    Alternatives_Considered: 1,
    Solution_Pricing_Shared: 2.2,
    Implementation_Timeline: 1.6,
    Demo_Feedback: 3,
    Contract_Submitted: 1.8,
    Implementation_Planned: 1,
    Documents_Signed: 4
};

/**
 * Parameters of another process (names not in `PLANTED_EFFECTS`) get factors by their position in
 * process order, cycling through this list: every process gets strong, mild and null effects.
 */
export const DEFAULT_EFFECT_CYCLE: readonly number[] = [2, 1, 1.6, 1];

/** Share of answered parameters that pass their rule, by DeveloperName; others use the default. */
export const PASS_RATES: Readonly<Record<string, number>> = {
    Organization_Size: 0.55,
    Elevator_Pitch_Reception: 0.7,
    Demo_Feedback: 0.45,
    Documents_Signed: 0.65
};
export const DEFAULT_PASS_RATE = 0.6;

/**
 * Multipliers on each open stage's nominal step, by position: the second stage really advances far
 * less than the stage probabilities claim, the last a little less, the first a little more.
 */
export const STAGE_ADVANCE_SKEW: readonly number[] = [1.1, 0.75, 1, 0.85];

/** Median days a deal spends in each open stage, by position (lognormal around it). */
export const STAGE_MEDIAN_DAYS: readonly number[] = [10, 18, 21, 14];
export const DEFAULT_STAGE_MEDIAN_DAYS = 15;

/** Share of parameters a rep leaves unanswered. */
export const HONEST_BLANK_RATE = 0.06;
export const PADDER_BLANK_RATE = 0.45;

export const DEFAULT_OWNER_NAMES: readonly string[] = [
    'Maya Chen',
    'Daniel Okafor',
    'Sofia Rossi',
    'Liam Becker',
    'Aisha Rahman',
    'Tom Nguyen',
    'Elena Petrova',
    'Jonas Lindqvist'
];
/** Positions in the default owner list of the reps who pad. */
export const DEFAULT_PADDERS: readonly number[] = [2, 6];

export interface OwnerSpec {
    name: string;
    /** Advances deals without the required answers and over-states probabilities. */
    pads?: boolean;
}

export interface RepModel {
    index: number;
    name: string;
    pads: boolean;
    blankRate: number;
}

export interface ParameterModel {
    answers: AnswerMaker;
    /** Planted odds multiplier for passing. */
    factor: number;
    /** P(pass | answered), 1 when nothing can fail the rule, 0 when nothing can pass it. */
    passRate: number;
}

export interface StageModel {
    stage: StageDefinition;
    /** Position among the open stages. */
    position: number;
    /** The average advance (or win, for the last open stage) probability the mechanism aims at. */
    targetAdvance: number;
    baseLogit: number;
    medianDays: number;
    parameters: ParameterModel[];
}

export interface Mechanism {
    reps: RepModel[];
    stages: StageModel[];
    wonStage: StageDefinition;
    lostStage: StageDefinition;
}

export function repModels(owners: number | ReadonlyArray<string | OwnerSpec> | undefined): RepModel[] {
    let specs: OwnerSpec[];
    if (owners === undefined || typeof owners === 'number') {
        const count = owners ?? DEFAULT_OWNER_NAMES.length;
        if (!Number.isInteger(count) || count < 1)
            throw new RangeError(`owners must be a positive integer, got ${count}`);
        specs = Array.from({ length: count }, (_, i) => {
            const base = DEFAULT_OWNER_NAMES[i % DEFAULT_OWNER_NAMES.length];
            const round = Math.floor(i / DEFAULT_OWNER_NAMES.length);
            return {
                name: round === 0 ? base : `${base} ${round + 1}`,
                pads: DEFAULT_PADDERS.includes(i % DEFAULT_OWNER_NAMES.length)
            };
        });
    } else {
        if (owners.length === 0) throw new RangeError('owners must name at least one rep');
        specs = owners.map((o) => (typeof o === 'string' ? { name: o } : o));
    }
    return specs.map((spec, index) => ({
        index,
        name: spec.name,
        pads: spec.pads ?? false,
        blankRate: spec.pads ? PADDER_BLANK_RATE : HONEST_BLANK_RATE
    }));
}

/** P(the parameter passes | the deal's owner), before the deal's own luck. */
export function passProbability(parameter: ParameterModel, rep: RepModel): number {
    return (1 - rep.blankRate) * parameter.passRate;
}

/**
 * E[advance | owner], summing over every pass/no-pass combination of the stage's parameters
 * (2^k terms; processes have a handful of parameters per stage). `fixed` pins one parameter's outcome.
 */
export function expectedAdvance(
    stage: StageModel,
    rep: RepModel,
    baseLogit = stage.baseLogit,
    fixed?: { index: number; passes: boolean }
): number {
    const k = stage.parameters.length;
    let total = 0;
    for (let mask = 0; mask < 1 << k; mask++) {
        let weight = 1;
        let x = baseLogit;
        for (let j = 0; j < k; j++) {
            const passes = (mask & (1 << j)) !== 0;
            const p =
                fixed && fixed.index === j
                    ? fixed.passes
                        ? 1
                        : 0
                    : passProbability(stage.parameters[j], rep);
            weight *= passes ? p : 1 - p;
            if (passes) x += Math.log(stage.parameters[j].factor);
        }
        if (weight > 0) total += weight * sigmoid(x);
    }
    return total;
}

function solveBaseLogit(stage: StageModel, reps: RepModel[]): number {
    const average = (b: number) =>
        reps.reduce((sum, rep) => sum + expectedAdvance(stage, rep, b), 0) / reps.length;
    let low = -20;
    let high = 20;
    for (let i = 0; i < 80; i++) {
        const mid = (low + high) / 2;
        if (average(mid) < stage.targetAdvance) low = mid;
        else high = mid;
    }
    return (low + high) / 2;
}

function clamp(x: number, low: number, high: number): number {
    return Math.min(high, Math.max(low, x));
}

/**
 * Builds the mechanism for a process. Throws when the process has no open stage or lacks a won or
 * a lost closed stage: there would be nothing to generate.
 */
export function describeMechanism(
    salesProcess: ProcessDefinition,
    options: {
        owners?: number | ReadonlyArray<string | OwnerSpec>;
        effects?: Readonly<Record<string, number>>;
    } = {}
): Mechanism {
    const stages = [...salesProcess.stages]
        .filter((s) => s.isActive)
        .sort((a, b) => a.sortOrder - b.sortOrder);
    const open = stages.filter((s) => !s.isClosed);
    const wonStage = stages.find((s) => s.isClosed && s.isWon);
    const lostStage = stages.find((s) => s.isClosed && !s.isWon);
    if (open.length === 0 || !wonStage || !lostStage) {
        throw new Error(
            'the process needs at least one open stage, a closed won stage and a closed lost stage to generate history'
        );
    }
    const reps = repModels(options.owners);
    const effects = { ...PLANTED_EFFECTS, ...options.effects };
    const order = new Map(open.map((s, i) => [s.name, i]));
    const parametersInOrder = salesProcess.parameters
        .filter((p) => order.has(p.stage))
        .map((p, index) => ({
            p,
            index,
            play: salesProcess.plays.find((play) => play.name === p.play)?.order ?? 0
        }))
        .sort(
            (a, b) =>
                (order.get(a.p.stage) as number) - (order.get(b.p.stage) as number) ||
                a.play - b.play ||
                a.p.order - b.p.order ||
                a.index - b.index
        )
        .map(({ p }) => p);

    const models: StageModel[] = open.map((stage, position) => {
        const nextProbability = position + 1 < open.length ? open[position + 1].probability : 1;
        const nominalStep =
            stage.probability > 0 && nextProbability > 0
                ? clamp(stage.probability / nextProbability, 0.05, 0.97)
                : 0.5;
        const skew = STAGE_ADVANCE_SKEW[position] ?? 1;
        const parameters = parametersInOrder
            .filter((p) => p.stage === stage.name)
            .map((p): ParameterModel => {
                const answers = answerMaker(p, salesProcess.fields[p.field]);
                const cycled =
                    DEFAULT_EFFECT_CYCLE[parametersInOrder.indexOf(p) % DEFAULT_EFFECT_CYCLE.length];
                const factor = effects[p.name] ?? cycled;
                const rate = PASS_RATES[p.name] ?? DEFAULT_PASS_RATE;
                const passRate = !answers.canPass ? 0 : answers.canFail ? rate : 1;
                return { answers, factor, passRate };
            });
        const model: StageModel = {
            stage,
            position,
            targetAdvance: clamp(nominalStep * skew, 0.05, 0.97),
            baseLogit: 0,
            medianDays: STAGE_MEDIAN_DAYS[position] ?? DEFAULT_STAGE_MEDIAN_DAYS,
            parameters
        };
        model.baseLogit = solveBaseLogit(model, reps);
        return model;
    });
    return { reps, stages: models, wonStage, lostStage };
}

/** The advance probability of a deal whose answers at this stage pass (true) or not. */
export function advanceProbability(stage: StageModel, passes: readonly boolean[]): number {
    let x = stage.baseLogit;
    stage.parameters.forEach((parameter, j) => {
        if (passes[j]) x += Math.log(parameter.factor);
    });
    return sigmoid(x);
}
