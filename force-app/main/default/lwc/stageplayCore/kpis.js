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
/** What the deals of one owner (or of everyone, for the team) did in the period, counted up to `until`. */
function tallyDeals(deals, period, until) {
    const t = { booked: 0, won: 0, closed: 0, wonAmounts: [], cycles: [], openAtStart: 0 };
    for (const { deal: d, createdDay: created } of deals) {
        // In play when the period began: created before it and not closed before it.
        if (created < period.start && (!d.isClosed || d.closeDate >= period.start))
            t.openAtStart++;
        if (!d.isClosed || d.closeDate < period.start || d.closeDate > until)
            continue;
        t.closed++;
        if (!d.isWon)
            continue;
        t.won++;
        if (d.amount !== null) {
            t.booked += d.amount;
            t.wonAmounts.push(d.amount);
        }
        t.cycles.push(Math.max(0, daysBetween(created, d.closeDate)));
    }
    return t;
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
function kpiRow(ownerId, ownerName, kp, asOf, deals, quota, forecastOwners, adoption) {
    const { period } = kp;
    const ended = period.end <= asOf;
    const until = ended ? period.end : asOf;
    const t = tallyDeals(deals, period, until);
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
    const dealsByOwner = new Map();
    for (const d of deals) {
        const ownerId = d.deal.ownerId;
        if (!names.has(ownerId))
            names.set(ownerId, ownerId);
        const list = dealsByOwner.get(ownerId) ?? [];
        list.push(d);
        dealsByOwner.set(ownerId, list);
    }
    // The days just read stand in for the date-times, so no creation date is parsed twice.
    const adoption = indexAdoption(input, deals.map((d) => ({ ownerId: d.deal.ownerId, createdDate: d.createdDay })));
    for (const q of input.quotas ?? [])
        if (!names.has(q.ownerId))
            names.set(q.ownerId, q.ownerId);
    const owners = [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));
    const byOwner = [];
    const team = [];
    for (const kp of input.periods) {
        const quotas = input.quotas === null ? null : quotasIn(kp.period, input.quotas);
        for (const [id, name] of owners) {
            byOwner.push(kpiRow(id, name, kp, input.asOf, dealsByOwner.get(id) ?? [], quotas?.get(id) ?? null, new Set([id]), adoptionOf(adoption, kp.period, input.asOf, new Set([id]))));
        }
        const held = quotas === null ? [] : [...quotas.values()];
        const sources = new Set(held.map((q) => q.source));
        const teamQuota = held.length === 0
            ? null
            : {
                amount: held.reduce((s, q) => s + q.amount, 0),
                source: sources.size === 1 ? held[0].source : null
            };
        team.push(kpiRow(TEAM_OWNER_ID, 'Team', kp, input.asOf, deals, teamQuota, null, adoptionOf(adoption, kp.period, input.asOf, null)));
    }
    return {
        byOwner,
        team,
        quotasSpanningPeriods: input.quotas === null ? 0 : spanningCount(input.periods, input.quotas)
    };
}
