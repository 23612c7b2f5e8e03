/**
 * `stageplay reconcile`: stated vs history-adjusted vs booked, backtested without leakage, with
 * calibration, flags and data discipline (src/ops/reconcileForecast.ts).
 */
import type { Command } from 'commander';
import {
    addCommonOptions,
    commonOptionsOf,
    wholeNumberIn,
    parseWeeksList,
    type CommonFlags
} from '../cli/flags';
import { HELP, commandWithHelp } from '../cli/help';
import { runCommand, type CliContext } from '../cli/run';
import { DEFAULT_UNTOUCHED_DAYS, DEFAULT_WEEKS_OUT } from '../ops/reconcile';
import { reconcileForecast } from '../ops/reconcileForecast';

export interface ReconcileFlags extends CommonFlags {
    weeksOut: number[];
    pastPeriods?: number;
    untouchedDays: number;
    snapshots: boolean;
}

export function registerReconcile(program: Command, context: CliContext): void {
    const command = commandWithHelp(program, 'reconcile', HELP.reconcile);
    addCommonOptions(command)
        .option(
            '--weeks-out <list>',
            'backtest this many weeks before period end',
            parseWeeksList,
            DEFAULT_WEEKS_OUT
        )
        .option(
            '--past-periods <n>',
            'completed periods to backtest, 1-120 (default 6 quarters / 12 months)',
            wholeNumberIn(1, 120)
        )
        .option(
            '--untouched-days <n>',
            'list open deals untouched for longer than this many days, 0-3650',
            wholeNumberIn(0, 3650),
            DEFAULT_UNTOUCHED_DAYS
        )
        .option('--no-snapshots', 'ignore stored forecast snapshots')
        .action(async (flags: ReconcileFlags) => {
            await runCommand(context, 'reconcile', flags, (reporter) =>
                reconcileForecast(commonOptionsOf(flags), reporter)
            );
        });
}
