import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KpiDeal, Period, ProcessDefinition, RepKpi } from '../../core';
import { addDays, periodsBetween, repKpis } from '../../core';
import { readDataExport } from '../../dataExport';
import type { Dataset } from '../../dataset';
import { loadProcessFromSource } from '../../metadata/loadProcess';
import { DEFAULT_TODAY, generateDataExport } from '../generateHistory';
import { DEFAULT_OWNER_NAMES, DEFAULT_PADDERS } from '../mechanism';
import { QUOTA_MULTIPLE } from '../adoption';

const PADDERS = new Set(DEFAULT_PADDERS.map((i) => DEFAULT_OWNER_NAMES[i]));
const MONTHS = { unit: 'month', fiscalYearStartMonth: 1 } as const;

let dir: string;
let dataset: Dataset;
let rows: RepKpi[];
let past: Period[];

beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stageplay-adoption-'));
    const shipped: ProcessDefinition = await loadProcessFromSource('force-app/main/default');
    await generateDataExport(dir, shipped, { seed: 42, deals: 2000 });
    dataset = await readDataExport(dir, shipped);
    // The months that set each rep's quota level (after the six months of ramp-up, before the current
    // month), read back from the files through the KPIs: summed, booked ÷ quota recovers 1 / multiple.
    const months = periodsBetween(addDays(DEFAULT_TODAY, -730), DEFAULT_TODAY, MONTHS);
    past = months.slice(6, -1);
    const deals: KpiDeal[] = dataset.opportunities.map((o) => ({ ...o }));
    const performance = dataset.performance!;
    rows = repKpis({
        asOf: DEFAULT_TODAY,
        periods: past.map((period) => ({ period, forecastByOwner: null })),
        deals,
        owners: dataset.users.map((u) => ({ id: u.id, name: u.name })),
        quotas: performance.quotas,
        lastLogins: new Map(Object.entries(performance.lastLogins)),
        logins: performance.logins,
        activities: performance.activities,
        stageExits: [],
        flags: new Map()
    }).byOwner;
}, 120_000);

afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
});

/** Per rep: Σ quota and Σ booked over those months, logins, tasks due and done. */
function perRep() {
    const reps = new Map<
        string,
        { quota: number; booked: number; logins: number; due: number; done: number }
    >();
    for (const r of rows) {
        const e = reps.get(r.ownerName) ?? { quota: 0, booked: 0, logins: 0, due: 0, done: 0 };
        e.quota += r.quota ?? 0;
        e.booked += r.booked;
        e.logins += r.adoption.logins ?? 0;
        e.due += r.adoption.activitiesDue ?? 0;
        e.done += r.adoption.activitiesCompleted ?? 0;
        reps.set(r.ownerName, e);
    }
    return reps;
}

describe('planted quotas and adoption', () => {
    it('reads every planted file back without a problem', () => {
        expect(dataset.problems).toEqual([]);
        const performance = dataset.performance!;
        expect(performance.quotaSource).toBe('csv');
        expect(performance.missing).toEqual({ 'Event.csv': expect.any(String) });
        // A quota per rep per month of the history and six ahead: every past quarter has one per rep.
        expect(rows.every((r) => r.quota !== null && r.quota > 0)).toBe(true);
        expect(Object.keys(performance.lastLogins)).toHaveLength(8);
    });

    it("recovers the quota multiple: padders' quotas sit well above what they book, honest reps' near it", () => {
        const [, honestHigh] = QUOTA_MULTIPLE.honest;
        const [padderLow] = QUOTA_MULTIPLE.padder;
        for (const [name, e] of perRep()) {
            // 1 / multiple, give or take the months' 8% spread around the level.
            const attainment = e.booked / e.quota;
            if (PADDERS.has(name)) expect(attainment).toBeLessThan((1 / padderLow) * 1.05);
            else expect(attainment).toBeGreaterThan((1 / honestHigh) * 0.95);
        }
        const reps = [...perRep()].sort((a, b) => a[1].booked / a[1].quota - b[1].booked / b[1].quota);
        // The two lowest attainments are the padders'.
        expect(new Set(reps.slice(0, 2).map(([name]) => name))).toEqual(PADDERS);
    });

    it("recovers the padders' low adoption: fewer logins, fewer tasks done, an older last login", () => {
        const reps = perRep();
        const honest = [...reps].filter(([name]) => !PADDERS.has(name));
        const padders = [...reps].filter(([name]) => PADDERS.has(name));
        const minHonestLogins = Math.min(...honest.map(([, e]) => e.logins));
        const minHonestDone = Math.min(...honest.map(([, e]) => e.done / e.due));
        for (const [, e] of padders) {
            expect(e.logins).toBeLessThan(minHonestLogins * 0.6);
            expect(e.done / e.due).toBeLessThan(minHonestDone - 0.2);
        }
        const lastLogin = (name: string) =>
            dataset.performance!.lastLogins[dataset.users.find((u) => u.name === name)!.id];
        const oldestHonest = honest.map(([name]) => lastLogin(name)).sort()[0];
        for (const [name] of padders) expect(lastLogin(name) < oldestHonest).toBe(true);
    });
});
