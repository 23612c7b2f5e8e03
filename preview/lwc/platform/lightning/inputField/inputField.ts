/**
 * Stand-in for `lightning-input-field`: renders the base component that matches the field's describe
 * (checkbox, picklist combobox, number, date, text area, text) inside a `lightning-record-edit-form`, and
 * reports its value to the form on submit. Label, help text and read-only state come from the describe.
 */
import { LightningElement, api } from 'lwc';
import type { PreviewFieldDescribe, RecordFieldValue } from '../../../../data/previewData';

const REGISTER_EVENT = 'previewinputfieldregister';

type FieldName = string | { objectApiName?: string; fieldApiName?: string };

interface ValidatableInput extends HTMLElement {
    reportValidity(): boolean;
    value: unknown;
    checked?: boolean;
}

export default class InputField extends LightningElement {
    @api variant: string | undefined;
    @api required = false;
    @api readOnly = false;
    @api disabled = false;

    private name: FieldName = '';
    private fieldValue: RecordFieldValue = null;
    private explicitValue = false;
    private loadedValue: RecordFieldValue = null;
    describe: PreviewFieldDescribe | null = null;
    private formDisabled = false;
    private unregister: (() => void) | undefined;

    @api
    get fieldName(): FieldName {
        return this.name;
    }
    set fieldName(value: FieldName) {
        this.name = value;
    }

    @api
    get value(): RecordFieldValue {
        return this.fieldValue;
    }
    set value(value: RecordFieldValue) {
        this.fieldValue = value ?? null;
        this.explicitValue = true;
    }

    @api
    reset(): void {
        this.fieldValue = this.loadedValue;
    }

    @api
    reportValidity(): boolean {
        const input = this.template?.querySelector<ValidatableInput>('[data-input]');
        return input ? input.reportValidity() : true;
    }

    override connectedCallback(): void {
        const registration = {
            fieldName: () => this.apiName,
            value: () => this.fieldValue,
            setContext: (context: { value: RecordFieldValue; describe: unknown; disabled: boolean }) => {
                this.describe = context.describe as PreviewFieldDescribe | null;
                this.loadedValue = context.value;
                if (!this.explicitValue) this.fieldValue = context.value;
                this.formDisabled = context.disabled;
            },
            reportValidity: () => this.reportValidity(),
            unregister: undefined as (() => void) | undefined
        };
        this.dispatchEvent(
            new CustomEvent(REGISTER_EVENT, { bubbles: true, composed: true, detail: registration })
        );
        this.unregister = () => registration.unregister?.();
    }

    override disconnectedCallback(): void {
        this.unregister?.();
    }

    get apiName(): string {
        const name = typeof this.name === 'string' ? this.name : (this.name.fieldApiName ?? '');
        return name.includes('.') ? name.split('.').pop()! : name;
    }

    get label(): string {
        return this.describe?.label ?? this.apiName;
    }

    get helpText(): string | undefined {
        return this.describe?.inlineHelpText ?? undefined;
    }

    get labelVariant(): string {
        return this.variant === 'label-hidden' ? 'label-hidden' : 'standard';
    }

    get isUnknownField(): boolean {
        return this.describe === null;
    }

    get isReadOnly(): boolean {
        return this.readOnly || (this.describe !== null && !this.describe.updateable);
    }

    get isDisabled(): boolean {
        return this.disabled || this.formDisabled;
    }

    private get dataType(): string {
        return this.describe?.dataType ?? 'String';
    }

    get isCheckbox(): boolean {
        return !this.isReadOnly && this.dataType === 'Boolean';
    }

    get isPicklist(): boolean {
        return !this.isReadOnly && this.dataType === 'Picklist';
    }

    get isNumber(): boolean {
        return !this.isReadOnly && ['Double', 'Currency', 'Percent', 'Int'].includes(this.dataType);
    }

    get isDate(): boolean {
        return !this.isReadOnly && this.dataType === 'Date';
    }

    get isTextArea(): boolean {
        return !this.isReadOnly && this.dataType === 'TextArea';
    }

    /** The `type` of the `lightning-input` that number, date and text fields share. */
    get inputType(): string {
        if (this.isNumber) return 'number';
        if (this.isDate) return 'date';
        return 'text';
    }

    /** Any decimal is a valid number; other input types take no step. */
    get numberStep(): string | undefined {
        return this.isNumber ? 'any' : undefined;
    }

    /**
     * What every rendered base component takes from the describe and the form, spread onto it with
     * `lwc:spread` so the combobox, text area and input branches cannot drift apart.
     */
    get labelProps(): Record<string, unknown> {
        return {
            label: this.label,
            variant: this.labelVariant,
            fieldLevelHelp: this.helpText,
            disabled: this.isDisabled
        };
    }

    /** `labelProps` plus the value and required flag of the components that edit a value (all but the checkbox). */
    get valueProps(): Record<string, unknown> {
        return { ...this.labelProps, value: this.inputValue, required: this.required };
    }

    /**
     * The one `lightning-input` of checkbox, number, date and text fields: its type first, then what
     * that type takes (a checkbox is checked or not; the others edit a value, numbers with a step and
     * a formatter).
     */
    get inputProps(): Record<string, unknown> {
        if (this.isCheckbox) return { type: 'checkbox', ...this.labelProps, checked: this.checked };
        return {
            type: this.inputType,
            step: this.numberStep,
            formatter: this.numberFormatter,
            ...this.valueProps
        };
    }

    get numberFormatter(): string | undefined {
        if (this.dataType === 'Currency') return 'currency';
        if (this.dataType === 'Percent') return 'percent-fixed';
        return undefined;
    }

    get checked(): boolean {
        return this.fieldValue === true;
    }

    get inputValue(): string {
        return this.fieldValue === null ? '' : String(this.fieldValue);
    }

    get readOnlyValue(): string {
        return this.fieldValue === null ? '' : String(this.fieldValue);
    }

    get picklistOptions(): Array<{ label: string; value: string }> {
        const values = this.describe?.picklistValues ?? [];
        return [{ label: '--None--', value: '' }, ...values.map((value) => ({ label: value, value }))];
    }

    handleChange(event: CustomEvent<{ value?: unknown; checked?: boolean }>): void {
        event.stopPropagation();
        const detail = event.detail ?? {};
        let value: RecordFieldValue;
        if (this.isCheckbox) {
            value = Boolean(detail.checked);
        } else if (this.isNumber) {
            const text = String(detail.value ?? '').trim();
            value = text === '' ? null : Number(text);
        } else {
            const text = String(detail.value ?? '');
            value = text === '' ? null : text;
        }
        this.fieldValue = value;
        this.dispatchEvent(new CustomEvent('change', { bubbles: true, composed: true, detail: { value } }));
    }
}
