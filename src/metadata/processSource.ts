/**
 * Reads a sales process out of an SFDX source folder: the Opportunity stages
 * (`standardValueSets/OpportunityStage`), the plays and parameters (custom metadata records) and the
 * Opportunity fields the parameters point at. Files are found anywhere under the folder, so another
 * company's project layout works as well as ours.
 *
 * Reading never judges: values stay as written (null when absent) and only what makes a file
 * unreadable is reported here. `validateProcess.ts` decides what is wrong; `loadProcess.ts` turns a
 * clean source into the core's `ProcessDefinition`.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import type { FieldInfo, FieldType, StageDefinition } from '../core';
import {
    FORECAST_CATEGORIES,
    FORECAST_CATEGORY_SPELLINGS,
    defaultForecastCategory,
    fieldTypeOf,
    forecastCategoryOf
} from '../core';

/** One problem with the process source, named precisely enough to fix it. */
export interface ValidationIssue {
    /** The file at fault (relative to the working directory when inside it), or the source folder. */
    file: string;
    /** The record at fault as Salesforce names it, e.g. `Play_Parameter.Organization_Size`; null for a whole file. */
    record: string | null;
    /** The field at fault, e.g. `Rule__c`; null when the problem is not one field's. */
    field: string | null;
    message: string;
}

/** A `Stage_Play__mdt` record as written. */
export interface PlayRecord {
    name: string;
    label: string;
    stage: string | null;
    order: number | null;
    goal: string | null;
    guidance: string | null;
    file: string;
}

/** A `Play_Parameter__mdt` record as written. */
export interface ParameterRecord {
    name: string;
    label: string;
    play: string | null;
    field: string | null;
    question: string | null;
    rule: string | null;
    weight: number | null;
    requiredToAdvance: boolean;
    order: number | null;
    file: string;
}

/** A `Process_Goal__mdt` record as written. */
export interface GoalRecord {
    name: string;
    label: string;
    order: number | null;
    customerValue: string | null;
    measure: string | null;
    /** Target_Conversion__c as written: a percentage, 0..100, or null when blank. */
    targetPercent: number | null;
    file: string;
}

/** Opportunity field metadata, with the file it came from (null for the built-in standard fields). */
export interface SourceField {
    /** Null when the field cannot capture a parameter (see `unusable`). */
    info: FieldInfo | null;
    file: string | null;
    standard: boolean;
    /**
     * Why a parameter cannot use this field (a type Stageplay cannot read, picklist values out of reach),
     * or null. Reported only when a parameter points at the field: the org's other fields are not ours to judge.
     */
    unusable: string | null;
}

export interface ProcessSource {
    sourceDir: string;
    /** Every file found under sourceDir (sorted), for checks on what was not read, such as misnamed records. */
    files?: string[];
    /** In the order the value set lists them (`sortOrder` 1..n). */
    stages: StageDefinition[];
    /** The OpportunityStage value set file, or null when the folder has none. */
    stagesFile: string | null;
    plays: PlayRecord[];
    parameters: ParameterRecord[];
    /** Process goals; empty for a process that defines none (everything else works without them). */
    goals: GoalRecord[];
    /** Opportunity fields keyed by API name: the standard ones Stageplay knows, plus every custom field found. */
    fields: Map<string, SourceField>;
    /** Files that could not be read or understood. */
    problems: ValidationIssue[];
}

export const STAGE_PLAY_TYPE = 'Stage_Play';
export const PLAY_PARAMETER_TYPE = 'Play_Parameter';
export const PROCESS_GOAL_TYPE = 'Process_Goal';
const RECORD_TYPES = new Set([STAGE_PLAY_TYPE, PLAY_PARAMETER_TYPE, PROCESS_GOAL_TYPE]);

/** Record name as in package.xml and in `sf` errors: `Play_Parameter.Organization_Size`. */
export function recordName(type: string, developerName: string): string {
    return `${type}.${developerName}`;
}

/** Paths in messages: short when under the working directory, absolute otherwise. */
export function displayPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

// ---------------------------------------------------------------------------------------------
// Standard Opportunity fields a parameter may use without shipping a field file
// ---------------------------------------------------------------------------------------------

/** Values a new org ships with; a project that retrieves its own value set overrides them. */
const DEFAULT_LEAD_SOURCES = ['Web', 'Phone Inquiry', 'Partner Referral', 'Purchased List', 'Other'];
const DEFAULT_OPPORTUNITY_TYPES = [
    'Existing Customer - Upgrade',
    'Existing Customer - Replacement',
    'Existing Customer - Downgrade',
    'New Customer'
];
const STANDARD_FIELDS: Array<[string, string, FieldType]> = [
    ['Amount', 'Amount', 'currency'],
    ['CloseDate', 'Close Date', 'date'],
    ['Description', 'Description', 'textarea'],
    ['ExpectedRevenue', 'Expected Revenue', 'currency'],
    ['ForecastCategoryName', 'Forecast Category', 'picklist'],
    ['IsPrivate', 'Private', 'boolean'],
    ['LeadSource', 'Lead Source', 'picklist'],
    ['Name', 'Opportunity Name', 'text'],
    ['NextStep', 'Next Step', 'text'],
    ['Probability', 'Probability (%)', 'percent'],
    ['StageName', 'Stage', 'picklist'],
    ['TotalOpportunityQuantity', 'Quantity', 'number'],
    ['Type', 'Opportunity Type', 'picklist']
];

// ---------------------------------------------------------------------------------------------
// Reading
// ---------------------------------------------------------------------------------------------

const ARRAY_TAGS = new Set(['values', 'standardValue', 'customValue', 'value']);

const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    // Keep every value a string: "1.0" must stay a number the loader parses, "true" a checkbox.
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    isArray: (tagName) => ARRAY_TAGS.has(tagName)
});

type XmlNode = Record<string, unknown>;

interface FoundFiles {
    records: Array<{ file: string; type: string; developerName: string }>;
    opportunityFields: string[];
    stageValueSets: string[];
    standardValueSets: Map<string, string>;
    globalValueSets: Map<string, string>;
}

/** Directories that never hold deployable source. */
const SKIPPED_DIRS = new Set(['node_modules', '.git', '.sf', '.sfdx', '__tests__']);

async function walk(dir: string, out: string[]): Promise<void> {
    const entries = await fs.readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) {
            if (!SKIPPED_DIRS.has(entry.name)) await walk(full, out);
        } else if (entry.isFile()) {
            out.push(full);
        }
    }
}

// `Type.Record.md-meta.xml` in source format, `Type.Record.md` in a retrieved (Metadata API) folder.
const RECORD_FILE = /^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\.md(-meta\.xml)?$/;

function classify(files: string[]): FoundFiles {
    const found: FoundFiles = {
        records: [],
        opportunityFields: [],
        stageValueSets: [],
        standardValueSets: new Map(),
        globalValueSets: new Map()
    };
    for (const file of files) {
        const base = path.basename(file);
        const record = RECORD_FILE.exec(base);
        if (record && RECORD_TYPES.has(record[1])) {
            found.records.push({ file, type: record[1], developerName: record[2] });
            continue;
        }
        const folder = path.dirname(file);
        if (
            base.endsWith('.field-meta.xml') &&
            path.basename(folder) === 'fields' &&
            path.basename(path.dirname(folder)) === 'Opportunity'
        ) {
            found.opportunityFields.push(file);
            continue;
        }
        const standard = /^(\w+)\.standardValueSet-meta\.xml$/.exec(base);
        if (standard) {
            if (standard[1] === 'OpportunityStage') found.stageValueSets.push(file);
            else if (!found.standardValueSets.has(standard[1]))
                found.standardValueSets.set(standard[1], file);
            continue;
        }
        const global = /^(\w+)\.globalValueSet-meta\.xml$/.exec(base);
        if (global && !found.globalValueSets.has(global[1])) found.globalValueSets.set(global[1], file);
    }
    return found;
}

/**
 * The likely fix for the commonest hand-edit: a rule such as `>= 100` or `<= 4` typed into a
 * `<value>`, where XML needs `&lt;` (and reads a bare `&` as the start of an entity).
 */
export function xmlHint(text: string, line: number): string {
    const at = text.split(/\r\n|\r|\n/)[line - 1] ?? '';
    const inValue = />[^<]*<(?=[=\s\d])/.test(at) || /<=|< \d/.test(at);
    if (inValue) return '; a rule with "<" must be written with "&lt;" in XML, e.g. &lt;= 4 for <= 4';
    if (/&(?![a-zA-Z]+;|#\d+;|#x[0-9a-fA-F]+;)/.test(at)) return '; a "&" must be written as "&amp;" in XML';
    return '';
}

async function readXml(
    file: string,
    rootTag: string,
    problems: ValidationIssue[],
    record: string | null
): Promise<XmlNode | null> {
    const text = await fs.readFile(file, 'utf8');
    const valid = XMLValidator.validate(text);
    if (valid !== true) {
        problems.push({
            file: displayPath(file),
            record,
            field: null,
            message: `is not well-formed XML (line ${valid.err.line}: ${valid.err.msg})${xmlHint(text, valid.err.line)}`
        });
        return null;
    }
    const root = (parser.parse(text) as XmlNode)[rootTag];
    if (root === undefined || root === null || typeof root !== 'object') {
        problems.push({
            file: displayPath(file),
            record,
            field: null,
            message: `has no <${rootTag}> root element`
        });
        return null;
    }
    return root as XmlNode;
}

/** Text of an element whether the parser gave a string or an object with attributes. */
function textOf(node: unknown): string | null {
    if (node === undefined || node === null) return null;
    if (typeof node === 'string') return node;
    if (typeof node === 'object') {
        const value = node as XmlNode;
        if (value['@_xsi:nil'] === 'true') return null;
        const text = value['#text'];
        return typeof text === 'string' ? text : '';
    }
    return String(node);
}

function asArray(node: unknown): XmlNode[] {
    if (node === undefined || node === null) return [];
    return (Array.isArray(node) ? node : [node]) as XmlNode[];
}

function booleanOf(node: unknown, fallback: boolean): boolean {
    const text = textOf(node);
    if (text === null || text === '') return fallback;
    return text.trim().toLowerCase() === 'true';
}

interface NumberReading {
    value: number | null;
    problem: string | null;
}

function numberOf(text: string | null): NumberReading {
    if (text === null || text.trim() === '') return { value: null, problem: null };
    const value = Number(text.trim());
    return Number.isFinite(value)
        ? { value, problem: null }
        : { value: null, problem: `"${text}" is not a number` };
}

async function readStages(
    found: FoundFiles,
    problems: ValidationIssue[]
): Promise<{ stages: StageDefinition[]; file: string | null }> {
    const [file, ...others] = found.stageValueSets.sort();
    for (const other of others) {
        problems.push({
            file: displayPath(other),
            record: 'StandardValueSet.OpportunityStage',
            field: null,
            message: `is a second OpportunityStage value set; ${displayPath(file)} is the one read`
        });
    }
    if (!file) return { stages: [], file: null };
    const record = 'StandardValueSet.OpportunityStage';
    const root = await readXml(file, 'StandardValueSet', problems, record);
    if (!root) return { stages: [], file };
    const stages: StageDefinition[] = [];
    asArray(root.standardValue).forEach((value, index) => {
        const name = textOf(value.fullName);
        if (!name) {
            problems.push({
                file: displayPath(file),
                record,
                field: null,
                message: `stage ${index + 1} has no <fullName>`
            });
            return;
        }
        const categoryText = textOf(value.forecastCategory);
        const category = categoryText ? forecastCategoryOf(categoryText) : null;
        if (categoryText && !category) {
            problems.push({
                file: displayPath(file),
                record,
                field: null,
                message: `stage "${name}" has forecast category "${categoryText}"; expected one of ${FORECAST_CATEGORY_SPELLINGS.join(', ')}`
            });
        }
        const probability = numberOf(textOf(value.probability));
        if (
            probability.problem ||
            (probability.value !== null && (probability.value < 0 || probability.value > 100))
        ) {
            problems.push({
                file: displayPath(file),
                record,
                field: null,
                message: `stage "${name}" has probability "${textOf(value.probability)}"; expected 0 to 100`
            });
        }
        const isClosed = booleanOf(value.closed, false);
        const isWon = booleanOf(value.won, false);
        stages.push({
            name,
            label: textOf(value.label) || name,
            probability: (probability.value ?? 0) / 100,
            // A value set without categories still deploys: Salesforce derives one from open/closed/won.
            forecastCategory: category ?? defaultForecastCategory(isClosed, isWon),
            isClosed,
            isWon,
            isActive: booleanOf(value.isActive, true),
            sortOrder: index + 1
        });
    });
    return { stages, file };
}

function activeValueNames(values: unknown): string[] {
    return asArray(values)
        .filter((value) => booleanOf(value.isActive, true))
        .map((value) => textOf(value.fullName) ?? '')
        .filter((name) => name !== '');
}

interface PicklistReading {
    values: string[];
    unusable: string | null;
}

async function readPicklistValues(
    valueSet: XmlNode | undefined,
    found: FoundFiles,
    problems: ValidationIssue[]
): Promise<PicklistReading> {
    if (!valueSet) return { values: [], unusable: 'is a picklist without a <valueSet>' };
    const definition = valueSet.valueSetDefinition as XmlNode | undefined;
    if (definition) return { values: activeValueNames(definition.value), unusable: null };
    const globalName = textOf(valueSet.valueSetName);
    if (!globalName) return { values: [], unusable: 'is a picklist whose <valueSet> names no values' };
    const globalFile = found.globalValueSets.get(globalName);
    if (!globalFile) {
        // Without its values no rule or answer bucket can be checked; retrieving the value set fixes that.
        return {
            values: [],
            unusable:
                `takes its values from the global value set "${globalName}", which is not in the source folder ` +
                `(retrieve it with \`sf project retrieve start --metadata GlobalValueSet:${globalName}\`)`
        };
    }
    const root = await readXml(globalFile, 'GlobalValueSet', problems, `GlobalValueSet.${globalName}`);
    if (!root)
        return {
            values: [],
            unusable: `takes its values from the unreadable global value set "${globalName}"`
        };
    return { values: activeValueNames(root.customValue), unusable: null };
}

async function readStandardValueSet(
    found: FoundFiles,
    name: string,
    problems: ValidationIssue[]
): Promise<string[] | null> {
    const file = found.standardValueSets.get(name);
    if (!file) return null;
    const root = await readXml(file, 'StandardValueSet', problems, `StandardValueSet.${name}`);
    if (!root) return null;
    return activeValueNames(root.standardValue);
}

async function readFields(
    found: FoundFiles,
    stages: StageDefinition[],
    problems: ValidationIssue[]
): Promise<Map<string, SourceField>> {
    const fields = new Map<string, SourceField>();
    const standardPicklists: Record<string, string[]> = {
        ForecastCategoryName: [...FORECAST_CATEGORIES],
        LeadSource: (await readStandardValueSet(found, 'LeadSource', problems)) ?? DEFAULT_LEAD_SOURCES,
        StageName: stages.map((stage) => stage.name),
        Type: (await readStandardValueSet(found, 'OpportunityType', problems)) ?? DEFAULT_OPPORTUNITY_TYPES
    };
    for (const [apiName, label, type] of STANDARD_FIELDS) {
        const info: FieldInfo = { apiName, label, type };
        if (standardPicklists[apiName]) info.picklistValues = standardPicklists[apiName];
        fields.set(apiName, { info, file: null, standard: true, unusable: null });
    }

    for (const file of found.opportunityFields.sort()) {
        const fromName = path.basename(file).replace(/\.field-meta\.xml$/, '');
        const record = `Opportunity.${fromName}`;
        const root = await readXml(file, 'CustomField', problems, record);
        if (!root) continue;
        const apiName = textOf(root.fullName) || fromName;
        const typeText = textOf(root.type);
        // Source folders may carry standard fields (help text, history tracking) without a type: the built-in entry stands.
        if (!apiName.endsWith('__c') && !typeText) continue;
        const type = fieldTypeOf(typeText);
        if (!type) {
            const unusable = typeText
                ? `is a ${typeText} field, which cannot capture a parameter`
                : 'has no <type>';
            fields.set(apiName, { info: null, file, standard: false, unusable });
            continue;
        }
        const info: FieldInfo = { apiName, label: textOf(root.label) || apiName, type };
        let unusable: string | null = null;
        if (type === 'picklist' || type === 'multipicklist') {
            const picklist = await readPicklistValues(root.valueSet as XmlNode | undefined, found, problems);
            info.picklistValues = picklist.values;
            unusable = picklist.unusable;
        }
        fields.set(apiName, { info, file, standard: false, unusable });
    }
    return fields;
}

function recordValues(root: XmlNode): Map<string, string | null> {
    const values = new Map<string, string | null>();
    for (const entry of asArray(root.values)) {
        const field = textOf(entry.field);
        if (!field) continue;
        const [value] = asArray(entry.value);
        values.set(field, textOf(value));
    }
    return values;
}

async function readRecords(found: FoundFiles, problems: ValidationIssue[]) {
    const plays: PlayRecord[] = [];
    const parameters: ParameterRecord[] = [];
    const goals: GoalRecord[] = [];
    const sorted = [...found.records].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
    for (const { file, type, developerName } of sorted) {
        const record = recordName(type, developerName);
        const root = await readXml(file, 'CustomMetadata', problems, record);
        if (!root) continue;
        const values = recordValues(root);
        const label = textOf(root.label) || developerName;
        const number = (field: string): number | null => {
            const reading = numberOf(values.get(field) ?? null);
            if (reading.problem)
                problems.push({ file: displayPath(file), record, field, message: reading.problem });
            return reading.value;
        };
        const text = (field: string): string | null => {
            const value = values.get(field);
            return value === undefined || value === null || value.trim() === '' ? null : value.trim();
        };
        if (type === STAGE_PLAY_TYPE) {
            plays.push({
                name: developerName,
                label,
                stage: text('Stage__c'),
                order: number('Order__c'),
                goal: text('Goal__c'),
                guidance: values.get('Guidance__c') ?? null,
                file
            });
        } else if (type === PROCESS_GOAL_TYPE) {
            goals.push({
                name: developerName,
                label,
                order: number('Order__c'),
                customerValue: text('Customer_Value__c'),
                measure: text('Measure__c'),
                targetPercent: number('Target_Conversion__c'),
                file
            });
        } else {
            parameters.push({
                name: developerName,
                label,
                play: text('Play__c'),
                field: text('Field__c'),
                question: text('Question__c'),
                rule: values.get('Rule__c') ?? null,
                weight: number('Weight__c'),
                requiredToAdvance:
                    (values.get('Required_To_Advance__c') ?? '').trim().toLowerCase() === 'true',
                order: number('Order__c'),
                file
            });
        }
    }
    return { plays, parameters, goals };
}

/**
 * Reads everything the process needs from `sourceDir` (searched recursively).
 * @throws Error when `sourceDir` is not a readable folder.
 */
export async function readProcessSource(sourceDir: string): Promise<ProcessSource> {
    const absolute = path.resolve(sourceDir);
    const stat = await fs.stat(absolute).catch(() => null);
    if (!stat || !stat.isDirectory()) {
        throw new Error(
            `${sourceDir}: no such folder (expected an SFDX source folder such as force-app/main/default)`
        );
    }
    const files: string[] = [];
    await walk(absolute, files);
    // Directory listing order differs between file systems; sorted, "the first one found" means the same everywhere.
    const found = classify(files.sort());
    const problems: ValidationIssue[] = [];
    const { stages, file: stagesFile } = await readStages(found, problems);
    const fields = await readFields(found, stages, problems);
    const { plays, parameters, goals } = await readRecords(found, problems);
    return { sourceDir: absolute, files, stages, stagesFile, plays, parameters, goals, fields, problems };
}
