/**
 * `c-note` — a paragraph of the cards' small print (an as-of date, hidden fields, why a list is empty,
 * a heading over a table) that shows only when there is something to say: no text, no paragraph.
 * Used by the cards and their sections wherever a model's optional text becomes one paragraph.
 *
 * Light DOM: the paragraph belongs to the component that composes it (its tests and the preview find
 * `p[data-id]` there, as before it moved here).
 *
 * Public API
 * - `@api text: string | null` — the paragraph; null or empty: nothing is shown.
 * - `@api textId` — the paragraph's `data-id`, by which tests and the preview find it.
 * - `@api tone: NoteTone` — its colour, in small type (default `weak`: grey).
 * - `@api spacing` — an SLDS margin set off from its neighbours, e.g. `top_xx-small` for `slds-m-top_xx-small`.
 */
import { LightningElement, api } from 'lwc';

/** The SLDS classes of each tone of note: small type, grey, red or the body colour. */
const TONE_CLASSES = {
    weak: 'slds-text-body_small slds-text-color_weak',
    error: 'slds-text-body_small slds-text-color_error',
    plain: 'slds-text-body_small'
} as const;

export type NoteTone = keyof typeof TONE_CLASSES;

export default class Note extends LightningElement {
    static override renderMode = 'light' as const;

    @api text: string | null = null;
    @api textId = '';
    @api tone: NoteTone = 'weak';
    @api spacing = '';

    get textClass(): string {
        const tone = TONE_CLASSES[this.tone] ?? TONE_CLASSES.weak;
        return this.spacing ? `${tone} slds-m-${this.spacing}` : tone;
    }
}
