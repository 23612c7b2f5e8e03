/**
 * `c-account-booked-history` — what the customer booked (closed won) per fiscal period, empty
 * periods included, each with a bar relative to the best period.
 *
 * Public API
 * - `@api view: BookedView` — already worded by the container (`c-account-health`) from the core's
 *   `bookedByPeriod`; null renders nothing.
 */
import { LightningElement, api } from 'lwc';

export interface BookedPeriodView {
    key: string;
    /** `FY2027 Q1`, `Q4 2026`. */
    label: string;
    bookedText: string;
    wonText: string;
    /** `width: 40%`, relative to the best period. */
    barStyle: string;
    barLabel: string;
}

export interface BookedView {
    periods: BookedPeriodView[];
    /** `Booked in the last 8 fiscal quarters: 412,000 (9 deals won).` */
    totalText: string | null;
    /** What to say when the customer booked nothing. */
    emptyText: string;
    /** Which periods these are: fiscal quarters from the org's fiscal year start, or why calendar ones. */
    periodNote: string;
}

export default class AccountBookedHistory extends LightningElement {
    @api view: BookedView | null = null;

    get hasPeriods(): boolean {
        return (this.view?.periods ?? []).length > 0;
    }
}
