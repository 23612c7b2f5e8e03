/**
 * Runs `reconcile`'s benchmark fits (fitTasks.ts) on other cores while the main thread goes on with
 * the rest, without making `reconcile` asynchronous: `startFits` reads the closed deals' rows the tasks
 * fit, hands them and the tasks to `threads - 1` worker threads (fitWorker.ts) and returns; `get`
 * returns one task's benchmarks, fitting it on the main thread when no thread has taken it yet, else
 * blocking until the thread that took it posts it (Atomics.wait on a shared counter, then a synchronous
 * read of the port). A worker gets no paths: the rows' typed columns (in SharedArrayBuffers, one copy
 * for every worker) and the answer slots' distinct answers (`ShippedRows`), and fits each task's
 * positions with the same `fitTable` the main thread runs, so the answers are those of a single-threaded
 * run (test/parallel-fits.test.ts compares the whole output). The workers are started by a small
 * supervisor thread that counts each one's end, however it ends: a worker the engine stops (out of
 * memory) leaves its fits to the main thread instead of leaving it waiting.
 */
import {
    MessageChannel,
    receiveMessageOnPort,
    Worker,
    type MessagePort,
    type ResourceLimits
} from 'node:worker_threads';
import type { Benchmarks, DealPath, ProcessDefinition, ShippedRows } from '../core';
import { workerEntryCode } from '../workerEntry';
import {
    fitRequest,
    fitTaskKey,
    positionsOfRequests,
    runFitTask,
    type FitRequest,
    type FitTask
} from './fitTasks';
import { closedRowsOf } from './learn';
import { workerThreads } from './parallelWorkers';

/**
 * Slots of the shared Int32Array: results posted, worker threads ended, then one per task (from
 * `CLAIMS`), 1 once a thread has taken it. Workers take tasks in order; the main thread takes only the
 * one it asks for, so it does not spend on a fit it does not yet need time its own work needs.
 */
export const DONE = 0;
export const EXITED = 1;
export const CLAIMS = 2;

export type FitResultMessage = { index: number; benchmarks: Benchmarks } | { index: number; error: string };

/** What each worker is posted once the rows are read: the fits to share and the rows they count over. */
export interface FitWork {
    salesProcess: ProcessDefinition;
    shipped: ShippedRows;
    requests: FitRequest[];
}

/**
 * The typed array in shared memory: itself when it is there already (the closed rows' columns are), else
 * a copy in a SharedArrayBuffer. A structured clone then shares it instead of copying it.
 */
function sharedCopy<T extends Uint8Array | Uint16Array | Int32Array | Float64Array>(array: T): T {
    if (array.buffer instanceof SharedArrayBuffer) return array;
    const shared = new (array.constructor as new (buffer: SharedArrayBuffer) => T)(
        new SharedArrayBuffer(array.byteLength)
    );
    shared.set(array);
    return shared;
}

/** The shipped rows with every typed array shared: one copy however many workers read it. */
function sharedRows(shipped: ShippedRows): ShippedRows {
    return {
        ...shipped,
        rowOf: sharedCopy(shipped.rowOf),
        closeRank: sharedCopy(shipped.closeRank),
        closeDay: sharedCopy(shipped.closeDay),
        won: sharedCopy(shipped.won),
        visits: shipped.visits.map(sharedCopy),
        dayStarts: sharedCopy(shipped.dayStarts),
        days: sharedCopy(shipped.days),
        answers: shipped.answers.map(sharedCopy),
        numbers: shipped.numbers.map(sharedCopy)
    };
}

export interface StartedFits {
    /** Threads fitting, the main one included (1 = everything inline, on demand). */
    readonly threads: number;
    /** How many results so far came from worker threads (the rest were fitted on the main thread). */
    fittedByWorkers(): number;
    /** Why each fit worker that stopped before its work was done stopped (its fits were then done here). */
    stoppedWorkers(): string[];
    /** The benchmarks of one of the started tasks. */
    get(task: FitTask): Benchmarks;
    /** Stops the worker threads (idle ones would otherwise live until the process exits). */
    close(): void;
}

/** What the supervisor thread is started with. */
interface SupervisorData {
    state: SharedArrayBuffer;
    /** One per fit worker: the port the worker gets its work on and posts its results to. */
    ports: MessagePort[];
    /** Where the supervisor says why a fit worker stopped, for the main thread to read. */
    notes: MessagePort;
    code: string;
    resourceLimits: ResourceLimits | undefined;
}

/**
 * The code of the thread that starts the fit workers and counts each one's end in EXITED. A worker
 * cannot count its own end when the engine stops it (out of memory, `terminate()`): no exit handler
 * runs. Its parent's 'exit' event always comes, but the main thread, blocked in `Atomics.wait` while it
 * waits for a fit, would never see it. So a small thread in between is the fit workers' parent: its
 * event loop is free to hear every end, say why (an 'error' event comes before 'exit') and wake the
 * main thread, which then fits what the stopped worker did not (the same code: same answers).
 */
function supervisorCode(): string {
    // Plain JavaScript (not a function's toString: coverage tools rewrite function bodies).
    return `
const { Worker, workerData: data } = require('node:worker_threads');
const state = new Int32Array(data.state);
for (const port of data.ports) {
    const worker = new Worker(data.code, {
        eval: true,
        workerData: { state: data.state, port },
        transferList: [port],
        resourceLimits: data.resourceLimits
    });
    worker.on('error', (e) => data.notes.postMessage(e && e.code ? e.code + ': ' + e.message : String(e && e.message)));
    // After the 'error' note was posted: the main thread reads it once it sees the count.
    worker.on('exit', () => {
        Atomics.add(state, ${EXITED}, 1);
        Atomics.notify(state, ${DONE});
    });
}
data.notes.unref();
`;
}

/** Every task fitted on the main thread when asked for, as `reconcile` did before there were workers. */
function inlineFits(
    salesProcess: ProcessDefinition,
    paths: DealPath[],
    tasks: readonly FitTask[]
): StartedFits {
    const results = new Map<string, Benchmarks>();
    const known = new Set(tasks.map(fitTaskKey));
    return {
        threads: 1,
        fittedByWorkers: () => 0,
        stoppedWorkers: () => [],
        get(task) {
            const key = fitTaskKey(task);
            if (!known.has(key)) throw new Error(`fit not started: ${key}`);
            let found = results.get(key);
            if (!found) {
                found = runFitTask(salesProcess, paths, task);
                results.set(key, found);
            }
            return found;
        },
        close() {}
    };
}

export interface FitThreadOptions {
    /** false: the main thread only waits (a test uses it to be sure the workers do the fitting). */
    mainThreadHelps?: boolean;
    /** The fit workers' heap limits (a test uses small ones to have the engine stop a worker). */
    resourceLimits?: ResourceLimits;
}

export function startFits(
    salesProcess: ProcessDefinition,
    paths: DealPath[],
    tasks: readonly FitTask[],
    threads: number,
    options: FitThreadOptions = {}
): StartedFits {
    if (threads <= 1 || tasks.length === 0) return inlineFits(salesProcess, paths, tasks);
    const mainThreadHelps = options.mainThreadHelps ?? true;
    const workerCount = Math.min(threads - 1, tasks.length);
    const state = new Int32Array(
        new SharedArrayBuffer((CLAIMS + tasks.length) * Int32Array.BYTES_PER_ELEMENT)
    );
    const ports: MessagePort[] = [];
    const workerPorts: MessagePort[] = [];
    for (let w = 0; w < workerCount; w++) {
        const { port1, port2 } = new MessageChannel();
        ports.push(port1);
        workerPorts.push(port2);
    }
    const notes = new MessageChannel();
    // Started before the rows are read, so the workers load their code meanwhile; the work follows on
    // the ports. The supervisor passes each worker its port and counts its end (`supervisorCode`).
    const data: SupervisorData = {
        state: state.buffer as SharedArrayBuffer,
        ports: workerPorts,
        notes: notes.port2,
        code: workerEntryCode(__dirname, 'fitWorker'),
        resourceLimits: options.resourceLimits
    };
    const supervisor = new Worker(supervisorCode(), {
        eval: true,
        workerData: data,
        transferList: [...workerPorts, notes.port2]
    });
    // Failures come back as messages and notes; this only keeps an unlistened 'error' event from
    // ending the process after reconcile has moved on.
    supervisor.on('error', () => undefined);
    supervisor.unref();
    // The main thread reads every row any task fits (the rows its own fits, and the fit "now", read).
    const rows = closedRowsOf(salesProcess, paths);
    const requests = tasks.map((task) => fitRequest(rows, task));
    const work: FitWork = {
        salesProcess,
        shipped: sharedRows(rows.ship(positionsOfRequests(requests, rows.paths.length))),
        requests: requests.map(({ positions, options }) => ({ positions: sharedCopy(positions), options }))
    };
    for (const port of ports) port.postMessage(work);
    const results = new Map<number, Benchmarks>();
    const stopped: string[] = [];
    let fromWorkers = 0;
    const drain = () => {
        for (const port of ports) {
            for (let m = receiveMessageOnPort(port); m; m = receiveMessageOnPort(port)) {
                const message = m.message as FitResultMessage;
                if ('error' in message) throw new Error(`a fit worker failed: ${message.error}`);
                results.set(message.index, message.benchmarks);
                fromWorkers++;
            }
        }
        for (let m = receiveMessageOnPort(notes.port1); m; m = receiveMessageOnPort(notes.port1))
            stopped.push(String(m.message));
    };
    const fitHere = (index: number): Benchmarks => {
        const { positions, options } = requests[index];
        const fitted = rows.fit(positions, options);
        results.set(index, fitted);
        return fitted;
    };
    return {
        threads: workerCount + 1,
        fittedByWorkers: () => fromWorkers,
        stoppedWorkers: () => [...stopped],
        get(task) {
            const index = tasks.findIndex((t) => fitTaskKey(t) === fitTaskKey(task));
            if (index < 0) throw new Error(`fit not started: ${fitTaskKey(task)}`);
            for (;;) {
                const seen = Atomics.load(state, DONE);
                drain();
                const found = results.get(index);
                if (found) return found;
                // Fitted here when no worker has taken it; else wait for the worker fitting it.
                if (mainThreadHelps && Atomics.compareExchange(state, CLAIMS + index, 0, 1) === 0)
                    return fitHere(index);
                if (Atomics.load(state, EXITED) >= workerCount && Atomics.load(state, DONE) === seen) {
                    drain();
                    if (results.has(index)) continue;
                    // Every worker ended and none posted this fit: one was stopped while fitting it
                    // (out of memory), or before it took it. The main thread fits it: same code, same answer.
                    return fitHere(index);
                }
                Atomics.wait(state, DONE, seen, 1000);
            }
        },
        close() {
            void supervisor.terminate();
            for (const port of ports) port.close();
            notes.port1.close();
        }
    };
}

/**
 * `reconcile`'s fits: the fit "now" over every deal closed before `until` (first: the main thread needs it
 * soonest, to score the pipeline), the time split's, one per cut-off (newest first: the largest go out
 * first, so the threads finish close together), and the calibration's training fit over the deals closed
 * before `until`. Threads: `workerThreads` (STAGEPLAY_WORKERS; by default two when the closed deals are many).
 */
export function startReconcileFits(
    salesProcess: ProcessDefinition,
    paths: DealPath[],
    cutOffs: readonly string[],
    until: string
): StartedFits {
    const tasks: FitTask[] = [
        { kind: 'closedBefore', asOf: until },
        ...[...cutOffs].reverse().map((asOf): FitTask => ({ kind: 'closedBefore', asOf })),
        { kind: 'holdoutTrain', asOf: until }
    ];
    const closedDeals = closedRowsOf(salesProcess, paths).paths.length;
    return startFits(salesProcess, paths, tasks, workerThreads(process.env, closedDeals));
}
