import Note from 'c/note';
import type { NoteTone } from 'c/note';
import { maybe, mounter, one, resetDom, text } from '../../../../../test/jest-helpers/dom';

// Light DOM: the paragraph is the host's own child, read from the document (as the component that
// composes it reads it from its own shadow tree).
const render = mounter('c-note', Note, { textId: 'as-of' });

describe('c-note', () => {
    afterEach(resetDom);

    it('renders its text as one paragraph found by its data-id, in the light DOM', () => {
        const element = render({ text: 'Accounting facts as of 2026-05-31.' });
        expect(element.shadowRoot).toBeNull();
        expect(text(one(document, 'p[data-id="as-of"]'))).toBe('Accounting facts as of 2026-05-31.');
    });

    it.each([null, ''])('shows no paragraph for the text %p', (value) => {
        render({ text: value });
        expect(maybe(document, 'p')).toBeNull();
    });

    it.each([
        ['weak', '', 'slds-text-body_small slds-text-color_weak'],
        ['error', '', 'slds-text-body_small slds-text-color_error'],
        ['plain', 'top_xx-small', 'slds-text-body_small slds-m-top_xx-small'],
        ['weak', 'bottom_small', 'slds-text-body_small slds-text-color_weak slds-m-bottom_small']
    ])('styles the tone %p with the spacing %p as %p', (tone, spacing, className) => {
        render({ text: 'A note', tone: tone as NoteTone, spacing });
        expect(one(document, 'p').className).toBe(className);
    });
});
