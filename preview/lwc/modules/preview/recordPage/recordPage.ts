/**
 * The body of a Lightning Experience record page as the preview draws it: the record header (object icon,
 * object label, record name, highlights), a Details card of read-only fields, and a side column. The
 * Opportunity page and the Account page differ only in what they pass in, so they share this one layout;
 * what sits under the name (`slot="subtitle"`) and in the side column (default slot) is the caller's.
 */
import { LightningElement, api } from 'lwc';

/** One labelled value: a highlight in the header, or a field in the Details card. */
export interface LabelledValue {
    key: string;
    label: string;
    value: string;
}

export default class RecordPage extends LightningElement {
    /** SLDS object icon, e.g. `standard:opportunity`. */
    @api iconName = '';
    /** The object's label, shown above the record name ("Opportunity", "Account"). */
    @api objectLabel = '';
    @api recordName = '';
    /** Extra class on the record name, so a page's name can be found (`record-name`, `account-name`). */
    @api nameClass = '';
    @api highlights: LabelledValue[] = [];
    @api detailRows: LabelledValue[] = [];

    get nameClasses(): string {
        return `slds-page-header__title slds-truncate ${this.nameClass}`;
    }
}
