/**
 * The planted bottleneck: the generator makes Discovery (the Qualify goal's stage) advance far less
 * than its stage probability claims (STAGE_ADVANCE_SKEW), and the sample goals' targets say how
 * much Qualify should convert. The demo, run as a user runs it, must name Qualify as the bottleneck,
 * in the current quarter and in every past one, with what fixing it is worth.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Reconciliation } from '../src/reconciliation';
import { runCli } from '../src/cli/__tests__/harness';

jest.setTimeout(180_000);

describe('stageplay demo: the goal funnel', () => {
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-goals-demo-'));
    let rec: Reconciliation;
    let printed: { goals: Reconciliation['goals'] };

    beforeAll(async () => {
        const demo = await runCli(['demo', '--out', out, '--json']);
        expect(demo.code).toBe(0);
        printed = demo.json<{ goals: Reconciliation['goals'] }>();
        rec = JSON.parse(
            fs.readFileSync(path.join(out, 'report', 'reconciliation.json'), 'utf8')
        ) as Reconciliation;
    });

    afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

    it('names Qualify as the bottleneck of the current quarter, below its target beyond the interval', () => {
        const bottleneck = rec.goals.bottleneck!;
        expect(bottleneck).toMatchObject({ goal: 'Qualify', reason: 'belowTarget' });
        const qualify = rec.goals.byGoal.find((r) => r.goal === 'Qualify')!;
        expect(qualify.bottleneck).toBe(true);
        expect(qualify.conversionInterval95![1]).toBeLessThan(qualify.target!);
        expect(bottleneck.gap).toBeCloseTo(qualify.target! - qualify.conversionRate!, 10);
        expect(bottleneck.worthInBookings).toBeGreaterThan(0);
        expect(bottleneck.arithmetic).toMatch(
            /^Qualify converted \d+% of decided deals in Q4 2026 .* in bookings\.$/
        );
        expect(rec.goals.byGoal.filter((r) => r.bottleneck)).toHaveLength(1);
    });

    it('finds the same bottleneck in every past quarter: the plant is structural, not one noisy period', () => {
        const periods = [...new Set(rec.goals.trend.map((r) => r.period))];
        expect(periods.length).toBeGreaterThanOrEqual(6);
        for (const period of periods) {
            const flagged = rec.goals.trend
                .filter((r) => r.period === period && r.bottleneck)
                .map((r) => r.goal);
            expect({ period, flagged }).toEqual({ period, flagged: ['Qualify'] });
        }
    });

    it('prints the same goals under --json as reconciliation.json holds', () => {
        expect(printed.goals).toEqual(rec.goals);
    });

    it('shows the bottleneck in the report and goals.csv', () => {
        const html = fs.readFileSync(path.join(out, 'report', 'report.html'), 'utf8');
        expect(html).toContain('Bottleneck: Qualify</span>');
        const csv = fs.readFileSync(path.join(out, 'report', 'goals.csv'), 'utf8');
        expect(csv).toMatch(/FY2026-Q4,Q4 2026,2026-11-15,2,Qualify,.*,true,\d/);
    });
});
