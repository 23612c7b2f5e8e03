import { stageExitsOf, type ActivityRecord, type AdoptionInput, type FlagTally } from '../adoption';
import { repKpis, TEAM_OWNER_ID, type KpiDeal, type KpiInput, type QuotaRecord } from '../kpis';
import type { PeriodForecastGroup } from '../periodForecast';
import type { DealPath, Period } from '../types';
import { opportunity, sampleProcess } from './fixtures';

/*
 * Hand fixture. As of 2026-05-15, calendar quarters: Q1 2026 has ended, Q2 2026 is current.
 * Ann (A) and Bob (B):
 *   A1 A created 2025-12-01 won  2026-02-10 100  cycle 71 days (31 + 31 + 9)
 *   A2 A created 2026-01-10 lost 2026-03-01  50
 *   A3 A created 2026-01-20 won  2026-03-20 300  cycle 59 days (31 + 28)
 *   A4 A created 2026-02-01 open, dated 2026-06-15, 200
 *   B1 B created 2025-11-15 lost 2026-01-05  80
 *   B2 B created 2026-04-02 won  2026-05-01 120  cycle 29 days
 *   B3 B created 2026-03-01 open, dated 2026-06-30, 400
 * Quotas: A Q1 500, A Q2 600, B Q2 300, and B a yearly 1,000 that fits no quarter (spanning: 1).
 * The Q2 forecast's owner groups (as periodForecastGroups gives them): A open 90 + not yet created
 * 10 = adjusted 100; B booked 120 + open 150 + not yet created 30 = adjusted 300.
 */
const Q1: Period = { key: 'FY2026-Q1', label: 'Q1 2026', start: '2026-01-01', end: '2026-03-31' };
const Q2: Period = { key: 'FY2026-Q2', label: 'Q2 2026', start: '2026-04-01', end: '2026-06-30' };
const AS_OF = '2026-05-15';

function deal(
    ownerId: string,
    created: string,
    close: string,
    state: 'won' | 'lost' | 'open',
    amount: number
): KpiDeal {
    return {
        ownerId,
        amount,
        createdDate: `${created}T10:00:00.000Z`,
        closeDate: close,
        isClosed: state !== 'open',
        isWon: state === 'won'
    };
}

const DEALS: KpiDeal[] = [
    deal('A', '2025-12-01', '2026-02-10', 'won', 100),
    deal('A', '2026-01-10', '2026-03-01', 'lost', 50),
    deal('A', '2026-01-20', '2026-03-20', 'won', 300),
    deal('A', '2026-02-01', '2026-06-15', 'open', 200),
    deal('B', '2025-11-15', '2026-01-05', 'lost', 80),
    deal('B', '2026-04-02', '2026-05-01', 'won', 120),
    deal('B', '2026-03-01', '2026-06-30', 'open', 400)
];

const QUOTAS: QuotaRecord[] = [
    { ownerId: 'A', periodStart: '2026-01-01', periodEnd: '2026-03-31', amount: 500, source: 'csv' },
    { ownerId: 'A', periodStart: '2026-04-01', periodEnd: '2026-06-30', amount: 600, source: 'csv' },
    { ownerId: 'B', periodStart: '2026-04-01', periodEnd: '2026-06-30', amount: 300, source: 'csv' },
    { ownerId: 'B', periodStart: '2026-01-01', periodEnd: '2026-12-31', amount: 1000, source: 'csv' }
];

function group(owner: string, booked: number, openDeals: number, notYetCreated: number): PeriodForecastGroup {
    return {
        group: owner,
        booked,
        stated: booked,
        openDeals,
        notYetCreated,
        adjusted: booked + openDeals + notYetCreated
    };
}

const ACTIVITIES: ActivityRecord[] = [
    { ownerId: 'A', kind: 'task', dueDate: '2026-04-05', completed: true },
    { ownerId: 'A', kind: 'task', dueDate: '2026-05-10', completed: false },
    { ownerId: 'A', kind: 'task', dueDate: '2026-05-30', completed: false }, // after the as-of date: not due yet
    { ownerId: 'B', kind: 'event', dueDate: '2026-04-22', completed: true }
];

const FLAGS = new Map<string, Map<string, FlagTally>>([
    [
        Q2.key,
        new Map([
            ['A', { stale: 1, pastClose: 0 }],
            ['B', { stale: 0, pastClose: 1 }]
        ])
    ]
]);

const ADOPTION: AdoptionInput = {
    lastLogins: new Map([
        ['A', '2026-05-14T08:00:00.000Z'],
        ['B', '2026-04-20T08:00:00.000Z']
    ]),
    logins: [
        { userId: 'A', at: '2026-02-03T08:00:00.000Z' },
        { userId: 'A', at: '2026-04-10T08:00:00.000Z' },
        { userId: 'A', at: '2026-05-14T08:00:00.000Z' },
        { userId: 'B', at: '2026-04-20T08:00:00.000Z' },
        { userId: 'B', at: '2026-05-20T08:00:00.000Z' } // after the as-of date
    ],
    activities: ACTIVITIES,
    stageExits: [
        { ownerId: 'A', at: '2026-04-03T09:00:00.000Z', captured: true },
        { ownerId: 'A', at: '2026-04-20T09:00:00.000Z', captured: false },
        { ownerId: 'B', at: '2026-05-02T09:00:00.000Z', captured: true }
    ],
    flags: FLAGS
};

function input(overrides: Partial<KpiInput> = {}): KpiInput {
    return {
        asOf: AS_OF,
        periods: [
            { period: Q1, forecastByOwner: null },
            { period: Q2, forecastByOwner: [group('A', 0, 90, 10), group('B', 120, 150, 30)] }
        ],
        deals: DEALS,
        owners: [
            { id: 'A', name: 'Ann' },
            { id: 'B', name: 'Bob' }
        ],
        quotas: QUOTAS,
        ...ADOPTION,
        ...overrides
    };
}

const row = (rows: ReturnType<typeof repKpis>['byOwner'], owner: string, period: Period) =>
    rows.find((r) => r.ownerId === owner && r.period === period.key)!;

describe('repKpis', () => {
    const result = repKpis(input());

    it('gives an ended period its final figures: attainment, win rate, size, cycle, velocity', () => {
        const a = row(result.byOwner, 'A', Q1);
        expect(a.quota).toBe(500);
        expect(a.booked).toBe(400); // A1 100 + A3 300
        expect(a.attainment).toBeCloseTo(0.8, 10); // 400 / 500
        expect(a.forecastAttainment).toBeCloseTo(0.8, 10); // ended: nothing open left to expect
        expect(a.coverage).toBeNull();
        expect(a.closedDeals).toBe(3);
        expect(a.winRate).toBeCloseTo(2 / 3, 10);
        expect(a.avgDealSize).toBe(200);
        expect(a.cycleDays).toBe(65); // median of 71 and 59
        // open at the start of Q1: A1 only; 1 × 2/3 × 200 / 65
        expect(a.velocity).toBeCloseTo(133.3333 / 65, 4);
    });

    it('leaves null what rests on nothing: no quota, no won deal', () => {
        const b = row(result.byOwner, 'B', Q1);
        expect(b.quota).toBeNull();
        expect(b.quotaSource).toBeNull();
        expect(b.attainment).toBeNull();
        expect(b.forecastAttainment).toBeNull();
        expect(b.closedDeals).toBe(1);
        expect(b.winRate).toBe(0);
        expect(b.avgDealSize).toBeNull();
        expect(b.cycleDays).toBeNull();
        expect(b.velocity).toBeNull();
        const a = row(result.byOwner, 'A', Q2);
        expect(a.winRate).toBeNull();
        expect(a.closedDeals).toBe(0);
        expect(a.velocity).toBeNull();
    });

    it('takes the current period forecast from the owner groups: forecast attainment and coverage', () => {
        const a = row(result.byOwner, 'A', Q2);
        expect(a.attainment).toBe(0); // nothing booked against 600
        expect(a.forecastAttainment).toBeCloseTo(100 / 600, 10);
        expect(a.coverage).toBeCloseTo(90 / 600, 10);
        const b = row(result.byOwner, 'B', Q2);
        expect(b.booked).toBe(120);
        expect(b.attainment).toBeCloseTo(0.4, 10); // 120 / 300
        expect(b.forecastAttainment).toBeCloseTo(1, 10); // 300 / 300
        expect(b.coverage).toBeCloseTo(150 / 180, 10); // open 150 / (300 − 120)
        expect(b.cycleDays).toBe(29);
        expect(b.velocity).toBeCloseTo(120 / 29, 10); // B3 open at the start × 1 × 120 / 29
    });

    it('gives no forecast attainment or coverage when the forecast could not be learned', () => {
        const noForecast = repKpis(input({ periods: [{ period: Q2, forecastByOwner: null }] }));
        const b = row(noForecast.byOwner, 'B', Q2);
        expect(b.attainment).toBeCloseTo(0.4, 10);
        expect(b.forecastAttainment).toBeNull();
        expect(b.coverage).toBeNull();
    });

    it('adds a team row per period: the reps quotas summed, deals pooled', () => {
        expect(result.team.map((t) => t.ownerId)).toEqual([TEAM_OWNER_ID, TEAM_OWNER_ID]);
        const q1 = result.team[0];
        expect(q1.quota).toBe(500);
        expect(q1.booked).toBe(400);
        expect(q1.winRate).toBe(0.5); // 2 won of 4 closed
        expect(q1.velocity).toBeCloseTo((2 * 0.5 * 200) / 65, 10); // A1 and B1 open at the start
        const q2 = result.team[1];
        expect(q2.quota).toBe(900);
        expect(q2.attainment).toBeCloseTo(120 / 900, 10);
        expect(q2.forecastAttainment).toBeCloseTo(400 / 900, 10);
        expect(q2.coverage).toBeCloseTo(240 / 780, 10);
        expect(q2.quotaSource).toBe('csv');
    });

    it('counts the quota that fits no single period instead of using it', () => {
        expect(result.quotasSpanningPeriods).toBe(1);
    });

    it('gives every quota null without a quota source', () => {
        const none = repKpis(input({ quotas: null }));
        expect(none.byOwner.every((r) => r.quota === null && r.attainment === null)).toBe(true);
        expect(none.team.every((r) => r.quota === null)).toBe(true);
    });

    it('counts adoption up to the as-of date', () => {
        const a = row(result.byOwner, 'A', Q2).adoption;
        expect(a).toEqual({
            lastLogin: '2026-05-14T08:00:00.000Z',
            logins: 2,
            opportunitiesCreated: 0,
            activitiesCompleted: 1,
            activitiesDue: 2,
            parametersOnTime: 0.5,
            stageExits: 2,
            staleDeals: 1,
            pastCloseDeals: 0
        });
        const b = row(result.byOwner, 'B', Q2).adoption;
        expect(b.logins).toBe(1); // the login of 05-20 is after the as-of date
        expect(b.opportunitiesCreated).toBe(1);
        expect(b.activitiesCompleted).toBe(1);
        expect(b.parametersOnTime).toBe(1);
        expect(b.pastCloseDeals).toBe(1);
        expect(row(result.byOwner, 'A', Q1).adoption.opportunitiesCreated).toBe(3); // A2, A3, A4
        expect(row(result.byOwner, 'A', Q1).adoption.logins).toBe(1);
        const team = result.team[1].adoption;
        expect(team.lastLogin).toBe('2026-05-14T08:00:00.000Z');
        expect(team.logins).toBe(3);
        expect(team.parametersOnTime).toBeCloseTo(2 / 3, 10);
    });

    it('counts records on the first day of a period and on the as-of day, in whatever order they come', () => {
        const edges = repKpis(
            input({
                logins: [
                    { userId: 'A', at: '2026-05-15T23:00:00.000Z' }, // the as-of day: counted
                    { userId: 'A', at: '2026-03-31T23:59:59.000Z' }, // Q1's last day
                    { userId: 'A', at: '2026-05-16T00:00:00.000Z' }, // the day after as-of: not yet
                    { userId: 'A', at: '2026-04-01T00:00:00.000Z' }, // Q2's first day
                    { userId: 'A', at: '2026-04-01T12:00:00.000Z' }
                ],
                activities: [
                    { ownerId: 'A', kind: 'task', dueDate: '2026-05-15', completed: false },
                    { ownerId: 'A', kind: 'task', dueDate: '2026-03-31', completed: true },
                    { ownerId: 'A', kind: 'task', dueDate: '2026-04-01', completed: true }
                ]
            })
        );
        const q2 = row(edges.byOwner, 'A', Q2).adoption;
        expect([q2.logins, q2.activitiesDue, q2.activitiesCompleted]).toEqual([3, 2, 1]);
        const q1 = row(edges.byOwner, 'A', Q1).adoption;
        expect([q1.logins, q1.activitiesDue, q1.activitiesCompleted]).toEqual([1, 1, 1]);
        expect(edges.team[1].adoption.logins).toBe(3);
    });

    it('says null, not 0, when there is no login or activity data', () => {
        const none = repKpis(input({ logins: null, activities: null, lastLogins: new Map() }));
        const a = row(none.byOwner, 'A', Q2).adoption;
        expect(a.lastLogin).toBeNull();
        expect(a.logins).toBeNull();
        expect(a.activitiesDue).toBeNull();
        expect(a.activitiesCompleted).toBeNull();
    });
});

describe('stageExitsOf', () => {
    it('judges each exit from a stage with parameters by the values the deal left it with', () => {
        const path: DealPath = {
            deal: opportunity({ id: 'D1', ownerId: 'A' }),
            visits: [
                {
                    stage: 'Prospecting',
                    enteredAt: '2026-01-02T09:00:00.000Z',
                    exitedAt: '2026-01-10T09:00:00.000Z',
                    values: { Reception__c: 'Positive', Org_Size__c: 150 }
                },
                {
                    stage: 'Discovery',
                    enteredAt: '2026-01-10T09:00:00.000Z',
                    exitedAt: '2026-02-01T09:00:00.000Z',
                    values: { Reception__c: 'Positive', Org_Size__c: 150, Pain_Metric__c: null }
                },
                { stage: 'Proposal', enteredAt: '2026-02-01T09:00:00.000Z', exitedAt: null, values: {} }
            ],
            closeDateChanges: [],
            outcome: 'open',
            closedAt: null,
            valuesFromFieldHistory: true
        };
        expect(stageExitsOf(sampleProcess(), [path])).toEqual([
            { ownerId: 'A', at: '2026-01-10T09:00:00.000Z', captured: true },
            { ownerId: 'A', at: '2026-02-01T09:00:00.000Z', captured: false }
        ]);
    });
});
