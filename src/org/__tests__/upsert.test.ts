import { parseBulkError, formatRowError } from '../upsert';
import { failuresFromResults } from '../failures';

describe('parseBulkError (sf__Error of failedResults)', () => {
    it('splits status code, message and fields', () => {
        expect(parseBulkError('REQUIRED_FIELD_MISSING:Required fields are missing: [Name]:Name --')).toEqual([
            {
                statusCode: 'REQUIRED_FIELD_MISSING',
                message: 'Required fields are missing: [Name]',
                fields: ['Name']
            }
        ]);
    });

    it('keeps colons inside the message and reads several errors and fields', () => {
        expect(
            parseBulkError(
                'FIELD_CUSTOM_VALIDATION_EXCEPTION:Close: must be 2026: or later:CloseDate,Amount -- DUPLICATE_VALUE:dup:Key__c --'
            )
        ).toEqual([
            {
                statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                message: 'Close: must be 2026: or later',
                fields: ['CloseDate', 'Amount']
            },
            { statusCode: 'DUPLICATE_VALUE', message: 'dup', fields: ['Key__c'] }
        ]);
    });

    it('treats an error without fields as message only', () => {
        expect(
            parseBulkError('UNABLE_TO_LOCK_ROW:unable to obtain exclusive access to this record: --')
        ).toEqual([
            {
                statusCode: 'UNABLE_TO_LOCK_ROW',
                message: 'unable to obtain exclusive access to this record',
                fields: []
            }
        ]);
    });
});

describe('failuresFromResults', () => {
    it('writes one line per failed row and field, none for successes', () => {
        const details = [{ statusCode: 'INVALID_FIELD', message: 'bad', fields: ['A__c', 'B__c'] }];
        const lines = failuresFromResults('Opportunity', [
            { key: 'k1', success: true, errors: [], details: [] },
            { key: 'k2', success: false, errors: details.map(formatRowError), details },
            { key: 'k3', success: false, errors: ['NOT_PROCESSED: gone'], details: [] }
        ]);
        expect(lines).toEqual([
            {
                key: 'k2',
                sobject: 'Opportunity',
                operation: 'upsert',
                field: 'A__c',
                statusCode: 'INVALID_FIELD',
                message: 'bad'
            },
            {
                key: 'k2',
                sobject: 'Opportunity',
                operation: 'upsert',
                field: 'B__c',
                statusCode: 'INVALID_FIELD',
                message: 'bad'
            },
            {
                key: 'k3',
                sobject: 'Opportunity',
                operation: 'upsert',
                field: null,
                statusCode: null,
                message: 'NOT_PROCESSED: gone'
            }
        ]);
        expect(formatRowError(details[0])).toBe('INVALID_FIELD: bad (fields: A__c, B__c)');
    });
});
