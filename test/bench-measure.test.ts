/**
 * The scale bench's untimed step before each run (bench/scale/measure.ts): every file of the export is read
 * in full, so a run timed after DuckDB's largest one does not read from the disk.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { warmPageCache } from '../bench/scale/measure';

describe('warmPageCache', () => {
    it('reads every file of the folder to its end (larger than its buffer too), and skips folders', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-warm-'));
        try {
            fs.writeFileSync(path.join(dir, 'Opportunity.csv'), Buffer.alloc((1 << 20) * 2 + 17, 0x61));
            fs.writeFileSync(path.join(dir, 'User.csv'), 'Id,Name\n');
            fs.writeFileSync(path.join(dir, 'Empty.csv'), '');
            fs.mkdirSync(path.join(dir, 'nested'));
            fs.writeFileSync(path.join(dir, 'nested', 'Task.csv'), 'not read');
            expect(warmPageCache(dir)).toBe((1 << 20) * 2 + 17 + 8);
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
