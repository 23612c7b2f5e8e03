/**
 * The `stageplay` CLI: thin commands over testable functions (src/ops, src/report). Each command
 * parses flags, opens its source, calls those functions and prints; `main` maps every failure to a
 * documented exit code.
 */
import { Command, CommanderError } from 'commander';
import { registerDemo } from '../commands/demo';
import { registerImportFinance } from '../commands/importFinance';
import { registerLearn } from '../commands/learn';
import { registerReconcile } from '../commands/reconcile';
import { registerSeed } from '../commands/seed';
import { registerSnapshot } from '../commands/snapshot';
import { validateCommand } from '../commands/validate';
import { EXIT_CODE_HELP, EXIT_CODES } from '../errors';
import type { OutputStreams } from '../output';
import type { CliContext } from './run';
import { stopOnSignals } from './signals';
import { packageVersion } from '../packageRoot';

const EPILOG = [
    '',
    'Sources:',
    '  --target-org <alias|username>  an org you logged in to with `sf org login web` (default: sf config',
    '                                 target-org; in CI: SF_ACCESS_TOKEN + SF_INSTANCE_URL)',
    '  --data <folder>                a Salesforce Data Export folder (Opportunity.csv, OpportunityHistory.csv,',
    '                                 OpportunityFieldHistory.csv, User.csv, OpportunityStage.csv); the process',
    '                                 is read from --source-dir (default: the sample process shipped with',
    '                                 Stageplay, found next to the package, not in the current folder)',
    '',
    'Output folders (--out, seed --data) are checked before any work starts. Ctrl-C or SIGTERM stops a run',
    'at once with the exit code below.',
    '',
    'Examples:',
    '  $ stageplay demo                                        # offline, < 30 s: out/report/report.html',
    '  $ stageplay seed --target-org my-sandbox --deals 300    # history in a sandbox',
    '  $ stageplay learn --target-org my-sandbox --dry-run     # what would change in Stageplay_Benchmark__c',
    '  $ stageplay reconcile --target-org my-sandbox --period month --fiscal-start 2',
    '  $ stageplay reconcile --data ./export --as-of 2026-06-30 --json > reconciliation.json',
    '  $ stageplay snapshot --target-org prod                  # e.g. weekly, for later comparison',
    '',
    'Environment:',
    '  SF_ACCESS_TOKEN, SF_INSTANCE_URL  log in without sf auth files (CI)',
    '  STAGEPLAY_BULK_POLL_MS            Bulk API job polling interval in ms (default 2000)',
    '  STAGEPLAY_DEBUG=1                 print stack traces of unexpected errors',
    "  STAGEPLAY_WORKERS=<n>|auto        threads for reconcile's benchmark fits, the main one included",
    '                                    (default auto: 2 cores at most, from 50,000 closed deals; 1 below);',
    '                                    1 also reads the history files of a Data Export on the main thread',
    '  NODE_OPTIONS=--max-old-space-size=<MB>',
    '                                    a larger heap for an export of about a million opportunities or more',
    '                                    (a warning before reading says when, and how much)',
    '',
    'Exit codes:',
    ...EXIT_CODE_HELP.map(([code, text]) => `  ${code}  ${text}`),
    ''
].join('\n');

export function buildProgram(context?: Partial<CliContext>): Command {
    const streams: OutputStreams = context?.streams ?? { stdout: process.stdout, stderr: process.stderr };
    const ctx: CliContext = {
        streams,
        setExitCode:
            context?.setExitCode ??
            ((code: number) => {
                process.exitCode = code;
            })
    };
    const program = new Command()
        .name('stageplay')
        .description(
            'Stageplay ops CLI: seed history, learn benchmarks from closed deals, reconcile the forecast.\n' +
                'Every command reads either an org (--target-org) or a Data Export folder (--data).'
        )
        .showHelpAfterError('(add --help for usage and examples)')
        .configureOutput({
            writeOut: (text) => streams.stdout.write(text),
            writeErr: (text) => streams.stderr.write(text)
        })
        .version(packageVersion(), '-v, --version', 'print the Stageplay version')
        .addHelpText('after', EPILOG)
        .exitOverride();
    // Commands register here, one line each.
    registerDemo(program, ctx);
    registerSeed(program, ctx);
    registerLearn(program, ctx);
    registerReconcile(program, ctx);
    registerSnapshot(program, ctx);
    registerImportFinance(program, ctx);
    program.addCommand(validateCommand());
    for (const command of program.commands) {
        // Descriptions are written as paragraphs; commander wraps them to the terminal's width, so a
        // single line break in the source would show as a ragged break in --help.
        command.description(command.description().replace(/([^\n])\n(?!\n)/g, '$1 '));
        command.exitOverride().configureOutput({
            writeOut: (text) => streams.stdout.write(text),
            writeErr: (text) => streams.stderr.write(text)
        });
        command.showHelpAfterError('(add --help for usage and examples)');
    }
    return program;
}

/** Runs the CLI; resolves to the exit code (also set on process.exitCode unless a context says otherwise). */
export async function main(argv: string[], context?: Partial<CliContext>): Promise<number> {
    let exitCode = 0;
    const setExitCode = (code: number) => {
        exitCode = code;
        (context?.setExitCode ?? ((c: number) => (process.exitCode = c)))(code);
    };
    const program = buildProgram({ ...context, setExitCode });
    // Only the real process owns its signals; an in-process caller (the tests) keeps its own.
    const removeSignalHandlers = context
        ? () => undefined
        : stopOnSignals({ stdout: process.stdout, stderr: process.stderr }, argv.includes('--json'));
    try {
        await program.parseAsync(argv);
    } catch (err) {
        if (err instanceof CommanderError) {
            // Help and version are successes; everything else commander rejects is a usage error.
            const ok = ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code);
            if (!ok && argv.includes('--json')) {
                const stdout = context?.streams?.stdout ?? process.stdout;
                stdout.write(
                    `${JSON.stringify({ status: 'error', error: { code: 'usage', exitCode: EXIT_CODES.usage, message: err.message } }, null, 2)}\n`
                );
            }
            setExitCode(ok ? EXIT_CODES.ok : EXIT_CODES.usage);
            return exitCode;
        }
        const message = err instanceof Error ? err.message : String(err);
        (context?.streams?.stderr ?? process.stderr).write(`stageplay: ${message}\n`);
        setExitCode((err as { exitCode?: number }).exitCode ?? EXIT_CODES.failure);
    } finally {
        removeSignalHandlers();
    }
    return exitCode;
}
