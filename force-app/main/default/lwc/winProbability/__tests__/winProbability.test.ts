import WinProbability, { type WinProbabilityView } from 'c/winProbability';
import { maybe, one, resetDom, shadowOf, text } from '../../../../../test/jest-helpers/dom';
import { describeViewChild } from '../../../../../test/jest-helpers/viewStates';

const WITH_HISTORY: WinProbabilityView = {
    heading: 'Win probability',
    stageLabel: 'Discovery',
    adjustedText: '47%',
    adjustedValue: 47,
    nominalText: '20%',
    baselineText: '39%',
    intervalText: '42%–53%',
    overrideText: 'Rep override: 45% (stage default 20%)',
    sampleText: 'Based on 362 closed deals that reached Discovery (won 143, lost 219).',
    thin: false,
    hasHistory: true
};

const textOf = (element: Element, selector: string): string => text(maybe(element, selector));

describeViewChild('c-win-probability', WinProbability, (render) => {
    it('shows the history-adjusted probability next to the stage probability, with range, sample and override', () => {
        const element = render(WITH_HISTORY);
        expect(textOf(element, '[data-id="adjusted"]')).toBe('47%');
        expect(textOf(element, '[data-id="nominal"]')).toBe('20%');
        expect(shadowOf(element).textContent).toContain('History-adjusted');
        expect(shadowOf(element).textContent).toContain('Stage probability (Discovery)');
        expect(textOf(element, '[data-id="interval"]')).toBe('95% range: 42%–53%');
        expect(textOf(element, '[data-id="baseline"]')).toBe('Stage win rate from history: 39%');
        expect(textOf(element, '[data-id="override"]')).toBe('Rep override: 45% (stage default 20%)');
        expect(textOf(element, '[data-id="sample"]')).toBe(
            'Based on 362 closed deals that reached Discovery (won 143, lost 219).'
        );
    });

    it('exposes the bar as an accessible progress bar', () => {
        const bar = one(render(WITH_HISTORY), '[role="progressbar"]');
        expect(bar.getAttribute('aria-valuenow')).toBe('47');
        expect(bar.getAttribute('aria-label')).toBe('History-adjusted win probability 47%');
        expect(one(bar, '.slds-progress-bar__value').style.width).toBe('47%');
    });

    it('labels the number as the stage probability when there is no history', () => {
        const element = render({
            ...WITH_HISTORY,
            adjustedText: '20%',
            adjustedValue: 20,
            baselineText: null,
            intervalText: null,
            overrideText: null,
            sampleText: 'No published history yet: showing the stage probability.',
            hasHistory: false
        });
        expect(shadowOf(element).textContent).toContain('Stage probability (no history)');
        expect(maybe(element, '[data-id="interval"]')).toBeNull();
        expect(maybe(element, '[data-id="override"]')).toBeNull();
        expect(maybe(element, '[data-id="baseline"]')).toBeNull();
    });

    it('is accessible with history and without', async () => {
        await expect(render(WITH_HISTORY)).toBeAccessible();
        resetDom();
        await expect(
            render({ ...WITH_HISTORY, baselineText: null, intervalText: null, hasHistory: false })
        ).toBeAccessible();
    });

    it('the accessibility check reads the shadow tree: a bar without its label fails it', async () => {
        const element = render(WITH_HISTORY);
        one(element, '[role="progressbar"]').removeAttribute('aria-label');
        await expect(element).not.toBeAccessible();
    });

    it('renders nothing without a view', () => {
        expect(maybe(render(null), 'section')).toBeNull();
    });
});
