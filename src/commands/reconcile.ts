/**
 * `stageplay reconcile`: stated vs history-adjusted vs booked, backtested without leakage, with
 * calibration, flags and data discipline; writes reconciliation.json, CSVs and report.html.
 */
import path from 'node:path';
import type { Command } from 'commander';
import {
    addCommonOptions,
    wholeNumberIn,
    parseWeeksList,
    periodSpecOf,
    sourceOf,
    todayUtc,
    type CommonFlags
} from '../cli/flags';
import { checkAsOf } from '../ops/asOf';
import { runCommand, type CliContext } from '../cli/run';
import { reconcileJson } from '../ops/reconcileJson';
import { sourceProgress } from '../output';
import { openSource } from '../ops/source';
import { DEFAULT_UNTOUCHED_DAYS, DEFAULT_WEEKS_OUT, reconcile } from '../ops/reconcile';
import { readStoredSnapshots } from '../ops/snapshotStore';
import { reconciliationSummaryLines } from '../report/terminal';
import { writeReconciliationReport } from '../report/writeReport';
import { DATA_QUALITY_CSV, dataQualityLines, ledgerOf } from '../report/dataQuality';

export interface ReconcileFlags extends CommonFlags {
    weeksOut: number[];
    pastPeriods?: number;
    untouchedDays: number;
    snapshots: boolean;
}

export function registerReconcile(program: Command, context: CliContext): void {
    const command = program
        .command('reconcile')
        .summary('reconcile the forecast: stated vs history-adjusted vs booked, flags, calibration')
        .description(
            'Rebuilds the pipeline from stage history, scores every deal against benchmarks learned from\n' +
                'closed deals, and reconciles the forecast per period, forecast category and owner. Past periods\n' +
                'are backtested k weeks before period end, learning only from what was known on that date (no\n' +
                'leakage). The adjusted period forecast is booked + open deals x P(won by period end | stage,\n' +
                'days in stage, close-date pushes, days left) x amount change + deals not yet created, with an\n' +
                '80% range (10th-90th percentile); accuracy per horizon is MAPE and bias, never clipped, with the\n' +
                'number of periods and how often the range held the booked amount. Accuracy of the win\n' +
                'probabilities is measured on a time split: at cut-offs 28 days apart, benchmarks fitted on deals\n' +
                'closed before the cut-off score the deals open then, at their stage (Brier: nominal, stage win\n' +
                'rate, + parameters, with 95% intervals). Writes <out>/report/:\n' +
                'report.html, reconciliation.json, deals.csv, forecast-by-{period,category,owner}.csv,\n' +
                'backtest.csv, calibration.csv, data-quality.csv (every input row rejected, repaired or missing,\n' +
                'with file:line:field). Without stage history no backtest is computed, and the run exits 6\n' +
                '(input unfit).'
        );
    addCommonOptions(command)
        .option(
            '--weeks-out <list>',
            'backtest this many weeks before period end',
            parseWeeksList,
            DEFAULT_WEEKS_OUT
        )
        .option(
            '--past-periods <n>',
            'completed periods to backtest, 1-120 (default 6 quarters / 12 months)',
            wholeNumberIn(1, 120)
        )
        .option(
            '--untouched-days <n>',
            'list open deals untouched for longer than this many days, 0-3650',
            wholeNumberIn(0, 3650),
            DEFAULT_UNTOUCHED_DAYS
        )
        .option('--no-snapshots', 'ignore stored forecast snapshots')
        .addHelpText(
            'after',
            '\nExamples:\n' +
                '  $ stageplay reconcile --target-org my-sandbox\n' +
                '  $ stageplay reconcile --data out/demo-data --as-of 2026-11-16 --period month\n' +
                '  $ stageplay reconcile --target-org prod --fiscal-start 2 --weeks-out 1,4,13 --json > rec.json\n'
        )
        .action(async (flags: ReconcileFlags) => {
            await runCommand(context, 'reconcile', flags, async (reporter) => {
                const source = sourceOf(flags);
                const opened = await openSource(source, sourceProgress(reporter));
                const asOf = flags.asOf ?? todayUtc();
                checkAsOf(opened.dataset, asOf, flags.asOf !== undefined, reporter, opened.label);
                const snapshots = flags.snapshots
                    ? await readStoredSnapshots(opened.connection, path.resolve(flags.out))
                    : [];
                reporter.step('Reconciling (backtest fits benchmarks once per as-of date)');
                const rec = reconcile(opened.dataset, {
                    spec: periodSpecOf(flags),
                    asOf,
                    weeksOut: flags.weeksOut,
                    pastPeriods: flags.pastPeriods,
                    untouchedDays: flags.untouchedDays,
                    snapshots,
                    source: opened.label
                });
                const ledger = ledgerOf(opened.dataset);
                reporter.info('');
                for (const line of reconciliationSummaryLines(rec)) reporter.info(line);
                reporter.info('');
                if (flags.dryRun) {
                    for (const line of dataQualityLines(ledger.quality, ledger.problems, null))
                        reporter.info(line);
                    reporter.info('Dry run: nothing written.');
                    return { result: { dryRun: true, ...reconcileJson(rec, null) }, dataQuality: ledger };
                }
                const written = writeReconciliationReport(path.resolve(flags.out, 'report'), rec);
                const csvFile = path.join(written.dir, DATA_QUALITY_CSV);
                for (const line of dataQualityLines(ledger.quality, ledger.problems, csvFile))
                    reporter.info(line);
                reporter.info(`Report: ${written.html}`);
                return { result: { dryRun: false, ...reconcileJson(rec, written) }, dataQuality: ledger };
            });
        });
}
