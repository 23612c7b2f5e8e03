// Generated from stats.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * The statistics the core relies on, small enough to check by hand: interval estimates for win rates,
 * shrinkage toward the configured probability, log-odds arithmetic, forecast error measures, and a
 * seeded random generator shared with the data generator so every run is reproducible.
 */
/** z for a two-sided 95% interval. */
export const Z_95 = 1.959964;
/**
 * Wilson score interval for a binomial proportion. Chosen over the normal approximation because it
 * stays inside [0, 1] and behaves at 0/n and n/n, which thin stages hit all the time.
 * Returns null when there are no trials (nothing to estimate).
 */
export function wilsonInterval(successes, n, z = Z_95) {
    if (!(n > 0))
        return null;
    const p = successes / n;
    const z2 = z * z;
    const denominator = 1 + z2 / n;
    const centre = (p + z2 / (2 * n)) / denominator;
    const half = (z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / denominator;
    // At 0/n and n/n the bounds are exactly 0 and 1; say so rather than leave float dust.
    return {
        low: successes <= 0 ? 0 : Math.max(0, centre - half),
        high: successes >= n ? 1 : Math.min(1, centre + half)
    };
}
/**
 * Posterior mean of a Beta prior with mean `priorMean` and `priorStrength` pseudo-deals, after
 * `successes` of `n`: (s + k·m) / (n + k). With little history it stays near the configured stage
 * probability; with a lot it follows the history.
 */
export function betaShrink(successes, n, priorMean, priorStrength) {
    const denominator = n + priorStrength;
    if (!(denominator > 0))
        return priorMean;
    return (successes + priorStrength * priorMean) / denominator;
}
const LOGIT_EPSILON = 1e-6;
/** Log-odds, with p clamped to [1e-6, 1 - 1e-6] so that 0% and 100% stay finite. */
export function logit(p) {
    const clamped = Math.min(1 - LOGIT_EPSILON, Math.max(LOGIT_EPSILON, p));
    return Math.log(clamped / (1 - clamped));
}
/** Inverse of `logit`, written to avoid overflow for large |x|. */
export function sigmoid(x) {
    if (x >= 0)
        return 1 / (1 + Math.exp(-x));
    const e = Math.exp(x);
    return e / (1 + e);
}
/**
 * The finite values, ascending. Sorted as a Float64Array (a native numeric sort, several times faster
 * than a comparator: medians, percentiles and bin edges sort every fit's columns); it orders -0 before
 * 0 where `(a, b) => a - b` keeps their input order, so values holding a -0 take the comparator.
 */
function sortedNumbers(values) {
    const finite = new Float64Array(values.length);
    let count = 0;
    let negativeZero = false;
    for (let i = 0; i < values.length; i++) {
        const value = values[i];
        if (!Number.isFinite(value))
            continue;
        if (Object.is(value, -0))
            negativeZero = true;
        finite[count++] = value;
    }
    if (negativeZero)
        return values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
    return finite.subarray(0, count).sort();
}
/**
 * Cut points that split `values` into `k` groups of about equal size: bins are `(-inf, c0], (c0, c1],
 * ..., (c_last, +inf)`. Cut points are observed values (nearest rank), so labels read as real answers;
 * ties collapse, and a cut at the maximum is dropped because the bin above it would be empty — so
 * there may be fewer than k - 1 cut points.
 */
export function quantiles(values, k) {
    const sorted = sortedNumbers(values);
    return quantilesByRank(sorted.length, k, (rank) => sorted[rank]);
}
/**
 * `quantiles` of `n` finite values read by rank: `valueAt(r)` is the r-th smallest (0-based). Asked
 * for ranks in ascending order, the maximum last, so a caller can walk counts instead of sorting.
 */
export function quantilesByRank(n, k, valueAt) {
    if (n === 0 || k < 2)
        return [];
    const ranks = [];
    for (let i = 1; i < k; i++)
        ranks.push(Math.min(n - 1, Math.max(0, Math.ceil((i * n) / k) - 1)));
    const atRank = ranks.map(valueAt);
    const max = valueAt(n - 1);
    const cuts = [];
    for (const cut of atRank) {
        if (cut < max && (cuts.length === 0 || cut > cuts[cuts.length - 1]))
            cuts.push(cut);
    }
    return cuts;
}
/** Median of the finite values, or null when there are none. */
export function median(values) {
    return percentile(values, 0.5);
}
/**
 * The p-th quantile (p as a fraction 0..1) with linear interpolation between order statistics (the
 * usual "type 7" definition), or null without values.
 */
export function percentile(values, p) {
    return percentileOfSorted(sortedNumbers(values), p);
}
/** The median and the p-th quantile of the same values (`percentile`), sorting them once. */
export function medianAndPercentile(values, p) {
    const sorted = sortedNumbers(values);
    const valueAt = (rank) => sorted[rank];
    return [percentileByRank(sorted.length, 0.5, valueAt), percentileByRank(sorted.length, p, valueAt)];
}
/** `percentile` of finite values already sorted ascending. */
function percentileOfSorted(sorted, p) {
    return percentileByRank(sorted.length, p, (rank) => sorted[rank]);
}
/** `percentile` of `n` finite values read by rank: `valueAt(r)` is the r-th smallest (0-based). */
export function percentileByRank(n, p, valueAt) {
    if (n === 0)
        return null;
    const position = Math.min(1, Math.max(0, p)) * (n - 1);
    const below = Math.floor(position);
    const above = Math.ceil(position);
    const low = valueAt(below);
    return low + (valueAt(above) - low) * (position - below);
}
/** Mean squared error of probabilities against 0/1 outcomes; null without pairs. Lower is better. */
export function brierScore(pairs) {
    if (pairs.length === 0)
        return null;
    let total = 0;
    for (const { p, outcome } of pairs)
        total += (p - outcome) * (p - outcome);
    return total / pairs.length;
}
/**
 * Mean absolute percentage error, |forecast - actual| / actual averaged over pairs with a non-zero
 * actual (a period that booked nothing has no percentage error). Null when no pair qualifies.
 */
export function mape(pairs) {
    return meanRelativeToActual(pairs, (forecast, actual) => Math.abs(forecast - actual));
}
/** Mean signed relative error (forecast - actual) / actual: positive means over-forecast. */
export function meanBias(pairs) {
    return meanRelativeToActual(pairs, (forecast, actual) => forecast - actual);
}
/**
 * The mean of error(forecast, actual) / |actual| over the pairs whose actual is finite and non-zero,
 * the one rule both error measures share; null when no pair qualifies.
 */
function meanRelativeToActual(pairs, error) {
    const usable = pairs.filter((pair) => pair.actual !== 0 && Number.isFinite(pair.actual));
    if (usable.length === 0)
        return null;
    let total = 0;
    for (const { forecast, actual } of usable)
        total += error(forecast, actual) / Math.abs(actual);
    return total / usable.length;
}
/** The contract's name for `meanBias`. */
export const bias = meanBias;
/**
 * 32-bit FNV-1a hash of a string. Stable across runtimes and runs, which is what deterministic
 * splits (holdout sets) and seeds need; not for anything security related.
 */
export function hashString(text, from = 0x811c9dc5) {
    let hash = from;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193);
    }
    return hash >>> 0;
}
/** A deterministic fraction in [0, 1) for a key: the same key always lands in the same place. */
export function stableFraction(key) {
    return fractionOfHash(hashString(key));
}
/**
 * `stableFraction(prefix + key)` for many keys with one prefix, without making each joined string
 * (FNV-1a reads a string left to right, so the prefix's hash is where each key's hash starts).
 */
export function stableFractions(prefix) {
    const start = hashString(prefix);
    return (key) => fractionOfHash(hashString(key, start));
}
function fractionOfHash(hash) {
    // A second avalanche round: FNV's low bits are weak on short, similar keys (ids like 006...01).
    let h = hash;
    h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
    h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
    h ^= h >>> 16;
    return (h >>> 0) / 4294967296;
}
/** Four 32-bit words of seed material from a string (cyrb128-style mixing). */
function seedWords(text) {
    let h1 = 1779033703;
    let h2 = 3144134277;
    let h3 = 1013904242;
    let h4 = 2773480762;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        h1 = h2 ^ Math.imul(h1 ^ c, 597399067);
        h2 = h3 ^ Math.imul(h2 ^ c, 2869860233);
        h3 = h4 ^ Math.imul(h3 ^ c, 951274213);
        h4 = h1 ^ Math.imul(h4 ^ c, 2716044179);
    }
    h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
    h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
    h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
    h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
    h1 ^= h2 ^ h3 ^ h4;
    h2 ^= h1;
    h3 ^= h1;
    h4 ^= h1;
    return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}
/**
 * A seeded uniform source: sfc32 (Chris Doty-Humphrey's small fast counting generator, which passes
 * PractRand) seeded from a 128-bit hash of the seed's text. Numbers and strings are both accepted;
 * `42` and `'42'` give the same sequence. The core only ever draws uniforms; the distributions the
 * history generator draws from are built on this on the Node side (src/generate/random.ts).
 */
export function seededUniform(seed) {
    const seedText = String(seed);
    const state = sfc32State(seedText);
    return { seed: seedText, next: () => sfc32Next(state) };
}
/**
 * sfc32's state for a seed: the seed's hash words, then the first 12 outputs discarded (sfc32 mixes
 * its state over its first few rounds). Words in a Uint32Array, which keeps them unsigned as sfc32's
 * arithmetic expects.
 */
function sfc32State(seedText) {
    const state = Uint32Array.from(seedWords(seedText));
    for (let i = 0; i < 12; i++)
        sfc32Next(state);
    return state;
}
/** One sfc32 round: advances `state` in place and returns its output as a uniform in [0, 1). */
function sfc32Next(state) {
    const a = state[0];
    const b = state[1];
    const c = state[2];
    const d = (state[3] + 1) | 0;
    const t = (((a + b) | 0) + d) | 0;
    state[0] = b ^ (b >>> 9);
    state[1] = (c + (c << 3)) | 0;
    state[2] = (((c << 21) | (c >>> 11)) + t) | 0;
    state[3] = d;
    return (t >>> 0) / 4294967296;
}
/**
 * Prior standard deviation of a parameter's log likelihood ratio: before any evidence, a factor of
 * ×2.7 either way is one standard deviation away. Sets how far thin evidence is pulled toward ×1.
 */
export const LOG_RATIO_PRIOR_SD = 1;
/**
 * A likelihood ratio P(answer | won) / P(answer | lost) from counts, pulled toward ×1 by its own
 * uncertainty: the log ratio (with `smoothing` added to each of `buckets` cells) has Woolf's standard
 * error, and a normal prior N(0, `priorSd`²) on the log ratio gives the posterior mean and 95% interval.
 * A small sample cannot produce a confident ×4: 17 won / 0 lost out of 65 deals still shrinks.
 * Returns null when no deal had this answer (there is nothing to estimate).
 */
export function shrinkLogRatio(wonWith, wonTotal, lostWith, lostTotal, buckets, smoothing = 0.5, priorSd = LOG_RATIO_PRIOR_SD) {
    if (wonWith + lostWith <= 0)
        return null;
    const a = smoothing;
    const w = wonWith + a;
    const wt = wonTotal + a * buckets;
    const l = lostWith + a;
    const lt = lostTotal + a * buckets;
    const raw = Math.log(w / wt) - Math.log(l / lt);
    const variance = Math.max(1e-12, 1 / w - 1 / wt + 1 / l - 1 / lt);
    const prior = priorSd * priorSd;
    const shrunk = (raw * prior) / (prior + variance);
    const posteriorSd = Math.sqrt((prior * variance) / (prior + variance));
    return {
        raw,
        standardError: Math.sqrt(variance),
        shrunk,
        low: shrunk - Z_95 * posteriorSd,
        high: shrunk + Z_95 * posteriorSd
    };
}
/**
 * Odds ratio of winning between two groups (won/lost counts), with ½ added to every cell (Haldane)
 * and Woolf's 95% interval on the log scale. Used to judge a rule against history: do answers that
 * fail the rule win more often than answers that pass it? Null when either group is empty.
 */
export function oddsRatioInterval(wonA, lostA, wonB, lostB) {
    if (wonA + lostA <= 0 || wonB + lostB <= 0)
        return null;
    const a = wonA + 0.5;
    const b = lostA + 0.5;
    const c = wonB + 0.5;
    const d = lostB + 0.5;
    const log = Math.log((a * d) / (b * c));
    const se = Math.sqrt(1 / a + 1 / b + 1 / c + 1 / d);
    return { ratio: Math.exp(log), low: Math.exp(log - Z_95 * se), high: Math.exp(log + Z_95 * se) };
}
/**
 * The positions 0 .. n - 1 grouped by their key text, the groups in their keys' order (as `<` orders
 * texts), each group's positions in increasing order: a stable sort by `keyOf`, one group per distinct
 * key. It sorts the distinct keys (a few thousand days at a million deals) instead of comparing a million
 * texts about twenty times each.
 */
export function groupsInTextOrder(n, keyOf) {
    const groups = new Map();
    for (let i = 0; i < n; i++) {
        const key = keyOf(i);
        const group = groups.get(key);
        if (group)
            group.push(i);
        else
            groups.set(key, [i]);
    }
    return [...groups.keys()]
        .sort((x, y) => (x < y ? -1 : x > y ? 1 : 0))
        .map((key) => groups.get(key));
}
/**
 * The first of 0 .. length - 1 where a monotone (false then true) test holds, by binary search; `length`
 * when none.
 */
export function firstIndex(length, holds) {
    let low = 0;
    let high = length;
    while (low < high) {
        const mid = (low + high) >> 1;
        if (holds(mid))
            high = mid;
        else
            low = mid + 1;
    }
    return low;
}
/**
 * Percentile bootstrap interval (95% by default) of the mean of `values`, resampling with a seeded
 * generator so that the same data always give the same interval. Null for an empty list.
 */
export function bootstrapMeanInterval(values, seed, resamples = 1000, level = 0.95) {
    return bootstrapMeanIntervals([values], seed, resamples, level)[0];
}
/**
 * A faster `resampleMeans` for `bootstrapMeanIntervals` to use, or null for the JavaScript loop. The CLI
 * plugs in a WebAssembly one (src/wasm/resampleKernel.ts: resamples × n draws are most of a large time
 * split's and strength check's time); the page needs none. A kernel must give the same means bit for
 * bit, and returns null, `state` untouched, for input it cannot take (the loop then runs).
 */
let resampleKernel = null;
/** Makes `bootstrapMeanIntervals` use `kernel` (null: the JavaScript loop). */
export function useResampleKernel(kernel) {
    resampleKernel = kernel;
}
/** Draws held at once: small enough to stay in the fastest cache while every column reads them. */
const DRAW_BLOCK = 1024;
/**
 * `bootstrapMeanInterval` of several columns of the same length and seed at once: each resample's
 * indices are drawn once and added to every column's sum, so each column sums the same values in the
 * same order as alone (bit for bit the same intervals) for one set of draws instead of one per column.
 * One entry per column, all null when the columns are empty.
 *
 * @throws RangeError when the columns' lengths differ.
 */
export function bootstrapMeanIntervals(columns, seed, resamples = 1000, level = 0.95) {
    const k = columns.length;
    const n = k === 0 ? 0 : columns[0].length;
    if (columns.some((column) => column.length !== n)) {
        throw new RangeError('bootstrapMeanIntervals: the columns must have the same length');
    }
    if (n === 0)
        return columns.map(() => null);
    // The same stream as `seededUniform(seed).next()`. As int32 the state's words carry the same bits as
    // its uint32 words, and every step of the loops wraps to 32 bits as `sfc32Next` does.
    const state = Int32Array.from(sfc32State(String(seed)));
    const count = resamples > 0 ? Math.ceil(resamples) : 0;
    const rows = codedRows(columns, n);
    const codes = rows ? rows.codes : null;
    const tables = rows ? rows.tables : columns;
    const means = (resampleKernel && resampleKernel(state, n, count, codes, tables)) ??
        resampleMeans(state, n, count, codes, tables);
    return columns.map((_, j) => intervalOfMeans(means.subarray(j * count, (j + 1) * count), level));
}
/** `ResampleKernel` in JavaScript: the reference every kernel must equal. */
export function resampleMeans(state, n, count, codes, tables) {
    const k = tables.length;
    // The four words in locals: resamples × n draws dominate time splits and strength checks.
    let a = state[0];
    let b = state[1];
    let c = state[2];
    let d = state[3];
    // A resample's rows are drawn a block at a time, then the block's values are added to each column's
    // sum in draw order: two plain loops over a block that stays in cache ran faster than one loop that
    // draws and gathers at once.
    const means = new Float64Array(count * k);
    const block = Math.min(n, DRAW_BLOCK);
    const drawn = new Int32Array(block);
    const sums = new Float64Array(k);
    const drawnCodes = codes ? new Int32Array(block) : drawn;
    for (let r = 0; r < count; r++) {
        sums.fill(0);
        for (let start = 0; start < n; start += block) {
            const size = Math.min(block, n - start);
            for (let i = 0; i < size; i++) {
                d = (d + 1) | 0;
                const t = (((a + b) | 0) + d) | 0;
                a = b ^ (b >>> 9);
                b = (c + (c << 3)) | 0;
                c = (((c << 21) | (c >>> 11)) + t) | 0;
                drawn[i] = Math.floor(((t >>> 0) / 4294967296) * n);
            }
            if (codes)
                for (let i = 0; i < size; i++)
                    drawnCodes[i] = codes[drawn[i]];
            for (let j = 0; j < k; j++)
                sums[j] = addAt(sums[j], tables[j], drawnCodes, size);
        }
        for (let j = 0; j < k; j++)
            means[j * count + r] = sums[j] / n;
    }
    state.set([a, b, c, d]);
    return means;
}
/** The percentile interval of bootstrap means (sorted in place), as `percentile` reads them. */
function intervalOfMeans(means, level) {
    // Sorted once for both ends; as `percentile` does, only finite means count (NaN sorts last).
    means.sort();
    let from = 0;
    let to = means.length;
    while (from < to && means[from] === -Infinity)
        from++;
    while (to > from && !Number.isFinite(means[to - 1]))
        to--;
    const finite = means.subarray(from, to);
    const tail = (1 - level) / 2;
    return {
        low: percentileOfSorted(finite, tail),
        high: percentileOfSorted(finite, 1 - tail)
    };
}
/** Distinct rows 2-byte codes can number; with more, the columns are gathered as they are. */
const MAX_CODED_ROWS = 65536;
function codedRows(columns, n) {
    const k = columns.length;
    const codeOf = new Map();
    const codes = new Uint16Array(n);
    const distinct = columns.map(() => []);
    for (let i = 0; i < n; i++) {
        let key = columns[0][i];
        for (let j = 1; j < k; j++)
            key = `${key},${columns[j][i]}`;
        let code = codeOf.get(key);
        if (code === undefined) {
            code = codeOf.size;
            if (code === MAX_CODED_ROWS)
                return null;
            codeOf.set(key, code);
            for (let j = 0; j < k; j++)
                distinct[j].push(columns[j][i]);
        }
        codes[i] = code;
    }
    return { codes, tables: distinct.map((values) => Float64Array.from(values)) };
}
/** `sum` + values[at[0]] + ... + values[at[size - 1]], added in that order. */
function addAt(sum, values, at, size) {
    for (let i = 0; i < size; i++)
        sum += values[at[i]];
    return sum;
}
