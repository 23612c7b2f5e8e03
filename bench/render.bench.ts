/**
 * `npm run bench:render`: how long `c-deal-health` takes to render a stage with 40 parameters in Chromium.
 *
 *   npm run bench:render -- [--runs 30] [--parameters 40]
 *
 * The repo's process gets one stage (Discovery) rebuilt with 40 parameters across 4 plays, a history is
 * generated and fitted for it, and the preview page switches between two open deals in that stage, so every
 * run creates a fresh component: Apex and record wires, scoring through the core, rendering every play,
 * parameter and evidence table. The time is taken in the page from the switch to the moment the last
 * parameter is in the DOM (a MutationObserver, so no polling delay), then until style and layout are done.
 * This is a benchmark, not a test: it prints a table and asserts nothing.
 */
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import type { FieldInfo, ParameterDefinition, PlayDefinition, ProcessDefinition } from '../src/core';
import { buildPreviewData } from '../preview/data/buildPreviewData';
import { writePreviewData } from '../preview/build';
import { startPreviewServer } from '../preview/server';
import { ensureChromium, launchChromium } from '../test/browser/chromium';

const BENCH_STAGE = 'Discovery';
const DATA_FILE = 'bench-render.json';
const SHOW_DEAL_EVENT = 'stageplaypreview:showdeal';

/** Native DOM APIs saved before synthetic shadow patches them (it hides component internals from the document). */
interface NativeQueries {
    __countNative(selector: string): number;
    __firstNative(selector: string): unknown;
    /** Synthetic shadow also filters MutationObserver records by shadow tree; the native one sees them all. */
    __NativeMutationObserver: typeof MutationObserver;
}

function flag(name: string, fallback: number): number {
    const index = process.argv.indexOf(`--${name}`);
    if (index < 0) return fallback;
    const value = Number(process.argv[index + 1]);
    if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} needs a positive integer`);
    return value;
}

/** The repo's process with `count` parameters at the bench stage, cycling through the field types a rep meets. */
function processWithWideStage(base: ProcessDefinition, count: number): ProcessDefinition {
    const kinds: Array<{ type: FieldInfo['type']; rule: string; picklistValues?: string[] }> = [
        { type: 'number', rule: '>= 50' },
        { type: 'boolean', rule: '= true' },
        { type: 'picklist', rule: 'in (Strong, Fair)', picklistValues: ['Strong', 'Fair', 'Weak'] },
        { type: 'text', rule: 'not blank' }
    ];
    const playCount = Math.max(1, Math.ceil(count / 10));
    const plays: PlayDefinition[] = Array.from({ length: playCount }, (_, i) => ({
        name: `Bench_Play_${i + 1}`,
        label: `Bench play ${i + 1}`,
        stage: BENCH_STAGE,
        order: i + 1,
        goal: 'Qualify',
        guidance: 'A play of the render benchmark: ten questions the rep answers in this stage.'
    }));
    const fields: Record<string, FieldInfo> = { ...base.fields };
    const parameters: ParameterDefinition[] = Array.from({ length: count }, (_, i) => {
        const kind = kinds[i % kinds.length];
        const field = `Bench_Answer_${i + 1}__c`;
        fields[field] = {
            apiName: field,
            label: `Bench answer ${i + 1}`,
            type: kind.type,
            picklistValues: kind.picklistValues
        };
        return {
            name: `Bench_Parameter_${i + 1}`,
            label: `Bench parameter ${i + 1}`,
            play: plays[Math.floor(i / 10)].name,
            stage: BENCH_STAGE,
            field,
            question: `Benchmark question ${i + 1}: what does the customer say?`,
            rule: kind.rule,
            weight: 1 + (i % 3),
            requiredToAdvance: i % 5 === 0,
            order: (i % 10) + 1
        };
    });
    return {
        ...base,
        plays: [...base.plays.filter((p) => p.stage !== BENCH_STAGE), ...plays],
        parameters: [...base.parameters.filter((p) => p.stage !== BENCH_STAGE), ...parameters],
        fields
    };
}

function percentile(sorted: number[], p: number): number {
    const index = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
    return sorted[Math.max(0, index)];
}

async function main(): Promise<void> {
    const runs = flag('runs', 30);
    const parameterCount = flag('parameters', 40);
    ensureChromium();
    const salesProcess = processWithWideStage(
        await loadProcessFromSource('force-app/main/default'),
        parameterCount
    );
    const data = await buildPreviewData({ process: salesProcess, deals: 1200 });
    const open = data.deals.filter((deal) => deal.record.StageName === BENCH_STAGE && !deal.record.IsClosed);
    // The showcase may hold one deal at the stage; any open deal at the stage renders the same 40 parameters.
    const ids = [...new Set(open.map((deal) => deal.id))];
    if (ids.length < 2) {
        const spare = data.deals.find((deal) => !ids.includes(deal.id) && !deal.record.IsClosed);
        if (!spare)
            throw new Error(
                `The benchmark needs two open deals; the generated data has ${ids.length} at ${BENCH_STAGE}.`
            );
        spare.record.StageName = BENCH_STAGE;
        ids.push(spare.id);
    }
    const preview = await startPreviewServer({ port: 0, log: (line) => console.error(line) });
    writePreviewData(data, undefined, DATA_FILE);
    const chromium = await launchChromium();
    try {
        const page = await chromium.context.newPage();
        const errors: string[] = [];
        page.on('pageerror', (error) => errors.push(error.message));
        // Synthetic shadow hides component internals from document.querySelectorAll once it loads; keep the native one.
        await page.addInitScript(() => {
            const native = Element.prototype.querySelectorAll;
            const queries = window as unknown as NativeQueries;
            queries.__countNative = (selector) => native.call(document.documentElement, selector).length;
            queries.__firstNative = (selector) => native.call(document.documentElement, selector)[0] ?? null;
            queries.__NativeMutationObserver = MutationObserver;
        });
        await page.goto(`${preview.url}?data=${DATA_FILE}&deal=${encodeURIComponent(ids[0])}`);
        await page
            .locator('c-stage-play-list [data-parameter]')
            .nth(parameterCount - 1)
            .waitFor({ timeout: 60_000 });

        const times: number[] = [];
        const layouts: number[] = [];
        for (let run = 0; run < runs + 3; run++) {
            const target = ids[(run + 1) % 2];
            const result = await page.evaluate(
                ({ target, expected, eventName }) =>
                    new Promise<{ dom: number; layout: number }>((resolve, reject) => {
                        const native = window as unknown as NativeQueries;
                        const selector = 'c-stage-play-list [data-parameter]';
                        const previous = native.__firstNative('c-deal-health');
                        const started = performance.now();
                        const timer = setTimeout(
                            () => reject(new Error('render did not finish within 20 s')),
                            20_000
                        );
                        // The stand-ins answer within microtasks, so the new component may be complete by the first
                        // callback: what tells runs apart is a new c-deal-health element, not an empty list between.
                        const observer = new native.__NativeMutationObserver(() => {
                            const current = native.__firstNative('c-deal-health');
                            if (current === previous || native.__countNative(selector) < expected) return;
                            observer.disconnect();
                            clearTimeout(timer);
                            const dom = performance.now() - started;
                            // Reading geometry forces style and layout now; headless frames are not reliable to wait on.
                            document.documentElement.getBoundingClientRect();
                            resolve({ dom, layout: performance.now() - started });
                        });
                        observer.observe(document.documentElement, { childList: true, subtree: true });
                        window.dispatchEvent(new CustomEvent(eventName, { detail: target }));
                    }),
                { target, expected: parameterCount, eventName: SHOW_DEAL_EVENT }
            );
            // The first runs warm up the JIT and caches; they are not counted.
            if (run >= 3) {
                times.push(result.dom);
                layouts.push(result.layout);
            }
        }
        if (errors.length > 0) throw new Error(`The page reported errors: ${errors.join('; ')}`);
        const rows = [
            ['until all parameters are in the DOM', [...times].sort((a, b) => a - b)],
            ['until style and layout are computed', [...layouts].sort((a, b) => a - b)]
        ] as const;
        console.log(
            `\nc-deal-health render, ${parameterCount} parameters at ${BENCH_STAGE}, ${runs} runs (Chromium, headless)\n`
        );
        console.log(
            `${'measure'.padEnd(38)}${'median ms'.padStart(11)}${'p95 ms'.padStart(9)}${'min ms'.padStart(9)}${'max ms'.padStart(9)}`
        );
        for (const [label, sorted] of rows) {
            console.log(
                `${label.padEnd(38)}${percentile(sorted, 50).toFixed(1).padStart(11)}${percentile(sorted, 95)
                    .toFixed(1)
                    .padStart(
                        9
                    )}${sorted[0].toFixed(1).padStart(9)}${sorted[sorted.length - 1].toFixed(1).padStart(9)}`
            );
        }
    } finally {
        await chromium.close();
        await preview.close();
    }
}

main().catch((error: unknown) => {
    console.error(`bench:render: ${(error as Error).message}`);
    process.exit(1);
});
