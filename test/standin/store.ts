/**
 * The stand-in org's records and the platform behaviour that goes with writing them: field checks
 * with the error codes a real org returns, derived Opportunity fields (IsClosed, IsWon, forecast
 * category and default probability from the stage), and the history rows Salesforce writes by itself
 * (`OpportunityHistory` for stage/amount/close date/probability, `OpportunityFieldHistory` for
 * tracked fields). Tests seed history directly with `seed`, which skips all of that.
 */
import { idSuffix } from '../../src/dataExport/salesforceId';
import {
    defaultStages,
    forecastCategoryApiValue,
    loadMetadataRecords,
    loadSchemas,
    loadStages,
    type FieldSchema,
    type ObjectSchema,
    type StageValue
} from './schema';

export type StoredValue = string | number | boolean | null;
export type StoredRecord = Record<string, StoredValue>;

export interface SaveError {
    statusCode: string;
    message: string;
    fields: string[];
}

export class SaveFailure extends Error {
    constructor(readonly errors: SaveError[]) {
        super(errors.map((e) => `${e.statusCode}: ${e.message}`).join('; '));
    }
}

export interface RowFailureRule {
    sobject: string;
    matches: (row: StoredRecord) => boolean;
    error: SaveError;
    /** How many more rows may fail this way; Infinity for every match. */
    remaining: number;
}

/** `2024-05-01T10:00:00.000Z`: how the stand-in keeps date-times (REST renders them with `+0000`). */
export function isoNow(now: Date): string {
    return now.toISOString();
}

const historyFields = ['StageName', 'Amount', 'CloseDate', 'Probability', 'ForecastCategoryName'];

export interface StoreOptions {
    metadataRoot: string | null;
    now: () => Date;
    userId: string;
    orgId: string;
}

export class Store {
    readonly schemas: Map<string, ObjectSchema>;
    readonly stages: StageValue[];
    private readonly tables = new Map<string, Map<string, StoredRecord>>();
    private readonly byId = new Map<string, { sobject: string; record: StoredRecord }>();
    private readonly counters = new Map<string, number>();
    /** sobject → key field → lower-cased value → ids: external ids and unique fields, looked up per written row. */
    private readonly keyIndexes = new Map<string, Map<string, Map<string, Set<string>>>>();
    readonly rowFailures: RowFailureRule[] = [];

    constructor(private readonly options: StoreOptions) {
        this.schemas = loadSchemas(options.metadataRoot);
        this.stages = loadStages(options.metadataRoot) ?? defaultStages;
        const opportunity = this.schema('Opportunity');
        opportunity.fields.get('stagename')!.picklistValues = this.stages.map((s) => s.name);
        opportunity.fields.get('forecastcategoryname')!.picklistValues =
            Object.keys(forecastCategoryApiValue);
        for (const stage of this.stages) {
            this.seed('OpportunityStage', [
                {
                    ApiName: stage.name,
                    MasterLabel: stage.label,
                    IsActive: stage.isActive,
                    SortOrder: stage.sortOrder,
                    IsClosed: stage.isClosed,
                    IsWon: stage.isWon,
                    DefaultProbability: stage.probability,
                    ForecastCategory:
                        forecastCategoryApiValue[stage.forecastCategory] ?? stage.forecastCategory,
                    ForecastCategoryName: stage.forecastCategory
                }
            ]);
        }
        this.seedMetadataRecords();
    }

    private seedMetadataRecords(): void {
        const sources = loadMetadataRecords(this.options.metadataRoot);
        const created: Array<{ record: StoredRecord; values: Record<string, StoredValue> }> = [];
        for (const source of sources) {
            if (!this.schemas.has(source.type.toLowerCase())) {
                throw new Error(
                    `customMetadata/${source.type}.${source.developerName}: no objects/${source.type} folder`
                );
            }
            const [id] = this.seed(source.type, [
                {
                    DeveloperName: source.developerName,
                    MasterLabel: source.label,
                    Label: source.label,
                    QualifiedApiName: source.developerName,
                    NamespacePrefix: null
                }
            ]);
            created.push({ record: this.byId.get(id)!.record, values: source.values });
        }
        // Relationship values name their target by DeveloperName; queries see the target's Id.
        for (const { record, values } of created) {
            const type = String(record.attributesType);
            const schema = this.schema(type);
            for (const [name, value] of Object.entries(values)) {
                const f = schema.fields.get(name.toLowerCase());
                if (!f)
                    throw new Error(
                        `customMetadata ${type}.${String(record.DeveloperName)}: no field ${name}`
                    );
                if (f.type === 'reference' && typeof value === 'string') {
                    const targetName = value.includes('.') ? value.slice(value.lastIndexOf('.') + 1) : value;
                    const targets = f.referenceTo.length
                        ? f.referenceTo
                        : [...this.schemas.values()]
                              .filter((s) => s.name.endsWith('__mdt'))
                              .map((s) => s.name);
                    const target = targets
                        .flatMap((t) => this.all(t))
                        .find((r) => r.DeveloperName === targetName);
                    if (!target) {
                        throw new Error(
                            `customMetadata ${type}.${String(record.DeveloperName)}: ${name} names unknown record ${value}`
                        );
                    }
                    record[f.name] = target.Id;
                } else {
                    record[f.name] = value;
                }
            }
        }
    }

    schema(sobject: string): ObjectSchema {
        const schema = this.schemas.get(sobject.toLowerCase());
        if (!schema) {
            throw new SaveFailure([
                {
                    statusCode: 'INVALID_TYPE',
                    message: `sObject type '${sobject}' is not supported.`,
                    fields: []
                }
            ]);
        }
        return schema;
    }

    hasObject(sobject: string): boolean {
        return this.schemas.has(sobject.toLowerCase());
    }

    private keyFields(schema: ObjectSchema): string[] {
        return [...schema.fields.values()].filter((f) => f.externalId || f.unique).map((f) => f.name);
    }

    private indexFor(sobject: string, field: string): Map<string, Set<string>> {
        let byField = this.keyIndexes.get(sobject);
        if (!byField) {
            byField = new Map();
            this.keyIndexes.set(sobject, byField);
        }
        let index = byField.get(field);
        if (!index) {
            index = new Map();
            byField.set(field, index);
        }
        return index;
    }

    private index(schema: ObjectSchema, record: StoredRecord, add: boolean): void {
        for (const field of this.keyFields(schema)) {
            const value = record[field];
            if (value === null || value === undefined || value === '') continue;
            const index = this.indexFor(schema.name, field);
            const key = this.keyOf(schema, field, value);
            const ids = index.get(key) ?? new Set<string>();
            if (add) ids.add(String(record.Id));
            else ids.delete(String(record.Id));
            if (ids.size) index.set(key, ids);
            else index.delete(key);
        }
    }

    /**
     * The index key of a unique/external id value: as the platform compares them, case-insensitive
     * unless the field is marked case-sensitive (`Benchmark_Key__c`, `Snapshot_Key__c`).
     */
    private keyOf(schema: ObjectSchema, field: string, value: StoredValue): string {
        const caseSensitive = schema.fields.get(field.toLowerCase())?.caseSensitive ?? false;
        return caseSensitive ? String(value) : String(value).toLowerCase();
    }

    /** Live records whose key field equals `value` (see `keyOf` for case). */
    private byKey(schema: ObjectSchema, field: string, value: StoredValue): StoredRecord[] {
        const ids = this.indexFor(schema.name, field).get(this.keyOf(schema, field, value));
        return ids ? [...ids].map((id) => this.byId.get(id)!.record) : [];
    }

    private table(sobject: string): Map<string, StoredRecord> {
        const name = this.schema(sobject).name;
        let table = this.tables.get(name);
        if (!table) {
            table = new Map();
            this.tables.set(name, table);
        }
        return table;
    }

    newId(sobject: string): string {
        const schema = this.schema(sobject);
        const n = (this.counters.get(schema.name) ?? 0) + 1;
        this.counters.set(schema.name, n);
        const body = `${schema.keyPrefix}5g000${n.toString(36).toUpperCase().padStart(7, '0')}`;
        return body + idSuffix(body);
    }

    /** Live rows of one object, in insertion order (the order an org without ORDER BY tends to return). */
    all(sobject: string): StoredRecord[] {
        return [...this.table(sobject).values()];
    }

    get(id: string): { sobject: string; record: StoredRecord } | null {
        return this.byId.get(id) ?? this.byId.get(id.slice(0, 15)) ?? null;
    }

    /** Inserts rows as-is (no validation, no history, audit fields defaulted): how tests set up an org's past. */
    seed(sobject: string, rows: Array<Record<string, StoredValue>>): string[] {
        const schema = this.schema(sobject);
        const ids: string[] = [];
        const now = isoNow(this.options.now());
        for (const row of rows) {
            const record: StoredRecord = {};
            for (const [key, value] of Object.entries(row)) {
                const f = schema.fields.get(key.toLowerCase());
                record[f ? f.name : key] = value;
            }
            const id = typeof record.Id === 'string' && record.Id ? record.Id : this.newId(sobject);
            record.Id = id;
            if (schema.fields.has('createddate') && record.CreatedDate === undefined)
                record.CreatedDate = now;
            if (schema.fields.has('lastmodifieddate') && record.LastModifiedDate === undefined) {
                record.LastModifiedDate = record.CreatedDate ?? now;
            }
            if (schema.fields.has('isdeleted')) record.IsDeleted = record.IsDeleted ?? false;
            if (schema.name === 'Opportunity') this.deriveOpportunity(record, null, record);
            if (schema.name === 'User' && record.Name === undefined) {
                record.Name = [record.FirstName, record.LastName].filter(Boolean).join(' ');
            }
            Object.defineProperty(record, 'attributesType', { value: schema.name, enumerable: false });
            this.table(sobject).set(id, record);
            this.byId.set(id, { sobject: schema.name, record });
            this.index(schema, record, true);
            ids.push(id);
        }
        return ids;
    }

    /** Checks and converts client-sent values against the schema; throws SaveFailure naming the field. */
    private coerce(schema: ObjectSchema, input: Record<string, unknown>, creating: boolean): StoredRecord {
        const out: StoredRecord = {};
        const errors: SaveError[] = [];
        for (const [key, raw] of Object.entries(input)) {
            if (key === 'attributes') continue;
            const f = schema.fields.get(key.toLowerCase());
            if (!f) {
                errors.push({
                    statusCode: 'INVALID_FIELD',
                    message: `No such column '${key}' on sobject of type ${schema.name}`,
                    fields: [key]
                });
                continue;
            }
            if (f.name === 'Id') continue;
            if (f.readOnly) {
                errors.push({
                    statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
                    message: `Unable to create/update fields: ${f.name}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
                    fields: [f.name]
                });
                continue;
            }
            const result = coerceValue(f, raw);
            if (result.error) errors.push(result.error);
            else out[f.name] = result.value;
        }
        if (creating) {
            for (const f of schema.fields.values()) {
                const alreadyReported = errors.some((e) => e.fields.includes(f.name));
                if (
                    f.required &&
                    !f.readOnly &&
                    !alreadyReported &&
                    (out[f.name] === undefined || out[f.name] === null)
                ) {
                    errors.push({
                        statusCode: 'REQUIRED_FIELD_MISSING',
                        message: `Required fields are missing: [${f.name}]`,
                        fields: [f.name]
                    });
                }
            }
        }
        if (errors.length) throw new SaveFailure(errors);
        return out;
    }

    private checkInjectedFailure(sobject: string, merged: StoredRecord): void {
        for (const rule of this.rowFailures) {
            if (rule.remaining <= 0 || rule.sobject.toLowerCase() !== sobject.toLowerCase()) continue;
            if (rule.matches(merged)) {
                rule.remaining -= 1;
                throw new SaveFailure([rule.error]);
            }
        }
    }

    private checkUnique(schema: ObjectSchema, values: StoredRecord, selfId: string | null): void {
        for (const f of schema.fields.values()) {
            if (!f.unique || values[f.name] === undefined || values[f.name] === null) continue;
            const clash = this.byKey(schema, f.name, values[f.name]).find((r) => r.Id !== selfId);
            if (clash) {
                throw new SaveFailure([
                    {
                        statusCode: 'DUPLICATE_VALUE',
                        message: `duplicate value found: ${f.name} duplicates value on record with id: ${String(clash.Id)}`,
                        fields: [f.name]
                    }
                ]);
            }
        }
    }

    create(sobject: string, input: Record<string, unknown>): string {
        const schema = this.schema(sobject);
        const values = this.coerce(schema, input, true);
        const merged: StoredRecord = { ...values };
        if (schema.name === 'Opportunity') this.deriveOpportunity(merged, null, values);
        this.checkInjectedFailure(schema.name, merged);
        this.checkUnique(schema, merged, null);
        const now = isoNow(this.options.now());
        const record: StoredRecord = { Id: this.newId(sobject), ...merged };
        if (schema.fields.has('createddate')) {
            Object.assign(record, {
                CreatedDate: now,
                CreatedById: this.options.userId,
                LastModifiedDate: now,
                LastModifiedById: this.options.userId,
                SystemModstamp: now,
                IsDeleted: false
            });
        }
        if (schema.fields.has('ownerid') && !record.OwnerId) record.OwnerId = this.options.userId;
        Object.defineProperty(record, 'attributesType', { value: schema.name, enumerable: false });
        this.table(sobject).set(String(record.Id), record);
        this.byId.set(String(record.Id), { sobject: schema.name, record });
        this.index(schema, record, true);
        if (schema.name === 'Opportunity') this.writeHistory(record, null, now);
        return String(record.Id);
    }

    update(sobject: string, id: string, input: Record<string, unknown>): void {
        const schema = this.schema(sobject);
        const found = this.get(id);
        if (!found || found.sobject !== schema.name) {
            throw new SaveFailure([
                { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }
            ]);
        }
        const values = this.coerce(schema, input, false);
        const before = { ...found.record };
        const merged: StoredRecord = { ...found.record, ...values };
        if (schema.name === 'Opportunity') this.deriveOpportunity(merged, before, values);
        this.checkInjectedFailure(schema.name, merged);
        this.checkUnique(schema, merged, String(found.record.Id));
        const changed = Object.keys(merged).some((k) => merged[k] !== before[k]);
        if (!changed) return;
        const now = isoNow(this.options.now());
        this.index(schema, found.record, false);
        Object.assign(found.record, merged, { LastModifiedDate: now, SystemModstamp: now });
        this.index(schema, found.record, true);
        if (schema.name === 'Opportunity') this.writeHistory(found.record, before, now);
    }

    /** Upsert by an external id field: the one write Stageplay's seed and publish use. */
    upsert(
        sobject: string,
        extIdField: string,
        input: Record<string, unknown>
    ): { id: string; created: boolean } {
        const schema = this.schema(sobject);
        const f = schema.fields.get(extIdField.toLowerCase());
        if (!f || !(f.externalId || f.name === 'Id')) {
            throw new SaveFailure([
                {
                    statusCode: 'INVALID_FIELD',
                    message: `Field ${extIdField} is not an external id field on ${schema.name}`,
                    fields: [extIdField]
                }
            ]);
        }
        const keyEntry = Object.entries(input).find(([k]) => k.toLowerCase() === f.name.toLowerCase());
        const key = keyEntry?.[1];
        if (key === undefined || key === null || key === '') {
            throw new SaveFailure([
                {
                    statusCode: 'MISSING_ARGUMENT',
                    message: `${f.name} not specified`,
                    fields: [f.name]
                }
            ]);
        }
        const matches =
            f.name === 'Id'
                ? [this.get(String(key))?.record].filter((r): r is StoredRecord => !!r)
                : this.byKey(schema, f.name, key as StoredValue);
        if (matches.length > 1) {
            throw new SaveFailure([
                {
                    statusCode: 'DUPLICATE_EXTERNAL_ID',
                    message: `${f.name}: more than one record found for external id field: ${matches.map((m) => String(m.Id)).join(', ')}`,
                    fields: [f.name]
                }
            ]);
        }
        if (matches.length === 1) {
            this.update(schema.name, String(matches[0].Id), input);
            return { id: String(matches[0].Id), created: false };
        }
        return { id: this.create(schema.name, input), created: true };
    }

    delete(id: string): void {
        const found = this.get(id);
        if (!found) {
            throw new SaveFailure([
                { statusCode: 'ENTITY_IS_DELETED', message: 'entity is deleted', fields: [] }
            ]);
        }
        this.index(this.schema(found.sobject), found.record, false);
        this.table(found.sobject).delete(String(found.record.Id));
        this.byId.delete(String(found.record.Id));
    }

    private stage(name: StoredValue): StageValue | undefined {
        return this.stages.find((s) => s.name === name);
    }

    /** What the platform computes from StageName when a client writes an Opportunity. */
    private deriveOpportunity(
        record: StoredRecord,
        before: StoredRecord | null,
        written: StoredRecord
    ): void {
        const stage = this.stage(record.StageName ?? null);
        if (!stage) {
            if (written.StageName !== undefined) {
                throw new SaveFailure([
                    {
                        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                        message: `Stage: bad value for restricted picklist field: ${String(written.StageName)}`,
                        fields: ['StageName']
                    }
                ]);
            }
            return;
        }
        const stageChanged = !before || before.StageName !== record.StageName;
        record.IsClosed = stage.isClosed;
        record.IsWon = stage.isWon;
        if (stageChanged && written.Probability === undefined) record.Probability = stage.probability;
        if (stageChanged && written.ForecastCategoryName === undefined) {
            record.ForecastCategoryName = stage.forecastCategory;
        }
        if (record.ForecastCategoryName === undefined || record.ForecastCategoryName === null) {
            record.ForecastCategoryName = stage.forecastCategory;
        }
        record.ForecastCategory =
            forecastCategoryApiValue[String(record.ForecastCategoryName)] ??
            String(record.ForecastCategoryName);
        const amount = typeof record.Amount === 'number' ? record.Amount : null;
        const probability = typeof record.Probability === 'number' ? record.Probability : null;
        record.ExpectedRevenue =
            amount !== null && probability !== null ? (amount * probability) / 100 : null;
    }

    private writeHistory(record: StoredRecord, before: StoredRecord | null, now: string): void {
        const id = String(record.Id);
        const stageRowNeeded = !before || historyFields.some((f) => before[f] !== record[f]);
        if (stageRowNeeded) {
            this.seed('OpportunityHistory', [
                {
                    OpportunityId: id,
                    StageName: record.StageName,
                    Amount: record.Amount ?? null,
                    ExpectedRevenue: record.ExpectedRevenue ?? null,
                    CloseDate: record.CloseDate ?? null,
                    Probability: record.Probability ?? null,
                    ForecastCategory: record.ForecastCategory ?? null,
                    PrevAmount: before ? (before.Amount ?? null) : null,
                    PrevCloseDate: before ? (before.CloseDate ?? null) : null,
                    CreatedDate: now,
                    CreatedById: this.options.userId,
                    SystemModstamp: now
                }
            ]);
        }
        const schema = this.schema('Opportunity');
        if (!before) {
            // A real org records creation as a field-history row named 'created' when tracking is on.
            if ([...schema.fields.values()].some((f) => f.trackHistory)) {
                this.fieldHistory(id, 'created', null, null, 'Text', now);
            }
            return;
        }
        for (const f of schema.fields.values()) {
            if (!f.trackHistory || before[f.name] === record[f.name]) continue;
            this.fieldHistory(id, f.name, before[f.name] ?? null, record[f.name] ?? null, dataTypeOf(f), now);
        }
    }

    private fieldHistory(
        opportunityId: string,
        field: string,
        oldValue: StoredValue,
        newValue: StoredValue,
        dataType: string,
        now: string
    ): void {
        this.seed('OpportunityFieldHistory', [
            {
                OpportunityId: opportunityId,
                Field: field,
                DataType: dataType,
                OldValue: oldValue === null ? null : String(oldValue),
                NewValue: newValue === null ? null : String(newValue),
                CreatedDate: now,
                CreatedById: this.options.userId
            }
        ]);
    }
}

function dataTypeOf(f: FieldSchema): string {
    switch (f.type) {
        case 'boolean':
            return 'Boolean';
        case 'currency':
            return 'Currency';
        case 'double':
        case 'int':
            return 'Double';
        case 'percent':
            return 'Percent';
        case 'date':
            return 'Date';
        case 'datetime':
            return 'DateTime';
        case 'picklist':
        case 'multipicklist':
            return 'DynamicEnum';
        default:
            return 'Text';
    }
}

/** Converts a JSON or CSV value to the stored form, or says why the org would refuse it. */
export function coerceValue(f: FieldSchema, raw: unknown): { value: StoredValue; error?: SaveError } {
    const bad = (message: string): { value: StoredValue; error: SaveError } => ({
        value: null,
        error: {
            statusCode: 'INVALID_TYPE_ON_FIELD_IN_RECORD',
            message: `${f.label}: ${message}`,
            fields: [f.name]
        }
    });
    if (raw === null || raw === undefined || raw === '' || raw === '#N/A') return { value: null };
    switch (f.type) {
        case 'boolean':
            if (typeof raw === 'boolean') return { value: raw };
            if (/^(true|false)$/i.test(String(raw))) return { value: String(raw).toLowerCase() === 'true' };
            return bad(`value not of required type: ${String(raw)}`);
        case 'currency':
        case 'double':
        case 'percent':
        case 'int': {
            const n = typeof raw === 'number' ? raw : Number(String(raw));
            if (!Number.isFinite(n)) return bad(`value not of required type: ${String(raw)}`);
            return { value: n };
        }
        case 'date': {
            const s = String(raw);
            if (!/^\d{4}-\d{2}-\d{2}$/.test(s) || Number.isNaN(Date.parse(s))) {
                return bad(`value not of required type: ${s}`);
            }
            return { value: s };
        }
        case 'datetime': {
            const ms = Date.parse(String(raw).replace(/\+0000$/, 'Z'));
            if (Number.isNaN(ms)) return bad(`value not of required type: ${String(raw)}`);
            return { value: new Date(ms).toISOString() };
        }
        case 'picklist': {
            const s = String(raw);
            if (f.picklistValues.length && !f.picklistValues.includes(s) && f.name !== 'StageName') {
                return {
                    value: null,
                    error: {
                        statusCode: 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                        message: `${f.label}: bad value for restricted picklist field: ${s}`,
                        fields: [f.name]
                    }
                };
            }
            return { value: s };
        }
        default: {
            const s = typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
            if (f.length && s.length > f.length) {
                return {
                    value: null,
                    error: {
                        statusCode: 'STRING_TOO_LONG',
                        message: `${f.label}: data value too large: ${s.slice(0, 40)}... (max length=${f.length})`,
                        fields: [f.name]
                    }
                };
            }
            return { value: s };
        }
    }
}
