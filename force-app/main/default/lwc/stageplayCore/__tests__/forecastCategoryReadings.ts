/**
 * How a forecast category reads, whichever spelling a source uses: the core's `forecastCategoryOf`
 * and the card's `toForecastCategory` (stageplayApex) are held to the same table. Labels and API
 * values in any case and padding; Most Likely (Collaborative Forecasts) counts as Best Case, its
 * more cautious neighbour; any other word, or none, is no category.
 */
import type { ForecastCategory } from '../types';

export const FORECAST_CATEGORY_READINGS: ReadonlyArray<[string | null, ForecastCategory | null]> = [
    ['Best Case', 'Best Case'],
    ['BestCase', 'Best Case'],
    ['most likely', 'Best Case'],
    ['Most Likely', 'Best Case'],
    ['MostLikely', 'Best Case'],
    ['Forecast', 'Commit'],
    [' commit ', 'Commit'],
    ['Omitted', 'Omitted'],
    ['Upside', null],
    ['', null],
    [null, null]
];
