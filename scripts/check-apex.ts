/**
 * `npm run check:apex`: the static checks every Apex class must pass before it reaches an org.
 *
 *  1. It parses (`@apexdevtools/apex-parser`, the grammar the Apex language server uses): zero syntax errors.
 *  2. It is formatted (`prettier --check` with `prettier-plugin-apex` and the repo's .prettierrc).
 *  3. PMD (through `@salesforce/code-analyzer-pmd-engine`, the engine of Salesforce Code Analyzer) finds no
 *     CRUD/FLS gap, no SOQL injection, no SOQL/DML/other governor-limited operation inside a loop and no
 *     class without a sharing declaration, and no other High or Critical security finding.
 *
 *   tsx scripts/check-apex.ts [--json] [file-or-folder ...]   (default: force-app; every classes/*.cls beneath)
 *
 * Findings print as `file:line:column  check  message`; the exit code is 1 when there is any.
 * PMD 7 replaced AvoidSoqlInLoops / AvoidDmlStatementsInLoops with OperationWithLimitsInLoop, which covers
 * both (and other limited operations such as sends and callouts), so that is the rule run here.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import * as prettier from 'prettier';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { PmdCpdEnginesPlugin } from '@salesforce/code-analyzer-pmd-engine';
import { ConfigValueExtractor, SeverityLevel, Workspace } from '@salesforce/code-analyzer-engine-api';

/** The rules that block whatever PMD's default severity says: each one is a review rejection or a limit exception. */
export const BLOCKING_PMD_RULES = [
    'ApexCRUDViolation',
    'ApexSOQLInjection',
    'OperationWithLimitsInLoop',
    'ApexSharingViolations'
] as const;

export interface ApexFinding {
    file: string;
    line: number;
    column: number;
    /** `syntax`, `format` or `pmd:<Rule>`. */
    check: string;
    message: string;
}

export interface ApexCheckReport {
    files: string[];
    findings: ApexFinding[];
}

/** Every `classes/*.cls` under the given files and folders, sorted. */
export function findApexClasses(targets: string[]): string[] {
    const found = new Set<string>();
    const named = new Set(targets.map((target) => resolve(target)));
    const walk = (path: string) => {
        const stat = statSync(path);
        if (stat.isDirectory()) {
            for (const name of readdirSync(path)) {
                if (name === 'node_modules' || name.startsWith('.')) continue;
                walk(join(path, name));
            }
        } else if (path.endsWith('.cls')) {
            found.add(resolve(path));
        }
    };
    for (const target of targets) walk(target);
    // A folder contributes its classes/*.cls; a file named outright is checked wherever it lives.
    return [...found].filter((file) => named.has(file) || /[\\/]classes[\\/][^\\/]+\.cls$/.test(file)).sort();
}

class CollectingErrorListener extends ApexErrorListener {
    readonly errors: Array<{ line: number; column: number; message: string }> = [];

    apexSyntaxError(line: number, column: number, message: string): void {
        this.errors.push({ line, column: column + 1, message });
    }
}

export function syntaxFindings(file: string, source: string): ApexFinding[] {
    const listener = new CollectingErrorListener();
    const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
    parser.compilationUnit();
    return listener.errors.map((error) => ({ file, ...error, check: 'syntax', message: error.message }));
}

const REPO_PRETTIER_CONFIG = join(__dirname, '..', '.prettierrc');

export async function formatFindings(file: string, source: string): Promise<ApexFinding[]> {
    // A class outside the repo (a temp copy, another project's) is judged by this repo's style.
    const config =
        (await prettier.resolveConfig(file)) ?? (await prettier.resolveConfig(REPO_PRETTIER_CONFIG)) ?? {};
    const plugins = config.plugins ?? [];
    let formatted: boolean;
    try {
        formatted = await prettier.check(source, {
            ...config,
            plugins: plugins.includes('prettier-plugin-apex')
                ? plugins
                : [...plugins, 'prettier-plugin-apex'],
            parser: 'apex',
            filepath: file
        });
    } catch {
        // Prettier cannot format what does not parse; the syntax check reports where.
        return [];
    }
    if (formatted) return [];
    return [
        {
            file,
            line: 1,
            column: 1,
            check: 'format',
            message:
                'not formatted as Prettier (prettier-plugin-apex) would: run `npx prettier --write` on it'
        }
    ];
}

/** PMD over all files in one JVM run (starting Java dominates the cost). */
export async function pmdFindings(files: string[]): Promise<ApexFinding[]> {
    if (files.length === 0) return [];
    const plugin = new PmdCpdEnginesPlugin();
    const config = await plugin.createEngineConfig('pmd', new ConfigValueExtractor({}));
    const engine = await plugin.createEngine('pmd', config);
    const workingFolder = mkdtempSync(join(tmpdir(), 'stageplay-pmd-'));
    try {
        const workspace = new Workspace('stageplay-apex', files);
        const options = { logFolder: workingFolder, workingFolder, workspace };
        const rules = await engine.describeRules(options);
        const missing = BLOCKING_PMD_RULES.filter((name) => !rules.some((rule) => rule.name === name));
        if (missing.length > 0) {
            throw new Error(
                `This PMD engine has no rule ${missing.join(', ')}: check the engine version in package.json.`
            );
        }
        const severeSecurity = rules
            .filter((rule) => rule.tags.includes('Security') && rule.severityLevel <= SeverityLevel.High)
            .map((rule) => rule.name);
        const selected = [...new Set<string>([...BLOCKING_PMD_RULES, ...severeSecurity])];
        const severityOf = new Map(rules.map((rule) => [rule.name, rule.severityLevel]));
        const results = await engine.runRules(selected, options);
        return results.violations.map((violation) => {
            const location = violation.codeLocations[violation.primaryLocationIndex];
            const severity = SeverityLevel[severityOf.get(violation.ruleName) ?? SeverityLevel.Info];
            return {
                file: location.file,
                line: location.startLine,
                column: location.startColumn,
                check: `pmd:${violation.ruleName}`,
                message: `${violation.message.trim()} (${severity})`
            };
        });
    } finally {
        rmSync(workingFolder, { recursive: true, force: true });
    }
}

export async function checkApex(targets: string[]): Promise<ApexCheckReport> {
    const files = findApexClasses(targets);
    const findings: ApexFinding[] = [];
    for (const file of files) {
        const source = readFileSync(file, 'utf8');
        findings.push(...syntaxFindings(file, source));
        findings.push(...(await formatFindings(file, source)));
    }
    findings.push(...(await pmdFindings(files)));
    findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column);
    return { files, findings };
}

export function formatFinding(finding: ApexFinding, cwd = process.cwd()): string {
    const file = relative(cwd, finding.file) || finding.file;
    return `${file}:${finding.line}:${finding.column}  ${finding.check}  ${finding.message}`;
}

async function main(): Promise<void> {
    const args = process.argv.slice(2);
    const json = args.includes('--json');
    const targets = args.filter((arg) => arg !== '--json');
    const report = await checkApex(targets.length > 0 ? targets : ['force-app']);
    if (report.files.length === 0) {
        console.error(`check-apex: no classes/*.cls found under ${targets.join(', ') || 'force-app'}.`);
        process.exit(1);
    }
    if (json) {
        console.log(JSON.stringify(report));
        process.exit(report.findings.length > 0 ? 1 : 0);
    }
    for (const finding of report.findings) console.log(formatFinding(finding));
    const summary = `${report.files.length} Apex class${report.files.length === 1 ? '' : 'es'} checked (syntax, Prettier, PMD security and limits)`;
    if (report.findings.length > 0) {
        console.error(
            `${summary}: ${report.findings.length} finding${report.findings.length === 1 ? '' : 's'}.`
        );
        process.exit(1);
    }
    console.log(`${summary}: no findings.`);
}

if (require.main === module) {
    main().catch((error: unknown) => {
        console.error(`check-apex: ${(error as Error).message}`);
        process.exit(2);
    });
}
