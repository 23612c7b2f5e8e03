/**
 * How many threads `reconcile` may use for its independent benchmark fits, counting the main thread.
 * Node-only (os, env): it sits in ops, never in the deployed core.
 */
import os from 'node:os';
import { UsageError } from '../errors';

/** The environment variable that sets the thread count: a number (1 = main thread only) or `auto`. */
export const WORKERS_ENV = 'STAGEPLAY_WORKERS';
/**
 * `auto` uses the cores Node may use, but no more than this: each extra thread holds its own copy
 * of the closed history (0.3–0.6 GB more peak memory at 100k deals), which quickly costs more than it saves.
 */
export const MAX_WORKERS = 4;

/**
 * The thread count for the fits: the environment's (a whole number, or `auto` for the available
 * cores capped at `MAX_WORKERS`), else 1. One by default because, measured at 100k on this project's
 * 2-core machine (docs/scale.md), a second thread cost 16–26% more CPU and 0.3–0.6 GB more peak
 * memory and did not finish sooner while other jobs kept the cores busy. A malformed value is a
 * usage error.
 */
export function workerThreads(env: NodeJS.ProcessEnv = process.env): number {
    const text = env[WORKERS_ENV]?.trim();
    if (text === undefined || text === '') return 1;
    if (text.toLowerCase() === 'auto') return Math.max(1, Math.min(MAX_WORKERS, os.availableParallelism()));
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) {
        throw new UsageError(
            `${WORKERS_ENV}=${text}: expected a whole number of threads (1 or more) or auto.`
        );
    }
    return n;
}
