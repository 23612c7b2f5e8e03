/**
 * How the commands that publish from history (learn, snapshot) begin: open the source, then say what
 * its data is worth (the data-quality lines, and data-quality.csv in the output folder unless a dry
 * run writes nothing). Each command then decides what an unfit verdict means for it.
 */
import path from 'node:path';
import { sourceProgress, type Reporter } from '../output';
import { announceDataQuality } from '../report/dataQuality';
import type { CommandOutcome } from './outcome';
import { openSource, type OpenedSource, type SourceChoice } from './source';

export type Ledger = NonNullable<CommandOutcome['dataQuality']>;

export async function openJudged(
    options: { source: SourceChoice; out: string; dryRun: boolean },
    reporter: Reporter
): Promise<{ opened: OpenedSource; ledger: Ledger }> {
    const opened = await openSource(options.source, sourceProgress(reporter));
    const ledger = announceDataQuality(
        opened.dataset,
        options.dryRun ? null : path.resolve(options.out),
        (line) => reporter.info(line)
    );
    return { opened, ledger };
}
