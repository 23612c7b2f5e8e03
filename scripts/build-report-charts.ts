/**
 * Bundles the report's drawing module (src/report/charts/reportCharts.ts) and the core number formats
 * it imports into one classic script, `dist/report-charts.js`, which html.ts inlines into every
 * report.html. Types are stripped the way the LWC build strips them (no type check here: that is
 * `tsc -p src/report/charts/tsconfig.json` in `npm run typecheck`); chart.js is not bundled, the
 * report inlines its own UMD build before this script.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { rollup, type Plugin } from 'rollup';
import ts from 'typescript';

const ROOT = join(__dirname, '..');
export const REPORT_CHARTS_ENTRY = join(ROOT, 'src', 'report', 'charts', 'reportCharts.ts');
export const REPORT_CHARTS_BUNDLE = join(ROOT, 'dist', 'report-charts.js');

/** Relative imports written without an extension (as the rest of the code base does) resolve to `.ts`. */
function typeScriptSources(): Plugin {
    return {
        name: 'stageplay-typescript-sources',
        resolveId(source, importer) {
            if (!importer || !source.startsWith('.')) return null;
            const file = resolve(dirname(importer), source);
            if (existsSync(`${file}.ts`)) return `${file}.ts`;
            throw new Error(`${source} (imported by ${importer}) is not a TypeScript source next to it`);
        },
        transform(code, id) {
            if (!id.endsWith('.ts')) return null;
            const result = ts.transpileModule(code, {
                fileName: id,
                reportDiagnostics: true,
                compilerOptions: {
                    target: ts.ScriptTarget.ES2017,
                    module: ts.ModuleKind.ESNext,
                    sourceMap: false,
                    removeComments: true
                }
            });
            const errors = (result.diagnostics ?? []).filter(
                (d) => d.category === ts.DiagnosticCategory.Error
            );
            if (errors.length > 0)
                throw new Error(
                    errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n')
                );
            return { code: result.outputText, map: null };
        }
    };
}

/** The drawing code as one script, ready to inline. */
export async function bundleReportCharts(): Promise<string> {
    const bundle = await rollup({
        input: REPORT_CHARTS_ENTRY,
        plugins: [typeScriptSources()],
        onwarn(warning) {
            throw new Error(`report charts bundle: ${warning.message}`);
        }
    });
    try {
        const { output } = await bundle.generate({ format: 'iife', strict: true });
        return output[0].code;
    } finally {
        await bundle.close();
    }
}

export async function writeReportChartsBundle(): Promise<void> {
    const code = await bundleReportCharts();
    mkdirSync(dirname(REPORT_CHARTS_BUNDLE), { recursive: true });
    // Unchanged code keeps its file (and its date) as it is.
    if (existsSync(REPORT_CHARTS_BUNDLE) && readFileSync(REPORT_CHARTS_BUNDLE, 'utf8') === code) return;
    writeFileSync(REPORT_CHARTS_BUNDLE, code);
}

if (require.main === module) {
    writeReportChartsBundle().catch((e: unknown) => {
        console.error(e instanceof Error ? e.message : e);
        process.exit(1);
    });
}
