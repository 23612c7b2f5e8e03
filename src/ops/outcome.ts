/**
 * What an operation hands back to the CLI: its machine-readable result, whether some rows were
 * rejected, and the ledger of the data it read. `runCommand` (src/cli/run.ts) turns it into the
 * printed result and the exit code.
 */
import type { DataProblem } from '../dataset';
import type { DataQuality } from '../records/ledger';
import type { WriteTally } from './orgWrite';

export interface CommandOutcome {
    /** The machine-readable result (printed under --json). */
    result: Record<string, unknown>;
    /** Set when some rows were rejected: the run still reports, and exits 4. */
    partialFailure?: string;
    /** The ledger of the data the command read: its `warnings` go into --json, its verdict into the exit code. */
    dataQuality?: { quality: DataQuality; problems: DataProblem[] };
}

/**
 * A command's outcome after writing: its result with the count of rows that failed and the failures
 * file (null without failures) added last; exit 4 with the failures file named when any row was rejected.
 */
export function outcomeOf(
    result: Record<string, unknown>,
    tally: WriteTally,
    rows: string,
    failuresFile: string | null
): CommandOutcome {
    const written = { ...result, failures: tally.failedKeys.size, failuresFile };
    return tally.failedKeys.size > 0
        ? { result: written, partialFailure: `${tally.failedKeys.size} ${rows} failed; see ${failuresFile}` }
        : { result: written };
}
