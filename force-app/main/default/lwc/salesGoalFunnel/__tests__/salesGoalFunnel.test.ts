import SalesGoalFunnel, { type GoalView } from 'c/salesGoalFunnel';
import { all, maybe, mount, one, resetDom, text } from '../../../../../test/jest-helpers/dom';

/** The bottleneck as c-sales-goals words it: 8 of 25 decided (32%) against a 50% target. */
const BOTTLENECK: GoalView = {
    key: 'Qualify',
    title: '2. Qualify',
    customerValue: 'The buyer knows what the problem costs them',
    measure: 'share of qualified deals that reach a proposal',
    rateText: '32%',
    restsOnText: '8 of 25 decided deals (95%: 17%–52%)',
    targetText: 'Target 50%',
    historyText: '48% in the same quarter of 2 past years',
    gapText: '18 pts below target',
    flowText: '30 entered · 8 converted · 17 lost · 5 open',
    timeValueText: 'Median 12 days to convert · 123,457 created',
    barStyle: 'width: 32%',
    targetStyle: 'left: 50%',
    bottleneck: true,
    worthText: 'Reaching its target is worth 98,765 more in bookings this quarter.',
    itemClass: 'funnel-item funnel-item_bottleneck'
};

/** Too few decided deals: no rate, no bar, no gap. */
const THIN: GoalView = {
    ...BOTTLENECK,
    key: 'Close',
    title: '4. Close',
    rateText: 'Not enough history',
    restsOnText: '3 of 5 decided deals (fewer than 10)',
    targetText: 'No target set',
    historyText: 'No history for this quarter yet',
    gapText: null,
    barStyle: null,
    targetStyle: null,
    bottleneck: false,
    worthText: null,
    itemClass: 'funnel-item'
};

const render = (goals: GoalView[]) => mount('c-sales-goal-funnel', SalesGoalFunnel, { goals });

describe('c-sales-goal-funnel', () => {
    afterEach(() => resetDom());

    it('lists the goals in the order given, the bottleneck marked with its worth', () => {
        const element = render([BOTTLENECK, THIN]);
        expect(all(element, '[data-goal]').map((g) => g.dataset.goal)).toEqual(['Qualify', 'Close']);
        expect(text(one(element, '[data-goal="Qualify"] [data-id="bottleneck"]'))).toBe('Bottleneck');
        expect(text(one(element, '[data-goal="Qualify"] [data-id="worth"]'))).toContain('98,765');
        expect(one(element, '[data-goal="Qualify"] .funnel-bar__target').getAttribute('style')).toContain(
            'left: 50%'
        );
    });

    it('draws no bar, gap or worth for a goal whose rate would be noise', () => {
        const element = render([THIN]);
        expect(text(one(element, '[data-goal="Close"] [data-id="rate"]'))).toBe('Not enough history');
        expect(maybe(element, '[data-goal="Close"] .funnel-bar')).toBeNull();
        expect(maybe(element, '[data-goal="Close"] [data-id="gap"]')).toBeNull();
        expect(maybe(element, '[data-goal="Close"] [data-id="worth"]')).toBeNull();
    });

    it('says when no goal is published', () => {
        expect(text(one(render([]), '[data-id="no-goals"]'))).toContain('No goal results');
    });

    it.each([
        ['with the bottleneck', [BOTTLENECK, THIN]],
        ['without goals', []]
    ])('is accessible %s', async (_state, goals) => {
        await expect(render(goals)).toBeAccessible();
    });
});
