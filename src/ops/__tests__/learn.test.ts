import type { DealPath } from '../../core';
import {
    benchmarkFitter,
    benchmarkRows,
    closedBefore,
    dealPathsOf,
    diffBenchmarkRows,
    isStageplayBenchmarkKey,
    summarizeDiff,
    type ExistingBenchmarkRow
} from '../learn';
import { topParameterEffects } from '../../report/effects';
import { smallDataset, smallProcess } from './smallDataset';

describe('benchmarks learned from a small history', () => {
    const dataset = smallDataset();
    const paths = dealPathsOf(dataset);
    const fit = benchmarkFitter(smallProcess, paths);

    it('learns only from deals closed before the as-of date (no leakage into backtests)', () => {
        const early = closedBefore(paths, '2025-06-01');
        expect(early.length).toBeGreaterThan(0);
        expect(early.every((p: DealPath) => p.outcome !== 'open' && (p.closedAt ?? '') < '2025-06-01')).toBe(
            true
        );
        expect(fit('2025-06-01').dealCount).toBe(early.length);
        expect(fit('2026-11-17').dealCount).toBeGreaterThan(early.length);
    });

    it('caches a fit per as-of date', () => {
        expect(fit('2026-01-01')).toBe(fit('2026-01-01'));
    });

    it('turns benchmarks into one row per stage and per (stage, parameter), keyed as docs/DESIGN.md says', () => {
        const benchmarks = fit('2026-11-17');
        const rows = benchmarkRows(benchmarks);
        const stageRow = rows.find((r) => r.Benchmark_Key__c === 'Prospecting|*');
        expect(stageRow).toMatchObject({ Kind__c: 'Stage', Stage__c: 'Prospecting', Parameter__c: null });
        const stage = benchmarks.stages.find((s) => s.stage === 'Prospecting');
        expect(stageRow?.Win_Rate__c).toBeCloseTo((stage?.winRate ?? NaN) * 100, 1);
        expect(JSON.parse(stageRow?.Payload__c ?? '{}')).toEqual(stage);
        const parameterRow = rows.find((r) => r.Benchmark_Key__c === 'Prospecting|Budget');
        expect(parameterRow).toMatchObject({
            Kind__c: 'Parameter',
            Parameter__c: 'Budget',
            Win_Rate__c: null
        });
        expect(rows.every((r) => isStageplayBenchmarkKey(r.Benchmark_Key__c))).toBe(true);
        expect(new Set(rows.map((r) => r.Benchmark_Key__c)).size).toBe(rows.length);
    });

    it('finds budget the strongest effect, with its counts', () => {
        const effects = topParameterEffects(smallProcess, fit('2026-11-17'));
        expect(effects.length).toBeGreaterThan(0);
        expect(effects[0].parameter).toBe('Budget');
        expect(effects[0].won + effects[0].lost).toBeGreaterThan(0);
    });
});

describe('diffBenchmarkRows', () => {
    const rows = benchmarkRows(benchmarkFitter(smallProcess, dealPathsOf(smallDataset()))('2026-11-17'));
    const asStored = (extra: Partial<ExistingBenchmarkRow> = {}) =>
        rows.map((r, i) => ({ ...r, Id: `a00${i}`, ...extra }) as ExistingBenchmarkRow);

    it('finds nothing to do when the org already holds the same fit (re-runs are idempotent)', () => {
        // The org hands numbers back rounded to the field's scale and JSON re-spaced; neither is a change.
        const stored = asStored().map((r) => ({
            ...r,
            Fitted_At__c: '2020-01-01T00:00:00.000Z',
            Payload__c: JSON.stringify(JSON.parse(String(r.Payload__c)), null, 1)
        }));
        const diff = diffBenchmarkRows(stored, rows);
        expect(summarizeDiff(diff)).toEqual({ new: 0, changed: 0, unchanged: rows.length, obsolete: 0 });
    });

    it('classifies new, changed, obsolete and foreign rows', () => {
        const stored = asStored();
        stored[0] = { ...stored[0], Won__c: 999 };
        stored.splice(1, 1);
        stored.push({ Id: 'a0X', Benchmark_Key__c: 'Old Stage|*', Kind__c: 'Stage' });
        stored.push({ Id: 'a0Y', Benchmark_Key__c: 'hand-made row', Kind__c: 'Stage' });
        const diff = diffBenchmarkRows(stored, rows);
        expect(diff.created.map((r) => r.Benchmark_Key__c)).toEqual([rows[1].Benchmark_Key__c]);
        expect(diff.changed).toEqual([{ row: rows[0], id: 'a000', fields: ['Won__c'] }]);
        expect(diff.obsolete.map((r) => r.Id)).toEqual(['a0X']);
        expect(diff.foreign.map((r) => r.Id)).toEqual(['a0Y']);
        expect(diff.unchanged.length).toBe(rows.length - 2);
    });

    it('recognises only keys Stageplay writes', () => {
        expect(isStageplayBenchmarkKey('Discovery|*')).toBe(true);
        expect(isStageplayBenchmarkKey('Discovery|Budget')).toBe(true);
        expect(isStageplayBenchmarkKey('Discovery')).toBe(false);
        expect(isStageplayBenchmarkKey('a|b|c')).toBe(false);
        expect(isStageplayBenchmarkKey(null)).toBe(false);
    });
});
