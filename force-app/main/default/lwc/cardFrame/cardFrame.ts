/**
 * `c-card-frame` — the frame of a Stageplay card: the lightning-card with its title and icon, and
 * inside it either what c-card-state shows in place of the content (off a record page, loading, an
 * error) or the card's own content, slotted. Shared by c-deal-health, c-account-health and
 * c-sales-goals; `StageplayCard.frame` (c/stageplayApex) builds its `frame` for each of them.
 *
 * Light DOM, slot included: the slotted content stays in the card's own shadow tree (its tests, the
 * preview and its styles find it there, as before the frame moved here).
 *
 * Public API
 * - `@api frame: CardFrameView` — the title, the icon and what c-card-state shows (state null: the content).
 */
import { LightningElement, api } from 'lwc';
import type { CardStateName } from 'c/cardState';

/** Everything the frame shows besides the card's content. */
export interface CardFrameView {
    title: string;
    iconName: string;
    /** What c-card-state shows in place of the content; null: the content. */
    state: CardStateName | null;
    needsRecordText: string;
    loadingText: string;
    errorHeading: string;
    errorMessages: string[];
}

export default class CardFrame extends LightningElement {
    static override renderMode = 'light' as const;

    @api frame: CardFrameView = {
        title: '',
        iconName: '',
        state: null,
        needsRecordText: '',
        loadingText: '',
        errorHeading: '',
        errorMessages: []
    };
}
