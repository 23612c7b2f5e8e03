import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { generateDataExport } from '../../generate';
import { loadProcessFromSource } from '../../metadata/loadProcess';
import { shippedProcessDir } from '../../packageRoot';
import { exportCsvBytes, HEAP_BYTES_PER_CSV_BYTE, memoryAdvice } from '../memoryAdvice';
import { openSource } from '../source';

const GB = 1024 ** 3;

describe('memoryAdvice', () => {
    it('says nothing when the estimate fits well inside the heap', () => {
        // 300k opportunities' export (0.44 GB) under the 4.07 GB default heap of a 24 GB machine.
        expect(memoryAdvice(0.44 * GB, 4.07 * GB, 24 * GB)).toBeNull();
    });

    it('names the export, the estimate, the limit and the NODE_OPTIONS to use', () => {
        // The 1M export: 1.47 GB of CSV, which runs close to the 4.07 GB default heap.
        const advice = memoryAdvice(1.47 * GB, 4.07 * GB, 24 * GB);
        expect(advice).toBe(
            'this export is 1.5 GB of CSV; reading and fitting it takes about 3.7 GB of memory, close to ' +
                'Node\'s heap limit here (4.1 GB). If the run is slow or stops with "JavaScript heap out of memory", start ' +
                'it again with NODE_OPTIONS=--max-old-space-size=8192 (MB).'
        );
    });

    it('never suggests more than three quarters of the machine', () => {
        // 2.2 GB of CSV wants 11 GB with room; a 12 GB machine gives 9 GB at most, still above the need.
        const advice = memoryAdvice(2.2 * GB, 4.07 * GB, 12 * GB);
        expect(advice).toContain('--max-old-space-size=9216 (MB)');
    });

    it('says to use a bigger machine when even three quarters of it is too little', () => {
        const advice = memoryAdvice(3 * GB, 2 * GB, 8 * GB);
        expect(advice).toContain('This machine has 8.0 GB');
        expect(advice).toContain('Use a machine with more memory');
        expect(advice).not.toContain('NODE_OPTIONS');
    });

    it('warns from nine tenths of the limit on, as the estimate is rough', () => {
        const limit = 4 * GB;
        const atThreshold = (limit * 0.9) / HEAP_BYTES_PER_CSV_BYTE;
        expect(memoryAdvice(atThreshold, limit, 24 * GB)).toBeNull();
        expect(memoryAdvice(atThreshold * 1.01, limit, 24 * GB)).not.toBeNull();
    });
});

describe('a Data Export opened under a small heap', () => {
    let dir: string;
    beforeAll(async () => {
        dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-memory-'));
        const salesProcess = await loadProcessFromSource(shippedProcessDir());
        await generateDataExport(dir, salesProcess, { seed: 1, deals: 120, today: '2026-06-30' });
    });
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    afterEach(() => jest.restoreAllMocks());

    it('counts the opportunity and history files the estimate rests on', () => {
        const sizes = ['Opportunity.csv', 'OpportunityHistory.csv', 'OpportunityFieldHistory.csv'].map(
            (file) => fs.statSync(path.join(dir, file)).size
        );
        expect(exportCsvBytes(dir)).toBe(sizes.reduce((a, b) => a + b, 0));
        expect(exportCsvBytes(path.join(dir, 'no-such-folder'))).toBe(0);
    });

    it('warns before reading when the heap is too small for the export, and reads it anyway', async () => {
        const real = v8.getHeapStatistics();
        // A heap limit just below what this export is estimated to need.
        const limit = exportCsvBytes(dir) * HEAP_BYTES_PER_CSV_BYTE * 0.5;
        jest.spyOn(v8, 'getHeapStatistics').mockReturnValue({ ...real, heap_size_limit: limit });
        const events: string[] = [];
        const opened = await openSource(
            { kind: 'data', dir, sourceDir: shippedProcessDir() },
            {
                onStep: (line) => events.push(`step: ${line}`),
                onWarning: (line) => events.push(`warn: ${line}`)
            }
        );
        expect(opened.dataset.opportunities).toHaveLength(120);
        const warning = events.findIndex((e) => e.startsWith('warn: this export is'));
        expect(warning).toBeGreaterThan(
            events.findIndex((e) => e.startsWith('step: Reading the Data Export'))
        );
        expect(events[warning]).toContain("more than Node's heap limit here");
    });

    it('says nothing under the real heap', async () => {
        const events: string[] = [];
        await openSource(
            { kind: 'data', dir, sourceDir: shippedProcessDir() },
            { onWarning: (line) => events.push(line) }
        );
        expect(events).toEqual([]);
    });
});
