/**
 * Apex wire adapters for the component tests. `jest.mock` factories run before a test file's imports,
 * so a test cannot hand the factory an imported function; it requires this module inside the factory:
 *
 *   jest.mock('@salesforce/apex/Controller.method', () => require('<this file>').apexTestWireModule(), {
 *       virtual: true
 *   });
 *
 * and then drives the mocked import through `TestWireAdapter`.
 */

/** What sfdx-lwc-jest's test wire adapters add to the adapter a component imports. */
export interface TestWireAdapter<Config> {
    emit(value: unknown): void;
    error(body?: unknown, status?: number, statusText?: string): void;
    getLastConfig(): Config;
}

/** The module an `@salesforce/apex/...` import resolves to in a test: a test wire adapter as default. */
export function apexTestWireModule(): { default: unknown } {
    // sfdx-lwc-jest ships no type declarations, and is only loaded when a test mocks an Apex method.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest') as {
        createApexTestWireAdapter(fn: jest.Mock): unknown;
    };
    return { default: createApexTestWireAdapter(jest.fn()) };
}
