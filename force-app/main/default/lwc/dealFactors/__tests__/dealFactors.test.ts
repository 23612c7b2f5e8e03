import { createElement } from 'lwc';
import DealFactors from 'c/dealFactors';

/* eslint-disable @typescript-eslint/no-explicit-any */
const FACTORS = [
    {
        key: 'Current_Problem',
        label: 'Current Problem',
        question: 'What problem does the customer have today, in their words?',
        valueText: 'Month-end close takes 9 days',
        bucketLabel: 'Passes rule',
        direction: 'raises',
        effectText: 'Raises odds ×1.8',
        countsText: 'Won 120 / Lost 88 had this',
        disagreementText: null,
        iconName: 'utility:arrowup',
        iconVariant: 'success'
    },
    {
        key: 'Problem_Metric',
        label: 'Problem Metric',
        question: 'Which metric shows the problem?',
        valueText: 'Blank',
        bucketLabel: 'Blank',
        direction: 'lowers',
        effectText: 'Lowers odds ×0.55',
        countsText: 'Won 21 / Lost 77 had this',
        disagreementText: null,
        iconName: 'utility:arrowdown',
        iconVariant: 'error'
    }
];

function render(props: Record<string, unknown>): any {
    const element: any = createElement('c-deal-factors', { is: DealFactors });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

const text = (node: any): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('c-deal-factors', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('lists each factor in the given order with its effect and the won/lost counts behind it', () => {
        const element = render({ factors: FACTORS, hasHistory: true });
        const items = [...element.shadowRoot.querySelectorAll('li[data-factor]')];
        expect(items.map((li: any) => li.dataset.factor)).toEqual(['Current_Problem', 'Problem_Metric']);
        expect(text(items[0].querySelector('.slds-text-title_bold'))).toBe(
            'Current Problem: Month-end close takes 9 days'
        );
        expect(text(items[0].querySelector('[data-id="effect"]'))).toBe('Raises odds ×1.8');
        expect(text(items[1].querySelector('[data-id="counts"]'))).toBe('Won 21 / Lost 77 had this (Blank)');
        const icon = items[1].querySelector('lightning-icon');
        expect(icon.iconName).toBe('utility:arrowdown');
        expect(icon.alternativeText).toBe('lowers');
    });

    it('says when the rule and history disagree on a factor', () => {
        const disagreeing = {
            ...FACTORS[0],
            disagreementText:
                'History and the rule disagree: "Negative" fails the rule, yet past winners gave it more often than losers (won 40 / lost 12).'
        };
        const element = render({ factors: [disagreeing, FACTORS[1]], hasHistory: true });
        const items = [...element.shadowRoot.querySelectorAll('li[data-factor]')];
        expect(text(items[0].querySelector('[data-id="disagreement"]'))).toContain(
            'History and the rule disagree: "Negative" fails the rule'
        );
        expect(items[1].querySelector('[data-id="disagreement"]')).toBeNull();
    });

    it('lists answers without a clear effect with their n, and states the criterion', () => {
        const element = render({
            factors: [],
            hasHistory: true,
            unclear: [
                { key: 'A', label: 'Budget', valueText: 'Yes', text: 'no clear effect yet (n = 14)' },
                { key: 'B', label: 'Tier', valueText: 'Platinum', text: 'no past deals had this answer' }
            ],
            criterionText:
                'An answer counts as moving the odds only when the 95% interval of its effect lies entirely above or below ×1.'
        });
        const items = [...element.shadowRoot.querySelectorAll('li[data-unclear]')].map(text);
        expect(items).toEqual([
            'Budget: Yes — no clear effect yet (n = 14)',
            'Tier: Platinum — no past deals had this answer'
        ]);
        expect(element.shadowRoot.querySelectorAll('li[data-factor]')).toHaveLength(0);
        expect(text(element.shadowRoot.querySelector('[data-id="criterion"]'))).toContain('95% interval');
    });

    it('shows the biggest effects first and the rest on request', async () => {
        const many = Array.from({ length: 7 }, (_, i) => ({
            ...FACTORS[0],
            key: `P${i}`,
            label: `Parameter ${i}`
        }));
        const element = render({ factors: many, hasHistory: true });
        const keys = () =>
            [...element.shadowRoot.querySelectorAll('li[data-factor]')].map((li: any) => li.dataset.factor);
        expect(keys()).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
        const toggle = element.shadowRoot.querySelector('[data-id="toggle"]');
        expect(text(toggle)).toBe('Show all 7 factors');
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        toggle.click();
        await Promise.resolve();
        expect(keys()).toHaveLength(7);
        expect(text(toggle)).toBe('Show fewer');
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
    });

    it('shows the top three in compact mode', () => {
        const many = Array.from({ length: 4 }, (_, i) => ({ ...FACTORS[0], key: `P${i}` }));
        const element = render({ factors: many, hasHistory: true, compact: true });
        expect(element.shadowRoot.querySelectorAll('li[data-factor]')).toHaveLength(3);
    });

    it('offers no toggle when everything fits', () => {
        const element = render({ factors: FACTORS, hasHistory: true });
        expect(element.shadowRoot.querySelector('[data-id="toggle"]')).toBeNull();
    });

    it('explains an empty list with history', () => {
        const element = render({ factors: [], hasHistory: true });
        expect(text(element.shadowRoot.querySelector('[data-id="empty"]'))).toBe(
            'None of the answers so far moves the odds away from the stage win rate.'
        );
    });

    it('explains an empty list without history', () => {
        const element = render({ factors: [], hasHistory: false });
        expect(text(element.shadowRoot.querySelector('[data-id="empty"]'))).toBe(
            'Factors appear once benchmarks are learned from closed deals.'
        );
    });
});
