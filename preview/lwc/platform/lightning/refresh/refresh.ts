/**
 * Stand-in for `lightning/refresh`: components register handlers; a `RefreshEvent` (from a component, or
 * the page's Refresh button) runs every handler, as the platform's refresh container does.
 */
type RefreshHandler = () => Promise<boolean | void> | boolean | void;

const handlers = new Map<number, RefreshHandler>();
let nextId = 1;

export const REFRESH_EVENT = 'lightning__refreshevent';

export class RefreshEvent extends CustomEvent<unknown> {
    constructor() {
        super(REFRESH_EVENT, { bubbles: true, composed: true });
    }
}

export function registerRefreshHandler(_element: EventTarget, handler: RefreshHandler): number {
    const id = nextId++;
    handlers.set(id, handler);
    return id;
}

export function unregisterRefreshHandler(id: number): void {
    handlers.delete(id);
}

/** What the page calls when a RefreshEvent reaches it. */
export function runRefreshHandlers(): Promise<unknown[]> {
    return Promise.all([...handlers.values()].map((handler) => handler()));
}
