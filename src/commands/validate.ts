/**
 * `stageplay validate`: checks the sales process metadata in a source folder before it is deployed
 * or used offline. Exit 0 when sound; exit 1 with every issue listed (`file: record: field: message`)
 * otherwise, so a CI step or a pre-deploy hook can stop a broken rule from reaching reps.
 */
import { Command } from 'commander';
import { StageplayError } from '../errors';
import { sourceDirOption } from '../cli/flags';
import { describeProcessDir } from '../packageRoot';
import { runCommand, type CliContext } from '../cli/run';
import { toProcessDefinition } from '../metadata/loadProcess';
import { readProcessSource } from '../metadata/processSource';
import { checkProcessSource, formatIssue } from '../metadata/validateProcess';

export interface ValidateFlags {
    sourceDir: string;
    json?: boolean;
}

const processContext: CliContext = {
    streams: { stdout: process.stdout, stderr: process.stderr },
    setExitCode: (code) => {
        process.exitCode = code;
    }
};

export async function runValidate(context: CliContext, flags: ValidateFlags): Promise<void> {
    await runCommand(context, 'validate', flags, async (reporter) => {
        const source = await readProcessSource(flags.sourceDir).catch((err: Error) => {
            throw new StageplayError('usage', `--source-dir ${err.message}`);
        });
        const issues = checkProcessSource(source);
        if (issues.length > 0) {
            for (const issue of issues) reporter.info(formatIssue(issue));
            reporter.info();
            throw new StageplayError(
                'failure',
                `${issues.length} problem${issues.length === 1 ? '' : 's'} in the sales process in ${describeProcessDir(flags.sourceDir)}.`,
                { sourceDir: flags.sourceDir, issues }
            );
        }
        const process = toProcessDefinition(source);
        const openStages = process.stages.filter((stage) => !stage.isClosed);
        reporter.info(
            `The sales process in ${describeProcessDir(flags.sourceDir)} is valid: ${process.stages.length} stages ` +
                `(${openStages.length} open), ${process.plays.length} plays, ${process.parameters.length} parameters.`
        );
        reporter.table(
            openStages.map((stage) => {
                const plays = process.plays.filter((play) => play.stage === stage.name);
                const parameters = process.parameters.filter((parameter) => parameter.stage === stage.name);
                return {
                    stage: stage.name,
                    probability: `${Math.round(stage.probability * 100)}%`,
                    category: stage.forecastCategory,
                    plays: plays.length,
                    parameters: parameters.length,
                    required: parameters.filter((parameter) => parameter.requiredToAdvance).length
                };
            }),
            [
                { key: 'stage', label: 'Stage' },
                { key: 'probability', label: 'Probability', align: 'right' },
                { key: 'category', label: 'Forecast category' },
                { key: 'plays', label: 'Plays', align: 'right' },
                { key: 'parameters', label: 'Parameters', align: 'right' },
                { key: 'required', label: 'Required to advance', align: 'right' }
            ]
        );
        return {
            result: {
                sourceDir: flags.sourceDir,
                stages: process.stages.length,
                plays: process.plays.length,
                parameters: process.parameters.length,
                issues: []
            }
        };
    });
}

export function validateCommand(context: CliContext = processContext): Command {
    return new Command('validate')
        .description(
            'Check the sales process metadata (stages, plays, parameters, rules and capture fields) in an SFDX source folder'
        )
        .addOption(sourceDirOption('SFDX source folder to check (searched recursively)'))
        .option('--json', 'print one machine-readable JSON object and nothing else', false)
        .action(async (flags: ValidateFlags) => {
            await runValidate(context, flags);
        });
}
