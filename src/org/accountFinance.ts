/**
 * The Account's accounting-fact fields in an org: which of them this user can read (the describe
 * lists only fields that exist and that field-level security lets the user see), and the Account
 * query that reads them. An org without the fields, or a user who cannot see them, has no facts.
 */
import { FINANCE_FIELDS, type FinanceField } from '../records/finance';
import { orgRequest, type OrgConnection, type RetryPolicy } from './http';

interface DescribedField {
    name: string;
    updateable?: boolean;
}

export interface FinanceFieldAccess {
    /** The fields the user can read. */
    readable: FinanceField[];
    /** The fields the user can edit (what `import-finance` may write). */
    updateable: FinanceField[];
    /** The fields the describe does not list: not deployed, or hidden from the user. */
    absent: FinanceField[];
}

export async function describeFinanceFields(
    conn: OrgConnection,
    policy: RetryPolicy
): Promise<FinanceFieldAccess> {
    const describe = await orgRequest<{ fields: DescribedField[] }>(
        conn,
        { method: 'GET', path: '/sobjects/Account/describe' },
        'Describe Account',
        policy
    );
    const byName = new Map(describe.body.fields.map((f) => [f.name.toLowerCase(), f]));
    const readable = FINANCE_FIELDS.filter((f) => byName.has(f.field.toLowerCase()));
    return {
        readable,
        updateable: readable.filter((f) => byName.get(f.field.toLowerCase())!.updateable !== false),
        absent: FINANCE_FIELDS.filter((f) => !byName.has(f.field.toLowerCase()))
    };
}

/** The Account query of the dataset, with the readable accounting-fact fields. */
export function accountQuery(financeFields: readonly FinanceField[]): string {
    return `SELECT ${['Id', 'Name', 'Industry', 'NumberOfEmployees', ...financeFields.map((f) => f.field)].join(', ')} FROM Account`;
}

/** What the ledger says, once, when some or all of the fields cannot be read. */
export function absentFinanceNote(access: FinanceFieldAccess): string | null {
    if (access.absent.length === 0) return null;
    const names = access.absent.map((f) => f.field).join(', ');
    return access.readable.length === 0
        ? `Account: the accounting-fact fields (${names}) are not in the org or not readable by this user: no account has finance facts, so no deal gets a finance flag`
        : `Account: ${names} ${access.absent.length === 1 ? 'is' : 'are'} not in the org or not readable by this user: read as unknown for every account`;
}
