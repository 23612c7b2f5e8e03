/**
 * What `--help` says for each command: summary, description and examples, kept apart from the flag
 * wiring (as the sf CLI plugins keep theirs in messages files) so a command file reads as flags ->
 * one operation -> result.
 */
import type { Command } from 'commander';
import { BENCHMARKS_JSON } from '../ops/learn';
import { DEMO_DEALS, DEMO_SEED, DEMO_TODAY } from '../ops/demo';

export const HELP = {
    demo: {
        summary: 'the whole loop offline: generate history, learn, reconcile, write the report',
        description:
            `Generates a deterministic Data Export (seed ${DEMO_SEED}, ${DEMO_DEALS} deals, history up to ${DEMO_TODAY}) into\n` +
            '<out>/demo-data/, reads it back through the Data Export reader, learns benchmarks (written to\n' +
            `<out>/${BENCHMARKS_JSON}), reconciles the forecast and writes the report to <out>/report/.\n` +
            'No org and no network needed.',
        examples:
            '\nExamples:\n' +
            '  $ stageplay demo                      # then open out/report/report.html\n' +
            '  $ stageplay demo --period month --fiscal-start 2 --out /tmp/stageplay\n'
    },
    importFinance: {
        summary: "load an ERP's customer or AR-aging CSV onto the Accounts' accounting facts",
        description:
            'Reads a CSV of accounting facts (credit limit, payment terms, open balance, past due amount and\n' +
            'days, last invoice date, credit hold, as-of date: docs/account-finance.md) whose headers are the\n' +
            "Account fields' API names, or are mapped to them with --map. Each row is checked (negative\n" +
            'amounts, non-numeric days, bad dates, unreadable terms): a bad cell is not written and is listed\n' +
            'with file:line:field; a row without its key is rejected. Rows are matched to accounts by\n' +
            'Stageplay_ERP_Customer_Id__c (--match erp), Stageplay_External_Id__c (external-id) or Id (id);\n' +
            'only accounts whose facts change are written, so a second run writes nothing. To an org it\n' +
            'upserts by the key (failures row by row in <out>/failures-import-finance.csv); with --data it\n' +
            "rewrites the folder's Account.csv. Accounts are never created: rows matching none are listed.\n" +
            'Exits 4 when rows were rejected or failed, 6 (nothing written) when over 20% were rejected.',
        examples:
            '\nExamples:\n' +
            '  $ stageplay import-finance --file ar-aging.csv --target-org my-sandbox --dry-run\n' +
            '  $ stageplay import-finance --file ar-aging.csv --target-org my-sandbox \\\n' +
            '      --map "Customer No=Stageplay_ERP_Customer_Id__c,Balance=Stageplay_Open_Balance__c"\n' +
            '  $ stageplay import-finance --file customers.csv --data out/demo-data --match id\n'
    },
    learn: {
        summary: 'learn stage and parameter benchmarks from closed deals and publish them',
        description:
            "Fits, from closed deals: each stage's win rate (shrunk toward its configured probability) and\n" +
            "each parameter's won/lost evidence per answer. Upserts Stageplay_Benchmark__c rows by\n" +
            'Benchmark_Key__c, writing only rows that changed and deleting only Stageplay-keyed rows that no\n' +
            'longer apply. Offline (--data) it writes <out>/benchmarks.json. It reads opportunities, their\n' +
            'stage and field history, stages and users; accounts, quotas, logins, tasks and events are left\n' +
            'unread (reconcile reads them). Every run writes <out>/data-quality.csv; when the input is\n' +
            'unfit (no stage history, no usable deals, over 20% of rows rejected) nothing is published and\n' +
            'the run exits 6.',
        examples:
            '\nExamples:\n' +
            '  $ stageplay learn --target-org my-sandbox --dry-run   # new/changed/unchanged/obsolete rows\n' +
            '  $ stageplay learn --target-org my-sandbox\n' +
            '  $ stageplay learn --data out/demo-data --out out/   # writes out/benchmarks.json\n'
    },
    reconcile: {
        summary: 'reconcile the forecast: stated vs history-adjusted vs booked, flags, calibration',
        description:
            'Rebuilds the pipeline from stage history, scores every deal against benchmarks learned from\n' +
            'closed deals, and reconciles the forecast per period, forecast category and owner. Past periods\n' +
            'are backtested k weeks before period end, learning only from what was known on that date (no\n' +
            'leakage). The adjusted period forecast is booked + open deals x P(won by period end | stage,\n' +
            'days in stage, close-date pushes, days left) x amount change + deals not yet created, with an\n' +
            '80% range (10th-90th percentile); accuracy per horizon is MAPE and bias, never clipped, with the\n' +
            'number of periods and how often the range held the booked amount. Accuracy of the win\n' +
            'probabilities is measured on a time split: at cut-offs 28 days apart, benchmarks fitted on deals\n' +
            'closed before the cut-off score the deals open then, at their stage (Brier: nominal, stage win\n' +
            'rate, + parameters, with 95% intervals). Writes <out>/report/:\n' +
            'report.html, reconciliation.json, deals.csv, forecast-by-{period,category,owner}.csv,\n' +
            'backtest.csv, calibration.csv, data-quality.csv (every input row rejected, repaired or missing,\n' +
            'with file:line:field). Without stage history no backtest is computed, and the run exits 6\n' +
            '(input unfit).',
        examples:
            '\nExamples:\n' +
            '  $ stageplay reconcile --target-org my-sandbox\n' +
            '  $ stageplay reconcile --data out/demo-data --as-of 2026-11-16 --period month\n' +
            '  $ stageplay reconcile --target-org prod --fiscal-start 2 --weeks-out 1,4,13 --json > rec.json\n'
    },
    seed: {
        summary: 'write realistic, deterministic sales history to an org or a Data Export folder',
        description:
            'Generates accounts and opportunities whose stage paths, amounts, slips and parameter answers\n' +
            'behave like real history (reps who pad stages, parameters that predict outcomes). To an org it\n' +
            "upserts on Stageplay_External_Id__c and replays each deal's stage path as successive updates,\n" +
            "so the org's OpportunityHistory records it; deals already seeded are left alone, so re-running\n" +
            'is idempotent. Refuses a production org unless --allow-production. With --data it writes a\n' +
            'Data Export folder (Opportunity.csv, OpportunityHistory.csv, ...).',
        examples:
            '\nExamples:\n' +
            '  $ stageplay seed --target-org my-sandbox --deals 300 --seed 7\n' +
            '  $ stageplay seed --data out/history --deals 100000 --seed 1 --today 2026-06-30\n'
    },
    snapshot: {
        summary: 'store the current forecast rollups, goal funnel and rep KPIs',
        description:
            'Writes the forecast as it stands (current and later periods; per total, forecast category and\n' +
            'owner: deals, open amount, stated expected, adjusted expected, commit, booked) to\n' +
            'Stageplay_Forecast_Snapshot__c, upserted by Snapshot_Key__c = <as-of>|<period>|<group-by>|<group>,\n' +
            "so re-running on the same day replaces that day's rows. Offline (--data) it merges into\n" +
            '<out>/snapshots.csv. Later `reconcile` runs compare with stored snapshots.\n' +
            '\n' +
            "It also publishes the reconciliation's goal funnel (per process goal and period:\n" +
            'Stageplay_Goal_Result__c, key Result_Key__c = <goal>|<period>|<as-of>) and KPIs per rep and\n' +
            'team (Stageplay_Rep_Kpi__c, key Kpi_Key__c = <rep id or team>|<period>|<as-of>, owned by the\n' +
            'rep), which the Sales Goals component reads; offline into <out>/goal-results.csv and\n' +
            '<out>/rep-kpis.csv. Rows the org rejects go to failures-snapshot-performance.csv.\n' +
            '\n' +
            'Stated expected: Σ amount × deal probability over open deals dated in the period.\n' +
            "Adjusted expected: the group's share of the adjusted period forecast beyond booked (open\n" +
            'deals × P(won by period end) × amount change, whatever their close date, plus deals not yet\n' +
            'created); blank past the current period and the 3 after it. Booked + either is that forecast.',
        examples:
            '\nExamples:\n' +
            '  $ stageplay snapshot --target-org prod --fiscal-start 2     # e.g. weekly from a CI schedule\n' +
            '  $ stageplay snapshot --data out/demo-data --as-of 2026-10-01 --out out/\n'
    }
};

/** One command's help: the line in the command list, the text above its options, the examples after. */
export interface CommandHelp {
    summary: string;
    description: string;
    examples: string;
}

/** Adds the command `name` to `program` with its help texts (the examples print after the options). */
export function commandWithHelp(program: Command, name: string, help: CommandHelp): Command {
    return program
        .command(name)
        .summary(help.summary)
        .description(help.description)
        .addHelpText('after', help.examples);
}
