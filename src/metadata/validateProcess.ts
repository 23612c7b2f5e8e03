/**
 * Checks a sales process before it reaches an org or the core: every rule parses and suits its
 * field, every field and play a record names exists, every play sits in a known open stage, orders
 * are unambiguous, weights lie in a sane range, no record is defined twice and every file in a
 * customMetadata folder is named as a record of a known type. Each issue names the file,
 * the record and the field to fix. Nothing is skipped silently: a record the core could not use is
 * an issue here.
 */
import path from 'node:path';
import type { FieldInfo, Rule } from '../core';
import { parseRule, RuleError } from '../core';
import {
    displayPath,
    PLAY_PARAMETER_TYPE,
    PROCESS_GOAL_TYPE,
    readProcessSource,
    recordName,
    STAGE_PLAY_TYPE,
    type GoalRecord,
    type ParameterRecord,
    type PlayRecord,
    type ProcessSource,
    type ValidationIssue
} from './processSource';

export type { ValidationIssue } from './processSource';

/** Reads `sourceDir` (recursively) and returns every problem found; an empty list means the process is sound. */
export async function validateProcessSource(sourceDir: string): Promise<ValidationIssue[]> {
    return checkProcessSource(await readProcessSource(sourceDir));
}

/** The checks themselves, on a source already read. */
export function checkProcessSource(source: ProcessSource): ValidationIssue[] {
    const issues: ValidationIssue[] = [...source.problems];
    if (source.stagesFile === null) {
        issues.push({
            file: displayPath(source.sourceDir),
            record: null,
            field: null,
            message:
                'no Opportunity stages found: expected standardValueSets/OpportunityStage.standardValueSet-meta.xml ' +
                '(retrieve it with `sf project retrieve start --metadata StandardValueSet:OpportunityStage`)'
        });
    }
    if (source.plays.length === 0 && source.parameters.length === 0) {
        issues.push({
            file: displayPath(source.sourceDir),
            record: null,
            field: null,
            message:
                'no Stage_Play or Play_Parameter custom metadata records found (customMetadata/*.md-meta.xml)'
        });
    }
    issues.push(...duplicateNames(STAGE_PLAY_TYPE, source.plays));
    issues.push(...duplicateNames(PLAY_PARAMETER_TYPE, source.parameters));
    issues.push(...checkPlays(source));
    issues.push(...checkParameters(source));
    issues.push(...duplicateNames(PROCESS_GOAL_TYPE, source.goals ?? []));
    issues.push(...checkGoals(source));
    issues.push(...checkRecordFileNames(source.files ?? []));
    return issues;
}

/**
 * Weights are relative (the sample process uses 1-3), and the Weight__c field holds 5 digits with 2
 * decimals: a weight outside this range is a typo, or a number that would swamp or overflow the
 * weighted share.
 */
export const WEIGHT_RANGE = { min: 0.01, max: 100 } as const;

// `Type.Record.md-meta.xml` (source format) or `Type.Record.md` (retrieved, Metadata API format).
const RECORD_FILE_NAME = /^([A-Za-z][A-Za-z0-9_]*)\.([A-Za-z][A-Za-z0-9_]*)\.md(-meta\.xml)?$/;

/**
 * A record file whose name does not match a custom metadata type is skipped by the reader (and by a
 * deploy): the record silently does not exist. Every file in a `customMetadata` folder must be
 * `<Type>.<Record>.md-meta.xml` for a Stageplay type or for a type the folder defines (`objects/<Type>__mdt`).
 */
export function checkRecordFileNames(files: string[]): ValidationIssue[] {
    const types = new Set<string>([STAGE_PLAY_TYPE, PLAY_PARAMETER_TYPE, PROCESS_GOAL_TYPE]);
    for (const file of files) {
        const defined = /[\\/]objects[\\/]([A-Za-z0-9_]+)__mdt[\\/]/.exec(file);
        if (defined) types.add(defined[1]);
    }
    const known = [...types].sort().join(', ');
    const issues: ValidationIssue[] = [];
    for (const file of files) {
        if (path.basename(path.dirname(file)) !== 'customMetadata') continue;
        const base = path.basename(file);
        const problem = (message: string) =>
            issues.push({ file: displayPath(file), record: null, field: null, message });
        const mdt = /^([A-Za-z0-9_]+)__mdt\.([A-Za-z0-9_]+)\./.exec(base);
        if (mdt) {
            problem(
                `a record file names its type without __mdt: rename it to ${mdt[1]}.${mdt[2]}.md-meta.xml, or the record is ignored`
            );
            continue;
        }
        const match = RECORD_FILE_NAME.exec(base);
        if (!match) {
            problem(
                `not a custom metadata record file name: expected <Type>.<RecordName>.md-meta.xml (types: ${known}), or the record is ignored`
            );
            continue;
        }
        if (!types.has(match[1])) {
            const close = [...types].find((type) => type.toLowerCase() === match[1].toLowerCase());
            problem(
                close
                    ? `type "${match[1]}" is spelled differently from the type ${close} (names are case-sensitive): rename the file to ${close}.${match[2]}.md-meta.xml`
                    : `"${match[1]}" is not a Stageplay custom metadata type (${known}) and no objects/${match[1]}__mdt is defined here: the record is ignored; fix the name or remove the file`
            );
        }
    }
    return issues;
}

/** Formats an issue the way the CLI prints it: `file: record: field: message`. */
export function formatIssue(issue: ValidationIssue): string {
    return [issue.file, issue.record, issue.field, issue.message].filter((part) => part !== null).join(': ');
}

function issueFor(
    type: string,
    record: { name: string; file: string },
    field: string | null,
    message: string
): ValidationIssue {
    return { file: displayPath(record.file), record: recordName(type, record.name), field, message };
}

/** Each record whose key (null: not checked) an earlier record already has, with that first record. */
function repeatsByKey<T>(
    records: readonly T[],
    keyOf: (record: T) => string | null
): Array<{ record: T; first: T }> {
    const repeats: Array<{ record: T; first: T }> = [];
    const seen = new Map<string, T>();
    for (const record of records) {
        const key = keyOf(record);
        if (key === null) continue;
        const first = seen.get(key);
        if (first) repeats.push({ record, first });
        else seen.set(key, record);
    }
    return repeats;
}

/** DeveloperNames are case-insensitive in an org: `Org_Size` and `org_size` collide on deploy. */
function duplicateNames(type: string, records: Array<{ name: string; file: string }>): ValidationIssue[] {
    return repeatsByKey(records, (record) => record.name.toLowerCase()).map(({ record, first }) =>
        issueFor(
            type,
            record,
            null,
            `duplicate DeveloperName: ${recordName(type, first.name)} is already defined in ${displayPath(first.file)}`
        )
    );
}

function duplicateOrders<T extends { name: string; file: string; order: number | null }>(
    type: string,
    records: T[],
    groupOf: (record: T) => string | null,
    groupLabel: string
): ValidationIssue[] {
    const orderKey = (record: T): string | null => {
        const group = groupOf(record);
        if (group === null || record.order === null) return null;
        return `${group}\u0000${record.order}`;
    };
    return repeatsByKey(records, orderKey).map(({ record, first }) =>
        issueFor(
            type,
            record,
            'Order__c',
            `order ${record.order} is already used by ${recordName(type, first.name)} in ${groupLabel} "${groupOf(record)}"; orders must be unique there`
        )
    );
}

/** What a play names by value (its stage, its goal), and how the issues with that reference read. */
interface PlayReference<T extends { name: string }> {
    field: string;
    /** The records the value must name, by name; null when there are none to check against. */
    byName: Map<string, T> | null;
    missing: string;
    notFound: (value: string) => string;
    /** Said after the near spelling when only the case differs. */
    caseNote: string;
    /** Said instead when no record is near. */
    known: string;
}

/**
 * The record a play's `value` names; null, with the issue said, when it names none (or one that is
 * not there, suggesting the record spelt alike but for case).
 */
function referenced<T extends { name: string }>(
    play: PlayRecord,
    value: string | null,
    reference: PlayReference<T>,
    issues: ValidationIssue[]
): T | null {
    const say = (message: string) => issues.push(issueFor(STAGE_PLAY_TYPE, play, reference.field, message));
    if (value === null) {
        say(reference.missing);
        return null;
    }
    if (reference.byName === null) return null;
    const record = reference.byName.get(value);
    if (record) return record;
    const near = [...reference.byName.values()].find((r) => r.name.toLowerCase() === value.toLowerCase());
    say(
        reference.notFound(value) +
            (near ? ` (did you mean "${near.name}"?${reference.caseNote})` : `; ${reference.known}`)
    );
    return null;
}

function checkPlays(source: ProcessSource): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const stagesFile = source.stagesFile;
    const stages: PlayReference<ProcessSource['stages'][number]> = {
        field: 'Stage__c',
        // Without the stages file there is nothing to check a stage value against.
        byName: stagesFile === null ? null : new Map(source.stages.map((stage) => [stage.name, stage])),
        missing: 'has no stage: set it to an Opportunity stage API value',
        notFound: (value) => `stage "${value}" is not an Opportunity stage in ${displayPath(stagesFile!)}`,
        caseNote: ' stage values are case-sensitive',
        known: `known stages: ${source.stages.map((stage) => `"${stage.name}"`).join(', ')}`
    };
    for (const play of source.plays) {
        const stage = referenced(play, play.stage, stages, issues);
        if (stage) {
            if (stage.isClosed) {
                issues.push(
                    issueFor(
                        STAGE_PLAY_TYPE,
                        play,
                        'Stage__c',
                        `stage "${play.stage}" is a closed stage; plays belong to the open stages a deal works through`
                    )
                );
            } else if (!stage.isActive) {
                issues.push(issueFor(STAGE_PLAY_TYPE, play, 'Stage__c', `stage "${play.stage}" is inactive`));
            }
        }
        if (play.order === null) issues.push(issueFor(STAGE_PLAY_TYPE, play, 'Order__c', 'has no order'));
    }
    issues.push(...duplicateOrders(STAGE_PLAY_TYPE, source.plays, (play) => play.stage, 'stage'));
    return issues;
}

function checkParameters(source: ProcessSource): ValidationIssue[] {
    const issues: ValidationIssue[] = [];
    const plays = new Map<string, PlayRecord>();
    for (const play of source.plays) if (!plays.has(play.name)) plays.set(play.name, play);
    for (const parameter of source.parameters) {
        const fail = (field: string | null, message: string) =>
            issues.push(issueFor(PLAY_PARAMETER_TYPE, parameter, field, message));

        if (parameter.play === null) {
            fail('Play__c', 'has no play: set it to the DeveloperName of a Stage_Play record');
        } else if (!plays.has(parameter.play)) {
            const near = source.plays.find(
                (play) => play.name.toLowerCase() === parameter.play!.toLowerCase()
            );
            fail(
                'Play__c',
                `play "${parameter.play}" is not a Stage_Play record` +
                    (near
                        ? ` (did you mean "${near.name}"?)`
                        : `; known plays: ${source.plays.map((play) => play.name).join(', ') || 'none'}`)
            );
        }

        if (parameter.question === null) fail('Question__c', 'has no question for the rep');

        const field = checkField(source, parameter, fail);

        let rule: Rule | null = null;
        if (parameter.rule === null || parameter.rule.trim() === '') {
            fail('Rule__c', 'has no rule: say what a good answer is, e.g. ">= 100", "= true" or "not blank"');
        } else {
            try {
                rule = parseRule(parameter.rule, recordName(PLAY_PARAMETER_TYPE, parameter.name));
            } catch (err) {
                if (!(err instanceof RuleError)) throw err;
                fail('Rule__c', withoutWhere(err));
            }
        }
        if (rule && field) {
            const mismatch = ruleMismatch(rule, field);
            if (mismatch) fail('Rule__c', `rule "${parameter.rule!.trim()}" ${mismatch}`);
        }

        if (parameter.weight === null) fail('Weight__c', 'has no weight: set a number greater than 0');
        else if (!(parameter.weight > 0))
            fail('Weight__c', `weight ${parameter.weight} must be greater than 0`);
        else if (!(parameter.weight >= WEIGHT_RANGE.min && parameter.weight <= WEIGHT_RANGE.max))
            fail(
                'Weight__c',
                `weight ${parameter.weight} is outside ${WEIGHT_RANGE.min}-${WEIGHT_RANGE.max}: weights are relative ` +
                    '(the sample process uses 1-3), so a weight this size is a typo or swamps every other parameter'
            );

        if (parameter.order === null) fail('Order__c', 'has no order');
    }
    issues.push(
        ...duplicateOrders(PLAY_PARAMETER_TYPE, source.parameters, (parameter) => parameter.play, 'play')
    );
    return issues;
}

/** The record is already named by the issue; the parser's message repeats it. */
function withoutWhere(err: RuleError): string {
    return err.where && err.message.startsWith(`${err.where}: `)
        ? err.message.slice(err.where.length + 2)
        : err.message;
}

function checkField(
    source: ProcessSource,
    parameter: ParameterRecord,
    fail: (field: string | null, message: string) => void
): FieldInfo | null {
    if (parameter.field === null) {
        fail(
            'Field__c',
            'has no Opportunity field: set it to the API name of the field that captures the answer'
        );
        return null;
    }
    const found = source.fields.get(parameter.field);
    if (found) {
        if (found.unusable || !found.info) {
            fail(
                'Field__c',
                `Opportunity field "${parameter.field}" ${found.unusable ?? 'cannot capture a parameter'}`
            );
            return null;
        }
        return found.info;
    }
    if (/^opportunity\./i.test(parameter.field)) {
        fail(
            'Field__c',
            `write the field without the object: "${parameter.field.replace(/^opportunity\./i, '')}"`
        );
        return null;
    }
    const near = [...source.fields.keys()].find(
        (name) => name.toLowerCase() === parameter.field!.toLowerCase()
    );
    fail(
        'Field__c',
        `Opportunity field "${parameter.field}" does not exist in the source folder` +
            (near
                ? ` (did you mean "${near}"? write the API name exactly as defined)`
                : ' (expected objects/Opportunity/fields/' +
                  parameter.field +
                  '.field-meta.xml or a standard Opportunity field)')
    );
    return null;
}

const NUMERIC_TYPES = new Set(['number', 'currency', 'percent']);

/** Why a rule cannot judge this field's values sensibly, or null when it can. */
function ruleMismatch(rule: Rule, field: FieldInfo): string | null {
    const what = `Opportunity.${field.apiName} (${field.type})`;
    const numeric = NUMERIC_TYPES.has(field.type);
    const picklist = field.type === 'picklist' || field.type === 'multipicklist';
    const unknownValues = (values: string[]): string | null => {
        if (!picklist || !field.picklistValues || field.picklistValues.length === 0) return null;
        const known = new Set(field.picklistValues.map((value) => value.toLowerCase()));
        const missing = values.filter((value) => !known.has(value.trim().toLowerCase()));
        return missing.length === 0
            ? null
            : `names ${missing.map((value) => `"${value}"`).join(', ')}, not a value of ${what}; its values are ${field.picklistValues.join(', ')}`;
    };

    if (field.type === 'boolean') {
        if (rule.kind === 'notBlank' || rule.kind === 'blank') {
            return `can never fail or pass on ${what}: a checkbox is never blank; use "= true" or "= false"`;
        }
        if (rule.kind !== 'compare' || typeof rule.value !== 'boolean') {
            return `does not suit ${what}: a checkbox takes "= true" or "= false"`;
        }
        return null;
    }
    switch (rule.kind) {
        case 'notBlank':
        case 'blank':
            return null;
        case 'between':
            return numeric ? null : `compares numbers, but ${what} does not hold a number`;
        case 'in':
            return unknownValues(rule.values);
        case 'compare':
            if (typeof rule.value === 'boolean')
                return `compares with ${rule.value}, but ${what} is not a checkbox`;
            if (typeof rule.value === 'number') {
                if (numeric) return null;
                if (rule.op === '=' || rule.op === '!=') return unknownValues([String(rule.value)]);
                return `compares numbers, but ${what} does not hold a number`;
            }
            if (numeric) return `compares with "${rule.value}", but ${what} holds a number`;
            return unknownValues([rule.value]);
    }
}

/**
 * Goals are optional (a process defined before them still works), but once any is defined: every
 * play names one, every goal has plays, orders are unique, targets are percentages, and the goals
 * follow the stages. A goal spans its plays' stages and the funnel counts a deal as entering the
 * next goal when it reaches that goal's first stage, so overlapping goals would count one stage
 * visit as both entering and leaving a goal.
 */
function checkGoals(source: ProcessSource): ValidationIssue[] {
    const goals = source.goals ?? [];
    if (goals.length === 0) return [];
    const issues: ValidationIssue[] = [];
    const fail = (goal: GoalRecord, field: string | null, message: string) =>
        issues.push(issueFor(PROCESS_GOAL_TYPE, goal, field, message));
    const knownGoals = goals.map((goal) => goal.name).join(', ');
    const byGoal: PlayReference<GoalRecord> = {
        field: 'Goal__c',
        byName: new Map(goals.map((goal) => [goal.name, goal])),
        missing: `has no goal: set it to a Process_Goal record (${knownGoals})`,
        notFound: (value) => `goal "${value}" is not a Process_Goal record`,
        caseNote: '',
        known: `known goals: ${knownGoals}`
    };
    for (const play of source.plays) referenced(play, play.goal, byGoal, issues);

    const rank = new Map(source.stages.map((stage, index) => [stage.name, index]));
    const orderSeen = new Map<number, GoalRecord>();
    for (const goal of goals) {
        if (goal.order === null) fail(goal, 'Order__c', 'has no order');
        else if (orderSeen.has(goal.order))
            fail(
                goal,
                'Order__c',
                `order ${goal.order} is already used by ${recordName(PROCESS_GOAL_TYPE, orderSeen.get(goal.order)!.name)}; goal orders must be unique`
            );
        else orderSeen.set(goal.order, goal);
        if (goal.targetPercent !== null && !(goal.targetPercent >= 0 && goal.targetPercent <= 100))
            fail(
                goal,
                'Target_Conversion__c',
                `target ${goal.targetPercent}% is outside 0-100%: it is the share of decided deals that reach the next goal`
            );
        if (!source.plays.some((play) => play.goal === goal.name))
            fail(
                goal,
                null,
                'no play names this goal (Stage_Play Goal__c): it has no stage, so no deal can enter it'
            );
    }

    // Stage order: each goal's stages must all come after every earlier goal's.
    const ordered = goals
        .filter((goal) => goal.order !== null)
        .sort((a, b) => a.order! - b.order! || a.name.localeCompare(b.name));
    let latest: { goal: GoalRecord; rank: number } | null = null;
    for (const goal of ordered) {
        const ranks = source.plays
            .filter((play) => play.goal === goal.name && play.stage !== null && rank.has(play.stage))
            .map((play) => rank.get(play.stage!)!);
        if (ranks.length === 0) continue;
        const first = Math.min(...ranks);
        if (latest && first <= latest.rank) {
            fail(
                goal,
                'Order__c',
                `its plays start in stage "${source.stages[first].name}", which is not after the stages of ` +
                    `${recordName(PROCESS_GOAL_TYPE, latest.goal.name)} (order ${latest.goal.order}, up to "${source.stages[latest.rank].name}"): ` +
                    'goals must follow the stage order, or a deal would be in two goals at once; reorder the goals or move the plays'
            );
        }
        const last = Math.max(...ranks);
        if (!latest || last > latest.rank) latest = { goal, rank: last };
    }
    return issues;
}
