/**
 * `npm run bench:scale`: how Stageplay's `learn` and `reconcile` scale to 100k, 300k and 1M opportunities,
 * against the DuckDB anchor (bench/anchor/anchor.sql) on the same data in the same run. A benchmark, not a
 * test: it never fails on a number. It exits 1 only when the answers check says the outputs DIFFER from the
 * reference (speed must not change answers), 2 on a usage error.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import * as prettier from 'prettier';
import type { Benchmarks } from '../src/core';
import { checkAnchorAgainstBenchmarks, type ReconciledBacktest } from './anchor/check';
import { checkAnswers, makeReference, REFERENCE_DEALS, type Reference } from './scale/answers';
import { adoptDataset, cacheDir, ensureDataset, TODAY, type Dataset } from './scale/datasets';
import { ensureGnuTime, measure, warmPageCache, type RunResult } from './scale/measure';
import {
    currentCommit,
    describeMachine,
    markdownTable,
    mergeResults,
    readResults,
    summarize,
    tableRows,
    textTable,
    TOOLS,
    withScaleTable,
    type AnchorCheckResult,
    type AnswersCheck,
    type SizeResult,
    type Tool
} from './scale/report';

const REPO = path.resolve(__dirname, '..');
const REFERENCE_FILE = path.join(REPO, 'bench', `reference-${REFERENCE_DEALS / 1000}k.json`);
const AS_OF = TODAY;

const HELP = `Usage: npm run bench:scale -- [options]      (also the last part of npm run bench)

Times stageplay learn and reconcile (the built CLI as child processes, --data <export> --as-of ${AS_OF},
outputs to a temp folder) and the DuckDB anchor (bench/anchor/anchor.sql through @duckdb/node-api, 2 threads
and 1 thread) on the same datasets in the same run, interleaved run by run, each run after an untimed read of
the export's files (so every run starts with them in the page cache). Prints wall seconds, rows per
second (data rows of the six CSVs / wall), peak RSS and the ratio to DuckDB, and writes bench/results.json.
At 100k it also checks that learn's and reconcile's outputs equal the committed reference digest
(bench/reference-100k.json; the commit it was made from is in its madeFrom): MATCH or DIFFERS with the
first differing path; and that the anchor's stage and bucket counts equal learn's benchmarks and its 18
backtest points reconcile's.

Datasets come from Stageplay's generator (stageplay seed --deals N --seed 1 --today ${TODAY}), cached in
bench/.cache/ (or $STAGEPLAY_BENCH_CACHE) with a manifest of the generator inputs; a cached one is reused
when the inputs match. 1M takes a long time to generate: --adopt an existing folder instead when you have one.

Options:
  --sizes <list>         opportunities: 100k,300k,1m (default; plain numbers work too)   env BENCH_SIZES
  --runs <n>             repetitions per size and tool; medians are reported (default 3)  env BENCH_RUNS
  --tools <list>         any of learn,reconcile,duckdb-2t,duckdb-1t (default all)         env BENCH_TOOLS
  --timeout <seconds>    per run; a run past it is stopped and recorded as timed out (default 3600)
  --node-options <opts>  NODE_OPTIONS for the stageplay runs, e.g. "--max-old-space-size=8192" (default none:
                         the default heap is part of what is measured)
  --adopt <size>=<dir>   use a Data Export generated elsewhere with the same seed inputs (symlinked into the
                         cache, never written to); repeatable
  --results <file>       where results go (default bench/results.json); sizes measured now replace the same
                         sizes there, other sizes are kept
  --no-check             skip the answers check and the anchor check at 100k
  --write-reference      write bench/reference-100k.json from this run's 100k outputs (only when the current
                         implementation's answers are the reference)
  --markdown             print results.json as the README's Markdown table and exit
  --update-readme        put that table in README.md's "Scale" section and exit
  -h, --help             this text

Peak RSS is GNU time's %M (/usr/bin/time, Debian package "time", installed with apt-get when missing): the
child's maximum resident set size from the kernel, reported even when a run is killed. A run that times out or
runs out of memory is recorded as such, not a crash of the benchmark.

Examples:
  npm run bench:scale -- --sizes 100k --runs 1
  npm run bench:scale -- --sizes 1m --adopt 1m=/data/d1000000 --timeout 5400
  npm run bench:scale -- --update-readme
`;

interface Options {
    sizes: number[];
    runs: number;
    tools: Tool[];
    timeoutSeconds: number;
    nodeOptions: string | null;
    adopt: Array<{ deals: number; dir: string }>;
    results: string;
    check: boolean;
    writeReference: boolean;
    markdown: boolean;
    updateReadme: boolean;
}

class UsageError extends Error {}

function parseSize(text: string): number {
    const match = /^(\d+(?:\.\d+)?)([km]?)$/i.exec(text.trim());
    if (!match) throw new UsageError(`not a size: ${text} (e.g. 100k, 1m, 5000)`);
    const factor = { '': 1, k: 1e3, m: 1e6 }[match[2].toLowerCase() as '' | 'k' | 'm'];
    const n = Math.round(Number(match[1]) * factor);
    if (n < 1) throw new UsageError(`size must be at least 1: ${text}`);
    return n;
}

function parseArgs(argv: string[]): Options | 'help' {
    const options: Options = {
        sizes: (process.env.BENCH_SIZES ?? '100k,300k,1m').split(',').map(parseSize),
        runs: Number(process.env.BENCH_RUNS ?? 3),
        tools: (process.env.BENCH_TOOLS?.split(',') ?? [...TOOLS]) as Tool[],
        timeoutSeconds: Number(process.env.BENCH_TIMEOUT ?? 3600),
        nodeOptions: null,
        adopt: [],
        results: path.join(REPO, 'bench', 'results.json'),
        check: true,
        writeReference: false,
        markdown: false,
        updateReadme: false
    };
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        const value = () => {
            const v = argv[++i];
            if (v === undefined) throw new UsageError(`${arg} needs a value`);
            return v;
        };
        if (arg === '-h' || arg === '--help') return 'help';
        else if (arg === '--sizes') options.sizes = value().split(',').map(parseSize);
        else if (arg === '--runs') options.runs = Number(value());
        else if (arg === '--tools') options.tools = value().split(',') as Tool[];
        else if (arg === '--timeout') options.timeoutSeconds = Number(value());
        else if (arg === '--node-options') options.nodeOptions = value();
        else if (arg === '--results') options.results = path.resolve(value());
        else if (arg === '--no-check') options.check = false;
        else if (arg === '--write-reference') options.writeReference = true;
        else if (arg === '--markdown') options.markdown = true;
        else if (arg === '--update-readme') options.updateReadme = true;
        else if (arg === '--adopt') {
            const [size, dir] = value().split(/=(.*)/s);
            if (!dir) throw new UsageError('--adopt needs <size>=<dir>, e.g. 1m=/data/d1000000');
            options.adopt.push({ deals: parseSize(size), dir });
        } else throw new UsageError(`unknown option ${arg} (see --help)`);
    }
    if (!Number.isInteger(options.runs) || options.runs < 1)
        throw new UsageError('--runs needs a positive integer');
    if (!(options.timeoutSeconds > 0)) throw new UsageError('--timeout needs a positive number of seconds');
    const unknown = options.tools.filter((t) => !(TOOLS as readonly string[]).includes(t));
    if (unknown.length > 0)
        throw new UsageError(`unknown tool ${unknown.join(', ')} (tools: ${TOOLS.join(', ')})`);
    return options;
}

function log(line: string): void {
    process.stdout.write(`${line}\n`);
}

async function writeJson(file: string, value: unknown): Promise<void> {
    // Formatted as `npm run format:check` expects, so committing the file needs no extra step.
    const config = (await prettier.resolveConfig(file)) ?? {};
    fs.writeFileSync(file, await prettier.format(JSON.stringify(value), { ...config, filepath: file }));
}

function stageplayEnv(options: Options): NodeJS.ProcessEnv {
    const env = { ...process.env };
    delete env.NODE_OPTIONS;
    if (options.nodeOptions) env.NODE_OPTIONS = options.nodeOptions;
    return env;
}

function describeRun(run: RunResult): string {
    const rss = run.peakRssMb === null ? '?' : `${(run.peakRssMb / 1024).toFixed(2)} GB`;
    const cpu = run.cpuSeconds === null ? '' : `, ${run.cpuSeconds.toFixed(1)} s CPU`;
    return `${run.wallSeconds.toFixed(1)} s${cpu}, peak ${rss}, ${run.status}${run.note ? ` (${run.note})` : ''}`;
}

interface RunOutputs {
    learn?: string;
    reconcile?: string;
}

async function runTool(
    tool: Tool,
    dataset: Dataset,
    outDir: string,
    options: Options
): Promise<RunResult & { anchor?: unknown }> {
    const cli = path.join(REPO, 'bin', 'stageplay.js');
    if (tool === 'learn' || tool === 'reconcile') {
        const args = [cli, tool, '--data', dataset.dir, '--as-of', AS_OF, '--out', outDir];
        if (tool === 'reconcile') args.push('--no-snapshots');
        return measure(process.execPath, args, {
            cwd: REPO,
            timeoutSeconds: options.timeoutSeconds,
            env: stageplayEnv(options)
        });
    }
    const threads = tool === 'duckdb-2t' ? '2' : '1';
    const stdoutFile = path.join(outDir, 'anchor.json');
    fs.mkdirSync(outDir, { recursive: true });
    const run = await measure(
        process.execPath,
        [
            '--import',
            'tsx',
            path.join(REPO, 'bench', 'anchor', 'cli.ts'),
            dataset.dir,
            '--threads',
            threads,
            '--as-of',
            AS_OF
        ],
        { cwd: REPO, timeoutSeconds: options.timeoutSeconds, stdoutFile }
    );
    if (run.status !== 'ok') return run;
    const anchor = JSON.parse(fs.readFileSync(stdoutFile, 'utf8')) as {
        queryMs: number;
        rows: Record<string, number>;
    };
    return { ...run, anchor: { querySeconds: anchor.queryMs / 1000, rows: anchor.rows } };
}

function answersCheck(outputs: RunOutputs, options: Options): AnswersCheck | undefined {
    if (options.writeReference) return undefined;
    if (!outputs.learn || !outputs.reconcile) {
        log('  answers: not checked (learn or reconcile did not finish in run 1)');
        return undefined;
    }
    if (!fs.existsSync(REFERENCE_FILE)) {
        log(`  answers: no ${path.relative(REPO, REFERENCE_FILE)} to check against`);
        return undefined;
    }
    const reference = JSON.parse(fs.readFileSync(REFERENCE_FILE, 'utf8')) as Reference;
    const files = checkAnswers(reference, outputs.learn, outputs.reconcile);
    const match = files.every((f) => f.match);
    log(
        `  answers vs ${path.relative(REPO, REFERENCE_FILE)} (made from ${reference.madeFrom.commit}): ${match ? 'MATCH' : 'DIFFERS'}`
    );
    for (const f of files)
        log(
            `    ${f.match ? 'MATCH  ' : 'DIFFERS'} ${f.file}${f.difference ? `  first difference: ${f.difference}` : ''}`
        );
    return { reference: path.relative(REPO, REFERENCE_FILE), match, files };
}

async function anchorCheck(
    dataset: Dataset,
    outputs: RunOutputs,
    scratch: string
): Promise<AnchorCheckResult | undefined> {
    if (!outputs.learn) return undefined;
    const learnOut = outputs.learn;
    const benchmarksFile = path.join(learnOut, 'benchmarks.json');
    if (!fs.existsSync(benchmarksFile)) return undefined;
    const anchorOut = path.join(scratch, 'anchor-check');
    const result = spawnSync(
        process.execPath,
        [
            '--import',
            'tsx',
            path.join(REPO, 'bench', 'anchor', 'cli.ts'),
            dataset.dir,
            '--as-of',
            AS_OF,
            '--out',
            anchorOut
        ],
        { cwd: REPO, stdio: ['ignore', 'ignore', 'inherit'] }
    );
    if (result.status !== 0) {
        log('  anchor check: the anchor failed');
        return {
            stagesCompared: 0,
            bucketsCompared: 0,
            bucketsSkipped: 0,
            backtestCompared: 0,
            mismatches: ['the anchor run failed']
        };
    }
    const reconciliationFile = outputs.reconcile
        ? path.join(outputs.reconcile, 'report', 'reconciliation.json')
        : null;
    const check = checkAnchorAgainstBenchmarks(
        anchorOut,
        JSON.parse(fs.readFileSync(benchmarksFile, 'utf8')) as Benchmarks,
        reconciliationFile && fs.existsSync(reconciliationFile)
            ? (JSON.parse(fs.readFileSync(reconciliationFile, 'utf8')) as ReconciledBacktest)
            : undefined
    );
    const mismatches = [
        ...check.stages.mismatches,
        ...check.buckets.mismatches,
        ...(check.backtest?.mismatches ?? [])
    ];
    const backtest = check.backtest
        ? `, ${check.backtest.compared} backtest points (stated, commit, booked)`
        : '';
    log(
        `  anchor vs Stageplay: ${check.stages.compared} stages, ${check.buckets.compared} parameter buckets ` +
            `(${check.buckets.skipped} never answered skipped)${backtest}: ` +
            `${mismatches.length === 0 ? 'all equal' : `${mismatches.length} differ: ${mismatches.slice(0, 3).join('; ')}`}`
    );
    return {
        stagesCompared: check.stages.compared,
        bucketsCompared: check.buckets.compared,
        bucketsSkipped: check.buckets.skipped,
        backtestCompared: check.backtest?.compared ?? 0,
        mismatches
    };
}

async function measureSize(dataset: Dataset, options: Options): Promise<SizeResult> {
    const deals = dataset.manifest.generator.deals;
    const machine = describeMachine();
    const commit = currentCommit(REPO);
    const runs: Partial<Record<Tool, RunResult[]>> = {};
    let answers: AnswersCheck | undefined;
    let anchor: AnchorCheckResult | undefined;
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), `stageplay-bench-${deals}-`));
    try {
        for (let run = 1; run <= options.runs; run++) {
            const outputs: RunOutputs = {};
            for (const tool of options.tools) {
                const outDir = path.join(scratch, `${tool}-${run}`);
                // Untimed: every tool starts with the export in the page cache (see warmPageCache).
                warmPageCache(dataset.dir);
                const result = await runTool(tool, dataset, outDir, options);
                (runs[tool] ??= []).push(result);
                log(`  ${deals} run ${run}/${options.runs} ${tool.padEnd(9)} ${describeRun(result)}`);
                if (result.status === 'ok' && (tool === 'learn' || tool === 'reconcile'))
                    outputs[tool] = outDir;
            }
            if (run === 1 && deals === REFERENCE_DEALS) {
                if (options.writeReference && outputs.learn && outputs.reconcile) {
                    const reference = makeReference(outputs.learn, outputs.reconcile, {
                        commit,
                        learn: `stageplay learn --data <100k> --as-of ${AS_OF} --out <dir>`,
                        reconcile: `stageplay reconcile --data <100k> --as-of ${AS_OF} --out <dir> --no-snapshots`
                    });
                    await writeJson(REFERENCE_FILE, reference);
                    log(`  wrote ${path.relative(REPO, REFERENCE_FILE)}`);
                }
                if (options.check) {
                    answers = answersCheck(outputs, options);
                    anchor = await anchorCheck(dataset, outputs, scratch);
                }
            }
            // Outputs of a run are only needed for the checks above; at 1M they are large.
            for (const tool of options.tools)
                fs.rmSync(path.join(scratch, `${tool}-${run}`), { recursive: true, force: true });
        }
    } finally {
        fs.rmSync(scratch, { recursive: true, force: true });
    }
    const tools: SizeResult['tools'] = {};
    for (const tool of options.tools) tools[tool] = summarize(runs[tool] ?? []);
    return {
        opportunities: deals,
        totalRows: dataset.manifest.totalRows,
        rows: dataset.manifest.rows,
        measuredAt: new Date().toISOString(),
        commit,
        machine,
        settings: {
            runs: options.runs,
            timeoutSeconds: options.timeoutSeconds,
            asOf: AS_OF,
            nodeOptions: options.nodeOptions
        },
        tools,
        ...(answers ? { answers } : {}),
        ...(anchor ? { anchorCheck: anchor } : {})
    };
}

async function main(): Promise<number> {
    let options: Options | 'help';
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (error) {
        if (error instanceof UsageError) {
            process.stderr.write(`bench:scale: ${error.message}\n`);
            return 2;
        }
        throw error;
    }
    if (options === 'help') {
        log(HELP);
        return 0;
    }
    if (options.markdown || options.updateReadme) {
        // Formatted as Prettier formats the README, so `npm run format:check` passes after --update-readme.
        const readmeFile = path.join(REPO, 'README.md');
        const config = (await prettier.resolveConfig(readmeFile)) ?? {};
        const table = (
            await prettier.format(markdownTable(readResults(options.results)), {
                ...config,
                parser: 'markdown'
            })
        ).trimEnd();
        if (options.markdown) log(table);
        if (options.updateReadme) {
            fs.writeFileSync(readmeFile, withScaleTable(fs.readFileSync(readmeFile, 'utf8'), table));
            log(`Updated the Scale table in ${path.relative(process.cwd(), readmeFile) || readmeFile}`);
        }
        return 0;
    }

    ensureGnuTime(REPO);
    const build = spawnSync(
        process.execPath,
        ['--import', 'tsx', path.join(REPO, 'scripts', 'build-cli.ts')],
        {
            cwd: REPO,
            stdio: ['ignore', 'ignore', 'inherit']
        }
    );
    if (build.status !== 0) throw new Error('building the CLI failed (npm run build:cli)');

    const cache = cacheDir(REPO);
    for (const { deals, dir } of options.adopt) {
        await adoptDataset(cache, deals, dir);
        log(`Adopted ${dir} as the ${deals}-deal dataset (${path.join(cache, `d${deals}`)})`);
    }
    log(
        `Scale benchmark: sizes ${options.sizes.join(', ')}; ${options.runs} run(s); tools ${options.tools.join(', ')}`
    );
    const measured: SizeResult[] = [];
    let differs = false;
    for (const deals of options.sizes) {
        log(`\n${deals} opportunities`);
        const dataset = await ensureDataset(REPO, cache, deals, log);
        log(`  data: ${dataset.dir} (${dataset.manifest.totalRows} rows)`);
        const size = await measureSize(dataset, options);
        measured.push(size);
        if (size.answers && !size.answers.match) differs = true;
        // Written after every size, so a long 1M run that is stopped keeps what came before it.
        await writeJson(options.results, mergeResults(readResults(options.results), [size]));
    }
    log(`\n${textTable(tableRows({ ...readResults(options.results), sizes: measured }))}`);
    log(
        `\nResults: ${path.relative(process.cwd(), options.results)} (README table: npm run bench:scale -- --update-readme)`
    );
    return differs ? 1 : 0;
}

main().then(
    (code) => process.exit(code),
    (error: unknown) => {
        process.stderr.write(
            `bench:scale: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`
        );
        process.exit(1);
    }
);
