/**
 * The stand-in org's schema: standard fields of the objects Stageplay touches, plus whatever the
 * repo's own metadata declares (custom fields, stages, custom metadata records), read from the same
 * XML that `sf project deploy start` would send. A field the org does not know is an error, as in a
 * real org, so the adapters cannot pass tests by writing columns that would fail in production.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** Describe field types (the subset the stand-in serves). */
export type DescribeType =
    | 'id'
    | 'string'
    | 'textarea'
    | 'picklist'
    | 'multipicklist'
    | 'boolean'
    | 'currency'
    | 'double'
    | 'percent'
    | 'int'
    | 'date'
    | 'datetime'
    | 'reference'
    | 'email';

export interface FieldSchema {
    name: string;
    label: string;
    type: DescribeType;
    custom: boolean;
    /** Required on create (nillable false and createable). */
    required: boolean;
    /** Set by the platform, never by a client. */
    readOnly: boolean;
    externalId: boolean;
    unique: boolean;
    /** A case-sensitive unique/external id (`caseSensitive` in the field file): "a" and "A" are two keys. */
    caseSensitive: boolean;
    trackHistory: boolean;
    picklistValues: string[];
    referenceTo: string[];
    /** `Owner` for `OwnerId`, `Play__r` for `Play__c`. */
    relationshipName: string | null;
    length: number;
    precision: number;
    scale: number;
}

export interface ObjectSchema {
    name: string;
    label: string;
    keyPrefix: string;
    custom: boolean;
    fields: Map<string, FieldSchema>;
}

export interface StageValue {
    name: string;
    label: string;
    probability: number;
    forecastCategory: string;
    isClosed: boolean;
    isWon: boolean;
    isActive: boolean;
    sortOrder: number;
}

/** A custom metadata record as its `.md-meta.xml` file states it (relationship values still by name). */
export interface MetadataRecordSource {
    type: string;
    developerName: string;
    label: string;
    values: Record<string, string | number | boolean | null>;
}

type FieldSpec = [name: string, type: DescribeType, options?: Partial<FieldSchema>];

function field(spec: FieldSpec): FieldSchema {
    const [name, type, options] = spec;
    return {
        name,
        label: name.replace(/__c$/, '').replace(/_/g, ' '),
        type,
        custom: name.endsWith('__c'),
        required: false,
        readOnly: false,
        externalId: false,
        unique: false,
        caseSensitive: false,
        trackHistory: false,
        picklistValues: [],
        referenceTo: [],
        relationshipName: null,
        length: type === 'string' ? 255 : type === 'textarea' ? 32768 : 0,
        precision: type === 'currency' || type === 'double' ? 18 : type === 'percent' ? 3 : 0,
        scale: type === 'currency' ? 2 : 0,
        ...options
    };
}

const ro = { readOnly: true };
/** A lookup to `to`, reached from a query as `relationshipName`. */
function lookup(
    name: string,
    to: string[],
    relationshipName: string,
    options: Partial<FieldSchema> = {}
): FieldSpec {
    return [name, 'reference', { referenceTo: to, relationshipName, ...options }];
}
const owner = lookup('OwnerId', ['User'], 'Owner');
const activityWhat = lookup('WhatId', ['Opportunity', 'Account'], 'What');
const historyParent = (object: string) => lookup(`${object}Id`, [object], object, ro);
/** What every record has from its creation: the history objects have no more than this of the audit fields. */
const creationFields: FieldSpec[] = [
    ['Id', 'id', ro],
    ['IsDeleted', 'boolean', ro],
    ['CreatedDate', 'datetime', ro],
    lookup('CreatedById', ['User'], 'CreatedBy', ro)
];
const auditFields: FieldSpec[] = [
    ...creationFields,
    ['LastModifiedDate', 'datetime', ro],
    lookup('LastModifiedById', ['User'], 'LastModifiedBy', ro),
    ['SystemModstamp', 'datetime', ro]
];

/** API values of `Opportunity.ForecastCategory` / `OpportunityHistory.ForecastCategory`, by `ForecastCategoryName`. */
export const forecastCategoryApiValue: Record<string, string> = {
    Pipeline: 'Pipeline',
    'Best Case': 'BestCase',
    Commit: 'Forecast',
    Closed: 'Closed',
    Omitted: 'Omitted'
};

const forecastCategoryLabel: Record<string, string> = Object.fromEntries(
    Object.entries(forecastCategoryApiValue).map(([label, api]) => [api, label])
);

const standardFields: Record<string, { label: string; keyPrefix: string; fields: FieldSpec[] }> = {
    Organization: {
        label: 'Organization',
        keyPrefix: '00D',
        fields: [
            ['Id', 'id', ro],
            ['Name', 'string'],
            ['IsSandbox', 'boolean', ro],
            ['TrialExpirationDate', 'datetime', ro],
            ['OrganizationType', 'string', ro],
            ['InstanceName', 'string', ro],
            ['NamespacePrefix', 'string', ro]
        ]
    },
    User: {
        label: 'User',
        keyPrefix: '005',
        fields: [
            ...auditFields,
            ['Username', 'string', { required: true }],
            ['Name', 'string', ro],
            ['FirstName', 'string'],
            ['LastName', 'string', { required: true }],
            ['Email', 'email'],
            ['IsActive', 'boolean'],
            ['ProfileId', 'reference', { referenceTo: ['Profile'], relationshipName: 'Profile' }],
            ['UserType', 'string', ro],
            ['LanguageLocaleKey', 'string'],
            ['TimeZoneSidKey', 'string'],
            ['LastLoginDate', 'datetime', ro]
        ]
    },
    // What adoption reads (src/org/readPerformance.ts); ForecastingQuota is left out on purpose: an
    // org without Collaborative Forecasts, where quotas come from Stageplay_Quota__c.
    LoginHistory: {
        label: 'Login History',
        keyPrefix: '0Ya',
        fields: [
            ['Id', 'id', ro],
            ['UserId', 'reference', { readOnly: true, referenceTo: ['User'] }],
            ['LoginTime', 'datetime', ro],
            ['Status', 'string', ro]
        ]
    },
    Task: {
        label: 'Task',
        keyPrefix: '00T',
        fields: [
            ...auditFields,
            owner,
            activityWhat,
            ['Subject', 'string'],
            ['Status', 'picklist'],
            ['IsClosed', 'boolean', ro],
            ['ActivityDate', 'date']
        ]
    },
    Event: {
        label: 'Event',
        keyPrefix: '00U',
        fields: [
            ...auditFields,
            owner,
            activityWhat,
            ['Subject', 'string'],
            ['ActivityDate', 'date'],
            ['EndDateTime', 'datetime']
        ]
    },
    Account: {
        label: 'Account',
        keyPrefix: '001',
        fields: [
            ...auditFields,
            ['Name', 'string', { required: true }],
            ['Industry', 'picklist'],
            ['NumberOfEmployees', 'int'],
            owner
        ]
    },
    Opportunity: {
        label: 'Opportunity',
        keyPrefix: '006',
        fields: [
            ...auditFields,
            ['AccountId', 'reference', { referenceTo: ['Account'], relationshipName: 'Account' }],
            ['Name', 'string', { required: true, length: 120 }],
            ['Description', 'textarea'],
            ['StageName', 'picklist', { required: true, label: 'Stage' }],
            ['Amount', 'currency'],
            ['Probability', 'percent', { label: 'Probability (%)' }],
            ['ExpectedRevenue', 'currency', ro],
            ['CloseDate', 'date', { required: true, label: 'Close Date' }],
            ['Type', 'picklist'],
            ['NextStep', 'string'],
            ['LeadSource', 'picklist'],
            ['IsClosed', 'boolean', ro],
            ['IsWon', 'boolean', ro],
            ['ForecastCategory', 'picklist', ro],
            ['ForecastCategoryName', 'picklist'],
            owner,
            ['LastStageChangeDate', 'datetime', ro]
        ]
    },
    OpportunityHistory: {
        label: 'Opportunity History',
        keyPrefix: '008',
        fields: [
            ...creationFields,
            ['SystemModstamp', 'datetime', ro],
            historyParent('Opportunity'),
            ['StageName', 'picklist', ro],
            ['Amount', 'currency', ro],
            ['ExpectedRevenue', 'currency', ro],
            ['CloseDate', 'date', ro],
            ['Probability', 'percent', ro],
            ['ForecastCategory', 'picklist', ro],
            ['PrevAmount', 'currency', ro],
            ['PrevCloseDate', 'date', ro]
        ]
    },
    OpportunityFieldHistory: {
        label: 'Opportunity Field History',
        keyPrefix: '017',
        fields: [
            ...creationFields,
            historyParent('Opportunity'),
            ['Field', 'picklist', ro],
            ['DataType', 'picklist', ro],
            // Really `anyType`; the stand-in keeps values as the strings a CSV export shows.
            ['OldValue', 'string', ro],
            ['NewValue', 'string', ro]
        ]
    },
    OpportunityStage: {
        label: 'Opportunity Stage',
        keyPrefix: '01J',
        fields: [
            ...auditFields,
            ['ApiName', 'string', ro],
            ['MasterLabel', 'string'],
            ['IsActive', 'boolean'],
            ['SortOrder', 'int'],
            ['IsClosed', 'boolean'],
            ['IsWon', 'boolean'],
            ['ForecastCategory', 'picklist'],
            ['ForecastCategoryName', 'picklist'],
            ['DefaultProbability', 'percent'],
            ['Description', 'string']
        ]
    }
};

/** The sales process a new Developer Edition org ships with, used when the repo declares none. */
export const defaultStages: StageValue[] = [
    ['Prospecting', 10, 'Pipeline', false, false],
    ['Qualification', 10, 'Pipeline', false, false],
    ['Needs Analysis', 20, 'Pipeline', false, false],
    ['Value Proposition', 50, 'Pipeline', false, false],
    ['Id. Decision Makers', 60, 'Pipeline', false, false],
    ['Perception Analysis', 70, 'Pipeline', false, false],
    ['Proposal/Price Quote', 75, 'Pipeline', false, false],
    ['Negotiation/Review', 90, 'Pipeline', false, false],
    ['Closed Won', 100, 'Closed', true, true],
    ['Closed Lost', 0, 'Omitted', true, false]
].map(([name, probability, forecastCategory, isClosed, isWon], index) => ({
    name: name as string,
    label: name as string,
    probability: probability as number,
    forecastCategory: forecastCategory as string,
    isClosed: isClosed as boolean,
    isWon: isWon as boolean,
    isActive: true,
    sortOrder: index + 1
}));

const xml = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    isArray: (name) => ['values', 'value', 'standardValue', 'referenceTo'].includes(name)
});

function readXml(file: string): Record<string, unknown> {
    return xml.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

function text(value: unknown): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'object' && '#text' in (value as Record<string, unknown>)) {
        return String((value as Record<string, unknown>)['#text']);
    }
    return String(value);
}

const metadataFieldTypes: Record<string, DescribeType> = {
    Number: 'double',
    Currency: 'currency',
    Percent: 'percent',
    Checkbox: 'boolean',
    Picklist: 'picklist',
    MultiselectPicklist: 'multipicklist',
    Text: 'string',
    TextArea: 'textarea',
    LongTextArea: 'textarea',
    Html: 'textarea',
    Date: 'date',
    DateTime: 'datetime',
    Email: 'email',
    Phone: 'string',
    Url: 'string',
    Lookup: 'reference',
    MasterDetail: 'reference',
    MetadataRelationship: 'reference'
};

/** Reads one `*.field-meta.xml` into the describe shape; throws naming the file when the type is unknown. */
export function fieldFromMetadata(file: string): FieldSchema {
    const doc = readXml(file).CustomField as Record<string, unknown> | undefined;
    if (!doc) throw new Error(`${file}: not a CustomField`);
    const name = text(doc.fullName) || path.basename(file).replace('.field-meta.xml', '');
    const metadataType = text(doc.type);
    const type = metadataFieldTypes[metadataType];
    if (!type) throw new Error(`${file}: field type '${metadataType}' is not supported by the stand-in org`);
    const valueSet = doc.valueSet as Record<string, unknown> | undefined;
    const definition = valueSet?.valueSetDefinition as Record<string, unknown> | undefined;
    const values = (definition?.value as Array<Record<string, unknown>> | undefined) ?? [];
    const referenceTo = ((doc.referenceTo as unknown[] | undefined) ?? []).map(text);
    return field([
        name,
        type,
        {
            label: text(doc.label) || name,
            required: text(doc.required) === 'true',
            externalId: text(doc.externalId) === 'true',
            unique: text(doc.unique) === 'true',
            caseSensitive: text(doc.caseSensitive) === 'true',
            trackHistory: text(doc.trackHistory) === 'true',
            picklistValues: values.map((v) => text(v.fullName)),
            referenceTo,
            relationshipName: type === 'reference' ? name.replace(/__c$/, '__r') : null,
            length: Number(text(doc.length)) || (type === 'string' ? 255 : type === 'textarea' ? 32768 : 0),
            precision: Number(text(doc.precision)) || (type === 'currency' || type === 'double' ? 18 : 0),
            scale: Number(text(doc.scale)) || 0
        }
    ]);
}

function listFiles(dir: string, suffix: string): string[] {
    if (!fs.existsSync(dir)) return [];
    return fs
        .readdirSync(dir)
        .filter((f) => f.endsWith(suffix))
        .sort()
        .map((f) => path.join(dir, f));
}

let customPrefixCounter = 0;
function nextCustomPrefix(name: string): string {
    customPrefixCounter += 1;
    const base = name.endsWith('__mdt') ? 'm0' : 'a0';
    return base + 'ABCDEFGHJKLMNPQRSTUVWXYZ'[customPrefixCounter % 24];
}

/**
 * Builds every object's schema: the standard objects above, then each `objects/<Name>/` folder of the
 * metadata root (custom objects, custom metadata types, and custom fields on standard objects).
 */
export function loadSchemas(metadataRoot: string | null): Map<string, ObjectSchema> {
    const schemas = new Map<string, ObjectSchema>();
    for (const [name, def] of Object.entries(standardFields)) {
        const fields = new Map<string, FieldSchema>();
        for (const spec of def.fields) fields.set(spec[0].toLowerCase(), field(spec));
        schemas.set(name.toLowerCase(), {
            name,
            label: def.label,
            keyPrefix: def.keyPrefix,
            custom: false,
            fields
        });
    }
    if (!metadataRoot) return schemas;
    const objectsDir = path.join(metadataRoot, 'objects');
    if (!fs.existsSync(objectsDir)) return schemas;
    for (const objectName of fs.readdirSync(objectsDir).sort()) {
        let schema = schemas.get(objectName.toLowerCase());
        if (!schema) {
            const fields = new Map<string, FieldSchema>();
            const isMdt = objectName.endsWith('__mdt');
            const base: FieldSpec[] = isMdt
                ? [
                      ['Id', 'id', ro],
                      ['DeveloperName', 'string', ro],
                      ['MasterLabel', 'string', ro],
                      ['Label', 'string', ro],
                      ['QualifiedApiName', 'string', ro],
                      ['NamespacePrefix', 'string', ro]
                  ]
                : [...auditFields, ['Name', 'string'], owner];
            for (const spec of base) fields.set(spec[0].toLowerCase(), field(spec));
            schema = {
                name: objectName,
                label: objectName.replace(/__(c|mdt)$/, '').replace(/_/g, ' '),
                keyPrefix: nextCustomPrefix(objectName),
                custom: true,
                fields
            };
            schemas.set(objectName.toLowerCase(), schema);
        }
        for (const file of listFiles(path.join(objectsDir, objectName, 'fields'), '.field-meta.xml')) {
            const f = fieldFromMetadata(file);
            // A standard field's file (e.g. StageName with trackHistory) only adds what it states.
            const existing = schema.fields.get(f.name.toLowerCase());
            if (existing && !existing.custom) {
                existing.trackHistory = f.trackHistory;
                continue;
            }
            schema.fields.set(f.name.toLowerCase(), f);
        }
    }
    return schemas;
}

/** Stages from `standardValueSets/OpportunityStage.standardValueSet-meta.xml`, or null when the repo has none. */
export function loadStages(metadataRoot: string | null): StageValue[] | null {
    if (!metadataRoot) return null;
    const file = path.join(metadataRoot, 'standardValueSets', 'OpportunityStage.standardValueSet-meta.xml');
    if (!fs.existsSync(file)) return null;
    const doc = readXml(file).StandardValueSet as Record<string, unknown> | undefined;
    const values = (doc?.standardValue as Array<Record<string, unknown>> | undefined) ?? [];
    return values.map((v, index) => ({
        name: text(v.fullName),
        label: text(v.label) || text(v.fullName),
        probability: Number(text(v.probability)) || 0,
        // The file holds API values (BestCase, Forecast); OpportunityStage.ForecastCategoryName shows labels.
        forecastCategory:
            forecastCategoryLabel[text(v.forecastCategory)] ?? (text(v.forecastCategory) || 'Pipeline'),
        isClosed: text(v.closed) === 'true',
        isWon: text(v.won) === 'true',
        isActive: text(v.isActive) !== 'false',
        sortOrder: index + 1
    }));
}

/** Every `customMetadata/<Type>.<Record>.md-meta.xml` under the metadata root. */
export function loadMetadataRecords(metadataRoot: string | null): MetadataRecordSource[] {
    if (!metadataRoot) return [];
    const records: MetadataRecordSource[] = [];
    for (const file of listFiles(path.join(metadataRoot, 'customMetadata'), '.md-meta.xml')) {
        const base = path.basename(file, '.md-meta.xml');
        const dot = base.indexOf('.');
        if (dot < 0) throw new Error(`${file}: expected <Type>.<Record>.md-meta.xml`);
        const doc = readXml(file).CustomMetadata as Record<string, unknown> | undefined;
        if (!doc) throw new Error(`${file}: not a CustomMetadata record`);
        const values: MetadataRecordSource['values'] = {};
        for (const entry of (doc.values as Array<Record<string, unknown>> | undefined) ?? []) {
            const rawValue = (entry.value as unknown[] | undefined)?.[0];
            const nil =
                typeof rawValue === 'object' &&
                rawValue !== null &&
                (rawValue as Record<string, string>)['@_xsi:nil'] === 'true';
            const xsiType =
                typeof rawValue === 'object' && rawValue !== null
                    ? ((rawValue as Record<string, string>)['@_xsi:type'] ?? '')
                    : '';
            const raw = text(rawValue);
            let value: string | number | boolean | null = raw;
            if (nil || rawValue === undefined) value = null;
            else if (/double|int|decimal/.test(xsiType)) value = Number(raw);
            else if (/boolean/.test(xsiType)) value = raw === 'true';
            values[text(entry.field)] = value;
        }
        records.push({
            type: `${base.slice(0, dot)}__mdt`,
            developerName: base.slice(dot + 1),
            label: text(doc.label),
            values
        });
    }
    return records;
}
