/**
 * Learns benchmarks from closed deals: how often deals that reached each stage were won, and how each
 * parameter's answer (as it stood when the deal left the stage) shifted the odds. Every number keeps
 * the counts it came from, so the page can show them instead of asking to be trusted.
 */
import { daysBetween } from './periods';
import { evaluateRule, formatNumber, isBlank, parseRule } from './rules';
import {
    betaShrink,
    logit,
    median,
    percentile,
    quantiles,
    sigmoid,
    stableFraction,
    wilsonInterval
} from './stats';
import type {
    Benchmarks,
    BucketEvidence,
    DealPath,
    FieldInfo,
    FieldType,
    FieldValue,
    FitOptions,
    ParameterBenchmark,
    ParameterDefinition,
    ProcessDefinition,
    Rule,
    StageBenchmark,
    StageDefinition,
    StageVisit
} from './types';

type ResolvedOptions = Required<Omit<FitOptions, 'fittedAt'>>;

const DEFAULTS: ResolvedOptions = {
    priorStrength: 10,
    smoothing: 1,
    minDeals: 30,
    numericBins: 4,
    fitDamping: true
};

/** Share of closed deals held out to fit the damping. */
const HOLDOUT_SHARE = 0.25;
const DAMPING_GRID = [1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3, 0.2, 0.1];
const NUMERIC_TYPES: ReadonlySet<FieldType> = new Set<FieldType>(['number', 'currency', 'percent']);

/** The external id of a benchmark row: `<stage>|*` for a stage, `<stage>|<parameter>` for a parameter. */
export function benchmarkKey(stage: string, parameter?: string | null): string {
    return `${stage}|${parameter ?? '*'}`;
}

const ruleCache = new Map<string, Rule>();

/**
 * The parsed rule of a parameter. Scoring and fitting evaluate the same handful of rules millions of
 * times, so parses are memoised by text (parsing is pure; a rule that fails to parse is not cached and
 * throws every time).
 */
export function ruleOf(parameter: ParameterDefinition): Rule {
    const cached = ruleCache.get(parameter.rule);
    if (cached) return cached;
    const rule = parseRule(parameter.rule, parameterWhere(parameter));
    if (ruleCache.size > 1000) ruleCache.clear();
    ruleCache.set(parameter.rule, rule);
    return rule;
}

/** Names the custom metadata record a parameter comes from, for error messages. */
export function parameterWhere(parameter: ParameterDefinition): string {
    return `Play_Parameter__mdt.${parameter.name}`;
}

/** Stages in process order (`sortOrder`, then input order). */
export function orderedStages(process: ProcessDefinition): StageDefinition[] {
    return process.stages
        .map((stage, index) => ({ stage, index }))
        .sort((a, b) => a.stage.sortOrder - b.stage.sortOrder || a.index - b.index)
        .map(({ stage }) => stage);
}

/**
 * Parameters in the order a rep meets them: by stage order, then play order, then parameter order.
 * Parameters of a stage the org does not define are left out (`validate` reports them).
 */
export function orderedParameters(process: ProcessDefinition): ParameterDefinition[] {
    const stageOrder = new Map(orderedStages(process).map((stage, index) => [stage.name, index]));
    const playOrder = new Map(process.plays.map((play) => [play.name, play.order]));
    return process.parameters
        .filter((parameter) => stageOrder.has(parameter.stage))
        .map((parameter, index) => ({ parameter, index }))
        .sort(
            (a, b) =>
                (stageOrder.get(a.parameter.stage) as number) -
                    (stageOrder.get(b.parameter.stage) as number) ||
                (playOrder.get(a.parameter.play) ?? 0) - (playOrder.get(b.parameter.play) ?? 0) ||
                a.parameter.order - b.parameter.order ||
                a.index - b.index
        )
        .map(({ parameter }) => parameter);
}

/** The parameters that bear on a deal in `stage`: that stage's and every earlier stage's, in process order. */
export function parametersThrough(process: ProcessDefinition, stage: string): ParameterDefinition[] {
    const target = process.stages.find((s) => s.name === stage);
    if (!target) return [];
    const sortOrder = new Map(process.stages.map((s) => [s.name, s.sortOrder]));
    return orderedParameters(process).filter(
        (parameter) => (sortOrder.get(parameter.stage) as number) <= target.sortOrder
    );
}

/** The deal's last visit to a stage (the one whose exit values count), or null if it never got there. */
export function lastVisitTo(path: DealPath, stage: string): StageVisit | null {
    for (let i = path.visits.length - 1; i >= 0; i--) {
        if (path.visits[i].stage === stage) return path.visits[i];
    }
    return null;
}

/** A parameter's value when the deal left a visit; falls back on the deal's current value if the visit lacks it. */
export function visitValue(path: DealPath, visit: StageVisit, field: string): FieldValue {
    if (Object.prototype.hasOwnProperty.call(visit.values, field)) return visit.values[field] ?? null;
    return path.deal.fields?.[field] ?? null;
}

function statusFor(count: number, minDeals: number): StageBenchmark['status'] {
    if (count === 0) return 'none';
    return count < minDeals ? 'thin' : 'ok';
}

function toNumeric(value: FieldValue): number | null {
    if (typeof value === 'number') return Number.isFinite(value) ? value : null;
    if (typeof value === 'string' && value.trim() !== '') {
        const number = Number(value.trim());
        return Number.isFinite(number) ? number : null;
    }
    return null;
}

function resolve(options: FitOptions | undefined): ResolvedOptions {
    const resolved = { ...DEFAULTS };
    for (const key of Object.keys(DEFAULTS) as Array<keyof ResolvedOptions>) {
        const value = options?.[key];
        if (value !== undefined) (resolved as Record<string, number | boolean>)[key] = value;
    }
    return resolved;
}

/**
 * Win rates per open stage over the closed deals given: the cohort is every closed deal that entered
 * the stage at least once (what a nominal stage probability claims to be: P(win | reached S)).
 */
export function fitStageBenchmarks(
    process: ProcessDefinition,
    paths: readonly DealPath[],
    options?: FitOptions
): StageBenchmark[] {
    const opts = resolve(options);
    const closed = paths.filter((path) => path.outcome !== 'open');
    return orderedStages(process)
        .filter((stage) => !stage.isClosed)
        .map((stage) => {
            let won = 0;
            let lost = 0;
            const days: number[] = [];
            for (const path of closed) {
                let reached = false;
                for (const visit of path.visits) {
                    if (visit.stage !== stage.name) continue;
                    reached = true;
                    if (path.outcome === 'won' && visit.exitedAt)
                        days.push(daysBetween(visit.enteredAt, visit.exitedAt));
                }
                if (!reached) continue;
                if (path.outcome === 'won') won++;
                else lost++;
            }
            const reached = won + lost;
            const interval = wilsonInterval(won, reached);
            return {
                stage: stage.name,
                nominal: stage.probability,
                reached,
                won,
                lost,
                observedWinRate: reached > 0 ? won / reached : null,
                wilsonLow: interval ? interval.low : null,
                wilsonHigh: interval ? interval.high : null,
                winRate: betaShrink(won, reached, stage.probability, opts.priorStrength),
                medianDaysInStage: median(days),
                p90DaysInStage: percentile(days, 0.9),
                status: statusFor(reached, opts.minDeals)
            };
        });
}

/** How a parameter's answers are grouped into buckets. */
type BucketMode = 'numeric' | 'picklist' | 'rule';

function modeFor(fieldInfo: FieldInfo | null | undefined): BucketMode {
    if (fieldInfo && NUMERIC_TYPES.has(fieldInfo.type)) return 'numeric';
    if (fieldInfo && fieldInfo.type === 'picklist') return 'picklist';
    return 'rule';
}

function binIndex(value: number, edges: readonly number[]): number {
    for (let i = 0; i < edges.length; i++) if (value <= edges[i]) return i;
    return edges.length;
}

function binLabel(index: number, edges: readonly number[]): string {
    if (edges.length === 0) return 'Any value';
    if (index === 0) return `≤ ${formatNumber(edges[0])}`;
    if (index === edges.length) return `> ${formatNumber(edges[edges.length - 1])}`;
    return `${formatNumber(edges[index - 1])} – ${formatNumber(edges[index])}`;
}

const BLANK_LABEL = 'Blank';
const RULE_LABELS: Record<string, string> = { pass: 'Passes rule', fail: 'Fails rule', blank: BLANK_LABEL };

/** The bucket key an answer falls in, given how the parameter is bucketed; null when no bucket fits. */
function keyFor(
    mode: BucketMode,
    rule: Rule,
    value: FieldValue,
    edges: readonly number[] | null,
    picklistKeys: ReadonlyMap<string, string>
): string | null {
    if (mode === 'numeric') {
        const number = toNumeric(value);
        return number === null ? 'blank' : `bin:${binIndex(number, edges ?? [])}`;
    }
    if (mode === 'picklist') {
        if (isBlank(value)) return 'blank';
        return picklistKeys.get(String(value).trim().toLowerCase()) ?? null;
    }
    return evaluateRule(rule, value);
}

function picklistKeyIndex(keys: readonly string[]): Map<string, string> {
    const index = new Map<string, string>();
    for (const key of keys) if (key.startsWith('value:')) index.set(key.slice(6).toLowerCase(), key);
    return index;
}

/**
 * The bucket an answer falls in for a fitted parameter benchmark, with its counts and likelihood
 * ratio; null without a benchmark or when the answer matches no bucket (a picklist value history has
 * never seen and the field does not declare). Numeric answers are placed by the benchmark's own bin
 * edges; a non-numeric answer to a numeric field counts as blank.
 *
 * @throws RuleError when the parameter's rule does not parse.
 */
export function bucketOf(
    parameter: ParameterDefinition,
    fieldInfo: FieldInfo | null | undefined,
    value: FieldValue,
    benchmark: ParameterBenchmark | null | undefined
): BucketEvidence | null {
    if (!benchmark) return null;
    const mode: BucketMode =
        benchmark.binEdges !== null
            ? 'numeric'
            : benchmark.buckets.some((bucket) => bucket.key.startsWith('value:'))
              ? 'picklist'
              : modeFor(fieldInfo) === 'picklist'
                ? 'picklist'
                : 'rule';
    const rule = ruleOf(parameter);
    const keys = benchmark.buckets.map((bucket) => bucket.key);
    const key = keyFor(mode, rule, value, benchmark.binEdges, picklistKeyIndex(keys));
    return benchmark.buckets.find((bucket) => bucket.key === key) ?? null;
}

interface Observation {
    value: FieldValue;
    won: boolean;
}

function fitParameter(
    stage: string,
    parameter: ParameterDefinition,
    fieldInfo: FieldInfo | undefined,
    rule: Rule,
    observations: readonly Observation[],
    opts: ResolvedOptions
): ParameterBenchmark {
    const mode = modeFor(fieldInfo);
    let edges: number[] | null = null;
    const buckets: Array<{ key: string; label: string }> = [];
    if (mode === 'numeric') {
        const numbers = observations.map((o) => toNumeric(o.value)).filter((n): n is number => n !== null);
        edges = quantiles(numbers, opts.numericBins);
        for (let i = 0; i <= edges.length; i++) buckets.push({ key: `bin:${i}`, label: binLabel(i, edges) });
    } else if (mode === 'picklist') {
        const seen = new Map<string, string>();
        for (const declared of fieldInfo?.picklistValues ?? []) {
            if (!seen.has(declared.toLowerCase())) seen.set(declared.toLowerCase(), declared);
        }
        const undeclared = new Map<string, string>();
        for (const { value } of observations) {
            if (isBlank(value)) continue;
            const text = String(value).trim();
            if (!seen.has(text.toLowerCase()) && !undeclared.has(text.toLowerCase())) {
                undeclared.set(text.toLowerCase(), text);
            }
        }
        const extra = [...undeclared.values()].sort();
        for (const value of [...seen.values(), ...extra])
            buckets.push({ key: `value:${value}`, label: value });
    } else {
        buckets.push({ key: 'pass', label: RULE_LABELS.pass }, { key: 'fail', label: RULE_LABELS.fail });
    }
    buckets.push({ key: 'blank', label: BLANK_LABEL });

    const picklistKeys = picklistKeyIndex(buckets.map((b) => b.key));
    const counts = new Map(buckets.map((b) => [b.key, { won: 0, lost: 0 }]));
    let won = 0;
    let lost = 0;
    for (const observation of observations) {
        if (observation.won) won++;
        else lost++;
        const key = keyFor(mode, rule, observation.value, edges, picklistKeys);
        const count = key === null ? undefined : counts.get(key);
        if (!count) continue;
        if (observation.won) count.won++;
        else count.lost++;
    }

    const a = opts.smoothing;
    const bucketCount = buckets.length;
    return {
        stage,
        parameter: parameter.name,
        field: parameter.field,
        won,
        lost,
        buckets: buckets.map(({ key, label }) => {
            const count = counts.get(key) as { won: number; lost: number };
            const likelihoodRatio =
                (count.won + a) / (won + a * bucketCount) / ((count.lost + a) / (lost + a * bucketCount));
            return {
                key,
                label,
                won: count.won,
                lost: count.lost,
                likelihoodRatio,
                logLikelihoodRatio: Math.log(likelihoodRatio)
            };
        }),
        binEdges: edges,
        status: statusFor(won + lost, opts.minDeals)
    };
}

function parseRules(process: ProcessDefinition): Map<string, Rule> {
    const rules = new Map<string, Rule>();
    for (const parameter of process.parameters) rules.set(parameter.name, ruleOf(parameter));
    return rules;
}

function fitParameterBenchmarks(
    process: ProcessDefinition,
    closed: readonly DealPath[],
    rules: ReadonlyMap<string, Rule>,
    opts: ResolvedOptions
): ParameterBenchmark[] {
    const out: ParameterBenchmark[] = [];
    for (const stage of orderedStages(process)) {
        if (stage.isClosed) continue;
        const parameters = parametersThrough(process, stage.name);
        if (parameters.length === 0) continue;
        const exits: Array<{ path: DealPath; visit: StageVisit }> = [];
        for (const path of closed) {
            const visit = lastVisitTo(path, stage.name);
            if (visit) exits.push({ path, visit });
        }
        for (const parameter of parameters) {
            const observations = exits.map(({ path, visit }) => ({
                value: visitValue(path, visit, parameter.field),
                won: path.outcome === 'won'
            }));
            out.push(
                fitParameter(
                    stage.name,
                    parameter,
                    process.fields[parameter.field],
                    rules.get(parameter.name) as Rule,
                    observations,
                    opts
                )
            );
        }
    }
    return out;
}

/** Index of parameter benchmarks by `benchmarkKey(stage, parameter)`. */
export function parameterBenchmarkIndex(benchmarks: Benchmarks | null): Map<string, ParameterBenchmark> {
    return new Map((benchmarks?.parameters ?? []).map((pb) => [benchmarkKey(pb.stage, pb.parameter), pb]));
}

/**
 * The summed log likelihood ratio of a deal's answers at a stage, over parameter benchmarks that have
 * any evidence: the undamped evidence term of the adjusted log-odds.
 */
export function evidenceAt(
    process: ProcessDefinition,
    stage: string,
    values: (field: string) => FieldValue,
    index: ReadonlyMap<string, ParameterBenchmark>,
    parameters: readonly ParameterDefinition[] = parametersThrough(process, stage)
): number {
    let sum = 0;
    for (const parameter of parameters) {
        const benchmark = index.get(benchmarkKey(stage, parameter.name));
        if (!benchmark || benchmark.status === 'none') continue;
        const bucket = bucketOf(
            parameter,
            process.fields[parameter.field],
            values(parameter.field),
            benchmark
        );
        if (bucket) sum += bucket.logLikelihoodRatio;
    }
    return sum;
}

/**
 * Chooses the damping on held-out deals. Summed log likelihood ratios over-count when answers are
 * correlated (a deal with a sponsor usually has a budget too); scaling the sum by d < 1 corrects that.
 * Ties go to the larger d: with no signal either way, show the evidence as it is.
 */
function fitDamping(process: ProcessDefinition, closed: readonly DealPath[], opts: ResolvedOptions): number {
    const holdout: DealPath[] = [];
    const train: DealPath[] = [];
    for (const path of closed) {
        (stableFraction(`holdout|${path.deal.id}`) < HOLDOUT_SHARE ? holdout : train).push(path);
    }
    if (holdout.length === 0 || train.length === 0) return 1;

    const rules = parseRules(process);
    const stageFit = new Map(fitStageBenchmarks(process, train, opts).map((s) => [s.stage, s]));
    const index = parameterBenchmarkIndex({
        fittedAt: '',
        dealCount: train.length,
        damping: 1,
        stages: [],
        parameters: fitParameterBenchmarks(process, train, rules, opts)
    });

    const openStages = orderedStages(process)
        .filter((stage) => !stage.isClosed)
        .map((stage) => ({ stage, parameters: parametersThrough(process, stage.name) }));
    const examples: Array<{ base: number; evidence: number; outcome: number }> = [];
    for (const path of holdout) {
        for (const { stage, parameters } of openStages) {
            const visit = lastVisitTo(path, stage.name);
            const benchmark = stageFit.get(stage.name);
            if (!visit || !benchmark) continue;
            examples.push({
                base: logit(benchmark.winRate),
                evidence: evidenceAt(
                    process,
                    stage.name,
                    (field) => visitValue(path, visit, field),
                    index,
                    parameters
                ),
                outcome: path.outcome === 'won' ? 1 : 0
            });
        }
    }
    if (examples.length === 0) return 1;

    let best = 1;
    let bestLoss = Infinity;
    for (const d of DAMPING_GRID) {
        let loss = 0;
        for (const { base, evidence, outcome } of examples) {
            const p = Math.min(1 - 1e-9, Math.max(1e-9, sigmoid(base + d * evidence)));
            loss -= outcome === 1 ? Math.log(p) : Math.log(1 - p);
        }
        loss /= examples.length;
        // A relative tolerance keeps float noise from breaking ties toward a smaller d.
        if (bestLoss === Infinity || loss < bestLoss - 1e-12 * Math.max(1, Math.abs(bestLoss))) {
            best = d;
            bestLoss = loss;
        }
    }
    return best;
}

/**
 * Fits benchmarks from the closed deals among `paths` (open deals are ignored: their outcome is not
 * known). Stage win rates are shrunk toward the configured probabilities; parameter evidence is
 * counted per stage over that stage's and every earlier stage's parameters; the damping is fitted on
 * a deterministic quarter of the deals held out, then everything is refitted on all of them.
 *
 * @throws RuleError when a parameter's rule does not parse (naming the `Play_Parameter__mdt` record).
 */
export function fitBenchmarks(
    process: ProcessDefinition,
    paths: readonly DealPath[],
    options?: FitOptions
): Benchmarks {
    const opts = resolve(options);
    const closed = paths.filter((path) => path.outcome !== 'open');
    const rules = parseRules(process);
    const damping = opts.fitDamping ? fitDamping(process, closed, opts) : 1;
    return {
        fittedAt: options?.fittedAt ?? new Date().toISOString(),
        dealCount: closed.length,
        damping,
        stages: fitStageBenchmarks(process, closed, opts),
        parameters: fitParameterBenchmarks(process, closed, rules, opts)
    };
}
