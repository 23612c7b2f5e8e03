/**
 * `c-deal-flags` — warnings about the deal (padded, skipped stage, slipped, stale, past close
 * date, probability override), each with the evidence that triggered it.
 *
 * Public API
 * - `@api flags: FlagView[]` — worded and ordered (most severe first) by `c-deal-health` from the
 *   core's `flagDeals`.
 * - `@api emptyText: string` — what to say when there are no flags.
 * - `@api compact: boolean` — evidence folded behind a "Show evidence" button per flag.
 */
import { LightningElement, api } from 'lwc';
import type { EvidenceFact } from 'c/evidenceList';
import { disclosure, flipped, isUnfolded } from 'c/disclosureButton';
import type { Disclosure } from 'c/disclosureButton';

export interface FlagView {
    key: string;
    kind: string;
    /** `Slipped`. */
    label: string;
    severity: 'high' | 'medium' | 'low';
    severityLabel: string;
    badgeClass: string;
    message: string;
    evidence: EvidenceFact[];
}

export default class DealFlags extends LightningElement {
    @api flags: FlagView[] = [];
    @api emptyText = 'No flags: nothing looks padded, skipped, slipped or stale.';
    @api compact = false;

    /** Flags whose evidence the user unfolded (compact) or folded (full). */
    toggled: Record<string, boolean> = {};

    get items() {
        return (this.flags ?? []).map((flag) => {
            const shown = isUnfolded(this.toggled, flag.key, this.compact);
            return {
                ...flag,
                showEvidence: shown && flag.evidence.length > 0,
                hasEvidence: flag.evidence.length > 0,
                evidenceToggle: disclosure('evidence-toggle', flag.key, shown, {
                    show: 'Show evidence',
                    hide: 'Hide evidence'
                })
            };
        });
    }

    handleToggle(event: CustomEvent<Pick<Disclosure, 'key'>>): void {
        this.toggled = flipped(this.toggled, event.detail.key);
    }

    get hasFlags(): boolean {
        return (this.flags ?? []).length > 0;
    }

    get heading(): string {
        const n = (this.flags ?? []).length;
        return n === 0 ? 'Flags' : `Flags (${n})`;
    }
}
