/**
 * The frame every command runs in: one Reporter, errors turned into the documented exit codes, and
 * under --json exactly one object on stdout whatever happened: `status` (ok, partial, unfit, error),
 * the result's fields, and for commands that read data `warnings` (the ledger in sentences, as the sf CLI's
 * `warnings`).
 */
import { AuthError, EXIT_CODES, StageplayError, looksLikeAuthError } from '../errors';
import type { CommandOutcome } from '../ops/outcome';
import { dataQualityWarnings } from '../report/dataQuality';
import { Reporter, type OutputStreams } from '../output';
import { checkOutputFolder } from '../outputPaths';

export interface CliContext {
    streams: OutputStreams;
    /** Where the command's exit code goes (process.exitCode for the real CLI). */
    setExitCode(code: number): void;
}

/**
 * The exit code a ledger's verdict asks for, and why: unfit data ends with 6 (whatever else
 * happened), rejected input rows above the threshold with 4.
 */
function dataQualityOutcome(
    outcome: CommandOutcome
): { status: 'partial' | 'unfit'; message: string } | null {
    const quality = outcome.dataQuality?.quality;
    if (!quality || quality.verdict === 'ok') return null;
    return { status: quality.verdict, message: `data quality: ${quality.reasons.join('; ')}` };
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
        // Commands that read data say what they found in it; the others have no ledger to report.
        const warnings = outcome.dataQuality
            ? { warnings: dataQualityWarnings(outcome.dataQuality.quality, outcome.dataQuality.problems) }
            : {};
        const data = dataQualityOutcome(outcome);
        if (data?.status === 'unfit') {
            reporter.result({
                status: 'unfit',
                command,
                message: data.message,
                ...outcome.result,
                ...warnings
            });
            context.streams.stderr.write(`stageplay ${command}: ${data.message}\n`);
            context.setExitCode(EXIT_CODES.unfit);
        } else if (outcome.partialFailure || data) {
            const message = [outcome.partialFailure, data?.message].filter(Boolean).join('; ');
            reporter.result({
                status: 'partial',
                command,
                message,
                ...outcome.result,
                ...warnings
            });
            context.streams.stderr.write(`stageplay ${command}: ${message}\n`);
            context.setExitCode(EXIT_CODES.partial);
        } else {
            reporter.result({ status: 'ok', command, ...outcome.result, ...warnings });
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
