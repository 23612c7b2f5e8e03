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
import type { Disclosure } from 'c/disclosureButton';

export interface BenchmarkView {
    /** `Deals with this answer (Passes rule): Won 42 / Lost 11`. */
    summary: string;
    totals: string;
    /** Thin or missing history, or null when the evidence is solid. */
    statusNote: string | null;
    rows: Array<{
        key: string;
        /** The deal's own bucket reads `Passes rule (this deal)`: marked in words, not by colour alone. */
        label: string;
        won: number;
        lost: number;
        winRateText: string;
        isDeal: boolean;
        rowClass: string;
    }>;
}

export interface ParameterView {
    /** Parameter DeveloperName. */
    key: string;
    label: string;
    question: string;
    /** Opportunity field API name. */
    field: string;
    fieldLabel: string;
    valueText: string;
    ruleText: string;
    required: boolean;
    status: 'good' | 'missing' | 'failing' | 'noAccess' | 'invalidRule';
    statusLabel: string;
    badgeClass: string;
    canEdit: boolean;
    /** Why the answer is hidden (field named), or null. */
    accessMessage: string | null;
    benchmark: BenchmarkView | null;
}

export interface PlayView {
    /** Play DeveloperName. */
    key: string;
    label: string;
    goal: string;
    guidance: string;
    parameters: ParameterView[];
}

export default class StagePlayList extends LightningElement {
    @api plays: PlayView[] = [];
    @api recordId: string | undefined;
    @api compact = false;

    editingKey: string | null = null;
    /** Comparison tables the user opened (compact) or closed (full); keyed by parameter. */
    toggled: Record<string, boolean> = {};
    saving = false;
    /** After the form closes, keyboard focus goes back to the parameter's edit button. */
    private focusEditOf: string | null = null;

    override renderedCallback(): void {
        if (!this.focusEditOf) return;
        const button = this.template?.querySelector<HTMLElement>(
            `[data-id="edit"][data-key="${this.focusEditOf}"]`
        );
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

    handleEdit(event: Event): void {
        this.editingKey = (event.currentTarget as HTMLElement).dataset.key ?? null;
    }

    handleCancel(): void {
        this.focusEditOf = this.editingKey;
        this.editingKey = null;
    }

    handleToggle(event: CustomEvent<Pick<Disclosure, 'key'>>): void {
        this.toggled = flipped(this.toggled, event.detail.key);
    }

    private parameterOf(event: Event): ParameterView | undefined {
        const key = (event.currentTarget as HTMLElement).dataset.key;
        for (const play of this.plays ?? []) {
            const found = play.parameters.find((p) => p.key === key);
            if (found) return found;
        }
        return undefined;
    }

    handleSubmit(): void {
        this.saving = true;
    }

    handleSuccess(event: Event): void {
        const parameter = this.parameterOf(event);
        this.saving = false;
        this.focusEditOf = this.editingKey;
        this.editingKey = null;
        this.dispatchEvent(
            new CustomEvent('parametersaved', {
                bubbles: true,
                detail: {
                    parameter: parameter?.key ?? null,
                    field: parameter?.field ?? null,
                    recordId: this.recordId
                }
            })
        );
    }

    handleError(event: CustomEvent<{ message?: string; detail?: string }>): void {
        const parameter = this.parameterOf(event);
        this.saving = false;
        const message = event.detail?.detail || event.detail?.message || 'The answer could not be saved.';
        this.dispatchEvent(
            new CustomEvent('parametererror', {
                detail: { parameter: parameter?.key ?? null, field: parameter?.field ?? null, message }
            })
        );
    }
}
