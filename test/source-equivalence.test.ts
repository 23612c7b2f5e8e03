/**
 * One generated history, two ways in: written as a Data Export folder by `stageplay seed --data`, and
 * replayed into the stand-in org by `stageplay seed --target-org` (then read back through Bulk API
 * 2.0). Both go through the one row → record translation, so they must give the same dataset, field
 * by field. What Salesforce assigns itself cannot match and is left out, by name: record ids (matched
 * through Stageplay_External_Id__c), CreatedDate and history timestamps (an org cannot be back-dated),
 * owners (seeded deals belong to the running user) and accounts' ids; and field changes made within
 * one stage, which the seed replays as one update per stage change.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../src/cli/__tests__/harness';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import { readDataExport } from '../src/dataExport/readDataExport';
import { readOrgDataset, readProcessFromOrg } from '../src/org';
import { seedExternalId } from '../src/ops/seed';
import type { Dataset } from '../src/dataset';
import type { StageHistoryRow } from '../src/core';
import { StandinOrg } from './standin/standinOrg';
import { emptySfHome } from './emptySfHome';
import { cliEnvFor, jsforceConnection } from './standin/testing';

jest.setTimeout(600_000);

const SEED = 11;
const DEALS = 40;
const TODAY = new Date().toISOString().slice(0, 10);
const { work, home } = emptySfHome('stageplay-equiv-');

/** The stages a deal went through, in order, each with the values the history row carried. */
function pathOf(rows: StageHistoryRow[]): Array<Omit<StageHistoryRow, 'opportunityId' | 'createdDate'>> {
    const sorted = [...rows].sort((a, b) =>
        a.createdDate < b.createdDate ? -1 : a.createdDate > b.createdDate ? 1 : 0
    );
    return sorted.map(({ opportunityId: _id, createdDate: _at, ...rest }) => rest);
}

/** The Opportunity fields whose metadata turns history tracking on (what an org records history for). */
function trackedOpportunityFields(): Set<string> {
    const dir = path.join(
        __dirname,
        '..',
        'force-app',
        'main',
        'default',
        'objects',
        'Opportunity',
        'fields'
    );
    return new Set(
        fs
            .readdirSync(dir)
            .filter((f) =>
                /<trackHistory>true<\/trackHistory>/.test(fs.readFileSync(path.join(dir, f), 'utf8'))
            )
            .map((f) => f.replace('.field-meta.xml', ''))
    );
}

function historyBy(dataset: Dataset, key: (id: string) => string) {
    const out = new Map<string, StageHistoryRow[]>();
    for (const row of dataset.stageHistory.toRows()) {
        const k = key(row.opportunityId);
        out.set(k, [...(out.get(k) ?? []), row]);
    }
    return out;
}

describe('the same generated history from a Data Export folder and from the (stand-in) org', () => {
    let org: StandinOrg;
    let fromExport: Dataset;
    let fromOrg: Dataset;
    let externalIdOf: Map<string, string>;

    beforeAll(async () => {
        jest.spyOn(os, 'homedir').mockReturnValue(home);
        org = await StandinOrg.start();
        const data = path.join(work, 'export');
        const env = cliEnvFor(org, home);
        const seedArgs = ['--deals', String(DEALS), '--seed', String(SEED), '--today', TODAY, '--json'];
        const toExport = await runCli(['seed', '--data', data, ...seedArgs], env);
        expect(toExport.code).toBe(0);
        const toOrg = await runCli(['seed', ...seedArgs, '--out', path.join(work, 'out')], env);
        expect({ code: toOrg.code, stderr: toOrg.stderr }).toEqual({ code: 0, stderr: '' });

        fromExport = await readDataExport(data, await loadProcessFromSource());
        const conn = jsforceConnection(org);
        fromOrg = await readOrgDataset(conn, await readProcessFromOrg(conn), { pollIntervalMs: 5 });
        // Org id → the generated id it was seeded from.
        const generatedIds = new Map(fromExport.opportunities.map((o) => [seedExternalId(SEED, o.id), o.id]));
        externalIdOf = new Map(
            org
                .records('Opportunity')
                .map((r) => [String(r.Id), generatedIds.get(String(r.Stageplay_External_Id__c)) ?? '?'])
        );
    });

    afterAll(async () => {
        await org.stop();
        jest.restoreAllMocks();
    });

    it('reads both without a rejected row, and with the same verdict', () => {
        expect(fromExport.problems.filter((p) => p.outcome === 'rejected')).toEqual([]);
        expect(fromOrg.problems.filter((p) => p.outcome === 'rejected')).toEqual([]);
        expect(fromOrg.quality.verdict).toBe(fromExport.quality.verdict);
    });

    it('has the same stages, field by field', () => {
        expect(fromOrg.process.stages).toEqual(fromExport.process.stages);
    });

    it('has the same opportunities, field by field (but ids, owners and timestamps)', () => {
        const comparable = (d: Dataset, idOf: (id: string) => string) =>
            d.opportunities
                .map((o) => ({
                    id: idOf(o.id),
                    name: o.name,
                    amount: o.amount,
                    closeDate: o.closeDate,
                    stageName: o.stageName,
                    probability: o.probability,
                    forecastCategory: o.forecastCategory,
                    isClosed: o.isClosed,
                    isWon: o.isWon,
                    fields: o.fields
                }))
                .sort((a, b) => a.id.localeCompare(b.id));
        const exported = comparable(fromExport, (id) => id);
        expect(exported).toHaveLength(DEALS);
        expect(comparable(fromOrg, (id) => externalIdOf.get(id) ?? `unmatched ${id}`)).toEqual(exported);
    });

    it("has the same stage history per deal: each row's stage, amount, close date, probability and category, in order", () => {
        const exported = historyBy(fromExport, (id) => id);
        const fromOrgHistory = historyBy(fromOrg, (id) => externalIdOf.get(id) ?? `unmatched ${id}`);
        expect(exported.size).toBe(DEALS);
        expect([...fromOrgHistory.keys()].sort()).toEqual([...exported.keys()].sort());
        for (const [id, rows] of exported) {
            expect({ id, path: pathOf(fromOrgHistory.get(id)!) }).toEqual({ id, path: pathOf(rows) });
        }
    });

    // The seed replays one update per stage change, so several answers given within one stage arrive
    // in the org as one change: the answers agree at every stage change, compared here as the last one.
    // An org records history only for the fields that track it (the generator writes every capture
    // field's history into the export), so the comparison covers the fields the deployed metadata tracks.
    it('has the same parameter answers in field history: the last value of every tracked field of every deal', () => {
        const tracked = trackedOpportunityFields();
        expect(tracked.size).toBeGreaterThan(0);
        const changes = (d: Dataset, idOf: (id: string) => string) => {
            const sorted = d.fieldHistory
                .toRows()
                .sort((a, b) => (a.createdDate < b.createdDate ? -1 : a.createdDate > b.createdDate ? 1 : 0));
            const out: Record<string, string> = {};
            for (const row of sorted) {
                const key = `${idOf(row.opportunityId)} ${row.field}`;
                out[key] = String(row.newValue);
            }
            return out;
        };
        const exported = Object.fromEntries(
            Object.entries(changes(fromExport, (id) => id)).filter(([key]) => tracked.has(key.split(' ')[1]))
        );
        expect(Object.keys(exported).length).toBeGreaterThan(0);
        expect(changes(fromOrg, (id) => externalIdOf.get(id) ?? `unmatched ${id}`)).toEqual(exported);
    });
});
