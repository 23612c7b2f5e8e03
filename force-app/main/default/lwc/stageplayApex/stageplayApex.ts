/**
 * `c/stageplayApex` (service module, no template): the edge between Salesforce's shapes and the
 * core's, shared by the Deal Health, Account Health and Sales Goals components. Turns the Apex payloads
 * (`DealHealthController.getProcessContext`, `AccountHealthController.getAccountContext`,
 * `SalesGoalsController.getSalesGoals` in `performance.ts`) and the
 * Lightning Data Service record into the core's ProcessDefinition, Benchmarks and deal, and reads
 * errors into messages (`errors.ts`). Salesforce stores percentages as 0..100 and
 * forecast categories under two spellings; the core wants fractions and one spelling, so the
 * conversion happens here once.
 */
import type {
    ApexBenchmarkRow,
    ApexField,
    ApexHistoryRow,
    ApexSalesProcess
} from '@salesforce/apex/DealHealthController.getProcessContext';
import type { RecordRepresentation } from 'lightning/uiRecordApi';
import type {
    Benchmarks,
    FieldInfo,
    FieldValue,
    ForecastCategory,
    OpportunityRecord,
    ParameterBenchmark,
    ProcessDefinition,
    StageBenchmark,
    StageHistoryRow
} from 'c/stageplayCore';
import { fieldTypeOf, forecastCategoryOf } from 'c/stageplayCore';

export { reduceErrors } from './errors';
export { PageRefresh } from './refresh';
export { StageplayCard, WiredModelCard } from './stageplayCard';
export { buildForToday } from './buildForToday';
export type { Built } from './buildForToday';
export { cardErrorMessages } from './wiredModel';
export { toGoalResult, toRepKpi } from './performance';
export { TEAM_OWNER_ID } from 'c/stageplayCore';

/** A benchmark row that could not be read back: shown to the user, never silently dropped. */
export interface BenchmarkProblem {
    key: string;
    message: string;
}

export function toForecastCategory(value: string | null | undefined): ForecastCategory | null {
    return forecastCategoryOf(value);
}

function fraction(percent: number | null | undefined): number | null {
    return typeof percent === 'number' && Number.isFinite(percent) ? percent / 100 : null;
}

export function toFieldInfo(field: ApexField): FieldInfo {
    const type = fieldTypeOf(field.type) ?? 'text';
    const info: FieldInfo = { apiName: field.apiName, label: field.label || field.apiName, type };
    if (type === 'picklist' || type === 'multipicklist') info.picklistValues = [...field.picklistValues];
    return info;
}

/** Stages ordered as the org orders them; plays and parameters as their metadata orders them. */
export function toProcessDefinition(
    context: Pick<ApexSalesProcess, 'stages' | 'plays' | 'parameters' | 'fields'>
): ProcessDefinition {
    const stages = [...context.stages]
        .sort((a, b) => (a.sortOrder ?? 0) - (b.sortOrder ?? 0))
        .map((s) => ({
            name: s.apiName,
            label: s.label || s.apiName,
            probability: fraction(s.defaultProbability) ?? 0,
            forecastCategory: toForecastCategory(s.forecastCategoryName) ?? 'Pipeline',
            isClosed: s.isClosed,
            isWon: s.isWon,
            isActive: s.isActive,
            sortOrder: s.sortOrder ?? 0
        }));
    const plays = [...context.plays]
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.developerName.localeCompare(b.developerName))
        .map((p) => ({
            name: p.developerName,
            label: p.label || p.developerName,
            stage: p.stage,
            order: p.order ?? 0,
            goal: p.goal ?? '',
            guidance: p.guidance ?? ''
        }));
    const stageOfPlay = new Map(plays.map((p) => [p.name, p.stage]));
    const parameters = [...context.parameters]
        .filter((p) => stageOfPlay.has(p.play))
        .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.developerName.localeCompare(b.developerName))
        .map((p) => ({
            name: p.developerName,
            label: p.label || p.developerName,
            play: p.play,
            stage: stageOfPlay.get(p.play) as string,
            field: p.field,
            question: p.question ?? '',
            rule: p.rule ?? '',
            weight: p.weight ?? 1,
            requiredToAdvance: p.requiredToAdvance,
            order: p.order ?? 0
        }));
    const fields: Record<string, FieldInfo> = {};
    for (const f of context.fields) if (f.exists) fields[f.apiName] = toFieldInfo(f);
    return { stages, plays, parameters, fields };
}

function parsePayload(row: ApexBenchmarkRow): unknown {
    if (!row.payload) throw new Error('it has no payload');
    try {
        return JSON.parse(row.payload) as unknown;
    } catch {
        throw new Error('its payload is not valid JSON');
    }
}

/**
 * Reads the published benchmark rows back into the core's Benchmarks (null when none are
 * published). The rows carry no total deal count, so it is taken as the largest stage cohort:
 * every closed deal entered at least one stage.
 */
export function toBenchmarks(rows: ApexBenchmarkRow[]): {
    benchmarks: Benchmarks | null;
    problems: BenchmarkProblem[];
} {
    const problems: BenchmarkProblem[] = [];
    const stages: StageBenchmark[] = [];
    const parameters: ParameterBenchmark[] = [];
    let fittedAt = '';
    let damping: number | null = null;
    for (const row of rows) {
        try {
            const payload = parsePayload(row) as Partial<StageBenchmark & ParameterBenchmark>;
            if (row.kind === 'Stage' && typeof payload.reached === 'number') {
                stages.push(payload as StageBenchmark);
            } else if (row.kind === 'Parameter' && Array.isArray(payload.buckets)) {
                parameters.push(payload as ParameterBenchmark);
            } else {
                throw new Error(`its payload is not a ${row.kind || 'known'} benchmark`);
            }
            if (row.fittedAt && row.fittedAt > fittedAt) fittedAt = row.fittedAt;
            if (typeof row.damping === 'number' && damping === null) damping = row.damping;
        } catch (e) {
            problems.push({
                key: row.key,
                message: `Benchmark ${row.key} was skipped: ${(e as Error).message}.`
            });
        }
    }
    if (stages.length === 0 && parameters.length === 0) return { benchmarks: null, problems };
    const dealCount = stages.reduce((max, s) => Math.max(max, s.reached), 0);
    return {
        benchmarks: { fittedAt, dealCount, damping: damping ?? 1, stages, parameters },
        problems
    };
}

export function toStageHistory(opportunityId: string, rows: ApexHistoryRow[]): StageHistoryRow[] {
    return rows.map((r) => ({
        opportunityId,
        stageName: r.stageName,
        createdDate: r.createdDate,
        amount: r.amount,
        closeDate: r.closeDate,
        probability: fraction(r.probability),
        forecastCategory: toForecastCategory(r.forecastCategory)
    }));
}

/** The raw value of a field on the record, or undefined when the record does not carry it (no access). */
export function fieldValue(record: RecordRepresentation, apiName: string): FieldValue | undefined {
    const field = record.fields[apiName];
    if (!field) return undefined;
    const value = field.value;
    return value !== null && typeof value === 'object' ? null : value;
}

function text(record: RecordRepresentation, apiName: string): string | null {
    const value = fieldValue(record, apiName);
    return value === undefined || value === null ? null : String(value);
}

/** The Opportunity as the core's history functions want it; parameter fields the user cannot read are left out. */
export function toOpportunityRecord(record: RecordRepresentation, fieldNames: string[]): OpportunityRecord {
    const fields: Record<string, FieldValue> = {};
    for (const name of fieldNames) {
        const value = fieldValue(record, name);
        if (value !== undefined) fields[name] = value;
    }
    const amount = fieldValue(record, 'Amount');
    const probability = fieldValue(record, 'Probability');
    const owner = record.fields.Owner?.value;
    return {
        id: record.id,
        name: text(record, 'Name') ?? record.id,
        accountId: text(record, 'AccountId'),
        ownerId: text(record, 'OwnerId') ?? '',
        ownerName: owner && typeof owner === 'object' ? text(owner, 'Name') : null,
        amount: typeof amount === 'number' ? amount : null,
        closeDate: text(record, 'CloseDate') ?? '',
        stageName: text(record, 'StageName') ?? '',
        probability: typeof probability === 'number' ? probability / 100 : null,
        forecastCategory: toForecastCategory(text(record, 'ForecastCategoryName')),
        isClosed: fieldValue(record, 'IsClosed') === true,
        isWon: fieldValue(record, 'IsWon') === true,
        createdDate: text(record, 'CreatedDate') ?? '',
        lastModifiedDate: text(record, 'LastModifiedDate') ?? record.lastModifiedDate ?? null,
        fields
    };
}
