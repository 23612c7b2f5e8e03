/**
 * What `stageplay snapshot` publishes beside the forecast: the goal funnel and the rep KPIs exactly as
 * the reconciliation computes them from history (reconciliation.json `goals` and `kpis`, through the
 * same calls, without the backtest and time split they do not need), so the `salesGoals` component
 * shows the numbers the report shows, as of the same day.
 */
import type { Dataset } from '../dataset';
import type { PeriodSpec } from '../core';
import type { Performance } from './publishPerformance';
import { goalsAndKpisAsOf } from './reconcile';

export function performanceFromHistory(dataset: Dataset, asOf: string, spec: PeriodSpec): Performance | null {
    const { goals, kpis } = goalsAndKpisAsOf(dataset, asOf, spec);
    const performance: Performance = {
        goals: [...goals.trend, ...goals.byGoal],
        kpis: [...kpis.byOwner, ...kpis.team]
    };
    return performance.goals.length + performance.kpis.length > 0 ? performance : null;
}
