import {
    betaShrink,
    bias,
    bootstrapMeanInterval,
    bootstrapMeanIntervals,
    brierScore,
    seededUniform,
    hashString,
    logit,
    mape,
    meanBias,
    median,
    percentile,
    quantiles,
    sigmoid,
    stableFraction,
    stableFractions,
    wilsonInterval
} from '../stats';

describe('wilsonInterval', () => {
    it('matches the textbook 95% interval for 8 of 10', () => {
        // p = 0.8, z² = 3.8415: centre = (0.8 + 0.19207) / 1.38415 = 0.71677,
        // half = 1.959964 · √(0.016 + 0.0096037) / 1.38415 = 0.22656 → 0.4902 .. 0.9433.
        const interval = wilsonInterval(8, 10);
        expect(interval?.low).toBeCloseTo(0.4902, 4);
        expect(interval?.high).toBeCloseTo(0.9433, 4);
    });

    it('stays inside [0, 1] at the extremes', () => {
        // 0 of 10: low is exactly 0, high = z²/n / (1 + z²/n) = 0.38415 / 1.38415 = 0.2775.
        const none = wilsonInterval(0, 10);
        expect(none?.low).toBe(0);
        expect(none?.high).toBeCloseTo(0.2775, 4);
        const all = wilsonInterval(10, 10);
        expect(all?.low).toBeCloseTo(0.7225, 4);
        expect(all?.high).toBe(1);
    });

    it('has nothing to say without trials', () => {
        expect(wilsonInterval(0, 0)).toBeNull();
    });

    it('narrows as the sample grows', () => {
        const small = wilsonInterval(5, 10)!;
        const large = wilsonInterval(500, 1000)!;
        expect(large.high - large.low).toBeLessThan(small.high - small.low);
        expect(wilsonInterval(5, 10, 1)!.high).toBeLessThan(small.high);
    });
});

describe('betaShrink', () => {
    it('is (s + k·m) / (n + k)', () => {
        // 3 won of 6, nominal 20%, 10 pseudo-deals: (3 + 2) / 16.
        expect(betaShrink(3, 6, 0.2, 10)).toBeCloseTo(0.3125, 12);
    });
    it('returns the prior without history and the raw rate without a prior', () => {
        expect(betaShrink(0, 0, 0.4, 10)).toBe(0.4);
        expect(betaShrink(7, 10, 0.4, 0)).toBeCloseTo(0.7, 12);
        expect(betaShrink(0, 0, 0.4, 0)).toBe(0.4);
    });
});

describe('logit and sigmoid', () => {
    it('are inverses', () => {
        for (const p of [0.01, 0.25, 0.5, 0.9]) expect(sigmoid(logit(p))).toBeCloseTo(p, 12);
        expect(logit(0.5)).toBe(0);
        expect(logit(0.75)).toBeCloseTo(Math.log(3), 12);
    });
    it('stay finite at 0 and 1', () => {
        expect(logit(0)).toBeCloseTo(Math.log(1e-6 / (1 - 1e-6)), 6);
        expect(logit(1)).toBeCloseTo(-logit(0), 6);
        expect(sigmoid(1000)).toBe(1);
        expect(sigmoid(-1000)).toBe(0);
    });
});

describe('quantiles', () => {
    it('cuts at observed values of nearest rank', () => {
        // Sorted: 50 80 90 120 150 200 300 500; ranks ⌈i·8/4⌉ = 2, 4, 6 → 80, 120, 200.
        expect(quantiles([200, 50, 300, 80, 150, 120, 500, 90], 4)).toEqual([80, 120, 200]);
    });
    it('collapses ties and never cuts at the maximum', () => {
        expect(quantiles([1, 1, 1, 1, 1, 2], 4)).toEqual([1]);
        expect(quantiles([7, 7, 7], 4)).toEqual([]);
    });
    it('keeps 0 and -0 in the order given, as an ascending sort by difference does', () => {
        // Ties keep their input order: the second of [0, -0] is the cut, whichever zero it is.
        expect(Object.is(quantiles([0, -0, 5, 6], 2)[0], -0)).toBe(true);
        expect(Object.is(quantiles([-0, 0, 5, 6], 2)[0], 0)).toBe(true);
        expect(quantiles([9, Number.NaN, 3, Number.POSITIVE_INFINITY, 1, 7], 3)).toEqual([3, 7]);
    });
    it('returns no cuts without values or with k < 2', () => {
        expect(quantiles([], 4)).toEqual([]);
        expect(quantiles([1, 2, 3], 1)).toEqual([]);
        expect(quantiles([Number.NaN, 3], 2)).toEqual([]);
    });
});

describe('median and percentile', () => {
    it('interpolate between order statistics', () => {
        expect(median([3, 1, 2])).toBe(2);
        expect(median([4, 1, 2, 3])).toBe(2.5);
        // (n - 1)·0.9 = 3.6 → 40 + 0.6 · (50 - 40) = 46.
        expect(percentile([10, 20, 30, 40, 50], 0.9)).toBeCloseTo(46, 12);
        expect(percentile([10, 20], 0)).toBe(10);
        expect(percentile([10, 20], 1)).toBe(20);
    });
    it('are null without values', () => {
        expect(median([])).toBeNull();
        expect(percentile([], 0.5)).toBeNull();
    });
});

describe('brierScore', () => {
    it('is the mean squared error', () => {
        // (0.9 - 1)² = 0.01, (0.2 - 0)² = 0.04, (0.5 - 1)² = 0.25 → 0.30 / 3.
        expect(
            brierScore([
                { p: 0.9, outcome: 1 },
                { p: 0.2, outcome: 0 },
                { p: 0.5, outcome: 1 }
            ])
        ).toBeCloseTo(0.1, 12);
        expect(brierScore([])).toBeNull();
    });
});

describe('mape and meanBias', () => {
    const pairs = [
        { forecast: 120, actual: 100 }, // +20%
        { forecast: 45, actual: 50 }, // -10%
        { forecast: 10, actual: 0 } // no percentage error: skipped
    ];
    it('average relative errors over pairs with an actual', () => {
        expect(mape(pairs)).toBeCloseTo(0.15, 12);
        expect(meanBias(pairs)).toBeCloseTo(0.05, 12);
        expect(bias).toBe(meanBias);
    });
    it('are null when nothing was booked', () => {
        expect(mape([{ forecast: 1, actual: 0 }])).toBeNull();
        expect(meanBias([])).toBeNull();
    });
});

describe('hashing', () => {
    it('is the FNV-1a reference hash', () => {
        expect(hashString('')).toBe(0x811c9dc5);
        expect(hashString('a')).toBe(0xe40c292c);
        expect(hashString('foobar')).toBe(0xbf9cf968);
    });
    it('spreads similar keys evenly', () => {
        let low = 0;
        for (let i = 0; i < 4000; i++) if (stableFraction(`006${String(i).padStart(12, '0')}`) < 0.25) low++;
        expect(low / 4000).toBeGreaterThan(0.22);
        expect(low / 4000).toBeLessThan(0.28);
    });
    it('gives a prefix and a key the fraction of the two joined, without joining them', () => {
        const fractionOf = stableFractions('stageplay|');
        for (const id of ['', '0065g0000000001AAA', '006000000000042', 'Zürich-é'])
            expect(fractionOf(id)).toBe(stableFraction(`stageplay|${id}`));
        expect(hashString('bar', hashString('foo'))).toBe(hashString('foobar'));
    });
});

describe('seededUniform', () => {
    it('repeats the same sequence for the same seed, numbers and strings alike', () => {
        const a = seededUniform(42);
        const b = seededUniform('42');
        const first = Array.from({ length: 5 }, () => a.next());
        expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
        expect(seededUniform(43).next()).not.toBe(first[0]);
        expect(a.seed).toBe('42');
    });

    it('draws uniform fractions in [0, 1) with mean ≈ 1/2', () => {
        const random = seededUniform('uniform');
        let sum = 0;
        for (let i = 0; i < 20000; i++) {
            const x = random.next();
            expect(x >= 0 && x < 1).toBe(true);
            sum += x;
        }
        expect(sum / 20000).toBeCloseTo(0.5, 1);
    });
});

/**
 * Sizes, seeds, resample counts and levels the bootstraps are checked at: one value, a few, a few
 * hundred (a strength check's and a time split's), and longer than one block of draws (1024), ending
 * mid-block.
 */
const BOOTSTRAP_CASES = [
    [1, 'one', 50, 0.95],
    [7, 'seven', 200, 0.9],
    [9, 'nine', 300, 0.9],
    [257, 'timeSplit|2026-01-01', 1000, 0.95],
    [313, 'strength|2026-01-01', 1000, 0.95],
    [2500, 'blocks', 30, 0.95],
    [3100, 'blocks', 25, 0.9]
] as const;

describe('bootstrapMeanInterval', () => {
    /** The plain reading of the method: resample with `seededUniform(seed).next()`, sum in draw order. */
    function reference(values: number[], seed: string, resamples: number, level: number) {
        const random = seededUniform(seed);
        const means: number[] = [];
        for (let r = 0; r < resamples; r++) {
            let sum = 0;
            for (let i = 0; i < values.length; i++) sum += values[Math.floor(random.next() * values.length)];
            means.push(sum / values.length);
        }
        const tail = (1 - level) / 2;
        return { low: percentile(means, tail), high: percentile(means, 1 - tail) };
    }

    it('draws exactly the stream seededUniform(seed) gives, so intervals are bit for bit the same', () => {
        const data = seededUniform('bootstrap data');
        for (const [n, seed, resamples, level] of BOOTSTRAP_CASES) {
            const values = Array.from({ length: n }, () => (data.next() - 0.5) * 0.6 + 0.01);
            expect(bootstrapMeanInterval(values, seed, resamples, level)).toEqual(
                reference(values, seed, resamples, level)
            );
        }
    });

    it('leaves out non-finite means as percentile does, and draws as many means as resamples says', () => {
        for (const values of [
            [0.2, Number.NaN, -0.1, 0.4],
            [0.3, Number.POSITIVE_INFINITY, -0.2],
            [Number.NEGATIVE_INFINITY, 0.1, 0.5, -0.3, 0.2],
            [Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]
        ]) {
            for (const resamples of [40, 12.5]) {
                expect(bootstrapMeanInterval(values, 'non-finite', resamples, 0.9)).toEqual(
                    reference(values, 'non-finite', resamples, 0.9)
                );
            }
        }
    });

    it('is null without values', () => {
        expect(bootstrapMeanInterval([], 'x')).toBeNull();
    });
});

describe('bootstrapMeanIntervals', () => {
    it('gives each column bit for bit the interval the single-column bootstrap gives it', () => {
        const data = seededUniform('columns data');
        for (const [n, seed, resamples, level] of BOOTSTRAP_CASES) {
            const base = Array.from({ length: n }, () => data.next());
            // Squared errors and their differences, as the time split bootstraps them, plus a typed
            // column and one with a non-finite value.
            const columns: Array<ArrayLike<number>> = [
                base.map((p) => p * p),
                base.map((p) => (1 - p) * (1 - p)),
                base.map((p) => p * p - (1 - p) * (1 - p)),
                Float64Array.from(base, (p) => p - 0.5),
                base.map((p, i) => (i === n - 1 ? Number.POSITIVE_INFINITY : p))
            ];
            const together = bootstrapMeanIntervals(columns, seed, resamples, level);
            expect(together).toHaveLength(columns.length);
            columns.forEach((column, j) => {
                const alone = bootstrapMeanInterval(column, seed, resamples, level);
                expect(together[j]).toEqual(alone);
                // toEqual treats 0 and -0 alike; the bits must match too.
                expect(Object.is(together[j]?.low, alone?.low)).toBe(true);
                expect(Object.is(together[j]?.high, alone?.high)).toBe(true);
            });
        }
    });

    it('gives the same bits when rows repeat (coded rows), zeros of either sign and NaN among them, and past 65,536 distinct rows (a row-major copy)', () => {
        const data = seededUniform('repeated rows');
        const few = [0.25, -0, 0, 0.5, Number.NaN, 1e-17];
        const cases: Array<[number, (i: number) => number, number]> = [
            // A handful of distinct rows, repeated in a random order, each column drawn from the few values.
            [5000, () => few[Math.floor(data.next() * few.length)], 200],
            // Every row distinct and more of them than 2-byte codes can number.
            [70000, (i) => i / 70000 + data.next() * 1e-9, 3]
        ];
        for (const [n, value, resamples] of cases) {
            const columns = Array.from({ length: 3 }, () => Array.from({ length: n }, (_v, i) => value(i)));
            const together = bootstrapMeanIntervals(columns, 'rows', resamples, 0.9);
            columns.forEach((column, j) => {
                const alone = bootstrapMeanInterval(column, 'rows', resamples, 0.9);
                expect(Object.is(together[j]?.low, alone?.low)).toBe(true);
                expect(Object.is(together[j]?.high, alone?.high)).toBe(true);
            });
        }
    });

    it('is null for every empty column and refuses columns of different lengths', () => {
        expect(bootstrapMeanIntervals([[], []], 'x')).toEqual([null, null]);
        expect(bootstrapMeanIntervals([], 'x')).toEqual([]);
        expect(() => bootstrapMeanIntervals([[1, 2], [3]], 'x')).toThrow(RangeError);
    });
});
