import { buildDealPaths } from '../history';
import { periodOf } from '../periods';
import {
    ageBucket,
    backtestAccuracy,
    bookingsRange,
    CELL_PRIOR_STRENGTH,
    cellKeys,
    closeRate,
    dueBucket,
    CloseRateCounts,
    fitCloseRates,
    forecastPeriod,
    normalCdf,
    NOT_YET_CREATED_GROUP,
    periodForecastGroups,
    PipelineHistory,
    type PeriodBacktestPoint,
    type PeriodForecast
} from '../periodForecast';
import type { OpportunityRecord, StageHistoryRow } from '../types';
import { opportunity, sampleProcess, stageRow } from './fixtures';

const MONTHS = { unit: 'month', fiscalYearStartMonth: 1 } as const;
const K = CELL_PRIOR_STRENGTH;

describe('cells', () => {
    it('buckets days in stage and where the close date falls', () => {
        expect([0, 13.9, 14, 44.9, 45, 400].map(ageBucket)).toEqual([0, 0, 1, 1, 2, 2]);
        expect(dueBucket('2026-03-10', '2026-03-17', '2026-03-31')).toBe('overdue');
        expect(dueBucket('2026-03-17', '2026-03-17', '2026-03-31')).toBe('overdue');
        expect(dueBucket('2026-03-31', '2026-03-17', '2026-03-31')).toBe('inPeriod');
        expect(dueBucket('2026-04-01', '2026-03-17', '2026-03-31')).toBe('later');
    });

    it('builds the ladder coarse to fine, pushes capped at 2', () => {
        const deal = {
            id: 'D',
            ownerId: 'O',
            stage: 'Proposal',
            amount: 1,
            closeDate: '2026-03-20',
            statedProbability: 0.5,
            forecastCategory: null,
            daysInStage: 20,
            pushes: 5
        };
        expect(cellKeys(deal, '2026-03-17', '2026-03-31')).toEqual([
            'inPeriod',
            'inPeriod|Proposal',
            'inPeriod|Proposal|p2',
            'inPeriod|Proposal|p2|a1'
        ]);
    });
});

describe('fitCloseRates and closeRate', () => {
    it('shrinks each cell toward its parent with k pseudo-deals', () => {
        const model = fitCloseRates([
            { keys: ['a', 'a|x'], stage: 'x', won: true, amountThen: 100, amountBooked: 150 },
            { keys: ['a', 'a|x'], stage: 'x', won: false, amountThen: 100, amountBooked: 0 },
            { keys: ['a', 'a|y'], stage: 'y', won: false, amountThen: 100, amountBooked: 0 },
            { keys: ['b', 'b|y'], stage: 'y', won: true, amountThen: 200, amountBooked: 200 }
        ]);
        expect(model).not.toBeNull();
        if (!model) return;
        expect(model.overall).toEqual({ won: 2, n: 4, rate: 0.5 });
        // 'a': 1 of 3 → (1 + 10·0.5) / 13; 'a|x': 1 of 2 → (1 + 10·a) / 12.
        const a = (1 + K * 0.5) / (3 + K);
        const ax = (1 + K * a) / (2 + K);
        expect(closeRate(model, ['a', 'a|x'])).toBeCloseTo(ax, 12);
        // A cell no example reached takes its parent's rate; an unknown ladder the overall rate.
        expect(closeRate(model, ['a', 'a|z'])).toBeCloseTo(a, 12);
        expect(closeRate(model, ['c'])).toBe(0.5);
        // Amount change: overall (150 + 200) / (100 + 200); stage x 1.5 on one won deal, shrunk.
        expect(model.amountChangeOverall).toBeCloseTo(350 / 300, 12);
        expect(model.amountChange.get('x')).toBeCloseTo((1 * 1.5 + 10 * (350 / 300)) / 11, 12);
        expect(model.amountChange.has('z')).toBe(false);
    });

    it('has nothing to say without examples', () => {
        expect(fitCloseRates([])).toBeNull();
        expect(new CloseRateCounts().model()).toBeNull();
    });

    it('counts examples added one at a time as it counts a list of them', () => {
        const examples = [
            { keys: ['a', 'a|x'], stage: 'x', won: true, amountThen: 100, amountBooked: 150 },
            { keys: ['b', 'b|y'], stage: 'y', won: true, amountThen: 0, amountBooked: 50 },
            { keys: ['a', 'a|y'], stage: 'y', won: false, amountThen: 100, amountBooked: 0 },
            { keys: ['a', 'a|x'], stage: 'x', won: true, amountThen: 300, amountBooked: 200 }
        ];
        const counts = new CloseRateCounts();
        for (const e of examples) counts.add(e.keys, e.stage, e.won, e.amountThen, e.amountBooked);
        const model = counts.model();
        expect(model).toEqual(fitCloseRates(examples));
        expect(model?.cells.get('a|x')).toEqual({ won: 2, n: 2 });
        expect(model?.cells.get('a')).toEqual({ won: 2, n: 3 });
        // A won deal with no amount then counts toward the rate, not the amount change.
        expect([...(model?.amountChange.keys() ?? [])]).toEqual(['x']);
    });
});

describe('bookingsRange', () => {
    it('is the 10th to 90th percentile of a hand-countable distribution', () => {
        // One coin-flip deal of 1000 on top of 100 booked: half the draws 100, half 1100.
        expect(bookingsRange(100, [{ probability: 0.5, amount: 1000 }], [], 's')).toEqual({
            low: 100,
            high: 1100
        });
        // Certain outcomes collapse the range.
        expect(
            bookingsRange(
                100,
                [
                    { probability: 1, amount: 50 },
                    { probability: 0, amount: 999 }
                ],
                [],
                's'
            )
        ).toEqual({ low: 150, high: 150 });
        // The not-yet-created term is drawn from past periods' values.
        expect(bookingsRange(100, [], [0, 300], 's')).toEqual({ low: 100, high: 400 });
    });

    it('takes a large pipeline as normal: mean Σ p·a, variance Σ p(1 − p)·a²', () => {
        // 10,000 coin flips of 1: mean 5,000, sd 50; the 10th/90th percentile are 5,000 ∓ 1.28155·50.
        const deals = Array.from({ length: 10_000 }, () => ({ probability: 0.5, amount: 1 }));
        const range = bookingsRange(0, deals, [], 's');
        expect(range.low).toBeCloseTo(5000 - 1.281552 * 50, 2);
        expect(range.high).toBeCloseTo(5000 + 1.281552 * 50, 2);
        // A not-yet-created value of 0 or 1,000, half the time each: the quantiles sit in the two humps.
        const mixed = bookingsRange(0, deals, [0, 1000], 's');
        expect(mixed.low).toBeCloseTo(5000 - 0.841621 * 50, 1);
        expect(mixed.high).toBeCloseTo(6000 + 0.841621 * 50, 1);
        expect(normalCdf(0)).toBeCloseTo(0.5, 7);
        expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
        expect(normalCdf(-1.281552)).toBeCloseTo(0.1, 6);
    });

    it('is reproducible for a seed', () => {
        const deals = [0.2, 0.4, 0.7].map((probability, i) => ({ probability, amount: 100 * (i + 1) }));
        expect(bookingsRange(0, deals, [10, 20], 'x')).toEqual(bookingsRange(0, deals, [10, 20], 'x'));
    });
});

/**
 * Monthly periods, forecasting March 2026 on 2026-03-17 (14 days left) from January and February:
 * - A (Proposal from Jan 10, due Jan 25) won Jan 25, amount raised 1000 → 1200;
 * - B (Proposal from Jan 5, due Jan 28) lost Jan 29;
 * - C (Proposal from Feb 1, due Feb 20) won Feb 20 at 500;
 * - D (owner 005D; all others 005A) created Feb 20, won Feb 26 at 300 (created after February's
 *   analogous date, Feb 14);
 * - E (Prospecting since Dec 20, due Mar 31, 1000) open throughout;
 * - F (Proposal from Mar 10, due Mar 25, 2000) open on Mar 17, won Mar 25 (after the as-of date);
 * - G won Mar 5 at 700: booked by Mar 17.
 * Analogous dates: Jan 17 (A, B open in Proposal due in January; E due later, 28 days in stage),
 * Feb 14 (C open due in February; E due later, 56 days in stage).
 */
function marchHistory(fWins: boolean): PipelineHistory {
    const process = sampleProcess();
    const deals: OpportunityRecord[] = [];
    const rows: StageHistoryRow[] = [];
    const deal = (
        id: string,
        created: string,
        steps: Array<[string, string, number, string]>,
        final: Partial<OpportunityRecord> = {}
    ) => {
        const [stage, , amount, closeDate] = steps[steps.length - 1];
        deals.push(
            opportunity({
                id,
                createdDate: `${created}T00:00:00.000Z`,
                stageName: stage,
                amount,
                closeDate,
                isClosed: stage.startsWith('Closed'),
                isWon: stage === 'Closed Won',
                ...final
            })
        );
        for (const [stageName, at, a, c] of steps)
            rows.push(stageRow(id, stageName, `${at}T00:00:00.000Z`, { amount: a, closeDate: c }));
    };
    deal('A', '2025-12-20', [
        ['Proposal', '2026-01-10', 1000, '2026-01-25'],
        ['Closed Won', '2026-01-25', 1200, '2026-01-25']
    ]);
    deal('B', '2026-01-05', [
        ['Proposal', '2026-01-05', 1000, '2026-01-28'],
        ['Closed Lost', '2026-01-29', 1000, '2026-01-29']
    ]);
    deal('C', '2026-02-01', [
        ['Proposal', '2026-02-01', 500, '2026-02-20'],
        ['Closed Won', '2026-02-20', 500, '2026-02-20']
    ]);
    deal(
        'D',
        '2026-02-20',
        [
            ['Negotiation', '2026-02-20', 300, '2026-02-26'],
            ['Closed Won', '2026-02-26', 300, '2026-02-26']
        ],
        { ownerId: '005D' }
    );
    deal('E', '2025-12-20', [['Prospecting', '2025-12-20', 1000, '2026-03-31']]);
    deal(
        'F',
        '2026-03-10',
        fWins
            ? [
                  ['Proposal', '2026-03-10', 2000, '2026-03-25'],
                  ['Closed Won', '2026-03-25', 2500, '2026-03-25']
              ]
            : [['Proposal', '2026-03-10', 2000, '2026-03-25']]
    );
    deal('G', '2026-03-01', [
        ['Negotiation', '2026-03-01', 700, '2026-03-05'],
        ['Closed Won', '2026-03-05', 700, '2026-03-05']
    ]);
    return new PipelineHistory(process, buildDealPaths(process, deals, rows, []));
}

describe('PipelineHistory snapshots', () => {
    it('hold every deal created by the day and open then, whatever order the paths come in', () => {
        const history = marchHistory(true);
        const reversed = new PipelineHistory(sampleProcess(), [...history.paths].reverse());
        const ids = (h: PipelineHistory, day: string) => {
            const snapshot = h.snapshot(day);
            return Array.from({ length: snapshot.size }, (_, i) => snapshot.id(i)).sort();
        };
        // G (created Mar 1) comes after F (created Mar 10) in path order; on Mar 3 only G is open of the two (it closes on Mar 5).
        expect(ids(history, '2026-03-03')).toEqual(['E', 'G']);
        for (const day of [
            '2025-12-20',
            '2026-01-17',
            '2026-02-14',
            '2026-02-21',
            '2026-03-03',
            '2026-03-17'
        ])
            expect(ids(reversed, day)).toEqual(ids(history, day));
        expect(ids(history, '2026-01-17')).toEqual(['A', 'B', 'E']);
    });
});

describe('forecastPeriod', () => {
    const march = periodOf('2026-03-01', MONTHS);
    const forecast = forecastPeriod(marchHistory(true), march, '2026-03-17', MONTHS, { trainingPeriods: 2 });

    it('learns close rates from analogous dates in complete past periods', () => {
        expect(forecast.daysLeft).toBe(14);
        expect(forecast.basis.trainingPeriods).toEqual(['FY2026-M01', 'FY2026-M02']);
        // A, B, E on Jan 17; C, E on Feb 14: 2 of 5 won within their month.
        expect(forecast.basis.examples).toBe(5);
        expect(forecast.basis.overallCloseRate).toBeCloseTo(2 / 5, 12);
        expect(forecast.basis.notYetCreatedByPeriod).toEqual([0, 300]);
    });

    it('adds booked, each open deal × P(won in period) × amount change, and not-yet-created', () => {
        const overall = 2 / 5;
        // Every example due in its period was in Proposal, untouched, under 14 days in stage: 2 of 3 won.
        const inPeriod = (2 + K * overall) / (3 + K);
        const proposal = (2 + K * inPeriod) / (3 + K);
        const unpushed = (2 + K * proposal) / (3 + K);
        const young = (2 + K * unpushed) / (3 + K);
        // E, now due in March, in Prospecting: only the first rung has examples.
        const amountChange = (1200 + 500) / (1000 + 500);
        const byId = new Map(forecast.deals.map((d) => [d.id, d]));
        expect(byId.get('E')?.probability).toBeCloseTo(inPeriod, 12);
        expect(byId.get('F')?.probability).toBeCloseTo(young, 12);
        expect(byId.get('F')?.amountChange).toBeCloseTo(amountChange, 12);
        expect(forecast.booked).toBe(700);
        expect(forecast.openDeals).toBeCloseTo(
            inPeriod * 1000 * amountChange + young * 2000 * amountChange,
            9
        );
        expect(forecast.notYetCreated).toBe(150);
        expect(forecast.adjusted).toBeCloseTo(700 + forecast.openDeals + 150, 9);
        // Stated: booked + E 10% × 1000 + F 50% × 2000; Commit: nothing open is in Commit.
        expect(forecast.stated).toBeCloseTo(1800, 9);
        expect(forecast.commit).toBe(700);
        expect(forecast.low).not.toBeNull();
        expect(forecast.low as number).toBeLessThanOrEqual(forecast.adjusted as number);
        expect(forecast.high as number).toBeGreaterThanOrEqual(forecast.adjusted as number);
        expect(forecast.low as number).toBeGreaterThanOrEqual(700);
    });

    it('splits into groups from the same per-deal terms, adding up to the forecast', () => {
        const byOwner = periodForecastGroups(forecast, 'owner')!;
        const ada = byOwner.find((g) => g.group === '005A')!;
        const dee = byOwner.find((g) => g.group === '005D')!;
        expect(ada).toMatchObject({ booked: 700, notYetCreated: 0 });
        expect(ada.openDeals).toBeCloseTo(forecast.openDeals, 9);
        expect(ada.stated).toBeCloseTo(forecast.stated, 9);
        // D's 300, created after February's analogous date, is the not-yet-created term: 300 / 2 periods.
        expect(dee).toEqual({
            group: '005D',
            booked: 0,
            stated: 0,
            openDeals: 0,
            notYetCreated: 150,
            adjusted: 150
        });
        expect(ada.adjusted + dee.adjusted).toBeCloseTo(forecast.adjusted as number, 9);

        const byCategory = new Map(
            periodForecastGroups(forecast, 'forecastCategory')!.map((g) => [g.group, g])
        );
        expect(byCategory.get('Closed')).toMatchObject({ booked: 700, stated: 700, adjusted: 700 });
        expect(byCategory.get(NOT_YET_CREATED_GROUP)).toMatchObject({ notYetCreated: 150, adjusted: 150 });
        const sum = [...byCategory.values()].reduce((s, g) => s + g.adjusted, 0);
        expect(sum).toBeCloseTo(forecast.adjusted as number, 9);

        const [total] = periodForecastGroups(forecast, 'total')!;
        expect(total.adjusted).toBeCloseTo(forecast.adjusted as number, 9);
        expect(total.stated).toBeCloseTo(forecast.stated, 9);
        expect(total.openDeals).toBeCloseTo(forecast.openDeals, 9);
    });

    it('does not look past the as-of date', () => {
        const fStillOpen = forecastPeriod(marchHistory(false), march, '2026-03-17', MONTHS, {
            trainingPeriods: 2
        });
        const strip = (f: PeriodForecast) => ({ ...f, deals: f.deals.map((d) => ({ ...d })) });
        expect(strip(fStillOpen)).toEqual(strip(forecast));
    });

    it('learns nothing when no complete past period lies within the history', () => {
        const early = forecastPeriod(
            marchHistory(true),
            periodOf('2026-01-01', MONTHS),
            '2026-01-17',
            MONTHS
        );
        expect(early.basis.trainingPeriods).toEqual([]);
        expect(early.adjusted).toBeNull();
        expect(early.low).toBeNull();
        expect(early.deals).toEqual([]);
        expect(periodForecastGroups(early, 'owner')).toBeNull();
    });
});

describe('backtestAccuracy', () => {
    const point = (
        weeksOut: number,
        booked: number,
        stated: number,
        adjusted: number | null,
        low: number,
        high: number
    ): PeriodBacktestPoint => ({
        period: 'P',
        asOf: '2026-01-01',
        weeksOut,
        booked,
        forecast: { stated, adjusted, commit: booked, low, high } as PeriodForecast
    });

    it('never clips the error and counts the periods and the range hits behind it', () => {
        const rows = backtestAccuracy(
            [
                point(2, 100, 150, 225, 50, 150),
                point(2, 200, 100, 200, 210, 300),
                point(2, 0, 10, 10, 0, 20),
                point(2, 100, 100, null, 0, 0),
                point(4, 100, 100, 100, 0, 200)
            ],
            [2, 4, 8]
        );
        expect(rows[0]).toMatchObject({
            weeksOut: 2,
            periods: 2,
            stated: { mape: (0.5 + 0.5) / 2, bias: (0.5 - 0.5) / 2 },
            adjusted: { mape: 1.25 / 2, bias: 1.25 / 2 },
            rangeCoverage80: { inside: 1, periods: 2, share: 0.5 }
        });
        expect(rows[1]).toMatchObject({ periods: 1, adjusted: { mape: 0, bias: 0 } });
        expect(rows[2]).toMatchObject({
            periods: 0,
            stated: { mape: null, bias: null },
            rangeCoverage80: { share: null }
        });
        // A 125% error shows as 1.25.
        expect(backtestAccuracy([point(2, 100, 100, 225, 0, 1)], [2])[0].adjusted.mape).toBeCloseTo(1.25, 12);
    });
});
