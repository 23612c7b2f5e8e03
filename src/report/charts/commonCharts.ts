/**
 * What every chart of the report is drawn with: the canvas lookup, the tooltip line and the bar
 * chart's frame, so the three drawing modules (report, goals, KPIs) say only what their charts show.
 * Browser code, bundled with reportCharts.ts.
 */
import type { Chart as ChartJs, ChartConfiguration, ChartType, TooltipItem } from 'chart.js';

declare const Chart: typeof ChartJs;

/** A chart on the canvas with this id; a report without that section has no canvas and no chart. */
export function draw(id: string, config: ChartConfiguration): void {
    const canvas = document.getElementById(id);
    if (!(canvas instanceof HTMLCanvasElement)) return;
    new Chart(canvas, config);
}

/** An axis tick as a number (Chart.js hands category and linear ticks over as either). */
export function tickNumber(v: number | string): number {
    return typeof v === 'number' ? v : Number(v);
}

/** The `tooltip` plugin option whose line for a point is `label` of it. */
export function tooltipLabel<T extends ChartType>(label: (c: TooltipItem<T>) => string) {
    return { tooltip: { callbacks: { label } } };
}

/** A bar chart's configuration: a bar per label in each dataset, and the chart's own options. */
export function barChart(labels: string[], datasets: unknown[], options: object): ChartConfiguration {
    return { type: 'bar', data: { labels, datasets }, options } as ChartConfiguration;
}
