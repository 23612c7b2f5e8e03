import { createElement } from 'lwc';
import DealFlags from 'c/dealFlags';

/* eslint-disable @typescript-eslint/no-explicit-any */
const FLAGS = [
    {
        key: 'padded-0',
        kind: 'padded',
        label: 'Padded',
        severity: 'high',
        severityLabel: 'High severity',
        badgeClass: 'slds-badge slds-theme_error',
        message:
            'Northwind is in Discovery but Alternatives Considered is blank, and it is required to leave Discovery.',
        evidence: [
            { key: 'field', name: 'Field', value: 'Alternatives_Considered__c' },
            { key: 'rule', name: 'Rule', value: 'not blank' }
        ]
    },
    {
        key: 'slipped-1',
        kind: 'slipped',
        label: 'Slipped',
        severity: 'medium',
        severityLabel: 'Medium severity',
        badgeClass: 'slds-badge slds-theme_warning',
        message: 'The close date moved out 2 times, by 60 days in all.',
        evidence: [{ key: 'pushes', name: 'Pushes', value: '2' }]
    }
];

function render(flags: unknown[], props: Record<string, unknown> = {}): any {
    const element: any = createElement('c-deal-flags', { is: DealFlags });
    Object.assign(element, { flags }, props);
    document.body.appendChild(element);
    return element;
}

const text = (node: any): string => (node?.textContent ?? '').replace(/\s+/g, ' ').trim();

describe('c-deal-flags', () => {
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
    });

    it('shows each flag with its severity, message and evidence', () => {
        const element = render(FLAGS);
        expect(text(element.shadowRoot.querySelector('h3'))).toBe('Flags (2)');
        const padded = element.shadowRoot.querySelector('li[data-flag="padded"]');
        expect(text(padded.querySelector('.slds-badge'))).toBe('Padded');
        expect(padded.querySelector('.slds-badge').className).toContain('slds-theme_error');
        expect(text(padded.querySelector('.slds-assistive-text'))).toBe('High severity');
        expect(text(padded.querySelector('[data-id="message"]'))).toContain(
            'Alternatives Considered is blank'
        );
        expect([...padded.querySelectorAll('li[data-evidence]')].map(text)).toEqual([
            'Field: Alternatives_Considered__c',
            'Rule: not blank'
        ]);
        expect(padded.querySelector('[data-id="evidence-toggle"]').getAttribute('aria-expanded')).toBe(
            'true'
        );
    });

    it('says plainly when nothing is flagged', () => {
        const element = render([]);
        expect(text(element.shadowRoot.querySelector('h3'))).toBe('Flags');
        expect(text(element.shadowRoot.querySelector('[data-id="empty"]'))).toBe(
            'No flags: nothing looks padded, skipped, slipped or stale.'
        );
    });

    it('uses the empty text it is given', () => {
        const element = render([], { emptyText: 'Flags apply to open deals; this one is closed.' });
        expect(text(element.shadowRoot.querySelector('[data-id="empty"]'))).toBe(
            'Flags apply to open deals; this one is closed.'
        );
    });

    it('folds the evidence in compact mode and unfolds it on request', async () => {
        const element = render(FLAGS, { compact: true });
        const padded = element.shadowRoot.querySelector('li[data-flag="padded"]');
        expect(padded.querySelectorAll('li[data-evidence]')).toHaveLength(0);
        const toggle = padded.querySelector('[data-id="evidence-toggle"]');
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        expect(text(toggle)).toBe('Show evidence');
        toggle.click();
        await Promise.resolve();
        expect(padded.querySelectorAll('li[data-evidence]')).toHaveLength(2);
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
        // The other flag stays folded.
        expect(element.shadowRoot.querySelectorAll('li[data-flag="slipped"] li[data-evidence]')).toHaveLength(
            0
        );
    });
});
