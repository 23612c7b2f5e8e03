/**
 * Record ids in Salesforce's 18-character form (15-character case-sensitive id plus the 3-character
 * case-insensitive suffix), so generated folders look like, and are keyed like, real exports.
 */

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const SUFFIX_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';

/** Key prefixes of the objects a Data Export folder holds. */
export const KEY_PREFIXES = {
    Account: '001',
    User: '005',
    Opportunity: '006',
    OpportunityHistory: '008',
    OpportunityFieldHistory: '017',
    OpportunityStage: '01J',
    Task: '00T',
    LoginHistory: '0Ya',
    /** A custom object's prefix is assigned by the org; this one stands for `Stageplay_Quota__c` in generated exports. */
    Quota: 'a0Q'
} as const;

/** Salesforce's checksum: each 5-character chunk contributes one character encoding where its capitals are. */
export function idSuffix(id15: string): string {
    let suffix = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let bits = 0;
        for (let i = 0; i < 5; i++) {
            const c = id15.charCodeAt(chunk * 5 + i);
            if (c >= 65 && c <= 90) bits |= 1 << i;
        }
        suffix += SUFFIX_ALPHABET[bits];
    }
    return suffix;
}

/**
 * The `n`th id of an object: key prefix, a fixed two-character pod marker, then `n` in base 62.
 * Deterministic, unique per (prefix, n), and never collides across prefixes.
 */
export function salesforceId(prefix: string, n: number): string {
    if (!Number.isSafeInteger(n) || n < 0)
        throw new RangeError(`id number must be a non-negative integer, got ${n}`);
    let digits = '';
    let rest = n;
    for (let i = 0; i < 10; i++) {
        digits = BASE62[rest % 62] + digits;
        rest = Math.floor(rest / 62);
    }
    const id15 = `${prefix}5g${digits}`;
    return id15 + idSuffix(id15);
}
