import CardState from 'c/cardState';
import { all, maybe, one, text, type Stub } from '../../../../../test/jest-helpers/dom';
import { describeLightDomChild, itRendersIntoTheLightDom } from '../../../../../test/jest-helpers/lightDom';

describeLightDomChild(
    'c-card-state',
    CardState,
    {
        needsRecordText: 'Deal health shows on an Opportunity record page.',
        loadingText: 'Loading deal health',
        errorHeading: 'Stageplay could not load this deal.',
        errorMessages: ['Insufficient access', 'Try again']
    },
    (render) => {
        itRendersIntoTheLightDom(
            () => render({ state: 'needs-record' }),
            'markup',
            '[data-id="needs-record"]',
            1
        );

        it('says where the card belongs off a record page, and nothing else', async () => {
            render({ state: 'needs-record' });
            expect(text(one(document, '[data-id="needs-record"]'))).toBe(
                'Deal health shows on an Opportunity record page.'
            );
            expect(maybe(document, 'lightning-spinner')).toBeNull();
            expect(maybe(document, '[data-id="error"]')).toBeNull();
            await expect(document.body).toBeAccessible();
        });

        it('shows a spinner with its alternative text while loading', async () => {
            render({ state: 'loading' });
            expect(
                one<Stub<{ alternativeText: string }>>(document, 'lightning-spinner').alternativeText
            ).toBe('Loading deal health');
            expect(maybe(document, '[data-id="needs-record"]')).toBeNull();
            await expect(document.body).toBeAccessible();
        });

        it('shows the error as an alert with its heading and one line per message', async () => {
            render({ state: 'error' });
            const alert = one(document, '[data-id="error"]');
            expect(alert.getAttribute('role')).toBe('alert');
            expect(text(one(alert, 'h2'))).toBe('Stageplay could not load this deal.');
            expect(all(alert, 'li').map(text)).toEqual(['Insufficient access', 'Try again']);
            expect(maybe(document, 'lightning-spinner')).toBeNull();
            await expect(document.body).toBeAccessible();
        });

        it('shows nothing without a state', () => {
            const element = render({ state: null });
            expect(text(element)).toBe('');
            expect(element.children).toHaveLength(0);
        });
    }
);
