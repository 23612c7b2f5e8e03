import { fieldTypeOf, forecastCategoryApiValue, forecastCategoryOf } from '../salesforceVocabulary';
import { FORECAST_CATEGORY_READINGS } from './forecastCategoryReadings';

describe('forecastCategoryOf', () => {
    it.each(FORECAST_CATEGORY_READINGS)('reads %j as %j', (text, category) => {
        expect(forecastCategoryOf(text)).toBe(category);
    });

    it('writes the API values OpportunityHistory holds', () => {
        expect(forecastCategoryApiValue('Best Case')).toBe('BestCase');
        expect(forecastCategoryApiValue('Commit')).toBe('Forecast');
        expect(forecastCategoryApiValue(null)).toBe('');
    });
});

describe('fieldTypeOf', () => {
    it.each([
        ['Number', 'number'],
        ['double', 'number'],
        ['INTEGER', 'number'],
        ['Checkbox', 'boolean'],
        ['BOOLEAN', 'boolean'],
        ['MultiselectPicklist', 'multipicklist'],
        ['MULTIPICKLIST', 'multipicklist'],
        ['LongTextArea', 'textarea'],
        ['reference', 'text'],
        ['Lookup', 'text'],
        ['DateTime', 'datetime'],
        // No type: these fields cannot capture a parameter.
        ['address', null],
        ['Location', null],
        [undefined, null]
    ])('reads %s (Metadata API, describe or Schema.DisplayType) as %s', (name, type) => {
        expect(fieldTypeOf(name)).toBe(type);
    });
});
