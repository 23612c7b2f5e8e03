/**
 * End to end without an org: generate a Data Export, learn, reconcile through the CLI, then open the
 * report in real Chromium: no console errors, no network, every chart drawn.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../src/cli/__tests__/harness';
import { ensureChromium, launchChromium, type LaunchedChromium } from './browser/chromium';

const SCREENSHOTS = path.resolve(__dirname, '..', 'test-results', 'screenshots');
const AS_OF = '2026-11-16';

jest.setTimeout(240_000);

/** The little of HTMLCanvasElement the check needs (the Node-side tsconfig has no DOM types). */
interface CanvasLike {
    id: string;
    width: number;
    height: number;
    getContext(
        kind: '2d'
    ): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null;
}

describe('offline: generate → learn → reconcile → report in Chromium', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-e2e-'));
    const data = path.join(work, 'data');
    const out = path.join(work, 'out');
    let browser: LaunchedChromium;

    beforeAll(async () => {
        ensureChromium();
        browser = await launchChromium({ width: 1400, height: 1000 });
    });

    afterAll(async () => {
        await browser?.close();
        fs.rmSync(work, { recursive: true, force: true });
    });

    it('runs the loop and the report renders every chart without errors', async () => {
        const seed = await runCli([
            'seed',
            '--data',
            data,
            '--deals',
            '1500',
            '--seed',
            '11',
            '--today',
            AS_OF,
            '--json'
        ]);
        expect(seed.stderr).toBe('');
        expect(seed.code).toBe(0);
        expect(seed.json()).toMatchObject({ status: 'ok', command: 'seed', deals: 1500 });

        const learn = await runCli(['learn', '--data', data, '--out', out, '--as-of', AS_OF, '--json']);
        expect(learn.code).toBe(0);
        expect(fs.existsSync(path.join(out, 'benchmarks.json'))).toBe(true);

        const reconcile = await runCli([
            'reconcile',
            '--data',
            data,
            '--out',
            out,
            '--as-of',
            AS_OF,
            '--json'
        ]);
        expect(reconcile.code).toBe(0);
        const result = reconcile.json<{ report: { html: string } }>();
        const html = result.report.html;
        expect(html).toBe(path.join(out, 'report', 'report.html'));

        const page = await browser.context.newPage();
        page.setDefaultTimeout(120_000);
        const problems: string[] = [];
        const requests: string[] = [];
        page.on('console', (m) => {
            if (m.type() === 'error' || m.type() === 'warning') problems.push(`${m.type()}: ${m.text()}`);
        });
        page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
        page.on('request', (r) => {
            if (!r.url().startsWith('file:')) requests.push(r.url());
        });
        await page.goto(`file://${html}`);
        await page.waitForSelector('body[data-charts-ready="true"]', { timeout: 120_000 });

        const canvases = await page.$$eval('canvas', (elements) =>
            elements.map((canvas) => {
                const c = canvas as unknown as CanvasLike;
                const ctx = c.getContext('2d');
                if (!ctx || c.width === 0 || c.height === 0) return { id: c.id, painted: 0 };
                const pixels = ctx.getImageData(0, 0, c.width, c.height).data;
                let painted = 0;
                for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) painted += 1;
                return { id: c.id, painted: painted / (c.width * c.height) };
            })
        );
        expect(canvases.map((c) => c.id).sort()).toEqual(
            [
                'chart-backtest-2',
                'chart-backtest-4',
                'chart-backtest-8',
                'chart-calibration-stages',
                'chart-discipline-owner',
                'chart-discipline-stage',
                'chart-goal-funnel',
                'chart-goal-trend',
                'chart-kpi-attainment',
                'chart-owner-bias',
                'chart-reliability',
                'chart-waterfall'
            ].sort()
        );
        for (const c of canvases) {
            // Axes and legends alone paint ~1-2%; a chart with data paints clearly more.
            expect({ id: c.id, drawn: c.painted > 0.02 }).toEqual({ id: c.id, drawn: true });
        }
        expect(await page.locator('#flags tbody tr').count()).toBeGreaterThan(0);
        // The goal funnel: one row per sample goal, in order.
        expect(await page.locator('#goals-kpis table').first().locator('tbody tr').count()).toBe(4);
        // The generated accounts carry accounting facts: some open deals sit on past-due accounts,
        // carry the finance flag in the flag table, and the section sums their forecast at risk.
        expect(await page.locator('#flags .badge', { hasText: 'Account past due' }).count()).toBeGreaterThan(
            0
        );
        expect(await page.locator('#finance tbody tr', { hasText: 'Past due' }).count()).toBeGreaterThan(0);
        // The generated folder carries quotas, logins and tasks: KPIs per rep against quota, and adoption per rep.
        expect(await page.locator('#kpis h2').textContent()).toMatch(/^KPIs per rep/);
        expect(
            await page.locator('#kpis table').first().locator('tbody tr', { hasText: 'Team' }).count()
        ).toBe(1);
        expect(await page.locator('#kpis', { hasText: 'Quotas from Stageplay_Quota__c.csv' }).count()).toBe(
            1
        );
        expect(await page.locator('#discipline h3', { hasText: 'Adoption per rep' }).count()).toBe(1);
        expect(problems).toEqual([]);
        expect(requests).toEqual([]);

        fs.mkdirSync(SCREENSHOTS, { recursive: true });
        await page.screenshot({ path: path.join(SCREENSHOTS, 'report.png'), fullPage: true });
        await page.close();
    });
});
