// Generated from choiceButtons.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-choice-buttons` — a group of buttons of which one is chosen (pressed): the stage navigator's
 * stages and the Sales Goals card's "My line" / "Team" switch. Native buttons with `aria-pressed`
 * rather than tabs or a radio group: every choice stays reachable with Tab and Enter/Space, and the
 * group may wrap in a narrow column.
 *
 * Light DOM: the buttons belong to the component that composes it, as c-disclosure-button's do, so
 * the composer's tests and the preview reach them through the composer.
 *
 * Public API
 * - `@api label: string` — accessible name of the group.
 * - `@api options: ChoiceOption[]` — in display order; `selected` marks the pressed one.
 * - `@api attached: boolean` — one SLDS button group (a short switch); otherwise separate buttons
 *   that wrap onto more lines (a long list).
 * - Event `select` (not bubbling), `detail: { value }` — the option clicked; the composer decides
 *   what is selected next and passes the options back.
 */
import { LightningElement, api } from 'lwc';
export default class ChoiceButtons extends LightningElement {
    static renderMode = 'light';
    @api
    label = '';
    @api
    options = [];
    @api
    attached = false;
    get groupClass() {
        return this.attached ? 'slds-button-group' : 'slds-grid slds-wrap';
    }
    get buttons() {
        // Separate buttons need room between them once they wrap; attached ones share their borders.
        const spacing = this.attached ? '' : ' slds-m-bottom_xx-small slds-m-right_xx-small';
        return (this.options ?? []).map((option) => ({
            value: option.value,
            label: option.label,
            title: option.title ?? null,
            pressed: String(option.selected),
            className: `slds-button ${option.selected ? 'slds-button_brand' : 'slds-button_neutral'}${spacing}`
        }));
    }
    handleClick(event) {
        const value = event.currentTarget.dataset.value;
        if (value !== undefined)
            this.dispatchEvent(new CustomEvent('select', { detail: { value } }));
    }
}
