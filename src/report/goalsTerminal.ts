/**
 * The goals in a few terminal lines: the current period's conversion per goal against its target
 * and history, and the bottleneck (or why there is none) with its arithmetic.
 */
import { formatCount, formatPercentValue, periodLabel } from '../core';
import type { Reconciliation } from '../reconciliation';

export function goalsLines(rec: Reconciliation): string[] {
    const goals = rec.goals;
    if (goals.byGoal.length === 0) return [`Goals: ${goals.noBottleneck ?? 'none'}`];
    const width = Math.max(...goals.byGoal.map((r) => r.label.length));
    const rows = goals.byGoal.map((r) => {
        const decided = r.converted + r.lost;
        const interval = r.conversionInterval95
            ? ` (95% ${formatPercentValue(r.conversionInterval95[0])}–${formatPercentValue(r.conversionInterval95[1])})`
            : '';
        const history =
            r.historyRate === null
                ? 'no history'
                : `past years ${formatPercentValue(r.historyRate)} (${formatCount(r.historyDecided ?? 0)} decided in ${r.historyPeriods})`;
        return (
            `  ${r.label.padEnd(width)}  entered ${formatCount(r.entered).padStart(5)}  ` +
            `converted ${formatCount(r.converted)} of ${formatCount(decided)} decided: ${formatPercentValue(r.conversionRate)}${interval}  ` +
            `target ${formatPercentValue(r.target)}  ${history}${r.bottleneck ? '  <- bottleneck' : ''}`
        );
    });
    return [
        `Goals in ${periodLabel(goals.period, rec.spec)} as of ${goals.asOf} (deals that entered each goal in the period; conversion = reached the next goal, or won, of those decided):`,
        ...rows,
        goals.bottleneck ? `Bottleneck: ${goals.bottleneck.arithmetic}` : (goals.noBottleneck ?? '')
    ];
}
