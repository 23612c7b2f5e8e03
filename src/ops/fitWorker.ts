/**
 * The fit worker's entry (a `worker_threads` script, compiled to dist/src/ops/fitWorker.js with the
 * rest of the CLI). It takes the next unclaimed task from the shared counter, fits it with the same
 * code the main thread would (fitTasks.ts), posts the benchmarks back and signals, until none is left.
 * The protocol, and the bootstrap that loads this file, live in parallelFits.ts.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import type { DealPath, ProcessDefinition } from '../core';
import { runFitTask, type FitTask } from './fitTasks';
import { CLAIMED, DONE, type FitResultMessage } from './parallelFits';

interface FitWorkerData {
    salesProcess: ProcessDefinition;
    paths: DealPath[];
    tasks: FitTask[];
    state: SharedArrayBuffer;
    port: MessagePort;
}

function run(data: FitWorkerData): void {
    const state = new Int32Array(data.state);
    for (;;) {
        const index = Atomics.add(state, CLAIMED, 1);
        if (index >= data.tasks.length) break;
        let message: FitResultMessage;
        try {
            message = { index, benchmarks: runFitTask(data.salesProcess, data.paths, data.tasks[index]) };
        } catch (e) {
            message = { index, error: e instanceof Error ? (e.stack ?? e.message) : String(e) };
        }
        // Posted before the count moves, so the main thread finds the message once it sees the count.
        data.port.postMessage(message);
        Atomics.add(state, DONE, 1);
        Atomics.notify(state, DONE);
    }
    data.port.close();
}

run(workerData as FitWorkerData);
