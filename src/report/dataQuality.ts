/**
 * The data-quality ledger in every output: terminal lines (totals, the first few problems with
 * file:line:column, where the full list is), `warnings` for --json, a banner and a section for
 * report.html, and data-quality.csv with every listed problem.
 */
import { formatCount } from '../core';
import type { DataQuality } from '../records/ledger';
import { locationOf, MAX_LISTED_ISSUES } from '../records/ledger';
import fs from 'node:fs';
import path from 'node:path';
import type { DataProblem, Dataset } from '../dataset';
import { toCsv } from './csv';

export const DATA_QUALITY_CSV = 'data-quality.csv';

/** Problems shown in the terminal before pointing at the CSV. */
const SHOWN_IN_TERMINAL = 5;

const VERDICT_WORDS: Record<DataQuality['verdict'], string> = {
    ok: 'usable',
    partial: 'usable with gaps (exit 4)',
    unfit: 'unfit: numbers that rest on it are not shown as right (exit 6)'
};

function plural(n: number, word: string): string {
    return `${formatCount(n)} ${word}${n === 1 ? '' : 's'}`;
}

/** One line per source: "Opportunity.csv: 2,679 read, 2,396 accepted (12 repaired), 283 rejected". */
export function sourceLines(quality: DataQuality): string[] {
    return quality.sources.map((t) => {
        const parts = [`${formatCount(t.read)} read`, `${formatCount(t.accepted)} accepted`];
        if (t.repaired > 0) parts[1] += ` (${formatCount(t.repaired)} repaired)`;
        parts.push(`${formatCount(t.rejected)} rejected`);
        if (t.skipped > 0) parts.push(`${formatCount(t.skipped)} not needed`);
        return `${t.source}: ${parts.join(', ')}`;
    });
}

function problemLine(p: DataProblem): string {
    return `${locationOf(p)}: ${p.outcome}: ${p.message}`;
}

/** Whether there is anything to say beyond "all rows read". */
export function hasFindings(quality: DataQuality): boolean {
    return (
        quality.verdict !== 'ok' ||
        quality.issueCount > 0 ||
        quality.missing.length > 0 ||
        quality.notes.length > 0
    );
}

/**
 * The ledger for the terminal. `csvFile` is where the full list went (null on a dry run: then the
 * way to get it is said instead).
 */
export function dataQualityLines(
    quality: DataQuality,
    problems: DataProblem[],
    csvFile: string | null
): string[] {
    const lines = [`Data quality: ${VERDICT_WORDS[quality.verdict]}`];
    for (const line of sourceLines(quality)) lines.push(`  ${line}`);
    for (const reason of quality.reasons) lines.push(`  ! ${reason}`);
    // Essential sources that are missing are already among the reasons.
    for (const m of quality.missing.filter((m) => !m.essential))
        lines.push(`  missing ${m.source}: ${m.consequence}`);
    for (const note of quality.notes) lines.push(`  note: ${note}`);
    if (quality.issueCount > 0) {
        lines.push(
            `  ${plural(quality.issueCount, 'problem')} in rows; the first ${Math.min(SHOWN_IN_TERMINAL, problems.length)}:`
        );
        for (const p of problems.slice(0, SHOWN_IN_TERMINAL)) lines.push(`    ${problemLine(p)}`);
        lines.push(
            csvFile
                ? `  Full list: ${csvFile}`
                : `  Full list: run without --dry-run to write ${DATA_QUALITY_CSV}, or use --json`
        );
    }
    return lines;
}

/** The sf CLI's `warnings`: one plain sentence each, the ledger's verdict and its most telling lines first. */
export function dataQualityWarnings(quality: DataQuality, problems: DataProblem[]): string[] {
    const warnings = [...quality.reasons];
    for (const m of quality.missing.filter((m) => !m.essential))
        warnings.push(`missing ${m.source}: ${m.consequence}`);
    for (const kind of quality.kinds) {
        warnings.push(
            `${kind.source}: ${plural(kind.count, 'row')} ${kind.outcome} (${kind.kind}); first at ${problemLine(kind.first)}`
        );
    }
    for (const note of quality.notes) warnings.push(note);
    if (quality.issueCount > problems.length)
        warnings.push(`only the first ${MAX_LISTED_ISSUES} of ${quality.issueCount} problems are listed`);
    return warnings;
}

/** The ledger for `--json` results: counts, verdict, date span and the listed problems. */
export function dataQualityJson(quality: DataQuality, problems: DataProblem[]) {
    return {
        verdict: quality.verdict,
        reasons: quality.reasons,
        sources: quality.sources,
        missing: quality.missing,
        notes: quality.notes,
        span: quality.span,
        problemCount: quality.issueCount,
        // The first hundred; data-quality.csv has every listed one.
        problems: problems.slice(0, 100)
    };
}

/** data-quality.csv: every listed problem, then one row per missing source and note. */
export function dataQualityCsv(quality: DataQuality, problems: DataProblem[]): string {
    const rows = [
        ...quality.sources.map((t) => [
            'count',
            t.source,
            null,
            null,
            null,
            `${t.read} read, ${t.accepted} accepted, ${t.repaired} repaired, ${t.rejected} rejected, ${t.skipped} not needed`
        ]),
        ...quality.missing.map((m) => ['missing', m.source, null, null, null, m.consequence]),
        ...quality.notes.map((n) => ['note', null, null, null, null, n]),
        ...problems.map((p) => [p.outcome, p.source, p.line, p.column, p.recordId, p.message])
    ];
    return toCsv(['outcome', 'source', 'line', 'field', 'record_id', 'message'], rows);
}

/** What a command hands `runCommand` so the ledger reaches --json and the exit code. */
export function ledgerOf(dataset: Dataset): { quality: DataQuality; problems: DataProblem[] } {
    return { quality: dataset.quality, problems: dataset.problems };
}

/** Writes `<dir>/data-quality.csv` and returns its path. */
export function writeDataQualityCsv(dir: string, dataset: Dataset): string {
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, DATA_QUALITY_CSV);
    fs.writeFileSync(file, dataQualityCsv(dataset.quality, dataset.problems));
    return file;
}

/**
 * The ledger at the start of a command that reads data: written to `<dir>/data-quality.csv` (unless
 * `dir` is null, as in a dry run), told line by line through `info`, and returned for `runCommand`.
 */
export function announceDataQuality(
    dataset: Dataset,
    dir: string | null,
    info: (line: string) => void
): { quality: DataQuality; problems: DataProblem[] } {
    const ledger = ledgerOf(dataset);
    const csvFile = dir === null ? null : writeDataQualityCsv(dir, dataset);
    for (const line of dataQualityLines(ledger.quality, ledger.problems, csvFile)) info(line);
    return ledger;
}
