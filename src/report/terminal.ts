/**
 * Compact terminal tables: what a command ends with. Plain text, aligned, no colours, so it reads the
 * same in a terminal, a CI log and a pasted issue comment.
 */
import type { Benchmarks, ProcessDefinition } from '../../force-app/main/default/lwc/stageplayCore/types';
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
            lr: `×${e.likelihoodRatio.toFixed(2)}`,
            counts: `${e.won} won / ${e.lost} lost`
        })),
        [
            { key: 'stage', label: 'Stage' },
            { key: 'parameter', label: 'Parameter' },
            { key: 'answer', label: 'Answer' },
            { key: 'lr', label: 'Odds', align: 'right' },
            { key: 'counts', label: 'Evidence', align: 'right' }
        ]
    );
    return [
        `Benchmarks from ${benchmarks.dealCount} closed deals (damping ${benchmarks.damping.toFixed(2)}):`,
        '',
        ...stageTable,
        '',
        'Top parameter effects (likelihood ratio of winning given the answer):',
        '',
        ...effectTable
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
        rec.accuracy.map((a) => ({
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
    const brier = (v: number | null) => (v === null ? '–' : v.toFixed(4));
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
            return deals === n ? `${kind} ${n}` : `${kind} ${deals} (${n} flags)`;
        })
        .join(', ');
    return [
        `Forecast as of ${rec.asOf} (${rec.counts.open} open deals; stated = booked + Σ amount × probability):`,
        '',
        ...periods,
        '',
        ...(rec.backtestUnavailable
            ? [`Backtest: cannot be computed: ${rec.backtestUnavailable}.`]
            : [
                  `Backtest over ${rec.pastPeriods.length} past periods (forecast k weeks before period end vs booked):`,
                  '',
                  ...accuracy
              ]),
        '',
        `Calibration on ${rec.calibration.deals} held-out deals: Brier nominal ${brier(rec.calibration.brierNominal)} → adjusted ${brier(rec.calibration.brierAdjusted)} (lower is better)`,
        `Open deals flagged: ${flags || 'none'}`,
        `Data discipline: ${formatPercent(rec.discipline.overall.share)} of open deals have every current-stage parameter captured; ${rec.discipline.untouched.length} untouched > ${rec.discipline.untouchedDays} days`
    ];
}
