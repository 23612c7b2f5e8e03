/**
 * Accounting facts for generated accounts, as an ERP's customer export would carry them: a credit
 * limit sized to what the customer buys, payment terms, an open balance, past-due amounts and days
 * for some, a few on credit hold or over their limit, and some the ERP never reported. Deterministic:
 * each account draws from its own stream (`seed` + account id), so adding accounts or changing the
 * deal generator never shifts another account's facts. Kept apart from the history generator on
 * purpose: the facts are an ERP's, not the CRM's, and loading them is a separate step.
 */
import { addDays, unknownFinanceFacts, type AccountFinanceFacts } from '../core';
import { createRandom } from './random';

/** How often each situation is drawn; an account can be past due and over its limit at once. */
export const FINANCE_SHARES = {
    /** The ERP has no record of the customer (a prospect never invoiced, or an unmatched id). */
    noData: 0.08,
    pastDue: 0.22,
    overLimit: 0.06,
    /** Of past-due accounts more than 60 days late, the share finance puts on hold. */
    holdWhenLate: 0.45
} as const;

const TERMS: ReadonlyArray<{ terms: string; share: number }> = [
    { terms: 'Net 30', share: 0.55 },
    { terms: 'Net 45', share: 0.2 },
    { terms: 'Net 60', share: 0.12 },
    { terms: 'Net 15', share: 0.06 },
    { terms: 'Due on Receipt', share: 0.07 }
];

export interface FinanceGenerationOptions {
    seed: number | string;
    /** `YYYY-MM-DD`: the facts are as of the day before. */
    today: string;
}

/** The ERP's customer number for a generated account. */
export function erpCustomerId(accountId: string): string {
    return `C-${accountId.slice(-6).toUpperCase()}`;
}

function roundTo(value: number, step: number): number {
    return Math.max(step, Math.round(value / step) * step);
}

/**
 * The facts for one account. `yearlyVolume` (what the customer buys in a year: closed won over the
 * last year plus what is open, 0 when unknown) sizes the credit limit the way finance does, at 40–90%
 * of it and never below a floor, so a customer with a big pipeline can run out of headroom.
 */
export function generateAccountFinance(
    accountId: string,
    yearlyVolume: number,
    options: FinanceGenerationOptions
): AccountFinanceFacts {
    const random = createRandom(`${options.seed}|finance|${accountId}`);
    const asOf = addDays(options.today, -1);
    const erpId = erpCustomerId(accountId);
    if (random.bernoulli(FINANCE_SHARES.noData)) {
        return { ...unknownFinanceFacts(), creditHold: false };
    }
    let draw = random.next();
    let terms = TERMS[TERMS.length - 1].terms;
    for (const t of TERMS) {
        if (draw < t.share) {
            terms = t.terms;
            break;
        }
        draw -= t.share;
    }
    const creditLimit = roundTo(Math.max(25_000, yearlyVolume * random.uniform(0.4, 0.9)), 5_000);
    const overLimit = random.bernoulli(FINANCE_SHARES.overLimit);
    const openBalance = Math.round(
        creditLimit * (overLimit ? random.uniform(1.05, 1.3) : random.uniform(0.05, 0.75))
    );
    const pastDue = overLimit ? random.bernoulli(0.6) : random.bernoulli(FINANCE_SHARES.pastDue);
    // Lognormal lateness: most a few weeks late, a tail a quarter or more.
    const daysPastDue = pastDue ? Math.min(180, Math.max(3, Math.round(random.lognormal(3.2, 0.7)))) : 0;
    const pastDueAmount = pastDue ? Math.round(openBalance * random.uniform(0.1, 0.6)) : 0;
    const creditHold = daysPastDue > 60 && random.bernoulli(FINANCE_SHARES.holdWhenLate);
    return {
        erpCustomerId: erpId,
        creditLimit,
        paymentTerms: terms,
        openBalance,
        pastDueAmount,
        daysPastDue,
        lastInvoiceDate: addDays(asOf, -random.int(0, 40)),
        creditHold,
        asOf
    };
}
