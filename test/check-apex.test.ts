/**
 * scripts/check-apex.ts, run as the CLI it is (Prettier 3 loads plugins through dynamic import, which Jest's
 * module sandbox does not allow): the shipped classes pass, and each check catches what it is there for —
 * a copy of the controller with SOQL in a loop, a syntax error, an unformatted class — naming file and line.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ApexCheckReport } from '../scripts/check-apex';

const REPO_ROOT = join(__dirname, '..');
const CLASSES = join(REPO_ROOT, 'force-app', 'main', 'default', 'classes');
const TSX = join(REPO_ROOT, 'node_modules', '.bin', 'tsx');

const LOOP_METHOD = [
    '',
    '    public static Integer countStagesOneByOne(List<String> names) {',
    '        Integer found = 0;',
    '        for (String name : names) {',
    '            found += [SELECT COUNT() FROM OpportunityStage WHERE ApiName = :name WITH USER_MODE];',
    '        }',
    '        return found;',
    '    }'
];

let workDir: string;

beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'stageplay-check-apex-'));
});

afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
});

describe('check-apex', () => {
    it('passes the shipped classes and names file and line of each bad class', () => {
        const shipped = join(workDir, 'shipped');
        cpSync(CLASSES, join(shipped, 'classes'), { recursive: true });
        const badClasses = join(workDir, 'bad', 'classes');
        mkdirSync(badClasses, { recursive: true });

        // A copy of the real controller with one more method that queries once per loop iteration.
        const lines = readFileSync(join(CLASSES, 'DealHealthController.cls'), 'utf8')
            .replace(/\bDealHealthController\b/g, 'DealHealthControllerLoopy')
            .trimEnd()
            .split('\n');
        const closing = lines.lastIndexOf('}');
        expect(closing).toBeGreaterThan(0);
        const loopFile = join(badClasses, 'DealHealthControllerLoopy.cls');
        writeFileSync(
            loopFile,
            [...lines.slice(0, closing), ...LOOP_METHOD, ...lines.slice(closing)].join('\n') + '\n'
        );
        const soqlLine = closing + LOOP_METHOD.findIndex((line) => line.includes('SELECT')) + 1;

        const brokenFile = join(badClasses, 'Broken.cls');
        writeFileSync(brokenFile, 'public with sharing class Broken {\n    public void go( {\n    }\n}\n');
        const uglyFile = join(badClasses, 'Ugly.cls');
        writeFileSync(uglyFile, 'public with sharing class Ugly{public static Integer one(){return 1;}}\n');

        const run = spawnSync(TSX, ['scripts/check-apex.ts', '--json', shipped, join(workDir, 'bad')], {
            cwd: REPO_ROOT,
            encoding: 'utf8'
        });
        expect(run.stderr).not.toMatch(/check-apex: /);
        expect(run.status).toBe(1);
        const report = JSON.parse(run.stdout) as ApexCheckReport;

        const shippedCount = readdirSync(CLASSES).filter((name) => name.endsWith('.cls')).length;
        expect(report.files).toHaveLength(shippedCount + 3);
        expect(report.files).toEqual(expect.arrayContaining([loopFile, brokenFile, uglyFile]));
        const bad = new Set([loopFile, brokenFile, uglyFile]);
        expect(report.findings.filter((finding) => !bad.has(finding.file))).toEqual([]);

        expect(report.findings.filter((f) => f.check === 'pmd:OperationWithLimitsInLoop')).toEqual([
            expect.objectContaining({ file: loopFile, line: soqlLine })
        ]);
        expect(
            report.findings.filter((f) => f.file === loopFile && f.check !== 'pmd:OperationWithLimitsInLoop')
        ).toEqual([]);
        expect(report.findings).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ file: brokenFile, line: 2, check: 'syntax' }),
                expect.objectContaining({ file: uglyFile, check: 'format' })
            ])
        );
    }, 120_000);
});
