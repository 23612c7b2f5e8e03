import ChoiceButtons, { type ChoiceOption } from 'c/choiceButtons';
import { all, one, resetDom, text } from '../../../../../test/jest-helpers/dom';
import { describeLightDomChild, itRendersIntoTheLightDom } from '../../../../../test/jest-helpers/lightDom';

const LINES: ChoiceOption[] = [
    { value: 'mine', label: 'My line', selected: false },
    { value: 'team', label: 'Team', selected: true }
];

const STAGES: ChoiceOption[] = [
    { value: 'Prospecting', label: 'Prospecting', selected: false, title: 'Prospecting: 2 plays' },
    { value: 'Discovery', label: 'Discovery (current)', selected: true, title: 'Discovery: 1 play (current)' }
];

const buttons = (): HTMLButtonElement[] => all<HTMLButtonElement>(document, 'button');

describeLightDomChild(
    'c-choice-buttons',
    ChoiceButtons,
    { options: LINES, label: 'Whose KPIs', attached: true },
    (render) => {
        itRendersIntoTheLightDom(render, 'buttons', 'button[data-value]', 2);

        it('renders one labelled group of buttons, the chosen one pressed', () => {
            render();
            expect(one(document, '[role="group"]').getAttribute('aria-label')).toBe('Whose KPIs');
            expect(buttons().map((b) => text(b))).toEqual(['My line', 'Team']);
            expect(buttons().map((b) => b.dataset.value)).toEqual(['mine', 'team']);
            expect(buttons().map((b) => b.getAttribute('aria-pressed'))).toEqual(['false', 'true']);
            expect(buttons().every((b) => b.type === 'button' && !b.hasAttribute('title'))).toBe(true);
        });

        it('attached, one SLDS button group; otherwise separate buttons spaced to wrap, with their titles', () => {
            render();
            expect(one(document, '[role="group"]').className).toBe('slds-button-group');
            expect(buttons().map((b) => b.className)).toEqual([
                'slds-button slds-button_neutral',
                'slds-button slds-button_brand'
            ]);
            resetDom();
            render({ options: STAGES, label: 'Stages', attached: false });
            expect(one(document, '[role="group"]').className).toBe('slds-grid slds-wrap');
            expect(buttons().map((b) => b.className)).toEqual([
                'slds-button slds-button_neutral slds-m-bottom_xx-small slds-m-right_xx-small',
                'slds-button slds-button_brand slds-m-bottom_xx-small slds-m-right_xx-small'
            ]);
            expect(buttons().map((b) => b.title)).toEqual([
                'Prospecting: 2 plays',
                'Discovery: 1 play (current)'
            ]);
        });

        it('fires select with the value of the button clicked, the pressed one too', () => {
            const element = render({ options: STAGES, attached: false });
            const values: string[] = [];
            element.addEventListener('select', (event) => values.push((event as CustomEvent).detail.value));
            buttons()[0].click();
            buttons()[1].click();
            expect(values).toEqual(['Prospecting', 'Discovery']);
        });

        it('renders nothing to click without options', () => {
            render({ options: [] });
            expect(buttons()).toHaveLength(0);
        });

        it('is accessible, attached and wrapping', async () => {
            render();
            await expect(document.body).toBeAccessible();
            resetDom();
            render({ options: STAGES, label: 'Stages', attached: false });
            await expect(document.body).toBeAccessible();
        });
    }
);
