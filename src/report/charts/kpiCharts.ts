/**
 * The "KPIs per rep" chart: per rep, attainment and forecast attainment (of quota, bottom axis) beside
 * pipeline coverage (adjusted open ÷ quota still to book, top axis), every rep labelled. Browser code,
 * bundled with reportCharts.ts; reads only the embedded data.
 */
import type { Chart as ChartJs, ChartConfiguration, TooltipItem } from 'chart.js';
import { formatCompactAmount, formatPercentValue } from '../../core';
import type { KpiChartData } from './chartData';

declare const Chart: typeof ChartJs;

const COLORS = { booked: '#2e844a', adjusted: '#0176d3', coverage: '#dd7a01', grid: '#e5e5e5' };

function tick(v: number | string): number {
    return typeof v === 'number' ? v : Number(v);
}

function coverageText(v: number | null | undefined): string {
    return v === null || v === undefined ? '–' : `${v.toFixed(1)}×`;
}

export function drawKpiCharts(data: KpiChartData | undefined): void {
    const canvas = document.getElementById('chart-kpi-attainment');
    if (!data || !(canvas instanceof HTMLCanvasElement)) return;
    const reps = data.reps;
    const config = {
        type: 'bar',
        data: {
            labels: reps.map((r) => r.ownerName),
            datasets: [
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
            ]
        },
        options: {
            indexAxis: 'y',
            maintainAspectRatio: false,
            plugins: {
                tooltip: {
                    callbacks: {
                        label: (c: TooltipItem<'bar'>) => {
                            const r = reps[c.dataIndex];
                            if (c.datasetIndex === 2) return `Coverage: ${coverageText(c.parsed.x)}`;
                            return `${c.dataset.label ?? ''}: ${formatPercentValue(c.parsed.x)} (booked ${formatCompactAmount(r.booked, 1)} of ${formatCompactAmount(r.quota, 1)})`;
                        }
                    }
                }
            },
            scales: {
                y: { ticks: { autoSkip: false } },
                x: {
                    beginAtZero: true,
                    position: 'bottom',
                    ticks: { callback: (v: number | string) => formatPercentValue(tick(v)) },
                    grid: { color: COLORS.grid }
                },
                x2: {
                    beginAtZero: true,
                    position: 'top',
                    ticks: { callback: (v: number | string) => coverageText(tick(v)) },
                    grid: { drawOnChartArea: false }
                }
            }
        }
    };
    new Chart(canvas, config as unknown as ChartConfiguration);
}
