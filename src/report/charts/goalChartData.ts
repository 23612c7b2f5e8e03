/**
 * The goal charts' data in the report's embedded JSON (see chartData.ts): free of Node and DOM types,
 * built by goalsSection.ts from reconciliation.json `goals` and drawn by goalCharts.ts.
 */

/** One goal in the current period's funnel. */
export interface GoalFunnelBarData {
    label: string;
    entered: number;
    converted: number;
    lost: number;
    conversionRate: number | null;
    low: number | null;
    high: number | null;
    target: number | null;
    historyRate: number | null;
    bottleneck: boolean;
}

/** One goal's conversion rate per period, oldest first (the current period last). */
export interface GoalTrendData {
    label: string;
    rates: Array<number | null>;
    /** Decided deals each rate rests on. */
    decided: number[];
    bottleneck: boolean[];
    target: number | null;
}

export interface GoalChartData {
    periodLabel: string;
    funnel: GoalFunnelBarData[];
    trend: { periods: string[]; goals: GoalTrendData[] };
}
