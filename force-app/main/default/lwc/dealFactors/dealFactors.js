// Generated from dealFactors.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-deal-factors` — what moves this deal's odds, largest effect first, each with the won/lost
 * counts behind it so nothing is a black box.
 *
 * Public API
 * - `@api factors: FactorView[]` — ranked by the container (`c-deal-health`) from the core's
 *   `DealScore.factors`.
 * - `@api hasHistory: boolean` — false when no benchmarks are published (explains the empty list).
 */
import { LightningElement, api } from 'lwc';
export default class DealFactors extends LightningElement {
    @api
    factors = [];
    @api
    hasHistory = false;
    get hasFactors() {
        return (this.factors ?? []).length > 0;
    }
    get emptyText() {
        return this.hasHistory
            ? 'None of the answers so far moves the odds away from the stage win rate.'
            : 'Factors appear once benchmarks are learned from closed deals.';
    }
}
