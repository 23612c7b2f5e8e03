/**
 * Flags every command shares, parsed once into plain options for src/ops. Parsers throw commander's
 * InvalidArgumentError so bad values surface as usage errors (exit 2) with the flag named.
 */
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { formatCount, type PeriodSpec } from '../core';
import { shippedProcessDir } from '../packageRoot';
import { UsageError } from '../errors';
import type { SourceChoice } from '../ops/source';
export const DEFAULT_OUT_DIR = 'out';

export interface SourceFlags {
    targetOrg?: string;
    data?: string;
    sourceDir: string;
}

export interface CommonFlags extends SourceFlags {
    period: 'month' | 'quarter';
    fiscalStart: number;
    asOf?: string;
    out: string;
    json: boolean;
    dryRun: boolean;
}

export function parseIsoDate(value: string): string {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(value))
        throw new InvalidArgumentError(`expected YYYY-MM-DD, got "${value}".`);
    const date = new Date(`${value}T00:00:00Z`);
    if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
        throw new InvalidArgumentError(`"${value}" is not a calendar date.`);
    }
    return value;
}

export function parseFiscalStart(value: string): number {
    const month = Number(value);
    if (!Number.isInteger(month) || month < 1 || month > 12) {
        throw new InvalidArgumentError(`expected a month number 1-12 (1 = January), got "${value}".`);
    }
    return month;
}

/**
 * A parser for a whole-number flag within [min, max]. Only plain digits are accepted: "1e12", "2.5",
 * "-3", "0x10" and "Infinity" are usage errors (exit 2) that name the accepted range, never a run
 * that tries to generate a trillion deals.
 */
export function wholeNumberIn(min: number, max: number): (value: string) => number {
    const range = `${formatCount(min)} to ${formatCount(max)}`;
    return (value: string) => {
        const text = value.trim();
        const n = /^\d+$/.test(text) ? Number(text) : NaN;
        if (!Number.isSafeInteger(n) || n < min || n > max) {
            throw new InvalidArgumentError(`expected a whole number from ${range}, got "${value}".`);
        }
        return n;
    };
}

/** The most deals `seed` and `demo` generate in one run (a Data Export of several GB). */
export const MAX_DEALS = 5_000_000;
export const parseDealCount = wholeNumberIn(1, MAX_DEALS);
/** Random seeds: 32-bit unsigned, plenty for reproducible histories. */
export const parseRandomSeed = wholeNumberIn(0, 2 ** 32 - 1);

export function parseWeeksList(value: string): number[] {
    const weeks = value.split(',').map((part) => Number(part.trim()));
    if (weeks.length === 0 || weeks.some((w) => !Number.isInteger(w) || w < 0 || w > 52)) {
        throw new InvalidArgumentError(
            `expected comma-separated weeks 0-52 such as "2,4,8", got "${value}".`
        );
    }
    return [...new Set(weeks)].sort((a, b) => a - b);
}

export function addSourceOptions(command: Command): Command {
    return command
        .addOption(
            new Option(
                '-o, --target-org <alias|username>',
                'org to read/write: an sf alias or username (default: sf config target-org, or SF_ACCESS_TOKEN + SF_INSTANCE_URL)'
            ).conflicts('data')
        )
        .option('-d, --data <folder>', 'offline: a folder of Salesforce Data Export CSVs instead of an org')
        .addOption(sourceDirOption('where the process metadata lives (read offline with --data)'));
}

/**
 * --source-dir: the folder given, else the sample process shipped with Stageplay, found from the
 * installed package and never from the current directory (a stray force-app/ there is not ours).
 */
export function sourceDirOption(description: string): Option {
    return new Option('--source-dir <dir>', description).default(
        shippedProcessDir(),
        'the sample process shipped with Stageplay'
    );
}

export function addCommonOptions(
    command: Command,
    options: { dryRun?: boolean; periods?: boolean } = {}
): Command {
    addSourceOptions(command);
    if (options.periods !== false) {
        command
            .addOption(
                new Option('--period <unit>', 'forecast period')
                    .choices(['month', 'quarter'])
                    .default('quarter')
            )
            .option('--fiscal-start <month>', 'first month of the fiscal year, 1-12', parseFiscalStart, 1)
            .option('--as-of <date>', 'reconcile as of this date, YYYY-MM-DD (default: today)', parseIsoDate);
    }
    command
        .option('--out <dir>', 'where files are written', DEFAULT_OUT_DIR)
        .option('--json', 'print one machine-readable JSON object and nothing else', false);
    if (options.dryRun !== false) command.option('--dry-run', 'show what would change; write nothing', false);
    return command;
}

export function periodSpecOf(flags: Pick<CommonFlags, 'period' | 'fiscalStart'>): PeriodSpec {
    return { unit: flags.period, fiscalYearStartMonth: flags.fiscalStart };
}

/**
 * The common flags as the ops take them: the source chosen (`sourceOf`), the period spec, and
 * `--dry-run` as a plain boolean (commander leaves it undefined on commands without it).
 */
export function commonOptionsOf<F extends CommonFlags>(
    flags: F
): F & { source: SourceChoice; spec: PeriodSpec; dryRun: boolean } {
    return { ...flags, source: sourceOf(flags), spec: periodSpecOf(flags), dryRun: Boolean(flags.dryRun) };
}

/**
 * --data wins when given; otherwise the org (an explicit --target-org, the env token, or sf's default).
 * With neither, we still try the org so that `sf config set target-org` works, and the auth error says
 * how to log in.
 */
export function sourceOf(flags: SourceFlags): SourceChoice {
    if (flags.data !== undefined && flags.targetOrg !== undefined) {
        throw new UsageError('Give either --target-org or --data, not both.');
    }
    if (flags.data !== undefined) {
        return { kind: 'data', dir: path.resolve(flags.data), sourceDir: path.resolve(flags.sourceDir) };
    }
    return { kind: 'org', targetOrg: flags.targetOrg };
}
