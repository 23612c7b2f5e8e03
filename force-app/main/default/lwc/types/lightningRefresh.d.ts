/**
 * Types for `lightning/refresh`, apart from salesforce.d.ts because the preview reads that file for the
 * Apex shapes while it maps `lightning/refresh` to its own stand-in, which exports more (it also runs
 * the handlers): an ambient declaration of the module here would hide that stand-in from the preview.
 */

declare module 'lightning/refresh' {
    /** Fired by the page (or a component) to ask every registered view to reload its data. */
    export class RefreshEvent extends CustomEvent<unknown> {
        constructor();
    }
    export function registerRefreshHandler(
        element: EventTarget,
        handler: () => Promise<boolean | void> | boolean | void
    ): number;
    export function unregisterRefreshHandler(id: number): void;
}
