/**
 * The layering rule in eslint.config.js (`import/no-restricted-paths`) bites: snippets that import
 * upwards (an adapter from ops or the CLI, ops from a command, one command from another) or into a
 * core file past src/core.ts are reported, and the same imports pointing downwards are not. ESLint runs in a child process because
 * it loads its flat config through dynamic import(), which Jest's module sandbox does not allow.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const REPO_ROOT = join(__dirname, '..');

interface Snippet {
    /** Where the snippet pretends to live (it is linted as if it were that file; nothing is written). */
    file: string;
    code: string;
}

/** Lints every snippet in one ESLint process; returns, per snippet, the layering messages. */
function layeringMessages(snippets: Snippet[]): string[][] {
    const script = `
        const { ESLint } = require('eslint');
        const LAYER_RULES = ['import/no-restricted-paths', 'no-restricted-imports'];
        (async () => {
            const eslint = new ESLint({ cwd: ${JSON.stringify(REPO_ROOT)} });
            const snippets = JSON.parse(process.argv[1]);
            const out = [];
            for (const s of snippets) {
                const [result] = await eslint.lintText(s.code, { filePath: s.file });
                out.push(result.messages.filter((m) => LAYER_RULES.includes(m.ruleId)).map((m) => m.message));
            }
            process.stdout.write(JSON.stringify(out));
        })().catch((err) => { console.error(err); process.exit(1); });
    `;
    const run = spawnSync(process.execPath, ['-e', script, JSON.stringify(snippets)], {
        cwd: REPO_ROOT,
        encoding: 'utf8'
    });
    if (run.status !== 0) throw new Error(`eslint failed: ${run.stderr}`);
    return JSON.parse(run.stdout) as string[][];
}

const src = (path: string) => join(REPO_ROOT, 'src', path);

describe('imports run one way: commands -> ops -> adapters -> errors/output -> core', () => {
    const upwards: Array<[string, Snippet]> = [
        [
            'an adapter importing the CLI',
            {
                file: src('report/x.ts'),
                code: "import { runCommand } from '../cli/run';\nexport const x = runCommand;\n"
            }
        ],
        [
            'an adapter importing ops',
            {
                file: src('metadata/x.ts'),
                code: "import { openSource } from '../ops/source';\nexport const x = openSource;\n"
            }
        ],
        [
            'ops importing a command',
            {
                file: src('ops/x.ts'),
                code: "import { registerLearn } from '../commands/learn';\nexport const x = registerLearn;\n"
            }
        ],
        [
            'ops importing the CLI flags',
            {
                file: src('ops/x.ts'),
                code: "import { todayUtc } from '../cli/flags';\nexport const x = todayUtc;\n"
            }
        ],
        [
            'a command importing another command',
            {
                file: src('commands/x.ts'),
                code: "import { registerLearn } from './learn';\nexport const x = registerLearn;\n"
            }
        ],
        [
            'errors importing an adapter',
            {
                file: src('errors.ts'),
                code: "import { readDataExport } from './dataExport/readDataExport';\nexport const x = readDataExport;\n"
            }
        ]
    ];
    const deepIntoCore: Array<[string, Snippet]> = [
        [
            'ops importing a core file directly',
            {
                file: src('ops/x.ts'),
                code: "import { parseRule } from '../../force-app/main/default/lwc/stageplayCore/rules';\nexport const x = parseRule;\n"
            }
        ],
        [
            'a test importing core types directly',
            {
                file: join(REPO_ROOT, 'test', 'x.test.ts'),
                code: "import type { Benchmarks } from '../force-app/main/default/lwc/stageplayCore/types';\nexport type X = Benchmarks;\n"
            }
        ]
    ];
    const downwards: Array<[string, Snippet]> = [
        [
            'a command importing ops and the CLI',
            {
                file: src('commands/x.ts'),
                code: "import { openSource } from '../ops/source';\nimport { runCommand } from '../cli/run';\nexport const x = [openSource, runCommand];\n"
            }
        ],
        [
            'ops importing adapters, errors and output',
            {
                file: src('ops/x.ts'),
                code: "import { readDataExport } from '../dataExport/readDataExport';\nimport { UsageError } from '../errors';\nimport { Reporter } from '../output';\nexport const x = [readDataExport, UsageError, Reporter];\n"
            }
        ],
        [
            'an adapter importing another adapter and errors',
            {
                file: src('report/x.ts'),
                code: "import { locationOf } from '../records/ledger';\nimport { UsageError } from '../errors';\nexport const x = [locationOf, UsageError];\n"
            }
        ],
        [
            'ops importing the core through src/core.ts',
            {
                file: src('ops/x.ts'),
                code: "import { parseRule } from '../core';\nexport const x = parseRule;\n"
            }
        ],
        [
            'cli/main.ts registering a command',
            {
                file: src('cli/main.ts'),
                code: "import { registerLearn } from '../commands/learn';\nexport const x = registerLearn;\n"
            }
        ]
    ];
    const intoJsforceInternals: Array<[string, Snippet]> = [
        [
            "the org adapter importing jsforce's HTTP layer",
            {
                file: src('org/x.ts'),
                code: "import HttpApi from 'jsforce/lib/http-api';\nexport const x = HttpApi;\n"
            }
        ],
        [
            "a type from jsforce's lib/",
            {
                file: src('ops/x.ts'),
                code: "import type { HttpMethods } from 'jsforce/lib/types/common';\nexport type X = HttpMethods;\n"
            }
        ],
        [
            "the node build's lib/ (@jsforce/jsforce-node)",
            {
                file: src('org/x.ts'),
                code: "import HttpApi from '@jsforce/jsforce-node/lib/http-api';\nexport const x = HttpApi;\n"
            }
        ],
        [
            "src/core.ts importing jsforce's lib/",
            {
                file: src('core.ts'),
                code: "import { HttpApi } from 'jsforce/lib/http-api';\nexport const x = HttpApi;\n"
            }
        ]
    ];
    const jsforcePublic: Array<[string, Snippet]> = [
        [
            "the org adapter importing jsforce's public entry point",
            {
                file: src('org/x.ts'),
                code: "import { Connection, type HttpMethods } from 'jsforce';\nexport const x = Connection;\nexport type X = HttpMethods;\n"
            }
        ]
    ];
    const messages = layeringMessages(
        [...upwards, ...downwards, ...deepIntoCore, ...intoJsforceInternals, ...jsforcePublic].map(
            ([, snippet]) => snippet
        )
    );
    const jsforceFrom = upwards.length + downwards.length + deepIntoCore.length;

    it.each(upwards.map(([name], i) => [name, i] as const))('reports %s', (_name, i) => {
        expect(messages[i]).toHaveLength(1);
        expect(messages[i][0]).toMatch(/restricted zone/);
    });

    it.each(downwards.map(([name], i) => [name, upwards.length + i] as const))('allows %s', (_name, i) => {
        expect(messages[i]).toEqual([]);
    });

    it.each(deepIntoCore.map(([name], i) => [name, upwards.length + downwards.length + i] as const))(
        'reports %s',
        (_name, i) => {
            expect(messages[i]).toHaveLength(1);
            expect(messages[i][0]).toMatch(/import the domain core through src\/core\.ts/);
        }
    );

    it.each(intoJsforceInternals.map(([name], i) => [name, jsforceFrom + i] as const))(
        'reports %s',
        (_name, i) => {
            expect(messages[i]).toHaveLength(1);
            expect(messages[i][0]).toMatch(/jsforce's lib\/ files are private/);
        }
    );

    it.each(jsforcePublic.map(([name], i) => [name, jsforceFrom + intoJsforceInternals.length + i] as const))(
        'allows %s',
        (_name, i) => {
            expect(messages[i]).toEqual([]);
        }
    );
});
