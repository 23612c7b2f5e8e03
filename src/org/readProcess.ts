/**
 * The sales process as the org holds it: stages from `OpportunityStage`, plays and parameters from
 * the deployed custom metadata, and the capture fields from the Opportunity describe. The same
 * `ProcessDefinition` the offline path builds from the repo's XML, so one definition serves both.
 */
import type {
    FieldInfo,
    ForecastCategory,
    GoalDefinition,
    ParameterDefinition,
    PlayDefinition,
    ProcessDefinition,
    StageDefinition
} from '../core';
import { fieldTypeOf } from '../core';
import { parseForecastCategoryCell } from '../dataExport/values';
import { OrgProcessError } from './errors';
import { orgRequest, queryAllPages, retryPolicy, type RetryPolicy, type OrgConnection } from './http';

interface StageRow {
    ApiName: string;
    MasterLabel: string | null;
    DefaultProbability: number | null;
    ForecastCategoryName: string | null;
    IsClosed: boolean;
    IsWon: boolean;
    IsActive: boolean;
    SortOrder: number | null;
}

interface PlayRow {
    DeveloperName: string;
    MasterLabel: string | null;
    Stage__c: string | null;
    Order__c: number | null;
    Goal__c: string | null;
    Guidance__c: string | null;
}

interface ParameterRow {
    DeveloperName: string;
    MasterLabel: string | null;
    Play__r: { DeveloperName: string } | null;
    Field__c: string | null;
    Question__c: string | null;
    Rule__c: string | null;
    Weight__c: number | null;
    Required_To_Advance__c: boolean | null;
    Order__c: number | null;
}

interface GoalRow {
    DeveloperName: string;
    MasterLabel: string | null;
    Order__c: number | null;
    Customer_Value__c: string | null;
    Measure__c: string | null;
    /** A Percent field: 45 means 45%. */
    Target_Conversion__c: number | null;
}

interface DescribeField {
    name: string;
    label: string;
    type: string;
    picklistValues?: Array<{ value: string; active: boolean }>;
}

export const STAGE_QUERY =
    'SELECT ApiName, MasterLabel, DefaultProbability, ForecastCategoryName, IsClosed, IsWon, IsActive, SortOrder ' +
    'FROM OpportunityStage ORDER BY SortOrder';
export const PLAY_QUERY =
    'SELECT DeveloperName, MasterLabel, Stage__c, Order__c, Goal__c, Guidance__c FROM Stage_Play__mdt';
export const PARAMETER_QUERY =
    'SELECT DeveloperName, MasterLabel, Play__r.DeveloperName, Field__c, Question__c, Rule__c, Weight__c, ' +
    'Required_To_Advance__c, Order__c FROM Play_Parameter__mdt';

export const GOAL_QUERY =
    'SELECT DeveloperName, MasterLabel, Order__c, Customer_Value__c, Measure__c, Target_Conversion__c FROM Process_Goal__mdt';

/** An org where Process_Goal__mdt is not deployed yet has no goals; the rest of the process works without them. */
function withoutGoalType(err: unknown): GoalRow[] {
    if ((err as { errorCode?: string }).errorCode === 'INVALID_TYPE') return [];
    throw err;
}

function goalOf(row: GoalRow): GoalDefinition {
    return {
        name: row.DeveloperName,
        label: row.MasterLabel ?? row.DeveloperName,
        order: row.Order__c ?? 0,
        customerValue: row.Customer_Value__c ?? '',
        measure: row.Measure__c ?? '',
        target: row.Target_Conversion__c === null ? null : row.Target_Conversion__c / 100
    };
}

export function fieldInfoFromDescribe(field: DescribeField): FieldInfo | null {
    const type = fieldTypeOf(field.type);
    if (!type) return null;
    const info: FieldInfo = { apiName: field.name, label: field.label, type };
    if (type === 'picklist' || type === 'multipicklist') {
        info.picklistValues = (field.picklistValues ?? []).filter((v) => v.active).map((v) => v.value);
    }
    return info;
}

export interface ReadProcessOptions {
    retry?: Partial<RetryPolicy>;
}

export async function readProcessFromOrg(
    conn: OrgConnection,
    options: ReadProcessOptions = {}
): Promise<ProcessDefinition> {
    const policy = retryPolicy(options.retry);
    const issues: Array<{ record: string; field: string | null; message: string }> = [];
    const [stageRows, playRows, parameterRows, describe, goalRows] = await Promise.all([
        queryAllPages<StageRow>(conn, STAGE_QUERY, policy),
        queryAllPages<PlayRow>(conn, PLAY_QUERY, policy),
        queryAllPages<ParameterRow>(conn, PARAMETER_QUERY, policy),
        orgRequest<{ fields: DescribeField[] }>(
            conn,
            { method: 'GET', path: '/sobjects/Opportunity/describe' },
            'Describe Opportunity',
            policy
        ),
        queryAllPages<GoalRow>(conn, GOAL_QUERY, policy).catch(withoutGoalType)
    ]);

    const stages: StageDefinition[] = stageRows.map((row, index) => {
        const category = parseForecastCategoryCell(row.ForecastCategoryName ?? undefined);
        if (!category.ok || category.value === null) {
            issues.push({
                record: `OpportunityStage ${row.ApiName}`,
                field: 'ForecastCategoryName',
                message: category.ok ? 'blank forecast category' : category.message
            });
        }
        return {
            name: row.ApiName,
            label: row.MasterLabel ?? row.ApiName,
            probability: (row.DefaultProbability ?? 0) / 100,
            forecastCategory: (category.ok && category.value
                ? category.value
                : 'Pipeline') as ForecastCategory,
            isClosed: row.IsClosed,
            isWon: row.IsWon,
            isActive: row.IsActive,
            sortOrder: row.SortOrder ?? index + 1
        };
    });
    const stageOrder = new Map(stages.map((s) => [s.name, s.sortOrder]));

    const plays: PlayDefinition[] = [];
    for (const row of playRows) {
        const record = `Stage_Play.${row.DeveloperName}`;
        if (!row.Stage__c || !stageOrder.has(row.Stage__c)) {
            issues.push({
                record,
                field: 'Stage__c',
                message: row.Stage__c
                    ? `stage "${row.Stage__c}" is not an Opportunity stage in this org`
                    : 'stage is blank'
            });
            continue;
        }
        plays.push({
            name: row.DeveloperName,
            label: row.MasterLabel ?? row.DeveloperName,
            stage: row.Stage__c,
            order: row.Order__c ?? 0,
            goal: row.Goal__c ?? '',
            guidance: row.Guidance__c ?? ''
        });
    }
    plays.sort(
        (a, b) =>
            stageOrder.get(a.stage)! - stageOrder.get(b.stage)! ||
            a.order - b.order ||
            a.name.localeCompare(b.name)
    );
    const playByName = new Map(plays.map((p) => [p.name, p]));

    const describedFields = new Map(describe.body.fields.map((f) => [f.name.toLowerCase(), f]));
    const fields: Record<string, FieldInfo> = {};
    const parameters: ParameterDefinition[] = [];
    for (const row of parameterRows) {
        const record = `Play_Parameter.${row.DeveloperName}`;
        const play = row.Play__r ? playByName.get(row.Play__r.DeveloperName) : undefined;
        if (!play) {
            issues.push({
                record,
                field: 'Play__c',
                message: row.Play__r
                    ? `play "${row.Play__r.DeveloperName}" is missing or unusable`
                    : 'play is blank'
            });
            continue;
        }
        const described = row.Field__c ? describedFields.get(row.Field__c.toLowerCase()) : undefined;
        if (!described) {
            issues.push({
                record,
                field: 'Field__c',
                message: row.Field__c
                    ? `Opportunity has no field "${row.Field__c}" (or this user cannot see it)`
                    : 'field is blank'
            });
            continue;
        }
        const info = fieldInfoFromDescribe(described);
        if (!info) {
            issues.push({
                record,
                field: 'Field__c',
                message: `Opportunity.${described.name} is a ${described.type} field, which cannot capture an answer`
            });
            continue;
        }
        fields[info.apiName] = info;
        parameters.push({
            name: row.DeveloperName,
            label: row.MasterLabel ?? row.DeveloperName,
            play: play.name,
            stage: play.stage,
            field: info.apiName,
            question: row.Question__c ?? '',
            rule: row.Rule__c ?? '',
            weight: row.Weight__c ?? 1,
            requiredToAdvance: row.Required_To_Advance__c === true,
            order: row.Order__c ?? 0
        });
    }
    if (issues.length) throw new OrgProcessError(issues);
    const playIndex = new Map(plays.map((p, i) => [p.name, i]));
    parameters.sort(
        (a, b) =>
            playIndex.get(a.play)! - playIndex.get(b.play)! ||
            a.order - b.order ||
            a.name.localeCompare(b.name)
    );
    const goals = goalRows.map(goalOf).sort((a, b) => a.order - b.order || a.name.localeCompare(b.name));
    return { stages, plays, parameters, fields, goals };
}
