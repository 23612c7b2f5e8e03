/**
 * The edge between Salesforce's shapes and the core's (stageplayApex.ts) and the error reader
 * (errors.ts): the conversions every number on the card depends on.
 */
import {
    fieldValue,
    toBenchmarks,
    toFieldInfo,
    toForecastCategory,
    toOpportunityRecord,
    toProcessDefinition,
    toStageHistory
} from '../stageplayApex';
import { reduceErrors } from '../errors';
import { buildForToday } from '../buildForToday';
import { PageRefresh } from '../refresh';
// Test helpers of the Jest stand-in (force-app/test/jest-mocks/lightning/refresh.js).
// @ts-expect-error not part of the platform module's types
import { registeredRefreshHandlers, triggerRefresh } from 'lightning/refresh';
import type { ApexProcessContext } from '@salesforce/apex/DealHealthController.getProcessContext';
import type { RecordRepresentation } from 'lightning/uiRecordApi';
import type { StageBenchmark } from 'c/stageplayCore';
import CONTEXT from '../../dealHealth/__tests__/data/getProcessContext.json';
import RECORD from '../../dealHealth/__tests__/data/getRecord.json';
import { SHIPPED_STAGE_NAMES } from '../../../../../test/jest-helpers/shippedStages';
import { FORECAST_CATEGORY_READINGS } from '../../stageplayCore/__tests__/forecastCategoryReadings';

// The fixtures are what Apex and LDS send; typing them here checks them against the declarations.
const context: ApexProcessContext = CONTEXT;
const record: RecordRepresentation = RECORD;

describe('stageplayApex', () => {
    it.each(FORECAST_CATEGORY_READINGS)(
        'reads the forecast category %j as %j, as the core does',
        (text, category) => {
            expect(toForecastCategory(text)).toBe(category);
        }
    );

    it('maps Schema.DisplayType names to the field types the core buckets by', () => {
        const base = {
            apiName: 'X__c',
            exists: true,
            label: 'X',
            picklistValues: ['A', 'B'],
            isAccessible: true,
            isUpdateable: true
        };
        expect(toFieldInfo({ ...base, type: 'DOUBLE' }).type).toBe('number');
        expect(toFieldInfo({ ...base, type: 'BOOLEAN' }).type).toBe('boolean');
        expect(toFieldInfo({ ...base, type: 'MULTIPICKLIST' })).toEqual({
            apiName: 'X__c',
            label: 'X',
            type: 'multipicklist',
            picklistValues: ['A', 'B']
        });
        expect(toFieldInfo({ ...base, type: 'STRING' })).toEqual({
            apiName: 'X__c',
            label: 'X',
            type: 'text'
        });
        expect(toFieldInfo({ ...base, type: 'EMAIL' }).type).toBe('text');
    });

    it('builds the process: stages as fractions in sort order, parameters carrying their play stage', () => {
        const shuffled = { ...context, stages: [...context.stages].reverse() };
        const process = toProcessDefinition(shuffled);
        expect(process.stages.map((s) => s.name)).toEqual(SHIPPED_STAGE_NAMES);
        expect(process.stages[2]).toMatchObject({ probability: 0.5, forecastCategory: 'Best Case' });
        const metric = process.parameters.find((p) => p.name === 'Problem_Metric')!;
        expect(metric).toMatchObject({
            play: 'Diagnose_Problem',
            stage: 'Discovery',
            field: 'Problem_Metric__c',
            rule: 'not blank'
        });
        expect(Object.keys(process.fields)).toHaveLength(context.fields.length);
    });

    it('drops a parameter whose play does not exist and a field that does not exist', () => {
        const broken = {
            ...context,
            parameters: [
                ...context.parameters,
                { ...context.parameters[0], developerName: 'Orphan', play: 'No_Such_Play' }
            ],
            fields: context.fields.map((f) =>
                f.apiName === 'Problem_Metric__c' ? { ...f, exists: false } : f
            )
        };
        const process = toProcessDefinition(broken);
        expect(process.parameters.map((p) => p.name)).not.toContain('Orphan');
        expect(process.fields.Problem_Metric__c).toBeUndefined();
    });

    it('reads the benchmark rows back, with the fit time, damping and the largest stage cohort as deal count', () => {
        const { benchmarks, problems } = toBenchmarks(context.benchmarks);
        expect(problems).toEqual([]);
        const stagePayloads = context.benchmarks
            .filter((b) => b.kind === 'Stage')
            .map((b) => JSON.parse(b.payload ?? 'null') as StageBenchmark);
        expect(benchmarks!.stages).toEqual(stagePayloads);
        expect(benchmarks!.parameters).toHaveLength(context.benchmarks.length - stagePayloads.length);
        expect(benchmarks!.fittedAt).toBe('2026-11-20T06:00:00.000Z');
        expect(benchmarks!.damping).toBe(context.benchmarks[0].damping);
        expect(benchmarks!.dealCount).toBe(Math.max(...stagePayloads.map((s) => s.reached)));
    });

    it('returns no benchmarks for no rows, and names each row it cannot read', () => {
        expect(toBenchmarks([])).toEqual({ benchmarks: null, problems: [] });
        const rows = [
            {
                key: 'Discovery|*',
                kind: 'Stage',
                stage: 'Discovery',
                parameter: null,
                payload: null,
                fittedAt: null,
                damping: 1
            },
            {
                key: 'Discovery|X',
                kind: 'Parameter',
                stage: 'Discovery',
                parameter: 'X',
                payload: '{"stage":"Discovery"}',
                fittedAt: null,
                damping: 1
            }
        ];
        expect(toBenchmarks(rows).problems.map((p) => p.message)).toEqual([
            'Benchmark Discovery|* was skipped: it has no payload.',
            'Benchmark Discovery|X was skipped: its payload is not a Parameter benchmark.'
        ]);
    });

    it('turns history percentages into fractions and API forecast categories into labels', () => {
        const rows = toStageHistory(record.id, context.history);
        expect(rows[0]).toEqual({
            opportunityId: record.id,
            stageName: 'Prospecting',
            createdDate: '2026-09-02T14:05:00.000Z',
            amount: 84000,
            closeDate: '2026-11-30',
            probability: 0.1,
            forecastCategory: 'Pipeline'
        });
    });

    it('reads the record as the core sees it, leaving out fields the user cannot read', () => {
        const partial = { ...record, fields: { ...record.fields } };
        delete partial.fields.Problem_Metric__c;
        const opportunity = toOpportunityRecord(partial, [
            'Current_Problem__c',
            'Problem_Metric__c',
            'Pain_Felt_By__c'
        ]);
        expect(opportunity).toMatchObject({
            id: record.id,
            stageName: 'Discovery',
            probability: 0.45,
            amount: 84000,
            closeDate: '2027-01-29',
            forecastCategory: 'Pipeline',
            isClosed: false,
            isWon: false
        });
        expect(opportunity.fields).toEqual({
            Current_Problem__c: record.fields.Current_Problem__c.value,
            Pain_Felt_By__c: 'Finance;Operations'
        });
        expect(fieldValue(partial, 'Problem_Metric__c')).toBeUndefined();
        expect(fieldValue(partial, 'Alternatives_Considered__c')).toBeNull();
    });
});

describe('reduceErrors', () => {
    it('reads Apex, UI API and JavaScript errors, each message once', () => {
        expect(reduceErrors({ body: { message: 'Opportunity 006 was not found.' }, status: 500 })).toEqual([
            'Opportunity 006 was not found.'
        ]);
        expect(
            reduceErrors({
                body: {
                    message: 'Bad Request',
                    output: { errors: [{ message: 'A' }], fieldErrors: { Amount: [{ message: 'B' }] } }
                }
            })
        ).toEqual(['A', 'B']);
        expect(reduceErrors({ body: [{ message: 'X' }, { message: 'X' }, { message: 'Y' }] })).toEqual([
            'X',
            'Y'
        ]);
        expect(reduceErrors({ body: { pageErrors: [{ message: 'Insufficient access' }] } })).toEqual([
            'Insufficient access'
        ]);
        expect(reduceErrors(new TypeError('boom'))).toEqual(['boom']);
        expect(reduceErrors([{ statusText: 'Server Error' }, 'plain'])).toEqual(['Server Error', 'plain']);
        expect(reduceErrors(null)).toEqual([]);
    });
});

describe('buildForToday', () => {
    it("passes today's UTC date to the build and returns its model", () => {
        const now = jest.spyOn(Date, 'now').mockReturnValue(Date.parse('2026-03-31T23:30:00Z'));
        try {
            expect(buildForToday('Deal health', (today) => `model for ${today}`)).toEqual({
                model: 'model for 2026-03-31',
                buildError: null
            });
        } finally {
            now.mockRestore();
        }
    });

    it('turns an exception into a message naming what could not be computed', () => {
        const built = buildForToday('Account health', () => {
            throw new Error('no stages');
        });
        expect(built).toEqual({ model: null, buildError: 'Account health could not be computed: no stages' });
    });
});

describe('PageRefresh', () => {
    it('holds one registration from connect to disconnect, and the page refresh reaches the handler', async () => {
        const before = registeredRefreshHandlers();
        const handler = jest.fn(() => Promise.resolve(true));
        const refresh = new PageRefresh(handler);
        refresh.connect(new EventTarget(), null);
        expect(registeredRefreshHandlers()).toBe(before + 1);
        await triggerRefresh();
        expect(handler).toHaveBeenCalledTimes(1);
        refresh.disconnect();
        refresh.disconnect();
        expect(registeredRefreshHandlers()).toBe(before);
    });
});
