/**
 * The reconciliation as CSV files for spreadsheets and BI tools: one idea per file, one row per
 * thing, numbers unformatted (fractions 0..1 for probabilities, currency as plain numbers).
 */
import fs from 'node:fs';
import path from 'node:path';
import { stringify } from 'csv-stringify/sync';
import type { ForecastRow, PeriodSpec } from '../core';
import { periodLabel } from '../core';
import type { Reconciliation } from '../reconciliation';
import { writeJsonFile, writePieces } from './jsonFile';
import { KPIS_CSV, kpisCsv } from './kpisCsv';

/**
 * A file's text; a value written as JSON with two-space indents and a final newline (`writeJsonFile`); or text
 * made piece by piece as it is written (`writePieces`), for a file too large to hold as one string.
 */
export type FileContents = string | { json: unknown } | { pieces: () => Iterable<string> };

/** A file's whole text, whatever form its contents take (for tests and readers that want the text). */
export function fileText(contents: FileContents): string {
    if (typeof contents === 'string') return contents;
    if ('json' in contents) return `${JSON.stringify(contents.json, null, 2)}\n`;
    return [...contents.pieces()].join('');
}

export type CsvValue = string | number | boolean | null | undefined;

/** C0 control characters other than tab and line breaks, and DEL: never meaningful in a name, NUL breaks tools. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;

/**
 * Text made safe to open in a spreadsheet: control characters removed, and a cell that would start
 * a formula (`=`, `+`, `-`, `@`, or a tab or carriage return before one) prefixed with `'`, as
 * OWASP's CSV-injection guidance and spreadsheet-safe exporters do. Numbers are not text and keep
 * their sign.
 */
export function spreadsheetSafe(text: string): string {
    const clean = text.replace(CONTROL_CHARACTERS, '');
    return /^[=+\-@\t\r]/.test(clean) ? `'${clean}` : clean;
}

const CSV_OPTIONS = {
    cast: {
        boolean: (b: boolean) => (b ? 'true' : 'false'),
        number: (n: number) => (Number.isFinite(n) ? String(n) : '')
    }
};

const csvCell = (v: CsvValue) =>
    v === null || v === undefined ? '' : typeof v === 'string' ? spreadsheetSafe(v) : v;

export function toCsv(columns: string[], rows: CsvValue[][]): string {
    return stringify([columns.map(spreadsheetSafe), ...rows.map((r) => r.map(csvCell))], CSV_OPTIONS);
}

/** Rows `csvPieces` makes text of at a time: each batch's text is small, and gone once written. */
const CSV_BATCH_ROWS = 1000;

/**
 * `toCsv(columns, [...rows])` in pieces (the header, then a batch of rows at a time), the same text once joined
 * (each record's text depends on its own cells only), with `rows` read as the pieces are asked for: at a
 * million deals `deals.csv` is 26 MB of text and millions of cells, which held at once outlived the young
 * generation and grew the old one by about as much again.
 */
export function* csvPieces(columns: string[], rows: Iterable<CsvValue[]>): Generator<string> {
    yield toCsv(columns, []);
    let batch: CsvValue[][] = [];
    for (const row of rows) {
        batch.push(row.map(csvCell));
        if (batch.length === CSV_BATCH_ROWS) {
            yield stringify(batch, CSV_OPTIONS);
            batch = [];
        }
    }
    if (batch.length > 0) yield stringify(batch, CSV_OPTIONS);
}

/** One row per item: each column's name with how its value is read, in the order of the file's columns. */
export function itemsCsv<T>(items: readonly T[], columns: Record<string, (item: T) => CsvValue>): string {
    const values = Object.values(columns);
    return toCsv(
        Object.keys(columns),
        items.map((item) => values.map((value) => value(item)))
    );
}

/** A figure rounded for a CSV cell; a missing or non-finite one is an empty cell (null), never 0. */
export function roundForCsv(n: number | null | undefined, digits = 2): number | null {
    if (n === null || n === undefined || !Number.isFinite(n)) return null;
    return Math.round(n * 10 ** digits) / 10 ** digits;
}
const round = roundForCsv;

/**
 * One definition of each number, as in the report: `stated_expected` = Σ amount × deal probability
 * over the group's open deals dated in the period, `stated_forecast` = booked + that;
 * `adjusted_expected` = the group's share of the adjusted period forecast beyond booked (open deals ×
 * P(won by period end) × amount change, whatever their close date, plus deals not yet created),
 * `adjusted_forecast` = booked + that; both adjusted columns are blank for periods the adjusted
 * forecast does not cover.
 */
function forecastCsv(rows: ForecastRow[], groupColumns: string[], spec: PeriodSpec): string {
    return toCsv(
        [
            'period',
            ...groupColumns,
            'deals',
            'open_amount',
            'stated_expected',
            'adjusted_expected',
            'booked',
            'stated_forecast',
            'adjusted_forecast'
        ],
        rows.map((r) => [
            periodLabel(r.period, spec),
            ...(groupColumns.length === 2
                ? [r.group, r.groupLabel]
                : groupColumns.length === 1
                  ? [r.groupLabel]
                  : []),
            r.deals,
            round(r.openAmount),
            round(r.statedExpected),
            round(r.adjustedExpected),
            round(r.booked),
            round(r.booked + r.statedExpected),
            r.adjustedExpected === null ? null : round(r.booked + r.adjustedExpected)
        ])
    );
}

/** File name → contents, so the command can write them and tests can read them without a disk (`fileText`). */
export function reconciliationCsvs(rec: Reconciliation): Record<string, FileContents> {
    const deals = () =>
        csvPieces(
            [
                'id',
                'name',
                'owner_id',
                'owner',
                'stage',
                'forecast_category',
                'amount',
                'close_date',
                'period',
                'stated_probability',
                'adjusted_probability',
                'adjusted_low',
                'adjusted_high',
                'current_period_close_probability',
                'current_period_expected',
                'health',
                'flags',
                'flag_messages',
                'evidence'
            ],
            dealRows(rec)
        );
    const backtest = toCsv(
        [
            'period',
            'period_key',
            'as_of',
            'weeks_out',
            'stated',
            'adjusted',
            'commit',
            'booked',
            'stated_error',
            'adjusted_error',
            'adjusted_booked_by_then',
            'adjusted_open_deals',
            'adjusted_open_deals_dated_outside',
            'adjusted_not_yet_created',
            'range80_low',
            'range80_high',
            'booked_in_range',
            'training_periods'
        ],
        rec.backtest.map((p) => [
            p.label,
            p.period,
            p.asOf,
            p.weeksOut,
            round(p.stated),
            round(p.adjusted),
            round(p.commit),
            round(p.booked),
            p.booked > 0 ? round((p.stated - p.booked) / p.booked, 4) : null,
            p.booked > 0 && p.adjusted !== null ? round((p.adjusted - p.booked) / p.booked, 4) : null,
            round(p.terms.booked),
            round(p.terms.openDeals),
            round(p.terms.openDealsDatedOutside),
            round(p.terms.notYetCreated),
            round(p.low),
            round(p.high),
            p.inRange,
            p.trainingPeriods
        ])
    );
    const cal = rec.calibration;
    const calibration = toCsv(
        ['section', 'label', 'predicted', 'observed', 'low', 'high', 'n', 'won', 'lost', 'shrunk'],
        [
            ...(
                [
                    ['brier_nominal', cal.brierNominal],
                    ['brier_adjusted', cal.brierAdjusted],
                    ['ece_nominal', cal.eceNominal],
                    ['ece_adjusted', cal.eceAdjusted]
                ] as const
            ).map(([label, value]): Array<string | number | null> => [
                'summary',
                label,
                null,
                round(value, 5),
                null,
                null,
                cal.deals,
                null,
                null,
                null
            ]),
            ...cal.stages.map((s): Array<string | number | null> => [
                'stage',
                s.stage,
                round(s.nominal, 4),
                round(s.observedWinRate, 4),
                round(s.wilsonLow, 4),
                round(s.wilsonHigh, 4),
                s.reached,
                s.won,
                s.lost,
                round(s.winRate, 4)
            ]),
            ...(['binsNominal', 'binsAdjusted'] as const).flatMap((which) =>
                cal[which].map((b): Array<string | number | null> => [
                    which === 'binsNominal' ? 'reliability_nominal' : 'reliability_adjusted',
                    `${round(b.low, 2)}-${round(b.high, 2)}`,
                    round(b.meanPredicted, 4),
                    round(b.observedRate, 4),
                    round(b.low, 4),
                    round(b.high, 4),
                    b.count,
                    null,
                    null,
                    null
                ])
            )
        ]
    );
    return {
        'deals.csv': { pieces: deals },
        'forecast-by-period.csv': forecastCsv(rec.forecast.byPeriod, [], rec.spec),
        'forecast-by-category.csv': forecastCsv(rec.forecast.byCategory, ['forecast_category'], rec.spec),
        'forecast-by-owner.csv': forecastCsv(rec.forecast.byOwner, ['owner_id', 'owner'], rec.spec),
        'backtest.csv': backtest,
        'calibration.csv': calibration,
        [KPIS_CSV]: kpisCsv(rec.kpis, rec.spec)
    };
}

export function writeFiles(dir: string, files: Record<string, FileContents>): string[] {
    fs.mkdirSync(dir, { recursive: true });
    return Object.entries(files).map(([name, contents]) => {
        const file = path.join(dir, name);
        if (typeof contents === 'string') fs.writeFileSync(file, contents);
        else if ('json' in contents) writeJsonFile(file, contents.json);
        else writePieces(file, contents.pieces());
        return file;
    });
}

/** `deals.csv`'s rows, one open deal at a time. */
function* dealRows(rec: Reconciliation): Generator<CsvValue[]> {
    for (const d of rec.deals)
        yield [
            d.id,
            d.name,
            d.ownerId,
            d.ownerName,
            d.stage,
            d.forecastCategory,
            round(d.amount),
            d.closeDate,
            periodLabel(d.period, rec.spec),
            round(d.statedProbability, 4),
            round(d.adjustedProbability, 4),
            round(d.adjustedLow, 4),
            round(d.adjustedHigh, 4),
            round(d.currentPeriodCloseProbability, 4),
            round(d.currentPeriodExpected),
            d.health,
            d.flags.map((f) => f.kind).join(';'),
            d.flags.map((f) => f.message).join(' | '),
            d.flags.length > 0
                ? JSON.stringify(Object.fromEntries(d.flags.map((f) => [f.kind, f.evidence])))
                : ''
        ];
}
