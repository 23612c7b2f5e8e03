import { financeStatus } from '../../core';
import { accountId } from '../generateHistory';
import { FINANCE_SHARES, erpCustomerId, generateAccountFinance } from '../accountFinance';

const OPTIONS = { seed: 42, today: '2026-11-15' };
const ACCOUNTS = Array.from({ length: 3000 }, (_, i) => accountId(i));

describe('generateAccountFinance', () => {
    it('is deterministic per seed and account, and independent of the other accounts', () => {
        const first = generateAccountFinance(ACCOUNTS[7], 120_000, OPTIONS);
        expect(generateAccountFinance(ACCOUNTS[7], 120_000, OPTIONS)).toEqual(first);
        // Other accounts drawn before it change nothing.
        ACCOUNTS.slice(0, 50).forEach((id) => generateAccountFinance(id, 0, OPTIONS));
        expect(generateAccountFinance(ACCOUNTS[7], 120_000, OPTIONS)).toEqual(first);
        const others = ACCOUNTS.slice(0, 40).map((id) =>
            generateAccountFinance(id, 120_000, { ...OPTIONS, seed: 7 })
        );
        const same = ACCOUNTS.slice(0, 40).map((id) => generateAccountFinance(id, 120_000, OPTIONS));
        expect(others).not.toEqual(same);
    });

    it('draws every state the Account page shows, near the stated shares', () => {
        const facts = ACCOUNTS.map((id) => generateAccountFinance(id, 80_000, OPTIONS));
        const states = facts.map((f) => financeStatus(f));
        const share = (test: (s: ReturnType<typeof financeStatus>) => boolean) =>
            states.filter(test).length / states.length;
        const has = (state: string) => (s: ReturnType<typeof financeStatus>) =>
            s.conditions.some((c) => c.state === state);
        expect(share((s) => s.state === 'noData')).toBeCloseTo(FINANCE_SHARES.noData, 1);
        expect(share(has('withinTerms'))).toBeGreaterThan(0.5);
        expect(share(has('pastDue'))).toBeGreaterThan(0.15);
        expect(share(has('pastDue'))).toBeLessThan(0.3);
        expect(share(has('overLimit'))).toBeGreaterThan(0.03);
        expect(share(has('overLimit'))).toBeLessThan(0.09);
        expect(share(has('onHold'))).toBeGreaterThan(0.005);
    });

    it('keeps the facts coherent: holds only when long overdue, past due within the balance, ERP id per account', () => {
        for (const id of ACCOUNTS.slice(0, 800)) {
            const f = generateAccountFinance(id, 200_000, OPTIONS);
            if (f.creditHold) expect(f.daysPastDue).toBeGreaterThan(60);
            if (f.openBalance === null) {
                expect(f.erpCustomerId).toBeNull();
                continue;
            }
            expect(f.erpCustomerId).toBe(erpCustomerId(id));
            expect(f.pastDueAmount).toBeLessThanOrEqual(f.openBalance);
            expect((f.pastDueAmount ?? 0) > 0).toBe((f.daysPastDue ?? 0) > 0);
            expect(f.creditLimit! % 5000).toBe(0);
            expect(f.asOf).toBe('2026-11-14');
            expect(f.lastInvoiceDate! <= f.asOf!).toBe(true);
        }
    });

    it('sizes the credit limit to what the customer buys, never below the floor', () => {
        const options = { ...OPTIONS, seed: 'limits' };
        const id = ACCOUNTS.find((a) => generateAccountFinance(a, 0, options).creditLimit !== null)!;
        expect(generateAccountFinance(id, 0, options).creditLimit).toBe(25_000);
        const large = generateAccountFinance(id, 2_000_000, options).creditLimit!;
        expect(large).toBeGreaterThanOrEqual(800_000);
        expect(large).toBeLessThanOrEqual(1_800_000);
    });
});
