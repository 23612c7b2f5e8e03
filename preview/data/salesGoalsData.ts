/**
 * The goal funnel and rep KPIs behind the preview's Sales Goals page, computed as `stageplay
 * snapshot` computes what it publishes: the demo's history (seed, deals and "today" of `npm run
 * demo`) written as a Data Export, read back with the quotas, logins and tasks the generator plants,
 * and reconciled (`performanceFromHistory`). The page therefore shows the numbers the demo's report
 * shows, bottleneck included.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessDefinition } from '../../src/core';
import { readDataExport } from '../../src/dataExport/readDataExport';
import { generateDataExport } from '../../src/generate/generateHistory';
import { DEMO_DEALS, DEMO_SEED, DEMO_TODAY } from '../../src/ops/demo';
import { performanceFromHistory } from '../../src/ops/performanceFromHistory';
import type { Performance } from '../../src/ops/publishPerformance';

export const SALES_GOALS_SOURCE = `the demo's history (${DEMO_DEALS} deals, seed ${DEMO_SEED}, as of ${DEMO_TODAY})`;

export async function demoPerformance(salesProcess: ProcessDefinition): Promise<Performance> {
    const dir = await mkdtemp(join(tmpdir(), 'stageplay-preview-goals-'));
    try {
        await generateDataExport(dir, salesProcess, {
            seed: DEMO_SEED,
            deals: DEMO_DEALS,
            today: DEMO_TODAY
        });
        const dataset = await readDataExport(dir, salesProcess);
        const performance = performanceFromHistory(dataset, DEMO_TODAY, {
            unit: 'quarter',
            fiscalYearStartMonth: 1
        });
        return performance ?? { goals: [], kpis: [] };
    } finally {
        await rm(dir, { recursive: true, force: true });
    }
}
