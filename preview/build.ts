/**
 * Builds the preview page into out/preview: the real components from force-app compiled by the open-source
 * LWC compiler, Lightning base components from npm, and stand-ins for the platform modules that only exist
 * inside an org (Apex, Lightning Data Service, record forms, toasts, refresh). SLDS is served as is.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { rollup, type Plugin, type RollupLog } from 'rollup';
import lwc from '@lwc/rollup-plugin';
import replace from '@rollup/plugin-replace';
import { transpileLwcTypeScript } from '../scripts/build-lwc';
import { XMLParser } from 'fast-xml-parser';
import type { PreviewData } from './data/previewData';

export const REPO_ROOT = resolve(__dirname, '..');
export const PREVIEW_ROOT = __dirname;
export const DEFAULT_OUT_DIR = join(REPO_ROOT, 'out', 'preview');
const LWC_DIR = join(REPO_ROOT, 'force-app', 'main', 'default', 'lwc');
const LABELS_FILE = join(REPO_ROOT, 'force-app', 'main', 'default', 'labels', 'CustomLabels.labels-meta.xml');
const PLATFORM_DIR = join(PREVIEW_ROOT, 'lwc', 'platform', 'lightning');
const APEX_STANDIN = join(PREVIEW_ROOT, 'lwc', 'modules', 'preview', 'apex', 'apex.ts');
const VIRTUAL_PREFIX = '\0stageplay-platform:';

interface AliasRecord {
    name: string;
    path: string;
}

/** `c/<bundle>` for every bundle in force-app, using the compiled `.js` that orgs receive. */
export function componentAliases(): AliasRecord[] {
    const aliases: AliasRecord[] = [];
    for (const name of readdirSync(LWC_DIR)) {
        const entry = join(LWC_DIR, name, `${name}.js`);
        if (existsSync(entry)) aliases.push({ name: `c/${name}`, path: entry });
    }
    if (!aliases.some((alias) => alias.name === 'c/dealHealth')) {
        const missing = relative(REPO_ROOT, join(LWC_DIR, 'dealHealth', 'dealHealth.js'));
        throw new Error(`${missing} is missing: run \`npm run build:lwc\` first.`);
    }
    return aliases;
}

/** `lightning/<module>` stand-ins; listed before the base components so they win. */
function platformAliases(): AliasRecord[] {
    return readdirSync(PLATFORM_DIR).map((name) => ({
        name: `lightning/${name}`,
        path: join(PLATFORM_DIR, name, `${name}.ts`)
    }));
}

/** TypeScript in the preview's own modules is stripped the same way scripts/build-lwc.ts strips components. */
function stripTypes(): Plugin {
    return {
        name: 'stageplay-strip-types',
        transform(code, id) {
            const file = id.split('?')[0];
            if (!file.endsWith('.ts') || file.includes('node_modules')) return null;
            return { code: transpileLwcTypeScript(code, file), map: null };
        }
    };
}

function customLabels(): Map<string, string> {
    const labels = new Map<string, string>();
    if (!existsSync(LABELS_FILE)) return labels;
    const parsed = new XMLParser({ isArray: (name) => name === 'labels' }).parse(
        readFileSync(LABELS_FILE, 'utf8')
    );
    for (const label of parsed?.CustomLabels?.labels ?? [])
        labels.set(String(label.fullName), String(label.value));
    return labels;
}

const I18N: Record<string, string | number> = {
    locale: 'en-US',
    lang: 'en-US',
    currency: 'USD',
    timeZone: 'America/Los_Angeles',
    dir: 'ltr',
    firstDayOfWeek: 1
};

/** Virtual modules for the `@salesforce/*` scoped imports a component can use. */
function salesforceScopedImports(): Plugin {
    const labels = customLabels();
    const apexImport = JSON.stringify(APEX_STANDIN);
    return {
        name: 'stageplay-salesforce-scoped-imports',
        resolveId(source) {
            return source.startsWith('@salesforce/') ? VIRTUAL_PREFIX + source : null;
        },
        load(id) {
            if (!id.startsWith(VIRTUAL_PREFIX)) return null;
            const source = id.slice(VIRTUAL_PREFIX.length);
            const [, kind, ...rest] = source.split('/');
            const target = rest.join('/');
            switch (kind) {
                case 'apex':
                    if (target === '') return `export { refreshApex, getSObjectValue } from ${apexImport};`;
                    return `import { apexMethod } from ${apexImport};\nexport default apexMethod(${JSON.stringify(target)});`;
                case 'schema': {
                    const [objectApiName, ...field] = target.split('.');
                    const reference =
                        field.length > 0
                            ? { objectApiName, fieldApiName: field.join('.') }
                            : { objectApiName };
                    return `export default ${JSON.stringify(reference)};`;
                }
                case 'label': {
                    const name = target.replace(/^c\./, '');
                    const value = labels.get(name);
                    if (value === undefined) {
                        this.error(
                            `${source}: no custom label ${name} in ${relative(REPO_ROOT, LABELS_FILE)}`
                        );
                    }
                    return `export default ${JSON.stringify(value)};`;
                }
                case 'user':
                    return `export default ${JSON.stringify(target === 'Id' ? '005000000000001AAA' : false)};`;
                case 'userPermission':
                case 'customPermission':
                    return 'export default true;';
                case 'i18n':
                    if (!(target in I18N))
                        this.error(`${source}: the preview has no value for this i18n import`);
                    return `export default ${JSON.stringify(I18N[target])};`;
                case 'client':
                    return `export default 'Large';`;
                case 'resourceUrl':
                    return `export default ${JSON.stringify(`/resource/${target}`)};`;
                default:
                    this.error(`${source}: the preview has no stand-in for @salesforce/${kind} imports`);
            }
        }
    };
}

const INDEX_HTML = `<!doctype html>
<html lang="en" dir="ltr">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stageplay · Opportunity preview</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<style>
body { background: #b0c4df linear-gradient(to bottom, #b0c4df 0, #f3f3f3 12rem); min-height: 100vh; margin: 0; }
</style>
</head>
<body class="slds-scope">
<div id="root"></div>
<script type="module" src="/app.js"></script>
</body>
</html>
`;

/** Every input of the bundle: when none changed since the last build, the bundle is reused. */
const SERVER_SOURCE = join(PREVIEW_ROOT, 'server.ts');

function bundleInputs(): string[] {
    const files: string[] = [];
    const walk = (dir: string) => {
        for (const name of readdirSync(dir)) {
            if (name === '__tests__' || name === 'node_modules') continue;
            const path = join(dir, name);
            if (statSync(path).isDirectory()) walk(path);
            // The dev server serves the bundle and is not part of it: editing it must not force a recompile.
            else if (/\.(ts|js|html|css)$/.test(name) && path !== SERVER_SOURCE) files.push(path);
        }
    };
    walk(LWC_DIR);
    walk(PREVIEW_ROOT);
    files.push(join(REPO_ROOT, 'package-lock.json'));
    // How the preview's own TypeScript is stripped.
    files.push(join(REPO_ROOT, 'scripts', 'build-lwc.ts'));
    if (existsSync(LABELS_FILE)) files.push(LABELS_FILE);
    return files.sort();
}

function bundleFingerprint(): string {
    const hash = createHash('sha256');
    for (const file of bundleInputs())
        hash.update(relative(REPO_ROOT, file)).update('\0').update(readFileSync(file));
    return hash.digest('hex');
}

const FINGERPRINT_FILE = '.bundle-fingerprint';

/** Writes a dataset the page can load (`demo.json` by default, any other with `?data=<file>`). */
export function writePreviewData(
    data: PreviewData,
    outDir: string = DEFAULT_OUT_DIR,
    fileName = 'demo.json'
): void {
    if (!/^[\w-]+\.json$/.test(fileName))
        throw new Error(`Preview data file names are <word>.json, got ${fileName}`);
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, fileName), JSON.stringify(data));
}

export interface BuildResult {
    outDir: string;
    components: string[];
    warnings: string[];
    /** True when nothing the bundle depends on changed and the previous bundle was kept. */
    reused: boolean;
}

/** How often the compile reports how many modules it has done. */
const PROGRESS_EVERY_MS = 5_000;

/** Reports the modules compiled so far, at most every few seconds, so a long first build is not silent. */
function compileProgress(onProgress: ((line: string) => void) | undefined): Plugin {
    let modules = 0;
    let last = Date.now();
    return {
        name: 'stageplay-compile-progress',
        transform(_code, id) {
            modules++;
            if (onProgress && Date.now() - last >= PROGRESS_EVERY_MS) {
                last = Date.now();
                const where = id.includes('node_modules')
                    ? id.slice(id.lastIndexOf('node_modules') + 13)
                    : id;
                onProgress(`  ${modules} modules compiled (now: ${where.split('?')[0]})`);
            }
            return null;
        },
        buildEnd() {
            onProgress?.(`  ${modules} modules compiled`);
        }
    };
}

/** Compiles the page bundle and writes it with the demo data and index.html to `outDir`. */
export async function buildPreview(
    data: PreviewData,
    outDir: string = DEFAULT_OUT_DIR,
    options: {
        force?: boolean;
        /** Lines saying how far a cold compile has got (it takes a minute or more on a busy machine). */
        onProgress?: (line: string) => void;
    } = {}
): Promise<BuildResult> {
    const aliases = componentAliases();
    const components = aliases.map((alias) => alias.name);
    const warnings: string[] = [];
    mkdirSync(outDir, { recursive: true });
    writeFileSync(join(outDir, 'index.html'), INDEX_HTML);
    writePreviewData(data, outDir);
    const fingerprint = bundleFingerprint();
    const fingerprintFile = join(outDir, FINGERPRINT_FILE);
    const bundleFile = join(outDir, 'app.js');
    if (
        !options.force &&
        existsSync(bundleFile) &&
        existsSync(fingerprintFile) &&
        readFileSync(fingerprintFile, 'utf8') === fingerprint
    ) {
        return { outDir, components, warnings, reused: true };
    }
    options.onProgress?.(
        `Compiling ${components.length} components and the base components they use (a cold start takes a minute or two; unchanged inputs reuse the bundle) ...`
    );
    const bundle = await rollup({
        input: join(PREVIEW_ROOT, 'main.ts'),
        plugins: [
            compileProgress(options.onProgress),
            stripTypes(),
            lwc({
                rootDir: PREVIEW_ROOT,
                modules: [
                    ...platformAliases(),
                    ...aliases,
                    { dir: join(PREVIEW_ROOT, 'lwc', 'modules') },
                    { npm: 'lightning-base-components' }
                ],
                exclude: ['**/node_modules/@lwc/**', '**/node_modules/lwc/**'],
                // Form-associated base components (combobox, input) call attachInternals, which synthetic
                // shadow only allows behind this flag — Lightning Experience turns it on as well.
                enableSyntheticElementInternals: true
            }),
            salesforceScopedImports(),
            replace({
                preventAssignment: true,
                values: {
                    'process.env.NODE_ENV': JSON.stringify('production'),
                    'import.meta.env.SSR': 'false'
                }
            })
        ],
        onwarn(warning: RollupLog) {
            // Base components use `this` at module level in a few helpers; that is harmless in ES modules.
            if (warning.code === 'THIS_IS_UNDEFINED' || warning.code === 'CIRCULAR_DEPENDENCY') return;
            // The npm build of the base components trips a few template lint warnings of its own.
            if (warning.message.includes('lightning-base-components')) return;
            warnings.push(warning.message);
        }
    });
    options.onProgress?.('Writing the bundle ...');
    mkdirSync(outDir, { recursive: true });
    await bundle.write({ file: bundleFile, format: 'es', sourcemap: false, inlineDynamicImports: true });
    await bundle.close();
    writeFileSync(fingerprintFile, fingerprint);
    return { outDir, components, warnings, reused: false };
}
