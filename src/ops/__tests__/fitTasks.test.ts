import type { Benchmarks, DealPath } from '../../core';
import { fitBenchmarks, splitHoldout } from '../../core';
import { runFitTask } from '../fitTasks';
import { closedBefore, closedRowsOf, dealPathsOf } from '../learn';
import { smallDataset, smallProcess } from './smallDataset';

/** A fit's answers without its `fittedAt` (the calibration's fit stamps the current time). */
const answers = (b: Benchmarks): Benchmarks => ({ ...b, fittedAt: '' });

describe("reconcile's fit tasks, from the run's closed rows", () => {
    const paths = dealPathsOf(smallDataset());
    const days = [
        ...new Set(closedBefore(paths, '9999').map((p) => (p.closedAt as string).slice(0, 10)))
    ].sort();
    // Every third close day, and one past the last: subsets of every size.
    const cutOffs = [...days.filter((_d, i) => i % 3 === 0), '2030-01-01'];

    it('fits the deals closed before each cut-off as fitBenchmarks fits closedBefore', () => {
        expect(cutOffs.length).toBeGreaterThan(3);
        for (const asOf of [...cutOffs].reverse()) {
            expect(runFitTask(smallProcess, paths, { kind: 'closedBefore', asOf })).toEqual(
                fitBenchmarks(smallProcess, closedBefore(paths, asOf), { fittedAt: `${asOf}T00:00:00.000Z` })
            );
        }
    });

    it("fits the calibration's training side as fitBenchmarks fits splitHoldout's train", () => {
        for (const asOf of cutOffs) {
            const { train, test } = splitHoldout(closedBefore(paths, asOf));
            const fitted = runFitTask(smallProcess, paths, { kind: 'holdoutTrain', asOf });
            expect(fitted.dealCount).toBe(train.length);
            expect(answers(fitted)).toEqual(answers(fitBenchmarks(smallProcess, train)));
            if (asOf === '2030-01-01') expect(test.length).toBeGreaterThan(0);
        }
    });

    it('keeps one set of closed rows per paths array, made again for another process or array length', () => {
        const own: DealPath[] = [...paths];
        const rows = closedRowsOf(smallProcess, own);
        expect(closedRowsOf(smallProcess, own)).toBe(rows);
        expect(closedRowsOf({ ...smallProcess }, own)).not.toBe(rows);
        const longer = closedRowsOf(smallProcess, own);
        own.pop();
        const shorter = closedRowsOf(smallProcess, own);
        expect(shorter).not.toBe(longer);
        expect(shorter.paths).toEqual(own.filter((p) => p.outcome !== 'open'));
    });
});
