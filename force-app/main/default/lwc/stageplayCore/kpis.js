// Generated from kpis.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
import { adoptionOf, indexAdoption } from './adoption';
import { daysBetween, toDate } from './periods';
import { median } from './stats';
/** The id of the team's row in each period. */
export const TEAM_OWNER_ID = 'team';
/** The quota records that fall wholly inside the period, summed per owner. */
function quotasIn(period, quotas) {
    const byOwner = new Map();
    for (const q of quotas) {
        if (q.periodStart < period.start || q.periodEnd > period.end)
            continue;
        const held = byOwner.get(q.ownerId);
        if (held)
            held.amount += q.amount;
        else
            byOwner.set(q.ownerId, { amount: q.amount, source: q.source });
    }
    return byOwner;
}
/** Quota records that fit no single period of the list (e.g. a yearly quota against quarters). */
function spanningCount(periods, quotas) {
    return quotas.filter((q) => !periods.some((p) => q.periodStart >= p.period.start && q.periodEnd <= p.period.end) &&
        periods.some((p) => q.periodStart <= p.period.end && q.periodEnd >= p.period.start)).length;
}
function emptyTally() {
    return { booked: 0, won: 0, closed: 0, wonAmounts: [], cycles: [], openAtStart: 0 };
}
/** The day a period's deals are counted up to: its end, or `asOf` while it has not ended. */
function countedUntil(period, asOf) {
    return period.end <= asOf ? period.end : asOf;
}
/**
 * What each owner's deals, and everyone's (the team), did in each period, counted up to the period's
 * end or `asOf`: one pass over the deals for every period and row, instead of one per period for the
 * team and one per period for each owner. Each tally still sees its deals in the input's order, so
 * the sums of amounts add up in the same order as before, to the same figures.
 */
function tallyPeriods(deals, periods, asOf) {
    const starts = periods.map((kp) => kp.period.start);
    const untils = periods.map((kp) => countedUntil(kp.period, asOf));
    const team = periods.map(emptyTally);
    const byOwner = new Map();
    for (const { deal: d, createdDay: created } of deals) {
        let mine = byOwner.get(d.ownerId);
        if (!mine) {
            mine = periods.map(emptyTally);
            byOwner.set(d.ownerId, mine);
        }
        let cycle = null;
        for (let i = 0; i < starts.length; i++) {
            const start = starts[i];
            // In play when the period began: created before it and not closed before it.
            const openAtStart = created < start && (!d.isClosed || d.closeDate >= start);
            const closedIn = d.isClosed && d.closeDate >= start && d.closeDate <= untils[i];
            if (closedIn && d.isWon)
                cycle ??= Math.max(0, daysBetween(created, d.closeDate));
            countDeal(team[i], d, openAtStart, closedIn, cycle);
            countDeal(mine[i], d, openAtStart, closedIn, cycle);
        }
    }
    return { byOwner, team };
}
/** Adds one deal to a period's tally: in play at its start, closed within it, won (`cycle`: its days to close). */
function countDeal(t, d, openAtStart, closedIn, cycle) {
    if (openAtStart)
        t.openAtStart++;
    if (!closedIn)
        return;
    t.closed++;
    if (!d.isWon)
        return;
    t.won++;
    if (d.amount !== null) {
        t.booked += d.amount;
        t.wonAmounts.push(d.amount);
    }
    t.cycles.push(cycle);
}
/** Sums the owner groups of the forecast: one owner's, or all of them for the team. */
function forecastOf(groups, owners) {
    if (groups === null)
        return null;
    let openDeals = 0;
    let adjusted = 0;
    for (const g of groups) {
        if (owners !== null && !owners.has(g.group))
            continue;
        openDeals += g.openDeals;
        adjusted += g.adjusted;
    }
    return { openDeals, adjusted };
}
function ratio(numerator, denominator) {
    return denominator === null || denominator <= 0 ? null : numerator / denominator;
}
/**
 * The KPI row of a group of deals. A period that has ended has nothing open left to expect:
 * forecast attainment is attainment and coverage is null (no quota remains to cover in it).
 */
function kpiRow(ownerId, ownerName, kp, asOf, t, quota, forecastOwners, adoption) {
    const { period } = kp;
    const ended = period.end <= asOf;
    const quotaAmount = quota?.amount ?? null;
    const winRate = t.closed > 0 ? t.won / t.closed : null;
    const avgDealSize = t.wonAmounts.length > 0 ? t.wonAmounts.reduce((a, b) => a + b, 0) / t.wonAmounts.length : null;
    const cycleDays = median(t.cycles);
    const forecast = ended
        ? { openDeals: 0, adjusted: t.booked }
        : forecastOf(kp.forecastByOwner, forecastOwners);
    const remaining = quotaAmount === null ? null : quotaAmount - t.booked;
    let velocity = null;
    if (winRate !== null && avgDealSize !== null && cycleDays !== null && cycleDays > 0)
        velocity = (t.openAtStart * winRate * avgDealSize) / cycleDays;
    return {
        ownerId,
        ownerName,
        period: period.key,
        asOf,
        quota: quotaAmount,
        quotaSource: quota?.source ?? null,
        booked: t.booked,
        attainment: ratio(t.booked, quotaAmount),
        forecastAttainment: forecast === null ? null : ratio(forecast.adjusted, quotaAmount),
        coverage: ended || forecast === null ? null : ratio(forecast.openDeals, remaining),
        winRate,
        closedDeals: t.closed,
        avgDealSize,
        cycleDays,
        velocity,
        adoption
    };
}
/**
 * Every owner's KPIs in every period, and the team's (all deals, the sum of the quotas the reps
 * have), as of `input.asOf`. Owners are those listed plus any owner of a deal or a quota; rows are in
 * period order, then by owner name.
 */
export function repKpis(input) {
    const names = new Map(input.owners.map((o) => [o.id, o.name]));
    const deals = input.deals.map((deal) => ({ deal, createdDay: toDate(deal.createdDate) }));
    for (const d of deals)
        if (!names.has(d.deal.ownerId))
            names.set(d.deal.ownerId, d.deal.ownerId);
    // The days just read stand in for the date-times, so no creation date is parsed twice.
    const adoption = indexAdoption(input, deals.map((d) => ({ ownerId: d.deal.ownerId, createdDate: d.createdDay })));
    for (const q of input.quotas ?? [])
        if (!names.has(q.ownerId))
            names.set(q.ownerId, q.ownerId);
    const owners = [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
    const tallies = tallyPeriods(deals, input.periods, input.asOf);
    const byOwner = [];
    const team = [];
    for (let p = 0; p < input.periods.length; p++) {
        const kp = input.periods[p];
        const quotas = input.quotas === null ? null : quotasIn(kp.period, input.quotas);
        for (const [id, name] of owners) {
            byOwner.push(kpiRow(id, name, kp, input.asOf, tallies.byOwner.get(id)?.[p] ?? emptyTally(), quotas?.get(id) ?? null, new Set([id]), adoptionOf(adoption, kp.period, input.asOf, new Set([id]))));
        }
        const held = quotas === null ? [] : [...quotas.values()];
        const sources = new Set(held.map((q) => q.source));
        const teamQuota = held.length === 0
            ? null
            : {
                amount: held.reduce((s, q) => s + q.amount, 0),
                source: sources.size === 1 ? held[0].source : null
            };
        team.push(kpiRow(TEAM_OWNER_ID, 'Team', kp, input.asOf, tallies.team[p], teamQuota, null, adoptionOf(adoption, kp.period, input.asOf, null)));
    }
    return {
        byOwner,
        team,
        quotasSpanningPeriods: input.quotas === null ? 0 : spanningCount(input.periods, input.quotas)
    };
}
