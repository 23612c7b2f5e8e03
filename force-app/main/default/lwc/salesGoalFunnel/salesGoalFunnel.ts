/**
 * `c-sales-goal-funnel` — the process goals in order, each with its conversion against its target
 * and its own history, what the rate rests on (decided deals, 95% interval), the time it takes and
 * the value it created; the bottleneck marked with what fixing it is worth in bookings.
 *
 * Public API
 * - `@api goals: GoalView[]` — already worded by the container (`c-sales-goals`, salesGoalsView.ts);
 *   an empty list renders a line saying no goal was published.
 */
import { LightningElement, api } from 'lwc';

export interface GoalView {
    key: string;
    /** `1. Qualify`. */
    title: string;
    customerValue: string;
    measure: string;
    /** `32%` or `Not enough history`. */
    rateText: string;
    /** `8 of 25 decided deals (95%: 17%–52%)`, or why there is no rate. */
    restsOnText: string;
    /** `Target 50%` / `No target set`. */
    targetText: string;
    /** `55% in the same quarter of 2 past years` / `No history for this period yet`. */
    historyText: string;
    /** `18 pts below target`, or null when there is nothing to compare with. */
    gapText: string | null;
    /** `30 entered · 8 converted · 17 lost · 5 open`. */
    flowText: string;
    /** `Median 12 days to convert · 123,457 created`. */
    timeValueText: string;
    /** CSS for the rate bar (`width: 32%`); null without a rate. */
    barStyle: string | null;
    /** CSS placing the target marker on the bar; null without a target. */
    targetStyle: string | null;
    bottleneck: boolean;
    /** For the bottleneck: what reaching the target (or history) is worth, in a sentence. */
    worthText: string | null;
    itemClass: string;
}

export default class SalesGoalFunnel extends LightningElement {
    @api goals: GoalView[] = [];

    get hasGoals(): boolean {
        return this.goals.length > 0;
    }
}
