/**
 * The SLDS page header both preview pages draw: the object or page icon beside a title block (the
 * default slot), the row's actions (`actions`) and the rows under it (`details`). The record page and
 * the Sales Goals page differ only in what they put in it.
 */
import { LightningElement, api } from 'lwc';

export default class PageHeader extends LightningElement {
    /** SLDS icon, e.g. `standard:opportunity`. */
    @api iconName = '';
    /** What the icon stands for, read by assistive technology. */
    @api iconText = '';
    /** An SLDS header variant, e.g. `slds-page-header_record-home`. */
    @api variantClass = '';

    get headerClasses(): string {
        return this.variantClass ? `slds-page-header ${this.variantClass}` : 'slds-page-header';
    }
}
