import { fieldTypeOf, forecastCategoryApiValue, forecastCategoryOf } from '../salesforceVocabulary';

describe('forecastCategoryOf', () => {
    it('reads labels and API values in any case, Most Likely as the more cautious Best Case', () => {
        expect(forecastCategoryOf('Best Case')).toBe('Best Case');
        expect(forecastCategoryOf('BestCase')).toBe('Best Case');
        expect(forecastCategoryOf('most likely')).toBe('Best Case');
        expect(forecastCategoryOf('MostLikely')).toBe('Best Case');
        expect(forecastCategoryOf('Forecast')).toBe('Commit');
        expect(forecastCategoryOf(' commit ')).toBe('Commit');
        expect(forecastCategoryOf('Omitted')).toBe('Omitted');
    });

    it('knows no other category', () => {
        expect(forecastCategoryOf('Upside')).toBeNull();
        expect(forecastCategoryOf('')).toBeNull();
        expect(forecastCategoryOf(null)).toBeNull();
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
        ['DateTime', 'datetime']
    ])('reads %s (Metadata API, describe or Schema.DisplayType) as %s', (name, type) => {
        expect(fieldTypeOf(name)).toBe(type);
    });

    it('has no type for fields that cannot capture a parameter', () => {
        expect(fieldTypeOf('address')).toBeNull();
        expect(fieldTypeOf('Location')).toBeNull();
        expect(fieldTypeOf(undefined)).toBeNull();
    });
});
