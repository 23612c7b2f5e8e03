import os from 'node:os';
import { UsageError } from '../../errors';
import { AUTO_MIN_CLOSED_DEALS, MAX_WORKERS, workerThreads } from '../parallelWorkers';

const many = AUTO_MIN_CLOSED_DEALS;
const auto = Math.max(1, Math.min(MAX_WORKERS, os.availableParallelism()));

describe('how many threads reconcile fits on', () => {
    it('is the main thread alone for few closed deals unless STAGEPLAY_WORKERS asks for more', () => {
        for (const env of [{}, { STAGEPLAY_WORKERS: ' ' }, { STAGEPLAY_WORKERS: 'auto' }]) {
            expect(workerThreads(env)).toBe(1);
            expect(workerThreads(env, many - 1)).toBe(1);
        }
        expect(workerThreads({ STAGEPLAY_WORKERS: '3' }, 10)).toBe(3);
    });

    it('takes the available cores, capped, for many closed deals unless STAGEPLAY_WORKERS says otherwise', () => {
        expect(MAX_WORKERS).toBe(2);
        for (const env of [{}, { STAGEPLAY_WORKERS: '' }, { STAGEPLAY_WORKERS: 'AUTO' }]) {
            expect(workerThreads(env, many)).toBe(auto);
        }
        expect(workerThreads({ STAGEPLAY_WORKERS: '1' }, many * 10)).toBe(1);
        expect(workerThreads({ STAGEPLAY_WORKERS: '4' }, many)).toBe(4);
    });

    it('refuses a count that is not a whole number of threads', () => {
        for (const text of ['0', '-1', '1.5', 'two']) {
            expect(() => workerThreads({ STAGEPLAY_WORKERS: text })).toThrow(UsageError);
        }
    });
});
