/**
 * The one browser session the preview's browser tests share: the preview server on a free port, a fresh
 * Chromium with one page, the demo data the page serves, and the rule that a test fails on any console
 * error or uncaught exception in the page. Call `previewSession()` at the top of a test file: it registers
 * the Jest hooks that start and stop all of it.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { startPreviewServer, type PreviewServer } from '../../preview/server';
import type { PreviewData } from '../../preview/data/previewData';
import { ensureChromium, launchChromium, type LaunchedChromium } from './chromium';

export const REPO_ROOT = join(__dirname, '..', '..');
const SCREENSHOTS = join(REPO_ROOT, 'test-results', 'screenshots');

/** Bounds for a hang, not for speed: a busy machine renders slowly, and each wait ends on its event. */
export const WAIT_MS = 120_000;

export interface PreviewSession {
    /** The page every test drives (valid from the first test on). */
    readonly page: Page;
    /** The demo data the preview serves, as the page receives it. */
    readonly data: PreviewData;
    /** The preview's address, ending in `/`. */
    readonly url: string;
    /** Keeps a full-page screenshot as test-results/screenshots/`name`.png. */
    shoot(name: string): Promise<void>;
    /** Opens the toolbar combobox with class `picker` and picks the first option whose label contains `label`. */
    pickOption(picker: string, label: string): Promise<void>;
    /**
     * With STAGEPLAY_UPDATE_SCREENSHOT=1, writes the README screenshot at `path` from a viewport `height`
     * pixels tall (enough for what the README shows), then restores the test viewport.
     */
    updateReadmeScreenshot(path: string, height: number): Promise<void>;
}

export function previewSession(): PreviewSession {
    jest.setTimeout(240_000);
    let preview: PreviewServer;
    let chromium: LaunchedChromium;
    let page: Page;
    let data: PreviewData;
    /** Console errors and uncaught exceptions of the current test. */
    let problems: string[] = [];

    beforeAll(async () => {
        ensureChromium();
        mkdirSync(SCREENSHOTS, { recursive: true });
        // A cold compile of the base components takes a while on a busy machine; unchanged inputs reuse the bundle.
        preview = await startPreviewServer({ port: 0 });
        chromium = await launchChromium();
        page = await chromium.context.newPage();
        page.setDefaultTimeout(WAIT_MS);
        page.on('console', (message) => {
            if (message.type() === 'error') problems.push(`console: ${message.text()}`);
        });
        page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
        data = (await (await page.request.get(`${preview.url}demo.json`)).json()) as PreviewData;
    }, 240_000);

    afterAll(async () => {
        await chromium?.close();
        await preview?.close();
    });

    beforeEach(() => {
        problems = [];
    });

    afterEach(() => {
        expect(problems).toEqual([]);
    });

    return {
        get page() {
            return page;
        },
        get data() {
            return data;
        },
        get url() {
            return preview.url;
        },
        async shoot(name) {
            await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
        },
        async pickOption(picker, label) {
            await page.locator(`.${picker} input, .${picker} button`).first().click();
            await page
                .getByRole('option', { name: new RegExp(label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) })
                .first()
                .click();
        },
        async updateReadmeScreenshot(path, height) {
            if (process.env.STAGEPLAY_UPDATE_SCREENSHOT !== '1') return;
            await page.setViewportSize({ width: 1400, height });
            await page.screenshot({ path, fullPage: false });
            await page.setViewportSize({ width: 1400, height: 1000 });
        }
    };
}
