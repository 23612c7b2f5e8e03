/**
 * `stageplay demo`: the whole loop offline in well under a minute: generate a deterministic Data
 * Export, read it back through the same reader a real export goes through, learn benchmarks,
 * reconcile, and write the report.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { Option } from 'commander';
import {
    parseFiscalStart,
    parseIsoDate,
    parseDealCount,
    parseRandomSeed,
    sourceDirOption
} from '../cli/flags';
import { runCommand, type CliContext } from '../cli/run';
import { describeProcessDir } from '../packageRoot';
import { loadProcessFromSource } from '../metadata/loadProcess';
import { readDataExport } from '../dataExport/readDataExport';
import { DEFAULT_TODAY, generateDataExport } from '../generate/generateHistory';
import { reconcile } from '../ops/reconcile';
import { benchmarkSummaryLines, reconciliationSummaryLines } from '../report/terminal';
import { writeReconciliationReport } from '../report/writeReport';
import { BENCHMARKS_JSON, learnFrom } from '../ops/learn';
import { reconcileJson } from '../ops/reconcileJson';
import { DATA_QUALITY_CSV, dataQualityLines, ledgerOf } from '../report/dataQuality';

/** Fixed so that every run, on every machine, produces the same demo. */
export const DEMO_TODAY = DEFAULT_TODAY;
export const DEMO_SEED = 42;
export const DEMO_DEALS = 3000;

interface DemoFlags {
    sourceDir: string;
    out: string;
    deals: number;
    seed: number;
    asOf?: string;
    period: 'month' | 'quarter';
    fiscalStart: number;
    json: boolean;
}

export function registerDemo(program: Command, context: CliContext): void {
    program
        .command('demo')
        .summary('the whole loop offline: generate history, learn, reconcile, write the report')
        .description(
            `Generates a deterministic Data Export (seed ${DEMO_SEED}, ${DEMO_DEALS} deals, history up to ${DEMO_TODAY}) into\n` +
                '<out>/demo-data/, reads it back through the Data Export reader, learns benchmarks (written to\n' +
                `<out>/${BENCHMARKS_JSON}), reconciles the forecast and writes the report to <out>/report/.\n` +
                'No org and no network needed.'
        )
        .addOption(sourceDirOption('where the process metadata lives'))
        .option('--out <dir>', 'where everything is written', 'out')
        .option('--deals <n>', 'how many opportunities to generate', parseDealCount, DEMO_DEALS)
        .option('--seed <n>', 'random seed', parseRandomSeed, DEMO_SEED)
        .option('--as-of <date>', `the demo's "today", YYYY-MM-DD`, parseIsoDate)
        .addOption(
            new Option('--period <unit>', 'forecast period').choices(['month', 'quarter']).default('quarter')
        )
        .option('--fiscal-start <month>', 'first month of the fiscal year, 1-12', parseFiscalStart, 1)
        .option('--json', 'print one machine-readable JSON object and nothing else', false)
        .addHelpText(
            'after',
            '\nExamples:\n' +
                '  $ stageplay demo                      # then open out/report/report.html\n' +
                '  $ stageplay demo --period month --fiscal-start 2 --out /tmp/stageplay\n'
        )
        .action(async (flags: DemoFlags) => {
            await runCommand(context, 'demo', flags, async (reporter) => {
                const started = Date.now();
                const today = flags.asOf ?? DEMO_TODAY;
                const outDir = path.resolve(flags.out);
                const dataDir = path.join(outDir, 'demo-data');
                const sourceDir = path.resolve(flags.sourceDir);

                reporter.step(`Reading the sales process from ${describeProcessDir(sourceDir)}`);
                const salesProcess = await loadProcessFromSource(sourceDir);
                reporter.step(
                    `Generating ${flags.deals} deals (seed ${flags.seed}, history up to ${today}) into ${dataDir}`
                );
                fs.mkdirSync(dataDir, { recursive: true });
                await generateDataExport(dataDir, salesProcess, {
                    seed: flags.seed,
                    deals: flags.deals,
                    today
                });
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
                    spec: { unit: flags.period, fiscalYearStartMonth: flags.fiscalStart },
                    asOf: today,
                    source: `demo data (seed ${flags.seed}, ${flags.deals} deals)`
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
            });
        });
}
