/**
 * How the commands that publish from history (learn, snapshot) begin: open the source, then say what
 * its data is worth (the data-quality lines, and data-quality.csv in the output folder unless a dry
 * run writes nothing). Unfit data publishes nothing: a benchmark or a snapshot built on it would later
 * read as if it had been right. Each command says how it declines.
 */
import path from 'node:path';
import { sourceProgress, type Reporter } from '../output';
import { announceDataQuality } from '../report/dataQuality';
import { checkAsOf, todayUtc } from './asOf';
import type { CommandOutcome } from './outcome';
import type { ReadScope } from '../dataset';
import { openSource, type OpenedSource, type SourceChoice } from './source';

export type Ledger = NonNullable<CommandOutcome['dataQuality']>;

/** What a command that publishes from history declines with when the data is unfit. */
export interface UnfitRefusal {
    /** The line that says nothing was published. */
    line: string;
    result: (declined: { asOf: string; ledger: Ledger; dryRun: boolean }) => Record<string, unknown>;
}

/**
 * Opens and judges the source, then, unless its data is unfit, checks the as-of date (today, UTC,
 * when `options.asOf` is not given) against it and runs `publish`. `options.scope` says what the command
 * leaves unread (`ReadScope`).
 */
export async function publishFromHistory(
    options: { source: SourceChoice; out: string; dryRun: boolean; asOf?: string; scope?: ReadScope },
    reporter: Reporter,
    unfit: UnfitRefusal,
    publish: (judged: { opened: OpenedSource; ledger: Ledger; asOf: string }) => Promise<CommandOutcome>
): Promise<CommandOutcome> {
    const opened = await openSource(options.source, {
        ...sourceProgress(reporter),
        scope: options.scope
    });
    const ledger = announceDataQuality(
        opened.dataset,
        options.dryRun ? null : path.resolve(options.out),
        (line) => reporter.info(line)
    );
    const asOf = options.asOf ?? todayUtc();
    if (ledger.quality.verdict === 'unfit') {
        reporter.info(unfit.line);
        return { result: unfit.result({ asOf, ledger, dryRun: options.dryRun }), dataQuality: ledger };
    }
    checkAsOf(opened.dataset, asOf, options.asOf !== undefined, reporter, opened.label);
    return publish({ opened, ledger, asOf });
}
