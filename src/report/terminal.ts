/**
 * Compact terminal tables: what a command ends with. Plain text, aligned, no colours, so it reads the
 * same in a terminal, a CI log and a pasted issue comment.
 */
import type { Benchmarks, ProcessDefinition } from '../../force-app/main/default/lwc/stageplayCore/types';
import {
    CREDIBLE_CRITERION,
    FLAG_LABELS,
    formatBrier,
    formatBrierDifference,
    formatRatio,
    MIN_HISTORY_DEALS,
    parameterCheckText,
    ruleHistoryDisagreements
} from '../../force-app/main/default/lwc/stageplayCore/stageplayCore';
import { formatMoney, formatPercent, formatTable } from '../cli/output';
import { topParameterEffects } from '../ops/learn';
import type { Reconciliation } from '../ops/reconcile';

export function benchmarkSummaryLines(process: ProcessDefinition, benchmarks: Benchmarks): string[] {
    const open = benchmarks.stages.filter((s) => {
        const stage = process.stages.find((d) => d.name === s.stage);
        return !stage || !stage.isClosed;
    });
    const stageTable = formatTable(
        open.map((s) => ({
            stage: s.stage,
            nominal: formatPercent(s.nominal),
            observed: formatPercent(s.observedWinRate),
            interval:
                s.wilsonLow === null ? '–' : `${formatPercent(s.wilsonLow)}–${formatPercent(s.wilsonHigh)}`,
            shrunk: formatPercent(s.winRate),
            n: s.reached,
            status: s.status
        })),
        [
            { key: 'stage', label: 'Stage' },
            { key: 'nominal', label: 'Nominal', align: 'right' },
            { key: 'observed', label: 'Observed', align: 'right' },
            { key: 'interval', label: '95% interval', align: 'right' },
            { key: 'shrunk', label: 'Shrunk', align: 'right' },
            { key: 'n', label: 'n', align: 'right' },
            { key: 'status', label: 'Evidence' }
        ]
    );
    const effects = topParameterEffects(process, benchmarks, 8);
    const effectTable = formatTable(
        effects.map((e) => ({
            stage: e.stage,
            parameter: e.label,
            answer: e.bucket,
            lr: formatRatio(e.likelihoodRatio),
            interval: `${formatRatio(e.ratioLow)}–${formatRatio(e.ratioHigh)}`,
            counts: `${e.won} won / ${e.lost} lost`
        })),
        [
            { key: 'stage', label: 'Stage' },
            { key: 'parameter', label: 'Parameter' },
            { key: 'answer', label: 'Answer' },
            { key: 'lr', label: 'Odds', align: 'right' },
            { key: 'interval', label: '95% interval', align: 'right' },
            { key: 'counts', label: 'Evidence', align: 'right' }
        ]
    );
    const minimum = benchmarks.minimumDeals ?? MIN_HISTORY_DEALS;
    const check = parameterCheckText(benchmarks.parameterCheck, minimum);
    const disagreements = ruleHistoryDisagreements(process, benchmarks);
    const disagreementLines =
        disagreements.length === 0
            ? [
                  'None: no answer that fails its rule went with winners, and none that meets it went with losers.'
              ]
            : formatTable(
                  disagreements.map((d) => ({
                      stage: d.stage,
                      parameter: d.label,
                      answer: d.answer,
                      rule: `${d.rule} (${d.outcome === 'fail' ? 'fails' : 'meets'} it)`,
                      history: `${d.outcome === 'fail' ? 'raises' : 'lowers'} odds ${formatRatio(d.ratio)}`,
                      counts: `${d.won} won / ${d.lost} lost`
                  })),
                  [
                      { key: 'stage', label: 'Stage' },
                      { key: 'parameter', label: 'Parameter' },
                      { key: 'answer', label: 'Answer' },
                      { key: 'rule', label: 'Rule' },
                      { key: 'history', label: 'History says', align: 'right' },
                      { key: 'counts', label: 'Evidence', align: 'right' }
                  ]
              );
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

export function reconciliationSummaryLines(rec: Reconciliation): string[] {
    const periods = formatTable(
        rec.forecast.byPeriod.slice(0, 6).map((r) => ({
            period: r.period,
            deals: r.deals,
            open: formatMoney(r.openAmount),
            booked: formatMoney(r.booked),
            stated: formatMoney(r.booked + r.statedExpected),
            adjusted: formatMoney(r.booked + r.adjustedExpected)
        })),
        [
            { key: 'period', label: 'Period' },
            { key: 'deals', label: 'Deals', align: 'right' },
            { key: 'open', label: 'Open', align: 'right' },
            { key: 'booked', label: 'Booked', align: 'right' },
            { key: 'stated', label: 'Stated', align: 'right' },
            { key: 'adjusted', label: 'Adjusted', align: 'right' }
        ]
    );
    const accuracy = formatTable(
        rec.accuracy.backtest.map((a) => ({
            k: `${a.weeksOut} wk`,
            stated: `${formatPercent(a.stated.accuracy)} (bias ${formatPercent(a.stated.bias, 1)})`,
            adjusted: `${formatPercent(a.adjusted.accuracy)} (bias ${formatPercent(a.adjusted.bias, 1)})`,
            commit: formatPercent(a.commit.accuracy),
            periods: a.stated.periods
        })),
        [
            { key: 'k', label: 'Out' },
            { key: 'stated', label: 'Stated accuracy', align: 'right' },
            { key: 'adjusted', label: 'Adjusted accuracy', align: 'right' },
            { key: 'commit', label: 'Commit', align: 'right' },
            { key: 'periods', label: 'Periods', align: 'right' }
        ]
    );
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
        `Forecast as of ${rec.asOf} (${rec.counts.open} open deals; stated = booked + Σ amount × probability):`,
        '',
        ...periods,
        '',
        `Backtest over ${rec.pastPeriods.length} past periods (forecast k weeks before period end vs booked):`,
        '',
        ...accuracy,
        '',
        ...timeSplitLines(rec),
        `Open deals flagged: ${flags || 'none'}`,
        `Data discipline: ${formatPercent(rec.discipline.overall.share)} of open deals have every current-stage parameter captured; ${rec.discipline.untouched.length} untouched > ${rec.discipline.untouchedDays} days`
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
