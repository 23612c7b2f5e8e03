import { closedRows, fitBenchmarks, shippedRows } from '../fit';
import { splitHoldout } from '../reconcile';
import { medianAndPercentile, percentile, percentileByRank, quantiles, quantilesByRank } from '../stats';
import type { Benchmarks, DealPath, FieldValue } from '../types';
import { miniProcess, walk, walkedPaths } from './fixtures';

/**
 * 300 deals closing over five weeks with answers that try the counting: sizes repeated and unique,
 * given as numbers and as text, blank and unreadable ("n/a"), a third of them 0; tiers declared and
 * not (one undeclared, spelled one way); stays of varying length, some deals going back to Qualify and
 * staying in each stage twice, some skipping Propose, stays lasting minutes past whole days; every
 * eleventh deal open. `variant` adds what
 * makes a fit depend on its deals' order: half the zeros given as -0, or the undeclared tier spelled
 * another way by the first deal listed, which closes late (first met in the list, last by close).
 */
function history(variant: 'plain' | 'negativeZero' | 'twoSpellings' = 'plain'): DealPath[] {
    const walks = [];
    for (let i = 0; i < 300; i++) {
        const id = `P${String(i).padStart(3, '0')}`;
        let size: FieldValue = i % 5 === 0 ? (i * 13) % 40 : i % 17 === 0 ? null : (i * 37) % 211;
        if (i % 23 === 0) size = 'n/a';
        if (i % 19 === 0) size = String((i * 3) % 90);
        if (i % 3 === 0) size = variant === 'negativeZero' && i % 2 === 1 ? -0 : 0;
        let tier: FieldValue = ['Gold', 'Silver', 'Platinum', null, 'gold'][i % 5];
        if (variant === 'twoSpellings' && i === 1) tier = 'platinum';
        const won = (typeof size === 'number' && size > 90) !== (i % 6 === 0);
        const gaps = [1 + (i % 9), 1 + ((i * 5) % 11), 1 + (i % 4), 1 + (i % 6)];
        const closing = won ? 'Won' : 'Lost';
        const stages =
            i % 11 === 3
                ? ['Qualify', 'Propose']
                : i % 4 === 1 && i !== 1
                  ? ['Qualify', closing]
                  : i % 7 === 2
                    ? ['Qualify', 'Propose', 'Qualify', 'Propose', closing]
                    : ['Qualify', 'Propose', closing];
        const walked = walk(id, stages, { Budget__c: i % 3 === 0, Size__c: size, Tier__c: tier }, gaps);
        // Deals start on different days, so they close over weeks, several on one day.
        const start = i === 1 ? 34 : i % 35;
        // Each stay lasts a different number of minutes past its whole days.
        walked.rows.forEach((row, k) => {
            const shift = start * 86_400_000 + k * ((i * 7) % 600) * 60_000;
            row.createdDate = new Date(Date.parse(row.createdDate) + shift).toISOString();
        });
        walks.push(walked);
    }
    return walkedPaths(walks);
}

const closedByDay = (paths: readonly DealPath[], asOf: string): DealPath[] =>
    paths.filter((p) => p.outcome !== 'open' && p.closedAt !== null && p.closedAt.slice(0, 10) < asOf);

/** What a fit counts, without its check (which the fit with no damping does not run). */
const counted = (b: Benchmarks) => ({ stages: b.stages, parameters: b.parameters });

describe('stats read by rank', () => {
    it('give the quantiles and percentiles of the sorted values', () => {
        for (let n = 0; n < 40; n++) {
            const values = Array.from({ length: n }, (_v, i) => ((i * 7919) % 23) / 4);
            const sorted = [...values].sort((a, b) => a - b);
            for (const k of [2, 3, 4, 5, 10]) {
                expect(quantilesByRank(n, k, (r) => sorted[r])).toEqual(quantiles(values, k));
            }
            for (const p of [0, 0.25, 0.5, 0.9, 1]) {
                expect(percentileByRank(n, p, (r) => sorted[r])).toEqual(percentile(values, p));
            }
            expect(medianAndPercentile(values, 0.9)).toEqual([
                percentile(values, 0.5),
                percentile(values, 0.9)
            ]);
        }
    });
});

describe('fits counted in one pass over the deals in close order', () => {
    it.each(['plain', 'negativeZero', 'twoSpellings'] as const)(
        'give the stage and parameter benchmarks counted deal by deal (%s answers)',
        (variant) => {
            const paths = history(variant);
            for (const asOf of ['2026-01-20', '2026-02-01', '2026-02-10', '2026-03-30']) {
                const subset = closedByDay(paths, asOf);
                // With the strength check, the fit counts its prefixes in one pass; without, deal by deal.
                const swept = fitBenchmarks(miniProcess(), subset, { fittedAt: 'x' });
                const direct = fitBenchmarks(miniProcess(), subset, { fittedAt: 'x', fitDamping: false });
                expect(counted(swept)).toEqual(counted(direct));
            }
        }
    );

    it('are what the answers say: bins from the numbers given, each undeclared tier once as first spelled', () => {
        const fitted = fitBenchmarks(miniProcess(), history('twoSpellings'), { fittedAt: 'x' });
        const tier = fitted.parameters.find((p) => p.parameter === 'Tier' && p.stage === 'Propose');
        expect(tier?.buckets.map((b) => b.key)).toEqual([
            'value:Gold',
            'value:Silver',
            'value:platinum',
            'blank'
        ]);
        const size = fitted.parameters.find((p) => p.parameter === 'Size' && p.stage === 'Qualify');
        expect(size?.binEdges?.length).toBeGreaterThan(1);
        const total = (size?.buckets ?? []).reduce((sum, b) => sum + b.won + b.lost, 0);
        expect(total).toBe((size?.won ?? 0) + (size?.lost ?? 0));
    });
});

describe('RowFits.prepare: the fits of a run share one pass', () => {
    const cutOffs = [
        '2026-01-06',
        '2026-01-09',
        '2026-01-20',
        '2026-02-01',
        '2026-02-05',
        '2026-02-10',
        '2026-03-30'
    ];

    it.each(['plain', 'negativeZero', 'twoSpellings'] as const)(
        'gives every fit the benchmarks it would count alone, on this thread and shipped (%s answers)',
        (variant) => {
            const paths = history(variant);
            const alone = closedRows(miniProcess(), paths);
            const shared = closedRows(miniProcess(), paths);
            const fits = cutOffs.map((asOf) => ({
                positions: shared.closedBefore(asOf),
                options: { fittedAt: `${asOf}T00:00:00.000Z` }
            }));
            // The calibration's training side is not a prefix of the close order: it counts for itself.
            const before = shared.closedBefore('2026-03-30');
            const { train } = splitHoldout(Array.from(before, (i) => shared.paths[i]));
            const training = {
                positions: Int32Array.from(before).filter((i) => train.includes(shared.paths[i])),
                options: { fittedAt: 't' }
            };
            // Listed with other options than the first: counted for itself too.
            const thin = {
                positions: shared.closedBefore('2026-02-10'),
                options: { minDeals: 5, fittedAt: 'x' }
            };
            const all = [...fits, training, thin];
            // The cut-offs' fits read from the pass; the other two count for themselves.
            expect(shared.prepare(all)).toBe(fits.length);
            const shipped = shippedRows(miniProcess(), shared.ship(before));
            expect(shipped.prepare(all)).toBe(fits.length);
            for (const { positions, options } of all) {
                const expected = alone.fit(positions, options);
                expect(shared.fit(positions, options)).toEqual(expected);
                expect(shipped.fit(positions, options)).toEqual(expected);
                // And the benchmarks are those counted deal by deal, in the fit's order (no strength check).
                const deals = Array.from(positions, (i) => shared.paths[i]);
                const direct = fitBenchmarks(miniProcess(), deals, { ...options, fitDamping: false });
                expect(counted(expected)).toEqual(counted(direct));
            }
            // The cut-offs span fits with and without the strength check, and it decides something.
            const verdicts = fits.map(
                ({ positions, options }) => shared.fit(positions, options).parameterCheck?.verdict
            );
            expect(verdicts).toContain('notEnoughHistory');
            expect(verdicts.some((v) => v !== 'notEnoughHistory')).toBe(true);
        }
    );

    it('a fit of the first deals read from the pass is the one fitBenchmarks gives for those deals', () => {
        const paths = history();
        const rows = closedRows(miniProcess(), paths);
        const positions = rows.closedBefore('2026-02-10');
        expect(rows.prepare([{ positions }])).toBe(1);
        const subset = Array.from(positions, (i) => rows.paths[i]);
        expect(rows.fit(positions, { fittedAt: 'x' })).toEqual(
            fitBenchmarks(miniProcess(), subset, { fittedAt: 'x' })
        );
    });
});
