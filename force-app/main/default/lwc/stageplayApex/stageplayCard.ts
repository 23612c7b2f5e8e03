/**
 * What the three Stageplay cards (c-deal-health, c-account-health, c-sales-goals) share: the
 * registration for the page's RefreshEvent while the card is on the page (with the host element
 * under Lightning Locker: `PageRefresh`), the title App Builder may leave blank, and what their
 * c-card-frame shows in place of their content (off a record page, loading, an error), decided in one
 * order for all of them.
 *
 * Template-less base classes exported by this service module; each card extends one and keeps its
 * own `@api title` (the default App Builder shows) and its own `refreshAll` (what it reloads).
 * `WiredModelCard` is the base of a card whose content comes from one wired Apex call.
 */
import { LightningElement } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { cardStateOf } from 'c/cardState';
import type { CardStateName } from 'c/cardState';
import type { CardFrameView } from 'c/cardFrame';
import { PageRefresh } from './refresh';
import { buildForToday } from './buildForToday';
import { cardErrorMessages, notWiredYet, receiveWired } from './wiredModel';
import type { WiredModel } from './wiredModel';

export abstract class StageplayCard extends LightningElement {
    /** The title shown when App Builder's title property is blank; also what a build error names. */
    protected abstract readonly defaultTitle: string;
    /** The card's SLDS icon, e.g. `standard:account`. */
    protected abstract readonly iconName: string;
    /** The spinner's alternative text while the card loads. */
    protected abstract readonly loadingText: string;
    /** Where the card belongs, shown off a record page; a card that needs no record never shows it. */
    protected readonly needsRecordText: string = '';

    /** The card's model; null until it is loaded and built. */
    abstract readonly model: unknown;
    /** Why the card could not load or compute, one message a line; null when nothing failed. */
    abstract readonly errorMessages: string[] | null;
    /** The heading above `errorMessages`. */
    abstract readonly errorHeading: string;

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

    /** Whether the card is off the record page it belongs on: never for a card that needs no record. */
    get needsRecord(): boolean {
        return false;
    }

    get isLoading(): boolean {
        return !this.needsRecord && !this.errorMessages && !this.model;
    }

    /** What c-card-state shows in place of the card's content (in this order); null: the content. */
    get cardState(): CardStateName | null {
        return cardStateOf(this.needsRecord, this.isLoading, this.errorMessages);
    }

    /**
     * Whether the content can render: the card's template guards its slotted content with it, since the
     * card evaluates that content even while c-card-frame shows c-card-state in its place.
     */
    get hasModel(): boolean {
        return this.model !== null;
    }

    /** What the card's c-card-frame shows around (or in place of) its content. */
    get frame(): CardFrameView {
        return {
            title: this.cardTitle,
            iconName: this.iconName,
            state: this.cardState,
            needsRecordText: this.needsRecordText,
            loadingText: this.loadingText,
            errorHeading: this.errorHeading,
            errorMessages: this.errorMessages ?? []
        };
    }
}

/**
 * A card whose content comes from one wired Apex call (Account Health, Sales Goals): the subclass's
 * `@wire` method hands each result to `receive`, which builds the model for today; the page's
 * refresh re-runs that wire.
 */
export abstract class WiredModelCard<M> extends StageplayCard {
    state: WiredModel<M> = notWiredYet();

    /** The error heading when the Apex call failed, and when its payload could not be built into the model. */
    protected abstract readonly loadErrorHeading: string;
    protected abstract readonly buildErrorHeading: string;

    private wiredContext: unknown;

    /** Takes a wire result: data builds the model (a failure to build becomes the card's error). */
    protected receive<D>(result: StageplayWireResult<D>, build: (data: D, today: string) => M): void {
        this.wiredContext = result;
        this.state = receiveWired(this.state, result, (data) =>
            buildForToday(this.defaultTitle, (today) => build(data, today))
        );
    }

    get model(): M | null {
        return this.state.model;
    }

    override async refreshAll(): Promise<boolean> {
        if (this.wiredContext) await refreshApex(this.wiredContext);
        return true;
    }

    get errorMessages(): string[] | null {
        return cardErrorMessages(this.state.contextError, this.state.buildError);
    }

    get errorHeading(): string {
        return this.state.contextError ? this.loadErrorHeading : this.buildErrorHeading;
    }
}
