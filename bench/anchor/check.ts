/**
 * Does the anchor compute what Stageplay computes? Compares the anchor's result tables (written by
 * `runAnchor` with `outDir`) with a `learn` run's benchmarks.json on the same data: per open stage the
 * closed deals that reached it, won, lost and won deals' median days in stage; per stage x parameter x answer
 * bucket the won / lost counts. Stageplay also lists buckets nobody answered (declared picklist values,
 * `fail` of a `not blank` rule) with zero counts; the anchor only has answered buckets, so those are skipped.
 * Picklist buckets are matched without case (the anchor lower-cases answers). Given a `reconcile` run's
 * reconciliation.json too, each backtest point (as-of date) must have the same stated, commit and booked
 * amounts (to the cent).
 *
 *   tsx bench/anchor/check.ts <anchor-out-dir> <benchmarks.json> [<reconciliation.json>]
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Benchmarks } from '../../src/core';

export interface AnchorCheck {
    stages: { compared: number; mismatches: string[] };
    /** `skipped`: Stageplay's buckets nobody answered (zero counts), which the anchor cannot have. */
    buckets: { compared: number; skipped: number; mismatches: string[] };
    /** Null when no reconciliation.json was given. */
    backtest: { compared: number; mismatches: string[] } | null;
}

/** The part of reconciliation.json the anchor also computes. */
export interface ReconciledBacktest {
    backtest: Array<{ asOf: string; weeksOut: number; stated: number; commit: number; booked: number }>;
}

function checkBacktest(anchorDir: string, reconciliation: ReconciledBacktest): AnchorCheck['backtest'] {
    const rows = new Map(readCsv(path.join(anchorDir, 'd_backtest.csv')).map((r) => [r.as_of, r]));
    const result = { compared: 0, mismatches: [] as string[] };
    for (const point of reconciliation.backtest) {
        result.compared++;
        const row = rows.get(point.asOf);
        if (!row) {
            result.mismatches.push(`backtest ${point.asOf}: not in the anchor`);
            continue;
        }
        for (const [name, ours] of [
            ['stated', point.stated],
            ['commit', point.commit],
            ['booked', point.booked]
        ] as const) {
            const theirs = Number(row[name] === '' ? 0 : row[name]);
            if (Math.abs(ours - theirs) >= 0.005) {
                result.mismatches.push(`backtest ${point.asOf} ${name}: ${ours} vs anchor ${theirs}`);
            }
        }
    }
    return result;
}

function readCsv(file: string): Array<Record<string, string>> {
    return parse(fs.readFileSync(file, 'utf8'), { columns: true, skip_empty_lines: true }) as Array<
        Record<string, string>
    >;
}

function close(a: number, b: number): boolean {
    return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

export function checkAnchorAgainstBenchmarks(
    anchorDir: string,
    benchmarks: Benchmarks,
    reconciliation?: ReconciledBacktest
): AnchorCheck {
    const stageRows = new Map(readCsv(path.join(anchorDir, 'a_stage_win.csv')).map((r) => [r.stage, r]));
    const stages: AnchorCheck['stages'] = { compared: 0, mismatches: [] };
    for (const stage of benchmarks.stages) {
        stages.compared++;
        const row = stageRows.get(stage.stage);
        if (!row) {
            if (stage.reached > 0) stages.mismatches.push(`${stage.stage}: not in the anchor`);
            continue;
        }
        const ours = [stage.reached, stage.won, stage.lost];
        const theirs = [Number(row.reached), Number(row.won), Number(row.lost)];
        const median = row.median_days_won === '' ? null : Number(row.median_days_won);
        if (ours.some((n, i) => n !== theirs[i])) {
            stages.mismatches.push(
                `${stage.stage}: reached/won/lost ${ours.join('/')} vs anchor ${theirs.join('/')}`
            );
        } else if (
            (stage.medianDaysInStage === null) !== (median === null) ||
            (median !== null && stage.medianDaysInStage !== null && !close(stage.medianDaysInStage, median))
        ) {
            stages.mismatches.push(
                `${stage.stage}: median days ${stage.medianDaysInStage} vs anchor ${median}`
            );
        }
    }

    const bucketRows = new Map(
        readCsv(path.join(anchorDir, 'b_param_evidence.csv')).map((r) => [
            `${r.stage}|${r.param}|${r.bucket.toLowerCase()}`,
            r
        ])
    );
    const buckets: AnchorCheck['buckets'] = { compared: 0, skipped: 0, mismatches: [] };
    const seen = new Set<string>();
    for (const parameter of benchmarks.parameters) {
        for (const bucket of parameter.buckets) {
            const key = `${parameter.stage}|${parameter.parameter}|${bucket.key.toLowerCase()}`;
            seen.add(key);
            const row = bucketRows.get(key);
            if (bucket.won + bucket.lost === 0 && !row) {
                buckets.skipped++;
                continue;
            }
            buckets.compared++;
            if (!row) {
                buckets.mismatches.push(`${key}: ${bucket.won}/${bucket.lost}, not in the anchor`);
            } else if (Number(row.won) !== bucket.won || Number(row.lost) !== bucket.lost) {
                buckets.mismatches.push(
                    `${key}: won/lost ${bucket.won}/${bucket.lost} vs anchor ${row.won}/${row.lost}`
                );
            }
        }
    }
    for (const key of bucketRows.keys()) {
        if (!seen.has(key)) buckets.mismatches.push(`${key}: only in the anchor`);
    }
    return { stages, buckets, backtest: reconciliation ? checkBacktest(anchorDir, reconciliation) : null };
}

if (require.main === module) {
    const [anchorDir, benchmarksFile, reconciliationFile] = process.argv.slice(2);
    if (!anchorDir || !benchmarksFile) {
        process.stderr.write(
            'usage: tsx bench/anchor/check.ts <anchor-out-dir> <benchmarks.json> [<reconciliation.json>]\n'
        );
        process.exit(2);
    }
    const result = checkAnchorAgainstBenchmarks(
        anchorDir,
        JSON.parse(fs.readFileSync(benchmarksFile, 'utf8')) as Benchmarks,
        reconciliationFile
            ? (JSON.parse(fs.readFileSync(reconciliationFile, 'utf8')) as ReconciledBacktest)
            : undefined
    );
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const mismatches = [result.stages, result.buckets, result.backtest ?? { mismatches: [] }].flatMap(
        (part) => part.mismatches
    );
    process.exit(mismatches.length === 0 ? 0 : 1);
}
