/**
 * The report's drawing code: runs in whatever browser opens report.html, after chart.js (inlined
 * before it as its UMD build, the global `Chart`), and reads everything from the embedded JSON.
 * Bundled with the number formats it imports into one classic script by scripts/build-cli.ts
 * (`dist/report-charts.js`), which html.ts inlines, so the report stays one file that works offline.
 */
import type { Chart as ChartJs, ChartConfiguration, ChartDataset, ScaleOptions, TooltipItem } from 'chart.js';
import { formatCompactAmount, formatPercentValue } from '../../core';
import { CHART_DATA_ID, type CaptureGroupData, type ReportChartData } from './chartData';
import { barChart, draw, tickNumber, tooltipLabel } from './commonCharts';
import { goalCharts } from './goalCharts';
import { drawKpiCharts } from './kpiCharts';

declare const Chart: typeof ChartJs;

const COLORS = {
    stated: '#7f8ea3',
    adjusted: '#0176d3',
    booked: '#2e844a',
    commit: '#dd7a01',
    interval: 'rgba(1, 118, 211, 0.18)',
    nominal: '#c23934',
    grid: '#e5e5e5'
};

/** Axis and tooltip amounts: one decimal for millions, none for thousands (`1.3M`, `850k`). */
function money(v: number | null | undefined): string {
    return formatCompactAmount(v, 1);
}

function pct(v: number | null | undefined): string {
    return formatPercentValue(v);
}

function moneyAxis(): ScaleOptions<'linear'> {
    return {
        beginAtZero: true,
        ticks: { callback: (v) => money(tickNumber(v)) },
        grid: { color: COLORS.grid }
    } as ScaleOptions<'linear'>;
}

function pctAxis(max: number): ScaleOptions<'linear'> {
    return {
        min: 0,
        max,
        ticks: { callback: (v) => pct(tickNumber(v)) },
        grid: { color: COLORS.grid }
    } as ScaleOptions<'linear'>;
}

/** A floating bar's `[from, to]`, or a single value, as Chart.js hands it to a tooltip. */
type Raw = number | [number, number] | null;

function backtestCharts(data: ReportChartData): void {
    for (const k of data.weeksOut) {
        const points = data.backtest.filter((p) => p.weeksOut === k);
        const datasets: Array<ChartDataset<'bar' | 'line', Raw[]>> = [
            {
                type: 'bar',
                label: 'Booked',
                data: points.map((p) => p.booked),
                backgroundColor: COLORS.booked,
                order: 3
            },
            {
                type: 'bar',
                label: 'Adjusted 80% range',
                data: points.map((p): Raw => (p.low === null || p.high === null ? null : [p.low, p.high])),
                backgroundColor: COLORS.interval,
                borderColor: COLORS.adjusted,
                borderWidth: 1,
                order: 4
            },
            {
                type: 'line',
                label: 'Stated forecast',
                data: points.map((p) => p.stated),
                borderColor: COLORS.stated,
                backgroundColor: COLORS.stated,
                borderWidth: 2,
                order: 1
            },
            {
                type: 'line',
                label: 'Adjusted forecast',
                data: points.map((p) => p.adjusted),
                borderColor: COLORS.adjusted,
                backgroundColor: COLORS.adjusted,
                borderWidth: 2,
                order: 0
            },
            {
                type: 'line',
                label: 'Commit',
                data: points.map((p) => p.commit),
                borderColor: COLORS.commit,
                backgroundColor: COLORS.commit,
                borderDash: [5, 4],
                borderWidth: 1.5,
                pointRadius: 2,
                order: 2
            }
        ];
        draw(
            `chart-backtest-${k}`,
            barChart(
                points.map((p) => p.label),
                datasets,
                {
                    plugins: {
                        title: { display: true, text: `${k} weeks before period end` },
                        ...tooltipLabel((c: TooltipItem<'bar'>) => {
                            const raw = c.raw as Raw;
                            return Array.isArray(raw)
                                ? `${c.dataset.label}: ${money(raw[0])} – ${money(raw[1])}`
                                : `${c.dataset.label}: ${money(c.parsed.y)}`;
                        })
                    },
                    scales: { y: moneyAxis() }
                }
            )
        );
    }
}

/** Current period waterfall: booked, then each open category stacked on top; stated and adjusted side by side. */
function waterfallChart(data: ReportChartData): void {
    const steps = data.waterfall.steps;
    // A term that could not be learned adds nothing to the running total.
    const floating = (key: 'stated' | 'adjusted'): Array<[number, number]> => {
        let base = 0;
        return steps.map((s) => {
            const from = base;
            base += s[key] ?? 0;
            return [from, base];
        });
    };
    const total = (key: 'stated' | 'adjusted') => steps.reduce((a, s) => a + (s[key] ?? 0), 0);
    const stated = [...floating('stated'), [0, total('stated')] as [number, number]];
    const adjusted = [...floating('adjusted'), [0, total('adjusted')] as [number, number]];
    draw(
        'chart-waterfall',
        barChart(
            [...steps.map((s) => s.step), 'Forecast'],
            [
                { label: 'Stated', data: stated, backgroundColor: COLORS.stated },
                { label: 'Adjusted', data: adjusted, backgroundColor: COLORS.adjusted }
            ],
            {
                plugins: tooltipLabel((c: TooltipItem<'bar'>) => {
                    const [from, to] = c.raw as [number, number];
                    return `${c.dataset.label}: +${money(to - from)} (running ${money(to)})`;
                }),
                scales: { y: moneyAxis() }
            }
        )
    );
}

/** Calibration per stage: nominal vs observed with its 95% interval. */
function stageCalibrationChart(data: ReportChartData): void {
    const stages = data.calibration.stages.filter((s) => s.reached > 0);
    const datasets: Array<ChartDataset<'bar' | 'line', Raw[]>> = [
        {
            type: 'bar',
            label: '95% interval of observed',
            data: stages.map((s): Raw =>
                s.wilsonLow === null || s.wilsonHigh === null ? null : [s.wilsonLow, s.wilsonHigh]
            ),
            backgroundColor: COLORS.interval,
            borderColor: COLORS.adjusted,
            borderWidth: 1,
            barPercentage: 0.35,
            order: 3
        },
        {
            type: 'line',
            label: 'Observed win rate',
            data: stages.map((s) => s.observedWinRate),
            showLine: false,
            pointRadius: 6,
            pointStyle: 'circle',
            borderColor: COLORS.adjusted,
            backgroundColor: COLORS.adjusted,
            order: 1
        },
        {
            type: 'line',
            label: 'Nominal (stage probability)',
            data: stages.map((s) => s.nominal),
            showLine: false,
            pointRadius: 9,
            pointStyle: 'line',
            borderWidth: 3,
            borderColor: COLORS.nominal,
            backgroundColor: COLORS.nominal,
            order: 0
        }
    ];
    draw(
        'chart-calibration-stages',
        barChart(
            stages.map((s) => s.stage),
            datasets,
            {
                plugins: tooltipLabel((c: TooltipItem<'bar'>) => {
                    const s = stages[c.dataIndex];
                    if (c.datasetIndex === 0)
                        return `95% interval: ${pct(s.wilsonLow)} – ${pct(s.wilsonHigh)} (n = ${s.reached})`;
                    return `${c.dataset.label}: ${pct(c.parsed.y)}`;
                }),
                scales: { y: pctAxis(1), x: { ticks: { autoSkip: false } } }
            }
        )
    );
}

/** Overall reliability: predicted vs observed by probability bin. */
function reliabilityChart(data: ReportChartData): void {
    const points = (bins: ReportChartData['calibration']['binsNominal']) =>
        bins.filter((b) => b.count > 0).map((b) => ({ x: b.meanPredicted, y: b.observedRate, n: b.count }));
    draw('chart-reliability', {
        type: 'scatter',
        data: {
            datasets: [
                {
                    label: 'Perfect calibration',
                    data: [
                        { x: 0, y: 0 },
                        { x: 1, y: 1 }
                    ],
                    showLine: true,
                    borderColor: '#c9c9c9',
                    borderDash: [4, 4],
                    pointRadius: 0
                },
                {
                    label: 'Nominal probability',
                    data: points(data.calibration.binsNominal),
                    showLine: true,
                    borderColor: COLORS.stated,
                    backgroundColor: COLORS.stated
                },
                {
                    label: 'Adjusted probability',
                    data: points(data.calibration.binsAdjusted),
                    showLine: true,
                    borderColor: COLORS.adjusted,
                    backgroundColor: COLORS.adjusted
                }
            ]
        },
        options: {
            plugins: tooltipLabel((c: TooltipItem<'scatter'>) => {
                const n = (c.raw as { n?: number }).n;
                return `${c.dataset.label}: predicted ${pct(c.parsed.x)}, observed ${pct(c.parsed.y)}${n ? ` (n = ${n})` : ''}`;
            }),
            scales: {
                x: { ...pctAxis(1), type: 'linear', title: { display: true, text: 'Predicted' } },
                y: { ...pctAxis(1), title: { display: true, text: 'Observed win rate' } }
            }
        }
    } as ChartConfiguration);
}

/** Bias by owner: (forecast − booked) / booked. */
function ownerBiasChart(data: ReportChartData): void {
    const owners = data.ownerBias.owners.filter((o) => o.biasStated !== null);
    draw(
        'chart-owner-bias',
        barChart(
            owners.map((o) => o.ownerName),
            [
                { label: 'Stated', data: owners.map((o) => o.biasStated), backgroundColor: COLORS.stated },
                {
                    label: 'Adjusted',
                    data: owners.map((o) => o.biasAdjusted),
                    backgroundColor: COLORS.adjusted
                }
            ],
            {
                indexAxis: 'y',
                plugins: tooltipLabel(
                    (c: TooltipItem<'bar'>) => `${c.dataset.label} bias: ${pct(c.parsed.x)}`
                ),
                // Every owner labelled: Chart.js would otherwise skip every other name when they crowd.
                scales: {
                    x: {
                        ticks: { callback: (v: number | string) => pct(tickNumber(v)) },
                        grid: { color: COLORS.grid }
                    },
                    y: { ticks: { autoSkip: false } }
                }
            }
        )
    );
}

/** Data discipline: share of open deals with every current-stage parameter captured. */
function captureChart(id: string, groups: CaptureGroupData[]): void {
    const shown = groups.filter((g) => g.share !== null);
    draw(
        id,
        barChart(
            shown.map((g) => g.label),
            [
                {
                    label: 'Deals with all stage parameters captured',
                    data: shown.map((g) => g.share),
                    backgroundColor: COLORS.adjusted
                },
                {
                    label: 'Parameter values captured',
                    data: shown.map((g) => g.parameterShare),
                    backgroundColor: COLORS.stated
                }
            ],
            {
                plugins: tooltipLabel((c: TooltipItem<'bar'>) => {
                    const g = shown[c.dataIndex];
                    return `${c.dataset.label}: ${pct(c.parsed.y)} (${g.fullyCaptured} of ${g.withParameters} deals)`;
                }),
                scales: { y: pctAxis(1), x: { ticks: { autoSkip: false } } }
            }
        )
    );
}

function drawReportCharts(): void {
    const source = document.getElementById(CHART_DATA_ID);
    const data = JSON.parse(source?.textContent ?? 'null') as ReportChartData | null;
    if (!data) return;
    Chart.defaults.font.family = "-apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
    Chart.defaults.font.size = 12;
    Chart.defaults.color = '#3e3e3c';
    Chart.defaults.animation = false;
    Chart.defaults.maintainAspectRatio = false;
    backtestCharts(data);
    waterfallChart(data);
    stageCalibrationChart(data);
    reliabilityChart(data);
    ownerBiasChart(data);
    captureChart('chart-discipline-owner', data.discipline.byOwner);
    captureChart('chart-discipline-stage', data.discipline.byStage);
    goalCharts(data.goals);
    drawKpiCharts(data.kpis);
    // The browser tests wait for this before reading the canvases.
    document.body.setAttribute('data-charts-ready', 'true');
}

drawReportCharts();
