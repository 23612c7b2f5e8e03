/**
 * Rebuilds each deal's path through the process from `OpportunityHistory` (a row whenever stage, amount,
 * close date or probability changed) and `OpportunityFieldHistory` (a row per change of a tracked
 * field). Salesforce keeps no snapshots of past pipelines, but these two logs are enough to say what
 * any deal looked like on any past day — which is what fitting, backtests and flags need.
 */
import { endOfDay, toDate, toTimestamp } from './periods';
import type {
    DealPath,
    FieldHistoryRow,
    FieldValue,
    OpportunityRecord,
    PipelineDeal,
    ProcessDefinition,
    StageHistoryRow,
    StageVisit
} from './types';

interface Timed<T> {
    row: T;
    at: number;
}

/** Sorts rows by time; rows stamped the same instant keep their input order, so results are deterministic. */
function sortByTime<T extends { createdDate: string }>(rows: readonly T[]): Timed<T>[] {
    return rows
        .map((row, index) => ({ row, at: toTimestamp(row.createdDate), index }))
        .sort((x, y) => x.at - y.at || x.index - y.index)
        .map(({ row, at }) => ({ row, at }));
}

function groupBy<T extends { opportunityId: string }>(rows: readonly T[]): Map<string, T[]> {
    const groups = new Map<string, T[]>();
    for (const row of rows) {
        const group = groups.get(row.opportunityId);
        if (group) group.push(row);
        else groups.set(row.opportunityId, [row]);
    }
    return groups;
}

/** Index of the last entry at or before `at` (-1 when none): binary search over sorted times. */
function lastAtOrBefore<T>(entries: readonly Timed<T>[], at: number): number {
    let low = 0;
    let high = entries.length - 1;
    let found = -1;
    while (low <= high) {
        const mid = (low + high) >> 1;
        if (entries[mid].at <= at) {
            found = mid;
            low = mid + 1;
        } else {
            high = mid - 1;
        }
    }
    return found;
}

/**
 * Field values as they stood at an instant, rolled back from the current values: the new value of the
 * last change at or before the instant; before the first change, that change's old value; a field
 * that never changed keeps its current value.
 */
class FieldTimeline {
    private readonly changes = new Map<string, Timed<FieldHistoryRow>[]>();

    constructor(
        private readonly current: Record<string, FieldValue>,
        private readonly fieldNames: readonly string[],
        rows: readonly Timed<FieldHistoryRow>[]
    ) {
        for (const entry of rows) {
            const list = this.changes.get(entry.row.field);
            if (list) list.push(entry);
            else this.changes.set(entry.row.field, [entry]);
        }
    }

    valueAt(field: string, at: number): FieldValue {
        const list = this.changes.get(field);
        const current = this.current[field] ?? null;
        if (!list || list.length === 0) return current;
        const index = lastAtOrBefore(list, at);
        if (index >= 0) return list[index].row.newValue ?? null;
        return list[0].row.oldValue ?? null;
    }

    valuesAt(at: number | null): Record<string, FieldValue> {
        const values: Record<string, FieldValue> = {};
        for (const field of this.fieldNames) {
            values[field] = at === null ? (this.current[field] ?? null) : this.valueAt(field, at);
        }
        return values;
    }
}

function fieldNamesFor(process: ProcessDefinition, deal: OpportunityRecord): string[] {
    const names = new Set<string>(Object.keys(deal.fields ?? {}));
    for (const parameter of process.parameters) names.add(parameter.field);
    return [...names];
}

/**
 * One path per opportunity, in the order given. A new visit starts whenever the stage changes between
 * consecutive history rows; a stage re-entered later is a new visit. Each visit carries the field
 * values as they were when the deal left it (current values for the visit it is still in).
 *
 * A deal without history rows gets one visit, in its current stage, from its creation. When the last
 * history row disagrees with the deal's current stage (a truncated export), a final visit in the
 * current stage is added at the deal's last modification so the path ends where the deal is.
 *
 * Rows for opportunities not in `opportunities` are ignored: adapters report those as data problems.
 */
export function buildDealPaths(
    process: ProcessDefinition,
    opportunities: readonly OpportunityRecord[],
    stageHistory: readonly StageHistoryRow[],
    fieldHistory: readonly FieldHistoryRow[]
): DealPath[] {
    const stageRowsByDeal = groupBy(stageHistory);
    const fieldRowsByDeal = groupBy(fieldHistory);
    return opportunities.map((deal) => {
        try {
            return buildDealPath(
                process,
                deal,
                stageRowsByDeal.get(deal.id) ?? [],
                fieldRowsByDeal.get(deal.id) ?? []
            );
        } catch (error) {
            // Name the record: with a million rows, "not a date" alone is no help.
            throw new Error(
                `Opportunity ${deal.id}: ${error instanceof Error ? error.message : String(error)}`
            );
        }
    });
}

function buildDealPath(
    process: ProcessDefinition,
    deal: OpportunityRecord,
    stageRows: readonly StageHistoryRow[],
    fieldRows: readonly FieldHistoryRow[]
): DealPath {
    const sortedStages = sortByTime(stageRows);
    const sortedFields = sortByTime(fieldRows);
    const timeline = new FieldTimeline(deal.fields ?? {}, fieldNamesFor(process, deal), sortedFields);

    const starts: Array<{ stage: string; at: number; enteredAt: string }> = [];
    const closeDateChanges: DealPath['closeDateChanges'] = [];
    let previousCloseDate: string | null = null;
    for (const { row, at } of sortedStages) {
        if (starts.length === 0 || starts[starts.length - 1].stage !== row.stageName) {
            starts.push({ stage: row.stageName, at, enteredAt: row.createdDate });
        }
        if (row.closeDate) {
            if (previousCloseDate !== null && row.closeDate !== previousCloseDate) {
                closeDateChanges.push({ at: row.createdDate, from: previousCloseDate, to: row.closeDate });
            }
            previousCloseDate = row.closeDate;
        }
    }
    if (starts.length === 0) {
        starts.push({
            stage: deal.stageName,
            at: toTimestamp(deal.createdDate),
            enteredAt: deal.createdDate
        });
    } else if (starts[starts.length - 1].stage !== deal.stageName) {
        const lastAt = starts[starts.length - 1].at;
        const modified = deal.lastModifiedDate ? toTimestamp(deal.lastModifiedDate) : null;
        const useModified = modified !== null && modified > lastAt;
        starts.push({
            stage: deal.stageName,
            at: useModified ? modified : lastAt,
            enteredAt: useModified ? (deal.lastModifiedDate as string) : starts[starts.length - 1].enteredAt
        });
    }

    const visits: StageVisit[] = starts.map((start, index) => {
        const next = starts[index + 1];
        return {
            stage: start.stage,
            enteredAt: start.enteredAt,
            exitedAt: next ? next.enteredAt : null,
            values: timeline.valuesAt(next ? next.at : null)
        };
    });

    const outcome: DealPath['outcome'] = deal.isClosed ? (deal.isWon ? 'won' : 'lost') : 'open';
    return {
        deal,
        visits,
        closeDateChanges,
        outcome,
        closedAt: outcome === 'open' ? null : visits[visits.length - 1].enteredAt,
        valuesFromFieldHistory: fieldRows.length > 0,
        stageHistory: sortedStages.map((entry) => entry.row),
        fieldHistory: sortedFields.map((entry) => entry.row)
    };
}

/**
 * The deal's parameter values at an instant (ISO date-time, or a date meaning its end). Uses the
 * field history kept on the path; a hand-built path without it falls back on the values of the visit
 * the deal was in at that time.
 */
export function valuesAsOf(path: DealPath, at: string): Record<string, FieldValue> {
    const instant = /^\d{4}-\d{2}-\d{2}$/.test(at.trim()) ? endOfDay(at) : toTimestamp(at);
    if (path.fieldHistory) {
        const names = new Set<string>(Object.keys(path.deal.fields ?? {}));
        for (const visit of path.visits) for (const name of Object.keys(visit.values)) names.add(name);
        // Paths keep their field history in time order already; only the instants are needed.
        const timed = path.fieldHistory.map((row) => ({ row, at: toTimestamp(row.createdDate) }));
        const timeline = new FieldTimeline(path.deal.fields ?? {}, [...names], timed);
        return timeline.valuesAt(instant);
    }
    const visit = visitAt(path, instant) ?? path.visits[0];
    return { ...(visit?.values ?? path.deal.fields ?? {}) };
}

/** The visit the deal was in at an instant (null when the deal had not yet entered any). */
export function visitAt(path: DealPath, instant: number): StageVisit | null {
    let found: StageVisit | null = null;
    for (const visit of path.visits) {
        if (toTimestamp(visit.enteredAt) <= instant) found = visit;
        else break;
    }
    return found;
}

/**
 * The pipeline as it stood at the end of `asOf` (a `YYYY-MM-DD` date, UTC): every deal created by
 * then, in the stage, amount, close date, probability and forecast category of its last history row
 * at or before that instant, with field values as of then. A deal counts as closed only once its
 * closing stage change had happened. Deals created before their first history row take that row's
 * state (the earliest known); deals without history rows take their current state.
 */
export function pipelineAsOf(paths: readonly DealPath[], asOf: string): PipelineDeal[] {
    const cutoff = endOfDay(asOf);
    const day = toDate(asOf);
    const pipeline: PipelineDeal[] = [];
    for (const path of paths) {
        const deal = path.deal;
        if (toDate(deal.createdDate) > day) continue;
        const rows = path.stageHistory ?? [];
        let row: StageHistoryRow | null = null;
        if (rows.length > 0) {
            const timed = rows.map((r) => ({ row: r, at: toTimestamp(r.createdDate) }));
            const index = lastAtOrBefore(timed, cutoff);
            row = timed[Math.max(0, index)].row;
        }
        const closed = path.closedAt !== null && toTimestamp(path.closedAt) <= cutoff;
        const visit = visitAt(path, cutoff);
        pipeline.push({
            id: deal.id,
            ownerId: deal.ownerId,
            stageName: row ? row.stageName : (visit?.stage ?? deal.stageName),
            amount: row ? row.amount : deal.amount,
            closeDate: row?.closeDate ?? deal.closeDate,
            probability: row ? row.probability : deal.probability,
            forecastCategory: row ? row.forecastCategory : deal.forecastCategory,
            values: valuesAsOf(path, day),
            isClosed: closed,
            isWon: closed && deal.isWon
        });
    }
    return pipeline;
}
