// Generated from dealFactors.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-deal-factors` — what moves this deal's odds, largest effect first, each with the won/lost
 * counts behind it so nothing is a black box.
 *
 * Public API
 * - `@api factors: FactorView[]` — ranked by the container (`c-deal-health`) from the core's
 *   `DealScore.factors`.
 * - `@api hasHistory: boolean` — false when no benchmarks are published (explains the empty list).
 * - `@api compact: boolean` — show the top 3 instead of the top 5 until "Show all" is pressed.
 * - `@api unclear: UnclearView[]` — answers that do not move the odds, each saying why (no clear
 *   effect yet with its n, or no past deal had this answer).
 * - `@api criterionText: string` — when an answer counts as moving the odds, in words.
 */
import { LightningElement, api } from 'lwc';
import { disclosure } from 'c/disclosureButton';
export default class DealFactors extends LightningElement {
    @api
    factors = [];
    @api
    hasHistory = false;
    @api
    compact = false;
    @api
    unclear = [];
    @api
    criterionText = '';
    showAll = false;
    /** The few biggest effects answer "what moves the odds"; the long tail is one click away. */
    get limit() {
        return this.compact ? 3 : 5;
    }
    get visibleFactors() {
        const factors = this.factors ?? [];
        return this.showAll ? factors : factors.slice(0, this.limit);
    }
    get hasMore() {
        return (this.factors ?? []).length > this.limit;
    }
    get toggle() {
        return disclosure('toggle', null, this.showAll, {
            show: `Show all ${(this.factors ?? []).length} factors`,
            hide: 'Show fewer'
        });
    }
    handleToggle() {
        this.showAll = !this.showAll;
    }
    get hasFactors() {
        return (this.factors ?? []).length > 0;
    }
    get hasUnclear() {
        return (this.unclear ?? []).length > 0;
    }
    get emptyText() {
        return this.hasHistory
            ? 'None of the answers so far moves the odds away from the stage win rate.'
            : 'Factors appear once benchmarks are learned from closed deals.';
    }
}
