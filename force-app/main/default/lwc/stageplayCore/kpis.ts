/**
 * KPIs per rep and team (issue 12): quota, attainment, forecast attainment, coverage, win rate,
 * average deal size, cycle length and sales velocity per owner per period, with the rep's adoption
 * figures (`adoption.ts`) beside them. Pure: the deals as they stood on the as-of date, the quotas and
 * the activity records come in as plain data; the adjusted forecast per owner comes in as the period
 * forecast's own owner groups (`periodForecastGroups(forecast, 'owner')`), so "adjusted" here is the
 * same figure as `forecast.byOwner` in reconciliation.json, never a second computation.
 *
 * A figure that would rest on nothing (no quota, no closed deal, no won deal) is null, never 0.
 */
import type { QuotaSource, RepAdoption, RepKpi } from './goalTypes';
import type { PeriodForecastGroup } from './periodForecast';
import type { Period } from './types';
import { adoptionOf, indexAdoption, type AdoptionInput } from './adoption';
import { daysBetween, toDate } from './periods';
import { median } from './stats';

/** One quota: an owner's target for the days from `periodStart` to `periodEnd` (inclusive). */
export interface QuotaRecord {
    ownerId: string;
    periodStart: string;
    periodEnd: string;
    amount: number;
    source: QuotaSource;
}

/** A deal as it stood on the as-of date: only what the KPIs read. */
export interface KpiDeal {
    ownerId: string;
    amount: number | null;
    /** ISO date-time or date. */
    createdDate: string;
    closeDate: string;
    isClosed: boolean;
    isWon: boolean;
}

export interface KpiPeriod {
    period: Period;
    /**
     * The adjusted period forecast split by owner, as of the as-of date; null when it could not be
     * learned (no stage history, no past period) or is not computed for this period.
     */
    forecastByOwner: PeriodForecastGroup[] | null;
}

export interface KpiInput extends AdoptionInput {
    asOf: string;
    periods: KpiPeriod[];
    deals: KpiDeal[];
    owners: ReadonlyArray<{ id: string; name: string }>;
    /** Null when no quota source exists at all (then every quota is null). */
    quotas: QuotaRecord[] | null;
}

/** The id of the team's row in each period. */
export const TEAM_OWNER_ID = 'team';

export interface KpiResult {
    byOwner: RepKpi[];
    team: RepKpi[];
    /** Quota records that span more than one period: not split, so not used (said in `kpis.missing`). */
    quotasSpanningPeriods: number;
}

/** The quota records that fall wholly inside the period, summed per owner. */
function quotasIn(
    period: Period,
    quotas: readonly QuotaRecord[]
): Map<string, { amount: number; source: QuotaSource }> {
    const byOwner = new Map<string, { amount: number; source: QuotaSource }>();
    for (const q of quotas) {
        if (q.periodStart < period.start || q.periodEnd > period.end) continue;
        const held = byOwner.get(q.ownerId);
        if (held) held.amount += q.amount;
        else byOwner.set(q.ownerId, { amount: q.amount, source: q.source });
    }
    return byOwner;
}

/** Quota records that fit no single period of the list (e.g. a yearly quota against quarters). */
function spanningCount(periods: readonly KpiPeriod[], quotas: readonly QuotaRecord[]): number {
    return quotas.filter(
        (q) =>
            !periods.some((p) => q.periodStart >= p.period.start && q.periodEnd <= p.period.end) &&
            periods.some((p) => q.periodStart <= p.period.end && q.periodEnd >= p.period.start)
    ).length;
}

interface Tally {
    booked: number;
    won: number;
    closed: number;
    wonAmounts: number[];
    cycles: number[];
    openAtStart: number;
}

/** A deal with its creation day read once (every period and the team row ask for it again). */
interface DatedDeal {
    deal: KpiDeal;
    createdDay: string;
}

function emptyTally(): Tally {
    return { booked: 0, won: 0, closed: 0, wonAmounts: [], cycles: [], openAtStart: 0 };
}

/** The day a period's deals are counted up to: its end, or `asOf` while it has not ended. */
function countedUntil(period: Period, asOf: string): string {
    return period.end <= asOf ? period.end : asOf;
}

/**
 * What each owner's deals, and everyone's (the team), did in each period, counted up to the period's
 * end or `asOf`: one pass over the deals for every period and row, instead of one per period for the
 * team and one per period for each owner. Each tally still sees its deals in the input's order, so
 * the sums of amounts add up in the same order as before, to the same figures.
 */
function tallyPeriods(
    deals: readonly DatedDeal[],
    periods: readonly KpiPeriod[],
    asOf: string
): { byOwner: Map<string, Tally[]>; team: Tally[] } {
    const starts = periods.map((kp) => kp.period.start);
    const untils = periods.map((kp) => countedUntil(kp.period, asOf));
    const team = periods.map(emptyTally);
    const byOwner = new Map<string, Tally[]>();
    for (const { deal: d, createdDay: created } of deals) {
        let mine = byOwner.get(d.ownerId);
        if (!mine) {
            mine = periods.map(emptyTally);
            byOwner.set(d.ownerId, mine);
        }
        let cycle: number | null = null;
        for (let i = 0; i < starts.length; i++) {
            const start = starts[i];
            // In play when the period began: created before it and not closed before it.
            const openAtStart = created < start && (!d.isClosed || d.closeDate >= start);
            const closedIn = d.isClosed && d.closeDate >= start && d.closeDate <= untils[i];
            if (closedIn && d.isWon) cycle ??= Math.max(0, daysBetween(created, d.closeDate));
            countDeal(team[i], d, openAtStart, closedIn, cycle);
            countDeal(mine[i], d, openAtStart, closedIn, cycle);
        }
    }
    return { byOwner, team };
}

/** Adds one deal to a period's tally: in play at its start, closed within it, won (`cycle`: its days to close). */
function countDeal(
    t: Tally,
    d: KpiDeal,
    openAtStart: boolean,
    closedIn: boolean,
    cycle: number | null
): void {
    if (openAtStart) t.openAtStart++;
    if (!closedIn) return;
    t.closed++;
    if (!d.isWon) return;
    t.won++;
    if (d.amount !== null) {
        t.booked += d.amount;
        t.wonAmounts.push(d.amount);
    }
    t.cycles.push(cycle as number);
}

/** Sums the owner groups of the forecast: one owner's, or all of them for the team. */
function forecastOf(
    groups: readonly PeriodForecastGroup[] | null,
    owners: ReadonlySet<string> | null
): { openDeals: number; adjusted: number } | null {
    if (groups === null) return null;
    let openDeals = 0;
    let adjusted = 0;
    for (const g of groups) {
        if (owners !== null && !owners.has(g.group)) continue;
        openDeals += g.openDeals;
        adjusted += g.adjusted;
    }
    return { openDeals, adjusted };
}

function ratio(numerator: number, denominator: number | null): number | null {
    return denominator === null || denominator <= 0 ? null : numerator / denominator;
}

/**
 * The KPI row of a group of deals. A period that has ended has nothing open left to expect:
 * forecast attainment is attainment and coverage is null (no quota remains to cover in it).
 */
function kpiRow(
    ownerId: string,
    ownerName: string,
    kp: KpiPeriod,
    asOf: string,
    t: Tally,
    quota: { amount: number; source: QuotaSource | null } | null,
    forecastOwners: ReadonlySet<string> | null,
    adoption: RepAdoption
): RepKpi {
    const { period } = kp;
    const ended = period.end <= asOf;
    const quotaAmount = quota?.amount ?? null;
    const winRate = t.closed > 0 ? t.won / t.closed : null;
    const avgDealSize =
        t.wonAmounts.length > 0 ? t.wonAmounts.reduce((a, b) => a + b, 0) / t.wonAmounts.length : null;
    const cycleDays = median(t.cycles);
    const forecast = ended
        ? { openDeals: 0, adjusted: t.booked }
        : forecastOf(kp.forecastByOwner, forecastOwners);
    const remaining = quotaAmount === null ? null : quotaAmount - t.booked;
    let velocity: number | null = null;
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
export function repKpis(input: KpiInput): KpiResult {
    const names = new Map(input.owners.map((o) => [o.id, o.name]));
    const deals: DatedDeal[] = input.deals.map((deal) => ({ deal, createdDay: toDate(deal.createdDate) }));
    for (const d of deals) if (!names.has(d.deal.ownerId)) names.set(d.deal.ownerId, d.deal.ownerId);
    // The days just read stand in for the date-times, so no creation date is parsed twice.
    const adoption = indexAdoption(
        input,
        deals.map((d) => ({ ownerId: d.deal.ownerId, createdDate: d.createdDay }))
    );
    for (const q of input.quotas ?? []) if (!names.has(q.ownerId)) names.set(q.ownerId, q.ownerId);
    const owners = [...names.entries()].sort((a, b) => a[1].localeCompare(b[1]) || a[0].localeCompare(b[0]));

    const tallies = tallyPeriods(deals, input.periods, input.asOf);
    const byOwner: RepKpi[] = [];
    const team: RepKpi[] = [];
    for (let p = 0; p < input.periods.length; p++) {
        const kp = input.periods[p];
        const quotas = input.quotas === null ? null : quotasIn(kp.period, input.quotas);
        for (const [id, name] of owners) {
            byOwner.push(
                kpiRow(
                    id,
                    name,
                    kp,
                    input.asOf,
                    tallies.byOwner.get(id)?.[p] ?? emptyTally(),
                    quotas?.get(id) ?? null,
                    new Set([id]),
                    adoptionOf(adoption, kp.period, input.asOf, new Set([id]))
                )
            );
        }
        const held = quotas === null ? [] : [...quotas.values()];
        const sources = new Set(held.map((q) => q.source));
        const teamQuota =
            held.length === 0
                ? null
                : {
                      amount: held.reduce((s, q) => s + q.amount, 0),
                      source: sources.size === 1 ? held[0].source : null
                  };
        team.push(
            kpiRow(
                TEAM_OWNER_ID,
                'Team',
                kp,
                input.asOf,
                tallies.team[p],
                teamQuota,
                null,
                adoptionOf(adoption, kp.period, input.asOf, null)
            )
        );
    }
    return {
        byOwner,
        team,
        quotasSpanningPeriods: input.quotas === null ? 0 : spanningCount(input.periods, input.quotas)
    };
}
