// Generated from stageplayApex.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
import { fieldTypeOf, forecastCategoryOf } from 'c/stageplayCore';
export { reduceErrors } from './errors';
export { PageRefresh } from './refresh';
export { StageplayCard, WiredModelCard } from './stageplayCard';
export { buildForToday } from './buildForToday';
export { cardErrorMessages } from './wiredModel';
export { toGoalResult, toRepKpi } from './performance';
export { TEAM_OWNER_ID } from 'c/stageplayCore';
export function toForecastCategory(value) {
    return forecastCategoryOf(value);
}
function fraction(percent) {
    return typeof percent === 'number' && Number.isFinite(percent) ? percent / 100 : null;
}
export function toFieldInfo(field) {
    const type = fieldTypeOf(field.type) ?? 'text';
    const info = { apiName: field.apiName, label: field.label || field.apiName, type };
    if (type === 'picklist' || type === 'multipicklist')
        info.picklistValues = [...field.picklistValues];
    return info;
}
/** Stages ordered as the org orders them; plays and parameters as their metadata orders them. */
export function toProcessDefinition(context) {
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
        stage: stageOfPlay.get(p.play),
        field: p.field,
        question: p.question ?? '',
        rule: p.rule ?? '',
        weight: p.weight ?? 1,
        requiredToAdvance: p.requiredToAdvance,
        order: p.order ?? 0
    }));
    const fields = {};
    for (const f of context.fields)
        if (f.exists)
            fields[f.apiName] = toFieldInfo(f);
    return { stages, plays, parameters, fields };
}
function parsePayload(row) {
    if (!row.payload)
        throw new Error('it has no payload');
    try {
        return JSON.parse(row.payload);
    }
    catch {
        throw new Error('its payload is not valid JSON');
    }
}
/**
 * Reads the published benchmark rows back into the core's Benchmarks (null when none are
 * published). The rows carry no total deal count, so it is taken as the largest stage cohort:
 * every closed deal entered at least one stage.
 */
export function toBenchmarks(rows) {
    const problems = [];
    const stages = [];
    const parameters = [];
    let fittedAt = '';
    let damping = null;
    for (const row of rows) {
        try {
            const payload = parsePayload(row);
            if (row.kind === 'Stage' && typeof payload.reached === 'number') {
                stages.push(payload);
            }
            else if (row.kind === 'Parameter' && Array.isArray(payload.buckets)) {
                parameters.push(payload);
            }
            else {
                throw new Error(`its payload is not a ${row.kind || 'known'} benchmark`);
            }
            if (row.fittedAt && row.fittedAt > fittedAt)
                fittedAt = row.fittedAt;
            if (typeof row.damping === 'number' && damping === null)
                damping = row.damping;
        }
        catch (e) {
            problems.push({
                key: row.key,
                message: `Benchmark ${row.key} was skipped: ${e.message}.`
            });
        }
    }
    if (stages.length === 0 && parameters.length === 0)
        return { benchmarks: null, problems };
    const dealCount = stages.reduce((max, s) => Math.max(max, s.reached), 0);
    return {
        benchmarks: { fittedAt, dealCount, damping: damping ?? 1, stages, parameters },
        problems
    };
}
export function toStageHistory(opportunityId, rows) {
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
export function fieldValue(record, apiName) {
    const field = record.fields[apiName];
    if (!field)
        return undefined;
    const value = field.value;
    return value !== null && typeof value === 'object' ? null : value;
}
function text(record, apiName) {
    const value = fieldValue(record, apiName);
    return value === undefined || value === null ? null : String(value);
}
/** The Opportunity as the core's history functions want it; parameter fields the user cannot read are left out. */
export function toOpportunityRecord(record, fieldNames) {
    const fields = {};
    for (const name of fieldNames) {
        const value = fieldValue(record, name);
        if (value !== undefined)
            fields[name] = value;
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
