/**
 * Compact terminal tables: what a command ends with. Plain text, aligned, no colours, so it reads the
 * same in a terminal, a CI log and a pasted issue comment.
 */
import { kpisLine } from './kpisTerminal';
import type { Benchmarks, ProcessDefinition } from '../core';
import { goalsLines } from './goalsTerminal';
import {
    periodLabel,
    CREDIBLE_CRITERION,
    FLAG_LABELS,
    formatBrier,
    formatBrierDifference,
    formatCompactAmount,
    formatCount,
    formatPercentValue,
    plural,
    formatRatio,
    MIN_HISTORY_DEALS,
    parameterCheckText,
    ruleHistoryDisagreements
} from '../core';
import { formatTable } from '../output';
import { topParameterEffects } from './effects';
import type { Reconciliation } from '../reconciliation';

/** A terminal column: its header, its alignment, and how its text is read from the item a row shows. */
interface TextColumn<T> {
    label: string;
    align?: 'left' | 'right';
    value: (item: T) => string | number;
}

/** One aligned row per item; the header and the value of a column stand together, so they cannot drift apart. */
function textTable<T>(items: readonly T[], columns: TextColumn<T>[]): string[] {
    const keyed = columns.map((c, i) => ({ ...c, key: String(i) }));
    return formatTable(
        items.map((item) => Object.fromEntries(keyed.map((c) => [c.key, c.value(item)]))),
        keyed
    );
}

export function benchmarkSummaryLines(salesProcess: ProcessDefinition, benchmarks: Benchmarks): string[] {
    const open = benchmarks.stages.filter((s) => {
        const stage = salesProcess.stages.find((d) => d.name === s.stage);
        return !stage || !stage.isClosed;
    });
    const stageTable = textTable(open, [
        { label: 'Stage', value: (s) => s.stage },
        { label: 'Nominal', align: 'right', value: (s) => formatPercentValue(s.nominal) },
        { label: 'Observed', align: 'right', value: (s) => formatPercentValue(s.observedWinRate) },
        {
            label: '95% interval',
            align: 'right',
            value: (s) =>
                s.wilsonLow === null
                    ? '–'
                    : `${formatPercentValue(s.wilsonLow)}–${formatPercentValue(s.wilsonHigh)}`
        },
        { label: 'Shrunk', align: 'right', value: (s) => formatPercentValue(s.winRate) },
        { label: 'n', align: 'right', value: (s) => s.reached },
        { label: 'Evidence', value: (s) => s.status }
    ]);
    const effects = topParameterEffects(salesProcess, benchmarks, 8);
    const effectTable = textTable(effects, [
        { label: 'Stage', value: (e) => e.stage },
        { label: 'Parameter', value: (e) => e.label },
        { label: 'Answer', value: (e) => e.bucket },
        { label: 'Odds', align: 'right', value: (e) => formatRatio(e.likelihoodRatio) },
        {
            label: '95% interval',
            align: 'right',
            value: (e) => `${formatRatio(e.ratioLow)}–${formatRatio(e.ratioHigh)}`
        },
        { label: 'Evidence', align: 'right', value: (e) => `${e.won} won / ${e.lost} lost` }
    ]);
    const minimum = benchmarks.minimumDeals ?? MIN_HISTORY_DEALS;
    const check = parameterCheckText(benchmarks.parameterCheck, minimum);
    const disagreements = ruleHistoryDisagreements(salesProcess, benchmarks);
    const disagreementLines =
        disagreements.length === 0
            ? [
                  'None: no answer that fails its rule won more often than answers that meet it, and none that meets it won less often than answers that fail it.'
              ]
            : textTable(disagreements, [
                  { label: 'Stage', value: (d) => d.stage },
                  { label: 'Parameter', value: (d) => d.label },
                  { label: 'Answer', value: (d) => d.answer },
                  {
                      label: 'Rule',
                      value: (d) => `${d.rule} (${d.outcome === 'fail' ? 'fails' : 'meets'} it)`
                  },
                  {
                      label: 'History says',
                      align: 'right',
                      value: (d) =>
                          `odds ${formatRatio(d.ratio)} (${formatRatio(d.ratioLow)}–${formatRatio(d.ratioHigh)}) against answers that ${d.outcome === 'fail' ? 'meet' : 'fail'} it`
                  },
                  { label: 'Evidence', align: 'right', value: (d) => `${d.won} won / ${d.lost} lost` }
              ]);
    return [
        benchmarks.dealCount < minimum
            ? `Benchmarks from ${benchmarks.dealCount} closed deals: fewer than the ${minimum} needed, so none is used (deals keep their stage probabilities).`
            : `Benchmarks from ${benchmarks.dealCount} closed deals (at least ${minimum} are needed before any is used):`,
        '',
        ...stageTable,
        '',
        ...(check ? [check, ''] : []),
        `Answers with a clear effect (likelihood ratio of winning given the answer, shrunk toward ×1). ${CREDIBLE_CRITERION}`,
        '',
        ...(effects.length > 0 ? effectTable : ['None yet: no answer has a clear effect.']),
        '',
        'Where the rule and history disagree:',
        '',
        ...disagreementLines
    ];
}

/** "1.20M–1.45M", or "–" without a range. */
function rangeText(range: [number, number] | null | undefined): string {
    return range ? `${formatCompactAmount(range[0])}–${formatCompactAmount(range[1])}` : '–';
}

/** The current period's adjusted forecast, term by term, with its range and what it rests on. */
export function periodForecastLines(rec: Reconciliation): string[] {
    const f = rec.periodForecasts.find((p) => p.period === rec.currentPeriod.key);
    if (!f) return [];
    if (f.adjusted === null) {
        return [
            `${f.label} adjusted forecast: not computed. ${f.unavailable ?? ''}`.trim(),
            `${f.label} stated forecast: ${formatCompactAmount(f.stated)} (booked ${formatCompactAmount(f.booked)} + Σ amount × deal probability)`
        ];
    }
    const unit = rec.spec.unit === 'quarter' ? 'quarters' : 'months';
    return [
        `${f.label} adjusted forecast ${formatCompactAmount(f.adjusted)}, 80% range ${rangeText(f.range80)} (stated ${formatCompactAmount(f.stated)}), ${f.daysLeft} days left:`,
        `  booked ${formatCompactAmount(f.booked)}`,
        `  + open deals ${formatCompactAmount(f.openDeals)} (Σ P(won by period end) × amount × amount change; ${formatCompactAmount(f.openDealsDatedOutside)} of it from deals dated outside the period)`,
        `  + not yet created ${formatCompactAmount(f.notYetCreated)} (mean of ${f.basis.notYetCreatedByPeriod.length} past ${unit})`,
        `  learned from ${f.basis.examples} open deals on the same day of ${f.basis.trainingPeriods.length} past ${unit} (${f.basis.trainingPeriods.map((k) => periodLabel(k, rec.spec)).join(', ')})`
    ];
}

/** Backtest accuracy per horizon: MAPE and bias never clipped, the periods behind them, the range's hits. */
export function backtestAccuracyLines(rec: Reconciliation): string[] {
    if (rec.accuracy.backtestUnavailable)
        return [`Backtest: cannot be computed: ${rec.accuracy.backtestUnavailable}`];
    const error = (e: { mape: number | null; bias: number | null }) =>
        e.mape === null ? '–' : `${formatPercentValue(e.mape, 1)} (bias ${formatPercentValue(e.bias, 1)})`;
    return textTable(rec.accuracy.backtest, [
        { label: 'Out', value: (a) => `${a.weeksOut} wk` },
        { label: 'Periods', align: 'right', value: (a) => a.periods },
        { label: 'Stated error (MAPE)', align: 'right', value: (a) => error(a.stated) },
        { label: 'Adjusted error (MAPE)', align: 'right', value: (a) => error(a.adjusted) },
        { label: 'Commit error', align: 'right', value: (a) => error(a.commit) },
        {
            label: 'Booked in 80% range',
            align: 'right',
            value: ({ rangeCoverage80: range }) =>
                range.share === null
                    ? '–'
                    : `${range.inside} of ${range.periods} (${formatPercentValue(range.share)})`
        }
    ]);
}

export function reconciliationSummaryLines(rec: Reconciliation): string[] {
    const adjustedOf = new Map(rec.periodForecasts.map((f) => [f.period, f]));
    const periods = textTable(rec.forecast.byPeriod.slice(0, 6), [
        { label: 'Period', value: (r) => periodLabel(r.period, rec.spec) },
        { label: 'Deals', align: 'right', value: (r) => r.deals },
        { label: 'Open', align: 'right', value: (r) => formatCompactAmount(r.openAmount) },
        { label: 'Booked', align: 'right', value: (r) => formatCompactAmount(r.booked) },
        { label: 'Stated', align: 'right', value: (r) => formatCompactAmount(r.booked + r.statedExpected) },
        {
            label: 'Adjusted',
            align: 'right',
            value: (r) => formatCompactAmount(adjustedOf.get(r.period)?.adjusted)
        },
        { label: '80% range', align: 'right', value: (r) => rangeText(adjustedOf.get(r.period)?.range80) }
    ]);
    // Deals, not flags: one deal can be padded on several parameters, and a manager counts deals.
    const dealsFlagged = new Map<string, Set<string>>();
    for (const deal of rec.deals) {
        for (const f of deal.flags) {
            if (!dealsFlagged.has(f.kind)) dealsFlagged.set(f.kind, new Set());
            dealsFlagged.get(f.kind)?.add(deal.id);
        }
    }
    const flags = Object.entries(rec.flagCounts)
        .filter(([, n]) => n > 0)
        .map(([kind, n]) => {
            const deals = dealsFlagged.get(kind)?.size ?? n;
            const label = FLAG_LABELS[kind as keyof typeof FLAG_LABELS] ?? kind;
            return deals === n ? `${label} ${n}` : `${label} ${deals} (${n} flags)`;
        })
        .join(', ');
    return [
        `Forecast as of ${rec.asOf} (${rec.counts.open} open deals; stated = booked + Σ amount × probability; adjusted = booked + open deals × P(won in the period) × amount change + not yet created):`,
        '',
        ...periods,
        '',
        ...periodForecastLines(rec),
        '',
        `Backtest over ${rec.pastPeriods.length} past periods (forecast k weeks before period end vs booked, learned only from what was known then):`,
        '',
        ...backtestAccuracyLines(rec),
        '',
        ...timeSplitLines(rec),
        `Open deals flagged: ${flags || 'none'}`,
        ...financeLines(rec),
        ...goalsLines(rec),
        kpisLine(rec),
        `Data discipline: ${formatPercentValue(rec.discipline.overall.share)} of open deals have every current-stage parameter captured; ${rec.discipline.untouched.length} untouched > ${rec.discipline.untouchedDays} days`
    ];
}

/** The accounts' money in one line: the forecast at risk from accounts past due, on hold or over their headroom. */
function financeLines(rec: Reconciliation): string[] {
    if (!rec.finance) return [];
    const { total } = rec.finance.atRisk;
    const q = rec.finance.quality;
    return [
        `Accounts' money: ${plural(total.deals, 'open deal', 'open deals')} on ${plural(rec.finance.accounts.length, 'account', 'accounts')} past due, on hold or over credit: ` +
            `${formatCompactAmount(total.openAmount)} open, ${formatCompactAmount(total.stated)} stated, ${formatCompactAmount(total.adjusted)} adjusted expected ` +
            `(facts for ${formatCount(q.withFacts)} of ${formatCount(q.accounts)} accounts${q.valuesNotRead > 0 ? `, ${formatCount(q.valuesNotRead)} values not read` : ''})`
    ];
}

/** The accuracy headline: which predictions, fitted when, scored on which deals. */
export function timeSplitHeadline(rec: Reconciliation): string {
    const t = rec.accuracy.timeSplit;
    if (!t || t.scored === 0)
        return 'Accuracy on a time split: no deal was open at the cut-off and closed after it.';
    return (
        `Accuracy on a time split: ${t.scored} deals open at one of ${t.cutOffs.length} cut-offs 28 days apart from ${t.fittedOnClosedBefore} and closed by ${t.scoredClosedBy}, ` +
        `each scored at the stage it was in then by benchmarks fitted only on deals closed before that cut-off: ` +
        `Brier nominal ${formatBrier(t.brier.nominal)}, stage win rate ${formatBrier(t.brier.stageWinRate)}, ` +
        `stage win rate + parameters ${formatBrier(t.brier.adjusted)} (lower is better).`
    );
}

/** What the parameters add on the time split, in one sentence. */
export function timeSplitVerdict(rec: Reconciliation): string | null {
    const t = rec.accuracy.timeSplit;
    const d = t?.adjustedMinusStageWinRate95;
    if (!t || !d) return null;
    const range = `${formatBrierDifference(d[0])} to ${formatBrierDifference(d[1])}`;
    return t.verdict === 'parametersHelp'
        ? `Parameters improve on the stage win rate: Brier difference ${range} (95% interval, below 0 is better).`
        : `Your parameters don't yet predict outcomes beyond the stage win rate: Brier difference ${range} (95% interval spans 0 or lies above it).`;
}

function timeSplitLines(rec: Reconciliation): string[] {
    const verdict = timeSplitVerdict(rec);
    return [timeSplitHeadline(rec), ...(verdict ? [verdict] : [])];
}
