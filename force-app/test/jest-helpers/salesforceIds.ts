/**
 * Record ids in test fixtures must be ones Salesforce could return: 15 or 18 characters, the key
 * prefix of the object they name, and for 18 characters the case checksum Salesforce appends. A
 * hand-made id of the wrong length passes every component test yet would be refused by any
 * platform API that validates ids (`getRecord`, Apex `Id` parameters), so fixtures are checked.
 */
import { KEY_PREFIXES, idSuffix } from '../../../src/dataExport/salesforceId';

/** Key prefixes of the objects Stageplay's fixtures name: the generator's, for the objects it writes. */
export const KEY_PREFIX_OF = {
    Account: KEY_PREFIXES.Account,
    User: KEY_PREFIXES.User,
    Opportunity: KEY_PREFIXES.Opportunity,
    // A Data Export folder holds no record types, so the generator has no prefix for them.
    RecordType: '012'
} as const;

export type FixtureObject = keyof typeof KEY_PREFIX_OF;

/** Why `id` is not a valid id (of `object`, when given); null when it is. */
export function salesforceIdProblem(id: string, object?: FixtureObject): string | null {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id))
        return `${JSON.stringify(id)} is not 15 or 18 letters and digits`;
    const prefix = id.slice(0, 3);
    const known = Object.entries(KEY_PREFIX_OF).find(([, p]) => p === prefix)?.[0];
    if (object && prefix !== KEY_PREFIX_OF[object])
        return `${id} has key prefix ${prefix}, but ${object} ids start with ${KEY_PREFIX_OF[object]}`;
    if (!known)
        return `${id} has key prefix ${prefix}, which is none of ${Object.values(KEY_PREFIX_OF).join(', ')}`;
    if (id.length === 18 && id.slice(15).toUpperCase() !== idSuffix(id.slice(0, 15)))
        return `${id} ends in ${id.slice(15)}, but the checksum of ${id.slice(0, 15)} is ${idSuffix(id.slice(0, 15))}`;
    return null;
}

/** The object an id-holding JSON key names, where the key says (`OwnerId` → User). */
const OBJECT_OF_KEY: Record<string, FixtureObject> = {
    AccountId: 'Account',
    accountId: 'Account',
    OwnerId: 'User',
    CreatedById: 'User',
    LastModifiedById: 'User',
    lastModifiedById: 'User',
    userId: 'User',
    repId: 'User',
    opportunityId: 'Opportunity',
    OpportunityId: 'Opportunity',
    recordTypeId: 'RecordType',
    RecordTypeId: 'RecordType'
};

/**
 * Keys that end in `Id` but hold another system's identifier, never a Salesforce id: the ERP's
 * customer number (`AccountFinance.Facts.erpCustomerId`, docs/account-finance.md).
 */
const FOREIGN_ID_KEYS = new Set(['erpCustomerId']);

export interface IdFinding {
    path: string;
    problem: string;
}

/**
 * Every id in a wire payload that is not valid: values under `id` (of the record's `apiName`) and
 * under keys ending in `Id`, whether plain (`"opportunityId": "006…"`) or a Lightning Data Service
 * field (`"OwnerId": { "value": "005…" }`).
 */
export function invalidIds(json: unknown, path = '$'): IdFinding[] {
    if (Array.isArray(json)) return json.flatMap((item, i) => invalidIds(item, `${path}[${i}]`));
    if (json === null || typeof json !== 'object') return [];
    const record = json as Record<string, unknown>;
    const findings: IdFinding[] = [];
    for (const [key, value] of Object.entries(record)) {
        const at = `${path}.${key}`;
        const isIdKey = key === 'id' || key === 'Id' || (key.endsWith('Id') && !FOREIGN_ID_KEYS.has(key));
        const object =
            key === 'id' || key === 'Id'
                ? (KEY_PREFIX_OF as Record<string, string>)[String(record.apiName)] &&
                  (record.apiName as FixtureObject)
                : OBJECT_OF_KEY[key];
        const fieldValue =
            value !== null && typeof value === 'object' && 'value' in value
                ? (value as { value: unknown }).value
                : value;
        if (isIdKey && typeof fieldValue === 'string') {
            const problem = salesforceIdProblem(fieldValue, object || undefined);
            if (problem) findings.push({ path: at, problem });
        } else {
            findings.push(...invalidIds(value, at));
        }
    }
    return findings;
}
