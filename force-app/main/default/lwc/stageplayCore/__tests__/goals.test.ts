/**
 * The goal funnel on a hand-made history whose every figure is worked out in the comments.
 *
 * Process (fixtures' sampleProcess): plays in Prospecting → goal Generate, Discovery → Qualify,
 * Proposal → Propose; Negotiation has no play, so it belongs to Propose (the goal before it).
 * As of 2026-11-15, quarters with a January fiscal year: the current period is Q4 2026
 * (2026-10-01 .. 2026-12-31).
 */
import {
    goalFunnel,
    funnelGoals,
    markBottleneck,
    NO_CLEAR_BOTTLENECK,
    NO_GOALS_DEFINED,
    stageGoalIndex
} from '../goals';
import type { GoalResult } from '../goalTypes';
import type { DealPath, GoalDefinition, ProcessDefinition } from '../types';
import { opportunity, sampleProcess } from './fixtures';

const SPEC = { unit: 'quarter' as const, fiscalYearStartMonth: 1 };
const AS_OF = '2026-11-15';

function goal(name: string, order: number, target: number | null): GoalDefinition {
    return { name, label: name, order, customerValue: `${name} helps`, measure: `${name} converts`, target };
}

function processWithGoals(): ProcessDefinition {
    return {
        ...sampleProcess(),
        goals: [goal('Qualify', 2, 0.5), goal('Generate', 1, 0.6), goal('Propose', 3, null)]
    };
}

/** A path through `stages` entered on the given days (noon UTC), closed won/lost on `closed` or still open. */
function path(
    id: string,
    amount: number | null,
    steps: Array<[string, string]>,
    closed: { outcome: 'won' | 'lost'; on: string } | null = null
): DealPath {
    const at = (day: string) => `${day}T12:00:00.000Z`;
    const visits = steps.map(([stage, day], i) => ({
        stage,
        enteredAt: at(day),
        exitedAt: i + 1 < steps.length ? at(steps[i + 1][1]) : closed ? at(closed.on) : null,
        values: {}
    }));
    return {
        deal: opportunity({ id, amount, createdDate: at(steps[0][1]) }),
        visits,
        closeDateChanges: [],
        outcome: closed ? closed.outcome : 'open',
        closedAt: closed ? at(closed.on) : null,
        valuesFromFieldHistory: false
    };
}

/**
 * d1 Prospecting 10-01, Discovery 10-05, Proposal 10-20, won 11-01 (100)
 * d2 Prospecting 10-02, Discovery 10-10, lost 10-30 (50)
 * d3 Prospecting 10-03, lost 10-08 (70)
 * d4 Prospecting 10-04, Proposal 10-15 (skips Qualify), won 11-10 (200)
 * d5 Prospecting 10-06, Discovery 11-20 (after the as-of date: not seen) (30)
 * d6 created in Discovery 10-07, Negotiation 11-01, open (40)
 * d7 Prospecting 10-08, lost 11-30 (after the as-of date: still open then) (60)
 * h1 Prospecting 2025-10-02, Discovery 2025-10-09, lost 2025-12-01 (a year earlier)
 * h2 Prospecting 2025-10-05, lost 2025-10-20
 */
function paths(): DealPath[] {
    return [
        path(
            'd1',
            100,
            [
                ['Prospecting', '2026-10-01'],
                ['Discovery', '2026-10-05'],
                ['Proposal', '2026-10-20']
            ],
            { outcome: 'won', on: '2026-11-01' }
        ),
        path(
            'd2',
            50,
            [
                ['Prospecting', '2026-10-02'],
                ['Discovery', '2026-10-10']
            ],
            { outcome: 'lost', on: '2026-10-30' }
        ),
        path('d3', 70, [['Prospecting', '2026-10-03']], { outcome: 'lost', on: '2026-10-08' }),
        path(
            'd4',
            200,
            [
                ['Prospecting', '2026-10-04'],
                ['Proposal', '2026-10-15']
            ],
            { outcome: 'won', on: '2026-11-10' }
        ),
        path('d5', 30, [
            ['Prospecting', '2026-10-06'],
            ['Discovery', '2026-11-20']
        ]),
        path('d6', 40, [
            ['Discovery', '2026-10-07'],
            ['Negotiation', '2026-11-01']
        ]),
        path('d7', 60, [['Prospecting', '2026-10-08']], { outcome: 'lost', on: '2026-11-30' }),
        path(
            'h1',
            10,
            [
                ['Prospecting', '2025-10-02'],
                ['Discovery', '2025-10-09']
            ],
            { outcome: 'lost', on: '2025-12-01' }
        ),
        path('h2', 10, [['Prospecting', '2025-10-05']], { outcome: 'lost', on: '2025-10-20' })
    ];
}

describe('funnelGoals / stageGoalIndex', () => {
    it('orders the goals, gives each its plays’ stages and places a stage without plays with the goal before it', () => {
        const process = processWithGoals();
        const placed = funnelGoals(process);
        expect(placed.goals.map((g) => [g.definition.name, g.stages])).toEqual([
            ['Generate', ['Prospecting']],
            ['Qualify', ['Discovery']],
            ['Propose', ['Proposal']]
        ]);
        expect(placed.unassignedPlays).toBe(0);
        expect(Object.fromEntries(stageGoalIndex(process, placed.goals))).toEqual({
            Prospecting: 0,
            Discovery: 1,
            Proposal: 2,
            Negotiation: 2
        });
    });

    it('counts plays whose goal is unknown and goals no play names', () => {
        const process = processWithGoals();
        process.plays[0].goal = 'Nurture';
        process.goals!.push(goal('Expand', 4, null));
        const placed = funnelGoals(process);
        expect(placed.unassignedPlays).toBe(1);
        expect(placed.goalsWithoutPlays).toEqual(['Expand']);
    });
});

describe('goalFunnel', () => {
    const funnel = goalFunnel(processWithGoals(), paths(), { asOf: AS_OF, spec: SPEC, pastPeriods: 1 });
    const byName = (name: string) => funnel.byGoal.find((r) => r.goal === name)!;

    /** Each goal's row for the period: what entered it, converted, was lost, how fast and for how much. */
    const GOAL_ROWS: ReadonlyArray<[string, string, Record<string, unknown>]> = [
        [
            'counts Generate: entered 6 (d1 d2 d3 d4 d5 d7), converted 3 (d1 d2, and d4 by skipping), lost 1 (d3)',
            // d5 reached Discovery and d7 was lost only after 11-15: both still open as of then.
            // Days to convert: d1 10-01→10-05 = 4, d2 10-02→10-10 = 8, d4 10-04→10-15 = 11 → median 8.
            // Value created: amounts of the converted deals, 100 + 50 + 200 = 350.
            'Generate',
            {
                period: 'FY2026-Q4',
                asOf: AS_OF,
                order: 1,
                entered: 6,
                converted: 3,
                lost: 1,
                conversionRate: 0.75,
                medianDays: 8,
                valueCreated: 350,
                target: 0.6,
                customerValue: 'Generate helps',
                measure: 'Generate converts',
                // Wilson 95% for 3 of 4: centre (0.75 + 3.8415/8) / (1 + 3.8415/4) = 1.2302/1.9604 = 0.6275,
                // half 1.96 × √(0.1875/4 + 3.8415/64) / 1.9604 = 1.96 × 0.3271 / 1.9604 = 0.3270 → 0.30 .. 0.95.
                conversionInterval95: [expect.closeTo(0.3006, 3), expect.closeTo(0.9544, 3)]
            }
        ],
        [
            'counts Qualify without the deal that skipped it: entered d1 d2 d6, converted d1 d6, lost d2',
            // d4 went Prospecting → Proposal: it never entered Qualify. d5 entered after the as-of date.
            // Days: d1 10-05→10-20 = 15, d6 10-07→11-01 (Negotiation, a Propose stage) = 25 → median 20.
            'Qualify',
            {
                entered: 3,
                converted: 2,
                lost: 1,
                conversionRate: expect.closeTo(2 / 3, 10),
                medianDays: 20,
                valueCreated: 140
            }
        ],
        [
            'counts the last goal as converted only when won',
            // Entered: d4 10-15, d1 10-20, d6 11-01 (Negotiation belongs to Propose). Won: d1 (12 days), d4 (26 days).
            'Propose',
            {
                entered: 3,
                converted: 2,
                lost: 0,
                conversionRate: 1,
                medianDays: 19,
                valueCreated: 300,
                target: null
            }
        ]
    ];

    it.each(GOAL_ROWS)('%s', (_spec, goal, row) => {
        expect(byName(goal)).toMatchObject(row);
    });

    it('compares with the same period a year earlier, judged as of the same day then', () => {
        // Q4 2025 as of 2025-11-15: Generate converted h1 (Discovery 10-09), lost h2 (10-20) → 1 of 2.
        // Qualify: h1 entered 10-09 but was lost only on 12-01, still open on 11-15 → no decided deal.
        expect(byName('Generate')).toMatchObject({ historyRate: 0.5, historyPeriods: 1, historyDecided: 2 });
        expect(byName('Qualify')).toMatchObject({ historyRate: null, historyPeriods: 0, historyDecided: 0 });
    });

    it('lists the past periods as the trend, oldest first, in goal order', () => {
        expect(funnel.trend.map((r) => [r.period, r.goal, r.entered])).toEqual([
            ['FY2026-Q3', 'Generate', 0],
            ['FY2026-Q3', 'Qualify', 0],
            ['FY2026-Q3', 'Propose', 0]
        ]);
    });

    it('finds no bottleneck in noise: every reference lies inside the 95% interval', () => {
        // Generate 75% (30%–95%) vs target 60%: above it. Qualify 67% vs 50%: above. Propose: no target, no history.
        expect(funnel.bottleneck).toBeNull();
        expect(funnel.noBottleneck).toBe(NO_CLEAR_BOTTLENECK);
        expect(funnel.byGoal.some((r) => r.bottleneck)).toBe(false);
    });

    it('averages the won amount over the deals won since the first trend period', () => {
        // Won since 2026-07-01 by 11-15: d1 (100) and d4 (200) → 150 over 2 deals.
        expect(funnel.averageWon).toEqual({ amount: 150, deals: 2, since: '2026-07-01' });
    });

    it('sees only what was known as of an earlier date', () => {
        // As of 2026-10-09: Generate entered d1..d5 and d7 (all by 10-08); converted d1 (10-05), lost d3 (10-08);
        // d2 reached Discovery on 10-10 and d4 Proposal on 10-15: not yet.
        const early = goalFunnel(processWithGoals(), paths(), {
            asOf: '2026-10-09',
            spec: SPEC,
            pastPeriods: 0
        });
        expect(early.byGoal[0]).toMatchObject({ entered: 6, converted: 1, lost: 1, conversionRate: 0.5 });
    });

    it('gives the same funnel whatever order the deals come in', () => {
        // Each cohort is found by entry instant, not by a pass in the input's order: reversed, the
        // deals enter in an order their positions do not follow. The amounts are whole, so sums agree.
        const reversed = goalFunnel(processWithGoals(), paths().reverse(), {
            asOf: AS_OF,
            spec: SPEC,
            pastPeriods: 1
        });
        expect(reversed.byGoal).toEqual(funnel.byGoal);
        expect(reversed.trend).toEqual(funnel.trend);
    });

    it('works without goals and says so', () => {
        const none = goalFunnel(sampleProcess(), paths(), { asOf: AS_OF, spec: SPEC, pastPeriods: 1 });
        expect(none.byGoal).toEqual([]);
        expect(none.bottleneck).toBeNull();
        expect(none.noBottleneck).toBe(NO_GOALS_DEFINED);
        // Every play is unassigned: no goal exists for it.
        expect(none.unassignedPlays).toBe(4);
    });
});

function result(
    goalName: string,
    converted: number,
    lost: number,
    entered: number,
    target: number | null,
    historyRate: number | null
): GoalResult {
    const n = converted + lost;
    const p = converted / n;
    // Wilson 95%, the same formula as stats.wilsonInterval, so the test fixes only the inputs.
    const z2 = 1.959964 ** 2;
    const centre = (p + z2 / (2 * n)) / (1 + z2 / n);
    const half = (1.959964 * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
    return {
        goal: goalName,
        label: goalName,
        order: 1,
        customerValue: '',
        measure: '',
        period: 'FY2026-Q3',
        asOf: AS_OF,
        entered,
        converted,
        lost,
        conversionRate: p,
        conversionInterval95: [centre - half, centre + half],
        medianDays: null,
        valueCreated: 0,
        target,
        historyRate,
        historyPeriods: historyRate === null ? 0 : 2,
        historyDecided: historyRate === null ? 0 : 150,
        bottleneck: false,
        worthInBookings: null
    };
}

describe('markBottleneck', () => {
    const later = [
        { rate: 0.3, decided: 100 },
        { rate: 0.5, decided: 40 },
        { rate: 0.8, decided: 20 }
    ];

    /**
     * Marks the bottleneck among `first` (A, B) and C (16 of 20 against a 70% target: above it), checks
     * which goal it is, why, its gap and its worth, and returns it with the marked results.
     */
    function expectBottleneck(
        first: GoalResult[],
        averageWon: { amount: number; deals: number },
        expected: { goal: string; reason: string; gap: number; worth: number }
    ) {
        const results = [...first, result('C', 16, 4, 30, 0.7, null)];
        const found = markBottleneck(results, later, averageWon, 'Q3 2026');
        expect(found).toMatchObject({ goal: expected.goal, reason: expected.reason });
        expect(found!.gap).toBeCloseTo(expected.gap, 10);
        expect(found!.worthInBookings).toBeCloseTo(expected.worth, 6);
        return { results, found: found! };
    }

    it('names the goal furthest below its target beyond its interval, and what reaching it is worth', () => {
        // A: 30 of 100 = 30% (95% 21.9%–39.6%) vs target 50%: gap 20 points, beyond the interval.
        // B: 40 of 80 = 50% vs history 60%: Wilson 39.3%–60.7% reaches 60%: noise.
        // Worth: 120 entered × 0.20 = 24 more reach B; × B 50% × C 80% = 9.6 more won; × 1,000 = 9,600.
        const { results, found } = expectBottleneck(
            [result('A', 30, 70, 120, 0.5, null), result('B', 40, 40, 90, null, 0.6)],
            { amount: 1000, deals: 50 },
            { goal: 'A', reason: 'belowTarget', gap: 0.2, worth: 9600 }
        );
        expect(found.arithmetic).toBe(
            'A converted 30% of decided deals in Q3 2026 (30 of 100; 95% interval 22%–40%) against its target of 50%, ' +
                '20.0 points short. At 50%, the 120 deals that entered it × 20.0 points = 24 more would reach B × B 50% (n=40) ' +
                '× C 80% (n=20) = 9.6 more deals won × average won amount 1,000 (n=50) = 9,600 in bookings.'
        );
        expect(results.map((r) => r.bottleneck)).toEqual([true, false, false]);
        expect(results[0].worthInBookings).toBeCloseTo(9600, 6);
    });

    it('judges a goal without a target against its history, and picks the widest gap', () => {
        // A: 30 of 100 vs target 35%: 35% lies inside 21.9%–39.6%, noise.
        // B: 20 of 100 = 20% (13.0%–28.9%) vs history 45%: gap 25 points → the bottleneck.
        // Worth: 110 × 0.25 = 27.5 more reach C; × C 80% = 22 more won; × 500 = 11,000.
        const { found } = expectBottleneck(
            [result('A', 30, 70, 120, 0.35, null), result('B', 20, 80, 110, null, 0.45)],
            { amount: 500, deals: 10 },
            { goal: 'B', reason: 'belowHistory', gap: 0.25, worth: 11000 }
        );
        expect(found.arithmetic).toContain(
            'against its 45% in the same period of 2 past years (150 decided deals), 25.0 points short'
        );
    });

    it('says what cannot be valued when there is no won amount', () => {
        const results = [result('A', 30, 70, 120, 0.5, null)];
        const found = markBottleneck(results, later, { amount: null, deals: 0 }, 'Q3 2026');
        expect(found!.worthInBookings).toBeNull();
        expect(found!.arithmetic).toMatch(/no won deal with an amount/);
    });
});
