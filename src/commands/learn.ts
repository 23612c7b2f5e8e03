/**
 * `stageplay learn`: fits benchmarks on closed deals and publishes them (src/ops/learnBenchmarks.ts).
 */
import { Option, type Command } from 'commander';
import { addCommonOptions, parseIsoDate, sourceOf, type CommonFlags } from '../cli/flags';
import { HELP, commandWithHelp } from '../cli/help';
import { runCommand, type CliContext } from '../cli/run';
import { learnBenchmarks } from '../ops/learnBenchmarks';

export function registerLearn(program: Command, context: CliContext): void {
    const command = commandWithHelp(program, 'learn', HELP.learn);
    addCommonOptions(command, { periods: false })
        .addOption(
            new Option('--as-of <date>', 'learn from deals closed by this date (default: today)').argParser(
                parseIsoDate
            )
        )
        .action(async (flags: CommonFlags) => {
            await runCommand(context, 'learn', flags, (reporter) =>
                learnBenchmarks(
                    {
                        source: sourceOf(flags),
                        asOf: flags.asOf,
                        out: flags.out,
                        dryRun: Boolean(flags.dryRun)
                    },
                    reporter
                )
            );
        });
}
