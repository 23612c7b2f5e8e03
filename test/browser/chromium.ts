/**
 * Launching Debian's Chromium for the browser tests, the render benchmark and the README screenshot:
 * one place for the executable and the flags that keep a headless run offline and quiet.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync'
];

/** Installs Chromium through apt when missing (scripts/ensure-chromium.sh is idempotent and quiet). */
export function ensureChromium(): void {
    execFileSync('bash', [join(__dirname, '..', '..', 'scripts', 'ensure-chromium.sh')], {
        stdio: 'inherit'
    });
}

export interface LaunchedChromium {
    context: BrowserContext;
    close(): Promise<void>;
}

/** A fresh, empty profile per launch, so no state leaks between runs. */
export async function launchChromium(viewport = { width: 1400, height: 1000 }): Promise<LaunchedChromium> {
    const userDataDir = mkdtempSync(join(tmpdir(), 'stageplay-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
        executablePath: CHROMIUM_PATH,
        args: CHROMIUM_ARGS,
        headless: true,
        viewport
    });
    return {
        context,
        close: async () => {
            await context.close();
            rmSync(userDataDir, { recursive: true, force: true });
        }
    };
}
