// Generated from evidenceList.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-evidence-list` — the evidence behind a flag or a state, one "name: value" line per fact, as
 * c-deal-flags and c-account-finance-state show it.
 *
 * Light DOM: the facts are part of the component that composes it (its tests and the preview read
 * `li[data-evidence]` there, as before they moved here).
 *
 * Public API
 * - `@api facts: EvidenceFact[]` — in the order shown.
 * - `@api indented: boolean` — set off from the text above it (under a condition's message).
 */
import { LightningElement, api } from 'lwc';
export default class EvidenceList extends LightningElement {
    static renderMode = 'light';
    @api
    facts = [];
    @api
    indented = false;
    get listClass() {
        return this.indented ? 'slds-text-body_small slds-m-left_small' : 'slds-text-body_small';
    }
}
