import {
    buildDealPaths,
    fieldHistoryOf,
    fieldKey,
    fieldReader,
    lastTimeAtOrBefore,
    pathsById,
    pathTimes,
    pipelineAsOf,
    stageHistoryOf,
    valuesAsOf,
    ValuesPool,
    visitMidpoint,
    visitMidpoints
} from '../history';
import type { DealPath, FieldValue } from '../types';
import { fieldRow, opportunity, sampleProcess, stageRow } from './fixtures';

/**
 * One won deal, told by its history:
 *   01-05 created in Prospecting, close date 03-31
 *   01-10 Org_Size  blank → 50
 *   01-20 close date pushed to 04-30 (still Prospecting: no new visit)
 *   01-25 Org_Size  50 → 150
 *   02-01 Discovery
 *   02-15 Pain_Metric  blank → "Churn 5%"
 *   03-01 Closed Won
 *   03-05 Pain_Metric  "Churn 5%" → "Churn 7%" (after closing: the current value)
 * Reception__c has no field history, so its current value holds throughout.
 */
function wonDeal() {
    const deal = opportunity({
        id: '006W',
        stageName: 'Closed Won',
        closeDate: '2026-03-01',
        amount: 5000,
        createdDate: '2026-01-05T10:00:00.000Z',
        fields: { Org_Size__c: 150, Pain_Metric__c: 'Churn 7%', Reception__c: 'Positive', Demo_Done__c: null }
    });
    const stages = [
        // Given out of order on purpose: the export is not sorted.
        stageRow('006W', 'Closed Won', '2026-03-01T10:00:00.000Z', {
            closeDate: '2026-03-01',
            probability: 1
        }),
        stageRow('006W', 'Prospecting', '2026-01-05T10:00:00.000Z', { closeDate: '2026-03-31' }),
        stageRow('006W', 'Prospecting', '2026-01-20T10:00:00.000Z', { closeDate: '2026-04-30' }),
        stageRow('006W', 'Discovery', '2026-02-01T10:00:00.000Z', { closeDate: '2026-04-30', amount: 4000 })
    ];
    const fields = [
        fieldRow('006W', 'Pain_Metric__c', '2026-03-05T09:00:00.000Z', 'Churn 5%', 'Churn 7%'),
        fieldRow('006W', 'Org_Size__c', '2026-01-10T09:00:00.000Z', null, 50),
        fieldRow('006W', 'Org_Size__c', '2026-01-25T09:00:00.000Z', 50, 150),
        fieldRow('006W', 'Pain_Metric__c', '2026-02-15T09:00:00.000Z', null, 'Churn 5%')
    ];
    return { deal, stages, fields };
}

describe('buildDealPaths', () => {
    it('rebuilds visits, close-date pushes and the values at each exit', () => {
        const { deal, stages, fields } = wonDeal();
        const [path] = buildDealPaths(sampleProcess(), [deal], stages, fields);

        expect(path.visits.map((v) => [v.stage, v.enteredAt, v.exitedAt])).toEqual([
            ['Prospecting', '2026-01-05T10:00:00.000Z', '2026-02-01T10:00:00.000Z'],
            ['Discovery', '2026-02-01T10:00:00.000Z', '2026-03-01T10:00:00.000Z'],
            ['Closed Won', '2026-03-01T10:00:00.000Z', null]
        ]);
        // Leaving Prospecting on 02-01: Org_Size had become 150 on 01-25; Pain_Metric was first set
        // on 02-15, so it was still that change's old value (blank).
        expect(path.visits[0].values).toEqual({
            Org_Size__c: 150,
            Pain_Metric__c: null,
            Reception__c: 'Positive',
            Demo_Done__c: null
        });
        expect(path.visits[1].values.Pain_Metric__c).toBe('Churn 5%');
        expect(path.visits[2].values.Pain_Metric__c).toBe('Churn 7%');
        // Closing early pulls the close date in: a change too (only pushes count as slipping).
        expect(path.closeDateChanges).toEqual([
            { at: '2026-01-20T10:00:00.000Z', from: '2026-03-31', to: '2026-04-30' },
            { at: '2026-03-01T10:00:00.000Z', from: '2026-04-30', to: '2026-03-01' }
        ]);
        expect(path.outcome).toBe('won');
        expect(path.closedAt).toBe('2026-03-01T10:00:00.000Z');
        expect(path.valuesFromFieldHistory).toBe(true);
        expect(path.stageHistory).toBeUndefined();
        expect(stageHistoryOf(path).map((r) => r.createdDate)).toEqual([
            '2026-01-05T10:00:00.000Z',
            '2026-01-20T10:00:00.000Z',
            '2026-02-01T10:00:00.000Z',
            '2026-03-01T10:00:00.000Z'
        ]);
    });

    it('starts a new visit when a deal goes back to a stage it left', () => {
        const deal = opportunity({ id: '006B', stageName: 'Discovery' });
        const [path] = buildDealPaths(
            sampleProcess(),
            [deal],
            [
                stageRow('006B', 'Prospecting', '2026-01-05T10:00:00Z'),
                stageRow('006B', 'Discovery', '2026-01-10T10:00:00Z'),
                stageRow('006B', 'Prospecting', '2026-01-20T10:00:00Z'),
                stageRow('006B', 'Discovery', '2026-02-01T10:00:00Z')
            ],
            []
        );
        expect(path.visits.map((v) => v.stage)).toEqual([
            'Prospecting',
            'Discovery',
            'Prospecting',
            'Discovery'
        ]);
        expect(path.outcome).toBe('open');
        expect(path.closedAt).toBeNull();
        expect(path.visits[3].exitedAt).toBeNull();
    });

    it('gives a deal without history one visit in its current stage, with final values', () => {
        const deal = opportunity({ id: '006N', stageName: 'Closed Lost', fields: { Org_Size__c: 20 } });
        const [path] = buildDealPaths(sampleProcess(), [deal], [], []);
        expect(path.visits).toEqual([
            {
                stage: 'Closed Lost',
                enteredAt: deal.createdDate,
                exitedAt: null,
                values: { Org_Size__c: 20, Reception__c: null, Pain_Metric__c: null, Demo_Done__c: null }
            }
        ]);
        expect(path.outcome).toBe('lost');
        expect(path.closedAt).toBe(deal.createdDate);
        expect(path.valuesFromFieldHistory).toBe(false);
    });

    it('ends the path in the current stage when the history stops short of it', () => {
        const deal = opportunity({
            id: '006T',
            stageName: 'Proposal',
            lastModifiedDate: '2026-02-10T08:00:00Z'
        });
        const [path] = buildDealPaths(
            sampleProcess(),
            [deal],
            [stageRow('006T', 'Discovery', '2026-01-05T10:00:00Z')],
            []
        );
        expect(path.visits.map((v) => [v.stage, v.enteredAt])).toEqual([
            ['Discovery', '2026-01-05T10:00:00Z'],
            ['Proposal', '2026-02-10T08:00:00Z']
        ]);
    });

    it('names the opportunity whose history holds a bad date', () => {
        const deal = opportunity({ id: '006BAD' });
        expect(() =>
            buildDealPaths(
                sampleProcess(),
                [deal],
                [stageRow('006BAD', 'Prospecting', '05/01/2026 10:00')],
                []
            )
        ).toThrow('Opportunity 006BAD: "05/01/2026 10:00" is not a date (YYYY-MM-DD) or an ISO date-time');
    });

    it('keeps input order, ignores rows of unknown deals, and orders same-instant rows as given', () => {
        const a = opportunity({ id: 'A', stageName: 'Discovery' });
        const b = opportunity({ id: 'B' });
        const paths = buildDealPaths(
            sampleProcess(),
            [a, b],
            [
                stageRow('ZZZ', 'Negotiation', '2026-01-01T00:00:00Z'),
                stageRow('A', 'Prospecting', '2026-01-05T10:00:00Z'),
                stageRow('A', 'Discovery', '2026-01-05T10:00:00Z')
            ],
            []
        );
        expect(paths.map((p) => p.deal.id)).toEqual(['A', 'B']);
        expect(paths[0].visits.map((v) => v.stage)).toEqual(['Prospecting', 'Discovery']);
    });

    it("writes a row's instant as the deal's own string only where that string is how the instant is written", () => {
        // A leap second parses to the next minute, which is written otherwise: the row stamped that
        // next minute shows its own text, the row stamped with the leap second the deal's string.
        const leap = opportunity({
            id: '006LEAP',
            stageName: 'Proposal',
            createdDate: '2026-01-05T10:00:60.000Z',
            lastModifiedDate: '2026-02-01T09:00:00.000Z'
        });
        const paths = buildDealPaths(
            sampleProcess(),
            [leap],
            [
                stageRow('006LEAP', 'Prospecting', '2026-01-05T10:01:00.000Z'),
                stageRow('006LEAP', 'Discovery', '2026-01-05T10:00:60.000Z', { closeDate: '2026-07-31' }),
                stageRow('006LEAP', 'Proposal', '2026-02-01T09:00:00.000Z', { closeDate: '2026-08-31' })
            ],
            []
        );
        expect(paths[0].visits.map((v) => [v.stage, v.enteredAt, v.exitedAt])).toEqual([
            ['Prospecting', '2026-01-05T10:01:00.000Z', '2026-01-05T10:00:60.000Z'],
            ['Discovery', '2026-01-05T10:00:60.000Z', '2026-02-01T09:00:00.000Z'],
            ['Proposal', '2026-02-01T09:00:00.000Z', null]
        ]);
        expect(paths[0].visits[1].enteredAt).toBe(leap.createdDate);
        expect(paths[0].visits[2].enteredAt).toBe(leap.lastModifiedDate);
        expect(paths[0].closeDateChanges).toEqual([
            { at: '2026-01-05T10:00:60.000Z', from: '2026-06-30', to: '2026-07-31' },
            { at: '2026-02-01T09:00:00.000Z', from: '2026-07-31', to: '2026-08-31' }
        ]);
        expect(pathTimes(paths[0]).createdDay).toBe('2026-01-05');
    });
});

describe('pipelineAsOf', () => {
    const { deal, stages, fields } = wonDeal();
    const paths = buildDealPaths(sampleProcess(), [deal], stages, fields);

    it('leaves out deals created after the date', () => {
        expect(pipelineAsOf(paths, '2026-01-04')).toEqual([]);
    });

    it('takes the state of the last history row by the end of the day, with values as of then', () => {
        const [then] = pipelineAsOf(paths, '2026-01-10');
        expect(then).toMatchObject({
            id: '006W',
            stageName: 'Prospecting',
            closeDate: '2026-03-31',
            amount: 1000,
            probability: 0.1,
            isClosed: false,
            isWon: false
        });
        // The 01-10 change happened during that day, so it counts.
        expect(then.values.Org_Size__c).toBe(50);
        expect(then.values.Pain_Metric__c).toBeNull();
    });

    it('rebuilds the deal open in Discovery the day before it closed', () => {
        const [then] = pipelineAsOf(paths, '2026-02-28');
        expect(then).toMatchObject({
            stageName: 'Discovery',
            closeDate: '2026-04-30',
            amount: 4000,
            isClosed: false
        });
        expect(then.values).toMatchObject({ Org_Size__c: 150, Pain_Metric__c: 'Churn 5%' });
    });

    it('shows the deal closed won from the day it closed', () => {
        const [then] = pipelineAsOf(paths, '2026-03-01');
        expect(then).toMatchObject({
            stageName: 'Closed Won',
            isClosed: true,
            isWon: true,
            closeDate: '2026-03-01'
        });
        expect(then.values.Pain_Metric__c).toBe('Churn 5%');
        expect(valuesAsOf(paths[0], '2026-03-06').Pain_Metric__c).toBe('Churn 7%');
        // A date-time means that instant, not the end of its day (either separator).
        expect(valuesAsOf(paths[0], '2026-03-05T08:59:59Z').Pain_Metric__c).toBe('Churn 5%');
        expect(valuesAsOf(paths[0], '2026-03-05 09:00:00').Pain_Metric__c).toBe('Churn 7%');
    });

    it('uses the current state of a deal without history rows', () => {
        const plain = opportunity({
            id: '006P',
            stageName: 'Proposal',
            amount: 700,
            fields: { Demo_Done__c: true }
        });
        const [then] = pipelineAsOf(buildDealPaths(sampleProcess(), [plain], [], []), '2026-02-01');
        expect(then).toMatchObject({ stageName: 'Proposal', amount: 700, probability: 0.5, isClosed: false });
        expect(then.values.Demo_Done__c).toBe(true);
    });

    it('with a filter, gives exactly the unfiltered pipeline less the deals it rejects', () => {
        const other = opportunity({ id: '006P', stageName: 'Proposal', createdDate: '2026-01-02T00:00:00Z' });
        const both = buildDealPaths(sampleProcess(), [deal, other], stages, fields);
        for (const day of ['2026-01-10', '2026-02-28', '2026-03-01']) {
            const all = pipelineAsOf(both, day);
            expect(pipelineAsOf(both, day, (p) => p.deal.id === '006W')).toEqual(
                all.filter((d) => d.id === '006W')
            );
            expect(pipelineAsOf(both, day, () => true)).toEqual(all);
        }
    });

    it('reads a path again when its history is replaced after a first question (instants are cached per path)', () => {
        const [path] = buildDealPaths(sampleProcess(), [deal], stages, fields);
        expect(valuesAsOf(path, '2026-01-12').Org_Size__c).toBe(50);
        const edited = {
            ...path,
            fieldHistory: fieldHistoryOf(path)?.filter((r) => r.createdDate > '2026-01-11')
        };
        // Without the 01-10 change, the 01-25 change's old value (50) is what stood before it; the
        // cached timeline of the original path must not answer for the edited copy.
        expect(valuesAsOf(edited, '2026-01-09').Org_Size__c).toBe(50);
        expect(valuesAsOf(path, '2026-01-09').Org_Size__c).toBeNull();
        path.fieldHistory = [];
        expect(valuesAsOf(path, '2026-01-09').Org_Size__c).toBe(150);
    });
});

describe('field values held flat per deal', () => {
    /** The roll-back rule, spelled out naively: the last change at or before, else the first change's old value, else now. */
    function naiveValue(
        rows: ReturnType<typeof fieldRow>[],
        current: Record<string, unknown>,
        field: string,
        at: number
    ): unknown {
        const changes = rows
            .map((row, index) => ({ row, index, time: Date.parse(row.createdDate) }))
            .filter((c) => c.row.field === field)
            .sort((a, b) => a.time - b.time || a.index - b.index);
        if (changes.length === 0) return current[field] ?? null;
        const before = changes.filter((c) => c.time <= at);
        return before.length > 0 ? before[before.length - 1].row.newValue : changes[0].row.oldValue;
    }

    it('answers every field at every instant as the naive roll-back does, with interleaved, tied and unlisted changes', () => {
        const current = { Org_Size__c: 9, Pain_Metric__c: 'P3', Reception__c: 'Positive', Extra__c: 'x2' };
        const deal = opportunity({ id: '006F', createdDate: '2026-01-01T00:00:00.000Z', fields: current });
        // Out of order, two changes of one field at the same instant, a change of a field the deal
        // does not list (Untracked__c) in between.
        const rows = [
            fieldRow('006F', 'Pain_Metric__c', '2026-01-20T00:00:00.000Z', 'P1', 'P2'),
            fieldRow('006F', 'Org_Size__c', '2026-01-05T00:00:00.000Z', null, 5),
            fieldRow('006F', 'Untracked__c', '2026-01-06T00:00:00.000Z', 'u0', 'u1'),
            fieldRow('006F', 'Extra__c', '2026-01-07T00:00:00.000Z', 'x0', 'x1'),
            fieldRow('006F', 'Org_Size__c', '2026-01-10T00:00:00.000Z', 5, 7),
            fieldRow('006F', 'Org_Size__c', '2026-01-10T00:00:00.000Z', 7, 8),
            fieldRow('006F', 'Pain_Metric__c', '2026-01-08T00:00:00.000Z', null, 'P1'),
            fieldRow('006F', 'Extra__c', '2026-01-25T00:00:00.000Z', 'x1', 'x2'),
            fieldRow('006F', 'Org_Size__c', '2026-01-30T00:00:00.000Z', 8, 9),
            fieldRow('006F', 'Pain_Metric__c', '2026-02-02T00:00:00.000Z', 'P2', 'P3')
        ];
        const [path] = buildDealPaths(sampleProcess(), [deal], [], rows);
        const instants = rows.flatMap((row) => {
            const t = Date.parse(row.createdDate);
            return [t - 1, t, t + 1];
        });
        for (const at of [Date.parse('2025-12-31T00:00:00.000Z'), ...instants]) {
            const values = valuesAsOf(path, new Date(at).toISOString());
            expect(values).not.toHaveProperty('Untracked__c');
            for (const field of [
                'Org_Size__c',
                'Pain_Metric__c',
                'Reception__c',
                'Demo_Done__c',
                'Extra__c'
            ]) {
                expect([field, at, values[field]]).toEqual([field, at, naiveValue(rows, current, field, at)]);
            }
        }
    });

    it('gives deals listing different fields their own answers', () => {
        const a = opportunity({ id: '006A', fields: { Org_Size__c: 3 } });
        const b = opportunity({ id: '006B', fields: { Org_Size__c: 4, Only_B__c: 'b1' } });
        const rows = [
            fieldRow('006A', 'Only_B__c', '2026-01-05T00:00:00.000Z', 'a0', 'a1'),
            fieldRow('006B', 'Only_B__c', '2026-01-05T00:00:00.000Z', 'b0', 'b1'),
            fieldRow('006B', 'Org_Size__c', '2026-01-06T00:00:00.000Z', 2, 4)
        ];
        const [pa, pb] = buildDealPaths(sampleProcess(), [a, b], [], rows);
        expect(valuesAsOf(pa, '2026-01-01')).not.toHaveProperty('Only_B__c');
        expect(valuesAsOf(pa, '2026-01-01').Org_Size__c).toBe(3);
        expect(valuesAsOf(pb, '2026-01-01')).toMatchObject({ Org_Size__c: 2, Only_B__c: 'b0' });
        expect(valuesAsOf(pb, '2026-01-07')).toMatchObject({ Org_Size__c: 4, Only_B__c: 'b1' });
    });

    it('shares one values record between visits whose values are equal, and equals a fresh reading', () => {
        const current = {
            Org_Size__c: 9,
            Pain_Metric__c: 'P2',
            Reception__c: 'Positive',
            Demo_Done__c: null
        };
        const deal = opportunity({
            id: '006S',
            stageName: 'Closed Won',
            createdDate: '2026-01-01T00:00:00.000Z',
            fields: current
        });
        const stages = [
            stageRow('006S', 'Prospecting', '2026-01-01T00:00:00.000Z'),
            stageRow('006S', 'Discovery', '2026-01-10T00:00:00.000Z'),
            stageRow('006S', 'Proposal', '2026-01-20T00:00:00.000Z'),
            stageRow('006S', 'Negotiation', '2026-02-01T00:00:00.000Z'),
            stageRow('006S', 'Closed Won', '2026-02-10T00:00:00.000Z')
        ];
        // Prospecting and Discovery are left with Pain_Metric P1, the later visits with the deal's values.
        const rows = [
            fieldRow('006S', 'Pain_Metric__c', '2026-01-05T00:00:00.000Z', null, 'P1'),
            fieldRow('006S', 'Pain_Metric__c', '2026-01-25T00:00:00.000Z', 'P1', 'P2')
        ];
        const [path] = buildDealPaths(sampleProcess(), [deal], stages, rows);
        const [prospecting, discovery, proposal, negotiation, won] = path.visits.map((v) => v.values);
        expect(discovery).toBe(prospecting);
        expect(prospecting).not.toBe(deal.fields);
        expect(prospecting).toEqual({ ...current, Pain_Metric__c: 'P1' });
        for (const values of [proposal, negotiation, won]) expect(values).toBe(deal.fields);
        for (const visit of path.visits) {
            const fresh = visit.exitedAt === null ? { ...deal.fields } : valuesAsOf(path, visit.exitedAt);
            expect(Object.entries(visit.values)).toEqual(Object.entries(fresh));
        }
        // A deal whose fields leave out a parameter's field is not shared: its visits list every field.
        const partial = opportunity({ id: '006P', fields: { Org_Size__c: 1 } });
        const [partialPath] = buildDealPaths(sampleProcess(), [partial], [], []);
        expect(partialPath.visits[0].values).not.toBe(partial.fields);
        expect(partialPath.visits[0].values).toEqual({
            Org_Size__c: 1,
            Reception__c: null,
            Pain_Metric__c: null,
            Demo_Done__c: null
        });
    });

    it("shares a visit's values record with another deal's fields or another deal's visit when they are equal", () => {
        const fields = { Org_Size__c: 9, Pain_Metric__c: 'P2', Reception__c: 'Positive', Demo_Done__c: null };
        const first = opportunity({ id: '006A', stageName: 'Discovery', fields: { ...fields } });
        // Its answer at the end of Prospecting is exactly the first deal's answers.
        const second = opportunity({
            id: '006B',
            stageName: 'Discovery',
            fields: { ...fields, Org_Size__c: 12 }
        });
        const third = opportunity({
            id: '006C',
            stageName: 'Discovery',
            fields: { ...fields, Org_Size__c: 13 }
        });
        const fourth = opportunity({
            id: '006D',
            stageName: 'Discovery',
            fields: { ...fields, Org_Size__c: 14 }
        });
        const stages = ['006B', '006C', '006D'].flatMap((id) => [
            stageRow(id, 'Prospecting', '2026-01-01T00:00:00.000Z'),
            stageRow(id, 'Discovery', '2026-01-10T00:00:00.000Z')
        ]);
        const rows = [
            fieldRow('006B', 'Org_Size__c', '2026-01-20T00:00:00.000Z', 9, 12),
            // -0 is not 0: this visit gets a record of its own.
            fieldRow('006C', 'Org_Size__c', '2026-01-20T00:00:00.000Z', -0, 13),
            fieldRow('006D', 'Org_Size__c', '2026-01-20T00:00:00.000Z', -0, 14)
        ];
        const [, b, c, d] = buildDealPaths(sampleProcess(), [first, second, third, fourth], stages, rows);
        expect(d.visits[0].values).toBe(c.visits[0].values);
        expect(b.visits[0].values).toBe(first.fields);
        expect(c.visits[0].values).not.toBe(first.fields);
        expect(Object.is(c.visits[0].values.Org_Size__c, -0)).toBe(true);
        // The same answers in a later build: a fresh deal list, so its own records.
        const [again] = buildDealPaths(sampleProcess(), [second], stages, rows);
        expect(again.visits[0].values).not.toBe(first.fields);
        expect(again.visits[0].values).toEqual(first.fields);
    });

    it('pools values records only when names, order and every value are the same', () => {
        const pool = new ValuesPool();
        const base = { a: 1, b: 'x', c: null, d: true };
        expect(pool.share(base)).toBe(base);
        expect(pool.share({ a: 1, b: 'x', c: null, d: true })).toBe(base);
        const distinct: Array<Record<string, FieldValue>> = [
            { b: 'x', a: 1, c: null, d: true },
            { a: 1, b: 'x', c: null },
            { a: 1, b: 'x', c: null, d: true, e: null },
            { a: -0, b: 'x', c: null, d: true },
            { a: 0, b: 'x', c: null, d: true },
            { a: '1', b: 'x', c: null, d: true },
            { a: 1, b: 'x', c: false, d: true },
            { a: 1, b: 'x', c: undefined as unknown as FieldValue, d: true },
            { a: 1.5, b: 'x', c: null, d: true },
            { a: NaN, b: 'x', c: null, d: true },
            // The same length, first, middle and last characters: the same hash, told apart by comparison.
            { a: 1, b: 'abcde', c: null, d: true },
            { a: 1, b: 'axcye', c: null, d: true }
        ];
        for (const record of distinct) expect(pool.share(record)).toBe(record);
        for (const record of distinct) expect(pool.share({ ...record })).toBe(record);
        expect(pool.share({ a: 1, b: 'x', c: null, d: true })).toBe(base);
        const empty = {};
        expect(pool.share(empty)).toBe(empty);
        expect(pool.share({})).toBe(empty);
        // Full: it forgets what it held, and keeps sharing what it meets after.
        const small = new ValuesPool(2);
        const one = { a: 1 };
        small.share(one);
        small.share({ a: 2 });
        const three = { a: 3 };
        expect(small.share(three)).toBe(three);
        expect(small.share({ a: 1 })).not.toBe(one);
        expect(small.share({ a: 3 })).toBe(three);
    });

    it('finds paths by id as a Map filled in order does: the last of an id, in any order of asking', () => {
        const ids = [
            '0065g0000000001AAA',
            '0065g0000000002AAA',
            '0065g0000000001AAA',
            'not an id',
            '0065g0000000003'
        ];
        const paths = ids.map((id) => ({ deal: opportunity({ id }) }) as DealPath);
        const map = new Map(paths.map((p) => [p.deal.id, p]));
        const byId = pathsById(paths);
        expect(byId.size).toBe(map.size);
        // In path order (the first path of the repeated id is not the one found), backwards, and absent ids.
        const asked = [...ids, ...[...ids].reverse(), '0065g0000000004AAA', '0065g0000000003AAA', ''];
        for (const id of asked) expect(byId.get(id)).toBe(map.get(id));
    });

    it('finds every pooled record again after growing many times, among records whose hashes are equal', () => {
        const pool = new ValuesPool();
        const kept: Array<Record<string, FieldValue>> = [];
        for (let i = 0; i < 5000; i++) {
            // Pairs of texts with the same length, first, middle and last characters: equal hashes.
            const middle = String(i).padStart(5, '0');
            kept.push({ n: i % 7, t: `a${middle}z` }, { n: i % 7, t: `a${[...middle].reverse().join('')}z` });
        }
        const unique = new Map<string, Record<string, FieldValue>>();
        for (const record of kept) {
            const key = JSON.stringify(record);
            const first = unique.get(key) ?? record;
            unique.set(key, first);
            expect(pool.share(record)).toBe(first);
        }
        for (const record of kept) expect(pool.share({ ...record })).toBe(unique.get(JSON.stringify(record)));
    });

    it('answers a field with more changes than a 16-bit offset holds', () => {
        const count = 0x10000 + 5;
        const start = Date.parse('2026-01-01T00:00:00.000Z');
        const rows = Array.from({ length: count }, (_, i) =>
            fieldRow('006L', 'Org_Size__c', new Date(start + i * 1000).toISOString(), i, i + 1)
        );
        rows.push(fieldRow('006L', 'Pain_Metric__c', new Date(start + count * 1000).toISOString(), 'a', 'b'));
        const deal = opportunity({ id: '006L', fields: { Org_Size__c: count, Pain_Metric__c: 'b' } });
        const [path] = buildDealPaths(sampleProcess(), [deal], [], rows);
        const at = (i: number) => new Date(start + i * 1000).toISOString();
        expect(valuesAsOf(path, at(0)).Org_Size__c).toBe(1);
        expect(valuesAsOf(path, at(0x10002)).Org_Size__c).toBe(0x10003);
        expect(valuesAsOf(path, at(count - 1))).toMatchObject({ Org_Size__c: count, Pain_Metric__c: 'a' });
        expect(valuesAsOf(path, at(count))).toMatchObject({ Org_Size__c: count, Pain_Metric__c: 'b' });
    });

    it("reads a field the deal's record holds as undefined as null, in a record of the visit's own", () => {
        const fields = {
            Org_Size__c: undefined as unknown as FieldValue,
            Pain_Metric__c: 'P2',
            Reception__c: 'Positive',
            Demo_Done__c: null
        };
        const deal = opportunity({ id: '006U', stageName: 'Discovery', fields });
        const stages = [
            stageRow('006U', 'Prospecting', '2026-01-01T00:00:00.000Z'),
            stageRow('006U', 'Discovery', '2026-01-10T00:00:00.000Z')
        ];
        const rows = [fieldRow('006U', 'Pain_Metric__c', '2026-01-20T00:00:00.000Z', 'P1', 'P2')];
        const [path] = buildDealPaths(sampleProcess(), [deal], stages, rows);
        for (const visit of path.visits) {
            expect(visit.values).not.toBe(deal.fields);
            expect(visit.values.Org_Size__c).toBeNull();
        }
        expect(path.visits.map((v) => v.values.Pain_Metric__c)).toEqual(['P1', 'P2']);
    });

    it('gives deals listing different fields, one after another, their own fields in their order', () => {
        const a = opportunity({
            id: '006A',
            stageName: 'Discovery',
            fields: { Org_Size__c: 3, Extra__c: 'a' }
        });
        const b = opportunity({
            id: '006B',
            stageName: 'Discovery',
            fields: { Extra__c: 'b', Org_Size__c: 4 }
        });
        const c = opportunity({
            id: '006C',
            stageName: 'Discovery',
            fields: { Org_Size__c: 5, Extra__c: 'c' }
        });
        const stages = ['006A', '006B', '006C'].flatMap((id) => [
            stageRow(id, 'Prospecting', '2026-01-01T00:00:00.000Z'),
            stageRow(id, 'Discovery', '2026-01-10T00:00:00.000Z')
        ]);
        // One change each, at the same place in each deal's timeline: the same offsets, other values.
        const rows = [
            fieldRow('006A', 'Org_Size__c', '2026-01-20T00:00:00.000Z', 1, 3),
            fieldRow('006B', 'Org_Size__c', '2026-01-20T00:00:00.000Z', 2, 4),
            fieldRow('006C', 'Org_Size__c', '2026-01-20T00:00:00.000Z', 6, 5)
        ];
        const paths = buildDealPaths(sampleProcess(), [a, b, c], stages, rows);
        const parameters = ['Reception__c', 'Pain_Metric__c', 'Demo_Done__c'];
        expect(paths.map((p) => Object.keys(p.visits[0].values))).toEqual([
            ['Org_Size__c', 'Extra__c', ...parameters],
            ['Extra__c', 'Org_Size__c', ...parameters],
            ['Org_Size__c', 'Extra__c', ...parameters]
        ]);
        expect(paths.map((p) => p.visits.map((v) => v.values.Org_Size__c))).toEqual([
            [1, 3],
            [2, 4],
            [6, 5]
        ]);
        expect(paths.map((p) => p.visits[1].values)).toEqual(
            [a.fields, b.fields, c.fields].map((f) => ({
                ...f,
                Pain_Metric__c: null,
                Reception__c: null,
                Demo_Done__c: null
            }))
        );
    });

    it('gives each path its own close-date change list, even when empty', () => {
        const paths = buildDealPaths(
            sampleProcess(),
            [opportunity({ id: '006X' }), opportunity({ id: '006Y' })],
            [],
            []
        );
        expect(paths[0].closeDateChanges).toEqual([]);
        expect(paths[0].closeDateChanges).not.toBe(paths[1].closeDateChanges);
    });
});

describe('the instants kept beside each path', () => {
    /** What `pathTimes` must say, read afresh from the path's own strings (one comparison per path). */
    function expectTimesOf(path: DealPath): void {
        const times = pathTimes(path);
        const parse = (text: string) => Date.parse(text);
        const entries = path.visits.map((v) => parse(v.enteredAt));
        const rows = stageHistoryOf(path).map((r) => parse(r.createdDate));
        const instants = [...entries, ...rows].flatMap((t) => [t - 1, t, t + 1]);
        const said = {
            createdDay: times.createdDay,
            closedAt: times.closedAt,
            visits: path.visits.map((_, i) => [times.visitTime(i), times.exitTime(i)]),
            rows: instants.map((at) => [times.lastRowAtOrBefore(at), times.lastVisitAtOrBefore(at)])
        };
        expect(said).toEqual({
            createdDay: path.deal.createdDate.slice(0, 10),
            closedAt: path.closedAt === null ? null : parse(path.closedAt),
            visits: path.visits.map((v, i) => [entries[i], v.exitedAt ? parse(v.exitedAt) : null]),
            rows: instants.map((at) => [lastTimeAtOrBefore(rows, at), lastTimeAtOrBefore(entries, at)])
        });
    }

    it('answers every path of a build larger than one block of instants, and each path after it changes', () => {
        const deals = [];
        const stages = [];
        const fields = [];
        const names = ['Prospecting', 'Discovery', 'Proposal', 'Negotiation', 'Closed Won'];
        // About 25,000 instants: several of the shared blocks, paths straddling none of their ends.
        for (let d = 0; d < 1500; d++) {
            const id = `006${String(d).padStart(5, '0')}`;
            const moves = 1 + (d % 5);
            const start = Date.parse('2025-01-01T00:00:00.000Z') + d * 3_600_000;
            const at = (k: number) => new Date(start + k * 86_400_000 + (d % 7) * 1000).toISOString();
            deals.push(
                opportunity({
                    id,
                    stageName: names[moves - 1],
                    createdDate: at(0),
                    fields: { Org_Size__c: d, Pain_Metric__c: `P${d}` }
                })
            );
            for (let k = 0; k < moves; k++) stages.push(stageRow(id, names[k], at(k * 3)));
            for (let k = 0; k < d % 9; k++) fields.push(fieldRow(id, 'Org_Size__c', at(k * 2 + 1), k, k + 1));
        }
        const paths = buildDealPaths(sampleProcess(), deals, stages, fields);
        paths.forEach(expectTimesOf);
        // A path given rows of its own, a row pushed to them, and a path whose visits are replaced: read again.
        const pushed = paths[7];
        pushed.stageHistory = stageHistoryOf(pushed);
        expectTimesOf(pushed);
        pushed.stageHistory.push(stageRow(pushed.deal.id, 'Proposal', '2027-01-01T00:00:00.000Z'));
        expectTimesOf(pushed);
        expect(pathTimes(pushed).stageRowCount).toBe(pushed.stageHistory.length);
        const replaced = paths[8];
        replaced.visits = replaced.visits.slice(0, 1);
        expectTimesOf(replaced);
    });

    it('keeps a built path plain data: its link to its index is not one of its fields', () => {
        const deal = opportunity({ id: '006L', stageName: 'Discovery', fields: { Org_Size__c: 4 } });
        const stages = [
            stageRow('006L', 'Prospecting', '2026-01-02T00:00:00.000Z'),
            stageRow('006L', 'Discovery', '2026-01-05T00:00:00.000Z')
        ];
        const [path] = buildDealPaths(sampleProcess(), [deal], stages, []);
        pathTimes(path);
        const fields = [
            'deal',
            'visits',
            'closeDateChanges',
            'outcome',
            'closedAt',
            'valuesFromFieldHistory'
        ];
        expect(Object.keys(path)).toEqual(fields);
        expect(Reflect.ownKeys({ ...path })).toEqual(fields);
        expect(Object.keys(JSON.parse(JSON.stringify(path)) as object)).toEqual(fields);
        // A copy is a path built by hand: indexed from its own (here: no) rows, the original from its columns.
        const copy: DealPath = { ...path };
        expect(pathTimes(copy).stageRowCount).toBe(0);
        expect(pathTimes(path).stageRowCount).toBe(2);
        expect(stageHistoryOf(path).map((row) => row.stageName)).toEqual(['Prospecting', 'Discovery']);
    });

    it("keeps a hand-built path's own exits and close instant, and its instants once it is read by field", () => {
        const deal = opportunity({
            id: '006H',
            stageName: 'Closed Won',
            createdDate: '2026-01-01T00:00:00.000Z',
            fields: { Org_Size__c: 3 }
        });
        const path: DealPath = {
            deal,
            // Exits that are not the next visit's entry, and a last visit that was left.
            visits: [
                {
                    stage: 'Prospecting',
                    enteredAt: '2026-01-01T00:00:00.000Z',
                    exitedAt: '2026-01-04T00:00:00.000Z',
                    values: {}
                },
                { stage: 'Discovery', enteredAt: '2026-01-05T00:00:00.000Z', exitedAt: null, values: {} },
                {
                    stage: 'Closed Won',
                    enteredAt: '2026-01-09T00:00:00.000Z',
                    exitedAt: '2026-01-10T00:00:00.000Z',
                    values: {}
                }
            ],
            closeDateChanges: [],
            outcome: 'won',
            closedAt: '2026-01-12T00:00:00.000Z',
            valuesFromFieldHistory: true,
            stageHistory: [stageRow('006H', 'Prospecting', '2026-01-01T00:00:00.000Z')],
            fieldHistory: [fieldRow('006H', 'Org_Size__c', '2026-01-06T00:00:00.000Z', 1, 3)]
        };
        expectTimesOf(path);
        const before = pathTimes(path);
        // The first read by field builds the timeline (a new index): the instants stay, old and new.
        expect(
            fieldReader(path)?.valueAt(fieldKey('Org_Size__c'), Date.parse('2026-01-05T00:00:00.000Z'))
        ).toBe(1);
        expect(valuesAsOf(path, '2026-01-07').Org_Size__c).toBe(3);
        expectTimesOf(path);
        expect(before.exitTime(0)).toBe(Date.parse('2026-01-04T00:00:00.000Z'));
        expect(before.closedAt).toBe(Date.parse('2026-01-12T00:00:00.000Z'));
    });

    it('gives each visits array its own midpoints, asked about in turn', () => {
        const { deal, stages, fields } = wonDeal();
        // As many visits as the won deal's (three), at other instants.
        const other = opportunity({
            id: '006O',
            stageName: 'Proposal',
            createdDate: '2026-01-02T00:00:00.000Z'
        });
        const otherStages = [
            stageRow('006O', 'Prospecting', '2026-01-02T00:00:00.000Z'),
            stageRow('006O', 'Discovery', '2026-01-08T00:00:00.000Z'),
            stageRow('006O', 'Proposal', '2026-01-30T00:00:00.000Z')
        ];
        const [a, b] = buildDealPaths(sampleProcess(), [deal, other], [...stages, ...otherStages], fields);
        expect(b.visits).toHaveLength(a.visits.length);
        for (let round = 0; round < 2; round++) {
            for (const path of [a, b, a])
                expect(visitMidpoints(path.visits)).toEqual(path.visits.map(visitMidpoint));
        }
        // Grown in place: computed again.
        a.visits.push({ ...a.visits[0], exitedAt: '2026-05-01T00:00:00.000Z' });
        expect(visitMidpoints(a.visits)).toEqual(a.visits.map(visitMidpoint));
        expect(visitMidpoints(a.visits)).toHaveLength(a.visits.length);
    });

    it("gives the pipeline the deal's own fields record when its values then are the current ones, else a fresh reading", () => {
        const { deal, stages, fields } = wonDeal();
        const partial = opportunity({
            id: '006P',
            createdDate: '2026-01-01T00:00:00.000Z',
            fields: { Org_Size__c: 1 }
        });
        const partialRows = [fieldRow('006P', 'Org_Size__c', '2026-01-03T00:00:00.000Z', 0, 1)];
        const paths = buildDealPaths(sampleProcess(), [deal, partial], stages, [...fields, ...partialRows]);
        for (const day of ['2026-01-12', '2026-03-02', '2026-03-06', '2026-12-31']) {
            const pipeline = pipelineAsOf(paths, day);
            pipeline.forEach((d, i) => {
                // The same names in the same order and the same values as a fresh reading.
                expect(Object.entries(d.values)).toEqual(Object.entries(valuesAsOf(paths[i], day)));
            });
            // After the last change (03-05) the won deal's values are its own; before, they are not.
            expect(pipeline[0].values === deal.fields).toBe(day >= '2026-03-06');
            // A deal whose fields leave out the process's parameters lists them: never its own record.
            expect(pipeline[1].values).not.toBe(partial.fields);
        }
    });
});
