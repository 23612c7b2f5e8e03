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

export interface CardNotice {
    key: string;
    text: string;
    variant: 'info' | 'warning';
    iconName: string;
    /** A command to run, shown in monospace right after the text (which ends in a space); null when there is none. */
    command: string | null;
}

/** A notice with the icon of its variant. */
export function cardNotice(
    key: string,
    variant: CardNotice['variant'],
    text: string,
    command: string | null = null
): CardNotice {
    return {
        key,
        variant,
        text,
        command,
        iconName: variant === 'warning' ? 'utility:warning' : 'utility:info'
    };
}

export default class CardNotices extends LightningElement {
    static override renderMode = 'light' as const;

    @api notices: CardNotice[] = [];
}
