/**
 * Registration for the record page's RefreshEvent, shared by the Deal Health and Account Health cards.
 * Under Lightning Web Security the handler registers with the component itself; orgs still on
 * Lightning Locker need the host element instead (the lightning/refresh docs, "Example for Org with
 * Lightning Locker Enabled"). Locker is detected by its wrapped window; if registering with the
 * component throws anyway, the host is the fallback.
 */
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';

/** Lightning Locker wraps `window` in a SecureWindow, whose string form says so; LWS and Jest do not. */
function runsUnderLocker(): boolean {
    try {
        return String(window).startsWith('SecureWindow');
    } catch {
        return false;
    }
}

/** Registers `handler` for the page's refresh; returns the id `unregisterRefreshHandler` takes. */
function registerPageRefresh(
    component: EventTarget,
    host: EventTarget | null | undefined,
    handler: () => Promise<boolean>
): number {
    let id: number | null = null;
    if (!runsUnderLocker()) {
        try {
            id = registerRefreshHandler(component, handler);
        } catch {
            id = null;
        }
    }
    return id ?? registerRefreshHandler(host ?? component, handler);
}

/**
 * A card's registration for the page's refresh, held while the card is on the page: the card calls
 * `connect` from its connectedCallback and `disconnect` from its disconnectedCallback.
 */
export class PageRefresh {
    private id: number | null = null;

    constructor(private readonly handler: () => Promise<boolean>) {}

    connect(component: EventTarget, host: EventTarget | null | undefined): void {
        this.id = registerPageRefresh(component, host, this.handler);
    }

    disconnect(): void {
        if (this.id !== null) unregisterRefreshHandler(this.id);
        this.id = null;
    }
}
