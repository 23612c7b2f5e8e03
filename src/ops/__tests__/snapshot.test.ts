import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareSnapshots, snapshotKey, snapshotRowsOf } from '../snapshot';
import { readSnapshotsCsv, writeSnapshotsCsv } from '../snapshotStore';
import { forecastDealsAsOf } from '../reconcile';
import { smallDataset } from './smallDataset';

const spec = { unit: 'quarter' as const, fiscalYearStartMonth: 1 };

describe('forecast snapshots', () => {
    const dataset = smallDataset();
    const deals = forecastDealsAsOf(dataset, '2026-11-16');
    const rows = snapshotRowsOf(deals, spec, '2026-11-16');

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
        fs.rmSync(dir, { recursive: true, force: true });
    });

    it('compares an older snapshot with what was booked since', () => {
        const earlier = snapshotRowsOf(forecastDealsAsOf(dataset, '2026-08-01'), spec, '2026-08-01');
        const comparison = compareSnapshots(earlier, deals, spec);
        const q3 = comparison.rows.find((r) => r.period === 'FY2026-Q3');
        expect(q3).toBeDefined();
        const booked = dataset.opportunities
            .filter((o) => o.isWon && o.closeDate >= '2026-07-01' && o.closeDate <= '2026-09-30')
            .reduce((s, o) => s + (o.amount ?? 0), 0);
        expect(q3!.bookedNow).toBeCloseTo(booked, 2);
    });
});
