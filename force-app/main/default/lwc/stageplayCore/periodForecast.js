// Generated from periodForecast.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
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
import { firstIndex, groupsInTextOrder, mape, meanBias, percentile, seededUniform } from './stats';
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
export const AGE_BUCKETS = [14, 45];
/**
 * The open pipeline at the end of a day: entry i is one open deal, in the order of the history's paths.
 * Held as columns (a few typed arrays and arrays of shared strings), not as an object per open deal:
 * the backtest keeps a snapshot per analogous date (about fifty at 100k deals), and the forecast reads
 * them column by column. `deal(i)` and `open` build `OpenDealState` objects for callers that want them.
 */
export class PipelineSnapshot {
    asOf;
    ids;
    owners;
    positions;
    stage;
    amount;
    closeDate;
    statedProbability;
    forecastCategory;
    daysInStage;
    pushes;
    constructor(
    /** `YYYY-MM-DD`. */
    asOf, ids, owners, 
    /** Positions of the open deals among the history's paths, ascending. */
    positions, stage, 
    /** As of then (blank counts as 0). */
    amount, closeDate, statedProbability, forecastCategory, daysInStage, 
    /** Close-date pushes (moves to a later date) up to then. */
    pushes) {
        this.asOf = asOf;
        this.ids = ids;
        this.owners = owners;
        this.positions = positions;
        this.stage = stage;
        this.amount = amount;
        this.closeDate = closeDate;
        this.statedProbability = statedProbability;
        this.forecastCategory = forecastCategory;
        this.daysInStage = daysInStage;
        this.pushes = pushes;
    }
    /** Open deals at the end of the day. */
    get size() {
        return this.positions.length;
    }
    id(i) {
        return this.ids[this.positions[i]];
    }
    ownerId(i) {
        return this.owners[this.positions[i]];
    }
    /** Open deal i as an object. */
    deal(i) {
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
    get open() {
        return Array.from({ length: this.size }, (_, i) => this.deal(i));
    }
}
/** The push instants of every deal that never pushed its close date out (most of them): one shared list. */
const NO_PUSHES = Object.freeze([]);
/** The instants a deal pushed its close date out, in order (the shared empty list for most deals). */
function pushTimesOf(path) {
    const pushed = (c) => c.to > c.from;
    if (!path.closeDateChanges.some(pushed))
        return NO_PUSHES;
    return path.closeDateChanges.filter(pushed).map((c) => toTimestamp(c.at));
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
    paths;
    /**
     * Per path, by its position in `paths`: its instants (creation day, close, stage rows, visits),
     * parsed when the path was built; its creation instant; its push instants. Columns rather than an
     * object per path (56 bytes and a boxed number each, 7 MB at 100k deals).
     */
    times;
    createdAt;
    pushTimes;
    ids;
    owners;
    cache = new Map();
    order = null;
    stageProbability;
    stageCategory;
    /** The first day any deal was created (null without deals). */
    firstCreatedDay;
    /** Stage history rows across all deals: with none, nothing about the past can be rebuilt. */
    stageHistoryRows;
    constructor(process, paths) {
        this.paths = paths;
        this.stageProbability = new Map(process.stages.map((s) => [s.name, s.probability]));
        this.stageCategory = new Map(process.stages.map((s) => [s.name, s.forecastCategory]));
        let first = null;
        let rows = 0;
        this.createdAt = new Float64Array(paths.length);
        this.times = paths.map((path, i) => {
            // The instants the path's builder already parsed (see `pathTimes`), not parsed again.
            const times = pathTimes(path);
            const createdDay = times.createdDay;
            if (first === null || createdDay < first)
                first = createdDay;
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
    won = null;
    /** Won deals with their final amount, close date (`YYYY-MM-DD`), creation day and closing instant. */
    wonDeals() {
        if (!this.won) {
            const won = [];
            this.paths.forEach((path, i) => {
                const times = this.times[i];
                if (path.outcome !== 'won' || times.closedAt === null)
                    return;
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
    wonByCloseDate = null;
    wonInPeriod = new Map();
    /**
     * Positions in `wonDeals()` of the won deals whose close date is within `period`, in their order
     * there: the forecasts' training reads each past period's wins for every forecast that learns from
     * it, so they are found once by binary search in the wins sorted by close date, not by a pass over
     * every win each time.
     */
    wonClosingIn(period) {
        const key = `${period.start}|${period.end}`;
        let found = this.wonInPeriod.get(key);
        if (!found) {
            const won = this.wonDeals();
            if (!this.wonByCloseDate) {
                const order = Array.from(won, (_, i) => i).sort((a, b) => byText(won[a].closeDate, won[b].closeDate, a, b));
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
    snapshot(asOf) {
        return this.snapshots([asOf])[0];
    }
    /** The open pipelines at the end of each of `days`, in their order; the ones not cached yet come from one sweep. */
    snapshots(days) {
        const normalised = days.map((day) => toDate(day));
        const missing = [...new Set(normalised.filter((day) => !this.cache.has(day)))].sort();
        if (missing.length > 0)
            this.sweep(missing);
        return normalised.map((day) => this.cache.get(day));
    }
    sweepOrder() {
        if (!this.order) {
            const t = this.times;
            // Ties keep path order; the order within a date does not matter (a snapshot lists path order).
            const byCreation = inDayOrder(t.length, (i) => t[i].createdDay);
            // Closing instants copied into a column first: the sort compares them about 20 times per deal.
            let closedCount = 0;
            for (let i = 0; i < t.length; i++)
                if (t[i].closedAt !== null)
                    closedCount++;
            const byClose = new Int32Array(closedCount);
            const closedAt = new Float64Array(t.length);
            for (let i = 0, k = 0; i < t.length; i++) {
                const at = t[i].closedAt;
                if (at === null)
                    continue;
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
    sweep(days) {
        const { byCreation, byClose } = this.sweepOrder();
        const state = new Uint8Array(this.times.length);
        let created = 0;
        let closed = 0;
        let open = [];
        for (const day of days) {
            const cutoff = endOfDay(day);
            while (closed < byClose.length && this.times[byClose[closed]].closedAt <= cutoff)
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
    snapshotOf(day, cutoff, positions) {
        const n = positions.length;
        const stages = new Array(n);
        const amounts = new Float64Array(n);
        const closeDates = new Array(n);
        const probabilities = new Float64Array(n);
        const categories = new Array(n);
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
            const enteredAt = visit && visit.stage === stage ? times.visitTime(visitIndex) : this.createdAt[position];
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
        return new PipelineSnapshot(day, this.ids, this.owners, positions, stages, amounts, closeDates, probabilities, categories, daysInStage, pushes);
    }
}
/**
 * The positions 0..n-1 ordered by their day text (as `<` orders texts), ties in position order: what a
 * stable sort by `dayOf` gives (`groupsInTextOrder`: 4 s at 1M deals as one sort of the texts).
 */
function inDayOrder(n, dayOf) {
    const order = new Int32Array(n);
    let k = 0;
    for (const group of groupsInTextOrder(n, dayOf))
        for (const i of group)
            order[k++] = i;
    return order;
}
/** Orders by text (dates as `YYYY-MM-DD`), then by position, so ties keep their order. */
function byText(x, y, a, b) {
    if (x < y)
        return -1;
    if (x > y)
        return 1;
    return a - b;
}
/** Days-in-stage bucket index (0 = youngest). */
export function ageBucket(daysInStage) {
    let bucket = 0;
    while (bucket < AGE_BUCKETS.length && daysInStage >= AGE_BUCKETS[bucket])
        bucket++;
    return bucket;
}
/** Where a close date falls relative to the as-of date and the period's end. */
export function dueBucket(closeDate, asOf, periodEnd) {
    if (closeDate <= asOf)
        return 'overdue';
    return closeDate <= periodEnd ? 'inPeriod' : 'later';
}
/** The cell ladder of an open deal, coarsest first (after the overall rate). */
export function cellKeys(deal, asOf, periodEnd) {
    return [
        ...ladderOf(deal.stage, dueBucket(deal.closeDate, asOf, periodEnd), deal.pushes, deal.daysInStage)
    ];
}
const DUE_BUCKETS = ['overdue', 'inPeriod', 'later'];
/** Ladders per stage, slot by (due, pushes, age) bucket; bounded like the other caches (stages are few). */
const ladders = new Map();
const LADDER_STAGE_LIMIT = 1000;
/**
 * The cell ladder of a deal in `stage`: the same four keys for every deal in the same buckets, so it is
 * built once per stage and buckets and shared (frozen) by every example and deal that has it, instead of
 * four new strings per deal per analogous date.
 */
function ladderOf(stage, due, dealPushes, daysInStage) {
    const pushes = Math.min(dealPushes, 2);
    const age = ageBucket(daysInStage);
    const build = () => {
        const l2 = `${due}|${stage}`;
        const l3 = `${l2}|p${pushes}`;
        return Object.freeze([due, l2, l3, `${l3}|a${age}`]);
    };
    // Pushes are counts (0, 1, 2 after the cap); anything else (a hand-made state) is not memoised.
    if (!Number.isInteger(pushes) || pushes < 0)
        return build();
    const slot = (DUE_BUCKETS.indexOf(due) * 3 + pushes) * (AGE_BUCKETS.length + 1) + age;
    let slots = ladders.get(stage);
    if (!slots) {
        if (ladders.size >= LADDER_STAGE_LIMIT)
            ladders.clear();
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
function snapshotLadder(snapshot, i, asOf, periodEnd) {
    return ladderOf(snapshot.stage[i], dueBucket(snapshot.closeDate[i], asOf, periodEnd), snapshot.pushes[i], snapshot.daysInStage[i]);
}
/**
 * The counts `fitCloseRates` fits from, added one example at a time: the forecast counts the open deals
 * of its training snapshots as it reads them instead of making an example object of each first (about
 * 220 MB of short-lived objects at 300,000 deals, all alive until the fit).
 */
export class CloseRateCounts {
    cells = new Map();
    amountByStage = new Map();
    won = 0;
    n = 0;
    thenTotal = 0;
    bookedTotal = 0;
    add(keys, stage, won, amountThen, amountBooked) {
        this.n++;
        if (won)
            this.won++;
        // Index loops: `for...of` over the (frozen, shared) ladders made an iterator result per key, about
        // 200 MB of garbage at 300,000 deals.
        for (let k = 0; k < keys.length; k++) {
            const key = keys[k];
            const cell = this.cells.get(key);
            if (cell === undefined)
                this.cells.set(key, { won: won ? 1 : 0, n: 1 });
            else {
                cell.n++;
                if (won)
                    cell.won++;
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
    model() {
        const { n, won } = this;
        if (n === 0)
            return null;
        const amountChangeOverall = this.thenTotal > 0 ? this.bookedTotal / this.thenTotal : 1;
        const amountChange = new Map();
        for (const [stage, a] of this.amountByStage) {
            const ratio = a.booked / a.then;
            amountChange.set(stage, (a.n * ratio + AMOUNT_PRIOR_STRENGTH * amountChangeOverall) / (a.n + AMOUNT_PRIOR_STRENGTH));
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
export function fitCloseRates(examples) {
    const counts = new CloseRateCounts();
    for (let x = 0; x < examples.length; x++) {
        const e = examples[x];
        counts.add(e.keys, e.stage, e.won, e.amountThen, e.amountBooked);
    }
    return counts.model();
}
/** P(won within the period) for a deal's cell ladder under a fitted model. */
export function closeRate(model, keys) {
    let rate = model.overall.rate;
    for (let k = 0; k < keys.length; k++) {
        const cell = model.cells.get(keys[k]);
        if (!cell)
            continue;
        rate = (cell.won + CELL_PRIOR_STRENGTH * rate) / (cell.n + CELL_PRIOR_STRENGTH);
    }
    return rate;
}
/** Complete periods before `period` whose end is on or before `asOf` and which lie wholly in the history. */
function trainingPeriodsFor(history, period, asOf, spec, count) {
    const first = history.firstCreatedDay;
    if (first === null)
        return [];
    const periods = [];
    let current = periodOf(addDays(period.start, -1), spec);
    while (periods.length < count && current.start >= first) {
        if (current.end <= asOf)
            periods.push(current);
        current = periodOf(addDays(current.start, -1), spec);
    }
    return periods.reverse();
}
/** The days `forecastPeriod` reads the pipeline at: each training period's analogous date, then `asOf`. */
export function forecastDays(history, period, asOf, spec, options = {}) {
    return forecastPlan(history, period, asOf, spec, options).days;
}
function forecastPlan(history, period, asOf, spec, options) {
    const day = toDate(asOf);
    const daysLeft = Math.round(daysBetween(day, period.end));
    const training = trainingPeriodsFor(history, period, day, spec, options.trainingPeriods ?? DEFAULT_TRAINING_PERIODS);
    const analogous = training.map((past) => addDays(past.end, -daysLeft));
    return { day, daysLeft, training, analogous, days: [...analogous, day] };
}
/**
 * The adjusted forecast of `period` as of the end of `asOf`, with its range. Learns only from deals
 * and history known by then: training periods ended on or before `asOf`, and a deal counts as won
 * within one only if it had closed won by `asOf`.
 */
export function forecastPeriod(history, period, asOf, spec, options = {}) {
    const { day, daysLeft, training, analogous: analogousDays, days } = forecastPlan(history, period, asOf, spec, options);
    const known = endOfDay(day);
    // Every day this forecast reads, from one sweep (the ones already cached are not read again).
    const snapshots = history.snapshots(days);
    const won = history.wonDeals();
    const counts = new CloseRateCounts();
    const notYetCreatedByPeriod = [];
    const notYetCreatedByOwner = {};
    training.forEach((past, t) => {
        const analogous = analogousDays[t];
        const snapshot = snapshots[t];
        const wonIn = new Map();
        let createdAfter = 0;
        // Index loops: `for...of` over the positions made an iterator result per win read.
        const wins = history.wonClosingIn(past);
        for (let j = 0; j < wins.length; j++) {
            const w = won[wins[j]];
            // Only what was known on the as-of date: won by then.
            if (w.closedAt > known)
                continue;
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
            counts.add(snapshotLadder(snapshot, i, analogous, past.end), snapshot.stage[i], booked !== undefined, snapshot.amount[i], booked ?? 0);
        }
    });
    const model = counts.model();
    const now = snapshots[snapshots.length - 1];
    let booked = 0;
    const bookedByOwner = {};
    // Won by the end of the day: closed won by then, among the deals created by then.
    const wins = history.wonClosingIn(period);
    for (let j = 0; j < wins.length; j++) {
        const w = won[wins[j]];
        if (w.closedAt > known || w.createdDay > day)
            continue;
        booked += w.amount;
        bookedByOwner[w.ownerId] = (bookedByOwner[w.ownerId] ?? 0) + w.amount;
    }
    let stated = booked;
    let commit = booked;
    const deals = [];
    for (let i = 0; i < now.size; i++) {
        const amount = now.amount[i];
        const closeDate = now.closeDate[i];
        const statedProbability = now.statedProbability[i];
        const dated = inPeriod(closeDate, period);
        if (dated) {
            stated += amount * statedProbability;
            if (now.forecastCategory[i] === 'Commit')
                commit += amount;
        }
        if (!model)
            continue;
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
    const notYetCreated = notYetCreatedByPeriod.length > 0
        ? notYetCreatedByPeriod.reduce((a, b) => a + b, 0) / notYetCreatedByPeriod.length
        : 0;
    const range = model
        ? bookingsRange(booked, deals.map((d) => ({ probability: d.probability, amount: d.amount * d.amountChange })), notYetCreatedByPeriod, `${period.key}|${day}`, options.draws ?? RANGE_DRAWS)
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
/** The forecast-category group of the not-yet-created term: such deals have no category yet. */
export const NOT_YET_CREATED_GROUP = 'Not yet created';
/**
 * Splits a period forecast by group, term by term, from the same per-deal terms: open deals by their
 * owner or forecast category (blank counts as Pipeline); booked by owner, or as Closed; the
 * not-yet-created term by the owners whose deals made it in the training periods, or as its own
 * category (`NOT_YET_CREATED_GROUP`). Null when the forecast has no adjusted figure.
 */
export function periodForecastGroups(forecast, groupBy) {
    if (forecast.adjusted === null)
        return null;
    const groups = new Map();
    const entry = (group) => {
        let g = groups.get(group);
        if (!g) {
            g = { group, booked: 0, stated: 0, openDeals: 0, notYetCreated: 0, adjusted: 0 };
            groups.set(group, g);
        }
        return g;
    };
    const dealGroup = (d) => {
        if (groupBy === 'total')
            return '*';
        return groupBy === 'owner' ? d.ownerId : (d.forecastCategory ?? 'Pipeline');
    };
    if (groupBy === 'owner') {
        for (const [owner, amount] of Object.entries(forecast.bookedByOwner))
            entry(owner).booked += amount;
        for (const [owner, amount] of Object.entries(forecast.notYetCreatedByOwner))
            entry(owner).notYetCreated += amount;
    }
    else {
        if (forecast.booked !== 0)
            entry(groupBy === 'total' ? '*' : 'Closed').booked += forecast.booked;
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
export function normalCdf(z) {
    const x = Math.abs(z) / Math.SQRT2;
    const t = 1 / (1 + 0.3275911 * x);
    const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    const erf = 1 - poly * Math.exp(-x * x);
    return z >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
/**
 * The 10th and 90th percentile of booked + Σ Bernoulli(p_i)·amount_i + C, C drawn uniformly from
 * the past periods' not-yet-created bookings (0 without any): a Monte-Carlo seeded with `seed` while
 * deals × draws stays within `MONTE_CARLO_BUDGET`, else the open deals' sum taken as normal (mean
 * Σ p·a, variance Σ p(1 − p)·a²) mixed over the values of C, its quantiles found by bisection.
 */
export function bookingsRange(booked, deals, notYetCreated, seed, draws = RANGE_DRAWS) {
    if (deals.length * draws > MONTE_CARLO_BUDGET)
        return normalRange(booked, deals, notYetCreated);
    const random = seededUniform(seed);
    const totals = new Array(draws);
    for (let i = 0; i < draws; i++) {
        let total = booked;
        for (const d of deals)
            if (random.next() < d.probability)
                total += d.amount;
        if (notYetCreated.length > 0)
            total += notYetCreated[Math.floor(random.next() * notYetCreated.length)];
        totals[i] = total;
    }
    return { low: percentile(totals, RANGE_LOW), high: percentile(totals, RANGE_HIGH) };
}
function normalRange(booked, deals, notYetCreated) {
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
            low: percentile(values, RANGE_LOW),
            high: percentile(values, RANGE_HIGH)
        };
    }
    const cdf = (x) => created.reduce((sum, c) => sum + normalCdf((x - mean - c) / sd), 0) / created.length;
    const quantile = (q) => {
        let low = mean + Math.min(...created) - 10 * sd;
        let high = mean + Math.max(...created) + 10 * sd;
        for (let i = 0; i < 100 && high - low > 1e-9 * Math.max(1, Math.abs(high)); i++) {
            const mid = (low + high) / 2;
            if (cdf(mid) < q)
                low = mid;
            else
                high = mid;
        }
        return (low + high) / 2;
    };
    return { low: quantile(RANGE_LOW), high: quantile(RANGE_HIGH) };
}
/**
 * Rebuilds each past period's stated and adjusted forecast `k` weeks before its end, learning only
 * from what was known then. `booked` is the closed-won amount whose final close date is in the period.
 */
export function backtestPeriods(history, periods, spec, weeksOut, options = {}) {
    const won = history.wonDeals();
    // Every day the backtest's forecasts read, from one sweep.
    history.snapshots(periods.flatMap((period) => weeksOut.flatMap((weeks) => forecastDays(history, period, addDays(period.end, -7 * weeks), spec, options))));
    const points = [];
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
/**
 * Accuracy per horizon over the points whose period booked something and whose adjusted forecast
 * could be learned: stated, adjusted and commit on the same periods, so they compare.
 */
export function backtestAccuracy(points, weeksOut) {
    return weeksOut.map((k) => {
        const usable = points.filter((p) => p.weeksOut === k && p.booked !== 0 && p.forecast.adjusted !== null);
        const summary = (pick) => {
            const pairs = usable.map((p) => ({ forecast: pick(p), actual: p.booked }));
            return { mape: mape(pairs), bias: meanBias(pairs) };
        };
        const inside = usable.filter((p) => p.forecast.low <= p.booked && p.booked <= p.forecast.high).length;
        return {
            weeksOut: k,
            periods: usable.length,
            stated: summary((p) => p.forecast.stated),
            adjusted: summary((p) => p.forecast.adjusted),
            commit: summary((p) => p.forecast.commit),
            rangeCoverage80: {
                inside,
                periods: usable.length,
                share: usable.length > 0 ? inside / usable.length : null
            }
        };
    });
}
