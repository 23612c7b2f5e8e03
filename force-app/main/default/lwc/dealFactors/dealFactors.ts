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

export interface FactorView {
    /** Parameter DeveloperName. */
    key: string;
    label: string;
    question: string;
    valueText: string;
    bucketLabel: string;
    direction: 'raises' | 'lowers';
    /** `Raises odds ×1.8`. */
    effectText: string;
    /** `Won 42 / Lost 11 had this`. */
    countsText: string;
    iconName: string;
    iconVariant: 'success' | 'error';
}

export default class DealFactors extends LightningElement {
    @api factors: FactorView[] = [];
    @api hasHistory = false;

    get hasFactors(): boolean {
        return (this.factors ?? []).length > 0;
    }

    get emptyText(): string {
        return this.hasHistory
            ? 'None of the answers so far moves the odds away from the stage win rate.'
            : 'Factors appear once benchmarks are learned from closed deals.';
    }
}
