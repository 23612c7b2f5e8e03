/**
 * `tsx --expose-gc bench/workerTransfer.bench.ts <Data Export folder> [as-of]`: what it costs to give a
 * fit worker what `reconcile`'s fits read (src/ops/parallelFits.ts), against what one fit costs. First
 * what production sends: the closed rows' columns (`ClosedRows.ship`), through a structured clone
 * (v8.serialize / v8.deserialize, the algorithm postMessage and workerData use; in production the typed
 * arrays sit in SharedArrayBuffers and are shared, not copied, so this is an upper bound). Then, for the
 * record, what it sent before (docs/scale.md, "Before"): the closed paths themselves, as they are and
 * without the two fields no fit reads (stage history rows, close-date changes); JSON (for scale only: it
 * loses NaN and undefined, so it could not promise identical answers); and a real Worker started with
 * the paths in workerData until it reports them received (wall time only: Node 20 has no per-thread CPU
 * clock). A benchmark, not a test.
 */
import path from 'node:path';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { DealPath } from '../src/core';
import { addDays, fieldHistoryOf, stageHistoryOf } from '../src/core';
import { openSource } from '../src/ops/source';
import { benchmarkFitter, closedBefore, closedRowsOf, dealPathsOf } from '../src/ops/learn';
import { cpuSeconds, exportArguments, liveHeapMb } from './inProcess';

const REPO = path.resolve(__dirname, '..');

function seconds(start: bigint): number {
    return Number(process.hrtime.bigint() - start) / 1e9;
}

function timed<T>(label: string, run: () => T): T {
    const start = process.hrtime.bigint();
    const cpu = process.cpuUsage();
    const out = run();
    console.log(
        `${label.padEnd(44)} ${cpuSeconds(cpu).toFixed(2)} s CPU, ${seconds(start).toFixed(2)} s wall`
    );
    return out;
}

/** A structured clone of `value`: its size, the time each way, and the heap its copy holds. */
function cloneCosts(label: string, value: unknown): unknown {
    const bytes = timed(`${label}: v8.serialize`, () => v8.serialize(value));
    console.log(`${label}: serialized size`.padEnd(44), `${(bytes.length / 1e6).toFixed(0)} MB`);
    const before = liveHeapMb();
    const copy = timed(`${label}: v8.deserialize`, () => v8.deserialize(bytes) as unknown);
    console.log(`${label}: heap held by the copy`.padEnd(44), `${(liveHeapMb() - before).toFixed(0)} MB`);
    return copy;
}

/** Starts a worker holding `paths` and resolves when it has them (wall seconds: clone + thread start). */
function workerRoundTrip(paths: DealPath[]): Promise<{ constructor: number; total: number }> {
    const start = process.hrtime.bigint();
    const worker = new Worker(
        'const { parentPort, workerData } = require("node:worker_threads"); parentPort.postMessage(workerData.length);',
        { eval: true, workerData: paths }
    );
    const constructor = seconds(start);
    return new Promise((resolve, reject) => {
        worker.once('message', () => {
            resolve({ constructor, total: seconds(start) });
            void worker.terminate();
        });
        worker.once('error', reject);
    });
}

async function main(): Promise<void> {
    const { dir, asOf } = exportArguments('bench/workerTransfer.bench.ts');
    const { dataset } = await openSource({
        kind: 'data',
        dir,
        sourceDir: path.join(REPO, 'force-app', 'main', 'default')
    });
    const all = timed('build the deal paths', () => dealPathsOf(dataset));
    const closed = closedBefore(all, addDays(asOf, 1));
    console.log(`paths: ${all.length}, closed by ${asOf}: ${closed.length}`);
    // Through the run's closed rows, as `reconcile` fits: this reads every closed deal's row once.
    timed('one fit (every deal closed by the as-of day)', () =>
        benchmarkFitter(dataset.process, all)(addDays(asOf, 1))
    );
    const rows = closedRowsOf(dataset.process, all);
    const shipped = timed('ship those rows (ClosedRows.ship)', () =>
        rows.ship(rows.closedBefore(addDays(asOf, 1)))
    );
    cloneCosts('shipped rows', shipped);
    // The paths as they crossed before: each with its history rows as objects (built paths now keep
    // them as row numbers into the run's columns, which a structured clone would not carry).
    const full = closed.map((p): DealPath => ({
        ...p,
        stageHistory: stageHistoryOf(p),
        fieldHistory: fieldHistoryOf(p)
    }));
    const copy = cloneCosts('full paths', full) as DealPath[];
    if (copy.length !== closed.length) throw new Error('the copy lost paths');
    const trimmed = full.map((p): DealPath => ({
        deal: p.deal,
        visits: p.visits,
        closeDateChanges: [],
        outcome: p.outcome,
        closedAt: p.closedAt,
        valuesFromFieldHistory: p.valuesFromFieldHistory,
        fieldHistory: p.fieldHistory
    }));
    cloneCosts('without stage history', trimmed);
    const text = timed('JSON.stringify (full)', () => JSON.stringify(full));
    console.log('JSON size'.padEnd(44), `${(text.length / 1e6).toFixed(0)} MB`);
    timed('JSON.parse (full)', () => JSON.parse(text) as unknown);
    const trip = await workerRoundTrip(full);
    console.log(
        'Worker with the full paths in workerData'.padEnd(44),
        `${trip.constructor.toFixed(2)} s blocking the main thread, ${trip.total.toFixed(2)} s until received`
    );
}

void main();
