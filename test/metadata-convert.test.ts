/**
 * The metadata converts with the real Salesforce CLI (`sf project convert source`), the same
 * resolver `sf project deploy start` uses: a file it cannot place, or a type it does not know, fails
 * here rather than in an org. HOME is a throwaway folder so the run neither reads nor writes the
 * user's sf config or logins.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const SF = resolve('node_modules', '.bin', 'sf');

let home: string;
let output: string;
let packageXml: string;

/** Members of one metadata type in the generated package.xml. */
function membersOf(type: string): string[] {
    const block = new RegExp(`<types>((?:(?!</types>)[\\s\\S])*?<name>${type}</name>)\\s*</types>`).exec(
        packageXml
    );
    if (!block) return [];
    return [...block[1].matchAll(/<members>([^<]+)<\/members>/g)].map((match) => match[1]);
}

beforeAll(async () => {
    home = await mkdtemp(join(tmpdir(), 'stageplay-sf-home-'));
    output = join(home, 'mdapi');
    const result = await run(
        SF,
        ['project', 'convert', 'source', '--root-dir', 'force-app', '--output-dir', output, '--json'],
        {
            env: {
                ...process.env,
                HOME: home,
                SF_DISABLE_TELEMETRY: 'true',
                SF_AUTOUPDATE_DISABLE: 'true',
                SF_USE_PROGRESS_BAR: 'false'
            },
            maxBuffer: 16 * 1024 * 1024
        }
    );
    const json = JSON.parse(result.stdout.slice(result.stdout.indexOf('{')));
    expect(json.status).toBe(0);
    packageXml = await readFile(join(output, 'package.xml'), 'utf8');
}, 180_000);

afterAll(async () => {
    await rm(home, { recursive: true, force: true });
});

describe('sf project convert source', () => {
    it('places the objects, fields, records, tabs, permission sets and layouts, and never the stages', () => {
        expect(membersOf('CustomObject')).toEqual(
            expect.arrayContaining([
                'Stage_Play__mdt',
                'Play_Parameter__mdt',
                'Stageplay_Benchmark__c',
                'Stageplay_Forecast_Snapshot__c',
                'Stageplay_Quota__c'
            ])
        );
        expect(membersOf('CustomField')).toEqual(
            expect.arrayContaining([
                'Play_Parameter__mdt.Play__c',
                'Play_Parameter__mdt.Rule__c',
                'Stage_Play__mdt.Stage__c',
                'Opportunity.Elevator_Pitch_Reception__c',
                'Opportunity.Organization_Size_Meters__c',
                'Opportunity.Stageplay_External_Id__c',
                'Account.Stageplay_External_Id__c',
                'Stageplay_Benchmark__c.Benchmark_Key__c',
                'Stageplay_Benchmark__c.Payload__c',
                'Stageplay_Forecast_Snapshot__c.Snapshot_Key__c',
                'Stageplay_Quota__c.Quota_Key__c',
                'Stageplay_Quota__c.Rep__c'
            ])
        );
        const records = membersOf('CustomMetadata');
        expect(records).toEqual(
            expect.arrayContaining(['Stage_Play.Account_Research', 'Play_Parameter.Elevator_Pitch_Reception'])
        );
        expect(records.filter((name) => name.startsWith('Stage_Play.'))).toHaveLength(8);
        expect(records.filter((name) => name.startsWith('Play_Parameter.'))).toHaveLength(15);
        // Opt-in only (README): a default deploy must never replace an org's stages.
        expect(membersOf('StandardValueSet')).toEqual([]);
        expect(membersOf('LightningComponentBundle')).not.toContain('types');
        expect(membersOf('CustomTab')).toEqual(
            expect.arrayContaining([
                'Stageplay_Benchmark__c',
                'Stageplay_Forecast_Snapshot__c',
                'Stageplay_Quota__c'
            ])
        );
        expect(membersOf('PermissionSet')).toEqual(
            expect.arrayContaining(['Stageplay_Ops', 'Stageplay_Rep'])
        );
        expect(membersOf('Layout')).toEqual(
            expect.arrayContaining([
                'Stage_Play__mdt-Stage Play Layout',
                'Play_Parameter__mdt-Play Parameter Layout',
                'Stageplay_Benchmark__c-Stageplay Benchmark Layout',
                'Stageplay_Forecast_Snapshot__c-Stageplay Forecast Snapshot Layout',
                'Stageplay_Quota__c-Stageplay Quota Layout'
            ])
        );
        expect(membersOf('ListView')).toEqual(
            expect.arrayContaining(['Stageplay_Benchmark__c.All', 'Stageplay_Forecast_Snapshot__c.All'])
        );
    });

    it('keeps TypeScript sources and tests out of the package', async () => {
        const { stdout } = await run('find', [output, '-name', '*.ts', '-o', '-name', '__tests__']);
        expect(stdout.trim()).toBe('');
    });

    it('tracks history only on the capture fields a deal must fill to leave its stage', async () => {
        const object = await readFile(join(output, 'objects', 'Opportunity.object'), 'utf8');
        const fields = [...object.matchAll(/<fields>([\s\S]*?)<\/fields>/g)].map((match) => match[1]);
        const tracked = fields
            .filter((field) => field.includes('<trackHistory>true</trackHistory>'))
            .map((field) => /<fullName>([^<]+)<\/fullName>/.exec(field)![1])
            .sort();
        const records = join(output, 'customMetadata');
        const required: string[] = [];
        for (const name of membersOf('CustomMetadata').filter((n) => n.startsWith('Play_Parameter.'))) {
            const xml = (await readFile(join(records, `${name}.md`), 'utf8')).replace(/\s+/g, ' ');
            const requiredValue = /Required_To_Advance__c<\/field> <value[^>]*>(\w+)</.exec(xml)![1];
            const field = /Field__c<\/field> <value[^>]*>(\w+)</.exec(xml)![1];
            if (requiredValue === 'true') required.push(field);
        }
        expect(tracked).toEqual(required.sort());
        expect(tracked.length).toBeLessThanOrEqual(9);
    });
});
