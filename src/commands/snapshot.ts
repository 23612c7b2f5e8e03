/**
 * `stageplay snapshot`: records today's forecast rollups (total, per forecast category, per owner) so
 * that later reconciliations can compare with what was actually forecast at the time
 * (src/ops/storeSnapshot.ts).
 */
import type { Command } from 'commander';
import { addCommonOptions, commonOptionsOf, type CommonFlags } from '../cli/flags';
import { HELP, commandWithHelp } from '../cli/help';
import { runCommand, type CliContext } from '../cli/run';
import { performanceFromHistory } from '../ops/performanceFromHistory';
import { storeSnapshot } from '../ops/storeSnapshot';

export function registerSnapshot(program: Command, context: CliContext): void {
    const command = commandWithHelp(program, 'snapshot', HELP.snapshot);
    addCommonOptions(command).action(async (flags: CommonFlags) => {
        await runCommand(context, 'snapshot', flags, (reporter) =>
            storeSnapshot({ ...commonOptionsOf(flags), performanceAsOf: performanceFromHistory }, reporter)
        );
    });
}
