/**
 * Stand-in for `lightning-record-edit-form`, which needs the platform's UI API: the same attributes, methods
 * and events (`load`, `submit` — cancelable, `success`, `error`) over the preview store. Saving goes through
 * the store so every `getRecord` wire on the record re-provisions, as after a save in an org.
 */
import { LightningElement, api } from 'lwc';
import { findDeal, onRecordChange, previewData, saveRecord } from 'preview/store';
import type { RecordFieldValue } from '../../../../data/previewData';

/** What each `lightning-input-field` hands the form when it connects. */
export interface InputFieldRegistration {
    fieldName: () => string;
    value: () => RecordFieldValue;
    setContext: (context: { value: RecordFieldValue; describe: unknown; disabled: boolean }) => void;
    reportValidity: () => boolean;
    unregister?: () => void;
}

export const REGISTER_EVENT = 'previewinputfieldregister';

export default class RecordEditForm extends LightningElement {
    @api objectApiName: string | { objectApiName: string } = 'Opportunity';
    @api recordTypeId: string | undefined;
    @api density: string | undefined;
    @api disabled = false;

    private currentRecordId: string | undefined;
    private readonly fields = new Set<InputFieldRegistration>();
    private unsubscribe: (() => void) | null = null;

    @api
    get recordId(): string | undefined {
        return this.currentRecordId;
    }
    set recordId(value: string | undefined) {
        this.currentRecordId = value;
        this.pushContext();
    }

    constructor() {
        super();
        this.addEventListener(REGISTER_EVENT, (event: Event) => {
            event.stopPropagation();
            const registration = (event as CustomEvent<InputFieldRegistration>).detail;
            this.fields.add(registration);
            registration.unregister = () => this.fields.delete(registration);
            this.pushContextTo(registration);
        });
    }

    override connectedCallback(): void {
        this.unsubscribe = onRecordChange((recordId) => {
            if (recordId === this.currentRecordId) this.pushContext();
        });
        void Promise.resolve().then(() => this.announceLoad());
    }

    override disconnectedCallback(): void {
        this.unsubscribe?.();
    }

    /** Saves the given values (or the fields' current values), like the platform's `submit(fields)`. */
    @api
    submit(fields?: Record<string, RecordFieldValue>): void {
        const values = fields ?? this.collectValues();
        const recordId = this.currentRecordId;
        // A save is a server round trip in an org: answer in a later task, never within the submit itself.
        setTimeout(() => {
            try {
                if (!recordId) throw new Error('This preview record form only edits existing records.');
                saveRecord(recordId, values);
                const saved = findDeal(recordId)?.record ?? {};
                this.dispatchEvent(
                    new CustomEvent('success', {
                        detail: {
                            id: recordId,
                            apiName: 'Opportunity',
                            fields: Object.fromEntries(
                                Object.keys(values).map((name) => [
                                    name,
                                    { value: saved[name] ?? null, displayValue: null }
                                ])
                            )
                        }
                    })
                );
            } catch (error) {
                const message = (error as Error).message;
                this.dispatchEvent(
                    new CustomEvent('error', { detail: { message, detail: message, output: {} } })
                );
            }
        }, 0);
    }

    handleSubmit(event: Event): void {
        // The native submit of the inner <form> is the form's own business: in an org only the component's
        // `submit` event reaches the page, and letting the native one bubble to the host would run the
        // page's onsubmit handler a second time, after the save already finished.
        event.preventDefault();
        event.stopPropagation();
        const valid = [...this.fields].map((field) => field.reportValidity()).every(Boolean);
        if (!valid) return;
        const fields = this.collectValues();
        const submit = new CustomEvent('submit', { cancelable: true, detail: { fields } });
        this.dispatchEvent(submit);
        if (!submit.defaultPrevented) this.submit(fields);
    }

    private collectValues(): Record<string, RecordFieldValue> {
        const values: Record<string, RecordFieldValue> = {};
        for (const field of this.fields) values[field.fieldName()] = field.value();
        return values;
    }

    private pushContext(): void {
        for (const field of this.fields) this.pushContextTo(field);
    }

    private pushContextTo(field: InputFieldRegistration): void {
        const record = this.currentRecordId ? findDeal(this.currentRecordId)?.record : undefined;
        const name = field.fieldName();
        field.setContext({
            value: record?.[name] ?? null,
            describe: previewData().opportunityFields[name] ?? null,
            disabled: this.disabled
        });
    }

    private announceLoad(): void {
        const recordId = this.currentRecordId;
        const record = recordId ? findDeal(recordId)?.record : undefined;
        if (!recordId || !record) return;
        const fields = Object.fromEntries(
            Object.entries(record).map(([name, value]) => [name, { value, displayValue: null }])
        );
        this.dispatchEvent(
            new CustomEvent('load', {
                detail: { records: { [recordId]: { id: recordId, apiName: 'Opportunity', fields } } }
            })
        );
    }
}
