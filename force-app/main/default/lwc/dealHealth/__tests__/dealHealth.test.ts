import DealHealth from 'c/dealHealth';
import { getRecord, notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { refreshApex } from '@salesforce/apex';
import getProcessContext from '@salesforce/apex/DealHealthController.getProcessContext';
// Test helpers of the Jest stand-in (force-app/test/jest-mocks/lightning/refresh.js).
// @ts-expect-error not part of the platform module's types
import { triggerRefresh } from 'lightning/refresh';
import CONTEXT from './data/getProcessContext.json';
import THIN_CONTEXT from './data/getProcessContext.thinHistory.json';
import RECORD from './data/getRecord.json';
import NO_AMOUNT_CONTEXT from './data/getProcessContext.noAmountAccess.json';
import NO_AMOUNT_RECORD from './data/getRecord.noAmountAccess.json';
import PAST_DUE_CONTEXT_JSON from './data/getProcessContext.pastDueAccount.json';
import { registerRefreshHandler } from 'lightning/refresh';
import type {
    ApexFinanceFacts,
    ApexProcessContext
} from '@salesforce/apex/DealHealthController.getProcessContext';
import type { ParameterBenchmark, StageBenchmark } from 'c/stageplayCore';
import type { ToastConfig } from 'lightning/platformShowToastEvent';
import type { GetRecordConfig } from 'lightning/uiRecordApi';
import {
    all,
    cardTestsOn,
    maybe,
    mounter,
    one,
    resetDom,
    text,
    type PublicProps,
    type Stub
} from '../../../../../test/jest-helpers/dom';
import { apexErrorAlert, flush, type TestWireAdapter } from '../../../../../test/jest-helpers/apexWire';

jest.mock(
    '@salesforce/apex/DealHealthController.getProcessContext',
    // jest.mock factories run before imports, so the helper is required here (see apexWire.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('../../../../../test/jest-helpers/apexWire').apexTestWireModule(),
    { virtual: true }
);

// What Apex sends for a deal on a past-due account: typing it checks it against the declarations.
const PAST_DUE_CONTEXT: ApexProcessContext = PAST_DUE_CONTEXT_JSON;

const contextWire = getProcessContext as unknown as TestWireAdapter<{ opportunityId?: string }>;
const recordWire = getRecord as unknown as TestWireAdapter<GetRecordConfig>;
const TODAY = Date.parse('2026-11-23T12:00:00.000Z');
/** Counts as the page shows them (grouped, en-US). */
const n = (value: number) => value.toLocaleString('en-US');

function clone<T>(value: T): T {
    return JSON.parse(JSON.stringify(value));
}

/** A payload as emitted: the fixtures' shape, possibly edited by a test. */
type Payload = Record<string, unknown>;

const mountCard = mounter('c-deal-health', DealHealth);

async function render(
    options: {
        context?: Payload | typeof CONTEXT | ApexProcessContext;
        record?: Payload | typeof RECORD;
        props?: PublicProps<DealHealth>;
    } = {}
) {
    const element = mountCard({ recordId: RECORD.id, ...options.props });
    contextWire.emit(options.context ?? CONTEXT);
    recordWire.emit(options.record ?? RECORD);
    await flush();
    return element;
}

/** A child component of the card, by tag (its host: queries on it read its shadow tree). */
const child = (element: Element, tag: string): HTMLElement => one(element, tag);

/** A value a test's setup must have found (a fixture that moved on fails here, by name). */
function found<T>(value: T | undefined, what: string): T {
    if (value === undefined) throw new Error(`fixture has no ${what}`);
    return value;
}

/** The record as LDS returns it when the user cannot read `field` (it is simply absent). */
function withoutField(field: keyof typeof RECORD.fields): Payload {
    const fields: Partial<typeof RECORD.fields> = clone(RECORD.fields);
    delete fields[field];
    return { ...clone(RECORD), fields };
}

/** The card when Apex answered but Lightning Data Service could not load the record. */
async function renderWithRecordError(): Promise<HTMLElement> {
    const element = mountCard({ recordId: RECORD.id });
    contextWire.emit(CONTEXT);
    recordWire.error({
        message: 'Bad Request',
        output: { errors: [{ message: 'The requested resource does not exist' }], fieldErrors: {} }
    });
    await flush();
    return element;
}

/** A stage change of the fixture deal, its amount (84,000) unchanged, at 09:00 UTC on `day`. */
function stageChange(
    stageName: string,
    day: string,
    change: { closeDate: string; probability: number; forecastCategory: string }
) {
    return { stageName, createdDate: `${day}T09:00:00.000Z`, amount: 84000, ...change };
}

/**
 * The fixture deal closed in `stageName` (won or lost) on `day`: the record says so, and its history
 * ends, after the `earlier` changes, with the change into `stageName`.
 */
function closedDeal(
    stageName: 'Closed Won' | 'Closed Lost',
    day: string,
    closing: { probability: number; forecastCategory: string },
    earlier: Array<ReturnType<typeof stageChange>> = []
) {
    const record = clone(RECORD);
    record.fields.StageName = { value: stageName, displayValue: stageName };
    record.fields.IsClosed = { value: true, displayValue: null };
    record.fields.IsWon = { value: stageName === 'Closed Won', displayValue: null };
    const context = clone(CONTEXT);
    context.history.push(...earlier, stageChange(stageName, day, { closeDate: day, ...closing }));
    return { record, context };
}

/**
 * The card registered its refresh handler `registrations` times, the last time with its host element
 * (as under Lightning Locker), and a page refresh still refreshes its Apex data.
 */
async function expectRefreshRegisteredWithHost(element: HTMLElement, registrations: number): Promise<void> {
    expect(registerRefreshHandler).toHaveBeenCalledTimes(registrations);
    expect((registerRefreshHandler as jest.Mock).mock.calls[registrations - 1][0]).toBe(element);
    await triggerRefresh();
    expect(refreshApex).toHaveBeenCalledTimes(1);
}

function parameterItem(element: Element, parameter: string): HTMLElement {
    return one(child(element, 'c-stage-play-list'), `li[data-parameter="${parameter}"]`);
}

function payload(key: string): StageBenchmark & ParameterBenchmark {
    const row = found(
        CONTEXT.benchmarks.find((b) => b.key === key),
        `benchmark ${key}`
    );
    return JSON.parse(row.payload);
}

async function selectStage(element: Element, stage: string): Promise<void> {
    const nav = child(element, 'c-stage-navigator');
    one(nav, `button[data-value="${stage}"]`).click();
    await flush();
}

describe('c-deal-health', () => {
    cardTestsOn(TODAY);

    afterEach(() => {
        // The refresh and notify mocks count calls: each test counts only its own.
        jest.clearAllMocks();
    });

    it('shows a spinner until both the process and the record have loaded', async () => {
        const element = mountCard({ recordId: RECORD.id });
        await flush();
        expect(one<Stub<{ alternativeText: string }>>(element, 'lightning-spinner').alternativeText).toBe(
            'Loading deal health'
        );

        contextWire.emit(CONTEXT);
        await flush();
        expect(maybe(element, 'lightning-spinner')).not.toBeNull();

        recordWire.emit(RECORD);
        await flush();
        expect(maybe(element, 'lightning-spinner')).toBeNull();
        expect(text(one(element, '[data-id="stage"]'))).toBe('Stage: Discovery');
    });

    it('explains where it belongs when placed outside a record page', async () => {
        const element = mountCard();
        await flush();
        expect(text(one(element, '[data-id="needs-record"]'))).toContain(
            'Deal health shows on an Opportunity record page.'
        );
        expect(maybe(element, 'lightning-spinner')).toBeNull();
    });

    it('asks Apex for this opportunity and LDS for every parameter field as an optional field', async () => {
        await render();
        expect(contextWire.getLastConfig()).toEqual({ opportunityId: RECORD.id });
        const config = recordWire.getLastConfig();
        expect(config.recordId).toBe(RECORD.id);
        expect(config.fields).toEqual([{ objectApiName: 'Opportunity', fieldApiName: 'StageName' }]);
        for (const field of CONTEXT.fields) {
            expect(config.optionalFields).toContain(`Opportunity.${field.apiName}`);
        }
        expect(config.optionalFields).toEqual(
            expect.arrayContaining([
                'Opportunity.Probability',
                'Opportunity.IsClosed',
                'Opportunity.ForecastCategoryName'
            ])
        );
    });

    it('compares the stage probability with the history-adjusted one, with its interval, sample and the rep override', async () => {
        const element = await render();
        const probability = child(element, 'c-win-probability');
        const discovery = payload('Discovery|*');
        expect(text(one(probability, '[data-id="nominal"]'))).toBe('20%');
        expect(text(one(probability, '[data-id="adjusted"]'))).toMatch(/^\d{1,3}%$/);
        expect(text(one(probability, '[data-id="interval"]'))).toMatch(/^95% range: \d+%–\d+%$/);
        expect(text(one(probability, '[data-id="sample"]'))).toBe(
            `Based on ${n(discovery.reached)} closed deals that reached Discovery (won ${n(discovery.won)}, lost ${n(discovery.lost)}).`
        );
        expect(text(one(probability, '[data-id="baseline"]'))).toBe(
            `Stage win rate from history: ${Math.round(discovery.winRate * 100)}%`
        );
        expect(text(one(probability, '[data-id="override"]'))).toBe('Rep override: 45% (stage default 20%)');
        expect(all(element, '[data-notice]')).toHaveLength(0);
        const largestCohort = Math.max(
            ...CONTEXT.benchmarks.filter((b) => b.kind === 'Stage').map((b) => JSON.parse(b.payload).reached)
        );
        expect(text(one(element, '[data-id="benchmark-note"]'))).toBe(
            `Benchmarks learned 2026-11-20 from ${n(largestCohort)} closed deals.`
        );
    });

    it('ranks what moves the odds, each factor with the won/lost counts behind it', async () => {
        const element = await render();
        const factors = child(element, 'c-deal-factors');
        const items = all(factors, 'li[data-factor]');
        expect(items.length).toBeGreaterThan(0);
        for (const item of items) {
            const parameter = item.dataset.factor;
            const bench = payload(`Discovery|${parameter}`);
            const counts = text(item.querySelector('[data-id="counts"]'));
            const match = /^Won ([\d,]+) \/ Lost ([\d,]+) had this \((.+)\)$/.exec(counts);
            expect(match).not.toBeNull();
            const bucket = found(
                bench.buckets.find((b) => b.label === match![3]),
                `bucket ${match![3]}`
            );
            expect([n(bucket.won), n(bucket.lost)]).toEqual([match![1], match![2]]);
            // Only credible evidence is shown as moving the odds, with its interval.
            expect(bucket.credible).toBe(true);
            const effect = text(item.querySelector('[data-id="effect"]'));
            expect(effect).toMatch((bucket.shrunkRatio ?? 1) > 1 ? /^Raises odds ×/ : /^Lowers odds ×/);
            expect(effect).toMatch(/\(95%: ×[\d.]+–×[\d.]+\)$/);
        }
    });

    it('flags the slipped close date and the probability override with their evidence', async () => {
        const element = await render();
        const flags = child(element, 'c-deal-flags');
        const kinds = all(flags, 'li[data-flag]').map((li) => li.dataset.flag);
        expect(kinds).toEqual(expect.arrayContaining(['slipped', 'probabilityOverride']));
        const slipped = one(flags, 'li[data-flag="slipped"]');
        expect(text(slipped.querySelector('[data-id="message"]')).length).toBeGreaterThan(10);
        expect(slipped.querySelectorAll('li[data-evidence]').length).toBeGreaterThan(0);
        const override = one(flags, 'li[data-flag="probabilityOverride"]');
        expect(text(override.querySelector('[data-evidence="dealProbability"]'))).toBe(
            'Deal probability: 45%'
        );
        expect(text(override.querySelector('[data-evidence="stageProbability"]'))).toBe(
            'Stage probability: 20%'
        );
    });

    describe("the account's finance flag", () => {
        const financeFlagOf = (element: Element): HTMLElement | null =>
            maybe(child(element, 'c-deal-flags'), 'li[data-flag="accountFinance"]');
        const evidenceText = (flag: HTMLElement | null, key: string): string =>
            text(flag?.querySelector(`[data-evidence="${key}"]`));
        const withFinance = (finance: Partial<ApexFinanceFacts>): ApexProcessContext => {
            const context = clone(PAST_DUE_CONTEXT);
            const facts = found(context.accountFinance ?? undefined, 'account finance');
            context.accountFinance = { ...facts, ...finance };
            return context;
        };

        it('flags a deal on a past-due account with the amount, the days late and the terms', async () => {
            const element = await render({ context: PAST_DUE_CONTEXT });
            const flag = financeFlagOf(element);
            expect(flag).not.toBeNull();
            expect(text(flag?.querySelector('[data-id="message"]'))).toBe(
                'The account is past due on 18,400 (47 days): booking this deal may wait for finance.'
            );
            expect(text(flag)).toContain('Account past due, on hold or over credit');
            expect(evidenceText(flag, 'pastDueAmount')).toBe('Past due amount: 18,400');
            expect(evidenceText(flag, 'daysPastDue')).toBe('Oldest invoice late by: 47 days');
            expect(evidenceText(flag, 'paymentTerms')).toBe('Payment terms: Net 30');
            expect(evidenceText(flag, 'financeAsOf')).toBe('Accounting facts as of: 2026-11-20');
            // The other flags of the deal still come beside it.
            expect(maybe(child(element, 'c-deal-flags'), 'li[data-flag="slipped"]')).not.toBeNull();
        });

        it('flags a deal whose account the open pipeline takes past its credit limit, with the subtraction', async () => {
            const element = await render({
                context: withFinance({ pastDueAmount: 0, daysPastDue: 0, creditLimit: 70000 })
            });
            const flag = financeFlagOf(element);
            expect(flag).not.toBeNull();
            expect(text(flag?.querySelector('[data-id="message"]'))).toMatch(
                /^Its open balance and adjusted open pipeline exceed the credit limit by [\d,]+: /
            );
            expect(evidenceText(flag, 'creditLimit')).toBe('Credit limit: 70,000');
            expect(evidenceText(flag, 'openBalance')).toBe('Open balance: 61,000');
            expect(evidenceText(flag, 'headroom')).toMatch(/^Credit headroom: -[\d,]+$/);
        });

        it('is high severity when the account is on credit hold', async () => {
            const element = await render({ context: withFinance({ creditHold: true }) });
            const flag = financeFlagOf(element);
            expect(text(flag?.querySelector('[data-id="message"]'))).toMatch(
                /^The account is on credit hold; /
            );
            expect(text(flag)).toContain('High severity');
        });

        it('does not flag a deal whose account is within terms and headroom', async () => {
            const element = await render({ context: withFinance({ pastDueAmount: 0, daysPastDue: 0 }) });
            expect(financeFlagOf(element)).toBeNull();
        });

        it('does not flag a deal when the accounting facts are hidden from the rep (no facts in the payload)', async () => {
            const element = await render();
            expect(financeFlagOf(element)).toBeNull();
        });
    });

    it("lists the current stage's plays: question, answer, rule in words, status and won/lost by answer", async () => {
        const element = await render();
        const list = child(element, 'c-stage-play-list');
        const plays = all(list, 'article[data-play]').map((a) => a.dataset.play);
        expect(plays).toEqual(['Diagnose_Problem', 'Map_Impact_And_Alternatives']);

        const problem = parameterItem(element, 'Current_Problem');
        expect(text(problem.querySelector('[data-id="question"]'))).toBe(
            'What problem does the customer have today, in their words?'
        );
        expect(text(problem.querySelector('[data-id="value"]'))).toBe(
            'Month-end close takes 9 days because invoices are matched by hand.'
        );
        expect(text(problem.querySelector('[data-id="rule"]'))).toBe('Good answer: is filled in');
        expect(text(problem.querySelector('[data-id="status"]'))).toBe('Meets rule');

        const metric = parameterItem(element, 'Problem_Metric');
        expect(text(metric.querySelector('[data-id="value"]'))).toBe('Blank');
        expect(text(metric.querySelector('[data-id="status"]'))).toBe('Missing');

        const pain = parameterItem(element, 'Pain_Felt_By');
        expect(text(pain.querySelector('[data-id="value"]'))).toBe('Finance; Operations');

        // The won/lost table holds every bucket of the benchmark and marks the deal's own.
        const bench = payload('Discovery|Current_Problem');
        const rows = all(problem, 'tr[data-bucket]');
        expect(rows.map((r) => r.dataset.bucket)).toEqual(bench.buckets.map((b) => b.key));
        const own = found(
            rows.find((r) => text(r).includes('(this deal)')),
            'row of this deal'
        );
        const ownBucket = found(
            bench.buckets.find((b) => b.key === own.dataset.bucket),
            `bucket ${own.dataset.bucket}`
        );
        expect(ownBucket.key).toBe('pass');
        expect(text(problem.querySelector('[data-id="benchmark"]'))).toBe(
            `Deals with this answer (${ownBucket.label}): Won ${ownBucket.won} / Lost ${ownBucket.lost}`
        );
    });

    it('shows another stage one click away without touching the record', async () => {
        const element = await render();
        await selectStage(element, 'Solution/Presentation');
        const list = child(element, 'c-stage-play-list');
        const plays = all(list, 'article[data-play]').map((a) => a.dataset.play);
        expect(plays).toEqual(['Present_Solution', 'Demonstrate_Value']);
        expect(text(one(element, '[data-id="viewing"]'))).toContain('Viewing Solution/Presentation');
        expect(text(one(element, '[data-id="stage"]'))).toBe('Stage: Discovery');
        const nav = child(element, 'c-stage-navigator');
        expect(one(nav, 'button[data-value="Solution/Presentation"]').getAttribute('aria-pressed')).toBe(
            'true'
        );
        expect(one(nav, 'button[data-value="Discovery"]').getAttribute('aria-pressed')).toBe('false');
        expect(text(one(nav, 'button[data-value="Discovery"]'))).toContain('(current)');
        // The headline numbers stay the deal's own.
        expect(text(one(child(element, 'c-win-probability'), '[data-id="nominal"]'))).toBe('20%');

        one(element, 'lightning-button[data-id="back"]').click();
        await flush();
        expect(maybe(element, '[data-id="viewing"]')).toBeNull();
        expect(parameterItem(element, 'Current_Problem')).not.toBeNull();
    });

    it('explains how to publish benchmarks when none exist, and falls back to the stage probability', async () => {
        const context = { ...clone(CONTEXT), benchmarks: [] };
        const element = await render({ context });
        const notice = one(element, '[data-notice="no-benchmarks"]');
        expect(text(notice)).toContain('Ask your admin to run stageplay learn --target-org <alias>.');
        expect(text(notice.querySelector('code'))).toBe('stageplay learn --target-org <alias>');
        const probability = child(element, 'c-win-probability');
        expect(text(one(probability, '[data-id="adjusted"]'))).toBe('20%');
        expect(maybe(probability, '[data-id="interval"]')).toBeNull();
        expect(text(one(probability, '[data-id="sample"]'))).toBe(
            'No published history yet: showing the stage probability.'
        );
        expect(text(one(child(element, 'c-deal-factors'), '[data-id="empty"]'))).toBe(
            'Factors appear once benchmarks are learned from closed deals.'
        );
        expect(parameterItem(element, 'Current_Problem').querySelector('[data-id="benchmark"]')).toBeNull();
        expect(maybe(element, '[data-id="benchmark-note"]')).toBeNull();
    });

    it('lets the stage win rate stand, and says so, when the parameters did not beat it (strength 0)', async () => {
        const context = clone(CONTEXT);
        for (const row of context.benchmarks) row.damping = 0;
        const element = await render({ context });
        expect(text(one(element, '[data-notice="not-predictive"]'))).toContain(
            "Your parameters don't yet predict outcomes beyond the stage win rate"
        );
        const factors = child(element, 'c-deal-factors');
        expect(all(factors, 'li[data-factor]')).toHaveLength(0);
        const discovery = payload('Discovery|*');
        expect(text(one(child(element, 'c-win-probability'), '[data-id="adjusted"]'))).toBe(
            `${Math.round(discovery.winRate * 100)}%`
        );
    });

    it('uses no benchmark below the minimum history, naming how many deals there are and how many are needed', async () => {
        const element = await render({ context: THIN_CONTEXT });
        const reached = JSON.parse(
            found(
                THIN_CONTEXT.benchmarks.find((b) => b.key === 'Prospecting|*'),
                'benchmark Prospecting|*'
            ).payload
        ).reached;
        expect(reached).toBeLessThan(30);
        expect(text(one(element, '[data-notice="min-history"]'))).toContain(
            `Benchmarks rest on ${reached} closed deals; at least 30 are needed before any is used`
        );
        expect(text(one(child(element, 'c-win-probability'), '[data-id="sample"]'))).toContain(
            `Only ${reached} closed deals in history, fewer than the 30 needed`
        );
        expect(text(one(child(element, 'c-win-probability'), '[data-id="adjusted"]'))).toBe('20%');
        expect(all(child(element, 'c-deal-factors'), 'li[data-factor]')).toHaveLength(0);
    });

    it('says so when a stage has no plays', async () => {
        const context = clone(CONTEXT);
        context.stages.push({
            apiName: 'Value Proposition',
            label: 'Value Proposition',
            defaultProbability: 60,
            forecastCategoryName: 'Best Case',
            isClosed: false,
            isWon: false,
            isActive: true,
            sortOrder: 3.5
        });
        const element = await render({ context });
        await selectStage(element, 'Value Proposition');
        expect(text(one(element, '[data-id="no-plays"]'))).toBe(
            'No plays are set up for Value Proposition. Your admin can add Stage Play records for this stage.'
        );
        expect(all(child(element, 'c-stage-play-list'), 'article')).toHaveLength(0);
    });

    it('shows the outcome of a closed deal and keeps the retrospective of the stage it closed from', async () => {
        const negotiate = stageChange('Negotiate and Close', '2026-11-15', {
            closeDate: '2027-01-29',
            probability: 80,
            forecastCategory: 'Forecast'
        });
        const { record, context } = closedDeal(
            'Closed Won',
            '2026-11-20',
            { probability: 100, forecastCategory: 'Closed' },
            [negotiate]
        );
        record.fields.Probability = { value: 100, displayValue: '100%' };
        const element = await render({ context, record });
        expect(text(one(element, '[data-id="outcome"]'))).toBe(
            'This deal was won (Closed Won). Below: how it stood before it closed.'
        );
        const probability = child(element, 'c-win-probability');
        expect(text(one(probability, 'h3'))).toBe('Retrospective: odds while in Negotiate and Close');
        expect(maybe(probability, '[data-id="override"]')).toBeNull();
        const plays = all(child(element, 'c-stage-play-list'), 'article[data-play]').map(
            (a) => a.dataset.play
        );
        expect(plays).toEqual(['Finalize_Terms', 'Secure_Signature']);
        // Closed deals are not flagged: there is nothing left to fix.
        const flags = child(element, 'c-deal-flags');
        expect(all(flags, 'li[data-flag]')).toHaveLength(0);
        expect(text(one(flags, '[data-id="empty"]'))).toBe('Flags apply to open deals; this one is closed.');
        // The stage it ended in is not offered as a stage to work on.
        const nav = child(element, 'c-stage-navigator');
        expect(maybe(nav, 'button[data-value="Closed Won"]')).toBeNull();
        expect(text(one(nav, 'button[data-value="Negotiate and Close"]'))).toBe(
            'Negotiate and Close (last open stage)'
        );
        expect(text(one(element, '[data-id="health"]'))).toBe('Won');
    });

    it('shows a lost deal as lost, with the retrospective of the stage it was lost from', async () => {
        const { record, context } = closedDeal('Closed Lost', '2026-11-21', {
            probability: 0,
            forecastCategory: 'Omitted'
        });
        const element = await render({ context, record });
        expect(text(one(element, '[data-id="outcome"]'))).toBe(
            'This deal was lost (Closed Lost). Below: how it stood before it closed.'
        );
        expect(text(one(element, '[data-id="health"]'))).toBe('Lost');
        expect(text(one(child(element, 'c-win-probability'), 'h3'))).toBe(
            'Retrospective: odds while in Discovery'
        );
        expect(parameterItem(element, 'Current_Problem')).not.toBeNull();
    });

    it('warns when the deal sits in a stage the org does not define', async () => {
        const record = clone(RECORD);
        record.fields.StageName = { value: 'Legacy Qualification', displayValue: 'Legacy Qualification' };
        const element = await render({ record });
        expect(text(one(element, '[data-notice="unknown-stage"]'))).toBe(
            'The stage "Legacy Qualification" is not one of this org\'s Opportunity stages, so the deal cannot be scored.'
        );
        expect(text(one(element, '[data-id="health"]'))).toBe('Not scored');
    });

    it('names a benchmark row it cannot read and uses the rest', async () => {
        const context = clone(CONTEXT);
        const broken = found(
            context.benchmarks.find((b) => b.key === 'Discovery|Problem_Metric'),
            'benchmark Discovery|Problem_Metric'
        );
        broken.payload = '{"stage": "Discovery", "parameter": ';
        const element = await render({ context });
        expect(text(one(element, '[data-notice="problem-Discovery|Problem_Metric"]'))).toBe(
            'Benchmark Discovery|Problem_Metric was skipped: its payload is not valid JSON.'
        );
        expect(parameterItem(element, 'Problem_Metric').querySelector('[data-id="benchmark"]')).toBeNull();
        expect(
            parameterItem(element, 'Current_Problem').querySelector('[data-id="benchmark"]')
        ).not.toBeNull();
    });

    it('names a field the user cannot read and leaves it out of the score', async () => {
        const context = clone(CONTEXT);
        found(
            context.fields.find((f) => f.apiName === 'Current_Problem__c'),
            'field Current_Problem__c'
        ).isAccessible = false;
        const record = withoutField('Current_Problem__c');
        const element = await render({ context, record });
        const item = parameterItem(element, 'Current_Problem');
        expect(text(item.querySelector('[data-id="status"]'))).toBe('No access');
        expect(text(item.querySelector('[data-id="access"]'))).toBe(
            "You don't have access to Current Problem (Current_Problem__c). Ask your admin for read access to this field."
        );
        expect(text(item.querySelector('[data-id="value"]'))).toBe('Hidden');
        expect(item.querySelector('[data-id="edit"]')).toBeNull();
        const factorKeys = all(child(element, 'c-deal-factors'), 'li[data-factor]').map(
            (li) => li.dataset.factor
        );
        expect(factorKeys).not.toContain('Current_Problem');
    });

    it('reports a field hidden by field-level security even when the describe says it is readable', async () => {
        const record = withoutField('Problem_Metric__c');
        const element = await render({ record });
        expect(text(parameterItem(element, 'Problem_Metric').querySelector('[data-id="access"]'))).toContain(
            'Problem Metric (Problem_Metric__c)'
        );
    });

    it('shows the Apex error message when the process cannot be loaded', async () => {
        const element = mountCard({ recordId: RECORD.id });
        const message = 'Opportunity 006Hs00001StgPlIAJ was not found, or you do not have access to it.';
        await apexErrorAlert(element, contextWire, message, [
            'Stageplay could not load the sales process for this deal.',
            message
        ]);
        expect(maybe(element, 'lightning-spinner')).toBeNull();
    });

    it('shows record errors from Lightning Data Service, every message once', async () => {
        const element = await renderWithRecordError();
        const items = all(element, '[data-id="error"] li').map(text);
        expect(items).toEqual(['The requested resource does not exist']);
    });

    it('names a parameter whose rule does not parse and still scores the rest', async () => {
        const context = clone(CONTEXT);
        found(
            context.parameters.find((p) => p.developerName === 'Problem_Metric'),
            'parameter Problem_Metric'
        ).rule = 'greater than ten';
        const element = await render({ context });
        const item = parameterItem(element, 'Problem_Metric');
        expect(text(item.querySelector('[data-id="status"]'))).toBe('Rule error');
        expect(text(item.querySelector('[data-id="rule"]'))).toContain('Play_Parameter__mdt.Problem_Metric');
        expect(text(parameterItem(element, 'Current_Problem').querySelector('[data-id="status"]'))).toBe(
            'Meets rule'
        );
    });

    it('still shows deal health to a rep who cannot read Amount, and says the amount is hidden', async () => {
        // Apex leaves hidden history fields out and names them; LDS omits the optional field.
        const element = await render({ context: NO_AMOUNT_CONTEXT, record: NO_AMOUNT_RECORD });
        expect(maybe(element, '[data-id="error"]')).toBeNull();
        expect(text(one(element, '[data-id="stage"]'))).toBe('Stage: Discovery');
        expect(child(element, 'c-win-probability')).not.toBeNull();
        expect(text(one(element, '[data-id="hidden-fields"]'))).toBe(
            'Your access hides Amount on opportunities, so deal health leaves it out. Ask your admin for field access to see it.'
        );
        expect(parameterItem(element, 'Current_Problem')).not.toBeNull();
    });

    it('names no hidden field when the rep reads them all', async () => {
        const element = await render({ context: { ...clone(CONTEXT), unreadableFields: [] } });
        expect(maybe(element, '[data-id="hidden-fields"]')).toBeNull();
    });

    it('explains missing access to benchmarks', async () => {
        const context = { ...clone(CONTEXT), benchmarksAccessible: false, benchmarks: [] };
        const element = await render({ context });
        expect(text(one(element, '[data-notice="benchmark-access"]'))).toContain('Stageplay_Benchmark__c');
        expect(maybe(element, '[data-notice="no-benchmarks"]')).toBeNull();
    });

    it('edits an answer in place and rescores when the saved record comes back', async () => {
        const element = await render();
        const toasts: ToastConfig[] = [];
        element.addEventListener('lightning__showtoast', (e) =>
            toasts.push((e as CustomEvent<ToastConfig>).detail)
        );
        const list = child(element, 'c-stage-play-list');
        const adjustedBefore = text(one(child(element, 'c-win-probability'), '[data-id="adjusted"]'));

        one(parameterItem(element, 'Problem_Metric'), '[data-id="edit"]').click();
        await flush();
        const form = one<Stub<{ recordId: string; objectApiName: string }>>(
            parameterItem(element, 'Problem_Metric'),
            'lightning-record-edit-form'
        );
        expect(form.recordId).toBe(RECORD.id);
        expect(form.objectApiName).toBe('Opportunity');
        expect(one<Stub<{ fieldName: string }>>(form, 'lightning-input-field').fieldName).toBe(
            'Problem_Metric__c'
        );

        form.dispatchEvent(new CustomEvent('success', { detail: { id: RECORD.id } }));
        await flush();
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: RECORD.id }]);
        expect(toasts).toEqual([{ title: 'Problem Metric saved', variant: 'success' }]);
        expect(maybe(list, 'lightning-record-edit-form')).toBeNull();

        // LDS hands the saved record to every wire showing it.
        const saved = {
            ...clone(RECORD),
            fields: {
                ...RECORD.fields,
                Problem_Metric__c: { value: 'Days to close the books: 9', displayValue: null }
            }
        };
        recordWire.emit(saved);
        await flush();
        const metric = parameterItem(element, 'Problem_Metric');
        expect(text(metric.querySelector('[data-id="value"]'))).toBe('Days to close the books: 9');
        expect(text(metric.querySelector('[data-id="status"]'))).toBe('Meets rule');
        const factors = child(element, 'c-deal-factors');
        maybe(factors, '[data-id="toggle"]')?.click();
        await flush();
        const factorKeys = all(child(element, 'c-deal-factors'), 'li[data-factor]').map(
            (li) => li.dataset.factor
        );
        const bench = payload('Discovery|Problem_Metric');
        const pass = found(
            bench.buckets.find((b) => b.key === 'pass'),
            'bucket pass'
        );
        const blank = found(
            bench.buckets.find((b) => b.key === 'blank'),
            'bucket blank'
        );
        if (pass.logLikelihoodRatio !== blank.logLikelihoodRatio) {
            expect(text(one(child(element, 'c-win-probability'), '[data-id="adjusted"]'))).not.toBe(
                adjustedBefore
            );
        }
        expect(factorKeys).toContain('Problem_Metric');
    });

    it('toasts the message when a save fails', async () => {
        const element = await render();
        const toasts: ToastConfig[] = [];
        element.addEventListener('lightning__showtoast', (e) =>
            toasts.push((e as CustomEvent<ToastConfig>).detail)
        );
        one(parameterItem(element, 'Problem_Metric'), '[data-id="edit"]').click();
        await flush();
        const form = one<Stub<{ recordId: string; objectApiName: string }>>(
            parameterItem(element, 'Problem_Metric'),
            'lightning-record-edit-form'
        );
        form.dispatchEvent(
            new CustomEvent('error', {
                detail: { message: 'An error occurred', detail: 'Problem Metric: value too long' }
            })
        );
        await flush();
        expect(toasts).toEqual([
            { title: 'Answer not saved', message: 'Problem Metric: value too long', variant: 'error' }
        ]);
        expect(notifyRecordUpdateAvailable).not.toHaveBeenCalled();
        // The form stays open so the rep can correct the answer.
        expect(
            parameterItem(element, 'Problem_Metric').querySelector('lightning-record-edit-form')
        ).not.toBeNull();
    });

    it("reloads the process and the record on the page's refresh", async () => {
        await render();
        await triggerRefresh();
        expect(refreshApex).toHaveBeenCalledTimes(1);
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: RECORD.id }]);
    });

    it('registers its refresh handler with the host element when registering the component fails (Lightning Locker)', async () => {
        (registerRefreshHandler as jest.Mock).mockImplementationOnce(() => {
            throw new TypeError('refresh handler context must be an HTMLElement');
        });
        await expectRefreshRegisteredWithHost(await render(), 2);
    });

    it('registers with the host element straight away under Lightning Locker (SecureWindow)', async () => {
        jest.spyOn(window, 'toString').mockReturnValue(
            'SecureWindow: [object Window]{ key: {"namespace":"c"} }'
        );
        await expectRefreshRegisteredWithHost(await render(), 1);
    });

    it('honours the App Builder properties: title, showFlags and compact', async () => {
        const element = await render({
            props: { title: 'Northwind health', showFlags: false, compact: true }
        });
        expect(one<Stub<{ compact: boolean }>>(element, 'c-deal-factors').compact).toBe(true);
        expect(one(element, 'lightning-card').title).toBe('Northwind health');
        expect(maybe(element, 'c-deal-flags')).toBeNull();
        const list = child(element, 'c-stage-play-list');
        expect(maybe(list, '[data-id="guidance"]')).toBeNull();
        expect(maybe(list, 'table')).toBeNull();
        const toggle = one(parameterItem(element, 'Current_Problem'), '[data-id="toggle"]');
        expect(toggle.getAttribute('aria-expanded')).toBe('false');
        toggle.click();
        await flush();
        expect(parameterItem(element, 'Current_Problem').querySelector('table')).not.toBeNull();
    });

    it('shows flags and guidance by default', async () => {
        const element = await render();
        expect(child(element, 'c-deal-flags')).not.toBeNull();
        expect(text(one(child(element, 'c-stage-play-list'), '[data-id="guidance"]'))).toContain(
            'Get the customer to describe the problem in their own words'
        );
        expect(one(element, 'lightning-card').title).toBe('Deal health');
    });

    describe('accessibility', () => {
        it('is accessible loaded, loading and outside a record page', async () => {
            await expect(await render()).toBeAccessible();
            resetDom();
            const loading = mountCard({ recordId: RECORD.id });
            await flush();
            await expect(loading).toBeAccessible();
            resetDom();
            const outside = mountCard();
            await flush();
            await expect(outside).toBeAccessible();
        });

        it('is accessible with an answer being edited, compact, and without benchmarks', async () => {
            const element = await render();
            one(parameterItem(element, 'Problem_Metric'), '[data-id="edit"]').click();
            await flush();
            await expect(element).toBeAccessible();
            resetDom();
            await expect(await render({ props: { compact: true } })).toBeAccessible();
            resetDom();
            await expect(await render({ context: { ...clone(CONTEXT), benchmarks: [] } })).toBeAccessible();
        });

        it('is accessible flagging a deal on a past-due account and on an account on credit hold', async () => {
            const pastDue = await render({ context: PAST_DUE_CONTEXT });
            expect(maybe(child(pastDue, 'c-deal-flags'), 'li[data-flag="accountFinance"]')).not.toBeNull();
            await expect(pastDue).toBeAccessible();
            resetDom();
            const onHold = clone(PAST_DUE_CONTEXT);
            onHold.accountFinance = {
                ...found(onHold.accountFinance ?? undefined, 'finance'),
                creditHold: true
            };
            await expect(await render({ context: onHold })).toBeAccessible();
        });

        it('is accessible showing an Apex error and record errors', async () => {
            const apexFailed = mountCard({ recordId: RECORD.id });
            contextWire.error({ message: 'Opportunity 006Hs00001StgPlIAJ was not found.' });
            await flush();
            await expect(apexFailed).toBeAccessible();
            resetDom();
            const recordFailed = await renderWithRecordError();
            await expect(recordFailed).toBeAccessible();
        });
    });
});
