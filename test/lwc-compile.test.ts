/**
 * scripts/check-lwc-compile.ts runs the platform LWC compiler over every bundle as an org receives it.
 * Proves both directions: the shipped bundles compile clean, and a broken bundle is caught with its
 * name and line, so a green run means something.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkLwcCompile, deployedFiles, lwcBundles } from '../scripts/check-lwc-compile';

jest.setTimeout(120_000);

describe('check-lwc-compile', () => {
    it('compiles every shipped bundle without errors', async () => {
        const results = await checkLwcCompile();
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
            const [result] = await checkLwcCompile(root);
            expect(result.bundle).toBe('brokenCard');
            expect(result.errors).toHaveLength(1);
            expect(result.errors[0]).toMatch(
                /^brokenCard\/brokenCard\.js:3:\d+: .*Duplicate @api property "heading"/
            );
        });
    });
});
