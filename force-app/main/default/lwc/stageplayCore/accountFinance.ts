/**
 * The account's money: what the accounting system says about a customer (terms, credit, balance,
 * past due) judged into states a rep and finance read the same way, the credit left once the open
 * pipeline is counted, what the customer booked by fiscal period, how often deals with it were won
 * against every deal, and the flag an open deal carries when its account is past due, on hold or
 * over its headroom. Pure functions over plain data, shared by the Account page, the deal page and
 * the scripts; amounts are in the org's currency, days are whole days, dates `YYYY-MM-DD`.
 */
import { type Fact, fact, flagEvidence } from './evidence';
import { MIN_HISTORY_DEALS } from './fit';
import { formatAmount, formatCount, formatDays, plural } from './format';
import { periodOf, periodsBetween, toDate } from './periods';
import { scoreDeal } from './score';
import { wilsonInterval } from './stats';
import type { Benchmarks, DealFlag, FieldValue, Period, PeriodSpec, ProcessDefinition } from './types';

/**
 * The accounting facts of one account as the ERP last reported them (the `Stageplay_*` Account
 * fields). Null means unknown: not loaded, or hidden from the user. A credit hold that is unknown
 * (null) differs from one that is off (false).
 */
export interface AccountFinanceFacts {
    /** The customer's id in the ERP (`Stageplay_ERP_Customer_Id__c`). */
    erpCustomerId: string | null;
    creditLimit: number | null;
    /** `Net 30`, `Due on Receipt`, or whatever the ERP calls them. */
    paymentTerms: string | null;
    /** All unpaid invoices, due or not. */
    openBalance: number | null;
    /** The part of the open balance past its due date. */
    pastDueAmount: number | null;
    /** Days the oldest unpaid invoice is past due. */
    daysPastDue: number | null;
    lastInvoiceDate: string | null;
    creditHold: boolean | null;
    /** Date of the ERP export these facts come from. */
    asOf: string | null;
}

/** Facts nobody reported: every field unknown (not zero, not "no hold"). */
export function unknownFinanceFacts(): AccountFinanceFacts {
    return {
        erpCustomerId: null,
        creditLimit: null,
        paymentTerms: null,
        openBalance: null,
        pastDueAmount: null,
        daysPastDue: null,
        lastInvoiceDate: null,
        creditHold: null,
        asOf: null
    };
}

/** The finance states, most severe first. */
export type FinanceState = 'onHold' | 'overLimit' | 'pastDue' | 'withinTerms' | 'noData';

export const FINANCE_STATE_ORDER: readonly FinanceState[] = [
    'onHold',
    'overLimit',
    'pastDue',
    'withinTerms',
    'noData'
];

/** What each state is called wherever it is shown. */
export const FINANCE_STATE_LABELS: Record<FinanceState, string> = {
    onHold: 'On credit hold',
    overLimit: 'Over credit limit',
    pastDue: 'Past due',
    withinTerms: 'Within terms',
    noData: 'No accounting data'
};

/** The facts behind a state or a flag, each with its unit (made with `fact`, as every flag's evidence). */
export type FinanceEvidence = Pick<DealFlag, 'evidence' | 'units'>;

/** One state that holds for the account, with the sentence and the facts behind it. */
export interface FinanceCondition extends FinanceEvidence {
    state: FinanceState;
    message: string;
}

export interface AccountFinanceStatus {
    /** The most severe state that holds. */
    state: FinanceState;
    /** Every state that holds, most severe first (`withinTerms` or `noData` alone when nothing is wrong). */
    conditions: FinanceCondition[];
    /** Days the terms give (`Net 30` → 30, `Due on Receipt` → 0), null when the terms are unknown or unread. */
    termsDays: number | null;
}

const isAmount = (v: number | null | undefined): v is number => typeof v === 'number' && Number.isFinite(v);

/** `Net 30` → 30, `Due on Receipt` → 0, `2/10 Net 45` → 45; null when no day count can be read. */
export function paymentTermsDays(terms: string | null | undefined): number | null {
    if (!terms) return null;
    const text = terms.trim();
    if (/^(due\s+on\s+receipt|cash\s+on\s+delivery|cod|cia|cash\s+in\s+advance)$/i.test(text)) return 0;
    const net = /net\s*(\d{1,3})\b/i.exec(text);
    if (net) return Number(net[1]);
    const bare = /^(\d{1,3})\s*days?$/i.exec(text);
    return bare ? Number(bare[1]) : null;
}

/** True when the ERP told us anything about what the customer owes. */
function hasReceivables(facts: AccountFinanceFacts): boolean {
    return isAmount(facts.openBalance) || isAmount(facts.pastDueAmount) || isAmount(facts.daysPastDue);
}

/**
 * The states that hold for an account. Past due is any amount or any day past due; over limit is an
 * open balance above the credit limit (the pipeline is the headroom's business, not the limit's);
 * within terms needs some receivables fact showing nothing overdue, so an account the ERP never
 * reported reads "no accounting data", never "within terms".
 */
export function financeStatus(facts: AccountFinanceFacts | null): AccountFinanceStatus {
    if (!facts) return { state: 'noData', conditions: [noDataCondition()], termsDays: null };
    const termsDays = paymentTermsDays(facts.paymentTerms);
    const conditions: FinanceCondition[] = [];
    const asOf = facts.asOf ?? null;
    if (facts.creditHold === true) {
        conditions.push({
            state: 'onHold',
            message: 'Finance has put this customer on credit hold: new orders wait until it is released.',
            ...flagEvidence({
                creditHold: fact.answer(true),
                openBalance: fact.money(facts.openBalance),
                pastDueAmount: fact.money(facts.pastDueAmount),
                financeAsOf: fact.date(asOf)
            })
        });
    }
    if (isAmount(facts.creditLimit) && isAmount(facts.openBalance) && facts.openBalance > facts.creditLimit) {
        conditions.push({
            state: 'overLimit',
            message: `The open balance (${formatAmount(facts.openBalance)}) is above the credit limit (${formatAmount(facts.creditLimit)}) by ${formatAmount(facts.openBalance - facts.creditLimit)}.`,
            ...flagEvidence({
                openBalance: fact.money(facts.openBalance),
                creditLimit: fact.money(facts.creditLimit),
                overLimitBy: fact.money(facts.openBalance - facts.creditLimit),
                financeAsOf: fact.date(asOf)
            })
        });
    }
    const pastDueAmount = isAmount(facts.pastDueAmount) ? facts.pastDueAmount : null;
    const daysPastDue = isAmount(facts.daysPastDue) ? facts.daysPastDue : null;
    if ((pastDueAmount ?? 0) > 0 || (daysPastDue ?? 0) > 0) {
        const amount =
            pastDueAmount !== null && pastDueAmount > 0 ? formatAmount(pastDueAmount) : 'an amount';
        const days =
            daysPastDue !== null && daysPastDue > 0
                ? `, the oldest invoice ${formatDays(daysPastDue)} late`
                : '';
        const terms = facts.paymentTerms ? ` (terms ${facts.paymentTerms})` : '';
        conditions.push({
            state: 'pastDue',
            message: `${amount === 'an amount' ? 'Invoices are' : `${amount} is`} past due${days}${terms}.`,
            ...flagEvidence({
                pastDueAmount: fact.money(pastDueAmount),
                daysPastDue: fact.days(daysPastDue),
                paymentTerms: fact.text(facts.paymentTerms),
                openBalance: fact.money(facts.openBalance),
                financeAsOf: fact.date(asOf)
            })
        });
    }
    if (conditions.length > 0) return { state: conditions[0].state, conditions, termsDays };
    if (!hasReceivables(facts)) return { state: 'noData', conditions: [noDataCondition()], termsDays };
    return {
        state: 'withinTerms',
        conditions: [
            {
                state: 'withinTerms',
                message: `Nothing is past due${facts.paymentTerms ? ` on ${facts.paymentTerms}` : ''}.`,
                ...flagEvidence({
                    openBalance: fact.money(facts.openBalance),
                    pastDueAmount: fact.money(pastDueAmount),
                    paymentTerms: fact.text(facts.paymentTerms),
                    financeAsOf: fact.date(asOf)
                })
            }
        ],
        termsDays
    };
}

function noDataCondition(): FinanceCondition {
    return {
        state: 'noData',
        message: 'The accounting system has not reported a balance for this customer.',
        evidence: {},
        units: {}
    };
}

// ---------------------------------------------------------------------------------------------
// Open pipeline, stated and history-adjusted
// ---------------------------------------------------------------------------------------------

/** An opportunity of the account, as much as the account view needs. */
export interface AccountDeal {
    id: string;
    name: string;
    stageName: string;
    /** Null when unknown or hidden. */
    amount: number | null;
    /** `YYYY-MM-DD`; null when hidden. */
    closeDate: string | null;
    /** The deal's own probability, 0..1. */
    probability: number | null;
    isClosed: boolean;
    isWon: boolean;
    /** Parameter field values the user can read. */
    fields: Record<string, FieldValue>;
}

export interface AccountPipelineDeal {
    id: string;
    name: string;
    stageName: string;
    amount: number | null;
    closeDate: string | null;
    /** The deal's probability, or its stage's when it has none. */
    statedProbability: number;
    /** History-adjusted, as the deal page computes it (`scoreDeal`). */
    adjustedProbability: number;
}

export interface AccountPipeline {
    deals: AccountPipelineDeal[];
    /** Σ amount × stated probability over open deals with an amount. */
    stated: number;
    /** Σ amount × history-adjusted probability over open deals with an amount. */
    adjusted: number;
    /** Σ amount of open deals. */
    openAmount: number;
    /** Open deals whose amount is blank or hidden: counted, not summed. */
    withoutAmount: number;
}

/**
 * The account's open deals with the stated and the history-adjusted probability the deal page would
 * show (the same `scoreDeal`, the same benchmarks), summed into expected amounts.
 */
export function accountPipeline(
    process: ProcessDefinition,
    benchmarks: Benchmarks | null,
    deals: readonly AccountDeal[]
): AccountPipeline {
    const open = deals.filter((d) => !d.isClosed);
    let stated = 0;
    let adjusted = 0;
    let openAmount = 0;
    let withoutAmount = 0;
    const rows: AccountPipelineDeal[] = open.map((deal) => {
        const score = scoreDeal(process, benchmarks, {
            stageName: deal.stageName,
            probability: deal.probability,
            isClosed: false,
            isWon: false,
            fields: deal.fields
        });
        const statedProbability = deal.probability ?? score.nominal;
        if (isAmount(deal.amount)) {
            stated += deal.amount * statedProbability;
            adjusted += deal.amount * score.adjusted;
            openAmount += deal.amount;
        } else {
            withoutAmount++;
        }
        return {
            id: deal.id,
            name: deal.name,
            stageName: deal.stageName,
            amount: deal.amount,
            closeDate: deal.closeDate,
            statedProbability,
            adjustedProbability: score.adjusted
        };
    });
    return { deals: rows, stated, adjusted, openAmount, withoutAmount };
}

// ---------------------------------------------------------------------------------------------
// Credit headroom
// ---------------------------------------------------------------------------------------------

export interface CreditHeadroom {
    /** `available` ≥ 0 left, `exceeded` below 0, `unknown` without a credit limit or an open balance. */
    state: 'available' | 'exceeded' | 'unknown';
    creditLimit: number | null;
    openBalance: number | null;
    /** The adjusted open pipeline counted against the limit; null when it could not be computed. */
    adjustedOpenPipeline: number | null;
    /** credit limit − open balance − adjusted open pipeline; null when unknown. */
    headroom: number | null;
    /** Why the headroom is unknown or partial, in words; null when complete. */
    note: string | null;
}

/**
 * Credit left once what the customer owes and what it is expected to buy are counted:
 * limit − open balance − adjusted open pipeline. The adjusted pipeline, not the stated one, because
 * it is what history says will be invoiced. Without a limit or a balance nothing is said; without
 * the pipeline (amounts hidden) the headroom counts the balance only and says so.
 */
export function creditHeadroom(
    facts: AccountFinanceFacts | null,
    adjustedOpenPipeline: number | null
): CreditHeadroom {
    const creditLimit = facts && isAmount(facts.creditLimit) ? facts.creditLimit : null;
    const openBalance = facts && isAmount(facts.openBalance) ? facts.openBalance : null;
    const pipeline = isAmount(adjustedOpenPipeline) ? adjustedOpenPipeline : null;
    if (creditLimit === null || openBalance === null) {
        return {
            state: 'unknown',
            creditLimit,
            openBalance,
            adjustedOpenPipeline: pipeline,
            headroom: null,
            note:
                creditLimit === null
                    ? 'No credit limit is known for this customer.'
                    : 'The open balance is not known, so the headroom cannot be computed.'
        };
    }
    const headroom = creditLimit - openBalance - (pipeline ?? 0);
    return {
        state: headroom < 0 ? 'exceeded' : 'available',
        creditLimit,
        openBalance,
        adjustedOpenPipeline: pipeline,
        headroom,
        note: pipeline === null ? 'Open deal amounts are hidden, so only the open balance is counted.' : null
    };
}

// ---------------------------------------------------------------------------------------------
// Booked history
// ---------------------------------------------------------------------------------------------

export interface BookedPeriod extends Period {
    /** Σ amount of deals closed won in the period. */
    booked: number;
    /** Deals closed won in the period (those without an amount included). */
    won: number;
}

/**
 * Closed-won amounts by fiscal period, from the first won deal's period (or `periods` back from the
 * as-of date, whichever is later) to the period holding the as-of date, empty periods included so a
 * gap reads as a gap.
 */
export function bookedByPeriod(
    deals: readonly AccountDeal[],
    spec: PeriodSpec,
    asOf: string,
    periods = 8
): BookedPeriod[] {
    const won = deals.filter(
        (d) => d.isClosed && d.isWon && d.closeDate && toDate(d.closeDate) <= toDate(asOf)
    );
    if (won.length === 0) return [];
    const firstWon = won.reduce((min, d) => (d.closeDate! < min ? d.closeDate! : min), won[0].closeDate!);
    const all = periodsBetween(firstWon, asOf, spec);
    const shown = all.slice(Math.max(0, all.length - periods));
    const byKey = new Map<string, BookedPeriod>(shown.map((p) => [p.key, { ...p, booked: 0, won: 0 }]));
    for (const deal of won) {
        const row = byKey.get(periodOf(deal.closeDate!, spec).key);
        if (!row) continue;
        row.won++;
        if (isAmount(deal.amount)) row.booked += deal.amount;
    }
    return shown.map((p) => byKey.get(p.key)!);
}

// ---------------------------------------------------------------------------------------------
// Win rate with this account vs overall
// ---------------------------------------------------------------------------------------------

export interface WinRate {
    won: number;
    lost: number;
    /** won / (won + lost); null below the minimum history (never from too little evidence). */
    rate: number | null;
    /** 95% Wilson interval; null below the minimum history. */
    low: number | null;
    high: number | null;
}

export interface WinRateComparison {
    account: WinRate;
    /** Every closed deal the published benchmarks rest on; null without benchmarks. */
    overall: WinRate | null;
    minimumDeals: number;
    /**
     * `higher` / `lower` when the account's 95% interval lies entirely above / below the overall rate,
     * `similar` when it contains it, `notEnoughHistory` below the minimum or without an overall rate.
     */
    verdict: 'higher' | 'lower' | 'similar' | 'notEnoughHistory';
    /** The comparison in one sentence. */
    text: string;
}

function winRate(won: number, lost: number, minimum: number): WinRate {
    const n = won + lost;
    if (n < minimum || n === 0) return { won, lost, rate: null, low: null, high: null };
    const interval = wilsonInterval(won, n)!;
    return { won, lost, rate: won / n, low: interval.low, high: interval.high };
}

/**
 * Won and lost over every closed deal the benchmarks were fitted on. Benchmarks store cohorts per
 * stage, not one total: every closed deal entered at least one stage, so the largest cohort (the
 * first stage, where deals are created) is the closest count, and the same one the page's
 * "learned from N closed deals" uses.
 */
export function overallWinLoss(benchmarks: Benchmarks | null): { won: number; lost: number } | null {
    if (!benchmarks || benchmarks.stages.length === 0) return null;
    const largest = benchmarks.stages.reduce((best, s) => (s.reached > best.reached ? s : best));
    return largest.reached > 0 ? { won: largest.won, lost: largest.lost } : null;
}

/**
 * The account's win rate beside the overall one, each with its 95% interval, and whether the account
 * differs beyond chance. Below `minimumDeals` closed deals (the core's minimum history, 30) no rate
 * is given for either side, only the counts.
 */
export function compareWinRates(
    deals: readonly AccountDeal[],
    overall: { won: number; lost: number } | null,
    minimumDeals: number = MIN_HISTORY_DEALS
): WinRateComparison {
    const won = deals.filter((d) => d.isClosed && d.isWon).length;
    const lost = deals.filter((d) => d.isClosed && !d.isWon).length;
    const account = winRate(won, lost, minimumDeals);
    const overallRate = overall ? winRate(overall.won, overall.lost, minimumDeals) : null;
    const counts = `won ${formatCount(won)}, lost ${formatCount(lost)}`;
    if (account.rate === null) {
        return {
            account,
            overall: overallRate,
            minimumDeals,
            verdict: 'notEnoughHistory',
            text: `Not enough history with this account for a win rate: ${plural(won + lost, 'closed deal', 'closed deals')} (${counts}), ${formatCount(minimumDeals)} needed.`
        };
    }
    if (!overallRate || overallRate.rate === null) {
        return {
            account,
            overall: overallRate,
            minimumDeals,
            verdict: 'notEnoughHistory',
            text: `No overall win rate to compare with: benchmarks are not published or rest on fewer than ${formatCount(minimumDeals)} closed deals.`
        };
    }
    const verdict =
        account.low! > overallRate.rate ? 'higher' : account.high! < overallRate.rate ? 'lower' : 'similar';
    const pct = (p: number) => `${Math.round(p * 100)}%`;
    const shown = `${pct(account.rate)} (95%: ${pct(account.low!)}–${pct(account.high!)}, ${counts})`;
    const text =
        verdict === 'similar'
            ? `Win rate with this account ${shown}: no clear difference from the overall ${pct(overallRate.rate)}.`
            : `Win rate with this account ${shown}: ${verdict} than the overall ${pct(overallRate.rate)} beyond chance.`;
    return { account, overall: overallRate, minimumDeals, verdict, text };
}

// ---------------------------------------------------------------------------------------------
// The deal's finance flag
// ---------------------------------------------------------------------------------------------

/** Why a deal carries the finance flag. */
export type FinanceFlagReason = 'onHold' | 'pastDue' | 'overHeadroom';

/** What each reason for the finance flag is called wherever it is shown (the report's per-reason rows). */
export const FINANCE_FLAG_REASON_LABELS: Record<FinanceFlagReason, string> = {
    onHold: 'On credit hold',
    pastDue: 'Past due',
    overHeadroom: 'Over credit headroom'
};

export interface FinanceFlag extends DealFlag {
    kind: 'accountFinance';
    reasons: FinanceFlagReason[];
}

/** Past due beyond this many days is high severity: the customer is a quarter late. */
export const SEVERE_DAYS_PAST_DUE = 60;

/**
 * The flag an open deal carries when its account is on credit hold, past due, or over its credit
 * headroom (limit − balance − adjusted open pipeline below 0): booking it may need finance to release
 * credit first, so its forecast is at risk. Null when none holds or the deal is closed.
 */
export function financeFlag(
    deal: { id: string; isClosed: boolean },
    status: AccountFinanceStatus,
    headroom: CreditHeadroom | null
): FinanceFlag | null {
    if (deal.isClosed) return null;
    const reasons: FinanceFlagReason[] = [];
    const sentences: string[] = [];
    const facts: Record<string, Fact> = {};
    const hold = status.conditions.find((c) => c.state === 'onHold');
    const pastDue = status.conditions.find((c) => c.state === 'pastDue');
    if (hold) {
        reasons.push('onHold');
        sentences.push('the account is on credit hold');
        facts.creditHold = fact.answer(true);
    }
    if (pastDue) {
        reasons.push('pastDue');
        const amount = pastDue.evidence.pastDueAmount as number | null;
        const days = pastDue.evidence.daysPastDue as number | null;
        sentences.push(
            `the account is past due${amount ? ` on ${formatAmount(amount)}` : ''}${days ? ` (${formatDays(days)})` : ''}`
        );
        facts.pastDueAmount = fact.money(amount);
        facts.daysPastDue = fact.days(days);
        facts.paymentTerms = fact.text((pastDue.evidence.paymentTerms as string | null | undefined) ?? null);
    }
    if (headroom?.state === 'exceeded') {
        reasons.push('overHeadroom');
        sentences.push(
            `its open balance and adjusted open pipeline exceed the credit limit by ${formatAmount(-headroom.headroom!)}`
        );
        facts.creditLimit = fact.money(headroom.creditLimit);
        facts.openBalance = fact.money(headroom.openBalance);
        facts.adjustedOpenPipeline = fact.money(headroom.adjustedOpenPipeline);
        facts.headroom = fact.money(headroom.headroom);
    }
    if (reasons.length === 0) return null;
    facts.financeAsOf = fact.date(
        ((hold ?? pastDue)?.evidence.financeAsOf as string | null | undefined) ?? null
    );
    const severeDays = ((facts.daysPastDue?.value as number | null | undefined) ?? 0) > SEVERE_DAYS_PAST_DUE;
    const severity: DealFlag['severity'] = hold || severeDays ? 'high' : 'medium';
    const first = sentences.join('; ');
    return {
        dealId: deal.id,
        kind: 'accountFinance',
        severity,
        reasons,
        message: `${first.charAt(0).toUpperCase()}${first.slice(1)}: booking this deal may wait for finance.`,
        ...flagEvidence(facts)
    };
}

// ---------------------------------------------------------------------------------------------
// Many accounts at once (the report)
// ---------------------------------------------------------------------------------------------

/**
 * The finance flag of every open deal, for many accounts at once: each account's headroom counts its
 * own open deals at their history-adjusted probability, exactly as the Account page and the deal page
 * compute it. Deals without an account, or on an account without facts, carry no flag.
 */
export function flagAccountFinance(
    process: ProcessDefinition,
    benchmarks: Benchmarks | null,
    deals: ReadonlyArray<AccountDeal & { accountId: string | null }>,
    factsByAccount: ReadonlyMap<string, AccountFinanceFacts>
): FinanceFlag[] {
    const openByAccount = new Map<string, AccountDeal[]>();
    for (const deal of deals) {
        if (deal.isClosed || !deal.accountId || !factsByAccount.has(deal.accountId)) continue;
        const list = openByAccount.get(deal.accountId) ?? [];
        list.push(deal);
        openByAccount.set(deal.accountId, list);
    }
    const flags: FinanceFlag[] = [];
    for (const [accountId, open] of openByAccount) {
        const facts = factsByAccount.get(accountId)!;
        const status = financeStatus(facts);
        const headroom = creditHeadroom(facts, accountPipeline(process, benchmarks, open).adjusted);
        for (const deal of open) {
            const flag = financeFlag(deal, status, headroom);
            if (flag) flags.push(flag);
        }
    }
    return flags;
}

export interface FinanceRiskTotals {
    deals: number;
    /** Σ amount of the flagged deals. */
    openAmount: number;
    /** Σ amount × stated probability. */
    stated: number;
    /** Σ amount × history-adjusted probability. */
    adjusted: number;
}

/**
 * The forecast at risk from accounts in trouble: the flagged deals' open amount and expected amounts,
 * in total and per reason (a deal flagged for two reasons counts under both, once in the total).
 */
export function financeForecastAtRisk(
    flags: readonly FinanceFlag[],
    deals: ReadonlyArray<{
        id: string;
        amount: number | null;
        statedProbability: number;
        adjustedProbability: number;
    }>
): { total: FinanceRiskTotals; byReason: Record<FinanceFlagReason, FinanceRiskTotals> } {
    const empty = (): FinanceRiskTotals => ({ deals: 0, openAmount: 0, stated: 0, adjusted: 0 });
    const total = empty();
    const byReason: Record<FinanceFlagReason, FinanceRiskTotals> = {
        onHold: empty(),
        pastDue: empty(),
        overHeadroom: empty()
    };
    const byId = new Map(deals.map((d) => [d.id, d]));
    const add = (into: FinanceRiskTotals, deal: (typeof deals)[number]) => {
        into.deals++;
        if (!isAmount(deal.amount)) return;
        into.openAmount += deal.amount;
        into.stated += deal.amount * deal.statedProbability;
        into.adjusted += deal.amount * deal.adjustedProbability;
    };
    // A deal counts once per total and once per reason, however many flags name it.
    const counted = new Set<string>();
    for (const flag of flags) {
        const deal = byId.get(flag.dealId);
        if (!deal) continue;
        if (!counted.has(deal.id)) add(total, deal);
        counted.add(deal.id);
        for (const reason of flag.reasons) {
            if (!counted.has(`${reason}|${deal.id}`)) add(byReason[reason], deal);
            counted.add(`${reason}|${deal.id}`);
        }
    }
    return { total, byReason };
}

// ---------------------------------------------------------------------------------------------
// From Salesforce's shapes
// ---------------------------------------------------------------------------------------------

const numberOrNull = (v: unknown): number | null => (typeof v === 'number' && Number.isFinite(v) ? v : null);
const textOrNull = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v : null);
const dateOrNull = (v: unknown): string | null => {
    const text = textOrNull(v);
    return text && /^\d{4}-\d{2}-\d{2}/.test(text) ? text.slice(0, 10) : null;
};

/**
 * The facts as Apex returns them (`AccountFinance.Facts`: nulls may be left out of the JSON), typed
 * and with anything that is not a value of its kind read as unknown. Null in, null out.
 */
export function financeFactsFrom(
    raw: Record<string, unknown> | null | undefined
): AccountFinanceFacts | null {
    if (!raw) return null;
    return {
        erpCustomerId: textOrNull(raw.erpCustomerId),
        creditLimit: numberOrNull(raw.creditLimit),
        paymentTerms: textOrNull(raw.paymentTerms),
        openBalance: numberOrNull(raw.openBalance),
        pastDueAmount: numberOrNull(raw.pastDueAmount),
        daysPastDue: numberOrNull(raw.daysPastDue),
        lastInvoiceDate: dateOrNull(raw.lastInvoiceDate),
        creditHold: typeof raw.creditHold === 'boolean' ? raw.creditHold : null,
        asOf: dateOrNull(raw.asOf)
    };
}

/**
 * An Opportunity as Apex returns an SObject (field API names as keys, fields not selected or null
 * left out, `Probability` in percent) as the core's AccountDeal, with the named answer fields.
 */
export function accountDealFrom(row: Record<string, unknown>, answerFields: readonly string[]): AccountDeal {
    const fields: Record<string, FieldValue> = {};
    for (const name of answerFields) {
        const value = row[name];
        fields[name] =
            typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
                ? value
                : null;
    }
    const probability = numberOrNull(row.Probability);
    return {
        id: String(row.Id ?? ''),
        name: textOrNull(row.Name) ?? String(row.Id ?? ''),
        stageName: textOrNull(row.StageName) ?? '',
        amount: numberOrNull(row.Amount),
        closeDate: dateOrNull(row.CloseDate),
        probability: probability === null ? null : probability / 100,
        isClosed: row.IsClosed === true,
        isWon: row.IsWon === true,
        fields
    };
}
