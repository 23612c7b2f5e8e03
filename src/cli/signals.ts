/**
 * Ctrl-C and `kill` end any run at once with a clear message and a documented exit code (130 for
 * SIGINT, 143 for SIGTERM), instead of the silence of a default signal death or, worse, a handler
 * some dependency installed that swallows the signal.
 */
import { EXIT_CODES } from '../errors';
import type { OutputStreams } from '../output';

const SIGNALS = {
    SIGINT: { exitCode: EXIT_CODES.interrupted, code: 'interrupted', what: 'interrupted (Ctrl-C)' },
    SIGTERM: { exitCode: EXIT_CODES.terminated, code: 'terminated', what: 'stopped by SIGTERM' }
} as const;

/**
 * Installs the handlers; returns a function that removes them. `json` says whether stdout must carry
 * the one --json object (then the interruption is that object).
 */
export function stopOnSignals(
    streams: OutputStreams,
    json: boolean,
    exit: (code: number) => void = (code) => process.exit(code)
): () => void {
    const handlers = Object.entries(SIGNALS).map(([signal, meaning]) => {
        const handler = () => {
            const message = `${meaning.what}; the run did not finish, and files it was writing may be incomplete.`;
            if (json) {
                streams.stdout.write(
                    `${JSON.stringify({ status: 'error', error: { code: meaning.code, exitCode: meaning.exitCode, message } }, null, 2)}\n`
                );
            }
            streams.stderr.write(`\nstageplay: ${message}\n`);
            exit(meaning.exitCode);
        };
        process.on(signal as NodeJS.Signals, handler);
        return [signal, handler] as const;
    });
    return () => {
        for (const [signal, handler] of handlers) process.off(signal as NodeJS.Signals, handler);
    };
}
