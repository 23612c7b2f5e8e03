/**
 * Browser entry of the preview: synthetic shadow first (as in Lightning Experience, so the global SLDS
 * stylesheet reaches inside components), then the demo data, then the page.
 */
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import App from 'preview/app';
import { installPreviewData } from 'preview/store';
import type { PreviewData } from './data/previewData';

/** `?data=<name>.json` picks another dataset written next to demo.json (the render benchmark uses one). */
function dataFile(): string {
    const requested = new URLSearchParams(window.location.search).get('data');
    return requested && /^[\w-]+\.json$/.test(requested) ? requested : 'demo.json';
}

async function start(): Promise<void> {
    const file = dataFile();
    const response = await fetch(file);
    if (!response.ok) {
        throw new Error(`Loading ${file} failed: HTTP ${response.status}`);
    }
    installPreviewData((await response.json()) as PreviewData);
    const root = document.getElementById('root');
    if (!root) throw new Error('The preview page has no #root element.');
    root.appendChild(createElement('preview-app', { is: App }));
}

start().catch((error: unknown) => {
    console.error(error);
    const root = document.getElementById('root');
    if (root) root.textContent = `The preview failed to start: ${(error as Error).message}`;
});
