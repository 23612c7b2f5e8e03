/**
 * `stageplay snapshot` as a function: records today's forecast rollups (total, per forecast category,
 * per owner) in the org, or offline in <out>/snapshots.csv, so later reconciliations can compare with
 * what was actually forecast at the time.
 */
import path from 'node:path';
import type { Connection } from 'jsforce';
import { formatAmount, type PeriodSpec } from '../core';
import { UsageError } from '../errors';
import type { Reporter } from '../output';
import { isMissingObject } from './orgRecords';
import { emptyTally, reportFailures, upsertNamedRows } from './orgWrite';
import { outcomeOf, type CommandOutcome } from './outcome';
import { publishPerformance, type PerformanceAsOf } from './publishPerformance';
import { forecastDealsAsOf, periodForecastsAsOf } from './reconcile';
import { SNAPSHOT_OBJECT, SNAPSHOT_SOBJECT, snapshotRowsOf, type SnapshotRow } from './snapshot';
import { SNAPSHOTS_CSV, readOrgSnapshots, writeSnapshotsCsv } from './snapshotStore';
import { publishFromHistory, type UnfitRefusal } from './openJudged';
import type { SourceChoice } from './source';

export interface SnapshotOptions {
    source: SourceChoice;
    spec: PeriodSpec;
    /** `YYYY-MM-DD` as given; today (UTC) when undefined. */
    asOf?: string;
    /** Where snapshots.csv (offline), data-quality.csv and failures-snapshot.csv go. */
    out: string;
    dryRun: boolean;
    /**
     * The goal funnel and rep KPIs to publish with the snapshot (`Stageplay_Goal_Result__c`,
     * `Stageplay_Rep_Kpi__c`, or goal-results.csv / rep-kpis.csv offline). The snapshot command
     * passes the computation built from history (goals and KPIs of the reconciliation), connected
     * where those land; absent, only the forecast snapshot is stored.
     */
    performanceAsOf?: PerformanceAsOf;
}

async function upsertSnapshots(
    connection: Connection,
    rows: SnapshotRow[],
    outDir: string,
    reporter: Reporter
): Promise<CommandOutcome> {
    try {
        await readOrgSnapshots(connection);
    } catch (err) {
        if (isMissingObject(err))
            throw new UsageError(`${SNAPSHOT_SOBJECT} is not in the org: deploy Stageplay first.`);
        throw err;
    }
    const tally = emptyTally();
    await upsertNamedRows(connection, SNAPSHOT_OBJECT, rows, tally, {
        reporter,
        label: 'Upserting snapshots'
    });
    const failuresFile = await reportFailures(outDir, 'snapshot', tally);
    reporter.info(`Upserted ${tally.created} new and ${tally.updated} existing snapshot rows.`);
    const result = {
        dryRun: false,
        created: tally.created,
        updated: tally.updated
    };
    return outcomeOf(result, tally, 'snapshot rows', failuresFile);
}

/** A snapshot of a forecast built on unfit data would later be compared as if it had been right. */
const UNFIT: UnfitRefusal = {
    line: 'Not stored: the input data is unfit for a forecast snapshot (see above).',
    result: ({ asOf, dryRun }) => ({ asOf, rows: 0, stored: false, dryRun })
};

export async function storeSnapshot(options: SnapshotOptions, reporter: Reporter): Promise<CommandOutcome> {
    return publishFromHistory(options, reporter, UNFIT, async ({ opened, ledger, asOf }) => {
        const rows = snapshotRowsOf(
            forecastDealsAsOf(opened.dataset, asOf),
            options.spec,
            asOf,
            periodForecastsAsOf(opened.dataset, asOf, options.spec)
        );
        const totals = rows.filter((r) => r.Group_By__c === 'total');
        reporter.info(`Snapshot as of ${asOf}: ${rows.length} rows (${totals.length} periods).`);
        for (const t of totals.slice(0, 4)) {
            reporter.info(
                `  ${t.Period__c}: booked ${formatAmount(t.Booked__c)}, stated +${formatAmount(t.Stated_Expected__c)}, adjusted +${t.Adjusted_Expected__c === null ? '– (not computed)' : formatAmount(t.Adjusted_Expected__c)}, commit ${formatAmount(t.Commit_Amount__c)}`
            );
        }
        const outDir = path.resolve(options.out);
        const base = { asOf, rows: rows.length, periods: totals.map((t) => t.Period__c) };
        if (options.dryRun) {
            reporter.info('Dry run: nothing written.');
            return { result: { ...base, dryRun: true }, dataQuality: ledger };
        }
        const performance = options.performanceAsOf?.(opened.dataset, asOf, options.spec) ?? null;
        if (!opened.connection) {
            const file = path.join(outDir, SNAPSHOTS_CSV);
            const written = writeSnapshotsCsv(file, rows);
            reporter.info(
                `Wrote ${file} (${written.created} new, ${written.updated} replaced, ${written.total} in all).`
            );
            const published = performance
                ? await publishPerformance(null, performance, outDir, reporter)
                : null;
            return {
                result: {
                    ...base,
                    dryRun: false,
                    file,
                    created: written.created,
                    updated: written.updated,
                    performance: published && publishedResult(published)
                },
                dataQuality: ledger
            };
        }
        const upserted = await upsertSnapshots(opened.connection, rows, outDir, reporter);
        const published = performance
            ? await publishPerformance(opened.connection, performance, outDir, reporter)
            : null;
        const partialFailure =
            [
                upserted.partialFailure,
                published?.failures
                    ? `${published.failures} goal and KPI rows failed; see ${published.failuresFile}`
                    : undefined
            ]
                .filter((m): m is string => Boolean(m))
                .join('; ') || undefined;
        return {
            ...upserted,
            ...(partialFailure ? { partialFailure } : {}),
            result: {
                ...base,
                ...upserted.result,
                performance: published && publishedResult(published)
            },
            dataQuality: ledger
        };
    });
}

/** The --json view of what was published (the tally's failure lines are in the failures file). */
function publishedResult(published: Awaited<ReturnType<typeof publishPerformance>>): Record<string, unknown> {
    const { tally: _tally, ...rest } = published;
    return rest;
}
