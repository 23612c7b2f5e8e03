/**
 * --as-of against the data's own span: a typed date far from the data is a usage error naming the
 * span; today's date long after an old export is a warning, since such an export is legitimate.
 */
import { Writable } from 'node:stream';
import { checkAsOf, dataSpanOf } from '../asOf';
import type { StageHistoryRow } from '../../core';
import { StageHistoryTable } from '../../core';
import { Reporter } from '../../output';

const dataset = {
    opportunities: [
        { createdDate: '2025-03-04T10:00:00.000Z' },
        { createdDate: '2024-07-01T08:00:00.000Z' },
        { createdDate: '' }
    ],
    stageHistory: StageHistoryTable.fromRows([
        { createdDate: '2026-05-30T12:00:00.000Z' },
        { createdDate: '2024-07-01T08:00:00.000Z' }
    ] as StageHistoryRow[])
} as unknown as Parameters<typeof checkAsOf>[0];

function reporter(): { reporter: Reporter; warnings: () => string } {
    let text = '';
    const sink = new Writable({
        write(chunk: Buffer, _encoding, done) {
            text += chunk.toString();
            done();
        }
    });
    return {
        reporter: new Reporter({ json: false, streams: { stdout: sink, stderr: sink } }),
        warnings: () => text
    };
}

describe('the data span', () => {
    it('runs from the first opportunity created to the last creation or stage change', () => {
        expect(dataSpanOf(dataset)).toEqual({ first: '2024-07-01', last: '2026-05-30' });
    });

    it('is unknown when nothing is dated', () => {
        expect(dataSpanOf({ opportunities: [], stageHistory: new StageHistoryTable() })).toBeNull();
    });
});

describe('checkAsOf', () => {
    it('accepts dates within the data and up to a year after its end', () => {
        const { reporter: r, warnings } = reporter();
        for (const asOf of ['2024-07-01', '2025-12-31', '2026-05-30', '2027-05-31']) {
            checkAsOf(dataset, asOf, true, r, 'data ./x');
        }
        expect(warnings()).toBe('');
    });

    it('refuses a given --as-of before the first record, naming the span', () => {
        const { reporter: r } = reporter();
        expect(() => checkAsOf(dataset, '1990-01-01', true, r, 'data ./x')).toThrow(
            '--as-of 1990-01-01 is before the first opportunity was created: the data in data ./x runs from 2024-07-01 to 2026-05-30.'
        );
    });

    it('refuses a given --as-of more than a year after the last record (exit 2)', () => {
        const { reporter: r } = reporter();
        let error: unknown;
        try {
            checkAsOf(dataset, '2099-01-01', true, r, 'data ./x');
        } catch (err) {
            error = err;
        }
        expect(error).toMatchObject({ exitCode: 2 });
        expect((error as Error).message).toContain('26514 days after the last recorded activity');
    });

    it('only warns when the date is today (no --as-of) and the export is old', () => {
        const { reporter: r, warnings } = reporter();
        checkAsOf(dataset, '2028-01-01', false, r, 'data ./x');
        expect(warnings()).toContain(
            'warning: as-of 2028-01-01 is 581 days after the last recorded activity'
        );
        expect(warnings()).toContain('pass --as-of 2026-05-30');
    });
});
