/**
 * The preview page: an Opportunity record page as Lightning Experience lays it out (record header with
 * highlights, a Details column, the side column holding `c-deal-health`), or with `?account=<id>` an
 * Account record page (the side column holding `c-account-health`), both drawn by `preview-record-page`,
 * or with `?goals=manager|rep` the Sales Goals App page (`c-sales-goals` as that viewer sees it), plus
 * pickers of demo deals and accounts. The page reads the preview store directly; the components under test go through the
 * platform stand-ins.
 */
import { LightningElement } from 'lwc';
import {
    findAccount,
    findDeal,
    isGoalsViewer,
    onRecordChange,
    previewData,
    setGoalsViewer
} from 'preview/store';
import { REFRESH_EVENT, runRefreshHandlers } from 'lightning/refresh';
import type {
    PreviewAccount,
    PreviewDeal,
    PreviewFieldDescribe,
    PreviewGoalsViewer,
    RecordFieldValue
} from '../../../../data/previewData';
import type RecordPage from '../recordPage/recordPage';
import type { LabelledValue } from '../recordPage/recordPage';

/** A combobox of the toolbar (`pickers`). */
interface ToolbarPicker {
    name: 'deal' | 'account';
    columnClass: string;
    className: string;
    label: string;
    placeholder: string;
    options: Array<{ label: string; value: string }>;
    value: string;
}

interface Toast {
    key: number;
    title: string;
    message: string;
    variant: string;
    themeClass: string;
    iconName: string;
}

/** Window event whose `detail` is an Opportunity Id: shows that deal, as picking it would. */
export const SHOW_DEAL_EVENT = 'stageplaypreview:showdeal';

const currency = new Intl.NumberFormat('en-US', {
    style: 'currency',
    currency: 'USD',
    maximumFractionDigits: 0
});
const dateFormat = new Intl.DateTimeFormat('en-US', {
    timeZone: 'UTC',
    year: 'numeric',
    month: 'short',
    day: 'numeric'
});

function formatValue(dataType: string | undefined, value: RecordFieldValue): string {
    if (value === null || value === '') return '';
    switch (dataType) {
        case 'Currency':
            return currency.format(Number(value));
        case 'Percent':
            return `${Number(value)}%`;
        case 'Date':
            return dateFormat.format(new Date(`${value}T00:00:00Z`));
        case 'Boolean':
            return value ? 'Yes' : 'No';
        default:
            return String(value);
    }
}

/** A header highlight: its `data-highlight` key, the field it shows, and a label where the field has none. */
interface Highlight {
    key: string;
    field: string;
    label?: string;
}

const OPPORTUNITY_HIGHLIGHTS: Highlight[] = [
    { key: 'stage', field: 'StageName' },
    { key: 'amount', field: 'Amount' },
    { key: 'close', field: 'CloseDate' },
    // A relationship name is no field of the describe: Lightning Experience labels it as the lookup (OwnerId).
    { key: 'owner', field: 'Owner.Name', label: 'Opportunity Owner' }
];

const ACCOUNT_HIGHLIGHTS: Highlight[] = [
    { key: 'industry', field: 'Industry' },
    { key: 'terms', field: 'Stageplay_Payment_Terms__c' },
    { key: 'limit', field: 'Stageplay_Credit_Limit__c' },
    { key: 'balance', field: 'Stageplay_Open_Balance__c' }
];

/** What `preview-record-page` is given: the same for both record pages, filled from a different record. */
type RecordPageProps = Pick<
    RecordPage,
    'iconName' | 'objectLabel' | 'recordName' | 'nameClass' | 'highlights' | 'detailRows'
>;

/**
 * A record page's header and Details card from the record and its object's describe (labels and types as
 * the org gives them). A Details field the describe lacks is a relationship name (`Owner.Name`): it shows
 * under the relationship's name.
 */
function recordPageProps(
    objectLabel: 'Opportunity' | 'Account',
    nameClass: string,
    record: Record<string, RecordFieldValue>,
    describe: Record<string, PreviewFieldDescribe>,
    highlights: Highlight[],
    detailFields: string[]
): RecordPageProps {
    const shown = (key: string, field: string, label?: string): LabelledValue => ({
        key,
        label: label ?? describe[field]?.label ?? field.replace('.Name', ''),
        value: formatValue(describe[field]?.dataType, record[field] ?? null)
    });
    return {
        iconName: `standard:${objectLabel.toLowerCase()}`,
        objectLabel,
        recordName: String(record.Name ?? ''),
        nameClass,
        highlights: highlights.map(({ key, field, label }) => shown(key, field, label)),
        detailRows: detailFields.map((field) => shown(field, field))
    };
}

export default class App extends LightningElement {
    recordId = '';
    /** The Account shown instead of a deal (`?account=<id>`), or '' on the Opportunity page. */
    accountId = '';
    /** Who looks at the Sales Goals page (`?goals=`), or '' on a record page. */
    goalsViewer: PreviewGoalsViewer | '' = '';
    /** Bumped on every save so getters that read the store re-run. */
    revision = 0;
    toasts: Toast[] = [];
    private nextToastKey = 1;
    private unsubscribe: (() => void) | null = null;
    private readonly onToast = (event: Event) => this.showToast(event as CustomEvent<Record<string, string>>);
    private readonly onRefresh = () => void runRefreshHandlers();
    /** Lets the render benchmark switch deals without driving the picker, so it times the component alone. */
    private readonly onShowDeal = (event: Event) =>
        this.showDeal(String((event as CustomEvent<string>).detail));

    override connectedCallback(): void {
        const params = new URLSearchParams(window.location.search);
        const requested = params.get('deal');
        const deals = previewData().deals;
        this.recordId = deals.some((deal) => deal.id === requested) ? (requested as string) : deals[0].id;
        const account = params.get('account');
        this.accountId = account && findAccount(account) ? account : '';
        const goals = params.get('goals');
        this.goalsViewer = isGoalsViewer(goals) ? goals : '';
        if (this.goalsViewer) setGoalsViewer(this.goalsViewer);
        this.unsubscribe = onRecordChange((recordId) => {
            if (recordId === this.recordId) this.revision++;
        });
        window.addEventListener('lightning__showtoast', this.onToast);
        window.addEventListener(REFRESH_EVENT, this.onRefresh);
        window.addEventListener(SHOW_DEAL_EVENT, this.onShowDeal);
    }

    override disconnectedCallback(): void {
        this.unsubscribe?.();
        window.removeEventListener('lightning__showtoast', this.onToast);
        window.removeEventListener(REFRESH_EVENT, this.onRefresh);
        window.removeEventListener(SHOW_DEAL_EVENT, this.onShowDeal);
    }

    get deal(): PreviewDeal {
        // Reading `revision` ties this getter to saves.
        void this.revision;
        return findDeal(this.recordId) ?? previewData().deals[0];
    }

    /** One key per shown deal: switching deals recreates the component, as navigating to a record does. */
    get shownRecordIds(): string[] {
        return [this.recordId];
    }

    /** The toolbar's two pickers: the deal whose Opportunity page shows, and an account to open its page. */
    get pickers(): ToolbarPicker[] {
        return [
            {
                name: 'deal',
                columnClass: 'slds-col slds-size_1-of-1 slds-medium-size_1-of-2 slds-large-size_5-of-12',
                className: 'deal-picker',
                label: 'Preview deal',
                placeholder: 'Opportunity page …',
                options: this.dealOptions,
                value: this.recordId
            },
            {
                name: 'account',
                columnClass: 'slds-col slds-size_1-of-1 slds-medium-size_1-of-4',
                className: 'account-picker',
                label: 'Preview account',
                placeholder: 'Account page …',
                options: this.accountOptions,
                value: this.accountId
            }
        ];
    }

    get dealOptions(): Array<{ label: string; value: string }> {
        return previewData().deals.map((deal) => ({
            label: `${deal.record.Name} · ${deal.record.StageName} · ${deal.scenarioLabel}`,
            value: deal.id
        }));
    }

    get accountName(): string {
        return String(this.deal.record['Account.Name'] ?? '');
    }

    get showsSalesGoals(): boolean {
        return this.goalsViewer !== '';
    }

    handleShowSalesGoals(): void {
        this.showGoalsViewer('manager');
    }

    handleGoalsViewerChange(event: CustomEvent<string>): void {
        if (isGoalsViewer(event.detail)) this.showGoalsViewer(event.detail);
    }

    private showGoalsViewer(viewer: PreviewGoalsViewer): void {
        // The Apex stand-in answers as this viewer before the page recreates c-sales-goals for them.
        setGoalsViewer(viewer);
        this.goalsViewer = viewer;
        const url = new URL(window.location.href);
        url.searchParams.set('goals', viewer);
        window.history.replaceState(null, '', url.toString());
    }

    /** Leaves the Sales Goals page for a record page (the caller sets which). */
    private leaveSalesGoals(url: URL): void {
        this.goalsViewer = '';
        url.searchParams.delete('goals');
    }

    get showsAccount(): boolean {
        return this.accountId !== '';
    }

    /** The record page shown: the Account's with `?account=`, else the deal's. */
    get recordPage(): RecordPageProps {
        const data = previewData();
        return this.showsAccount
            ? recordPageProps(
                  'Account',
                  'account-name',
                  this.account?.record ?? {},
                  data.accountFields,
                  ACCOUNT_HIGHLIGHTS,
                  data.accountDetailFields
              )
            : recordPageProps(
                  'Opportunity',
                  'record-name',
                  this.deal.record,
                  data.opportunityFields,
                  OPPORTUNITY_HIGHLIGHTS,
                  data.detailFields
              );
    }

    /** The page's `data-page`, naming which record page is up. */
    get recordPageKind(): string {
        return this.showsAccount ? 'account' : 'opportunity';
    }

    get account(): PreviewAccount | null {
        return this.accountId ? (findAccount(this.accountId) ?? null) : null;
    }

    get shownAccountIds(): string[] {
        return this.accountId ? [this.accountId] : [];
    }

    get accountOptions(): Array<{ label: string; value: string }> {
        return previewData().accounts.map((account) => ({
            label: `${account.record.Name} · ${account.scenarioLabel}`,
            value: account.id
        }));
    }

    handleAccountChange(event: CustomEvent<{ value: string }>): void {
        if (!findAccount(event.detail.value)) return;
        this.accountId = event.detail.value;
        const url = new URL(window.location.href);
        this.leaveSalesGoals(url);
        url.searchParams.set('account', this.accountId);
        window.history.replaceState(null, '', url.toString());
    }

    handleShowDealPage(): void {
        this.accountId = '';
        const url = new URL(window.location.href);
        this.leaveSalesGoals(url);
        url.searchParams.delete('account');
        window.history.replaceState(null, '', url.toString());
    }

    get dataSource(): string {
        return previewData().source;
    }

    handlePick(event: CustomEvent<{ value: string }>): void {
        const picker = (event.currentTarget as HTMLElement).dataset.picker;
        if (picker === 'account') this.handleAccountChange(event);
        else this.handleDealChange(event);
    }

    handleDealChange(event: CustomEvent<{ value: string }>): void {
        this.showDeal(event.detail.value);
    }

    private showDeal(recordId: string): void {
        if (!findDeal(recordId)) return;
        this.recordId = recordId;
        this.accountId = '';
        const url = new URL(window.location.href);
        this.leaveSalesGoals(url);
        url.searchParams.delete('account');
        url.searchParams.set('deal', this.recordId);
        window.history.replaceState(null, '', url.toString());
    }

    handleRefresh(): void {
        this.dispatchEvent(new CustomEvent(REFRESH_EVENT, { bubbles: true, composed: true }));
    }

    private showToast(event: CustomEvent<Record<string, string>>): void {
        const detail = event.detail ?? {};
        const variant = ['success', 'warning', 'error'].includes(detail.variant) ? detail.variant : 'info';
        const toast: Toast = {
            key: this.nextToastKey++,
            title: detail.title ?? '',
            message: detail.message ?? '',
            variant,
            themeClass: `slds-notify slds-notify_toast slds-theme_${variant}`,
            iconName: `utility:${variant}`
        };
        this.toasts = [...this.toasts, toast];
        // Dismissible toasts disappear on their own after a few seconds in Lightning Experience.
        window.setTimeout(() => this.dismissToast(toast.key), 5000);
    }

    handleToastClose(event: Event): void {
        const key = Number((event.currentTarget as HTMLElement).dataset.key);
        this.dismissToast(key);
    }

    private dismissToast(key: number): void {
        this.toasts = this.toasts.filter((toast) => toast.key !== key);
    }
}
