// Generated from cardState.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
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
/**
 * What a card shows in place of its content, the first that applies: off a record page, loading, an
 * error; null: the content. One order for every card, so none shows a spinner off a record page.
 */
export function cardStateOf(needsRecord, isLoading, errorMessages) {
    if (needsRecord)
        return 'needs-record';
    if (isLoading)
        return 'loading';
    return errorMessages ? 'error' : null;
}
export default class CardState extends LightningElement {
    static renderMode = 'light';
    @api
    state = null;
    @api
    needsRecordText = '';
    @api
    loadingText = '';
    @api
    errorHeading = '';
    @api
    errorMessages = [];
    get needsRecord() {
        return this.state === 'needs-record';
    }
    get isLoading() {
        return this.state === 'loading';
    }
    get isError() {
        return this.state === 'error';
    }
}
