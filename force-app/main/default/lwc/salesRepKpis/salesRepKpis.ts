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

export interface RepView {
    key: string;
    name: string;
    /** `You` on the running user's row, else null: said in words, not by colour alone. */
    tag: string | null;
    rowClass: string;
    /** `40% of 250,000` / `No quota`. */
    attainmentText: string;
    /** `100,000 booked`. */
    bookedText: string;
    forecastAttainmentText: string;
    /** `146% of the 150,000 left` / `No quota` / `Quota met`. */
    coverageText: string;
    /** `25%` / `Not enough history`. */
    winRateText: string;
    /** `of 12 closed (95%: 9%–53%)`. */
    winRateRestsOnText: string;
    avgDealSizeText: string;
    cycleText: string;
    velocityText: string;
    /** `31 logins · last 2026-11-14`. */
    loginsText: string;
    /** `9 opportunities created · 40 of 52 activities done`. */
    activityText: string;
    /** `88% of stage moves captured on time · 2 stale · 1 past close date`. */
    disciplineText: string;
}

export default class SalesRepKpis extends LightningElement {
    @api rows: RepView[] = [];
    @api caption = 'Reps';

    get hasRows(): boolean {
        return this.rows.length > 0;
    }
}
