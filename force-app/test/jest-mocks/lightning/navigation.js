/**
 * `lightning/navigation` for Jest. `NavigationMixin(Base)` adds the two navigation methods, which
 * record the last page reference so a test can assert where a component tried to go.
 */
import { createTestWireAdapter } from '@salesforce/sfdx-lwc-jest';

const Navigate = Symbol('Navigate');
const GenerateUrl = Symbol('GenerateUrl');

let lastPageReference = null;

export const NavigationMixin = (Base) =>
    class extends Base {
        [Navigate](pageReference, replace) {
            lastPageReference = { pageReference, replace: Boolean(replace) };
        }
        [GenerateUrl](pageReference) {
            lastPageReference = { pageReference, replace: false };
            return Promise.resolve('https://example.lightning.force.com/generated');
        }
    };
NavigationMixin.Navigate = Navigate;
NavigationMixin.GenerateUrl = GenerateUrl;

export const CurrentPageReference = createTestWireAdapter(jest.fn());

/** Test helper: the page reference of the last navigation, or null. */
export const getNavigateCalledWith = () => (lastPageReference ? lastPageReference.pageReference : null);
export const resetNavigation = () => {
    lastPageReference = null;
};
