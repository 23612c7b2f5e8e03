/**
 * `c-disclosure-button` — the small text button that folds or unfolds part of a section (a flag's
 * evidence, a parameter's won/lost table, the long tail of factors), with `aria-expanded` saying
 * which. Shared by c-deal-flags, c-stage-play-list and c-deal-factors; `disclosure` builds its view.
 *
 * Light DOM: the button belongs to the component that composes it (its tests and the preview click
 * `[data-id]` there, as before it moved here).
 *
 * Public API
 * - `@api disclosure: Disclosure` — the label, whether the part is unfolded, the button's `data-id`
 *   and the key of the item it folds.
 * - fires `disclosuretoggle` (detail `{ key }`) when clicked; the composing component flips the part.
 */
import { LightningElement, api } from 'lwc';

/** What one disclosure button shows and which item it folds. */
export interface Disclosure {
    /** The item it folds (a flag, a parameter); null when the component has one such part. */
    key: string | null;
    /** The button's `data-id`. */
    controlId: string;
    expanded: boolean;
    label: string;
}

/** A disclosure of the item `key`, labelled for its state: `labels.show` while folded, `labels.hide` while unfolded. */
export function disclosure(
    controlId: string,
    key: string | null,
    expanded: boolean,
    labels: { show: string; hide: string }
): Disclosure {
    return { key, controlId, expanded, label: expanded ? labels.hide : labels.show };
}

/**
 * Whether the item `key` is unfolded, where a compact component folds every item by default and
 * `toggled` holds the items the user flipped away from that default.
 */
export function isUnfolded(toggled: Record<string, boolean>, key: string, compact: boolean): boolean {
    return toggled[key] ? compact : !compact;
}

/** `toggled` with the item `key` flipped: a new object, so assigning it re-renders the component. */
export function flipped(toggled: Record<string, boolean>, key: string | null): Record<string, boolean> {
    return key ? { ...toggled, [key]: !toggled[key] } : toggled;
}

export default class DisclosureButton extends LightningElement {
    static override renderMode = 'light' as const;

    @api disclosure: Disclosure = { key: null, controlId: '', expanded: false, label: '' };

    get expandedText(): string {
        return String(this.disclosure.expanded);
    }

    handleClick(): void {
        this.dispatchEvent(new CustomEvent('disclosuretoggle', { detail: { key: this.disclosure.key } }));
    }
}
