/**
 * `stageplay validate`: checks the sales process metadata in a source folder (src/ops/validateSource.ts).
 * Exit 0 when sound; exit 1 with every issue listed otherwise.
 */
import { Command } from 'commander';
import { sourceDirOption } from '../cli/flags';
import { runCommand, type CliContext } from '../cli/run';
import { validateSource } from '../ops/validateSource';

interface ValidateFlags {
    sourceDir: string;
    json?: boolean;
}

const processContext: CliContext = {
    streams: { stdout: process.stdout, stderr: process.stderr },
    setExitCode: (code) => {
        process.exitCode = code;
    }
};

export function validateCommand(context: CliContext = processContext): Command {
    return new Command('validate')
        .description(
            'Check the sales process metadata (stages, plays, parameters, rules and capture fields) in an SFDX source folder'
        )
        .addOption(sourceDirOption('SFDX source folder to check (searched recursively)'))
        .option('--json', 'print one machine-readable JSON object and nothing else', false)
        .action(async (flags: ValidateFlags) => {
            await runCommand(context, 'validate', flags, (reporter) => validateSource(flags, reporter));
        });
}
