import EvidenceList from 'c/evidenceList';
import { all, mount, one, resetDom, text } from '../../../../../test/jest-helpers/dom';

// Light DOM: the facts are the host's own children, read from the document (as the component that
// composes it reads them from its own shadow tree).
const FACTS = [
    { key: 'paymentTerms', name: 'Payment terms', value: 'Net 30' },
    { key: 'daysPastDue', name: 'Days past due', value: '45 days' }
];

describe('c-evidence-list', () => {
    afterEach(resetDom);

    it('renders into the light DOM, so the composing component sees the facts as its own', () => {
        const element = mount('c-evidence-list', EvidenceList, { facts: FACTS });
        expect(element.shadowRoot).toBeNull();
        expect(element.querySelectorAll('li[data-evidence]')).toHaveLength(2);
    });

    it('shows one "name: value" line per fact, in order, as a labelled list', async () => {
        mount('c-evidence-list', EvidenceList, { facts: FACTS });
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
        mount('c-evidence-list', EvidenceList, { facts: FACTS, indented: true });
        expect(one(document, 'ul').className).toBe('slds-text-body_small slds-m-left_small');
    });
});
