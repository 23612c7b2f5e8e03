/**
 * The corpus of broken Data Exports (issue 9): each case starts from one small generated export,
 * breaks it the way real files break, and runs the CLI as a RevOps analyst would. Every case asserts
 * the message names file, line and field where one applies, the exit code, the data-quality ledger
 * in the terminal, --json, report.html and data-quality.csv, and that no wrong number is shown as right.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { runCli, type CliRun } from '../src/cli/__tests__/harness';
import { generateDataExport } from '../src/generate/generateHistory';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import { readDataExport } from '../src/dataExport/readDataExport';
import { idSuffix } from '../src/dataExport/salesforceId';
import type { ProcessDefinition } from '../src/core';

// Busy CI machines: generous, and nothing below measures speed.
jest.setTimeout(600_000);

const AS_OF = '2026-11-15';
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-broken-'));
const base = path.join(work, 'base');
let salesProcess: ProcessDefinition;

interface Table {
    header: string[];
    rows: string[][];
}

function readTable(dir: string, file: string): Table {
    const [header, ...rows] = parse(fs.readFileSync(path.join(dir, file), 'utf8'), {
        bom: true
    }) as string[][];
    return { header, rows };
}

function writeTable(dir: string, file: string, table: Table): void {
    fs.writeFileSync(
        path.join(dir, file),
        stringify([table.header, ...table.rows], { record_delimiter: 'windows' })
    );
}

/** A copy of the base export with `file` changed by `change` (which may edit rows in place). */
function variant(
    name: string,
    changes: Record<string, (t: Table) => void> = {},
    remove: string[] = []
): string {
    const dir = path.join(work, name);
    fs.cpSync(base, dir, { recursive: true });
    for (const [file, change] of Object.entries(changes)) {
        const table = readTable(dir, file);
        change(table);
        writeTable(dir, file, table);
    }
    for (const file of remove) fs.rmSync(path.join(dir, file));
    return dir;
}

const col = (t: Table, name: string) => {
    const i = t.header.indexOf(name);
    if (i < 0) throw new Error(`no column ${name}`);
    return i;
};

/** The data row index (0-based) of the first row matching, and its line in the file (header is line 1). */
function firstRow(t: Table, match: (row: string[]) => boolean): { index: number; line: number } {
    const index = t.rows.findIndex(match);
    if (index < 0) throw new Error('no matching row');
    return { index, line: index + 2 };
}

/** `command` on the export in `dir`, writing to `out`, with `extra` flags. */
function onExport(
    command: 'learn' | 'reconcile',
    dir: string,
    out: string,
    ...extra: string[]
): Promise<CliRun> {
    return runCli([command, '--data', dir, '--out', out, ...extra]);
}

async function reconcileJson(dir: string, out: string): Promise<CliRun> {
    return onExport('reconcile', dir, out, '--as-of', AS_OF, '--json');
}

interface ReconcileJson {
    status: string;
    warnings: string[];
    accuracy: {
        backtest: Array<{
            periods: number;
            stated: { mape: number | null };
            adjusted: { mape: number | null };
        }>;
        backtestUnavailable: string | null;
    };
    backtestUnavailable: string | null;
    counts: { opportunities: number };
    currentPeriod: { stated: number; adjusted: number; booked: number; openAmount: number };
    dataQuality: {
        verdict: string;
        problems: Array<{
            source: string;
            line: number | null;
            column: string | null;
            outcome: string;
            message: string;
        }>;
        missing: Array<{ source: string; consequence: string }>;
    };
}

/** The ledger must be in report.html (banner and section) and data-quality.csv of a written report. */
function expectLedgerFiles(out: string, expectInCsv: RegExp): { html: string; csv: string } {
    const html = fs.readFileSync(path.join(out, 'report', 'report.html'), 'utf8');
    const csv = fs.readFileSync(path.join(out, 'report', 'data-quality.csv'), 'utf8');
    expect(html).toContain('id="data-quality"');
    expect(html).toContain('class="dq-banner"');
    expect(csv.split('\n')[0]).toBe('outcome,source,line,field,record_id,message');
    expect(csv).toMatch(expectInCsv);
    return { html, csv };
}

beforeAll(async () => {
    salesProcess = await loadProcessFromSource(path.resolve(__dirname, '..', 'force-app', 'main', 'default'));
    fs.mkdirSync(base);
    await generateDataExport(base, salesProcess, { seed: 9, deals: 120, today: AS_OF });
});

afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

describe('a clean generated export', () => {
    it('exits 0 with an "ok" ledger in every output and no warnings', async () => {
        const out = path.join(work, 'out-clean');
        const r = await reconcileJson(base, out);
        expect(r.code).toBe(0);
        const json = r.json<ReconcileJson>();
        expect(json.status).toBe('ok');
        expect(json.warnings).toEqual([]);
        expect(json.dataQuality.verdict).toBe('ok');
        expect(json.accuracy.backtest.length).toBeGreaterThan(0);
        const csv = fs.readFileSync(path.join(out, 'report', 'data-quality.csv'), 'utf8');
        expect(csv).toMatch(/count,Opportunity\.csv,,,,"120 read, 120 accepted, 0 repaired, 0 rejected/);
        const text = await onExport('reconcile', base, out, '--as-of', AS_OF);
        expect(text.stdout).toMatch(/Data quality: usable\n\s+OpportunityStage\.csv: \d+ read/);
    });
});

describe('stage history missing, empty or with 15-character ids', () => {
    it.each([
        ['missing', () => variant('no-history', {}, ['OpportunityHistory.csv'])],
        [
            'header only',
            () => variant('history-header-only', { 'OpportunityHistory.csv': (t) => (t.rows = []) })
        ]
    ])('%s: no backtest number, exit 6, learn publishes nothing', async (name, make) => {
        const dir = make();
        const out = path.join(work, `out-history-${name.replace(/ /g, '-')}`);
        const r = await reconcileJson(dir, out);
        expect(r.code).toBe(6);
        const json = r.json<ReconcileJson>();
        expect(json.status).toBe('unfit');
        // Every horizon rests on no period and carries no number.
        for (const h of json.accuracy.backtest) {
            expect(h.periods).toBe(0);
            expect(h.stated.mape).toBeNull();
            expect(h.adjusted.mape).toBeNull();
        }
        expect(json.backtestUnavailable).toMatch(/no stage history/i);
        expect(json.warnings.join('\n')).toMatch(/OpportunityHistory\.csv/);
        expect(r.stderr).toMatch(/OpportunityHistory\.csv/);
        const { html } = expectLedgerFiles(out, /OpportunityHistory\.csv/);
        expect(html).toContain('Backtest cannot be computed');
        const text = await onExport('reconcile', dir, out, '--as-of', AS_OF);
        expect(text.stdout).toMatch(/Backtest: cannot be computed/);
        expect(text.stdout).not.toMatch(/100% \(bias 0\.0%\)/);

        const learnOut = path.join(work, `learn-history-${name.replace(/ /g, '-')}`);
        const learn = await onExport('learn', dir, learnOut, '--as-of', AS_OF);
        expect(learn.code).toBe(6);
        expect(learn.stdout).toMatch(/Not published/);
        expect(fs.existsSync(path.join(learnOut, 'benchmarks.json'))).toBe(false);
        expect(fs.readFileSync(path.join(learnOut, 'data-quality.csv'), 'utf8')).toMatch(
            /OpportunityHistory/
        );
    });

    it('15-character ids in the history are the same records as the 18-character ids of Opportunity.csv', async () => {
        const dir = variant('history-15', {
            'OpportunityHistory.csv': (t) => {
                const i = col(t, 'OpportunityId');
                for (const row of t.rows) row[i] = row[i].slice(0, 15);
            },
            'Opportunity.csv': (t) => {
                const i = col(t, 'OwnerId');
                for (const row of t.rows) row[i] = row[i].slice(0, 15);
            }
        });
        const clean = await readDataExport(base, salesProcess);
        const short = await readDataExport(dir, salesProcess);
        expect(short.stageHistory.toRows()).toEqual(clean.stageHistory.toRows());
        expect(short.opportunities).toEqual(clean.opportunities);
        expect(short.opportunities.every((o) => o.ownerName !== null)).toBe(true);
        expect(short.quality.verdict).toBe('ok');
        expect(short.quality.notes.join('\n')).toMatch(
            /OpportunityHistory\.csv: \d+ ids written with 15 characters were read as their 18-character form/
        );
        expect(idSuffix(clean.opportunities[0].id.slice(0, 15))).toBe(clean.opportunities[0].id.slice(15));
    });
});

describe('missing optional files', () => {
    it('no OpportunityFieldHistory.csv: said in every output that benchmarks use final values (possible leakage)', async () => {
        const dir = variant('no-field-history', {}, ['OpportunityFieldHistory.csv']);
        const out = path.join(work, 'out-no-field-history');
        const r = await reconcileJson(dir, out);
        expect(r.code).toBe(0);
        const json = r.json<ReconcileJson>();
        expect(json.warnings.join('\n')).toMatch(
            /OpportunityFieldHistory\.csv.*final values \(possible leakage\)/
        );
        const { html } = expectLedgerFiles(out, /missing,OpportunityFieldHistory\.csv,.*possible leakage/);
        expect(html).toMatch(/Missing OpportunityFieldHistory\.csv/);
        const learn = await onExport('learn', dir, path.join(work, 'learn-nfh'), '--dry-run');
        expect(learn.stdout).toMatch(/missing OpportunityFieldHistory\.csv: .*possible leakage/);
    });
});

describe('an empty field history', () => {
    it('header-only OpportunityFieldHistory.csv is said to mean final values, like a missing one', async () => {
        const dir = variant('field-history-empty', { 'OpportunityFieldHistory.csv': (t) => (t.rows = []) });
        const dataset = await readDataExport(dir, salesProcess);
        expect(dataset.quality.missing).toEqual([
            expect.objectContaining({
                source: 'OpportunityFieldHistory.csv rows for the capture fields',
                consequence: expect.stringMatching(/final values \(possible leakage\)/)
            })
        ]);
        expect(dataset.quality.verdict).toBe('ok');
    });
});

describe('cells that cannot be read lose the value, not the record', () => {
    it('an amount written "2,448": the deal stays, the amount is dropped and the place named', async () => {
        let line = 0;
        const dir = variant('thousands', {
            'Opportunity.csv': (t) => {
                const at = firstRow(t, (row) => row[col(t, 'Amount')] !== '');
                line = at.line;
                t.rows[at.index][col(t, 'Amount')] = '2,448';
            }
        });
        const out = path.join(work, 'out-thousands');
        const r = await reconcileJson(dir, out);
        const json = r.json<ReconcileJson>();
        expect(json.counts.opportunities).toBe(120);
        expect(r.code).toBe(0);
        const problem = json.dataQuality.problems.find((p) => p.column === 'Amount')!;
        expect(problem).toMatchObject({ source: 'Opportunity.csv', line, outcome: 'value dropped' });
        expect(problem.message).toMatch(/"2,448" is not a number: it has a thousands separator/);
        expect(json.warnings.join('\n')).toMatch(new RegExp(`Opportunity\\.csv:${line}:Amount`));
        expectLedgerFiles(out, new RegExp(`value dropped,Opportunity\\.csv,${line},Amount,`));
        const text = await onExport('reconcile', dir, out, '--as-of', AS_OF);
        expect(text.stdout).toMatch(new RegExp(`Opportunity\\.csv:${line}:Amount: value dropped`));
        expect(text.stdout).toMatch(/Full list: .*data-quality\.csv/);
    });

    it('rejected rows above 1% end "partial" (exit 4); all rows rejected end "unfit" (exit 6)', async () => {
        const some = variant('some-rejected', {
            'Opportunity.csv': (t) => {
                for (let i = 0; i < 6; i++) t.rows[i][col(t, 'CloseDate')] = 'soon';
            }
        });
        const r = await reconcileJson(some, path.join(work, 'out-some'));
        expect(r.code).toBe(4);
        expect(r.json<ReconcileJson>().status).toBe('partial');
        expect(r.json<ReconcileJson>().warnings.join('\n')).toMatch(
            /6 of 120 rows of Opportunity\.csv were rejected/
        );
        expect(r.json<ReconcileJson>().dataQuality.problems[0]).toMatchObject({
            source: 'Opportunity.csv',
            line: 2,
            column: 'CloseDate',
            outcome: 'rejected'
        });

        const all = variant('all-rejected', {
            'Opportunity.csv': (t) => {
                for (const row of t.rows) row[col(t, 'CreatedDate')] = 'yesterday';
            }
        });
        const a = await reconcileJson(all, path.join(work, 'out-all'));
        expect(a.code).toBe(6);
        expect(a.json<ReconcileJson>().warnings.join('\n')).toMatch(
            /all 120 rows of Opportunity\.csv were rejected/
        );
    });

    it('a semicolon-separated file gets a diagnosis, not parser jargon (exit 1, file named)', async () => {
        const dir = variant('semicolon');
        const file = path.join(dir, 'Opportunity.csv');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace(/,/g, ';'));
        const r = await reconcileJson(dir, path.join(work, 'out-semicolon'));
        expect(r.code).toBe(1);
        expect(r.stdout).toMatch(
            /Opportunity\.csv.*looks semicolon-separated; Data Export files are comma-separated/
        );
    });
});

describe('sanity checks, each with one outcome', () => {
    it('amounts: negative and absurd amounts are dropped and said, never shown as negative or 1e+299', async () => {
        const dir = variant('amounts', {
            'Opportunity.csv': (t) => {
                const a = col(t, 'Amount');
                t.rows[0][a] = '-50000';
                t.rows[1][a] = '1e308';
                t.rows[2][a] = '';
            }
        });
        const dataset = await readDataExport(dir, salesProcess);
        const messages = dataset.problems
            .filter((p) => p.column === 'Amount')
            .map((p) => [p.line, p.outcome, p.message]);
        expect(messages).toEqual([
            [2, 'value dropped', expect.stringMatching(/Amount -50000 is negative; left blank/)],
            [3, 'value dropped', expect.stringMatching(/Amount 1e\+308 is above 1e\+12/)]
        ]);
        expect(dataset.opportunities.slice(0, 3).map((o) => o.amount)).toEqual([null, null, null]);
        expect(dataset.quality.notes.join('\n')).toMatch(
            /deals have no usable Amount: .* add 0 to every amount/
        );
        const r = await onExport('reconcile', dir, path.join(work, 'out-amounts'), '--as-of', AS_OF);
        // The numbers shown: no exponent notation, no negative amounts (the ledger below them may quote the input).
        const numbers = r.stdout.slice(0, r.stdout.indexOf('Data quality:'));
        expect(numbers).not.toMatch(/e\+\d/);
        expect(numbers).not.toMatch(/\s-\d[\d.]*[kMB]?\s/);
        expect(r.stdout).toMatch(/Opportunity\.csv:2:Amount: value dropped: Amount -50000 is negative/);
        const json = (await reconcileJson(dir, path.join(work, 'out-amounts'))).json<ReconcileJson>();
        expect(json.currentPeriod.stated).toBeGreaterThanOrEqual(0);
        expect(json.currentPeriod.openAmount).toBeLessThan(1e12);
    });

    it('dates: 0001-01-01 and future CreatedDate reject the deal; close before created is kept and said', async () => {
        const dir = variant('dates', {
            'Opportunity.csv': (t) => {
                t.rows[0][col(t, 'CloseDate')] = '0001-01-01';
                t.rows[1][col(t, 'CreatedDate')] = '2030-01-01T00:00:00.000Z';
                t.rows[2][col(t, 'CloseDate')] = '2001-01-01';
            }
        });
        const dataset = await readDataExport(dir, salesProcess, { now: new Date('2026-11-26T00:00:00Z') });
        const at = (line: number) =>
            dataset.problems.find((p) => p.source === 'Opportunity.csv' && p.line === line)!;
        expect(at(2)).toMatchObject({ column: 'CloseDate', outcome: 'rejected' });
        expect(at(2).message).toMatch(/CloseDate 0001-01-01 is not a plausible date/);
        expect(at(3)).toMatchObject({ column: 'CreatedDate', outcome: 'rejected' });
        expect(at(3).message).toMatch(/after this run .*cannot be in the future/);
        expect(at(4)).toMatchObject({ column: 'CloseDate', outcome: 'repaired' });
        expect(at(4).message).toMatch(/before CreatedDate \S+; kept as written/);
        expect(dataset.opportunities).toHaveLength(118);
        // The rejected deals' history is rejected with them, pointing back at why.
        expect(
            dataset.problems.some(
                (p) =>
                    p.source === 'OpportunityHistory.csv' &&
                    /was rejected in Opportunity\.csv/.test(p.message)
            )
        ).toBe(true);
    });

    it('a stage change dated after the run is rejected, so a closed deal does not turn back into open pipeline', async () => {
        let line = 0;
        const dir = variant('future-history', {
            'OpportunityHistory.csv': (t) => {
                const at = firstRow(t, () => true);
                line = at.line;
                t.rows[at.index][col(t, 'CreatedDate')] = '2030-01-01T00:00:00.000Z';
            }
        });
        const dataset = await readDataExport(dir, salesProcess, { now: new Date('2026-11-26T00:00:00Z') });
        const problem = dataset.problems.find((p) => p.source === 'OpportunityHistory.csv')!;
        expect(problem).toMatchObject({ line, column: 'CreatedDate', outcome: 'rejected' });
        expect(problem.message).toMatch(/a stage change cannot be in the future/);
        expect(dataset.stageHistory.toRows().every((h) => h.createdDate < '2026-11-27')).toBe(true);
    });

    it('IsWon/IsClosed contradicting the stage: the stage wins, said per row; a won-but-open stage is read as closed', async () => {
        let line = 0;
        const dir = variant('flags', {
            'Opportunity.csv': (t) => {
                const at = firstRow(t, (row) => row[col(t, 'IsClosed')] === 'false');
                line = at.line;
                t.rows[at.index][col(t, 'IsWon')] = 'true';
            },
            'OpportunityStage.csv': (t) => {
                for (const row of t.rows)
                    if (row[col(t, 'IsWon')] === 'true') row[col(t, 'IsClosed')] = 'false';
            }
        });
        const dataset = await readDataExport(dir, salesProcess);
        const flag = dataset.problems.find((p) => p.line === line && p.column === 'IsWon')!;
        expect(flag.outcome).toBe('repaired');
        expect(flag.message).toMatch(/IsWon=true contradicts stage .*the stage's flag is used/);
        const deal = dataset.opportunities[line - 2];
        expect(deal.isWon).toBe(false);
        const won = dataset.process.stages.find((s) => s.isWon)!;
        expect(won.isClosed).toBe(true);
        expect(dataset.problems.find((p) => p.source === 'OpportunityStage.csv')?.message).toMatch(
            /marked won but not closed; a won stage is closed/
        );
        // Learning still sees won deals as won: win rates are not 0%.
        const learn = await onExport(
            'learn',
            dir,
            path.join(work, 'learn-flags'),
            '--as-of',
            AS_OF,
            '--json'
        );
        expect(learn.code).toBe(0);
        expect(learn.json<{ warnings: string[] }>().warnings.join('\n')).toMatch(
            /marked won but not closed|contradicts stage/
        );
        const benchmarks = JSON.parse(
            fs.readFileSync(path.join(work, 'learn-flags', 'benchmarks.json'), 'utf8')
        ) as {
            dealCount: number;
        };
        expect(benchmarks.dealCount).toBeGreaterThan(0);
    });
});

describe('outputs safe to open', () => {
    it('formula-like names are neutralised in CSVs, control characters removed, a huge name cut in the report only', async () => {
        const huge = 'x'.repeat(2_000_000);
        const dir = variant('names', {
            'Opportunity.csv': (t) => {
                const n = col(t, 'Name');
                // Open deals, so they are listed in deals.csv.
                const open = t.rows.filter((row) => row[col(t, 'IsClosed')] === 'false');
                open[0][n] = '=HYPERLINK("http://evil","x")';
                open[1][n] = '+1+2';
                open[2][n] = '@SUM(A1)';
                open[3][n] = 'A\u0000B\u0007C';
            },
            // Owner names appear in every owner table and chart of the report.
            'User.csv': (t) => {
                for (const row of t.rows) row[col(t, 'Name')] = `${huge}${row[col(t, 'Id')]}`;
            }
        });
        const out = path.join(work, 'out-names');
        const r = await reconcileJson(dir, out);
        expect(r.code).toBe(0);
        const deals = fs.readFileSync(path.join(out, 'report', 'deals.csv'), 'utf8');
        const names = (parse(deals, { columns: true }) as Array<{ name: string }>).map((d) => d.name);
        expect(names).toContain(`'=HYPERLINK("http://evil","x")`);
        expect(names).toContain(`'+1+2`);
        expect(names).toContain(`'@SUM(A1)`);
        expect(names).toContain('ABC');
        const owners = (parse(deals, { columns: true }) as Array<{ owner: string }>).map((d) => d.owner);
        expect(owners.every((o) => o.startsWith(huge))).toBe(true);
        expect(names.some((n) => /^[=+@-]/.test(n))).toBe(false);
        const html = fs.readFileSync(path.join(out, 'report', 'report.html'), 'utf8');
        expect(html).not.toContain('\u0000');
        expect(html).not.toContain(huge);
        // A 2 MB name does not make a 2 MB page (the page without it is well under 1 MB).
        expect(html.length).toBeLessThan(1_000_000);
        expect(html).toContain('(cut; full text in the CSV)');
    });
});
