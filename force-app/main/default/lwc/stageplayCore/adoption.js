// Generated from adoption.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
import { toDate } from './periods';
import { isBlank } from './rules';
import { firstIndex } from './stats';
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
function dayCountsOf(perDay) {
    // The default sort orders by code unit, the order `<` compares days in.
    const days = [...perDay.keys()].sort();
    const before = new Int32Array(days.length + 1);
    for (let i = 0; i < days.length; i++)
        before[i + 1] = before[i] + perDay.get(days[i]);
    return { days, before };
}
/** Indexes the input's logins, activities and stage exits and the deals' creation days by owner. */
export function indexAdoption(input, deals) {
    const counting = new Map();
    const count = (ownerId, kind, day) => {
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
    for (let i = 0; i < logins.length; i++)
        count(logins[i].userId, 'logins', toDate(logins[i].at));
    const activities = input.activities ?? [];
    for (let i = 0; i < activities.length; i++) {
        const a = activities[i];
        count(a.ownerId, 'activities', a.dueDate);
        if (a.completed)
            count(a.ownerId, 'completed', a.dueDate);
    }
    const exits = input.stageExits;
    for (let i = 0; i < exits.length; i++) {
        const e = exits[i];
        const day = toDate(e.at);
        count(e.ownerId, 'exits', day);
        if (e.captured)
            count(e.ownerId, 'captured', day);
    }
    for (let i = 0; i < deals.length; i++)
        count(deals[i].ownerId, 'created', toDate(deals[i].createdDate));
    const byOwner = new Map();
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
function countWithin(counts, from, to) {
    if (counts.days.length === 0 || to < from)
        return 0;
    return (counts.before[firstIndex(counts.days.length, (k) => counts.days[k] > to)] -
        counts.before[firstIndex(counts.days.length, (k) => counts.days[k] >= from)]);
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
            logins += countWithin(records.logins, period.start, until);
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
