/**
 * The accounting-fact columns of Account.csv: read typed and checked (a bad cell loses its value,
 * never the account, and is reported at file:line:field), written back as read, and absent columns
 * mean "no facts" rather than facts that are all blank.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readDataExport, writeDataExport } from '../index';
import { FINANCE_COLUMNS } from '../../records/finance';
import { sampleProcess } from './fixtures/process';
import { LATE_PAYER_FACTS } from './fixtures/lateAccountFacts';

const OPPORTUNITY = [
    'Id,Name,AccountId,OwnerId,Amount,CloseDate,StageName,CreatedDate',
    '006A,Deal,001A,005A,1000,2026-03-01,Prospecting,2026-01-05T10:00:00.000Z'
].join('\n');
const FINANCE_HEADER = FINANCE_COLUMNS.join(',');

let dir: string;
beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stageplay-finance-'));
});
afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
});

async function read(accountCsv: string) {
    await writeFile(join(dir, 'Opportunity.csv'), OPPORTUNITY);
    await writeFile(join(dir, 'Account.csv'), accountCsv);
    return readDataExport(dir, sampleProcess(), { now: new Date('2026-11-20T00:00:00Z') });
}

describe('Account.csv accounting facts', () => {
    it('reads good facts typed, and bad cells as blank values with a problem at file:line:field', async () => {
        const data = await read(
            [
                `Id,Name,${FINANCE_HEADER}`,
                '001A,Acme,C-1,50000,Net 30,62000.5,1200,45,2026-10-01,true,2026-11-14',
                '001B,Beta,C-2,-5,Whenever,abc,0,twelve,2026-02-30,maybe,2026-11-14',
                '001C,Gamma,,,,,,,,,'
            ].join('\n')
        );
        const byId = new Map(data.accounts.map((a) => [a.id, a]));
        expect(byId.get('001A')!.finance).toEqual(LATE_PAYER_FACTS);
        // Every bad cell is blank, the account and its good cells are kept.
        expect(byId.get('001B')!.finance).toEqual({
            erpCustomerId: 'C-2',
            creditLimit: null,
            paymentTerms: null,
            openBalance: null,
            pastDueAmount: 0,
            daysPastDue: null,
            lastInvoiceDate: null,
            creditHold: null,
            asOf: '2026-11-14'
        });
        expect(byId.get('001C')!.finance!.openBalance).toBeNull();
        const line3 = data.problems.filter((p) => p.source === 'Account.csv' && p.line === 3);
        expect(line3.map((p) => [p.column, p.outcome])).toEqual([
            ['Stageplay_Credit_Limit__c', 'value dropped'],
            ['Stageplay_Payment_Terms__c', 'value dropped'],
            ['Stageplay_Open_Balance__c', 'value dropped'],
            ['Stageplay_Days_Past_Due__c', 'value dropped'],
            ['Stageplay_Last_Invoice_Date__c', 'value dropped'],
            ['Stageplay_Credit_Hold__c', 'value dropped']
        ]);
        expect(line3[0].message).toMatch(/-5 is negative/);
        expect(line3[1].message).toMatch(/"Whenever" is not payment terms/);
        expect(line3[3].message).toMatch(/"twelve" is not a number/);
        const tally = data.quality.sources.find((s) => s.source === 'Account.csv')!;
        expect(tally).toMatchObject({ read: 3, accepted: 3, repaired: 1, rejected: 0 });
    });

    it('gives an account without the columns no facts at all, and reads only the columns present', async () => {
        const none = await read(['Id,Name', '001A,Acme'].join('\n'));
        expect(none.accounts[0].finance).toBeNull();
        const some = await read(['Id,Name,Stageplay_Past_Due_Amount__c', '001A,Acme,300'].join('\n'));
        expect(some.accounts[0].finance).toMatchObject({
            pastDueAmount: 300,
            openBalance: null,
            creditHold: null
        });
    });

    it('writes the facts back as it read them', async () => {
        const data = await read(
            [
                `Id,Name,${FINANCE_HEADER}`,
                '001A,Acme,C-1,50000,Net 30,62000.5,1200,45,2026-10-01,true,2026-11-14'
            ].join('\n')
        );
        const out = join(dir, 'out');
        await writeDataExport(out, {
            opportunityFields: [],
            opportunities: data.opportunities,
            accounts: data.accounts,
            accountFinance: true
        });
        expect(await readFile(join(out, 'Account.csv'), 'utf8')).toContain(
            '"C-1","50000","Net 30","62000.5","1200","45","2026-10-01","true","2026-11-14"'
        );
        const again = await readDataExport(out, sampleProcess(), { now: new Date('2026-11-20T00:00:00Z') });
        expect(again.accounts[0].finance).toEqual(data.accounts[0].finance);
    });
});
