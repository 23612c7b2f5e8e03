import CardNotices, { cardNotice } from 'c/cardNotices';
import { all, maybe, one, text, type Stub } from '../../../../../test/jest-helpers/dom';
import { describeLightDomChild, itRendersIntoTheLightDom } from '../../../../../test/jest-helpers/lightDom';

const NOTICES = [
    cardNotice('no-benchmarks', 'info', 'No benchmarks yet. Ask your admin to run ', 'stageplay learn'),
    cardNotice('benchmark-access', 'warning', 'You cannot read Stageplay benchmarks.')
];

describe('cardNotice', () => {
    it('gives each variant its icon and no command unless one is given', () => {
        expect(cardNotice('a', 'info', 'Text')).toEqual({
            key: 'a',
            variant: 'info',
            text: 'Text',
            command: null,
            iconName: 'utility:info'
        });
        expect(cardNotice('b', 'warning', 'Run ', 'x').iconName).toBe('utility:warning');
    });
});

describeLightDomChild('c-card-notices', CardNotices, { notices: NOTICES }, (render) => {
    itRendersIntoTheLightDom(render, 'notices', '[data-notice]', 2);

    it('shows each notice in order as a status with its icon, the command in monospace', async () => {
        render();
        const shown = all(document, '[data-notice]');
        expect(shown.map((n) => n.dataset.notice)).toEqual(['no-benchmarks', 'benchmark-access']);
        expect(shown.every((n) => n.getAttribute('role') === 'status')).toBe(true);
        expect(text(shown[0])).toBe('No benchmarks yet. Ask your admin to run stageplay learn.');
        expect(text(one(shown[0], 'code'))).toBe('stageplay learn');
        expect(one<Stub<{ iconName: string }>>(shown[1], 'lightning-icon').iconName).toBe('utility:warning');
        expect(maybe(shown[1], 'code')).toBeNull();
        expect(text(shown[1])).toBe('You cannot read Stageplay benchmarks.');
        await expect(document.body).toBeAccessible();
    });

    it('shows nothing without notices', () => {
        const element = render({ notices: [] });
        expect(element.children).toHaveLength(0);
    });
});
