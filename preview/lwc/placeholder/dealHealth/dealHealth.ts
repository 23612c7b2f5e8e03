/**
 * Stands in for `c/dealHealth` only while the real component is not in force-app yet, so the preview's
 * build, stand-ins and server can be exercised. It shows what the Apex and record wires deliver.
 */
import { LightningElement, api, wire } from 'lwc';
import getProcessContext from '@salesforce/apex/DealHealthController.getProcessContext';
import { getRecord, getFieldValue } from 'lightning/uiRecordApi';

const FIELDS = ['Opportunity.Name', 'Opportunity.StageName', 'Opportunity.Probability'];

export default class DealHealth extends LightningElement {
    @api recordId: string | undefined;

    @wire(getProcessContext, { opportunityId: '$recordId' })
    context: { data?: { stages: unknown[]; benchmarks: unknown[] }; error?: unknown } | undefined;

    @wire(getRecord, { recordId: '$recordId', fields: FIELDS })
    record: { data?: unknown; error?: unknown } | undefined;

    get stage(): string {
        return this.record?.data ? String(getFieldValue(this.record.data as never, 'Opportunity.StageName')) : '';
    }

    get summary(): string {
        const data = this.context?.data;
        return data ? `${data.stages.length} stages, ${data.benchmarks.length} benchmark rows` : 'Loading…';
    }
}
