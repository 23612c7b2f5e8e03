/**
 * The goal funnel and rep KPIs the preview's Sales Goals page shows, written by hand in the core's
 * shapes (`GoalResult`, `RepKpi`) until the core computes them from the generated history; then
 * `buildPreviewData` passes the computed ones to `salesGoalsPreview` instead and this file goes.
 *
 * The figures are shaped after the demo's story: Qualify is the bottleneck (far below its target
 * and its own history), the two reps the generator makes pad stages (positions 2 and 6 of the
 * default owners) capture parameters late, and one rep has no quota.
 */
import type { GoalResult, RepAdoption, RepKpi } from '../../src/core';

/** What the fixture says about one rep; who the rep is comes from the generated users, by position. */
export type RepFigures = Omit<RepKpi, 'ownerId' | 'ownerName' | 'period' | 'asOf' | 'adoption'> & {
    adoption: RepAdoption;
};

type GoalFigures = Omit<GoalResult, 'period' | 'asOf'>;

const goal = (figures: GoalFigures): GoalFigures => figures;

/** The current period's goals, in process order. */
export const CURRENT_GOALS: GoalFigures[] = [
    goal({
        goal: 'Generate_Demand',
        label: 'Generate demand',
        order: 1,
        customerValue: 'The buyer hears of a way out of a problem they have',
        measure: 'Share of new prospects that reach Discovery',
        entered: 212,
        converted: 118,
        lost: 61,
        conversionRate: 118 / 179,
        conversionInterval95: [0.5869, 0.7242],
        medianDays: 11,
        valueCreated: 6_420_000,
        target: 0.6,
        historyRate: 0.63,
        historyPeriods: 2,
        bottleneck: false,
        worthInBookings: null
    }),
    goal({
        goal: 'Qualify',
        label: 'Qualify',
        order: 2,
        customerValue: 'The buyer knows what the problem costs them',
        measure: 'Share of Discovery deals that reach a proposal',
        entered: 131,
        converted: 34,
        lost: 58,
        conversionRate: 34 / 92,
        conversionInterval95: [0.2771, 0.4737],
        medianDays: 23,
        valueCreated: 2_010_000,
        target: 0.55,
        historyRate: 0.52,
        historyPeriods: 2,
        bottleneck: true,
        worthInBookings: 742_000
    }),
    goal({
        goal: 'Propose',
        label: 'Propose',
        order: 3,
        customerValue: 'The buyer sees a solution priced against that cost',
        measure: 'Share of proposals that reach negotiation',
        entered: 58,
        converted: 27,
        lost: 17,
        conversionRate: 27 / 44,
        conversionInterval95: [0.4664, 0.7466],
        medianDays: 18,
        valueCreated: 1_640_000,
        target: 0.6,
        historyRate: 0.64,
        historyPeriods: 2,
        bottleneck: false,
        worthInBookings: null
    }),
    goal({
        goal: 'Close',
        label: 'Close and deliver',
        order: 4,
        customerValue: 'The buyer has the solution running',
        measure: 'Share of negotiations won',
        entered: 31,
        converted: 6,
        lost: 3,
        conversionRate: 6 / 9,
        conversionInterval95: [0.3542, 0.8794],
        medianDays: 9,
        valueCreated: 402_000,
        target: 0.7,
        historyRate: 0.71,
        historyPeriods: 2,
        bottleneck: false,
        worthInBookings: null
    })
];

function adoption(
    logins: number,
    lastLogin: string,
    created: number,
    done: number,
    due: number,
    onTime: number,
    stale: number,
    pastClose: number
): RepAdoption {
    return {
        lastLogin,
        logins,
        opportunitiesCreated: created,
        activitiesCompleted: done,
        activitiesDue: due,
        parametersOnTime: onTime,
        staleDeals: stale,
        pastCloseDeals: pastClose
    };
}

function rep(
    quota: number | null,
    booked: number,
    forecast: number,
    openAdjusted: number,
    won: number,
    closed: number,
    cycleDays: number | null,
    openDeals: number,
    use: RepAdoption
): RepFigures {
    const winRate = closed > 0 ? won / closed : null;
    const avgDealSize = won > 0 ? booked / won : null;
    const velocity =
        winRate !== null && avgDealSize !== null && cycleDays
            ? (openDeals * winRate * avgDealSize) / cycleDays
            : null;
    return {
        quota,
        quotaSource: quota === null ? null : 'Stageplay_Quota__c',
        booked,
        attainment: quota ? booked / quota : null,
        forecastAttainment: quota ? (booked + forecast) / quota : null,
        coverage: quota && quota > booked ? openAdjusted / (quota - booked) : null,
        winRate,
        closedDeals: closed,
        avgDealSize,
        cycleDays,
        velocity,
        adoption: use
    };
}

/** One row per default owner, in the generator's order. */
export const REP_FIGURES: RepFigures[] = [
    rep(
        600_000,
        402_000,
        171_000,
        420_000,
        11,
        26,
        41,
        18,
        adoption(47, '2026-11-15T07:42:00.000Z', 19, 141, 150, 0.93, 1, 0)
    ),
    rep(
        600_000,
        318_000,
        198_000,
        505_000,
        9,
        24,
        46,
        21,
        adoption(41, '2026-11-14T16:05:00.000Z', 17, 118, 133, 0.88, 2, 1)
    ),
    rep(
        600_000,
        156_000,
        131_000,
        262_000,
        5,
        23,
        58,
        19,
        adoption(12, '2026-11-02T09:20:00.000Z', 9, 41, 122, 0.46, 7, 5)
    ),
    rep(
        500_000,
        287_000,
        120_000,
        281_000,
        8,
        19,
        44,
        14,
        adoption(39, '2026-11-15T08:10:00.000Z', 14, 102, 110, 0.9, 1, 1)
    ),
    rep(
        500_000,
        251_000,
        143_000,
        322_000,
        7,
        18,
        39,
        16,
        adoption(44, '2026-11-13T11:31:00.000Z', 16, 97, 104, 0.91, 2, 0)
    ),
    rep(
        null,
        96_000,
        58_000,
        140_000,
        3,
        7,
        35,
        9,
        adoption(28, '2026-11-12T13:48:00.000Z', 11, 64, 80, 0.84, 1, 1)
    ),
    rep(
        500_000,
        121_000,
        102_000,
        233_000,
        4,
        17,
        61,
        15,
        adoption(9, '2026-10-29T10:02:00.000Z', 8, 30, 97, 0.41, 6, 4)
    ),
    rep(
        500_000,
        264_000,
        150_000,
        298_000,
        8,
        21,
        43,
        15,
        adoption(36, '2026-11-14T09:55:00.000Z', 15, 93, 101, 0.87, 1, 0)
    )
];

/** The team's totals from the reps' rows: quota and bookings add up; rates are recomputed from the sums. */
export function teamFigures(reps: readonly RepFigures[]): RepFigures {
    const sum = (pick: (r: RepFigures) => number | null) => reps.reduce((s, r) => s + (pick(r) ?? 0), 0);
    const quota = sum((r) => r.quota);
    const booked = sum((r) => r.booked);
    const closed = sum((r) => r.closedDeals);
    const won = reps.reduce((s, r) => s + Math.round((r.winRate ?? 0) * r.closedDeals), 0);
    const quotaBooked = reps.filter((r) => r.quota !== null).reduce((s, r) => s + r.booked, 0);
    const forecast = reps
        .filter((r) => r.quota !== null)
        .reduce((s, r) => s + (r.forecastAttainment ?? 0) * (r.quota ?? 0) - r.booked, 0);
    const open = reps
        .filter((r) => r.quota !== null && r.coverage !== null)
        .reduce((s, r) => s + (r.coverage ?? 0) * ((r.quota ?? 0) - r.booked), 0);
    const nullable = (pick: (a: RepAdoption) => number | null) =>
        reps.reduce((s, r) => s + (pick(r.adoption) ?? 0), 0);
    return {
        quota,
        quotaSource: 'Stageplay_Quota__c',
        booked,
        attainment: quotaBooked / quota,
        forecastAttainment: (quotaBooked + forecast) / quota,
        coverage: open / (quota - quotaBooked),
        winRate: won / closed,
        closedDeals: closed,
        avgDealSize: booked / won,
        cycleDays: 45,
        velocity: sum((r) => r.velocity),
        adoption: {
            lastLogin: null,
            logins: nullable((a) => a.logins),
            opportunitiesCreated: nullable((a) => a.opportunitiesCreated),
            activitiesCompleted: nullable((a) => a.activitiesCompleted),
            activitiesDue: nullable((a) => a.activitiesDue),
            parametersOnTime: null,
            staleDeals: nullable((a) => a.staleDeals),
            pastCloseDeals: nullable((a) => a.pastCloseDeals)
        }
    };
}
