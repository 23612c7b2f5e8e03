/**
 * Compiles every LWC bundle under force-app/main/default/lwc with the platform compiler
 * (`@lwc/sfdc-lwc-compiler`, what the org runs on save) in platform mode, on the files an org
 * receives: the compiled `.js`, `.html`, `.css` and `.svg`. TypeScript sources, tests and type
 * declarations never reach an org (.forceignore), so they are not compiled here either.
 *
 * Fails (exit 1) on any error diagnostic, naming the bundle, file and line; warnings are printed.
 * Usage: `npx tsx scripts/check-lwc-compile.ts [--json] [lwcRoot]`. Run it as a program (tsx): the
 * compiler's own `@lwc/compiler` is ESM-only, which Jest's CommonJS runtime cannot load.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const DEFAULT_ROOT = join(__dirname, '..', 'force-app', 'main', 'default', 'lwc');
const DEPLOYED = /\.(js|html|css|svg)$/;
const API_VERSION = 64;

export interface BundleCheck {
    bundle: string;
    errors: string[];
    warnings: string[];
    milliseconds: number;
}

/** Folders that are LWC bundles: they hold `<name>.js` (a `types/` folder of declarations does not). */
export function lwcBundles(root: string = DEFAULT_ROOT): string[] {
    return readdirSync(root)
        .filter((name) => statSync(join(root, name)).isDirectory())
        .filter((name) => existsSync(join(root, name, `${name}.js`)))
        .sort();
}

/** The files of a bundle an org receives, keyed by their path inside the bundle. */
export function deployedFiles(bundleDir: string, prefix = ''): Record<string, string> {
    const files: Record<string, string> = {};
    for (const name of readdirSync(bundleDir)) {
        const path = join(bundleDir, name);
        if (statSync(path).isDirectory()) {
            if (name === '__tests__' || name === 'node_modules') continue;
            Object.assign(files, deployedFiles(path, `${prefix}${name}/`));
        } else if (DEPLOYED.test(name)) {
            files[`${prefix}${name}`] = readFileSync(path, 'utf8');
        }
    }
    return files;
}

interface Diagnostic {
    level: number;
    message: string;
    filename?: string;
    location?: { line: number; column: number };
}

/** `@lwc/errors` DiagnosticLevel: Fatal = 0, Error = 1, Warning = 2, Log = 3. */
const ERROR_LEVEL = 1;
const WARNING_LEVEL = 2;

function describe(bundle: string, d: Diagnostic): string {
    const where = d.filename ? `${bundle}/${d.filename.replace(/^.*[\\/]/, '')}` : bundle;
    const line = d.location ? `:${d.location.line}:${d.location.column}` : '';
    return `${where}${line}: ${d.message}`;
}

export async function checkBundle(root: string, bundle: string): Promise<BundleCheck> {
    // Loaded on use, so the bundle helpers above can be imported where the ESM-only compiler cannot.
    const { compile } = await import('@lwc/sfdc-lwc-compiler');
    const started = Date.now();
    const output = await compile({
        bundle: {
            type: 'platform',
            name: bundle,
            namespace: 'c',
            files: deployedFiles(join(root, bundle)),
            options: { apiVersion: API_VERSION }
        }
    });
    const diagnostics: Diagnostic[] = [
        ...(output.diagnostics as Diagnostic[]),
        ...(output.results ?? []).flatMap((r) => r.diagnostics as Diagnostic[])
    ];
    const errors = diagnostics.filter((d) => d.level <= ERROR_LEVEL).map((d) => describe(bundle, d));
    if (!output.success && errors.length === 0)
        errors.push(`${bundle}: the compiler reported failure without a diagnostic`);
    return {
        bundle,
        errors: [...new Set(errors)],
        warnings: [
            ...new Set(diagnostics.filter((d) => d.level === WARNING_LEVEL).map((d) => describe(bundle, d)))
        ],
        milliseconds: Date.now() - started
    };
}

export async function checkLwcCompile(root: string = DEFAULT_ROOT): Promise<BundleCheck[]> {
    const results: BundleCheck[] = [];
    // One at a time: the compiler is CPU-bound and the machine is shared.
    for (const bundle of lwcBundles(root)) results.push(await checkBundle(root, bundle));
    return results;
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const json = args.includes('--json');
    const root = args.find((a) => !a.startsWith('--')) ?? DEFAULT_ROOT;
    const results = await checkLwcCompile(root);
    if (json) {
        process.stdout.write(`${JSON.stringify(results)}\n`);
        if (results.some((r) => r.errors.length > 0)) process.exitCode = 1;
        return;
    }
    for (const r of results) {
        const status = r.errors.length > 0 ? 'FAIL' : 'ok';
        console.log(`${status.padEnd(4)} ${r.bundle} (${r.milliseconds} ms)`);
        for (const w of r.warnings) console.log(`     warning: ${w}`);
        for (const e of r.errors) console.log(`     error: ${e}`);
    }
    const failed = results.filter((r) => r.errors.length > 0);
    console.log(
        `${results.length} bundles compiled with @lwc/sfdc-lwc-compiler, ${failed.length} failed (${relative(process.cwd(), root) || '.'})`
    );
    if (failed.length > 0) process.exit(1);
}

if (require.main === module) {
    main().catch((e: unknown) => {
        console.error(e);
        process.exit(1);
    });
}
