/**
 * The goal charts of the report's "Goals" part: the current period's funnel (deals entering each
 * goal, converted and lost, the bottleneck in red) and each goal's conversion rate per period with
 * its target. Browser code, bundled with reportCharts.ts.
 */
import type { ChartConfiguration, TooltipItem } from 'chart.js';
import { formatPercentValue } from '../../core';
import { barChart, draw, tooltipLabel } from './commonCharts';
import type { GoalChartData } from './goalChartData';

const GOAL_COLORS = {
    entered: '#7f8ea3',
    converted: '#2e844a',
    lost: '#c9c7c5',
    bottleneck: '#c23934',
    grid: '#e5e5e5',
    lines: ['#0176d3', '#2e844a', '#dd7a01', '#9050e9', '#06a59a', '#c23934']
};

function pct(v: number | null | undefined): string {
    return formatPercentValue(v);
}

function funnelChart(goals: GoalChartData): void {
    const bars = goals.funnel;
    const colorOf = (base: string) => bars.map((b) => (b.bottleneck ? GOAL_COLORS.bottleneck : base));
    draw(
        'chart-goal-funnel',
        barChart(
            bars.map((b) => (b.bottleneck ? `${b.label} (bottleneck)` : b.label)),
            [
                { label: 'Entered', data: bars.map((b) => b.entered), backgroundColor: GOAL_COLORS.entered },
                {
                    label: 'Converted',
                    data: bars.map((b) => b.converted),
                    backgroundColor: colorOf(GOAL_COLORS.converted)
                },
                { label: 'Lost', data: bars.map((b) => b.lost), backgroundColor: GOAL_COLORS.lost }
            ],
            {
                plugins: {
                    tooltip: {
                        callbacks: {
                            afterBody: (items: Array<TooltipItem<'bar'>>) => {
                                const b = bars[items[0]?.dataIndex ?? 0];
                                if (!b) return '';
                                return [
                                    `Conversion ${pct(b.conversionRate)} (95% ${pct(b.low)}–${pct(b.high)}) of ${b.converted + b.lost} decided`,
                                    `Target ${pct(b.target)} · same period of past years ${pct(b.historyRate)}`
                                ];
                            }
                        }
                    }
                },
                scales: {
                    y: { beginAtZero: true, grid: { color: GOAL_COLORS.grid } },
                    x: { ticks: { autoSkip: false } }
                }
            }
        )
    );
}

function trendChart(goals: GoalChartData): void {
    const { periods, goals: lines } = goals.trend;
    draw('chart-goal-trend', {
        type: 'line',
        data: {
            labels: periods,
            datasets: lines.map((g, i) => {
                const color = GOAL_COLORS.lines[i % GOAL_COLORS.lines.length];
                return {
                    label: g.target === null ? g.label : `${g.label} (target ${pct(g.target)})`,
                    data: g.rates,
                    borderColor: color,
                    backgroundColor: color,
                    spanGaps: false,
                    pointRadius: g.bottleneck.map((b) => (b ? 7 : 3)),
                    pointBackgroundColor: g.bottleneck.map((b) => (b ? GOAL_COLORS.bottleneck : color)),
                    pointStyle: g.bottleneck.map((b) => (b ? 'rectRot' : 'circle'))
                };
            })
        },
        options: {
            plugins: tooltipLabel((c: TooltipItem<'line'>) => {
                const g = lines[c.datasetIndex];
                const flag = g.bottleneck[c.dataIndex] ? ' · bottleneck' : '';
                return `${g.label}: ${pct(c.parsed.y)} of ${g.decided[c.dataIndex]} decided${flag}`;
            }),
            scales: {
                y: {
                    min: 0,
                    max: 1,
                    ticks: { callback: (v: number | string) => pct(Number(v)) },
                    grid: { color: GOAL_COLORS.grid }
                }
            }
        }
    } as ChartConfiguration);
}

/** Both goal charts; a report without goals has neither canvas nor data. */
export function goalCharts(goals: GoalChartData | undefined): void {
    if (!goals || goals.funnel.length === 0) return;
    funnelChart(goals);
    trendChart(goals);
}
