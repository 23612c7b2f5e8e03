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

function within(date: string, from: string, to: string): boolean {
    return date >= from && date <= to;
}

/**
 * The adoption of one owner (or of everyone, `owners` null) in the period, counted up to the period's
 * end or `asOf`, whichever comes first. Deals are as they stood on `asOf`.
 */
export function adoptionOf(
    input: AdoptionInput,
    period: Period,
    asOf: string,
    deals: ReadonlyArray<{ ownerId: string; createdDate: string }>,
    owners: ReadonlySet<string> | null
): RepAdoption {
    const until = period.end < asOf ? period.end : asOf;
    const mine = (id: string): boolean => owners === null || owners.has(id);

    let lastLogin: string | null = null;
    for (const [id, at] of input.lastLogins)
        if (mine(id) && (lastLogin === null || at > lastLogin)) lastLogin = at;

    let logins: number | null = null;
    if (input.logins !== null) {
        logins = 0;
        for (const l of input.logins)
            if (mine(l.userId) && within(toDate(l.at), period.start, until)) logins++;
    }

    let activitiesDue: number | null = null;
    let activitiesCompleted: number | null = null;
    if (input.activities !== null) {
        activitiesDue = 0;
        activitiesCompleted = 0;
        for (const a of input.activities) {
            if (!mine(a.ownerId) || !within(a.dueDate, period.start, until)) continue;
            activitiesDue++;
            if (a.completed) activitiesCompleted++;
        }
    }

    let exits = 0;
    let onTime = 0;
    for (const e of input.stageExits) {
        if (!mine(e.ownerId) || !within(toDate(e.at), period.start, until)) continue;
        exits++;
        if (e.captured) onTime++;
    }

    let opportunitiesCreated = 0;
    for (const d of deals)
        if (mine(d.ownerId) && within(toDate(d.createdDate), period.start, until)) opportunitiesCreated++;

    let staleDeals = 0;
    let pastCloseDeals = 0;
    for (const [id, tally] of input.flags.get(period.key) ?? new Map<string, FlagTally>()) {
        if (!mine(id)) continue;
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
