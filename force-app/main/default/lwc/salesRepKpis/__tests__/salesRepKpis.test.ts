import SalesRepKpis, { type RepView } from 'c/salesRepKpis';
import { all, maybe, mount, one, resetDom, text } from '../../../../../test/jest-helpers/dom';

/** The running user's line as c-sales-goals words it. */
const ME: RepView = {
    key: '005Hs00000Rep02IAB',
    name: 'Grace Hopper',
    tag: 'You',
    rowClass: 'rep-row_me',
    attainmentText: '37% of 300,000',
    bookedText: '111,000 booked',
    forecastAttainmentText: '58%',
    coverageText: '65% of the 189,000 left',
    winRateText: '25%',
    winRateRestsOnText: 'of 36 closed deals (95%: 14%–41%)',
    avgDealSizeText: '27,750 per won deal',
    cycleText: '52 days cycle',
    velocityText: '610 per day',
    loginsText: '9 logins · last 2026-11-03',
    activityText: '8 opportunities created · 40 of 97 activities done',
    disciplineText: '55% of stage moves captured on time · 5 stale · 3 past close date'
};

const OTHER: RepView = { ...ME, key: '005Hs00000Rep03IAB', name: 'Bo Rep', tag: null, rowClass: '' };

const render = (rows: RepView[], caption = 'Your team') =>
    mount('c-sales-rep-kpis', SalesRepKpis, { rows, caption });

describe('c-sales-rep-kpis', () => {
    afterEach(() => resetDom());

    it('renders one row per rep in the order given, the user’s own marked in words', () => {
        const element = render([ME, OTHER]);
        expect(text(one(element, '[data-id="caption"]'))).toBe('Your team');
        expect(all(element, 'tbody tr').map((r) => r.dataset.rep)).toEqual([ME.key, OTHER.key]);
        expect(text(one(element, `[data-rep="${ME.key}"] [data-id="tag"]`))).toBe('You');
        expect(one(element, `[data-rep="${ME.key}"]`).className).toBe('rep-row_me');
        expect(maybe(element, `[data-rep="${OTHER.key}"] [data-id="tag"]`)).toBeNull();
        expect(text(one(element, `[data-rep="${ME.key}"] [data-id="coverage"]`))).toBe(
            '65% of the 189,000 left'
        );
    });

    it('says when no line is published for the user to see', () => {
        expect(text(one(render([], 'Your line'), '[data-id="no-reps"]'))).toContain('No rep KPIs');
    });

    it.each([
        ['with reps', [ME, OTHER]],
        ['without reps', []]
    ])('is accessible %s', async (_state, rows) => {
        await expect(render(rows)).toBeAccessible();
    });
});
