/**
 * `stageplay learn`: fits benchmarks on closed deals and publishes them as Stageplay_Benchmark__c rows
 * (or, offline, as benchmarks.json). Only rows that changed are written; rows Stageplay created that no
 * longer apply are removed; rows it did not create are never touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Option, type Command } from 'commander';
import type { Benchmarks } from '../../force-app/main/default/lwc/stageplayCore/types';
import { ruleHistoryDisagreements } from '../../force-app/main/default/lwc/stageplayCore/stageplayCore';
import { addCommonOptions, parseIsoDate, sourceOf, todayUtc, type CommonFlags } from '../cli/flags';
import { checkAsOf } from '../ops/asOf';
import { runCommand, type CliContext } from '../cli/run';
import { formatTable, sourceProgress } from '../output';
import { StageplayError, UsageError } from '../errors';
import {
    BENCHMARK_KEY_FIELD,
    BENCHMARK_SOBJECT,
    BENCHMARKS_JSON,
    benchmarkRecordName,
    benchmarkRows,
    diffBenchmarkRows,
    learnFrom,
    summarizeDiff,
    type BenchmarkDiff,
    type ExistingBenchmarkRow
} from '../ops/learn';
import { openSource } from '../ops/source';
import { isMissingObject, queryAll } from '../ops/orgRecords';
import { deleteFrom, emptyTally, reportFailures, upsertInto, outcomeOf } from '../ops/orgWrite';
import { benchmarkSummaryLines } from '../report/terminal';
import { announceDataQuality, dataQualityJson } from '../report/dataQuality';

function diffLines(diff: BenchmarkDiff): string[] {
    const rows = [
        ...diff.created.map((r) => ({ change: 'new', key: r.Benchmark_Key__c, fields: '' })),
        ...diff.changed.map((c) => ({
            change: 'changed',
            key: c.row.Benchmark_Key__c,
            fields: c.fields.join(', ')
        })),
        ...diff.obsolete.map((r) => ({ change: 'obsolete', key: r.Benchmark_Key__c, fields: '' }))
    ];
    const counts = summarizeDiff(diff);
    const summary = `${counts.new} new, ${counts.changed} changed, ${counts.unchanged} unchanged, ${counts.obsolete} obsolete`;
    if (rows.length === 0)
        return [`No changes (${summary}): the published benchmarks already match this history.`];
    return [
        `${summary}:`,
        '',
        ...formatTable(rows, [
            { key: 'change', label: 'Change' },
            { key: 'key', label: 'Benchmark_Key__c' },
            { key: 'fields', label: 'Fields' }
        ])
    ];
}

function readBenchmarksFile(file: string): ExistingBenchmarkRow[] {
    if (!fs.existsSync(file)) return [];
    const previous = JSON.parse(fs.readFileSync(file, 'utf8')) as Benchmarks;
    return benchmarkRows(previous).map((r) => ({ ...r, Id: r.Benchmark_Key__c }));
}

export function registerLearn(program: Command, context: CliContext): void {
    const command = program
        .command('learn')
        .summary('learn stage and parameter benchmarks from closed deals and publish them')
        .description(
            "Fits, from closed deals: each stage's win rate (shrunk toward its configured probability) and\n" +
                "each parameter's won/lost evidence per answer. Upserts Stageplay_Benchmark__c rows by\n" +
                'Benchmark_Key__c, writing only rows that changed and deleting only Stageplay-keyed rows that no\n' +
                'longer apply. Offline (--data) it writes <out>/benchmarks.json. Every run writes\n' +
                '<out>/data-quality.csv; when the input is unfit (no stage history, no usable deals, over 20%\n' +
                'of rows rejected) nothing is published and the run exits 6.'
        );
    addCommonOptions(command, { periods: false })
        .addOption(
            new Option('--as-of <date>', 'learn from deals closed by this date (default: today)').argParser(
                parseIsoDate
            )
        )
        .addHelpText(
            'after',
            '\nExamples:\n' +
                '  $ stageplay learn --target-org my-sandbox --dry-run   # new/changed/unchanged/obsolete rows\n' +
                '  $ stageplay learn --target-org my-sandbox\n' +
                '  $ stageplay learn --data out/demo-data --out out/   # writes out/benchmarks.json\n'
        )
        .action(async (flags: CommonFlags) => {
            await runCommand(context, 'learn', flags, async (reporter) => {
                const source = sourceOf(flags);
                const opened = await openSource(source, sourceProgress(reporter));
                const asOf = flags.asOf ?? todayUtc();
                const ledger = announceDataQuality(
                    opened.dataset,
                    flags.dryRun ? null : path.resolve(flags.out),
                    (line) => reporter.info(line)
                );
                if (ledger.quality.verdict === 'unfit') {
                    // Benchmarks fitted on unfit data would be published as if right: nothing is written.
                    reporter.info(
                        'Not published: the input data is unfit for fitting benchmarks (see above).'
                    );
                    return {
                        result: {
                            published: false,
                            dryRun: Boolean(flags.dryRun),
                            dataQuality: dataQualityJson(ledger.quality, ledger.problems)
                        },
                        dataQuality: ledger
                    };
                }
                checkAsOf(opened.dataset, asOf, flags.asOf !== undefined, reporter, opened.label);
                reporter.step('Fitting benchmarks');
                const benchmarks = learnFrom(opened.dataset, asOf);
                if (benchmarks.dealCount === 0) {
                    throw new StageplayError(
                        'failure',
                        `No closed deals by ${asOf} in ${opened.label}: nothing to learn from (seed history first, or check --as-of).`
                    );
                }
                reporter.info('');
                for (const line of benchmarkSummaryLines(opened.dataset.process, benchmarks))
                    reporter.info(line);
                reporter.info('');
                const desired = benchmarkRows(benchmarks);
                const outDir = path.resolve(flags.out);
                const summary = {
                    dataQuality: dataQualityJson(ledger.quality, ledger.problems),
                    fittedOn: benchmarks.dealCount,
                    damping: benchmarks.damping,
                    minimumDeals: benchmarks.minimumDeals ?? null,
                    parameterCheck: benchmarks.parameterCheck ?? null,
                    ruleDisagreements: ruleHistoryDisagreements(opened.dataset.process, benchmarks),
                    rows: desired.length
                };

                if (!opened.connection) {
                    const file = path.join(outDir, BENCHMARKS_JSON);
                    const diff = diffBenchmarkRows(readBenchmarksFile(file), desired);
                    for (const line of diffLines(diff)) reporter.info(line);
                    if (flags.dryRun) {
                        reporter.info(`Dry run: ${file} not written.`);
                        return {
                            result: { ...summary, dryRun: true, diff: summarizeDiff(diff), file: null },
                            dataQuality: ledger
                        };
                    }
                    fs.mkdirSync(outDir, { recursive: true });
                    fs.writeFileSync(file, `${JSON.stringify(benchmarks, null, 2)}\n`);
                    reporter.info(`Wrote ${file}`);
                    return {
                        result: { ...summary, dryRun: false, diff: summarizeDiff(diff), file },
                        dataQuality: ledger
                    };
                }

                const connection = opened.connection;
                let existing: ExistingBenchmarkRow[];
                try {
                    existing = await queryAll<ExistingBenchmarkRow>(
                        connection,
                        `SELECT Id, Benchmark_Key__c, Kind__c, Stage__c, Parameter__c, Won__c, Lost__c, Win_Rate__c, ` +
                            `Evidence_Status__c, Damping__c, Payload__c FROM ${BENCHMARK_SOBJECT}`
                    );
                } catch (err) {
                    if (isMissingObject(err)) {
                        throw new UsageError(
                            `${BENCHMARK_SOBJECT} is not in the org: deploy Stageplay first (sf project deploy start) ` +
                                'and assign the Stageplay_Ops permission set.'
                        );
                    }
                    throw err;
                }
                const diff = diffBenchmarkRows(existing, desired);
                for (const line of diffLines(diff)) reporter.info(line);
                if (diff.foreign.length > 0) {
                    reporter.warn(
                        `${diff.foreign.length} ${BENCHMARK_SOBJECT} rows have keys Stageplay did not write; left alone.`
                    );
                }
                if (flags.dryRun) {
                    reporter.info('Dry run: nothing written to the org.');
                    return {
                        result: { ...summary, dryRun: true, diff: summarizeDiff(diff) },
                        dataQuality: ledger
                    };
                }
                const tally = emptyTally();
                const toWrite = [...diff.created, ...diff.changed.map((c) => c.row)];
                const bar = reporter.progress('Upserting benchmarks', toWrite.length);
                await upsertInto(
                    connection,
                    BENCHMARK_SOBJECT,
                    BENCHMARK_KEY_FIELD,
                    toWrite.map((row) => ({ ...row, Name: benchmarkRecordName(row) })),
                    tally,
                    (n) => bar.update(n)
                );
                bar.stop();
                await deleteFrom(
                    connection,
                    BENCHMARK_SOBJECT,
                    diff.obsolete.map((r) => ({ Id: r.Id, Benchmark_Key__c: r.Benchmark_Key__c })),
                    BENCHMARK_KEY_FIELD,
                    tally
                );
                const failuresFile = await reportFailures(outDir, 'learn', tally);
                reporter.info(
                    `Published: ${tally.created} new, ${tally.updated} updated, ${diff.unchanged.length} unchanged, ${tally.deleted} obsolete deleted.`
                );
                const result = {
                    ...summary,
                    dryRun: false,
                    diff: summarizeDiff(diff),
                    written: { created: tally.created, updated: tally.updated, deleted: tally.deleted },
                    failures: tally.failedKeys.size,
                    failuresFile
                };
                return { ...outcomeOf(result, tally, 'benchmark rows', failuresFile), dataQuality: ledger };
            });
        });
}
