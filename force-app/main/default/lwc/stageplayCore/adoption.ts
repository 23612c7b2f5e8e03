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
import { firstIndex } from './stats';

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

/**
 * Records counted per day: the distinct days ascending and, at each position, how many records fell on
 * the days before it, so a range of days is counted with two binary searches. Only counts are read,
 * so this is all that is kept of a record; there are far fewer distinct days than records to sort.
 */
interface DayCounts {
    days: string[];
    /** `before[i]`: the records on `days[0 .. i - 1]` (one more entry than `days`). */
    before: Int32Array;
}

/** One owner's dated records, by each record's UTC day (read once). */
interface OwnerRecords<T> {
    logins: T;
    activities: T;
    /** The completed activities only. */
    completed: T;
    exits: T;
    /** The exits that had every parameter captured. */
    captured: T;
    created: T;
}

function dayCountsOf(perDay: ReadonlyMap<string, number>): DayCounts {
    // The default sort orders by code unit, the order `<` compares days in.
    const days = [...perDay.keys()].sort();
    const before = new Int32Array(days.length + 1);
    for (let i = 0; i < days.length; i++) before[i + 1] = before[i] + perDay.get(days[i])!;
    return { days, before };
}

/**
 * The adoption records grouped by owner and counted by day once, so that a period's count is two
 * binary searches. `repKpis` asks for every owner in every period (and for the team, everyone, in every
 * period): reading every record's date-time again for each (owner, period) pair cost more than the rest
 * of the KPIs together (a 30,000-deal export: 4 of 6 seconds), and scanning every record once per pair
 * still grew with periods × records.
 */
export interface AdoptionIndex {
    input: AdoptionInput;
    byOwner: Map<string, OwnerRecords<DayCounts>>;
}

/** Indexes the input's logins, activities and stage exits and the deals' creation days by owner. */
export function indexAdoption(
    input: AdoptionInput,
    deals: ReadonlyArray<{ ownerId: string; createdDate: string }>
): AdoptionIndex {
    const counting = new Map<string, OwnerRecords<Map<string, number>>>();
    const count = (ownerId: string, kind: keyof OwnerRecords<unknown>, day: string): void => {
        let records = counting.get(ownerId);
        if (!records) {
            records = {
                logins: new Map(),
                activities: new Map(),
                completed: new Map(),
                exits: new Map(),
                captured: new Map(),
                created: new Map()
            };
            counting.set(ownerId, records);
        }
        const perDay = records[kind];
        perDay.set(day, (perDay.get(day) ?? 0) + 1);
    };
    // Index loops over lists of millions: `for...of` here made an iterator result per record that the
    // engine did not optimise away (about 56 MB of garbage at 300,000 deals).
    const logins = input.logins ?? [];
    for (let i = 0; i < logins.length; i++) count(logins[i].userId, 'logins', toDate(logins[i].at));
    const activities = input.activities ?? [];
    for (let i = 0; i < activities.length; i++) {
        const a = activities[i];
        count(a.ownerId, 'activities', a.dueDate);
        if (a.completed) count(a.ownerId, 'completed', a.dueDate);
    }
    const exits = input.stageExits;
    for (let i = 0; i < exits.length; i++) {
        const e = exits[i];
        const day = toDate(e.at);
        count(e.ownerId, 'exits', day);
        if (e.captured) count(e.ownerId, 'captured', day);
    }
    for (let i = 0; i < deals.length; i++) count(deals[i].ownerId, 'created', toDate(deals[i].createdDate));
    const byOwner = new Map<string, OwnerRecords<DayCounts>>();
    for (const [ownerId, records] of counting) {
        byOwner.set(ownerId, {
            logins: dayCountsOf(records.logins),
            activities: dayCountsOf(records.activities),
            completed: dayCountsOf(records.completed),
            exits: dayCountsOf(records.exits),
            captured: dayCountsOf(records.captured),
            created: dayCountsOf(records.created)
        });
    }
    return { input, byOwner };
}

/** How many of the counted records lie from `from` to `to`, both days included. */
function countWithin(counts: DayCounts, from: string, to: string): number {
    if (counts.days.length === 0 || to < from) return 0;
    return (
        counts.before[firstIndex(counts.days.length, (k) => counts.days[k] > to)] -
        counts.before[firstIndex(counts.days.length, (k) => counts.days[k] >= from)]
    );
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
        if (logins !== null) logins += countWithin(records.logins, period.start, until);
        if (activitiesDue !== null && activitiesCompleted !== null) {
            activitiesDue += countWithin(records.activities, period.start, until);
            activitiesCompleted += countWithin(records.completed, period.start, until);
        }
        exits += countWithin(records.exits, period.start, until);
        onTime += countWithin(records.captured, period.start, until);
        opportunitiesCreated += countWithin(records.created, period.start, until);
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
