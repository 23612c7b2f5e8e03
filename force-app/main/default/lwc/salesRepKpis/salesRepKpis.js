// Generated from salesRepKpis.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-sales-rep-kpis` — one line per rep (and the team totals): attainment, forecast attainment,
 * pipeline coverage, win rate, deal size, cycle, velocity and CRM adoption, each with what it rests
 * on, "No quota" / "Not enough history" where a number would be noise. The running user's line
 * comes first and is marked.
 *
 * Public API
 * - `@api rows: RepView[]` — already worded and ordered by the container (`c-sales-goals`).
 * - `@api caption: string` — the table's caption (what the rows are: "Your line", "Your team").
 */
import { LightningElement, api } from 'lwc';
/**
 * The KPI columns after the rep's name, in order: the header, the cell's `data-id` and class, and the
 * lines it shows. A one-line cell holds its text; a cell of several holds a paragraph a line, `weak`
 * ones grey (what the figure above rests on).
 */
const KPI_COLUMNS = [
    {
        header: 'Attainment',
        id: 'attainment',
        lines: [{ text: 'attainmentText' }, { text: 'bookedText', weak: true }]
    },
    { header: 'Forecast attainment', id: 'forecast-attainment', lines: [{ text: 'forecastAttainmentText' }] },
    { header: 'Coverage', id: 'coverage', lines: [{ text: 'coverageText' }] },
    {
        header: 'Win rate',
        id: 'win-rate',
        lines: [{ text: 'winRateText' }, { text: 'winRateRestsOnText', weak: true }]
    },
    {
        header: 'Deal size · cycle · velocity',
        id: 'size-cycle-velocity',
        className: 'slds-text-body_small',
        lines: [{ text: 'avgDealSizeText' }, { text: 'cycleText' }, { text: 'velocityText' }]
    },
    {
        header: 'Adoption',
        id: 'adoption',
        className: 'slds-text-body_small slds-cell-wrap',
        lines: [{ text: 'loginsText' }, { text: 'activityText' }, { text: 'disciplineText' }]
    }
];
export default class SalesRepKpis extends LightningElement {
    @api
    rows = [];
    @api
    caption = 'Reps';
    get hasRows() {
        return this.rows.length > 0;
    }
    get headers() {
        return ['Rep', ...KPI_COLUMNS.map((column) => column.header)];
    }
    /** Each rep's line with its KPI cells, worded by `KPI_COLUMNS`. */
    get lines() {
        return this.rows.map((row) => ({
            ...row,
            cells: KPI_COLUMNS.map((column) => ({
                id: column.id,
                className: column.className ?? null,
                text: column.lines.length === 1 ? row[column.lines[0].text] : null,
                paragraphs: column.lines.length === 1
                    ? []
                    : column.lines.map((line) => ({
                        key: line.text,
                        text: row[line.text],
                        className: line.weak ? 'slds-text-body_small slds-text-color_weak' : null
                    }))
            }))
        }));
    }
}
