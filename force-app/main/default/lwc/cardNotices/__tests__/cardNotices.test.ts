import CardNotices, { cardNotice } from 'c/cardNotices';
import { all, maybe, mount, one, resetDom, text, type Stub } from '../../../../../test/jest-helpers/dom';

// Light DOM: the notices are the host's own children, read from the document (as the card that
// composes it reads them from its own shadow tree).
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

describe('c-card-notices', () => {
    afterEach(resetDom);

    it('renders into the light DOM, so the composing card sees the notices as its own', () => {
        const element = mount('c-card-notices', CardNotices, { notices: NOTICES });
        expect(element.shadowRoot).toBeNull();
        expect(element.querySelectorAll('[data-notice]')).toHaveLength(2);
    });

    it('shows each notice in order as a status with its icon, the command in monospace', async () => {
        mount('c-card-notices', CardNotices, { notices: NOTICES });
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
        const element = mount('c-card-notices', CardNotices, { notices: [] });
        expect(element.children).toHaveLength(0);
    });
});
