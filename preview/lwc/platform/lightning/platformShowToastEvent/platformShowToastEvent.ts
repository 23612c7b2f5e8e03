/**
 * Stand-in for `lightning/platformShowToastEvent`: the same event name and payload the platform listens
 * for; the preview page (`preview-app`) renders it as an SLDS toast. Its config is the platform's, as the
 * components' declarations have it.
 */
import type { ToastConfig } from 'lightning/platformShowToastEvent';

export class ShowToastEvent extends CustomEvent<ToastConfig> {
    constructor(config: ToastConfig) {
        super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: config });
    }
}
