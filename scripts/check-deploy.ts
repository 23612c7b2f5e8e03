/**
 * `npm run check:deploy`: the offline deploy gate. Builds the exact payload `sf project deploy start`
 * (no flags) would send — the same `@salesforce/source-deploy-retrieve` calls the CLI makes
 * (`ComponentSetBuilder.build` over every package directory, then `MetadataApiDeploy`), with a
 * connection that records the zip instead of sending it — then unzips it and checks what an org
 * would reject or regret:
 *
 *  1. every member named in package.xml has its files in the zip (an empty LWC bundle such as
 *     `lwc/types/` fails the whole deploy: "named in package.xml, but was not found in zipped directory");
 *  2. nothing that must not deploy is inside: TypeScript sources and declaration files, tests,
 *     fixtures, tsconfig/jsconfig, source maps, and the opt-in sample stages (a StandardValueSet
 *     deploy deactivates every stage the file does not list);
 *  3. the Metadata API limits orgs enforce on what this project ships: lengths of labels,
 *     descriptions, help texts and API names, history-tracked fields per object, picklist sizes,
 *     required elements per type, zip size and file count. Each limit cites its source.
 *
 *   tsx scripts/check-deploy.ts [--json] [project-dir]     (default: the repository)
 *
 * Problems print as `file  check  message`; the exit code is 1 when there is any.
 */
import { resolve } from 'node:path';
import { readFileSync } from 'node:fs';
import JSZip from 'jszip';
import { XMLParser } from 'fast-xml-parser';
import { ComponentSetBuilder, RegistryAccess, type ComponentSet } from '@salesforce/source-deploy-retrieve';
import type { Connection } from '@salesforce/core';

export interface DeployProblem {
    /** Path inside the deploy zip (or `package.xml`). */
    file: string;
    /** `missing-files`, `forbidden`, `limit`, `required` or `zip`. */
    check: string;
    message: string;
}

export interface DeployPayload {
    packageXml: string;
    /** Zip entry path (relative to the zip root) → content. */
    files: Map<string, Buffer>;
    /** `Type:Member` of every package.xml member. */
    members: Array<{ type: string; name: string }>;
    zipBytes: number;
}

interface ProjectJson {
    packageDirectories: Array<{ path: string }>;
    sourceApiVersion?: string;
}

/**
 * The payload `sf project deploy start` without flags sends for the project in `projectDir`: every
 * package directory of sfdx-project.json, minus .forceignore, converted and zipped by SDR.
 */
export async function captureDeployPayload(projectDir: string): Promise<DeployPayload> {
    const project = JSON.parse(readFileSync(resolve(projectDir, 'sfdx-project.json'), 'utf8')) as ProjectJson;
    const apiVersion = project.sourceApiVersion ?? '64.0';
    const componentSet = await ComponentSetBuilder.build({
        sourcepath: project.packageDirectories.map((dir) => resolve(projectDir, dir.path)),
        sourceapiversion: apiVersion,
        projectDir
    });
    return capturePayload(componentSet, apiVersion, projectDir);
}

/**
 * The zip `MetadataApiDeploy` would send for `componentSet`, recorded by a stand-in connection instead
 * of sent, and unpacked.
 */
export async function capturePayload(
    componentSet: ComponentSet,
    apiVersion: string,
    label: string
): Promise<DeployPayload> {
    let zip: Buffer | undefined;
    // Only what MetadataApiDeploy.pre() touches before it hands the zip to `metadata.deploy`.
    const recorder = {
        version: apiVersion,
        getApiVersion: () => apiVersion,
        setApiVersion: () => undefined,
        retrieveMaxApiVersion: async () => apiVersion,
        getAuthInfoFields: () => ({ orgId: '00D000000000000AAA' }),
        getUsername: () => 'deploy-gate@stageplay.invalid',
        metadata: {
            deploy: async (buffer: Buffer) => {
                zip = buffer;
                return { id: '0Af000000000000AAA', done: false, state: 'Queued' };
            }
        }
    };
    await componentSet.deploy({ usernameOrConnection: recorder as unknown as Connection });
    if (!zip) throw new Error(`${label}: source-deploy-retrieve built no deploy zip`);
    return unpack(zip);
}

async function unpack(zip: Buffer): Promise<DeployPayload> {
    const archive = await JSZip.loadAsync(zip);
    const files = new Map<string, Buffer>();
    for (const entry of Object.values(archive.files)) {
        if (entry.dir) continue;
        files.set(entry.name, await entry.async('nodebuffer'));
    }
    const packageXml = files.get('package.xml')?.toString('utf8');
    if (!packageXml) throw new Error('the deploy zip has no package.xml');
    const manifest = parser.parse(packageXml) as {
        Package?: { types?: Array<{ name: string; members: string[] }> };
    };
    const members = (manifest.Package?.types ?? []).flatMap((type) =>
        type.members.map((name) => ({ type: String(type.name), name: String(name) }))
    );
    return { packageXml, files, members, zipBytes: zip.byteLength };
}

const ARRAY_TAGS = new Set(['types', 'members', 'fields', 'value', 'values', 'listViews', 'standardValue']);
const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => ARRAY_TAGS.has(name)
});

// ---------------------------------------------------------------------------------------------------
// 1. Every manifest member has its files.

const registry = new RegistryAccess();

/** Child type name (CustomField, ListView, …) → the parent's directory and the element that holds it. */
function childTypes(): Map<string, { parentDir: string; parentSuffix: string; element: string }> {
    const children = new Map<string, { parentDir: string; parentSuffix: string; element: string }>();
    for (const parent of Object.values(registry.getRegistry().types)) {
        for (const child of Object.values(parent.children?.types ?? {})) {
            children.set(child.name, {
                parentDir: parent.directoryName,
                parentSuffix: parent.suffix ?? '',
                element: child.directoryName
            });
        }
    }
    return children;
}

function checkMembersHaveFiles(payload: DeployPayload): DeployProblem[] {
    const problems: DeployProblem[] = [];
    const children = childTypes();
    const paths = [...payload.files.keys()];
    for (const { type, name } of payload.members) {
        const child = children.get(type);
        if (child) {
            const [parentName, childName] = splitOnce(name, '.');
            const parentFile = `${child.parentDir}/${parentName}.${child.parentSuffix}`;
            const xml = payload.files.get(parentFile)?.toString('utf8') ?? '';
            const holds = new RegExp(
                `<${child.element}>\\s*<fullName>${escapeRegExp(childName)}</fullName>`
            ).test(xml);
            if (!holds) {
                problems.push({
                    file: 'package.xml',
                    check: 'missing-files',
                    message: `${type} ${name} is named in package.xml, but ${parentFile} has no <${child.element}> for it`
                });
            }
            continue;
        }
        const metadataType = registry.getTypeByName(type);
        const dir = metadataType.directoryName;
        const found =
            metadataType.strategies?.adapter === 'bundle'
                ? paths.filter((path) => path.startsWith(`${dir}/${name}/`) && !path.endsWith('-meta.xml'))
                : paths.filter((path) => path === `${dir}/${name}.${metadataType.suffix}`);
        if (found.length === 0) {
            problems.push({
                file: 'package.xml',
                check: 'missing-files',
                message:
                    `${type} ${name} is named in package.xml, but the zip has no files for it under ${dir}/ ` +
                    '(the Metadata API rejects the whole deploy: "was not found in zipped directory")'
            });
        }
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------
// 2. Nothing that must not deploy.

const FORBIDDEN: Array<{ test: (path: string) => boolean; why: string }> = [
    {
        test: (p) => p.endsWith('.ts'),
        why: 'TypeScript source or declaration file: orgs get only the compiled .js'
    },
    { test: (p) => p.split('/').includes('__tests__'), why: 'a Jest test or fixture' },
    { test: (p) => /\.(test|spec)\.js$/.test(p), why: 'a test file' },
    { test: (p) => /(^|\/)(tsconfig[^/]*|jsconfig)\.json$/.test(p), why: 'a TypeScript/JS config file' },
    { test: (p) => p.endsWith('.map'), why: 'a source map' },
    { test: (p) => /(^|\/)\.eslintrc/.test(p), why: 'a lint config' },
    {
        test: (p) => p.startsWith('standardValueSets/OpportunityStage.'),
        why: 'the sample Opportunity stages, which are opt-in (a deploy deactivates every stage the file does not list)'
    },
    {
        test: (p) => p.startsWith('profiles/'),
        why: 'a profile: Stageplay grants access through permission sets only'
    }
];

function checkNothingForbidden(payload: DeployPayload): DeployProblem[] {
    const problems: DeployProblem[] = [];
    for (const path of payload.files.keys()) {
        const rule = FORBIDDEN.find((candidate) => candidate.test(path));
        if (rule) problems.push({ file: path, check: 'forbidden', message: `must not deploy: ${rule.why}` });
    }
    return problems;
}

// ---------------------------------------------------------------------------------------------------
// 3. Metadata API limits. Sources: the Metadata API Developer Guide (MDAPI) and Salesforce Help (HELP),
// pages named per limit.

interface LengthLimit {
    /** Element path below the root element, e.g. `description` or `fields.inlineHelpText`. */
    element: string;
    max: number;
    source: string;
}

const LENGTH_LIMITS: Record<string, LengthLimit[]> = {
    // MDAPI "PermissionSet": label up to 80 characters; description up to 255 characters.
    permissionset: [
        { element: 'label', max: 80, source: 'MDAPI PermissionSet.label' },
        { element: 'description', max: 255, source: 'MDAPI PermissionSet.description' }
    ],
    // MDAPI "CustomObject" / HELP "Custom Object Limits": label and plural label 40, description 1,000.
    object: [
        { element: 'label', max: 40, source: 'MDAPI CustomObject.label' },
        { element: 'pluralLabel', max: 40, source: 'MDAPI CustomObject.pluralLabel' },
        { element: 'description', max: 1000, source: 'MDAPI CustomObject.description' },
        { element: 'nameField.label', max: 40, source: 'MDAPI CustomObject.nameField (CustomField.label)' },
        // MDAPI "CustomField": label 40, description 1,000, inlineHelpText 510.
        { element: 'fields.label', max: 40, source: 'MDAPI CustomField.label' },
        { element: 'fields.description', max: 1000, source: 'MDAPI CustomField.description' },
        { element: 'fields.inlineHelpText', max: 510, source: 'MDAPI CustomField.inlineHelpText' },
        // MDAPI "ListView": label 40.
        { element: 'listViews.label', max: 40, source: 'MDAPI ListView.label' }
    ],
    // MDAPI "CustomMetadata": label up to 40 characters.
    md: [{ element: 'label', max: 40, source: 'MDAPI CustomMetadata.label' }],
    // MDAPI "CustomTab": description up to 1,000 characters.
    tab: [{ element: 'description', max: 1000, source: 'MDAPI CustomTab.description' }],
    // MDAPI "FlexiPage": masterLabel 80, description 255.
    flexipage: [
        { element: 'masterLabel', max: 80, source: 'MDAPI FlexiPage.masterLabel' },
        { element: 'description', max: 255, source: 'MDAPI FlexiPage.description' }
    ]
};

/** Elements a file of this suffix cannot deploy without (MDAPI pages of each type, "Required" column). */
const REQUIRED: Record<string, string[]> = {
    // MDAPI "CustomObject": label, pluralLabel, nameField, deploymentStatus and sharingModel for a __c object.
    object: ['label', 'pluralLabel', 'nameField', 'deploymentStatus', 'sharingModel'],
    // MDAPI "PermissionSet": label.
    permissionset: ['label'],
    // MDAPI "CustomTab": motif (the tab's icon and colour) for a custom object tab.
    tab: ['motif'],
    // MDAPI "FlexiPage": masterLabel and type.
    flexipage: ['masterLabel', 'type'],
    // MDAPI "CustomMetadata": label.
    md: ['label']
};

/** The -meta.xml companions of code: what the platform needs to compile them. */
const BUNDLE_META_REQUIRED: Array<{ test: RegExp; elements: string[]; source: string }> = [
    // MDAPI "ApexClass": apiVersion and status (Active) in ApexClass.cls-meta.xml.
    {
        test: /^classes\/[^/]+\.cls-meta\.xml$/,
        elements: ['apiVersion', 'status'],
        source: 'MDAPI ApexClass'
    },
    // LWC "XML Configuration File Elements": apiVersion; isExposed decides App Builder visibility.
    {
        test: /^lwc\/([^/]+)\/\1\.js-meta\.xml$/,
        elements: ['apiVersion', 'isExposed'],
        source: 'LWC js-meta.xml'
    }
];

// HELP "Field History Tracking": "You can select up to 20 standard and custom fields per object".
// Standard fields an org already tracks count too, so this project's own count is reported with it.
const MAX_TRACKED_FIELDS_PER_OBJECT = 20;
// HELP "Custom Field Attributes" / MDAPI "CustomField": API name (without __c) up to 40 characters;
// the same for custom object and custom metadata type names and custom metadata record names.
const MAX_API_NAME = 40;
// MDAPI "CustomField": Text length 1–255; LongTextArea length 256–131,072 and visibleLines required.
const MAX_TEXT_LENGTH = 255;
const MAX_LONG_TEXT_LENGTH = 131072;
// HELP "Picklist Limits": up to 1,000 values per picklist; a value's API name and label up to 255.
const MAX_PICKLIST_VALUES = 1000;
const MAX_PICKLIST_VALUE_LENGTH = 255;
// MDAPI "Metadata Limits" (deploy()): up to 10,000 files, and a zip of at most 39 MB compressed.
const MAX_ZIP_FILES = 10000;
const MAX_ZIP_BYTES = 39 * 1024 * 1024;

type XmlNode = Record<string, unknown>;

function textAt(node: unknown, path: string[]): string[] {
    if (node === undefined || node === null) return [];
    if (path.length === 0) {
        if (typeof node === 'string') return [node];
        if (Array.isArray(node)) return node.flatMap((item) => textAt(item, []));
        return [];
    }
    if (Array.isArray(node)) return node.flatMap((item) => textAt(item, path));
    if (typeof node !== 'object') return [];
    return textAt((node as XmlNode)[path[0]], path.slice(1));
}

function asList(value: unknown): XmlNode[] {
    if (value === undefined) return [];
    return (Array.isArray(value) ? value : [value]) as XmlNode[];
}

function checkLimits(payload: DeployPayload): DeployProblem[] {
    const problems: DeployProblem[] = [];
    const limit = (file: string, message: string) => problems.push({ file, check: 'limit', message });
    const fileCount = payload.files.size;
    if (fileCount > MAX_ZIP_FILES)
        limit('(zip)', `${fileCount} files; one deploy takes at most ${MAX_ZIP_FILES}`);
    if (payload.zipBytes > MAX_ZIP_BYTES) {
        limit('(zip)', `${payload.zipBytes} bytes; one deploy takes at most ${MAX_ZIP_BYTES} (39 MB)`);
    }

    for (const [path, content] of payload.files) {
        const bundleMeta = BUNDLE_META_REQUIRED.find((rule) => rule.test.test(path));
        if (bundleMeta) {
            const meta = parser.parse(content.toString('utf8')) as XmlNode;
            const metaRoot = Object.values(meta).find((value) => typeof value === 'object') as
                XmlNode | undefined;
            for (const element of bundleMeta.elements) {
                if (metaRoot?.[element] === undefined) {
                    problems.push({
                        file: path,
                        check: 'required',
                        message: `<${element}> is required (${bundleMeta.source})`
                    });
                }
            }
            continue;
        }
        const suffix = /\.([A-Za-z]+)$/.exec(path)?.[1] ?? '';
        if (!LENGTH_LIMITS[suffix] && !REQUIRED[suffix]) continue;
        const parsed = parser.parse(content.toString('utf8')) as XmlNode;
        const rootName = Object.keys(parsed).find((key) => key !== '?xml');
        const root = (rootName ? parsed[rootName] : {}) as XmlNode;
        const baseName = path.slice(path.lastIndexOf('/') + 1, path.length - suffix.length - 1);

        for (const rule of LENGTH_LIMITS[suffix] ?? []) {
            for (const text of textAt(root, rule.element.split('.'))) {
                if (text.length > rule.max) {
                    limit(
                        path,
                        `${rule.element} is ${text.length} characters; at most ${rule.max} (${rule.source})`
                    );
                }
            }
        }
        for (const element of REQUIRED[suffix] ?? []) {
            if (suffix === 'object' && !baseName.endsWith('__c')) continue; // standard objects carry fields only
            if (root[element] === undefined) {
                problems.push({
                    file: path,
                    check: 'required',
                    message: `<${element}> is required (MDAPI ${suffix})`
                });
            }
        }

        if (suffix === 'md') {
            const recordName = baseName.slice(baseName.indexOf('.') + 1);
            if (recordName.length > MAX_API_NAME) {
                limit(
                    path,
                    `record name ${recordName} is ${recordName.length} characters; at most ${MAX_API_NAME}`
                );
            }
        }
        if (suffix === 'object') problems.push(...checkObject(path, baseName, root));
    }
    return problems;
}

function checkObject(path: string, objectName: string, root: XmlNode): DeployProblem[] {
    const problems: DeployProblem[] = [];
    const limit = (message: string) => problems.push({ file: path, check: 'limit', message });
    if (objectName.endsWith('__c') || objectName.endsWith('__mdt')) {
        const bare = objectName.replace(/__(c|mdt)$/, '');
        if (bare.length > MAX_API_NAME)
            limit(`object API name ${bare} is longer than ${MAX_API_NAME} characters`);
    }
    const fields = asList(root.fields);
    let tracked = 0;
    for (const field of fields) {
        const name = String(field.fullName ?? '');
        const where = `${objectName}.${name}`;
        if (field.trackHistory === 'true') tracked++;
        if (name.endsWith('__c') && name.length - 3 > MAX_API_NAME) {
            limit(`${where}: API name is longer than ${MAX_API_NAME} characters (without __c)`);
        }
        if (name.endsWith('__c')) {
            for (const element of ['label', 'type']) {
                if (field[element] === undefined) {
                    problems.push({
                        file: path,
                        check: 'required',
                        message: `${where}: <${element}> is required (MDAPI CustomField)`
                    });
                }
            }
        }
        const length = field.length === undefined ? undefined : Number(field.length);
        if (field.type === 'Text' && (length === undefined || length < 1 || length > MAX_TEXT_LENGTH)) {
            limit(`${where}: Text length must be 1–${MAX_TEXT_LENGTH}, is ${field.length ?? 'missing'}`);
        }
        if (field.type === 'LongTextArea' || field.type === 'Html') {
            if (length === undefined || length > MAX_LONG_TEXT_LENGTH) {
                limit(
                    `${where}: ${field.type} length must be at most ${MAX_LONG_TEXT_LENGTH}, is ${field.length ?? 'missing'}`
                );
            }
            if (field.visibleLines === undefined) {
                problems.push({
                    file: path,
                    check: 'required',
                    message: `${where}: <visibleLines> is required for ${field.type}`
                });
            }
        }
        const values = textAt(field, ['valueSet', 'valueSetDefinition', 'value', 'fullName']);
        if (values.length > MAX_PICKLIST_VALUES) {
            limit(`${where}: ${values.length} picklist values; at most ${MAX_PICKLIST_VALUES}`);
        }
        for (const value of [
            ...values,
            ...textAt(field, ['valueSet', 'valueSetDefinition', 'value', 'label'])
        ]) {
            if (value.length > MAX_PICKLIST_VALUE_LENGTH) {
                limit(
                    `${where}: picklist value "${value.slice(0, 30)}…" is longer than ${MAX_PICKLIST_VALUE_LENGTH}`
                );
            }
        }
    }
    if (tracked > MAX_TRACKED_FIELDS_PER_OBJECT) {
        limit(
            `${objectName}: ${tracked} fields track history; an object allows at most ${MAX_TRACKED_FIELDS_PER_OBJECT}, ` +
                'standard fields the org already tracks included'
        );
    }
    return problems;
}

/** History-tracked fields per object in the payload, for the report (an org's own tracked fields add to these). */
export function trackedFieldCounts(payload: DeployPayload): Map<string, number> {
    const counts = new Map<string, number>();
    for (const [path, content] of payload.files) {
        if (!path.startsWith('objects/') || !path.endsWith('.object')) continue;
        const root = (parser.parse(content.toString('utf8')) as XmlNode).CustomObject as XmlNode | undefined;
        const tracked = asList(root?.fields).filter((field) => field.trackHistory === 'true').length;
        if (tracked > 0) counts.set(path.slice('objects/'.length, -'.object'.length), tracked);
    }
    return counts;
}

export function checkDeployPayload(payload: DeployPayload): DeployProblem[] {
    return [...checkMembersHaveFiles(payload), ...checkNothingForbidden(payload), ...checkLimits(payload)];
}

function splitOnce(text: string, separator: string): [string, string] {
    const at = text.indexOf(separator);
    return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

async function main(argv: string[]): Promise<number> {
    const json = argv.includes('--json');
    const projectDir = resolve(argv.find((arg) => !arg.startsWith('--')) ?? resolve(__dirname, '..'));
    const payload = await captureDeployPayload(projectDir);
    const problems = checkDeployPayload(payload);
    const tracked = Object.fromEntries(trackedFieldCounts(payload));
    if (json) {
        console.log(
            JSON.stringify({ members: payload.members.length, files: payload.files.size, tracked, problems })
        );
    } else {
        for (const problem of problems) console.log(`${problem.file}  ${problem.check}  ${problem.message}`);
        const trackedText = Object.entries(tracked)
            .map(([object, count]) => `${object} ${count} of ${MAX_TRACKED_FIELDS_PER_OBJECT}`)
            .join(', ');
        console.log(
            `deploy gate: ${payload.members.length} members, ${payload.files.size} files, ${payload.zipBytes} bytes zipped; ` +
                `history-tracked fields: ${trackedText || 'none'}; ${problems.length} problem${problems.length === 1 ? '' : 's'}`
        );
    }
    return problems.length > 0 ? 1 : 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => process.exit(code),
        (error: unknown) => {
            console.error(`check-deploy: ${error instanceof Error ? error.message : String(error)}`);
            process.exit(2);
        }
    );
}
