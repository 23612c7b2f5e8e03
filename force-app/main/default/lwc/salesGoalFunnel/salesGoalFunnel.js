// Generated from salesGoalFunnel.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
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
export default class SalesGoalFunnel extends LightningElement {
    @api
    goals = [];
    get hasGoals() {
        return this.goals.length > 0;
    }
}
