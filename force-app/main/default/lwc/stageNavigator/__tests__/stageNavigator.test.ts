import StageNavigator, { type StageNavItem } from 'c/stageNavigator';
import { all, mount, one, resetDom } from '../../../../../test/jest-helpers/dom';

const STAGES: StageNavItem[] = [
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

const render = (props: { stages: StageNavItem[]; label?: string }) =>
    mount('c-stage-navigator', StageNavigator, props);
const buttons = (element: Element): HTMLButtonElement[] => all<HTMLButtonElement>(element, 'button');

describe('c-stage-navigator', () => {
    afterEach(resetDom);

    it('offers one labelled button per stage, marking the current one and the one being viewed', () => {
        const element = render({ stages: STAGES, label: 'Stages of the sales process' });
        expect(one(element, '[role="group"]').getAttribute('aria-label')).toBe('Stages of the sales process');
        expect(buttons(element).map((b) => (b.textContent ?? '').trim())).toEqual([
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

    it('is accessible, with stages and without', async () => {
        await expect(render({ stages: STAGES, label: 'Stages of the sales process' })).toBeAccessible();
        resetDom();
        await expect(render({ stages: [] })).toBeAccessible();
    });
});
