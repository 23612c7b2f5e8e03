/**
 * The Account's accounting-fact fields (docs/account-finance.md) as every source and sink sees them:
 * the field API name, the core's fact it fills, and how a cell is read and checked. One table for the
 * Data Export reader and writer, the org reader and `stageplay import-finance`, so a value accepted
 * by one is accepted by all.
 */
import { type AccountFinanceFacts, paymentTermsDays } from '../core';
import {
    type Parsed,
    isEmptyCell,
    parseBooleanCell,
    parseDateCell,
    parseNumberCell
} from '../dataExport/values';
import { EARLIEST_PLAUSIBLE_YEAR, LATEST_PLAUSIBLE_YEAR, MAX_PLAUSIBLE_AMOUNT } from './limits';

export type FinanceFact = keyof AccountFinanceFacts;
export type FinanceValue = AccountFinanceFacts[FinanceFact];
type FinanceKind = 'text' | 'amount' | 'days' | 'terms' | 'date' | 'boolean';

export interface FinanceField {
    /** The Account field's API name, also the Data Export column. */
    field: string;
    fact: FinanceFact;
    kind: FinanceKind;
}

export const ERP_ID_FIELD = 'Stageplay_ERP_Customer_Id__c';

/** In the order the fields are written to Account.csv. */
export const FINANCE_FIELDS: readonly FinanceField[] = [
    { field: ERP_ID_FIELD, fact: 'erpCustomerId', kind: 'text' },
    { field: 'Stageplay_Credit_Limit__c', fact: 'creditLimit', kind: 'amount' },
    { field: 'Stageplay_Payment_Terms__c', fact: 'paymentTerms', kind: 'terms' },
    { field: 'Stageplay_Open_Balance__c', fact: 'openBalance', kind: 'amount' },
    { field: 'Stageplay_Past_Due_Amount__c', fact: 'pastDueAmount', kind: 'amount' },
    { field: 'Stageplay_Days_Past_Due__c', fact: 'daysPastDue', kind: 'days' },
    { field: 'Stageplay_Last_Invoice_Date__c', fact: 'lastInvoiceDate', kind: 'date' },
    { field: 'Stageplay_Credit_Hold__c', fact: 'creditHold', kind: 'boolean' },
    { field: 'Stageplay_Finance_As_Of__c', fact: 'asOf', kind: 'date' }
];

export const FINANCE_COLUMNS: readonly string[] = FINANCE_FIELDS.map((f) => f.field);

/** The ERP id field holds up to 80 characters (Text(80)). */
const MAX_ERP_ID_LENGTH = 80;
/** Number(5, 0): the most days the field can hold. */
const MAX_DAYS = 99_999;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const bad = <T>(message: string): Parsed<T> => ({ ok: false, message });

/**
 * One cell read and checked. Blank is null (unknown); a value the field cannot hold is an error
 * whose message says what is wrong, so the caller can report it at file:line:field.
 */
export function parseFinanceCell(field: FinanceField, text: string | undefined): Parsed<FinanceValue> {
    if (isEmptyCell(text)) return ok(null);
    const trimmed = text!.trim();
    switch (field.kind) {
        case 'text':
            return trimmed.length > MAX_ERP_ID_LENGTH
                ? bad(`"${trimmed.slice(0, 20)}…" is longer than ${MAX_ERP_ID_LENGTH} characters`)
                : ok(trimmed);
        case 'amount': {
            const parsed = parseNumberCell(trimmed);
            if (!parsed.ok || parsed.value === null) return parsed;
            if (parsed.value < 0)
                return bad(`${parsed.value} is negative (an amount owed or granted cannot be)`);
            if (parsed.value > MAX_PLAUSIBLE_AMOUNT)
                return bad(
                    `${parsed.value} is above ${MAX_PLAUSIBLE_AMOUNT.toExponential()} (a typo or overflow)`
                );
            return ok(Math.round(parsed.value * 100) / 100);
        }
        case 'days': {
            const parsed = parseNumberCell(trimmed);
            if (!parsed.ok || parsed.value === null) return parsed;
            if (!Number.isInteger(parsed.value) || parsed.value < 0 || parsed.value > MAX_DAYS)
                return bad(`${parsed.value} is not a whole number of days between 0 and ${MAX_DAYS}`);
            return ok(parsed.value);
        }
        case 'terms':
            // The picklist is unrestricted, but terms the core cannot read as days would judge nothing.
            return paymentTermsDays(trimmed) === null
                ? bad(`"${trimmed}" is not payment terms Stageplay can read (e.g. Net 30, Due on Receipt)`)
                : ok(trimmed);
        case 'date': {
            const parsed = parseDateCell(trimmed);
            if (!parsed.ok || parsed.value === null) return parsed;
            const year = Number(parsed.value.slice(0, 4));
            if (year < EARLIEST_PLAUSIBLE_YEAR || year > LATEST_PLAUSIBLE_YEAR)
                return bad(`${parsed.value} is not a plausible date`);
            return parsed;
        }
        case 'boolean':
            return parseBooleanCell(trimmed);
    }
}

/** A fact as a Data Export cell (blank for unknown). */
export function formatFinanceValue(value: FinanceValue | undefined): string {
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? 'true' : 'false';
    return String(value);
}

/** Whether the ERP reported anything at all for the account. */
export function hasFinanceFacts(facts: AccountFinanceFacts | null | undefined): boolean {
    if (!facts) return false;
    return FINANCE_FIELDS.some((f) => f.fact !== 'creditHold' && facts[f.fact] !== null);
}
