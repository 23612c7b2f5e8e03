/**
 * The code a `worker_threads` worker started with `eval: true` runs first: it loads the worker's entry
 * module. Shared by the fit workers (src/ops/parallelFits.ts) and the history readers
 * (src/dataExport/historyInWorker.ts).
 */
import fs from 'node:fs';
import path from 'node:path';

/**
 * Loads `<name>.js` from `dir` when it is compiled there (dist/), else `<name>.ts` through tsx's require
 * hook (Jest and tsx run from the sources, where there is no compiled entry).
 */
export function workerEntryCode(dir: string, name: string): string {
    const compiled = path.join(dir, `${name}.js`);
    return fs.existsSync(compiled)
        ? `require(${JSON.stringify(compiled)});`
        : `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(path.join(dir, `${name}.ts`))});`;
}
