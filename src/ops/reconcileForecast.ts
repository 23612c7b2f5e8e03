/**
 * `stageplay reconcile` as a function: opens the source, reconciles (src/ops/reconcile.ts), prints
 * the summary and the data-quality ledger, and writes reconciliation.json, the CSVs and report.html.
 */
import path from 'node:path';
import type { PeriodSpec } from '../core';
import { sourceProgress, type Reporter } from '../output';
import { reconciliationSummaryLines } from '../report/terminal';
import { writeReconciliationReport } from '../report/writeReport';
import { DATA_QUALITY_CSV, dataQualityLines, ledgerOf } from '../report/dataQuality';
import { checkAsOf, todayUtc } from './asOf';
import type { CommandOutcome } from './outcome';
import { reconcile } from './reconcile';
import type { Reconciliation } from '../reconciliation';
import { reconcileJson } from './reconcileJson';
import { readStoredSnapshots } from './snapshotStore';
import { openSource, type SourceChoice } from './source';

export interface ReconcileForecastOptions {
    source: SourceChoice;
    spec: PeriodSpec;
    /** `YYYY-MM-DD` as given; today (UTC) when undefined. */
    asOf?: string;
    weeksOut: number[];
    pastPeriods?: number;
    untouchedDays: number;
    /** Compare with stored forecast snapshots (the org's, or <out>/snapshots.csv offline). */
    snapshots: boolean;
    /** The report goes to <out>/report/. */
    out: string;
    dryRun: boolean;
}

export async function reconcileForecast(
    options: ReconcileForecastOptions,
    reporter: Reporter
): Promise<CommandOutcome> {
    const { rec, ledger } = await reconcileSource(options, reporter);
    reporter.info('');
    for (const line of reconciliationSummaryLines(rec)) reporter.info(line);
    reporter.info('');
    if (options.dryRun) {
        for (const line of dataQualityLines(ledger.quality, ledger.problems, null)) reporter.info(line);
        reporter.info('Dry run: nothing written.');
        return { result: { dryRun: true, ...reconcileJson(rec, null) }, dataQuality: ledger };
    }
    const written = writeReconciliationReport(path.resolve(options.out, 'report'), rec);
    const csvFile = path.join(written.dir, DATA_QUALITY_CSV);
    for (const line of dataQualityLines(ledger.quality, ledger.problems, csvFile)) reporter.info(line);
    reporter.info(`Report: ${written.html}`);
    return { result: { dryRun: false, ...reconcileJson(rec, written) }, dataQuality: ledger };
}

/**
 * Opens the source and reconciles it. A function of its own so that the dataset (the records and the
 * history's columns: about 240 MB at 300,000 deals) is no longer reachable while the report is written,
 * which allocates a few hundred MB more at a million deals: the engine may collect it then instead of growing.
 */
async function reconcileSource(
    options: ReconcileForecastOptions,
    reporter: Reporter
): Promise<{ rec: Reconciliation; ledger: ReturnType<typeof ledgerOf> }> {
    const opened = await openSource(options.source, sourceProgress(reporter));
    const asOf = options.asOf ?? todayUtc();
    checkAsOf(opened.dataset, asOf, options.asOf !== undefined, reporter, opened.label);
    const snapshots = options.snapshots
        ? await readStoredSnapshots(opened.connection, path.resolve(options.out))
        : [];
    reporter.step('Reconciling (backtest fits benchmarks once per as-of date)');
    const rec = reconcile(opened.dataset, {
        spec: options.spec,
        asOf,
        weeksOut: options.weeksOut,
        pastPeriods: options.pastPeriods,
        untouchedDays: options.untouchedDays,
        snapshots,
        source: opened.label,
        warn: (message) => reporter.warn(message),
        // Nothing here builds paths from this dataset again.
        releaseFieldHistory: true
    });
    return { rec, ledger: ledgerOf(opened.dataset) };
}
