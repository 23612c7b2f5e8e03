import DealFlags, { type FlagView } from 'c/dealFlags';
import { all, mount, one, resetDom, text } from '../../../../../test/jest-helpers/dom';

const FLAGS: FlagView[] = [
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

const render = (flags: FlagView[], props: { compact?: boolean; emptyText?: string } = {}) =>
    mount('c-deal-flags', DealFlags, { flags, ...props });

describe('c-deal-flags', () => {
    afterEach(resetDom);

    it('shows each flag with its severity, message and evidence', () => {
        const element = render(FLAGS);
        expect(text(one(element, 'h3'))).toBe('Flags (2)');
        const padded = one(element, 'li[data-flag="padded"]');
        expect(text(one(padded, '.slds-badge'))).toBe('Padded');
        expect(one(padded, '.slds-badge').className).toContain('slds-theme_error');
        expect(text(one(padded, '.slds-assistive-text'))).toBe('High severity');
        expect(text(one(padded, '[data-id="message"]'))).toContain('Alternatives Considered is blank');
        expect(all(padded, 'li[data-evidence]').map(text)).toEqual([
            'Field: Alternatives_Considered__c',
            'Rule: not blank'
        ]);
        expect(one(padded, '[data-id="evidence-toggle"]').getAttribute('aria-expanded')).toBe('true');
    });

    it('says plainly when nothing is flagged', () => {
        const element = render([]);
        expect(text(one(element, 'h3'))).toBe('Flags');
        expect(text(one(element, '[data-id="empty"]'))).toBe(
            'No flags: nothing looks padded, skipped, slipped or stale.'
        );
    });

    it('uses the empty text it is given', () => {
        const element = render([], { emptyText: 'Flags apply to open deals; this one is closed.' });
        expect(text(one(element, '[data-id="empty"]'))).toBe(
            'Flags apply to open deals; this one is closed.'
        );
    });

    it('folds the evidence in compact mode and unfolds it on request', async () => {
        const element = render(FLAGS, { compact: true });
        const padded = one(element, 'li[data-flag="padded"]');
        expect(padded.querySelectorAll('li[data-evidence]')).toHaveLength(0);
        const toggle = one(padded, '[data-id="evidence-toggle"]');
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        expect(text(toggle)).toBe('Show evidence');
        toggle.click();
        await Promise.resolve();
        expect(padded.querySelectorAll('li[data-evidence]')).toHaveLength(2);
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
        // The other flag stays folded.
        expect(all(element, 'li[data-flag="slipped"] li[data-evidence]')).toHaveLength(0);
    });

    it('is accessible with flags, folded or not, and when empty', async () => {
        await expect(render(FLAGS)).toBeAccessible();
        resetDom();
        await expect(render(FLAGS, { compact: true })).toBeAccessible();
        resetDom();
        await expect(render([])).toBeAccessible();
    });
});
