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
/** Registers `handler` for the page's refresh; returns the id `unregisterPageRefresh` takes. */
export function registerPageRefresh(component, host, handler) {
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
export function unregisterPageRefresh(id) {
    if (id !== null)
        unregisterRefreshHandler(id);
}
