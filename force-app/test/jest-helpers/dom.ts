/**
 * Typed DOM access for the component tests: what a test reads is what a user sees, so it queries
 * the rendered shadow tree by selector. A selector that must match and does not fails naming the
 * selector, instead of a TypeError on null further down.
 */
import { createElement, type LightningElement } from 'lwc';

export type ComponentClass<C> = LightningElement['constructor'] & { new (): C };

/**
 * What a parent template may set on a component: its own properties, not LightningElement's, plus
 * `title`, which a component may take as an `@api` (App Builder's card title) although
 * HTMLElement has it too.
 */
export type PublicProps<C> = Partial<Omit<C, keyof LightningElement>> & { title?: string };

/** Creates the component, sets its public properties as a parent template would, and attaches it. */
export function mount<C>(
    tag: string,
    is: ComponentClass<C>,
    props: PublicProps<C> = {}
): ReturnType<typeof createElement<C>> {
    const element = createElement(tag, { is });
    Object.assign(element, props);
    document.body.appendChild(element);
    return element;
}

/**
 * The `render` of a component test: mounts `is` as `tag` with `defaults`, overridden by the props a
 * test passes.
 */
export function mounter<C>(
    tag: string,
    is: ComponentClass<C>,
    defaults: PublicProps<C> = {}
): (props?: PublicProps<C>) => ReturnType<typeof createElement<C>> {
    return (props = {}) => mount(tag, is, { ...defaults, ...props });
}

/** A base component's Jest stub: it keeps the public properties it was given. */
export type Stub<P> = HTMLElement & P;

/** Detaches everything a test mounted. */
export function resetDom(): void {
    while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
}

/**
 * For a card whose verdicts depend on today's date: every test of the enclosing describe sees
 * `Date.now()` as `today`, and after each the page is emptied and the spies restored.
 */
export function cardTestsOn(today: number): void {
    beforeEach(() => {
        jest.spyOn(Date, 'now').mockReturnValue(today);
    });

    afterEach(() => {
        resetDom();
        jest.restoreAllMocks();
    });
}

/** The shadow root of a mounted component (LWC components always render into one). */
export function shadowOf(element: Element): ShadowRoot {
    if (!element.shadowRoot) throw new Error(`<${element.tagName.toLowerCase()}> has no shadow root`);
    return element.shadowRoot;
}

/**
 * The root to query: a Stageplay component's host (`c-…`) is read through its shadow root, as a
 * test reads what the component rendered; any other node (including a base component's stub, whose
 * slotted children are in its light DOM) is read in its own subtree.
 */
const rootOf = (from: Element | ShadowRoot | Document): ParentNode =>
    from instanceof Element && from.tagName.toLowerCase().startsWith('c-') ? shadowOf(from) : from;

/** The first match of a selector that must match. */
export function one<E extends Element = HTMLElement>(
    from: Element | ShadowRoot | Document,
    selector: string
): E {
    const found = rootOf(from).querySelector<E>(selector);
    if (!found) throw new Error(`nothing matches ${selector}`);
    return found;
}

/** The first match, or null (for asserting that something is not shown). */
export function maybe<E extends Element = HTMLElement>(
    from: Element | ShadowRoot | Document,
    selector: string
): E | null {
    return rootOf(from).querySelector<E>(selector);
}

/** Every match, in document order. */
export function all<E extends Element = HTMLElement>(
    from: Element | ShadowRoot | Document,
    selector: string
): E[] {
    return [...rootOf(from).querySelectorAll<E>(selector)];
}

/** Text as a user reads it: whitespace collapsed, ends trimmed; '' for nothing. */
export function text(node: Node | null | undefined): string {
    return (node?.textContent ?? '').replace(/\s+/g, ' ').trim();
}
