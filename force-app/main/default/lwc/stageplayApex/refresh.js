// Generated from refresh.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * Registration for the record page's RefreshEvent, shared by the Deal Health and Account Health cards.
 * Under Lightning Web Security the handler registers with the component itself; orgs still on
 * Lightning Locker need the host element instead (the lightning/refresh docs, "Example for Org with
 * Lightning Locker Enabled"). Locker is detected by its wrapped window; if registering with the
 * component throws anyway, the host is the fallback.
 */
import { registerRefreshHandler, unregisterRefreshHandler } from 'lightning/refresh';
/** Lightning Locker wraps `window` in a SecureWindow, whose string form says so; LWS and Jest do not. */
function runsUnderLocker() {
    try {
        return String(window).startsWith('SecureWindow');
    }
    catch {
        return false;
    }
}
/** Registers `handler` for the page's refresh; returns the id `unregisterRefreshHandler` takes. */
function registerPageRefresh(component, host, handler) {
    let id = null;
    if (!runsUnderLocker()) {
        try {
            id = registerRefreshHandler(component, handler);
        }
        catch {
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
    handler;
    id = null;
    constructor(handler) {
        this.handler = handler;
    }
    connect(component, host) {
        this.id = registerPageRefresh(component, host, this.handler);
    }
    disconnect() {
        if (this.id !== null)
            unregisterRefreshHandler(this.id);
        this.id = null;
    }
}
