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

export abstract class StageplayCard extends LightningElement {
    /** The title shown when App Builder's title property is blank. */
    protected abstract readonly defaultTitle: string;

    private readonly pageRefresh = new PageRefresh(this.refreshAll.bind(this));

    /** What the page's refresh reloads (the card's wires); resolves true when done, as lightning/refresh asks. */
    abstract refreshAll(): Promise<boolean>;

    override connectedCallback(): void {
        this.pageRefresh.connect(this, this.template?.host);
    }

    override disconnectedCallback(): void {
        this.pageRefresh.disconnect();
    }

    get cardTitle(): string {
        return this.title || this.defaultTitle;
    }
}
