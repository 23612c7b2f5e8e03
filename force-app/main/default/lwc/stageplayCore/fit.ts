/**
 * Learns benchmarks from closed deals: how often deals that reached each stage were won, and how each
 * parameter's answer (as it stood halfway through the deal's stay in the stage: what an open deal
 * there shows on a typical day) shifted the odds. Every number keeps the counts it came from, so the
 * page can show them instead of asking to be trusted.
 */
import {
    fieldKey,
    fieldReader,
    hasFieldHistory,
    indexedVisitMidpoint,
    pathTimes,
    valuesAtInstant,
    visitMidpoint,
    visitMidpoints
} from './history';
import type { FieldKey, FieldReader } from './history';
import { grownTo, sharedArray } from './historyTable';
import { MS_PER_DAY } from './periods';
import { evaluateRule, formatNumber, isBlank, parseRule } from './rules';
import {
    betaShrink,
    bootstrapMeanInterval,
    firstIndex,
    groupsInTextOrder,
    logit,
    medianAndPercentile,
    oddsRatioInterval,
    percentileByRank,
    quantiles,
    quantilesByRank,
    shrinkLogRatio,
    sigmoid,
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
    ParameterCheck,
    ParameterDefinition,
    ProcessDefinition,
    Rule,
    RuleOutcome,
    StageBenchmark,
    StageDefinition,
    StageVisit
} from './types';

type ResolvedOptions = Required<Omit<FitOptions, 'fittedAt'>>;

const DEFAULTS: ResolvedOptions = {
    priorStrength: 10,
    smoothing: 1,
    minDeals: 30,
    minHistory: 30,
    numericBins: 4,
    fitDamping: true
};

/**
 * Where the strength check cuts the closed deals (by close time): each chunk between two cuts, and the
 * last one up to the newest deal, is scored by benchmarks fitted on every deal before it. The newest
 * 45% are scored in three chunks, each by a fit that never saw it (rolling origin).
 */
export const CHECK_CUTS: readonly number[] = [0.55, 0.7, 0.85];
/** Strengths tried, 0 (parameters ignored: the stage win rate stands) included. */
export const STRENGTH_GRID: readonly number[] = [0, 0.25, 0.5, 0.75, 1];
/** Closed deals needed before any benchmark is used, unless `FitOptions.minHistory` says otherwise. */
export const MIN_HISTORY_DEALS = DEFAULTS.minHistory;
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
    const index = lastVisitIndex(path, stage);
    return index >= 0 ? path.visits[index] : null;
}

/** Index in `path.visits` of the deal's last visit to a stage, -1 when it never entered it. */
function lastVisitIndex(path: DealPath, stage: string): number {
    for (let i = path.visits.length - 1; i >= 0; i--) {
        if (path.visits[i].stage === stage) return i;
    }
    return -1;
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
    const plan = fitPlan(process);
    const table = closedTable(plan, paths);
    return stageBenchmarksOf(plan, table.columns, table.rows, resolve(options));
}

/** The quantile of a stage's won stays that `p90DaysInStage` reports. */
const P90 = 0.9;

/** `fitStageBenchmarks` over the rows of `columns` listed in `rows`, in that order. */
function stageBenchmarksOf(
    plan: FitPlan,
    columns: FitColumns,
    rows: ArrayLike<number>,
    opts: ResolvedOptions
): StageBenchmark[] {
    const stageCount = plan.stages.length;
    const { won: wonColumn, dayStarts, days: dayColumn } = columns;
    return plan.stages.map(({ stage }, s) => {
        const visits = columns.visits[s];
        let won = 0;
        let lost = 0;
        const days: number[] = [];
        for (let k = 0; k < rows.length; k++) {
            const row = rows[k];
            if (visits[row] < 0) continue;
            if (wonColumn[row] === 1) {
                won++;
                const end = dayStarts[row * stageCount + s + 1];
                for (let d = dayStarts[row * stageCount + s]; d < end; d++) days.push(dayColumn[d]);
            } else lost++;
        }
        const [medianDays, p90Days] = medianAndPercentile(days, P90);
        return stageBenchmarkFrom(stage, won, lost, medianDays, p90Days, opts);
    });
}

/** A stage's benchmark from its counts and its won stays' median and 90th percentile of days. */
function stageBenchmarkFrom(
    stage: StageDefinition,
    won: number,
    lost: number,
    medianDays: number | null,
    p90Days: number | null,
    opts: ResolvedOptions
): StageBenchmark {
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
        medianDaysInStage: medianDays,
        p90DaysInStage: p90Days,
        status: statusFor(reached, opts.minDeals)
    };
}

/**
 * What the fits read of each closed deal, laid out for one process: the open stages in order and, per
 * stage, the fields of the parameters that bear on it (`parametersThrough`). Answer slot `offsets[s] + j`
 * holds the answer to stage s's j-th parameter as it stood halfway through the deal's last visit there
 * (`valueSeen`); `width` slots in all. One layout per distinct list of stages and fields, so process
 * objects that describe the same ones share the deals' columns.
 */
interface CellLayout {
    stages: readonly string[];
    keys: ReadonlyArray<readonly FieldKey[]>;
    offsets: readonly number[];
    width: number;
}

const cellLayouts = new Map<string, CellLayout>();
/** Hand-built processes may be many (tests): the layouts are bounded like the rule cache. */
const CELL_LAYOUT_LIMIT = 1000;

function cellLayoutOf(stages: readonly string[], fields: ReadonlyArray<readonly string[]>): CellLayout {
    const id = JSON.stringify([stages, fields]);
    let layout = cellLayouts.get(id);
    if (!layout) {
        const offsets: number[] = [];
        let width = 0;
        for (const list of fields) {
            offsets.push(width);
            width += list.length;
        }
        layout = { stages: [...stages], keys: fields.map((list) => list.map(fieldKey)), offsets, width };
        if (cellLayouts.size >= CELL_LAYOUT_LIMIT) cellLayouts.clear();
        cellLayouts.set(id, layout);
    }
    return layout;
}

/** A process's open stages, each with the parameters that bear on it, and the layout of the deals' columns. */
interface FitPlan {
    stages: ReadonlyArray<{ stage: StageDefinition; parameters: readonly ParameterDefinition[] }>;
    layout: CellLayout;
}

function fitPlan(process: ProcessDefinition): FitPlan {
    const stages = orderedStages(process)
        .filter((stage) => !stage.isClosed)
        .map((stage) => ({ stage, parameters: parametersThrough(process, stage.name) }));
    const layout = cellLayoutOf(
        stages.map(({ stage }) => stage.name),
        stages.map(({ parameters }) => parameters.map((parameter) => parameter.field))
    );
    return { stages, layout };
}

/**
 * What a fit reads of one answer slot's distinct answers: a deal's code in the slot's column is an index
 * into `values`, and into `numbers` (the answer as `toNumeric` reads it, NaN for none).
 */
interface AnswerValues {
    values: readonly FieldValue[];
    numbers: ArrayLike<number>;
}

/**
 * One answer slot's distinct answers as the rows are read (`AnswerValues`, and how to find an answer's
 * code). Answers are told apart as `Object.is` does (-0 apart from 0: a bin edge is the one the deals
 * gave; NaN one answer), strings by value (the fits bucket equal answers alike). `negativeZero` is -0's
 * code, -1 until one is seen (a `Map` holds -0 and 0 as one key).
 */
interface AnswerTable extends AnswerValues {
    values: FieldValue[];
    numbers: number[];
    codes: Map<FieldValue, number>;
    negativeZero: number;
}

/**
 * What every fit reads of the closed deals' rows (`ClosedColumns` describes them): the outcome, the last
 * visit per open stage, won stays' days and the answer codes with their slots' answers. Only this
 * crosses to a fit worker (`ShippedRows`), so a fit on another thread counts over the same columns.
 */
interface FitColumns {
    won: Uint8Array;
    visits: Int32Array[];
    dayStarts: Int32Array;
    days: Float64Array;
    answers: Array<Uint16Array | Int32Array>;
    tables: readonly AnswerValues[];
}

/**
 * Every fit of a run (the full one, the strength check's three, one per time-split cut-off, the
 * calibration's) reads the same closed deals' answers at the same midpoints, so each deal is read once
 * into one row of columns (`closedRows`), which every fit counts in tight loops over typed arrays instead of
 * chasing an array per deal through a large heap (at 1M deals that chase was the fit's main cost, and
 * the arrays about 1 KB per deal). Per row: `won` (1 won, 0 lost); per open stage s, `visits[s]` the index
 * of the deal's last visit to it (-1: never entered; the row's answers for that stage are then not read);
 * for a won deal, the days each visit it left there lasted, in visit order, at
 * `days[dayStarts[row * S + s] .. dayStarts[row * S + s + 1])` (S open stages); per answer slot, the
 * answer's code in `answers[slot]` (`Uint16Array` until the slot's `tables[slot]` holds more than 65,536
 * answers, then `Int32Array`). Only the first `size` rows are written; capacities grow by doubling.
 */
interface ClosedColumns extends FitColumns {
    layout: CellLayout;
    size: number;
    capacity: number;
    dayCount: number;
    tables: AnswerTable[];
}

const UINT16_CODES = 65_536;

/**
 * The columns live in shared memory where the runtime has it, so that `ClosedRows.ship` hands the fit
 * threads these very columns rather than a copy of them (37 MB at 300,000 deals).
 */
function closedColumns(layout: CellLayout, capacity: number): ClosedColumns {
    const stageCount = layout.stages.length;
    const tables: AnswerTable[] = [];
    const answers: Array<Uint16Array | Int32Array> = [];
    for (let slot = 0; slot < layout.width; slot++) {
        tables.push({ values: [], numbers: [], codes: new Map(), negativeZero: -1 });
        answers.push(sharedArray(Uint16Array, capacity));
    }
    return {
        layout,
        size: 0,
        capacity,
        won: sharedArray(Uint8Array, capacity),
        visits: layout.stages.map(() => sharedArray(Int32Array, capacity)),
        dayStarts: sharedArray(Int32Array, capacity * stageCount + 1),
        days: sharedArray(Float64Array, Math.max(16, capacity)),
        dayCount: 0,
        answers,
        tables
    };
}

function growRows(columns: ClosedColumns): void {
    const capacity = Math.max(16, columns.capacity * 2);
    columns.won = grownTo(columns.won, capacity);
    columns.visits = columns.visits.map((column) => grownTo(column, capacity));
    columns.dayStarts = grownTo(columns.dayStarts, capacity * columns.layout.stages.length + 1);
    columns.answers = columns.answers.map((column) => grownTo(column, capacity));
    columns.capacity = capacity;
}

/** The code of `value` in a slot's table, added to it when new (its column widened past 65,536 answers). */
function answerCode(columns: ClosedColumns, slot: number, value: FieldValue): number {
    const table = columns.tables[slot];
    const negativeZero = value === 0 && Object.is(value, -0);
    let code = negativeZero ? table.negativeZero : (table.codes.get(value) ?? -1);
    if (code >= 0) return code;
    code = table.values.length;
    table.values.push(value);
    const number = toNumeric(value);
    table.numbers.push(number === null ? NaN : number);
    if (negativeZero) table.negativeZero = code;
    else table.codes.set(value, code);
    if (code === UINT16_CODES) {
        const narrow = columns.answers[slot];
        const wide = sharedArray(Int32Array, narrow.length);
        wide.set(narrow);
        columns.answers[slot] = wide;
    }
    return code;
}

/**
 * Reads a closed deal into the next row and returns the row. The row counts only once fully read, so a
 * path whose dates do not parse throws as it did and leaves nothing half-written behind (answers it
 * added to the tables are harmless: a fit only looks at codes its rows hold).
 */
function appendRow(columns: ClosedColumns, path: DealPath): number {
    if (columns.size === columns.capacity) growRows(columns);
    const { layout } = columns;
    const row = columns.size;
    const stageCount = layout.stages.length;
    const won = path.outcome === 'won';
    let dayCount = columns.dayCount;
    for (let s = 0; s < stageCount; s++) {
        columns.dayStarts[row * stageCount + s] = dayCount;
        const index = lastVisitIndex(path, layout.stages[s]);
        columns.visits[s][row] = index;
        if (index < 0) continue;
        if (won) dayCount = appendDays(columns, path, layout.stages[s], dayCount);
        const visit = path.visits[index];
        // Learned as scored: answers as they stood halfway through the stay (see `valueSeen`).
        const at = midVisitInstant(path, visit, index);
        const reader = Number.isNaN(at) ? null : fieldReader(path);
        const keys = layout.keys[s];
        for (let j = 0; j < keys.length; j++) {
            const slot = layout.offsets[s] + j;
            // The code first: adding an answer may replace the slot's column with a wider one.
            const code = answerCode(columns, slot, valueSeen(path, visit, at, reader, keys[j]));
            columns.answers[slot][row] = code;
        }
    }
    columns.dayStarts[(row + 1) * stageCount] = dayCount;
    columns.won[row] = won ? 1 : 0;
    columns.dayCount = dayCount;
    columns.size = row + 1;
    return row;
}

/** Appends the days each visit to `stage` that the deal left lasted, in visit order, from `at`; returns the end. */
function appendDays(columns: ClosedColumns, path: DealPath, stage: string, at: number): number {
    let end = at;
    for (let i = 0; i < path.visits.length; i++) {
        const visit = path.visits[i];
        if (visit.stage !== stage || !visit.exitedAt) continue;
        // daysBetween(enteredAt, exitedAt), from the instants the path's index parsed once.
        const times = pathTimes(path);
        if (end === columns.days.length) columns.days = grownTo(columns.days, end * 2);
        columns.days[end++] = ((times.exitTime(i) as number) - times.visitTime(i)) / MS_PER_DAY;
    }
    return end;
}

/**
 * The deals one fit counts, in the fit's order: the k-th deal's row in `columns` is `rows[k]`. What a fit
 * reads of the deals themselves (their close day and order, for the strength check) comes through the
 * two functions, so the same fit runs over paths (`closedTable`, `closedRows`) or over rows shipped to
 * another thread without them (`shippedRows`).
 */
interface ClosedTable {
    columns: FitColumns;
    rows: Int32Array;
    /** The table's indices (0 .. rows.length - 1) in close order: `closeOrder`, ties in table order. */
    inCloseOrder(): number[];
    /** The k-th deal's close day (`closedOn`). */
    closedOn(k: number): string;
    /**
     * The fit of the table's first `count` deals in close order, where a run counted it with others in one
     * pass (`RowFits.prepare`); null (or absent) where not.
     */
    prefixFit?: (count: number) => PrefixFit | null;
}

/** A fit's deals in close order (`ClosedTable.inCloseOrder`), their rows, and its prefixes' fits. */
interface InCloseOrder {
    sorted: number[];
    sortedRows: Int32Array;
    prefixFit: (count: number) => PrefixFit | null;
}

/** By close time, then id: deals closed the same day split by id, so a history closed in one day still splits. */
function closeOrder(paths: readonly DealPath[]): (x: number, y: number) => number {
    const when = paths.map((p) => p.closedAt ?? p.deal.closeDate);
    return (x, y) => {
        if (when[x] !== when[y]) return when[x] < when[y] ? -1 : 1;
        const idX = paths[x].deal.id;
        const idY = paths[y].deal.id;
        if (idX === idY) return 0;
        return idX < idY ? -1 : 1;
    };
}

/** A close text's first characters, its day when it is written `YYYY-MM-DD...`. */
const DAY_PREFIX = 10;

/**
 * `paths`' indices in close order (`closeOrder`, a stable sort: ties in list order), with fewer
 * comparisons than one sort of them all (1.2 s for 700,000 closed deals). Two texts whose first ten
 * characters differ sort as those prefixes do (a shorter one being a prefix of the other included),
 * so the indices are grouped by that prefix (the close day: a few thousand) in the prefixes' order,
 * and only each group is sorted by `closeOrder`, in list order to start with.
 */
function pathsInCloseOrder(paths: readonly DealPath[]): number[] {
    const compare = closeOrder(paths);
    const order: number[] = [];
    const byDay = groupsInTextOrder(paths.length, (i) =>
        (paths[i].closedAt ?? paths[i].deal.closeDate).slice(0, DAY_PREFIX)
    );
    for (const group of byDay) {
        if (group.length > 1) group.sort(compare);
        for (let k = 0; k < group.length; k++) order.push(group[k]);
    }
    return order;
}

/**
 * The indices of `positions` in close order, from each position's rank in a stable close-order sort of a
 * set they are an ordered subset of (`rankOf`, `rankCount` ranks): listing the positions by rank gives
 * the order their own stable sort would, in one pass instead of a sort. Only for positions strictly
 * increasing (in the set's order: ties then fall the same way; a deal listed twice would share a rank).
 */
function byRank(positions: ArrayLike<number>, rankOf: Int32Array, rankCount: number): number[] {
    const atRank = new Int32Array(rankCount).fill(-1);
    for (let k = 0; k < positions.length; k++) atRank[rankOf[positions[k]]] = k;
    const sorted: number[] = [];
    for (let r = 0; r < rankCount; r++) if (atRank[r] >= 0) sorted.push(atRank[r]);
    return sorted;
}

function strictlyIncreasing(positions: ArrayLike<number>): boolean {
    for (let k = 1; k < positions.length; k++) if (positions[k] <= positions[k - 1]) return false;
    return true;
}

/**
 * The closed deals among `paths`, in their order, each read into a row of new columns. A fit that reads
 * them once is all `fitBenchmarks` and `fitStageBenchmarks` do; a run that fits many times over the same
 * deals shares one read through `closedRows`.
 */
function closedTable(plan: FitPlan, paths: readonly DealPath[]): ClosedTable {
    const closed = paths.filter((path) => path.outcome !== 'open');
    const columns = closedColumns(plan.layout, closed.length);
    const rows = Int32Array.from(closed, (path) => appendRow(columns, path));
    return {
        columns,
        rows,
        inCloseOrder: () => pathsInCloseOrder(closed),
        closedOn: (k) => closedOn(closed[k])
    };
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

/** The reader `bucketOf` made last for each benchmark, with what it was made from. */
const bucketReaders = new WeakMap<
    ParameterBenchmark,
    BucketReader & {
        parameter: ParameterDefinition;
        ruleText: string;
        fieldInfo: FieldInfo | null | undefined;
    }
>();

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
    // The reader of the last parameter and field info asked about with this benchmark: the scoring of
    // every deal asks about the same few again and again. Made again when any of what it was made from
    // is not what it was (the benchmark's lookup is checked as `bucketLookup` checks it).
    let reader = bucketReaders.get(benchmark);
    if (
        !reader ||
        reader.parameter !== parameter ||
        reader.ruleText !== parameter.rule ||
        reader.fieldInfo !== fieldInfo ||
        reader.edges !== benchmark.binEdges ||
        reader.lookup !== bucketLookup(benchmark)
    ) {
        reader = {
            ...bucketReader(parameter, fieldInfo, benchmark),
            parameter,
            ruleText: parameter.rule,
            fieldInfo
        };
        bucketReaders.set(benchmark, reader);
    }
    return bucketIn(reader, value);
}

/** How `bucketOf` places answers for one parameter and benchmark, resolved once (see `bucketIn`). */
interface BucketReader {
    mode: BucketMode;
    rule: Rule;
    edges: readonly number[] | null;
    lookup: BucketLookup;
}

function bucketReader(
    parameter: ParameterDefinition,
    fieldInfo: FieldInfo | null | undefined,
    benchmark: ParameterBenchmark
): BucketReader {
    const lookup = bucketLookup(benchmark);
    const mode: BucketMode =
        benchmark.binEdges !== null
            ? 'numeric'
            : lookup.hasValueKeys
              ? 'picklist'
              : modeFor(fieldInfo) === 'picklist'
                ? 'picklist'
                : 'rule';
    return { mode, rule: ruleOf(parameter), edges: benchmark.binEdges, lookup };
}

/** The bucket an answer falls in (`bucketOf`), with the benchmark's lookups resolved beforehand. */
function bucketIn(reader: BucketReader, value: FieldValue): BucketEvidence | null {
    const { lookup } = reader;
    if (reader.mode === 'numeric') {
        // The bin's bucket by position: what `keyFor`'s `bin:<i>` key would find, without the string.
        const number = toNumeric(value);
        if (number === null) return lookup.byKey.get('blank') ?? null;
        const bin = binIndex(number, reader.edges ?? []);
        return (bin < lookup.bins.length ? lookup.bins[bin] : lookup.byKey.get(`bin:${bin}`)) ?? null;
    }
    const key = keyFor(reader.mode, reader.rule, value, reader.edges, lookup.picklistKeys);
    return (key === null ? undefined : lookup.byKey.get(key)) ?? null;
}

interface BucketLookup {
    buckets: readonly BucketEvidence[];
    count: number;
    hasValueKeys: boolean;
    picklistKeys: Map<string, string>;
    /** The first bucket of each key, as a search in order would find it. */
    byKey: Map<string, BucketEvidence>;
    /** Per bin index (0 .. the benchmark's edges' length): `byKey.get(`bin:<i>`)`, looked up once. */
    bins: ReadonlyArray<BucketEvidence | undefined>;
}

/**
 * Scoring asks the same benchmark for a bucket once per deal, stage and parameter (millions of times
 * in a time split): its key index is built once per benchmark, kept beside it (a WeakMap), and
 * rebuilt if its buckets are replaced.
 */
const bucketLookups = new WeakMap<ParameterBenchmark, BucketLookup>();

function bucketLookup(benchmark: ParameterBenchmark): BucketLookup {
    const cached = bucketLookups.get(benchmark);
    if (cached && cached.buckets === benchmark.buckets && cached.count === benchmark.buckets.length)
        return cached;
    const keys = benchmark.buckets.map((bucket) => bucket.key);
    const byKey = new Map<string, BucketEvidence>();
    for (const bucket of benchmark.buckets) if (!byKey.has(bucket.key)) byKey.set(bucket.key, bucket);
    const bins: Array<BucketEvidence | undefined> = [];
    for (let i = 0; i <= (benchmark.binEdges?.length ?? -1); i++) bins.push(byKey.get(`bin:${i}`));
    const lookup: BucketLookup = {
        buckets: benchmark.buckets,
        count: benchmark.buckets.length,
        hasValueKeys: keys.some((key) => key.startsWith('value:')),
        picklistKeys: picklistKeyIndex(keys),
        byKey,
        bins
    };
    bucketLookups.set(benchmark, lookup);
    return lookup;
}

/** A credible answer bucket whose effect contradicts the parameter's rule (see `ruleHistoryDisagreements`). */
export interface RuleDisagreement {
    stage: string;
    /** Parameter DeveloperName and label. */
    parameter: string;
    label: string;
    rule: string;
    /** The bucket's label (`Negative`, `Fails rule`, `≤ 80`). */
    answer: string;
    /** How the answer fares against the rule. */
    outcome: 'pass' | 'fail';
    won: number;
    lost: number;
    /** Odds of winning with this answer against answers on the rule's other side, with its 95% interval. */
    ratio: number;
    ratioLow: number;
    ratioHigh: number;
}

const FAR = 1e15;

/** How every answer in a bucket fares against the rule, or null when a bucket mixes outcomes. */
function bucketOutcome(rule: Rule, key: string, edges: readonly number[] | null): RuleOutcome | null {
    if (key === 'pass' || key === 'fail' || key === 'blank')
        return key === 'blank' ? evaluateRule(rule, null) : key;
    if (key.startsWith('value:')) return evaluateRule(rule, key.slice(6));
    if (key.startsWith('bin:') && edges) {
        const i = Number(key.slice(4));
        const low = i === 0 ? -FAR : edges[i - 1];
        const high = i === edges.length ? FAR : edges[i];
        // Bins are (low, high]: judge just above the low edge and at the high edge.
        const a = evaluateRule(rule, low + Math.max(1e-9, Math.abs(low) * 1e-12));
        const b = evaluateRule(rule, high);
        return a === b ? a : null;
    }
    return null;
}

/**
 * Where the rule and history disagree, at each parameter's own stage: answers that fail the rule yet
 * won credibly more often than answers that pass it, and answers that pass yet won credibly less often
 * than answers that fail (see `judgeRuleByHistory`). Exactly what an admin must hear: the process says
 * one thing, results another. Largest effect first.
 */
export function ruleHistoryDisagreements(
    process: ProcessDefinition,
    benchmarks: Benchmarks | null
): RuleDisagreement[] {
    const out: RuleDisagreement[] = [];
    const byName = new Map(process.parameters.map((p) => [p.name, p]));
    for (const benchmark of benchmarks?.parameters ?? []) {
        const parameter = byName.get(benchmark.parameter);
        if (!parameter || parameter.stage !== benchmark.stage) continue;
        const rule = ruleOf(parameter);
        for (const bucket of benchmark.buckets) {
            const outcome = bucketOutcome(rule, bucket.key, benchmark.binEdges);
            const versus = bucket.versusOtherSide;
            if (bucket.ruleDisagrees !== true || !versus || (outcome !== 'pass' && outcome !== 'fail'))
                continue;
            out.push({
                stage: benchmark.stage,
                parameter: parameter.name,
                label: parameter.label,
                rule: parameter.rule,
                answer: bucket.label,
                outcome,
                won: bucket.won,
                lost: bucket.lost,
                ratio: versus.ratio,
                ratioLow: versus.low,
                ratioHigh: versus.high
            });
        }
    }
    return out.sort((a, b) => Math.abs(Math.log(b.ratio)) - Math.abs(Math.log(a.ratio)));
}

/**
 * The answers deals had halfway through a stay and whether each deal was won: the rows of the deals that
 * reached the stage, in the fit's order, one slot's column of answer codes and its table of answers, and
 * the outcome column. A fit reads one answer per closed deal, stage and parameter (tens of millions across
 * a time split's refits): a code read in place from a typed column, not a value copied per fit.
 */
interface Observations {
    rows: Int32Array;
    codes: Uint16Array | Int32Array;
    answers: AnswerValues;
    won: Uint8Array;
}

function fitParameter(
    stage: string,
    parameter: ParameterDefinition,
    fieldInfo: FieldInfo | undefined,
    rule: Rule,
    observations: Observations,
    opts: ResolvedOptions
): ParameterBenchmark {
    const { rows, codes, answers } = observations;
    const wonColumn = observations.won;
    const counts: CodeCounts = {
        won: new Int32Array(answers.values.length),
        lost: new Int32Array(answers.values.length)
    };
    for (let k = 0; k < rows.length; k++) {
        const row = rows[k];
        if (wonColumn[row] === 1) counts.won[codes[row]]++;
        else counts.lost[codes[row]]++;
    }
    const mode = modeFor(fieldInfo);
    if (mode === 'numeric' && hasNegativeZero(answers)) {
        // The numbers in the fit's deal order, as before: a -0 and a 0 sort in the order they came.
        const numbers: number[] = [];
        for (let k = 0; k < rows.length; k++) {
            const number = answers.numbers[codes[rows[k]]];
            if (!Number.isNaN(number)) numbers.push(number);
        }
        return parameterFromCounts(stage, parameter, fieldInfo, rule, answers, counts, opts, {
            edges: quantiles(numbers, opts.numericBins)
        });
    }
    if (mode === 'picklist') {
        // The answers in the order the fit first meets them: an undeclared answer is spelled as first met.
        const met = new Uint8Array(answers.values.length);
        const inOrder: number[] = [];
        for (let k = 0; k < rows.length; k++) {
            const code = codes[rows[k]];
            if (met[code] === 1) continue;
            met[code] = 1;
            inOrder.push(code);
        }
        return parameterFromCounts(stage, parameter, fieldInfo, rule, answers, counts, opts, {
            met: inOrder
        });
    }
    return parameterFromCounts(stage, parameter, fieldInfo, rule, answers, counts, opts);
}

/**
 * Per answer code of one slot, how many won and lost deals gave it: all a parameter's fit counts, from
 * one fit's rows (`fitParameter`) or from a pass over many fits' rows (`prefixFits`).
 */
interface CodeCounts {
    won: Int32Array;
    lost: Int32Array;
}

/** Whether any of a slot's answers reads as the number -0 (which sorts apart from 0 only by input order). */
function hasNegativeZero(answers: AnswerValues): boolean {
    const { numbers } = answers;
    for (let code = 0; code < numbers.length; code++) if (Object.is(numbers[code], -0)) return true;
    return false;
}

/** A slot's codes with a finite number, in ascending order of it; found once per table and size. */
const codesByNumber = new WeakMap<AnswerValues, Int32Array>();

function codesInNumericOrder(answers: AnswerValues): Int32Array {
    const { numbers } = answers;
    const cached = codesByNumber.get(answers);
    // A table only grows (`answerCode`): at the length it had, it holds the answers it held.
    if (cached && cached.length === numbers.length) return cached;
    const finite: number[] = [];
    for (let code = 0; code < numbers.length; code++) if (Number.isFinite(numbers[code])) finite.push(code);
    finite.sort((x, y) => numbers[x] - numbers[y]);
    // Length `numbers.length`, -1 past the finite ones, so the cache can tell a grown table.
    const order = new Int32Array(numbers.length).fill(-1);
    order.set(finite);
    codesByNumber.set(answers, order);
    return order;
}

/**
 * The numeric bins' edges (`quantiles` of the deals' finite numbers) from the counts per code: the
 * codes walked in numeric order, each as many times as deals gave it, instead of a sort of the deals.
 */
function edgesFromCounts(answers: AnswerValues, counts: CodeCounts, bins: number): number[] {
    const order = codesInNumericOrder(answers);
    const { numbers } = answers;
    let n = 0;
    for (let k = 0; k < order.length && order[k] >= 0; k++) {
        const code = order[k];
        if (code < counts.won.length) n += counts.won[code] + counts.lost[code];
    }
    // Ranks are asked for in ascending order (`quantilesByRank`): one walk, restarted if one is not.
    let k = 0;
    let below = 0;
    return quantilesByRank(n, bins, (rank) => {
        if (rank < below) {
            k = 0;
            below = 0;
        }
        for (;;) {
            const code = order[k];
            const here = code < counts.won.length ? counts.won[code] + counts.lost[code] : 0;
            if (rank < below + here) return numbers[code];
            below += here;
            k++;
        }
    });
}

/**
 * Where a fit's buckets would depend on the order it meets the deals (see `fitParameter`): the numeric
 * edges from the deals in that order, or the codes in the order first met (a picklist's undeclared
 * answer is spelled as first met). Without them, the fit reads the counts alone.
 */
interface DealOrder {
    edges?: number[];
    met?: readonly number[];
}

/** A parameter's benchmark from the counts per answer code of the deals that reached the stage. */
function parameterFromCounts(
    stage: string,
    parameter: ParameterDefinition,
    fieldInfo: FieldInfo | undefined,
    rule: Rule,
    answers: AnswerValues,
    counts: CodeCounts,
    opts: ResolvedOptions,
    order: DealOrder = {}
): ParameterBenchmark {
    const mode = modeFor(fieldInfo);
    const codeCount = counts.won.length;
    let edges: number[] | null = null;
    const buckets: Array<{ key: string; label: string }> = [];
    if (mode === 'numeric') {
        edges = order.edges ?? edgesFromCounts(answers, counts, opts.numericBins);
        for (let i = 0; i <= edges.length; i++) buckets.push({ key: `bin:${i}`, label: binLabel(i, edges) });
    } else if (mode === 'picklist') {
        const seen = new Map<string, string>();
        for (const declared of fieldInfo?.picklistValues ?? []) {
            if (!seen.has(declared.toLowerCase())) seen.set(declared.toLowerCase(), declared);
        }
        // Undeclared spellings as first met in the fit's deal order; an answer met again changes nothing.
        const undeclared = new Map<string, string>();
        const meet = (code: number) => {
            const value = answers.values[code];
            if (isBlank(value)) return;
            const text = String(value).trim();
            if (!seen.has(text.toLowerCase()) && !undeclared.has(text.toLowerCase())) {
                undeclared.set(text.toLowerCase(), text);
            }
        };
        if (order.met) for (const code of order.met) meet(code);
        else
            for (let code = 0; code < codeCount; code++)
                if (counts.won[code] + counts.lost[code] > 0) meet(code);
        const extra = [...undeclared.values()].sort();
        for (const value of [...seen.values(), ...extra])
            buckets.push({ key: `value:${value}`, label: value });
    } else {
        buckets.push({ key: 'pass', label: RULE_LABELS.pass }, { key: 'fail', label: RULE_LABELS.fail });
    }
    buckets.push({ key: 'blank', label: BLANK_LABEL });

    const picklistKeys = picklistKeyIndex(buckets.map((b) => b.key));
    // Counts per bucket by position (a key's last bucket, as a map from key to counts would hold them).
    const positions = new Map(buckets.map((b, i) => [b.key, i]));
    const positionOf = (key: string | null): number => (key === null ? -1 : (positions.get(key) ?? -1));
    const wonIn = new Int32Array(buckets.length);
    const lostIn = new Int32Array(buckets.length);
    // Each code given by a deal is placed once: numbers by their bin's index, other answers by their key
    // (`keyFor`, a pure function of the answer).
    const blankPosition = positionOf('blank');
    const binPositions = edges ? edges.map((_edge, i) => positionOf(`bin:${i}`)) : [];
    if (edges) binPositions.push(positionOf(`bin:${edges.length}`));
    let won = 0;
    let lost = 0;
    for (let code = 0; code < codeCount; code++) {
        const wonHere = counts.won[code];
        const lostHere = counts.lost[code];
        if (wonHere + lostHere === 0) continue;
        won += wonHere;
        lost += lostHere;
        let position: number;
        if (edges) {
            const number = answers.numbers[code];
            position = Number.isNaN(number) ? blankPosition : binPositions[binIndex(number, edges)];
        } else position = positionOf(keyFor(mode, rule, answers.values[code], edges, picklistKeys));
        if (position >= 0) {
            wonIn[position] += wonHere;
            lostIn[position] += lostHere;
        }
    }

    const a = opts.smoothing;
    const bucketCount = buckets.length;
    const fitted: ParameterBenchmark = {
        stage,
        parameter: parameter.name,
        field: parameter.field,
        won,
        lost,
        buckets: buckets.map(({ key, label }): BucketEvidence => {
            const position = positions.get(key) as number;
            const count = { won: wonIn[position], lost: lostIn[position] };
            const shrunk = shrinkLogRatio(count.won, won, count.lost, lost, bucketCount);
            // No closed deal had this answer: smoothing alone would invent a ratio; it moves nothing.
            if (!shrunk) {
                return {
                    key,
                    label,
                    won: 0,
                    lost: 0,
                    likelihoodRatio: 1,
                    logLikelihoodRatio: 0,
                    shrunkRatio: 1,
                    ratioLow: null,
                    ratioHigh: null,
                    credible: false
                };
            }
            const likelihoodRatio =
                (count.won + a) / (won + a * bucketCount) / ((count.lost + a) / (lost + a * bucketCount));
            return {
                key,
                label,
                won: count.won,
                lost: count.lost,
                likelihoodRatio,
                logLikelihoodRatio: Math.log(likelihoodRatio),
                shrunkRatio: Math.exp(shrunk.shrunk),
                ratioLow: Math.exp(shrunk.low),
                ratioHigh: Math.exp(shrunk.high),
                credible: shrunk.low > 0 || shrunk.high < 0
            };
        }),
        binEdges: edges,
        status: statusFor(won + lost, opts.minDeals)
    };
    return judgeRuleByHistory(fitted, rule);
}

/**
 * Marks the answers where history contradicts the rule: a failing answer whose deals won credibly
 * more often than deals whose answer passes, or a passing answer whose deals won credibly less often
 * than failing ones. Compared with the other side of the rule, not with every deal, so that blank
 * answers (often left by reps who skip the work, and lost) cannot make every given answer look good.
 */
export function judgeRuleByHistory(benchmark: ParameterBenchmark, rule: Rule): ParameterBenchmark {
    const outcomes = benchmark.buckets.map((b) => bucketOutcome(rule, b.key, benchmark.binEdges));
    const pool = { pass: { won: 0, lost: 0 }, fail: { won: 0, lost: 0 } };
    benchmark.buckets.forEach((b, i) => {
        const outcome = outcomes[i];
        if (b.key === 'blank' || (outcome !== 'pass' && outcome !== 'fail')) return;
        pool[outcome].won += b.won;
        pool[outcome].lost += b.lost;
    });
    return {
        ...benchmark,
        buckets: benchmark.buckets.map((b, i) => {
            const outcome = outcomes[i];
            if (b.key === 'blank' || (outcome !== 'pass' && outcome !== 'fail'))
                return { ...b, versusOtherSide: null, ruleDisagrees: false };
            const other = pool[outcome === 'pass' ? 'fail' : 'pass'];
            const versus = oddsRatioInterval(b.won, b.lost, other.won, other.lost);
            const disagrees = versus !== null && (outcome === 'fail' ? versus.low > 1 : versus.high < 1);
            return { ...b, versusOtherSide: versus, ruleDisagrees: disagrees };
        })
    };
}

function parseRules(process: ProcessDefinition): Map<string, Rule> {
    const rules = new Map<string, Rule>();
    for (const parameter of process.parameters) rules.set(parameter.name, ruleOf(parameter));
    return rules;
}

/** Parameter benchmarks over the rows of `columns` listed in `rows`, stage by stage in process order. */
function fitParameterBenchmarks(
    process: ProcessDefinition,
    plan: FitPlan,
    columns: FitColumns,
    rows: ArrayLike<number>,
    rules: ReadonlyMap<string, Rule>,
    opts: ResolvedOptions,
    counted?: ReadonlyArray<ParameterBenchmark | null>
): ParameterBenchmark[] {
    // Counted already (`prefixFits`) but where the deals' order matters: nothing left to count.
    if (counted && counted.every((benchmark) => benchmark !== null))
        return counted.slice() as ParameterBenchmark[];
    const out: ParameterBenchmark[] = [];
    const reachedRows = new Int32Array(rows.length);
    plan.stages.forEach(({ stage, parameters }, s) => {
        if (parameters.length === 0) return;
        // The rows of the deals that reached the stage, found once per stage and fit for all its parameters.
        const visits = columns.visits[s];
        let reachedCount = 0;
        for (let k = 0; k < rows.length; k++) {
            const row = rows[k];
            if (visits[row] >= 0) reachedRows[reachedCount++] = row;
        }
        const reached = reachedRows.subarray(0, reachedCount);
        const offset = plan.layout.offsets[s];
        for (let j = 0; j < parameters.length; j++) {
            const parameter = parameters[j];
            const done = counted?.[out.length];
            if (done) {
                out.push(done);
                continue;
            }
            const observations: Observations = {
                rows: reached,
                codes: columns.answers[offset + j],
                answers: columns.tables[offset + j],
                won: columns.won
            };
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
    });
    return out;
}

/** A stage's benchmark (the first for that stage), or null: how the page's score and the flags find it. */
export function stageBenchmarkOf(benchmarks: Benchmarks | null, stage: string): StageBenchmark | null {
    return benchmarks?.stages.find((s) => s.stage === stage) ?? null;
}

/** Built once per benchmarks object (scoring a pipeline asks for it once per deal), shared read-only. */
const benchmarkIndexes = new WeakMap<
    Benchmarks,
    { parameters: readonly ParameterBenchmark[]; count: number; index: Map<string, ParameterBenchmark> }
>();

/** Index of parameter benchmarks by `benchmarkKey(stage, parameter)`. */
export function parameterBenchmarkIndex(
    benchmarks: Benchmarks | null
): ReadonlyMap<string, ParameterBenchmark> {
    if (!benchmarks) return new Map();
    const parameters = benchmarks.parameters ?? [];
    const cached = benchmarkIndexes.get(benchmarks);
    if (cached && cached.parameters === parameters && cached.count === parameters.length) return cached.index;
    const index = new Map(parameters.map((pb) => [benchmarkKey(pb.stage, pb.parameter), pb]));
    benchmarkIndexes.set(benchmarks, { parameters, count: parameters.length, index });
    return index;
}

/** The log-odds a bucket moves a deal by at full strength: its shrunk log ratio when credible, else 0. */
export function bucketShift(bucket: BucketEvidence | null | undefined): number {
    if (!bucket || bucket.credible !== true || !(bucket.shrunkRatio && bucket.shrunkRatio > 0)) return 0;
    return Math.log(bucket.shrunkRatio);
}

/**
 * The summed log-odds shift of a deal's answers at a stage over credible buckets (`bucketShift`):
 * the evidence term of the adjusted log-odds before the strength is applied. As in `scoreDeal`, a
 * blank answer to a parameter of `stage` itself moves nothing: for an open deal it means "not asked
 * yet", which is what the midpoint's blank bucket mostly holds, but a history without field history
 * is learned from exit answers, where blank means "left blank" (docs/DESIGN.md, "Evidence as seen").
 */
export function evidenceAt(
    process: ProcessDefinition,
    stage: string,
    values: (field: string, position: number) => FieldValue,
    index: ReadonlyMap<string, ParameterBenchmark>,
    parameters: readonly ParameterDefinition[] = parametersThrough(process, stage)
): number {
    return evidenceOf(evidenceReaders(process, stage, parameters, index), (position) =>
        values(parameters[position].field, position)
    );
}

/**
 * What `evidenceAt` needs of each parameter, by position, resolved once per stage and benchmarks (the
 * strength check scores every newer deal against the same ones): null when the parameter has no usable
 * benchmark; else whether a blank answer moves nothing (a parameter of the stage itself), how its
 * answers find their bucket, and the shift each distinct non-numeric answer gave so far (answers
 * repeat: picklist values, flags, shared strings; the shift is a pure function of the answer).
 */
type EvidenceReader = {
    ownStage: boolean;
    reader: BucketReader;
    shifts: Map<FieldValue, number> | null;
} | null;

function evidenceReaders(
    process: ProcessDefinition,
    stage: string,
    parameters: readonly ParameterDefinition[],
    index: ReadonlyMap<string, ParameterBenchmark>
): EvidenceReader[] {
    return parameters.map((parameter) => {
        const benchmark = index.get(benchmarkKey(stage, parameter.name));
        if (!benchmark || benchmark.status === 'none') return null;
        const reader = bucketReader(parameter, process.fields[parameter.field], benchmark);
        return {
            ownStage: parameter.stage === stage,
            reader,
            shifts: reader.mode === 'numeric' ? null : new Map<FieldValue, number>()
        };
    });
}

/**
 * The summed shift of `evidenceAt`, each answer asked for by its parameter's position. A skipped answer
 * adds 0, which leaves the sum as it was (the sum starts at +0 and so is never -0).
 */
function evidenceOf(readers: readonly EvidenceReader[], valueAt: (position: number) => FieldValue): number {
    let sum = 0;
    for (let i = 0; i < readers.length; i++) {
        const resolved = readers[i];
        if (resolved === null) continue;
        const value = valueAt(i);
        let shift = resolved.shifts?.get(value);
        if (shift === undefined) {
            shift = answerShift(resolved, value);
            resolved.shifts?.set(value, shift);
        }
        sum += shift;
    }
    return sum;
}

/** The shift one answer adds to `evidenceOf`'s sum (a pure function of the answer). */
function answerShift(resolved: NonNullable<EvidenceReader>, value: FieldValue): number {
    return resolved.ownStage && evaluateRule(resolved.reader.rule, value) === 'blank'
        ? 0
        : bucketShift(bucketIn(resolved.reader, value));
}

/**
 * A deal's parameter values halfway through a visit (field history rolled back to the visit's
 * midpoint): how an open deal in that stage is seen on a typical day of its stay, answers to the
 * stage's own questions typically half given. The fit learns from these and the strength check scores
 * them, so the evidence describes the answers open deals show, not the ones closed stays end with (a
 * box ticked on the last day, a box still unticked because it is not time yet). One point rather than
 * an average over the stay: where answers appear at a steady pace through the stay, the share of deals
 * showing each answer at the midpoint is the average share over the stay, and each closed deal stays
 * one whole count. A visit not yet left, or a path without field history, gives the visit's own values
 * (the answers it left with: then a blank is "left blank", see `evidenceAt`).
 */
export function midVisitValues(path: DealPath, visit: StageVisit): Record<string, FieldValue> {
    const at = midVisitInstant(path, visit, path.visits.indexOf(visit));
    return Number.isNaN(at) ? visit.values : valuesAtInstant(path, at);
}

/**
 * The instant `midVisitValues` reads a visit's answers at (`visitMidpoint`), NaN when it gives the
 * visit's own values instead. `index` is the visit's place in `path.visits` (its midpoint is then
 * computed once per path, not once per fit), -1 for a visit the path does not hold.
 */
function midVisitInstant(path: DealPath, visit: StageVisit, index: number): number {
    if (!visit.exitedAt || !path.valuesFromFieldHistory || !hasFieldHistory(path)) return NaN;
    if (index < 0) return visitMidpoint(visit);
    return indexedVisitMidpoint(path, index) ?? visitMidpoints(path.visits)[index];
}

/**
 * A parameter's value halfway through a visit, as `midVisitValues` holds it, or its value when the
 * deal left the visit when that snapshot lacks the field; read from the path's field timeline
 * without building the snapshot (`at` from `midVisitInstant`, `reader` the path's `fieldReader`, null
 * when `at` is NaN). The fit and the strength check read answers through this one rule, so what is
 * learned is what is scored.
 */
function valueSeen(
    path: DealPath,
    visit: StageVisit,
    at: number,
    reader: FieldReader | null,
    key: FieldKey
): FieldValue {
    const value = reader && !Number.isNaN(at) ? reader.valueAt(key, at) : undefined;
    return value === undefined ? visitValue(path, visit, key.name) : value;
}

/** `valueSeen` for one field of one visit: what the fit learns from (exported for its tests). */
export function midVisitValue(path: DealPath, visit: StageVisit, field: string): FieldValue {
    const at = midVisitInstant(path, visit, path.visits.indexOf(visit));
    return valueSeen(path, visit, at, Number.isNaN(at) ? null : fieldReader(path), fieldKey(field));
}

/** When a closed deal closed (`YYYY-MM-DD`): the day history says, or its final close date. */
export function closedOn(path: DealPath): string {
    return (path.closedAt ?? path.deal.closeDate).slice(0, 10);
}

/**
 * The stage and parameter benchmarks of some deals: `stageBenchmarksOf` and `fitParameterBenchmarks` over
 * their rows, but for the parameters left null, which a fit counts over its own rows (`prefixFits`).
 */
interface PrefixFit {
    stages: StageBenchmark[];
    parameters: Array<ParameterBenchmark | null>;
}

/**
 * Days in stage of the deals counted so far, read by rank: a Fenwick tree of counts over every day the
 * pass will add, sorted (ties at the first of them). Non-finite days are not counted, as `percentile`
 * does not count them.
 */
class DaysByRank {
    private readonly sorted: Float64Array;
    private readonly tree: Int32Array;
    private readonly top: number;
    count = 0;

    constructor(days: Float64Array) {
        let finite = 0;
        for (let i = 0; i < days.length; i++) if (Number.isFinite(days[i])) finite++;
        const sorted = new Float64Array(finite);
        let k = 0;
        for (let i = 0; i < days.length; i++) if (Number.isFinite(days[i])) sorted[k++] = days[i];
        this.sorted = sorted.sort();
        this.tree = new Int32Array(finite + 1);
        let top = 1;
        while (top * 2 <= finite) top *= 2;
        this.top = top;
    }

    /** Where `day` counts: the first of its equals among the sorted days (-1 for a non-finite day). */
    slotOf(day: number): number {
        if (!Number.isFinite(day)) return -1;
        return firstIndex(this.sorted.length, (k) => this.sorted[k] >= day);
    }

    add(slot: number): void {
        if (slot < 0) return;
        this.count++;
        for (let i = slot + 1; i < this.tree.length; i += i & -i) this.tree[i]++;
    }

    /** The rank-th smallest day counted (0-based). */
    readonly at = (rank: number): number => {
        let position = 0;
        let left = rank + 1;
        for (let step = this.top; step > 0; step >>= 1) {
            const next = position + step;
            if (next < this.tree.length && this.tree[next] < left) {
                position = next;
                left -= this.tree[next];
            }
        }
        return this.sorted[position];
    };
}

/**
 * The fits (`PrefixFit`) of the first `size` rows of `order`, for each of `sizes`, from one pass over the
 * rows: a longer prefix's counts are a shorter one's plus the rows between, so the strength check's three
 * older sides and the fit of all the deals, or a run's every fit over deals closed before a day, cost one
 * pass instead of one each. Per stage it keeps the won and lost deals and their days (`DaysByRank`); per
 * answer slot, the won and lost deals per answer code (`CodeCounts`), from which `parameterFromCounts`
 * gives what `fitParameter` would. The answers are the same in any order but for two cases where the
 * fit reads the deals in its own order, and those parameters are left null: a slot with an answer that
 * reads as -0, and a picklist slot with two spellings of one undeclared answer.
 */
function prefixFits(
    process: ProcessDefinition,
    plan: FitPlan,
    columns: FitColumns,
    order: ArrayLike<number>,
    sizes: readonly number[],
    rules: ReadonlyMap<string, Rule>,
    opts: ResolvedOptions
): Map<number, PrefixFit> {
    const targets = [...new Set(sizes)]
        .filter((size) => size >= 0 && size <= order.length)
        .sort((x, y) => x - y);
    const out = new Map<number, PrefixFit>();
    if (targets.length === 0) return out;
    const end = targets[targets.length - 1];
    const stageCount = plan.stages.length;
    const { won: wonColumn, dayStarts, days: dayColumn, visits } = columns;

    // Each stage's days, in the order the pass adds them, and where each counts.
    const dayCounts = new Int32Array(stageCount);
    for (let k = 0; k < end; k++) {
        const row = order[k];
        if (wonColumn[row] !== 1) continue;
        for (let s = 0; s < stageCount; s++) {
            if (visits[s][row] >= 0)
                dayCounts[s] += dayStarts[row * stageCount + s + 1] - dayStarts[row * stageCount + s];
        }
    }
    const stageDays = plan.stages.map((_stage, s) => new Float64Array(dayCounts[s]));
    dayCounts.fill(0);
    for (let k = 0; k < end; k++) {
        const row = order[k];
        if (wonColumn[row] !== 1) continue;
        for (let s = 0; s < stageCount; s++) {
            if (visits[s][row] < 0) continue;
            const stop = dayStarts[row * stageCount + s + 1];
            for (let d = dayStarts[row * stageCount + s]; d < stop; d++)
                stageDays[s][dayCounts[s]++] = dayColumn[d];
        }
    }
    const dayRanks = stageDays.map((days) => new DaysByRank(days));
    const daySlots = stageDays.map((days, s) => Int32Array.from(days, (day) => dayRanks[s].slotOf(day)));
    const dayCursor = new Int32Array(stageCount);
    const wonAt = new Int32Array(stageCount);
    const lostAt = new Int32Array(stageCount);

    // The parameters' slots, in `fitParameterBenchmarks`' order.
    const slots = plan.stages.flatMap(({ stage, parameters }, s) =>
        parameters.map((parameter, j) => {
            const slot = plan.layout.offsets[s] + j;
            const answers = columns.tables[slot];
            const fieldInfo = process.fields[parameter.field];
            const mode = modeFor(fieldInfo);
            const inAnyOrder =
                mode === 'numeric'
                    ? !hasNegativeZero(answers)
                    : mode !== 'picklist' || !spellingsDiffer(answers, fieldInfo);
            return {
                stage: stage.name,
                s,
                parameter,
                fieldInfo,
                rule: rules.get(parameter.name) as Rule,
                answers,
                codes: columns.answers[slot],
                counts: inAnyOrder
                    ? {
                          won: new Int32Array(answers.values.length),
                          lost: new Int32Array(answers.values.length)
                      }
                    : null
            };
        })
    );

    const fitHere = (): PrefixFit => ({
        stages: plan.stages.map(({ stage }, s) =>
            stageBenchmarkFrom(
                stage,
                wonAt[s],
                lostAt[s],
                percentileByRank(dayRanks[s].count, 0.5, dayRanks[s].at),
                percentileByRank(dayRanks[s].count, P90, dayRanks[s].at),
                opts
            )
        ),
        parameters: slots.map(({ stage, parameter, fieldInfo, rule, answers, counts }) => {
            if (counts === null) return null;
            return parameterFromCounts(stage, parameter, fieldInfo, rule, answers, counts, opts);
        })
    });
    let next = 0;
    for (let k = 0; ; k++) {
        while (next < targets.length && targets[next] === k) out.set(targets[next++], fitHere());
        if (k === end) break;
        const row = order[k];
        const won = wonColumn[row] === 1;
        for (let s = 0; s < stageCount; s++) {
            if (visits[s][row] < 0) continue;
            if (won) {
                wonAt[s]++;
                const added = dayStarts[row * stageCount + s + 1] - dayStarts[row * stageCount + s];
                for (let d = 0; d < added; d++) dayRanks[s].add(daySlots[s][dayCursor[s]++]);
            } else lostAt[s]++;
        }
        for (let i = 0; i < slots.length; i++) {
            const { s, codes, counts } = slots[i];
            if (counts === null || visits[s][row] < 0) continue;
            if (won) counts.won[codes[row]]++;
            else counts.lost[codes[row]]++;
        }
    }
    return out;
}

/**
 * Whether two of a picklist slot's answers are spelled apart but read as one undeclared answer (the fit
 * keeps the spelling it meets first, so its deals' order matters).
 */
function spellingsDiffer(answers: AnswerValues, fieldInfo: FieldInfo | undefined): boolean {
    const declared = new Set((fieldInfo?.picklistValues ?? []).map((value) => value.toLowerCase()));
    const spelling = new Map<string, string>();
    for (const value of answers.values) {
        if (isBlank(value)) continue;
        const text = String(value).trim();
        const key = text.toLowerCase();
        if (declared.has(key)) continue;
        const known = spelling.get(key);
        if (known === undefined) spelling.set(key, text);
        else if (known !== text) return true;
    }
    return false;
}

/** The strength check's older sides of `count` deals in close order: its first `CHECK_CUTS` shares. */
function checkCuts(count: number): number[] {
    return CHECK_CUTS.map((share) => Math.floor(count * share));
}

/** Whether the strength check has enough older and newer deals among `count` to run. */
function checkRuns(count: number, opts: ResolvedOptions): boolean {
    const older = checkCuts(count)[0];
    return older >= opts.minHistory && count - older >= opts.minHistory;
}

/**
 * Chooses how strongly parameters move the odds, on time: benchmarks fitted on older closed deals
 * score newer ones (rolling origin, `CHECK_CUTS`) at every strength in `STRENGTH_GRID`, each at every
 * open stage it passed through the way an open deal there is scored, and the way the fit learned:
 * answers as they stood halfway through the stay (`midVisitValues`), a blank answer to the stage's
 * own parameter moving nothing. Summed log ratios over-count when answers are correlated
 * (a deal with a sponsor usually has a budget too), hence strengths below 1; and parameters that only
 * fit noise make newer deals worse, hence 0. A strength above 0 is kept only when its per-deal gain in
 * log loss over the stage win rate alone has a 95% bootstrap interval above 0.
 */
function checkParameters(
    process: ProcessDefinition,
    plan: FitPlan,
    table: ClosedTable,
    ordered: InCloseOrder,
    rules: ReadonlyMap<string, Rule>,
    opts: ResolvedOptions
): ParameterCheck {
    const { sorted, sortedRows, prefixFit } = ordered;
    const cuts = checkCuts(sorted.length);
    const first = cuts[0];
    const olderDeals = first;
    const newerDeals = sorted.length - first;
    const cutOff = newerDeals > 0 ? table.closedOn(sorted[first]) : null;
    const empty: ParameterCheck = {
        verdict: 'notEnoughHistory',
        fittedOnClosedBefore: cutOff,
        olderDeals,
        newerDeals,
        bestStrength: 0,
        logLossStageWinRate: null,
        logLossBest: null,
        improvementLow: null,
        improvementHigh: null
    };
    if (!checkRuns(sorted.length, opts)) return empty;

    const { columns } = table;
    const { layout } = plan;
    // Per newer deal (from `dealStarts[k]` to `dealStarts[k + 1]`): its (base, evidence) at every open
    // stage it passed through, from a fit on older deals; flat columns rather than an object per example.
    const outcomes: number[] = [];
    const dealStarts: number[] = [0];
    const bases: number[] = [];
    const evidences: number[] = [];
    cuts.forEach((cut, i) => {
        const fitOn = sortedRows.subarray(0, cut);
        const scoredEnd = i + 1 < cuts.length ? cuts[i + 1] : sorted.length;
        const counted = prefixFit(cut);
        const stageFit = new Map(
            (counted?.stages ?? stageBenchmarksOf(plan, columns, fitOn, opts)).map((s) => [s.stage, s])
        );
        const index = parameterBenchmarkIndex({
            fittedAt: '',
            dealCount: fitOn.length,
            damping: 1,
            stages: [],
            parameters: fitParameterBenchmarks(
                process,
                plan,
                columns,
                fitOn,
                rules,
                opts,
                counted?.parameters
            )
        });
        // Each stage's base log-odds and its parameters' benchmarks, resolved once per fit, and per answer
        // slot the shift of each answer by its code (NaN until first read): `evidenceOf`'s sum, in the same
        // order, with an array read where it looks the answer up in a map (at 1M, most of the check's scoring).
        const scoring = plan.stages.map(({ stage, parameters }, s) => {
            const benchmark = stageFit.get(stage.name);
            if (!benchmark || benchmark.status === 'none') return null;
            const readers = evidenceReaders(process, stage.name, parameters, index);
            return {
                base: logit(benchmark.winRate),
                readers,
                shifts: readers.map((resolved, position) => {
                    if (resolved === null) return null;
                    return new Float64Array(columns.tables[layout.offsets[s] + position].values.length).fill(
                        NaN
                    );
                })
            };
        });
        for (let k = cut; k < scoredEnd; k++) {
            const row = sortedRows[k];
            const examplesBefore = bases.length;
            for (let s = 0; s < scoring.length; s++) {
                const stageScoring = scoring[s];
                if (columns.visits[s][row] < 0 || stageScoring === null) continue;
                // Scored as open deals are: answers as they stood halfway through the stay, not at exit
                // (an exit answer is what the fit learned from; an open deal shows only what it has so far).
                const offset = layout.offsets[s];
                const { readers, shifts } = stageScoring;
                let evidence = 0;
                for (let position = 0; position < readers.length; position++) {
                    const resolved = readers[position];
                    if (resolved === null) continue;
                    const slot = offset + position;
                    const code = columns.answers[slot][row];
                    const known = shifts[position]!;
                    let shift = known[code];
                    if (Number.isNaN(shift)) {
                        shift = answerShift(resolved, columns.tables[slot].values[code]);
                        known[code] = shift;
                    }
                    evidence += shift;
                }
                bases.push(stageScoring.base);
                evidences.push(evidence);
            }
            if (bases.length > examplesBefore) {
                outcomes.push(columns.won[row]);
                dealStarts.push(bases.length);
            }
        }
    });
    const dealCount = outcomes.length;
    if (dealCount === 0) return empty;

    const lossesAt = (d: number): Float64Array => {
        const losses = new Float64Array(dealCount);
        for (let k = 0; k < dealCount; k++) {
            let loss = 0;
            for (let e = dealStarts[k]; e < dealStarts[k + 1]; e++) {
                const p = Math.min(1 - 1e-9, Math.max(1e-9, sigmoid(bases[e] + d * evidences[e])));
                loss -= outcomes[k] === 1 ? Math.log(p) : Math.log(1 - p);
            }
            losses[k] = loss;
        }
        return losses;
    };
    const mean = (xs: Float64Array): number => {
        let sum = 0;
        for (let k = 0; k < xs.length; k++) sum += xs[k];
        return sum / xs.length;
    };
    const base = lossesAt(0);
    let best = 0;
    let bestLosses = base;
    for (const d of STRENGTH_GRID) {
        if (d === 0) continue;
        const losses = lossesAt(d);
        // A relative tolerance keeps float noise from counting as a gain.
        if (mean(losses) < mean(bestLosses) - 1e-12 * Math.max(1, mean(bestLosses))) {
            best = d;
            bestLosses = losses;
        }
    }
    const gains = base.map((loss, k) => loss - bestLosses[k]);
    const interval = best === 0 ? { low: 0, high: 0 } : bootstrapMeanInterval(gains, `strength|${cutOff}`);
    return {
        verdict:
            best > 0 && interval !== null && interval.low > 0 ? 'parametersHelp' : 'noBetterThanStageWinRate',
        fittedOnClosedBefore: cutOff,
        olderDeals,
        newerDeals,
        bestStrength: best,
        logLossStageWinRate: mean(base),
        logLossBest: mean(bestLosses),
        improvementLow: interval ? interval.low : null,
        improvementHigh: interval ? interval.high : null
    };
}

/**
 * Fits benchmarks from the closed deals among `paths` (open deals are ignored: their outcome is not
 * known). Stage win rates are shrunk toward the configured probabilities; parameter evidence is
 * counted per stage over that stage's and every earlier stage's parameters, from the answers each
 * deal had halfway through its stay there (`midVisitValues`), each answer with a shrunk ratio and its
 * interval; the strength is chosen on time (`checkParameters`: older deals fit, newer
 * deals score), then everything is refitted on all of them.
 *
 * @throws RuleError when a parameter's rule does not parse (naming the `Play_Parameter__mdt` record).
 */
export function fitBenchmarks(
    process: ProcessDefinition,
    paths: readonly DealPath[],
    options?: FitOptions
): Benchmarks {
    const opts = resolve(options);
    const plan = fitPlan(process);
    return fitTable(process, plan, closedTable(plan, paths), options, opts);
}

/** `fitBenchmarks` over a table of the closed deals already found. */
function fitTable(
    process: ProcessDefinition,
    plan: FitPlan,
    table: ClosedTable,
    options: FitOptions | undefined,
    opts: ResolvedOptions
): Benchmarks {
    const rules = parseRules(process);
    const count = table.rows.length;
    let ordered: InCloseOrder | null = null;
    if (opts.fitDamping) {
        const sorted = table.inCloseOrder();
        const sortedRows = Int32Array.from(sorted, (i) => table.rows[i]);
        // The strength check's older sides and the fit of all the deals are prefixes of the deals in close
        // order: counted in one pass, unless the table is one of a run's prefixes counted together.
        let prefixFit = table.prefixFit;
        if (!prefixFit?.(count)) {
            const sizes = checkRuns(count, opts) ? [...checkCuts(count), count] : [count];
            const counted = prefixFits(process, plan, table.columns, sortedRows, sizes, rules, opts);
            prefixFit = (size) => counted.get(size) ?? null;
        }
        ordered = { sorted, sortedRows, prefixFit };
    }
    const parameterCheck = ordered ? checkParameters(process, plan, table, ordered, rules, opts) : undefined;
    const damping = !parameterCheck
        ? 1
        : parameterCheck.verdict === 'parametersHelp'
          ? parameterCheck.bestStrength
          : 0;
    const all = ordered?.prefixFit(count) ?? null;
    return {
        fittedAt: options?.fittedAt ?? new Date().toISOString(),
        dealCount: count,
        damping,
        stages: all ? all.stages.slice() : stageBenchmarksOf(plan, table.columns, table.rows, opts),
        parameters: fitParameterBenchmarks(
            process,
            plan,
            table.columns,
            table.rows,
            rules,
            opts,
            all?.parameters
        ),
        minimumDeals: opts.minHistory,
        ...(parameterCheck ? { parameterCheck } : {})
    };
}

/** Fits over a run's closed deals, a fit being a list of positions (`ClosedRows`, `shippedRows`). */
export interface RowFits {
    /** Exactly `fitBenchmarks(process, the deals at these positions, options)`, in the order listed. */
    fit(positions: ArrayLike<number>, options?: FitOptions): Benchmarks;
    /**
     * Counts, in one pass, what the fits listed share: each that lists the first deals in close order (as
     * every fit over the deals closed before a day does) is then read from that pass, its strength
     * check's older sides too, instead of from one pass of its own. The answers are the same either way;
     * a fit not listed, or listed with other options than the first, counts for itself. Returns how many
     * of the fits listed will read from the pass.
     */
    prepare(fits: ReadonlyArray<{ positions: ArrayLike<number>; options?: FitOptions }>): number;
}

/** The fits `RowFits.prepare` counted, with the options they were counted with. */
interface PreparedFits {
    options: string;
    fits: Map<number, PrefixFit>;
    /** How many of the fits listed read from the pass. */
    served: number;
}

/** Whether `positions` are the first of the run's closed deals in close order (`rankOf` per position). */
function leadsCloseOrder(positions: ArrayLike<number>, rankOf: Int32Array): boolean {
    for (let k = 0; k < positions.length; k++) {
        const position = positions[k];
        if (!(position >= 0 && position < rankOf.length) || (k > 0 && position <= positions[k - 1]))
            return false;
        // Distinct positions, each ranked below their count: the ranks are 0 .. count - 1.
        if (rankOf[position] >= positions.length) return false;
    }
    return true;
}

/**
 * `RowFits.prepare` over a run's closed deals: `rankOf` gives each position's rank in close order and
 * `rowOf` the row of the deal at a position (read if need be, before the pass reads the columns).
 */
function prepareFits(
    process: ProcessDefinition,
    plan: FitPlan,
    columns: FitColumns,
    rankOf: Int32Array,
    rowOf: (position: number) => number,
    fits: ReadonlyArray<{ positions: ArrayLike<number>; options?: FitOptions }>
): PreparedFits | null {
    let opts: ResolvedOptions | null = null;
    const sizes: number[] = [];
    let served = 0;
    for (const { positions, options } of fits) {
        const resolved = resolve(options);
        if (opts !== null && JSON.stringify(resolved) !== JSON.stringify(opts)) continue;
        if (!resolved.fitDamping || !leadsCloseOrder(positions, rankOf)) continue;
        opts = resolved;
        served++;
        const count = positions.length;
        sizes.push(count, ...(checkRuns(count, resolved) ? checkCuts(count) : []));
    }
    if (opts === null) return null;
    // The rows of the first deals in close order, as many as the longest prefix.
    const order = new Int32Array(Math.max(...sizes));
    for (let position = 0; position < rankOf.length; position++) {
        if (rankOf[position] < order.length) order[rankOf[position]] = rowOf(position);
    }
    return {
        options: JSON.stringify(opts),
        fits: prefixFits(process, plan, columns, order, sizes, parseRules(process), opts),
        served
    };
}

/** The prepared fits' `ClosedTable.prefixFit` for a fit over `positions`, if they hold its prefixes. */
function preparedFor(
    prepared: PreparedFits | null,
    positions: ArrayLike<number>,
    opts: ResolvedOptions,
    rankOf: Int32Array
): ((count: number) => PrefixFit | null) | undefined {
    if (prepared === null || JSON.stringify(opts) !== prepared.options || !leadsCloseOrder(positions, rankOf))
        return undefined;
    return (count) => prepared.fits.get(count) ?? null;
}

/**
 * A run's closed deals, found once for all its fits (`closedRows`). `reconcile` fits about ten times on
 * subsets of the same paths (now, each time-split cut-off, the calibration's training side); through
 * `fitBenchmarks` every fit would read every deal again. Here the deals are read once and a fit is a
 * list of positions in `paths`.
 */
export interface ClosedRows extends RowFits {
    /** The closed deals among the paths given (outcome not open), in their order. */
    readonly paths: readonly DealPath[];
    /**
     * Positions in `paths`, in order, of the deals whose close day is before `asOf` (`YYYY-MM-DD`): those
     * with a `closedAt` whose first ten characters sort before `asOf` (as strings), the deals and the
     * order `closedBefore` (src/ops/learn.ts) gives.
     */
    closedBefore(asOf: string): Int32Array;
    /**
     * The rows of the deals at `positions` (read now where no fit has read them yet) and what a fit reads
     * of those deals besides, as data another thread can be handed (`ShippedRows`); `shippedRows` then
     * fits any increasing list of these positions as `fit` does. The columns are views of this handle's
     * own, not copies, in shared memory where the runtime has it (`closedColumns`): a structured clone
     * shares them with another thread. A row once read never changes and rows read later go past the
     * views' ends, so what was shipped stays as it was shipped.
     */
    ship(positions: ArrayLike<number>): ShippedRows;
}

/**
 * A run's closed rows without the paths (`ClosedRows.ship`): typed arrays, the answer slots' distinct
 * answers, and strings, which a structured clone carries exactly (-0, NaN, null, booleans; JSON would
 * not). Positions are the run's (`ClosedRows.paths`); only the shipped ones have a row.
 */
export interface ShippedRows {
    /** The layout the rows were read in: the open stages, and per stage the fields of its parameters. */
    stages: string[];
    fields: string[][];
    /** Per position, its row in the columns below; -1 when not shipped. */
    rowOf: Int32Array;
    /** Per position, its rank in close order (`closeOrder`, a stable sort of all the run's closed deals). */
    closeRank: Int32Array;
    /** Per shipped position, its close day (`closedOn`) as an index into `closeDays`; -1 when not shipped. */
    closeDay: Int32Array;
    closeDays: string[];
    /** The columns of `ClosedColumns` (first `won.length` rows), and per answer slot its `AnswerValues`. */
    won: Uint8Array;
    visits: Int32Array[];
    dayStarts: Int32Array;
    days: Float64Array;
    answers: Array<Uint16Array | Int32Array>;
    values: FieldValue[][];
    numbers: Float64Array[];
}

function checkedPosition(i: number, count: number): number {
    if (!(i >= 0 && i < count && Number.isInteger(i)))
        throw new RangeError(`no closed deal at position ${i} (of ${count})`);
    return i;
}

/**
 * The closed deals among `paths` as a handle every fit of one run reads (`ClosedRows`). It is a snapshot
 * for that run: which deals are closed and on which day is taken when it is built, and each deal's row
 * (its answers, days and outcome) when a fit first needs it, then kept; a path changed after that is not
 * read again (`fitBenchmarks` reads its paths afresh; use it where paths change between fits). Rows are
 * read only when a fit needs them, so a path that cannot be read throws in the fits that include it, as
 * it does through `fitBenchmarks`.
 */
export function closedRows(process: ProcessDefinition, paths: readonly DealPath[]): ClosedRows {
    const plan = fitPlan(process);
    const closed = paths.filter((path) => path.outcome !== 'open');
    // Each deal's close day as its rank among the distinct days in string order: a cut-off is then one
    // binary search and an integer compare per deal, the same test as comparing the strings.
    const dayIds = new Map<string, number>();
    const dayIdOf = new Int32Array(closed.length);
    for (let i = 0; i < closed.length; i++) {
        const closedAt = closed[i].closedAt;
        if (closedAt === null) {
            dayIdOf[i] = -1;
            continue;
        }
        const day = closedAt.slice(0, 10);
        let id = dayIds.get(day);
        if (id === undefined) {
            id = dayIds.size;
            dayIds.set(day, id);
        }
        dayIdOf[i] = id;
    }
    const days = [...dayIds.keys()].sort();
    const rankOfId = new Int32Array(days.length);
    days.forEach((day, rank) => {
        rankOfId[dayIds.get(day) as number] = rank;
    });
    // No close day: never before any cut-off.
    const dayRank = new Int32Array(closed.length);
    for (let i = 0; i < closed.length; i++) dayRank[i] = dayIdOf[i] < 0 ? days.length : rankOfId[dayIdOf[i]];
    const columns = closedColumns(plan.layout, closed.length);
    const rowOf = new Int32Array(closed.length).fill(-1);
    const rowAt = (i: number): number => {
        checkedPosition(i, closed.length);
        if (rowOf[i] < 0) rowOf[i] = appendRow(columns, closed[i]);
        return rowOf[i];
    };
    // Each closed deal's rank in close order, sorted once for every fit's strength check (on first need).
    let rankOf: Int32Array | null = null;
    let prepared: PreparedFits | null = null;
    const closeRanks = (): Int32Array => {
        if (!rankOf) {
            rankOf = new Int32Array(closed.length);
            const byClose = pathsInCloseOrder(closed);
            for (let r = 0; r < byClose.length; r++) rankOf[byClose[r]] = r;
        }
        return rankOf;
    };
    return {
        paths: closed,
        closedBefore(asOf) {
            // How many distinct days sort before asOf: a deal is before it when its day's rank is lower.
            const low = firstIndex(days.length, (k) => days[k] >= asOf);
            const before = new Int32Array(closed.length);
            let count = 0;
            for (let i = 0; i < closed.length; i++) if (dayRank[i] < low) before[count++] = i;
            return before.slice(0, count);
        },
        fit(positions, options) {
            const rows = new Int32Array(positions.length);
            for (let k = 0; k < positions.length; k++) rows[k] = rowAt(positions[k]);
            const opts = resolve(options);
            return fitTable(
                process,
                plan,
                {
                    columns,
                    rows,
                    // Ranks stand for the table's own sort only when the fit lists its deals in path order
                    // (ties then fall the same way); any other list is sorted as `fitBenchmarks` sorts it.
                    inCloseOrder: () => {
                        if (strictlyIncreasing(positions))
                            return byRank(positions, closeRanks(), closed.length);
                        return pathsInCloseOrder(Array.from(positions, (i) => closed[i]));
                    },
                    closedOn: (k) => closedOn(closed[positions[k]]),
                    prefixFit: prepared ? preparedFor(prepared, positions, opts, closeRanks()) : undefined
                },
                options,
                opts
            );
        },
        prepare(fits) {
            prepared = prepareFits(process, plan, columns, closeRanks(), rowAt, fits);
            return prepared?.served ?? 0;
        },
        ship(positions) {
            const shippedRow = new Int32Array(closed.length).fill(-1);
            const closeDay = new Int32Array(closed.length).fill(-1);
            const dayIndex = new Map<string, number>();
            // A deal with a close instant has its day's id already (`dayIdOf`): its index found by id.
            const indexOfDayId = new Int32Array(dayIds.size).fill(-1);
            for (let k = 0; k < positions.length; k++) {
                const i = positions[k];
                shippedRow[i] = rowAt(i);
                const id = dayIdOf[i];
                let index = id >= 0 ? indexOfDayId[id] : -1;
                if (index < 0) {
                    const day = closedOn(closed[i]);
                    index = dayIndex.get(day) ?? -1;
                    if (index < 0) {
                        index = dayIndex.size;
                        dayIndex.set(day, index);
                    }
                    if (id >= 0) indexOfDayId[id] = index;
                }
                closeDay[i] = index;
            }
            const { layout, size } = columns;
            return {
                stages: [...layout.stages],
                fields: layout.keys.map((keys) => keys.map((key) => key.name)),
                rowOf: shippedRow,
                closeRank: closeRanks(),
                closeDay,
                closeDays: [...dayIndex.keys()],
                won: columns.won.subarray(0, size),
                visits: columns.visits.map((column) => column.subarray(0, size)),
                dayStarts: columns.dayStarts.subarray(0, size * layout.stages.length + 1),
                days: columns.days.subarray(0, columns.dayCount),
                answers: columns.answers.map((column) => column.subarray(0, size)),
                values: columns.tables.map((table) => table.values.slice()),
                numbers: columns.tables.map((table) => Float64Array.from(table.numbers))
            };
        }
    };
}

/**
 * Fits over rows another thread read (`ClosedRows.ship`), with the same `fitTable` as `closedRows`, so
 * each fit is the one `ClosedRows.fit` gives for the same positions. Positions must be shipped ones,
 * listed in increasing order (every fit of a run lists its deals in path order; the close order of any
 * other list would need the paths). `process` must lay its rows out as the sender's did (checked).
 *
 * @throws RangeError for a position not shipped or out of order.
 */
export function shippedRows(process: ProcessDefinition, shipped: ShippedRows): RowFits {
    const plan = fitPlan(process);
    const { layout } = plan;
    const fields = layout.keys.map((keys) => keys.map((key) => key.name));
    if (JSON.stringify([layout.stages, fields]) !== JSON.stringify([shipped.stages, shipped.fields]))
        throw new Error('shipped rows were read for another process: its open stages or their fields differ');
    const columns: FitColumns = {
        won: shipped.won,
        visits: shipped.visits,
        dayStarts: shipped.dayStarts,
        days: shipped.days,
        answers: shipped.answers,
        tables: shipped.values.map((values, slot) => ({ values, numbers: shipped.numbers[slot] }))
    };
    const count = shipped.rowOf.length;
    let prepared: PreparedFits | null = null;
    return {
        prepare(fits) {
            prepared = prepareFits(
                process,
                plan,
                columns,
                shipped.closeRank,
                (position) => {
                    const row = shipped.rowOf[position];
                    if (row < 0) throw new RangeError(`the deal at position ${position} was not shipped`);
                    return row;
                },
                fits
            );
            return prepared?.served ?? 0;
        },
        fit(positions, options) {
            const rows = new Int32Array(positions.length);
            for (let k = 0; k < positions.length; k++) {
                const i = checkedPosition(positions[k], count);
                if (k > 0 && i <= positions[k - 1])
                    throw new RangeError(`positions out of order: ${i} after ${positions[k - 1]}`);
                rows[k] = shipped.rowOf[i];
                if (rows[k] < 0) throw new RangeError(`the deal at position ${i} was not shipped`);
            }
            return fitTable(
                process,
                plan,
                {
                    columns,
                    rows,
                    inCloseOrder: () => byRank(positions, shipped.closeRank, count),
                    closedOn: (k) => shipped.closeDays[shipped.closeDay[positions[k]]],
                    prefixFit: preparedFor(prepared, positions, resolve(options), shipped.closeRank)
                },
                options,
                resolve(options)
            );
        }
    };
}
