/**
 * The account's money in the reconciliation: the `accountFinance` flag on open deals whose account
 * is on credit hold, past due or over its credit headroom (the core's `flagAccountFinance`, the same
 * judgement as the deal and Account pages), and the forecast at risk from those accounts. Nothing
 * when no account carries facts: the section and the flags are then absent, not zero.
 */
import {
    type AccountFinanceFacts,
    type Benchmarks,
    type FinanceFlag,
    type ForecastDeal,
    type OpportunityRecord,
    type PipelineDeal,
    type ProcessDefinition,
    FINANCE_STATE_LABELS,
    financeForecastAtRisk,
    financeStatus,
    flagAccountFinance
} from '../core';
import type { Dataset } from '../dataset';
import { FINANCE_COLUMNS, hasFinanceFacts } from '../records/finance';
import type { FinanceAccountRow, FinanceSection } from '../reconciliation';

export function reconcileFinance(
    dataset: Dataset,
    salesProcess: ProcessDefinition,
    benchmarks: Benchmarks,
    pipeline: readonly PipelineDeal[],
    deals: readonly ForecastDeal[],
    records: Pick<ReadonlyMap<string, OpportunityRecord>, 'get'>
): { flags: FinanceFlag[]; section: FinanceSection | null } {
    const factsByAccount = new Map<string, AccountFinanceFacts>();
    for (const account of dataset.accounts)
        if (account.finance && hasFinanceFacts(account.finance))
            factsByAccount.set(account.id, account.finance);
    // Facts with problems still count as read: a source with the columns but nothing usable says so below.
    const withColumns = dataset.accounts.filter((a) => a.finance !== null).length;
    if (withColumns === 0) return { flags: [], section: null };
    const accountOf = new Map<string, string | null>();
    const flags = flagAccountFinance(
        salesProcess,
        benchmarks,
        pipeline
            .filter((p) => !p.isClosed)
            .map((p) => {
                const record = records.get(p.id);
                accountOf.set(p.id, record?.accountId ?? null);
                return {
                    id: p.id,
                    name: record?.name ?? p.id,
                    stageName: p.stageName,
                    amount: p.amount,
                    closeDate: p.closeDate,
                    probability: p.probability,
                    isClosed: p.isClosed,
                    isWon: p.isWon,
                    fields: p.values,
                    accountId: record?.accountId ?? null
                };
            }),
        factsByAccount
    );
    const atRisk = financeForecastAtRisk(flags, deals);
    const byId = new Map(deals.map((d) => [d.id, d]));
    const names = new Map(dataset.accounts.map((a) => [a.id, a.name]));
    const rows = new Map<string, FinanceAccountRow>();
    for (const flag of flags) {
        const accountId = accountOf.get(flag.dealId)!;
        const facts = factsByAccount.get(accountId)!;
        let row = rows.get(accountId);
        if (!row) {
            row = {
                accountId,
                name: names.get(accountId) || accountId,
                state: FINANCE_STATE_LABELS[financeStatus(facts).state],
                reasons: [],
                pastDueAmount: facts.pastDueAmount,
                daysPastDue: facts.daysPastDue,
                openBalance: facts.openBalance,
                creditLimit: facts.creditLimit,
                asOf: facts.asOf,
                deals: 0,
                openAmount: 0,
                adjusted: 0
            };
            rows.set(accountId, row);
        }
        for (const reason of flag.reasons) if (!row.reasons.includes(reason)) row.reasons.push(reason);
        const deal = byId.get(flag.dealId);
        row.deals++;
        row.openAmount += deal?.amount ?? 0;
        row.adjusted += (deal?.amount ?? 0) * (deal?.adjustedProbability ?? 0);
    }
    const financeColumns = new Set(FINANCE_COLUMNS.map((c) => c.toLowerCase()));
    // The Account source is `Account.csv` in a Data Export and `Account` in an org.
    const problems = dataset.problems.filter(
        (p) =>
            (p.source === 'Account.csv' || p.source === 'Account') &&
            p.column !== null &&
            financeColumns.has(p.column.toLowerCase())
    ).length;
    const asOfDates = [...factsByAccount.values()].map((f) => f.asOf).filter((d): d is string => d !== null);
    return {
        flags,
        section: {
            atRisk,
            accounts: [...rows.values()].sort((a, b) => b.openAmount - a.openAmount),
            quality: {
                accounts: dataset.accounts.length,
                withFacts: factsByAccount.size,
                withoutFacts: dataset.accounts.length - factsByAccount.size,
                valuesNotRead: problems,
                asOfFrom: asOfDates.length ? asOfDates.reduce((a, b) => (b < a ? b : a)) : null,
                asOfTo: asOfDates.length ? asOfDates.reduce((a, b) => (b > a ? b : a)) : null
            }
        }
    };
}
