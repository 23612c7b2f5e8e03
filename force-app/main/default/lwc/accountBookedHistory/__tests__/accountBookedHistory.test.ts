import AccountBookedHistory, { type BookedView } from 'c/accountBookedHistory';
import { all, maybe, one, text } from '../../../../../test/jest-helpers/dom';
import { describeViewChild, itDrawsEveryViewAccessibly } from '../../../../../test/jest-helpers/viewStates';

const BOOKED: BookedView = {
    periods: [
        {
            key: 'FY2027-Q2',
            label: 'FY2027 Q2',
            bookedText: '0',
            wonText: '0',
            barStyle: 'width: 0%',
            barLabel: 'FY2027 Q2: 0 booked'
        },
        {
            key: 'FY2027-Q3',
            label: 'FY2027 Q3',
            bookedText: '70,000',
            wonText: '2',
            barStyle: 'width: 100%',
            barLabel: 'FY2027 Q3: 70,000 booked, the best period shown'
        }
    ],
    totalText: 'Booked in these 2 fiscal quarters: 70,000 (2 deals won).',
    emptyText: 'No closed-won deals with this account yet.',
    periodNote: 'Fiscal year starts in February.'
};

const EMPTY: BookedView = { ...BOOKED, periods: [], totalText: null };

describeViewChild('c-account-booked-history', AccountBookedHistory, (render) => {
    it('lists each period, empty ones included, with a labelled bar and the total', () => {
        const element = render(BOOKED);
        const rows = all(element, 'tr[data-period]');
        expect(rows.map((r) => [text(one(r, 'th')), text(one(r, '[data-id="booked"]'))])).toEqual([
            ['FY2027 Q2', '0'],
            ['FY2027 Q3', '70,000']
        ]);
        const bar = one(rows[1], '[role="img"]');
        expect(bar.getAttribute('aria-label')).toBe('FY2027 Q3: 70,000 booked, the best period shown');
        expect(text(one(element, '[data-id="total"]'))).toBe(
            'Booked in these 2 fiscal quarters: 70,000 (2 deals won).'
        );
        expect(maybe(element, '[data-id="empty"]')).toBeNull();
    });

    it('says so when nothing was booked, and still says which periods these are', () => {
        const element = render(EMPTY);
        expect(maybe(element, 'table')).toBeNull();
        expect(text(one(element, '[data-id="empty"]'))).toBe('No closed-won deals with this account yet.');
        expect(text(one(element, '[data-id="period-note"]'))).toBe('Fiscal year starts in February.');
    });

    itDrawsEveryViewAccessibly(render, [
        ['with periods', BOOKED],
        ['with nothing booked', EMPTY]
    ]);
});
