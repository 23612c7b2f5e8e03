// Generated from cardNotices.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-card-notices` — a record card's notices (no benchmarks yet, thin history, fields the user
 * cannot read, ...), each a scoped notification with its icon, optionally ending in a command to
 * run. Shared by c-deal-health, c-account-health and c-sales-goals; `cardNotice` builds one for their views.
 *
 * Light DOM: the notices are part of the card that composes it (its tests read `[data-notice]` in
 * the card, as before they moved here).
 *
 * Public API
 * - `@api notices: CardNotice[]` — in the order shown.
 */
import { LightningElement, api } from 'lwc';
/** A notice with the icon of its variant. */
export function cardNotice(key, variant, text, command = null) {
    return {
        key,
        variant,
        text,
        command,
        iconName: variant === 'warning' ? 'utility:warning' : 'utility:info'
    };
}
export default class CardNotices extends LightningElement {
    static renderMode = 'light';
    @api
    notices = [];
}
