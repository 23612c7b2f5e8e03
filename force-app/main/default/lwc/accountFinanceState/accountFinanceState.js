// Generated from accountFinanceState.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
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
export default class AccountFinanceState extends LightningElement {
    @api
    view = null;
    get headroomExceeded() {
        return this.view?.headroom.state === 'exceeded';
    }
    get headroomValueClass() {
        return this.headroomExceeded
            ? 'slds-text-heading_medium slds-text-color_error'
            : 'slds-text-heading_medium';
    }
}
