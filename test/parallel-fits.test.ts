/**
 * `reconcile` with its fits on two threads answers byte for byte what it answers on one: the built CLI
 * (dist/, with the compiled fit worker a user runs) on a small generated Data Export, once with
 * STAGEPLAY_WORKERS=1 and once with 2; every CSV and reconciliation.json (minus the run's own
 * generatedAt) must be identical. The in-process part runs the same pool from the TypeScript sources
 * (the worker through tsx, fitting over the closed rows the main thread shipped it), as the other tests
 * do when they set STAGEPLAY_WORKERS.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { newerInput } from '../scripts/build-cli';
import { addDays, timeSplitCutOff, timeSplitCutOffs, type Benchmarks } from '../src/core';
import { readDataExport } from '../src/dataExport/readDataExport';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import { dealPathsOf } from '../src/ops/learn';
import { startFits } from '../src/ops/parallelFits';
import type { FitTask } from '../src/ops/fitTasks';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stageplay.js');
const AS_OF = '2026-11-15';

jest.setTimeout(240_000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-parallel-'));
const data = path.join(work, 'data');

function cli(args: string[], env: Record<string, string> = {}): void {
    const r = spawnSync('node', [BIN, ...args], {
        cwd: ROOT,
        env: { ...process.env, SF_DISABLE_TELEMETRY: 'true', ...env },
        encoding: 'utf8'
    });
    if (r.status !== 0) throw new Error(`stageplay ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
}

/** Every output file of a reconcile run, by name; generatedAt (the run's clock) blanked. */
function outputs(dir: string): Map<string, string> {
    const files = new Map<string, string>();
    const report = path.join(dir, 'report');
    for (const name of fs.readdirSync(report).sort()) {
        if (!name.endsWith('.csv') && !name.endsWith('.json')) continue;
        let text = fs.readFileSync(path.join(report, name), 'utf8');
        if (name === 'reconciliation.json')
            text = text.replace(/"generatedAt": "[^"]*"/, '"generatedAt": ""');
        files.set(name, text);
    }
    return files;
}

beforeAll(() => {
    spawnSync('npx', ['tsx', 'scripts/build-cli.ts'], { cwd: ROOT, stdio: 'pipe' });
    expect(newerInput()).toBeNull();
    cli(['seed', '--data', data, '--deals', '2000', '--seed', '7', '--today', AS_OF, '--out', work]);
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('reconcile on worker threads', () => {
    it('writes the same CSVs and reconciliation.json with STAGEPLAY_WORKERS=1 and 2', () => {
        const one = path.join(work, 'one');
        const two = path.join(work, 'two');
        const args = ['reconcile', '--data', data, '--as-of', AS_OF, '--no-snapshots'];
        cli([...args, '--out', one], { STAGEPLAY_WORKERS: '1' });
        cli([...args, '--out', two], { STAGEPLAY_WORKERS: '2' });
        const a = outputs(one);
        const b = outputs(two);
        expect([...a.keys()]).toContain('reconciliation.json');
        expect([...a.keys()].filter((n) => n.endsWith('.csv')).length).toBeGreaterThanOrEqual(5);
        expect([...b.keys()]).toEqual([...a.keys()]);
        for (const [name, text] of a) expect({ name, text: b.get(name) }).toEqual({ name, text });
        // The time split ran (several cut-offs), so the workers had fits to do.
        const rec = JSON.parse(a.get('reconciliation.json') ?? '{}') as {
            accuracy: { timeSplit: { cutOffs: string[] } | null };
        };
        expect(rec.accuracy.timeSplit?.cutOffs.length ?? 0).toBeGreaterThan(1);
    });

    it('hands back, from the TypeScript sources, the fits a single thread computes', async () => {
        const salesProcess = await loadProcessFromSource(path.join(ROOT, 'force-app', 'main', 'default'));
        const dataset = await readDataExport(data, salesProcess);
        const paths = dealPathsOf(dataset);
        const first = timeSplitCutOff(paths, AS_OF);
        expect(first).not.toBeNull();
        const tasks: FitTask[] = timeSplitCutOffs(first ?? AS_OF, AS_OF).map((asOf) => ({
            kind: 'closedBefore',
            asOf
        }));
        tasks.push({ kind: 'closedBefore', asOf: addDays(AS_OF, 1) }, { kind: 'holdoutTrain', asOf: AS_OF });
        const inline = startFits(salesProcess, paths, tasks, 1);
        // Two workers and a main thread that only waits, so every answer below crossed a thread.
        const parallel = startFits(salesProcess, paths, tasks, 3, { mainThreadHelps: false });
        expect(parallel.threads).toBe(3);
        // The calibration's fit stamps the time it ran.
        const answers = (b: Benchmarks): Benchmarks => ({ ...b, fittedAt: '' });
        try {
            for (const task of [...tasks].reverse())
                expect(answers(parallel.get(task))).toEqual(answers(inline.get(task)));
            expect(parallel.fittedByWorkers()).toBe(tasks.length);
        } finally {
            parallel.close();
        }
    });

    it('fits on the main thread what a worker the engine stopped left, and says why it stopped', async () => {
        const salesProcess = await loadProcessFromSource(path.join(ROOT, 'force-app', 'main', 'default'));
        const dataset = await readDataExport(data, salesProcess);
        const paths = dealPathsOf(dataset);
        const tasks: FitTask[] = [
            { kind: 'closedBefore', asOf: addDays(AS_OF, 1) },
            { kind: 'holdoutTrain', asOf: AS_OF }
        ];
        const inline = startFits(salesProcess, paths, tasks, 1);
        // A 1 MB heap: the engine stops the worker (out of memory) before it fits anything, and a
        // worker stopped so runs no exit handler of its own. The main thread only waits, so without
        // the supervisor's count this would wait for ever.
        const starved = startFits(salesProcess, paths, tasks, 2, {
            mainThreadHelps: false,
            resourceLimits: { maxOldGenerationSizeMb: 1 }
        });
        const answers = (b: Benchmarks): Benchmarks => ({ ...b, fittedAt: '' });
        try {
            for (const task of tasks) expect(answers(starved.get(task))).toEqual(answers(inline.get(task)));
            expect(starved.fittedByWorkers()).toBe(0);
            expect(starved.stoppedWorkers()).toEqual([expect.stringContaining('ERR_WORKER_OUT_OF_MEMORY')]);
        } finally {
            starved.close();
        }
    });
});
