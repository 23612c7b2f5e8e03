import StagePlayList, { type ParameterView, type PlayView } from 'c/stagePlayList';
import { all, maybe, mounter, one, resetDom, text, type Stub } from '../../../../../test/jest-helpers/dom';

type RecordEditForm = Stub<{ recordId: string; objectApiName: string }>;
type Button = Stub<{ type: string; disabled: boolean }>;

const RECORD_ID = '006Hs00001StgPlIAJ';

function parameter(overrides: Partial<ParameterView>): ParameterView {
    return {
        key: 'Problem_Metric',
        label: 'Problem Metric',
        question: 'Which metric shows the problem, and what is its value today?',
        field: 'Problem_Metric__c',
        fieldLabel: 'Problem Metric',
        valueText: 'Blank',
        ruleText: 'Good answer: is filled in',
        required: false,
        status: 'missing',
        statusLabel: 'Missing',
        badgeClass: 'slds-badge slds-theme_warning',
        canEdit: true,
        accessMessage: null,
        benchmark: {
            summary: 'Deals with this answer (Blank): Won 21 / Lost 77',
            totals: 'Out of 362 closed deals at this stage: Won 143 / Lost 219',
            statusNote: null,
            rows: [
                {
                    key: 'pass',
                    label: 'Passes rule',
                    won: 122,
                    lost: 142,
                    winRateText: '46%',
                    isDeal: false,
                    rowClass: 'slds-hint-parent'
                },
                {
                    key: 'blank',
                    label: 'Blank (this deal)',
                    won: 21,
                    lost: 77,
                    winRateText: '21%',
                    isDeal: true,
                    rowClass: 'slds-hint-parent stageplay-deal-row'
                }
            ]
        },
        ...overrides
    };
}

const PLAYS: PlayView[] = [
    {
        key: 'Diagnose_Problem',
        label: 'Diagnose Problem',
        goal: 'Qualify',
        guidance: 'Get the customer to describe the problem in their own words.',
        parameters: [
            parameter({}),
            parameter({
                key: 'Current_Problem',
                label: 'Current Problem',
                question: 'What problem does the customer have today, in their words?',
                field: 'Current_Problem__c',
                fieldLabel: 'Current Problem',
                valueText: 'Hidden',
                status: 'noAccess',
                statusLabel: 'No access',
                canEdit: false,
                required: true,
                accessMessage:
                    "You don't have access to Current Problem (Current_Problem__c). Ask your admin for read access to this field.",
                benchmark: null
            })
        ]
    },
    { key: 'Empty_Play', label: 'Empty Play', goal: '', guidance: '', parameters: [] }
];

const render = mounter('c-stage-play-list', StagePlayList, { plays: PLAYS, recordId: RECORD_ID });

const flush = () => Promise.resolve();
const item = (element: Element, key: string): HTMLElement => one(element, `li[data-parameter="${key}"]`);

/** Clicks the edit button of parameter `key`, as a rep opening its inline form, and lets it render. */
async function openEditor(element: Element, key: string): Promise<void> {
    one(item(element, key), '[data-id="edit"]').click();
    await flush();
}

describe('c-stage-play-list', () => {
    afterEach(resetDom);

    it('shows each play with its goal, guidance and parameters', () => {
        const element = render();
        const plays = all(element, 'article');
        expect(plays.map((p) => text(maybe(p, 'h4')))).toEqual(['Diagnose Problem', 'Empty Play']);
        expect(text(one(plays[0], '[data-id="guidance"]'))).toBe(
            'Get the customer to describe the problem in their own words.'
        );
        expect(plays[0].textContent).toContain('Goal: Qualify');
        expect(plays[1].textContent).toContain('This play has no parameters yet.');
    });

    it('shows the question, answer, rule, status and the won/lost table with the deal marked', () => {
        const metric = item(render(), 'Problem_Metric');
        expect(text(one(metric, '[data-id="question"]'))).toBe(
            'Which metric shows the problem, and what is its value today?'
        );
        expect(text(one(metric, '[data-id="value"]'))).toBe('Blank');
        expect(text(one(metric, '[data-id="status"]'))).toBe('Missing');
        expect(text(one(metric, '[data-id="rule"]'))).toBe('Good answer: is filled in');
        expect(text(one(metric, 'caption'))).toBe(
            'Won and lost deals by answer to: Which metric shows the problem, and what is its value today?'
        );
        const rows = all(metric, 'tbody tr').map((row) => all(row, 'th, td').map(text));
        expect(rows).toEqual([
            ['Passes rule', '122', '142', '46%'],
            ['Blank (this deal)', '21', '77', '21%']
        ]);
        expect(text(one(metric, '[data-id="benchmark"]'))).toBe(
            'Deals with this answer (Blank): Won 21 / Lost 77'
        );
    });

    it('names a field the user cannot read, with no edit button', () => {
        const problem = item(render(), 'Current_Problem');
        expect(text(one(problem, '[data-id="access"]'))).toContain('Current Problem (Current_Problem__c)');
        expect(problem.textContent).toContain('Required to leave this stage');
        expect(maybe(problem, '[data-id="edit"]')).toBeNull();
    });

    it('edits an answer in place with a record edit form on the one field', async () => {
        const element = render();
        const edit = one<Stub<{ alternativeText: string }>>(
            item(element, 'Problem_Metric'),
            '[data-id="edit"]'
        );
        expect(edit.alternativeText).toBe('Edit Problem Metric');
        edit.click();
        await flush();
        const form = one<RecordEditForm>(item(element, 'Problem_Metric'), 'lightning-record-edit-form');
        expect(form.recordId).toBe(RECORD_ID);
        expect(form.objectApiName).toBe('Opportunity');
        expect(
            all<Stub<{ fieldName: string }>>(form, 'lightning-input-field').map((f) => f.fieldName)
        ).toEqual(['Problem_Metric__c']);
        expect(maybe(form, 'lightning-messages')).not.toBeNull();
        expect(one<Button>(form, 'lightning-button[data-id="save"]').type).toBe('submit');

        const saved = jest.fn();
        element.addEventListener('parametersaved', saved);
        form.dispatchEvent(new CustomEvent('submit'));
        await flush();
        expect(one<Button>(form, 'lightning-button[data-id="save"]').disabled).toBe(true);
        form.dispatchEvent(new CustomEvent('success', { detail: { id: RECORD_ID } }));
        await flush();
        expect(saved.mock.calls[0][0].detail).toEqual({
            parameter: 'Problem_Metric',
            field: 'Problem_Metric__c',
            recordId: RECORD_ID
        });
        expect(maybe(item(element, 'Problem_Metric'), 'lightning-record-edit-form')).toBeNull();
    });

    it('closes the form on cancel without saving and gives focus back to the edit button', async () => {
        const element = render();
        await openEditor(element, 'Problem_Metric');
        const saved = jest.fn();
        element.addEventListener('parametersaved', saved);
        const focus = jest.spyOn(HTMLElement.prototype, 'focus');
        one(item(element, 'Problem_Metric'), 'lightning-button[data-id="cancel"]').click();
        await flush();
        expect(maybe(item(element, 'Problem_Metric'), 'lightning-record-edit-form')).toBeNull();
        expect(saved).not.toHaveBeenCalled();
        // Keyboard users land back where they started.
        expect(focus.mock.contexts).toEqual([one(item(element, 'Problem_Metric'), '[data-id="edit"]')]);
        focus.mockRestore();
    });

    it('reports a failed save and keeps the form open', async () => {
        const element = render();
        await openEditor(element, 'Problem_Metric');
        const failed = jest.fn();
        element.addEventListener('parametererror', failed);
        const form = one<RecordEditForm>(item(element, 'Problem_Metric'), 'lightning-record-edit-form');
        form.dispatchEvent(new CustomEvent('error', { detail: { message: 'An error occurred' } }));
        await flush();
        expect(failed.mock.calls[0][0].detail).toEqual({
            parameter: 'Problem_Metric',
            field: 'Problem_Metric__c',
            message: 'An error occurred'
        });
        expect(maybe(item(element, 'Problem_Metric'), 'lightning-record-edit-form')).not.toBeNull();
    });

    it('offers no edit without a record id', () => {
        const element = render({ recordId: undefined });
        expect(maybe(item(element, 'Problem_Metric'), '[data-id="edit"]')).toBeNull();
    });

    it('in compact mode hides guidance and opens the won/lost table on request', async () => {
        const element = render({ compact: true });
        expect(maybe(element, '[data-id="guidance"]')).toBeNull();
        const toggle = one(item(element, 'Problem_Metric'), '[data-id="toggle"]');
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        expect(text(toggle)).toBe('Compare won vs lost');
        expect(maybe(item(element, 'Problem_Metric'), 'table')).toBeNull();
        toggle.click();
        await flush();
        expect(toggle.getAttribute('aria-expanded')).toBe('true');
        expect(text(toggle)).toBe('Hide won vs lost');
        expect(maybe(item(element, 'Problem_Metric'), 'table')).not.toBeNull();
    });

    it('is accessible with its plays, with a form open, and compact', async () => {
        const element = render();
        await expect(element).toBeAccessible();
        await openEditor(element, 'Problem_Metric');
        await expect(element).toBeAccessible();
        resetDom();
        await expect(render({ compact: true })).toBeAccessible();
        resetDom();
        await expect(render({ plays: [] })).toBeAccessible();
    });
});
