// Generated from stageplayCard.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
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
import { PageRefresh } from './refresh';
import { buildForToday } from './buildForToday';
import { cardErrorMessages, notWiredYet, receiveWired } from './wiredModel';
export class StageplayCard extends LightningElement {
    /** Where the card belongs, shown off a record page; a card that needs no record never shows it. */
    needsRecordText = '';
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
    /** Whether the card is off the record page it belongs on: never for a card that needs no record. */
    get needsRecord() {
        return false;
    }
    get isLoading() {
        return !this.needsRecord && !this.errorMessages && !this.model;
    }
    /** What c-card-state shows in place of the card's content (in this order); null: the content. */
    get cardState() {
        return cardStateOf(this.needsRecord, this.isLoading, this.errorMessages);
    }
    /**
     * Whether the content can render: the card's template guards its slotted content with it, since the
     * card evaluates that content even while c-card-frame shows c-card-state in its place.
     */
    get hasModel() {
        return this.model !== null;
    }
    /** What the card's c-card-frame shows around (or in place of) its content. */
    get frame() {
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
export class WiredModelCard extends StageplayCard {
    state = notWiredYet();
    wiredContext;
    /** Takes a wire result: data builds the model (a failure to build becomes the card's error). */
    receive(result, build) {
        this.wiredContext = result;
        this.state = receiveWired(this.state, result, (data) => buildForToday(this.defaultTitle, (today) => build(data, today)));
    }
    get model() {
        return this.state.model;
    }
    async refreshAll() {
        if (this.wiredContext)
            await refreshApex(this.wiredContext);
        return true;
    }
    get errorMessages() {
        return cardErrorMessages(this.state.contextError, this.state.buildError);
    }
    get errorHeading() {
        return this.state.contextError ? this.loadErrorHeading : this.buildErrorHeading;
    }
}
