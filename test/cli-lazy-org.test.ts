/**
 * The org stack (@salesforce/core and the jsforce under it) takes about a second of CPU to load, so the
 * built CLI loads it only when a command talks to an org: `--version`, `--help` and a `--data` run
 * never load it, and an org command (against the stand-in org) does. A preload script records which
 * of its files the process loaded.
 */
import { execFile, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { newerInput } from '../scripts/build-cli';
import { emptySfHome } from './emptySfHome';
import { cliEnvFor, standinOrgPerBlock } from './standin/testing';

jest.setTimeout(240_000);

const run = promisify(execFile);
const ROOT = path.resolve(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'stageplay.js');
const AS_OF = '2026-11-15';

const { work, home } = emptySfHome('stageplay-lazy-org-');
const PRELOAD = path.join(work, 'record-org-stack.js');
// Written as plain CommonJS: it runs in the CLI's process before the CLI, outside Jest's transform.
// Worker threads (the parallel fits) run it too: each thread writes its own file, and a run's answer
// is their union.
fs.writeFileSync(
    PRELOAD,
    [
        "const fs = require('node:fs');",
        "const path = require('node:path');",
        "const { threadId } = require('node:worker_threads');",
        'const ORG_STACK = /[\\\\/]node_modules[\\\\/](@salesforce[\\\\/]core|jsforce|@jsforce[\\\\/][^\\\\/]+)[\\\\/]/;',
        "process.on('exit', () => {",
        '    const loaded = Object.keys(require.cache);',
        '    const file = path.join(process.env.STAGEPLAY_TEST_LOADED, `${process.pid}-${threadId}.json`);',
        '    fs.writeFileSync(file, JSON.stringify({',
        '        modules: loaded.length,',
        '        orgStack: loaded.filter((file) => ORG_STACK.test(file))',
        '    }));',
        '});'
    ].join('\n')
);

interface Loaded {
    code: number;
    stderr: string;
    /** The most modules one thread loaded (a sanity check that the preload saw the CLI). */
    modules: number;
    /** The org stack's files among what any thread loaded. */
    orgStack: string[];
}

let runs = 0;

/** Runs the built CLI with the preload; asynchronous, so the stand-in org in this process can answer. */
async function cliLoading(args: string[], env: Record<string, string | undefined>): Promise<Loaded> {
    const log = path.join(work, `loaded-${++runs}`);
    fs.mkdirSync(log);
    const childEnv: NodeJS.ProcessEnv = { ...process.env, STAGEPLAY_TEST_LOADED: log };
    for (const [k, v] of Object.entries(env)) {
        if (v === undefined) delete childEnv[k];
        else childEnv[k] = v;
    }
    let code = 0;
    let stderr = '';
    try {
        ({ stderr } = await run('node', ['-r', PRELOAD, BIN, ...args], { cwd: ROOT, env: childEnv }));
    } catch (err) {
        const e = err as { code?: number; stderr?: string };
        code = typeof e.code === 'number' ? e.code : -1;
        stderr = e.stderr ?? String(err);
    }
    let modules = 0;
    const orgStack = new Set<string>();
    for (const name of fs.readdirSync(log)) {
        const thread = JSON.parse(fs.readFileSync(path.join(log, name), 'utf8')) as {
            modules: number;
            orgStack: string[];
        };
        modules = Math.max(modules, thread.modules);
        for (const file of thread.orgStack) orgStack.add(file);
    }
    return { code, stderr, modules, orgStack: [...orgStack] };
}

/** No org login at all: an offline command must not need one, nor load what reads it. */
const offlineEnv = {
    HOME: home,
    SF_ACCESS_TOKEN: undefined,
    SF_INSTANCE_URL: undefined,
    SFDX_ACCESS_TOKEN: undefined,
    SFDX_INSTANCE_URL: undefined,
    SF_TARGET_ORG: undefined,
    SF_DISABLE_TELEMETRY: 'true'
};

beforeAll(() => {
    // The project's own incremental build: it compiles only when a source is newer than dist/.
    const build = spawnSync('npx', ['tsx', 'scripts/build-cli.ts'], {
        cwd: ROOT,
        stdio: 'pipe'
    });
    expect(build.status).toBe(0);
    expect(newerInput()).toBeNull();
});

describe('the org stack loads only for a command that talks to an org', () => {
    it('--version and --help do not load it', async () => {
        for (const args of [['--version'], ['--help'], ['learn', '--help']]) {
            const r = await cliLoading(args, offlineEnv);
            expect({ args, code: r.code, orgStack: r.orgStack }).toEqual({ args, code: 0, orgStack: [] });
            expect(r.modules).toBeGreaterThan(10);
        }
    });

    it('seed, learn and reconcile on a Data Export folder do not load it', async () => {
        const data = path.join(work, 'export');
        const out = path.join(work, 'out');
        const commands = [
            ['seed', '--data', data, '--deals', '60', '--seed', '3', '--today', AS_OF],
            ['learn', '--data', data, '--as-of', AS_OF, '--out', out],
            ['reconcile', '--data', data, '--as-of', AS_OF, '--out', out, '--no-snapshots']
        ];
        for (const args of commands) {
            const r = await cliLoading([...args, '--json'], offlineEnv);
            expect({ command: args[0], code: r.code, stderr: r.stderr, orgStack: r.orgStack }).toEqual({
                command: args[0],
                code: 0,
                stderr: '',
                orgStack: []
            });
        }
        expect(fs.existsSync(path.join(out, 'benchmarks.json'))).toBe(true);
    });

    describe('against the stand-in org', () => {
        const standin = standinOrgPerBlock();

        it('an org command loads it (and works)', async () => {
            const r = await cliLoading(
                ['seed', '--deals', '20', '--seed', '5', '--today', AS_OF, '--json'],
                cliEnvFor(standin.org, home)
            );
            // @salesforce/core warns on stderr about the stand-in's plain http: only the exit code counts here.
            expect({ code: r.code, stderr: r.code === 0 ? '' : r.stderr }).toEqual({ code: 0, stderr: '' });
            expect(standin.org.records('Opportunity')).toHaveLength(20);
            // The top-level packages the files belong to: @salesforce/core and the jsforce copy it connects with.
            const packages = new Set(
                r.orgStack.map((file) => /node_modules[\\/]((@[^\\/]+[\\/])?[^\\/]+)[\\/]/.exec(file)?.[1])
            );
            expect([...packages].sort()).toEqual(['@jsforce/jsforce-node', '@salesforce/core']);
        });
    });
});
