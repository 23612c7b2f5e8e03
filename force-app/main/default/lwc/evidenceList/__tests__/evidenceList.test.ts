import EvidenceList from 'c/evidenceList';
import { all, one, text } from '../../../../../test/jest-helpers/dom';
import { describeLightDomChild, itRendersIntoTheLightDom } from '../../../../../test/jest-helpers/lightDom';

const FACTS = [
    { key: 'paymentTerms', name: 'Payment terms', value: 'Net 30' },
    { key: 'daysPastDue', name: 'Days past due', value: '45 days' }
];

describeLightDomChild('c-evidence-list', EvidenceList, { facts: FACTS }, (render) => {
    itRendersIntoTheLightDom(render, 'facts', 'li[data-evidence]', 2);

    it('shows one "name: value" line per fact, in order, as a labelled list', async () => {
        render();
        const list = one(document, 'ul');
        expect(list.getAttribute('aria-label')).toBe('Evidence');
        expect(list.className).toBe('slds-text-body_small');
        expect(all(list, 'li[data-evidence]').map((li) => li.dataset.evidence)).toEqual([
            'paymentTerms',
            'daysPastDue'
        ]);
        expect(all(list, 'li').map(text)).toEqual(['Payment terms: Net 30', 'Days past due: 45 days']);
        await expect(document.body).toBeAccessible();
    });

    it('is set off from the text above when indented', () => {
        render({ indented: true });
        expect(one(document, 'ul').className).toBe('slds-text-body_small slds-m-left_small');
    });
});
