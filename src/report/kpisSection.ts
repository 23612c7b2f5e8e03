/**
 * The report's "KPIs per rep" section (issue 12) and the per-rep adoption table that extends the
 * data-discipline section: the current period's quota, attainment, forecast attainment, coverage,
 * win rate, deal size, cycle and velocity per rep and for the team, attainment in past periods, and
 * how each rep uses the CRM. Every rate shows what it rests on; a dash is "no evidence", never 0.
 */
import type { PeriodSpec, RepKpi } from '../core';
import { formatCompactAmount, formatCount, formatPercentValue, periodLabel } from '../core';
import type { KpisSection, Reconciliation } from '../reconciliation';
import type { KpiChartData } from './charts/chartData';
import { KPIS_CSV } from './kpisCsv';
import { html, join, type Markup } from './markup';
import { amountColumn, type Cell, type ItemColumn, itemTable, table } from './table';

const pct = formatPercentValue;
const dash = '–';

function currentRows(kpis: KpisSection): { reps: RepKpi[]; team: RepKpi | null } {
    return {
        reps: kpis.byOwner.filter((k) => k.period === kpis.period),
        team: kpis.team.find((k) => k.period === kpis.period) ?? null
    };
}

/** A table row of the current period: a rep by name, or the team in bold. */
interface RepLine {
    name: Cell;
    kpi: RepKpi;
}

/** The current period's reps, then the team's line (when there is one). */
function repLines(kpis: KpisSection): RepLine[] {
    const { reps, team } = currentRows(kpis);
    const lines = reps.map((kpi): RepLine => ({ name: kpi.ownerName, kpi }));
    if (team) lines.push({ name: html`<strong>Team</strong>`, kpi: team });
    return lines;
}

/** "12% (3 of 25)": a win rate with the closed deals it rests on. */
function winRateText(k: RepKpi): string {
    if (k.winRate === null) return `${dash} (0 closed)`;
    return `${pct(k.winRate)} (${formatCount(Math.round(k.winRate * k.closedDeals))} of ${formatCount(k.closedDeals)})`;
}

/** The current period's figures per rep and for the team. */
const KPI_COLUMNS: ItemColumn<RepLine>[] = [
    { label: 'Rep', cell: (r) => r.name },
    amountColumn('Quota', (r) => r.kpi.quota),
    amountColumn('Booked', (r) => r.kpi.booked),
    { label: 'Attainment', numeric: true, cell: (r) => pct(r.kpi.attainment) },
    { label: 'Forecast attainment', numeric: true, cell: (r) => pct(r.kpi.forecastAttainment) },
    {
        label: 'Coverage',
        numeric: true,
        cell: ({ kpi: k }) => (k.coverage === null ? dash : `${k.coverage.toFixed(1)}×`)
    },
    { label: 'Win rate (won of closed)', numeric: true, cell: (r) => winRateText(r.kpi) },
    amountColumn('Avg deal', (r) => r.kpi.avgDealSize),
    {
        label: 'Cycle days',
        numeric: true,
        cell: ({ kpi: k }) => (k.cycleDays === null ? dash : formatCount(k.cycleDays))
    },
    {
        label: 'Velocity / day',
        numeric: true,
        cell: ({ kpi: k }) => (k.velocity === null ? dash : formatCompactAmount(k.velocity, 1))
    }
];

const QUOTA_SOURCE_WORDS: Record<string, string> = {
    ForecastingQuota: "the org's Collaborative Forecasts quotas (ForecastingQuota)",
    Stageplay_Quota__c: 'Stageplay_Quota__c records',
    csv: 'Stageplay_Quota__c.csv'
};

function missingList(kpis: KpisSection): Markup | null {
    const entries = Object.entries(kpis.missing);
    if (entries.length === 0) return null;
    return html`<p class="evidence">Not available: ${join(
        entries.map(([what, why]) => html`<code>${what}</code>: ${why}`),
        ' · '
    )}.</p>`;
}

/** Attainment per rep in every period of the section, oldest first, with the quota it rests on. */
function trendTable(kpis: KpisSection, spec: PeriodSpec): Markup {
    const periods = kpis.team.map((t) => t.period);
    const owners = [...new Map(kpis.byOwner.map((k) => [k.ownerId, k.ownerName])).entries()];
    const cell = (k: RepKpi | undefined): string =>
        !k || k.attainment === null ? dash : `${pct(k.attainment)} of ${formatCompactAmount(k.quota, 1)}`;
    const rows: Cell[][] = owners.map(([id, name]) => [
        name,
        ...periods.map((p) => cell(kpis.byOwner.find((k) => k.ownerId === id && k.period === p)))
    ]);
    rows.push([html`<strong>Team</strong>`, ...kpis.team.map((t) => cell(t))]);
    return table(
        [{ label: 'Rep' }, ...periods.map((p) => ({ label: periodLabel(p, spec), numeric: true }))],
        rows,
        'No rep has deals or a quota.'
    );
}

/** The "KPIs per rep" section. */
export function kpisSection(rec: Reconciliation): Markup {
    const kpis = rec.kpis;
    const { reps } = currentRows(kpis);
    const label = periodLabel(kpis.period, rec.spec);
    const source = kpis.quotaSource
        ? `Quotas from ${QUOTA_SOURCE_WORDS[kpis.quotaSource] ?? kpis.quotaSource}`
        : 'No quotas were found, so attainment, forecast attainment and coverage are not shown';
    const height = Math.max(280, 60 + 34 * reps.length);
    return html`<section id="kpis">
<h2>KPIs per rep: ${label}</h2>
<p class="lead">${source}, as of ${kpis.asOf}. Attainment = booked ÷ quota. Forecast attainment = the rep's share of the adjusted forecast (booked + open deals × the chance deals like them closed won by period end + the rep's share of deals not yet created) ÷ quota. Coverage = the adjusted expected from open deals ÷ the quota still to book (blank once booked reaches quota). Win rate, average deal and cycle (median days from creation to close) are over the deals that closed in the ${rec.spec.unit} so far; velocity = deals open at the ${rec.spec.unit}'s start × win rate × average deal ÷ cycle days. A dash means there is nothing to rest the figure on.</p>
<div class="chart" style="height: ${height}px"><canvas id="chart-kpi-attainment" role="img" aria-label="Attainment and coverage per rep"></canvas></div>
${itemTable(repLines(kpis), KPI_COLUMNS, 'No rep has deals or a quota in this period.')}
<h3>Attainment by ${rec.spec.unit} (of quota)</h3>
${trendTable(kpis, rec.spec)}
${missingList(kpis)}
<p class="evidence">Every figure per rep and period is in ${KPIS_CSV} and in reconciliation.json (<code>kpis</code>).</p>
</section>
`;
}

/** "3 of 5 (60%)", or a dash without activity data. */
function activityText(done: number | null, due: number | null): string {
    if (done === null || due === null) return dash;
    return due === 0 ? '0 due' : `${formatCount(done)} of ${formatCount(due)} (${pct(done / due)})`;
}

/** How each rep uses the CRM; the cells read the line's `kpi.adoption`. */
const ADOPTION_COLUMNS: ItemColumn<RepLine>[] = [
    { label: 'Rep', cell: (r) => r.name },
    {
        label: 'Last login',
        cell: ({ kpi: { adoption: a } }) => (a.lastLogin ? a.lastLogin.slice(0, 10) : dash)
    },
    {
        label: 'Logins',
        numeric: true,
        cell: ({ kpi: { adoption: a } }) => (a.logins === null ? dash : formatCount(a.logins))
    },
    {
        label: 'Opportunities created',
        numeric: true,
        cell: (r) => formatCount(r.kpi.adoption.opportunitiesCreated)
    },
    {
        label: 'Activities completed',
        numeric: true,
        cell: ({ kpi: { adoption: a } }) => activityText(a.activitiesCompleted, a.activitiesDue)
    },
    {
        label: 'Parameters on time (of stage exits)',
        numeric: true,
        cell: ({ kpi: { adoption: a } }) =>
            a.parametersOnTime === null
                ? dash
                : `${pct(a.parametersOnTime)} of ${formatCount(a.stageExits ?? 0)}`
    },
    { label: 'Stuck deals', numeric: true, cell: (r) => formatCount(r.kpi.adoption.staleDeals) },
    { label: 'Past close date', numeric: true, cell: (r) => formatCount(r.kpi.adoption.pastCloseDeals) }
];

/** The per-rep adoption table of the data-discipline section (current period, up to the as-of date). */
export function adoptionTable(rec: Reconciliation): Markup {
    return html`<h3>Adoption per rep: ${periodLabel(rec.kpis.period, rec.spec)} to ${rec.kpis.asOf}</h3>
<p class="lead">Last login (User.LastLoginDate) and logins in the ${rec.spec.unit} (LoginHistory); opportunities created; tasks and events due in the ${rec.spec.unit} by the as-of date and completed; of the stage exits in the ${rec.spec.unit}, the share with every parameter of the stage captured when the deal left it; open deals flagged stuck in stage or past their close date. A dash means the source holds no such data.</p>
${itemTable(repLines(rec.kpis), ADOPTION_COLUMNS, 'No rep has deals in this period.')}`;
}

/** What the attainment-vs-coverage chart draws: the current period's reps. */
export function kpiChartData(rec: Reconciliation): KpiChartData {
    return {
        reps: currentRows(rec.kpis).reps.map((k) => ({
            ownerName: k.ownerName,
            attainment: k.attainment,
            forecastAttainment: k.forecastAttainment,
            coverage: k.coverage,
            booked: k.booked,
            quota: k.quota
        }))
    };
}
