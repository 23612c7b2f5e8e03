/**
 * `c-win-probability` — the stage's nominal probability next to the history-adjusted one, with
 * its interval, the sample it rests on and any rep override.
 *
 * Public API
 * - `@api view: WinProbabilityView` — already worded by the container (`c-deal-health`); null
 *   renders nothing.
 */
import { LightningElement, api } from 'lwc';

export interface WinProbabilityView {
    heading: string;
    stageLabel: string;
    /** `34%`. */
    adjustedText: string;
    /** 0..100, for the bar. */
    adjustedValue: number;
    nominalText: string;
    /** The stage's history win rate before this deal's factors; null without history. */
    baselineText: string | null;
    /** `22%–47%`, or null without history. */
    intervalText: string | null;
    overrideText: string | null;
    /** `Based on 120 closed deals that reached Discovery (won 40, lost 80).` */
    sampleText: string;
    thin: boolean;
    hasHistory: boolean;
}

export default class WinProbability extends LightningElement {
    @api view: WinProbabilityView | null = null;

    get adjustedLabel(): string {
        return this.view?.hasHistory ? 'History-adjusted' : 'Stage probability (no history)';
    }

    get barStyle(): string {
        const value = Math.max(0, Math.min(100, this.view?.adjustedValue ?? 0));
        return `width: ${value}%`;
    }

    get barLabel(): string {
        return `History-adjusted win probability ${this.view?.adjustedText ?? ''}`;
    }
}
