/**
 * Turns what `SalesGoalsController.getSalesGoals` returned into the plain, already-worded data the
 * children render. The figures were computed by the core before they were published
 * (`stageplay snapshot`); this file reads them back through `c/stageplayApex`, chooses words and
 * order, says what each number rests on, and refuses to show a rate too thin to mean anything.
 */
import type { ApexSalesGoalsContext } from '@salesforce/apex/SalesGoalsController.getSalesGoals';
import { cardNotice } from 'c/cardNotices';
import type { CardNotice } from 'c/cardNotices';
import type { GoalView } from 'c/salesGoalFunnel';
import type { RepView } from 'c/salesRepKpis';
import { TEAM_OWNER_ID, toGoalResult, toRepKpi } from 'c/stageplayApex';
import {
    formatAmount,
    formatCount,
    formatDays,
    formatPercentValue,
    plural,
    wilsonInterval
} from 'c/stageplayCore';
import type { GoalResult, RepKpi } from 'c/stageplayCore';

/**
 * Below ten decided deals a period's rate is noise: with 5 of 10 the 95% interval already spans
 * 24%–76%, with 2 of 4 it spans 15%–85%. The page says "Not enough history" instead.
 */
export const MIN_DECIDED = 10;

export type LineMode = 'mine' | 'team';

export interface SalesGoalsModel {
    /** `Quarter FY2026-Q4 · published 2026-11-15`, or null when nothing is published. */
    goalsHeading: string | null;
    goals: GoalView[];
    bottleneckText: string | null;
    kpisHeading: string | null;
    /** The running user's own line (null when they have none). */
    mine: RepView | null;
    /** Team totals first (when visible), then the user's own line, then the other reps by name. */
    team: RepView[];
    seesTeam: boolean;
    /** Nothing published yet, or nothing the user may see. */
    empty: boolean;
    notices: CardNotice[];
}

const pct = (fraction: number | null) => formatPercentValue(fraction);

/** `–12 pts` / `+3 pts`: the difference of two rates in percentage points. */
function points(difference: number): string {
    const rounded = Math.round(difference * 100);
    return `${rounded > 0 ? '+' : ''}${formatCount(rounded)} ${Math.abs(rounded) === 1 ? 'pt' : 'pts'}`;
}

function intervalText(interval: [number, number] | null): string {
    return interval ? ` (95%: ${pct(interval[0])}–${pct(interval[1])})` : '';
}

function goalView(g: GoalResult, periodWord: string): GoalView {
    const decided = g.converted + g.lost;
    const enough = g.conversionRate !== null && decided >= MIN_DECIDED;
    const open = Math.max(0, g.entered - decided);
    const reference = g.target ?? g.historyRate;
    const gap = enough && reference !== null ? g.conversionRate! - reference : null;
    const gapAgainst = g.target !== null ? 'target' : 'history';
    return {
        key: g.goal,
        title: `${g.order}. ${g.label}`,
        customerValue: g.customerValue,
        measure: g.measure,
        rateText: enough ? pct(g.conversionRate) : 'Not enough history',
        restsOnText:
            decided === 0
                ? `No deal decided yet of ${plural(g.entered, 'deal', 'deals')} entered`
                : `${formatCount(g.converted)} of ${plural(decided, 'decided deal', 'decided deals')}${enough ? intervalText(g.conversionInterval95) : ` (fewer than ${MIN_DECIDED})`}`,
        targetText: g.target === null ? 'No target set' : `Target ${pct(g.target)}`,
        historyText:
            g.historyRate === null || g.historyPeriods === 0
                ? `No history for this ${periodWord} yet`
                : `${pct(g.historyRate)} in the same ${periodWord} of ${plural(g.historyPeriods, 'past year', 'past years')}`,
        gapText: gap !== null && gap < 0 ? `${points(gap).replace('-', '')} below ${gapAgainst}` : null,
        flowText: `${formatCount(g.entered)} entered · ${formatCount(g.converted)} converted · ${formatCount(g.lost)} lost · ${formatCount(open)} open`,
        timeValueText: `${g.medianDays === null ? 'No converted deal to time' : `Median ${formatDays(g.medianDays)} to convert`} · ${formatAmount(g.valueCreated)} created`,
        barStyle: enough ? `width: ${Math.round(g.conversionRate! * 100)}%` : null,
        targetStyle: enough && g.target !== null ? `left: ${Math.round(g.target * 100)}%` : null,
        bottleneck: g.bottleneck,
        worthText:
            g.bottleneck && g.worthInBookings !== null
                ? `Reaching its ${gapAgainst} is worth ${formatAmount(g.worthInBookings)} more in bookings this ${periodWord}, carried through the later goals' conversion.`
                : null,
        itemClass: `funnel-item slds-p-around_x-small slds-m-bottom_x-small${g.bottleneck ? ' funnel-item_bottleneck' : ''}`
    };
}

function lastLoginText(iso: string | null): string {
    return iso ? `last ${iso.slice(0, 10)}` : 'last login unknown';
}

function repView(k: RepKpi, userId: string): RepView {
    const team = k.ownerId === TEAM_OWNER_ID;
    const me = k.ownerId === userId;
    const a = k.adoption;
    const noQuota = k.quota === null;
    const left = noQuota ? null : k.quota! - k.booked;
    const enoughClosed = k.winRate !== null && k.closedDeals >= MIN_DECIDED;
    const won = k.winRate === null ? 0 : Math.round(k.winRate * k.closedDeals);
    const interval = enoughClosed ? wilsonInterval(won, k.closedDeals) : null;
    return {
        key: k.ownerId,
        name: k.ownerName,
        // The team's row is named "Team" already; a rep's own row says so in words, not by colour alone.
        tag: me && !team ? 'You' : null,
        rowClass: team ? 'rep-row_team' : me ? 'rep-row_me' : '',
        attainmentText: noQuota ? 'No quota' : `${pct(k.attainment)} of ${formatAmount(k.quota)}`,
        bookedText: `${formatAmount(k.booked)} booked`,
        forecastAttainmentText: noQuota ? 'No quota' : pct(k.forecastAttainment),
        coverageText: noQuota
            ? 'No quota'
            : left !== null && left <= 0
              ? 'Quota met'
              : k.coverage === null
                ? '–'
                : `${pct(k.coverage)} of the ${formatAmount(left)} left`,
        winRateText: enoughClosed ? pct(k.winRate) : 'Not enough history',
        winRateRestsOnText: `of ${plural(k.closedDeals, 'closed deal', 'closed deals')}${interval ? intervalText([interval.low, interval.high]) : k.closedDeals > 0 ? ` (fewer than ${MIN_DECIDED})` : ''}`,
        avgDealSizeText:
            k.avgDealSize === null ? 'No won deal' : `${formatAmount(k.avgDealSize)} per won deal`,
        cycleText: k.cycleDays === null ? 'No cycle yet' : `${formatDays(k.cycleDays)} cycle`,
        velocityText: k.velocity === null ? 'No velocity yet' : `${formatAmount(k.velocity)} per day`,
        loginsText: `${a.logins === null ? 'Logins not readable' : plural(a.logins, 'login', 'logins')} · ${lastLoginText(a.lastLogin)}`,
        activityText: `${plural(a.opportunitiesCreated, 'opportunity', 'opportunities')} created · ${
            a.activitiesDue === null || a.activitiesCompleted === null
                ? 'no activity data'
                : `${formatCount(a.activitiesCompleted)} of ${plural(a.activitiesDue, 'activity', 'activities')} done`
        }`,
        disciplineText: `${a.parametersOnTime === null ? 'No stage move to judge' : `${pct(a.parametersOnTime)} of stage moves captured on time`} · ${formatCount(a.staleDeals)} stale · ${formatCount(a.pastCloseDeals)} past close date`
    };
}

/** `quarter` for `FY2026-Q4`, `month` for `FY2026-M03`: the word the page uses for the period. */
function periodWordOf(period: string | null): string {
    return period && /-M\d+$/.test(period) ? 'month' : 'quarter';
}

function byNameWithMeFirst(userId: string) {
    return (a: RepKpi, b: RepKpi): number => {
        if (a.ownerId === userId) return -1;
        if (b.ownerId === userId) return 1;
        return a.ownerName.localeCompare(b.ownerName);
    };
}

export function buildSalesGoals(context: ApexSalesGoalsContext): SalesGoalsModel {
    const periodWord = periodWordOf(context.goalsPeriod ?? context.kpisPeriod);
    const goals = context.goals.map(toGoalResult).sort((a, b) => a.order - b.order);
    const kpis = context.reps.map(toRepKpi);
    const teamTotals = kpis.filter((k) => k.ownerId === TEAM_OWNER_ID);
    const reps = kpis.filter((k) => k.ownerId !== TEAM_OWNER_ID).sort(byNameWithMeFirst(context.userId));
    const mine = reps.find((k) => k.ownerId === context.userId) ?? null;
    const bottleneck = goals.find((g) => g.bottleneck) ?? null;
    // Rows the user cannot see or the page cut are warnings: the card shows less than was published.
    const notices: CardNotice[] = [];
    if (!context.goalsAccessible)
        notices.push(
            cardNotice('goalsHidden', 'warning', 'Your access does not include Stageplay goal results.')
        );
    if (!context.kpisAccessible)
        notices.push(cardNotice('kpisHidden', 'warning', 'Your access does not include Stageplay rep KPIs.'));
    if (context.truncated)
        notices.push(
            cardNotice(
                'truncated',
                'warning',
                'More rows were published than the page shows; the rest are left out.'
            )
        );
    return {
        goalsHeading: context.goalsPeriod
            ? `${context.goalsPeriod} · figures as of ${context.goalsAsOf ?? '–'}`
            : null,
        goals: goals.map((g) => goalView(g, periodWord)),
        bottleneckText: bottleneck
            ? `The bottleneck is ${bottleneck.label}: ${bottleneck.conversionRate === null ? 'no rate yet' : pct(bottleneck.conversionRate)} against ${bottleneck.target !== null ? `a ${pct(bottleneck.target)} target` : `${pct(bottleneck.historyRate)} in past years`}.`
            : null,
        kpisHeading: context.kpisPeriod
            ? `${context.kpisPeriod} · figures as of ${context.kpisAsOf ?? '–'}`
            : null,
        mine: mine ? repView(mine, context.userId) : null,
        team: [...teamTotals, ...reps].map((k) => repView(k, context.userId)),
        seesTeam: context.seesTeam,
        empty: goals.length === 0 && kpis.length === 0,
        notices
    };
}
