/**
 * A fit worker holds no paths: the closed rows' columns cross the thread (`ClosedRows.ship`, a structured
 * clone: `v8.serialize` is the algorithm `postMessage` uses) and `shippedRows` fits each task's positions.
 * Every fit must equal the main thread's fit of the same positions bit for bit (`toEqual` compares numbers
 * with `Object.is`: -0 is not 0), including the answers a clone must carry exactly (-0, NaN, booleans,
 * null, spellings of one picklist value), a slot past 65,536 distinct answers, and deals without a close
 * instant, whose close day comes from their close date.
 */
import v8 from 'node:v8';
import { MessageChannel, receiveMessageOnPort } from 'node:worker_threads';
import type {
    Benchmarks,
    DealPath,
    FieldHistoryRow,
    FieldValue,
    OpportunityRecord,
    ProcessDefinition,
    StageDefinition,
    StageHistoryRow
} from '../../core';
import { buildDealPaths, closedRows, shippedRows } from '../../core';
import { fitRequest, positionsOfRequests, type FitTask } from '../fitTasks';

function stage(
    name: string,
    sortOrder: number,
    probability: number,
    outcome?: 'won' | 'lost'
): StageDefinition {
    return {
        name,
        label: name,
        probability,
        forecastCategory: outcome === 'won' ? 'Closed' : outcome === 'lost' ? 'Omitted' : 'Pipeline',
        isClosed: outcome !== undefined,
        isWon: outcome === 'won',
        isActive: true,
        sortOrder
    };
}

/** Two open stages; a number, a checkbox and a picklist asked in the first, the picklist again in the second. */
function salesProcess(): ProcessDefinition {
    const parameter = (name: string, stageName: string, field: string, rule: string, order: number) => ({
        name,
        label: name,
        play: `${stageName}_Play`,
        stage: stageName,
        field,
        question: name,
        rule,
        weight: 1,
        requiredToAdvance: false,
        order
    });
    return {
        stages: [
            stage('Qualify', 1, 0.2),
            stage('Propose', 2, 0.5),
            stage('Won', 3, 1, 'won'),
            stage('Lost', 4, 0, 'lost')
        ],
        plays: ['Qualify', 'Propose'].map((name) => ({
            name: `${name}_Play`,
            label: name,
            stage: name,
            order: 1,
            goal: name,
            guidance: ''
        })),
        parameters: [
            parameter('Size', 'Qualify', 'Size__c', '>= 100', 1),
            parameter('Budget', 'Qualify', 'Budget__c', '= true', 2),
            parameter('Tier', 'Propose', 'Tier__c', 'in (Gold)', 1)
        ],
        fields: {
            Size__c: { apiName: 'Size__c', label: 'Size', type: 'number' },
            Budget__c: { apiName: 'Budget__c', label: 'Budget', type: 'boolean' },
            Tier__c: {
                apiName: 'Tier__c',
                label: 'Tier',
                type: 'picklist',
                picklistValues: ['Gold', 'Silver']
            }
        }
    };
}

const day = (n: number): string => new Date(Date.UTC(2026, 0, n)).toISOString().slice(0, 10);

/**
 * `count` deals created 2026-01-01 and closing in January and February (every ninth still open), won
 * mostly with a large size, Size (`size(i)`) typed on a day that falls before or after a stay's
 * midpoint, or (`typed` false) without field history: every deal is then read with its own answer.
 */
function history(count: number, size: (i: number) => FieldValue, typed = true): DealPath[] {
    const deals: OpportunityRecord[] = [];
    const stageRows: StageHistoryRow[] = [];
    const fieldRows: FieldHistoryRow[] = [];
    const tiers: FieldValue[] = ['Gold', 'gold', ' Silver', 'Bronze', null, 'GOLD', NaN, -0, true];
    for (let i = 0; i < count; i++) {
        const id = `C${String(i).padStart(6, '0')}`;
        const won = (i * 37) % 200 > 60 !== (i % 7 === 0);
        const steps = [
            { stage: 'Qualify', on: 1 },
            { stage: 'Propose', on: 2 + (i % 13) },
            { stage: won ? 'Won' : 'Lost', on: 3 + (i % 13) + ((i * 5) % 15) }
        ].slice(0, i % 9 === 4 ? 2 : 3);
        const last = steps[steps.length - 1];
        const closed = steps.length === 3;
        const closeDate = day(last.on);
        for (const step of steps) {
            stageRows.push({
                opportunityId: id,
                stageName: step.stage,
                createdDate: `${day(step.on)}T00:00:00.000Z`,
                amount: 1000,
                closeDate,
                probability: 0.5,
                forecastCategory: 'Pipeline'
            });
        }
        deals.push({
            id,
            name: id,
            accountId: null,
            ownerId: '005A',
            ownerName: null,
            amount: 1000,
            closeDate,
            stageName: last.stage,
            probability: 0.5,
            forecastCategory: 'Pipeline',
            isClosed: closed,
            isWon: closed && won,
            createdDate: '2026-01-01T00:00:00.000Z',
            lastModifiedDate: null,
            fields: {
                Size__c: size(i),
                Budget__c: [true, false, null][i % 3],
                Tier__c: tiers[i % tiers.length]
            }
        });
        if (typed) {
            const typedOn = `${day(1 + (i % 11))}T12:00:00.000Z`;
            fieldRows.push({
                opportunityId: id,
                field: 'Size__c',
                createdDate: typedOn,
                oldValue: null,
                newValue: size(i)
            });
        }
    }
    return buildDealPaths(salesProcess(), deals, stageRows, fieldRows);
}

const clone = <T>(value: T): T => v8.deserialize(v8.serialize(value)) as T;
/** A fit's answers without its `fittedAt` (the calibration's fit stamps the current time). */
const answers = (b: Benchmarks): Benchmarks => ({ ...b, fittedAt: '' });

/** What a worker computes for each task, beside what the main thread computes. */
function bothWays(paths: DealPath[], tasks: FitTask[]): Array<[Benchmarks, Benchmarks]> {
    const rows = closedRows(salesProcess(), paths);
    const requests = tasks.map((task) => fitRequest(rows, task));
    const shipped = clone(rows.ship(positionsOfRequests(requests, rows.paths.length)));
    const worker = shippedRows(salesProcess(), shipped);
    return requests.map(({ positions, options }) => [
        answers(worker.fit(positions, options)),
        answers(rows.fit(positions, options))
    ]);
}

const TASKS: FitTask[] = [
    { kind: 'closedBefore', asOf: '2026-03-01' },
    ...['2026-02-10', '2026-02-01', '2026-01-25', '2026-01-12', '2026-01-06'].map((asOf): FitTask => ({
        kind: 'closedBefore',
        asOf
    })),
    { kind: 'holdoutTrain', asOf: '2026-03-01' }
];

describe('shippedRows: fits over closed rows shipped to another thread', () => {
    it('fits every task as the main thread does, answers a clone must carry exactly included', () => {
        const sizes: FieldValue[] = [-0, 0, NaN, 150, '120', 'n/a', true, null, 40, -0, 250, 0];
        const fits = bothWays(
            history(720, (i) => sizes[i % sizes.length]),
            TASKS
        );
        for (const [shipped, inline] of fits) expect(shipped).toEqual(inline);
        // The cases the clone carries: bins cut at -0, and fits with and without the strength check.
        const edges = fits.flatMap(([b]) => b.parameters.flatMap((p) => p.binEdges ?? []));
        expect(edges.some((edge) => Object.is(edge, -0))).toBe(true);
        const verdicts = fits.map(([b]) => b.parameterCheck?.verdict);
        expect(verdicts).toContain('notEnoughHistory');
        expect(verdicts.some((v) => v !== 'notEnoughHistory')).toBe(true);
    });

    it('fits a slot of more than 65,536 distinct answers (codes wider than 16 bits)', () => {
        const rows = closedRows(
            salesProcess(),
            history(76_000, (i) => i + 0.5, false)
        );
        const all = Int32Array.from(rows.paths, (_path, i) => i);
        // Widened past 16 bits, a column stays in shared memory (the fit threads read it, not a copy).
        expect(rows.ship(all).answers.every((codes) => codes.buffer instanceof SharedArrayBuffer)).toBe(true);
        const shipped = clone(rows.ship(all));
        expect(all.length).toBeGreaterThan(65_536);
        expect(shipped.answers.some((codes) => codes.BYTES_PER_ELEMENT === 4)).toBe(true);
        // Without the strength check, whose bootstrap would only slow this test down.
        const options = { fittedAt: 'x', fitDamping: false };
        expect(shippedRows(salesProcess(), shipped).fit(all, options)).toEqual(rows.fit(all, options));
    });

    it('ships views of its own columns in shared memory, which a message shares rather than copies', () => {
        const rows = closedRows(
            salesProcess(),
            history(360, (i) => i % 7)
        );
        const all = Int32Array.from(rows.paths, (_path, i) => i);
        const shipped = rows.ship(all);
        const columns = [shipped.won, ...shipped.visits, shipped.dayStarts, shipped.days, ...shipped.answers];
        expect(columns.every((column) => column.buffer instanceof SharedArrayBuffer)).toBe(true);
        const { port1, port2 } = new MessageChannel();
        port1.postMessage(shipped);
        const received = receiveMessageOnPort(port2)!.message as typeof shipped;
        port1.close();
        const options = { fittedAt: 'x' };
        expect(shippedRows(salesProcess(), received).fit(all, options)).toEqual(rows.fit(all, options));
        // The same memory on both sides (written here only to show it: rows never change once read).
        received.days[0] += 1;
        expect(shipped.days[0]).toBe(received.days[0]);
    });

    it('takes a deal without a close instant at its close date, as the main thread does', () => {
        const paths = history(360, (i) => (i * 37) % 200);
        // Close dates in March, after every stage change: the check's cut-off must come from them.
        paths.forEach((path, i) => {
            if (path.outcome === 'open') return;
            path.closedAt = null;
            path.deal.closeDate = day(60 + (i % 28));
        });
        const rows = closedRows(salesProcess(), paths);
        const all = Int32Array.from(rows.paths, (_path, i) => i);
        const worker = shippedRows(salesProcess(), clone(rows.ship(all)));
        const fitted = worker.fit(all, { fittedAt: 'x' });
        expect(fitted).toEqual(rows.fit(all, { fittedAt: 'x' }));
        expect(fitted.parameterCheck?.fittedOnClosedBefore).toMatch(/^2026-03-/);
    });

    it('refuses positions not shipped or out of order, and rows read for another process', () => {
        const rows = closedRows(
            salesProcess(),
            history(90, (i) => i)
        );
        const shipped = rows.ship([1, 2, 3, 5]);
        const worker = shippedRows(salesProcess(), shipped);
        expect(worker.fit([1, 2, 3, 5], { fittedAt: 'x' })).toEqual(
            rows.fit([1, 2, 3, 5], { fittedAt: 'x' })
        );
        for (const bad of [[1, 4], [2, 1], [1, 1], [-1], [rows.paths.length], [1.5]]) {
            expect(() => worker.fit(bad)).toThrow(RangeError);
        }
        const other = salesProcess();
        other.parameters = other.parameters.filter((parameter) => parameter.name !== 'Tier');
        expect(() => shippedRows(other, shipped)).toThrow(/another process/);
    });
});
