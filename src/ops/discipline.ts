/**
 * Data discipline: are reps capturing what the process asks for? For open deals, the share whose
 * current-stage parameters are all filled in (by owner and by stage), and the deals nobody has
 * touched for a long time. Blank means what the core's `isBlank` says it means.
 */
import type { DealPath, OpportunityRecord, PathLookup, PipelineDeal, ProcessDefinition } from '../core';
import { daysBetween, isBlank, pathsById } from '../core';
import type { CaptureGroup, DataDiscipline, UntouchedDeal } from '../reconciliation';

function emptyGroup(key: string, label: string): CaptureGroup & { asked: number; captured: number } {
    return {
        key,
        label,
        openDeals: 0,
        withParameters: 0,
        fullyCaptured: 0,
        share: null,
        parameterShare: null,
        asked: 0,
        captured: 0
    };
}

function finish(group: CaptureGroup & { asked: number; captured: number }): CaptureGroup {
    const { asked, captured, ...rest } = group;
    return {
        ...rest,
        share: rest.withParameters > 0 ? rest.fullyCaptured / rest.withParameters : null,
        parameterShare: asked > 0 ? captured / asked : null
    };
}

/** The latest moment before the end of `asOf` at which anything about the deal is known to have changed. */
function lastTouchOf(path: DealPath | undefined, asOf: string): string | null {
    if (!path) return null;
    const limit = `${asOf}T23:59:59.999Z`;
    const moments = [
        path.deal.createdDate,
        path.deal.lastModifiedDate,
        ...path.visits.map((v) => v.enteredAt),
        ...path.closeDateChanges.map((c) => c.at)
    ].filter((m): m is string => typeof m === 'string' && m <= limit);
    return moments.length > 0 ? moments.reduce((a, b) => (a > b ? a : b)) : null;
}

export function disciplineOf(
    salesProcess: ProcessDefinition,
    paths: DealPath[],
    openDeals: PipelineDeal[],
    names: {
        records: Pick<ReadonlyMap<string, OpportunityRecord>, 'get'>;
        owner: ReadonlyMap<string, string>;
    },
    asOf: string,
    untouchedDays: number,
    /** `pathsById(paths)`, when the caller has it already. */
    pathById: PathLookup = pathsById(paths)
): DataDiscipline {
    const parametersByStage = new Map<string, string[]>();
    for (const p of salesProcess.parameters)
        parametersByStage.set(p.stage, [...(parametersByStage.get(p.stage) ?? []), p.field]);
    const stageOrder = new Map(salesProcess.stages.map((s) => [s.name, s.sortOrder]));

    const overall = emptyGroup('*', 'All open deals');
    const owners = new Map<string, ReturnType<typeof emptyGroup>>();
    const stages = new Map<string, ReturnType<typeof emptyGroup>>();
    const untouched: UntouchedDeal[] = [];

    for (const deal of openDeals) {
        const ownerName = names.owner.get(deal.ownerId) ?? deal.ownerId;
        const owner = owners.get(deal.ownerId) ?? emptyGroup(deal.ownerId, ownerName);
        owners.set(deal.ownerId, owner);
        const stage = stages.get(deal.stageName) ?? emptyGroup(deal.stageName, deal.stageName);
        stages.set(deal.stageName, stage);

        const fields = parametersByStage.get(deal.stageName) ?? [];
        const captured = fields.filter((f) => !isBlank(deal.values[f] ?? null)).length;
        for (const group of [overall, owner, stage]) {
            group.openDeals += 1;
            if (fields.length > 0) {
                group.withParameters += 1;
                if (captured === fields.length) group.fullyCaptured += 1;
                group.asked += fields.length;
                group.captured += captured;
            }
        }

        const lastTouched = lastTouchOf(pathById.get(deal.id), asOf);
        if (lastTouched) {
            const days = daysBetween(lastTouched.slice(0, 10), asOf);
            if (days > untouchedDays) {
                untouched.push({
                    id: deal.id,
                    name: names.records.get(deal.id)?.name ?? deal.id,
                    ownerName,
                    stage: deal.stageName,
                    amount: deal.amount,
                    lastTouched,
                    days
                });
            }
        }
    }
    untouched.sort((a, b) => b.days - a.days || (b.amount ?? 0) - (a.amount ?? 0));
    return {
        untouchedDays,
        overall: finish(overall),
        byOwner: [...owners.values()].map(finish).sort((a, b) => a.label.localeCompare(b.label)),
        byStage: [...stages.values()]
            .map(finish)
            .sort((a, b) => (stageOrder.get(a.key) ?? 0) - (stageOrder.get(b.key) ?? 0)),
        untouched
    };
}
