/**
 * `stageplay validate` as a function: checks the sales process metadata in a source folder before it
 * is deployed or used offline. Every issue is listed (`file: record: field: message`) and the run
 * fails, so a CI step or a pre-deploy hook can stop a broken rule from reaching reps.
 */
import { formatPercentValue } from '../core';
import { StageplayError } from '../errors';
import type { Reporter } from '../output';
import { describeProcessDir } from '../packageRoot';
import { toProcessDefinition } from '../metadata/loadProcess';
import { readProcessSource } from '../metadata/processSource';
import { checkProcessSource, formatIssue } from '../metadata/validateProcess';
import type { CommandOutcome } from './outcome';

export async function validateSource(
    options: { sourceDir: string },
    reporter: Reporter
): Promise<CommandOutcome> {
    const source = await readProcessSource(options.sourceDir).catch((err: Error) => {
        throw new StageplayError('usage', `--source-dir ${err.message}`);
    });
    const issues = checkProcessSource(source);
    if (issues.length > 0) {
        for (const issue of issues) reporter.info(formatIssue(issue));
        reporter.info();
        throw new StageplayError(
            'failure',
            `${issues.length} problem${issues.length === 1 ? '' : 's'} in the sales process in ${describeProcessDir(options.sourceDir)}.`,
            { sourceDir: options.sourceDir, issues }
        );
    }
    const salesProcess = toProcessDefinition(source);
    const openStages = salesProcess.stages.filter((stage) => !stage.isClosed);
    const goalCount = salesProcess.goals?.length ?? 0;
    reporter.info(
        `The sales process in ${describeProcessDir(options.sourceDir)} is valid: ${salesProcess.stages.length} stages ` +
            `(${openStages.length} open), ${salesProcess.plays.length} plays, ${salesProcess.parameters.length} parameters, ` +
            `${goalCount === 0 ? 'no goals (Process_Goal records)' : `${goalCount} goal${goalCount === 1 ? '' : 's'}`}.`
    );
    reporter.table(
        openStages.map((stage) => {
            const plays = salesProcess.plays.filter((play) => play.stage === stage.name);
            const parameters = salesProcess.parameters.filter((parameter) => parameter.stage === stage.name);
            return {
                stage: stage.name,
                probability: formatPercentValue(stage.probability),
                category: stage.forecastCategory,
                plays: plays.length,
                parameters: parameters.length,
                required: parameters.filter((parameter) => parameter.requiredToAdvance).length,
                goal: [...new Set(plays.map((play) => play.goal).filter((goal) => goal !== ''))].join(', ')
            };
        }),
        [
            { key: 'stage', label: 'Stage' },
            { key: 'probability', label: 'Probability', align: 'right' },
            { key: 'category', label: 'Forecast category' },
            { key: 'plays', label: 'Plays', align: 'right' },
            { key: 'parameters', label: 'Parameters', align: 'right' },
            { key: 'required', label: 'Required to advance', align: 'right' },
            { key: 'goal', label: 'Goal' }
        ]
    );
    return {
        result: {
            sourceDir: options.sourceDir,
            stages: salesProcess.stages.length,
            plays: salesProcess.plays.length,
            parameters: salesProcess.parameters.length,
            goals: goalCount,
            issues: []
        }
    };
}
