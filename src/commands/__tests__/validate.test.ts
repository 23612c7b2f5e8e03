/**
 * `stageplay validate` as a user and a CI job see it: what it prints, in both modes, and its exit code.
 */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { CliContext } from '../../cli/run';
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
            'The sales process in force-app/main/default is valid: 6 stages (4 open), 8 plays, 15 parameters.'
        );
        expect(result.stdout).toMatch(/Solution\/Presentation\s+50%\s+Best Case\s+2\s+3\s+2/);
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
            sourceDir: 'force-app/main/default',
            stages: 6,
            plays: 8,
            parameters: 15,
            issues: []
        });
    });

    it('treats a missing folder as a usage error (exit 2)', async () => {
        const result = await run(['--source-dir', join(dir, 'nope')]);
        expect(result.exitCode).toBe(2);
        expect(result.stderr).toMatch(/--source-dir .*nope: no such folder/);
    });
});
