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
import type { Disclosure } from 'c/disclosureButton';

export interface FactorView {
    /** Parameter DeveloperName. */
    key: string;
    label: string;
    question: string;
    valueText: string;
    bucketLabel: string;
    direction: 'raises' | 'lowers';
    /** `Raises odds ×1.8 (95%: ×1.3–×2.5)`. */
    effectText: string;
    /** `Won 42 / Lost 11 had this`. */
    countsText: string;
    /** Set when the answer fails its rule yet history says it raises the odds (or the reverse). */
    disagreementText: string | null;
    iconName: string;
    iconVariant: 'success' | 'error';
}

/** An answer that does not move the odds, and why. */
export interface UnclearView {
    key: string;
    label: string;
    valueText: string;
    /** `no clear effect yet (n = 14)`, `no past deals had this answer`. */
    text: string;
}

export default class DealFactors extends LightningElement {
    @api factors: FactorView[] = [];
    @api hasHistory = false;
    @api compact = false;
    @api unclear: UnclearView[] = [];
    @api criterionText = '';

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

    get toggle(): Disclosure {
        return disclosure('toggle', null, this.showAll, {
            show: `Show all ${(this.factors ?? []).length} factors`,
            hide: 'Show fewer'
        });
    }

    handleToggle(): void {
        this.showAll = !this.showAll;
    }

    get hasFactors(): boolean {
        return (this.factors ?? []).length > 0;
    }

    get hasUnclear(): boolean {
        return (this.unclear ?? []).length > 0;
    }

    get emptyText(): string {
        return this.hasHistory
            ? 'None of the answers so far moves the odds away from the stage win rate.'
            : 'Factors appear once benchmarks are learned from closed deals.';
    }
}
