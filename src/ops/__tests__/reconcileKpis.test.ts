import type { DealPath } from '../../core';
import {
    buildDealPaths,
    FieldHistoryTable,
    flagDeals,
    periodOf,
    pipelineAsOf,
    StageHistoryTable
} from '../../core';
import type { Dataset } from '../../dataset';
import { generatedRows } from '../../generate/generateHistory';
import { loadProcessFromSource } from '../../metadata/loadProcess';
import { inMemoryQuality } from '../../records/ledger';
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

/**
 * The open deals at the end of `day` rebuilt as whole paths as they stood then (stage, close date,
 * values, the visits and close-date changes known by then), for `flagDeals` to judge in full: the
 * straightforward replay the KPIs' past-period counts must agree with.
 */
function pathsOpenAt(paths: readonly DealPath[], day: string): DealPath[] {
    const limit = `${day}T23:59:59.999Z`;
    const then = new Map(pipelineAsOf(paths, day).map((p) => [p.id, p]));
    return paths.flatMap((path) => {
        const p = then.get(path.deal.id);
        if (!p || p.isClosed) return [];
        return [
            {
                ...path,
                deal: {
                    ...path.deal,
                    stageName: p.stageName,
                    amount: p.amount,
                    closeDate: p.closeDate,
                    probability: p.probability,
                    isClosed: false,
                    isWon: false,
                    fields: p.values
                },
                visits: path.visits
                    .filter((v) => v.enteredAt <= limit)
                    .map((v) => (v.exitedAt !== null && v.exitedAt > limit ? { ...v, exitedAt: null } : v)),
                closeDateChanges: path.closeDateChanges.filter((c) => c.at <= limit),
                outcome: 'open' as const,
                closedAt: null
            }
        ];
    });
}

describe('reconcile → kpis: stale and past-close deals in past periods', () => {
    const AS = '2026-11-15';
    let dataset: Dataset;

    beforeAll(async () => {
        const salesProcess = await loadProcessFromSource('force-app/main/default');
        const { opportunities, stageHistory, fieldHistory } = generatedRows(salesProcess, {
            seed: 5,
            deals: 500,
            today: AS
        });
        dataset = {
            process: salesProcess,
            opportunities,
            stageHistory: StageHistoryTable.fromRows(stageHistory),
            fieldHistory: FieldHistoryTable.fromRows(fieldHistory),
            users: [],
            accounts: [],
            problems: [],
            quality: inMemoryQuality()
        };
    });

    it('counts per owner exactly the stale and past-close flags flagDeals raises on the deals as they stood', () => {
        const rec = reconcile(dataset, { spec: SPEC, asOf: AS, pastPeriods: 6 });
        const paths = buildDealPaths(
            dataset.process,
            dataset.opportunities,
            dataset.stageHistory,
            dataset.fieldHistory
        );
        const ownerOf = new Map(paths.map((p) => [p.deal.id, p.deal.ownerId]));
        let stale = 0;
        let pastClose = 0;
        for (const period of rec.pastPeriods) {
            const expected = new Map<string, { stale: number; pastClose: number }>();
            for (const f of flagDeals(
                dataset.process,
                rec.benchmarks,
                pathsOpenAt(paths, period.end),
                period.end
            )) {
                if (f.kind !== 'stale' && f.kind !== 'pastCloseDate') continue;
                const owner = ownerOf.get(f.dealId)!;
                const t = expected.get(owner) ?? { stale: 0, pastClose: 0 };
                if (f.kind === 'stale') t.stale++;
                else t.pastClose++;
                expected.set(owner, t);
            }
            for (const row of rec.kpis.byOwner.filter((k) => k.period === period.key)) {
                const want = expected.get(row.ownerId) ?? { stale: 0, pastClose: 0 };
                expect([row.ownerId, row.adoption.staleDeals, row.adoption.pastCloseDeals]).toEqual([
                    row.ownerId,
                    want.stale,
                    want.pastClose
                ]);
                stale += want.stale;
                pastClose += want.pastClose;
            }
        }
        // The comparison means something only if both flags were raised in the past periods.
        expect(stale).toBeGreaterThan(0);
        expect(pastClose).toBeGreaterThan(0);
    });
});
