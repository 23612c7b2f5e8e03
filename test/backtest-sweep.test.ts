/**
 * The backtest's snapshots come from a sweep (`PipelineHistory.snapshots`: dates in time order, the
 * open set kept as deals are created and close), the time split from a sweep through its cut-offs.
 * Both are checked here against the plain reading they replace, on a generated history (the demo's
 * generator, 800 deals over two years: stage moves, amount and close-date changes, reopened stages):
 * every snapshot equals the one read from each path at that date by `pipelineAsOf`'s rules, whatever
 * order and grouping the dates are asked in, and the time split scores the same deals, in the same
 * order, as scoring `pipelineAsOf`'s deals at each cut-off does.
 */
import type { DealPath, OpenDealState, ProcessDefinition } from '../src/core';
import {
    addDays,
    buildDealPaths,
    closedOn,
    endOfDay,
    fitBenchmarks,
    periodsBetween,
    pipelineAsOf,
    PipelineHistory,
    scoreDeal,
    timeSplitAccuracy,
    timeSplitCutOff,
    timeSplitCutOffs,
    toTimestamp,
    visitAt
} from '../src/core';
import { generatedRows } from '../src/generate/generateHistory';
import { loadProcessFromSource } from '../src/metadata/loadProcess';

const TODAY = '2026-11-15';

let salesProcess: ProcessDefinition;
let paths: DealPath[];

beforeAll(async () => {
    salesProcess = await loadProcessFromSource('force-app/main/default');
    const { opportunities, stageHistory, fieldHistory } = generatedRows(salesProcess, {
        seed: 7,
        deals: 800,
        today: TODAY
    });
    paths = buildDealPaths(salesProcess, opportunities, stageHistory, fieldHistory);
}, 60_000);

/** The open deals at the end of `day`, read path by path: the definition the sweep must match. */
function openAt(day: string): OpenDealState[] {
    const cutoff = endOfDay(day);
    const byId = new Map(paths.map((p) => [p.deal.id, p]));
    const probability = new Map(salesProcess.stages.map((s) => [s.name, s.probability]));
    const category = new Map(salesProcess.stages.map((s) => [s.name, s.forecastCategory]));
    return pipelineAsOf(paths, day)
        .filter((d) => !d.isClosed)
        .map((d) => {
            const path = byId.get(d.id) as DealPath;
            const visit = visitAt(path, cutoff);
            const enteredAt =
                visit && visit.stage === d.stageName
                    ? toTimestamp(visit.enteredAt)
                    : toTimestamp(path.deal.createdDate);
            return {
                id: d.id,
                ownerId: d.ownerId,
                stage: d.stageName,
                amount: d.amount ?? 0,
                closeDate: d.closeDate,
                statedProbability: d.probability ?? probability.get(d.stageName) ?? 0,
                forecastCategory: d.forecastCategory ?? category.get(d.stageName) ?? null,
                daysInStage: Math.max(0, (cutoff - enteredAt) / 86_400_000),
                pushes: path.closeDateChanges.filter((c) => c.to > c.from && toTimestamp(c.at) <= cutoff)
                    .length
            };
        });
}

describe('the backtest sweep', () => {
    // Every 11th day from before the first deal to after today, so some fall before any deal exists.
    const days: string[] = [];
    for (let day = '2024-09-01'; day <= '2026-12-31'; day = addDays(day, 11)) days.push(day);

    it('gives every date the open deals read path by path, asked one at a time or all at once', () => {
        const oneByOne = new PipelineHistory(salesProcess, paths);
        const together = new PipelineHistory(salesProcess, paths);
        // Asked out of order, with repeats, and some of them before the rest.
        together.snapshots(days.filter((_, i) => i % 3 === 0).reverse());
        const all = together.snapshots([...days].reverse().concat(days));
        let open = 0;
        days.forEach((day, i) => {
            const expected = openAt(day);
            open += expected.length;
            expect(oneByOne.snapshot(day).open).toEqual(expected);
            expect(all[days.length - 1 - i].open).toEqual(expected);
            expect(all[days.length + i]).toBe(all[days.length - 1 - i]);
        });
        // The history's busy months hold dozens of open deals: the comparison is not of empty lists.
        expect(open).toBeGreaterThan(days.length * 20);
    });

    it('finds each period’s wins by close date, in the history’s order', () => {
        const history = new PipelineHistory(salesProcess, paths);
        const won = history.wonDeals();
        const quarters = periodsBetween('2024-07-01', '2026-12-31', {
            unit: 'quarter',
            fiscalYearStartMonth: 1
        });
        let found = 0;
        for (const q of quarters) {
            const expected = won.flatMap((w, i) =>
                w.closeDate >= q.start && w.closeDate <= q.end ? [i] : []
            );
            expect([...history.wonClosingIn(q)]).toEqual(expected);
            found += expected.length;
        }
        expect(found).toBe(won.length);
    });
});

describe('the time split sweep', () => {
    /** The deals the time split scores, as scoring each cut-off's `pipelineAsOf` deals would. */
    function scoredPlainly(
        cutOffs: readonly string[],
        benchmarksFor: (cutOff: string) => ReturnType<typeof fitBenchmarks>
    ) {
        const finals = new Map(paths.map((p) => [p.deal.id, p]));
        const stages = new Map(salesProcess.stages.map((s) => [s.name, s]));
        const seen = new Set<string>();
        const rows: Array<{ id: string; stage: string; adjusted: number }> = [];
        for (const cutOff of cutOffs) {
            const benchmarks = benchmarksFor(cutOff);
            for (const deal of pipelineAsOf(paths, addDays(cutOff, -1))) {
                const path = finals.get(deal.id) as DealPath;
                const stage = stages.get(deal.stageName);
                if (seen.has(deal.id) || deal.isClosed || path.outcome === 'open') continue;
                if (!stage || stage.isClosed || closedOn(path) > TODAY) continue;
                seen.add(deal.id);
                const score = scoreDeal(salesProcess, benchmarks, {
                    stageName: stage.name,
                    probability: stage.probability,
                    isClosed: false,
                    isWon: false,
                    fields: deal.values
                });
                rows.push({ id: deal.id, stage: stage.name, adjusted: score.adjusted });
            }
        }
        return rows;
    }

    it.each([
        ['ascending', false],
        ['out of order', true]
    ])('scores the deals scoring each cut-off’s pipeline would (%s cut-offs)', (_, shuffled) => {
        const first = timeSplitCutOff(paths, TODAY) as string;
        const ascending = timeSplitCutOffs(first, TODAY);
        expect(ascending.length).toBeGreaterThan(3);
        // Out of order: a later cut-off first, so deals closed by it come back at earlier ones.
        const cutOffs = shuffled ? [ascending[2], ...ascending.filter((_, i) => i !== 2)] : ascending;
        const fits = new Map<string, ReturnType<typeof fitBenchmarks>>();
        const benchmarksFor = (cutOff: string) => {
            let fitted = fits.get(cutOff);
            if (!fitted) {
                fitted = fitBenchmarks(
                    salesProcess,
                    paths.filter((p) => p.outcome !== 'open' && closedOn(p) < cutOff)
                );
                fits.set(cutOff, fitted);
            }
            return fitted;
        };
        const rows = scoredPlainly(cutOffs, benchmarksFor);
        const split = timeSplitAccuracy(salesProcess, benchmarksFor, paths, cutOffs, TODAY);
        expect(split.scored).toBe(rows.length);
        expect(rows.length).toBeGreaterThan(50);
        // Same deals in the same order: the mean squared error sums in row order, so it matches exactly.
        const brier =
            rows.reduce((sum, r, i) => {
                const outcome = paths.find((p) => p.deal.id === rows[i].id)?.outcome === 'won' ? 1 : 0;
                return sum + (r.adjusted - outcome) * (r.adjusted - outcome);
            }, 0) / rows.length;
        expect(split.brier.adjusted).toBe(brier);
        for (const stage of split.byStage)
            expect(stage.scored).toBe(rows.filter((r) => r.stage === stage.stage).length);
    });
});
