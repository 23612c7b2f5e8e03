/**
 * `lightning/refresh` for Jest. Handlers registered by components are kept so a test can play the
 * page's refresh with `triggerRefresh()` and await every handler, the way the platform does.
 */
export const RefreshEventName = 'lightning__refresh';

export class RefreshEvent extends CustomEvent {
    constructor() {
        super(RefreshEventName, { composed: true, cancelable: true, bubbles: true });
    }
}

const handlers = new Map();
let nextId = 0;

export const registerRefreshHandler = jest.fn((element, handler) => {
    nextId += 1;
    handlers.set(nextId, () => handler.call(element));
    return nextId;
});

export const unregisterRefreshHandler = jest.fn((id) => {
    handlers.delete(id);
});

export const registerRefreshContainer = jest.fn(() => {
    nextId += 1;
    return nextId;
});
export const unregisterRefreshContainer = jest.fn();

/** Test helper: runs every registered refresh handler and resolves when they all have. */
export const triggerRefresh = () => Promise.all([...handlers.values()].map((run) => run()));
export const registeredRefreshHandlers = () => handlers.size;
