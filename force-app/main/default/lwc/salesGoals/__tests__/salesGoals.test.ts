import SalesGoals from 'c/salesGoals';
import getSalesGoals from '@salesforce/apex/SalesGoalsController.getSalesGoals';
import type { ApexSalesGoalsContext } from '@salesforce/apex/SalesGoalsController.getSalesGoals';
import MANAGER_JSON from './data/getSalesGoals.manager.json';
import REP_JSON from './data/getSalesGoals.rep.json';
import EMPTY_JSON from './data/getSalesGoals.empty.json';
import NO_ACCESS_JSON from './data/getSalesGoals.noAccess.json';
import { all, maybe, mounter, one, resetDom, text } from '../../../../../test/jest-helpers/dom';
import { apexErrorAlert, flush, type TestWireAdapter } from '../../../../../test/jest-helpers/apexWire';

jest.mock(
    '@salesforce/apex/SalesGoalsController.getSalesGoals',
    // jest.mock factories run before imports, so the helper is required here (see apexWire.ts).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    () => require('../../../../../test/jest-helpers/apexWire').apexTestWireModule(),
    { virtual: true }
);
const wire = getSalesGoals as unknown as TestWireAdapter<unknown>;

// The fixtures are what Apex sends: typing them checks them against the declarations.
const MANAGER: ApexSalesGoalsContext = MANAGER_JSON;
const REP: ApexSalesGoalsContext = REP_JSON;
const EMPTY: ApexSalesGoalsContext = EMPTY_JSON;
const NO_ACCESS: ApexSalesGoalsContext = NO_ACCESS_JSON;

const mountCard = mounter('c-sales-goals', SalesGoals);

async function render(context: ApexSalesGoalsContext): Promise<HTMLElement> {
    const element = mountCard();
    wire.emit(context);
    await flush();
    return element;
}

const funnel = (element: Element): HTMLElement => one(element, 'c-sales-goal-funnel');
const reps = (element: Element): HTMLElement => one(element, 'c-sales-rep-kpis');
const goal = (element: Element, name: string, part: string): string =>
    text(one(funnel(element), `[data-goal="${name}"] [data-id="${part}"]`));
const repCell = (element: Element, repId: string, part: string): string =>
    text(one(reps(element), `[data-rep="${repId}"] [data-id="${part}"]`));
/** A cell's lines (its paragraphs), as a user reads them one under the other. */
const repLines = (element: Element, repId: string, part: string): string[] =>
    all(reps(element), `[data-rep="${repId}"] [data-id="${part}"] p`).map((p) => text(p));
/** The number cells of a rep's line, as the user reads them across: one-line cells as text, the others as lines. */
const repLine = (element: Element, repId: string) => ({
    attainment: repLines(element, repId, 'attainment'),
    forecastAttainment: repCell(element, repId, 'forecast-attainment'),
    coverage: repCell(element, repId, 'coverage'),
    winRate: repLines(element, repId, 'win-rate'),
    sizeCycleVelocity: repLines(element, repId, 'size-cycle-velocity'),
    adoption: repLines(element, repId, 'adoption')
});
const repKeys = (element: Element): string[] =>
    all(reps(element), 'tbody tr').map((row) => row.dataset.rep ?? '');

const MAYA = '005Hs00000Mgr01IAB';
const ADA = '005Hs00000Rep01IAB';
const GRACE = '005Hs00000Rep02IAB';
const BO = '005Hs00000Rep03IAB';

describe('c-sales-goals', () => {
    afterEach(() => {
        resetDom();
    });

    it('shows a spinner while loading', async () => {
        const element = mountCard();
        await flush();
        expect(maybe(element, 'lightning-spinner')).not.toBeNull();
        expect(maybe(element, 'c-sales-goal-funnel')).toBeNull();
    });

    it('shows the Apex error message instead of a blank card', async () => {
        const message = 'Stageplay could not load the sales goals: query failed';
        await apexErrorAlert(mountCard(), wire, message, [
            'Stageplay could not load the sales goals.',
            'query failed'
        ]);
    });

    it('says nothing is published yet, and how it gets published', async () => {
        const element = await render(EMPTY);
        expect(text(one(element, '[data-id="empty"]'))).toContain('stageplay snapshot');
        expect(maybe(element, 'c-sales-goal-funnel')).toBeNull();
        expect(maybe(element, '[data-notice]')).toBeNull();
    });

    it('says which rows the user’s access leaves out', async () => {
        const element = await render(NO_ACCESS);
        expect(all(element, '[data-notice]').map((n) => n.dataset.notice)).toEqual([
            'goalsHidden',
            'kpisHidden'
        ]);
        expect(maybe(element, '[data-id="empty"]')).not.toBeNull();
    });

    describe('the goal funnel', () => {
        it('names the period, the as-of date and the bottleneck with its rate against its target', async () => {
            const element = await render(MANAGER);
            expect(text(one(element, '[data-id="goals-heading"]'))).toBe(
                'FY2026-Q4 · figures as of 2026-11-15'
            );
            expect(text(one(element, '[data-id="bottleneck-summary"]'))).toBe(
                'The bottleneck is Qualify: 33% against a 50% target.'
            );
            expect(all(funnel(element), '[data-goal]').map((g) => g.dataset.goal)).toEqual([
                'Generate_Demand',
                'Qualify',
                'Propose',
                'Close'
            ]);
        });

        it('shows each rate with what it rests on, against target and history', async () => {
            const element = await render(MANAGER);
            // 18 converted, 36 lost: 18 / 54 = 33%, Wilson 95% 22.24%–46.64%; 33 − 50 = −17 points.
            expect(goal(element, 'Qualify', 'rate')).toBe('33%');
            expect(goal(element, 'Qualify', 'rests-on')).toBe('18 of 54 decided deals (95%: 22%–47%)');
            expect(goal(element, 'Qualify', 'target-text')).toBe('Target 50%');
            expect(goal(element, 'Qualify', 'gap')).toBe('17 pts below target');
            expect(goal(element, 'Qualify', 'history')).toBe('48% in the same quarter of 2 past years');
            // 80 entered − 54 decided = 26 still open.
            expect(goal(element, 'Qualify', 'flow')).toBe('80 entered · 18 converted · 36 lost · 26 open');
            expect(goal(element, 'Qualify', 'time-value')).toBe(
                'Median 14 days to convert · 540,000 created'
            );
            expect(goal(element, 'Qualify', 'bottleneck')).toBe('Bottleneck');
            expect(goal(element, 'Qualify', 'worth')).toBe(
                "Reaching its target is worth 186,000 more in bookings this quarter, carried through the later goals' conversion."
            );
            // No target: compared with its history, 54.55% − 58% = −3 points.
            expect(goal(element, 'Propose', 'target-text')).toBe('No target set');
            expect(goal(element, 'Propose', 'gap')).toBe('3 pts below history');
            // Above target: no gap shown, not the bottleneck.
            expect(maybe(funnel(element), '[data-goal="Generate_Demand"] [data-id="gap"]')).toBeNull();
            expect(maybe(funnel(element), '[data-goal="Generate_Demand"] [data-id="bottleneck"]')).toBeNull();
        });

        it('says "Not enough history" instead of a rate resting on fewer than ten decided deals', async () => {
            const element = await render(MANAGER);
            expect(goal(element, 'Close', 'rate')).toBe('Not enough history');
            expect(goal(element, 'Close', 'rests-on')).toBe('3 of 5 decided deals (fewer than 10)');
            expect(goal(element, 'Close', 'history')).toBe('No history for this quarter yet');
            expect(maybe(funnel(element), '[data-goal="Close"] [data-id="gap"]')).toBeNull();
        });
    });

    describe('a manager', () => {
        it('sees the team first: the totals, their own line, then the reps by name', async () => {
            const element = await render(MANAGER);
            expect(one(element, '[data-value="team"]').getAttribute('aria-pressed')).toBe('true');
            expect(text(one(reps(element), '[data-id="caption"]'))).toBe('Your team');
            expect(repKeys(element)).toEqual(['team', MAYA, ADA, BO, GRACE]);
            expect(repCell(element, 'team', 'name')).toBe('Team');
            expect(maybe(reps(element), '[data-rep="team"] [data-id="tag"]')).toBeNull();
            expect(repCell(element, MAYA, 'tag')).toBe('You');
            expect(maybe(reps(element), `[data-rep="${ADA}"] [data-id="tag"]`)).toBeNull();
        });

        it('says "No quota" and "Not enough history" instead of numbers resting on nothing', async () => {
            const element = await render(MANAGER);
            // Bo's whole line at once: every cell says why it has no number.
            expect(repLine(element, BO)).toEqual({
                attainment: ['No quota', '0 booked'],
                forecastAttainment: 'No quota',
                coverage: 'No quota',
                winRate: ['Not enough history', 'of 6 closed deals (fewer than 10)'],
                sizeCycleVelocity: ['No won deal', 'No cycle yet', 'No velocity yet'],
                adoption: [
                    'Logins not readable · last login unknown',
                    '4 opportunities created · no activity data',
                    'No stage move to judge · 1 stale · 2 past close date'
                ]
            });
        });

        it('switches to their own line and back', async () => {
            const element = await render(MANAGER);
            one(element, '[data-value="mine"]').click();
            await flush();
            expect(one(element, '[data-value="mine"]').getAttribute('aria-pressed')).toBe('true');
            expect(text(one(reps(element), '[data-id="caption"]'))).toBe('Your line');
            expect(repKeys(element)).toEqual([MAYA]);
            one(element, '[data-value="team"]').click();
            await flush();
            expect(repKeys(element)).toHaveLength(5);
        });
    });

    describe('a rep', () => {
        it('sees their own line with what each number rests on, and no team switch', async () => {
            const element = await render(REP);
            expect(maybe(element, '[data-id="toggle"]')).toBeNull();
            expect(text(one(reps(element), '[data-id="caption"]'))).toBe('Your line');
            expect(repKeys(element)).toEqual([GRACE]);
            expect(repCell(element, GRACE, 'tag')).toBe('You');
            expect(repLines(element, GRACE, 'attainment')).toEqual(['37% of 300,000', '111,000 booked']);
            expect(repCell(element, GRACE, 'forecast-attainment')).toBe('58%');
            // 300,000 − 111,000 = 189,000 left; coverage 64.9%.
            expect(repCell(element, GRACE, 'coverage')).toBe('65% of the 189,000 left');
            // 25% of 36 = 9 won; Wilson 95% for 9 of 36: 13.75%–41.07%.
            expect(repLines(element, GRACE, 'win-rate')).toEqual([
                '25%',
                'of 36 closed deals (95%: 14%–41%)'
            ]);
            expect(repLines(element, GRACE, 'size-cycle-velocity')).toEqual([
                '27,750 per won deal',
                '52 days cycle',
                '610 per day'
            ]);
            expect(repLines(element, GRACE, 'adoption')).toEqual([
                '9 logins · last 2026-11-03',
                '8 opportunities created · 40 of 97 activities done',
                '55% of stage moves captured on time · 5 stale · 3 past close date'
            ]);
        });
    });

    describe('accessibility', () => {
        /** The manager's own line: the team switch pressed the other way. */
        async function managersOwnLine(): Promise<HTMLElement> {
            const element = await render(MANAGER);
            one(element, '[data-value="mine"]').click();
            await flush();
            return element;
        }
        async function loading(): Promise<HTMLElement> {
            const element = mountCard();
            await flush();
            return element;
        }

        it.each([
            ['for a manager (team)', () => render(MANAGER)],
            ['on the manager’s own line', managersOwnLine],
            ['for a rep', () => render(REP)],
            ['with nothing published', () => render(EMPTY)],
            ['without access', () => render(NO_ACCESS)],
            ['loading', loading],
            ['showing an Apex error', () => apexErrorAlert(mountCard(), wire, 'query failed')]
        ])('is accessible %s', async (_state, show) => {
            await expect(await show()).toBeAccessible();
        });
    });
});
