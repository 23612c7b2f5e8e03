/**
 * Compiles every LWC TypeScript source under force-app/main/default/lwc in place to the `.js`
 * that orgs accept (TypeScript in bundles is still a developer preview). Types are stripped,
 * decorators are kept as written (target ESNext) because the LWC compiler owns them, and no
 * source maps are emitted: they must never reach a bundle.
 *
 * `--check` compiles in memory and fails if a committed `.js` differs from its `.ts`.
 */
import { readFileSync, writeFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';

const LWC_ROOT = join(__dirname, '..', 'force-app', 'main', 'default', 'lwc');
const HEADER = '// Generated from %s by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.\n';

export function lwcSources(dir: string = LWC_ROOT): string[] {
    const out: string[] = [];
    for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) {
            if (name === '__tests__' || name === 'node_modules') continue;
            out.push(...lwcSources(path));
        } else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) {
            out.push(path);
        }
    }
    return out.sort();
}

/**
 * Strips types from LWC TypeScript the way orgs need it: ESNext, so decorators stay as written for
 * the LWC compiler; no source maps. Shared with the local preview's build so both emit the same code.
 */
export function transpileLwcTypeScript(source: string, fileName: string): string {
    const result = ts.transpileModule(source, {
        fileName,
        reportDiagnostics: true,
        compilerOptions: {
            target: ts.ScriptTarget.ESNext,
            module: ts.ModuleKind.ESNext,
            useDefineForClassFields: true,
            experimentalDecorators: false,
            verbatimModuleSyntax: false,
            sourceMap: false,
            removeComments: false,
            newLine: ts.NewLineKind.LineFeed
        }
    });
    const errors = (result.diagnostics ?? []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
        const text = errors.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n')).join('\n');
        throw new Error(`${relative(process.cwd(), fileName)}: ${text}`);
    }
    return result.outputText;
}

export function compileLwcSource(path: string): string {
    const name = path.split(/[\\/]/).pop() as string;
    return HEADER.replace('%s', name) + transpileLwcTypeScript(readFileSync(path, 'utf8'), path);
}

function main(): void {
    const check = process.argv.includes('--check');
    const stale: string[] = [];
    for (const tsPath of lwcSources()) {
        const jsPath = tsPath.replace(/\.ts$/, '.js');
        const js = compileLwcSource(tsPath);
        if (check) {
            if (!existsSync(jsPath) || readFileSync(jsPath, 'utf8') !== js)
                stale.push(relative(process.cwd(), jsPath));
        } else if (!existsSync(jsPath) || readFileSync(jsPath, 'utf8') !== js) {
            writeFileSync(jsPath, js);
        }
    }
    if (stale.length > 0) {
        console.error(
            `These compiled LWC files do not match their .ts source (run \`npm run build:lwc\` and commit):\n  ${stale.join('\n  ')}`
        );
        process.exit(1);
    }
}

if (require.main === module) main();
