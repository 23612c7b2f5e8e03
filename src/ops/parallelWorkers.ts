/**
 * How many threads `reconcile` may use for its independent benchmark fits, counting the main thread.
 * Node-only (os, env): it sits in ops, never in the deployed core.
 */
import os from 'node:os';
import { UsageError } from '../errors';

/** The environment variable that sets the thread count; 1 runs every fit on the main thread. */
export const WORKERS_ENV = 'STAGEPLAY_WORKERS';
/**
 * More threads than this would each hold their own copy of the closed history for a dozen fits: on
 * the laptops the issue targets the copies cost more memory than the extra cores save time.
 */
export const MAX_WORKERS = 4;
/**
 * Below this many closed deals every fit takes milliseconds and starting a thread (and copying the
 * history into it) costs more than it saves, so the default runs inline. A count set in the
 * environment is obeyed at any size (the equality test relies on that).
 */
export const MIN_CLOSED_DEALS_FOR_WORKERS = 5000;

/** The thread count asked for in the environment, or null when none is; a malformed one is a usage error. */
export function workersFromEnv(env: NodeJS.ProcessEnv = process.env): number | null {
    const text = env[WORKERS_ENV];
    if (text === undefined || text.trim() === '') return null;
    const n = Number(text);
    if (!Number.isInteger(n) || n < 1) {
        throw new UsageError(`${WORKERS_ENV}=${text}: expected a whole number of threads, 1 or more.`);
    }
    return n;
}

/**
 * Threads for fits over `closedDeals` closed deals: the environment's count when set, else the cores
 * Node may use (capped at `MAX_WORKERS`), or 1 when the history is too small to pay for a thread.
 */
export function workerThreadsFor(closedDeals: number, env: NodeJS.ProcessEnv = process.env): number {
    const asked = workersFromEnv(env);
    if (asked !== null) return asked;
    if (closedDeals < MIN_CLOSED_DEALS_FOR_WORKERS) return 1;
    return Math.max(1, Math.min(MAX_WORKERS, os.availableParallelism()));
}
