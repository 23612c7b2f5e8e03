/**
 * The org reader and the Account's accounting-fact fields: read when the org has them (through the
 * same translation as Account.csv), and when it has none, no account has facts and the ledger says
 * so once instead of reading them as blanks.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readOrgDataset } from '../src/org';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import type { ProcessDefinition } from '../src/core';
import { StandinOrg } from './standin/standinOrg';
import { jsforceConnection } from './standin/testing';
import { LATE_PAYER_FACTS } from '../src/dataExport/__tests__/fixtures/lateAccountFacts';

const metadataRoot = path.resolve(__dirname, '..', 'force-app', 'main', 'default');
const fastBulk = { pollIntervalMs: 1 };

async function seedDeal(org: StandinOrg, accountId: string): Promise<void> {
    const [ownerId] = org.seed('User', [
        { FirstName: 'Rep', LastName: 'One', Username: 'rep1@x.test', IsActive: true }
    ]);
    const [oppId] = org.seed('Opportunity', [
        {
            Name: 'Deal',
            AccountId: accountId,
            StageName: 'Discovery',
            CloseDate: '2026-12-15',
            Amount: 5000,
            Probability: 20,
            OwnerId: ownerId,
            CreatedDate: '2026-01-01T08:00:00.000Z'
        }
    ]);
    org.seed('OpportunityHistory', [
        { OpportunityId: oppId, StageName: 'Discovery', CreatedDate: '2026-01-01T08:00:00.000Z' }
    ]);
}

describe('readOrgDataset and the accounting facts', () => {
    let repoProcess: ProcessDefinition;
    beforeAll(async () => {
        repoProcess = await loadProcessFromSource(metadataRoot);
    });

    it('reads the fields an org has into the account facts', async () => {
        const org = await StandinOrg.start();
        try {
            const [withFacts, without] = org.seed('Account', [
                {
                    Name: 'Late Payer',
                    Stageplay_ERP_Customer_Id__c: 'C-1',
                    Stageplay_Credit_Limit__c: 50000,
                    Stageplay_Payment_Terms__c: 'Net 30',
                    Stageplay_Open_Balance__c: 62000.5,
                    Stageplay_Past_Due_Amount__c: 1200,
                    Stageplay_Days_Past_Due__c: 45,
                    Stageplay_Last_Invoice_Date__c: '2026-10-01',
                    Stageplay_Credit_Hold__c: true,
                    Stageplay_Finance_As_Of__c: '2026-11-14'
                },
                { Name: 'Never Invoiced' }
            ]);
            await seedDeal(org, withFacts);
            const data = await readOrgDataset(jsforceConnection(org), repoProcess, fastBulk);
            const facts = new Map(data.accounts.map((a) => [a.id, a.finance]));
            expect(facts.get(withFacts)).toEqual(LATE_PAYER_FACTS);
            expect(facts.get(without)).toMatchObject({
                openBalance: null,
                pastDueAmount: null,
                erpCustomerId: null
            });
            expect(data.quality.notes.join('\n')).not.toMatch(/accounting-fact fields/);
        } finally {
            await org.stop();
        }
    });

    it('gives no account facts, and says so once, in an org without the fields', async () => {
        // The org's stages, none of Stageplay's objects or fields.
        const root = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-bare-org-'));
        fs.cpSync(path.join(metadataRoot, 'standardValueSets'), path.join(root, 'standardValueSets'), {
            recursive: true
        });
        const org = await StandinOrg.start({ metadataRoot: root });
        try {
            const [accountId] = org.seed('Account', [{ Name: 'Plain' }]);
            await seedDeal(org, accountId);
            const bare: ProcessDefinition = { ...repoProcess, plays: [], parameters: [], fields: {} };
            const data = await readOrgDataset(jsforceConnection(org), bare, fastBulk);
            expect(data.accounts.map((a) => a.finance)).toEqual([null]);
            const notes = data.quality.notes.filter((n) => /accounting-fact fields/.test(n));
            expect(notes).toHaveLength(1);
            expect(notes[0]).toMatch(
                /not in the org or not readable by this user: no account has finance facts/
            );
        } finally {
            await org.stop();
            fs.rmSync(root, { recursive: true, force: true });
        }
    });
});
