/**
 * The scale benchmark's datasets: Data Export folders made by Stageplay's own generator
 * (`stageplay seed --data <dir> --deals N --seed 1 --today 2026-11-15`), cached between runs.
 *
 * Layout of the cache (default bench/.cache/, gitignored; STAGEPLAY_BENCH_CACHE overrides):
 *   d<N>/manifest.json   the generator inputs the data was made with, its row counts, and where it came from
 *   d<N>/data/           the Data Export (a folder, or a symlink to one adopted with --adopt)
 * A cached dataset is reused when its manifest's generator inputs equal the wanted ones and it is complete
 * (the manifest is written last); otherwise it is made again. Adopting keeps someone else's folder where it
 * is (a symlink), so a shared machine generates 1M deals once; nothing is ever written into that folder.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

export const DATA_EXPORT_FILES = [
    'Opportunity.csv',
    'OpportunityHistory.csv',
    'OpportunityFieldHistory.csv',
    'Account.csv',
    'User.csv',
    'OpportunityStage.csv'
] as const;

export const SEED = 1;
export const TODAY = '2026-11-15';
const MANIFEST_VERSION = 1;

export interface GeneratorInputs {
    deals: number;
    seed: number;
    today: string;
}

export interface DatasetManifest {
    manifestVersion: number;
    generator: GeneratorInputs;
    /** Data rows per CSV (records, header excluded). */
    rows: Record<string, number>;
    totalRows: number;
    /** `generated` by this benchmark, or `adopted` from a folder someone generated with the same inputs. */
    origin: { kind: 'generated'; command: string; seconds: number } | { kind: 'adopted'; from: string };
    createdAt: string;
}

export interface Dataset {
    dir: string;
    manifest: DatasetManifest;
}

export function cacheDir(repoRoot: string): string {
    return path.resolve(process.env.STAGEPLAY_BENCH_CACHE ?? path.join(repoRoot, 'bench', '.cache'));
}

export function inputsFor(deals: number): GeneratorInputs {
    return { deals, seed: SEED, today: TODAY };
}

function sameInputs(a: GeneratorInputs, b: GeneratorInputs): boolean {
    return a.deals === b.deals && a.seed === b.seed && a.today === b.today;
}

function readManifest(file: string): DatasetManifest | null {
    try {
        const manifest = JSON.parse(fs.readFileSync(file, 'utf8')) as DatasetManifest;
        return manifest.manifestVersion === MANIFEST_VERSION ? manifest : null;
    } catch {
        return null;
    }
}

/** Data rows of a CSV: lines after the header (the generator writes no line breaks inside values). */
async function countRows(file: string): Promise<number> {
    const lines = readline.createInterface({ input: fs.createReadStream(file), crlfDelay: Infinity });
    let n = 0;
    for await (const line of lines) if (line !== '') n++;
    return Math.max(0, n - 1);
}

async function rowCounts(dataDir: string): Promise<Record<string, number>> {
    const rows: Record<string, number> = {};
    for (const name of DATA_EXPORT_FILES) {
        const file = path.join(dataDir, name);
        if (!fs.existsSync(file)) throw new Error(`${dataDir} has no ${name}: not a complete Data Export`);
        rows[name] = await countRows(file);
    }
    return rows;
}

function total(rows: Record<string, number>): number {
    return Object.values(rows).reduce((a, b) => a + b, 0);
}

/** Removes a cached entry; a symlinked (adopted) data folder is unlinked, never emptied. */
function clearEntry(entry: string): void {
    const data = path.join(entry, 'data');
    if (fs.lstatSync(data, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(data);
    fs.rmSync(entry, { recursive: true, force: true });
}

export function entryDir(cache: string, deals: number): string {
    return path.join(cache, `d${deals}`);
}

/** The cached dataset for `deals`, when its manifest says it was made with the wanted inputs. */
export function cachedDataset(cache: string, deals: number): Dataset | null {
    const entry = entryDir(cache, deals);
    const manifest = readManifest(path.join(entry, 'manifest.json'));
    const dir = path.join(entry, 'data');
    if (!manifest || !sameInputs(manifest.generator, inputsFor(deals)) || !fs.existsSync(dir)) return null;
    return { dir, manifest };
}

/**
 * Takes `from` (a Data Export someone generated with `seed --deals N --seed 1 --today 2026-11-15`) into the
 * cache as a symlink, with a manifest that says so. The caller vouches for the inputs; the row counts and the
 * Opportunity count are checked.
 */
export async function adoptDataset(cache: string, deals: number, from: string): Promise<Dataset> {
    const source = path.resolve(from);
    const cached = cachedDataset(cache, deals);
    if (cached && cached.manifest.origin.kind === 'adopted' && cached.manifest.origin.from === source)
        return cached;
    const rows = await rowCounts(source);
    if (rows['Opportunity.csv'] !== deals) {
        throw new Error(`--adopt ${from}: it has ${rows['Opportunity.csv']} opportunities, not ${deals}`);
    }
    const entry = entryDir(cache, deals);
    if (fs.existsSync(entry)) clearEntry(entry);
    fs.mkdirSync(entry, { recursive: true });
    fs.symlinkSync(source, path.join(entry, 'data'), 'dir');
    const manifest: DatasetManifest = {
        manifestVersion: MANIFEST_VERSION,
        generator: inputsFor(deals),
        rows,
        totalRows: total(rows),
        origin: { kind: 'adopted', from: source },
        createdAt: new Date().toISOString()
    };
    fs.writeFileSync(path.join(entry, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return { dir: path.join(entry, 'data'), manifest };
}

/** The dataset for `deals`: the cached one, or generated now with the built CLI (which takes a while at 1M). */
export async function ensureDataset(
    repoRoot: string,
    cache: string,
    deals: number,
    log: (line: string) => void
): Promise<Dataset> {
    const cached = cachedDataset(cache, deals);
    if (cached) return cached;
    const entry = entryDir(cache, deals);
    if (fs.existsSync(entry)) {
        log(`  ${entry}: made with other generator inputs or incomplete; generating again`);
        clearEntry(entry);
    }
    fs.mkdirSync(entry, { recursive: true });
    const inputs = inputsFor(deals);
    const partial = path.join(entry, 'data.partial');
    const args = [
        path.join(repoRoot, 'bin', 'stageplay.js'),
        'seed',
        '--data',
        partial,
        '--deals',
        String(inputs.deals),
        '--seed',
        String(inputs.seed),
        '--today',
        inputs.today,
        '--out',
        fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-bench-seed-'))
    ];
    log(`  generating ${deals} deals into ${entry} (stageplay ${args.slice(1).join(' ')})`);
    const started = performance.now();
    const result = spawnSync(process.execPath, args, {
        cwd: repoRoot,
        stdio: ['ignore', 'ignore', 'inherit']
    });
    if (result.status !== 0)
        throw new Error(`stageplay seed failed (exit ${result.status ?? result.signal})`);
    const seconds = (performance.now() - started) / 1000;
    fs.renameSync(partial, path.join(entry, 'data'));
    const rows = await rowCounts(path.join(entry, 'data'));
    const manifest: DatasetManifest = {
        manifestVersion: MANIFEST_VERSION,
        generator: inputs,
        rows,
        totalRows: total(rows),
        origin: { kind: 'generated', command: `stageplay ${args.slice(1).join(' ')}`, seconds },
        createdAt: new Date().toISOString()
    };
    // Written last: a manifest means the folder is complete.
    fs.writeFileSync(path.join(entry, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
    return { dir: path.join(entry, 'data'), manifest };
}
