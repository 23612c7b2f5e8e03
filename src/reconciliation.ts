/**
 * The reconciliation as data: what `src/ops/reconcile.ts` computes and the terminal summary, the CSVs
 * and the HTML report (src/report) render. It lives below both so that the report depends on the
 * shape of the result, never on the code that computes it. Plain, JSON-serialisable types only.
 */
import type {
    Benchmarks,
    FinanceFlagReason,
    FinanceRiskTotals,
    GoalFunnel,
    CalibrationSummary,
    DealFlag,
    FlagKind,
    ForecastCategory,
    ForecastRow,
    Period,
    PeriodSpec,
    TimeSplitAccuracy,
    RuleDisagreement,
    HorizonAccuracy,
    QuotaSource,
    RepKpi
} from './core';
import type { DataProblem } from './dataset';
import type { DataQuality } from './records/ledger';

/** One credible parameter answer: its counts and shrunk likelihood ratio with the 95% interval. */
export interface ParameterEffect {
    stage: string;
    parameter: string;
    label: string;
    bucket: string;
    won: number;
    lost: number;
    likelihoodRatio: number;
    ratioLow: number;
    ratioHigh: number;
}

/** One open deal as the report lists it. */
export interface DealRow {
    id: string;
    name: string;
    ownerId: string;
    ownerName: string;
    stage: string;
    forecastCategory: ForecastCategory;
    amount: number;
    closeDate: string;
    period: string;
    statedProbability: number;
    adjustedProbability: number;
    adjustedLow: number | null;
    adjustedHigh: number | null;
    /** P(won by the end of the current period), from the adjusted period forecast (null when not learned). */
    currentPeriodCloseProbability: number | null;
    /** That probability × amount × the stage's amount change: the deal's term in the adjusted forecast. */
    currentPeriodExpected: number | null;
    health: string;
    flags: DealFlag[];
}

export interface WaterfallStep {
    step:
        | 'Booked'
        | 'Commit'
        | 'Best Case'
        | 'Pipeline'
        | 'Open deals dated outside the period'
        | 'Not yet created';
    amount: number;
    stated: number;
    /** The adjusted forecast's term; null when it could not be learned. */
    adjusted: number | null;
}

/** The adjusted forecast of one period, term by term, with its range and what it rests on. */
export interface PeriodForecastSummary {
    period: string;
    label: string;
    asOf: string;
    daysLeft: number;
    stated: number;
    booked: number;
    /** Expected bookings from deals open on the as-of date: Σ P(won in period) × amount × amount change. */
    openDeals: number | null;
    /** Of which from open deals dated outside the period (overdue or later). */
    openDealsDatedOutside: number | null;
    /** Expected bookings from deals created after the as-of date. */
    notYetCreated: number | null;
    /** booked + openDeals + notYetCreated; null when nothing could be learned (see `unavailable`). */
    adjusted: number | null;
    /** 10th–90th percentile of bookings: an 80% range. */
    range80: [number, number] | null;
    basis: {
        trainingPeriods: string[];
        examples: number;
        overallCloseRate: number | null;
        notYetCreatedByPeriod: number[];
    };
    /** Why there is no adjusted forecast, when there is none. */
    unavailable: string | null;
}

/** One past period's forecast k weeks before its end, term by term, against what it booked. */
export interface BacktestRow {
    period: string;
    label: string;
    asOf: string;
    weeksOut: number;
    booked: number;
    stated: number;
    commit: number;
    adjusted: number | null;
    terms: {
        booked: number;
        openDeals: number | null;
        openDealsDatedOutside: number | null;
        notYetCreated: number | null;
    };
    low: number | null;
    high: number | null;
    /** Did the booked amount fall inside the 80% range? */
    inRange: boolean | null;
    /** Past periods the adjusted forecast learned from. */
    trainingPeriods: number;
}

export interface OwnerBias {
    ownerId: string;
    ownerName: string;
    periods: number;
    forecastStated: number;
    forecastAdjusted: number;
    booked: number;
    /** (forecast - booked) / booked over the periods summed; null when nothing was booked. */
    biasStated: number | null;
    biasAdjusted: number | null;
}

export interface Reconciliation {
    generatedAt: string;
    asOf: string;
    spec: PeriodSpec;
    source: string;
    weeksOut: number[];
    counts: { opportunities: number; open: number; won: number; lost: number; dataProblems: number };
    currentPeriod: Period;
    benchmarks: Benchmarks;
    forecast: { byPeriod: ForecastRow[]; byCategory: ForecastRow[]; byOwner: ForecastRow[] };
    waterfall: { period: string; steps: WaterfallStep[] };
    /** The adjusted forecast of the current period and the next ones listed in `forecast.byPeriod`. */
    periodForecasts: PeriodForecastSummary[];
    pastPeriods: Period[];
    backtest: BacktestRow[];
    accuracy: {
        /** Fit before a cut-off, score after it (null without closed deals): the accuracy to quote. */
        timeSplit: TimeSplitAccuracy | null;
        /** Per horizon: MAPE and bias of stated, adjusted and Commit on the same periods, and the range's coverage. */
        backtest: HorizonAccuracy[];
        /** Why the backtest has no numbers, when it has none. */
        backtestUnavailable: string | null;
    };
    /** The data-quality ledger of the dataset this rests on. */
    dataQuality: DataQuality;
    /** The problems the ledger lists (rejected rows, dropped values, repairs), with where. */
    dataProblems: DataProblem[];
    ownerBias: { weeksOut: number; owners: OwnerBias[] };
    calibration: CalibrationSummary;
    /** What the current benchmarks' parameters show: credible answers (largest first) and rule/history disagreements. */
    evidence: { effects: ParameterEffect[]; ruleDisagreements: RuleDisagreement[] };
    flagCounts: Record<FlagKind, number>;
    deals: DealRow[];
    discipline: DataDiscipline;
    snapshots: SnapshotComparison | null;
    /** The accounts' money (null when no account carries accounting facts). */
    finance: FinanceSection | null;
    /** The goal funnel and its bottleneck (src/ops/reconcileGoals.ts); empty, saying so, without goals. */
    goals: GoalsSection;
    /** KPIs and adoption per rep and team, current and past periods (src/ops/reconcileKpis.ts). */
    kpis: KpisSection;
}

/** KPIs per rep and team (issue 12): current period and the past periods the backtest uses. */
export interface KpisSection {
    /** The current period's key. */
    period: string;
    asOf: string;
    /** Per owner per period, oldest period first, owners by name. */
    byOwner: RepKpi[];
    /** The team's totals per period (ownerId "team"). */
    team: RepKpi[];
    /** Where the quotas came from; null when there are none. */
    quotaSource: QuotaSource | null;
    /** What could not be read or used, and why (a missing file, an unreadable object, quotas spanning periods). */
    missing: Record<string, string>;
}

/** reconciliation.json `goals`: the core's goal funnel as it is (see stageplayCore/goals.ts). */
export type GoalsSection = GoalFunnel;

/** A flagged account behind the forecast at risk. */
export interface FinanceAccountRow {
    accountId: string;
    name: string;
    /** The most severe finance state, as people read it. */
    state: string;
    reasons: FinanceFlagReason[];
    pastDueAmount: number | null;
    daysPastDue: number | null;
    openBalance: number | null;
    creditLimit: number | null;
    asOf: string | null;
    /** Its flagged open deals, their amount and adjusted expected. */
    deals: number;
    openAmount: number;
    adjusted: number;
}

export interface FinanceSection {
    /** Flagged deals' open amount, stated and adjusted expected, in total and per reason. */
    atRisk: { total: FinanceRiskTotals; byReason: Record<FinanceFlagReason, FinanceRiskTotals> };
    accounts: FinanceAccountRow[];
    /** How far the facts can be trusted: accounts with and without facts, values not read, as-of span. */
    quality: {
        accounts: number;
        withFacts: number;
        withoutFacts: number;
        valuesNotRead: number;
        asOfFrom: string | null;
        asOfTo: string | null;
    };
}

/** Data discipline: are reps capturing what the process asks for (see src/ops/discipline.ts)? */
export interface CaptureGroup {
    key: string;
    label: string;
    openDeals: number;
    /** Open deals whose stage has at least one parameter. */
    withParameters: number;
    /** ... of which every current-stage parameter is captured. */
    fullyCaptured: number;
    /** fullyCaptured / withParameters, null when no deal's stage asks for anything. */
    share: number | null;
    /** Captured parameter values / asked-for parameter values. */
    parameterShare: number | null;
}

export interface UntouchedDeal {
    id: string;
    name: string;
    ownerName: string;
    stage: string;
    amount: number | null;
    /** ISO date-time of the last change we know of. */
    lastTouched: string;
    days: number;
}

export interface DataDiscipline {
    untouchedDays: number;
    overall: CaptureGroup;
    byOwner: CaptureGroup[];
    byStage: CaptureGroup[];
    untouched: UntouchedDeal[];
}

/** Stored forecast snapshots against what is known now (see src/ops/snapshot.ts). */
export interface SnapshotComparisonRow {
    asOf: string;
    period: string;
    /** What the snapshot said: booked by then + the stated expected, the adjusted one, or Commit. */
    statedThen: number;
    /** Null when the snapshot has no adjusted figure for the period. */
    adjustedThen: number | null;
    commitThen: number;
    /** What is booked in the period now, and today's forecasts for it (adjusted null when not computed). */
    bookedNow: number;
    statedNow: number;
    adjustedNow: number | null;
}

export interface SnapshotComparison {
    snapshots: number;
    rows: SnapshotComparisonRow[];
}
