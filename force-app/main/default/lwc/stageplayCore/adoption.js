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
/**
 * The adoption of one owner (or of everyone, `owners` null) in the period, counted up to the period's
 * end or `asOf`, whichever comes first. Deals are as they stood on `asOf`.
 */
export function adoptionOf(input, period, asOf, deals, owners) {
    const until = period.end < asOf ? period.end : asOf;
    const mine = (id) => owners === null || owners.has(id);
    let lastLogin = null;
    for (const [id, at] of input.lastLogins)
        if (mine(id) && (lastLogin === null || at > lastLogin))
            lastLogin = at;
    let logins = null;
    if (input.logins !== null) {
        logins = 0;
        for (const l of input.logins)
            if (mine(l.userId) && within(toDate(l.at), period.start, until))
                logins++;
    }
    let activitiesDue = null;
    let activitiesCompleted = null;
    if (input.activities !== null) {
        activitiesDue = 0;
        activitiesCompleted = 0;
        for (const a of input.activities) {
            if (!mine(a.ownerId) || !within(a.dueDate, period.start, until))
                continue;
            activitiesDue++;
            if (a.completed)
                activitiesCompleted++;
        }
    }
    let exits = 0;
    let onTime = 0;
    for (const e of input.stageExits) {
        if (!mine(e.ownerId) || !within(toDate(e.at), period.start, until))
            continue;
        exits++;
        if (e.captured)
            onTime++;
    }
    let opportunitiesCreated = 0;
    for (const d of deals)
        if (mine(d.ownerId) && within(toDate(d.createdDate), period.start, until))
            opportunitiesCreated++;
    let staleDeals = 0;
    let pastCloseDeals = 0;
    for (const [id, tally] of input.flags.get(period.key) ?? new Map()) {
        if (!mine(id))
            continue;
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
