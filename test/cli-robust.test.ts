/**
 * The built CLI as a user meets it outside the repository: run from a stranger's folder, stopped
 * with Ctrl-C or `kill`, pointed at a folder it cannot write, given absurd numbers. Nothing here
 * depends on how fast the machine is: signals go out once the run has visibly started, and the
 * bounds on how long stopping may take are generous.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stageplay.js');
const SHIPPED = path.join(ROOT, 'force-app', 'main', 'default');

jest.setTimeout(240_000);

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-robust-'));
/** A user's folder with nothing of Stageplay's in it: the CLI must not need the repository as cwd. */
const elsewhere = path.join(work, 'elsewhere');
fs.mkdirSync(elsewhere);
const home = path.join(work, 'home');
fs.mkdirSync(home);

function env(): NodeJS.ProcessEnv {
    const e: NodeJS.ProcessEnv = { ...process.env, HOME: home, SF_DISABLE_TELEMETRY: 'true' };
    for (const key of ['SF_ACCESS_TOKEN', 'SF_INSTANCE_URL', 'SF_TARGET_ORG']) delete e[key];
    return e;
}

function cli(args: string[], cwd = elsewhere) {
    const r = spawnSync('node', [BIN, ...args], { cwd, env: env(), encoding: 'utf8' });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
    try {
        execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe' });
    } catch {
        // Type errors are the typecheck step's business; the emitted JS is what runs.
    }
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('stageplay from any folder', () => {
    const data = path.join(work, 'export');

    it('validates the sample process shipped with the package, and says that is what it checked', () => {
        const r = cli(['validate']);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain(
            `The sales process in the sample process shipped with Stageplay (${SHIPPED}) is valid`
        );
    });

    it('seeds and reconciles a Data Export with the shipped process, ignoring a force-app/ in the current folder', () => {
        // A stray, broken SFDX folder where the user happens to stand: it is not the process unless named.
        const stray = path.join(elsewhere, 'force-app', 'main', 'default', 'customMetadata');
        fs.mkdirSync(stray, { recursive: true });
        fs.writeFileSync(path.join(stray, 'Play_Parameter.Broken.md-meta.xml'), '<not xml');

        const seeded = cli(['seed', '--data', data, '--deals', '60', '--today', '2026-06-30']);
        expect(seeded.stderr).toBe('');
        expect(seeded.code).toBe(0);
        expect(seeded.stdout).toContain('Reading the process from the sample process shipped with Stageplay');
        expect(fs.existsSync(path.join(data, 'Opportunity.csv'))).toBe(true);

        const reconciled = cli(['reconcile', '--data', data, '--as-of', '2026-06-30', '--dry-run']);
        expect(reconciled.code).toBe(0);
        expect(reconciled.stdout).toContain(
            `Reading the process from the sample process shipped with Stageplay (${SHIPPED})`
        );

        // Named explicitly, the same broken folder is used, and fails with its file named.
        const own = cli([
            'reconcile',
            '--data',
            data,
            '--as-of',
            '2026-06-30',
            '--dry-run',
            '--source-dir',
            'force-app/main/default'
        ]);
        expect(own.code).toBe(1);
        expect(own.stderr).toContain(path.join(elsewhere, 'force-app', 'main', 'default'));
    });

    it('prints its version from package.json', () => {
        const { version } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
            version: string;
        };
        const r = cli(['--version']);
        expect(r.code).toBe(0);
        expect(r.stdout.trim()).toBe(version);
    });

    it('documents the signal exit codes in --help', () => {
        const r = cli(['--help']);
        expect(r.code).toBe(0);
        expect(r.stdout).toContain('130  interrupted by Ctrl-C (SIGINT)');
        expect(r.stdout).toContain('143  stopped by SIGTERM');
        expect(r.stdout).toContain('default: the sample process shipped with');
    });

    it.each([
        ['--as-of', '1990-01-01', 'is before the first opportunity was created'],
        ['--as-of', '2099-01-01', 'days after the last recorded activity']
    ])('refuses %s %s far from the data (exit 2), naming the span', (flag, value, message) => {
        const r = cli(['reconcile', '--data', data, flag, value, '--dry-run']);
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(message);
        expect(r.stderr).toMatch(/runs from \d{4}-\d{2}-\d{2} to 2026-06-\d{2}/);
    });
});

describe('absurd numbers are usage errors (exit 2) naming the accepted range', () => {
    it.each([
        [['seed', '--deals', '1e12']],
        [['seed', '--deals', '1000000000000']],
        [['seed', '--deals', '-5']],
        [['seed', '--deals', '2.5']],
        [['seed', '--deals', '0']],
        [['seed', '--seed', '99999999999999999999']],
        [['demo', '--deals', 'Infinity']],
        [['reconcile', '--past-periods', '1e3']],
        [['reconcile', '--untouched-days', '-1']]
    ])('%j', (args) => {
        const r = cli([...args, '--data', path.join(work, 'never-written'), '--dry-run']);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(/expected a whole number from [\d,]+ to [\d,]+, got/);
        expect(fs.existsSync(path.join(work, 'never-written'))).toBe(false);
    });
});

describe('output folders are checked before the work starts', () => {
    const data = path.join(work, 'export-out');
    /** `reconcile` of the seeded folder into `out`, with `extra` flags. */
    const reconcileArgs = (out: string, ...extra: string[]) => [
        'reconcile',
        '--data',
        data,
        '--as-of',
        '2026-06-30',
        '--out',
        out,
        ...extra
    ];
    beforeAll(() => {
        expect(cli(['seed', '--data', data, '--deals', '30', '--today', '2026-06-30']).code).toBe(0);
    });

    it('an --out below a file fails at once with exit 2, naming the file', () => {
        const file = path.join(work, 'a-file');
        fs.writeFileSync(file, '');
        const r = cli(reconcileArgs(path.join(file, 'out')));
        expect(r.code).toBe(2);
        expect(r.stderr).toContain(`${file} is a file, so the folder cannot be created there`);
    });

    // /proc refuses new folders with ENOENT, which made Node's recursive mkdir spin forever.
    (fs.existsSync('/proc/self') ? it : it.skip)(
        'an --out the file system cannot create (/proc/x) fails, never hangs',
        () => {
            const r = spawnSync('node', [BIN, ...reconcileArgs('/proc/stageplay-x', '--json')], {
                cwd: elsewhere,
                env: env(),
                encoding: 'utf8',
                // Only a safety net so that a regression fails instead of hanging the suite.
                timeout: 120_000,
                killSignal: 'SIGKILL'
            });
            expect(r.signal).toBeNull();
            expect(r.status).toBe(2);
            expect(JSON.parse(r.stdout).error.message).toContain(
                'cannot create the folder /proc/stageplay-x'
            );
        }
    );

    it('--dry-run leaves no folder behind after the check', () => {
        const out = path.join(work, 'dry', 'nested');
        const r = cli(reconcileArgs(out, '--dry-run'));
        expect(r.code).toBe(0);
        expect(fs.existsSync(path.join(work, 'dry'))).toBe(false);
    });
});

describe('a long run stops promptly on a signal', () => {
    it.each([
        ['SIGTERM', 143, 'stopped by SIGTERM'],
        ['SIGINT', 130, 'interrupted (Ctrl-C)']
    ] as const)('%s ends seed --data of millions of deals with exit %d', async (signal, code, message) => {
        const target = path.join(work, `huge-${signal}`);
        const child = spawn(
            'node',
            [BIN, 'seed', '--data', target, '--deals', '5000000', '--today', '2026-06-30'],
            {
                cwd: elsewhere,
                env: env()
            }
        );
        let stdout = '';
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
        const exited = once(child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
        // Wait until the generation is visibly under way: the step line, then deals on disk.
        await new Promise<void>((resolve, reject) => {
            child.stdout.on('data', (chunk: Buffer) => {
                stdout += chunk.toString();
                if (stdout.includes('Generating 5000000 deals')) resolve();
            });
            void exited.then(() => reject(new Error(`exited before starting: ${stdout}${stderr}`)));
        });
        const opportunities = path.join(target, 'Opportunity.csv');
        while (!fs.existsSync(opportunities) || fs.statSync(opportunities).size < 100_000) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        expect(child.exitCode).toBeNull();
        child.kill(signal);
        // Generous: a busy machine still answers a signal within seconds; a hang never does.
        const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
        const [exitCode, killedBy] = await exited;
        clearTimeout(timer);
        expect(killedBy).toBeNull();
        expect(exitCode).toBe(code);
        expect(stderr).toContain(`stageplay: ${message}; the run did not finish`);
        fs.rmSync(target, { recursive: true, force: true });
    });
});
