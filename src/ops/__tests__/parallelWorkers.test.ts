import os from 'node:os';
import { UsageError } from '../../errors';
import { MAX_WORKERS, workerThreads } from '../parallelWorkers';

describe('how many threads reconcile fits on', () => {
    it('is the main thread alone unless STAGEPLAY_WORKERS asks for more', () => {
        expect(workerThreads({})).toBe(1);
        expect(workerThreads({ STAGEPLAY_WORKERS: ' ' })).toBe(1);
        expect(workerThreads({ STAGEPLAY_WORKERS: '1' })).toBe(1);
        expect(workerThreads({ STAGEPLAY_WORKERS: '3' })).toBe(3);
    });

    it('takes auto as the available cores, capped', () => {
        expect(workerThreads({ STAGEPLAY_WORKERS: 'auto' })).toBe(
            Math.min(MAX_WORKERS, os.availableParallelism())
        );
    });

    it('refuses a count that is not a whole number of threads', () => {
        for (const text of ['0', '-1', '1.5', 'two']) {
            expect(() => workerThreads({ STAGEPLAY_WORKERS: text })).toThrow(UsageError);
        }
    });
});
