/**
 * The compiled LWC `.js` twins are committed, so two guards keep them equal to their `.ts`:
 * `scripts/build-lwc.ts --check` over the working tree (in `npm test`) and the pre-commit hook
 * (`.githooks/pre-commit` → `--staged`) over what a commit carries. Both are proved here on a
 * throwaway repository: a stale twin is refused with its path, a fresh one passes.
 */
import { spawnSync } from 'node:child_process';
import {
    chmodSync,
    copyFileSync,
    mkdirSync,
    mkdtempSync,
    readFileSync,
    rmSync,
    symlinkSync,
    writeFileSync
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { compileLwcSource } from '../scripts/build-lwc';

jest.setTimeout(120_000);

const REPO = join(__dirname, '..');
const CARD = 'force-app/main/default/lwc/card';
const SOURCE_V1 = 'export function greet(name: string): string {\n    return `Hello ${name}`;\n}\n';
const SOURCE_V2 =
    "export function greet(name: string, mark: string = '!'): string {\n    return `Hello ${name}${mark}`;\n}\n";

function run(cwd: string, command: string, args: string[]): { status: number | null; output: string } {
    // Without the caller's GIT_* variables: run from a hook, GIT_DIR or GIT_INDEX_FILE would point
    // these commands at the caller's repository instead of the scratch one.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('GIT_')));
    const result = spawnSync(command, args, {
        cwd,
        encoding: 'utf8',
        env: { ...env, GIT_TERMINAL_PROMPT: '0' }
    });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

/** A repository laid out like this one: the hook, the build script (its own copy), node_modules linked. */
function scratchRepo(): string {
    const dir = mkdtempSync(join(tmpdir(), 'stageplay-twins-'));
    mkdirSync(join(dir, CARD), { recursive: true });
    mkdirSync(join(dir, 'scripts'));
    mkdirSync(join(dir, '.githooks'));
    // A copy, not a link: the script finds its default LWC root from its own folder.
    copyFileSync(join(REPO, 'scripts', 'build-lwc.ts'), join(dir, 'scripts', 'build-lwc.ts'));
    copyFileSync(join(REPO, '.githooks', 'pre-commit'), join(dir, '.githooks', 'pre-commit'));
    chmodSync(join(dir, '.githooks', 'pre-commit'), 0o755);
    symlinkSync(join(REPO, 'node_modules'), join(dir, 'node_modules'));
    writeFileSync(join(dir, '.gitignore'), 'node_modules\n');
    for (const args of [
        ['init', '--quiet'],
        ['config', 'user.email', 'test@example.com'],
        ['config', 'user.name', 'Twin Test'],
        ['config', 'commit.gpgsign', 'false'],
        ['config', 'core.hooksPath', '.githooks']
    ]) {
        expect(run(dir, 'git', args).status).toBe(0);
    }
    return dir;
}

const tsx = (cwd: string, args: string[]) => run(cwd, join(REPO, 'node_modules', '.bin', 'tsx'), args);
const cardTs = (dir: string) => join(dir, CARD, 'card.ts');
const cardJs = (dir: string) => join(dir, CARD, 'card.js');
const compiled = (source: string) => compileLwcSource('card.ts', source);

describe('committed LWC .js twins', () => {
    let dir: string;

    beforeEach(() => {
        dir = scratchRepo();
    });

    afterEach(() => {
        rmSync(dir, { recursive: true, force: true });
    });

    it('--check fails on a stale twin, naming it, and passes once rebuilt', () => {
        writeFileSync(cardTs(dir), SOURCE_V2);
        writeFileSync(cardJs(dir), compiled(SOURCE_V1));
        const stale = tsx(dir, ['scripts/build-lwc.ts', '--check', join(dir, 'force-app/main/default/lwc')]);
        expect(stale.status).toBe(1);
        expect(stale.output).toContain('card.js');

        expect(tsx(dir, ['scripts/build-lwc.ts', join(dir, 'force-app/main/default/lwc')]).status).toBe(0);
        expect(readFileSync(cardJs(dir), 'utf8')).toBe(compiled(SOURCE_V2));
        expect(tsx(dir, ['scripts/build-lwc.ts', '--check']).status).toBe(0);
    });

    it('the pre-commit hook refuses a stale twin, rebuilds it, and lets the commit through once added', () => {
        writeFileSync(cardTs(dir), SOURCE_V1);
        writeFileSync(cardJs(dir), compiled(SOURCE_V1));
        expect(run(dir, 'git', ['add', '-A']).status).toBe(0);
        expect(run(dir, 'git', ['commit', '--quiet', '-m', 'v1']).status).toBe(0);

        // The source changes, the twin does not: the commit stops and says which file and what to do.
        writeFileSync(cardTs(dir), SOURCE_V2);
        expect(run(dir, 'git', ['add', cardTs(dir)]).status).toBe(0);
        const refused = run(dir, 'git', ['commit', '--quiet', '-m', 'v2 without its twin']);
        expect(refused.status).not.toBe(0);
        expect(refused.output).toContain(`${CARD}/card.js`);
        expect(refused.output).toContain('git add');
        expect(run(dir, 'git', ['rev-list', '--count', 'HEAD']).output.trim()).toBe('1');
        expect(readFileSync(cardJs(dir), 'utf8')).toBe(compiled(SOURCE_V2));

        expect(run(dir, 'git', ['add', cardJs(dir)]).status).toBe(0);
        const accepted = run(dir, 'git', ['commit', '--quiet', '-m', 'v2']);
        expect(accepted.output).toBe('');
        expect(accepted.status).toBe(0);
    });

    it('judges what is staged, not the working tree: a .ts staged at one version and edited after is caught', () => {
        writeFileSync(cardTs(dir), SOURCE_V1);
        writeFileSync(cardJs(dir), compiled(SOURCE_V1));
        expect(run(dir, 'git', ['add', '-A']).status).toBe(0);
        writeFileSync(cardTs(dir), SOURCE_V2);
        writeFileSync(cardJs(dir), compiled(SOURCE_V2));
        expect(run(dir, 'git', ['add', cardJs(dir)]).status).toBe(0);
        // Index: .ts v1 with .js v2; the working tree is consistent, the commit would not be.
        const refused = tsx(dir, ['scripts/build-lwc.ts', '--staged']);
        expect(refused.status).toBe(1);
        expect(refused.output).toContain(`${CARD}/card.js`);
    });

    it('lets commits without LWC changes through without compiling anything', () => {
        writeFileSync(join(dir, 'README.md'), 'notes\n');
        expect(run(dir, 'git', ['add', 'README.md']).status).toBe(0);
        const commit = run(dir, 'git', ['commit', '--quiet', '-m', 'notes']);
        expect(commit.output).toBe('');
        expect(commit.status).toBe(0);
    });
});
