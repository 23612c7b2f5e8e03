/**
 * Does the adjusted period forecast beat the stated one on the demo's own history, and are its 80%
 * ranges honest?
 *
 * The demo's history (`stageplay demo`: seed 42, 3,000 deals over two years up to 2026-11-15) comes
 * from the generator, whose stage probabilities are off and whose parameters carry planted effects;
 * the generator is a test instrument and nothing here tunes it. The backtest is the one `reconcile`
 * runs: the six quarters before the as-of date, each forecast 2, 4 and 8 weeks before it ended,
 * learning only from what was known on that date (the core's own test pins that no later fact
 * changes a forecast).
 *
 * Done when (issue 8): adjusted beats stated (MAPE) at every horizon, and the 80% ranges held the
 * booked amount in 60–95% of past periods. Coverage is judged pooled over the 18 forecasts (six
 * quarters × three horizons): with six quarters per horizon one period moves a horizon's coverage by
 * 17 points, too coarse for a band. On the demo the ranges held 5 of 6, 5 of 6 and 4 of 6 (14 of 18,
 * 78%); MAPE stated → adjusted was 9.2% → 6.3%, 15.8% → 8.3% and 20.0% → 14.3%.
 */
import {
    buildDealPaths,
    backtestAccuracy,
    backtestPeriods,
    PipelineHistory,
    type HorizonAccuracy
} from '../src/core';
import { DEMO_DEALS, DEMO_SEED, DEMO_TODAY } from '../src/ops/demo';
import { generatedRows } from '../src/generate/generateHistory';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import { DEFAULT_WEEKS_OUT, pastPeriodsOf } from '../src/ops/reconcile';

const QUARTERS = { unit: 'quarter', fiscalYearStartMonth: 1 } as const;
const PAST_QUARTERS = 6;

let accuracy: HorizonAccuracy[];

beforeAll(async () => {
    const salesProcess = await loadProcessFromSource('force-app/main/default');
    const { opportunities, stageHistory, fieldHistory } = generatedRows(salesProcess, {
        seed: DEMO_SEED,
        deals: DEMO_DEALS,
        today: DEMO_TODAY
    });
    const history = new PipelineHistory(
        salesProcess,
        buildDealPaths(salesProcess, opportunities, stageHistory, fieldHistory)
    );
    const periods = pastPeriodsOf(DEMO_TODAY, QUARTERS, PAST_QUARTERS);
    accuracy = backtestAccuracy(
        backtestPeriods(history, periods, QUARTERS, DEFAULT_WEEKS_OUT),
        DEFAULT_WEEKS_OUT
    );
}, 60_000);

describe('the adjusted period forecast on the demo history', () => {
    it('rests on every backtested quarter at every horizon', () => {
        expect(accuracy.map((a) => [a.weeksOut, a.periods])).toEqual([
            [2, PAST_QUARTERS],
            [4, PAST_QUARTERS],
            [8, PAST_QUARTERS]
        ]);
    });

    it.each(DEFAULT_WEEKS_OUT)('beats the stated forecast %i weeks out (MAPE)', (weeks) => {
        const row = accuracy.find((a) => a.weeksOut === weeks) as HorizonAccuracy;
        expect(row.adjusted.mape).not.toBeNull();
        expect(row.adjusted.mape as number).toBeLessThan(row.stated.mape as number);
    });

    it('holds the booked amount in its 80% range in 60–95% of past quarters', () => {
        const inside = accuracy.reduce((s, a) => s + a.rangeCoverage80.inside, 0);
        const periods = accuracy.reduce((s, a) => s + a.rangeCoverage80.periods, 0);
        expect(periods).toBe(PAST_QUARTERS * DEFAULT_WEEKS_OUT.length);
        expect(inside / periods).toBeGreaterThanOrEqual(0.6);
        expect(inside / periods).toBeLessThanOrEqual(0.95);
    });
});
