/**
 * The offline process definition: the same stages, plays and parameters an org would give, read from
 * an SFDX source folder (ours or another company's), so one definition serves the org and the
 * Data Export paths alike.
 */
import type {
    FieldInfo,
    GoalDefinition,
    ParameterDefinition,
    PlayDefinition,
    ProcessDefinition
} from '../core';
import { StageplayError } from '../errors';
import { shippedProcessDir } from '../packageRoot';
import { readProcessSource, type ProcessSource, type ValidationIssue } from './processSource';
import { checkProcessSource, formatIssue } from './validateProcess';

/** How many issues the error message spells out; all of them are in `issues` / the --json details. */
const ISSUES_IN_MESSAGE = 10;

/** The source folder holds a process the core cannot use; `issues` says where and why. */
export class ProcessSourceError extends StageplayError {
    readonly issues: ValidationIssue[];

    constructor(sourceDir: string, issues: ValidationIssue[]) {
        const shown = issues.slice(0, ISSUES_IN_MESSAGE).map((issue) => `  ${formatIssue(issue)}`);
        const more =
            issues.length > ISSUES_IN_MESSAGE ? [`  ... and ${issues.length - ISSUES_IN_MESSAGE} more`] : [];
        super(
            'failure',
            [
                `The sales process in ${sourceDir} has ${issues.length} problem${issues.length === 1 ? '' : 's'} ` +
                    '(run `stageplay validate` for the full list):',
                ...shown,
                ...more
            ].join('\n'),
            { sourceDir, issues }
        );
        this.name = 'ProcessSourceError';
        this.issues = issues;
    }
}

/**
 * Reads the process from `sourceDir` (searched recursively for custom metadata records, Opportunity
 * fields and the OpportunityStage value set).
 *
 * @throws ProcessSourceError when the process does not validate: a half-read process would score
 *         deals against the wrong rules without anyone noticing.
 */
export async function loadProcessFromSource(sourceDir = shippedProcessDir()): Promise<ProcessDefinition> {
    const source = await readProcessSource(sourceDir);
    const issues = checkProcessSource(source);
    if (issues.length > 0) throw new ProcessSourceError(sourceDir, issues);
    return toProcessDefinition(source);
}

/** Builds the core's definition from a source that validated. */
export function toProcessDefinition(source: ProcessSource): ProcessDefinition {
    const stages = [...source.stages].sort((a, b) => a.sortOrder - b.sortOrder);
    const stageRank = new Map(stages.map((stage, index) => [stage.name, index]));

    const plays: PlayDefinition[] = source.plays
        .map((play) => ({
            name: play.name,
            label: play.label,
            stage: play.stage ?? '',
            order: play.order ?? 0,
            goal: play.goal ?? '',
            guidance: play.guidance ?? ''
        }))
        .sort(
            (a, b) =>
                (stageRank.get(a.stage) ?? Infinity) - (stageRank.get(b.stage) ?? Infinity) ||
                a.order - b.order ||
                a.name.localeCompare(b.name)
        );
    const playRank = new Map(plays.map((play, index) => [play.name, index]));
    const playStage = new Map(plays.map((play) => [play.name, play.stage]));

    const parameters: ParameterDefinition[] = source.parameters
        .map((parameter) => ({
            name: parameter.name,
            label: parameter.label,
            play: parameter.play ?? '',
            stage: playStage.get(parameter.play ?? '') ?? '',
            field: parameter.field ?? '',
            question: parameter.question ?? '',
            rule: (parameter.rule ?? '').trim(),
            weight: parameter.weight ?? 0,
            requiredToAdvance: parameter.requiredToAdvance,
            order: parameter.order ?? 0
        }))
        .sort(
            (a, b) =>
                (playRank.get(a.play) ?? Infinity) - (playRank.get(b.play) ?? Infinity) ||
                a.order - b.order ||
                a.name.localeCompare(b.name)
        );

    const fields: Record<string, FieldInfo> = {};
    for (const parameter of parameters) {
        const field = source.fields.get(parameter.field);
        if (field?.info) fields[parameter.field] = { ...field.info };
    }
    // Target_Conversion__c is a Percent field: 45 in the record means 0.45 to the core.
    const goals: GoalDefinition[] = (source.goals ?? [])
        .map((goal) => ({
            name: goal.name,
            label: goal.label,
            order: goal.order ?? 0,
            customerValue: goal.customerValue ?? '',
            measure: goal.measure ?? '',
            target: goal.targetPercent === null ? null : goal.targetPercent / 100
        }))
        .sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    return { stages, plays, parameters, fields, goals };
}
