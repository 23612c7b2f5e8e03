/**
 * `stageplay seed` as a function: realistic, deterministic sales history for a sandbox (external-id
 * upserts that replay each deal's stage path) or a Data Export folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Connection } from 'jsforce';
import type { ProcessDefinition } from '../core';
import { RefusedError } from '../errors';
import type { Reporter } from '../output';
import { checkOutputFolder } from '../outputPaths';
import { describeProcessDir } from '../packageRoot';
import { loadProcessFromSource } from '../metadata/loadProcess';
import { readDataExport } from '../dataExport/readDataExport';
import { generateDataExport } from '../generate/generateHistory';
import { isProductionOrg, readProcessFromOrg } from '../org';
import { todayUtc } from './asOf';
import { orgLabelOf, queryAll } from './orgRecords';
import { emptyTally, reportFailures, upsertWithProgress, type WriteTally } from './orgWrite';
import { outcomeOf, type CommandOutcome } from './outcome';
import { EXTERNAL_ID_FIELD, planOrgSeed, type SeedPlan } from './seed';
import { connect, type SourceChoice } from './source';

export const DEFAULT_SEED_DEALS = 500;

export interface SeedOptions {
    source: SourceChoice;
    deals: number;
    seed: number;
    /** History ends on this date, `YYYY-MM-DD`; today (UTC) when undefined. */
    today?: string;
    /** Where failures-seed.csv goes. */
    out: string;
    dryRun: boolean;
    allowProduction: boolean;
}

async function existingExternalIds(connection: Connection, sobject: string): Promise<Map<string, string>> {
    const rows = await queryAll<{ Id: string; Stageplay_External_Id__c: string }>(
        connection,
        `SELECT Id, ${EXTERNAL_ID_FIELD} FROM ${sobject} WHERE ${EXTERNAL_ID_FIELD} != null`
    );
    return new Map(rows.map((r) => [r.Stageplay_External_Id__c, r.Id]));
}

async function generateInMemory(salesProcess: ProcessDefinition, options: SeedOptions, today: string) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-seed-'));
    try {
        await generateDataExport(dir, salesProcess, { seed: options.seed, deals: options.deals, today });
        return await readDataExport(dir, salesProcess);
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
    const results = await upsertWithProgress(connection, 'Account', EXTERNAL_ID_FIELD, newAccounts, tally, {
        reporter,
        label: 'Accounts'
    });
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
        await upsertWithProgress(connection, 'Opportunity', EXTERNAL_ID_FIELD, live, tally, {
            reporter,
            label: index === 0 ? 'Opportunities' : `Round ${index}`
        });
    }
}

/** Offline: a Data Export folder the generator writes directly. */
async function seedDataExport(
    source: Extract<SourceChoice, { kind: 'data' }>,
    options: SeedOptions,
    today: string,
    reporter: Reporter
): Promise<CommandOutcome> {
    checkOutputFolder(source.dir, '--data');
    reporter.step(`Reading the process from ${describeProcessDir(source.sourceDir)}`);
    const salesProcess = await loadProcessFromSource(source.sourceDir);
    const base = { target: source.dir, deals: options.deals, seed: options.seed, today };
    if (options.dryRun) {
        reporter.info(`Dry run: would write ${options.deals} deals (seed ${options.seed}) to ${source.dir}.`);
        return { result: { ...base, dryRun: true } };
    }
    reporter.step(
        `Generating ${options.deals} deals (seed ${options.seed}, history to ${today}) into ${source.dir}`
    );
    await generateDataExport(source.dir, salesProcess, { seed: options.seed, deals: options.deals, today });
    const files = fs
        .readdirSync(source.dir)
        .filter((f) => f.endsWith('.csv'))
        .sort();
    reporter.info(`Wrote ${files.join(', ')} to ${source.dir}`);
    return { result: { ...base, dryRun: false, files } };
}

export async function seedHistory(options: SeedOptions, reporter: Reporter): Promise<CommandOutcome> {
    const source = options.source;
    const today = options.today ?? todayUtc();
    if (source.kind === 'data') return seedDataExport(source, options, today, reporter);

    const connection = await connect(source.targetOrg);
    if ((await isProductionOrg(connection)) && !options.allowProduction) {
        throw new RefusedError(
            `${orgLabelOf(connection) ?? 'The target org'} is a production org. Seeding writes hundreds of ` +
                'made-up deals; use a sandbox or scratch org, or pass --allow-production if you really mean it.'
        );
    }
    reporter.step('Reading stages, plays and parameters from the org');
    const salesProcess = await readProcessFromOrg(connection);
    reporter.step(`Generating ${options.deals} deals (seed ${options.seed}, history to ${today})`);
    const dataset = await generateInMemory(salesProcess, options, today);
    const existing = await existingExternalIds(connection, 'Opportunity');
    const plan = planOrgSeed(dataset, options.seed, new Set(existing.keys()));
    const newDeals = plan.rounds[0]?.length ?? 0;
    const updates = plan.rounds.slice(1).reduce((n, r) => n + r.length, 0);
    const summary = {
        target: orgLabelOf(connection) ?? null,
        deals: options.deals,
        seed: options.seed,
        today,
        alreadySeeded: dataset.opportunities.length - newDeals,
        toCreate: newDeals,
        stageUpdates: updates,
        accounts: plan.accounts.length
    };
    reporter.info(
        `${newDeals} deals to create (${summary.alreadySeeded} already seeded), ${updates} stage updates in ${Math.max(0, plan.rounds.length - 1)} rounds.`
    );
    if (options.dryRun) {
        reporter.info('Dry run: nothing written to the org.');
        return { result: { ...summary, dryRun: true } };
    }
    const tally = emptyTally();
    await writePlan(connection, plan, reporter, tally);
    const failuresFile = await reportFailures(path.resolve(options.out), 'seed', tally);
    reporter.info(
        `Seeded: ${tally.created} records created, ${tally.updated} updates, ${tally.failures.length} failures.`
    );
    const result = {
        ...summary,
        dryRun: false,
        created: tally.created,
        updated: tally.updated
    };
    return outcomeOf(result, tally, 'rows', failuresFile);
}
