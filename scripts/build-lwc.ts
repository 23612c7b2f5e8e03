/**
 * Compiles every LWC TypeScript source under force-app/main/default/lwc in place to the `.js`
 * that orgs accept (TypeScript in bundles is still a developer preview). Types are stripped,
 * decorators are kept as written (target ESNext) because the LWC compiler owns them, and no
 * source maps are emitted: they must never reach a bundle.
 *
 * `--check` compiles in memory and fails if a `.js` in the working tree differs from its `.ts`.
 * `--staged` (the pre-commit hook, .githooks/pre-commit) does the same for what is staged: the
 * index's `.ts` against the index's `.js`, so a commit never carries a twin built from another
 * version of its source. When one is stale it rebuilds the working tree and fails, saying so.
 * Both take an optional LWC root after the flag (the tests run them on a temporary copy).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
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

export function compileLwcSource(path: string, source: string = readFileSync(path, 'utf8')): string {
    const name = path.split(/[\\/]/).pop() as string;
    return HEADER.replace('%s', name) + transpileLwcTypeScript(source, path);
}

const twinOf = (tsPath: string): string => tsPath.replace(/\.ts$/, '.js');

/** Rewrites every `.js` that differs from its `.ts`; returns the ones it wrote. */
export function buildLwc(root: string = LWC_ROOT): string[] {
    const written: string[] = [];
    for (const tsPath of lwcSources(root)) {
        const js = compileLwcSource(tsPath);
        if (!existsSync(twinOf(tsPath)) || readFileSync(twinOf(tsPath), 'utf8') !== js) {
            writeFileSync(twinOf(tsPath), js);
            written.push(twinOf(tsPath));
        }
    }
    return written;
}

/** The `.js` in the working tree that are missing or differ from what their `.ts` compiles to. */
export function staleTwins(root: string = LWC_ROOT): string[] {
    return lwcSources(root)
        .filter(
            (tsPath) =>
                !existsSync(twinOf(tsPath)) ||
                readFileSync(twinOf(tsPath), 'utf8') !== compileLwcSource(tsPath)
        )
        .map(twinOf);
}

function git(cwd: string, args: string[]): { status: number | null; stdout: string } {
    const run = spawnSync('git', args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    if (run.error) throw run.error;
    return { status: run.status, stdout: run.stdout };
}

/**
 * The staged `.js` twins (repository-relative paths) that differ from what their staged `.ts`
 * compiles to, or are not staged at all. Only sources whose `.ts` or `.js` the commit touches are
 * compiled, so a commit without LWC changes costs one `git diff`.
 */
export function stagedStaleTwins(root: string = LWC_ROOT): string[] {
    const top = git(root, ['rev-parse', '--show-toplevel']).stdout.trim();
    const prefix = relative(top, resolve(root)).split('\\').join('/');
    const staged = git(top, ['diff', '--cached', '--name-only', '--diff-filter=ACMR', '-z', '--', prefix])
        .stdout.split('\0')
        .filter(
            (path) => /\.(ts|js)$/.test(path) && !path.endsWith('.d.ts') && !path.includes('/__tests__/')
        );
    const sources = new Set(staged.map((path) => path.replace(/\.js$/, '.ts')));
    const stale: string[] = [];
    for (const tsPath of [...sources].sort()) {
        const source = git(top, ['show', `:${tsPath}`]);
        // A staged .js whose .ts is not in the index is hand-written JavaScript, not a twin.
        if (source.status !== 0) continue;
        const twin = git(top, ['show', `:${twinOf(tsPath)}`]);
        if (twin.status !== 0 || twin.stdout !== compileLwcSource(tsPath, source.stdout))
            stale.push(twinOf(tsPath));
    }
    return stale;
}

function main(): void {
    const mode = process.argv.find((arg) => arg === '--check' || arg === '--staged');
    const rootArg = process.argv.slice(2).find((arg) => !arg.startsWith('--'));
    const root = rootArg ? resolve(rootArg) : LWC_ROOT;
    if (mode === '--check') {
        const stale = staleTwins(root);
        if (stale.length > 0) {
            console.error(
                `These compiled LWC files do not match their .ts source (run \`npm run build:lwc\` and commit):\n  ${stale.map((p) => relative(process.cwd(), p)).join('\n  ')}`
            );
            process.exit(1);
        }
    } else if (mode === '--staged') {
        const stale = stagedStaleTwins(root);
        if (stale.length > 0) {
            buildLwc(root);
            console.error(
                'Commit stopped: the compiled LWC .js staged for this commit does not match its staged .ts.\n' +
                    `  ${stale.join('\n  ')}\n` +
                    'The .js were rebuilt in the working tree (npm run build:lwc). Review them, `git add` them' +
                    ' (and any unstaged .ts change they now include), and commit again.'
            );
            process.exit(1);
        }
    } else {
        buildLwc(root);
    }
}

if (require.main === module) main();
