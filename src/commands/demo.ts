/**
 * `stageplay demo`: the whole loop offline, generate -> learn -> reconcile -> report (src/ops/demo.ts).
 */
import { Option, type Command } from 'commander';
import {
    parseFiscalStart,
    parseIsoDate,
    parseDealCount,
    parseRandomSeed,
    periodSpecOf,
    sourceDirOption
} from '../cli/flags';
import { HELP, commandWithHelp } from '../cli/help';
import { runCommand, type CliContext } from '../cli/run';
import { DEMO_DEALS, DEMO_SEED, runDemo } from '../ops/demo';

interface DemoFlags {
    sourceDir: string;
    out: string;
    deals: number;
    seed: number;
    asOf?: string;
    period: 'month' | 'quarter';
    fiscalStart: number;
    json: boolean;
}

export function registerDemo(program: Command, context: CliContext): void {
    commandWithHelp(program, 'demo', HELP.demo)
        .addOption(sourceDirOption('where the process metadata lives'))
        .option('--out <dir>', 'where everything is written', 'out')
        .option('--deals <n>', 'how many opportunities to generate', parseDealCount, DEMO_DEALS)
        .option('--seed <n>', 'random seed', parseRandomSeed, DEMO_SEED)
        .option('--as-of <date>', `the demo's "today", YYYY-MM-DD`, parseIsoDate)
        .addOption(
            new Option('--period <unit>', 'forecast period').choices(['month', 'quarter']).default('quarter')
        )
        .option('--fiscal-start <month>', 'first month of the fiscal year, 1-12', parseFiscalStart, 1)
        .option('--json', 'print one machine-readable JSON object and nothing else', false)
        .action(async (flags: DemoFlags) => {
            await runCommand(context, 'demo', flags, (reporter) =>
                runDemo({ ...flags, spec: periodSpecOf(flags) }, reporter)
            );
        });
}
