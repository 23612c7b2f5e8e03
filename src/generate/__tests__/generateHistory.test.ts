import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessDefinition } from '../../core';
import { fitBenchmarks, buildDealPaths, flagDeals, evaluateRule, parseRule } from '../../core';
import { readDataExport } from '../../dataExport';
import { loadProcessFromSource } from '../../metadata/loadProcess';
import { sampleProcess } from '../../dataExport/__tests__/fixtures/process';
import { type GeneratedDeal, generateDataExport, generateHistory } from '../generateHistory';
import { describeMechanism, expectedAdvance, PLANTED_EFFECTS } from '../mechanism';

let shipped: ProcessDefinition;
let dir: string;

beforeAll(async () => {
    shipped = await loadProcessFromSource('force-app/main/default');
});

beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stageplay-generate-'));
});

afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
});

async function folderHash(folder: string): Promise<Record<string, string>> {
    const hashes: Record<string, string> = {};
    for (const file of (await readdir(folder)).sort()) {
        hashes[file] = createHash('sha256')
            .update(await readFile(join(folder, file)))
            .digest('hex');
    }
    return hashes;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)];
}

describe('generateDataExport', () => {
    it('writes the same bytes for the same seed, different ones for another seed, and reads back cleanly', async () => {
        const a = join(dir, 'a');
        const b = join(dir, 'b');
        const c = join(dir, 'c');
        const summary = await generateDataExport(a, shipped, { seed: 7, deals: 400 });
        await generateDataExport(b, shipped, { seed: 7, deals: 400 });
        await generateDataExport(c, shipped, { seed: 8, deals: 400 });
        const hashA = await folderHash(a);
        expect(Object.keys(hashA)).toEqual([
            'Account.csv',
            'LoginHistory.csv',
            'Opportunity.csv',
            'OpportunityFieldHistory.csv',
            'OpportunityHistory.csv',
            'OpportunityStage.csv',
            'Stageplay_Quota__c.csv',
            'Task.csv',
            'User.csv'
        ]);
        expect(await folderHash(b)).toEqual(hashA);
        const hashC = await folderHash(c);
        expect(hashC['Opportunity.csv']).not.toBe(hashA['Opportunity.csv']);
        expect(hashC['OpportunityHistory.csv']).not.toBe(hashA['OpportunityHistory.csv']);

        expect(summary.won + summary.lost + summary.open).toBe(400);
        const dataset = await readDataExport(a, shipped);
        expect(dataset.problems).toEqual([]);
        expect(dataset.opportunities).toHaveLength(400);
        expect(dataset.stageHistory).toHaveLength(summary.rows.stageHistory);
        expect(dataset.fieldHistory).toHaveLength(summary.rows.fieldHistory);
        expect(dataset.users).toHaveLength(8);
        expect(dataset.accounts).toHaveLength(summary.rows.account);
        expect(dataset.process.stages).toEqual([...shipped.stages].sort((x, y) => x.sortOrder - y.sortOrder));
        for (const o of dataset.opportunities) {
            expect(o.id).toMatch(/^006[0-9A-Za-z]{15}$/);
            expect(o.ownerName).not.toBeNull();
        }
        expect(dataset.opportunities.filter((o) => o.isWon).length).toBe(summary.won);
    });

    it('works for any process, e.g. a hand-made one, and checks its options', async () => {
        const summary = await generateDataExport(dir, sampleProcess(), { seed: 'x', deals: 50, owners: 3 });
        expect(summary.rows.user).toBe(3);
        const dataset = await readDataExport(dir, sampleProcess());
        expect(dataset.problems).toEqual([]);
        expect(() => [...generateHistory(sampleProcess(), { seed: 1, deals: -1 })]).toThrow(/deals/);
        expect(() => [
            ...generateHistory(sampleProcess(), { seed: 1, deals: 1, today: '2026-13-01' })
        ]).toThrow(/today/);
        const noLost = {
            ...sampleProcess(),
            stages: sampleProcess().stages.filter((s) => s.name !== 'Closed Lost')
        };
        expect(() => [...generateHistory(noLost, { seed: 1, deals: 1 })]).toThrow(/closed lost stage/);
    });

    it('streams: 50,000 deals go to disk without the heap growing with them', async () => {
        const before = process.memoryUsage().heapUsed;
        let peak = 0;
        const timer = setInterval(() => {
            peak = Math.max(peak, process.memoryUsage().heapUsed);
        }, 20);
        const summary = await generateDataExport(dir, sampleProcess(), { seed: 3, deals: 50_000 });
        clearInterval(timer);
        expect(summary.rows.opportunity).toBe(50_000);
        // The files hold ~40 MB of text; held in memory as objects they would take several times that.
        expect(peak - before).toBeLessThan(96 * 1024 * 1024);
    }, 240_000);
});

describe('generateHistory realism', () => {
    let deals: GeneratedDeal[];
    const today = '2026-11-15';

    beforeAll(() => {
        deals = [...generateHistory(shipped, { seed: 11, deals: 6000, today })];
    });

    it('draws lognormal amounts around 25k and spreads creation over two years', () => {
        const amounts = deals.map((d) => d.opportunity.amount as number);
        expect(median(amounts)).toBeGreaterThan(20_000);
        expect(median(amounts)).toBeLessThan(31_000);
        // Right-skewed: the mean sits well above the median.
        expect(amounts.reduce((s, x) => s + x, 0) / amounts.length).toBeGreaterThan(1.2 * median(amounts));
        const created = deals.map((d) => d.opportunity.createdDate).sort();
        expect(created[0] < '2024-12-01').toBe(true);
        expect(created[created.length - 1] > '2026-10-15').toBe(true);
        expect(created[created.length - 1] <= `${today}T23:59:59.999Z`).toBe(true);
    });

    it('advances stage by stage with win rates near, but deliberately not at, the nominal probabilities', () => {
        const closed = deals.filter((d) => d.truth.outcome !== 'open');
        const stages = describeMechanism(shipped).stages;
        const rates = stages.map((model) => {
            const reached = closed.filter((d) =>
                d.stageHistory.some((row) => row.stageName === model.stage.name)
            );
            return reached.filter((d) => d.truth.outcome === 'won').length / reached.length;
        });
        // Each later stage wins more often, as a funnel does.
        for (let i = 1; i < rates.length; i++) expect(rates[i]).toBeGreaterThan(rates[i - 1]);
        // Near nominal, within a factor of two ...
        rates.forEach((rate, i) => {
            expect(rate).toBeGreaterThan(stages[i].stage.probability / 2);
            expect(rate).toBeLessThan(Math.min(1, stages[i].stage.probability * 2));
        });
        // ... but Discovery is over-stated on purpose (skew 0.75 on its step): 20% nominal, ~15% real.
        expect(rates[1]).toBeLessThan(stages[1].stage.probability - 0.03);
    });

    it('pads, slips, overrides, skips and fills answers late, each in a minority of deals', () => {
        const share = (pick: (d: GeneratedDeal) => boolean) => deals.filter(pick).length / deals.length;
        const required = new Set(shipped.parameters.filter((p) => p.requiredToAdvance).map((p) => p.name));
        const stageOf = new Map(shipped.parameters.map((p) => [p.name, p.stage]));
        // Padded: the deal left a stage with a required answer missing, which only shows if it moved on.
        const padded = (d: GeneratedDeal) =>
            d.truth.unansweredAtExit.some(
                (name) =>
                    required.has(name) &&
                    d.stageHistory.some(
                        (row) =>
                            row.stageName !== stageOf.get(name) &&
                            row.createdDate > d.stageHistory[0].createdDate &&
                            row.stageName !== 'Closed Lost'
                    )
            );
        expect(share(padded)).toBeGreaterThan(0.03);
        const padRate = (pads: boolean) => {
            const own = deals.filter((d) => d.truth.ownerPads === pads);
            return own.filter(padded).length / own.length;
        };
        expect(padRate(true)).toBeGreaterThan(2 * padRate(false));
        expect(share((d) => d.truth.closeDatePushes > 0)).toBeGreaterThan(0.05);
        expect(share((d) => d.truth.closeDatePushes > 0)).toBeLessThan(0.6);
        expect(share((d) => d.truth.probabilityOverridden)).toBeGreaterThan(0.05);
        expect(share((d) => d.truth.skippedStages.length > 0)).toBeGreaterThan(0);
        expect(share((d) => d.truth.amountRevised)).toBeGreaterThan(0.005);

        // Each push is an OpportunityHistory row in the same stage with a later close date.
        const pushed = deals.find(
            (d) => d.truth.closeDatePushes > 0 && d.truth.outcome !== 'open'
        ) as GeneratedDeal;
        const pushRows = pushed.stageHistory.filter(
            (row, i) =>
                i > 0 &&
                row.stageName === pushed.stageHistory[i - 1].stageName &&
                row.closeDate! > pushed.stageHistory[i - 1].closeDate!
        );
        expect(pushRows.length).toBe(pushed.truth.closeDatePushes);

        // Late answers: a field changed after the deal left the stage the parameter belongs to.
        const late = deals.filter((d) =>
            d.fieldHistory.some((row) => {
                const parameter = shipped.parameters.find((p) => p.field === row.field)!;
                const left = d.stageHistory.find(
                    (h, i) =>
                        i > 0 &&
                        d.stageHistory[i - 1].stageName === parameter.stage &&
                        h.stageName !== parameter.stage
                );
                return left !== undefined && row.createdDate > left.createdDate;
            })
        );
        expect(late.length).toBeGreaterThan(deals.length * 0.01);
    });

    it('records answers as field history during their stage, with values that really pass or fail the rule', () => {
        const deal = deals.find(
            (d) => d.truth.outcome === 'won' && d.fieldHistory.length > 5
        ) as GeneratedDeal;
        const times = deal.fieldHistory.map((row) => row.createdDate);
        expect([...times].sort()).toEqual(times);
        for (const row of deal.fieldHistory) {
            expect(row.createdDate >= deal.opportunity.createdDate).toBe(true);
            expect(row.createdDate <= deal.opportunity.lastModifiedDate!).toBe(true);
        }
        // Planted outcomes are real outcomes under the core's own rule evaluation.
        const rules = new Map(shipped.parameters.map((p) => [p.name, parseRule(p.rule)]));
        for (const d of deals.slice(0, 500)) {
            if (d.truth.outcome !== 'won') continue;
            for (const name of d.truth.passedAtExit) {
                const parameter = shipped.parameters.find((p) => p.name === name)!;
                const left = d.stageHistory.find(
                    (h, i) =>
                        i > 0 &&
                        d.stageHistory[i - 1].stageName === parameter.stage &&
                        h.stageName !== parameter.stage
                )!;
                const changes = d.fieldHistory.filter(
                    (r) => r.field === parameter.field && r.createdDate <= left.createdDate
                );
                expect(evaluateRule(rules.get(name)!, changes[changes.length - 1].newValue)).toBe('pass');
            }
        }
    });

    it('leaves an open pipeline closing in the current and next quarters', () => {
        const open = deals.filter((d) => d.truth.outcome === 'open');
        expect(open.length).toBeGreaterThan(deals.length * 0.01);
        const currentQuarter = open.filter(
            (d) => d.opportunity.closeDate >= '2026-10-01' && d.opportunity.closeDate <= '2026-12-31'
        );
        const nextQuarter = open.filter(
            (d) => d.opportunity.closeDate >= '2027-01-01' && d.opportunity.closeDate <= '2027-03-31'
        );
        expect(currentQuarter.length).toBeGreaterThan(open.length * 0.2);
        expect(nextQuarter.length).toBeGreaterThan(open.length * 0.2);
        expect(new Set(open.map((d) => d.opportunity.stageName)).size).toBe(4);
        for (const d of open) {
            expect(d.opportunity.isClosed).toBe(false);
            expect(d.stageHistory[d.stageHistory.length - 1].createdDate <= `${today}T23:59:59.999Z`).toBe(
                true
            );
        }
    });
    it("gives each of the core's deal flags something to find in the open pipeline", () => {
        const paths = buildDealPaths(
            shipped,
            deals.map((d) => d.opportunity),
            deals.flatMap((d) => d.stageHistory),
            deals.flatMap((d) => d.fieldHistory)
        );
        const benchmarks = fitBenchmarks(shipped, paths, {
            fittedAt: `${today}T00:00:00.000Z`,
            fitDamping: false
        });
        const kinds = new Set(flagDeals(shipped, benchmarks, paths, today).map((flag) => flag.kind));
        for (const kind of ['padded', 'slipped', 'stale', 'pastCloseDate', 'probabilityOverride'] as const) {
            expect(kinds).toContain(kind);
        }
    });
});

describe('mechanism', () => {
    it('has both planted and null effects on the shipped process, and meets each stage target on average', () => {
        const mechanism = describeMechanism(shipped);
        const factors = mechanism.stages.flatMap((s) => s.parameters.map((p) => p.factor));
        expect(factors.filter((f) => f === 1).length).toBeGreaterThanOrEqual(3);
        expect(factors.filter((f) => f >= 1.5).length).toBeGreaterThanOrEqual(6);
        for (const parameter of shipped.parameters) expect(PLANTED_EFFECTS).toHaveProperty(parameter.name);
        for (const stage of mechanism.stages) {
            const average =
                mechanism.reps.reduce((sum, rep) => sum + expectedAdvance(stage, rep), 0) /
                mechanism.reps.length;
            expect(average).toBeCloseTo(stage.targetAdvance, 6);
        }
    });
});
