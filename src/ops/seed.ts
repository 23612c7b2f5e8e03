/**
 * Seeding an org with generated history. Salesforce writes OpportunityHistory and
 * OpportunityFieldHistory itself, so a deal's path is replayed as successive updates: create it in its
 * first stage, then one update per later stage change, each carrying the close date, amount,
 * probability and parameter values the deal had then. The org stamps the changes with the time of
 * seeding (CreatedDate cannot be back-dated without special permissions); the sequence is what
 * matters to the benchmarks.
 */
import type { DealPath, FieldValue } from '../core';
import { stageHistoryOf, valuesAsOf } from '../core';
import type { Dataset } from '../dataset';
import { dealPathsOf } from './learn';

export const EXTERNAL_ID_FIELD = 'Stageplay_External_Id__c';

/** The external id of a generated record: stable for a (seed, record) pair, and marked as Stageplay's. */
export function seedExternalId(seed: number, generatedId: string): string {
    return `stageplay-s${seed}-${generatedId}`;
}

export type SeedRow = Record<string, FieldValue> & { Stageplay_External_Id__c: string };

export interface SeedPlan {
    accounts: SeedRow[];
    /** rounds[0] creates each deal in its first stage; rounds[i] moves deals on to their (i+1)-th state. */
    rounds: Array<Array<SeedRow & { accountExternalId?: string | null }>>;
}

function percent(probability: number | null): number | null {
    return probability === null ? null : Math.round(probability * 1000) / 10;
}

/**
 * Plans the writes for the given deals. `skip` holds external ids already in the org: those deals are
 * left alone, which is what makes a second run a no-op rather than a second walk through the stages.
 */
export function planOrgSeed(dataset: Dataset, seed: number, skip: ReadonlySet<string> = new Set()): SeedPlan {
    const fields = Object.keys(dataset.process.fields);
    const defaultProbability = new Map(dataset.process.stages.map((s) => [s.name, s.probability]));
    const accounts = dataset.accounts.map((a): SeedRow => ({
        Stageplay_External_Id__c: seedExternalId(seed, a.id),
        Name: a.name,
        Industry: a.industry,
        NumberOfEmployees: a.numberOfEmployees
    }));
    const rounds: SeedPlan['rounds'] = [];
    const paths: DealPath[] = dealPathsOf(dataset);
    for (const path of paths) {
        const deal = path.deal;
        const externalId = seedExternalId(seed, deal.id);
        if (skip.has(externalId)) continue;
        const history = [...stageHistoryOf(path)].sort((a, b) => a.createdDate.localeCompare(b.createdDate));
        const states = history.map((row) => ({
            stageName: row.stageName,
            closeDate: row.closeDate ?? deal.closeDate,
            amount: row.amount ?? deal.amount,
            probability: row.probability,
            values: valuesAsOf(path, row.createdDate)
        }));
        const last = states[states.length - 1];
        if (
            !last ||
            last.stageName !== deal.stageName ||
            last.closeDate !== deal.closeDate ||
            last.amount !== deal.amount
        ) {
            states.push({
                stageName: deal.stageName,
                closeDate: deal.closeDate,
                amount: deal.amount,
                probability: deal.probability,
                values: deal.fields
            });
        }
        states.forEach((state, index) => {
            const row: SeedRow & { accountExternalId?: string | null } = {
                Stageplay_External_Id__c: externalId,
                StageName: state.stageName,
                CloseDate: state.closeDate,
                Amount: state.amount
            };
            // Only an override is sent: the stage's default is what Salesforce fills in on its own.
            if (state.probability !== null && state.probability !== defaultProbability.get(state.stageName)) {
                row.Probability = percent(state.probability);
            }
            for (const field of fields) {
                const value = index === states.length - 1 ? deal.fields[field] : state.values[field];
                if (value !== undefined) row[field] = value ?? null;
            }
            if (index === 0) {
                row.Name = deal.name;
                row.accountExternalId = deal.accountId ? seedExternalId(seed, deal.accountId) : null;
            }
            (rounds[index] ??= []).push(row);
        });
    }
    return { accounts, rounds };
}
