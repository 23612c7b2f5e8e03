/**
 * Does the fit find what the generator planted?
 *
 * 25,000 deals are generated for the shipped process and rebuilt into paths by the core. The
 * effect estimates come from benchmarks fitted on every deal (no holdout needed there; more deals,
 * less noise); the Brier comparison uses benchmarks fitted on 70% and judged on the other 30%.
 *
 * What the fit should estimate. The fit's evidence for parameter P at stage S is a likelihood ratio
 * per answer bucket among closed deals that reached S, each deal counted with the answer it had
 * halfway through its last stay in S (what an open deal there shows on a typical day); the ratio of
 * two buckets' LRs is the odds ratio of winning between deals showing one answer or the other then.
 * In the generator (see src/generate/mechanism.ts) passing P multiplies the odds of *leaving S
 * forward* by factor(P); the odds ratio the fit sees is smaller, because a deal that leaves S forward
 * can still lose later, because owners differ (padders leave more answers blank and lose more later),
 * and because halfway through the stay only some answers are typed (each is typed at a uniform 10-90%
 * point of the stay, a few first the other way). So the test derives the expected log odds ratio
 * exactly from the mechanism, summing over owners, the ways the answer really went (t: passes, fails,
 * unanswered) and the other parameters of S:
 *
 *   P(shows c, won | reached S) ∝ Σ_rep Σ_t reach(rep) · P(t | rep) · P(shows c | t) · E[advance_S | rep, t] · later(rep)
 *   P(shows c, lost | reached S) ∝ Σ_rep Σ_t reach(rep) · P(t | rep) · P(shows c | t) · (1 − E[advance_S | rep, t] · later(rep))
 *
 * with reach(rep) = Π over earlier stages of E[advance | rep], later(rep) the same product over later
 * stages, and P(shows c | t) from when answers are typed (`shownAtMidpoint`); expected =
 * ln[(P(pass, won) / P(pass, lost)) / (P(ref, won) / P(ref, lost))], where the reference class is
 * "fails the rule", or "blank" for rules nothing can fail (`not blank`).
 * The derivation ignores three small effects of the simulation (padders skipping a stage, deals
 * still open at the cut-off, the fit's +1 smoothing). Stated tolerance: |fitted − expected| ≤ 0.35
 * on the log scale, or 3.5 standard errors (Woolf's, from the fit's own counts) where an answer
 * class is rare enough that 0.35 is less than that (the blank class of a late-stage parameter, the
 * fail class of a last-stage one); every standard error is checked to be below 0.15, so no bound is
 * wider than ±0.53.
 * On seeds 1 and 2026 every estimate fell within 0.25 of its expected value (the largest miss:
 * Solution/Presentation / Demo_Feedback on seed 2026, 0.24 at 2.5 standard errors; set
 * STAGEPLAY_STATS_SEED to try others).
 *
 * No-effect parameters (factor 1) whose unanswered value is blank and whose rule can fail (e.g. a
 * number `>= 100`) have an expected pass-vs-fail log odds ratio of exactly 0: given the owner, their
 * answer is independent of everything else. A no-effect checkbox is not exactly 0 (an unanswered
 * checkbox is `false`, so "fails" also means "skipped", which tracks padding, or "not ticked yet"), and a
 * no-effect `not blank` parameter compared with blank shows the padders' later losses: the
 * derivation gives both their (small, positive) expected values.
 */
import type {
    Benchmarks,
    DealPath,
    ParameterBenchmark,
    ProcessDefinition,
    Rule,
    RuleOutcome
} from '../src/core';
import {
    calibrate,
    fitBenchmarks,
    scoreDeal,
    pipelineAsOf,
    buildDealPaths,
    evaluateRule,
    FieldHistoryTable,
    StageHistoryTable
} from '../src/core';
import { DEFAULT_TODAY, generatedRows } from '../src/generate/generateHistory';
import { reconcile } from '../src/ops/reconcile';
import { inMemoryQuality } from '../src/records/ledger';
import { renderReportHtml } from '../src/report/html';
import { benchmarkSummaryLines, reconciliationSummaryLines } from '../src/report/terminal';
import {
    describeMechanism,
    expectedAdvance,
    type Mechanism,
    passProbability,
    type RepModel,
    type StageModel
} from '../src/generate/mechanism';
import { loadProcessFromSource } from '../src/metadata/loadProcess';

const DEALS = 25_000;
/** Fixed for reproducibility; set STAGEPLAY_STATS_SEED to check that the tolerance holds for other seeds. */
const SEED = Number(global.process.env.STAGEPLAY_STATS_SEED ?? 2026);
/** Tolerance on the log odds ratio: ±0.35, widened to 3.5 standard errors for rare answer classes. */
const TOLERANCE = 0.35;
const TOLERANCE_IN_STANDARD_ERRORS = 3.5;
const MAX_STANDARD_ERROR = 0.15;

type AnswerClass = 'pass' | 'fail' | 'blank';

let salesProcess: ProcessDefinition;
let mechanism: Mechanism;
/** Every generated deal, rebuilt into paths (for the time split). */
let everyPath: DealPath[];
let train: DealPath[];
let holdout: DealPath[];
/** Fitted on the training part, with damping: what is judged on held-out deals. */
let benchmarks: Benchmarks;
/** Fitted on every deal, for the effect estimates: a holdout is not needed there, and more deals mean less noise. */
let allDeals: Benchmarks;

beforeAll(async () => {
    salesProcess = await loadProcessFromSource('force-app/main/default');
    mechanism = describeMechanism(salesProcess);
    // In memory, straight from the generator: the CSV round trip is covered by the generator's tests,
    // and skipping it keeps this test well inside its time budget on a busy machine.
    const { opportunities, stageHistory, fieldHistory } = generatedRows(salesProcess, {
        seed: SEED,
        deals: DEALS
    });
    const paths = buildDealPaths(salesProcess, opportunities, stageHistory, fieldHistory);
    everyPath = paths;
    // Deterministic split by position: creation dates are stratified, so both parts span the two years.
    train = paths.filter((_, i) => i % 10 < 7);
    holdout = paths.filter((_, i) => i % 10 >= 7);
    benchmarks = fitBenchmarks(salesProcess, train, { fittedAt: '2026-11-15T00:00:00.000Z' });
    allDeals = fitBenchmarks(salesProcess, paths, {
        fittedAt: '2026-11-15T00:00:00.000Z',
        fitDamping: false
    });
}, 240_000);

/**
 * When the generator types an answer: at a uniform point between 10% and 90% of the stay, and with
 * `CORRECTION_RATE` first the other way at a uniform 10-90% of that time (src/generate/generateHistory.ts,
 * `fraction` and `CORRECTION_RATE`). Mirrored here to derive what the fit sees halfway through a stay.
 */
const TYPED_FROM = 0.1;
const TYPED_TO = 0.9;
const CORRECTION_RATE = 0.08;
/** Where in the stay the fit reads answers (`midVisitValues`). */
const SEEN_AT = 0.5;

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));

/**
 * Halfway through the stay, for an answer the rep typed: the chance its final value shows already, and
 * the chance an earlier, opposite value (a correction still to come) shows instead. Otherwise the field
 * still holds its unanswered value.
 */
function shownAtMidpoint(): { final: number; corrected: number } {
    const span = TYPED_TO - TYPED_FROM;
    const final = clamp01((SEEN_AT - TYPED_FROM) / span);
    // Typed at u ≥ SEEN_AT; the earlier value was typed at u·w, w uniform on [0.1, 0.9]: shown when u·w < SEEN_AT.
    const from = Math.max(SEEN_AT, TYPED_FROM);
    const steps = 4000;
    const du = (TYPED_TO - from) / steps;
    let corrected = 0;
    for (let i = 0; i < steps; i++) {
        const u = from + (i + 0.5) * du;
        corrected += clamp01((SEEN_AT / u - TYPED_FROM) / span) * (du / span);
    }
    return { final, corrected: CORRECTION_RATE * corrected };
}

/**
 * For one parameter and owner: each way the deal's answer really went (passes, fails, left
 * unanswered), its probability, whether it counts as passing for the odds of advancing, and the
 * classes the fit sees halfway through the stay with their probabilities.
 */
function answerPaths(
    stage: StageModel,
    j: number,
    rep: RepModel
): Array<{ probability: number; passes: boolean; seen: Array<[AnswerClass, number]> }> {
    const parameter = stage.parameters[j];
    const answers = parameter.answers;
    const unansweredClass = evaluateRule(answers.rule, answers.unanswered) as AnswerClass;
    const shown = shownAtMidpoint();
    const typed = (outcome: 'pass' | 'fail'): Array<[AnswerClass, number]> => {
        const other = outcome === 'pass' ? 'fail' : 'pass';
        const canCorrect = other === 'pass' ? answers.canPass : answers.canFail;
        const corrected = canCorrect ? shown.corrected : 0;
        return [
            [outcome, shown.final],
            [other, corrected],
            [unansweredClass, 1 - shown.final - corrected]
        ];
    };
    return [
        { probability: passProbability(parameter, rep), passes: true, seen: typed('pass') },
        {
            probability: (1 - rep.blankRate) * (1 - parameter.passRate),
            passes: false,
            seen: typed(answers.canFail ? 'fail' : 'pass')
        },
        { probability: rep.blankRate, passes: false, seen: [[unansweredClass, 1]] }
    ];
}

function expectedLogOddsRatio(position: number, j: number, reference: AnswerClass): number {
    const stage = mechanism.stages[position];
    const joint = { pass: { won: 0, lost: 0 }, ref: { won: 0, lost: 0 } };
    for (const rep of mechanism.reps) {
        let reach = 1;
        let later = 1;
        for (const other of mechanism.stages) {
            if (other.position < position) reach *= expectedAdvance(other, rep);
            if (other.position > position) later *= expectedAdvance(other, rep);
        }
        for (const { probability, passes, seen } of answerPaths(stage, j, rep)) {
            const advance = expectedAdvance(stage, rep, stage.baseLogit, { index: j, passes });
            for (const [answerClass, shown] of seen) {
                const key = answerClass === 'pass' ? 'pass' : answerClass === reference ? 'ref' : null;
                if (!key) continue;
                const weight = reach * probability * shown;
                joint[key].won += weight * advance * later;
                joint[key].lost += weight * (1 - advance * later);
            }
        }
    }
    return Math.log(joint.pass.won / joint.pass.lost / (joint.ref.won / joint.ref.lost));
}

/**
 * The class of answers a fitted bucket holds, or null when it mixes classes (a numeric bin across the
 * rule's threshold). Unbounded numeric bins are judged at their finite edge: the generator never
 * draws values beyond the rule's far side there.
 */
function bucketClass(rule: Rule, key: string, edges: number[] | null): AnswerClass | null {
    if (key === 'pass' || key === 'fail' || key === 'blank') return key;
    if (key.startsWith('value:')) return evaluateRule(rule, key.slice(6)) as AnswerClass;
    const i = Number(key.slice(4));
    const list = edges as number[];
    const points: number[] = [];
    if (i === 0) points.push(list[0]);
    else if (i === list.length) points.push(list[list.length - 1] + 1e-9);
    else points.push(list[i - 1] + 1e-9, (list[i - 1] + list[i]) / 2, list[i]);
    const outcomes = new Set<RuleOutcome>(points.map((x) => evaluateRule(rule, x)));
    return outcomes.size === 1 ? ([...outcomes][0] as AnswerClass) : null;
}

interface Pooled {
    pass: { won: number; lost: number };
    ref: { won: number; lost: number };
}

function pooledCounts(benchmark: ParameterBenchmark, rule: Rule, reference: AnswerClass): Pooled {
    const pooled: Pooled = { pass: { won: 0, lost: 0 }, ref: { won: 0, lost: 0 } };
    for (const bucket of benchmark.buckets) {
        const answerClass = bucketClass(rule, bucket.key, benchmark.binEdges);
        const key = answerClass === 'pass' ? 'pass' : answerClass === reference ? 'ref' : null;
        if (!key) continue;
        pooled[key].won += bucket.won;
        pooled[key].lost += bucket.lost;
    }
    return pooled;
}

/** Log odds ratio of winning, pass vs reference class, from the fit's bucket counts (with its smoothing of 1). */
function fittedLogOddsRatio(pooled: Pooled): number {
    const odds = (c: { won: number; lost: number }) => (c.won + 1) / (c.lost + 1);
    return Math.log(odds(pooled.pass) / odds(pooled.ref));
}

/** Woolf's standard error of a log odds ratio. */
function standardError(pooled: Pooled): number {
    const cells = [pooled.pass.won, pooled.pass.lost, pooled.ref.won, pooled.ref.lost];
    return Math.sqrt(cells.reduce((sum, n) => sum + 1 / (n + 1), 0));
}

interface Recovery {
    parameter: string;
    stage: string;
    factor: number;
    reference: AnswerClass;
    planted: number;
    expected: number;
    fitted: number;
    standardError: number;
}

function recoveries(): Recovery[] {
    const out: Recovery[] = [];
    for (const stage of mechanism.stages) {
        stage.parameters.forEach((parameter, j) => {
            const name = parameter.answers.parameter.name;
            const benchmark = allDeals.parameters.find(
                (b) => b.stage === stage.stage.name && b.parameter === name
            );
            if (!benchmark) throw new Error(`no benchmark for ${stage.stage.name} / ${name}`);
            const reference: AnswerClass = parameter.answers.canFail ? 'fail' : 'blank';
            const pooled = pooledCounts(benchmark, parameter.answers.rule, reference);
            out.push({
                parameter: name,
                stage: stage.stage.name,
                factor: parameter.factor,
                reference,
                planted: Math.log(parameter.factor),
                expected: expectedLogOddsRatio(stage.position, j, reference),
                fitted: fittedLogOddsRatio(pooled),
                standardError: standardError(pooled)
            });
        });
    }
    return out;
}

const toleranceFor = (r: Recovery) => Math.max(TOLERANCE, TOLERANCE_IN_STANDARD_ERRORS * r.standardError);

const describeRow = (r: Recovery) =>
    `${r.stage} / ${r.parameter}: factor ${r.factor} (ln ${r.planted.toFixed(2)}), pass vs ${r.reference}: ` +
    `expected ${r.expected.toFixed(3)}, fitted ${r.fitted.toFixed(3)} ± ${r.standardError.toFixed(3)}`;

describe('fit on generated history', () => {
    let table: Recovery[];

    beforeAll(() => {
        table = recoveries();
    });

    it('has enough deals that every estimate is precise (standard error below 0.15)', () => {
        expect(table).toHaveLength(salesProcess.parameters.length);
        expect(table.filter((r) => r.standardError > MAX_STANDARD_ERROR).map(describeRow)).toEqual([]);
    });

    it('recovers each effect at its own stage within ±0.35 (or 3.5 standard errors) of what the mechanism implies', () => {
        const misses = table.filter((r) => Math.abs(r.fitted - r.expected) > toleranceFor(r));
        expect(misses.map(describeRow)).toEqual([]);
    });

    it('tells planted effects from non-effects', () => {
        // Factor 1 and an answer independent of the owner's blank rate: exactly 0 expected.
        const nulls = table.filter(
            (r) => r.factor === 1 && r.reference === 'fail' && Math.abs(r.expected) < 1e-9
        );
        expect(nulls.length).toBeGreaterThanOrEqual(1);
        for (const r of nulls) expect(Math.abs(r.fitted)).toBeLessThan(TOLERANCE);
        // Every strong effect stands above every parameter that does nothing (compared pass vs fail).
        const strong = table.filter((r) => r.factor >= 2 && r.reference === 'fail');
        const noEffect = table.filter((r) => r.factor === 1 && r.reference === 'fail');
        expect(strong.length).toBeGreaterThanOrEqual(2);
        const weakestStrong = Math.min(...strong.map((r) => r.fitted));
        const strongestNull = Math.max(...noEffect.map((r) => r.fitted));
        expect(weakestStrong).toBeGreaterThan(strongestNull);
        // The strongest planted effect is also the strongest found.
        const byPlanted = [...table].sort((a, b) => b.planted - a.planted);
        const byFitted = [...table].sort((a, b) => b.fitted - a.fitted);
        expect(byFitted[0].parameter).toBe(byPlanted[0].parameter);
    });

    it('finds the stage the generator made over-stated', () => {
        const discovery = benchmarks.stages.find((s) => s.stage === 'Discovery')!;
        expect(discovery.nominal).toBe(0.2);
        expect(discovery.wilsonHigh!).toBeLessThan(0.2);
    });

    it('beats the nominal stage probability on held-out deals (Brier score)', () => {
        const adjusted = calibrate(salesProcess, benchmarks, holdout);
        // The same benchmarks without parameter evidence: the history-calibrated stage rate alone.
        const stageOnly = calibrate(salesProcess, { ...benchmarks, parameters: [] }, holdout);
        expect(adjusted.deals).toBeGreaterThan(DEALS * 0.25);
        // Calibrating stage rates helps, and the planted parameters help beyond that.
        expect(stageOnly.brierAdjusted!).toBeLessThan(adjusted.brierNominal!);
        expect(adjusted.brierAdjusted!).toBeLessThan(stageOnly.brierAdjusted!);
    });
});

/** The generator's history for the shipped process, in memory. */
function generated(seed: number, deals: number, effects?: Record<string, number>) {
    return generatedRows(salesProcess, { seed, deals, effects });
}

describe('strength chosen on time, planted effects', () => {
    it('keeps the parameters: newer deals, scored by fits on older ones, are predicted better than by the stage win rate', () => {
        const fitted = fitBenchmarks(salesProcess, everyPath, { fittedAt: 'x' });
        expect(fitted.parameterCheck?.verdict).toBe('parametersHelp');
        expect(fitted.parameterCheck!.improvementLow!).toBeGreaterThan(0);
        expect(fitted.damping).toBeGreaterThan(0);
        // Only credible answers move the odds, and the strongest planted effect is among them.
        const documents = fitted.parameters.find(
            (p) => p.parameter === 'Documents_Signed' && p.stage === 'Negotiate and Close'
        );
        expect(documents?.buckets.some((b) => b.credible === true && (b.shrunkRatio ?? 1) > 1)).toBe(true);
    });
});

describe('history with no parameter effects', () => {
    /** Every planted factor 1: answers do not change the odds of advancing (the generator's own switch). */
    let nullProcessEffects: Record<string, number>;
    let paths: DealPath[];
    let dataset: Parameters<typeof reconcile>[0];

    beforeAll(() => {
        nullProcessEffects = Object.fromEntries(salesProcess.parameters.map((p) => [p.name, 1]));
        const history = generated(SEED, 4000, nullProcessEffects);
        paths = buildDealPaths(
            salesProcess,
            history.opportunities,
            history.stageHistory,
            history.fieldHistory
        );
        dataset = {
            process: salesProcess,
            ...history,
            stageHistory: StageHistoryTable.fromRows(history.stageHistory),
            fieldHistory: FieldHistoryTable.fromRows(history.fieldHistory),
            users: [],
            accounts: [],
            problems: [],
            quality: inMemoryQuality()
        };
    }, 60_000);

    it('chooses strength 0: the stage win rate stands and no answer moves the odds', () => {
        const fitted = fitBenchmarks(salesProcess, paths, { fittedAt: 'x' });
        expect(fitted.parameterCheck?.verdict).not.toBe('parametersHelp');
        expect(fitted.damping).toBe(0);
        for (const deal of pipelineAsOf(paths, DEFAULT_TODAY).filter((d) => !d.isClosed)) {
            const score = scoreDeal(salesProcess, fitted, {
                stageName: deal.stageName,
                probability: deal.probability,
                isClosed: false,
                isWon: false,
                fields: deal.values
            });
            expect(score.factors).toEqual([]);
            expect(score.adjusted).toBe(score.baseline);
            expect(score.parametersNotPredictive).toBe(true);
        }
        expect(benchmarkSummaryLines(salesProcess, fitted).join('\n')).toContain(
            "Your parameters don't yet predict outcomes beyond the stage win rate"
        );
    });

    it('shows parameters adding nothing on the time split, and the report says so', () => {
        const rec = reconcile(dataset, {
            spec: { unit: 'quarter', fiscalYearStartMonth: 1 },
            asOf: DEFAULT_TODAY,
            weeksOut: [4],
            pastPeriods: 1
        });
        const split = rec.accuracy.timeSplit!;
        expect(split.scored).toBeGreaterThan(100);
        const [low, high] = split.adjustedMinusStageWinRate95!;
        expect(low).toBeLessThanOrEqual(0);
        expect(high).toBeGreaterThanOrEqual(0);
        expect(split.verdict).toBe('noBetterThanStageWinRate');
        const says = "Your parameters don't yet predict outcomes beyond the stage win rate";
        expect(renderReportHtml(rec)).toContain(says.replace("'", '&#39;'));
        expect(reconciliationSummaryLines(rec).join('\n')).toContain(says);
        // No open deal's adjusted probability moves away from its stage win rate.
        expect(
            rec.deals.every(
                (d) =>
                    d.adjustedProbability === rec.benchmarks.stages.find((s) => s.stage === d.stage)?.winRate
            )
        ).toBe(true);
    }, 120_000);
});

describe('thin history', () => {
    it('with 65 closed deals calls an answer credible only when its interval excludes ×1, and moves no odds', () => {
        const history = generated(7, 200);
        const all = buildDealPaths(
            salesProcess,
            history.opportunities,
            history.stageHistory,
            history.fieldHistory
        );
        const closed = all.filter((p) => p.outcome !== 'open').slice(0, 65);
        expect(closed).toHaveLength(65);
        const fitted = fitBenchmarks(salesProcess, closed, { fittedAt: 'x' });
        for (const bucket of fitted.parameters.flatMap((p) => p.buckets)) {
            const excludesOne =
                bucket.ratioLow !== null &&
                bucket.ratioLow !== undefined &&
                (bucket.ratioLow > 1 || bucket.ratioHigh! < 1);
            expect(bucket.credible).toBe(excludesOne);
            // A bucket nobody answered has no ratio to show.
            if (bucket.won + bucket.lost === 0)
                expect(bucket).toMatchObject({ likelihoodRatio: 1, credible: false });
        }
        // Too few newer deals to show the parameters beat the stage win rate: they move nothing.
        expect(fitted.parameterCheck?.verdict).not.toBe('parametersHelp');
        expect(fitted.damping).toBe(0);
    });
});
