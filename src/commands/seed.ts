/**
 * `stageplay seed`: realistic, deterministic sales history for a sandbox or a Data Export folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Command } from 'commander';
import type { Connection } from 'jsforce';
import {
    addSourceOptions,
    parseIsoDate,
    MAX_DEALS,
    parseDealCount,
    parseRandomSeed,
    sourceOf,
    todayUtc
} from '../cli/flags';
import { runCommand, type CliContext } from '../cli/run';
import { RefusedError } from '../errors';
import { checkOutputFolder } from '../cli/outputPaths';
import { describeProcessDir } from '../packageRoot';
import type { Reporter } from '../output';
import { loadProcessFromSource } from '../metadata/loadProcess';
import { readDataExport } from '../dataExport/readDataExport';
import { generateDataExport } from '../generate/generateHistory';
import { isProductionOrg, readProcessFromOrg } from '../org';
import { connect } from '../ops/source';
import { orgLabelOf, queryAll } from '../ops/orgRecords';
import { EXTERNAL_ID_FIELD, planOrgSeed, type SeedPlan } from '../ops/seed';
import { emptyTally, reportFailures, upsertInto, type WriteTally, outcomeOf } from '../ops/orgWrite';
import type { ProcessDefinition } from '../../force-app/main/default/lwc/stageplayCore/types';

interface SeedFlags {
    targetOrg?: string;
    data?: string;
    sourceDir: string;
    deals: number;
    seed: number;
    today?: string;
    out: string;
    json: boolean;
    dryRun: boolean;
    allowProduction: boolean;
}

export const DEFAULT_SEED_DEALS = 500;

async function existingExternalIds(connection: Connection, sobject: string): Promise<Map<string, string>> {
    const rows = await queryAll<{ Id: string; Stageplay_External_Id__c: string }>(
        connection,
        `SELECT Id, ${EXTERNAL_ID_FIELD} FROM ${sobject} WHERE ${EXTERNAL_ID_FIELD} != null`
    );
    return new Map(rows.map((r) => [r.Stageplay_External_Id__c, r.Id]));
}

async function generateInMemory(process: ProcessDefinition, flags: SeedFlags, today: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-seed-'));
    try {
        await generateDataExport(dir, process, { seed: flags.seed, deals: flags.deals, today });
        return await readDataExport(dir, process);
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

async function writePlan(
    connection: Connection,
    plan: SeedPlan,
    reporter: Reporter,
    tally: WriteTally
): Promise<void> {
    const accountIds = await existingExternalIds(connection, 'Account');
    const newAccounts = plan.accounts.filter((a) => !accountIds.has(a.Stageplay_External_Id__c));
    reporter.step(
        `Accounts: ${newAccounts.length} to create, ${plan.accounts.length - newAccounts.length} already there`
    );
    const bar = reporter.progress('Accounts', newAccounts.length);
    const results = await upsertInto(connection, 'Account', EXTERNAL_ID_FIELD, newAccounts, tally, (n) =>
        bar.update(n)
    );
    bar.stop();
    for (const r of results) if (r.success && r.id) accountIds.set(r.key, r.id);

    for (const [index, round] of plan.rounds.entries()) {
        const rows = round.map(({ accountExternalId, ...row }) =>
            index === 0
                ? {
                      ...row,
                      AccountId: accountExternalId ? (accountIds.get(accountExternalId) ?? null) : null
                  }
                : row
        );
        // A deal whose creation failed would fail every later round too: one failure row per deal is enough.
        const failed = tally.failedKeys;
        const live = rows.filter((r) => !failed.has(r.Stageplay_External_Id__c));
        reporter.step(
            index === 0
                ? `Opportunities: creating ${live.length} in their first stage`
                : `Stage changes, round ${index}: ${live.length} deals`
        );
        const roundBar = reporter.progress(index === 0 ? 'Opportunities' : `Round ${index}`, live.length);
        await upsertInto(connection, 'Opportunity', EXTERNAL_ID_FIELD, live, tally, (n) =>
            roundBar.update(n)
        );
        roundBar.stop();
    }
}

export function registerSeed(program: Command, context: CliContext): void {
    const command = program
        .command('seed')
        .summary('write realistic, deterministic sales history to an org or a Data Export folder')
        .description(
            'Generates accounts and opportunities whose stage paths, amounts, slips and parameter answers\n' +
                'behave like real history (reps who pad stages, parameters that predict outcomes). To an org it\n' +
                "upserts on Stageplay_External_Id__c and replays each deal's stage path as successive updates,\n" +
                "so the org's OpportunityHistory records it; deals already seeded are left alone, so re-running\n" +
                'is idempotent. Refuses a production org unless --allow-production. With --data it writes a\n' +
                'Data Export folder (Opportunity.csv, OpportunityHistory.csv, ...).'
        );
    addSourceOptions(command)
        .option(
            '--deals <n>',
            `how many opportunities, 1-${MAX_DEALS.toLocaleString('en-US')}`,
            parseDealCount,
            DEFAULT_SEED_DEALS
        )
        .option('--seed <n>', 'random seed: the same seed gives the same history', parseRandomSeed, 42)
        .option('--today <date>', 'history ends on this date, YYYY-MM-DD (default: today)', parseIsoDate)
        .option('--out <dir>', 'where failures-seed.csv goes', 'out')
        .option('--json', 'print one machine-readable JSON object and nothing else', false)
        .option('--dry-run', 'generate and count; write nothing', false)
        .option('--allow-production', 'allow seeding a production org (never do this by accident)', false)
        .addHelpText(
            'after',
            '\nExamples:\n' +
                '  $ stageplay seed --target-org my-sandbox --deals 300 --seed 7\n' +
                '  $ stageplay seed --data out/history --deals 100000 --seed 1 --today 2026-06-30\n'
        )
        .action(async (flags: SeedFlags) => {
            await runCommand(context, 'seed', flags, async (reporter) => {
                const source = sourceOf(flags);
                const today = flags.today ?? todayUtc();
                if (source.kind === 'data') {
                    checkOutputFolder(source.dir, '--data');
                    reporter.step(`Reading the process from ${describeProcessDir(source.sourceDir)}`);
                    const process = await loadProcessFromSource(source.sourceDir);
                    if (flags.dryRun) {
                        reporter.info(
                            `Dry run: would write ${flags.deals} deals (seed ${flags.seed}) to ${source.dir}.`
                        );
                        return {
                            result: {
                                target: source.dir,
                                deals: flags.deals,
                                seed: flags.seed,
                                today,
                                dryRun: true
                            }
                        };
                    }
                    reporter.step(
                        `Generating ${flags.deals} deals (seed ${flags.seed}, history to ${today}) into ${source.dir}`
                    );
                    await generateDataExport(source.dir, process, {
                        seed: flags.seed,
                        deals: flags.deals,
                        today
                    });
                    const files = fs
                        .readdirSync(source.dir)
                        .filter((f) => f.endsWith('.csv'))
                        .sort();
                    reporter.info(`Wrote ${files.join(', ')} to ${source.dir}`);
                    return {
                        result: {
                            target: source.dir,
                            deals: flags.deals,
                            seed: flags.seed,
                            today,
                            dryRun: false,
                            files
                        }
                    };
                }

                const connection = await connect(source.targetOrg);
                if ((await isProductionOrg(connection)) && !flags.allowProduction) {
                    throw new RefusedError(
                        `${orgLabelOf(connection) ?? 'The target org'} is a production org. Seeding writes hundreds of ` +
                            'made-up deals; use a sandbox or scratch org, or pass --allow-production if you really mean it.'
                    );
                }
                reporter.step('Reading stages, plays and parameters from the org');
                const process = await readProcessFromOrg(connection);
                reporter.step(`Generating ${flags.deals} deals (seed ${flags.seed}, history to ${today})`);
                const dataset = await generateInMemory(process, flags, today);
                const existing = await existingExternalIds(connection, 'Opportunity');
                const plan = planOrgSeed(dataset, flags.seed, new Set(existing.keys()));
                const newDeals = plan.rounds[0]?.length ?? 0;
                const updates = plan.rounds.slice(1).reduce((n, r) => n + r.length, 0);
                const summary = {
                    target: orgLabelOf(connection) ?? null,
                    deals: flags.deals,
                    seed: flags.seed,
                    today,
                    alreadySeeded: dataset.opportunities.length - newDeals,
                    toCreate: newDeals,
                    stageUpdates: updates,
                    accounts: plan.accounts.length
                };
                reporter.info(
                    `${newDeals} deals to create (${summary.alreadySeeded} already seeded), ${updates} stage updates in ${Math.max(0, plan.rounds.length - 1)} rounds.`
                );
                if (flags.dryRun) {
                    reporter.info('Dry run: nothing written to the org.');
                    return { result: { ...summary, dryRun: true } };
                }
                const tally = emptyTally();
                await writePlan(connection, plan, reporter, tally);
                const failuresFile = await reportFailures(path.resolve(flags.out), 'seed', tally);
                reporter.info(
                    `Seeded: ${tally.created} records created, ${tally.updated} updates, ${tally.failures.length} failures.`
                );
                const result = {
                    ...summary,
                    dryRun: false,
                    created: tally.created,
                    updated: tally.updated,
                    failures: tally.failedKeys.size,
                    failuresFile
                };
                return outcomeOf(result, tally, 'rows', failuresFile);
            });
        });
}
