import { periodOf } from '../../core';
import type { Dataset } from '../../dataset';
import { reconcile } from '../reconcile';
import { smallDataset } from './smallDataset';

const SPEC = { unit: 'quarter', fiscalYearStartMonth: 1 } as const;
const AS_OF = '2026-11-16';

/** The small dataset with a quota of 20,000 per owner per quarter of 2025 and 2026, and one login each. */
function withQuotas(): Dataset {
    const dataset = smallDataset();
    const quarters = ['01', '04', '07', '10'].flatMap((m) => [`2025-${m}-01`, `2026-${m}-01`]);
    const quotas = ['005A', '005B'].flatMap((ownerId) =>
        quarters.map((start) => ({
            ownerId,
            periodStart: start,
            periodEnd: periodOf(start, SPEC).end,
            amount: 20_000,
            source: 'csv' as const
        }))
    );
    return {
        ...dataset,
        performance: {
            quotas,
            quotaSource: 'csv',
            lastLogins: { '005A': '2026-11-15T08:00:00.000Z' },
            logins: [{ userId: '005A', at: '2026-11-15T08:00:00.000Z' }],
            activities: null,
            missing: { 'Task.csv': 'tasks are not counted' }
        }
    };
}

describe('reconcile → kpis', () => {
    const rec = reconcile(withQuotas(), { spec: SPEC, asOf: AS_OF, pastPeriods: 4 });
    const current = rec.currentPeriod.key;

    it('rests forecast attainment on the same adjusted forecast per owner as forecast.byOwner', () => {
        const owners = rec.kpis.byOwner.filter((k) => k.period === current);
        expect(owners.map((k) => k.ownerId).sort()).toEqual(['005A', '005B']);
        for (const k of owners) {
            const row = rec.forecast.byOwner.find((r) => r.period === current && r.group === k.ownerId);
            expect(row).toBeDefined();
            expect(k.booked).toBeCloseTo(row!.booked, 6);
            expect(k.quota).toBe(20_000);
            expect(k.attainment).toBeCloseTo(row!.booked / 20_000, 10);
            expect(row!.adjustedExpected).not.toBeNull();
            expect(k.forecastAttainment).toBeCloseTo((row!.booked + row!.adjustedExpected!) / 20_000, 10);
        }
    });

    it('has a row per owner and a team row per period: the past periods and the current one', () => {
        expect(rec.kpis.period).toBe(current);
        expect(rec.kpis.team.map((t) => t.period)).toEqual([...rec.pastPeriods.map((p) => p.key), current]);
        expect(rec.kpis.byOwner).toHaveLength(2 * rec.kpis.team.length);
        for (const t of rec.kpis.team) expect(t.quota).toBe(40_000);
        expect(rec.kpis.quotaSource).toBe('csv');
        expect(rec.kpis.missing['Task.csv']).toBe('tasks are not counted');
    });

    it('counts adoption from the performance data and says null where there is none', () => {
        const a = rec.kpis.byOwner.find((k) => k.period === current && k.ownerId === '005A')!.adoption;
        expect(a.lastLogin).toBe('2026-11-15T08:00:00.000Z');
        expect(a.logins).toBe(1);
        expect(a.activitiesDue).toBeNull();
        const b = rec.kpis.byOwner.find((k) => k.period === current && k.ownerId === '005B')!.adoption;
        expect(b.lastLogin).toBeNull();
        expect(b.logins).toBe(0);
    });

    it('without any performance data, every quota is null and the reason is given', () => {
        const bare = reconcile(smallDataset(), { spec: SPEC, asOf: AS_OF, pastPeriods: 4 });
        expect(bare.kpis.byOwner.every((k) => k.quota === null && k.attainment === null)).toBe(true);
        expect(bare.kpis.quotaSource).toBeNull();
        expect(Object.keys(bare.kpis.missing)).toContain('source');
    });
});
