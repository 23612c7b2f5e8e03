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
/** Indexes the input's logins, activities and stage exits and the deals' creation days by owner. */
export function indexAdoption(input, deals) {
    const byOwner = new Map();
    const of = (ownerId) => {
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
    for (const l of input.logins ?? [])
        of(l.userId).loginDays.push(toDate(l.at));
    for (const a of input.activities ?? []) {
        const records = of(a.ownerId);
        records.activityDays.push(a.dueDate);
        if (a.completed)
            records.completedDays.push(a.dueDate);
    }
    for (const e of input.stageExits) {
        const records = of(e.ownerId);
        const day = toDate(e.at);
        records.exitDays.push(day);
        if (e.captured)
            records.capturedDays.push(day);
    }
    for (const d of deals)
        of(d.ownerId).createdDays.push(toDate(d.createdDate));
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
export function sortedBound(sorted, value, after) {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
        const mid = (low + high) >>> 1;
        if (sorted[mid] < value || (after && sorted[mid] === value))
            low = mid + 1;
        else
            high = mid;
    }
    return low;
}
/** How many of the sorted days lie from `from` to `to`, both included. */
function countWithin(sorted, from, to) {
    if (sorted.length === 0 || to < from)
        return 0;
    return sortedBound(sorted, to, true) - sortedBound(sorted, from, false);
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
            logins += countWithin(records.loginDays, period.start, until);
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
