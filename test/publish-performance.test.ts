/**
 * Publishing the goal funnel and rep KPIs (`stageplay snapshot`): the rows as the org stores them
 * (percent fields 0..100, keys, the rep as owner), upserted into the stand-in org through the real
 * jsforce twice (the second run changes nothing), and offline through `storeSnapshot`'s
 * `performanceAsOf` seam into goal-results.csv / rep-kpis.csv on a generated Data Export folder.
 * The goals and KPIs are hand-made here: this checks publishing, not how they are computed.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { GoalResult, RepKpi } from '../src/core';
import { generateDataExport } from '../src/generate/generateHistory';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import { Reporter } from '../src/output';
import { goalResultRowOf, repKpiRowOf, toPercentField } from '../src/ops/performanceRows';
import { GOAL_RESULTS_CSV, REP_KPIS_CSV, publishPerformance } from '../src/ops/publishPerformance';
import { storeSnapshot } from '../src/ops/storeSnapshot';
import { standinOrgPerBlock } from './standin/testing';

jest.setTimeout(120_000);

const AS_OF = '2026-11-15';
const metadataRoot = path.resolve(__dirname, '..', 'force-app', 'main', 'default');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-perf-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

const sink = { write: () => true } as unknown as NodeJS.WriteStream;
const quiet = () => new Reporter({ json: true, streams: { stdout: sink, stderr: sink } });

const ADA = '005000000000001AAA';
const BO = '005000000000002AAA';

function goal(order: number, overrides: Partial<GoalResult>): GoalResult {
    return {
        goal: `Goal_${order}`,
        label: `Goal ${order}`,
        order,
        customerValue: 'The customer knows what it costs them',
        measure: 'share of entered deals that reach the next goal',
        period: 'FY2026-Q4',
        asOf: AS_OF,
        entered: 40,
        converted: 20,
        lost: 10,
        conversionRate: 20 / 30,
        conversionInterval95: [0.488, 0.808],
        medianDays: 12.25,
        valueCreated: 123456.789,
        target: 0.6,
        historyRate: 0.55,
        historyPeriods: 2,
        bottleneck: false,
        worthInBookings: null,
        ...overrides
    };
}

const goals: GoalResult[] = [
    goal(1, {}),
    // The bottleneck: 8 of 25 decided (32%) against a 50% target.
    goal(2, {
        entered: 30,
        converted: 8,
        lost: 17,
        conversionRate: 8 / 25,
        conversionInterval95: [0.172, 0.516],
        target: 0.5,
        bottleneck: true,
        worthInBookings: 98765.432
    }),
    // Nothing decided yet: no rate, no interval, no time, no history.
    goal(3, {
        entered: 5,
        converted: 0,
        lost: 0,
        conversionRate: null,
        conversionInterval95: null,
        medianDays: null,
        valueCreated: 0,
        target: null,
        historyRate: null,
        historyPeriods: 0
    }),
    goal(1, { period: 'FY2026-Q3', conversionRate: 0.7, bottleneck: false })
];

function kpi(ownerId: string, ownerName: string, overrides: Partial<RepKpi>): RepKpi {
    return {
        ownerId,
        ownerName,
        period: 'FY2026-Q4',
        asOf: AS_OF,
        quota: 250000,
        quotaSource: 'Stageplay_Quota__c',
        booked: 100000,
        attainment: 0.4,
        forecastAttainment: 0.8123,
        coverage: 1.456,
        winRate: 0.25,
        closedDeals: 12,
        avgDealSize: 33333.3333,
        cycleDays: 41.25,
        velocity: 1234.5678,
        adoption: {
            lastLogin: '2026-11-14T08:30:00.000Z',
            logins: 31,
            opportunitiesCreated: 9,
            activitiesCompleted: 40,
            activitiesDue: 52,
            parametersOnTime: 0.875,
            staleDeals: 2,
            pastCloseDeals: 1
        },
        ...overrides
    };
}

const kpis: RepKpi[] = [
    kpi(ADA, 'Ada Admin', {}),
    // No quota: every quota-based ratio is null, the rest stays.
    kpi(BO, 'Bo Rep', {
        quota: null,
        quotaSource: null,
        attainment: null,
        forecastAttainment: null,
        coverage: null,
        adoption: {
            lastLogin: null,
            logins: null,
            opportunitiesCreated: 3,
            activitiesCompleted: null,
            activitiesDue: null,
            parametersOnTime: null,
            staleDeals: 5,
            pastCloseDeals: 4
        }
    }),
    kpi('team', 'Team', { quota: 500000, booked: 180000, attainment: 0.36 })
];

describe('goal and KPI rows', () => {
    it('converts fractions to Salesforce percents once, at two decimals, and keeps null as null', () => {
        expect(toPercentField(0.3249)).toBe(32.49);
        expect(toPercentField(1.456)).toBe(145.6);
        expect(toPercentField(0)).toBe(0);
        expect(toPercentField(null)).toBeNull();
    });

    it('keys goal rows <goal>|<period>|<asOf> and carries the funnel with its interval', () => {
        const row = goalResultRowOf(goals[1]);
        expect(row).toMatchObject({
            Result_Key__c: `Goal_2|FY2026-Q4|${AS_OF}`,
            Name: `${AS_OF} · FY2026-Q4 · Goal 2`,
            Goal_Order__c: 2,
            Entered__c: 30,
            Converted__c: 8,
            Lost__c: 17,
            Conversion_Rate__c: 32,
            Conversion_Low__c: 17.2,
            Conversion_High__c: 51.6,
            Target__c: 50,
            History_Rate__c: 55,
            History_Periods__c: 2,
            Is_Bottleneck__c: true,
            Worth_In_Bookings__c: 98765.43,
            Value_Created__c: 123456.79,
            Median_Days__c: 12.3
        });
        expect(goalResultRowOf(goals[2])).toMatchObject({
            Conversion_Rate__c: null,
            Conversion_Low__c: null,
            Conversion_High__c: null,
            Median_Days__c: null,
            Target__c: null,
            History_Rate__c: null,
            Worth_In_Bookings__c: null
        });
    });

    it('keys KPI rows <ownerId>|<period>|<asOf>; the team row names no rep', () => {
        expect(repKpiRowOf(kpis[0])).toMatchObject({
            Kpi_Key__c: `${ADA}|FY2026-Q4|${AS_OF}`,
            Rep__c: ADA,
            Attainment__c: 40,
            Forecast_Attainment__c: 81.23,
            Coverage__c: 145.6,
            Win_Rate__c: 25,
            Closed_Deals__c: 12,
            Avg_Deal_Size__c: 33333.33,
            Velocity__c: 1234.57,
            Parameters_On_Time__c: 87.5,
            Activities_Completed__c: 40,
            Activities_Due__c: 52
        });
        expect(repKpiRowOf(kpis[1])).toMatchObject({ Quota__c: null, Attainment__c: null, Logins__c: null });
        expect(repKpiRowOf(kpis[2])).toMatchObject({ Kpi_Key__c: `team|FY2026-Q4|${AS_OF}`, Rep__c: null });
    });
});

describe('publishing to an org (stand-in)', () => {
    const standin = standinOrgPerBlock();

    it('upserts every row by external id, the rep owning their row; a second run changes nothing', async () => {
        const connection = standin.conn;
        const first = await publishPerformance(connection, { goals, kpis }, work, quiet());
        expect(first.goalResults).toEqual({ rows: 4, created: 4, updated: 0 });
        expect(first.repKpis).toEqual({ rows: 3, created: 3, updated: 0 });
        expect(first.failures).toBe(0);

        const stored = standin.org.records('Stageplay_Goal_Result__c');
        expect(stored).toHaveLength(4);
        const bottleneck = stored.find((r) => r.Result_Key__c === `Goal_2|FY2026-Q4|${AS_OF}`)!;
        expect(bottleneck).toMatchObject({ Conversion_Rate__c: 32, Is_Bottleneck__c: true, Target__c: 50 });
        const reps = standin.org.records('Stageplay_Rep_Kpi__c');
        expect(reps).toHaveLength(3);
        const ada = reps.find((r) => r.Rep__c === ADA)!;
        expect(ada.OwnerId).toBe(ADA);
        expect(ada.Attainment__c).toBe(40);
        const team = reps.find((r) => r.Kpi_Key__c === `team|FY2026-Q4|${AS_OF}`)!;
        expect(team.Rep__c ?? null).toBeNull();
        expect(team.OwnerId).toBe(standin.org.userId);

        const second = await publishPerformance(connection, { goals, kpis }, work, quiet());
        expect(second.goalResults).toEqual({ rows: 4, created: 0, updated: 4 });
        expect(second.repKpis).toEqual({ rows: 3, created: 0, updated: 3 });
        expect(standin.org.records('Stageplay_Goal_Result__c')).toEqual(stored);
        expect(standin.org.records('Stageplay_Rep_Kpi__c')).toEqual(reps);
    });
});

describe('publishing offline through the snapshot', () => {
    it('writes goal-results.csv and rep-kpis.csv next to snapshots.csv; a re-run rewrites the same bytes', async () => {
        const data = path.join(work, 'export');
        const out = path.join(work, 'out');
        const process = await loadProcessFromSource(metadataRoot);
        await generateDataExport(data, process, { seed: 4, deals: 150, today: AS_OF });
        const seen: string[] = [];
        const options = {
            source: { kind: 'data' as const, dir: data, sourceDir: metadataRoot },
            spec: { unit: 'quarter' as const, fiscalYearStartMonth: 1 },
            asOf: AS_OF,
            out,
            dryRun: false,
            performanceAsOf: (dataset: { users: Array<{ id: string }> }, asOf: string) => {
                seen.push(asOf, String(dataset.users.length > 0));
                return { goals, kpis };
            }
        };
        const first = await storeSnapshot(options, quiet());
        expect(seen).toEqual([AS_OF, 'true']);
        expect(first.result.performance).toMatchObject({
            goalResults: { rows: 4, created: 4, updated: 0 },
            repKpis: { rows: 3, created: 3, updated: 0 },
            failures: 0
        });
        const goalsFile = path.join(out, GOAL_RESULTS_CSV);
        const kpisFile = path.join(out, REP_KPIS_CSV);
        expect(fs.existsSync(path.join(out, 'snapshots.csv'))).toBe(true);
        const written = [fs.readFileSync(goalsFile, 'utf8'), fs.readFileSync(kpisFile, 'utf8')];
        const goalRows = parse(written[0], { columns: true }) as Array<Record<string, string>>;
        expect(goalRows.map((r) => r.Result_Key__c)).toEqual([
            `Goal_1|FY2026-Q3|${AS_OF}`,
            `Goal_1|FY2026-Q4|${AS_OF}`,
            `Goal_2|FY2026-Q4|${AS_OF}`,
            `Goal_3|FY2026-Q4|${AS_OF}`
        ]);
        expect(goalRows[2]).toMatchObject({ Conversion_Rate__c: '32', Is_Bottleneck__c: 'true' });
        expect(goalRows[3].Conversion_Rate__c).toBe('');

        const second = await storeSnapshot(options, quiet());
        expect(second.result.performance).toMatchObject({
            goalResults: { created: 0, updated: 4 },
            repKpis: { created: 0, updated: 3 }
        });
        expect([fs.readFileSync(goalsFile, 'utf8'), fs.readFileSync(kpisFile, 'utf8')]).toEqual(written);
    });

    it('publishes nothing when no goals and KPIs are given', async () => {
        const out = path.join(work, 'out-plain');
        const result = await storeSnapshot(
            {
                source: { kind: 'data', dir: path.join(work, 'export'), sourceDir: metadataRoot },
                spec: { unit: 'quarter', fiscalYearStartMonth: 1 },
                asOf: AS_OF,
                out,
                dryRun: false
            },
            quiet()
        );
        expect(result.result.performance).toBeNull();
        expect(fs.existsSync(path.join(out, GOAL_RESULTS_CSV))).toBe(false);
    });
});
