/**
 * The "KPIs per rep" chart: per rep, attainment and forecast attainment (of quota, bottom axis) beside
 * pipeline coverage (adjusted open ÷ quota still to book, top axis), every rep labelled. Browser code,
 * bundled with reportCharts.ts; reads only the embedded data.
 */
import type { TooltipItem } from 'chart.js';
import { formatCompactAmount, formatPercentValue } from '../../core';
import type { KpiChartData } from './chartData';
import { barChart, draw, tickNumber, tooltipLabel } from './commonCharts';

const COLORS = { booked: '#2e844a', adjusted: '#0176d3', coverage: '#dd7a01', grid: '#e5e5e5' };

function coverageText(v: number | null | undefined): string {
    return v === null || v === undefined ? '–' : `${v.toFixed(1)}×`;
}

export function drawKpiCharts(data: KpiChartData | undefined): void {
    if (!data) return;
    const reps = data.reps;
    draw(
        'chart-kpi-attainment',
        barChart(
            reps.map((r) => r.ownerName),
            [
                {
                    label: 'Attainment (booked ÷ quota)',
                    data: reps.map((r) => r.attainment),
                    backgroundColor: COLORS.booked,
                    xAxisID: 'x'
                },
                {
                    label: 'Forecast attainment (adjusted ÷ quota)',
                    data: reps.map((r) => r.forecastAttainment),
                    backgroundColor: COLORS.adjusted,
                    xAxisID: 'x'
                },
                {
                    label: 'Coverage (adjusted open ÷ quota left), top axis',
                    data: reps.map((r) => r.coverage),
                    backgroundColor: COLORS.coverage,
                    xAxisID: 'x2'
                }
            ],
            {
                indexAxis: 'y',
                maintainAspectRatio: false,
                plugins: tooltipLabel((c: TooltipItem<'bar'>) => {
                    const r = reps[c.dataIndex];
                    if (c.datasetIndex === 2) return `Coverage: ${coverageText(c.parsed.x)}`;
                    return `${c.dataset.label ?? ''}: ${formatPercentValue(c.parsed.x)} (booked ${formatCompactAmount(r.booked, 1)} of ${formatCompactAmount(r.quota, 1)})`;
                }),
                scales: {
                    y: { ticks: { autoSkip: false } },
                    x: {
                        beginAtZero: true,
                        position: 'bottom',
                        ticks: { callback: (v: number | string) => formatPercentValue(tickNumber(v)) },
                        grid: { color: COLORS.grid }
                    },
                    x2: {
                        beginAtZero: true,
                        position: 'top',
                        ticks: { callback: (v: number | string) => coverageText(tickNumber(v)) },
                        grid: { drawOnChartArea: false }
                    }
                }
            }
        )
    );
}
