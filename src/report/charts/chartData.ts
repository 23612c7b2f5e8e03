/**
 * The data the report embeds for its charts (`<script type="application/json" id="stageplay-data">`),
 * as the drawing module reads it. Kept free of Node and DOM types so that both sides check against it:
 * html.ts builds it from a reconciliation, reportCharts.ts draws it in the browser.
 */
import type { GoalChartData } from './goalChartData';

export interface BacktestPointData {
    label: string;
    weeksOut: number;
    booked: number;
    stated: number;
    adjusted: number | null;
    commit: number;
    /** The adjusted forecast's 80% range, null without one. */
    low: number | null;
    high: number | null;
}

export interface WaterfallStepData {
    step: string;
    stated: number;
    /** The adjusted forecast's term; null when it could not be learned. */
    adjusted: number | null;
}

export interface StageCalibrationData {
    stage: string;
    reached: number;
    nominal: number;
    observedWinRate: number | null;
    wilsonLow: number | null;
    wilsonHigh: number | null;
}

export interface ReliabilityBinData {
    count: number;
    meanPredicted: number;
    observedRate: number;
}

export interface OwnerBiasData {
    ownerName: string;
    biasStated: number | null;
    biasAdjusted: number | null;
}

export interface CaptureGroupData {
    label: string;
    share: number | null;
    parameterShare: number | null;
    fullyCaptured: number;
    withParameters: number;
}

/** One rep's current-period attainment and coverage (src/report/kpisSection.ts). */
export interface KpiRepData {
    ownerName: string;
    attainment: number | null;
    forecastAttainment: number | null;
    coverage: number | null;
    booked: number;
    quota: number | null;
}

export interface KpiChartData {
    reps: KpiRepData[];
}

export interface ReportChartData {
    weeksOut: number[];
    backtest: BacktestPointData[];
    waterfall: { steps: WaterfallStepData[] };
    calibration: {
        stages: StageCalibrationData[];
        binsNominal: ReliabilityBinData[];
        binsAdjusted: ReliabilityBinData[];
    };
    ownerBias: { owners: OwnerBiasData[] };
    discipline: { byOwner: CaptureGroupData[]; byStage: CaptureGroupData[] };
    /** The goal funnel and trend (absent without goals). */
    goals?: GoalChartData;
    /** KPIs per rep (absent from reports written before issue 12). */
    kpis?: KpiChartData;
}

/** The id of the element that carries the data. */
export const CHART_DATA_ID = 'stageplay-data';
