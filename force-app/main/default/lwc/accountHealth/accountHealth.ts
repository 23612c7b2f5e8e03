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
 * Children: c-card-state (off a record page, loading, error), c-card-notices, c-account-finance-state,
 * c-account-booked-history.
 */
import { api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getAccountContext from '@salesforce/apex/AccountHealthController.getAccountContext';
import type { ApexAccountContext } from '@salesforce/apex/AccountHealthController.getAccountContext';
import { StageplayCard, buildForToday, cardErrorMessages, notWiredYet, receiveWired } from 'c/stageplayApex';
import type { WiredModel } from 'c/stageplayApex';
import { cardStateOf } from 'c/cardState';
import type { CardStateName } from 'c/cardState';
import { buildAccountHealth } from './accountView';
import type { AccountHealthModel } from './accountView';

export default class AccountHealth extends StageplayCard {
    @api recordId: string | undefined;
    @api override title = 'Account health';
    protected readonly defaultTitle = 'Account health';

    state: WiredModel<AccountHealthModel> = notWiredYet();

    private wiredContext: unknown;

    @wire(getAccountContext, { accountId: '$recordId' })
    wiredAccountContext(result: StageplayWireResult<ApexAccountContext>): void {
        this.wiredContext = result;
        this.state = receiveWired(this.state, result, (data) =>
            buildForToday('Account health', (today) => buildAccountHealth(data, today))
        );
    }

    get model(): AccountHealthModel | null {
        return this.state.model;
    }

    /** The page's refresh reloads the accounting facts and deals (a finance import may have run). */
    override async refreshAll(): Promise<boolean> {
        if (this.wiredContext) await refreshApex(this.wiredContext);
        return true;
    }

    /** Shown by c-card-state off a record page, and while loading. */
    readonly needsRecordText =
        'Account health shows on an Account record page. Add it to an Account page in Lightning App Builder.';
    readonly loadingText = 'Loading account health';

    /** What c-card-state shows in place of the card's content (in this order); null: the content. */
    get cardState(): CardStateName | null {
        return cardStateOf(this.needsRecord, this.isLoading, this.errorMessages);
    }

    get needsRecord(): boolean {
        return !this.recordId;
    }

    get errorMessages(): string[] | null {
        return cardErrorMessages(this.state.contextError, this.state.buildError);
    }

    get errorHeading(): string {
        return this.state.contextError
            ? 'Stageplay could not load this account.'
            : 'Stageplay could not compute account health.';
    }

    get isLoading(): boolean {
        return !this.needsRecord && !this.errorMessages && !this.model;
    }

    get hasModel(): boolean {
        return this.model !== null;
    }

    get winRateClass(): string {
        const verdict = this.model?.winRate.verdict;
        if (verdict === 'higher') return 'slds-text-body_small slds-text-color_success';
        if (verdict === 'lower') return 'slds-text-body_small slds-text-color_error';
        return 'slds-text-body_small';
    }
}
