import { fitBenchmarks } from '../fit';
import { calibrate, splitHoldout } from '../reconcile';
import { generatedPaths, miniPaths, miniProcess } from './fixtures';

describe('splitHoldout', () => {
    const paths = generatedPaths(400, 'split');

    it('holds out about the fraction asked, the same deals every time', () => {
        const { train, test } = splitHoldout(paths, 0.25, 'seed-1');
        expect(train.length + test.length).toBe(400);
        expect(test.length).toBeGreaterThan(70);
        expect(test.length).toBeLessThan(130);
        expect(splitHoldout(paths, 0.25, 'seed-1').test.map((p) => p.deal.id)).toEqual(
            test.map((p) => p.deal.id)
        );
        expect(splitHoldout(paths, 0.25, 'seed-2').test.map((p) => p.deal.id)).not.toEqual(
            test.map((p) => p.deal.id)
        );
    });

    it('keeps a deal on its side when others are added', () => {
        const before = new Set(splitHoldout(paths.slice(0, 200), 0.25, 7).test.map((p) => p.deal.id));
        const after = splitHoldout(paths, 0.25, 7).test.filter((p) => Number(p.deal.id.slice(1)) < 200);
        expect(new Set(after.map((p) => p.deal.id))).toEqual(before);
        expect(splitHoldout(paths).test.length).toBeGreaterThan(0);
    });
});

describe('calibrate', () => {
    it('scores each stay of each closed deal in each open stage', () => {
        const summary = calibrate(miniProcess(), null, miniPaths());
        // Qualify (20%): 3 won, 3 lost → 3·0.8² + 3·0.2² = 2.04; Propose (50%): 2 won, 1 lost → 0.75.
        expect(summary.deals).toBe(6);
        expect(summary.brierNominal).toBeCloseTo(2.79 / 9, 12);
        expect(summary.brierAdjusted).toBeCloseTo(2.79 / 9, 12);
        expect(summary.binsNominal).toEqual([
            { low: 0.2, high: 0.3, count: 6, meanPredicted: expect.closeTo(0.2, 12), observedRate: 0.5 },
            { low: 0.5, high: 0.6, count: 3, meanPredicted: 0.5, observedRate: expect.closeTo(2 / 3, 12) }
        ]);
        // 6/9 · 0.3 + 3/9 · (2/3 − 1/2).
        expect(summary.eceNominal).toBeCloseTo(0.2 + 1 / 18, 12);
        expect(summary.stages.map((s) => [s.stage, s.reached, s.won])).toEqual([
            ['Qualify', 6, 3],
            ['Propose', 3, 2]
        ]);
    });

    it('is empty without closed deals', () => {
        const summary = calibrate(
            miniProcess(),
            null,
            miniPaths().filter((p) => p.outcome === 'open')
        );
        expect(summary).toMatchObject({ deals: 0, brierNominal: null, eceAdjusted: null, binsAdjusted: [] });
    });

    it('shows history-adjusted probabilities beating the nominal ones on held-out deals', () => {
        // Generated: nominal Qualify 20%, true win rate ≈ 37%, and budget really predicts the outcome.
        const { train, test } = splitHoldout(generatedPaths(2000, 'calibration'), 0.3, 'calibration');
        const summary = calibrate(
            miniProcess(),
            fitBenchmarks(miniProcess(), train, { fittedAt: 'x' }),
            test
        );
        expect(summary.brierAdjusted!).toBeLessThan(summary.brierNominal!);
        expect(summary.eceAdjusted!).toBeLessThan(summary.eceNominal!);
        expect(summary.eceAdjusted!).toBeLessThan(0.06);
    });
});
