/**
 * `tsx bench/workerTransfer.bench.ts <Data Export folder> [as-of]`: what it costs to give a fit worker
 * the closed history `reconcile`'s fits read (src/ops/parallelFits.ts), against what one fit costs.
 * Measured on the main thread, one after the other: structured clone (v8.serialize / v8.deserialize,
 * the algorithm postMessage and workerData use) of the paths as they are; of the paths without the
 * two fields no fit reads today (stage history rows, close-date changes); JSON (for scale only: it
 * loses NaN and undefined, so it could not promise identical answers); and a real Worker started
 * with the paths in workerData until it reports them received (wall time only: Node 20 has no
 * per-thread CPU clock). A benchmark, not a test.
 */
import path from 'node:path';
import v8 from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { DealPath } from '../src/core';
import { addDays } from '../src/core';
import { openSource } from '../src/ops/source';
import { benchmarkFitter, closedBefore, dealPathsOf } from '../src/ops/learn';
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

function cloneCosts(label: string, paths: DealPath[]): void {
    const bytes = timed(`${label}: v8.serialize`, () => v8.serialize(paths));
    console.log(`${label}: serialized size`.padEnd(44), `${(bytes.length / 1e6).toFixed(0)} MB`);
    const before = liveHeapMb();
    const copy = timed(`${label}: v8.deserialize`, () => v8.deserialize(bytes) as DealPath[]);
    console.log(`${label}: heap held by the copy`.padEnd(44), `${(liveHeapMb() - before).toFixed(0)} MB`);
    if (copy.length !== paths.length) throw new Error('the copy lost paths');
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
    timed('one fit (every deal closed by the as-of day)', () =>
        benchmarkFitter(dataset.process, closed)(addDays(asOf, 1))
    );
    cloneCosts('full paths', closed);
    const trimmed = closed.map((p): DealPath => ({
        deal: p.deal,
        visits: p.visits,
        closeDateChanges: [],
        outcome: p.outcome,
        closedAt: p.closedAt,
        valuesFromFieldHistory: p.valuesFromFieldHistory,
        fieldHistory: p.fieldHistory
    }));
    cloneCosts('without stage history', trimmed);
    const text = timed('JSON.stringify (full)', () => JSON.stringify(closed));
    console.log('JSON size'.padEnd(44), `${(text.length / 1e6).toFixed(0)} MB`);
    timed('JSON.parse (full)', () => JSON.parse(text) as unknown);
    const trip = await workerRoundTrip(closed);
    console.log(
        'Worker with the full paths in workerData'.padEnd(44),
        `${trip.constructor.toFixed(2)} s blocking the main thread, ${trip.total.toFixed(2)} s until received`
    );
}

void main();
