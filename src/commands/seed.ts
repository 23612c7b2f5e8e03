/**
 * `stageplay seed`: realistic, deterministic sales history for a sandbox or a Data Export folder
 * (src/ops/seedHistory.ts).
 */
import type { Command } from 'commander';
import { formatCount } from '../core';
import {
    addSourceOptions,
    parseIsoDate,
    MAX_DEALS,
    parseDealCount,
    parseRandomSeed,
    sourceOf
} from '../cli/flags';
import { HELP, commandWithHelp } from '../cli/help';
import { runCommand, type CliContext } from '../cli/run';
import { DEFAULT_SEED_DEALS, seedHistory, type SeedOptions } from '../ops/seedHistory';

interface SeedFlags extends Omit<SeedOptions, 'source'> {
    targetOrg?: string;
    data?: string;
    sourceDir: string;
    json: boolean;
}

export function registerSeed(program: Command, context: CliContext): void {
    const command = commandWithHelp(program, 'seed', HELP.seed);
    addSourceOptions(command)
        .option(
            '--deals <n>',
            `how many opportunities, 1-${formatCount(MAX_DEALS)}`,
            parseDealCount,
            DEFAULT_SEED_DEALS
        )
        .option('--seed <n>', 'random seed: the same seed gives the same history', parseRandomSeed, 42)
        .option('--today <date>', 'history ends on this date, YYYY-MM-DD (default: today)', parseIsoDate)
        .option('--out <dir>', 'where failures-seed.csv goes', 'out')
        .option('--json', 'print one machine-readable JSON object and nothing else', false)
        .option('--dry-run', 'generate and count; write nothing', false)
        .option('--allow-production', 'allow seeding a production org (never do this by accident)', false)
        .action(async (flags: SeedFlags) => {
            await runCommand(context, 'seed', flags, (reporter) =>
                seedHistory({ ...flags, source: sourceOf(flags) }, reporter)
            );
        });
}
