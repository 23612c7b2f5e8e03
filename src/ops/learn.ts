/**
 * Learning benchmarks and turning them into `Stageplay_Benchmark__c` rows (docs/DESIGN.md, "Org
 * schema"). The row shape, the diff against what an org already holds, and which rows Stageplay may
 * delete are pure functions here; src/commands/learn.ts does the I/O.
 */
import type {
    Benchmarks,
    ClosedRows,
    DealPath,
    ParameterBenchmark,
    ProcessDefinition,
    StageBenchmark
} from '../core';
import { addDays, benchmarkKey, buildDealPaths, closedRows } from '../core';
import type { Dataset } from '../dataset';
import type { StageplayObject } from './orgWrite';

export const BENCHMARK_SOBJECT = 'Stageplay_Benchmark__c';
export const BENCHMARK_KEY_FIELD = 'Benchmark_Key__c';
/** Every key Stageplay writes is `<stage>|*` or `<stage>|<parameter DeveloperName>`: one bar, no blanks. */
const STAGEPLAY_BENCHMARK_KEY = /^[^|]+\|[^|]+$/;

export interface BenchmarkRow {
    Benchmark_Key__c: string;
    Kind__c: 'Stage' | 'Parameter';
    Stage__c: string;
    Parameter__c: string | null;
    Won__c: number;
    Lost__c: number;
    /** Percent field: 0..100 as Salesforce stores percentages. */
    Win_Rate__c: number | null;
    Evidence_Status__c: string;
    Damping__c: number;
    Fitted_At__c: string;
    Payload__c: string;
}

/** The fields a published row is compared on; Fitted_At__c is left out so a re-run with the same history changes nothing. */
const COMPARED_FIELDS: Array<keyof BenchmarkRow> = [
    'Kind__c',
    'Stage__c',
    'Parameter__c',
    'Won__c',
    'Lost__c',
    'Win_Rate__c',
    'Evidence_Status__c',
    'Damping__c',
    'Payload__c'
];

export function dealPathsOf(dataset: Dataset): DealPath[] {
    return buildDealPaths(dataset.process, dataset.opportunities, dataset.stageHistory, dataset.fieldHistory);
}

/** Only deals that had closed before `asOf` (a backtest must not learn from its own future). */
export function closedBefore(paths: DealPath[], asOf: string): DealPath[] {
    return paths.filter((p) => p.outcome !== 'open' && p.closedAt !== null && p.closedAt.slice(0, 10) < asOf);
}

const closedRowsOfPaths = new WeakMap<
    readonly DealPath[],
    { process: ProcessDefinition; count: number; rows: ClosedRows }
>();

/**
 * The closed deals of one run's paths, read once for all of its fits (`closedRows`): kept beside the
 * paths array (a run builds it once, `dealPathsOf`), so `reconcile`'s fit "now" and its time-split and
 * calibration fits (fitTasks.ts) share the rows. A snapshot of the paths for that run; made again for
 * another process object or when the array's length changes, not when a path inside it changes.
 */
export function closedRowsOf(salesProcess: ProcessDefinition, paths: readonly DealPath[]): ClosedRows {
    const cached = closedRowsOfPaths.get(paths);
    if (cached && cached.process === salesProcess && cached.count === paths.length) return cached.rows;
    const rows = closedRows(salesProcess, paths);
    closedRowsOfPaths.set(paths, { process: salesProcess, count: paths.length, rows });
    return rows;
}

/**
 * Fits on the closed history known at `asOf` (the deals `closedBefore` gives), caching per date because
 * backtests ask for the same dates repeatedly; the closed deals are those of `closedRowsOf`.
 */
export function benchmarkFitter(
    salesProcess: ProcessDefinition,
    paths: DealPath[]
): (asOf: string) => Benchmarks {
    const cache = new Map<string, Benchmarks>();
    return (asOf: string) => {
        let fitted = cache.get(asOf);
        if (!fitted) {
            const rows = closedRowsOf(salesProcess, paths);
            // fittedAt pinned to the cut-off so the same history always yields byte-identical output.
            fitted = rows.fit(rows.closedBefore(asOf), { fittedAt: `${asOf}T00:00:00.000Z` });
            cache.set(asOf, fitted);
        }
        return fitted;
    };
}

/** The record's Name (Text 80) as a person reads it in list views and reports: `Discovery · Organization_Size`. */
export function benchmarkRecordName(row: Pick<BenchmarkRow, 'Stage__c' | 'Parameter__c'>): string {
    const name = row.Parameter__c
        ? `${row.Stage__c} · ${row.Parameter__c}`
        : `${row.Stage__c} · stage win rate`;
    return name.length > 80 ? `${name.slice(0, 79)}…` : name;
}

export const BENCHMARK_OBJECT: StageplayObject<BenchmarkRow> = {
    sobject: BENCHMARK_SOBJECT,
    keyField: BENCHMARK_KEY_FIELD,
    nameOf: benchmarkRecordName
};

export function isStageplayBenchmarkKey(key: string | null | undefined): boolean {
    return typeof key === 'string' && STAGEPLAY_BENCHMARK_KEY.test(key);
}

/** Rounded so that floating-point noise between two fits of the same data never shows up as a change. */
function round(value: number, digits = 6): number {
    const f = 10 ** digits;
    return Math.round(value * f) / f;
}

export function benchmarkRows(benchmarks: Benchmarks): BenchmarkRow[] {
    // Rounded to the fields' scales (Damping__c 4, Win_Rate__c 2) so values read back from the org compare equal.
    const damping = round(benchmarks.damping, 4);
    const stageRows = benchmarks.stages.map((s: StageBenchmark): BenchmarkRow => ({
        Benchmark_Key__c: benchmarkKey(s.stage),
        Kind__c: 'Stage',
        Stage__c: s.stage,
        Parameter__c: null,
        Won__c: s.won,
        Lost__c: s.lost,
        Win_Rate__c: round(s.winRate * 100, 2),
        Evidence_Status__c: s.status,
        Damping__c: damping,
        Fitted_At__c: benchmarks.fittedAt,
        Payload__c: JSON.stringify(s)
    }));
    // Win_Rate__c is blank on parameter rows (the field's definition): their evidence is per answer, in the payload.
    const parameterRows = benchmarks.parameters.map((p: ParameterBenchmark): BenchmarkRow => ({
        Benchmark_Key__c: benchmarkKey(p.stage, p.parameter),
        Kind__c: 'Parameter',
        Stage__c: p.stage,
        Parameter__c: p.parameter,
        Won__c: p.won,
        Lost__c: p.lost,
        Win_Rate__c: null,
        Evidence_Status__c: p.status,
        Damping__c: damping,
        Fitted_At__c: benchmarks.fittedAt,
        Payload__c: JSON.stringify(p)
    }));
    return [...stageRows, ...parameterRows];
}

/** A row as read back from an org (any subset of the fields, plus Id). */
export type ExistingBenchmarkRow = Partial<Record<keyof BenchmarkRow, unknown>> & {
    Id: string;
    Benchmark_Key__c: string;
};

export interface BenchmarkDiff {
    created: BenchmarkRow[];
    changed: Array<{ row: BenchmarkRow; id: string; fields: string[] }>;
    unchanged: BenchmarkRow[];
    /** Stageplay-keyed rows the new fit no longer produces (a stage or parameter was removed). */
    obsolete: ExistingBenchmarkRow[];
    /** Rows whose key Stageplay did not write: reported, never touched. */
    foreign: ExistingBenchmarkRow[];
}

function sameValue(a: unknown, b: unknown): boolean {
    const blank = (v: unknown) => v === null || v === undefined || v === '';
    if (blank(a) && blank(b)) return true;
    if (typeof a === 'number' || typeof b === 'number') {
        const x = Number(a);
        const y = Number(b);
        return Number.isFinite(x) && Number.isFinite(y) && Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(x));
    }
    if (typeof a === 'string' && typeof b === 'string' && a.startsWith('{') && b.startsWith('{')) {
        // Payloads are compared as data: an org may hand JSON back with different spacing.
        try {
            return JSON.stringify(JSON.parse(a)) === JSON.stringify(JSON.parse(b));
        } catch {
            return a === b;
        }
    }
    return a === b;
}

export function diffBenchmarkRows(existing: ExistingBenchmarkRow[], desired: BenchmarkRow[]): BenchmarkDiff {
    const byKey = new Map(existing.map((row) => [row.Benchmark_Key__c, row]));
    const diff: BenchmarkDiff = { created: [], changed: [], unchanged: [], obsolete: [], foreign: [] };
    const wanted = new Set<string>();
    for (const row of desired) {
        wanted.add(row.Benchmark_Key__c);
        const current = byKey.get(row.Benchmark_Key__c);
        if (!current) {
            diff.created.push(row);
            continue;
        }
        const fields = COMPARED_FIELDS.filter((f) => !sameValue(current[f], row[f]));
        if (fields.length === 0) diff.unchanged.push(row);
        else diff.changed.push({ row, id: current.Id, fields });
    }
    for (const row of existing) {
        if (wanted.has(row.Benchmark_Key__c)) continue;
        if (isStageplayBenchmarkKey(row.Benchmark_Key__c)) diff.obsolete.push(row);
        else diff.foreign.push(row);
    }
    return diff;
}

export function summarizeDiff(diff: BenchmarkDiff): {
    new: number;
    changed: number;
    unchanged: number;
    obsolete: number;
} {
    return {
        new: diff.created.length,
        changed: diff.changed.length,
        unchanged: diff.unchanged.length,
        obsolete: diff.obsolete.length
    };
}

export const BENCHMARKS_JSON = 'benchmarks.json';

/** Benchmarks learned from every deal closed by the end of `asOf`. */
export function learnFrom(dataset: Dataset, asOf: string): Benchmarks {
    return benchmarkFitter(dataset.process, dealPathsOf(dataset))(addDays(asOf, 1));
}
