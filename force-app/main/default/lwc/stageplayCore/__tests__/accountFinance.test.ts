import {
    accountDealFrom,
    accountPipeline,
    bookedByPeriod,
    compareWinRates,
    creditHeadroom,
    financeFactsFrom,
    financeForecastAtRisk,
    flagAccountFinance,
    financeFlag,
    financeStatus,
    overallWinLoss,
    paymentTermsDays,
    type AccountDeal,
    type AccountFinanceFacts
} from '../accountFinance';
import { describeEvidence } from '../format';
import { scoreDeal } from '../score';
import { wilsonInterval } from '../stats';
import { benchmarks, sampleProcess, stageBenchmark } from './fixtures';

function facts(overrides: Partial<AccountFinanceFacts> = {}): AccountFinanceFacts {
    return {
        erpCustomerId: 'C-1001',
        creditLimit: 100_000,
        paymentTerms: 'Net 30',
        openBalance: 40_000,
        pastDueAmount: 0,
        daysPastDue: 0,
        lastInvoiceDate: '2026-10-30',
        creditHold: false,
        asOf: '2026-11-14',
        ...overrides
    };
}

function deal(overrides: Partial<AccountDeal> & Pick<AccountDeal, 'id'>): AccountDeal {
    return {
        name: `Deal ${overrides.id}`,
        stageName: 'Discovery',
        amount: 10_000,
        closeDate: '2026-12-15',
        probability: null,
        isClosed: false,
        isWon: false,
        fields: {},
        ...overrides
    };
}

function closed(id: string, won: boolean, closeDate: string, amount: number | null = 1000): AccountDeal {
    return deal({
        id,
        stageName: won ? 'Closed Won' : 'Closed Lost',
        isClosed: true,
        isWon: won,
        closeDate,
        amount
    });
}

describe('paymentTermsDays', () => {
    it.each([
        ['Net 30', 30],
        ['net45', 45],
        ['2/10 Net 60', 60],
        ['Due on Receipt', 0],
        ['90 days', 90],
        ['Whenever', null],
        [null, null]
    ])('%s → %s', (terms, days) => {
        expect(paymentTermsDays(terms)).toBe(days);
    });
});

describe('financeStatus', () => {
    it('is within terms when a balance is reported and nothing is overdue', () => {
        const status = financeStatus(facts());
        expect(status.state).toBe('withinTerms');
        expect(status.termsDays).toBe(30);
        expect(status.conditions).toHaveLength(1);
        expect(status.conditions[0].message).toBe('Nothing is past due on Net 30.');
        expect(status.conditions[0].evidence).toMatchObject({ openBalance: 40_000, pastDueAmount: 0 });
    });

    it('is past due with the amount, the days and the terms as evidence', () => {
        const status = financeStatus(facts({ pastDueAmount: 12_300, daysPastDue: 45 }));
        expect(status.state).toBe('pastDue');
        expect(status.conditions[0].message).toBe(
            '12,300 is past due, the oldest invoice 45 days late (terms Net 30).'
        );
        expect(describeEvidence(status.conditions[0])).toEqual(
            expect.arrayContaining([
                { key: 'pastDueAmount', name: 'Past due amount', value: '12,300' },
                { key: 'daysPastDue', name: 'Oldest invoice late by', value: '45 days' },
                { key: 'paymentTerms', name: 'Payment terms', value: 'Net 30' },
                { key: 'financeAsOf', name: 'Accounting facts as of', value: '2026-11-14' }
            ])
        );
    });

    it('counts days past due alone as past due (an aging export without amounts)', () => {
        const status = financeStatus(facts({ pastDueAmount: null, daysPastDue: 12 }));
        expect(status.state).toBe('pastDue');
        expect(status.conditions[0].message).toBe(
            'Invoices are past due, the oldest invoice 12 days late (terms Net 30).'
        );
    });

    it('is over limit when the open balance exceeds the credit limit, by how much', () => {
        const status = financeStatus(facts({ openBalance: 130_000 }));
        expect(status.state).toBe('overLimit');
        expect(status.conditions[0].evidence).toMatchObject({ overLimitBy: 30_000 });
    });

    it('puts a credit hold first and keeps every other state that holds, most severe first', () => {
        const status = financeStatus(
            facts({ creditHold: true, openBalance: 130_000, pastDueAmount: 20_000, daysPastDue: 75 })
        );
        expect(status.state).toBe('onHold');
        expect(status.conditions.map((c) => c.state)).toEqual(['onHold', 'overLimit', 'pastDue']);
    });

    it('says no data when the ERP reported nothing, even with the checkbox off and terms set', () => {
        const empty = facts({
            creditLimit: null,
            openBalance: null,
            pastDueAmount: null,
            daysPastDue: null,
            creditHold: false
        });
        expect(financeStatus(empty).state).toBe('noData');
        expect(financeStatus(null).state).toBe('noData');
    });

    it('does not claim a zero past due the ERP never reported', () => {
        const status = financeStatus(facts({ pastDueAmount: null, daysPastDue: null }));
        expect(status.state).toBe('withinTerms');
        expect(describeEvidence(status.conditions[0]).map((e) => e.key)).not.toContain('pastDueAmount');
    });

    it('says nothing about the limit when the limit or the balance is unknown', () => {
        expect(financeStatus(facts({ creditLimit: null, openBalance: 500_000 })).state).toBe('withinTerms');
    });
});

describe('accountPipeline', () => {
    const process = sampleProcess();
    const history = benchmarks([
        stageBenchmark('Prospecting', 40, 60),
        stageBenchmark('Discovery', 40, 40),
        stageBenchmark('Proposal', 30, 20)
    ]);

    it('sums stated and history-adjusted expected amounts over open deals, as the deal page scores them', () => {
        const deals = [
            deal({ id: 'a', stageName: 'Discovery', amount: 10_000 }),
            deal({ id: 'b', stageName: 'Proposal', amount: 20_000, probability: 0.7 }),
            closed('c', true, '2026-01-10', 99_000)
        ];
        const pipeline = accountPipeline(process, history, deals);
        const scoreOf = (d: AccountDeal) =>
            scoreDeal(process, history, {
                stageName: d.stageName,
                probability: d.probability,
                isClosed: false,
                isWon: false,
                fields: d.fields
            }).adjusted;
        expect(pipeline.deals.map((d) => d.id)).toEqual(['a', 'b']);
        expect(pipeline.openAmount).toBe(30_000);
        // Stated: the deal's own probability, else its stage's (Discovery 25%).
        expect(pipeline.stated).toBeCloseTo(10_000 * 0.25 + 20_000 * 0.7, 6);
        expect(pipeline.adjusted).toBeCloseTo(10_000 * scoreOf(deals[0]) + 20_000 * scoreOf(deals[1]), 6);
        // The history shifts the stage rates: Discovery's 40/80 won pulls above its nominal 25%.
        expect(pipeline.deals[0].adjustedProbability).toBeGreaterThan(0.25);
        expect(pipeline.withoutAmount).toBe(0);
    });

    it('counts deals without an amount instead of summing them as zero', () => {
        const pipeline = accountPipeline(process, null, [deal({ id: 'a', amount: null }), deal({ id: 'b' })]);
        expect(pipeline.withoutAmount).toBe(1);
        expect(pipeline.openAmount).toBe(10_000);
        // Without benchmarks the adjusted probability is the stage's.
        expect(pipeline.adjusted).toBeCloseTo(pipeline.stated, 9);
    });
});

describe('creditHeadroom', () => {
    it('is the limit less the open balance less the adjusted open pipeline', () => {
        const headroom = creditHeadroom(facts(), 25_000);
        expect(headroom).toMatchObject({ state: 'available', headroom: 35_000, note: null });
    });

    it('is exceeded when the pipeline would take the customer past its limit', () => {
        expect(creditHeadroom(facts(), 75_000)).toMatchObject({ state: 'exceeded', headroom: -15_000 });
    });

    it('is unknown without a credit limit or an open balance, and says which', () => {
        expect(creditHeadroom(facts({ creditLimit: null }), 0)).toMatchObject({
            state: 'unknown',
            headroom: null,
            note: 'No credit limit is known for this customer.'
        });
        expect(creditHeadroom(facts({ openBalance: null }), 0).note).toContain('open balance is not known');
        expect(creditHeadroom(null, 0).state).toBe('unknown');
    });

    it('counts the balance only when the pipeline is hidden, and says so', () => {
        const headroom = creditHeadroom(facts(), null);
        expect(headroom).toMatchObject({ state: 'available', headroom: 60_000 });
        expect(headroom.note).toContain('only the open balance');
    });
});

describe('bookedByPeriod', () => {
    const spec = { unit: 'quarter' as const, fiscalYearStartMonth: 2 };

    it('sums closed-won amounts by fiscal quarter, empty quarters included, up to the as-of date', () => {
        const deals = [
            closed('w1', true, '2026-02-03', 5000),
            closed('w2', true, '2026-04-30', 7000),
            closed('l1', false, '2026-05-02', 9000),
            closed('w3', true, '2026-11-01', null),
            closed('w4', true, '2026-12-01', 1000), // after the as-of date: not booked yet
            deal({ id: 'open' })
        ];
        const periods = bookedByPeriod(deals, spec, '2026-11-15');
        expect(periods.map((p) => [p.label, p.booked, p.won])).toEqual([
            ['FY2027 Q1', 12_000, 2],
            ['FY2027 Q2', 0, 0],
            ['FY2027 Q3', 0, 0],
            // Won without an amount: counted as a win, adds nothing to the booked sum.
            ['FY2027 Q4', 0, 1]
        ]);
    });

    it('keeps only the latest periods asked for', () => {
        const deals = [closed('old', true, '2023-03-01', 1), closed('new', true, '2026-11-01', 2)];
        const periods = bookedByPeriod(deals, spec, '2026-11-15', 3);
        expect(periods.map((p) => p.key)).toEqual(['FY2027-Q2', 'FY2027-Q3', 'FY2027-Q4']);
        expect(periods[2].booked).toBe(2);
    });

    it('is empty for an account that never bought', () => {
        expect(bookedByPeriod([closed('l', false, '2026-01-01')], spec, '2026-11-15')).toEqual([]);
    });
});

describe('compareWinRates', () => {
    const many = (won: number, lost: number) => [
        ...Array.from({ length: won }, (_, i) => closed(`w${i}`, true, '2026-01-01')),
        ...Array.from({ length: lost }, (_, i) => closed(`l${i}`, false, '2026-01-01'))
    ];

    it('gives no rate below the minimum history, only the counts', () => {
        const comparison = compareWinRates(many(3, 1), { won: 400, lost: 600 });
        expect(comparison.verdict).toBe('notEnoughHistory');
        expect(comparison.account).toEqual({ won: 3, lost: 1, rate: null, low: null, high: null });
        expect(comparison.text).toBe(
            'Not enough history with this account for a win rate: 4 closed deals (won 3, lost 1), 30 needed.'
        );
        expect(compareWinRates([], { won: 1, lost: 1 }).account.rate).toBeNull();
    });

    it('calls the account higher only when its interval lies above the overall rate', () => {
        const comparison = compareWinRates(many(30, 10), { won: 400, lost: 600 });
        const interval = wilsonInterval(30, 40)!;
        expect(comparison.account).toEqual({
            won: 30,
            lost: 10,
            rate: 0.75,
            low: interval.low,
            high: interval.high
        });
        expect(comparison.overall?.rate).toBe(0.4);
        expect(interval.low).toBeGreaterThan(0.4);
        expect(comparison.verdict).toBe('higher');
        expect(comparison.text).toBe(
            'Win rate with this account 75% (95%: 60%–86%, won 30, lost 10): higher than the overall 40% beyond chance.'
        );
    });

    it('says no clear difference when the interval contains the overall rate', () => {
        expect(compareWinRates(many(18, 22), { won: 400, lost: 600 }).verdict).toBe('similar');
    });

    it('has nothing to compare with without an overall rate', () => {
        const comparison = compareWinRates(many(20, 20), null);
        expect(comparison.verdict).toBe('notEnoughHistory');
        expect(comparison.account.rate).toBe(0.5);
        expect(comparison.text).toContain('No overall win rate');
    });
});

describe('overallWinLoss', () => {
    it('takes the largest stage cohort: every closed deal entered at least one stage', () => {
        const fitted = benchmarks([
            stageBenchmark('Prospecting', 40, 60),
            stageBenchmark('Proposal', 30, 20)
        ]);
        expect(overallWinLoss(fitted)).toEqual({ won: 40, lost: 60 });
        expect(overallWinLoss(null)).toBeNull();
        expect(overallWinLoss(benchmarks([]))).toBeNull();
    });
});

describe('financeFlag', () => {
    const open = { id: '006A', isClosed: false };

    it('flags a deal on a past-due account with the amount, days and terms', () => {
        const status = financeStatus(facts({ pastDueAmount: 12_300, daysPastDue: 45 }));
        const flag = financeFlag(open, status, creditHeadroom(facts(), 0))!;
        expect(flag).toMatchObject({
            dealId: '006A',
            kind: 'accountFinance',
            severity: 'medium',
            reasons: ['pastDue'],
            evidence: {
                pastDueAmount: 12_300,
                daysPastDue: 45,
                paymentTerms: 'Net 30',
                financeAsOf: '2026-11-14'
            }
        });
        expect(flag.message).toBe(
            'The account is past due on 12,300 (45 days): booking this deal may wait for finance.'
        );
    });

    it('is high severity on credit hold or past due beyond 60 days', () => {
        expect(financeFlag(open, financeStatus(facts({ creditHold: true })), null)?.severity).toBe('high');
        expect(
            financeFlag(open, financeStatus(facts({ pastDueAmount: 1, daysPastDue: 61 })), null)?.severity
        ).toBe('high');
    });

    it('flags a deal whose account is over its headroom, with the terms of the subtraction', () => {
        const flag = financeFlag(open, financeStatus(facts()), creditHeadroom(facts(), 75_000))!;
        expect(flag.reasons).toEqual(['overHeadroom']);
        expect(flag.evidence).toMatchObject({
            creditLimit: 100_000,
            openBalance: 40_000,
            adjustedOpenPipeline: 75_000,
            headroom: -15_000
        });
        expect(flag.message).toContain('exceed the credit limit by 15,000');
    });

    it('does not flag a deal within terms and headroom, a closed deal, or an account without data', () => {
        expect(financeFlag(open, financeStatus(facts()), creditHeadroom(facts(), 10_000))).toBeNull();
        expect(
            financeFlag({ id: 'x', isClosed: true }, financeStatus(facts({ creditHold: true })), null)
        ).toBeNull();
        expect(financeFlag(open, financeStatus(null), creditHeadroom(null, 10_000))).toBeNull();
    });
});

describe('from Salesforce shapes', () => {
    it('reads Apex facts with left-out nulls as unknown, and rejects values of the wrong kind', () => {
        expect(
            financeFactsFrom({ creditLimit: 5000, creditHold: false, asOf: '2026-11-14', openBalance: 'x' })
        ).toEqual({
            erpCustomerId: null,
            creditLimit: 5000,
            paymentTerms: null,
            openBalance: null,
            pastDueAmount: null,
            daysPastDue: null,
            lastInvoiceDate: null,
            creditHold: false,
            asOf: '2026-11-14'
        });
        expect(financeFactsFrom(null)).toBeNull();
    });

    it('reads an Opportunity SObject, percent to fraction, answers by field name', () => {
        const row = {
            Id: '006X',
            Name: 'Big one',
            StageName: 'Proposal',
            Amount: 5000,
            CloseDate: '2026-12-01',
            Probability: 60,
            IsClosed: false,
            IsWon: false,
            Org_Size__c: 120
        };
        expect(accountDealFrom(row, ['Org_Size__c', 'Reception__c'])).toEqual({
            id: '006X',
            name: 'Big one',
            stageName: 'Proposal',
            amount: 5000,
            closeDate: '2026-12-01',
            probability: 0.6,
            isClosed: false,
            isWon: false,
            fields: { Org_Size__c: 120, Reception__c: null }
        });
        // Amount hidden from the user: absent from the row, unknown in the deal.
        expect(accountDealFrom({ Id: '006Y', StageName: 'Proposal' }, []).amount).toBeNull();
    });
});

describe('flagAccountFinance and financeForecastAtRisk', () => {
    const process = sampleProcess();
    const history = benchmarks([stageBenchmark('Prospecting', 40, 60), stageBenchmark('Discovery', 40, 40)]);
    const on = (accountId: string | null, d: AccountDeal) => ({ ...d, accountId });
    const deals = [
        on('A', deal({ id: 'a1', amount: 50_000, probability: 0.3 })),
        on('A', deal({ id: 'a2', amount: 30_000 })),
        on('A', closed('a3', true, '2026-01-01', 99_000)),
        on('B', deal({ id: 'b1', amount: 20_000 })),
        on('C', deal({ id: 'c1', amount: 10_000 })),
        on(null, deal({ id: 'n1', amount: 5_000 }))
    ];
    const factsByAccount = new Map([
        ['A', facts({ pastDueAmount: 8_000, daysPastDue: 20 })],
        ['B', facts({ creditLimit: 50_000, openBalance: 45_000 })]
    ]);

    it('flags every open deal of a troubled account with its own headroom, and nothing else', () => {
        const flags = flagAccountFinance(process, history, deals, factsByAccount);
        expect(flags.map((f) => [f.dealId, f.reasons])).toEqual([
            ['a1', ['pastDue']],
            ['a2', ['pastDue']],
            ['b1', ['overHeadroom']]
        ]);
        // B's headroom: 50,000 − 45,000 − its one deal at its adjusted probability, as the Account page shows it.
        const pipelineB = accountPipeline(process, history, [deals[3]]).adjusted;
        expect(flags[2].evidence.headroom).toBeCloseTo(5_000 - pipelineB, 6);
    });

    it('sums the forecast at risk in total and per reason, each deal once in each, however many flags name it', () => {
        const flags = flagAccountFinance(process, history, deals, factsByAccount);
        const hold = financeFlag(
            { id: 'a1', isClosed: false },
            financeStatus(facts({ creditHold: true, pastDueAmount: 1, daysPastDue: 1 })),
            null
        )!;
        const rows = [
            { id: 'a1', amount: 50_000, statedProbability: 0.3, adjustedProbability: 0.4 },
            { id: 'a2', amount: 30_000, statedProbability: 0.25, adjustedProbability: 0.2 },
            { id: 'b1', amount: null, statedProbability: 0.25, adjustedProbability: 0.2 }
        ];
        const risk = financeForecastAtRisk([...flags, hold], rows);
        expect(risk.total).toEqual({ deals: 3, openAmount: 80_000, stated: 22_500, adjusted: 26_000 });
        expect(risk.byReason.pastDue).toEqual({
            deals: 2,
            openAmount: 80_000,
            stated: 22_500,
            adjusted: 26_000
        });
        expect(risk.byReason.onHold).toEqual({
            deals: 1,
            openAmount: 50_000,
            stated: 15_000,
            adjusted: 20_000
        });
        expect(risk.byReason.overHeadroom.deals).toBe(1);
        expect(risk.byReason.overHeadroom.openAmount).toBe(0);
    });
});
