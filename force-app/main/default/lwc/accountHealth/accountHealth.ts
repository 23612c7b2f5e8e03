/**
 * `c-account-health` — Stageplay on the Account record page: what the accounting system says about
 * the customer (terms, credit, balance, past due) and the headroom left once the open pipeline is
 * counted, what the customer booked by fiscal period, its open pipeline stated vs history-adjusted
 * (scored like the deal page), and how often deals with it were won against every deal.
 *
 * Data: one cacheable Apex call (`AccountHealthController.getAccountContext`). Judgement is the
 * domain core's (`c/stageplayCore`); `accountView.ts` turns results into words.
 *
 * Public API (App Builder design properties in accountHealth.js-meta.xml)
 * - `@api recordId` — set by the record page.
 * - `@api title` — card title (default `Account health`).
 *
 * Children: c-card-frame (the card, and in place of its content off a record page, loading, an error),
 * c-card-notices, c-account-finance-state, c-account-booked-history.
 */
import { api, wire } from 'lwc';
import getAccountContext from '@salesforce/apex/AccountHealthController.getAccountContext';
import type { ApexAccountContext } from '@salesforce/apex/AccountHealthController.getAccountContext';
import { WiredModelCard } from 'c/stageplayApex';
import { buildAccountHealth } from './accountView';
import type { AccountHealthModel } from './accountView';

/** The page's refresh re-runs the wire: the accounting facts and deals reload (a finance import may have run). */
export default class AccountHealth extends WiredModelCard<AccountHealthModel> {
    @api recordId: string | undefined;
    @api override title = 'Account health';
    protected readonly defaultTitle = 'Account health';
    protected readonly iconName = 'standard:account';

    @wire(getAccountContext, { accountId: '$recordId' })
    wiredAccountContext(result: StageplayWireResult<ApexAccountContext>): void {
        this.receive(result, buildAccountHealth);
    }

    /** Shown by c-card-state off a record page, and while loading. */
    override readonly needsRecordText =
        'Account health shows on an Account record page. Add it to an Account page in Lightning App Builder.';
    readonly loadingText = 'Loading account health';
    protected readonly loadErrorHeading = 'Stageplay could not load this account.';
    protected readonly buildErrorHeading = 'Stageplay could not compute account health.';

    override get needsRecord(): boolean {
        return !this.recordId;
    }

    get winRateClass(): string {
        const verdict = this.model?.winRate.verdict;
        if (verdict === 'higher') return 'slds-text-body_small slds-text-color_success';
        if (verdict === 'lower') return 'slds-text-body_small slds-text-color_error';
        return 'slds-text-body_small';
    }
}
