import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareSnapshots, snapshotKey, snapshotRowsOf } from '../snapshot';
import { readSnapshotsCsv, writeSnapshotsCsv } from '../snapshotStore';
import { forecastDealsAsOf, periodForecastsAsOf } from '../reconcile';
import { rollupForecast } from '../../core';
import { smallDataset } from './smallDataset';

const spec = { unit: 'quarter' as const, fiscalYearStartMonth: 1 };

describe('forecast snapshots', () => {
    const dataset = smallDataset();
    const deals = forecastDealsAsOf(dataset, '2026-11-16');
    const forecasts = periodForecastsAsOf(dataset, '2026-11-16', spec);
    const rows = snapshotRowsOf(deals, spec, '2026-11-16', forecasts);

    it('keys rows <asOf>|<period>|<groupBy>|<group>, for the current and later periods only', () => {
        expect(rows.length).toBeGreaterThan(0);
        expect(rows.every((r) => r.Period__c >= 'FY2026-Q4')).toBe(true);
        const total = rows.find((r) => r.Group_By__c === 'total' && r.Period__c === 'FY2026-Q4');
        expect(total?.Snapshot_Key__c).toBe(snapshotKey('2026-11-16', 'FY2026-Q4', 'total', '*'));
        expect(new Set(rows.map((r) => r.Snapshot_Key__c)).size).toBe(rows.length);
    });

    it('sums commit from open Commit-category deals, and owners add up to the total', () => {
        const q = rows.filter((r) => r.Period__c === 'FY2026-Q4');
        const total = q.find((r) => r.Group_By__c === 'total')!;
        const owners = q.filter((r) => r.Group_By__c === 'owner');
        expect(owners.reduce((s, r) => s + r.Stated_Expected__c, 0)).toBeCloseTo(total.Stated_Expected__c, 1);
        const commit = deals
            .filter(
                (d) =>
                    !d.isClosed &&
                    d.forecastCategory === 'Commit' &&
                    d.closeDate >= '2026-10-01' &&
                    d.closeDate <= '2026-12-31'
            )
            .reduce((s, d) => s + d.amount, 0);
        expect(total.Commit_Amount__c).toBeCloseTo(commit, 2);
    });

    it('writes the adjusted period forecast beyond booked, split so that groups add up to the total', () => {
        const q4 = forecasts.find((f) => f.period === 'FY2026-Q4')!;
        expect(q4.adjusted).not.toBeNull();
        const q = rows.filter((r) => r.Period__c === 'FY2026-Q4');
        const total = q.find((r) => r.Group_By__c === 'total')!;
        expect(total.Booked__c + total.Adjusted_Expected__c!).toBeCloseTo(q4.adjusted!, 1);
        for (const groupBy of ['owner', 'forecastCategory'] as const) {
            const groups = q.filter((r) => r.Group_By__c === groupBy);
            expect(groups.every((r) => r.Adjusted_Expected__c !== null)).toBe(true);
            expect(groups.reduce((s, r) => s + r.Adjusted_Expected__c!, 0)).toBeCloseTo(
                total.Adjusted_Expected__c!,
                0
            );
        }
        // Periods past the ones the adjusted forecast covers have no adjusted figure, not a different one.
        const covered = new Set(forecasts.map((f) => f.period));
        for (const r of rows.filter((row) => !covered.has(row.Period__c)))
            expect(r.Adjusted_Expected__c).toBeNull();
    });

    it('merges into snapshots.csv by key, so a re-run on the same day changes nothing', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-snap-'));
        const file = path.join(dir, 'snapshots.csv');
        expect(writeSnapshotsCsv(file, rows)).toEqual({
            created: rows.length,
            updated: 0,
            total: rows.length
        });
        const first = fs.readFileSync(file, 'utf8');
        expect(writeSnapshotsCsv(file, rows)).toEqual({
            created: 0,
            updated: rows.length,
            total: rows.length
        });
        expect(fs.readFileSync(file, 'utf8')).toBe(first);
        expect(readSnapshotsCsv(file)).toHaveLength(rows.length);
        expect(readSnapshotsCsv(file).map((r) => r.Adjusted_Expected__c)).toEqual(
            [...rows]
                .sort((a, b) => a.Snapshot_Key__c.localeCompare(b.Snapshot_Key__c))
                .map((r) => r.Adjusted_Expected__c)
        );
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('compares an older snapshot with what was booked since', () => {
        const earlier = snapshotRowsOf(
            forecastDealsAsOf(dataset, '2026-08-01'),
            spec,
            '2026-08-01',
            periodForecastsAsOf(dataset, '2026-08-01', spec)
        );
        const comparison = compareSnapshots(earlier, rollupForecast(deals, spec, 'total', forecasts));
        const q3 = comparison.rows.find((r) => r.period === 'FY2026-Q3');
        expect(q3).toBeDefined();
        const booked = dataset.opportunities
            .filter((o) => o.isWon && o.closeDate >= '2026-07-01' && o.closeDate <= '2026-09-30')
            .reduce((s, o) => s + (o.amount ?? 0), 0);
        expect(q3!.bookedNow).toBeCloseTo(booked, 2);
        // Q3 is past: today's run has no adjusted forecast for it; Q4's is today's adjusted period forecast.
        expect(q3!.adjustedNow).toBeNull();
        expect(q3!.adjustedThen).not.toBeNull();
        const q4 = comparison.rows.find((r) => r.period === 'FY2026-Q4');
        expect(q4?.adjustedNow).toBeCloseTo(forecasts.find((f) => f.period === 'FY2026-Q4')!.adjusted!, 1);
    });
});
