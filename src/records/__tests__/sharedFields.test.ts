/**
 * Deals read with the same answers share one fields record (`ValuesPool`): nothing writes to it once
 * read, and at a million deals a record per deal was a fifth of a deal's bytes. Records that differ
 * in any answer, or only in -0 against 0, stay apart.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataExport } from '../../dataExport';
import { sampleProcess } from '../../dataExport/__tests__/fixtures/process';

const HEADER =
    'Id,Name,AccountId,OwnerId,Amount,CloseDate,StageName,Probability,ForecastCategoryName,IsClosed,IsWon,' +
    'CreatedDate,LastModifiedDate,Organization_Size_Meters__c,Elevator_Pitch_Reception__c';

let dir: string;
beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stageplay-shared-fields-'));
});
afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
});

it('gives deals with the same answers one fields record, and deals that differ their own', async () => {
    const row = (id: string, size: string, reception: string) =>
        `${id},Deal ${id},,005A,100,2026-03-01,Prospecting,10,Pipeline,false,false,2026-01-05T10:00:00.000Z,,${size},${reception}`;
    const lines = [
        HEADER,
        row('006A', '150', 'Positive'),
        row('006B', '150', 'Positive'),
        row('006C', '150', 'Negative'),
        row('006D', '-0', 'Positive'),
        row('006E', '0', 'Positive'),
        row('006F', '150', 'Positive')
    ];
    await writeFile(join(dir, 'Opportunity.csv'), lines.join('\n') + '\n', 'utf8');
    const { opportunities } = await readDataExport(dir, sampleProcess());
    const [a, b, c, d, e, f] = opportunities.map((o) => o.fields);
    expect(b).toBe(a);
    expect(f).toBe(a);
    expect(c).not.toBe(a);
    expect(c).toEqual({ ...a, Elevator_Pitch_Reception__c: 'Negative' });
    expect(d).not.toBe(e);
    expect(Object.is(d.Organization_Size_Meters__c, -0)).toBe(true);
    expect(e.Organization_Size_Meters__c).toBe(0);
});
