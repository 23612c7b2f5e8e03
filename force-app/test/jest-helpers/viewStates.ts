/**
 * The tests every child component that draws a `view` it is given shares: without a view it draws
 * nothing, and in each named state, and without a view, it passes the accessibility check.
 */
import { maybe, mounter, resetDom, type ComponentClass, type PublicProps } from './dom';

export function itDrawsEveryViewAccessibly<V>(
    render: (view: V | null) => HTMLElement,
    states: Array<[state: string, view: V]>
): void {
    it('renders nothing without a view', () => {
        expect(maybe(render(null), 'section')).toBeNull();
    });

    it.each<[string, V | null]>([...states, ['without a view', null]])(
        'is accessible %s',
        async (_state, view) => {
            await expect(render(view)).toBeAccessible();
        }
    );
}

/**
 * The specs of a child component `tag` that draws the `view` it is given: `render` mounts it with a
 * view, and the page is emptied after each spec.
 */
export function describeViewChild<C extends { view: unknown }>(
    tag: string,
    is: ComponentClass<C>,
    specs: (render: (view: C['view']) => HTMLElement) => void
): void {
    const mount = mounter(tag, is);
    describe(tag, () => {
        afterEach(resetDom);
        specs((view) => mount({ view } as PublicProps<C>));
    });
}
