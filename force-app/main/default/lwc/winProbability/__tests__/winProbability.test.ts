import { createElement } from 'lwc';
import WinProbability from 'c/winProbability';

/* eslint-disable @typescript-eslint/no-explicit-any */
const WITH_HISTORY = {
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

function render(view: unknown): any {
    const element: any = createElement('c-win-probability', { is: WinProbability });
    element.view = view;
    document.body.appendChild(element);
    return element;
}

const text = (element: any, selector: string): string =>
    (element.shadowRoot.querySelector(selector)?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('c-win-probability', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('shows the history-adjusted probability next to the stage probability, with range, sample and override', () => {
        const element = render(WITH_HISTORY);
        expect(text(element, '[data-id="adjusted"]')).toBe('47%');
        expect(text(element, '[data-id="nominal"]')).toBe('20%');
        expect(element.shadowRoot.textContent).toContain('History-adjusted');
        expect(element.shadowRoot.textContent).toContain('Stage probability (Discovery)');
        expect(text(element, '[data-id="interval"]')).toBe('95% range: 42%–53%');
        expect(text(element, '[data-id="baseline"]')).toBe('Stage win rate from history: 39%');
        expect(text(element, '[data-id="override"]')).toBe('Rep override: 45% (stage default 20%)');
        expect(text(element, '[data-id="sample"]')).toBe(
            'Based on 362 closed deals that reached Discovery (won 143, lost 219).'
        );
    });

    it('exposes the bar as an accessible progress bar', () => {
        const bar = render(WITH_HISTORY).shadowRoot.querySelector('[role="progressbar"]');
        expect(bar.getAttribute('aria-valuenow')).toBe('47');
        expect(bar.getAttribute('aria-label')).toBe('History-adjusted win probability 47%');
        expect(bar.querySelector('.slds-progress-bar__value').style.width).toBe('47%');
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
        expect(element.shadowRoot.textContent).toContain('Stage probability (no history)');
        expect(element.shadowRoot.querySelector('[data-id="interval"]')).toBeNull();
        expect(element.shadowRoot.querySelector('[data-id="override"]')).toBeNull();
        expect(element.shadowRoot.querySelector('[data-id="baseline"]')).toBeNull();
    });

    it('renders nothing without a view', () => {
        expect(render(null).shadowRoot.querySelector('section')).toBeNull();
    });
});
