/**
 * The benchmark fits `reconcile` needs: the fit "now", one per time-split cut-off and the calibration's
 * training fit. Each is a pure function of the process and the closed history: the main thread turns a
 * task into the positions of its deals among the run's closed rows (`fitRequest`), and any thread fits
 * those positions with the same code (`ClosedRows.fit` here, `shippedRows` in a fit worker).
 */
import type { Benchmarks, ClosedRows, DealPath, FitOptions, ProcessDefinition } from '../core';
import { splitHoldout } from '../core';
import { closedRowsOf } from './learn';

export type FitTask =
    /** `benchmarkFitter(process, paths)(asOf)`: every deal closed before `asOf`, fittedAt pinned to it. */
    | { kind: 'closedBefore'; asOf: string }
    /** The calibration's fit: the training side of `splitHoldout` over the deals closed before `asOf`. */
    | { kind: 'holdoutTrain'; asOf: string };

/** A task as positions in the run's closed rows (in increasing order) and the fit's options. */
export interface FitRequest {
    positions: Int32Array;
    options?: FitOptions;
}

export function fitTaskKey(task: FitTask): string {
    return `${task.kind}|${task.asOf}`;
}

/** Which of the run's closed deals `task` fits, and how. */
export function fitRequest(rows: ClosedRows, task: FitTask): FitRequest {
    const before = rows.closedBefore(task.asOf);
    // fittedAt pinned to the cut-off so the same history always yields byte-identical output.
    if (task.kind === 'closedBefore')
        return { positions: before, options: { fittedAt: `${task.asOf}T00:00:00.000Z` } };
    const closed = Array.from(before, (i) => rows.paths[i]);
    const { train } = splitHoldout(closed);
    // `train` keeps `closed`'s order and a deal's side depends on the deal alone, so walking both
    // together finds each training deal's position.
    const positions = new Int32Array(train.length);
    let t = 0;
    for (let k = 0; k < closed.length && t < train.length; k++) {
        if (closed[k] === train[t]) positions[t++] = before[k];
    }
    return { positions };
}

/** One task fitted on this thread, over the run's closed rows (`closedRowsOf`). */
export function runFitTask(salesProcess: ProcessDefinition, paths: DealPath[], task: FitTask): Benchmarks {
    const rows = closedRowsOf(salesProcess, paths);
    const { positions, options } = fitRequest(rows, task);
    return rows.fit(positions, options);
}

/**
 * The positions any of `requests` fits, in increasing order: the rows a fit worker must be shipped.
 * Every fit of `reconcile` lists deals closed before the latest as-of day, the fit "now"'s deals.
 */
export function positionsOfRequests(requests: readonly FitRequest[], closedCount: number): Int32Array {
    const wanted = new Uint8Array(closedCount);
    for (const { positions } of requests) for (let k = 0; k < positions.length; k++) wanted[positions[k]] = 1;
    const out: number[] = [];
    for (let i = 0; i < closedCount; i++) if (wanted[i] === 1) out.push(i);
    return Int32Array.from(out);
}
