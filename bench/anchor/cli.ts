/**
 * The DuckDB anchor as its own process, so the scale benchmark can time it and read its peak RSS like
 * Stageplay's commands:
 *
 *   tsx bench/anchor/cli.ts <data-export-folder> [--threads 2] [--as-of 2026-11-15] [--out <dir>]
 *
 * Prints one JSON object (AnchorResult) on stdout; with --out also writes each result table as CSV.
 */
import { runAnchor } from './runAnchor';

function option(args: string[], name: string): string | undefined {
    const index = args.indexOf(`--${name}`);
    return index < 0 ? undefined : args[index + 1];
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const dataDir = args[0];
    if (!dataDir || dataDir.startsWith('--')) {
        throw new Error(
            'usage: tsx bench/anchor/cli.ts <data-export-folder> [--threads N] [--as-of D] [--out DIR]'
        );
    }
    const threads = Number(option(args, 'threads') ?? '2');
    if (!Number.isInteger(threads) || threads < 1) throw new Error('--threads needs a positive integer');
    const result = await runAnchor(dataDir, {
        threads,
        asOf: option(args, 'as-of') ?? '2026-11-15',
        outDir: option(args, 'out')
    });
    process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
});
