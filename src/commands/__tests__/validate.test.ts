/**
 * `stageplay validate` as a user and a CI job see it: what it prints, in both modes, and its exit code.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CliContext } from '../../cli/run';
import { shippedProcessDir } from '../../packageRoot';
import { validateCommand } from '../validate';

class Capture extends Writable {
    text = '';
    override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
        this.text += chunk.toString();
        done();
    }
}

interface Run {
    stdout: string;
    stderr: string;
    exitCode: number;
}

async function run(args: string[]): Promise<Run> {
    const stdout = new Capture();
    const stderr = new Capture();
    let exitCode = 0;
    const context: CliContext = {
        streams: { stdout, stderr },
        setExitCode: (code) => {
            exitCode = code;
        }
    };
    await validateCommand(context).exitOverride().parseAsync(args, { from: 'user' });
    return { stdout: stdout.text, stderr: stderr.text, exitCode };
}

describe('stageplay validate', () => {
    let dir: string;

    beforeAll(async () => {
        dir = await mkdtemp(join(tmpdir(), 'stageplay-validate-cli-'));
        for (const folder of ['customMetadata', 'objects', 'standardValueSets']) {
            await cp(join('force-app/main/default', folder), join(dir, folder), { recursive: true });
        }
        const file = join(dir, 'customMetadata', 'Play_Parameter.Budget_Confirmed.md-meta.xml');
        const text = await readFile(file, 'utf8');
        await writeFile(file, text.replace('>Budget_Confirmed__c<', '>Budget_Approved__c<'));
    });

    afterAll(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    it('checks the shipped process by default and summarises it per stage', async () => {
        const result = await run([]);
        expect(result.exitCode).toBe(0);
        expect(result.stderr).toBe('');
        expect(result.stdout).toContain(
            `The sales process in the sample process shipped with Stageplay (${shippedProcessDir()}) is valid: ` +
                '6 stages (4 open), 8 plays, 15 parameters, 4 goals.'
        );
        expect(result.stdout).toMatch(/Solution\/Presentation\s+50%\s+Best Case\s+2\s+3\s+2\s+Propose/);
    });

    it('lists each issue as file: record: field: message and exits 1', async () => {
        const result = await run(['--source-dir', dir]);
        expect(result.exitCode).toBe(1);
        const file = join(dir, 'customMetadata', 'Play_Parameter.Budget_Confirmed.md-meta.xml');
        expect(result.stdout.split('\n')[0]).toBe(
            `${file}: Play_Parameter.Budget_Confirmed: Field__c: Opportunity field "Budget_Approved__c" does not exist in the source folder ` +
                '(expected objects/Opportunity/fields/Budget_Approved__c.field-meta.xml or a standard Opportunity field)'
        );
        expect(result.stderr).toBe(`stageplay: 1 problem in the sales process in ${dir}.\n`);
    });

    it('prints one JSON object with every issue under --json', async () => {
        const result = await run(['--source-dir', dir, '--json']);
        expect(result.exitCode).toBe(1);
        const output = JSON.parse(result.stdout);
        expect(output.status).toBe('error');
        expect(output.error.exitCode).toBe(1);
        expect(output.error.details.issues).toEqual([
            {
                file: join(dir, 'customMetadata', 'Play_Parameter.Budget_Confirmed.md-meta.xml'),
                record: 'Play_Parameter.Budget_Confirmed',
                field: 'Field__c',
                message: expect.stringContaining('"Budget_Approved__c" does not exist')
            }
        ]);
    });

    it('prints counts under --json when the process is valid', async () => {
        const result = await run(['--json']);
        expect(result.exitCode).toBe(0);
        expect(JSON.parse(result.stdout)).toEqual({
            status: 'ok',
            command: 'validate',
            sourceDir: shippedProcessDir(),
            stages: 6,
            plays: 8,
            parameters: 15,
            goals: 4,
            issues: []
        });
    });

    describe('files in customMetadata/ that are not named as a record of a known type', () => {
        let broken: string;
        const misnamed = [
            [
                'Play_Parameter__mdt.Budget_Owner.md-meta.xml',
                'names its type without __mdt: rename it to Play_Parameter.Budget_Owner.md-meta.xml'
            ],
            [
                'Play_Parametr.Budget_Owner.md-meta.xml',
                '"Play_Parametr" is not a Stageplay custom metadata type'
            ],
            [
                'play_parameter.Budget_Owner.md-meta.xml',
                'rename the file to Play_Parameter.Budget_Owner.md-meta.xml'
            ],
            ['Play_Parameter.Budget_Owner.xml', 'expected <Type>.<RecordName>.md-meta.xml'],
            ['Play_Parameter.Budget_Owner.md-meta.xml.bak', 'expected <Type>.<RecordName>.md-meta.xml']
        ];

        beforeAll(async () => {
            broken = await mkdtemp(join(tmpdir(), 'stageplay-validate-names-'));
            for (const folder of ['customMetadata', 'objects', 'standardValueSets']) {
                await cp(join(shippedProcessDir(), folder), join(broken, folder), { recursive: true });
            }
            const record = await readFile(
                join(broken, 'customMetadata', 'Play_Parameter.Budget_Confirmed.md-meta.xml'),
                'utf8'
            );
            for (const [name] of misnamed) await writeFile(join(broken, 'customMetadata', name), record);
            // A type the folder itself defines is not ours to judge: its records are fine.
            await cp(join(broken, 'objects', 'Stage_Play__mdt'), join(broken, 'objects', 'Sales_Goal__mdt'), {
                recursive: true
            });
            await writeFile(join(broken, 'customMetadata', 'Sales_Goal.Close.md-meta.xml'), record);
        });

        afterAll(async () => {
            await rm(broken, { recursive: true, force: true });
        });

        it('fails naming each misnamed file and what to do, and accepts types the folder defines', async () => {
            const result = await run(['--source-dir', broken, '--json']);
            expect(result.exitCode).toBe(1);
            const issues: Array<{ file: string; message: string }> = JSON.parse(result.stdout).error.details
                .issues;
            expect(issues).toHaveLength(misnamed.length);
            for (const [name, message] of misnamed) {
                expect(issues).toContainEqual(
                    expect.objectContaining({
                        file: join(broken, 'customMetadata', name),
                        message: expect.stringContaining(message)
                    })
                );
            }
        });
    });

    it.each([['1e308'], ['100000'], ['0.001'], ['-2']])(
        'rejects a parameter weight of %s',
        async (weight) => {
            const weird = await mkdtemp(join(tmpdir(), 'stageplay-validate-weight-'));
            try {
                for (const folder of ['customMetadata', 'objects', 'standardValueSets']) {
                    await cp(join(shippedProcessDir(), folder), join(weird, folder), { recursive: true });
                }
                const file = join(weird, 'customMetadata', 'Play_Parameter.Compelling_Driver.md-meta.xml');
                const text = await readFile(file, 'utf8');
                const changed = text.replace(
                    /(<field>Weight__c<\/field>\s*<value[^>]*>)[^<]*(<\/value>)/,
                    `$1${weight}$2`
                );
                expect(changed).not.toBe(text);
                await writeFile(file, changed);
                const result = await run(['--source-dir', weird]);
                expect(result.exitCode).toBe(1);
                expect(result.stdout).toContain(
                    `${file}: Play_Parameter.Compelling_Driver: Weight__c: weight ${Number(weight)}`
                );
            } finally {
                await rm(weird, { recursive: true, force: true });
            }
        }
    );

    it('treats a missing folder as a usage error (exit 2)', async () => {
        const result = await run(['--source-dir', join(dir, 'nope')]);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toMatch(/--source-dir .*nope: no such folder/);
    });
});
