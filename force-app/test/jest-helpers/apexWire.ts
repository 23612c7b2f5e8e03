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
import { one, text } from './dom';

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

/** Waits until what a wire emitted has rendered: one macrotask, after every pending microtask. */
export function flush(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * Fails `wire` with an Apex error saying `message`, waits for the card to render it, and returns the
 * card's error box, checked to be announced as an alert and to say each text of `saying` (the card's
 * own sentence for what failed, and the message or the part of it the card shows).
 */
export async function apexErrorAlert(
    element: HTMLElement,
    wire: TestWireAdapter<unknown>,
    message: string,
    saying: readonly string[] = []
): Promise<HTMLElement> {
    wire.error({ message });
    await flush();
    const alert = one(element, '[data-id="error"]');
    expect(alert.getAttribute('role')).toBe('alert');
    for (const words of saying) expect(text(alert)).toContain(words);
    return alert;
}
