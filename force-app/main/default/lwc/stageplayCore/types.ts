/**
 * The vocabulary of Stageplay's domain core.
 *
 * Everything here is plain data (JSON-serialisable): the same shapes travel from the
 * Data Export reader, from an org through jsforce, from Apex to the browser, and into
 * the benchmark records. Probabilities are fractions 0..1 everywhere inside the core;
 * adapters convert Salesforce's 0..100 percentages at the edge.
 */

/** A parameter value as captured in an Opportunity field. `null` means blank. */
export type FieldValue = string | number | boolean | null;

/** Salesforce `OpportunityStage.ForecastCategoryName` values. */
export type ForecastCategory = 'Pipeline' | 'Best Case' | 'Commit' | 'Closed' | 'Omitted';

/** The field types a parameter can be captured in (from the field's metadata). */
export type FieldType =
    | 'number'
    | 'currency'
    | 'percent'
    | 'boolean'
    | 'picklist'
    | 'multipicklist'
    | 'text'
    | 'textarea'
    | 'date'
    | 'datetime';

/** One Opportunity stage as the org defines it (`OpportunityStage`). */
export interface StageDefinition {
    /** API value of `StageName`. */
    name: string;
    label: string;
    /** Nominal probability, 0..1 (`DefaultProbability / 100`). */
    probability: number;
    forecastCategory: ForecastCategory;
    isClosed: boolean;
    isWon: boolean;
    isActive: boolean;
    sortOrder: number;
}

/** A `Stage_Play__mdt` record. */
export interface PlayDefinition {
    /** DeveloperName of the record. */
    name: string;
    label: string;
    /** The `StageName` value the play belongs to. */
    stage: string;
    order: number;
    /** The high-level goal the play serves: Generate, Qualify, Propose, Close ... */
    goal: string;
    guidance: string;
}

/** A `Play_Parameter__mdt` record. */
export interface ParameterDefinition {
    /** DeveloperName of the record. */
    name: string;
    label: string;
    /** DeveloperName of the play. */
    play: string;
    /** The play's stage (denormalised for convenience). */
    stage: string;
    /** API name of the Opportunity field that captures the answer. */
    field: string;
    /** The question the rep must answer. */
    question: string;
    /** Rule text, e.g. `>= 100`, `= true`, `in (Positive, Neutral)`, `not blank`. */
    rule: string;
    weight: number;
    /** Must pass before the deal may leave the stage. */
    requiredToAdvance: boolean;
    order: number;
}

/**
 * A `Process_Goal__mdt` record: one goal of the process, in the order deals meet them. A play's
 * `goal` names a goal's DeveloperName; the goal spans the stages of its plays.
 */
export interface GoalDefinition {
    /** DeveloperName of the record. */
    name: string;
    label: string;
    /** Position in the process (1 = first); follows the stage order of the goals' plays. */
    order: number;
    /** The value the goal creates for the customer, in the process owner's words. */
    customerValue: string;
    /** What measures the goal, in words. */
    measure: string;
    /** Target conversion rate per period, 0..1, or null when none is set. */
    target: number | null;
}

/** What the core needs to know about an Opportunity field. */
export interface FieldInfo {
    apiName: string;
    label: string;
    type: FieldType;
    /** Active picklist values, in order, for picklist fields. */
    picklistValues?: string[];
}

/** The whole sales process: stages from the org, plays and parameters from custom metadata. */
export interface ProcessDefinition {
    /** Ordered by `sortOrder`. */
    stages: StageDefinition[];
    plays: PlayDefinition[];
    parameters: ParameterDefinition[];
    /** Field metadata keyed by API name, for every field a parameter references. */
    fields: Record<string, FieldInfo>;
    /**
     * The process goals in order (`Process_Goal__mdt`). Optional: a process defined before goals
     * existed (or an org without the records) has none, and everything else works without them.
     */
    goals?: GoalDefinition[];
}

/** An Opportunity as the core sees it, whatever the source. */
export interface OpportunityRecord {
    id: string;
    name: string;
    accountId: string | null;
    ownerId: string;
    ownerName: string | null;
    amount: number | null;
    /** `YYYY-MM-DD`. */
    closeDate: string;
    stageName: string;
    /** The deal's own probability, 0..1 (reps may override the stage default). */
    probability: number | null;
    forecastCategory: ForecastCategory | null;
    isClosed: boolean;
    isWon: boolean;
    /** ISO date-time. */
    createdDate: string;
    /** ISO date-time, or null when unknown. */
    lastModifiedDate: string | null;
    /** Current values of the parameter fields (and any other captured field), keyed by API name. */
    fields: Record<string, FieldValue>;
}

/** An `OpportunityHistory` row: a snapshot written whenever stage, amount, close date or probability changed. */
export interface StageHistoryRow {
    opportunityId: string;
    stageName: string;
    /** ISO date-time of the change. */
    createdDate: string;
    amount: number | null;
    /** `YYYY-MM-DD`. */
    closeDate: string | null;
    /** 0..1. */
    probability: number | null;
    forecastCategory: ForecastCategory | null;
}

/** An `OpportunityFieldHistory` row (only for tracked fields). */
export interface FieldHistoryRow {
    opportunityId: string;
    /** Field API name. */
    field: string;
    oldValue: FieldValue;
    newValue: FieldValue;
    /** ISO date-time. */
    createdDate: string;
}

/** A user (`User.csv` / `User` object), for owner names in rollups. */
export interface UserRecord {
    id: string;
    name: string;
    isActive: boolean;
}

// ---------------------------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------------------------

/** A parsed parameter rule. */
export type Rule =
    | { kind: 'compare'; op: '>=' | '>' | '<=' | '<' | '=' | '!='; value: number | boolean | string }
    | { kind: 'between'; low: number; high: number }
    | { kind: 'in'; values: string[]; negate: boolean }
    | { kind: 'notBlank' }
    | { kind: 'blank' };

/** How a captured value fares against its parameter's rule. */
export type RuleOutcome = 'pass' | 'fail' | 'blank';

// ---------------------------------------------------------------------------------------------
// History
// ---------------------------------------------------------------------------------------------

/** One stay of a deal in one stage. */
export interface StageVisit {
    stage: string;
    /** ISO date-time. */
    enteredAt: string;
    /** ISO date-time the deal left the stage, or null if it is still there. */
    exitedAt: string | null;
    /** Parameter field values as they were when the deal left the stage (or now, if still there). */
    values: Record<string, FieldValue>;
}

/** A deal's path through the process, rebuilt from `OpportunityHistory`. */
export interface DealPath {
    deal: OpportunityRecord;
    /** In time order. A stage re-entered later appears again. */
    visits: StageVisit[];
    /** Every push or pull of the close date, in time order. */
    closeDateChanges: Array<{ at: string; from: string; to: string }>;
    outcome: 'won' | 'lost' | 'open';
    /** ISO date-time the deal closed, when it did. */
    closedAt: string | null;
    /** True when field values came from `OpportunityFieldHistory`, false when only final values were known. */
    valuesFromFieldHistory: boolean;
    /**
     * The deal's `OpportunityHistory` rows in time order, for a path built by hand, so the pipeline
     * can be rebuilt as of any past date (amount, close date, probability then). A path built by
     * `buildDealPaths` has none: it reads its rows from the history's columns through `pathTimes`
     * (`stageHistoryOf` gives them as rows, e.g. for a copy of the path).
     */
    stageHistory?: StageHistoryRow[];
    /**
     * The deal's `OpportunityFieldHistory` rows in time order, for field values as of a past date, for
     * a path built by hand; a path built by `buildDealPaths` keeps them as its timeline instead
     * (`hasFieldHistory`, `fieldHistoryOf`).
     */
    fieldHistory?: FieldHistoryRow[];
}

/** A deal as it stood on a past date (for backtests). */
export interface PipelineDeal {
    id: string;
    ownerId: string;
    stageName: string;
    amount: number | null;
    closeDate: string;
    /** 0..1. */
    probability: number | null;
    forecastCategory: ForecastCategory | null;
    values: Record<string, FieldValue>;
    isClosed: boolean;
    isWon: boolean;
}

// ---------------------------------------------------------------------------------------------
// Benchmarks (fitted from closed history; published to the org as Stageplay_Benchmark__c)
// ---------------------------------------------------------------------------------------------

/** Why a number is or is not trustworthy. */
export type EvidenceStatus = 'ok' | 'thin' | 'none';

export interface StageBenchmark {
    stage: string;
    /** Configured stage probability, 0..1. */
    nominal: number;
    /** Closed deals that entered the stage. */
    reached: number;
    won: number;
    lost: number;
    /** won / reached, or null with no deals. */
    observedWinRate: number | null;
    /** 95% Wilson score interval of the observed win rate. */
    wilsonLow: number | null;
    wilsonHigh: number | null;
    /** Posterior mean with a Beta prior centred on `nominal`: thin history stays near nominal. */
    winRate: number;
    /** Days won deals spent in the stage: median and 90th percentile (null without history). */
    medianDaysInStage: number | null;
    p90DaysInStage: number | null;
    status: EvidenceStatus;
}

/** Won/lost counts for one answer bucket of one parameter at one stage. */
export interface BucketEvidence {
    /** Stable key: `pass`, `fail`, `blank`, `value:<picklist value>`, `bin:<index>`. */
    key: string;
    /** Human label: `Passes rule`, `Blank`, `Positive`, `100 – 250`. */
    label: string;
    won: number;
    lost: number;
    /** Smoothed P(bucket | won) / P(bucket | lost); exactly 1 for a bucket no closed deal fell in. */
    likelihoodRatio: number;
    /** Natural log of `likelihoodRatio`. */
    logLikelihoodRatio: number;
    /**
     * The ratio pulled toward ×1 by its own uncertainty (normal prior on the log ratio, see
     * `shrinkLogRatio`): what scoring uses. 1 for a bucket with no closed deals. Absent in payloads
     * written before it existed (read as "no clear effect").
     */
    shrunkRatio?: number;
    /** 95% interval of the shrunk ratio; null for a bucket with no closed deals. */
    ratioLow?: number | null;
    ratioHigh?: number | null;
    /** The interval excludes ×1: history shows a clear effect. Only credible buckets move the odds. */
    credible?: boolean;
    /**
     * The rule judged by history, at the parameter's own stage: the odds of winning with this answer
     * against answers on the rule's other side (this failing answer vs answers that pass; this passing
     * answer vs answers that fail), with a 95% interval. Null when there is nothing on the other side.
     */
    versusOtherSide?: { ratio: number; low: number; high: number } | null;
    /** History credibly contradicts the rule for this answer: `versusOtherSide` excludes ×1 the wrong way. */
    ruleDisagrees?: boolean;
}

export interface ParameterBenchmark {
    stage: string;
    /** Parameter DeveloperName. */
    parameter: string;
    field: string;
    /** Closed deals at this stage that the counts come from. */
    won: number;
    lost: number;
    buckets: BucketEvidence[];
    /** Upper edges of numeric quantile bins (bins are `(-inf, e0], (e0, e1], ... (eN, +inf)`), when binned. */
    binEdges: number[] | null;
    status: EvidenceStatus;
}

export interface Benchmarks {
    /** ISO date-time the fit ran. */
    fittedAt: string;
    /** Closed deals used. */
    dealCount: number;
    /**
     * How strongly the parameters move the odds, 0..1, chosen on time (fitted on older closed deals,
     * scored on newer ones, see `ParameterCheck`); 0 = the stage win rate stands.
     */
    damping: number;
    stages: StageBenchmark[];
    parameters: ParameterBenchmark[];
    /** Closed deals needed before any benchmark is used (`FitOptions.minHistory`); absent in old payloads. */
    minimumDeals?: number;
    /** How the strength was chosen, and whether parameters beat the stage win rate on newer deals. */
    parameterCheck?: ParameterCheck;
}

/**
 * The check that decides whether parameters move the odds at all: the newest 45% of closed deals (by
 * close date), in three chunks, are each scored by benchmarks fitted on every deal closed before the
 * chunk, at every open stage they passed through, at each candidate strength. A strength above 0 is kept only when it lowers the log loss against the
 * stage win rate alone by more than chance (the 95% interval of the per-deal improvement lies above 0).
 */
export interface ParameterCheck {
    /** `parametersHelp`, `noBetterThanStageWinRate`, or `notEnoughHistory` (fewer closed deals than `minimumDeals` on either side of the split). */
    verdict: 'parametersHelp' | 'noBetterThanStageWinRate' | 'notEnoughHistory';
    /** `YYYY-MM-DD`: the first cut; deals closed from this day on were scored by fits that never saw them. */
    fittedOnClosedBefore: string | null;
    /** Closed deals before the first cut, and scored after it. */
    olderDeals: number;
    newerDeals: number;
    /** The strength with the lowest log loss on the newer deals (before the chance check). */
    bestStrength: number;
    /** Mean log loss per newer deal, stage win rate alone and at `bestStrength`; null without newer deals. */
    logLossStageWinRate: number | null;
    logLossBest: number | null;
    /** 95% interval of the mean per-deal improvement (stage win rate minus best); null without newer deals. */
    improvementLow: number | null;
    improvementHigh: number | null;
}

export interface FitOptions {
    /** Beta prior pseudo-count (strength of the pull toward nominal). Default 10. */
    priorStrength?: number;
    /** Additive (Laplace) smoothing per bucket. Default 1. */
    smoothing?: number;
    /** Below this many closed deals at a stage: `thin`. Default 30. */
    minDeals?: number;
    /**
     * Below this many closed deals in all, no benchmark is used (scores fall back on the configured
     * probabilities), and the strength check needs this many on each side of its split. Default 30.
     */
    minHistory?: number;
    /** Numeric quantile bins. Default 4. */
    numericBins?: number;
    /** Choose the strength on a time split (older deals fit, newer deals score). Default true; false = strength 1. */
    fitDamping?: boolean;
    /** ISO date-time recorded as `Benchmarks.fittedAt`; pass it for reproducible output. Default: now. */
    fittedAt?: string;
}

// ---------------------------------------------------------------------------------------------
// Scoring a deal
// ---------------------------------------------------------------------------------------------

export type ParameterHealth = 'good' | 'missing' | 'failing';
export type OverallHealth = 'healthy' | 'atRisk' | 'unhealthy' | 'unknown';

/** One parameter of the deal's stage, judged. */
export interface ParameterAssessment {
    parameter: ParameterDefinition;
    value: FieldValue;
    outcome: RuleOutcome;
    health: ParameterHealth;
    /** The bucket the value falls in, with the won/lost counts behind it; null without benchmarks. */
    bucket: BucketEvidence | null;
    /** All buckets of this parameter, for a won-vs-lost comparison; empty without benchmarks. */
    benchmark: ParameterBenchmark | null;
    /** Damped log-odds contribution to the adjusted probability (0 without credible evidence). */
    contribution: number;
    /**
     * What the history says about this answer, in one word: `none` (no past deal had it), `unclear`
     * (no clear effect yet), `credible` (its interval excludes ×1; moves the odds unless the
     * parameters as a whole do not beat the stage win rate).
     */
    evidence: 'none' | 'unclear' | 'credible';
    /** The answer fails its rule yet history says it raises the odds, or passes it yet lowers them. */
    ruleDisagrees: boolean;
}

export interface DealScore {
    stage: string;
    status: 'ok' | 'noBenchmarks' | 'thinHistory' | 'closed' | 'noPlays' | 'unknownStage';
    /** True when benchmarks exist but their parameters did not beat the stage win rate (strength 0). */
    parametersNotPredictive: boolean;
    /** Closed deals the benchmarks rest on, and the minimum before any is used (null without benchmarks). */
    historyDeals: number | null;
    minimumDeals: number;
    /** Configured stage probability, 0..1. */
    nominal: number;
    /** The deal's own probability when it differs (rep override), 0..1. */
    dealProbability: number | null;
    /** The stage's history win rate (shrunk), 0..1; equals nominal without benchmarks. */
    baseline: number;
    /** History-adjusted probability, 0..1. */
    adjusted: number;
    /** Interval from the stage's Wilson bounds shifted by the factors; null without history. */
    adjustedLow: number | null;
    adjustedHigh: number | null;
    stageBenchmark: StageBenchmark | null;
    /** Every parameter of the stage, in play/parameter order. */
    parameters: ParameterAssessment[];
    /** Parameters with non-zero contribution, largest |contribution| first. */
    factors: ParameterAssessment[];
    health: OverallHealth;
}

// ---------------------------------------------------------------------------------------------
// Forecast
// ---------------------------------------------------------------------------------------------

export interface PeriodSpec {
    unit: 'month' | 'quarter';
    /** 1 = January (calendar year). */
    fiscalYearStartMonth: number;
}

export interface Period {
    /** `FY2026-Q1`, `FY2026-M03` (fiscal year named by the calendar year it ends in, as Salesforce does). */
    key: string;
    label: string;
    /** `YYYY-MM-DD`, inclusive. */
    start: string;
    /** `YYYY-MM-DD`, inclusive. */
    end: string;
}

/** An open or closed deal ready for the forecast. */
export interface ForecastDeal {
    id: string;
    name: string;
    ownerId: string;
    ownerName: string;
    amount: number;
    closeDate: string;
    stageName: string;
    forecastCategory: ForecastCategory;
    isClosed: boolean;
    isWon: boolean;
    /** Stated probability (the deal's own), 0..1. */
    statedProbability: number;
    /** History-adjusted probability, 0..1. */
    adjustedProbability: number;
}

export interface ForecastRow {
    period: string;
    /** Grouping value: forecast category, owner id, or '*' for the period total. */
    group: string;
    groupLabel: string;
    deals: number;
    openAmount: number;
    /** Sum of amount x stated probability over open deals. */
    statedExpected: number;
    /**
     * The group's share of the adjusted period forecast beyond booked: Σ P(won by period end) × amount
     * × amount change over its open deals (any close date) plus its share of deals not yet created.
     * Null when the period has no adjusted forecast.
     */
    adjustedExpected: number | null;
    /** Closed-won amount in the period. */
    booked: number;
}

// ---------------------------------------------------------------------------------------------
// Reconciliation
// ---------------------------------------------------------------------------------------------

export interface ReliabilityBin {
    low: number;
    high: number;
    count: number;
    meanPredicted: number;
    observedRate: number;
}

export interface CalibrationSummary {
    deals: number;
    brierNominal: number | null;
    brierAdjusted: number | null;
    eceNominal: number | null;
    eceAdjusted: number | null;
    binsNominal: ReliabilityBin[];
    binsAdjusted: ReliabilityBin[];
    /** Per stage: nominal vs observed with its interval. */
    stages: StageBenchmark[];
}

/** Brier scores (mean squared error of probabilities, lower is better) of three ways to predict the same deals. */
export interface BrierTriple {
    /** The configured stage probability. */
    nominal: number | null;
    /** The stage win rate learned from history. */
    stageWinRate: number | null;
    /** The stage win rate moved by the deal's answers (the adjusted probability). */
    adjusted: number | null;
}

/** A 95% bootstrap interval `[low, high]`, or null without deals. */
export type Interval95 = [number, number] | null;

/** One group (all deals, or one stage) of the time-split accuracy. */
export interface TimeSplitGroup {
    /** Deals scored. */
    scored: number;
    brier: BrierTriple;
    /** 95% bootstrap intervals (resampling deals) of each Brier score. */
    brier95: { nominal: Interval95; stageWinRate: Interval95; adjusted: Interval95 };
    /** 95% interval of adjusted − stage win rate: below 0 means the parameters help. */
    adjustedMinusStageWinRate95: Interval95;
    /** 95% interval of stage win rate − nominal: below 0 means history beats the configured probabilities. */
    stageWinRateMinusNominal95: Interval95;
}

/**
 * Honest accuracy: benchmarks fitted only on deals closed before a cut-off score the deals that were
 * open at the cut-off and closed after it, each at the stage it was in at the cut-off with its answers
 * as they were then; repeated every 28 days (rolling), each deal scored once, at the first cut-off it
 * was open at.
 */
export interface TimeSplitAccuracy extends TimeSplitGroup {
    /** `YYYY-MM-DD`: the first cut-off; no scored deal was known closed to the fit that scored it. */
    fittedOnClosedBefore: string;
    /** Every cut-off, oldest first (the first is `fittedOnClosedBefore`). */
    cutOffs: string[];
    /** `YYYY-MM-DD`: scored deals closed on or before this day. */
    scoredClosedBy: string;
    /** Closed deals the first cut-off's benchmarks were fitted on. */
    fittedOn: number;
    /** The strength the first cut-off's fit chose (0 = parameters left out, the stage win rate stands). */
    strength: number;
    /**
     * `parametersHelp` when the interval of adjusted − stage win rate lies below 0, `noBetterThanStageWinRate`
     * otherwise, `notEnoughDeals` without scored deals.
     */
    verdict: 'parametersHelp' | 'noBetterThanStageWinRate' | 'notEnoughDeals';
    byStage: Array<TimeSplitGroup & { stage: string }>;
}

export type FlagKind =
    | 'padded'
    | 'skippedStage'
    | 'slipped'
    | 'stale'
    | 'pastCloseDate'
    | 'probabilityOverride'
    /** The deal's account is on credit hold, past due or over its credit headroom (`accountFinance.ts`). */
    | 'accountFinance';

/**
 * What an evidence value is, so that every surface formats it the same way (format.ts): `probability`
 * and `percent` are fractions 0..1 (a chance; a share), `money` an amount in the org's currency,
 * `days` a duration, `count` a whole number, `date` `YYYY-MM-DD` (or an ISO date-time, shown as its
 * day), `ratio` a multiplier of the odds; `stage` a `StageName`, `rule` a parameter's rule text,
 * `outcome` a `RuleOutcome`, `answer` a captured field value, `text` anything else.
 */
export type EvidenceUnit =
    | 'text'
    | 'answer'
    | 'rule'
    | 'outcome'
    | 'stage'
    | 'date'
    | 'days'
    | 'count'
    | 'percent'
    | 'probability'
    | 'money'
    | 'ratio';

/** One evidence value as stored (`null`: none, e.g. no median without history). */
export type EvidenceValue = string | number | boolean | null;

export interface DealFlag {
    dealId: string;
    kind: FlagKind;
    severity: 'high' | 'medium' | 'low';
    /** One sentence a rep or manager understands. */
    message: string;
    /** The facts that triggered it (field, value, rule, counts, dates). */
    evidence: Record<string, EvidenceValue>;
    /** The unit of each fact in `evidence` (same keys), declared where the flag is raised (`flagEvidence`). */
    units: Record<string, EvidenceUnit>;
}
