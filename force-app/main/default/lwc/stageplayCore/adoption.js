// Generated from adoption.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
import { toDate } from './periods';
import { isBlank } from './rules';
/**
 * Every exit from a stage that asks for parameters, judged as the data-discipline section judges a
 * deal (every parameter of the stage not blank, `isBlank`), with the values the deal had when it left
 * the stage. The exit is the owner's of today (history does not say who owned the deal then).
 */
export function stageExitsOf(salesProcess, paths) {
    const fieldsByStage = new Map();
    for (const p of salesProcess.parameters)
        fieldsByStage.set(p.stage, [...(fieldsByStage.get(p.stage) ?? []), p.field]);
    const exits = [];
    for (const path of paths) {
        for (const visit of path.visits) {
            const fields = fieldsByStage.get(visit.stage);
            if (!fields || visit.exitedAt === null)
                continue;
            exits.push({
                ownerId: path.deal.ownerId,
                at: visit.exitedAt,
                captured: fields.every((f) => !isBlank(visit.values[f] ?? null))
            });
        }
    }
    return exits;
}
function within(date, from, to) {
    return date >= from && date <= to;
}
/** Indexes the input's logins, activities and stage exits and the deals' creation days by owner. */
export function indexAdoption(input, deals) {
    const byOwner = new Map();
    const of = (ownerId) => {
        let records = byOwner.get(ownerId);
        if (!records) {
            records = { loginDays: [], activities: [], exits: [], createdDays: [] };
            byOwner.set(ownerId, records);
        }
        return records;
    };
    for (const l of input.logins ?? [])
        of(l.userId).loginDays.push(toDate(l.at));
    for (const a of input.activities ?? [])
        of(a.ownerId).activities.push({ day: a.dueDate, completed: a.completed });
    for (const e of input.stageExits)
        of(e.ownerId).exits.push({ day: toDate(e.at), captured: e.captured });
    for (const d of deals)
        of(d.ownerId).createdDays.push(toDate(d.createdDate));
    return { input, byOwner };
}
/**
 * The adoption of one owner (or of everyone, `owners` null) in the period, counted up to the period's
 * end or `asOf`, whichever comes first. Deals are as they stood on `asOf`.
 */
export function adoptionOf(index, period, asOf, owners) {
    const { input } = index;
    const until = period.end < asOf ? period.end : asOf;
    // Only the owners asked for are visited: one owner's row reads that owner's records, not everyone's.
    const mine = (byId) => {
        if (owners === null)
            return byId.values();
        const found = [];
        for (const id of owners) {
            const value = byId.get(id);
            if (value !== undefined)
                found.push(value);
        }
        return found;
    };
    let lastLogin = null;
    for (const at of mine(input.lastLogins))
        if (lastLogin === null || at > lastLogin)
            lastLogin = at;
    let logins = input.logins === null ? null : 0;
    let activitiesDue = input.activities === null ? null : 0;
    let activitiesCompleted = input.activities === null ? null : 0;
    let exits = 0;
    let onTime = 0;
    let opportunitiesCreated = 0;
    for (const records of mine(index.byOwner)) {
        if (logins !== null)
            for (const day of records.loginDays)
                if (within(day, period.start, until))
                    logins++;
        if (activitiesDue !== null && activitiesCompleted !== null)
            for (const a of records.activities) {
                if (!within(a.day, period.start, until))
                    continue;
                activitiesDue++;
                if (a.completed)
                    activitiesCompleted++;
            }
        for (const e of records.exits) {
            if (!within(e.day, period.start, until))
                continue;
            exits++;
            if (e.captured)
                onTime++;
        }
        for (const day of records.createdDays)
            if (within(day, period.start, until))
                opportunitiesCreated++;
    }
    let staleDeals = 0;
    let pastCloseDeals = 0;
    for (const tally of mine(input.flags.get(period.key) ?? new Map())) {
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
