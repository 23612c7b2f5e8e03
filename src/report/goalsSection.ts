/**
 * The report's "Goals & KPIs" section, part 1: "Goals". The current period's goal funnel (deals
 * entering each goal, converting to the next, time taken, value created) against each goal's target
 * and its own history, the bottleneck with what fixing it is worth, and each goal's conversion per
 * period. Part 2 (KPIs per rep) is another module's; the two parts share the section.
 */
import { formatCount, formatDays, formatPercentValue, periodLabel, type GoalResult } from '../core';
import type { Reconciliation } from '../reconciliation';
import type { GoalChartData } from './charts/goalChartData';
import { html, join, type Markup } from './markup';
import { amountColumn, type Cell, type ItemColumn, itemTable, table } from './table';

const pct = formatPercentValue;

/** Said where there are no goals (the tables are only drawn when there are). */
const NO_GOALS = 'No goals defined.';

/**
 * A sentence of ours longer than the page's cut for data text: escaped word by word, so it is shown
 * whole (the goal labels inside it are still escaped and cut like any data).
 */
function wholeSentence(text: string): Markup {
    return join(text.split(' '), ' ');
}

function rateCell(r: GoalResult): string {
    if (r.conversionRate === null || r.conversionInterval95 === null) return '–';
    return `${pct(r.conversionRate)} (${pct(r.conversionInterval95[0])}–${pct(r.conversionInterval95[1])})`;
}

/** The chart data of the goal charts (see charts/goalCharts.ts); absent without goals. */
export function goalChartData(rec: Reconciliation): GoalChartData | undefined {
    const goals = rec.goals;
    if (goals.byGoal.length === 0) return undefined;
    const periods = [...new Set([...goals.trend.map((r) => r.period), goals.period])];
    const all = [...goals.trend, ...goals.byGoal];
    return {
        periodLabel: periodLabel(goals.period, rec.spec),
        funnel: goals.byGoal.map((r) => ({
            label: r.label,
            entered: r.entered,
            converted: r.converted,
            lost: r.lost,
            conversionRate: r.conversionRate,
            low: r.conversionInterval95?.[0] ?? null,
            high: r.conversionInterval95?.[1] ?? null,
            target: r.target,
            historyRate: r.historyRate,
            bottleneck: r.bottleneck
        })),
        trend: {
            periods: periods.map((key) => periodLabel(key, rec.spec)),
            goals: goals.byGoal.map((current) => {
                const rows = periods.map((key) =>
                    all.find((r) => r.period === key && r.goal === current.goal)
                );
                return {
                    label: current.label,
                    rates: rows.map((r) => r?.conversionRate ?? null),
                    decided: rows.map((r) => (r ? r.converted + r.lost : 0)),
                    bottleneck: rows.map((r) => r?.bottleneck ?? false),
                    target: current.target
                };
            })
        }
    };
}

/** What the funnel could not place, said rather than left out. */
function caveats(rec: Reconciliation): Markup | null {
    const goals = rec.goals;
    const notes: string[] = [];
    if (goals.unassignedPlays > 0)
        notes.push(
            `${formatCount(goals.unassignedPlays)} play${goals.unassignedPlays === 1 ? '' : 's'} name no goal: their stages count with the goal before them.`
        );
    if (goals.goalsWithoutPlays.length > 0)
        notes.push(`Goals no play serves (no deal can enter them): ${goals.goalsWithoutPlays.join(', ')}.`);
    if (goals.amountsMissing > 0)
        notes.push(
            `${formatCount(goals.amountsMissing)} converted deal${goals.amountsMissing === 1 ? '' : 's'} had no amount: counted as converted, left out of the value created.`
        );
    return notes.length === 0 ? null : html`<p class="lead">${notes.join(' ')}</p>`;
}

/** The current period's funnel, a row per goal. */
const GOAL_COLUMNS: ItemColumn<GoalResult>[] = [
    {
        label: 'Goal',
        cell: (r) =>
            r.bottleneck
                ? html`<strong>${r.label}</strong> <span class="badge high">bottleneck</span>`
                : r.label
    },
    {
        label: 'Customer value · measure',
        cell: (r) => html`${r.customerValue}<div class="evidence">${r.measure}</div>`
    },
    { label: 'Entered', numeric: true, cell: (r) => formatCount(r.entered) },
    { label: 'Converted', numeric: true, cell: (r) => formatCount(r.converted) },
    { label: 'Lost', numeric: true, cell: (r) => formatCount(r.lost) },
    { label: 'Open', numeric: true, cell: (r) => formatCount(r.entered - r.converted - r.lost) },
    { label: 'Conversion (95%)', numeric: true, cell: rateCell },
    { label: 'Median days', numeric: true, cell: (r) => formatDays(r.medianDays) },
    amountColumn('Value created', (r) => r.valueCreated),
    { label: 'Target', numeric: true, cell: (r) => pct(r.target) },
    {
        label: 'Past years',
        numeric: true,
        cell: (r) =>
            r.historyRate === null
                ? '–'
                : `${pct(r.historyRate)} (${formatCount(r.historyDecided ?? 0)} in ${formatCount(r.historyPeriods)} yr)`
    }
];

function trendTable(rec: Reconciliation): Markup {
    const goals = rec.goals;
    const periods = [...new Set(goals.trend.map((r) => r.period)), goals.period];
    const all = [...goals.trend, ...goals.byGoal];
    return table(
        [{ label: 'Goal' }, ...periods.map((key) => ({ label: periodLabel(key, rec.spec), numeric: true }))],
        goals.byGoal.map((current) => [
            current.label,
            ...periods.map((key): Cell => {
                const r = all.find((row) => row.period === key && row.goal === current.goal);
                if (!r || r.conversionRate === null) return '–';
                const text = `${pct(r.conversionRate)} (${formatCount(r.converted)}/${formatCount(r.converted + r.lost)})`;
                return r.bottleneck ? html`<strong style="color: var(--bad)">${text}</strong>` : text;
            })
        ]),
        NO_GOALS
    );
}

export function goalsSection(rec: Reconciliation): Markup {
    const goals = rec.goals;
    const label = periodLabel(goals.period, rec.spec);
    if (goals.byGoal.length === 0) {
        return html`<section id="goals-kpis">
<h2>Goals &amp; KPIs</h2>
<h3 id="goals">Goals</h3>
<p class="empty">${goals.noBottleneck ?? NO_GOALS}</p>
</section>`;
    }
    const verdict = goals.bottleneck
        ? html`<p><span class="badge high">Bottleneck: ${goals.bottleneck.label}</span> ${wholeSentence(goals.bottleneck.arithmetic)}</p>`
        : html`<p><span class="badge">No clear bottleneck</span> ${goals.noBottleneck ?? ''}</p>`;
    return html`<section id="goals-kpis">
<h2>Goals &amp; KPIs</h2>
<h3 id="goals">Goals: ${label} as of ${goals.asOf}</h3>
<p class="lead">Per process goal, the deals that entered it in ${label} (first reached one of its stages; a deal that skipped a goal is not counted there), how many reached the next goal (or were won, for the last) and how many were lost first, as known on ${goals.asOf}. Conversion = converted ÷ decided, with its 95% Wilson interval; the rest are still open, so a running period's rate is early. Against the goal's target and its rate in the same period of past years, judged as of the same day then. The bottleneck is the goal furthest below its target (or its history, without a target), and only when the whole interval lies below it.</p>
${verdict}
${caveats(rec)}
<div class="grid">
<div class="chart tall"><canvas id="chart-goal-funnel" role="img" aria-label="Goal funnel with the bottleneck marked"></canvas></div>
<div class="chart tall"><canvas id="chart-goal-trend" role="img" aria-label="Conversion per goal and period"></canvas></div>
</div>
${itemTable(goals.byGoal, GOAL_COLUMNS, NO_GOALS)}
<h3>Conversion per ${rec.spec.unit} (converted / decided; bold red: that ${rec.spec.unit}'s bottleneck)</h3>
${trendTable(rec)}
</section>`;
}
