/**
 * The history generator's random numbers: normals, lognormals, picks, shuffles and forks drawn from
 * the core's seeded uniform source (sfc32, `seededUniform`), so one seed gives the same history on
 * every machine. Only the generator and the benchmarks draw these: they stay out of the deployed core.
 */
import { seededUniform, type SeededUniform } from '../core';

/**
 * A seeded pseudo-random generator. The same seed gives the same sequence on every machine, so a
 * generated dataset can be reproduced from `--seed` alone.
 */
export interface Random extends SeededUniform {
    /** Uniform in [low, high). */
    uniform(low: number, high: number): number;
    /** Normal with the given mean and standard deviation (Box–Muller). */
    normal(mean?: number, sd?: number): number;
    /** exp(Normal(mu, sigma)): right-skewed, like deal amounts and stage durations. */
    lognormal(mu: number, sigma: number): number;
    /** Integer uniform in [low, high], both inclusive. */
    int(low: number, high: number): number;
    /** One element, uniformly. Throws on an empty array (there is nothing to pick). */
    pick<T>(items: readonly T[]): T;
    /** True with probability p. */
    bernoulli(p: number): boolean;
    /** A new array with the items in random order (Fisher–Yates). */
    shuffle<T>(items: readonly T[]): T[];
    /**
     * An independent generator derived from this one's seed and a label. Lets separate parts of a
     * generator (accounts, deals, history) draw without shifting each other's sequences when one
     * part changes how many numbers it draws.
     */
    fork(label: string): Random;
}

/** A seeded generator; `42` and `'42'` give the same sequence (see `seededUniform`). */
export function createRandom(seed: number | string): Random {
    const { seed: seedText, next } = seededUniform(seed);
    let spareNormal: number | null = null;

    const standardNormal = (): number => {
        if (spareNormal !== null) {
            const value = spareNormal;
            spareNormal = null;
            return value;
        }
        let u = 0;
        while (u === 0) u = next();
        const v = next();
        const radius = Math.sqrt(-2 * Math.log(u));
        spareNormal = radius * Math.sin(2 * Math.PI * v);
        return radius * Math.cos(2 * Math.PI * v);
    };

    return {
        seed: seedText,
        next,
        uniform: (low, high) => low + (high - low) * next(),
        normal: (mean = 0, sd = 1) => mean + sd * standardNormal(),
        lognormal: (mu, sigma) => Math.exp(mu + sigma * standardNormal()),
        int: (low, high) => {
            const lo = Math.ceil(Math.min(low, high));
            const hi = Math.floor(Math.max(low, high));
            return lo + Math.floor(next() * (hi - lo + 1));
        },
        pick: <T>(items: readonly T[]): T => {
            if (items.length === 0) throw new Error('Random.pick: cannot pick from an empty list');
            return items[Math.floor(next() * items.length)];
        },
        bernoulli: (p) => next() < p,
        shuffle: <T>(items: readonly T[]): T[] => {
            const copy = items.slice();
            for (let i = copy.length - 1; i > 0; i--) {
                const j = Math.floor(next() * (i + 1));
                const held = copy[i];
                copy[i] = copy[j];
                copy[j] = held;
            }
            return copy;
        },
        fork: (label) => createRandom(`${seedText}/${label}`)
    };
}
