/**
 * `stageplay import-finance` end to end through the CLI: an AR-aging CSV with its own headers
 * (--map) into a Data Export folder and into the stand-in org (REST, jsforce, @salesforce/core),
 * each twice: the second run changes nothing. Bad rows are counted and reported at file:line:field,
 * rows matching no account are listed and never create one, and --dry-run writes nothing.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli, type CliRun } from '../src/cli/__tests__/harness';
import { readDataExport, writeDataExport } from '../src/dataExport';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import { shippedProcessDir } from '../src/packageRoot';
import { unknownFinanceFacts } from '../src/core';
import { StandinOrg } from './standin/standinOrg';
import { emptySfHome } from './emptySfHome';
import { cliEnvFor } from './standin/testing';

jest.setTimeout(120_000);

const { work, home } = emptySfHome('stageplay-import-finance-');
beforeAll(() => {
    // @salesforce/core finds its state through os.homedir(): point it at the empty home (see cli-org.test.ts).
    jest.spyOn(os, 'homedir').mockReturnValue(home);
});
afterAll(() => jest.restoreAllMocks());

const MAP =
    'Customer No=Stageplay_ERP_Customer_Id__c,Balance=Stageplay_Open_Balance__c,Overdue=Stageplay_Past_Due_Amount__c,' +
    'Days Late=Stageplay_Days_Past_Due__c,Terms=Stageplay_Payment_Terms__c,On Hold=Stageplay_Credit_Hold__c,' +
    'As Of=Stageplay_Finance_As_Of__c';
// Line 2 good, 3 a negative balance (value not written), 4 no account, 5 no key (rejected),
// 6 days that are not a number and terms nobody can read, 7 no account either.
const AR_AGING = [
    'Customer No,Balance,Overdue,Days Late,Terms,On Hold,As Of',
    'C-1,62000.50,1200,45,Net 30,Y,2026-11-14',
    'C-2,-5,0,0,Net 45,false,2026-11-14',
    'C-9,100,0,0,Net 30,false,2026-11-14',
    ',1,1,1,Net 30,false,2026-11-14',
    'c-3,7000,0,twelve,Whenever,0,2026-11-14',
    'C-8,1,1,1,Net 30,false,2026-11-14'
]
    .join('\n')
    .replace(',Y,', ',true,');

interface ImportResult {
    status: string;
    rows: { read: number; accepted: number; repaired: number; rejected: number };
    changed: number;
    unchanged: number;
    unmatched: Array<{ line: number; key: string; why: string }>;
    changes: Array<{ key: string; fields: Array<{ field: string; from: string; to: string }> }>;
    updated?: number;
    failures?: number;
    dataQuality: { problems: Array<{ line: number; column: string; outcome: string }> };
}

function expectReport(r: CliRun, c8 = 'matches no account'): ImportResult {
    // A row was rejected (1 of 6): the run is partial, exit 4, and says why.
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/1 of 6 rows of ar-aging\.csv were rejected/);
    const result = r.json<ImportResult>();
    expect(result.rows).toEqual({ read: 6, accepted: 5, repaired: 2, rejected: 1 });
    expect(result.unmatched).toEqual([
        { line: 4, key: 'C-9', why: 'matches no account' },
        { line: 7, key: 'C-8', why: c8 }
    ]);
    const where = result.dataQuality.problems.map((p) => `${p.line}:${p.column}:${p.outcome}`).sort();
    expect(where).toEqual([
        '3:Stageplay_Open_Balance__c:value dropped',
        '5:Stageplay_ERP_Customer_Id__c:rejected',
        '6:Stageplay_Days_Past_Due__c:value dropped',
        '6:Stageplay_Payment_Terms__c:value dropped'
    ]);
    return result;
}

/** A second import of the same CSV: the three accounts it matches already hold its values. */
function expectRerunChangedNothing(second: ImportResult): void {
    expect({ changed: second.changed, unchanged: second.unchanged, updated: second.updated }).toEqual({
        changed: 0,
        unchanged: 3,
        updated: 0
    });
}

const csvFile = path.join(work, 'ar-aging.csv');
fs.writeFileSync(csvFile, AR_AGING);

describe('import-finance into a Data Export folder', () => {
    const dir = path.join(work, 'export');
    const out = path.join(work, 'out-data');
    const accountCsv = () => fs.readFileSync(path.join(dir, 'Account.csv'), 'utf8');
    /** `import-finance` of the AR-aging CSV into the folder, with `args` between `--data` and `--json`. */
    const importCsv = (args: string[]) =>
        runCli(['import-finance', '--file', csvFile, '--data', dir, ...args, '--json']);

    beforeAll(async () => {
        const account = (n: number, erp: string | null) => ({
            id: `0015g000000000${n}AAA`,
            name: `Account ${n}`,
            industry: null,
            numberOfEmployees: null,
            finance: erp === null ? null : { ...unknownFinanceFacts(), erpCustomerId: erp, openBalance: 10 }
        });
        await writeDataExport(dir, {
            opportunityFields: [],
            opportunities: [],
            // Two accounts share C-8 but for its case: a row for it is written to neither.
            accounts: [
                account(1, 'C-1'),
                account(2, 'C-2'),
                account(3, 'C-3'),
                account(4, null),
                account(5, 'C-8'),
                account(6, 'c-8')
            ],
            accountFinance: true
        });
    });

    it('--dry-run shows the diff and writes nothing', async () => {
        const before = accountCsv();
        const r = await importCsv(['--map', MAP, '--dry-run', '--out', out]);
        const result = expectReport(r, 'matches several accounts');
        expect(result.changed).toBe(3);
        expect(result.changes.find((c) => c.key === 'C-1')!.fields).toContainEqual({
            field: 'Stageplay_Open_Balance__c',
            from: '10',
            to: '62000.5'
        });
        expect(accountCsv()).toBe(before);
    });

    it('updates the matched accounts, keeps what a bad cell would have overwritten, then changes nothing', async () => {
        const first = expectReport(await importCsv(['--map', MAP, '--out', out]), 'matches several accounts');
        expect(first.updated).toBe(3);
        const salesProcess = await loadProcessFromSource(shippedProcessDir());
        const read = await readDataExport(dir, salesProcess);
        const facts = new Map(read.accounts.map((a) => [a.id, a.finance]));
        expect(facts.get('0015g0000000001AAA')).toMatchObject({
            openBalance: 62000.5,
            pastDueAmount: 1200,
            daysPastDue: 45,
            paymentTerms: 'Net 30',
            creditHold: true,
            asOf: '2026-11-14'
        });
        // The negative balance was not written: the account keeps 10.
        expect(facts.get('0015g0000000002AAA')).toMatchObject({ openBalance: 10, pastDueAmount: 0 });
        // ERP ids match whatever their case; the unreadable days and terms were not written.
        expect(facts.get('0015g0000000003AAA')).toMatchObject({
            openBalance: 7000,
            daysPastDue: null,
            paymentTerms: null
        });
        expect(read.accounts).toHaveLength(6);
        expect(facts.get('0015g0000000005AAA')!.openBalance).toBe(10);
        expect(facts.get('0015g0000000006AAA')!.openBalance).toBe(10);
        const after = accountCsv();

        const second = expectReport(
            await importCsv(['--map', MAP, '--out', out]),
            'matches several accounts'
        );
        expectRerunChangedNothing(second);
        expect(accountCsv()).toBe(after);
    });

    it('names the header a --map entry is missing from, and a mapping to a field it does not write', async () => {
        const missing = await importCsv(['--map', 'Saldo=Stageplay_Open_Balance__c']);
        expect(missing.code).toBe(2);
        expect(missing.stdout).toMatch(/ar-aging\.csv: --map names the column \\"saldo\\"/);
        const wrong = await importCsv(['--map', 'Balance=AnnualRevenue']);
        expect(wrong.code).toBe(2);
        expect(wrong.stdout).toMatch(/AnnualRevenue is not a field import-finance writes/);
    });
});

describe('import-finance into an org (stand-in)', () => {
    let org: StandinOrg;
    const out = path.join(work, 'out-org');
    const run = (args: string[]) => runCli([...args, '--json'], cliEnvFor(org, home));
    const byErp = () =>
        new Map(org.records('Account').map((a) => [String(a.Stageplay_ERP_Customer_Id__c), a]));

    beforeAll(async () => {
        org = await StandinOrg.start();
        org.seed('Account', [
            { Name: 'Account 1', Stageplay_ERP_Customer_Id__c: 'C-1', Stageplay_Open_Balance__c: 10 },
            { Name: 'Account 2', Stageplay_ERP_Customer_Id__c: 'C-2', Stageplay_Open_Balance__c: 10 },
            { Name: 'Account 3', Stageplay_ERP_Customer_Id__c: 'C-3', Stageplay_Open_Balance__c: 10 },
            { Name: 'Account 4' }
        ]);
    });
    afterAll(async () => {
        await org.stop();
    });

    it('round-trips the CSV by ERP id, twice: the second run updates nothing', async () => {
        const dry = expectReport(
            await run(['import-finance', '--file', csvFile, '--map', MAP, '--dry-run', '--out', out])
        );
        expect(dry.changed).toBe(3);
        expect(byErp().get('C-1')!.Stageplay_Open_Balance__c).toBe(10);

        const first = expectReport(
            await run(['import-finance', '--file', csvFile, '--map', MAP, '--out', out])
        );
        expect({ updated: first.updated, failures: first.failures }).toEqual({ updated: 3, failures: 0 });
        const accounts = byErp();
        expect(accounts.get('C-1')).toMatchObject({
            Stageplay_Open_Balance__c: 62000.5,
            Stageplay_Past_Due_Amount__c: 1200,
            Stageplay_Days_Past_Due__c: 45,
            Stageplay_Payment_Terms__c: 'Net 30',
            Stageplay_Credit_Hold__c: true,
            Stageplay_Finance_As_Of__c: '2026-11-14'
        });
        expect(accounts.get('C-2')!.Stageplay_Open_Balance__c).toBe(10);
        expect(accounts.get('C-3')!.Stageplay_Open_Balance__c).toBe(7000);
        // Nothing was created for C-8, C-9 or the row without a key.
        expect(org.records('Account')).toHaveLength(4);
        expect(fs.existsSync(path.join(out, 'failures-import-finance.csv'))).toBe(false);

        const second = expectReport(
            await run(['import-finance', '--file', csvFile, '--map', MAP, '--out', out])
        );
        expectRerunChangedNothing(second);
    });

    it('matches by Salesforce Id and sets the ERP id of an account that had none', async () => {
        const id = org.records('Account').find((a) => a.Name === 'Account 4')!.Id as string;
        const file = path.join(work, 'by-id.csv');
        fs.writeFileSync(file, `Id,Stageplay_ERP_Customer_Id__c,Stageplay_Open_Balance__c\n${id},C-4,500\n`);
        const r = await run(['import-finance', '--file', file, '--match', 'id', '--out', out]);
        expect(r.code).toBe(0);
        expect(r.json<ImportResult>().updated).toBe(1);
        expect(byErp().get('C-4')).toMatchObject({ Id: id, Stageplay_Open_Balance__c: 500 });
        expect(
            (
                await run(['import-finance', '--file', file, '--match', 'id', '--out', out])
            ).json<ImportResult>().changed
        ).toBe(0);
    });
});
