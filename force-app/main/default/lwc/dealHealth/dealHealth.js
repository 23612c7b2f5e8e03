// Generated from dealHealth.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
/**
 * `c-deal-health` — Stageplay on the Opportunity record page: what this stage asks of the rep,
 * what the deal has, how it compares with the deals won and lost at this stage, what moves its
 * odds, and what looks wrong (flags).
 *
 * Data: one cacheable Apex call (`DealHealthController.getProcessContext`: stages, plays,
 * parameters, field access, published benchmarks, this deal's stage history) and the record
 * through Lightning Data Service (`getRecord`, with every parameter field as an optional field so
 * a field the user cannot read is reported, not fatal). Scoring is the domain core's
 * (`c/stageplayCore`); see `healthView.ts` for how results become words.
 *
 * Public API (App Builder design properties in dealHealth.js-meta.xml)
 * - `@api recordId` — set by the record page.
 * - `@api title` — card title (default `Deal health`).
 * - `@api showFlags` — show the flags section (default true; only an explicit false hides it).
 * - `@api compact` — hide guidance and collapse the won/lost tables, for narrow columns.
 *
 * Children: c-card-frame (the card, and in place of its content off a record page, loading, an error),
 * c-card-notices, c-win-probability, c-deal-factors, c-deal-flags, c-stage-navigator, c-stage-play-list.
 */
import { api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import getProcessContext from '@salesforce/apex/DealHealthController.getProcessContext';
import { getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import STAGE_NAME from '@salesforce/schema/Opportunity.StageName';
import NAME from '@salesforce/schema/Opportunity.Name';
import PROBABILITY from '@salesforce/schema/Opportunity.Probability';
import AMOUNT from '@salesforce/schema/Opportunity.Amount';
import CLOSE_DATE from '@salesforce/schema/Opportunity.CloseDate';
import IS_CLOSED from '@salesforce/schema/Opportunity.IsClosed';
import IS_WON from '@salesforce/schema/Opportunity.IsWon';
import FORECAST_CATEGORY from '@salesforce/schema/Opportunity.ForecastCategoryName';
import ACCOUNT_ID from '@salesforce/schema/Opportunity.AccountId';
import OWNER_ID from '@salesforce/schema/Opportunity.OwnerId';
import CREATED_DATE from '@salesforce/schema/Opportunity.CreatedDate';
import LAST_MODIFIED_DATE from '@salesforce/schema/Opportunity.LastModifiedDate';
import { buildHealth } from './healthView';
import { StageplayCard, buildForToday, cardErrorMessages } from 'c/stageplayApex';
/** Only the stage is required: every other field may be hidden by field-level security. */
const REQUIRED_FIELDS = [STAGE_NAME];
const STANDARD_OPTIONAL_FIELDS = [
    NAME,
    PROBABILITY,
    AMOUNT,
    CLOSE_DATE,
    IS_CLOSED,
    IS_WON,
    FORECAST_CATEGORY,
    ACCOUNT_ID,
    OWNER_ID,
    CREATED_DATE,
    LAST_MODIFIED_DATE
];
function optionalFieldsFor(context) {
    const fields = new Set(STANDARD_OPTIONAL_FIELDS.map((f) => `Opportunity.${f.fieldApiName}`));
    for (const f of context?.fields ?? [])
        if (f.exists)
            fields.add(`Opportunity.${f.apiName}`);
    return [...fields];
}
export default class DealHealth extends StageplayCard {
    @api
    recordId;
    @api
    title = 'Deal health';
    defaultTitle = 'Deal health';
    iconName = 'standard:opportunity';
    @api
    showFlags;
    @api
    compact = false;
    context = null;
    record = null;
    contextError = null;
    recordError = null;
    selectedStage = null;
    /** Recomputed whenever the context, the record or the viewed stage changes (never per render). */
    model = null;
    buildError = null;
    wiredContext;
    @wire(getProcessContext, { opportunityId: '$recordId' })
    wiredProcessContext(result) {
        this.wiredContext = result;
        if (result.data) {
            this.context = result.data;
            this.contextError = null;
            const fields = optionalFieldsFor(result.data);
            if (fields.join() !== this.optionalFields.join())
                this.optionalFields = fields;
        }
        else if (result.error) {
            this.context = null;
            this.contextError = result.error;
        }
        this.recompute();
    }
    /**
     * Every parameter field as `Opportunity.Field__c`: optional, so unreadable ones are simply absent.
     * A field (not a getter) so the record wire is re-asked only when the process changes.
     */
    optionalFields = optionalFieldsFor(null);
    @wire(getRecord, { recordId: '$recordId', fields: REQUIRED_FIELDS, optionalFields: '$optionalFields' })
    wiredRecord(result) {
        if (result.data) {
            this.record = result.data;
            this.recordError = null;
        }
        else if (result.error) {
            this.record = null;
            this.recordError = result.error;
        }
        this.recompute();
    }
    recompute() {
        this.buildError = null;
        if (!this.context || !this.record) {
            this.model = null;
            return;
        }
        const { context, record, selectedStage } = this;
        const built = buildForToday('Deal health', (today) => buildHealth(context, record, selectedStage, today));
        this.model = built.model;
        this.buildError = built.buildError;
    }
    /** The page's own refresh (RefreshEvent) reloads benchmarks and the record. */
    async refreshAll() {
        const work = [];
        if (this.wiredContext)
            work.push(refreshApex(this.wiredContext));
        if (this.recordId)
            work.push(notifyRecordUpdateAvailable([{ recordId: this.recordId }]));
        await Promise.all(work);
        return true;
    }
    get flagsVisible() {
        return this.showFlags !== false;
    }
    get isCompact() {
        return this.compact === true;
    }
    /**
     * Fields the rep cannot read (reported by Apex, e.g. `Opportunity.Amount`): said once, so a missing
     * amount reads as hidden, not as zero or unknown.
     */
    get hiddenFieldsText() {
        const hidden = this.context?.unreadableFields ?? [];
        if (hidden.length === 0)
            return null;
        const names = hidden.map((field) => field.replace(/^Opportunity\./, ''));
        return (`Your access hides ${names.join(', ')} on opportunities, so deal health leaves ` +
            `${names.length === 1 ? 'it' : 'them'} out. Ask your admin for field access to see ${names.length === 1 ? 'it' : 'them'}.`);
    }
    get errorMessages() {
        return cardErrorMessages(this.contextError ?? this.recordError, this.buildError);
    }
    get errorHeading() {
        if (this.contextError)
            return 'Stageplay could not load the sales process for this deal.';
        if (this.recordError)
            return 'Stageplay could not load this opportunity.';
        return 'Stageplay could not score this deal.';
    }
    /** Outside a record page (App Builder's preview of an app page, a misplaced instance) there is no deal to load. */
    /** Shown by c-card-state off a record page, and while loading. */
    needsRecordText = 'Deal health shows on an Opportunity record page. Add it to an Opportunity page in Lightning App Builder.';
    loadingText = 'Loading deal health';
    get needsRecord() {
        return !this.recordId;
    }
    get viewingOtherStage() {
        const m = this.model;
        return m !== null && m.selectedStage !== m.scoredStage;
    }
    get stageText() {
        return `Stage: ${this.model?.stageLabel ?? ''}`;
    }
    get outcomeText() {
        const m = this.model;
        if (!m?.outcome)
            return null;
        return m.outcome === 'won'
            ? `This deal was won (${m.stageLabel}). Below: how it stood before it closed.`
            : `This deal was lost (${m.stageLabel}). Below: how it stood before it closed.`;
    }
    get outcomeClass() {
        return `slds-box slds-box_x-small slds-m-bottom_small ${this.model?.outcome === 'won' ? 'slds-theme_success' : 'slds-theme_shade'}`;
    }
    handleStageSelect(event) {
        this.selectedStage = event.detail.stage;
        this.recompute();
    }
    handleBackToCurrent() {
        this.selectedStage = null;
        this.recompute();
    }
    /** A parameter saved through the form: make every wire showing this record reload, so the health recomputes. */
    async handleParameterSaved(event) {
        if (this.recordId)
            await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
        const label = this.context?.fields.find((f) => f.apiName === event.detail.field)?.label ?? 'Answer';
        this.dispatchEvent(new ShowToastEvent({ title: `${label} saved`, variant: 'success' }));
    }
    handleParameterError(event) {
        this.dispatchEvent(new ShowToastEvent({ title: 'Answer not saved', message: event.detail.message, variant: 'error' }));
    }
}
