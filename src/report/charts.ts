/**
 * The report's drawing code, as the build bundled it (src/report/charts/reportCharts.ts →
 * dist/report-charts.js, by scripts/build-cli.ts). Read once, at report-writing time, whether this
 * module runs compiled from dist/ or from source (tests, tsx): both find the one bundle.
 */
import fs from 'node:fs';
import path from 'node:path';

const BUNDLE = 'report-charts.js';

let script: string | null = null;

/** The bundled drawing code; throws, saying how to build it, when the build has not run. */
export function reportChartsScript(): string {
    if (script !== null) return script;
    // Compiled: dist/src/report/charts.js → dist/report-charts.js. From source: src/report → dist/.
    const candidates = [
        path.join(__dirname, '..', '..', BUNDLE),
        path.join(__dirname, '..', '..', 'dist', BUNDLE)
    ];
    const found = candidates.find((file) => fs.existsSync(file));
    if (!found)
        throw new Error(
            `The report's chart code (dist/${BUNDLE}) is missing: run \`npm run build:cli\` first.`
        );
    script = fs.readFileSync(found, 'utf8');
    return script;
}
