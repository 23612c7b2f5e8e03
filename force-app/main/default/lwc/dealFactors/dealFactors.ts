/**
 * `c-deal-factors` — what moves this deal's odds, largest effect first, each with the won/lost
 * counts behind it so nothing is a black box.
 *
 * Public API
 * - `@api factors: FactorView[]` — ranked by the container (`c-deal-health`) from the core's
 *   `DealScore.factors`.
 * - `@api hasHistory: boolean` — false when no benchmarks are published (explains the empty list).
 * - `@api compact: boolean` — show the top 3 instead of the top 5 until "Show all" is pressed.
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
    @api compact = false;

    showAll = false;

    /** The few biggest effects answer "what moves the odds"; the long tail is one click away. */
    get limit(): number {
        return this.compact ? 3 : 5;
    }

    get visibleFactors(): FactorView[] {
        const factors = this.factors ?? [];
        return this.showAll ? factors : factors.slice(0, this.limit);
    }

    get hasMore(): boolean {
        return (this.factors ?? []).length > this.limit;
    }

    get toggleLabel(): string {
        return this.showAll ? 'Show fewer' : `Show all ${(this.factors ?? []).length} factors`;
    }

    get toggleExpanded(): string {
        return this.showAll ? 'true' : 'false';
    }

    handleToggle(): void {
        this.showAll = !this.showAll;
    }

    get hasFactors(): boolean {
        return (this.factors ?? []).length > 0;
    }

    get emptyText(): string {
        return this.hasHistory
            ? 'None of the answers so far moves the odds away from the stage win rate.'
            : 'Factors appear once benchmarks are learned from closed deals.';
    }
}
