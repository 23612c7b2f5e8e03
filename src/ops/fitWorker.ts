/**
 * The fit worker's entry (a `worker_threads` script, compiled to dist/src/ops/fitWorker.js with the
 * rest of the CLI). Once posted its work (the run's closed rows and the fits to share), it counts in one
 * pass what those fits share (`RowFits.prepare`: every fit over the deals closed before a day is a prefix
 * of one close order), then takes each fit no thread has claimed yet (a flag per fit in shared memory), in
 * order, fits its positions with the same code the main thread would (`shippedRows`; the answers are the
 * same with or without the pass), posts the benchmarks back and signals. The protocol,
 * and the bootstrap that loads this file, live in parallelFits.ts.
 */
import { workerData, type MessagePort } from 'node:worker_threads';
import { shippedRows, type RowFits } from '../core';
import { CLAIMS, DONE, type FitResultMessage, type FitWork } from './parallelFits';

interface FitWorkerData {
    state: SharedArrayBuffer;
    port: MessagePort;
}

function failure(e: unknown): string {
    return e instanceof Error ? (e.stack ?? e.message) : String(e);
}

function run(state: Int32Array, port: MessagePort, work: FitWork): void {
    const post = (message: FitResultMessage) => {
        // Posted before the count moves, so the main thread finds the message once it sees the count.
        port.postMessage(message);
        Atomics.add(state, DONE, 1);
        Atomics.notify(state, DONE);
    };
    let rows: RowFits;
    try {
        rows = shippedRows(work.salesProcess, work.shipped);
        // The fits over deals closed before a day share their counts: one pass before the first fit.
        rows.prepare(work.requests);
    } catch (e) {
        post({ index: -1, error: failure(e) });
        return;
    }
    for (let index = 0; index < work.requests.length; index++) {
        if (Atomics.compareExchange(state, CLAIMS + index, 0, 1) !== 0) continue;
        const { positions, options } = work.requests[index];
        let message: FitResultMessage;
        try {
            message = { index, benchmarks: rows.fit(positions, options) };
        } catch (e) {
            message = { index, error: failure(e) };
        }
        post(message);
    }
}

const { state, port } = workerData as FitWorkerData;
port.once('message', (work: FitWork) => {
    try {
        run(new Int32Array(state), port, work);
    } finally {
        port.close();
    }
});
