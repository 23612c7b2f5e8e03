/**
 * The frame every command runs in: one Reporter, errors turned into the documented exit codes, and
 * under --json exactly one object on stdout whatever happened.
 */
import { AuthError, StageplayError, looksLikeAuthError } from './errors';
import { Reporter, type OutputStreams } from './output';
import { checkOutputFolder } from './outputPaths';

export interface CliContext {
    streams: OutputStreams;
    /** Where the command's exit code goes (process.exitCode for the real CLI). */
    setExitCode(code: number): void;
}

export interface CommandOutcome {
    /** The machine-readable result (printed under --json). */
    result: Record<string, unknown>;
    /** Set when some rows were rejected: the run still reports, and exits 4. */
    partialFailure?: string;
}

export async function runCommand(
    context: CliContext,
    command: string,
    flags: { json?: boolean; out?: string },
    body: (reporter: Reporter) => Promise<CommandOutcome>
): Promise<void> {
    const reporter = new Reporter({ json: Boolean(flags.json), streams: context.streams });
    try {
        // A folder that cannot be written fails now, not after the whole run (see outputPaths.ts).
        if (typeof flags.out === 'string') checkOutputFolder(flags.out);
        const outcome = await body(reporter);
        if (outcome.partialFailure) {
            reporter.result({
                status: 'partial',
                command,
                message: outcome.partialFailure,
                ...outcome.result
            });
            context.streams.stderr.write(`stageplay ${command}: ${outcome.partialFailure}\n`);
            context.setExitCode(4);
        } else {
            reporter.result({ status: 'ok', command, ...outcome.result });
        }
    } catch (err) {
        // A session that expires mid-run surfaces from deep in the org adapter: still an auth problem (exit 3).
        const typed =
            err instanceof StageplayError
                ? err
                : looksLikeAuthError(err)
                  ? new AuthError(err instanceof Error ? err.message : String(err))
                  : null;
        const message = err instanceof Error ? err.message : String(err);
        reporter.error({
            code: typed?.code ?? 'failure',
            exitCode: typed?.exitCode ?? 1,
            message,
            ...(typed && Object.keys(typed.details).length > 0 ? { details: typed.details } : {})
        });
        if (!typed && process.env.STAGEPLAY_DEBUG && err instanceof Error && err.stack) {
            context.streams.stderr.write(`${err.stack}\n`);
        }
        context.setExitCode(typed?.exitCode ?? 1);
    }
}
