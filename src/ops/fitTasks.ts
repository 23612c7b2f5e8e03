/**
 * The benchmark fits `reconcile` needs besides "now": one per time-split cut-off and the calibration's
 * training fit. Each is a pure function of the process and the closed history, so any thread computes
 * the same answer; this file is the one definition both the main thread and the fit workers run.
 */
import type { Benchmarks, DealPath, ProcessDefinition } from '../core';
import { fitBenchmarks, splitHoldout } from '../core';
import { benchmarkFitter, closedBefore } from './learn';

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
    const { train } = splitHoldout(closedBefore(paths, task.asOf));
    return fitBenchmarks(salesProcess, train);
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
