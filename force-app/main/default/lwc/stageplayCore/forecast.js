// Generated from forecast.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * The forecast rolled up by period, forecast category and owner: what was booked, the stated
 * expected revenue (amount × the deal's own probability, over open deals dated in the period) and,
 * when the adjusted period forecast of the period is given, its share for the group (open deals'
 * P(won by period end) × amount × amount change, plus deals not yet created).
 */
import { periodForecastGroups } from './periodForecast';
import { periodOf, periodOfKey } from './periods';
import { defaultForecastCategory } from './salesforceVocabulary';
/** Salesforce's own order of forecast categories, from least to most certain, then Omitted. */
export const FORECAST_CATEGORIES = [
    'Pipeline',
    'Best Case',
    'Commit',
    'Closed',
    'Omitted'
];
/**
 * A deal ready for the forecast. Blanks take the stage's defaults (Salesforce leaves probability and
 * forecast category to the stage unless a rep overrides them); a blank amount counts as 0.
 */
export function toForecastDeal(deal, score, process, ownerName) {
    const stage = process.stages.find((s) => s.name === deal.stageName);
    const category = deal.forecastCategory ??
        stage?.forecastCategory ??
        defaultForecastCategory(deal.isClosed, deal.isWon);
    return {
        id: deal.id,
        name: deal.name,
        ownerId: deal.ownerId,
        ownerName: ownerName ?? deal.ownerName ?? deal.ownerId,
        amount: deal.amount ?? 0,
        closeDate: deal.closeDate,
        stageName: deal.stageName,
        forecastCategory: category,
        isClosed: deal.isClosed,
        isWon: deal.isWon,
        statedProbability: deal.probability ?? stage?.probability ?? 0,
        adjustedProbability: score.adjusted
    };
}
function groupOf(deal, groupBy) {
    if (groupBy === 'total')
        return { key: '*', label: 'Total' };
    if (groupBy === 'forecastCategory')
        return { key: deal.forecastCategory, label: deal.forecastCategory };
    return { key: deal.ownerId, label: deal.ownerName || deal.ownerId };
}
/**
 * Rolls deals up by the period their close date falls in. Open deals give the open amount and the
 * stated expected revenue; closed-won deals give what was booked. Closed-lost deals add nothing and
 * are not counted.
 *
 * `adjustedExpected` is the group's share of the adjusted period forecast beyond booked
 * (`periodForecastGroups`: openDeals + notYetCreated) for the periods in `forecasts`, null for the
 * others. That share counts open deals by their chance of being won by the period's end whatever
 * their close date, so a group can have one without deals dated in the period: such groups get a row
 * with no deals (as does the `NOT_YET_CREATED_GROUP` category), labelled from `ownerLabels` (by default the
 * deals' own: a caller that rolls up only some deals passes every owner's). Rows come in period order; within
 * a period, categories in Salesforce's order, owners by name (then id).
 */
export function rollupForecast(deals, spec, groupBy, forecasts = [], ownerLabels) {
    const rows = new Map();
    const periodStarts = new Map();
    const adjustedBy = new Map();
    for (const forecast of forecasts) {
        const groups = periodForecastGroups(forecast, groupBy);
        if (groups)
            adjustedBy.set(forecast.period, new Map(groups.map((g) => [g.group, g.openDeals + g.notYetCreated])));
    }
    for (const deal of deals) {
        if (deal.isClosed && !deal.isWon)
            continue;
        const period = periodOf(deal.closeDate, spec);
        const group = groupOf(deal, groupBy);
        const key = `${period.key}\u0000${group.key}`;
        periodStarts.set(period.key, period.start);
        let row = rows.get(key);
        if (!row) {
            row = {
                period: period.key,
                group: group.key,
                groupLabel: group.label,
                deals: 0,
                openAmount: 0,
                statedExpected: 0,
                adjustedExpected: adjustedBy.get(period.key)?.get(group.key) ?? (adjustedBy.has(period.key) ? 0 : null),
                booked: 0
            };
            rows.set(key, row);
        }
        row.deals++;
        if (deal.isClosed) {
            row.booked += deal.amount;
        }
        else {
            row.openAmount += deal.amount;
            row.statedExpected += deal.amount * deal.statedProbability;
        }
    }
    // Groups with a share of the adjusted forecast but no deal dated in the period.
    const ownerNames = ownerLabels ?? new Map(deals.map((d) => [d.ownerId, d.ownerName || d.ownerId]));
    for (const [periodKey, groups] of adjustedBy) {
        for (const [group, adjustedExpected] of groups) {
            const key = `${periodKey}\u0000${group}`;
            if (rows.has(key) || adjustedExpected === 0)
                continue;
            periodStarts.set(periodKey, periodOfKey(periodKey, spec).start);
            rows.set(key, {
                period: periodKey,
                group,
                groupLabel: groupBy === 'total'
                    ? 'Total'
                    : groupBy === 'owner'
                        ? (ownerNames.get(group) ?? group)
                        : group,
                deals: 0,
                openAmount: 0,
                statedExpected: 0,
                adjustedExpected,
                booked: 0
            });
        }
    }
    const categoryRank = (group) => {
        const rank = FORECAST_CATEGORIES.indexOf(group);
        return rank < 0 ? FORECAST_CATEGORIES.length : rank;
    };
    return [...rows.values()].sort((a, b) => {
        const aStart = periodStarts.get(a.period);
        const bStart = periodStarts.get(b.period);
        if (aStart !== bStart)
            return aStart < bStart ? -1 : 1;
        if (groupBy === 'forecastCategory') {
            const byRank = categoryRank(a.group) - categoryRank(b.group);
            if (byRank !== 0)
                return byRank;
        }
        if (a.groupLabel !== b.groupLabel)
            return a.groupLabel < b.groupLabel ? -1 : 1;
        return a.group < b.group ? -1 : a.group > b.group ? 1 : 0;
    });
}
