/**
 * Adoption per rep and period (issue 12): is the rep using the CRM? Logins, opportunities created,
 * activities completed, parameters captured on time, stale and past-close deals. Pure: the login,
 * activity and stage-exit records come in as plain data; a source that holds no such data is null and
 * every figure resting on it is null, never 0.
 */
import type { RepAdoption } from './goalTypes';
import type { DealPath, Period, ProcessDefinition } from './types';
import { toDate } from './periods';
import { isBlank } from './rules';

/** One successful login (`LoginHistory.LoginTime`). */
export interface LoginRecord {
    userId: string;
    /** ISO date-time. */
    at: string;
}

/** A task or an event, reduced to what adoption reads. */
export interface ActivityRecord {
    ownerId: string;
    kind: 'task' | 'event';
    /** `YYYY-MM-DD`: a task's ActivityDate (its CreatedDate when it has none), an event's end day. */
    dueDate: string;
    /** A task closed; an event whose end is past (as of the reader's run). */
    completed: boolean;
}

/** A deal leaving a stage that asks for parameters, and whether they were all captured then. */
export interface StageExit {
    ownerId: string;
    /** ISO date-time the deal left the stage. */
    at: string;
    captured: boolean;
}

/** Counts of open deals carrying a flag, as of the end of a period (or the as-of date, for the current one). */
export interface FlagTally {
    stale: number;
    pastClose: number;
}

export interface AdoptionInput {
    /** `User.LastLoginDate` per user id (ISO), where known. */
    lastLogins: ReadonlyMap<string, string>;
    /** Null when no login history could be read. */
    logins: LoginRecord[] | null;
    /** Null when no task or event could be read. */
    activities: ActivityRecord[] | null;
    stageExits: StageExit[];
    /** Per period key, per owner id. */
    flags: ReadonlyMap<string, ReadonlyMap<string, FlagTally>>;
}

/**
 * Every exit from a stage that asks for parameters, judged as the data-discipline section judges a
 * deal (every parameter of the stage not blank, `isBlank`), with the values the deal had when it left
 * the stage. The exit is the owner's of today (history does not say who owned the deal then).
 */
export function stageExitsOf(salesProcess: ProcessDefinition, paths: readonly DealPath[]): StageExit[] {
    const fieldsByStage = new Map<string, string[]>();
    for (const p of salesProcess.parameters)
        fieldsByStage.set(p.stage, [...(fieldsByStage.get(p.stage) ?? []), p.field]);
    const exits: StageExit[] = [];
    for (const path of paths) {
        for (const visit of path.visits) {
            const fields = fieldsByStage.get(visit.stage);
            if (!fields || visit.exitedAt === null) continue;
            exits.push({
                ownerId: path.deal.ownerId,
                at: visit.exitedAt,
                captured: fields.every((f) => !isBlank(visit.values[f] ?? null))
            });
        }
    }
    return exits;
}

/** One owner's dated records: each record's UTC day, read once, every list sorted ascending. */
interface OwnerRecords {
    loginDays: string[];
    activityDays: string[];
    /** The days of the completed activities only. */
    completedDays: string[];
    exitDays: string[];
    /** The days of the exits that had every parameter captured. */
    capturedDays: string[];
    createdDays: string[];
}

/**
 * The adoption records grouped by owner, each with its day read once and sorted, so that a period's
 * count is two binary searches. `repKpis` asks for every owner in every period (and for the team,
 * everyone, in every period): reading every record's date-time again for each (owner, period) pair
 * cost more than the rest of the KPIs together (a 30,000-deal export: 4 of 6 seconds), and scanning
 * every record once per pair still grew with periods × records.
 */
export interface AdoptionIndex {
    input: AdoptionInput;
    byOwner: Map<string, OwnerRecords>;
}

/** Indexes the input's logins, activities and stage exits and the deals' creation days by owner. */
export function indexAdoption(
    input: AdoptionInput,
    deals: ReadonlyArray<{ ownerId: string; createdDate: string }>
): AdoptionIndex {
    const byOwner = new Map<string, OwnerRecords>();
    const of = (ownerId: string): OwnerRecords => {
        let records = byOwner.get(ownerId);
        if (!records) {
            records = {
                loginDays: [],
                activityDays: [],
                completedDays: [],
                exitDays: [],
                capturedDays: [],
                createdDays: []
            };
            byOwner.set(ownerId, records);
        }
        return records;
    };
    for (const l of input.logins ?? []) of(l.userId).loginDays.push(toDate(l.at));
    for (const a of input.activities ?? []) {
        const records = of(a.ownerId);
        records.activityDays.push(a.dueDate);
        if (a.completed) records.completedDays.push(a.dueDate);
    }
    for (const e of input.stageExits) {
        const records = of(e.ownerId);
        const day = toDate(e.at);
        records.exitDays.push(day);
        if (e.captured) records.capturedDays.push(day);
    }
    for (const d of deals) of(d.ownerId).createdDays.push(toDate(d.createdDate));
    // Only counts are read, so the order the records came in does not matter; the default sort
    // orders by code unit, the order `<` compares days in.
    for (const records of byOwner.values()) {
        records.loginDays.sort();
        records.activityDays.sort();
        records.completedDays.sort();
        records.exitDays.sort();
        records.capturedDays.sort();
        records.createdDays.sort();
    }
    return { input, byOwner };
}

/**
 * The first index of ascending `sorted` whose value is not before `value` (after it, with `after`):
 * the bounds of a range count over days here and over instants in the goal funnel.
 */
export function sortedBound<T extends string | number>(
    sorted: ArrayLike<T>,
    value: T,
    after: boolean
): number {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
        const mid = (low + high) >>> 1;
        if (sorted[mid] < value || (after && sorted[mid] === value)) low = mid + 1;
        else high = mid;
    }
    return low;
}

/** How many of the sorted days lie from `from` to `to`, both included. */
function countWithin(sorted: readonly string[], from: string, to: string): number {
    if (sorted.length === 0 || to < from) return 0;
    return sortedBound(sorted, to, true) - sortedBound(sorted, from, false);
}

/**
 * The adoption of one owner (or of everyone, `owners` null) in the period, counted up to the period's
 * end or `asOf`, whichever comes first. Deals are as they stood on `asOf`.
 */
export function adoptionOf(
    index: AdoptionIndex,
    period: Period,
    asOf: string,
    owners: ReadonlySet<string> | null
): RepAdoption {
    const { input } = index;
    const until = period.end < asOf ? period.end : asOf;
    // Only the owners asked for are visited: one owner's row reads that owner's records, not everyone's.
    const mine = <T>(byId: ReadonlyMap<string, T>): Iterable<T> => {
        if (owners === null) return byId.values();
        const found: T[] = [];
        for (const id of owners) {
            const value = byId.get(id);
            if (value !== undefined) found.push(value);
        }
        return found;
    };

    let lastLogin: string | null = null;
    for (const at of mine(input.lastLogins)) if (lastLogin === null || at > lastLogin) lastLogin = at;

    let logins: number | null = input.logins === null ? null : 0;
    let activitiesDue: number | null = input.activities === null ? null : 0;
    let activitiesCompleted: number | null = input.activities === null ? null : 0;
    let exits = 0;
    let onTime = 0;
    let opportunitiesCreated = 0;
    for (const records of mine(index.byOwner)) {
        if (logins !== null) logins += countWithin(records.loginDays, period.start, until);
        if (activitiesDue !== null && activitiesCompleted !== null) {
            activitiesDue += countWithin(records.activityDays, period.start, until);
            activitiesCompleted += countWithin(records.completedDays, period.start, until);
        }
        exits += countWithin(records.exitDays, period.start, until);
        onTime += countWithin(records.capturedDays, period.start, until);
        opportunitiesCreated += countWithin(records.createdDays, period.start, until);
    }

    let staleDeals = 0;
    let pastCloseDeals = 0;
    for (const tally of mine(input.flags.get(period.key) ?? new Map<string, FlagTally>())) {
        staleDeals += tally.stale;
        pastCloseDeals += tally.pastClose;
    }

    return {
        lastLogin,
        logins,
        opportunitiesCreated,
        activitiesCompleted,
        activitiesDue,
        parametersOnTime: exits > 0 ? onTime / exits : null,
        stageExits: exits,
        staleDeals,
        pastCloseDeals
    };
}
