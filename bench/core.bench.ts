/**
 * Speed and memory of the domain core on generated history (a benchmark, not a test: it prints,
 * it never fails on a number). Run with `npm run bench`.
 *
 *   fit       fitBenchmarks on N closed deals (with the damping grid search)
 *   score     scoreDeal for every open deal, per deal
 *   paths     buildDealPaths from the raw rows
 *   generate  the generator, all rows kept in memory as the core takes arrays (heap while they are held)
 *   backtest  the adjusted period forecast rebuilt for 6 past quarters at 2, 4 and 8 weeks out, plus
 *             the current quarter (history indexed once, snapshots shared by date)
 */
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import { generatedRows } from '../src/generate';
import {
    backtestPeriods,
    buildDealPaths,
    fitBenchmarks,
    forecastPeriod,
    PipelineHistory,
    periodOf,
    periodsBetween,
    scoreDeal
} from '../src/core';

function ms(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e6;
}

function heapMb(): number {
    global.gc?.();
    return process.memoryUsage().heapUsed / 1024 / 1024;
}

async function main(): Promise<void> {
    const sizes = (process.env.BENCH_DEALS ?? '5000,20000,50000').split(',').map(Number);
    const salesProcess = await loadProcessFromSource();
    const rows: Array<Record<string, string | number>> = [];
    for (const deals of sizes) {
        let t = process.hrtime.bigint();
        const { opportunities, stageHistory, fieldHistory } = generatedRows(salesProcess, { seed: 7, deals });
        const generateMs = ms(t);
        const rowCount = opportunities.length + stageHistory.length + fieldHistory.length;

        t = process.hrtime.bigint();
        const paths = buildDealPaths(salesProcess, opportunities, stageHistory, fieldHistory);
        const pathsMs = ms(t);

        t = process.hrtime.bigint();
        const benchmarks = fitBenchmarks(salesProcess, paths, { fittedAt: '2026-11-15T00:00:00Z' });
        const fitMs = ms(t);

        // Measured while the rows, paths and benchmarks are all alive: what a learn run holds.
        const heap = heapMb();
        const open = paths.filter((p) => p.outcome === 'open');
        t = process.hrtime.bigint();
        for (const path of open) {
            scoreDeal(salesProcess, benchmarks, {
                stageName: path.deal.stageName,
                probability: path.deal.probability,
                isClosed: path.deal.isClosed,
                isWon: path.deal.isWon,
                fields: path.deal.fields
            });
        }
        const scoreMs = ms(t);

        t = process.hrtime.bigint();
        const quarters = { unit: 'quarter', fiscalYearStartMonth: 1 } as const;
        const history = new PipelineHistory(salesProcess, paths);
        const past = periodsBetween('2025-04-01', '2026-09-30', quarters);
        backtestPeriods(history, past, quarters, [2, 4, 8]);
        forecastPeriod(history, periodOf('2026-11-15', quarters), '2026-11-15', quarters);
        const backtestMs = ms(t);
        rows.push({
            deals,
            'history rows': rowCount,
            'generate ms': Math.round(generateMs),
            'paths ms': Math.round(pathsMs),
            'fit ms': Math.round(fitMs),
            'score µs/deal': open.length ? Math.round((scoreMs * 1000) / open.length) : 0,
            'backtest ms': Math.round(backtestMs),
            'heap MB': Math.round(heap)
        });
    }
    console.table(rows);
}

main().catch((err) => {
    console.error(err instanceof Error ? err.message : err);
    process.exitCode = 1;
});
