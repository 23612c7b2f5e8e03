/**
 * Specs for the light-DOM children (cardNotices, cardState, evidenceList): their markup is the host's
 * own children, which the card composing them reads from its own shadow tree, so their specs read it
 * from the document.
 */
import type { createElement } from 'lwc';
import { mounter, resetDom, type ComponentClass, type PublicProps } from './dom';

/** `render` of a light-DOM child's specs: mounts it with the defaults, overridden by a spec's props. */
export type LightDomRender<C> = (props?: PublicProps<C>) => ReturnType<typeof createElement<C>>;

/**
 * The specs of a light-DOM child `tag`, each rendering it with `defaults` overridden by its own props;
 * the page is emptied after each.
 */
export function describeLightDomChild<C>(
    tag: string,
    is: ComponentClass<C>,
    defaults: PublicProps<C>,
    specs: (render: LightDomRender<C>) => void
): void {
    describe(tag, () => {
        afterEach(resetDom);
        specs(mounter(tag, is, defaults));
    });
}

/**
 * The first spec of a light-DOM child: rendered by `render`, it has no shadow root and the `count`
 * elements matching `selector` are the host's own children.
 */
export function itRendersIntoTheLightDom(
    render: () => HTMLElement,
    what: string,
    selector: string,
    count: number
): void {
    it(`renders into the light DOM, so the composing card sees the ${what} as its own`, () => {
        const element = render();
        expect(element.shadowRoot).toBeNull();
        expect(element.querySelectorAll(selector)).toHaveLength(count);
    });
}
