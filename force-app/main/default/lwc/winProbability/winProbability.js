// Generated from winProbability.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-win-probability` — the stage's nominal probability next to the history-adjusted one, with
 * its interval, the sample it rests on and any rep override.
 *
 * Public API
 * - `@api view: WinProbabilityView` — already worded by the container (`c-deal-health`); null
 *   renders nothing.
 */
import { LightningElement, api } from 'lwc';
export default class WinProbability extends LightningElement {
    @api
    view = null;
    get adjustedLabel() {
        return this.view?.hasHistory ? 'History-adjusted' : 'Stage probability (no history)';
    }
    get barStyle() {
        const value = Math.max(0, Math.min(100, this.view?.adjustedValue ?? 0));
        return `width: ${value}%`;
    }
    get barLabel() {
        return `History-adjusted win probability ${this.view?.adjustedText ?? ''}`;
    }
}
