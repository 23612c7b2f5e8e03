/**
 * Runs bench/anchor/anchor.sql on one Data Export folder with DuckDB (@duckdb/node-api), end to end: CSV
 * parsing included, every statement executed, results counted (and written as CSVs with `outDir`).
 *
 * The parameters come from the process metadata (loadProcessFromSource: the same custom metadata Stageplay
 * reads), each rule parsed by Stageplay's own parser, so the anchor follows the process when it changes.
 * The as-of dates are the ones `reconcile` backtests by default: 6 past quarters x 2, 4 and 8 weeks before
 * each quarter's end.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { loadProcessFromSource } from '../../src/metadata/loadProcess';
import { addDays, parseRule, periodOf } from '../../src/core';
import type { ProcessDefinition, Rule } from '../../src/core';

export const ANCHOR_SQL = path.join(__dirname, 'anchor.sql');
export const RESULT_TABLES = [
    'a_stage_win',
    'b_param_evidence',
    'c_forecast',
    'c_booked',
    'd_pipeline_by_stage',
    'd_backtest'
] as const;
export const WEEKS_OUT = [2, 4, 8] as const;
export const PAST_QUARTERS = 6;

export interface AnchorOptions {
    /** DuckDB worker threads (1 is the like-for-like comparison with single-threaded code). */
    threads: number;
    /** `YYYY-MM-DD`; the backtest's quarters are the ones completed before this date's quarter. */
    asOf: string;
    /** Where to write each result table as CSV (for checking the anchor, not for timing). */
    outDir?: string;
}

export interface AnchorResult {
    threads: number;
    asOfDates: number;
    /** Wall time inside this process from connecting to the last statement, in ms. */
    queryMs: number;
    /** Rows per input table and per result table. */
    rows: Record<string, number>;
    /** The slowest statements, to see where DuckDB spends its time. */
    slowest: Array<{ ms: number; statement: string }>;
}

export interface AsOfDate {
    asOf: string;
    periodStart: string;
    periodEnd: string;
    weeksOut: number;
}

/** 6 completed quarters before `asOf`'s quarter, each at 2, 4 and 8 weeks before its end (oldest first). */
export function anchorAsOfDates(asOf: string): AsOfDate[] {
    const spec = { unit: 'quarter' as const, fiscalYearStartMonth: 1 };
    const quarters = [];
    let period = periodOf(asOf, spec);
    for (let i = 0; i < PAST_QUARTERS; i++) {
        period = periodOf(addDays(period.start, -1), spec);
        quarters.unshift(period);
    }
    return quarters.flatMap((q) =>
        WEEKS_OUT.map((weeks) => ({
            asOf: addDays(q.end, -7 * weeks),
            periodStart: q.start,
            periodEnd: q.end,
            weeksOut: weeks
        }))
    );
}

const NUMERIC_TYPES = new Set(['number', 'currency', 'percent']);

export interface AnchorParam {
    param: string;
    field: string;
    pstage: string;
    mode: 'numeric' | 'picklist' | 'rule';
    kind: Rule['kind'];
    op: string | null;
    numValue: number | null;
    boolValue: boolean | null;
    textValue: string | null;
    low: number | null;
    high: number | null;
    items: string[];
    negate: boolean;
}

/** One row per parameter of the process, bucketed as Stageplay buckets it (see anchor.sql, params). */
export function anchorParams(process: ProcessDefinition): AnchorParam[] {
    return process.parameters.map((p) => {
        const type = process.fields[p.field]?.type;
        const rule = parseRule(p.rule, p.name);
        const compare = rule.kind === 'compare' ? rule : null;
        return {
            param: p.name,
            field: p.field,
            pstage: p.stage,
            mode: type && NUMERIC_TYPES.has(type) ? 'numeric' : type === 'picklist' ? 'picklist' : 'rule',
            kind: rule.kind,
            op: compare ? compare.op : null,
            numValue: compare && typeof compare.value === 'number' ? compare.value : null,
            boolValue: compare && typeof compare.value === 'boolean' ? compare.value : null,
            textValue:
                compare && typeof compare.value === 'string' ? compare.value.trim().toLowerCase() : null,
            low: rule.kind === 'between' ? rule.low : null,
            high: rule.kind === 'between' ? rule.high : null,
            items: rule.kind === 'in' ? rule.values.map((v) => v.trim().toLowerCase()) : [],
            negate: rule.kind === 'in' ? rule.negate : false
        };
    });
}

function sqlText(value: string | null): string {
    return value === null ? 'NULL' : `'${value.replace(/'/g, "''")}'`;
}

function sqlNumber(value: number | null): string {
    return value === null ? 'NULL' : String(value);
}

function sqlBool(value: boolean | null): string {
    return value === null ? 'NULL' : String(value);
}

/** The statements of anchor.sql, comment lines dropped, split at a semicolon ending a line. */
export function anchorStatements(dataDir: string): string[] {
    const sql = fs
        .readFileSync(ANCHOR_SQL, 'utf8')
        .split('\n')
        .filter((line) => !line.trim().startsWith('--'))
        .join('\n')
        .replaceAll('${DIR}', path.resolve(dataDir).replace(/'/g, "''"));
    return sql
        .split(/;\s*\n/)
        .map((s) => s.trim().replace(/;$/, ''))
        .filter((s) => s !== '');
}

async function createInputs(
    connection: DuckDBConnection,
    params: AnchorParam[],
    dates: AsOfDate[]
): Promise<void> {
    await connection.run(
        'CREATE TEMP TABLE params(param VARCHAR, field VARCHAR, pstage VARCHAR, mode VARCHAR, kind VARCHAR, ' +
            'op VARCHAR, num_value DOUBLE, bool_value BOOLEAN, text_value VARCHAR, low DOUBLE, high DOUBLE, ' +
            'items VARCHAR[], negate BOOLEAN)'
    );
    const rows = params.map(
        (p) =>
            `(${[
                sqlText(p.param),
                sqlText(p.field),
                sqlText(p.pstage),
                sqlText(p.mode),
                sqlText(p.kind),
                sqlText(p.op),
                sqlNumber(p.numValue),
                sqlBool(p.boolValue),
                sqlText(p.textValue),
                sqlNumber(p.low),
                sqlNumber(p.high),
                `[${p.items.map(sqlText).join(', ')}]::VARCHAR[]`,
                sqlBool(p.negate)
            ].join(', ')})`
    );
    if (rows.length > 0) await connection.run(`INSERT INTO params VALUES ${rows.join(', ')}`);
    await connection.run(
        'CREATE TEMP TABLE asof_dates(as_of DATE, period_start DATE, period_end DATE, weeks_out INTEGER)'
    );
    await connection.run(
        `INSERT INTO asof_dates VALUES ${dates
            .map((d) => `(DATE '${d.asOf}', DATE '${d.periodStart}', DATE '${d.periodEnd}', ${d.weeksOut})`)
            .join(', ')}`
    );
}

async function countRows(connection: DuckDBConnection, table: string): Promise<number> {
    const reader = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${table}`);
    return Number(reader.getRows()[0][0]);
}

/** Runs the anchor once in this process; the caller times the process (wall, peak RSS) around it. */
export async function runAnchor(dataDir: string, options: AnchorOptions): Promise<AnchorResult> {
    const process_ = await loadProcessFromSource();
    const dates = anchorAsOfDates(options.asOf);
    const statements = anchorStatements(dataDir);
    const started = performance.now();
    const instance = await DuckDBInstance.create(':memory:', { threads: String(options.threads) });
    const connection = await instance.connect();
    try {
        await createInputs(connection, anchorParams(process_), dates);
        const timings: Array<{ ms: number; statement: string }> = [];
        for (const statement of statements) {
            const t = performance.now();
            await connection.run(statement);
            timings.push({ ms: performance.now() - t, statement: statement.split('\n')[0].slice(0, 80) });
        }
        const queryMs = performance.now() - started;
        const rows: Record<string, number> = {};
        for (const table of ['opp', 'hist', 'fhist', 'acct', 'usr', 'stage', 'obs', ...RESULT_TABLES]) {
            rows[table] = await countRows(connection, table);
        }
        if (options.outDir) {
            fs.mkdirSync(options.outDir, { recursive: true });
            for (const table of RESULT_TABLES) {
                const file = path.join(path.resolve(options.outDir), `${table}.csv`).replace(/'/g, "''");
                await connection.run(`COPY (SELECT * FROM ${table}) TO '${file}' (HEADER)`);
            }
        }
        return {
            threads: options.threads,
            asOfDates: dates.length,
            queryMs,
            rows,
            slowest: timings.sort((a, b) => b.ms - a.ms).slice(0, 5)
        };
    } finally {
        connection.closeSync();
        instance.closeSync();
    }
}
