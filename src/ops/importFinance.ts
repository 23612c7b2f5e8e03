/**
 * `stageplay import-finance` as a function: loads an ERP's customer or AR-aging export (a CSV) onto
 * the Accounts' accounting-fact fields (docs/account-finance.md), in an org or in a Data Export
 * folder's Account.csv. Every row is checked with the same rules the readers use (a bad cell is not
 * written and is reported at file:line:column in the data-quality ledger), matched to an account by
 * the ERP id, the Stageplay external id or the Salesforce Id, and diffed against what the account
 * holds: only accounts whose facts change are written, so a second run writes nothing and says so.
 * Accounts are never created (a row no account matches is reported) and nothing is deleted.
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { Connection } from 'jsforce';
import type { DataProblem, ProblemOutcome } from '../dataset';
import { DATA_EXPORT_FILES } from '../dataExport/layout';
import { detectEncoding, readCsvRows } from '../dataExport/csvFile';
import { csvRowsOfText } from '../dataExport/csvTokens';
import { UsageError } from '../errors';
import { defaultRetryPolicy } from '../org';
import { describeFinanceFields } from '../org/accountFinance';
import { formatTable, type Reporter } from '../output';
import {
    ERP_ID_FIELD,
    FINANCE_FIELDS,
    type FinanceField,
    type FinanceValue,
    formatFinanceValue,
    parseFinanceCell
} from '../records/finance';
import { DataQualityLedger } from '../records/ledger';
import { dataQualityJson } from '../report/dataQuality';
import { queryAll } from './orgRecords';
import { emptyTally, reportFailures, upsertWithProgress } from './orgWrite';
import { outcomeOf, type CommandOutcome } from './outcome';
import { connect } from './source';

export type FinanceMatch = 'erp' | 'external-id' | 'id';

/** The Account field each way of matching reads the key from. */
export const MATCH_FIELDS: Record<FinanceMatch, string> = {
    erp: ERP_ID_FIELD,
    'external-id': 'Stageplay_External_Id__c',
    id: 'Id'
};

export interface ImportFinanceOptions {
    /** The ERP's CSV. */
    file: string;
    target: { kind: 'org'; targetOrg: string | undefined } | { kind: 'data'; dir: string };
    /** `Header=Field,...`: CSV headers that are not the field API names. */
    map?: string;
    match: FinanceMatch;
    dryRun: boolean;
    /** Where failures-import-finance.csv goes. */
    out: string;
}

/** One CSV row that passed: the account key and the facts it brings (only the columns it has). */
interface FinanceRow {
    line: number;
    key: string;
    values: Map<FinanceField, FinanceValue>;
}

interface Change {
    field: string;
    from: string;
    to: string;
}

interface AccountChange {
    key: string;
    line: number;
    /** The account's own key value (the org's spelling of an ERP id), used to write. */
    accountKey: string;
    changes: Change[];
}

/** The account as the target holds it: its key and the current cells of the finance fields. */
interface TargetAccount {
    key: string;
    current: (field: FinanceField) => FinanceValue | string;
}

/** A key several accounts share (an export edited by hand, ERP ids differing only in case): written to none. */
const AMBIGUOUS = 'ambiguous';
type TargetIndex = Map<string, TargetAccount | typeof AMBIGUOUS>;

/** `Customer No=Stageplay_ERP_Customer_Id__c, Balance=Stageplay_Open_Balance__c` → header → field. */
export function parseFinanceMap(text: string | undefined, keyField: string): Map<string, string> {
    const known = new Map(
        [...FINANCE_FIELDS.map((f) => f.field), keyField].map((f) => [f.toLowerCase(), f] as const)
    );
    const map = new Map<string, string>();
    if (!text) return map;
    for (const part of text.split(',')) {
        if (part.trim() === '') continue;
        const eq = part.lastIndexOf('=');
        const header = eq < 0 ? '' : part.slice(0, eq).trim();
        const field = eq < 0 ? '' : part.slice(eq + 1).trim();
        if (!header || !field)
            throw new UsageError(
                `--map: "${part.trim()}" is not Header=Field (e.g. "Balance=Stageplay_Open_Balance__c").`
            );
        const apiName = known.get(field.toLowerCase());
        if (!apiName)
            throw new UsageError(
                `--map: ${field} is not a field import-finance writes (expected one of ${[...known.values()].join(', ')}).`
            );
        if ([...map.values()].includes(apiName))
            throw new UsageError(`--map: two headers are mapped to ${apiName}.`);
        map.set(header.toLowerCase(), apiName);
    }
    return map;
}

/** Reads and checks the CSV: every row is counted in the ledger, accepted rows carry their facts. */
async function readFinanceCsv(
    file: string,
    map: Map<string, string>,
    keyField: string,
    ledger: DataQualityLedger
): Promise<{ rows: FinanceRow[]; fields: FinanceField[] }> {
    const source = path.basename(file);
    const tally = ledger.tally(source);
    const columnOf = new Map<string, string>();
    let fields: FinanceField[] = [];
    let width = 0;
    const rows: FinanceRow[] = [];
    const seen = new Set<string>();
    const issue = (
        line: number,
        column: string | null,
        key: string | null,
        outcome: ProblemOutcome,
        kind: string,
        message: string
    ) => {
        const problem: DataProblem = { source, line, column, recordId: key, message, outcome };
        ledger.issue(problem, kind);
    };
    for await (const row of readCsvRows(file, [], (header) => {
        width = header.columns.length;
        // Headers that are field API names count as such; a --map entry wins over them.
        for (const column of header.columns) columnOf.set(column.toLowerCase(), column);
        for (const column of header.columns) {
            const field = map.get(column.toLowerCase());
            if (field) columnOf.set(field.toLowerCase(), column);
        }
        for (const header_ of map.keys()) {
            if (!header.has(header_))
                throw new UsageError(
                    `${source}: --map names the column "${header_}", which is not in the header.`
                );
        }
        if (!columnOf.has(keyField.toLowerCase()))
            throw new UsageError(
                `${source}: no column for ${keyField}, the key of --match; add it or map one (--map "Customer No=${keyField}").`
            );
        fields = FINANCE_FIELDS.filter((f) => columnOf.has(f.field.toLowerCase()));
        if (fields.filter((f) => f.field !== keyField).length === 0)
            throw new UsageError(
                `${source}: no column holds an accounting fact (headers are the field API names, or map them with --map).`
            );
    })) {
        tally.read++;
        const cell = (field: string) => row.get(columnOf.get(field.toLowerCase()) ?? '\u0000');
        const rawKey = cell(keyField)?.trim() ?? '';
        const key = keyField === 'Id' ? rawKey : rawKey.toLowerCase();
        if (row.cellCount !== width) {
            issue(
                row.line,
                null,
                rawKey || null,
                'rejected',
                'wrong number of cells',
                `expected ${width} cells as in the header, found ${row.cellCount} (a stray quote or delimiter?)`
            );
            tally.rejected++;
            continue;
        }
        if (!rawKey) {
            issue(
                row.line,
                keyField,
                null,
                'rejected',
                `${keyField} blank`,
                `${keyField} is blank: the row matches no account`
            );
            tally.rejected++;
            continue;
        }
        if (seen.has(key)) {
            issue(
                row.line,
                keyField,
                rawKey,
                'rejected',
                `duplicate ${keyField}`,
                `${keyField}: ${rawKey} appears more than once; the first row is used`
            );
            tally.rejected++;
            continue;
        }
        seen.add(key);
        const values = new Map<FinanceField, FinanceValue>();
        let repaired = false;
        for (const field of fields) {
            if (field.field === keyField) continue;
            const parsed = parseFinanceCell(field, cell(field.field));
            if (parsed.ok) values.set(field, parsed.value);
            else {
                repaired = true;
                issue(
                    row.line,
                    field.field,
                    rawKey,
                    'value dropped',
                    `${field.field} unreadable`,
                    `${field.field}: ${parsed.message}; not written (the account keeps its value)`
                );
            }
        }
        tally.accepted++;
        if (repaired) tally.repaired++;
        rows.push({ line: row.line, key: rawKey, values });
    }
    return { rows, fields };
}

function diffRows(
    rows: FinanceRow[],
    accounts: TargetIndex,
    keyField: string
): { changed: AccountChange[]; unchanged: number; unmatched: Array<FinanceRow & { why: string }> } {
    const changed: AccountChange[] = [];
    const unmatched: Array<FinanceRow & { why: string }> = [];
    let unchanged = 0;
    for (const row of rows) {
        const account = accounts.get(keyField === 'Id' ? row.key : row.key.toLowerCase());
        if (!account || account === AMBIGUOUS) {
            unmatched.push({ ...row, why: account ? 'matches several accounts' : 'matches no account' });
            continue;
        }
        const changes: Change[] = [];
        for (const [field, value] of row.values) {
            const from = formatFinanceValue(normalise(field, account.current(field)));
            const to = formatFinanceValue(value);
            if (from !== to) changes.push({ field: field.field, from, to });
        }
        if (changes.length > 0)
            changed.push({ key: row.key, line: row.line, accountKey: account.key, changes });
        else unchanged++;
    }
    return { changed, unchanged, unmatched };
}

/** A target's value read the way the CSV's is, so `50000.00` in one and `50000` in the other are equal. */
function normalise(field: FinanceField, value: FinanceValue | string): FinanceValue | string {
    if (typeof value !== 'string') return value;
    const parsed = parseFinanceCell(field, value);
    return parsed.ok ? parsed.value : value;
}

// ---------------------------------------------------------------------------------------------
// A Data Export folder: Account.csv rewritten
// ---------------------------------------------------------------------------------------------

interface AccountFile {
    path: string;
    header: string[];
    rows: string[][];
}

async function readAccountFile(dir: string): Promise<AccountFile> {
    const file = path.join(dir, DATA_EXPORT_FILES.account);
    if (!fs.existsSync(file))
        throw new UsageError(
            `--data ${dir}: no ${DATA_EXPORT_FILES.account}; the accounts to update are read from it.`
        );
    const encoding = await detectEncoding(file);
    const text = fs.readFileSync(file, encoding).replace(/^\ufeff/, '');
    const [header, ...rows] = csvRowsOfText(text).rows;
    if (!header) throw new UsageError(`${file}: empty file, no header.`);
    return { path: file, header, rows };
}

function accountsInFile(file: AccountFile, keyField: string): TargetIndex {
    const column = (name: string) => file.header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
    const keyAt = column(keyField);
    if (keyAt < 0)
        throw new UsageError(
            `${file.path}: no ${keyField} column to match on; pick another --match (erp, external-id, id).`
        );
    const accounts: TargetIndex = new Map();
    for (const row of file.rows) {
        const key = row[keyAt]?.trim();
        if (!key) continue;
        const index = keyField === 'Id' ? key : key.toLowerCase();
        if (accounts.has(index)) {
            accounts.set(index, AMBIGUOUS);
            continue;
        }
        accounts.set(index, {
            key,
            current: (field) => {
                const at = column(field.field);
                return at < 0 ? null : (row[at] ?? '');
            }
        });
    }
    return accounts;
}

/** Rewrites Account.csv with the changed cells (columns added when missing), through a temporary file and a rename. */
function writeAccountFile(file: AccountFile, keyField: string, changed: AccountChange[]): void {
    const header = [...file.header];
    const at = (name: string) => {
        let index = header.findIndex((h) => h.toLowerCase() === name.toLowerCase());
        if (index < 0) index = header.push(name) - 1;
        return index;
    };
    const keyAt = at(keyField);
    const byKey = new Map(changed.map((c) => [c.accountKey, c]));
    const rows = file.rows.map((row) => {
        const change = byKey.get(row[keyAt]?.trim() ?? '');
        const out = [...row];
        while (out.length < header.length) out.push('');
        for (const c of change?.changes ?? []) {
            const index = at(c.field);
            while (out.length < header.length) out.push('');
            out[index] = c.to;
        }
        return out;
    });
    for (const row of rows) while (row.length < header.length) row.push('');
    const temporary = `${file.path}.stageplay-${process.pid}.tmp`;
    fs.writeFileSync(
        temporary,
        stringifyCsv([header, ...rows], { quoted: true, record_delimiter: 'windows' }),
        'utf8'
    );
    fs.renameSync(temporary, file.path);
}

// ---------------------------------------------------------------------------------------------
// An org: the Accounts queried, the changes upserted
// ---------------------------------------------------------------------------------------------

async function accountsInOrg(
    connection: Connection,
    keyField: string,
    fields: FinanceField[]
): Promise<TargetIndex> {
    const access = await describeFinanceFields(connection, defaultRetryPolicy);
    const writable = new Set(access.updateable.map((f) => f.field));
    const missing = fields.filter((f) => !writable.has(f.field));
    if (missing.length > 0)
        throw new UsageError(
            `The org has no editable ${missing.map((f) => f.field).join(', ')} on Account for this user: deploy ` +
                'Stageplay (sf project deploy start) and assign the Stageplay_Ops permission set.'
        );
    const select = [...new Set(['Id', keyField, ...fields.map((f) => f.field)])];
    const records = await queryAll<Record<string, unknown>>(
        connection,
        `SELECT ${select.join(', ')} FROM Account WHERE ${keyField} != null`
    );
    const accounts: TargetIndex = new Map();
    for (const record of records) {
        const key = String(record[keyField]);
        accounts.set(keyField === 'Id' ? key : key.toLowerCase(), {
            key,
            current: (field) => (record[field.field] ?? null) as FinanceValue
        });
    }
    return accounts;
}

function diffLines(
    changed: AccountChange[],
    unchanged: number,
    unmatched: readonly FinanceRow[],
    keyField: string
): string[] {
    const summary = `${changed.length} accounts to update, ${unchanged} unchanged, ${unmatched.length} ${unmatched.length === 1 ? 'row matches' : 'rows match'} no account`;
    const lines = [
        changed.length === 0
            ? `No changes (${summary}): the accounts already hold these facts.`
            : `${summary}:`
    ];
    if (changed.length > 0) {
        lines.push(
            '',
            ...formatTable(
                changed.flatMap((c) =>
                    c.changes.map((ch) => ({
                        key: c.key,
                        field: ch.field,
                        from: ch.from || '(blank)',
                        to: ch.to || '(blank)'
                    }))
                ),
                [
                    { key: 'key', label: keyField },
                    { key: 'field', label: 'Field' },
                    { key: 'from', label: 'From' },
                    { key: 'to', label: 'To' }
                ]
            )
        );
    }
    return lines;
}

export async function importFinance(
    options: ImportFinanceOptions,
    reporter: Reporter
): Promise<CommandOutcome> {
    const file = path.resolve(options.file);
    if (!fs.existsSync(file) || !fs.statSync(file).isFile())
        throw new UsageError(`--file ${options.file}: no such file.`);
    const keyField = MATCH_FIELDS[options.match];
    const map = parseFinanceMap(options.map, keyField);
    const ledger = new DataQualityLedger();
    reporter.step(`Reading ${file}`);
    const { rows, fields } = await readFinanceCsv(file, map, keyField, ledger);
    const source = path.basename(file);
    const quality = ledger.summarize({ opportunity: source, stageHistory: source });
    const dataQuality = { quality, problems: ledger.problems };
    const tally0 = quality.sources[0];
    reporter.info(
        `${source}: ${tally0.read} rows, ${tally0.accepted} accepted (${tally0.repaired} with a value not written), ${tally0.rejected} rejected.`
    );
    for (const p of ledger.problems.slice(0, 20)) reporter.warn(`${p.source}:${p.line}: ${p.message}`);
    if (ledger.problems.length > 20) reporter.warn(`… and ${ledger.problems.length - 20} more problems.`);
    const base = {
        file,
        match: options.match,
        dryRun: options.dryRun,
        rows: {
            read: tally0.read,
            accepted: tally0.accepted,
            repaired: tally0.repaired,
            rejected: tally0.rejected
        },
        dataQuality: dataQualityJson(quality, ledger.problems)
    };
    if (quality.verdict === 'unfit') {
        // A file whose rows mostly fail is more likely mis-mapped than a snapshot to load: nothing is written.
        reporter.info('Not imported: too many rows were rejected (see above); check the headers and --map.');
        return { result: { ...base, written: false }, dataQuality };
    }

    const target = options.target;
    let connection: Connection | null = null;
    let accountFile: AccountFile | null = null;
    let accounts: TargetIndex;
    if (target.kind === 'data') {
        accountFile = await readAccountFile(path.resolve(target.dir));
        accounts = accountsInFile(accountFile, keyField);
    } else {
        connection = await connect(target.targetOrg);
        reporter.step('Reading the accounts from the org');
        accounts = await accountsInOrg(
            connection,
            keyField,
            fields.filter((f) => f.field !== 'Id')
        );
    }
    const { changed, unchanged, unmatched } = diffRows(rows, accounts, keyField);
    for (const line of diffLines(changed, unchanged, unmatched, keyField)) reporter.info(line);
    for (const row of unmatched.slice(0, 20))
        reporter.warn(`${source}:${row.line}: ${keyField} ${row.key} ${row.why}; not written.`);
    const diff = {
        changed: changed.length,
        unchanged,
        unmatched: unmatched.map((r) => ({ line: r.line, key: r.key, why: r.why })),
        changes: changed.map((c) => ({ key: c.key, line: c.line, fields: c.changes }))
    };
    if (options.dryRun) {
        reporter.info('Dry run: nothing written.');
        return { result: { ...base, ...diff }, dataQuality };
    }
    if (accountFile) {
        if (changed.length > 0) {
            writeAccountFile(accountFile, keyField, changed);
            reporter.info(`Updated ${changed.length} accounts in ${accountFile.path}.`);
        }
        return { result: { ...base, ...diff, updated: changed.length, failures: 0 }, dataQuality };
    }
    const tally = emptyTally();
    const fieldByName = new Map(FINANCE_FIELDS.map((f) => [f.field, f]));
    await upsertWithProgress(
        connection!,
        'Account',
        keyField,
        changed.map((c) => {
            const record: Record<string, unknown> = { [keyField]: c.accountKey };
            const row = rows.find((r) => r.key === c.key)!;
            for (const ch of c.changes) record[ch.field] = row.values.get(fieldByName.get(ch.field)!) ?? null;
            return record;
        }),
        tally,
        { reporter, label: 'Updating accounts' }
    );
    const failuresFile = await reportFailures(path.resolve(options.out), 'import-finance', tally);
    reporter.info(
        `Updated ${tally.updated} accounts${tally.failedKeys.size ? `, ${tally.failedKeys.size} failed (see ${failuresFile})` : ''}.`
    );
    const result = {
        ...base,
        ...diff,
        updated: tally.updated
    };
    return { ...outcomeOf(result, tally, 'accounts', failuresFile), dataQuality };
}
