/**
 * Turns what the Account page loaded (`AccountHealthController.getAccountContext`) into the plain,
 * already-worded data the children render. Every judgement is the core's (`financeStatus`,
 * `creditHeadroom`, `accountPipeline` with the deal page's `scoreDeal`, `bookedByPeriod`,
 * `compareWinRates`); this file chooses words and order, and says what the user's access hides.
 */
import type { ApexAccountContext } from '@salesforce/apex/AccountHealthController.getAccountContext';
import {
    accountDealFrom,
    accountPipeline,
    bookedByPeriod,
    compareWinRates,
    creditHeadroom,
    describeEvidence,
    FINANCE_STATE_LABELS,
    financeFactsFrom,
    financeStatus,
    formatAmount,
    formatCount,
    formatDays,
    formatPercentValue,
    MIN_HISTORY_DEALS,
    overallWinLoss,
    plural
} from 'c/stageplayCore';
import type {
    AccountDeal,
    AccountFinanceFacts,
    AccountPipeline,
    CreditHeadroom,
    FinanceState,
    PeriodSpec,
    WinRate
} from 'c/stageplayCore';
import { toBenchmarks, toProcessDefinition } from 'c/stageplayApex';
import type { BookedView } from 'c/accountBookedHistory';
import type { FinanceFactView, FinanceView, HeadroomView } from 'c/accountFinanceState';
import { cardNotice, type CardNotice } from 'c/cardNotices';

/** A notice on the card (c-card-notices); the account's notices carry no command. */
export type AccountNotice = CardNotice;

export interface PipelineDealView {
    key: string;
    name: string;
    stageName: string;
    amountText: string;
    closeDateText: string;
    statedText: string;
    adjustedText: string;
}

export interface PipelineView {
    /** `3 open deals, 120,000 open amount.` */
    summaryText: string;
    statedText: string;
    adjustedText: string;
    /** Why stated and adjusted agree, or what is left out; null when nothing needs saying. */
    note: string | null;
    deals: PipelineDealView[];
    hasDeals: boolean;
}

export interface WinRateView {
    verdict: string;
    text: string;
    accountText: string;
    overallText: string;
}

export interface AccountHealthModel {
    accountName: string;
    finance: FinanceView;
    pipeline: PipelineView;
    winRate: WinRateView;
    booked: BookedView;
    notices: AccountNotice[];
}

/** Periods the booked history shows: two fiscal years of quarters. */
export const BOOKED_PERIODS = 8;
/** Open deals listed by name; the sums count them all. */
export const LISTED_OPEN_DEALS = 10;

const MONTHS = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December'
];

const STATE_BADGES: Record<FinanceState | 'hidden', string> = {
    onHold: 'slds-badge slds-theme_error',
    overLimit: 'slds-badge slds-theme_error',
    pastDue: 'slds-badge slds-theme_warning',
    withinTerms: 'slds-badge slds-theme_success',
    noData: 'slds-badge',
    hidden: 'slds-badge slds-badge_lightest'
};

/** Where each fact lives on the Apex payload, in the order the page lists them. */
const FACT_FIELDS: Array<{ key: keyof AccountFinanceFacts; field: string }> = [
    { key: 'creditLimit', field: 'Stageplay_Credit_Limit__c' },
    { key: 'openBalance', field: 'Stageplay_Open_Balance__c' },
    { key: 'pastDueAmount', field: 'Stageplay_Past_Due_Amount__c' },
    { key: 'daysPastDue', field: 'Stageplay_Days_Past_Due__c' },
    { key: 'paymentTerms', field: 'Stageplay_Payment_Terms__c' },
    { key: 'creditHold', field: 'Stageplay_Credit_Hold__c' },
    { key: 'lastInvoiceDate', field: 'Stageplay_Last_Invoice_Date__c' },
    { key: 'erpCustomerId', field: 'Stageplay_ERP_Customer_Id__c' }
];
/** Without one of these the ERP's word on what the customer owes cannot be read. */
const RECEIVABLES_FIELDS = [
    'Stageplay_Open_Balance__c',
    'Stageplay_Past_Due_Amount__c',
    'Stageplay_Days_Past_Due__c'
];

function factText(key: keyof AccountFinanceFacts, facts: AccountFinanceFacts | null): string {
    const value = facts ? facts[key] : null;
    if (value === null || value === undefined || value === '') return 'Not reported';
    if (typeof value === 'boolean') return value ? 'Yes' : 'No';
    if (key === 'daysPastDue') return formatDays(value as number);
    if (typeof value === 'number') return formatAmount(value);
    return String(value);
}

function headroomView(headroom: CreditHeadroom, hidden: Set<string>): HeadroomView {
    if (headroom.state === 'unknown') {
        const hides = ['Stageplay_Credit_Limit__c', 'Stageplay_Open_Balance__c'].some((f) => hidden.has(f));
        return {
            state: 'unknown',
            label: hides ? 'Hidden' : 'Unknown',
            badgeClass: 'slds-badge',
            valueText: '–',
            detail: hides
                ? 'Your access hides the credit limit or the open balance, so the headroom cannot be shown.'
                : (headroom.note ?? ''),
            note: null
        };
    }
    const pipeline =
        headroom.adjustedOpenPipeline === null
            ? ''
            : ` − adjusted open pipeline ${formatAmount(headroom.adjustedOpenPipeline)}`;
    return {
        state: headroom.state,
        label: headroom.state === 'exceeded' ? 'Exceeded' : 'Available',
        badgeClass:
            headroom.state === 'exceeded' ? 'slds-badge slds-theme_error' : 'slds-badge slds-theme_success',
        valueText: formatAmount(headroom.headroom),
        detail: `Credit limit ${formatAmount(headroom.creditLimit)} − open balance ${formatAmount(headroom.openBalance)}${pipeline} = ${formatAmount(headroom.headroom)}.`,
        note: headroom.note
    };
}

function financeView(
    context: ApexAccountContext,
    facts: AccountFinanceFacts | null,
    headroom: CreditHeadroom
): FinanceView {
    const fields = context.financeFields ?? [];
    const hidden = new Set(fields.filter((f) => !f.isAccessible).map((f) => f.apiName));
    const status = financeStatus(facts);
    const receivablesHidden = RECEIVABLES_FIELDS.every((f) => hidden.has(f));
    const stateKey: FinanceState | 'hidden' =
        status.state === 'noData' && receivablesHidden && facts?.creditHold !== true
            ? 'hidden'
            : status.state;
    const conditions =
        stateKey === 'hidden'
            ? [
                  {
                      key: 'hidden',
                      label: 'Hidden',
                      badgeClass: STATE_BADGES.hidden,
                      message: "Your access hides what the customer owes, so its standing can't be shown.",
                      evidence: []
                  }
              ]
            : status.conditions.map((c) => ({
                  key: c.state,
                  label: FINANCE_STATE_LABELS[c.state],
                  badgeClass: STATE_BADGES[c.state],
                  message: c.message,
                  // The as-of date has its own line under the facts.
                  evidence: describeEvidence(c).filter((e) => e.key !== 'financeAsOf')
              }));
    const labels = new Map(fields.map((f) => [f.apiName, f.label]));
    const factViews: FinanceFactView[] = FACT_FIELDS.map(({ key, field }) => ({
        key,
        labelKey: `${key}-label`,
        valueKey: `${key}-value`,
        label: labels.get(field) ?? field,
        value: hidden.has(field) ? 'Hidden' : factText(key, facts),
        hidden: hidden.has(field)
    }));
    const hiddenLabels = fields.filter((f) => !f.isAccessible).map((f) => f.label);
    return {
        state: stateKey,
        stateLabel: stateKey === 'hidden' ? 'Hidden' : FINANCE_STATE_LABELS[stateKey],
        badgeClass: STATE_BADGES[stateKey],
        conditions,
        facts: factViews,
        asOfText: facts?.asOf ? `Accounting facts as of ${facts.asOf}, from the ERP.` : null,
        hiddenText:
            hiddenLabels.length === 0
                ? null
                : `Your access hides ${hiddenLabels.join(', ')}. Ask your admin for the Stageplay Rep permission set to see ${hiddenLabels.length === 1 ? 'it' : 'them'}.`,
        headroom: headroomView(headroom, hidden)
    };
}

function pipelineView(
    pipeline: AccountPipeline,
    amountsHidden: boolean,
    hasBenchmarks: boolean
): PipelineView {
    const open = pipeline.deals.length;
    const listed = [...pipeline.deals]
        .sort((a, b) => (b.amount ?? 0) * b.adjustedProbability - (a.amount ?? 0) * a.adjustedProbability)
        .slice(0, LISTED_OPEN_DEALS);
    let note: string | null = null;
    if (amountsHidden) note = 'Your access hides opportunity amounts, so no expected amount is shown.';
    else if (pipeline.withoutAmount > 0)
        note = `${plural(pipeline.withoutAmount, 'open deal has', 'open deals have')} no amount and ${pipeline.withoutAmount === 1 ? 'is' : 'are'} not summed.`;
    else if (!hasBenchmarks && open > 0)
        note = 'No benchmarks are published, so the adjusted figure uses the stage probabilities.';
    if (open > LISTED_OPEN_DEALS) {
        const more = `The ${formatCount(LISTED_OPEN_DEALS)} largest by adjusted expected amount are listed.`;
        note = note ? `${note} ${more}` : more;
    }
    return {
        summaryText:
            open === 0
                ? 'No open deals.'
                : `${plural(open, 'open deal', 'open deals')}${amountsHidden ? '' : `, ${formatAmount(pipeline.openAmount)} open amount`}.`,
        statedText: amountsHidden ? 'Hidden' : formatAmount(pipeline.stated),
        adjustedText: amountsHidden ? 'Hidden' : formatAmount(pipeline.adjusted),
        note,
        hasDeals: listed.length > 0,
        deals: listed.map((d) => ({
            key: d.id,
            name: d.name,
            stageName: d.stageName,
            amountText: amountsHidden ? 'Hidden' : formatAmount(d.amount),
            closeDateText: d.closeDate ?? '–',
            statedText: formatPercentValue(d.statedProbability),
            adjustedText: formatPercentValue(d.adjustedProbability)
        }))
    };
}

function bookedView(
    deals: AccountDeal[],
    spec: PeriodSpec,
    today: string,
    fiscalKnown: boolean,
    closeDatesHidden: boolean
): BookedView {
    const periods = closeDatesHidden ? [] : bookedByPeriod(deals, spec, today, BOOKED_PERIODS);
    const best = periods.reduce((max, p) => Math.max(max, p.booked), 0);
    const total = periods.reduce((sum, p) => sum + p.booked, 0);
    const won = periods.reduce((sum, p) => sum + p.won, 0);
    const unit = spec.fiscalYearStartMonth === 1 ? 'quarters' : 'fiscal quarters';
    return {
        periods: periods.map((p) => {
            const width = best > 0 ? Math.round((p.booked / best) * 100) : 0;
            return {
                key: p.key,
                label: p.label,
                bookedText: formatAmount(p.booked),
                wonText: formatCount(p.won),
                barStyle: `width: ${width}%`,
                barLabel: `${p.label}: ${formatAmount(p.booked)} booked`
            };
        }),
        totalText:
            periods.length > 0
                ? `Booked in these ${formatCount(periods.length)} ${unit}: ${formatAmount(total)} (${plural(won, 'deal', 'deals')} won).`
                : null,
        emptyText: closeDatesHidden
            ? 'Your access hides close dates, so bookings cannot be placed in periods.'
            : 'No closed-won deals with this account yet.',
        periodNote: fiscalKnown
            ? `Fiscal year starts in ${MONTHS[spec.fiscalYearStartMonth - 1]}.`
            : "The org's fiscal year could not be read, so calendar quarters are shown."
    };
}

function winRateView(
    deals: AccountDeal[],
    context: ApexAccountContext,
    minimumDeals: number,
    overall: ReturnType<typeof overallWinLoss>
): WinRateView {
    const comparison = compareWinRates(deals, overall, minimumDeals);
    const rateText = (r: WinRate): string => {
        if (r.rate === null) return `Won ${formatCount(r.won)} / Lost ${formatCount(r.lost)}`;
        return `${formatPercentValue(r.rate)} (95%: ${formatPercentValue(r.low)}–${formatPercentValue(r.high)})`;
    };
    let text = comparison.text;
    if (context.opportunitiesTruncated)
        text = `${text} Only the newest ${formatCount(context.opportunities.length)} deals of this account are counted.`;
    return {
        verdict: comparison.verdict,
        text,
        accountText: rateText(comparison.account),
        overallText: comparison.overall ? rateText(comparison.overall) : 'No published history'
    };
}

export function buildAccountHealth(context: ApexAccountContext, today: string): AccountHealthModel {
    const notices: AccountNotice[] = [];
    const notice = (key: string, variant: AccountNotice['variant'], text: string) =>
        notices.push(cardNotice(key, variant, text));
    const process = toProcessDefinition(context);
    const { benchmarks, problems } = toBenchmarks(context.benchmarks ?? []);
    for (const p of problems) notice(`problem-${p.key}`, 'warning', p.message);
    const readableAnswers = new Set(
        (context.fields ?? []).filter((f) => f.exists && f.isAccessible).map((f) => f.apiName)
    );
    // Hidden answers are left out of scoring, as on the deal page: a hidden answer must not count as blank.
    const scoring = {
        ...process,
        parameters: process.parameters.filter((p) => readableAnswers.has(p.field))
    };
    const deals = (context.opportunities ?? []).map((row) =>
        accountDealFrom(
            row,
            scoring.parameters.map((p) => p.field)
        )
    );
    const unreadable = new Set(context.unreadableFields ?? []);
    const amountsHidden = unreadable.has('Opportunity.Amount');
    const pipeline = accountPipeline(scoring, benchmarks, deals);
    const facts = financeFactsFrom(context.finance as Record<string, unknown> | null);
    const headroom = creditHeadroom(facts, amountsHidden ? null : pipeline.adjusted);

    if (!context.opportunitiesAccessible) {
        notice(
            'no-opportunities',
            'warning',
            "You don't have access to opportunities, so booked history, pipeline and win rate are not shown."
        );
    }
    if (!context.benchmarksAccessible) {
        notice(
            'benchmark-access',
            'warning',
            "You don't have access to Stageplay benchmarks, so the adjusted pipeline uses the stage probabilities and there is no overall win rate. Ask your admin for the Stageplay Rep permission set."
        );
    }
    if (context.opportunitiesTruncated) {
        notice(
            'truncated',
            'info',
            `This account has more than ${formatCount(context.opportunities.length)} opportunities; the oldest are left out.`
        );
    }
    const others = [...unreadable]
        .filter((f) => f !== 'Opportunity.Amount')
        .map((f) => f.replace(/^Opportunity\./, ''));
    if (others.length > 0) {
        notice(
            'hidden-opportunity-fields',
            'info',
            `Your access hides ${others.join(', ')} on opportunities, so ${others.length === 1 ? 'it is' : 'they are'} left out.`
        );
    }
    const fiscalKnown = typeof context.fiscalYearStartMonth === 'number';
    const spec: PeriodSpec = { unit: 'quarter', fiscalYearStartMonth: context.fiscalYearStartMonth ?? 1 };
    return {
        accountName: context.accountName,
        finance: financeView(context, facts, headroom),
        pipeline: pipelineView(pipeline, amountsHidden, benchmarks !== null),
        winRate: winRateView(
            deals,
            context,
            benchmarks?.minimumDeals ?? MIN_HISTORY_DEALS,
            overallWinLoss(benchmarks)
        ),
        booked: bookedView(deals, spec, today, fiscalKnown, unreadable.has('Opportunity.CloseDate')),
        notices
    };
}
