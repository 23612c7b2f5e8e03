/**
 * The reconciliation as one self-contained HTML file: styles, chart.js, the drawing module and the
 * data are inlined so the report opens from disk, from a CI artifact or an email attachment, with no
 * network. The page is written with the `html` tagged template (markup.ts): every value that came
 * from the data is escaped by construction (deal and owner names are user input: `<` and `&` occur).
 */
import fs from 'node:fs';
import path from 'node:path';
import type {
    DealFlag,
    ErrorSummary,
    FinanceRiskTotals,
    ForecastRow,
    HorizonAccuracy,
    Interval95,
    TimeSplitGroup
} from '../core';
import {
    CREDIBLE_CRITERION,
    describeEvidence,
    FLAG_LABELS,
    FINANCE_FLAG_REASON_LABELS,
    formatAmount,
    formatBrier,
    formatCount,
    formatDays,
    formatBrierDifference,
    formatCompactAmount,
    formatPercentValue,
    formatRatio,
    formatSignedPercent,
    MIN_HISTORY_DEALS,
    parameterCheckText,
    periodLabel
} from '../core';
import type { PeriodForecastSummary, Reconciliation } from '../reconciliation';
import type { DataProblem } from '../dataset';
import { type DataQuality, locationOf } from '../records/ledger';
import { DATA_QUALITY_CSV, hasFindings } from './dataQuality';
import { goalChartData, goalsSection } from './goalsSection';
import { reportChartsScript } from './charts';
import { CHART_DATA_ID, type ReportChartData } from './charts/chartData';
import { html, inlineScript, join, jsonScript, type Markup, render } from './markup';
import { adoptionTable, kpiChartData, kpisSection } from './kpisSection';
import { amountColumn, type Cell, type ItemColumn, itemTable, table } from './table';

export { escapeHtml, jsonForScript, MAX_REPORT_TEXT, reportText } from './markup';

/** Problems listed in the report; the CSV has them all. */
const REPORT_PROBLEMS = 50;

let chartJsSource: string | null = null;
function chartJs(): string {
    if (chartJsSource === null) {
        const dist = path.dirname(require.resolve('chart.js'));
        chartJsSource = fs.readFileSync(path.join(dist, 'chart.umd.min.js'), 'utf8');
    }
    return chartJsSource;
}

const money = formatAmount;
const compactMoney = (v: number | null | undefined) => formatCompactAmount(v);
const pct = formatPercentValue;
const signedPct = (v: number | null | undefined) => formatSignedPercent(v, 1);

/** A stored snapshot's period key as people read it; a key from elsewhere that is not one stays as stored. */
function storedPeriodLabel(key: string, rec: Reconciliation): string {
    try {
        return periodLabel(key, rec.spec);
    } catch {
        return key;
    }
}

/** MAPE and bias as measured: never clipped, so a 125% error reads 125.0%. */
function errorColumns<T>(name: string, errorOf: (item: T) => ErrorSummary): ItemColumn<T>[] {
    return [
        { label: `${name} MAPE`, numeric: true, cell: (item) => pct(errorOf(item).mape, 1) },
        { label: `${name} bias`, numeric: true, cell: (item) => signedPct(errorOf(item).bias) }
    ];
}

function rangeText(range: [number, number] | null | undefined): string {
    return range ? `${compactMoney(range[0])} – ${compactMoney(range[1])}` : '–';
}

/** A headline tile whose value is several short lines (one per horizon). */
function kpiLines(label: string, lines: string[], note: string): Markup {
    const value = join(lines.map((l) => html`<div>${l}</div>`));
    return html`<div class="kpi kpi-wide"><div class="kpi-label">${label}</div><div class="kpi-lines">${value}</div><div class="kpi-note">${note}</div></div>`;
}

/** The headline accuracy tile: every horizon, the periods behind it, and how often the range held. */
function accuracyTile(rec: Reconciliation): Markup {
    const label = 'Forecast error (MAPE) stated → adjusted';
    if (rec.accuracy.backtestUnavailable) return kpiLines(label, ['–'], rec.accuracy.backtestUnavailable);
    const lines = rec.accuracy.backtest.map(
        (a) =>
            `${a.weeksOut} wk: ${pct(a.stated.mape, 1)} → ${pct(a.adjusted.mape, 1)} · n = ${a.periods} · range held ${a.rangeCoverage80.inside}/${a.rangeCoverage80.periods}`
    );
    return kpiLines(
        label,
        lines,
        'k weeks before past period ends; n = periods behind each number; range = 80% range of the adjusted forecast'
    );
}

function kpi(label: string, value: string, note: string): Markup {
    return html`<div class="kpi"><div class="kpi-label">${label}</div><div class="kpi-value">${value}</div><div class="kpi-note">${note}</div></div>`;
}

function forecastColumns(rec: Reconciliation): ItemColumn<ForecastRow>[] {
    const adjustedOf = new Map<string, PeriodForecastSummary>(rec.periodForecasts.map((f) => [f.period, f]));
    return [
        { label: 'Period', cell: (r) => html`<span class="key">${periodLabel(r.period, rec.spec)}</span>` },
        { label: 'Deals', numeric: true, cell: (r) => r.deals },
        amountColumn('Open amount', (r) => r.openAmount),
        amountColumn('Booked', (r) => r.booked),
        amountColumn('Stated forecast', (r) => r.booked + r.statedExpected),
        amountColumn('Adjusted forecast', (r) => adjustedOf.get(r.period)?.adjusted),
        {
            label: 'Adjusted 80% range',
            numeric: true,
            cell: (r) => rangeText(adjustedOf.get(r.period)?.range80)
        }
    ];
}

const STYLE = html`
:root { --ink: #181818; --muted: #5c5c5c; --line: #e5e5e5; --bg: #f3f3f3; --card: #fff; --brand: #0176d3; --warn: #dd7a01; --bad: #c23934; --good: #2e844a; }
* { box-sizing: border-box; }
body { margin: 0; font: 14px/1.45 -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif; color: var(--ink); background: var(--bg); }
header { background: #032d60; color: #fff; padding: 20px 32px; }
header h1 { margin: 0 0 4px; font-size: 22px; font-weight: 600; }
header p { margin: 0; opacity: .85; }
main { padding: 20px 32px 40px; max-width: 1400px; margin: 0 auto; }
section { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 16px 20px; margin: 0 0 18px; }
h2 { font-size: 17px; margin: 0 0 4px; }
.lead { color: var(--muted); margin: 0 0 12px; max-width: 90ch; }
.kpis { display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; background: none; border: 0; padding: 0; }
.kpi { background: var(--card); border: 1px solid var(--line); border-radius: 8px; padding: 12px 16px; }
.kpi-label { color: var(--muted); font-size: 12px; text-transform: uppercase; letter-spacing: .04em; }
.kpi-value { font-size: 22px; font-weight: 600; margin: 2px 0; white-space: nowrap; }
.kpi-note { color: var(--muted); font-size: 12px; }
.kpi-wide { grid-column: span 2; }
.kpi-lines { font-size: 15px; font-weight: 600; margin: 2px 0; font-variant-numeric: tabular-nums; }
.grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(360px, 1fr)); gap: 16px; }
.chart { position: relative; height: 280px; }
.chart.tall { height: 340px; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
th { background: #fafaf9; font-weight: 600; color: var(--muted); position: sticky; top: 0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.key, span.key { white-space: nowrap; }
.badge { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; margin: 1px 2px 1px 0; background: #eef4ff; color: #014486; white-space: nowrap; }
.badge.high { background: #feded8; color: #8c1c13; }
.badge.medium { background: #fef1e5; color: #8c4b02; }
.evidence { color: var(--muted); font-size: 12px; }
.evidence code { font-size: 11px; background: #f3f3f3; padding: 0 3px; border-radius: 3px; }
.empty { color: var(--muted); font-style: italic; }
footer { color: var(--muted); font-size: 12px; text-align: center; padding: 0 0 24px; }
`;

/**
 * "Accounts' money": the forecast at risk from accounts past due, on hold or over their credit
 * headroom (their open deals carry the finance flag), per reason, the accounts behind it, and how
 * far the accounting facts can be trusted. Absent when no account carries facts.
 */
function financeSection(rec: Reconciliation): Markup | null {
    const finance = rec.finance;
    if (!finance) return null;
    const { total, byReason } = finance.atRisk;
    const q = finance.quality;
    const reasons = (Object.keys(byReason) as Array<keyof typeof byReason>).map(
        (reason): { why: Cell; tally: FinanceRiskTotals } => ({
            why: FINANCE_FLAG_REASON_LABELS[reason],
            tally: byReason[reason]
        })
    );
    const riskTable = itemTable(
        [...reasons, { why: html`<strong>Any of these</strong>`, tally: total }],
        [
            { label: 'Why', cell: (r) => r.why },
            { label: 'Deals', numeric: true, cell: (r) => r.tally.deals },
            amountColumn('Open amount', (r) => r.tally.openAmount),
            amountColumn('Stated expected', (r) => r.tally.stated),
            amountColumn('Adjusted expected', (r) => r.tally.adjusted)
        ],
        'No open deal is on such an account.'
    );
    const accountTable = itemTable(
        finance.accounts.slice(0, MAX_FLAGGED_ROWS),
        [
            { label: 'Account', cell: (a) => a.name },
            {
                label: 'Why flagged',
                cell: (a) => a.reasons.map((r) => FINANCE_FLAG_REASON_LABELS[r]).join(', ')
            },
            amountColumn('Past due', (a) => a.pastDueAmount),
            {
                label: 'Days late',
                numeric: true,
                cell: (a) => (a.daysPastDue === null ? '—' : formatDays(a.daysPastDue))
            },
            amountColumn('Open balance', (a) => a.openBalance),
            amountColumn('Credit limit', (a) => a.creditLimit),
            { label: 'Flagged deals', numeric: true, cell: (a) => a.deals },
            amountColumn('Open amount', (a) => a.openAmount),
            amountColumn('Adjusted expected', (a) => a.adjusted),
            { label: 'As of', cell: (a) => a.asOf ?? '—' }
        ],
        'No account with open deals is past due, on hold or over its credit headroom.'
    );
    const span =
        q.asOfFrom === null
            ? 'no as-of date'
            : q.asOfFrom === q.asOfTo
              ? `as of ${q.asOfFrom}`
              : `as of ${q.asOfFrom} to ${q.asOfTo}`;
    return html`<section id="finance">
<h2>Accounts' money</h2>
<p class="lead">Open deals on accounts the accounting system reports past due, on credit hold, or over their credit headroom (credit limit − open balance − the account's open pipeline at its history-adjusted probability) carry the finance flag: booking them may wait for finance. ${formatCount(total.deals)} such deals hold ${money(total.openAmount)} of open amount, ${money(total.stated)} stated and ${money(total.adjusted)} adjusted expected. A deal counts once in the total and once under each reason that applies.</p>
${riskTable}
<h3>The accounts behind it (${finance.accounts.length})</h3>
${accountTable}
<p>Accounting facts for ${formatCount(q.withFacts)} of ${formatCount(q.accounts)} accounts (${span}); ${formatCount(q.withoutFacts)} without any, which cannot be flagged${q.valuesNotRead > 0 ? html`; ${formatCount(q.valuesNotRead)} values could not be read and count as unknown (see Data quality)` : ''}.</p>
</section>
`;
}

/** How many flagged deals the HTML lists, most flags and largest first (all of them are in deals.csv). */
const MAX_FLAGGED_ROWS = 50;

/** The facts behind a flag, without the empty ones, each named and with its unit (the page's words). */
function evidenceText(flag: DealFlag): Markup {
    return join(
        describeEvidence(flag).map((e) => html`${e.name}: ${e.value}`),
        ' · '
    );
}

const BANNER_STYLE: Record<DataQuality['verdict'], string> = {
    ok: 'background:#eef6ee;border:1px solid #9c9;',
    partial: 'background:#fff6e0;border:1px solid #e0b040;',
    unfit: 'background:#fde8e8;border:1px solid #d66;'
};

/** One line at the top: is the data this report rests on fit, and where the details are. */
function dataQualityBanner(quality: DataQuality): Markup {
    if (!hasFindings(quality)) return html``;
    const headline =
        quality.verdict === 'unfit'
            ? 'The data is unfit for some of these numbers'
            : quality.verdict === 'partial'
              ? 'Some input rows were rejected'
              : 'Notes on the input data';
    const rejected = quality.sources.reduce((n, t) => n + t.rejected, 0);
    const repaired = quality.sources.reduce((n, t) => n + t.repaired, 0);
    const detail = [
        ...quality.reasons,
        `${rejected} rows rejected, ${repaired} repaired, ${quality.missing.length} files or columns missing`
    ];
    return html`<section class="dq-banner" role="${quality.verdict === 'ok' ? 'note' : 'alert'}" style="${BANNER_STYLE[quality.verdict]}padding:0.6em 1em;margin:1em 0;border-radius:4px"><strong>${headline}.</strong> ${join(detail, ' · ')}. <a href="#data-quality">Data quality</a> · ${DATA_QUALITY_CSV}</section>`;
}

/** The ledger: per source counts, missing files and what they change, notes, the first problems. */
function dataQualitySection(quality: DataQuality, problems: DataProblem[]): Markup {
    const counts = itemTable(
        quality.sources,
        [
            { label: 'Source', cell: (t) => t.source },
            { label: 'Read', numeric: true, cell: (t) => t.read },
            { label: 'Accepted', numeric: true, cell: (t) => t.accepted },
            { label: 'Repaired', numeric: true, cell: (t) => t.repaired },
            { label: 'Rejected', numeric: true, cell: (t) => t.rejected },
            { label: 'Not needed', numeric: true, cell: (t) => t.skipped }
        ],
        'No rows read.'
    );
    const missing = quality.missing.length
        ? html`<ul>${quality.missing.map((m) => html`<li><strong>Missing ${m.source}</strong>: ${m.consequence}</li>`)}</ul>`
        : '';
    const notes = quality.notes.length ? html`<ul>${quality.notes.map((n) => html`<li>${n}</li>`)}</ul>` : '';
    const shown = problems.slice(0, REPORT_PROBLEMS);
    const list = itemTable(
        shown,
        [
            { label: 'Where', cell: locationOf },
            { label: 'Outcome', cell: (p) => p.outcome },
            { label: 'Why', cell: (p) => p.message }
        ],
        'No row had a problem.'
    );
    const more =
        quality.issueCount > shown.length
            ? html`<p class="lead">The first ${shown.length} of ${quality.issueCount} problems; all are in ${DATA_QUALITY_CSV}.</p>`
            : '';
    return html`<section id="data-quality">
<h2>Data quality</h2>
<p class="lead">Every row read, and what became of it: accepted, accepted after a repair (a value dropped or corrected), or rejected. Verdict: ${quality.verdict}.</p>
${counts}
${missing}
${notes}
${list}
${more}
</section>`;
}

function brierInterval(i: Interval95): string {
    return i ? `${formatBrier(i[0])}–${formatBrier(i[1])}` : '–';
}

function differenceInterval(i: Interval95): string {
    return i ? `${formatBrierDifference(i[0])} to ${formatBrierDifference(i[1])}` : '–';
}

/** A Brier score with its 95% interval below it. */
function brierCell(score: number | null, interval: Interval95): Markup {
    return html`${formatBrier(score)}<div class="evidence">${brierInterval(interval)}</div>`;
}

/** A time-split score column: the Brier score of one predictor with its interval. */
function brierColumn(
    label: string,
    predictor: keyof TimeSplitGroup['brier']
): ItemColumn<{ group: TimeSplitGroup }> {
    return {
        label,
        numeric: true,
        cell: ({ group }) => brierCell(group.brier[predictor], group.brier95[predictor])
    };
}

export function renderReportHtml(rec: Reconciliation): string {
    const current = rec.forecast.byPeriod.find((r) => r.period === rec.currentPeriod.key);
    const totalFlags = Object.values(rec.flagCounts).reduce((a, b) => a + b, 0);
    const flaggedDeals = rec.deals.filter((d) => d.flags.length > 0);
    const adjustedNow = rec.periodForecasts.find((f) => f.period === rec.currentPeriod.key) ?? null;
    const split = rec.accuracy.timeSplit;
    const splitScored = split !== null && split.scored > 0;
    const periodWord = rec.spec.unit === 'quarter' ? 'quarter' : 'month';

    const kpis = [
        kpi(
            `${rec.currentPeriod.label} stated`,
            compactMoney(current ? current.booked + current.statedExpected : 0),
            'booked + Σ amount × deal probability'
        ),
        kpi(
            `${rec.currentPeriod.label} adjusted`,
            compactMoney(adjustedNow?.adjusted),
            adjustedNow?.adjusted !== null && adjustedNow?.adjusted !== undefined
                ? `80% range ${rangeText(adjustedNow.range80)}; booked + open deals × P(won by period end) + not yet created, from ${adjustedNow.basis.trainingPeriods.length} past periods`
                : (adjustedNow?.unavailable ?? 'not computed')
        ),
        kpi(`${rec.currentPeriod.label} booked`, compactMoney(current?.booked ?? 0), `as of ${rec.asOf}`),
        kpi(
            'Brier on a time split',
            splitScored
                ? `${formatBrier(split.brier.stageWinRate)} → ${formatBrier(split.brier.adjusted)}`
                : '–',
            splitScored
                ? `stage win rate → + parameters on ${split.scored} deals scored after cut-offs from ${split.fittedOnClosedBefore} (nominal ${formatBrier(split.brier.nominal)}; lower is better)`
                : 'no deal open at the cut-off has closed since'
        ),
        accuracyTile(rec),
        kpi('Flags', String(totalFlags), `${flaggedDeals.length} of ${rec.deals.length} open deals`)
    ];

    const backtestCharts = rec.weeksOut.map(
        (k) =>
            html`<div class="chart"><canvas id="chart-backtest-${k}" aria-label="Forecast vs booked ${k} weeks out" role="img"></canvas></div>`
    );
    const accuracyTable = itemTable(
        rec.accuracy.backtestUnavailable ? [] : rec.accuracy.backtest,
        [
            { label: 'Weeks out', cell: (a) => a.weeksOut },
            { label: 'Periods', numeric: true, cell: (a) => a.periods },
            ...errorColumns('Stated', (a: HorizonAccuracy) => a.stated),
            ...errorColumns('Adjusted', (a: HorizonAccuracy) => a.adjusted),
            ...errorColumns('Commit', (a: HorizonAccuracy) => a.commit),
            {
                label: 'Booked in 80% range',
                numeric: true,
                cell: ({ rangeCoverage80: range }) =>
                    range.share === null ? '–' : `${range.inside} of ${range.periods} (${pct(range.share)})`
            }
        ],
        rec.accuracy.backtestUnavailable ?? 'No completed period with bookings to backtest.'
    );

    const stageTable = itemTable(
        rec.benchmarks.stages,
        [
            { label: 'Stage', cell: (s) => s.stage },
            { label: 'Nominal', numeric: true, cell: (s) => pct(s.nominal) },
            { label: 'Observed', numeric: true, cell: (s) => pct(s.observedWinRate) },
            {
                label: '95% interval',
                numeric: true,
                cell: (s) => (s.wilsonLow === null ? '–' : `${pct(s.wilsonLow)} – ${pct(s.wilsonHigh)}`)
            },
            { label: 'Shrunk', numeric: true, cell: (s) => pct(s.winRate) },
            { label: 'Won', numeric: true, cell: (s) => s.won },
            { label: 'Lost', numeric: true, cell: (s) => s.lost },
            { label: 'Evidence', cell: (s) => s.status }
        ],
        'No closed deals to calibrate against.'
    );

    const ownerTable = itemTable(
        rec.ownerBias.owners,
        [
            { label: 'Owner', cell: (o) => html`<span class="key">${o.ownerName}</span>` },
            { label: 'Periods', numeric: true, cell: (o) => o.periods },
            { label: 'Stated forecast', numeric: true, cell: (o) => compactMoney(o.forecastStated) },
            { label: 'Adjusted forecast', numeric: true, cell: (o) => compactMoney(o.forecastAdjusted) },
            { label: 'Booked', numeric: true, cell: (o) => compactMoney(o.booked) },
            { label: 'Stated bias', numeric: true, cell: (o) => signedPct(o.biasStated) },
            { label: 'Adjusted bias', numeric: true, cell: (o) => signedPct(o.biasAdjusted) }
        ],
        'No owner had bookings in the backtested periods.'
    );

    const flagsTable = itemTable(
        flaggedDeals.slice(0, MAX_FLAGGED_ROWS),
        [
            { label: 'Deal', cell: (d) => html`${d.name}<div class="evidence">${d.id}</div>` },
            { label: 'Owner', cell: (d) => d.ownerName },
            { label: 'Stage', cell: (d) => d.stage },
            amountColumn('Amount', (d) => d.amount),
            { label: 'Close date', cell: (d) => d.closeDate },
            {
                label: 'Stated → adjusted',
                numeric: true,
                cell: (d) => `${pct(d.statedProbability)} → ${pct(d.adjustedProbability)}`
            },
            {
                label: 'Flags and evidence',
                cell: (d) =>
                    join(
                        d.flags.map(
                            (f) =>
                                html`<div><span class="badge ${f.severity}">${FLAG_LABELS[f.kind] ?? f.kind}</span> ${f.message}<div class="evidence">${evidenceText(f)}</div></div>`
                        )
                    )
            }
        ],
        'No open deal is flagged.'
    );
    const flagSummary = join(
        Object.entries(rec.flagCounts).map(
            ([kind, n]) =>
                html`<span class="badge">${FLAG_LABELS[kind as keyof typeof FLAG_LABELS] ?? kind}: ${n}</span>`
        ),
        ' '
    );

    const untouchedTable = itemTable(
        rec.discipline.untouched.slice(0, 50),
        [
            { label: 'Deal', cell: (u) => u.name },
            { label: 'Owner', cell: (u) => u.ownerName },
            { label: 'Stage', cell: (u) => u.stage },
            amountColumn('Amount', (u) => u.amount),
            { label: 'Last touched', cell: (u) => u.lastTouched.slice(0, 10) },
            { label: 'Days', numeric: true, cell: (u) => u.days }
        ],
        `No open deal has gone untouched for more than ${rec.discipline.untouchedDays} days.`
    );

    const periodTable = itemTable(
        rec.forecast.byPeriod,
        forecastColumns(rec),
        'No open or booked deals in the current or later periods.'
    );
    const waterfallTable = table(
        [
            { label: 'Step' },
            { label: 'Open amount', numeric: true },
            { label: 'Stated', numeric: true },
            { label: 'Adjusted', numeric: true }
        ],
        [
            ...rec.waterfall.steps.map((w): Cell[] => [
                w.step,
                w.step === 'Booked' ? '' : money(w.amount),
                money(w.stated),
                money(w.adjusted)
            ]),
            [
                html`<strong>Forecast</strong>`,
                '',
                html`<strong>${money(rec.waterfall.steps.reduce((a, w) => a + w.stated, 0))}</strong>`,
                html`<strong>${money(adjustedNow?.adjusted)}</strong>`
            ],
            ['80% range of the adjusted forecast', '', '', rangeText(adjustedNow?.range80)]
        ],
        'Nothing in the current period.'
    );

    const snapshotSection = rec.snapshots
        ? html`<section id="snapshots"><h2>Stored forecast snapshots</h2>
<p class="lead">What earlier runs of <code>stageplay snapshot</code> recorded, against what is booked and forecast now (${rec.snapshots.snapshots} snapshot rows). Stated: booked + amount × deal probability of open deals dated in the ${periodWord}. Adjusted: the adjusted period forecast (booked + open deals × P(won by the ${periodWord}'s end) × amount change + deals not yet created); “–” where a snapshot or today's run has none.</p>
${itemTable(
    rec.snapshots.rows,
    [
        { label: 'Snapshot as of', cell: (r) => r.asOf },
        { label: 'Period', cell: (r) => storedPeriodLabel(r.period, rec) },
        amountColumn('Stated then', (r) => r.statedThen),
        amountColumn('Adjusted then', (r) => r.adjustedThen),
        amountColumn('Commit then', (r) => r.commitThen),
        amountColumn('Booked now', (r) => r.bookedNow),
        amountColumn('Stated now', (r) => r.statedNow),
        amountColumn('Adjusted now', (r) => r.adjustedNow)
    ],
    'No period totals in the stored snapshots.'
)}</section>`
        : '';

    const timeSplitTable = split
        ? itemTable(
              split.scored === 0
                  ? []
                  : [
                        ...split.byStage.map((g): { label: Cell; group: TimeSplitGroup } => ({
                            label: g.stage,
                            group: g
                        })),
                        { label: html`<strong>All</strong>`, group: split }
                    ],
              [
                  { label: 'Stage at the cut-off', cell: (r) => r.label },
                  { label: 'Deals', numeric: true, cell: (r) => r.group.scored },
                  brierColumn('Nominal', 'nominal'),
                  brierColumn('Stage win rate', 'stageWinRate'),
                  brierColumn('+ parameters', 'adjusted'),
                  {
                      label: '+ parameters − stage win rate (95%)',
                      numeric: true,
                      cell: (r) => differenceInterval(r.group.adjustedMinusStageWinRate95)
                  }
              ],
              'No deal open at the cut-off has closed since.'
          )
        : html`<p class="empty">No closed deals to split.</p>`;
    const splitVerdict = !splitScored
        ? ''
        : split.verdict === 'parametersHelp'
          ? 'The parameters improve on the stage win rate: the 95% interval of the difference lies below 0.'
          : "Your parameters don't yet predict outcomes beyond the stage win rate: the 95% interval of the difference does not lie below 0.";
    const minimum = rec.benchmarks.minimumDeals ?? MIN_HISTORY_DEALS;
    const checkText = parameterCheckText(rec.benchmarks.parameterCheck, minimum);
    const effectsTable = itemTable(
        rec.evidence.effects,
        [
            { label: 'Stage', cell: (e) => e.stage },
            { label: 'Parameter', cell: (e) => e.label },
            { label: 'Answer', cell: (e) => e.bucket },
            { label: 'Odds', numeric: true, cell: (e) => formatRatio(e.likelihoodRatio) },
            {
                label: '95% interval',
                numeric: true,
                cell: (e) => `${formatRatio(e.ratioLow)}–${formatRatio(e.ratioHigh)}`
            },
            { label: 'Won / lost', numeric: true, cell: (e) => `${e.won} / ${e.lost}` }
        ],
        'No answer has a clear effect yet.'
    );
    const disagreements = rec.evidence.ruleDisagreements;
    const disagreementTable = itemTable(
        disagreements,
        [
            { label: 'Stage', cell: (d) => d.stage },
            { label: 'Parameter', cell: (d) => d.label },
            { label: 'Answer', cell: (d) => d.answer },
            {
                label: 'Rule',
                cell: (d) => html`<code>${d.rule}</code> (${d.outcome === 'fail' ? 'fails' : 'meets'} it)`
            },
            {
                label: 'History says',
                numeric: true,
                cell: (d) =>
                    `odds ${formatRatio(d.ratio)} (${formatRatio(d.ratioLow)}–${formatRatio(d.ratioHigh)}) against answers that ${d.outcome === 'fail' ? 'meet' : 'fail'} it`
            },
            { label: 'Won / lost', numeric: true, cell: (d) => `${d.won} / ${d.lost}` }
        ],
        'None: no answer that fails its rule won more often than answers that meet it, and none that meets it won less often than answers that fail it.'
    );

    // Typed by what the drawing module reads; the objects go in whole, as reconciliation.json has them.
    const chartData: ReportChartData = {
        weeksOut: rec.weeksOut,
        backtest: rec.backtest,
        waterfall: rec.waterfall,
        calibration: {
            stages: rec.calibration.stages,
            binsNominal: rec.calibration.binsNominal,
            binsAdjusted: rec.calibration.binsAdjusted
        },
        ownerBias: rec.ownerBias,
        discipline: { byOwner: rec.discipline.byOwner, byStage: rec.discipline.byStage },
        goals: goalChartData(rec),
        kpis: kpiChartData(rec)
    };

    return render(html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Stageplay forecast reconciliation · as of ${rec.asOf}</title>
<style>${STYLE}</style>
</head>
<body>
<header>
<h1>Forecast reconciliation</h1>
<p>As of ${rec.asOf} · ${rec.source} · ${rec.counts.opportunities} opportunities (${rec.counts.open} open, ${rec.counts.won} won, ${rec.counts.lost} lost) · ${periodWord}s, fiscal year starting month ${rec.spec.fiscalYearStartMonth}</p>
</header>
<main>
${dataQualityBanner(rec.dataQuality)}
<section class="kpis">${kpis}</section>
${goalsSection(rec)}

<section id="accuracy">
<h2>How accurate are the probabilities? (time split)</h2>
<p class="lead">${
        split
            ? html`At ${split.cutOffs.length} cut-offs 28 days apart from ${split.fittedOnClosedBefore}, benchmarks fitted only on the deals closed before the cut-off (${split.fittedOn} at the first) score the deals open at the cut-off; each of the ${split.scored} deals that closed by ${split.scoredClosedBy} is scored once, at the stage it was in at the first cut-off it was open at, with its answers as of then. Brier score: mean squared error of the probability against won (1) or lost (0); lower is better. Below each score its 95% bootstrap interval.`
            : ''
    } ${splitVerdict}</p>
${timeSplitTable}
</section>

<section id="evidence">
<h2>What the parameters add</h2>
<p class="lead">${
        rec.benchmarks.dealCount < minimum
            ? html`Only ${rec.benchmarks.dealCount} closed deals: at least ${minimum} are needed before any benchmark is used, so deals keep their stage probabilities.`
            : html`Benchmarks from ${rec.benchmarks.dealCount} closed deals (at least ${minimum} are needed before any is used).`
    } ${checkText ?? ''} ${CREDIBLE_CRITERION}</p>
${effectsTable}
<h3>Where the rule and history disagree (${disagreements.length})</h3>
${disagreementTable}
</section>

<section id="backtest">
<h2>Forecast vs booked in past ${periodWord}s</h2>
<p class="lead">The pipeline rebuilt from stage history as it stood k weeks before each ${periodWord} ended: what the deals' own probabilities said (stated), the adjusted forecast with its 80% range (booked, plus each open deal × the chance deals like it closed won by the end of earlier ${periodWord}s × their amount change, plus what deals not yet created booked in earlier ${periodWord}s — learned only from what was known on that date), the Commit amount, and what was booked. Errors are shown as measured, never clipped.</p>
${
    rec.accuracy.backtestUnavailable
        ? html`<p class="empty" role="alert">Backtest cannot be computed: ${rec.accuracy.backtestUnavailable}</p>`
        : html`<div class="grid">${backtestCharts}</div>
${accuracyTable}`
}
</section>

<section id="waterfall">
<h2>${rec.currentPeriod.label}: from booked to forecast</h2>
<p class="lead">Booked so far, then open deals dated in the ${periodWord} by forecast category — stated: amount × deal probability; adjusted: amount × the chance that deals in the same stage, as long in it, with as many close-date pushes and as many days left, closed won by the end of past ${periodWord}s × their amount change — then the two terms only the adjusted forecast has: open deals dated outside the ${periodWord} that close in it after all, and deals not yet created.${adjustedNow?.adjusted === null || adjustedNow?.adjusted === undefined ? html` ${adjustedNow?.unavailable ?? ''}` : html` Learned from ${adjustedNow.basis.examples} open deals on the same day of ${adjustedNow.basis.trainingPeriods.length} past ${periodWord}s (${adjustedNow.basis.trainingPeriods.map((k) => periodLabel(k, rec.spec)).join(', ')}).`}</p>
<div class="grid"><div class="chart tall"><canvas id="chart-waterfall" role="img" aria-label="Current period waterfall"></canvas></div>
<div>${waterfallTable}</div></div>
</section>

<section id="calibration">
<h2>Do stage probabilities match history?</h2>
<p class="lead">Per stage, the configured probability against the observed win rate of all ${rec.benchmarks.dealCount} deals closed by ${rec.asOf} that reached the stage (the same deals and numbers as <code>stageplay learn</code>), with its 95% Wilson interval. Right: predicted vs observed by probability bin on ${rec.calibration.deals} randomly held-out deals at every stage they visited.</p>
<div class="grid">
<div class="chart tall"><canvas id="chart-calibration-stages" role="img" aria-label="Calibration per stage"></canvas></div>
<div class="chart tall"><canvas id="chart-reliability" role="img" aria-label="Reliability curve"></canvas></div>
</div>
${stageTable}
</section>

<section id="owners">
<h2>Bias by owner</h2>
<p class="lead">(forecast − booked) / booked, ${rec.ownerBias.weeksOut} weeks before period end, over the backtested ${periodWord}s, with the backtest's own forecasts split by owner. Stated forecast: booked by then + amount × deal probability of the owner's open deals dated in the ${periodWord}. Adjusted forecast: booked by then + each of the owner's open deals × the chance it was won by the ${periodWord}'s end × amount change (whatever its close date) + the owner's share of deals not yet created. Positive means the forecast promised more than the owner delivered.</p>
<div class="chart" style="height: ${Math.max(280, 60 + 28 * rec.ownerBias.owners.length)}px"><canvas id="chart-owner-bias" role="img" aria-label="Forecast bias by owner"></canvas></div>
${ownerTable}
</section>

<section id="periods">
<h2>Forecast by period</h2>
${periodTable}
</section>

<section id="flags">
<h2>Flagged deals</h2>
<p class="lead">${flagSummary}${flaggedDeals.length > MAX_FLAGGED_ROWS ? html` · showing the first ${MAX_FLAGGED_ROWS}; every deal is in deals.csv` : ''}</p>
${flagsTable}
</section>
${financeSection(rec)}
${kpisSection(rec)}
<section id="discipline">
<h2>Data discipline</h2>
<p class="lead">Of open deals, the share whose current-stage parameters are all captured: ${pct(rec.discipline.overall.share)} (${rec.discipline.overall.fullyCaptured} of ${rec.discipline.overall.withParameters}); parameter values captured: ${pct(rec.discipline.overall.parameterShare)}.</p>
<div class="grid">
<div class="chart"><canvas id="chart-discipline-owner" role="img" aria-label="Capture by owner"></canvas></div>
<div class="chart"><canvas id="chart-discipline-stage" role="img" aria-label="Capture by stage"></canvas></div>
</div>
<h3>Untouched for more than ${rec.discipline.untouchedDays} days (${rec.discipline.untouched.length})</h3>
${untouchedTable}
${adoptionTable(rec)}
</section>
${snapshotSection}
</main>
${dataQualitySection(rec.dataQuality, rec.dataProblems)}
<footer>Generated by Stageplay at ${rec.generatedAt}. Data: reconciliation.json and the CSV files next to this report.</footer>
${inlineScript(chartJs())}
${jsonScript(CHART_DATA_ID, chartData)}
${inlineScript(reportChartsScript())}
</body>
</html>
`);
}
