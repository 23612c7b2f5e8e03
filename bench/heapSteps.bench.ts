/**
 * `tsx --expose-gc bench/heapSteps.bench.ts <Data Export folder> [as-of]`: the live heap after each step
 * `reconcile` takes (read, paths, the fit "now", the pipeline, its scores, the period history, the
 * backtest, the time split, the flags), each after two forced collections, with the CPU seconds the
 * step took. Peak RSS says when V8 chose to collect; this says what a run holds, step by step, which is
 * what decides whether an export fits a heap (docs/scale.md). A benchmark, not a test.
 */
import path from 'node:path';
import type { PeriodSpec } from '../src/core';
import {
    addDays,
    backtestPeriods,
    flagDeals,
    periodOf,
    pipelineAsOf,
    PipelineHistory,
    timeSplitAccuracy,
    timeSplitCutOff,
    timeSplitCutOffs
} from '../src/core';
import { benchmarkFitter, dealPathsOf } from '../src/ops/learn';
import { DEFAULT_WEEKS_OUT, pastPeriodsOf, scorePipeline } from '../src/ops/reconcile';
import { openSource } from '../src/ops/source';
import { cpuSeconds, exportArguments, liveHeapMb } from './inProcess';

const REPO = path.resolve(__dirname, '..');
const SPEC: PeriodSpec = { unit: 'quarter', fiscalYearStartMonth: 1 };

/** Runs a step, then prints its CPU seconds and the live heap after it (what the run still holds). */
async function step<T>(label: string, run: () => T | Promise<T>): Promise<T> {
    const cpu = process.cpuUsage();
    const out = await run();
    const seconds = cpuSeconds(cpu);
    // One tick first: the reader's translator is let go only once its last promise has settled.
    await new Promise((resolve) => setTimeout(resolve, 10));
    console.log(
        `${label.padEnd(28)} ${seconds.toFixed(1).padStart(7)} s CPU ${liveHeapMb().toFixed(0).padStart(7)} MB live`
    );
    return out;
}

async function main(): Promise<void> {
    const { dir, asOf } = exportArguments('bench/heapSteps.bench.ts');
    console.log(`${'start'.padEnd(28)} ${''.padStart(13)} ${liveHeapMb().toFixed(0).padStart(7)} MB live`);
    const { dataset } = await step('read the export', () =>
        openSource({ kind: 'data', dir, sourceDir: path.join(REPO, 'force-app', 'main', 'default') })
    );
    const salesProcess = dataset.process;
    const paths = await step('deal paths', () => dealPathsOf(dataset));
    const fitter = benchmarkFitter(salesProcess, paths);
    const benchmarks = await step('fit "now"', () => fitter(addDays(asOf, 1)));
    const pipeline = await step('pipeline as of', () => pipelineAsOf(paths, asOf));
    const records = new Map(dataset.opportunities.map((o) => [o.id, o]));
    const owners = new Map(dataset.users.map((u) => [u.id, u.name]));
    const scored = await step('scored pipeline', () =>
        scorePipeline(salesProcess, benchmarks, pipeline, records, owners, {
            closedFrom: periodOf(asOf, SPEC).start
        })
    );
    const history = await step('period history', () => new PipelineHistory(salesProcess, paths));
    const points = await step('backtest', () =>
        backtestPeriods(history, pastPeriodsOf(asOf, SPEC, 6), SPEC, DEFAULT_WEEKS_OUT)
    );
    const first = timeSplitCutOff(paths, asOf);
    const split = await step('time split', () =>
        first === null
            ? null
            : timeSplitAccuracy(salesProcess, fitter, paths, timeSplitCutOffs(first, asOf), asOf)
    );
    const flags = await step('flags', () => flagDeals(salesProcess, benchmarks, paths, asOf));
    // Everything above stays reachable to the end, as in `reconcile`.
    console.log(
        `${paths.length} deals, ${pipeline.length} in the pipeline (${scored.deals.length} forecast deals), ${points.length} backtest points, ` +
            `${split?.scored ?? 0} deals in the time split, ${flags.length} flags`
    );
}

main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
});
