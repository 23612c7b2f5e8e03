/**
 * The Sales Goals App page in the preview, in a real Chromium: the real `c-sales-goals` (compiled by the
 * LWC compiler, with SLDS and the npm base components) against the preview's published goal funnel and
 * rep KPIs, as a sales manager (the team) and as a rep (their own line) receive them. Screenshots go to
 * test-results/screenshots/; with STAGEPLAY_UPDATE_SCREENSHOT=1 the README screenshot
 * docs/images/sales-goals.png is refreshed from the manager's view.
 */
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { previewSession, REPO_ROOT } from './previewSession';

const README_SCREENSHOT = join(REPO_ROOT, 'docs', 'images', 'sales-goals.png');

const session = previewSession();
let page: Page;
beforeAll(() => {
    page = session.page;
});

interface ViewerContext {
    userId: string;
    goals: Array<{ goal: string; isBottleneck: boolean }>;
    reps: Array<{ repId: string | null; repName: string }>;
}

function viewer(key: 'manager' | 'rep'): ViewerContext {
    const found = session.data.salesGoals.viewers.find((v) => v.key === key);
    if (!found) throw new Error(`The preview data has no ${key} viewer.`);
    return found.context as unknown as ViewerContext;
}

/** Opens the Sales Goals page as `key` and waits until the component has rendered its rep lines. */
async function openAs(key: 'manager' | 'rep'): Promise<void> {
    await page.goto(`${session.url}?goals=${key}`);
    await page.locator('c-sales-rep-kpis tbody tr').first().waitFor();
}

const repKeys = () =>
    page
        .locator('c-sales-rep-kpis tbody tr')
        .evaluateAll((rows) =>
            rows.map((row) => (row as unknown as { dataset: { rep?: string } }).dataset.rep ?? '')
        );

describe('Sales Goals page preview', () => {
    it('shows a manager the goal funnel with the bottleneck and the whole team, without console errors', async () => {
        const manager = viewer('manager');
        await openAs('manager');

        const goals = await page
            .locator('c-sales-goal-funnel [data-goal]')
            .evaluateAll((items) =>
                items.map((item) => (item as unknown as { dataset: { goal?: string } }).dataset.goal ?? '')
            );
        expect(goals).toEqual(manager.goals.map((g) => g.goal));
        const bottleneck = manager.goals.find((g) => g.isBottleneck)!;
        await expect(
            page
                .locator(`c-sales-goal-funnel [data-goal="${bottleneck.goal}"] [data-id="bottleneck"]`)
                .innerText()
        ).resolves.toBe('Bottleneck');
        await expect(
            page.locator(`c-sales-goal-funnel [data-goal="${bottleneck.goal}"] [data-id="worth"]`).innerText()
        ).resolves.toMatch(/^Reaching its target is worth [\d,]+ more in bookings this quarter/);
        await expect(
            page.locator('c-sales-goals [data-id="bottleneck-summary"]').innerText()
        ).resolves.toContain('The bottleneck is');
        // Every rate says what it rests on.
        for (const text of await page.locator('c-sales-goal-funnel [data-id="rests-on"]').allInnerTexts())
            expect(text).toMatch(/decided deals?|No deal decided yet/);

        // The team totals first, then the reps by name; the manager carries no line of their own.
        await expect(
            page.locator('c-sales-goals [data-value="team"]').getAttribute('aria-pressed')
        ).resolves.toBe('true');
        const keys = await repKeys();
        expect(keys[0]).toBe('team');
        expect(keys).toHaveLength(manager.reps.length);
        expect(keys).not.toContain(manager.userId);
        // Attainment reads as a percentage where the rep has a quota and "No quota" (never 0%) where not.
        const attainments = await page.locator('c-sales-rep-kpis [data-id="attainment"]').allInnerTexts();
        expect(attainments).toHaveLength(keys.length);
        for (const text of attainments) expect(text).toMatch(/\d%|No quota/);
        await session.shoot('20-sales-goals-manager');
        await session.updateReadmeScreenshot(README_SCREENSHOT, 1800);
    });

    it('lets the manager switch to their own line and back', async () => {
        await openAs('manager');
        await page.locator('c-sales-goals [data-value="mine"]').click();
        await page.locator('c-sales-rep-kpis [data-id="no-reps"]').waitFor();
        await expect(
            page.locator('c-sales-goals [data-value="mine"]').getAttribute('aria-pressed')
        ).resolves.toBe('true');
        await page.locator('c-sales-goals [data-value="team"]').click();
        await page.locator('c-sales-rep-kpis tbody tr').first().waitFor();
        expect(await repKeys()).toHaveLength(viewer('manager').reps.length);
    });

    it('shows a rep their own line only, marked as theirs, with no team switch', async () => {
        const rep = viewer('rep');
        await openAs('rep');
        expect(await repKeys()).toEqual([rep.userId]);
        await expect(
            page.locator(`c-sales-rep-kpis [data-rep="${rep.userId}"] [data-id="tag"]`).innerText()
        ).resolves.toBe('You');
        await expect(page.locator('c-sales-goals [data-id="toggle"]').count()).resolves.toBe(0);
        await expect(page.locator('c-sales-rep-kpis [data-id="win-rate"]').innerText()).resolves.toMatch(
            /closed deals?/
        );
        await session.shoot('21-sales-goals-rep');
    });

    it('switches viewers through the picker, and reaches the page from a record page', async () => {
        await page.goto(session.url);
        await page.getByRole('button', { name: 'Sales goals' }).click();
        await page.locator('c-sales-rep-kpis tbody tr').first().waitFor();
        expect(new URL(page.url()).searchParams.get('goals')).toBe('manager');

        const rep = session.data.salesGoals.viewers.find((v) => v.key === 'rep')!;
        await session.pickOption('viewer-picker', rep.label);
        await page.waitForURL(/goals=rep/);
        await page.locator('c-sales-rep-kpis [data-id="tag"]', { hasText: 'You' }).waitFor();
        expect(await repKeys()).toEqual([viewer('rep').userId]);
    });
});
