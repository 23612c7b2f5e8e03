import AccountHealth from 'c/accountHealth';
import getAccountContext from '@salesforce/apex/AccountHealthController.getAccountContext';
import type { ApexAccountContext } from '@salesforce/apex/AccountHealthController.getAccountContext';
import type { ApexOpportunity } from '@salesforce/apex/DealHealthController.getProcessContext';
import { scoreDeal, type FieldValue } from 'c/stageplayCore';
import { toBenchmarks, toProcessDefinition } from 'c/stageplayApex';
import WITHIN_TERMS_JSON from './data/getAccountContext.json';
import PAST_DUE_JSON from './data/getAccountContext.pastDue.json';
import ON_HOLD_JSON from './data/getAccountContext.onHold.json';
import OVER_LIMIT_JSON from './data/getAccountContext.overLimit.json';
import HIDDEN_FINANCE_JSON from './data/getAccountContext.hiddenFinance.json';
import NO_FINANCE_DATA_JSON from './data/getAccountContext.noFinanceData.json';
import { all, cardTestsOn, maybe, mounter, one, resetDom, text } from '../../../../../test/jest-helpers/dom';
import { apexErrorAlert, flush, type TestWireAdapter } from '../../../../../test/jest-helpers/apexWire';

jest.mock(
    '@salesforce/apex/AccountHealthController.getAccountContext',
    // jest.mock factories run before imports, so the helper is required here (see apexWire.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('../../../../../test/jest-helpers/apexWire').apexTestWireModule(),
    { virtual: true }
);

// The fixtures are what Apex sends: typing them checks them against the declarations.
const WITHIN_TERMS: ApexAccountContext = WITHIN_TERMS_JSON;
const PAST_DUE: ApexAccountContext = PAST_DUE_JSON;
const ON_HOLD: ApexAccountContext = ON_HOLD_JSON;
const OVER_LIMIT: ApexAccountContext = OVER_LIMIT_JSON;
const HIDDEN_FINANCE: ApexAccountContext = HIDDEN_FINANCE_JSON;
const NO_FINANCE_DATA: ApexAccountContext = NO_FINANCE_DATA_JSON;

const contextWire = getAccountContext as unknown as TestWireAdapter<{ accountId?: string }>;
const TODAY = Date.parse('2026-11-23T12:00:00.000Z');
const amount = (value: number) => Math.round(value).toLocaleString('en-US');

const mountCard = mounter('c-account-health', AccountHealth);

async function render(context: ApexAccountContext = WITHIN_TERMS): Promise<HTMLElement> {
    const element = mountCard({ recordId: WITHIN_TERMS.accountId });
    contextWire.emit(context);
    await flush();
    return element;
}

/** The card's children, by tag (their hosts: queries on them read their shadow trees). */
const finance = (element: Element): HTMLElement => one(element, 'c-account-finance-state');
const inFinance = (element: Element, selector: string): HTMLElement => one(finance(element), selector);
const booked = (element: Element): HTMLElement => one(element, 'c-account-booked-history');

/** A number field of a fixture's deal that the test's arithmetic needs (a fixture that lost it fails here). */
function numberOf(deal: ApexOpportunity, field: 'Amount' | 'Probability'): number {
    const value = deal[field];
    if (typeof value !== 'number') throw new Error(`fixture deal ${deal.Id} has no ${field}`);
    return value;
}

/** Σ amount × history-adjusted probability of the fixture's open deals, scored one by one as the deal page does. */
function adjustedOpenPipeline(context: ApexAccountContext): number {
    const process = toProcessDefinition(context);
    const { benchmarks } = toBenchmarks(context.benchmarks);
    const answers = process.parameters.map((p) => p.field);
    return context.opportunities
        .filter((o) => !o.IsClosed)
        .reduce((sum, o) => {
            const fields: Record<string, FieldValue> = {};
            for (const name of answers) fields[name] = o[name] ?? null;
            const score = scoreDeal(process, benchmarks, {
                stageName: o.StageName ?? '',
                probability: numberOf(o, 'Probability') / 100,
                isClosed: false,
                isWon: false,
                fields
            });
            return sum + numberOf(o, 'Amount') * score.adjusted;
        }, 0);
}

describe('c-account-health', () => {
    cardTestsOn(TODAY);

    /**
     * What the finance child shows for one accounting state: the state's label, one condition's message
     * and evidence, facts by name, the headroom; `more` checks what only that state shows.
     */
    interface FinanceStateCase {
        title: string;
        context: ApexAccountContext;
        label: string;
        condition: string;
        message?: string;
        evidence?: Record<string, string>;
        facts?: Record<string, string>;
        headroom?: string;
        headroomValue?: string;
        headroomDetail?: string;
        more?: (element: HTMLElement) => void;
    }

    const WITHIN_TERMS_PIPELINE = adjustedOpenPipeline(WITHIN_TERMS);
    const OVER_LIMIT_HEADROOM = amount(50000 - 61000 - adjustedOpenPipeline(OVER_LIMIT));

    const FINANCE_STATES: readonly FinanceStateCase[] = [
        {
            title: 'within terms: nothing past due on the terms, the facts and the headroom after the adjusted pipeline',
            context: WITHIN_TERMS,
            label: 'Within terms',
            condition: 'withinTerms',
            message: 'Nothing is past due on Net 30.',
            facts: {
                creditLimit: '250,000',
                openBalance: '61,000',
                paymentTerms: 'Net 30',
                creditHold: 'No',
                erpCustomerId: 'NW-1042'
            },
            headroom: 'available',
            headroomValue: amount(250000 - 61000 - WITHIN_TERMS_PIPELINE),
            headroomDetail: `Credit limit 250,000 − open balance 61,000 − adjusted open pipeline ${amount(WITHIN_TERMS_PIPELINE)} = ${amount(250000 - 61000 - WITHIN_TERMS_PIPELINE)}.`,
            more: (element) => {
                const state = inFinance(element, '[data-id="state"]');
                expect(state.dataset.state).toBe('withinTerms');
                expect(state.className).toContain('slds-theme_success');
                expect(text(inFinance(element, '[data-id="as-of"]'))).toBe(
                    'Accounting facts as of 2026-11-20, from the ERP.'
                );
            }
        },
        {
            title: 'past due: the amount, the days late and the terms, with evidence',
            context: PAST_DUE,
            label: 'Past due',
            condition: 'pastDue',
            message: '18,400 is past due, the oldest invoice 47 days late (terms Net 30).',
            evidence: {
                pastDueAmount: 'Past due amount: 18,400',
                daysPastDue: 'Oldest invoice late by: 47 days'
            },
            more: (element) => {
                expect(inFinance(element, '[data-id="state"]').className).toContain('slds-theme_warning');
            }
        },
        {
            title: 'on hold: the hold comes first, and the past due it carries is listed too',
            context: ON_HOLD,
            label: 'On credit hold',
            condition: 'onHold',
            message: 'Finance has put this customer on credit hold: new orders wait until it is released.',
            facts: { creditHold: 'Yes' },
            more: (element) => {
                const conditions = all(finance(element), '[data-condition]').map(
                    (li) => li.dataset.condition
                );
                expect(conditions).toEqual(['onHold', 'pastDue']);
            }
        },
        {
            title: 'over limit: the balance above the limit, and the headroom exceeded',
            context: OVER_LIMIT,
            label: 'Over credit limit',
            condition: 'overLimit',
            evidence: { overLimitBy: 'Over the limit by: 11,000' },
            headroom: 'exceeded',
            headroomValue: OVER_LIMIT_HEADROOM,
            more: (element) => {
                expect(text(inFinance(element, '[data-id="headroom-value"]')).startsWith('-')).toBe(true);
            }
        },
        {
            title: 'hidden: says the access hides the facts, names them, and shows no number as a fact',
            context: HIDDEN_FINANCE,
            label: 'Hidden',
            condition: 'hidden',
            message: "Your access hides what the customer owes, so its standing can't be shown.",
            facts: { creditLimit: 'Hidden', paymentTerms: 'Net 30' },
            headroomDetail:
                'Your access hides the credit limit or the open balance, so the headroom cannot be shown.',
            more: (element) => {
                const hidden = text(inFinance(element, '[data-id="hidden-fields"]'));
                expect(hidden).toContain('Your access hides ERP Customer ID, Credit Limit,');
                expect(hidden).not.toContain('Payment Terms');
                // Amounts hidden on opportunities too: no expected amount, and it says why.
                expect(text(one(element, '[data-id="adjusted"]'))).toBe('Hidden');
                expect(text(one(element, '[data-id="pipeline-note"]'))).toBe(
                    'Your access hides opportunity amounts, so no expected amount is shown.'
                );
            }
        },
        {
            title: 'empty: says the accounting system reported nothing, never "within terms"',
            context: NO_FINANCE_DATA,
            label: 'No accounting data',
            condition: 'noData',
            message: 'The accounting system has not reported a balance for this customer.',
            facts: { openBalance: 'Not reported' },
            headroom: 'unknown',
            headroomDetail: 'No credit limit is known for this customer.',
            more: (element) => {
                expect(maybe(finance(element), '[data-id="as-of"]')).toBeNull();
            }
        }
    ];

    describe('accounting facts, one state each', () => {
        it.each(FINANCE_STATES)('$title', async (state) => {
            const element = await render(state.context);
            expect(text(inFinance(element, '[data-id="state"]'))).toBe(state.label);
            const condition = `[data-condition="${state.condition}"]`;
            if (state.message !== undefined) {
                expect(text(inFinance(element, `${condition} [data-id="message"]`))).toBe(state.message);
            }
            for (const [name, shown] of Object.entries(state.evidence ?? {})) {
                expect(text(inFinance(element, `${condition} [data-evidence="${name}"]`))).toBe(shown);
            }
            for (const [name, shown] of Object.entries(state.facts ?? {})) {
                expect(text(inFinance(element, `[data-fact="${name}"]`))).toBe(shown);
            }
            if (state.headroom !== undefined) {
                expect(inFinance(element, '[data-id="headroom"]').dataset.state).toBe(state.headroom);
            }
            if (state.headroomValue !== undefined) {
                expect(text(inFinance(element, '[data-id="headroom-value"]'))).toBe(state.headroomValue);
            }
            if (state.headroomDetail !== undefined) {
                expect(text(inFinance(element, '[data-id="headroom-detail"]'))).toBe(state.headroomDetail);
            }
            state.more?.(element);
        });
    });

    it('shows the open pipeline stated vs history-adjusted, scored like the deal page', async () => {
        const element = await render();
        // Stated: each deal's own probability (45%, 50%, 10%).
        expect(text(one(element, '[data-id="stated"]'))).toBe(
            amount(84000 * 0.45 + 40000 * 0.5 + 12000 * 0.1)
        );
        expect(text(one(element, '[data-id="adjusted"]'))).toBe(amount(adjustedOpenPipeline(WITHIN_TERMS)));
        expect(text(one(element, '[data-id="pipeline-summary"]'))).toBe('3 open deals, 136,000 open amount.');
        const rows = all(element, 'tr[data-deal]').map((tr) => tr.dataset.deal);
        expect(rows).toHaveLength(3);
        expect(rows).not.toContain('006Hs00004NwRnwIAF');
    });

    it('books closed-won amounts by fiscal quarter from the org fiscal year, empty quarters included', async () => {
        const element = await render();
        const history = booked(element);
        const periods = all(history, 'tr[data-period]').map((tr) => [
            text(one(tr, 'th')),
            text(one(tr, '[data-id="booked"]')),
            text(one(tr, '[data-id="won"]'))
        ]);
        expect(periods).toEqual([
            ['FY2026 Q3', '48,000', '1'],
            ['FY2026 Q4', '0', '0'],
            ['FY2027 Q1', '0', '0'],
            ['FY2027 Q2', '0', '0'],
            ['FY2027 Q3', '70,000', '2'],
            ['FY2027 Q4', '0', '0']
        ]);
        expect(text(one(history, '[data-id="total"]'))).toBe(
            'Booked in these 6 fiscal quarters: 118,000 (3 deals won).'
        );
        expect(text(one(history, '[data-id="period-note"]'))).toBe('Fiscal year starts in February.');
    });

    it('gives no win rate from four closed deals, only the counts beside the overall rate', async () => {
        const element = await render();
        const section = one(element, '[data-id="win-rate"]');
        expect(section.dataset.verdict).toBe('notEnoughHistory');
        expect(text(one(element, '[data-id="account-rate"]'))).toBe('Won 3 / Lost 1');
        expect(text(one(element, '[data-id="overall-rate"]'))).toMatch(/^\d+% \(95%: \d+%–\d+%\)$/);
        expect(text(one(element, '[data-id="win-rate-text"]'))).toBe(
            'Not enough history with this account for a win rate: 4 closed deals (won 3, lost 1), 30 needed.'
        );
    });

    it('says calendar quarters are shown when the fiscal year could not be read', async () => {
        const element = await render({ ...WITHIN_TERMS, fiscalYearStartMonth: null });
        const labels = all(booked(element), 'tr[data-period] th').map(text);
        expect(labels[labels.length - 1]).toBe('Q4 2026');
        expect(text(one(booked(element), '[data-id="period-note"]'))).toBe(
            "The org's fiscal year could not be read, so calendar quarters are shown."
        );
    });

    it('still shows the accounting facts to a rep who cannot read opportunities, and says why the rest is missing', async () => {
        const element = await render({
            ...PAST_DUE,
            opportunitiesAccessible: false,
            opportunities: [],
            benchmarksAccessible: false,
            benchmarks: []
        });
        expect(text(inFinance(element, '[data-id="state"]'))).toBe('Past due');
        expect(text(one(element, '[data-notice="no-opportunities"]'))).toContain(
            "You don't have access to opportunities"
        );
        expect(text(one(element, '[data-id="pipeline-summary"]'))).toBe('No open deals.');
        expect(text(one(booked(element), '[data-id="empty"]'))).toBe(
            'No closed-won deals with this account yet.'
        );
    });

    it('shows the Apex error message instead of a blank card', async () => {
        const message = 'Account 001Hs00001NrthWIAR was not found, or you do not have access to it.';
        await apexErrorAlert(mountCard({ recordId: WITHIN_TERMS.accountId }), contextWire, message, [
            'Stageplay could not load this account.',
            'was not found, or you do not have access to it.'
        ]);
    });

    it('asks to be placed on an Account page when there is no record', async () => {
        const element = mountCard();
        await flush();
        expect(text(one(element, '[data-id="needs-record"]'))).toContain('Account record page');
    });

    describe('accessibility', () => {
        it.each([
            ['within terms', WITHIN_TERMS],
            ['past due', PAST_DUE],
            ['on hold', ON_HOLD],
            ['over limit', OVER_LIMIT],
            ['with no accounting data', NO_FINANCE_DATA],
            ['with the accounting fact fields hidden', HIDDEN_FINANCE]
        ])('is accessible %s', async (_state, context) => {
            await expect(await render(context)).toBeAccessible();
        });

        it('is accessible to a rep who cannot read opportunities, and with calendar quarters', async () => {
            await expect(
                await render({ ...PAST_DUE, opportunitiesAccessible: false, opportunities: [] })
            ).toBeAccessible();
            resetDom();
            await expect(await render({ ...WITHIN_TERMS, fiscalYearStartMonth: null })).toBeAccessible();
        });

        it('is accessible loading, outside a record page and showing an Apex error', async () => {
            const loading = mountCard({ recordId: WITHIN_TERMS.accountId });
            await flush();
            expect(maybe(loading, 'lightning-spinner')).not.toBeNull();
            await expect(loading).toBeAccessible();
            resetDom();
            const outside = mountCard();
            await flush();
            await expect(outside).toBeAccessible();
            resetDom();
            const failed = mountCard({ recordId: WITHIN_TERMS.accountId });
            contextWire.error({ message: 'Account 001Hs00001NrthWIAR was not found.' });
            await flush();
            expect(maybe(failed, '[data-id="error"]')).not.toBeNull();
            await expect(failed).toBeAccessible();
        });
    });
});
