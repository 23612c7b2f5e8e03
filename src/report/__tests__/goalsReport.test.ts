/**
 * The goals in the outputs: reconciliation.json `goals`, goals.csv, the terminal block and the
 * report's "Goals & KPIs" section, on the small dataset with two goals, and without any goal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { ProcessDefinition } from '../../core';
import { reconcile } from '../../ops/reconcile';
import { smallDataset, smallProcess } from '../../ops/__tests__/smallDataset';
import { GOALS_CSV, goalsCsv } from '../goalsCsv';
import { goalsSection } from '../goalsSection';
import { renderReportHtml } from '../html';
import { render } from '../markup';
import { reconciliationSummaryLines } from '../terminal';
import { reconciliationFiles, writeReconciliationReport } from '../writeReport';

const HOSTILE = '<img src=x onerror=alert(1)> & Co';
const OPTIONS = {
    spec: { unit: 'quarter' as const, fiscalYearStartMonth: 1 },
    asOf: '2026-11-16',
    pastPeriods: 4
};

/** Prospecting is "Qualify" (its one play); a play in Proposal serves "Close", which spans Proposal and Negotiation. */
const withGoals: ProcessDefinition = {
    ...smallProcess,
    plays: [
        ...smallProcess.plays,
        { name: 'Propose', label: 'Propose', stage: 'Proposal', order: 1, goal: 'Close', guidance: '' }
    ],
    goals: [
        {
            name: 'Qualify',
            label: 'Qualify',
            order: 1,
            customerValue: 'Knows its budget',
            measure: 'reach Proposal',
            target: 0.9
        },
        {
            name: 'Close',
            label: HOSTILE,
            order: 2,
            customerValue: 'Gets it signed',
            measure: 'won',
            target: null
        }
    ]
};

describe('goals in the reconciliation outputs', () => {
    const rec = reconcile({ ...smallDataset(), process: withGoals }, OPTIONS);

    it('puts the current period per goal and the past periods as the trend in reconciliation.json', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-goals-'));
        const written = writeReconciliationReport(dir, rec);
        const json = JSON.parse(
            fs.readFileSync(path.join(written.dir, 'reconciliation.json'), 'utf8')
        ) as typeof rec;
        fs.rmSync(dir, { recursive: true, force: true });
        expect(json.goals.period).toBe('FY2026-Q4');
        expect(json.goals.asOf).toBe('2026-11-16');
        expect(json.goals.byGoal.map((r) => r.goal)).toEqual(['Qualify', 'Close']);
        expect(json.goals.trend.map((r) => r.period)).toEqual(
            ['FY2025-Q4', 'FY2026-Q1', 'FY2026-Q2', 'FY2026-Q3'].flatMap((p) => [p, p])
        );
        expect(json.goals.unassignedPlays).toBe(0);
        // Every deal of the small dataset starts in Prospecting: a period's Qualify entries are its new deals.
        for (const r of json.goals.trend.filter((row) => row.goal === 'Qualify'))
            expect(r.entered).toBeGreaterThan(0);
    });

    it('writes goals.csv with one row per goal and period, the same figures as the JSON', () => {
        const files = reconciliationFiles(rec);
        const rows = parse(files[GOALS_CSV] as string, { columns: true }) as Array<Record<string, string>>;
        const all = [...rec.goals.trend, ...rec.goals.byGoal];
        expect(rows).toHaveLength(all.length);
        rows.forEach((row, i) => {
            expect(row.goal).toBe(all[i].goal);
            expect(Number(row.entered)).toBe(all[i].entered);
            expect(Number(row.converted)).toBe(all[i].converted);
            expect(Number(row.lost)).toBe(all[i].lost);
            expect(Number(row.still_open)).toBe(all[i].entered - all[i].converted - all[i].lost);
            expect(row.bottleneck).toBe(String(all[i].bottleneck));
        });
        expect(rows.find((r) => r.goal === 'Close')?.label).toBe(HOSTILE);
    });

    it('names the goals and the bottleneck (or its absence) in the terminal', () => {
        const lines = reconciliationSummaryLines(rec);
        const start = lines.findIndex((l) => l.startsWith('Goals in Q4 2026 as of 2026-11-16'));
        expect(start).toBeGreaterThan(-1);
        expect(lines[start + 1]).toMatch(/^ {2}Qualify .*entered +\d+ +converted \d+ of \d+ decided/);
        const verdict = lines[start + 3];
        if (rec.goals.bottleneck) expect(verdict).toBe(`Bottleneck: ${rec.goals.bottleneck.arithmetic}`);
        else expect(verdict).toBe(rec.goals.noBottleneck);
    });

    it('renders the Goals part with both charts, escaping the goal names', () => {
        const html = renderReportHtml(rec);
        expect(html).toContain('<section id="goals-kpis">');
        expect(html).toContain('id="chart-goal-funnel"');
        expect(html).toContain('id="chart-goal-trend"');
        expect(html).not.toContain('<img src=x');
        expect(html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Co');
        expect(html.match(/<script/g)).toHaveLength(3);
    });
});

describe('goals in the outputs of a process without goals', () => {
    const rec = reconcile(smallDataset(), OPTIONS);

    it('says so everywhere instead of showing empty figures', () => {
        expect(rec.goals.byGoal).toEqual([]);
        expect(rec.goals.bottleneck).toBeNull();
        expect(rec.goals.unassignedPlays).toBe(1);
        expect(render(goalsSection(rec))).toContain('No goals defined');
        expect(reconciliationSummaryLines(rec)).toContain(`Goals: ${rec.goals.noBottleneck}`);
        expect(goalsCsv(rec).trim().split('\n')).toHaveLength(1);
        expect(renderReportHtml(rec)).not.toContain('id="chart-goal-funnel"');
    });
});
