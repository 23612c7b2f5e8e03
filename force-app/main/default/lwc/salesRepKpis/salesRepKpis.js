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
export default class SalesRepKpis extends LightningElement {
    @api
    rows = [];
    @api
    caption = 'Reps';
    get hasRows() {
        return this.rows.length > 0;
    }
}
