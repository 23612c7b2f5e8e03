/**
 * The fit's one-field read of a stay's midpoint answers (`midVisitValue`, what `fitBenchmarks` and the
 * strength check learn from) against the record `midVisitValues` builds, field by field.
 */
import { midVisitValue, midVisitValues, visitValue } from '../fit';
import { buildDealPaths, hasFieldHistory, indexedVisitMidpoint, valuesAsOf, visitMidpoint } from '../history';
import type { DealPath, FieldHistoryRow, FieldValue, OpportunityRecord, StageHistoryRow } from '../types';
import { fieldRow, generatedPaths, miniPaths, miniProcess, opportunity, stageRow, walk } from './fixtures';

describe('midVisitValue reads one answer at the midpoint as midVisitValues does, without the record', () => {
    /**
     * The snapshot as it was built before the per-field reader: the midpoint written as an ISO string
     * and every field rolled back to it (`valuesAsOf`), then the field read from it, or from the exit
     * values when the snapshot lacks it.
     */
    function throughRecord(path: DealPath, visit: DealPath['visits'][number], field: string): FieldValue {
        let snapshot: Record<string, FieldValue> = visit.values;
        if (visit.exitedAt && path.valuesFromFieldHistory && hasFieldHistory(path)) {
            const entered = Date.parse(visit.enteredAt);
            const exited = Date.parse(visit.exitedAt);
            if (Number.isFinite(entered) && Number.isFinite(exited) && exited >= entered)
                snapshot = valuesAsOf(path, new Date(entered + (exited - entered) / 2).toISOString());
        }
        if (Object.prototype.hasOwnProperty.call(snapshot, field)) return snapshot[field] ?? null;
        return visitValue(path, visit, field);
    }

    /**
     * Qualify from 01-01 to 01-11 (midpoint 01-06T00:00:00.000Z), then Propose to 01-21 (midpoint
     * 01-16), then Won or Lost; D2 leaves Qualify 1 ms later (an odd span: the midpoint truncates),
     * D3 stays open in Propose. Size changes exactly at the Qualify midpoint; Budget before it and
     * again after; Tier never changes; Note__c changes but no deal lists it (not a field of theirs);
     * Gone__c is named nowhere.
     */
    function paths(): DealPath[] {
        const opportunities: OpportunityRecord[] = [];
        const rows: StageHistoryRow[] = [];
        const fields: FieldHistoryRow[] = [];
        ['D1', 'D2', 'D3'].forEach((id, i) => {
            const stages =
                i === 2 ? ['Qualify', 'Propose'] : ['Qualify', 'Propose', i === 0 ? 'Won' : 'Lost'];
            const d = walk(id, stages, { Budget__c: true, Size__c: 150, Tier__c: 'Gold' });
            if (i === 1) d.rows[1] = { ...d.rows[1], createdDate: '2026-01-11T00:00:00.001Z' };
            opportunities.push(d.deal);
            rows.push(...d.rows);
            fields.push(
                fieldRow(id, 'Size__c', '2026-01-06T00:00:00.000Z', 50, 150),
                fieldRow(id, 'Budget__c', '2026-01-03T00:00:00.000Z', null, false),
                fieldRow(id, 'Budget__c', '2026-01-08T00:00:00.000Z', false, true),
                fieldRow(id, 'Note__c', '2026-01-04T00:00:00.000Z', 'a', 'b')
            );
        });
        return buildDealPaths(miniProcess(), opportunities, rows, fields);
    }

    const names = ['Budget__c', 'Size__c', 'Tier__c', 'Note__c', 'Gone__c'];
    // A path copied as plain data: no cached instants or timeline (as a worker thread receives paths).
    const copy = (path: DealPath): DealPath => JSON.parse(JSON.stringify(path));

    function expectSameAsRecord(all: readonly DealPath[]) {
        let compared = 0;
        for (const path of all) {
            for (const visit of path.visits) {
                const record = midVisitValues(path, visit);
                for (const field of names) {
                    const expected = throughRecord(path, visit, field);
                    expect([path.deal.id, visit.stage, field, midVisitValue(path, visit, field)]).toEqual([
                        path.deal.id,
                        visit.stage,
                        field,
                        expected
                    ]);
                    if (Object.prototype.hasOwnProperty.call(record, field))
                        expect(record[field] ?? null).toEqual(expected);
                    compared++;
                }
            }
        }
        return compared;
    }

    it('equals the record for every field of every visit, history or not', () => {
        const built = paths();
        expect(expectSameAsRecord(built)).toBe(8 * names.length);
        // Copied (nothing cached), and without field history.
        expect(expectSameAsRecord(built.map(copy))).toBe(8 * names.length);
        expect(expectSameAsRecord(miniPaths())).toBeGreaterThan(0);
        expect(expectSameAsRecord(generatedPaths(20, 'mid'))).toBeGreaterThan(0);
    });

    it('reads a change stamped exactly at the midpoint, and falls back where the snapshot has no answer', () => {
        const [d1, d2, d3] = paths();
        const qualify = d1.visits[0];
        expect(midVisitValue(d1, qualify, 'Size__c')).toBe(150);
        expect(midVisitValue(d1, qualify, 'Budget__c')).toBe(false);
        expect(midVisitValue(d1, qualify, 'Tier__c')).toBe('Gold');
        // Not a field the deal lists: its exit value stands (the visit's, else the deal's; here none).
        expect(midVisitValue(d1, qualify, 'Note__c')).toBeNull();
        expect(midVisitValue(d1, qualify, 'Gone__c')).toBeNull();
        // Propose (01-11 to 01-21): every change is behind it.
        expect(midVisitValue(d1, d1.visits[1], 'Budget__c')).toBe(true);
        // 1 ms longer: the midpoint is 01-06T00:00:00.000Z still (whole milliseconds, truncated).
        expect(midVisitValue(d2, d2.visits[0], 'Size__c')).toBe(150);
        // A visit not yet left gives its own values.
        expect(midVisitValue(d3, d3.visits[1], 'Size__c')).toBe(d3.visits[1].values.Size__c);
    });

    it('gives the exit values for a visit whose instants do not parse or run backwards', () => {
        const [d1] = paths();
        const garbled = copy(d1);
        garbled.visits[0] = { ...garbled.visits[0], exitedAt: 'not a date' };
        garbled.visits[1] = { ...garbled.visits[1], exitedAt: '2026-01-10T00:00:00.000Z' };
        expect(midVisitValue(garbled, garbled.visits[0], 'Size__c')).toBe(garbled.visits[0].values.Size__c);
        expect(midVisitValue(garbled, garbled.visits[1], 'Budget__c')).toBe(
            garbled.visits[1].values.Budget__c
        );
        expect(expectSameAsRecord([garbled])).toBe(3 * names.length);
    });
});

describe('indexedVisitMidpoint', () => {
    it('gives every visit of a path built from columns the midpoint visitMidpoint parses from its strings', () => {
        // A deal whose own date-times are written without milliseconds, with a last visit stamped by
        // its LastModifiedDate (its stage now is not its last history row's), and an odd span.
        const odd = buildDealPaths(
            miniProcess(),
            [
                opportunity({
                    id: 'ODD',
                    stageName: 'Propose',
                    createdDate: '2026-01-01T00:00:00Z',
                    lastModifiedDate: '2026-01-09T10:00:00Z',
                    fields: {}
                })
            ],
            [
                stageRow('ODD', 'Qualify', '2026-01-01T00:00:00.000Z'),
                stageRow('ODD', 'Qualify', '2026-01-03T00:00:00.001Z')
            ],
            []
        );
        const built = [...miniPaths(), ...generatedPaths(30, 'indexed'), ...odd];
        let compared = 0;
        for (const path of built)
            path.visits.forEach((visit, i) => {
                expect([path.deal.id, i, indexedVisitMidpoint(path, i)]).toEqual([
                    path.deal.id,
                    i,
                    visitMidpoint(visit)
                ]);
                compared++;
            });
        expect(compared).toBeGreaterThan(60);
        expect(odd[0].visits.map((v) => v.enteredAt)).toEqual([
            '2026-01-01T00:00:00.000Z',
            '2026-01-09T10:00:00Z'
        ]);
    });

    it('is null for a path not built from columns, or whose visits changed since its index was built', () => {
        const [first, second] = miniPaths();
        expect(indexedVisitMidpoint({ ...first }, 0)).toBeNull();
        second.visits = [...second.visits];
        expect(indexedVisitMidpoint(second, 0)).toBeNull();
        expect(indexedVisitMidpoint(miniPaths()[1], 0)).not.toBeNull();
    });
});
