/**
 * `stageplay import-finance`: an ERP's customer or AR-aging CSV onto the Accounts' accounting-fact
 * fields, in an org or a Data Export folder (src/ops/importFinance.ts).
 */
import path from 'node:path';
import { Option, type Command } from 'commander';
import { HELP, commandWithHelp } from '../cli/help';
import { runCommand, type CliContext } from '../cli/run';
import { UsageError } from '../errors';
import { importFinance, type FinanceMatch } from '../ops/importFinance';

interface ImportFinanceFlags {
    file: string;
    targetOrg?: string;
    data?: string;
    map?: string;
    match: FinanceMatch;
    out: string;
    json: boolean;
    dryRun: boolean;
}

export function registerImportFinance(program: Command, context: CliContext): void {
    commandWithHelp(program, 'import-finance', HELP.importFinance)
        .requiredOption('-f, --file <csv>', "the ERP's customer or AR-aging export")
        .addOption(
            new Option('-o, --target-org <alias|username>', 'org whose Accounts to update').conflicts('data')
        )
        .option('-d, --data <folder>', "offline: update this Data Export folder's Account.csv")
        .option('--map <pairs>', 'CSV headers to field API names: "Header=Field,Header=Field"')
        .addOption(
            new Option('--match <key>', 'how a row finds its account: ERP id, Stageplay external id, or Id')
                .choices(['erp', 'external-id', 'id'])
                .default('erp')
        )
        .option('--out <dir>', 'where failures-import-finance.csv goes', 'out')
        .option('--json', 'print one machine-readable JSON object and nothing else', false)
        .option('--dry-run', 'show which accounts and fields would change; write nothing', false)
        .action(async (flags: ImportFinanceFlags) => {
            await runCommand(context, 'import-finance', flags, (reporter) => {
                if (flags.data !== undefined && flags.targetOrg !== undefined)
                    throw new UsageError('Give either --target-org or --data, not both.');
                return importFinance(
                    {
                        file: flags.file,
                        target:
                            flags.data !== undefined
                                ? { kind: 'data', dir: path.resolve(flags.data) }
                                : { kind: 'org', targetOrg: flags.targetOrg },
                        map: flags.map,
                        match: flags.match,
                        dryRun: flags.dryRun,
                        out: flags.out
                    },
                    reporter
                );
            });
        });
}
