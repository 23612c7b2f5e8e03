/**
 * Field history held as columns (`FieldHistoryTable`) and the paths built from them: the rows read
 * back as they went in, and a path built from columns answers as a path holding the same rows.
 */
import {
    buildDealPaths,
    fieldHistoryOf,
    hasFieldHistory,
    pathTimes,
    pipelineAsOf,
    stageHistoryOf,
    valuesAsOf,
    valuesAtInstant
} from '../history';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import {
    FieldHistoryTable,
    type FieldHistoryParts,
    IdIndex,
    StageHistoryTable,
    type StageHistoryParts
} from '../historyTable';
import type { DealPath, FieldHistoryRow, FieldValue } from '../types';
import { fieldRow, opportunity, sampleProcess, stageRow } from './fixtures';

const LONG = 'x'.repeat(65);

describe('IdIndex', () => {
    const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
    /** A small seeded stream (the test must fail the same way every time it fails). */
    function stream(seed: number): () => number {
        let state = seed >>> 0;
        return () => {
            state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
            return state / 2 ** 32;
        };
    }
    function base62Text(random: () => number, length: number): string {
        let text = '';
        for (let i = 0; i < length; i++) text += BASE62[Math.floor(random() * 62)];
        return text;
    }

    it('answers as a Map does for ids of every shape, through growth, overwrites and a clear', () => {
        const random = stream(7);
        const keys: string[] = [];
        for (let i = 0; i < 6000; i++) {
            const id15 = `0065g0${base62Text(random, 9)}`;
            keys.push(id15, `${id15}${base62Text(random, 3)}`);
        }
        // Keys one character apart, in case, in length, or that only look like ids.
        keys.push(
            '0065g0000000001AAA',
            '0065g0000000001AAa',
            '0065g0000000001aaa',
            '0065g0000000001',
            '0065g0000000001AA',
            '0065g0000000001AAAA',
            '0065g0000000001A-A',
            '0065g000000000\u00e9AAA',
            '0065g0000000001\u{1F600}A',
            '0065g0000000001 AA',
            'zzzzzzzzzzzzzzzzzz',
            '000000000000000',
            '000000000000000000',
            '',
            'not an id'
        );
        const index = new IdIndex();
        const map = new Map<string, number>();
        keys.forEach((key, i) => {
            index.set(key, i);
            map.set(key, i);
        });
        // Half overwritten with other values.
        keys.forEach((key, i) => {
            if (i % 2 === 0) {
                index.set(key, i + 1_000_000);
                map.set(key, i + 1_000_000);
            }
        });
        expect(index.size).toBe(map.size);
        for (const key of keys) expect(index.get(key)).toBe(map.get(key));
        for (const absent of [
            '0065g0000000002AAA',
            '0065g0000000002',
            '0065g0000000001AAB',
            'also not an id'
        ]) {
            expect(map.has(absent)).toBe(false);
            expect(index.has(absent)).toBe(false);
            expect(index.get(absent)).toBeUndefined();
        }
        index.clear();
        expect(index.size).toBe(0);
        expect(index.get(keys[0])).toBeUndefined();
        expect(index.get('not an id')).toBeUndefined();
        index.set(keys[1], 5);
        expect(index.get(keys[1])).toBe(5);
        expect(index.size).toBe(1);
    });

    it('made for a known count, holds that many and more, as a Map does', () => {
        const random = stream(11);
        const keys = Array.from({ length: 3000 }, () => `0015g0${base62Text(random, 12)}`);
        const index = new IdIndex(1000);
        const map = new Map<string, number>();
        keys.forEach((key, i) => {
            index.set(key, i);
            map.set(key, i);
        });
        expect(index.size).toBe(map.size);
        for (const key of keys) expect(index.get(key)).toBe(map.get(key));
        expect(new IdIndex(5).get(keys[0])).toBeUndefined();
    });

    it('refuses a value it cannot hold rather than giving back another', () => {
        const index = new IdIndex();
        for (const value of [-1, 1.5, 2 ** 31, NaN])
            expect(() => index.set('0065g0000000001AAA', value)).toThrow(/int32/);
        expect(index.size).toBe(0);
    });
});

describe('FieldHistoryTable', () => {
    it('gives back every row as it went in, past its first growth, values kept apart as Object.is tells them', () => {
        const values: FieldValue[] = [null, 0, -0, 1.5, NaN, true, false, '', 'a', '0', LONG, LONG + 'y'];
        const rows: FieldHistoryRow[] = [];
        for (let i = 0; i < 3000; i++) {
            const at = Date.UTC(2026, 0, 1) + i * 3_600_123;
            rows.push(
                fieldRow(
                    `006${i % 37}`,
                    `F${i % 5}__c`,
                    new Date(at).toISOString(),
                    values[i % values.length],
                    values[(i * 7 + 3) % values.length]
                )
            );
        }
        const table = FieldHistoryTable.fromRows(rows);
        expect(table.length).toBe(rows.length);
        const back = table.toRows();
        expect(back).toEqual(rows);
        for (let i = 0; i < rows.length; i++) {
            expect(Object.is(back[i].oldValue, rows[i].oldValue)).toBe(true);
            expect(Object.is(back[i].newValue, rows[i].newValue)).toBe(true);
        }
        // Each deal id, field name and short value is held once.
        expect(table.dealIds).toHaveLength(37);
        expect(table.fields).toHaveLength(5);
        expect(table.values.filter((v) => Object.is(v, -0))).toHaveLength(1);
        expect(table.values.filter((v) => v === 0 && !Object.is(v, -0))).toHaveLength(1);
        expect(table.values.filter((v) => v === 'a')).toHaveLength(1);
    });

    it('is the same table after a trip to another thread (toTransfer, a structured clone, fromTransfer)', () => {
        const values: FieldValue[] = [null, 0, -0, 1.5, NaN, true, '', 'a', LONG];
        const rows: FieldHistoryRow[] = [];
        for (let i = 0; i < 1500; i++) {
            const at = Date.UTC(2026, 0, 1) + i * 3_600_123;
            const createdDate = i === 7 ? 'yesterday' : new Date(at).toISOString();
            rows.push(
                fieldRow(`006${i % 11}`, `F${i % 3}__c`, createdDate, values[i % 9], values[(i * 5 + 1) % 9])
            );
        }
        const table = FieldHistoryTable.fromRows(rows);
        const { parts, transfer } = table.toTransfer();
        // Only the rows cross over, not the room the columns doubled into (2,048 rows).
        expect([parts.deal, parts.instant, parts.field, parts.old, parts.new].map((c) => c.length)).toEqual(
            Array(5).fill(rows.length)
        );
        const { port1, port2 } = new MessageChannel();
        port1.postMessage(parts, transfer);
        const copy = FieldHistoryTable.fromTransfer(
            receiveMessageOnPort(port2)!.message as FieldHistoryParts
        );
        port1.close();
        // The buffers moved: the posting thread's table holds none of them any more.
        expect(transfer.every((buffer) => buffer.byteLength === 0)).toBe(true);
        expect(copy.length).toBe(rows.length);
        const back = copy.toRows();
        expect(back).toEqual(rows);
        for (let i = 0; i < rows.length; i++)
            expect(Object.is(back[i].newValue, rows[i].newValue)).toBe(true);
        expect([copy.dealIds, copy.fields, copy.values]).toEqual([table.dealIds, table.fields, table.values]);
        // It goes on growing and sharing codes as a table built here does.
        copy.append('006X', 'F0__c', -0, 'a', 0);
        expect(copy.row(rows.length)).toEqual(fieldRow('006X', 'F0__c', new Date(0).toISOString(), -0, 'a'));
        expect(Object.is(copy.row(rows.length).oldValue, -0)).toBe(true);
    });

    it('takes the equal strings shareDealIds gives for its deal ids, and refuses any other', () => {
        const table = FieldHistoryTable.fromRows([
            fieldRow('006A', 'F__c', '2026-01-01T00:00:00.000Z', 1, 2)
        ]);
        expect(() => table.shareDealIds(['006B'])).toThrow('deal id 006B is not 006A');
        expect(() => table.shareDealIds([])).toThrow('0 deal ids for 1 deals');
        table.shareDealIds(['006A']);
        expect(table.row(0).opportunityId).toBe('006A');
    });

    it('keeps an instant that does not parse as written, and building the path names its deal', () => {
        const rows = [fieldRow('006BAD', 'Org_Size__c', 'yesterday', null, 5)];
        const table = FieldHistoryTable.fromRows(rows);
        expect(table.row(0).createdDate).toBe('yesterday');
        expect(() => buildDealPaths(sampleProcess(), [opportunity({ id: '006BAD' })], [], table)).toThrow(
            'Opportunity 006BAD: "yesterday" is not a date'
        );
    });
});

describe('StageHistoryTable', () => {
    it('keeps every row when compacted to its rows, and grows again for rows added after', () => {
        const rows = Array.from({ length: 1500 }, (_, i) =>
            stageRow(
                `006D${i % 7}`,
                i % 2 ? 'Discovery' : 'Proposal',
                new Date(Date.UTC(2026, 0, 1) + i * 61_000).toISOString(),
                {
                    amount: i % 5 === 0 ? null : i * 10.5,
                    probability: i % 3 === 0 ? null : (i % 100) / 100
                }
            )
        );
        const table = new StageHistoryTable();
        const add = (row: (typeof rows)[number]) =>
            table.append(
                row.opportunityId,
                row.stageName,
                row.createdDate,
                Date.parse(row.createdDate),
                row.amount,
                row.closeDate,
                row.probability,
                row.forecastCategory,
                true
            );
        rows.forEach(add);
        table.compact();
        expect(table.toRows()).toEqual(rows);
        const later = stageRow('006E', 'Closed Won', '2027-01-01T00:00:00.000Z', { amount: 7 });
        add(later);
        table.compact();
        add(later);
        // A deal met before the table was compacted: its rows still read back under its id.
        const again = stageRow('006D3', 'Closed Lost', '2027-01-02T00:00:00.000Z', { amount: 8 });
        add(again);
        expect(table.toRows()).toEqual([...rows, later, later, again]);
        // The paths group every row of a deal under that deal, whichever code its rows were given.
        const deals = ['006D3', '006E'].map((id) =>
            opportunity({ id, stageName: 'Closed Lost', isClosed: true })
        );
        const paths = buildDealPaths(sampleProcess(), deals, table, new FieldHistoryTable());
        expect(paths.map((p) => stageHistoryOf(p).length)).toEqual([
            rows.filter((r) => r.opportunityId === '006D3').length + 1,
            2
        ]);
    });

    it('gives back every row as it went in: nulls, -0, and instants as written when toISOString would not give them back', () => {
        const rows = [
            stageRow('006A', 'Prospecting', '2026-01-05T10:00:00.000Z', { amount: null, probability: null }),
            stageRow('006A', 'Discovery', '2026-01-06T10:00:00Z', { amount: -0, closeDate: null }),
            stageRow('006B', 'Proposal', '2026-01-07', { forecastCategory: null, probability: 0 }),
            stageRow('006B', 'Closed Won', 'not a date', { amount: 0, closeDate: '2026-02-01' })
        ];
        // Instants over every year toISOString writes with four digits, at any millisecond (its last included).
        let seed = 12345;
        const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
        const last = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
        for (let i = 0; i < 5000; i++) {
            const at = i === 0 ? last : i === 1 ? 0 : Math.floor(next() * next() * last);
            rows.push(stageRow(`006C${i % 13}`, 'Discovery', new Date(at).toISOString()));
        }
        const table = StageHistoryTable.fromRows(rows);
        const back = table.toRows();
        expect(back).toEqual(rows);
        // Only what toISOString would not give back is kept as written: the rest is written from the number.
        expect(rows.map((_, i) => table.keptText(i) !== undefined)).toEqual(
            rows.map((_, i) => i >= 1 && i <= 3)
        );
        expect(Object.is(back[1].amount, -0)).toBe(true);
        expect(Object.is(back[3].amount, 0)).toBe(true);
    });

    it('is the same table after a trip to another thread (toTransfer, a structured clone, fromTransfer)', () => {
        const rows = [
            stageRow('006A', 'Prospecting', '2026-01-05T10:00:00.000Z', { amount: null, probability: null }),
            stageRow('006A', 'Discovery', '2026-01-06T10:00:00Z', { amount: -0, closeDate: null }),
            stageRow('006B', 'Proposal', '2026-01-07', { forecastCategory: null, probability: 0 })
        ];
        for (let i = 0; i < 1500; i++) {
            const at = Date.UTC(2026, 0, 1) + i * 3_600_123;
            rows.push(
                stageRow(`006C${i % 13}`, i % 2 ? 'Discovery' : 'Closed Won', new Date(at).toISOString(), {
                    amount: i % 5 === 0 ? null : i * 10.5,
                    closeDate: i % 7 === 0 ? null : `2026-0${1 + (i % 9)}-15`
                })
            );
        }
        const table = StageHistoryTable.fromRows(rows);
        const { parts, transfer } = table.toTransfer();
        // Only the rows cross over, not the room the columns doubled into (2,048 rows).
        const columns = [parts.deal, parts.instant, parts.stage, parts.closeDate, parts.category];
        expect([...columns, parts.amount, parts.probability, parts.nulls].map((c) => c.length)).toEqual(
            Array(8).fill(rows.length)
        );
        const { port1, port2 } = new MessageChannel();
        port1.postMessage(parts, transfer);
        const copy = StageHistoryTable.fromTransfer(
            receiveMessageOnPort(port2)!.message as StageHistoryParts
        );
        port1.close();
        // The buffers moved: the posting thread's table holds none of them any more.
        expect(transfer.every((buffer) => buffer.byteLength === 0)).toBe(true);
        const back = copy.toRows();
        expect(back).toEqual(rows);
        expect(Object.is(back[1].amount, -0)).toBe(true);
        expect(rows.map((_, i) => copy.keptText(i) !== undefined)).toEqual(
            rows.map((_, i) => i === 1 || i === 2)
        );
        expect([copy.dealIds, copy.stages, copy.closeDates, copy.categories]).toEqual([
            table.dealIds,
            table.stages,
            table.closeDates,
            table.categories
        ]);
        // It goes on growing and sharing codes as a table built here does.
        copy.append('006X', 'Discovery', '', 0, 5, '2026-01-15', 0.2, 'Pipeline', true);
        expect(copy.row(rows.length)).toEqual(
            stageRow('006X', 'Discovery', new Date(0).toISOString(), {
                amount: 5,
                closeDate: '2026-01-15',
                probability: 0.2,
                forecastCategory: 'Pipeline'
            })
        );
    });
});

/** Deals with field changes out of order, on tied instants, to unlisted fields and to deals not given. */
function history() {
    const deals = [];
    const stages = [];
    const fields: FieldHistoryRow[] = [];
    const names = ['Org_Size__c', 'Pain_Metric__c', 'Reception__c', 'Demo_Done__c', 'Unlisted__c'];
    for (let d = 0; d < 40; d++) {
        const id = `006D${d}`;
        deals.push(
            opportunity({
                id,
                stageName: d % 3 === 0 ? 'Closed Won' : 'Discovery',
                fields: {
                    Org_Size__c: d,
                    Pain_Metric__c: `pain ${d % 4}`,
                    Reception__c: null,
                    Demo_Done__c: true
                }
            })
        );
        stages.push(stageRow(id, 'Prospecting', '2026-01-05T10:00:00.000Z'));
        stages.push(stageRow(id, 'Discovery', `2026-02-0${1 + (d % 9)}T10:00:00.000Z`));
        for (let k = 0; k < d % 7; k++) {
            // Every third change shares the previous one's instant; the days run backwards for odd deals.
            const day = d % 2 === 0 ? 6 + k - (k % 3 === 2 ? 1 : 0) : 28 - k;
            const name = names[(d + k) % names.length];
            fields.push(
                fieldRow(
                    id,
                    name,
                    `2026-01-${String(day).padStart(2, '0')}T09:00:00.000Z`,
                    k === 0 ? null : k - 1,
                    k
                )
            );
        }
    }
    fields.push(fieldRow('006NONE', 'Org_Size__c', '2026-01-07T09:00:00.000Z', 1, 2));
    return { deals, stages, fields };
}

const INSTANTS = ['2026-01-01', '2026-01-06', '2026-01-08', '2026-01-20', '2026-01-27', '2026-03-01'];

describe('paths built from columns', () => {
    it('answer as paths holding the same rows do, and a copy with fieldHistoryOf answers the same', () => {
        const { deals, stages, fields } = history();
        const process = sampleProcess();
        const fromRows = buildDealPaths(process, deals, stages, fields);
        const fromTable = buildDealPaths(process, deals, stages, FieldHistoryTable.fromRows(fields));
        expect(fromTable).toEqual(fromRows);
        for (let i = 0; i < fromTable.length; i++) {
            const path = fromTable[i];
            expect(path.fieldHistory).toBeUndefined();
            expect(hasFieldHistory(path)).toBe(true);
            // The same deal's rows, by hand, on a fresh object: the old way of holding them.
            const own = fields
                .filter((row) => row.opportunityId === path.deal.id)
                .sort((a, b) => Date.parse(a.createdDate) - Date.parse(b.createdDate));
            const byHand: DealPath = { ...path, fieldHistory: own };
            const copy: DealPath = JSON.parse(
                JSON.stringify({ ...path, fieldHistory: fieldHistoryOf(path) })
            ) as DealPath;
            for (const at of INSTANTS) {
                expect(valuesAsOf(path, at)).toEqual(valuesAsOf(byHand, at));
                expect(valuesAsOf(copy, at)).toEqual(valuesAsOf(byHand, at));
            }
        }
    });

    it('read their stage rows by position as a path holding the rows does, in the pipeline of any day', () => {
        const { deals, stages, fields } = history();
        const process = sampleProcess();
        const paths = buildDealPaths(process, deals, StageHistoryTable.fromRows(stages), fields);
        const byHand = paths.map((path) => ({
            ...path,
            stageHistory: stageHistoryOf(path),
            fieldHistory: fieldHistoryOf(path)
        }));
        for (const path of paths) expect(path.stageHistory).toBeUndefined();
        expect(byHand.map((path) => path.stageHistory.length)).toEqual(
            paths.map((p) => pathTimes(p).stageRowCount)
        );
        for (const day of ['2026-01-04', '2026-01-05', '2026-02-03', '2026-03-01'])
            expect(pipelineAsOf(paths, day)).toEqual(pipelineAsOf(byHand, day));
    });

    it('keep their field history when the path is changed and its index rebuilt, until given rows of their own', () => {
        const { deals, stages, fields } = history();
        const [path] = buildDealPaths(
            sampleProcess(),
            [deals[6]],
            stages,
            FieldHistoryTable.fromRows(fields)
        );
        const before = INSTANTS.map((at) => valuesAsOf(path, at));
        expect(before[0]).not.toEqual(before[before.length - 1]);
        path.visits = path.visits.map((visit) => ({ ...visit }));
        expect(hasFieldHistory(path)).toBe(true);
        expect(INSTANTS.map((at) => valuesAsOf(path, at))).toEqual(before);
        path.fieldHistory = [];
        expect(valuesAtInstant(path, Date.parse('2026-01-01'))).toEqual(deals[6].fields);
    });

    it('has no field history once copied without its rows', () => {
        const { deals, stages, fields } = history();
        const [path] = buildDealPaths(
            sampleProcess(),
            [deals[1]],
            stages,
            FieldHistoryTable.fromRows(fields)
        );
        expect(hasFieldHistory({ ...path })).toBe(false);
        expect(fieldHistoryOf({ ...path })).toBeUndefined();
    });
});
