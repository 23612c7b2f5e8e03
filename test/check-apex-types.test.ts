/**
 * scripts/check-apex-types.ts: apex-ls finds no issue in the shipped Apex, and in a copy of the project
 * it catches what a parse cannot — a field the object does not have and a method the platform class
 * does not have — naming file and line.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkApexTypes, findJava21 } from '../scripts/check-apex-types';

const REPO_ROOT = join(__dirname, '..');

let workDir: string;
let java: string;

beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'stageplay-apex-types-'));
    java = findJava21();
});

afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
});

describe('check-apex-types (apex-ls)', () => {
    it('reports no issue in the shipped Apex', () => {
        expect(checkApexTypes(REPO_ROOT, java)).toEqual([]);
    }, 120_000);

    it('catches an unknown field and an unknown method injected into a copy', () => {
        for (const entry of ['sfdx-project.json', '.forceignore', 'force-app']) {
            cpSync(join(REPO_ROOT, entry), join(workDir, entry), { recursive: true });
        }
        const controller = join(
            workDir,
            'force-app',
            'main',
            'default',
            'classes',
            'DealHealthController.cls'
        );
        const source = readFileSync(controller, 'utf8');
        const lines = source.split('\n');
        const at = lines.findIndex((line) => line.includes('row.damping = b.Damping__c;'));
        expect(at).toBeGreaterThan(0);
        lines[at] = lines[at].replace('b.Damping__c', 'b.Dampening__c');
        lines.splice(at + 1, 0, '            row.kind = row.kind.toTitleCase();');
        writeFileSync(controller, lines.join('\n'));

        const issues = checkApexTypes(workDir, java);
        expect(issues).toEqual([
            expect.objectContaining({
                file: join('force-app', 'main', 'default', 'classes', 'DealHealthController.cls'),
                line: at + 1,
                message: "Unknown field 'Dampening__c' on SObject 'Schema.Stageplay_Benchmark__c'"
            }),
            expect.objectContaining({
                line: at + 2,
                message: expect.stringMatching(
                    /No matching method found for 'toTitleCase' on 'System.String'/
                )
            })
        ]);
    }, 120_000);
});
