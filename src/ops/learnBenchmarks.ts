/**
 * `stageplay learn` as a function: fits benchmarks on closed deals and publishes them as
 * Stageplay_Benchmark__c rows (or, offline, as benchmarks.json). Only rows that changed are written;
 * rows Stageplay created that no longer apply are removed; rows it did not create are never touched.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Connection } from 'jsforce';
import type { Benchmarks } from '../core';
import { ruleHistoryDisagreements } from '../core';
import { StageplayError, UsageError } from '../errors';
import { formatTable, type Reporter } from '../output';
import { benchmarkSummaryLines } from '../report/terminal';
import { dataQualityJson } from '../report/dataQuality';
import { HISTORY_ONLY } from '../dataset';
import {
    BENCHMARK_KEY_FIELD,
    BENCHMARK_OBJECT,
    BENCHMARK_SOBJECT,
    BENCHMARKS_JSON,
    benchmarkRows,
    diffBenchmarkRows,
    learnFrom,
    summarizeDiff,
    type BenchmarkDiff,
    type BenchmarkRow,
    type ExistingBenchmarkRow
} from './learn';
import { isMissingObject, queryAll } from './orgRecords';
import { deleteFrom, emptyTally, reportFailures, upsertNamedRows } from './orgWrite';
import { outcomeOf, type CommandOutcome } from './outcome';
import { publishFromHistory, type UnfitRefusal } from './openJudged';
import type { SourceChoice } from './source';

export interface LearnOptions {
    source: SourceChoice;
    /** `YYYY-MM-DD` as given; today (UTC) when undefined. */
    asOf?: string;
    /** Where benchmarks.json (offline), data-quality.csv and failures-learn.csv go. */
    out: string;
    dryRun: boolean;
}

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

/** Offline: the diff against the previous benchmarks.json, then the file rewritten. */
function publishToFile(
    benchmarks: Benchmarks,
    desired: BenchmarkRow[],
    outDir: string,
    dryRun: boolean,
    reporter: Reporter
): Record<string, unknown> {
    const file = path.join(outDir, BENCHMARKS_JSON);
    const diff = diffBenchmarkRows(readBenchmarksFile(file), desired);
    for (const line of diffLines(diff)) reporter.info(line);
    if (dryRun) {
        reporter.info(`Dry run: ${file} not written.`);
        return { dryRun: true, diff: summarizeDiff(diff), file: null };
    }
    fs.mkdirSync(outDir, { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(benchmarks, null, 2)}\n`);
    reporter.info(`Wrote ${file}`);
    return { dryRun: false, diff: summarizeDiff(diff), file };
}

async function existingBenchmarkRows(connection: Connection): Promise<ExistingBenchmarkRow[]> {
    try {
        return await queryAll<ExistingBenchmarkRow>(
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
}

/** To the org: the diff against the published rows, then upserts of what changed and deletes of what no longer applies. */
async function publishToOrg(
    connection: Connection,
    desired: BenchmarkRow[],
    outDir: string,
    dryRun: boolean,
    reporter: Reporter
): Promise<CommandOutcome> {
    const diff = diffBenchmarkRows(await existingBenchmarkRows(connection), desired);
    for (const line of diffLines(diff)) reporter.info(line);
    if (diff.foreign.length > 0) {
        reporter.warn(
            `${diff.foreign.length} ${BENCHMARK_SOBJECT} rows have keys Stageplay did not write; left alone.`
        );
    }
    if (dryRun) {
        reporter.info('Dry run: nothing written to the org.');
        return { result: { dryRun: true, diff: summarizeDiff(diff) } };
    }
    const tally = emptyTally();
    const toWrite = [...diff.created, ...diff.changed.map((c) => c.row)];
    await upsertNamedRows(connection, BENCHMARK_OBJECT, toWrite, tally, {
        reporter,
        label: 'Upserting benchmarks'
    });
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
        dryRun: false,
        diff: summarizeDiff(diff),
        written: { created: tally.created, updated: tally.updated, deleted: tally.deleted }
    };
    return outcomeOf(result, tally, 'benchmark rows', failuresFile);
}

/** Benchmarks fitted on unfit data would be published as if right: nothing is written. */
const UNFIT: UnfitRefusal = {
    line: 'Not published: the input data is unfit for fitting benchmarks (see above).',
    result: ({ ledger, dryRun }) => ({
        published: false,
        dryRun,
        dataQuality: dataQualityJson(ledger.quality, ledger.problems)
    })
};

export async function learnBenchmarks(options: LearnOptions, reporter: Reporter): Promise<CommandOutcome> {
    // Benchmarks are fitted from the deals and their history alone: accounts, quotas, logins, tasks and
    // events (millions of rows in a large org) are left unread.
    const reads = { ...options, scope: HISTORY_ONLY };
    return publishFromHistory(reads, reporter, UNFIT, async ({ opened, ledger, asOf }) => {
        reporter.step('Fitting benchmarks');
        const benchmarks = learnFrom(opened.dataset, asOf);
        if (benchmarks.dealCount === 0) {
            throw new StageplayError(
                'failure',
                `No closed deals by ${asOf} in ${opened.label}: nothing to learn from (seed history first, or check --as-of).`
            );
        }
        reporter.info('');
        for (const line of benchmarkSummaryLines(opened.dataset.process, benchmarks)) reporter.info(line);
        reporter.info('');
        const desired = benchmarkRows(benchmarks);
        const outDir = path.resolve(options.out);
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
            const written = publishToFile(benchmarks, desired, outDir, options.dryRun, reporter);
            return { result: { ...summary, ...written }, dataQuality: ledger };
        }
        const published = await publishToOrg(opened.connection, desired, outDir, options.dryRun, reporter);
        return { ...published, result: { ...summary, ...published.result }, dataQuality: ledger };
    });
}
