/**
 * Reading what the KPIs and adoption need from an org (src/org/readPerformance.ts): quotas from
 * Stageplay_Quota__c when ForecastingQuota is not available (the stand-in has no Collaborative
 * Forecasts), last logins, LoginHistory, tasks and events, each row through the ledger.
 */
import type { Connection } from 'jsforce';
import path from 'node:path';
import { forecastPeriodMonths, readOrgPerformance } from '../src/org';
import { defaultRetryPolicy } from '../src/org/http';
import { loadProcessFromSource } from '../src/metadata/loadProcess';
import { DataQualityLedger } from '../src/records/ledger';
import { RecordTranslator } from '../src/records/translate';
import { ORG_SOURCES } from '../src/org/readDataset';
import { StandinOrg } from './standin/standinOrg';
import { jsforceConnection } from './standin/testing';

const metadataRoot = path.resolve(__dirname, '..', 'force-app', 'main', 'default');
const NOW = new Date('2026-05-15T12:00:00.000Z');

describe('readOrgPerformance', () => {
    let org: StandinOrg;
    let conn: Connection;
    let reps: string[];

    beforeAll(async () => {
        org = await StandinOrg.start({ bulkPollsUntilComplete: 1 });
        conn = jsforceConnection(org);
        reps = org.seed('User', [
            {
                LastName: 'Ann',
                Username: 'ann@x.test',
                IsActive: true,
                LastLoginDate: '2026-05-14T08:00:00.000Z'
            },
            { LastName: 'Bob', Username: 'bob@x.test', IsActive: true }
        ]);
        org.seed('Stageplay_Quota__c', [
            {
                Name: 'Ann Q2',
                Rep__c: reps[0],
                Period_Start__c: '2026-04-01',
                Period_End__c: '2026-06-30',
                Amount__c: 600,
                Quota_Key__c: `${reps[0]}|2026-04-01`
            },
            {
                Name: 'Bob Q2',
                Rep__c: reps[1],
                Period_Start__c: '2026-04-01',
                Period_End__c: '2026-06-30',
                Amount__c: 300,
                Quota_Key__c: `${reps[1]}|2026-04-01`
            },
            // Ends before it starts: rejected, with why.
            {
                Name: 'Bad',
                Rep__c: reps[1],
                Period_Start__c: '2026-07-01',
                Period_End__c: '2026-06-30',
                Amount__c: 300,
                Quota_Key__c: `${reps[1]}|2026-07-01`
            }
        ]);
        org.seed('LoginHistory', [
            { UserId: reps[0], LoginTime: '2026-05-14T08:00:00.000Z', Status: 'Success' },
            { UserId: reps[1], LoginTime: '2026-05-02T08:00:00.000Z', Status: 'Invalid Password' }
        ]);
        org.seed('Task', [
            {
                OwnerId: reps[0],
                Subject: 'Call',
                Status: 'Completed',
                IsClosed: true,
                ActivityDate: '2026-05-10'
            },
            {
                OwnerId: reps[0],
                Subject: 'Follow up',
                Status: 'Not Started',
                IsClosed: false,
                ActivityDate: '2026-05-12'
            }
        ]);
        org.seed('Event', [
            {
                OwnerId: reps[1],
                Subject: 'Demo',
                ActivityDate: '2026-05-05',
                EndDateTime: '2026-05-05T15:00:00.000Z'
            }
        ]);
    });
    afterAll(async () => {
        await org.stop();
    });

    it('falls back to Stageplay_Quota__c, says why, and reads logins, tasks and events through the ledger', async () => {
        const ledger = new DataQualityLedger();
        const translator = new RecordTranslator(
            await loadProcessFromSource(metadataRoot),
            ledger,
            ORG_SOURCES,
            { now: NOW }
        );
        const performance = await readOrgPerformance(conn, translator, defaultRetryPolicy, {
            pollIntervalMs: 1,
            now: NOW
        });

        expect(performance.quotaSource).toBe('Stageplay_Quota__c');
        expect(performance.missing.ForecastingQuota).toMatch(
            /not readable by this user or not in the org.*Stageplay_Quota__c is used/
        );
        expect(performance.quotas).toEqual([
            {
                ownerId: reps[0],
                periodStart: '2026-04-01',
                periodEnd: '2026-06-30',
                amount: 600,
                source: 'Stageplay_Quota__c'
            },
            {
                ownerId: reps[1],
                periodStart: '2026-04-01',
                periodEnd: '2026-06-30',
                amount: 300,
                source: 'Stageplay_Quota__c'
            }
        ]);
        const quality = ledger.summarize({ opportunity: 'Opportunity', stageHistory: 'OpportunityHistory' });
        expect(quality.sources.find((s) => s.source === 'Stageplay_Quota__c')).toMatchObject({
            read: 3,
            accepted: 2,
            rejected: 1
        });
        expect(ledger.problems.find((p) => p.source === 'Stageplay_Quota__c')?.message).toMatch(
            /Period_End__c: 2026-06-30 is before/
        );

        expect(performance.lastLogins).toEqual({ [reps[0]]: '2026-05-14T08:00:00.000Z' });
        // The failed login is read but is no login.
        expect(performance.logins).toEqual([{ userId: reps[0], at: '2026-05-14T08:00:00.000Z' }]);
        expect(performance.activities).toEqual(
            expect.arrayContaining([
                { ownerId: reps[0], kind: 'task', dueDate: '2026-05-10', completed: true },
                { ownerId: reps[0], kind: 'task', dueDate: '2026-05-12', completed: false },
                { ownerId: reps[1], kind: 'event', dueDate: '2026-05-05', completed: true }
            ])
        );
        expect(performance.activities).toHaveLength(3);
    });
});

describe('forecastPeriodMonths', () => {
    it("reads ForecastingQuota periods as quarters or months from the gaps between an owner's quotas", () => {
        const quarterly = ['2026-01-01', '2026-04-01', '2026-07-01'].map((start) => ({
            ownerId: 'A',
            start
        }));
        expect(forecastPeriodMonths(quarterly)).toBe(3);
        const monthly = ['2026-01-01', '2026-02-01', '2026-03-01'].map((start) => ({ ownerId: 'A', start }));
        expect(forecastPeriodMonths(monthly)).toBe(1);
        expect(forecastPeriodMonths([{ ownerId: 'A', start: '2026-01-01' }])).toBe(1);
    });
});
