// Generated from dealFlags.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-deal-flags` — warnings about the deal (padded, skipped stage, slipped, stale, past close
 * date, probability override), each with the evidence that triggered it.
 *
 * Public API
 * - `@api flags: FlagView[]` — worded and ordered (most severe first) by `c-deal-health` from the
 *   core's `flagDeals`.
 */
import { LightningElement, api } from 'lwc';
export default class DealFlags extends LightningElement {
    @api
    flags = [];
    get hasFlags() {
        return (this.flags ?? []).length > 0;
    }
    get heading() {
        const n = (this.flags ?? []).length;
        return n === 0 ? 'Flags' : `Flags (${n})`;
    }
}
