// Generated from accountBookedHistory.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-account-booked-history` — what the customer booked (closed won) per fiscal period, empty
 * periods included, each with a bar relative to the best period.
 *
 * Public API
 * - `@api view: BookedView` — already worded by the container (`c-account-health`) from the core's
 *   `bookedByPeriod`; null renders nothing.
 */
import { LightningElement, api } from 'lwc';
export default class AccountBookedHistory extends LightningElement {
    @api
    view = null;
    get hasPeriods() {
        return (this.view?.periods ?? []).length > 0;
    }
}
