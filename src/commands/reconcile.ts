/**
 * `stageplay reconcile`: stated vs history-adjusted vs booked, backtested without leakage, with
 * calibration, flags and data discipline; writes reconciliation.json, CSVs and report.html.
 */
import path from 'node:path';
import type { Command } from 'commander';
import {
    addCommonOptions,
    parseNonNegativeInt,
    parsePositiveInt,
    parseWeeksList,
    periodSpecOf,
    sourceOf,
    todayUtc,
    type CommonFlags
} from '../cli/flags';
import { runCommand, type CliContext } from '../cli/run';
import { sourceProgress } from '../cli/output';
import { openSource } from '../ops/source';
import { DEFAULT_UNTOUCHED_DAYS, DEFAULT_WEEKS_OUT, reconcile, type Reconciliation } from '../ops/reconcile';
import { readStoredSnapshots } from '../ops/snapshotStore';
import { reconciliationSummaryLines } from '../report/terminal';
import { writeReconciliationReport } from '../report/writeReport';

export interface ReconcileFlags extends CommonFlags {
    weeksOut: number[];
    pastPeriods?: number;
    untouchedDays: number;
    snapshots: boolean;
}

export function reconcileJson(rec: Reconciliation, written: { dir: string; files: string[] } | null) {
    const current = rec.forecast.byPeriod.find((r) => r.period === rec.currentPeriod.key) ?? null;
    return {
        asOf: rec.asOf,
        period: rec.spec,
        source: rec.source,
        counts: rec.counts,
        currentPeriod: current
            ? {
                  period: current.period,
                  booked: current.booked,
                  stated: current.booked + current.statedExpected,
                  adjusted: current.booked + current.adjustedExpected,
                  openAmount: current.openAmount,
                  deals: current.deals
              }
            : { period: rec.currentPeriod.key, booked: 0, stated: 0, adjusted: 0, openAmount: 0, deals: 0 },
        forecastByPeriod: rec.forecast.byPeriod,
        accuracy: rec.accuracy,
        parameters: {
            strength: rec.benchmarks.damping,
            check: rec.benchmarks.parameterCheck ?? null,
            ruleDisagreements: rec.evidence.ruleDisagreements
        },
        calibration: {
            deals: rec.calibration.deals,
            brierNominal: rec.calibration.brierNominal,
            brierAdjusted: rec.calibration.brierAdjusted,
            eceNominal: rec.calibration.eceNominal,
            eceAdjusted: rec.calibration.eceAdjusted
        },
        flagCounts: rec.flagCounts,
        flaggedDeals: rec.deals.filter((d) => d.flags.length > 0).length,
        discipline: { overall: rec.discipline.overall, untouched: rec.discipline.untouched.length },
        snapshots: rec.snapshots
            ? { rows: rec.snapshots.snapshots, compared: rec.snapshots.rows.length }
            : null,
        report: written
            ? { dir: written.dir, html: path.join(written.dir, 'report.html'), files: written.files }
            : null
    };
}

export function registerReconcile(program: Command, context: CliContext): void {
    const command = program
        .command('reconcile')
        .summary('reconcile the forecast: stated vs history-adjusted vs booked, flags, calibration')
        .description(
            'Rebuilds the pipeline from stage history, scores every deal against benchmarks learned from\n' +
                'closed deals, and reconciles the forecast per period, forecast category and owner. Past periods\n' +
                'are backtested k weeks before period end with benchmarks fitted only on deals closed before\n' +
                'that date (no leakage). Accuracy is measured on a time split: at cut-offs 28 days apart,\n' +
                'benchmarks fitted on deals closed before the cut-off score the deals open then, at their stage\n' +
                '(Brier: nominal, stage win rate, + parameters, with 95% intervals).\n' +
                'Writes <out>/report/: report.html, reconciliation.json, deals.csv,\n' +
                'forecast-by-{period,category,owner}.csv, backtest.csv, calibration.csv.'
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
            'completed periods to backtest (default 6 quarters / 12 months)',
            parsePositiveInt
        )
        .option(
            '--untouched-days <n>',
            'list open deals untouched for longer than this',
            parseNonNegativeInt,
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
                for (const problem of opened.dataset.problems.slice(0, 5)) {
                    reporter.warn(
                        `${problem.source}${problem.line ? `:${problem.line}` : ''}: ${problem.message}`
                    );
                }
                reporter.info('');
                for (const line of reconciliationSummaryLines(rec)) reporter.info(line);
                reporter.info('');
                if (flags.dryRun) {
                    reporter.info('Dry run: nothing written.');
                    return { result: { dryRun: true, ...reconcileJson(rec, null) } };
                }
                const written = writeReconciliationReport(path.resolve(flags.out, 'report'), rec);
                reporter.info(`Report: ${written.html}`);
                return { result: { dryRun: false, ...reconcileJson(rec, written) } };
            });
        });
}
