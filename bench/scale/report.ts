/**
 * The scale benchmark's results: bench/results.json (machine, per size and tool the medians and every run)
 * and the table it prints, as text for the terminal or Markdown for the README's "Scale" section.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import type { RunResult, RunStatus } from './measure';

export const TOOLS = ['learn', 'reconcile', 'duckdb-2t', 'duckdb-1t'] as const;
export type Tool = (typeof TOOLS)[number];

export interface Machine {
    cpuModel: string;
    cores: number;
    ramGiB: number;
    node: string;
    os: string;
    /** 1-minute load average when the size's runs started: other work on the machine skews the times. */
    loadAverageAtStart: number;
}

export interface ToolResult {
    /** Medians over the runs that finished (`ok`); null when none did. */
    median: { wallSeconds: number; cpuSeconds: number | null; peakRssMb: number | null } | null;
    /** How many runs ended in each status. */
    statuses: Partial<Record<RunStatus, number>>;
    runs: RunResult[];
}

export interface AnswersCheck {
    reference: string;
    match: boolean;
    files: Array<{ file: string; match: boolean; difference: string | null }>;
}

export interface AnchorCheckResult {
    stagesCompared: number;
    bucketsCompared: number;
    /** Buckets Stageplay lists with zero counts (declared, never answered): nothing to compare. */
    bucketsSkipped: number;
    /** Backtest points (as-of dates) whose stated, commit and booked amounts were compared with reconcile's. */
    backtestCompared?: number;
    mismatches: string[];
}

export interface SizeResult {
    opportunities: number;
    /** Data rows over the six CSVs, and per CSV. */
    totalRows: number;
    rows: Record<string, number>;
    measuredAt: string;
    commit: string;
    machine: Machine;
    settings: { runs: number; timeoutSeconds: number; asOf: string; nodeOptions: string | null };
    tools: Partial<Record<Tool, ToolResult>>;
    answers?: AnswersCheck;
    anchorCheck?: AnchorCheckResult;
}

export interface Results {
    description: string;
    peakRss: string;
    sizes: SizeResult[];
}

export const RESULTS_DESCRIPTION =
    'npm run bench:scale: stageplay learn and reconcile (built CLI, child processes, --as-of 2026-11-15) and ' +
    "the DuckDB anchor (bench/anchor/anchor.sql, 2 and 1 threads) on Stageplay's generated Data Exports; " +
    'wall seconds measured around each child process, medians of the runs that finished.';
export const PEAK_RSS_METHOD =
    "GNU time's %M (maximum resident set size of the child, from wait4 rusage), MiB";

export function describeMachine(): Machine {
    const cpus = os.cpus();
    return {
        cpuModel: cpus[0]?.model.trim() ?? 'unknown',
        cores: cpus.length,
        ramGiB: Math.round((os.totalmem() / 1024 ** 3) * 10) / 10,
        node: process.version,
        os: `${os.type()} ${os.release()} ${os.arch()}`,
        loadAverageAtStart: Math.round(os.loadavg()[0] * 100) / 100
    };
}

export function currentCommit(repoRoot: string): string {
    try {
        const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
            cwd: repoRoot,
            encoding: 'utf8'
        }).trim();
        const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
            cwd: repoRoot,
            encoding: 'utf8'
        }).trim();
        return dirty ? `${head} (with uncommitted changes)` : head;
    } catch {
        return 'unknown';
    }
}

export function median(values: number[]): number | null {
    if (values.length === 0) return null;
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function summarize(runs: RunResult[]): ToolResult {
    const statuses: Partial<Record<RunStatus, number>> = {};
    for (const run of runs) statuses[run.status] = (statuses[run.status] ?? 0) + 1;
    const ok = runs.filter((r) => r.status === 'ok');
    const wall = median(ok.map((r) => r.wallSeconds));
    const numbers = (pick: (r: RunResult) => number | null) =>
        ok.map(pick).filter((n): n is number => n !== null);
    return {
        median:
            wall === null
                ? null
                : {
                      wallSeconds: wall,
                      cpuSeconds: median(numbers((r) => r.cpuSeconds)),
                      peakRssMb: median(numbers((r) => r.peakRssMb))
                  },
        statuses,
        runs
    };
}

export function readResults(file: string): Results {
    if (fs.existsSync(file)) {
        const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Results;
        if (Array.isArray(parsed.sizes)) return parsed;
    }
    return { description: RESULTS_DESCRIPTION, peakRss: PEAK_RSS_METHOD, sizes: [] };
}

/** The sizes measured now replace the same sizes in the file; other sizes stay (each says when and where). */
export function mergeResults(previous: Results, measured: SizeResult[]): Results {
    const bySize = new Map(previous.sizes.map((s) => [s.opportunities, s]));
    for (const size of measured) bySize.set(size.opportunities, size);
    return {
        description: RESULTS_DESCRIPTION,
        peakRss: PEAK_RSS_METHOD,
        sizes: [...bySize.values()].sort((a, b) => a.opportunities - b.opportunities)
    };
}

// ---------------------------------------------------------------------------------------------------------
// The table
// ---------------------------------------------------------------------------------------------------------

export interface TableRow {
    opportunities: string;
    rows: string;
    tool: string;
    wall: string;
    cpu: string;
    rowsPerSecond: string;
    peakRss: string;
    ratio2t: string;
    ratio1t: string;
}

const HEADERS: TableRow = {
    opportunities: 'opportunities',
    rows: 'rows',
    tool: 'tool',
    wall: 'wall s',
    cpu: 'CPU s',
    rowsPerSecond: 'rows/s',
    peakRss: 'peak RSS',
    ratio2t: '× DuckDB 2t',
    ratio1t: '× DuckDB 1t'
};

function compact(n: number): string {
    if (n >= 1e6) return `${(n / 1e6).toFixed(n >= 1e7 ? 0 : 2)}M`;
    if (n >= 1e3) return `${(n / 1e3).toFixed(n >= 1e5 ? 0 : 1)}k`;
    return String(Math.round(n));
}

function memory(mb: number | null): string {
    if (mb === null) return '—';
    return mb >= 1024 ? `${(mb / 1024).toFixed(2)} GB` : `${Math.round(mb)} MB`;
}

function statusText(result: ToolResult): string {
    const labels: Record<RunStatus, string> = {
        ok: 'ok',
        timeout: 'timed out',
        'out-of-memory': 'out of memory',
        killed: 'killed (OOM?)',
        failed: 'failed'
    };
    return Object.entries(result.statuses)
        .filter(([status]) => status !== 'ok')
        .map(([status, n]) => `${labels[status as RunStatus]} ${n}/${result.runs.length}`)
        .join(', ');
}

function ratio(value: number | null, anchor: number | null | undefined): string {
    if (value === null || anchor === null || anchor === undefined || anchor === 0) return '—';
    return `×${(value / anchor).toFixed(1)}`;
}

/** One row per tool, plus `learn + reconcile` (both Stageplay commands: what the anchor's SQL covers). */
export function tableRows(results: Results): TableRow[] {
    const out: TableRow[] = [];
    for (const size of results.sizes) {
        const wallOf = (tool: Tool) => size.tools[tool]?.median?.wallSeconds ?? null;
        const anchor2 = wallOf('duckdb-2t');
        const anchor1 = wallOf('duckdb-1t');
        const entries: Array<{
            tool: string;
            wall: number | null;
            cpu: number | null;
            rss: number | null;
            rssBeforeStop?: number | null;
            note: string;
        }> = [];
        for (const tool of TOOLS) {
            const result = size.tools[tool];
            if (!result) continue;
            // No run finished: the highest peak any run reached before it stopped still says something.
            const reached = result.runs.map((r) => r.peakRssMb).filter((n): n is number => n !== null);
            entries.push({
                tool,
                wall: result.median?.wallSeconds ?? null,
                cpu: result.median?.cpuSeconds ?? null,
                rss: result.median ? result.median.peakRssMb : null,
                rssBeforeStop: !result.median && reached.length > 0 ? Math.max(...reached) : null,
                note: statusText(result)
            });
        }
        const learn = size.tools.learn;
        const reconcile = size.tools.reconcile;
        if (learn && reconcile) {
            const both =
                learn.median && reconcile.median
                    ? learn.median.wallSeconds + reconcile.median.wallSeconds
                    : null;
            const rss = [learn.median?.peakRssMb, reconcile.median?.peakRssMb].filter(
                (n): n is number => n !== null && n !== undefined
            );
            const cpuBoth =
                learn.median?.cpuSeconds != null && reconcile.median?.cpuSeconds != null
                    ? learn.median.cpuSeconds + reconcile.median.cpuSeconds
                    : null;
            entries.push({
                tool: 'learn + reconcile',
                wall: both,
                cpu: cpuBoth,
                rss: rss.length === 2 ? Math.max(...rss) : null,
                note: ''
            });
        }
        for (const entry of entries) {
            const wall =
                entry.wall === null
                    ? entry.note || '—'
                    : entry.wall.toFixed(1) + (entry.note ? ` (${entry.note})` : '');
            out.push({
                opportunities: compact(size.opportunities),
                rows: compact(size.totalRows),
                tool: entry.tool,
                wall,
                cpu: entry.cpu === null ? '—' : entry.cpu.toFixed(1),
                rowsPerSecond: entry.wall === null ? '—' : compact(size.totalRows / entry.wall),
                peakRss: entry.rssBeforeStop ? `≥ ${memory(entry.rssBeforeStop)}` : memory(entry.rss),
                ratio2t: entry.tool.startsWith('duckdb') ? '' : ratio(entry.wall, anchor2),
                ratio1t: entry.tool.startsWith('duckdb') ? '' : ratio(entry.wall, anchor1)
            });
        }
    }
    return out;
}

const COLUMNS = Object.keys(HEADERS) as Array<keyof TableRow>;
const RIGHT_ALIGNED = new Set<keyof TableRow>([
    'opportunities',
    'rows',
    'wall',
    'cpu',
    'rowsPerSecond',
    'peakRss',
    'ratio2t',
    'ratio1t'
]);

export function textTable(rows: TableRow[]): string {
    const all = [HEADERS, ...rows];
    const widths = COLUMNS.map((c) => Math.max(...all.map((r) => r[c].length)));
    const line = (r: TableRow) =>
        COLUMNS.map((c, i) =>
            RIGHT_ALIGNED.has(c) ? r[c].padStart(widths[i]) : r[c].padEnd(widths[i])
        ).join('  ');
    return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

function machineLine(size: SizeResult): string {
    const m = size.machine;
    return (
        `${m.cpuModel}, ${m.cores} cores, ${m.ramGiB} GiB RAM, Node ${m.node.replace(/^v/, '')}, ${m.os}; ` +
        `load average ${m.loadAverageAtStart} at start`
    );
}

export function markdownTable(results: Results): string {
    const rows = tableRows(results);
    const cell = (s: string) => s.replace(/\|/g, '\\|');
    const lines = [
        `| ${COLUMNS.map((c) => HEADERS[c]).join(' | ')} |`,
        `| ${COLUMNS.map((c) => (RIGHT_ALIGNED.has(c) ? '---:' : '---')).join(' | ')} |`,
        ...rows.map((r) => `| ${COLUMNS.map((c) => cell(r[c])).join(' | ')} |`)
    ];
    const notes = results.sizes.map((s) => {
        const answers = s.answers
            ? `; answers ${s.answers.match ? 'match' : 'DIFFER from'} the reference`
            : '';
        return (
            `- ${compact(s.opportunities)}: ${s.measuredAt.slice(0, 10)}, commit ${s.commit}, ` +
            `median of ${s.settings.runs} run${s.settings.runs === 1 ? '' : 's'}${answers}; ${machineLine(s)}`
        );
    });
    return [...lines, '', ...notes].join('\n');
}

export const README_START = '<!-- scale-table:start (npm run bench:scale -- --update-readme) -->';
export const README_END = '<!-- scale-table:end -->';

/** The README with the text between the scale-table markers replaced by the Markdown table. */
export function withScaleTable(readme: string, table: string): string {
    const start = readme.indexOf(README_START);
    const end = readme.indexOf(README_END);
    if (start < 0 || end < start) throw new Error(`README.md has no ${README_START} … ${README_END} markers`);
    return `${readme.slice(0, start + README_START.length)}\n\n${table}\n\n${readme.slice(end)}`;
}
