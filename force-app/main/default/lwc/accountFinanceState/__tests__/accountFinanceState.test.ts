import AccountFinanceState, { type FinanceView } from 'c/accountFinanceState';
import { all, maybe, one, text } from '../../../../../test/jest-helpers/dom';
import { describeViewChild, itDrawsEveryViewAccessibly } from '../../../../../test/jest-helpers/viewStates';

/** A past-due customer whose open pipeline takes it past its limit, as c-account-health words it. */
const PAST_DUE: FinanceView = {
    state: 'pastDue',
    stateLabel: 'Past due',
    badgeClass: 'slds-badge slds-theme_warning',
    conditions: [
        {
            key: 'pastDue',
            label: 'Past due',
            badgeClass: 'slds-badge slds-theme_warning',
            message: '18,400 is past due, the oldest invoice 47 days late (terms Net 30).',
            evidence: [
                { key: 'pastDueAmount', name: 'Past due amount', value: '18,400' },
                { key: 'daysPastDue', name: 'Oldest invoice late by', value: '47 days' }
            ]
        }
    ],
    facts: [
        {
            key: 'creditLimit',
            labelKey: 'creditLimit-label',
            valueKey: 'creditLimit-value',
            label: 'Credit Limit',
            value: '100,000',
            hidden: false
        },
        {
            key: 'openBalance',
            labelKey: 'openBalance-label',
            valueKey: 'openBalance-value',
            label: 'Open Balance',
            value: 'Hidden',
            hidden: true
        }
    ],
    asOfText: 'Accounting facts as of 2026-11-20, from the ERP.',
    hiddenText: 'Your access hides Open Balance.',
    headroom: {
        state: 'exceeded',
        label: 'Exceeded',
        badgeClass: 'slds-badge slds-theme_error',
        valueText: '-12,000',
        detail: 'Credit limit 100,000 − open balance 61,000 − adjusted open pipeline 51,000 = -12,000.',
        note: null
    }
};

/** Nothing reported by the ERP: no evidence, no date, no headroom. */
const NO_DATA: FinanceView = {
    ...PAST_DUE,
    state: 'noData',
    stateLabel: 'No accounting data',
    badgeClass: 'slds-badge',
    conditions: [
        {
            key: 'noData',
            label: 'No accounting data',
            badgeClass: 'slds-badge',
            message: 'The accounting system has not reported a balance for this customer.',
            evidence: []
        }
    ],
    asOfText: null,
    hiddenText: null,
    headroom: {
        state: 'unknown',
        label: 'Unknown',
        badgeClass: 'slds-badge',
        valueText: '–',
        detail: 'No credit limit is known for this customer.',
        note: 'Ask finance to load the credit limit.'
    }
};

describeViewChild('c-account-finance-state', AccountFinanceState, (render) => {
    it('shows the state, each condition with its evidence, the facts and the headroom it is given', () => {
        const element = render(PAST_DUE);
        const state = one(element, '[data-id="state"]');
        expect(text(state)).toBe('Past due');
        expect(state.dataset.state).toBe('pastDue');
        expect(all(one(element, '[data-condition="pastDue"]'), 'li[data-evidence]').map(text)).toEqual([
            'Past due amount: 18,400',
            'Oldest invoice late by: 47 days'
        ]);
        expect(text(one(element, '[data-fact="openBalance"]'))).toBe('Hidden');
        expect(text(one(element, '[data-id="hidden-fields"]'))).toBe('Your access hides Open Balance.');
        // An exceeded headroom reads in the error colour.
        expect(one(element, '[data-id="headroom-value"]').className).toContain('slds-text-color_error');
        expect(maybe(element, '[data-id="headroom-note"]')).toBeNull();
    });

    it('leaves out what was not given: no evidence list, no date, no hidden fields', () => {
        const element = render(NO_DATA);
        expect(maybe(element, '[data-condition="noData"] ul')).toBeNull();
        expect(maybe(element, '[data-id="as-of"]')).toBeNull();
        expect(maybe(element, '[data-id="hidden-fields"]')).toBeNull();
        expect(one(element, '[data-id="headroom-value"]').className).not.toContain('slds-text-color_error');
        expect(text(one(element, '[data-id="headroom-note"]'))).toBe('Ask finance to load the credit limit.');
    });

    itDrawsEveryViewAccessibly(render, [
        ['with conditions and hidden facts', PAST_DUE],
        ['with no data', NO_DATA]
    ]);
});
