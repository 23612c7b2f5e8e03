/**
 * Stand-in for `lightning/uiRecordApi` backed by the preview store: `getRecord` provisions the requested
 * fields in Lightning Data Service's record shape and re-provisions whenever the record is saved or
 * `notifyRecordUpdateAvailable` is called, which is what makes in-place edits move the component's numbers.
 */
import { findDeal, onRecordChange, previewData, saveRecord, announceRecordChange } from 'preview/store';
import type { RecordFieldValue } from '../../../../data/previewData';

type FieldReference = string | { objectApiName: string; fieldApiName?: string };

interface FieldValueRepresentation {
    value: RecordFieldValue | RecordRepresentation;
    displayValue: string | null;
}

interface RecordRepresentation {
    id: string;
    apiName: string;
    fields: Record<string, FieldValueRepresentation>;
    lastModifiedDate: string | null;
    recordTypeId: string | null;
}

interface GetRecordConfig {
    recordId?: string;
    fields?: FieldReference | FieldReference[];
    optionalFields?: FieldReference | FieldReference[];
}

/** `Opportunity.Owner.Name` / `{ objectApiName, fieldApiName }` → `['Owner', 'Name']`. */
function fieldPath(field: FieldReference): string[] {
    if (typeof field === 'string') {
        const [, ...path] = field.split('.');
        return path;
    }
    return (field.fieldApiName ?? '').split('.');
}

function asList(fields: FieldReference | FieldReference[] | undefined): FieldReference[] {
    if (fields === undefined) return [];
    return Array.isArray(fields) ? fields : [fields];
}

function displayValueOf(fieldName: string, value: RecordFieldValue): string | null {
    if (value === null) return null;
    const describe = previewData().opportunityFields[fieldName];
    switch (describe?.dataType) {
        case 'Currency':
            return new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' }).format(
                Number(value)
            );
        case 'Date':
            return new Intl.DateTimeFormat('en-US', { timeZone: 'UTC' }).format(
                new Date(`${value}T00:00:00Z`)
            );
        case 'Picklist':
            return String(value);
        default:
            return null;
    }
}

function relatedRecord(
    apiName: string,
    idField: string,
    values: Record<string, RecordFieldValue>,
    path: string[]
) {
    const [, child] = path;
    const id = String(values[idField] ?? '');
    const value = values[path.join('.')] ?? null;
    return {
        id,
        apiName,
        fields: { [child]: { value, displayValue: null } },
        lastModifiedDate: null,
        recordTypeId: null
    };
}

const RELATIONSHIPS: Record<string, { apiName: string; idField: string }> = {
    Owner: { apiName: 'User', idField: 'OwnerId' },
    Account: { apiName: 'Account', idField: 'AccountId' }
};

function buildRecord(recordId: string, config: GetRecordConfig): RecordRepresentation {
    const deal = findDeal(recordId);
    if (!deal) {
        throw {
            status: 404,
            body: { message: `The requested resource does not exist: Opportunity ${recordId}` }
        };
    }
    const values = deal.record;
    const record: RecordRepresentation = {
        id: recordId,
        apiName: 'Opportunity',
        fields: {},
        lastModifiedDate: (values.LastModifiedDate as string | null) ?? null,
        recordTypeId: null
    };
    const add = (field: FieldReference, optional: boolean) => {
        const path = fieldPath(field);
        if (path.length === 2 && RELATIONSHIPS[path[0]]) {
            const relationship = RELATIONSHIPS[path[0]];
            const related = relatedRecord(relationship.apiName, relationship.idField, values, path);
            const existing = record.fields[path[0]]?.value as RecordRepresentation | undefined;
            if (existing) Object.assign(existing.fields, related.fields);
            else
                record.fields[path[0]] = {
                    value: related,
                    displayValue: String(values[path.join('.')] ?? '')
                };
            return;
        }
        const name = path[0];
        if (!(name in values) && !(name in previewData().opportunityFields)) {
            if (optional) return;
            throw { status: 400, body: { message: `No such column '${name}' on entity 'Opportunity'.` } };
        }
        const value = values[name] ?? null;
        record.fields[name] = { value, displayValue: displayValueOf(name, value) };
    };
    asList(config.fields).forEach((field) => add(field, false));
    asList(config.optionalFields).forEach((field) => add(field, true));
    return record;
}

type DataCallback = (value: { data: RecordRepresentation | undefined; error: unknown }) => void;

export class getRecord {
    private config: GetRecordConfig = {};
    private unsubscribe: (() => void) | null = null;

    constructor(private readonly emit: DataCallback) {}

    update(config: GetRecordConfig): void {
        this.config = config;
        this.provision();
    }

    connect(): void {
        this.unsubscribe = onRecordChange((recordId) => {
            if (recordId === this.config.recordId) this.provision();
        });
    }

    disconnect(): void {
        this.unsubscribe?.();
        this.unsubscribe = null;
    }

    private provision(): void {
        const { recordId } = this.config;
        if (!recordId) return;
        // Lightning Data Service always answers asynchronously.
        void Promise.resolve().then(() => {
            try {
                this.emit({ data: buildRecord(recordId, this.config), error: undefined });
            } catch (error) {
                this.emit({ data: undefined, error });
            }
        });
    }
}

export function getFieldValue(record: RecordRepresentation, field: FieldReference): unknown {
    let current: RecordRepresentation | undefined = record;
    const path = fieldPath(field);
    for (let i = 0; i < path.length; i++) {
        const entry: FieldValueRepresentation | undefined = current?.fields[path[i]];
        if (!entry) return undefined;
        if (i === path.length - 1) return entry.value;
        current = entry.value as RecordRepresentation;
    }
    return undefined;
}

export function getFieldDisplayValue(
    record: RecordRepresentation,
    field: FieldReference
): string | null | undefined {
    const path = fieldPath(field);
    const entry = record.fields[path[0]];
    return entry ? entry.displayValue : undefined;
}

export function notifyRecordUpdateAvailable(items: Array<{ recordId: string }>): Promise<void> {
    return Promise.resolve().then(() => items.forEach((item) => announceRecordChange(item.recordId)));
}

/** `updateRecord({ fields: { Id, ...values } })`, resolving to the saved record like the platform. */
export function updateRecord(input: {
    fields: Record<string, RecordFieldValue>;
}): Promise<RecordRepresentation> {
    return Promise.resolve().then(() => {
        const { Id, ...changes } = input.fields;
        if (typeof Id !== 'string') {
            throw { status: 400, body: { message: 'updateRecord needs fields.Id.' } };
        }
        try {
            saveRecord(Id, changes);
        } catch (error) {
            throw { status: 400, body: { message: (error as Error).message } };
        }
        return buildRecord(Id, { fields: Object.keys(changes).map((name) => `Opportunity.${name}`) });
    });
}
