import os from 'node:os';
import { UsageError } from '../../errors';
import {
    MAX_WORKERS,
    MIN_CLOSED_DEALS_FOR_WORKERS,
    workerThreadsFor,
    workersFromEnv
} from '../parallelWorkers';

describe('how many threads reconcile fits on', () => {
    it('obeys STAGEPLAY_WORKERS at any history size, 1 meaning the main thread only', () => {
        expect(workerThreadsFor(10, { STAGEPLAY_WORKERS: '2' })).toBe(2);
        expect(workerThreadsFor(10 * MIN_CLOSED_DEALS_FOR_WORKERS, { STAGEPLAY_WORKERS: '1' })).toBe(1);
        expect(workersFromEnv({ STAGEPLAY_WORKERS: ' ' })).toBeNull();
    });

    it('refuses a count that is not a whole number of threads', () => {
        for (const text of ['0', '-1', '1.5', 'two']) {
            expect(() => workersFromEnv({ STAGEPLAY_WORKERS: text })).toThrow(UsageError);
        }
    });

    it('by default stays on the main thread for a small history and uses the cores, capped, for a large one', () => {
        expect(workerThreadsFor(MIN_CLOSED_DEALS_FOR_WORKERS - 1, {})).toBe(1);
        expect(workerThreadsFor(MIN_CLOSED_DEALS_FOR_WORKERS, {})).toBe(
            Math.min(MAX_WORKERS, os.availableParallelism())
        );
    });
});
