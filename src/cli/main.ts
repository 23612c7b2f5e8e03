/**
 * The `stageplay` CLI: thin commands over testable functions (see src/commands/).
 */
import { Command, CommanderError } from 'commander';
import { validateCommand } from '../commands/validate';

export function buildProgram(): Command {
    const program = new Command()
        .name('stageplay')
        .description(
            'Stageplay ops CLI: seed history, learn benchmarks from closed deals, reconcile the forecast.\n' +
                'Every command reads either an org (--target-org) or a Data Export folder (--data).'
        )
        .showHelpAfterError()
        .exitOverride();
    // Commands register here, one line each.
    program.addCommand(validateCommand());
    return program;
}

export async function main(argv: string[]): Promise<void> {
    const program = buildProgram();
    try {
        await program.parseAsync(argv);
    } catch (err) {
        if (err instanceof CommanderError) {
            process.exitCode = err.exitCode;
            return;
        }
        const message = err instanceof Error ? err.message : String(err);
        process.stderr.write(`stageplay: ${message}\n`);
        process.exitCode = (err as { exitCode?: number }).exitCode ?? 1;
    }
}
