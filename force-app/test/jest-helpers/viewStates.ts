/**
 * The tests every child component that draws a `view` it is given shares: without a view it draws
 * nothing, and in each named state, and without a view, it passes the accessibility check.
 */
import { maybe } from './dom';

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
