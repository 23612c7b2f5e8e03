/**
 * The generator's distributions over the core's seeded uniform source.
 */
import { median, seededUniform } from '../../core';
import { createRandom } from '../random';

describe('createRandom', () => {
    it("draws the core's seeded uniform sequence, so one seed gives one history everywhere", () => {
        const random = createRandom(42);
        const uniform = seededUniform('42');
        expect(Array.from({ length: 5 }, () => random.next())).toEqual(
            Array.from({ length: 5 }, () => uniform.next())
        );
        expect(random.seed).toBe('42');
    });

    it('draws normals with the requested mean and spread', () => {
        const random = createRandom('normal');
        const draws = Array.from({ length: 20000 }, () => random.normal(10, 2));
        const mean = draws.reduce((s, x) => s + x, 0) / draws.length;
        const sd = Math.sqrt(draws.reduce((s, x) => s + (x - mean) ** 2, 0) / draws.length);
        expect(mean).toBeGreaterThan(9.95);
        expect(mean).toBeLessThan(10.05);
        expect(sd).toBeGreaterThan(1.95);
        expect(sd).toBeLessThan(2.05);
    });

    it('draws lognormals whose median is e^mu', () => {
        const random = createRandom('lognormal');
        const draws = Array.from({ length: 20000 }, () => random.lognormal(Math.log(25000), 0.8));
        expect(draws.every((x) => x > 0)).toBe(true);
        expect(median(draws)! / 25000).toBeGreaterThan(0.95);
        expect(median(draws)! / 25000).toBeLessThan(1.05);
    });

    it('draws integers over the whole inclusive range', () => {
        const random = createRandom('int');
        const seen = new Set<number>();
        for (let i = 0; i < 2000; i++) seen.add(random.int(1, 6));
        expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it('picks, flips and shuffles', () => {
        const random = createRandom('choices');
        const items = ['a', 'b', 'c'];
        for (let i = 0; i < 50; i++) expect(items).toContain(random.pick(items));
        expect(() => random.pick([])).toThrow('empty');
        let heads = 0;
        for (let i = 0; i < 10000; i++) if (random.bernoulli(0.3)) heads++;
        expect(heads / 10000).toBeCloseTo(0.3, 1);
        expect(random.bernoulli(0)).toBe(false);
        expect(random.bernoulli(1)).toBe(true);
        const shuffled = random.shuffle([1, 2, 3, 4, 5, 6, 7, 8]);
        expect([...shuffled].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
        expect(random.uniform(5, 6)).toBeGreaterThanOrEqual(5);
    });

    it('forks independent, reproducible streams', () => {
        const parent = createRandom(7);
        const deals = parent.fork('deals');
        parent.next();
        parent.next();
        expect(deals.next()).toBe(createRandom(7).fork('deals').next());
        expect(parent.fork('history').next()).not.toBe(createRandom(7).fork('deals').next());
    });
});
