/**
 * `c-stage-navigator` — one button per open stage, so any stage's plays are one click away.
 *
 * Public API
 * - `@api stages: StageNavItem[]` — in process order; `isCurrent` marks the deal's stage,
 *   `isSelected` the stage being viewed.
 * - `@api label: string` — accessible name of the button group (default `Stages`).
 * - Event `stageselect` (not bubbling), `detail: { stage }` — the stage's API name.
 *
 * Native buttons with `aria-pressed` rather than tabs: the group wraps in a narrow column, and
 * every stage stays reachable with Tab and Enter/Space.
 */
import { LightningElement, api } from 'lwc';

export interface StageNavItem {
    /** `StageName` API value. */
    name: string;
    label: string;
    isCurrent: boolean;
    /** Shown after the current stage's label, e.g. `(current)`; null for other stages. */
    marker: string | null;
    isSelected: boolean;
    playCount: number;
}

export default class StageNavigator extends LightningElement {
    @api stages: StageNavItem[] = [];
    @api label = 'Stages';

    get items() {
        return (this.stages ?? []).map((s) => ({
            ...s,
            buttonClass: `slds-button ${s.isSelected ? 'slds-button_brand' : 'slds-button_neutral'} slds-m-bottom_xx-small slds-m-right_xx-small`,
            pressed: s.isSelected ? 'true' : 'false',
            // One text node, so the accessible name reads "Discovery (current)" with its space.
            text: s.marker ? `${s.label} ${s.marker}` : s.label,
            title: `${s.label}: ${s.playCount === 1 ? '1 play' : `${s.playCount} plays`}${s.marker ? ` ${s.marker}` : ''}`
        }));
    }

    handleClick(event: Event): void {
        const stage = (event.currentTarget as HTMLElement).dataset.stage;
        if (stage) this.dispatchEvent(new CustomEvent('stageselect', { detail: { stage } }));
    }
}
