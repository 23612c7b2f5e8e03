/**
 * How many threads `reconcile` may use for its benchmark fits, counting the main thread. The same
 * setting at 1 also keeps a Data Export's field history on the main thread (src/ops/source.ts).
 * Node-only (os, env): it sits in ops, never in the deployed core.
 */
import os from 'node:os';
import { UsageError } from '../errors';

/** The environment variable that sets the thread count: a number (1 = main thread only) or `auto`. */
export const WORKERS_ENV = 'STAGEPLAY_WORKERS';
/**
 * `auto` (and the default) uses the cores Node may use, but no more than this. The fits are about a
 * third of `reconcile`'s CPU at 100k deals: one worker takes most of them while the main thread does
 * the rest, which is then the longer path, so a third thread would mostly wait.
 */
export const MAX_WORKERS = 2;
/**
 * Below this many closed deals `auto` (and the default) fits on the main thread alone. Measured on this
 * project's 2-core machine (docs/scale.md): at 20k deals (about 18k closed) a second thread finished no
 * sooner (7.0 s wall either way) for 1.3 s more CPU, its start-up and the rows' shipping costing what the
 * fits it took saved; at 100k (96k closed) it finished 10–14% sooner. Jest's small reconciles stay on one
 * thread (a worker started from the TypeScript sources takes seconds to load).
 */
export const AUTO_MIN_CLOSED_DEALS = 50_000;

/**
 * The thread count for the fits of a run over `closedDeals` closed deals: the environment's whole
 * number when it gives one; else (unset or `auto`) the available cores capped at `MAX_WORKERS` when the
 * closed deals are `AUTO_MIN_CLOSED_DEALS` or more, and 1 when fewer. Measured at 100k on this project's
 * 2-core machine (docs/scale.md), with another job on it (load 1.3–3): two threads took 22.8–23.2 s wall
 * against 25.8–26.6 s for one, for about 2 s (7%) more CPU and no more peak memory (a worker holds only
 * the closed rows' columns, shared); at a load of 3–5, where other jobs hold the second core, the two were
 * within 10% of each other either way (once two threads 21% sooner). A malformed value is a usage error.
 */
export function workerThreads(env: NodeJS.ProcessEnv = process.env, closedDeals: number = 0): number {
    const set = threadsSet(env);
    if (set !== null) return set;
    return closedDeals < AUTO_MIN_CLOSED_DEALS ? 1 : allowedThreads(env);
}

/**
 * The threads work large enough to share may use: the environment's whole number, else (unset or
 * `auto`) the available cores capped at `MAX_WORKERS`. A malformed value is a usage error.
 */
export function allowedThreads(env: NodeJS.ProcessEnv = process.env): number {
    return threadsSet(env) ?? Math.max(1, Math.min(MAX_WORKERS, os.availableParallelism()));
}

/** The environment's whole number of threads, or null when it leaves the count to `auto`. */
function threadsSet(env: NodeJS.ProcessEnv): number | null {
    const text = env[WORKERS_ENV]?.trim();
    if (text === undefined || text === '' || text.toLowerCase() === 'auto') return null;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) {
        throw new UsageError(
            `${WORKERS_ENV}=${text}: expected a whole number of threads (1 or more) or auto.`
        );
    }
    return n;
}
