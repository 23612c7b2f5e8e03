/**
 * `stageplay demo` as a function: the whole loop offline in well under a minute: generate a
 * deterministic Data Export, read it back through the same reader a real export goes through, learn
 * benchmarks, reconcile, and write the report.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { PeriodSpec } from '../core';
import type { Reporter } from '../output';
import { describeProcessDir } from '../packageRoot';
import { loadProcessFromSource } from '../metadata/loadProcess';
import { readDataExport } from '../dataExport/readDataExport';
import { DEFAULT_TODAY, generateDataExport } from '../generate/generateHistory';
import { benchmarkSummaryLines, reconciliationSummaryLines } from '../report/terminal';
import { writeReconciliationReport } from '../report/writeReport';
import { DATA_QUALITY_CSV, dataQualityLines, ledgerOf } from '../report/dataQuality';
import { BENCHMARKS_JSON, learnFrom } from './learn';
import type { CommandOutcome } from './outcome';
import { reconcile } from './reconcile';
import { reconcileJson } from './reconcileJson';

/** Fixed so that every run, on every machine, produces the same demo. */
export const DEMO_TODAY = DEFAULT_TODAY;
export const DEMO_SEED = 42;
export const DEMO_DEALS = 3000;

export interface DemoOptions {
    /** Where the process metadata lives. */
    sourceDir: string;
    /** Everything is written below it: demo-data/, benchmarks.json, report/. */
    out: string;
    deals: number;
    seed: number;
    /** The demo's "today", `YYYY-MM-DD`; DEMO_TODAY when undefined. */
    asOf?: string;
    spec: PeriodSpec;
}

export async function runDemo(options: DemoOptions, reporter: Reporter): Promise<CommandOutcome> {
    const started = Date.now();
    const today = options.asOf ?? DEMO_TODAY;
    const outDir = path.resolve(options.out);
    const dataDir = path.join(outDir, 'demo-data');
    const sourceDir = path.resolve(options.sourceDir);

    reporter.step(`Reading the sales process from ${describeProcessDir(sourceDir)}`);
    const salesProcess = await loadProcessFromSource(sourceDir);
    reporter.step(
        `Generating ${options.deals} deals (seed ${options.seed}, history up to ${today}) into ${dataDir}`
    );
    fs.mkdirSync(dataDir, { recursive: true });
    await generateDataExport(dataDir, salesProcess, { seed: options.seed, deals: options.deals, today });
    reporter.step('Reading the Data Export back');
    const dataset = await readDataExport(dataDir, salesProcess);
    const ledger = ledgerOf(dataset);

    reporter.step('Learning benchmarks from closed deals');
    const benchmarks = learnFrom(dataset, today);
    fs.mkdirSync(outDir, { recursive: true });
    const benchmarksFile = path.join(outDir, BENCHMARKS_JSON);
    fs.writeFileSync(benchmarksFile, `${JSON.stringify(benchmarks, null, 2)}\n`);
    reporter.info('');
    for (const line of benchmarkSummaryLines(salesProcess, benchmarks)) reporter.info(line);
    reporter.info('');

    reporter.step('Reconciling the forecast (backtest, calibration, flags)');
    const rec = reconcile(dataset, {
        spec: options.spec,
        asOf: today,
        source: `demo data (seed ${options.seed}, ${options.deals} deals)`
    });
    reporter.info('');
    for (const line of reconciliationSummaryLines(rec)) reporter.info(line);
    const written = writeReconciliationReport(path.join(outDir, 'report'), rec);
    const seconds = (Date.now() - started) / 1000;
    reporter.info('');
    // The generated export goes through the same ledger as a real one: said, not assumed clean.
    for (const line of dataQualityLines(
        ledger.quality,
        ledger.problems,
        path.join(written.dir, DATA_QUALITY_CSV)
    ))
        reporter.info(line);
    reporter.info('');
    reporter.info(`Done in ${seconds.toFixed(1)} s.`);
    reporter.info(`  Report:     ${written.html}`);
    reporter.info(`  Data:       ${dataDir}`);
    reporter.info(`  Benchmarks: ${benchmarksFile}`);
    reporter.info(
        'Next: `npm run preview` serves the Opportunity page components on 127.0.0.1, fed by generated history of the same kind (seed 42).'
    );
    return {
        result: {
            seconds,
            dataDir,
            benchmarksFile,
            benchmarks: {
                fittedOn: benchmarks.dealCount,
                damping: benchmarks.damping,
                stages: benchmarks.stages.length,
                parameters: benchmarks.parameters.length
            },
            ...reconcileJson(rec, written)
        },
        dataQuality: ledger
    };
}
