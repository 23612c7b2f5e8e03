import DisclosureButton, { disclosure, flipped, isUnfolded } from 'c/disclosureButton';
import { mount, one, resetDom, text } from '../../../../../test/jest-helpers/dom';

const labels = { show: 'Show evidence', hide: 'Hide evidence' };

describe('c-disclosure-button', () => {
    afterEach(resetDom);

    it('renders a button in the light DOM that says whether its part is unfolded', () => {
        const element = mount('c-disclosure-button', DisclosureButton, {
            disclosure: disclosure('evidence-toggle', 'Padded', true, labels)
        });
        expect(element.shadowRoot).toBeNull();
        const button = one(document, 'button[data-id="evidence-toggle"]');
        expect(button.getAttribute('aria-expanded')).toBe('true');
        expect(text(button)).toBe('Hide evidence');
    });

    it('fires disclosuretoggle with the key of the item it folds when clicked', () => {
        const element = mount('c-disclosure-button', DisclosureButton, {
            disclosure: disclosure('toggle', 'Problem_Metric', false, labels)
        });
        const keys: Array<string | null> = [];
        element.addEventListener('disclosuretoggle', (event) => keys.push((event as CustomEvent).detail.key));
        one(document, 'button').click();
        expect(keys).toEqual(['Problem_Metric']);
    });
});

describe('isUnfolded and flipped', () => {
    it('unfold every item by default unless compact, and the items the user flipped the other way', () => {
        const toggled = flipped({}, 'B');
        expect(['A', 'B'].map((key) => isUnfolded(toggled, key, false))).toEqual([true, false]);
        expect(['A', 'B'].map((key) => isUnfolded(toggled, key, true))).toEqual([false, true]);
        expect(flipped(toggled, 'B')).toEqual({ B: false });
        expect(flipped(toggled, null)).toBe(toggled);
    });
});
