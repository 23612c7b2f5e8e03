/**
 * `c-card-state` — what a Stageplay record card shows instead of its content: that it belongs on a
 * record page, a spinner while its data loads, or why it could not load or compute. Shared by
 * c-deal-health, c-account-health and c-sales-goals, which render it in place of their model.
 *
 * Light DOM: its markup belongs to the card that composes it (the card's tests and styles see the
 * message, the spinner and the alert as the card's own, as before they moved here).
 *
 * Public API
 * - `@api state: 'needs-record' | 'loading' | 'error'` — which one to show.
 * - `@api needsRecordText` — where the card belongs and how to put it there.
 * - `@api loadingText` — the spinner's alternative text.
 * - `@api errorHeading`, `@api errorMessages` — the alert's heading and one line per message.
 *
 * `cardStateOf` picks the state for a card, in one order for all of them.
 */
import { LightningElement, api } from 'lwc';

/** What a card shows instead of its content; null when it shows its content. */
export type CardStateName = 'needs-record' | 'loading' | 'error';

/**
 * What a card shows in place of its content, the first that applies: off a record page, loading, an
 * error; null: the content. One order for every card, so none shows a spinner off a record page.
 */
export function cardStateOf(
    needsRecord: boolean,
    isLoading: boolean,
    errorMessages: string[] | null
): CardStateName | null {
    if (needsRecord) return 'needs-record';
    if (isLoading) return 'loading';
    return errorMessages ? 'error' : null;
}

export default class CardState extends LightningElement {
    static override renderMode = 'light' as const;

    @api state: CardStateName | null = null;
    @api needsRecordText = '';
    @api loadingText = '';
    @api errorHeading = '';
    @api errorMessages: string[] = [];

    get needsRecord(): boolean {
        return this.state === 'needs-record';
    }

    get isLoading(): boolean {
        return this.state === 'loading';
    }

    get isError(): boolean {
        return this.state === 'error';
    }
}
