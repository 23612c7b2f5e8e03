/**
 * The adjusted period forecast: what a period will book, learned from the company's own history
 * without looking past the as-of date.
 *
 *   expected bookings = booked so far
 *                     + Σ open deals P(won within the period | stage, days in stage, close-date
 *                       pushes, where the close date falls, days left) × amount × amount change
 *                     + bookings from deals not yet created
 *
 * Each rate is learned from "analogous dates": for every complete past period whose outcome was
 * known on the as-of date, the pipeline is rebuilt the same number of days before that period's end,
 * and what happened by the end is counted. So a forecast two weeks before quarter end learns from
 * past quarters two weeks before their end, never from anything after the as-of date. Close rates
 * are Beta-shrunk through a ladder of coarser cells (where the close date falls → stage → close-date
 * pushes → days in stage), amount change is the ratio of booked to then-stated amount by stage, and
 * the not-yet-created term is what past periods booked from deals created after the analogous date.
 *
 * The range (10th–90th percentile) is a seeded Monte-Carlo of the same terms: each open deal won or
 * not with its probability (a Poisson-binomial over amounts) plus a not-yet-created amount drawn
 * from the past periods' values; with more than 250 open deals the deals' sum is taken as normal.
 */
import { addDays, daysBetween, endOfDay, inPeriod, periodOf, toDate, toTimestamp } from './periods';
import { lastTimeAtOrBefore, pathTimes } from './history';
import type { PathTimes } from './history';
import { firstIndex, groupsInTextOrder, mape, meanBias, percentile, seededUniform } from './stats';
import type { DealPath, ForecastCategory, Period, PeriodSpec, ProcessDefinition } from './types';

/** Pseudo-deals of the Beta prior that pulls a cell's close rate toward its coarser parent cell. */
export const CELL_PRIOR_STRENGTH = 10;
/** Pseudo-won-deals of the prior pulling a stage's amount change toward the overall one. */
export const AMOUNT_PRIOR_STRENGTH = 10;
/** How many complete past periods the rates learn from (the most recent whose outcome was known). */
export const DEFAULT_TRAINING_PERIODS = 8;
/** Monte-Carlo draws for the range. */
export const RANGE_DRAWS = 4000;
/** The range is the 10th to the 90th percentile: an 80% range. */
export const RANGE_LOW = 0.1;
export const RANGE_HIGH = 0.9;

/** Days-in-stage buckets: under 14 days, 14–44, 45 or more. */
export const AGE_BUCKETS: readonly number[] = [14, 45];

export type DueBucket = 'overdue' | 'inPeriod' | 'later';

/** An open deal as it stood at the end of a day: what the rates condition on. */
export interface OpenDealState {
    id: string;
    ownerId: string;
    stage: string;
    /** Amount as of then (blank counts as 0). */
    amount: number;
    /** Close date as of then. */
    closeDate: string;
    statedProbability: number;
    forecastCategory: ForecastCategory | null;
    daysInStage: number;
    /** Close-date pushes (moves to a later date) up to then. */
    pushes: number;
}

/**
 * The open pipeline at the end of a day: entry i is one open deal, in the order of the history's paths.
 * Held as columns (a few typed arrays and arrays of shared strings), not as an object per open deal:
 * the backtest keeps a snapshot per analogous date (about fifty at 100k deals), and the forecast reads
 * them column by column. `deal(i)` and `open` build `OpenDealState` objects for callers that want them.
 */
export class PipelineSnapshot {
    constructor(
        /** `YYYY-MM-DD`. */
        readonly asOf: string,
        private readonly ids: readonly string[],
        private readonly owners: readonly string[],
        /** Positions of the open deals among the history's paths, ascending. */
        readonly positions: Int32Array,
        readonly stage: readonly string[],
        /** As of then (blank counts as 0). */
        readonly amount: Float64Array,
        readonly closeDate: readonly string[],
        readonly statedProbability: Float64Array,
        readonly forecastCategory: ReadonlyArray<ForecastCategory | null>,
        readonly daysInStage: Float64Array,
        /** Close-date pushes (moves to a later date) up to then. */
        readonly pushes: Int32Array
    ) {}

    /** Open deals at the end of the day. */
    get size(): number {
        return this.positions.length;
    }

    id(i: number): string {
        return this.ids[this.positions[i]];
    }

    ownerId(i: number): string {
        return this.owners[this.positions[i]];
    }

    /** Open deal i as an object. */
    deal(i: number): OpenDealState {
        return {
            id: this.id(i),
            ownerId: this.ownerId(i),
            stage: this.stage[i],
            amount: this.amount[i],
            closeDate: this.closeDate[i],
            statedProbability: this.statedProbability[i],
            forecastCategory: this.forecastCategory[i],
            daysInStage: this.daysInStage[i],
            pushes: this.pushes[i]
        };
    }

    /** Every open deal as an object, in path order (built on each call: the snapshot keeps columns). */
    get open(): OpenDealState[] {
        return Array.from({ length: this.size }, (_, i) => this.deal(i));
    }
}

/** A won deal as the forecast's training and the backtest's "booked" read it. */
export interface WonDeal {
    id: string;
    ownerId: string;
    amount: number;
    closeDate: string;
    createdDay: string;
    closedAt: number;
}

/** The push instants of every deal that never pushed its close date out (most of them): one shared list. */
const NO_PUSHES: readonly number[] = Object.freeze([]);

/** The instants a deal pushed its close date out, in order (the shared empty list for most deals). */
function pushTimesOf(path: DealPath): readonly number[] {
    const pushed = (c: DealPath['closeDateChanges'][number]) => c.to > c.from;
    if (!path.closeDateChanges.some(pushed)) return NO_PUSHES;
    return path.closeDateChanges.filter(pushed).map((c) => toTimestamp(c.at));
}

/** The paths in the order the sweep meets them: by creation day, and the closed ones by closing instant. */
interface SweepOrder {
    byCreation: Int32Array;
    byClose: Int32Array;
}

/** Where a path stands during a sweep. */
const NOT_CREATED = 0;
const OPEN = 1;
const CLOSED = 2;

/**
 * Deal paths indexed once for fast "as of" snapshots (stage, amount, close date, days in stage,
 * pushes), with the same reading of history as `pipelineAsOf`: a deal counts from its creation day,
 * takes the state of its last history row at or before the instant (its first row before that), and
 * counts as closed once its closing stage change had happened. Snapshots are cached by date, so the
 * backtest and its training share them.
 *
 * Snapshots come from a sweep (`snapshots`): the dates asked for together are visited in time order,
 * the open set kept as deals are created and closed (two lists sorted once), so a sweep costs the
 * deals created or closed by its last date plus the open deals at each date, not dates × deals.
 */
export class PipelineHistory {
    /**
     * Per path, by its position in `paths`: its instants (creation day, close, stage rows, visits),
     * parsed when the path was built; its creation instant; its push instants. Columns rather than an
     * object per path (56 bytes and a boxed number each, 7 MB at 100k deals).
     */
    private readonly times: PathTimes[];
    private readonly createdAt: Float64Array;
    private readonly pushTimes: Array<readonly number[]>;
    private readonly ids: string[];
    private readonly owners: string[];
    private readonly cache = new Map<string, PipelineSnapshot>();
    private order: SweepOrder | null = null;
    private readonly stageProbability: Map<string, number>;
    private readonly stageCategory: Map<string, ForecastCategory>;
    /** The first day any deal was created (null without deals). */
    readonly firstCreatedDay: string | null;
    /** Stage history rows across all deals: with none, nothing about the past can be rebuilt. */
    readonly stageHistoryRows: number;

    constructor(
        process: ProcessDefinition,
        readonly paths: readonly DealPath[]
    ) {
        this.stageProbability = new Map(process.stages.map((s) => [s.name, s.probability]));
        this.stageCategory = new Map(process.stages.map((s) => [s.name, s.forecastCategory]));
        let first: string | null = null;
        let rows = 0;
        this.createdAt = new Float64Array(paths.length);
        this.times = paths.map((path, i) => {
            // The instants the path's builder already parsed (see `pathTimes`), not parsed again.
            const times = pathTimes(path);
            const createdDay = times.createdDay;
            if (first === null || createdDay < first) first = createdDay;
            rows += times.stageRowCount;
            this.createdAt[i] = toTimestamp(path.deal.createdDate);
            return times;
        });
        this.pushTimes = paths.map(pushTimesOf);
        this.ids = paths.map((path) => path.deal.id);
        this.owners = paths.map((path) => path.deal.ownerId);
        this.firstCreatedDay = first;
        this.stageHistoryRows = rows;
    }

    private won: WonDeal[] | null = null;

    /** Won deals with their final amount, close date (`YYYY-MM-DD`), creation day and closing instant. */
    wonDeals(): readonly WonDeal[] {
        if (!this.won) {
            const won: WonDeal[] = [];
            this.paths.forEach((path, i) => {
                const times = this.times[i];
                if (path.outcome !== 'won' || times.closedAt === null) return;
                won.push({
                    id: path.deal.id,
                    ownerId: path.deal.ownerId,
                    amount: path.deal.amount ?? 0,
                    closeDate: toDate(path.deal.closeDate),
                    createdDay: times.createdDay,
                    closedAt: times.closedAt
                });
            });
            this.won = won;
        }
        return this.won;
    }

    private wonByCloseDate: Int32Array | null = null;
    private readonly wonInPeriod = new Map<string, Int32Array>();

    /**
     * Positions in `wonDeals()` of the won deals whose close date is within `period`, in their order
     * there: the forecasts' training reads each past period's wins for every forecast that learns from
     * it, so they are found once by binary search in the wins sorted by close date, not by a pass over
     * every win each time.
     */
    wonClosingIn(period: Period): Int32Array {
        const key = `${period.start}|${period.end}`;
        let found = this.wonInPeriod.get(key);
        if (!found) {
            const won = this.wonDeals();
            if (!this.wonByCloseDate) {
                const order = Array.from(won, (_, i) => i).sort((a, b) =>
                    byText(won[a].closeDate, won[b].closeDate, a, b)
                );
                this.wonByCloseDate = Int32Array.from(order);
            }
            const byDate = this.wonByCloseDate;
            const from = firstIndex(byDate.length, (k) => won[byDate[k]].closeDate >= period.start);
            const to = firstIndex(byDate.length, (k) => won[byDate[k]].closeDate > period.end);
            found = byDate.slice(from, Math.max(from, to)).sort();
            this.wonInPeriod.set(key, found);
        }
        return found;
    }

    /** The open pipeline at the end of `asOf` (`YYYY-MM-DD`). */
    snapshot(asOf: string): PipelineSnapshot {
        return this.snapshots([asOf])[0];
    }

    /** The open pipelines at the end of each of `days`, in their order; the ones not cached yet come from one sweep. */
    snapshots(days: readonly string[]): PipelineSnapshot[] {
        const normalised = days.map((day) => toDate(day));
        const missing = [...new Set(normalised.filter((day) => !this.cache.has(day)))].sort();
        if (missing.length > 0) this.sweep(missing);
        return normalised.map((day) => this.cache.get(day) as PipelineSnapshot);
    }

    private sweepOrder(): SweepOrder {
        if (!this.order) {
            const t = this.times;
            // Ties keep path order; the order within a date does not matter (a snapshot lists path order).
            const byCreation = inDayOrder(t.length, (i) => t[i].createdDay);
            // Closing instants copied into a column first: the sort compares them about 20 times per deal.
            let closedCount = 0;
            for (let i = 0; i < t.length; i++) if (t[i].closedAt !== null) closedCount++;
            const byClose = new Int32Array(closedCount);
            const closedAt = new Float64Array(t.length);
            for (let i = 0, k = 0; i < t.length; i++) {
                const at = t[i].closedAt;
                if (at === null) continue;
                byClose[k++] = i;
                closedAt[i] = at;
            }
            byClose.sort((a, b) => closedAt[a] - closedAt[b] || a - b);
            this.order = { byCreation, byClose };
        }
        return this.order;
    }

    /**
     * Snapshots of `days` (ascending, distinct, `YYYY-MM-DD`) into the cache. A deal is open at a day's
     * end once created by that day and until its closing instant has passed; the two sorted lists are
     * walked once, and only the open deals' state is read at each date.
     */
    private sweep(days: readonly string[]): void {
        const { byCreation, byClose } = this.sweepOrder();
        const state = new Uint8Array(this.times.length);
        let created = 0;
        let closed = 0;
        let open: number[] = [];
        for (const day of days) {
            const cutoff = endOfDay(day);
            while (closed < byClose.length && (this.times[byClose[closed]].closedAt as number) <= cutoff)
                state[byClose[closed++]] = CLOSED;
            while (created < byCreation.length && this.times[byCreation[created]].createdDay <= day) {
                const i = byCreation[created++];
                if (state[i] === NOT_CREATED) {
                    state[i] = OPEN;
                    open.push(i);
                }
            }
            open = open.filter((i) => state[i] === OPEN);
            this.cache.set(day, this.snapshotOf(day, cutoff, Int32Array.from(open).sort()));
        }
    }

    /** The state at `cutoff` of the open deals at `positions` (ascending), as columns. */
    private snapshotOf(day: string, cutoff: number, positions: Int32Array): PipelineSnapshot {
        const n = positions.length;
        const stages = new Array<string>(n);
        const amounts = new Float64Array(n);
        const closeDates = new Array<string>(n);
        const probabilities = new Float64Array(n);
        const categories = new Array<ForecastCategory | null>(n);
        const daysInStage = new Float64Array(n);
        const pushes = new Int32Array(n);
        for (let k = 0; k < n; k++) {
            const position = positions[k];
            const path = this.paths[position];
            const times = this.times[position];
            const deal = path.deal;
            // The stage-history row in force (the first before any; -1 without rows), read by position.
            const row = times.stageRowCount > 0 ? Math.max(0, times.lastRowAtOrBefore(cutoff)) : -1;
            const visitIndex = times.lastVisitAtOrBefore(cutoff);
            const visit = visitIndex >= 0 ? path.visits[visitIndex] : null;
            const stage = row >= 0 ? times.rowStage(row) : (visit?.stage ?? deal.stageName);
            const probability = row >= 0 ? times.rowProbability(row) : deal.probability;
            const enteredAt =
                visit && visit.stage === stage ? times.visitTime(visitIndex) : this.createdAt[position];
            stages[k] = stage;
            amounts[k] = (row >= 0 ? times.rowAmount(row) : deal.amount) ?? 0;
            closeDates[k] = (row >= 0 ? times.rowCloseDate(row) : null) ?? deal.closeDate;
            probabilities[k] = probability ?? this.stageProbability.get(stage) ?? 0;
            categories[k] =
                (row >= 0 ? times.rowCategory(row) : deal.forecastCategory) ??
                this.stageCategory.get(stage) ??
                null;
            daysInStage[k] = Math.max(0, (cutoff - enteredAt) / 86_400_000);
            pushes[k] = lastTimeAtOrBefore(this.pushTimes[position], cutoff) + 1;
        }
        return new PipelineSnapshot(
            day,
            this.ids,
            this.owners,
            positions,
            stages,
            amounts,
            closeDates,
            probabilities,
            categories,
            daysInStage,
            pushes
        );
    }
}

/**
 * The positions 0..n-1 ordered by their day text (as `<` orders texts), ties in position order: what a
 * stable sort by `dayOf` gives (`groupsInTextOrder`: 4 s at 1M deals as one sort of the texts).
 */
function inDayOrder(n: number, dayOf: (position: number) => string): Int32Array {
    const order = new Int32Array(n);
    let k = 0;
    for (const group of groupsInTextOrder(n, dayOf)) for (const i of group) order[k++] = i;
    return order;
}

/** Orders by text (dates as `YYYY-MM-DD`), then by position, so ties keep their order. */
function byText(x: string, y: string, a: number, b: number): number {
    if (x < y) return -1;
    if (x > y) return 1;
    return a - b;
}

/** Days-in-stage bucket index (0 = youngest). */
export function ageBucket(daysInStage: number): number {
    let bucket = 0;
    while (bucket < AGE_BUCKETS.length && daysInStage >= AGE_BUCKETS[bucket]) bucket++;
    return bucket;
}

/** Where a close date falls relative to the as-of date and the period's end. */
export function dueBucket(closeDate: string, asOf: string, periodEnd: string): DueBucket {
    if (closeDate <= asOf) return 'overdue';
    return closeDate <= periodEnd ? 'inPeriod' : 'later';
}

/** The cell ladder of an open deal, coarsest first (after the overall rate). */
export function cellKeys(deal: OpenDealState, asOf: string, periodEnd: string): string[] {
    return [
        ...ladderOf(deal.stage, dueBucket(deal.closeDate, asOf, periodEnd), deal.pushes, deal.daysInStage)
    ];
}

const DUE_BUCKETS: readonly DueBucket[] = ['overdue', 'inPeriod', 'later'];
/** Ladders per stage, slot by (due, pushes, age) bucket; bounded like the other caches (stages are few). */
const ladders = new Map<string, Array<readonly string[] | undefined>>();
const LADDER_STAGE_LIMIT = 1000;

/**
 * The cell ladder of a deal in `stage`: the same four keys for every deal in the same buckets, so it is
 * built once per stage and buckets and shared (frozen) by every example and deal that has it, instead of
 * four new strings per deal per analogous date.
 */
function ladderOf(stage: string, due: DueBucket, dealPushes: number, daysInStage: number): readonly string[] {
    const pushes = Math.min(dealPushes, 2);
    const age = ageBucket(daysInStage);
    const build = () => {
        const l2 = `${due}|${stage}`;
        const l3 = `${l2}|p${pushes}`;
        return Object.freeze([due, l2, l3, `${l3}|a${age}`]);
    };
    // Pushes are counts (0, 1, 2 after the cap); anything else (a hand-made state) is not memoised.
    if (!Number.isInteger(pushes) || pushes < 0) return build();
    const slot = (DUE_BUCKETS.indexOf(due) * 3 + pushes) * (AGE_BUCKETS.length + 1) + age;
    let slots = ladders.get(stage);
    if (!slots) {
        if (ladders.size >= LADDER_STAGE_LIMIT) ladders.clear();
        slots = [];
        ladders.set(stage, slots);
    }
    let keys = slots[slot];
    if (!keys) {
        keys = build();
        slots[slot] = keys;
    }
    return keys;
}

/** The cell ladder of open deal i of a snapshot taken at the end of `asOf`. */
function snapshotLadder(snapshot: PipelineSnapshot, i: number, asOf: string, periodEnd: string) {
    return ladderOf(
        snapshot.stage[i],
        dueBucket(snapshot.closeDate[i], asOf, periodEnd),
        snapshot.pushes[i],
        snapshot.daysInStage[i]
    );
}

/** One training example: an open deal on an analogous date and whether it was won within that period. */
export interface CloseExample {
    keys: readonly string[];
    stage: string;
    won: boolean;
    amountThen: number;
    amountBooked: number;
}

export interface CloseRateModel {
    overall: { won: number; n: number; rate: number };
    cells: Map<string, { won: number; n: number }>;
    /** Booked ÷ then-stated amount of deals won within the period, by stage (shrunk), and overall. */
    amountChange: Map<string, number>;
    amountChangeOverall: number;
    examples: number;
}

/**
 * The counts `fitCloseRates` fits from, added one example at a time: the forecast counts the open deals
 * of its training snapshots as it reads them instead of making an example object of each first (about
 * 220 MB of short-lived objects at 300,000 deals, all alive until the fit).
 */
export class CloseRateCounts {
    private readonly cells = new Map<string, { won: number; n: number }>();
    private readonly amountByStage = new Map<string, { then: number; booked: number; n: number }>();
    private won = 0;
    private n = 0;
    private thenTotal = 0;
    private bookedTotal = 0;

    add(
        keys: readonly string[],
        stage: string,
        won: boolean,
        amountThen: number,
        amountBooked: number
    ): void {
        this.n++;
        if (won) this.won++;
        // Index loops: `for...of` over the (frozen, shared) ladders made an iterator result per key, about
        // 200 MB of garbage at 300,000 deals.
        for (let k = 0; k < keys.length; k++) {
            const key = keys[k];
            const cell = this.cells.get(key);
            if (cell === undefined) this.cells.set(key, { won: won ? 1 : 0, n: 1 });
            else {
                cell.n++;
                if (won) cell.won++;
            }
        }
        if (won && amountThen > 0) {
            const a = this.amountByStage.get(stage);
            if (a === undefined)
                this.amountByStage.set(stage, { then: amountThen, booked: amountBooked, n: 1 });
            else {
                a.then += amountThen;
                a.booked += amountBooked;
                a.n++;
            }
            this.thenTotal += amountThen;
            this.bookedTotal += amountBooked;
        }
    }

    /** The fitted model of what was added; null when nothing was. Asked once all is added: it keeps the cells' map. */
    model(): CloseRateModel | null {
        const { n, won } = this;
        if (n === 0) return null;
        const amountChangeOverall = this.thenTotal > 0 ? this.bookedTotal / this.thenTotal : 1;
        const amountChange = new Map<string, number>();
        for (const [stage, a] of this.amountByStage) {
            const ratio = a.booked / a.then;
            amountChange.set(
                stage,
                (a.n * ratio + AMOUNT_PRIOR_STRENGTH * amountChangeOverall) / (a.n + AMOUNT_PRIOR_STRENGTH)
            );
        }
        return {
            overall: { won, n, rate: won / n },
            cells: this.cells,
            amountChange,
            amountChangeOverall,
            examples: n
        };
    }
}

/**
 * Close rates with Beta shrinkage down the cell ladder: each cell's rate is
 * (won + k·parent) / (n + k), k = `CELL_PRIOR_STRENGTH`, starting from the overall rate. A cell no
 * example reached takes its parent's rate. Null without examples.
 */
export function fitCloseRates(examples: readonly CloseExample[]): CloseRateModel | null {
    const counts = new CloseRateCounts();
    for (let x = 0; x < examples.length; x++) {
        const e = examples[x];
        counts.add(e.keys, e.stage, e.won, e.amountThen, e.amountBooked);
    }
    return counts.model();
}

/** P(won within the period) for a deal's cell ladder under a fitted model. */
export function closeRate(model: CloseRateModel, keys: readonly string[]): number {
    let rate = model.overall.rate;
    for (let k = 0; k < keys.length; k++) {
        const cell = model.cells.get(keys[k]);
        if (!cell) continue;
        rate = (cell.won + CELL_PRIOR_STRENGTH * rate) / (cell.n + CELL_PRIOR_STRENGTH);
    }
    return rate;
}

/** A term of the adjusted forecast for one open deal. */
export interface DealExpectation {
    id: string;
    ownerId: string;
    stage: string;
    forecastCategory: ForecastCategory | null;
    closeDate: string;
    due: DueBucket;
    /** Is the close date (as of then) within the period? Only such deals are in the stated forecast. */
    datedInPeriod: boolean;
    amount: number;
    /** The deal's term in the stated forecast: amount × stated probability if dated in the period, else 0. */
    statedExpected: number;
    /** P(won within the period). */
    probability: number;
    amountChange: number;
    /** probability × amount × amountChange. */
    expected: number;
}

export interface PeriodForecast {
    period: string;
    asOf: string;
    daysLeft: number;
    /** Σ amount × stated probability over open deals dated in the period, plus booked. */
    stated: number;
    /** Amount in Commit of open deals dated in the period, plus booked. */
    commit: number;
    booked: number;
    /** Expected bookings from deals open on the as-of date (any close date). */
    openDeals: number;
    /** Of which from deals dated outside the period (overdue or later). */
    openDealsDatedOutside: number;
    /** Expected bookings from deals created after the as-of date. */
    notYetCreated: number;
    /** Booked so far in the period, per owner id (sums to `booked`). */
    bookedByOwner: Record<string, number>;
    /**
     * The not-yet-created term split by the owner of the deals that made it in the training periods
     * (each owner's mean over those periods; sums to `notYetCreated`).
     */
    notYetCreatedByOwner: Record<string, number>;
    /** booked + openDeals + notYetCreated; null when no past period could teach the rates. */
    adjusted: number | null;
    /** 10th and 90th percentile of bookings (an 80% range). */
    low: number | null;
    high: number | null;
    /** What the rates rest on. */
    basis: {
        /** Past periods learned from (their ends before the as-of date), oldest first. */
        trainingPeriods: string[];
        /** Open-deal examples on the analogous dates. */
        examples: number;
        /** Share of those examples won within their period. */
        overallCloseRate: number | null;
        /** Not-yet-created bookings of each training period, in the same order. */
        notYetCreatedByPeriod: number[];
    };
    deals: DealExpectation[];
}

export interface PeriodForecastOptions {
    trainingPeriods?: number;
    draws?: number;
}

/** Complete periods before `period` whose end is on or before `asOf` and which lie wholly in the history. */
function trainingPeriodsFor(
    history: PipelineHistory,
    period: Period,
    asOf: string,
    spec: PeriodSpec,
    count: number
): Period[] {
    const first = history.firstCreatedDay;
    if (first === null) return [];
    const periods: Period[] = [];
    let current = periodOf(addDays(period.start, -1), spec);
    while (periods.length < count && current.start >= first) {
        if (current.end <= asOf) periods.push(current);
        current = periodOf(addDays(current.start, -1), spec);
    }
    return periods.reverse();
}

/** The days `forecastPeriod` reads the pipeline at: each training period's analogous date, then `asOf`. */
export function forecastDays(
    history: PipelineHistory,
    period: Period,
    asOf: string,
    spec: PeriodSpec,
    options: PeriodForecastOptions = {}
): string[] {
    return forecastPlan(history, period, asOf, spec, options).days;
}

function forecastPlan(
    history: PipelineHistory,
    period: Period,
    asOf: string,
    spec: PeriodSpec,
    options: PeriodForecastOptions
) {
    const day = toDate(asOf);
    const daysLeft = Math.round(daysBetween(day, period.end));
    const training = trainingPeriodsFor(
        history,
        period,
        day,
        spec,
        options.trainingPeriods ?? DEFAULT_TRAINING_PERIODS
    );
    const analogous = training.map((past) => addDays(past.end, -daysLeft));
    return { day, daysLeft, training, analogous, days: [...analogous, day] };
}

/**
 * The adjusted forecast of `period` as of the end of `asOf`, with its range. Learns only from deals
 * and history known by then: training periods ended on or before `asOf`, and a deal counts as won
 * within one only if it had closed won by `asOf`.
 */
export function forecastPeriod(
    history: PipelineHistory,
    period: Period,
    asOf: string,
    spec: PeriodSpec,
    options: PeriodForecastOptions = {}
): PeriodForecast {
    const {
        day,
        daysLeft,
        training,
        analogous: analogousDays,
        days
    } = forecastPlan(history, period, asOf, spec, options);
    const known = endOfDay(day);
    // Every day this forecast reads, from one sweep (the ones already cached are not read again).
    const snapshots = history.snapshots(days);

    const won = history.wonDeals();
    const counts = new CloseRateCounts();
    const notYetCreatedByPeriod: number[] = [];
    const notYetCreatedByOwner: Record<string, number> = {};
    training.forEach((past, t) => {
        const analogous = analogousDays[t];
        const snapshot = snapshots[t];
        const wonIn = new Map<string, number>();
        let createdAfter = 0;
        // Index loops: `for...of` over the positions made an iterator result per win read.
        const wins = history.wonClosingIn(past);
        for (let j = 0; j < wins.length; j++) {
            const w = won[wins[j]];
            // Only what was known on the as-of date: won by then.
            if (w.closedAt > known) continue;
            wonIn.set(w.id, w.amount);
            if (w.createdDay > analogous) {
                createdAfter += w.amount;
                notYetCreatedByOwner[w.ownerId] =
                    (notYetCreatedByOwner[w.ownerId] ?? 0) + w.amount / training.length;
            }
        }
        notYetCreatedByPeriod.push(createdAfter);
        for (let i = 0; i < snapshot.size; i++) {
            const booked = wonIn.get(snapshot.id(i));
            counts.add(
                snapshotLadder(snapshot, i, analogous, past.end),
                snapshot.stage[i],
                booked !== undefined,
                snapshot.amount[i],
                booked ?? 0
            );
        }
    });
    const model = counts.model();

    const now = snapshots[snapshots.length - 1];
    let booked = 0;
    const bookedByOwner: Record<string, number> = {};
    // Won by the end of the day: closed won by then, among the deals created by then.
    const wins = history.wonClosingIn(period);
    for (let j = 0; j < wins.length; j++) {
        const w = won[wins[j]];
        if (w.closedAt > known || w.createdDay > day) continue;
        booked += w.amount;
        bookedByOwner[w.ownerId] = (bookedByOwner[w.ownerId] ?? 0) + w.amount;
    }
    let stated = booked;
    let commit = booked;
    const deals: DealExpectation[] = [];
    for (let i = 0; i < now.size; i++) {
        const amount = now.amount[i];
        const closeDate = now.closeDate[i];
        const statedProbability = now.statedProbability[i];
        const dated = inPeriod(closeDate, period);
        if (dated) {
            stated += amount * statedProbability;
            if (now.forecastCategory[i] === 'Commit') commit += amount;
        }
        if (!model) continue;
        const stage = now.stage[i];
        const probability = closeRate(model, snapshotLadder(now, i, day, period.end));
        const amountChange = model.amountChange.get(stage) ?? model.amountChangeOverall;
        deals.push({
            id: now.id(i),
            ownerId: now.ownerId(i),
            stage,
            forecastCategory: now.forecastCategory[i],
            closeDate,
            due: dueBucket(closeDate, day, period.end),
            datedInPeriod: dated,
            amount,
            statedExpected: dated ? amount * statedProbability : 0,
            probability,
            amountChange,
            expected: probability * amount * amountChange
        });
    }
    const openDeals = deals.reduce((s, d) => s + d.expected, 0);
    const openDealsDatedOutside = deals
        .filter((d) => !inPeriod(d.closeDate, period))
        .reduce((s, d) => s + d.expected, 0);
    const notYetCreated =
        notYetCreatedByPeriod.length > 0
            ? notYetCreatedByPeriod.reduce((a, b) => a + b, 0) / notYetCreatedByPeriod.length
            : 0;
    const range = model
        ? bookingsRange(
              booked,
              deals.map((d) => ({ probability: d.probability, amount: d.amount * d.amountChange })),
              notYetCreatedByPeriod,
              `${period.key}|${day}`,
              options.draws ?? RANGE_DRAWS
          )
        : null;
    return {
        period: period.key,
        asOf: day,
        daysLeft,
        stated,
        commit,
        booked,
        openDeals,
        openDealsDatedOutside,
        notYetCreated,
        bookedByOwner,
        notYetCreatedByOwner,
        adjusted: model ? booked + openDeals + notYetCreated : null,
        low: range?.low ?? null,
        high: range?.high ?? null,
        basis: {
            trainingPeriods: training.map((p) => p.key),
            examples: model?.examples ?? 0,
            overallCloseRate: model?.overall.rate ?? null,
            notYetCreatedByPeriod
        },
        deals
    };
}

/** How a period forecast is split: the whole, per forecast category, or per owner id. */
export type ForecastGroupBy = 'total' | 'forecastCategory' | 'owner';

/** The forecast-category group of the not-yet-created term: such deals have no category yet. */
export const NOT_YET_CREATED_GROUP = 'Not yet created';

/** One group's share of a period forecast; the groups of a split add up to the forecast's terms. */
export interface PeriodForecastGroup {
    /** '*' for the total, a forecast category (or `NOT_YET_CREATED_GROUP`), or an owner id. */
    group: string;
    /** Closed won in the period by the as-of date. */
    booked: number;
    /** booked + Σ amount × stated probability over the group's open deals dated in the period. */
    stated: number;
    /** Σ P(won by period end) × amount × amount change over the group's open deals (any close date). */
    openDeals: number;
    /** The group's share of the not-yet-created term. */
    notYetCreated: number;
    /** booked + openDeals + notYetCreated: the group's share of the adjusted period forecast. */
    adjusted: number;
}

/**
 * Splits a period forecast by group, term by term, from the same per-deal terms: open deals by their
 * owner or forecast category (blank counts as Pipeline); booked by owner, or as Closed; the
 * not-yet-created term by the owners whose deals made it in the training periods, or as its own
 * category (`NOT_YET_CREATED_GROUP`). Null when the forecast has no adjusted figure.
 */
export function periodForecastGroups(
    forecast: PeriodForecast,
    groupBy: ForecastGroupBy
): PeriodForecastGroup[] | null {
    if (forecast.adjusted === null) return null;
    const groups = new Map<string, PeriodForecastGroup>();
    const entry = (group: string): PeriodForecastGroup => {
        let g = groups.get(group);
        if (!g) {
            g = { group, booked: 0, stated: 0, openDeals: 0, notYetCreated: 0, adjusted: 0 };
            groups.set(group, g);
        }
        return g;
    };
    const dealGroup = (d: DealExpectation): string => {
        if (groupBy === 'total') return '*';
        return groupBy === 'owner' ? d.ownerId : (d.forecastCategory ?? 'Pipeline');
    };
    if (groupBy === 'owner') {
        for (const [owner, amount] of Object.entries(forecast.bookedByOwner)) entry(owner).booked += amount;
        for (const [owner, amount] of Object.entries(forecast.notYetCreatedByOwner))
            entry(owner).notYetCreated += amount;
    } else {
        if (forecast.booked !== 0) entry(groupBy === 'total' ? '*' : 'Closed').booked += forecast.booked;
        if (forecast.notYetCreated !== 0)
            entry(groupBy === 'total' ? '*' : NOT_YET_CREATED_GROUP).notYetCreated += forecast.notYetCreated;
    }
    for (const d of forecast.deals) {
        const g = entry(dealGroup(d));
        g.stated += d.statedExpected;
        g.openDeals += d.expected;
    }
    return [...groups.values()].map((g) => ({
        ...g,
        stated: g.booked + g.stated,
        adjusted: g.booked + g.openDeals + g.notYetCreated
    }));
}

/**
 * Deal × draw budget of the Monte-Carlo: up to it (250 open deals at 4,000 draws) the range is
 * simulated; beyond it the open deals' sum is many small independent terms and its normal
 * approximation (Lyapunov's central limit theorem) is used instead, so the cost stays linear in deals.
 */
export const MONTE_CARLO_BUDGET = 1_000_000;

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; error below 1.5e-7). */
export function normalCdf(z: number): number {
    const x = Math.abs(z) / Math.SQRT2;
    const t = 1 / (1 + 0.3275911 * x);
    const poly =
        t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    const erf = 1 - poly * Math.exp(-x * x);
    return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/**
 * The 10th and 90th percentile of booked + Σ Bernoulli(p_i)·amount_i + C, C drawn uniformly from
 * the past periods' not-yet-created bookings (0 without any): a Monte-Carlo seeded with `seed` while
 * deals × draws stays within `MONTE_CARLO_BUDGET`, else the open deals' sum taken as normal (mean
 * Σ p·a, variance Σ p(1 − p)·a²) mixed over the values of C, its quantiles found by bisection.
 */
export function bookingsRange(
    booked: number,
    deals: ReadonlyArray<{ probability: number; amount: number }>,
    notYetCreated: readonly number[],
    seed: string,
    draws: number = RANGE_DRAWS
): { low: number; high: number } {
    if (deals.length * draws > MONTE_CARLO_BUDGET) return normalRange(booked, deals, notYetCreated);
    const random = seededUniform(seed);
    const totals: number[] = new Array(draws);
    for (let i = 0; i < draws; i++) {
        let total = booked;
        for (const d of deals) if (random.next() < d.probability) total += d.amount;
        if (notYetCreated.length > 0)
            total += notYetCreated[Math.floor(random.next() * notYetCreated.length)];
        totals[i] = total;
    }
    return { low: percentile(totals, RANGE_LOW) as number, high: percentile(totals, RANGE_HIGH) as number };
}

function normalRange(
    booked: number,
    deals: ReadonlyArray<{ probability: number; amount: number }>,
    notYetCreated: readonly number[]
): { low: number; high: number } {
    let mean = booked;
    let variance = 0;
    for (const d of deals) {
        mean += d.probability * d.amount;
        variance += d.probability * (1 - d.probability) * d.amount * d.amount;
    }
    const created = notYetCreated.length > 0 ? notYetCreated : [0];
    const sd = Math.sqrt(variance);
    if (!(sd > 0)) {
        const values = created.map((c) => mean + c);
        return {
            low: percentile(values, RANGE_LOW) as number,
            high: percentile(values, RANGE_HIGH) as number
        };
    }
    const cdf = (x: number) =>
        created.reduce((sum, c) => sum + normalCdf((x - mean - c) / sd), 0) / created.length;
    const quantile = (q: number) => {
        let low = mean + Math.min(...created) - 10 * sd;
        let high = mean + Math.max(...created) + 10 * sd;
        for (let i = 0; i < 100 && high - low > 1e-9 * Math.max(1, Math.abs(high)); i++) {
            const mid = (low + high) / 2;
            if (cdf(mid) < q) low = mid;
            else high = mid;
        }
        return (low + high) / 2;
    };
    return { low: quantile(RANGE_LOW), high: quantile(RANGE_HIGH) };
}

/** One past period's forecast k weeks before its end, against what it booked. */
export interface PeriodBacktestPoint {
    period: string;
    asOf: string;
    weeksOut: number;
    booked: number;
    forecast: PeriodForecast;
}

/**
 * Rebuilds each past period's stated and adjusted forecast `k` weeks before its end, learning only
 * from what was known then. `booked` is the closed-won amount whose final close date is in the period.
 */
export function backtestPeriods(
    history: PipelineHistory,
    periods: readonly Period[],
    spec: PeriodSpec,
    weeksOut: readonly number[],
    options: PeriodForecastOptions = {}
): PeriodBacktestPoint[] {
    const won = history.wonDeals();
    // Every day the backtest's forecasts read, from one sweep.
    history.snapshots(
        periods.flatMap((period) =>
            weeksOut.flatMap((weeks) =>
                forecastDays(history, period, addDays(period.end, -7 * weeks), spec, options)
            )
        )
    );
    const points: PeriodBacktestPoint[] = [];
    for (const period of periods) {
        const booked = won
            .filter((w) => w.closeDate >= period.start && w.closeDate <= period.end)
            .reduce((s, w) => s + w.amount, 0);
        for (const weeks of weeksOut) {
            const asOf = addDays(period.end, -7 * weeks);
            points.push({
                period: period.key,
                asOf,
                weeksOut: weeks,
                booked,
                forecast: forecastPeriod(history, period, asOf, spec, options)
            });
        }
    }
    return points;
}

export interface ErrorSummary {
    /** Mean |forecast − booked| / booked; never clipped (1.25 is a 125% error). */
    mape: number | null;
    /** Mean (forecast − booked) / booked: positive means over-forecast. */
    bias: number | null;
}

export interface HorizonAccuracy {
    weeksOut: number;
    /** Past periods behind every number of this row (booked something, and an adjusted forecast existed). */
    periods: number;
    stated: ErrorSummary;
    adjusted: ErrorSummary;
    commit: ErrorSummary;
    /** How often the booked amount fell inside the 80% range. */
    rangeCoverage80: { inside: number; periods: number; share: number | null };
}

/**
 * Accuracy per horizon over the points whose period booked something and whose adjusted forecast
 * could be learned: stated, adjusted and commit on the same periods, so they compare.
 */
export function backtestAccuracy(
    points: readonly PeriodBacktestPoint[],
    weeksOut: readonly number[]
): HorizonAccuracy[] {
    return weeksOut.map((k) => {
        const usable = points.filter(
            (p) => p.weeksOut === k && p.booked !== 0 && p.forecast.adjusted !== null
        );
        const summary = (pick: (p: PeriodBacktestPoint) => number): ErrorSummary => {
            const pairs = usable.map((p) => ({ forecast: pick(p), actual: p.booked }));
            return { mape: mape(pairs), bias: meanBias(pairs) };
        };
        const inside = usable.filter(
            (p) => (p.forecast.low as number) <= p.booked && p.booked <= (p.forecast.high as number)
        ).length;
        return {
            weeksOut: k,
            periods: usable.length,
            stated: summary((p) => p.forecast.stated),
            adjusted: summary((p) => p.forecast.adjusted as number),
            commit: summary((p) => p.forecast.commit),
            rangeCoverage80: {
                inside,
                periods: usable.length,
                share: usable.length > 0 ? inside / usable.length : null
            }
        };
    });
}
