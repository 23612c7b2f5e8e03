/**
 * scripts/check-lwc-compile.ts runs the platform LWC compiler over every bundle as an org receives it.
 * Proves both directions: the shipped bundles compile clean, and a broken bundle is caught with its
 * name and line, so a green run means something.
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deployedFiles, lwcBundles, type BundleCheck } from '../scripts/check-lwc-compile';

jest.setTimeout(120_000);

const REPO = join(__dirname, '..');
const TSX = join(REPO, 'node_modules', '.bin', 'tsx');

/** Runs the check as CI does, as a program: the platform compiler is ESM-only and Jest cannot load it. */
function checkLwcCompile(root?: string): { status: number | null; results: BundleCheck[] } {
    const args = ['scripts/check-lwc-compile.ts', '--json', ...(root ? [root] : [])];
    const run = spawnSync(TSX, args, { cwd: REPO, encoding: 'utf8' });
    if (!run.stdout.trim()) throw new Error(`check-lwc-compile printed nothing: ${run.stderr}`);
    return { status: run.status, results: JSON.parse(run.stdout) as BundleCheck[] };
}

describe('check-lwc-compile', () => {
    it('compiles every shipped bundle without errors', async () => {
        const { status, results } = checkLwcCompile();
        expect(status).toBe(0);
        expect(results.map((r) => r.bundle)).toEqual(expect.arrayContaining(['dealHealth', 'stageplayCore']));
        expect(results.flatMap((r) => r.errors)).toEqual([]);
    });

    it('sends only what an org receives: no TypeScript, no tests, no type declarations', () => {
        const root = join(__dirname, '..', 'force-app', 'main', 'default', 'lwc');
        expect(lwcBundles(root)).not.toContain('types');
        const files = Object.keys(deployedFiles(join(root, 'dealHealth')));
        expect(files).toEqual(expect.arrayContaining(['dealHealth.js', 'dealHealth.html', 'healthView.js']));
        expect(files.filter((f) => f.endsWith('.ts') || f.includes('__tests__'))).toEqual([]);
    });

    describe('with a broken bundle', () => {
        let root: string;

        beforeAll(async () => {
            root = await mkdtemp(join(tmpdir(), 'stageplay-lwc-'));
            await mkdir(join(root, 'brokenCard'));
            await writeFile(
                join(root, 'brokenCard', 'brokenCard.js'),
                "import { LightningElement, api } from 'lwc';\nexport default class BrokenCard extends LightningElement {\n    @api @api heading;\n}\n"
            );
            await writeFile(
                join(root, 'brokenCard', 'brokenCard.html'),
                '<template><p>{heading}</p></template>\n'
            );
        });

        afterAll(async () => {
            await rm(root, { recursive: true, force: true });
        });

        it('reports the error with the bundle, file and line', async () => {
            const { status, results } = checkLwcCompile(root);
            expect(status).toBe(1);
            const [result] = results;
            expect(result.bundle).toBe('brokenCard');
            expect(result.errors).toHaveLength(1);
            expect(result.errors[0]).toMatch(
                /^brokenCard\/brokenCard\.js:3:\d+: .*Duplicate @api property "heading"/
            );
        });
    });
});
