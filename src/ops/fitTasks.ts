/**
 * The benchmark fits `reconcile` needs besides "now": one per time-split cut-off and the calibration's
 * training fit. Each is a pure function of the process and the closed history, so any thread computes
 * the same answer; this file is the one definition both the main thread and the fit workers run.
 */
import type { Benchmarks, DealPath, ProcessDefinition } from '../core';
import { splitHoldout } from '../core';
import { benchmarkFitter, closedBefore, closedRowsOf } from './learn';

export type FitTask =
    /** `benchmarkFitter(process, paths)(asOf)`: every deal closed before `asOf`, fittedAt pinned to it. */
    | { kind: 'closedBefore'; asOf: string }
    /** The calibration's fit: the training side of `splitHoldout` over the deals closed before `asOf`. */
    | { kind: 'holdoutTrain'; asOf: string };

export function fitTaskKey(task: FitTask): string {
    return `${task.kind}|${task.asOf}`;
}

export function runFitTask(salesProcess: ProcessDefinition, paths: DealPath[], task: FitTask): Benchmarks {
    if (task.kind === 'closedBefore') return benchmarkFitter(salesProcess, paths)(task.asOf);
    const rows = closedRowsOf(salesProcess, paths);
    const before = rows.closedBefore(task.asOf);
    const closed = Array.from(before, (i) => rows.paths[i]);
    const { train } = splitHoldout(closed);
    // `train` keeps `closed`'s order and a deal's side depends on the deal alone, so walking both
    // together finds each training deal's position.
    const positions = new Int32Array(train.length);
    let t = 0;
    for (let k = 0; k < closed.length && t < train.length; k++) {
        if (closed[k] === train[t]) positions[t++] = before[k];
    }
    return rows.fit(positions);
}

/**
 * The only paths any of `tasks` reads: those closed before the latest `asOf`, in their order. Every
 * task filters by its own `asOf` again, and a filter over an ordered subset keeps the same deals in
 * the same order, so a thread holding only these computes exactly what it would from all paths.
 */
export function pathsForTasks(paths: DealPath[], tasks: readonly FitTask[]): DealPath[] {
    if (tasks.length === 0) return [];
    const latest = tasks.map((t) => t.asOf).reduce((a, b) => (a > b ? a : b));
    return closedBefore(paths, latest);
}
