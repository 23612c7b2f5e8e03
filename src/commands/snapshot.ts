/**
 * `stageplay snapshot`: records today's forecast rollups (total, per forecast category, per owner) so
 * that later reconciliations can compare with what was actually forecast at the time.
 */
import path from 'node:path';
import type { Command } from 'commander';
import { addCommonOptions, periodSpecOf, sourceOf, todayUtc, type CommonFlags } from '../cli/flags';
import { checkAsOf } from '../ops/asOf';
import { runCommand, type CliContext } from '../cli/run';
import { sourceProgress } from '../output';
import { UsageError } from '../errors';
import { openSource } from '../ops/source';
import { forecastDealsAsOf, periodForecastsAsOf } from '../ops/reconcile';
import { SNAPSHOT_KEY_FIELD, SNAPSHOT_SOBJECT, snapshotRecordName, snapshotRowsOf } from '../ops/snapshot';
import { SNAPSHOTS_CSV, readOrgSnapshots, writeSnapshotsCsv } from '../ops/snapshotStore';
import { emptyTally, reportFailures, upsertInto, outcomeOf } from '../ops/orgWrite';
import { isMissingObject } from '../ops/orgRecords';
import { announceDataQuality } from '../report/dataQuality';

export function registerSnapshot(program: Command, context: CliContext): void {
    const command = program
        .command('snapshot')
        .summary('store the current forecast rollups for later comparison')
        .description(
            'Writes the forecast as it stands (current and later periods; per total, forecast category and\n' +
                'owner: deals, open amount, stated expected, adjusted expected, commit, booked) to\n' +
                'Stageplay_Forecast_Snapshot__c, upserted by Snapshot_Key__c = <as-of>|<period>|<group-by>|<group>,\n' +
                "so re-running on the same day replaces that day's rows. Offline (--data) it merges into\n" +
                '<out>/snapshots.csv. Later `reconcile` runs compare with stored snapshots.\n' +
                '\n' +
                'Stated expected: Σ amount × deal probability over open deals dated in the period.\n' +
                "Adjusted expected: the group's share of the adjusted period forecast beyond booked (open\n" +
                'deals × P(won by period end) × amount change, whatever their close date, plus deals not yet\n' +
                'created); blank past the current period and the 3 after it. Booked + either is that forecast.'
        );
    addCommonOptions(command)
        .addHelpText(
            'after',
            '\nExamples:\n' +
                '  $ stageplay snapshot --target-org prod --fiscal-start 2     # e.g. weekly from a CI schedule\n' +
                '  $ stageplay snapshot --data out/demo-data --as-of 2026-10-01 --out out/\n'
        )
        .action(async (flags: CommonFlags) => {
            await runCommand(context, 'snapshot', flags, async (reporter) => {
                const opened = await openSource(sourceOf(flags), sourceProgress(reporter));
                const asOf = flags.asOf ?? todayUtc();
                const ledger = announceDataQuality(
                    opened.dataset,
                    flags.dryRun ? null : path.resolve(flags.out),
                    (line) => reporter.info(line)
                );
                if (ledger.quality.verdict === 'unfit') {
                    // A snapshot of a forecast built on unfit data would later be compared as if it had been right.
                    reporter.info('Not stored: the input data is unfit for a forecast snapshot (see above).');
                    return {
                        result: { asOf, rows: 0, stored: false, dryRun: Boolean(flags.dryRun) },
                        dataQuality: ledger
                    };
                }
                checkAsOf(opened.dataset, asOf, flags.asOf !== undefined, reporter, opened.label);
                const spec = periodSpecOf(flags);
                const rows = snapshotRowsOf(
                    forecastDealsAsOf(opened.dataset, asOf),
                    spec,
                    asOf,
                    periodForecastsAsOf(opened.dataset, asOf, spec)
                );
                const totals = rows.filter((r) => r.Group_By__c === 'total');
                reporter.info(`Snapshot as of ${asOf}: ${rows.length} rows (${totals.length} periods).`);
                for (const t of totals.slice(0, 4)) {
                    reporter.info(
                        `  ${t.Period__c}: booked ${t.Booked__c.toFixed(0)}, stated +${t.Stated_Expected__c.toFixed(0)}, adjusted +${t.Adjusted_Expected__c === null ? '– (not computed)' : t.Adjusted_Expected__c.toFixed(0)}, commit ${t.Commit_Amount__c.toFixed(0)}`
                    );
                }
                const outDir = path.resolve(flags.out);
                const base = { asOf, rows: rows.length, periods: totals.map((t) => t.Period__c) };
                if (flags.dryRun) {
                    reporter.info('Dry run: nothing written.');
                    return { result: { ...base, dryRun: true }, dataQuality: ledger };
                }
                if (!opened.connection) {
                    const file = path.join(outDir, SNAPSHOTS_CSV);
                    const written = writeSnapshotsCsv(file, rows);
                    reporter.info(
                        `Wrote ${file} (${written.created} new, ${written.updated} replaced, ${written.total} in all).`
                    );
                    return {
                        result: {
                            ...base,
                            dryRun: false,
                            file,
                            created: written.created,
                            updated: written.updated
                        },
                        dataQuality: ledger
                    };
                }
                try {
                    await readOrgSnapshots(opened.connection);
                } catch (err) {
                    if (isMissingObject(err))
                        throw new UsageError(
                            `${SNAPSHOT_SOBJECT} is not in the org: deploy Stageplay first.`
                        );
                    throw err;
                }
                const tally = emptyTally();
                const bar = reporter.progress('Upserting snapshots', rows.length);
                await upsertInto(
                    opened.connection,
                    SNAPSHOT_SOBJECT,
                    SNAPSHOT_KEY_FIELD,
                    rows.map((row) => ({ ...row, Name: snapshotRecordName(row) })),
                    tally,
                    (n) => bar.update(n)
                );
                bar.stop();
                const failuresFile = await reportFailures(outDir, 'snapshot', tally);
                reporter.info(`Upserted ${tally.created} new and ${tally.updated} existing snapshot rows.`);
                const result = {
                    ...base,
                    dryRun: false,
                    created: tally.created,
                    updated: tally.updated,
                    failures: tally.failedKeys.size,
                    failuresFile
                };
                return { ...outcomeOf(result, tally, 'snapshot rows', failuresFile), dataQuality: ledger };
            });
        });
}
