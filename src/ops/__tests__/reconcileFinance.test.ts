/**
 * The finance flag and the "Accounts' money" section of the reconciliation: open deals on a past-due
 * account are flagged with the facts as evidence and summed into the forecast at risk; deals on an
 * account within terms are not; a dataset without accounting facts gets neither the section nor a
 * zero count claiming the check was made.
 */
import type { AccountFinanceFacts } from '../../core';
import type { Dataset } from '../../dataset';
import { renderReportHtml } from '../../report/html';
import { reconciliationSummaryLines } from '../../report/terminal';
import { reconcile } from '../reconcile';
import { smallDataset } from './smallDataset';

const spec = { unit: 'quarter' as const, fiscalYearStartMonth: 1 };
const AS_OF = '2026-11-16';

function facts(over: Partial<AccountFinanceFacts>): AccountFinanceFacts {
    return {
        erpCustomerId: null,
        creditLimit: null,
        paymentTerms: 'Net 30',
        openBalance: 1000,
        pastDueAmount: 0,
        daysPastDue: 0,
        lastInvoiceDate: null,
        creditHold: false,
        asOf: '2026-11-14',
        ...over
    };
}

/** The small history with every deal on one of three accounts: past due, within terms, no facts. */
function withAccounts(): Dataset {
    const base = smallDataset();
    const accounts = ['001PASTDUE', '001FINE', '001UNKNOWN'];
    return {
        ...base,
        opportunities: base.opportunities.map((o, i) => ({ ...o, accountId: accounts[i % 3] })),
        accounts: [
            {
                id: accounts[0],
                name: 'Late Payer',
                industry: null,
                numberOfEmployees: null,
                finance: facts({ pastDueAmount: 400, daysPastDue: 75 })
            },
            {
                id: accounts[1],
                name: 'Good Payer',
                industry: null,
                numberOfEmployees: null,
                finance: facts({})
            },
            {
                id: accounts[2],
                name: 'Never Invoiced',
                industry: null,
                numberOfEmployees: null,
                finance: null
            }
        ]
    };
}

describe('reconcile with accounting facts', () => {
    const dataset = withAccounts();
    const rec = reconcile(dataset, { spec, asOf: AS_OF, pastPeriods: 4 });
    const accountOf = new Map(dataset.opportunities.map((o) => [o.id, o.accountId]));

    it('flags exactly the open deals of the past-due account, with the facts as evidence', () => {
        const flagged = rec.deals.filter((d) => d.flags.some((f) => f.kind === 'accountFinance'));
        const onLatePayer = rec.deals.filter((d) => accountOf.get(d.id) === '001PASTDUE');
        expect(onLatePayer.length).toBeGreaterThan(0);
        expect(flagged.map((d) => d.id).sort()).toEqual(onLatePayer.map((d) => d.id).sort());
        const flag = flagged[0].flags.find((f) => f.kind === 'accountFinance')!;
        // More than 60 days late: high severity.
        expect(flag).toMatchObject({ severity: 'high', evidence: { pastDueAmount: 400, daysPastDue: 75 } });
        expect(rec.flagCounts.accountFinance).toBe(flagged.length);
    });

    it('sums the forecast at risk over those deals and lists the account behind it', () => {
        const onLatePayer = rec.deals.filter((d) => accountOf.get(d.id) === '001PASTDUE');
        const open = onLatePayer.reduce((sum, d) => sum + d.amount, 0);
        const adjusted = onLatePayer.reduce((sum, d) => sum + d.amount * d.adjustedProbability, 0);
        expect(rec.finance!.atRisk.total.deals).toBe(onLatePayer.length);
        expect(rec.finance!.atRisk.total.openAmount).toBeCloseTo(open, 6);
        expect(rec.finance!.atRisk.total.adjusted).toBeCloseTo(adjusted, 6);
        expect(rec.finance!.atRisk.byReason.pastDue.deals).toBe(onLatePayer.length);
        expect(rec.finance!.atRisk.byReason.onHold.deals).toBe(0);
        expect(rec.finance!.accounts.map((a) => [a.name, a.reasons, a.deals])).toEqual([
            ['Late Payer', ['pastDue'], onLatePayer.length]
        ]);
        expect(rec.finance!.quality).toMatchObject({
            accounts: 3,
            withFacts: 2,
            withoutFacts: 1,
            valuesNotRead: 0
        });
    });
});

describe('the report with accounting facts', () => {
    it('shows the finance flag and an escaped "Accounts\' money" section; the terminal one line', () => {
        const dataset = withAccounts();
        dataset.accounts[0].name = 'Late <Payer> & Co';
        const rec = reconcile(dataset, { spec, asOf: AS_OF, pastPeriods: 4 });
        const page = renderReportHtml(rec);
        const section = page.slice(page.indexOf('<section id="finance">'));
        expect(section).toContain("<h2>Accounts' money</h2>");
        expect(section).toContain('Late &lt;Payer&gt; &amp; Co');
        expect(section).not.toContain('Late <Payer>');
        expect(page).toContain('Account past due, on hold or over credit');
        const line = reconciliationSummaryLines(rec).find((l) => l.startsWith("Accounts' money"));
        expect(line).toMatch(
            new RegExp(`^Accounts' money: ${rec.finance!.atRisk.total.deals} open deals? on 1 account `)
        );
    });

    it('leaves the section out without facts', () => {
        const page = renderReportHtml(reconcile(smallDataset(), { spec, asOf: AS_OF, pastPeriods: 4 }));
        expect(page).not.toContain('id="finance"');
    });
});

describe('reconcile without accounting facts', () => {
    it('has no finance section and no finance count', () => {
        const rec = reconcile(smallDataset(), { spec, asOf: AS_OF, pastPeriods: 4 });
        expect(rec.finance).toBeNull();
        expect(Object.keys(rec.flagCounts)).not.toContain('accountFinance');
    });
});
