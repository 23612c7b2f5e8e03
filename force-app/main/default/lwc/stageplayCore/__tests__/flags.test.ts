import { buildDealPaths } from '../history';
import { dateFlagFacts, flagDeals } from '../flags';
import type { Benchmarks, DealFlag, DealPath, OpportunityRecord } from '../types';
import { benchmarks, opportunity, sampleProcess, stageBenchmark, stageRow } from './fixtures';

describe('flagDeals', () => {
    const AS_OF = '2026-06-01';
    const GOOD = {
        Org_Size__c: 150,
        Reception__c: 'Positive',
        Pain_Metric__c: 'Churn 5%',
        Demo_Done__c: true
    };

    /** An open deal with its history: `[stage, date, closeDate?]` steps. */
    function openPath(
        id: string,
        steps: Array<[string, string, string?]>,
        overrides: Partial<OpportunityRecord> = {}
    ): DealPath {
        const last = steps[steps.length - 1];
        const deal = opportunity({
            id,
            stageName: last[0],
            closeDate: last[2] ?? '2026-06-30',
            createdDate: `${steps[0][1]}T09:00:00.000Z`,
            fields: GOOD,
            ...overrides
        });
        const rows = steps.map(([stage, date, closeDate]) =>
            stageRow(id, stage, `${date}T09:00:00.000Z`, { closeDate: closeDate ?? '2026-06-30' })
        );
        return buildDealPaths(sampleProcess(), [deal], rows, [])[0];
    }

    /** A deal `name` that moved from Prospecting into Discovery on the two dates, one of its GOOD answers changed. */
    function intoDiscovery(
        id: string,
        name: string,
        [prospecting, discovery]: [string, string],
        answer: OpportunityRecord['fields']
    ): DealPath {
        const steps: Array<[string, string]> = [
            ['Prospecting', prospecting],
            ['Discovery', discovery]
        ];
        return openPath(id, steps, { name, fields: { ...GOOD, ...answer } });
    }

    const flagsOf = (paths: DealPath[], bench: Benchmarks | null = null) =>
        flagDeals(sampleProcess(), bench, paths, AS_OF);

    it('raises nothing for a deal in good order', () => {
        expect(
            flagsOf([
                openPath('OK', [
                    ['Prospecting', '2026-05-20'],
                    ['Discovery', '2026-05-25']
                ])
            ])
        ).toEqual([]);
    });

    /**
     * One open deal in each row, raising exactly one flag: the whole flag, message, evidence and units,
     * for each kind a deal can show on its own.
     */
    const ONE_FLAG_CASES: ReadonlyArray<{
        title: string;
        id: string;
        steps: Array<[string, string, string?]>;
        overrides: Partial<OpportunityRecord>;
        flag: DealFlag;
    }> = [
        {
            title: 'flags a deal that left a stage without a required answer (padded, high)',
            id: 'P1',
            steps: [
                ['Prospecting', '2026-05-20'],
                ['Discovery', '2026-05-25']
            ],
            overrides: { name: 'Acme', fields: { ...GOOD, Org_Size__c: null } },
            flag: {
                dealId: 'P1',
                kind: 'padded',
                severity: 'high',
                message: 'Acme left Prospecting although the required "Org Size" is blank.',
                evidence: {
                    parameter: 'Org_Size',
                    field: 'Org_Size__c',
                    value: null,
                    rule: '>= 100',
                    outcome: 'blank',
                    parameterStage: 'Prospecting',
                    currentStage: 'Discovery',
                    daysInStage: 7,
                    medianDaysInStage: null
                },
                units: {
                    parameter: 'text',
                    field: 'text',
                    value: 'answer',
                    rule: 'rule',
                    outcome: 'outcome',
                    parameterStage: 'stage',
                    currentStage: 'stage',
                    daysInStage: 'days',
                    medianDaysInStage: 'days'
                }
            }
        },
        {
            title: 'flags a jump over a stage the deal never visited',
            id: 'P3',
            steps: [
                ['Prospecting', '2026-05-20'],
                ['Proposal', '2026-05-25']
            ],
            overrides: { name: 'Initech' },
            flag: {
                dealId: 'P3',
                kind: 'skippedStage',
                severity: 'medium',
                message: 'Initech went from Prospecting to Proposal, skipping Discovery.',
                evidence: {
                    from: 'Prospecting',
                    to: 'Proposal',
                    skipped: 'Discovery',
                    at: '2026-05-25T09:00:00.000Z'
                },
                units: { from: 'stage', to: 'stage', skipped: 'stage', at: 'date' }
            }
        },
        {
            title: 'flags a close date pushed out twice',
            id: 'P4',
            steps: [
                ['Prospecting', '2026-05-01', '2026-06-10'],
                ['Prospecting', '2026-05-10', '2026-06-20'],
                ['Prospecting', '2026-05-15', '2026-06-25']
            ],
            overrides: { name: 'Umbrella' },
            flag: {
                dealId: 'P4',
                kind: 'slipped',
                severity: 'medium',
                message:
                    "Umbrella's close date was pushed out 2 times, 15 days in total (from 2026-06-10 to 2026-06-25).",
                evidence: {
                    pushes: 2,
                    daysPushed: 15,
                    firstCloseDate: '2026-06-10',
                    closeDate: '2026-06-25',
                    lastPushAt: '2026-05-15T09:00:00.000Z'
                },
                units: {
                    pushes: 'count',
                    daysPushed: 'days',
                    firstCloseDate: 'date',
                    closeDate: 'date',
                    lastPushAt: 'date'
                }
            }
        },
        {
            title: 'flags a deal still open after its close date',
            id: 'P5',
            steps: [['Prospecting', '2026-05-01', '2026-05-15']],
            overrides: { name: 'Hooli' },
            flag: {
                dealId: 'P5',
                kind: 'pastCloseDate',
                severity: 'high',
                message: 'Hooli is still open 17 days after its close date of 2026-05-15.',
                evidence: { closeDate: '2026-05-15', asOf: AS_OF, daysPast: 17 },
                units: { closeDate: 'date', asOf: 'date', daysPast: 'days' }
            }
        },
        {
            title: 'flags a deal that has not moved for longer than the default 90 days',
            id: 'P6',
            steps: [['Prospecting', '2026-01-01']],
            overrides: { name: 'Stark' },
            flag: {
                dealId: 'P6',
                kind: 'stale',
                severity: 'medium',
                message:
                    'Stark has not changed stage for 151 days (in Prospecting since 2026-01-01); the default limit is 90 days.',
                evidence: {
                    stage: 'Prospecting',
                    since: '2026-01-01',
                    daysInStage: 151,
                    thresholdDays: 90,
                    thresholdSource: 'default'
                },
                units: {
                    stage: 'stage',
                    since: 'date',
                    daysInStage: 'days',
                    thresholdDays: 'days',
                    thresholdSource: 'text'
                }
            }
        },
        {
            title: 'flags a probability far from the stage’s',
            id: 'P7',
            steps: [['Prospecting', '2026-05-20']],
            overrides: { name: 'Wayne', probability: 0.5 },
            flag: {
                dealId: 'P7',
                kind: 'probabilityOverride',
                severity: 'low',
                message: 'Wayne is set to 50% while Prospecting stands at 10%.',
                evidence: { stage: 'Prospecting', dealProbability: 0.5, stageProbability: 0.1 },
                units: { stage: 'stage', dealProbability: 'probability', stageProbability: 'probability' }
            }
        }
    ];

    it.each(ONE_FLAG_CASES)('$title', ({ id, steps, overrides, flag }) => {
        expect(flagsOf([openPath(id, steps, overrides)])).toEqual([flag]);
    });

    it('leaves a probability near the stage’s alone', () => {
        const near = openPath('P7b', [['Prospecting', '2026-05-20']], { probability: 0.2 });
        expect(flagsOf([near])).toEqual([]);
    });

    it('names a failing answer and what the rule wanted', () => {
        const path = intoDiscovery('P1b', 'Acme', ['2026-05-20', '2026-05-25'], { Org_Size__c: 40 });
        const [flag] = flagsOf([path]);
        expect(flag.message).toBe(
            'Acme left Prospecting although the required "Org Size" is 40, which fails "at least 100".'
        );
        expect(flag.evidence).toMatchObject({ value: 40, outcome: 'fail' });
    });

    it('flags a required answer of the current stage only once the deal has sat there longer than usual (medium)', () => {
        const path = intoDiscovery('P2', 'Globex', ['2026-04-01', '2026-04-22'], { Pain_Metric__c: '' });
        expect(flagsOf([path])).toEqual([]);
        const history = benchmarks([
            stageBenchmark('Discovery', 40, 10, { medianDaysInStage: 20, p90DaysInStage: 60 })
        ]);
        const flags = flagsOf([path], history);
        expect(flags).toHaveLength(1);
        expect(flags[0]).toMatchObject({
            kind: 'padded',
            severity: 'medium',
            message:
                'Globex has been in Discovery for 40 days, longer than the 20 days won deals typically took, and the required "Pain Metric" is blank.',
            evidence: {
                field: 'Pain_Metric__c',
                daysInStage: 40,
                medianDaysInStage: 20,
                currentStage: 'Discovery'
            }
        });
    });

    it('does not count an inactive stage as skipped', () => {
        const process = sampleProcess();
        process.stages.find((s) => s.name === 'Discovery')!.isActive = false;
        const path = openPath('P3b', [
            ['Prospecting', '2026-05-20'],
            ['Proposal', '2026-05-25']
        ]);
        expect(flagDeals(process, null, [path], AS_OF)).toEqual([]);
    });

    it('flags one long push too, and both at once as high', () => {
        const once = openPath('P4b', [
            ['Prospecting', '2026-05-01', '2026-06-10'],
            ['Prospecting', '2026-05-10', '2026-07-20']
        ]);
        expect(flagsOf([once]).map((f) => [f.kind, f.severity, f.evidence.daysPushed])).toEqual([
            ['slipped', 'medium', 40]
        ]);
        const twice = openPath('P4c', [
            ['Prospecting', '2026-05-01', '2026-06-10'],
            ['Prospecting', '2026-05-10', '2026-07-20'],
            ['Prospecting', '2026-05-12', '2026-07-30']
        ]);
        expect(flagsOf([twice]).map((f) => [f.kind, f.severity])).toEqual([['slipped', 'high']]);
    });

    it('judges staleness by history when there is some', () => {
        const path = openPath('P6b', [['Prospecting', '2026-04-01']]);
        expect(flagsOf([path])).toEqual([]);
        const history = benchmarks([
            stageBenchmark('Prospecting', 40, 10, { medianDaysInStage: 14, p90DaysInStage: 30 })
        ]);
        const [flag] = flagsOf([path], history);
        expect(flag).toMatchObject({ kind: 'stale', evidence: { daysInStage: 61, thresholdDays: 30 } });
        expect(flag.message).toContain('90% of won deals moved on within 30 days');
    });

    it('leaves closed deals alone', () => {
        const path = openPath(
            'P8',
            [
                ['Prospecting', '2026-01-01', '2026-02-01'],
                ['Closed Lost', '2026-02-01', '2026-02-01']
            ],
            {
                isClosed: true,
                fields: {}
            }
        );
        expect(path.outcome).toBe('lost');
        expect(flagsOf([path])).toEqual([]);
    });
});

describe('dateFlagFacts', () => {
    const TODAY = '2026-06-01';
    const deal = (stageName: string, lastVisit: { stage: string; enteredAt: string } | null) => ({
        stageName,
        closeDate: '2026-05-31',
        createdDate: '2026-01-01T09:00:00.000Z',
        lastVisit
    });

    it('counts whole days from the day the deal entered its current stage', () => {
        const facts = dateFlagFacts(
            null,
            deal('Proposal', { stage: 'Proposal', enteredAt: '2026-03-02T23:00:00.000Z' }),
            TODAY
        );
        expect(facts).toEqual({
            enteredAt: '2026-03-02T23:00:00.000Z',
            daysInStage: 91,
            p90: null,
            threshold: 90,
            stale: true,
            pastClose: true
        });
    });

    it('falls back on the creation when the latest visit is of another stage', () => {
        const facts = dateFlagFacts(
            null,
            deal('Proposal', { stage: 'Prospecting', enteredAt: '2026-05-30T09:00:00.000Z' }),
            TODAY
        );
        expect(facts.enteredAt).toBe('2026-01-01T09:00:00.000Z');
        expect(facts.daysInStage).toBe(151);
        expect(dateFlagFacts(null, deal('Proposal', null), TODAY).daysInStage).toBe(151);
    });

    it('is stale only beyond the threshold, and past close only after the close day', () => {
        const at90 = deal('Proposal', { stage: 'Proposal', enteredAt: '2026-03-03T00:00:00.000Z' });
        expect(dateFlagFacts(null, at90, TODAY)).toMatchObject({ daysInStage: 90, stale: false });
        const history = stageBenchmark('Proposal', 40, 10, { p90DaysInStage: 89.5 });
        expect(dateFlagFacts(history, at90, TODAY)).toMatchObject({
            p90: 89.5,
            threshold: 89.5,
            stale: true
        });
        expect(dateFlagFacts(null, at90, '2026-05-31').pastClose).toBe(false);
    });

    it('says what flagDeals raises: the same stale and past-close verdicts', () => {
        const history = benchmarks([stageBenchmark('Prospecting', 40, 10, { p90DaysInStage: 30 })]);
        const paths = buildDealPaths(
            sampleProcess(),
            ['2026-01-10', '2026-04-20', '2026-05-25'].map((created, i) =>
                opportunity({
                    id: `D${i}`,
                    stageName: 'Prospecting',
                    closeDate: i === 1 ? '2026-06-30' : '2026-05-20',
                    createdDate: `${created}T09:00:00.000Z`
                })
            ),
            [],
            []
        );
        const raised = flagDeals(sampleProcess(), history, paths, TODAY);
        for (const path of paths) {
            const facts = dateFlagFacts(
                history.stages[0],
                {
                    stageName: path.deal.stageName,
                    closeDate: path.deal.closeDate,
                    createdDate: path.deal.createdDate,
                    lastVisit: path.visits[path.visits.length - 1]
                },
                TODAY
            );
            const kinds = raised.filter((f) => f.dealId === path.deal.id).map((f) => f.kind);
            expect(kinds.includes('stale')).toBe(facts.stale);
            expect(kinds.includes('pastCloseDate')).toBe(facts.pastClose);
        }
        expect(raised.filter((f) => f.kind === 'stale').map((f) => f.dealId)).toEqual(['D0', 'D1']);
        expect(raised.filter((f) => f.kind === 'pastCloseDate').map((f) => f.dealId)).toEqual(['D0', 'D2']);
    });
});
