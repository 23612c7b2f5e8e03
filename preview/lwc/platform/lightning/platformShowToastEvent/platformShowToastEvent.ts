/**
 * Stand-in for `lightning/platformShowToastEvent`: the same event name and payload the platform listens
 * for; the preview page (`preview-app`) renders it as an SLDS toast.
 */
export interface ToastConfig {
    title: string;
    message?: string;
    variant?: 'info' | 'success' | 'warning' | 'error';
    mode?: 'dismissible' | 'pester' | 'sticky';
}

export class ShowToastEvent extends CustomEvent<ToastConfig> {
    constructor(config: ToastConfig) {
        super('lightning__showtoast', { bubbles: true, composed: true, cancelable: true, detail: config });
    }
}
