/**
 * The preview's Sales Goals page: a Lightning App page (`Stageplay_Sales_Goals`) holding
 * `c-sales-goals`, with a picker of who is looking (a sales manager or a rep), since sharing decides
 * which KPI lines the component receives. Switching viewers recreates the component, as logging in as
 * someone else would.
 */
import { LightningElement, api } from 'lwc';
import { previewData } from 'preview/store';
import type { PreviewGoalsViewer } from '../../../../data/previewData';

export default class SalesGoalsPage extends LightningElement {
    /** Who is looking; the app keeps it in the URL (`?goals=manager|rep`). */
    @api viewer: PreviewGoalsViewer = 'manager';

    get viewerOptions(): Array<{ label: string; value: string }> {
        return previewData().salesGoals.viewers.map((v) => ({ label: v.label, value: v.key }));
    }

    /** One key per viewer: a new viewer gets a fresh component and a fresh Apex call. */
    get shownViewers(): string[] {
        return [this.viewer];
    }

    handleViewerChange(event: CustomEvent<{ value: string }>): void {
        this.dispatchEvent(new CustomEvent('viewerchange', { detail: event.detail.value }));
    }
}
