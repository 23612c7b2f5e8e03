/**
 * scripts/check-deploy.ts: the payload `sf project deploy start` would send for this repository passes
 * the gate, and a copy broken in each way the gate exists for is caught, naming the file.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleStagesComponentSet } from '../scripts/deploy-sample-stages';
import {
    capturePayload,
    captureDeployPayload,
    checkDeployPayload,
    trackedFieldCounts,
    type DeployProblem
} from '../scripts/check-deploy';

const REPO_ROOT = join(__dirname, '..');
const MAIN = join('force-app', 'main', 'default');

let workDir: string;
let copies = 0;

beforeAll(() => {
    workDir = mkdtempSync(join(tmpdir(), 'stageplay-check-deploy-'));
});

afterAll(() => {
    rmSync(workDir, { recursive: true, force: true });
});

/** A copy of the project as the CLI sees it: sfdx-project.json, .forceignore and force-app. */
function copyProject(): string {
    const dir = join(workDir, `copy-${++copies}`);
    for (const entry of ['sfdx-project.json', '.forceignore', 'force-app']) {
        cpSync(join(REPO_ROOT, entry), join(dir, entry), { recursive: true });
    }
    return dir;
}

function edit(file: string, change: (text: string) => string): void {
    const before = readFileSync(file, 'utf8');
    const after = change(before);
    expect(after).not.toBe(before);
    writeFileSync(file, after);
}

async function problemsOf(dir: string): Promise<DeployProblem[]> {
    return checkDeployPayload(await captureDeployPayload(dir));
}

describe('check-deploy', () => {
    it('passes the payload of this repository: every member has files, nothing forbidden, no limit hit', async () => {
        const payload = await captureDeployPayload(REPO_ROOT);
        expect(checkDeployPayload(payload)).toEqual([]);
        // Members as package.xml lists them: each type with its member names.
        const byType = (type: string) => payload.members.filter((m) => m.type === type).map((m) => m.name);
        expect(byType('ApexClass')).toEqual(
            expect.arrayContaining(['DealHealthController', 'AccountHealthController'])
        );
        expect(byType('LightningComponentBundle')).toEqual(
            expect.arrayContaining(['dealHealth', 'accountHealth'])
        );
        expect(byType('FlexiPage')).toContain('Account_Record_Page_Stageplay');
        expect(byType('CustomField')).toContain('Account.Stageplay_ERP_Customer_Id__c');
        expect(byType('PermissionSet')).toContain('Stageplay_Rep');
        expect(byType('CustomTab')).toContain('Stageplay_Benchmark__c');
        expect(payload.members.map((member) => member.type)).not.toContain('StandardValueSet');
        expect(payload.files.has('lwc/dealHealth/dealHealth.js')).toBe(true);
        expect(trackedFieldCounts(payload).get('Opportunity')).toBeLessThanOrEqual(20);
    }, 60_000);

    it('catches an empty bundle named in package.xml (the lwc/types folder of declaration files)', async () => {
        const dir = copyProject();
        edit(join(dir, '.forceignore'), (text) => text.replace(/^\*\*\/lwc\/types$/m, ''));
        const problems = await problemsOf(dir);
        expect(problems).toEqual([
            expect.objectContaining({
                check: 'missing-files',
                message: expect.stringMatching(/^LightningComponentBundle types is named in package\.xml/)
            })
        ]);
    }, 60_000);

    it('catches a 256-character permission set description', async () => {
        const dir = copyProject();
        edit(join(dir, MAIN, 'permissionsets', 'Stageplay_Rep.permissionset-meta.xml'), (text) =>
            text.replace(
                /<description\s*>[^<]*<\/description>/,
                `<description>${'x'.repeat(256)}</description>`
            )
        );
        expect(await problemsOf(dir)).toEqual([
            {
                file: 'permissionsets/Stageplay_Rep.permissionset',
                check: 'limit',
                message: 'description is 256 characters; at most 255 (MDAPI PermissionSet.description)'
            }
        ]);
    }, 60_000);

    it('catches TypeScript sources and tests that slip past .forceignore', async () => {
        const dir = copyProject();
        edit(join(dir, '.forceignore'), (text) =>
            text.replace(/^\*\*\/\*\.ts$/m, '').replace(/^\*\*\/__tests__\/\*\*$/m, '')
        );
        const problems = await problemsOf(dir);
        expect(problems).toEqual(
            expect.arrayContaining([
                expect.objectContaining({ file: 'lwc/dealHealth/dealHealth.ts', check: 'forbidden' }),
                expect.objectContaining({
                    file: expect.stringMatching(/^lwc\/dealHealth\/__tests__\//),
                    check: 'forbidden'
                })
            ])
        );
    }, 60_000);

    it('catches the opt-in sample stages in the default deploy', async () => {
        const dir = copyProject();
        edit(join(dir, '.forceignore'), (text) =>
            text.replace(/^\*\*\/standardValueSets\/OpportunityStage\.standardValueSet-meta\.xml$/m, '')
        );
        expect(await problemsOf(dir)).toEqual([
            expect.objectContaining({
                file: 'standardValueSets/OpportunityStage.standardValueSet',
                check: 'forbidden',
                message: expect.stringContaining('opt-in')
            })
        ]);
    }, 60_000);

    it('catches more than 20 history-tracked fields, missing required elements and an over-long label', async () => {
        const dir = copyProject();
        const fields = join(dir, MAIN, 'objects', 'Opportunity', 'fields');
        const template = readFileSync(join(fields, 'Budget_Confirmed__c.field-meta.xml'), 'utf8');
        for (let i = 1; i <= 12; i++) {
            writeFileSync(
                join(fields, `Tracked_${i}__c.field-meta.xml`),
                template
                    .replace(/Budget_Confirmed__c/, `Tracked_${i}__c`)
                    .replace(/<trackHistory>false<\/trackHistory>/, '<trackHistory>true</trackHistory>')
            );
        }
        edit(join(fields, 'Tracked_1__c.field-meta.xml'), (text) =>
            text.replace(/<label>[^<]*<\/label>/, '')
        );
        edit(join(fields, 'Tracked_2__c.field-meta.xml'), (text) =>
            text.replace(/<label>[^<]*<\/label>/, `<label>${'L'.repeat(41)}</label>`)
        );
        edit(join(dir, MAIN, 'classes', 'DealHealthController.cls-meta.xml'), (text) =>
            text.replace(/<apiVersion>[^<]*<\/apiVersion>/, '')
        );
        const problems = await problemsOf(dir);
        expect(problems).toEqual(
            expect.arrayContaining([
                {
                    file: 'classes/DealHealthController.cls-meta.xml',
                    check: 'required',
                    message: '<apiVersion> is required (MDAPI ApexClass)'
                },
                {
                    file: 'objects/Opportunity.object',
                    check: 'limit',
                    message: expect.stringMatching(
                        /^Opportunity: 21 fields track history; an object allows at most 20/
                    )
                },
                {
                    file: 'objects/Opportunity.object',
                    check: 'required',
                    message: 'Opportunity.Tracked_1__c: <label> is required (MDAPI CustomField)'
                },
                {
                    file: 'objects/Opportunity.object',
                    check: 'limit',
                    message: 'fields.label is 41 characters; at most 40 (MDAPI CustomField.label)'
                }
            ])
        );
        expect(problems).toHaveLength(4);
    }, 60_000);

    it('leaves the stages to the opt-in command, whose payload is the OpportunityStage value set and nothing else', async () => {
        const payload = await capturePayload(sampleStagesComponentSet(), '64.0', 'sample stages');
        expect(payload.members).toEqual([{ type: 'StandardValueSet', name: 'OpportunityStage' }]);
        expect([...payload.files.keys()].sort()).toEqual([
            'package.xml',
            'standardValueSets/OpportunityStage.standardValueSet'
        ]);
        const stages = payload.files
            .get('standardValueSets/OpportunityStage.standardValueSet')!
            .toString('utf8');
        expect(stages).toContain('<fullName>Negotiate and Close</fullName>');
    }, 60_000);
});
