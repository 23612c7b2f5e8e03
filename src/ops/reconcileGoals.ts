/**
 * The goal funnel in the reconciliation: per process goal, the deals that entered it in the current
 * and past periods, how many converted to the next goal, the time it took and the value it created,
 * against the goal's target and its own history; and the bottleneck with what fixing it is worth in
 * bookings. The arithmetic is the core's (`goalFunnel`); this module picks the periods the rest of
 * the reconciliation uses, so the goals' trend covers the same past periods as the backtest.
 */
import { goalFunnel, type DealPath, type PeriodSpec, type ProcessDefinition } from '../core';
import type { GoalsSection } from '../reconciliation';

export function reconcileGoals(
    salesProcess: ProcessDefinition,
    paths: DealPath[],
    options: { asOf: string; spec: PeriodSpec; pastPeriods: number }
): GoalsSection {
    return goalFunnel(salesProcess, paths, options);
}
