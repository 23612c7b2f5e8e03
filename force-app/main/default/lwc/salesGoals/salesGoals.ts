/**
 * `c-sales-goals` — Stageplay on the Home page or an App page: is the team on track against quota
 * and against the process's goals, where is the bottleneck, and who is not using the CRM. A manager
 * sees the team (and can switch to their own line), a rep their own line.
 *
 * Data: one cacheable Apex call (`SalesGoalsController.getSalesGoals`) reading the rows
 * `stageplay snapshot` published; sharing decides whose lines come back. `salesGoalsView.ts` turns
 * them into words.
 *
 * Public API (App Builder design properties in salesGoals.js-meta.xml)
 * - `@api title` — card title (default `Sales goals`).
 *
 * Children: c-card-frame (the card, and in place of its content while loading, an error), c-card-notices,
 * c-sales-goal-funnel, c-choice-buttons (the line switch), c-sales-rep-kpis.
 */
import { api, wire } from 'lwc';
import getSalesGoals from '@salesforce/apex/SalesGoalsController.getSalesGoals';
import type { ApexSalesGoalsContext } from '@salesforce/apex/SalesGoalsController.getSalesGoals';
import type { ChoiceOption } from 'c/choiceButtons';
import type { RepView } from 'c/salesRepKpis';
import { WiredModelCard } from 'c/stageplayApex';
import { buildSalesGoals } from './salesGoalsView';
import type { LineMode, SalesGoalsModel } from './salesGoalsView';

/** What the line switch shows for each mode. */
const LINE_LABELS: ReadonlyArray<{ mode: LineMode; label: string }> = [
    { mode: 'mine', label: 'My line' },
    { mode: 'team', label: 'Team' }
];

/** The page's refresh re-runs the wire: the rows reload (a snapshot may have been published since). It needs no record. */
export default class SalesGoals extends WiredModelCard<SalesGoalsModel> {
    @api override title = 'Sales goals';
    protected readonly defaultTitle = 'Sales goals';
    protected readonly iconName = 'standard:goals';

    /** Null until the user picks: managers start on the team, reps on their line. */
    chosenMode: LineMode | null = null;

    @wire(getSalesGoals)
    wiredSalesGoals(result: StageplayWireResult<ApexSalesGoalsContext>): void {
        // The published figures carry their own as-of dates: today is not needed to word them.
        this.receive(result, (data) => buildSalesGoals(data));
    }

    readonly loadingText = 'Loading sales goals';
    protected readonly loadErrorHeading = 'Stageplay could not load the sales goals.';
    protected readonly buildErrorHeading = 'Stageplay could not show the sales goals.';

    get isEmpty(): boolean {
        return this.model?.empty === true;
    }

    get hasContent(): boolean {
        return this.model !== null && !this.model.empty;
    }

    get mode(): LineMode {
        if (this.chosenMode) return this.chosenMode;
        return this.model?.seesTeam ? 'team' : 'mine';
    }

    get showsToggle(): boolean {
        return this.model?.seesTeam === true;
    }

    get showsTeam(): boolean {
        return this.mode === 'team';
    }

    get repRows(): RepView[] {
        if (!this.model) return [];
        if (this.showsTeam) return this.model.team;
        return this.model.mine ? [this.model.mine] : [];
    }

    get repCaption(): string {
        return this.showsTeam ? 'Your team' : 'Your line';
    }

    /** The "My line" / "Team" switch, one button a line mode, in that order. */
    get lineOptions(): ChoiceOption[] {
        return LINE_LABELS.map(({ mode, label }) => ({ value: mode, label, selected: this.mode === mode }));
    }

    handleShowLine(event: CustomEvent<{ value: string }>): void {
        const mode = event.detail.value;
        if (mode === 'mine' || mode === 'team') this.chosenMode = mode;
    }
}
