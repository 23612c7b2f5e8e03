import DealFactors, { type FactorView } from 'c/dealFactors';
import { all, maybe, mounter, one, resetDom, text } from '../../../../../test/jest-helpers/dom';

/** The stub of `lightning-icon` keeps the public properties it was given. */
type IconElement = HTMLElement & { iconName: string; alternativeText: string };

const FACTORS: FactorView[] = [
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

const render = mounter('c-deal-factors', DealFactors);
const factorKeys = (element: Element): (string | undefined)[] =>
    all(element, 'li[data-factor]').map((li) => li.dataset.factor);

describe('c-deal-factors', () => {
    afterEach(resetDom);

    it('lists each factor in the given order with its effect and the won/lost counts behind it', () => {
        const element = render({ factors: FACTORS, hasHistory: true });
        const items = all(element, 'li[data-factor]');
        expect(factorKeys(element)).toEqual(['Current_Problem', 'Problem_Metric']);
        expect(text(one(items[0], '.slds-text-title_bold'))).toBe(
            'Current Problem: Month-end close takes 9 days'
        );
        expect(text(one(items[0], '[data-id="effect"]'))).toBe('Raises odds ×1.8');
        expect(text(one(items[1], '[data-id="counts"]'))).toBe('Won 21 / Lost 77 had this (Blank)');
        const icon = one<IconElement>(items[1], 'lightning-icon');
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
        const items = all(element, 'li[data-factor]');
        expect(text(one(items[0], '[data-id="disagreement"]'))).toContain(
            'History and the rule disagree: "Negative" fails the rule'
        );
        expect(maybe(items[1], '[data-id="disagreement"]')).toBeNull();
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
        const items = all(element, 'li[data-unclear]').map(text);
        expect(items).toEqual([
            'Budget: Yes — no clear effect yet (n = 14)',
            'Tier: Platinum — no past deals had this answer'
        ]);
        expect(all(element, 'li[data-factor]')).toHaveLength(0);
        expect(text(one(element, '[data-id="criterion"]'))).toContain('95% interval');
    });

    it('shows the biggest effects first and the rest on request', async () => {
        const many = Array.from({ length: 7 }, (_, i) => ({
            ...FACTORS[0],
            key: `P${i}`,
            label: `Parameter ${i}`
        }));
        const element = render({ factors: many, hasHistory: true });
        const keys = () => factorKeys(element);
        expect(keys()).toEqual(['P0', 'P1', 'P2', 'P3', 'P4']);
        const toggle = one(element, '[data-id="toggle"]');
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
        expect(all(element, 'li[data-factor]')).toHaveLength(3);
    });

    it('offers no toggle when everything fits', () => {
        const element = render({ factors: FACTORS, hasHistory: true });
        expect(maybe(element, '[data-id="toggle"]')).toBeNull();
    });

    it('explains an empty list with history', () => {
        const element = render({ factors: [], hasHistory: true });
        expect(text(one(element, '[data-id="empty"]'))).toBe(
            'None of the answers so far moves the odds away from the stage win rate.'
        );
    });

    it('explains an empty list without history', () => {
        const element = render({ factors: [], hasHistory: false });
        expect(text(one(element, '[data-id="empty"]'))).toBe(
            'Factors appear once benchmarks are learned from closed deals.'
        );
    });

    it('is accessible with factors, unclear answers and a toggle, and when empty', async () => {
        const many = Array.from({ length: 7 }, (_, i) => ({
            ...FACTORS[0],
            key: `P${i}`,
            label: `Parameter ${i}`
        }));
        await expect(
            render({
                factors: many,
                hasHistory: true,
                unclear: [
                    { key: 'A', label: 'Budget', valueText: 'Yes', text: 'no clear effect yet (n = 14)' }
                ],
                criterionText: 'An answer counts as moving the odds only when its 95% interval excludes ×1.'
            })
        ).toBeAccessible();
        resetDom();
        await expect(render({ factors: [], hasHistory: false })).toBeAccessible();
    });
});
