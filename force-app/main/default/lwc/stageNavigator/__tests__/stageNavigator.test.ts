import { createElement } from 'lwc';
import StageNavigator from 'c/stageNavigator';

/* eslint-disable @typescript-eslint/no-explicit-any */
const STAGES = [
    {
        name: 'Prospecting',
        label: 'Prospecting',
        isCurrent: false,
        marker: null,
        isSelected: false,
        playCount: 2
    },
    {
        name: 'Discovery',
        label: 'Discovery',
        isCurrent: true,
        marker: '(current)',
        isSelected: true,
        playCount: 2
    },
    {
        name: 'Value Proposition',
        label: 'Value Proposition',
        isCurrent: false,
        marker: null,
        isSelected: false,
        playCount: 0
    }
];

function render(props: Record<string, unknown>): any {
    const element: any = createElement('c-stage-navigator', { is: StageNavigator });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

const buttons = (element: any): any[] => [...element.shadowRoot.querySelectorAll('button')];

describe('c-stage-navigator', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('offers one labelled button per stage, marking the current one and the one being viewed', () => {
        const element = render({ stages: STAGES, label: 'Stages of the sales process' });
        expect(element.shadowRoot.querySelector('[role="group"]').getAttribute('aria-label')).toBe(
            'Stages of the sales process'
        );
        expect(buttons(element).map((b) => b.textContent.trim())).toEqual([
            'Prospecting',
            'Discovery (current)',
            'Value Proposition'
        ]);
        expect(buttons(element).map((b) => b.getAttribute('aria-pressed'))).toEqual([
            'false',
            'true',
            'false'
        ]);
        expect(buttons(element)[1].className).toContain('slds-button_brand');
        expect(buttons(element)[2].title).toBe('Value Proposition: 0 plays');
        expect(buttons(element)[0].title).toBe('Prospecting: 2 plays');
        expect(buttons(element).every((b) => b.type === 'button')).toBe(true);
    });

    it('tells the container which stage was chosen', () => {
        const element = render({ stages: STAGES });
        const handler = jest.fn();
        element.addEventListener('stageselect', handler);
        buttons(element)[2].click();
        expect(handler).toHaveBeenCalledTimes(1);
        expect(handler.mock.calls[0][0].detail).toEqual({ stage: 'Value Proposition' });
    });

    it('renders nothing to click without stages', () => {
        const element = render({ stages: [] });
        expect(buttons(element)).toHaveLength(0);
    });
});
