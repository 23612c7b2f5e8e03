import type { ApexSalesGoalsContext } from '@salesforce/apex/SalesGoalsController.getSalesGoals';
import { TEAM_OWNER_ID, toGoalResult, toRepKpi } from 'c/stageplayApex';
import MANAGER_JSON from '../../salesGoals/__tests__/data/getSalesGoals.manager.json';

const MANAGER: ApexSalesGoalsContext = MANAGER_JSON;

describe('published goals and KPIs read back into the core’s shapes', () => {
    it('turns Salesforce percents into fractions once, and the interval into a pair', () => {
        const qualify = toGoalResult(MANAGER.goals[1]);
        expect(qualify.conversionRate).toBeCloseTo(0.3333, 6);
        expect(qualify.conversionInterval95).toEqual([0.2224, 0.4664]);
        expect(qualify.target).toBe(0.5);
        expect(qualify.historyRate).toBe(0.48);
        expect(qualify.bottleneck).toBe(true);
        expect(qualify.worthInBookings).toBe(186000);
        expect(qualify.order).toBe(2);
    });

    it('keeps a missing rate, target or history null, never 0', () => {
        const close = toGoalResult({ ...MANAGER.goals[3], conversionRate: null, conversionLow: null });
        expect(close.conversionRate).toBeNull();
        expect(close.conversionInterval95).toBeNull();
        expect(close.historyRate).toBeNull();
        expect(toGoalResult(MANAGER.goals[2]).target).toBeNull();
    });

    it('reads a row without a rep as the team totals, and a rep without quota as no quota', () => {
        const [team, , , , bo] = MANAGER.reps.map(toRepKpi);
        expect(team.ownerId).toBe(TEAM_OWNER_ID);
        expect(team.attainment).toBe(0.36);
        expect(team.coverage).toBeCloseTo(1.184, 6);
        expect(bo.quota).toBeNull();
        expect(bo.quotaSource).toBeNull();
        expect(bo.attainment).toBeNull();
        expect(bo.adoption.logins).toBeNull();
        expect(bo.adoption.activitiesDue).toBeNull();
        expect(bo.adoption.opportunitiesCreated).toBe(4);
    });

    it('accepts only the quota sources the core knows', () => {
        expect(toRepKpi(MANAGER.reps[1]).quotaSource).toBe('Stageplay_Quota__c');
        expect(toRepKpi({ ...MANAGER.reps[1], quotaSource: 'Spreadsheet' }).quotaSource).toBeNull();
    });
});
