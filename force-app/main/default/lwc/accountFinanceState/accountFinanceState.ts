/**
 * `c-account-finance-state` — what the accounting system says about the customer: the state
 * (within terms, past due, on hold, over limit, no data, hidden) with the evidence for each state
 * that holds, the facts themselves, and the credit headroom once the open pipeline is counted.
 *
 * Public API
 * - `@api view: FinanceView` — already worded by the container (`c-account-health`) from the
 *   core's `financeStatus` and `creditHeadroom`; null renders nothing.
 */
import { LightningElement, api } from 'lwc';
import type { EvidenceFact } from 'c/evidenceList';

export interface FinanceConditionView {
    key: string;
    label: string;
    badgeClass: string;
    message: string;
    evidence: EvidenceFact[];
}

export interface FinanceFactView {
    key: string;
    /** Distinct keys for the label and the value, siblings in one iteration. */
    labelKey: string;
    valueKey: string;
    label: string;
    value: string;
    /** True when the user's access hides the field (value reads `Hidden`). */
    hidden: boolean;
}

export interface HeadroomView {
    state: 'available' | 'exceeded' | 'unknown';
    label: string;
    badgeClass: string;
    /** `38,000`, or `–` when unknown. */
    valueText: string;
    /** The subtraction in words, or why it cannot be made. */
    detail: string;
    note: string | null;
}

export interface FinanceView {
    /** A core `FinanceState`, or `hidden` when the user's access hides the receivables fields. */
    state: string;
    stateLabel: string;
    badgeClass: string;
    conditions: FinanceConditionView[];
    facts: FinanceFactView[];
    /** `Accounting facts as of 2026-11-14.`, or null when the ERP gave no date. */
    asOfText: string | null;
    /** Names the hidden fields; null when the user reads them all. */
    hiddenText: string | null;
    headroom: HeadroomView;
}

export default class AccountFinanceState extends LightningElement {
    @api view: FinanceView | null = null;

    get headroomExceeded(): boolean {
        return this.view?.headroom.state === 'exceeded';
    }

    get headroomValueClass(): string {
        return this.headroomExceeded
            ? 'slds-text-heading_medium slds-text-color_error'
            : 'slds-text-heading_medium';
    }
}
