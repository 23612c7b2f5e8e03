/**
 * The shapes of "goals before process" (issue 12): how each process goal converted in a period, and
 * each rep's KPIs and adoption. Plain JSON data, like the rest of the core's vocabulary: the same
 * rows go into reconciliation.json, the report, the CSVs, the snapshot records published to the org
 * (`Stageplay_Goal_Result__c`, `Stageplay_Rep_Kpi__c`) and the `salesGoals` component.
 *
 * Every rate is a fraction 0..1 and is null when it would rest on no evidence (nothing entered, no
 * quota, no closed deal); every count says what the rate rests on.
 */

/** One process goal's funnel figures for one period (the deals that entered the goal in it). */
export interface GoalResult {
    /** DeveloperName of the goal's `Process_Goal__mdt` record. */
    goal: string;
    label: string;
    /** Position of the goal in the process (1 = first). */
    order: number;
    /** The value the goal creates for the customer, in the process owner's words. */
    customerValue: string;
    /** What measures the goal, in words (e.g. "share of prospects that reach Discovery"). */
    measure: string;
    /** Period key as `periodOf(...).key` gives it. */
    period: string;
    /** The day the figures were taken (`YYYY-MM-DD`): a period still running is counted up to it. */
    asOf: string;
    /** Deals that entered the goal (its first stage) in the period. */
    entered: number;
    /** Of those, the deals that reached the next goal (or were won, for the last goal) by `asOf`. */
    converted: number;
    /** Of those, the deals lost before converting by `asOf` (the rest are still open). */
    lost: number;
    /** converted / (converted + lost): decided deals only; null when none is decided. */
    conversionRate: number | null;
    /** 95% interval of `conversionRate` (Wilson); null with it. */
    conversionInterval95: [number, number] | null;
    /** Median days from entering the goal to converting, over converted deals; null when none. */
    medianDays: number | null;
    /** Amount of the converted deals (the value the goal created in the period, in the org currency). */
    valueCreated: number;
    /** The goal's conversion-rate target for the period (metadata), or null when none is set. */
    target: number | null;
    /** The same goal's conversion rate in the same period of past years; null when there is none. */
    historyRate: number | null;
    /** How many past periods `historyRate` rests on (0 when null). */
    historyPeriods: number;
    /** Decided deals (converted + lost) `historyRate` rests on, over those periods (0 when null). */
    historyDecided?: number;
    /** True for the one goal furthest below its target or its own history (at most one per period). */
    bottleneck: boolean;
    /**
     * For the bottleneck: the extra bookings in the period if its conversion reached the target (or its
     * history), carried through the later goals' conversion; null for the other goals.
     */
    worthInBookings: number | null;
}

/** Where a rep's quota came from. */
export type QuotaSource = 'ForecastingQuota' | 'Stageplay_Quota__c' | 'csv';

/** A rep's use of the CRM in a period: what leaders judge adoption by. Null = the source holds no such data. */
export interface RepAdoption {
    /** Last login (`User.LastLoginDate`, ISO), or null when unknown. */
    lastLogin: string | null;
    /** Logins in the period (`LoginHistory`), or null when not readable. */
    logins: number | null;
    /** Opportunities the rep created in the period. */
    opportunitiesCreated: number;
    /** Tasks/events due in the period and completed; null when no activity data. */
    activitiesCompleted: number | null;
    /** Tasks/events due in the period; null when no activity data. */
    activitiesDue: number | null;
    /** Share of the rep's stage exits in the period with every exited stage's parameters captured. */
    parametersOnTime: number | null;
    /** The stage exits `parametersOnTime` rests on (optional: added after the contract, kpis12). */
    stageExits?: number;
    /** Open deals untouched for more than the stale threshold, as of `asOf`. */
    staleDeals: number;
    /** Open deals whose close date is in the past, as of `asOf`. */
    pastCloseDeals: number;
}

/** One rep's KPIs for one period. */
export interface RepKpi {
    ownerId: string;
    ownerName: string;
    period: string;
    asOf: string;
    quota: number | null;
    quotaSource: QuotaSource | null;
    /** Won amount closed in the period (by `asOf`). */
    booked: number;
    /** booked / quota. */
    attainment: number | null;
    /** (booked + history-adjusted expected from open deals in the period) / quota. */
    forecastAttainment: number | null;
    /** History-adjusted open pipeline in the period / (quota - booked); null when nothing remains. */
    coverage: number | null;
    /** Won / closed deals of the rep that closed in the period. */
    winRate: number | null;
    /** Closed deals `winRate` rests on. */
    closedDeals: number;
    avgDealSize: number | null;
    /** Median days from creation to close of the rep's won deals in the period. */
    cycleDays: number | null;
    /** Sales velocity per day: open deals x win rate x average deal size / cycle days. */
    velocity: number | null;
    adoption: RepAdoption;
}
