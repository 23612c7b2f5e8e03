/**
 * `c-deal-flags` — warnings about the deal (padded, skipped stage, slipped, stale, past close
 * date, probability override), each with the evidence that triggered it.
 *
 * Public API
 * - `@api flags: FlagView[]` — worded and ordered (most severe first) by `c-deal-health` from the
 *   core's `flagDeals`.
 */
import { LightningElement, api } from 'lwc';

export interface FlagView {
    key: string;
    kind: string;
    /** `Slipped`. */
    label: string;
    severity: 'high' | 'medium' | 'low';
    severityLabel: string;
    badgeClass: string;
    message: string;
    evidence: Array<{ key: string; name: string; value: string }>;
}

export default class DealFlags extends LightningElement {
    @api flags: FlagView[] = [];

    get hasFlags(): boolean {
        return (this.flags ?? []).length > 0;
    }

    get heading(): string {
        const n = (this.flags ?? []).length;
        return n === 0 ? 'Flags' : `Flags (${n})`;
    }
}
