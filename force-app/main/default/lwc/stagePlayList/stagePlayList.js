// Generated from stagePlayList.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-stage-play-list` — a stage's plays and their parameters: the question, the captured answer,
 * the rule in words, a status badge and how deals with the same answer ended (won vs lost by
 * answer bucket). Each answer can be edited in place through Lightning Data Service
 * (`lightning-record-edit-form`), so saving updates every view of the record.
 *
 * Public API
 * - `@api plays: PlayView[]` — worded by `c-deal-health`.
 * - `@api recordId: string` — the Opportunity being edited; no id, no edit buttons.
 * - `@api compact: boolean` — hides guidance and collapses the won/lost tables until asked.
 * - Event `parametersaved` (bubbles, not composed), `detail: { parameter, field, recordId }` —
 *   after a successful save.
 * - Event `parametererror`, `detail: { parameter, field, message }` — when a save fails (the
 *   form also shows the error next to the field).
 */
import { LightningElement, api } from 'lwc';
import { disclosure, flipped, isUnfolded } from 'c/disclosureButton';
export default class StagePlayList extends LightningElement {
    @api
    plays = [];
    @api
    recordId;
    @api
    compact = false;
    editingKey = null;
    /** Comparison tables the user opened (compact) or closed (full); keyed by parameter. */
    toggled = {};
    saving = false;
    /** After the form closes, keyboard focus goes back to the parameter's edit button. */
    focusEditOf = null;
    renderedCallback() {
        if (!this.focusEditOf)
            return;
        const button = this.template?.querySelector(`[data-id="edit"][data-key="${this.focusEditOf}"]`);
        this.focusEditOf = null;
        button?.focus();
    }
    get playItems() {
        return (this.plays ?? []).map((play) => ({
            ...play,
            showGuidance: Boolean(play.guidance) && !this.compact,
            hasParameters: play.parameters.length > 0,
            parameters: play.parameters.map((p) => {
                const expanded = isUnfolded(this.toggled, p.key, this.compact);
                return {
                    ...p,
                    isEditing: this.editingKey === p.key,
                    showEdit: p.canEdit && Boolean(this.recordId) && this.editingKey !== p.key,
                    editLabel: `Edit ${p.fieldLabel}`,
                    expanded,
                    toggle: disclosure('toggle', p.key, expanded, {
                        show: 'Compare won vs lost',
                        hide: 'Hide won vs lost'
                    }),
                    tableCaption: `Won and lost deals by answer to: ${p.question}`
                };
            })
        }));
    }
    handleEdit(event) {
        this.editingKey = event.currentTarget.dataset.key ?? null;
    }
    handleCancel() {
        this.focusEditOf = this.editingKey;
        this.editingKey = null;
    }
    handleToggle(event) {
        this.toggled = flipped(this.toggled, event.detail.key);
    }
    parameterOf(event) {
        const key = event.currentTarget.dataset.key;
        for (const play of this.plays ?? []) {
            const found = play.parameters.find((p) => p.key === key);
            if (found)
                return found;
        }
        return undefined;
    }
    handleSubmit() {
        this.saving = true;
    }
    handleSuccess(event) {
        const parameter = this.parameterOf(event);
        this.saving = false;
        this.focusEditOf = this.editingKey;
        this.editingKey = null;
        this.dispatchEvent(new CustomEvent('parametersaved', {
            bubbles: true,
            detail: {
                parameter: parameter?.key ?? null,
                field: parameter?.field ?? null,
                recordId: this.recordId
            }
        }));
    }
    handleError(event) {
        const parameter = this.parameterOf(event);
        this.saving = false;
        const message = event.detail?.detail || event.detail?.message || 'The answer could not be saved.';
        this.dispatchEvent(new CustomEvent('parametererror', {
            detail: { parameter: parameter?.key ?? null, field: parameter?.field ?? null, message }
        }));
    }
}
