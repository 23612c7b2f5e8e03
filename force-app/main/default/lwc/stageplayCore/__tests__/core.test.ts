import * as core from '../stageplayCore';

/**
 * The module's public face: the components and the scripts code against these names (docs/DESIGN.md,
 * "The core's contract"). Removing or renaming one breaks them, so it fails here first.
 */
describe('c/stageplayCore', () => {
    it.each([
        'parseRule',
        'evaluateRule',
        'describeRule',
        'isBlank',
        'wilsonInterval',
        'betaShrink',
        'logit',
        'sigmoid',
        'quantiles',
        'brierScore',
        'mape',
        'bias',
        'meanBias',
        'median',
        'percentile',
        'seededUniform',
        'periodOf',
        'periodsBetween',
        'addDays',
        'daysBetween',
        'toDate',
        'buildDealPaths',
        'pipelineAsOf',
        'fitBenchmarks',
        'bucketOf',
        'benchmarkKey',
        'scoreDeal',
        'toForecastDeal',
        'rollupForecast',
        'splitHoldout',
        'forecastPeriod',
        'backtestPeriods',
        'backtestAccuracy',
        'periodForecastGroups',
        'calibrate',
        'flagDeals'
    ])('exports %s', (name) => {
        expect(typeof (core as Record<string, unknown>)[name]).toBe('function');
    });

    it('exports RuleError as an Error class', () => {
        expect(new core.RuleError('x', 'y', 'z')).toBeInstanceOf(Error);
    });
});
