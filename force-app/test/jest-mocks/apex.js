/**
 * `@salesforce/apex` for Jest: `refreshApex` resolves at once (tests assert it was called with the
 * wired value); `getSObjectValue` reads a field the way the platform does.
 * Individual Apex methods (`@salesforce/apex/Class.method`) are mocked per test with
 * `createApexTestWireAdapter` from @salesforce/sfdx-lwc-jest.
 */
export const refreshApex = jest.fn(() => Promise.resolve());

export const getSObjectValue = jest.fn((record, field) => {
    const name = typeof field === 'string' ? field : field.fieldApiName;
    return name.split('.').reduce((value, part) => (value == null ? undefined : value[part]), record);
});
