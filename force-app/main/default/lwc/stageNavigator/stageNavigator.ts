/**
 * `c-stage-navigator` — one button per open stage, so any stage's plays are one click away.
 *
 * Public API
 * - `@api stages: StageNavItem[]` — in process order; `isCurrent` marks the deal's stage,
 *   `isSelected` the stage being viewed.
 * - `@api label: string` — accessible name of the button group (default `Stages`).
 * - Event `stageselect` (not bubbling), `detail: { stage }` — the stage's API name.
 *
 * The buttons are c-choice-buttons (one pressed, the group wraps in a narrow column); this
 * component words each stage for them.
 */
import { LightningElement, api } from 'lwc';
import type { ChoiceOption } from 'c/choiceButtons';

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

    get options(): ChoiceOption[] {
        return (this.stages ?? []).map((s) => ({
            value: s.name,
            // One text node, so the accessible name reads "Discovery (current)" with its space.
            label: s.marker ? `${s.label} ${s.marker}` : s.label,
            selected: s.isSelected,
            title: `${s.label}: ${s.playCount === 1 ? '1 play' : `${s.playCount} plays`}${s.marker ? ` ${s.marker}` : ''}`
        }));
    }

    handleSelect(event: CustomEvent<{ value: string }>): void {
        this.dispatchEvent(new CustomEvent('stageselect', { detail: { stage: event.detail.value } }));
    }
}
