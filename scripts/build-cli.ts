/**
 * `npm run build:cli`: compiles the CLI to dist/ only when a source changed since the last build, so
 * `npm run demo` (and every later run) does not pay for a full type-checked compile each time.
 * Changed sources go through `tsc` incrementally (tsconfig.build.json); the report's drawing module
 * is bundled into dist/report-charts.js (scripts/build-report-charts.ts). `--force` always compiles.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync, utimesSync } from 'node:fs';
import { join, relative } from 'node:path';
import { REPORT_CHARTS_BUNDLE, writeReportChartsBundle } from './build-report-charts';

const ROOT = join(__dirname, '..');
const BUILD_INFO = join(ROOT, 'dist', '.tsbuildinfo');
const ENTRY = join(ROOT, 'dist', 'src', 'cli', 'main.js');

function typeScriptFiles(dir: string, out: string[] = []): string[] {
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
            if (name !== '__tests__' && name !== 'node_modules') typeScriptFiles(path, out);
        } else if (name.endsWith('.ts')) {
            out.push(path);
        }
    }
    return out;
}

/** The first input newer than the last build, or null when dist/ is up to date. */
export function newerInput(): string | null {
    if (!existsSync(BUILD_INFO) || !existsSync(ENTRY) || !existsSync(REPORT_CHARTS_BUNDLE))
        return 'dist/ (not built yet)';
    const built = statSync(BUILD_INFO).mtimeMs;
    const inputs = [
        ...typeScriptFiles(join(ROOT, 'src')),
        ...typeScriptFiles(join(ROOT, 'force-app', 'main', 'default', 'lwc', 'stageplayCore')),
        join(ROOT, 'tsconfig.json'),
        join(ROOT, 'tsconfig.build.json'),
        join(ROOT, 'package.json')
    ];
    const newer = inputs.find((file) => statSync(file).mtimeMs > built);
    return newer ? relative(ROOT, newer) : null;
}

async function main(): Promise<void> {
    const changed = process.argv.includes('--force') ? '--force' : newerInput();
    if (changed === null) {
        console.log('CLI build is up to date (dist/ is newer than every source).');
        return;
    }
    console.log(`Building the CLI into dist/ (changed: ${changed}) ...`);
    const tsc = require.resolve('typescript/bin/tsc');
    const run = spawnSync(process.execPath, [tsc, '-p', join(ROOT, 'tsconfig.build.json')], {
        stdio: 'inherit'
    });
    if (run.status !== 0) {
        // tsc emits despite type errors; an old date makes the next run compile (and report) again.
        if (existsSync(BUILD_INFO)) utimesSync(BUILD_INFO, 0, 0);
        process.exit(run.status ?? 1);
    }
    try {
        await writeReportChartsBundle();
    } catch (e) {
        if (existsSync(BUILD_INFO)) utimesSync(BUILD_INFO, 0, 0);
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
    }
    // tsc leaves its build info alone when no output changed (a touched but unchanged file): mark the build.
    const now = new Date();
    utimesSync(BUILD_INFO, now, now);
}

if (require.main === module) void main();
