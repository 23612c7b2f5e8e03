// Generated from stageplayCard.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * What the three Stageplay cards (c-deal-health, c-account-health, c-sales-goals) share: the
 * registration for the page's RefreshEvent while the card is on the page (with the host element
 * under Lightning Locker: `PageRefresh`), and the title App Builder may leave blank.
 *
 * A template-less base class exported by this service module; each card extends it and keeps its
 * own `@api title` (the default App Builder shows) and its own `refreshAll` (what it reloads).
 */
import { LightningElement } from 'lwc';
import { PageRefresh } from './refresh';
export class StageplayCard extends LightningElement {
    pageRefresh = new PageRefresh(this.refreshAll.bind(this));
    connectedCallback() {
        this.pageRefresh.connect(this, this.template?.host);
    }
    disconnectedCallback() {
        this.pageRefresh.disconnect();
    }
    get cardTitle() {
        return this.title || this.defaultTitle;
    }
}
