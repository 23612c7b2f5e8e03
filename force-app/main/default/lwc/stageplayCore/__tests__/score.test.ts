import { fitBenchmarks } from '../fit';
import { RuleError } from '../rules';
import {
    closedDealAdjusted,
    dealProbabilities,
    overallHealth,
    parametersForDeal,
    scoreDeal,
    type ScorableDeal
} from '../score';
import { logit, seededUniform, sigmoid } from '../stats';
import type { Benchmarks } from '../types';
import { miniPaths, miniProcess, sampleProcess } from './fixtures';

const FIT = { fitDamping: false, minHistory: 1, fittedAt: '2026-06-01T00:00:00.000Z' };

/**
 * The hand-counted benchmarks with every bucket that has deals marked credible at its smoothed ratio,
 * so the scoring arithmetic can be checked by hand (six deals are far too few for the fit to call
 * anything credible on its own; see the tests below that use the fit as is).
 */
function asIfCredible(benchmarks: Benchmarks): Benchmarks {
    return {
        ...benchmarks,
        parameters: benchmarks.parameters.map((p) => ({
            ...p,
            buckets: p.buckets.map((b) =>
                b.won + b.lost > 0 ? { ...b, credible: true, shrunkRatio: b.likelihoodRatio } : b
            )
        }))
    };
}

function openDeal(
    stageName: string,
    fields: ScorableDeal['fields'],
    probability: number | null = null
): ScorableDeal {
    return { stageName, probability, isClosed: false, isWon: false, fields };
}

describe('scoreDeal', () => {
    const process = miniProcess();
    // Hand-counted in fit.test.ts: Qualify win rate 5/16 (thin: 6 deals); Budget pass LR 1.5;
    // Size > 150 LR 2; Wilson 3/6 = 0.1876 .. 0.8124.
    const counted = fitBenchmarks(process, miniPaths(), FIT);
    const fitted = asIfCredible(counted);

    it('uses the nominal probability without benchmarks, still judging each answer', () => {
        const score = scoreDeal(process, null, openDeal('Qualify', { Budget__c: true, Size__c: 50 }));
        expect(score).toMatchObject({
            stage: 'Qualify',
            status: 'noBenchmarks',
            nominal: 0.2,
            baseline: 0.2,
            adjusted: 0.2,
            adjustedLow: null,
            adjustedHigh: null,
            stageBenchmark: null,
            factors: []
        });
        expect(
            score.parameters.map((a) => [
                a.parameter.name,
                a.value,
                a.outcome,
                a.health,
                a.bucket,
                a.contribution
            ])
        ).toEqual([
            ['Budget', true, 'pass', 'good', null, 0],
            ['Size', 50, 'fail', 'failing', null, 0]
        ]);
    });

    it('moves the shrunk stage win rate by each answer’s likelihood ratio (thin history)', () => {
        const score = scoreDeal(process, fitted, openDeal('Qualify', { Budget__c: true, Size__c: 200 }));
        // odds(5/16) = 5/11; × 1.5 (budget) × 2 (size > 150) = 15/11 → p = 15/26.
        expect(score.status).toBe('thinHistory');
        expect(score.baseline).toBeCloseTo(5 / 16, 12);
        expect(score.adjusted).toBeCloseTo(15 / 26, 12);
        expect(score.factors.map((f) => [f.parameter.name, f.bucket?.key])).toEqual([
            ['Size', 'bin:3'],
            ['Budget', 'pass']
        ]);
        expect(score.factors[0].contribution).toBeCloseTo(Math.log(2), 12);
        // The stage's Wilson bounds, shifted by the same log-odds (ln 3).
        expect(score.adjustedLow).toBeCloseTo(sigmoid(logit(0.18762) + Math.log(3)), 4);
        expect(score.adjustedHigh).toBeCloseTo(sigmoid(logit(0.81238) + Math.log(3)), 4);
        expect(score.stageBenchmark?.reached).toBe(6);
    });

    it('lowers the odds for answers that went with lost deals', () => {
        const score = scoreDeal(process, fitted, openDeal('Qualify', { Budget__c: false, Size__c: null }));
        // odds 5/11 × 0.5 (budget fails) = 5/22 → p = 5/27. Size is blank in the stage the deal is in:
        // not asked yet, which is not what "left the stage blank" (LR 0.5) measured, so it moves nothing.
        expect(score.adjusted).toBeCloseTo(5 / 27, 12);
        expect(score.parameters.find((a) => a.parameter.name === 'Size')!.contribution).toBe(0);
        expect(score.adjusted).toBeLessThan(score.baseline);
    });

    it('is ok once the stage has enough closed deals', () => {
        const loose = fitBenchmarks(process, miniPaths(), { ...FIT, minDeals: 6 });
        expect(scoreDeal(process, loose, openDeal('Qualify', {})).status).toBe('ok');
    });

    it('damps every contribution by the fitted damping', () => {
        const damped: Benchmarks = { ...fitted, damping: 0.5 };
        const score = scoreDeal(process, damped, openDeal('Qualify', { Budget__c: true, Size__c: 90 }));
        // Size 90 falls in 80 – 120 (LR 0.5): 0.5·ln 1.5 + 0.5·ln 0.5 = 0.5·ln 0.75.
        expect(score.parameters.map((a) => a.contribution)).toEqual([
            expect.closeTo(0.5 * Math.log(1.5), 12),
            expect.closeTo(0.5 * Math.log(0.5), 12)
        ]);
        expect(score.adjusted).toBeCloseTo(sigmoid(logit(5 / 16) + 0.5 * Math.log(0.75)), 12);
    });

    it('ignores parameter benchmarks without evidence', () => {
        const silent: Benchmarks = {
            ...fitted,
            parameters: fitted.parameters.map((p) => (p.parameter === 'Size' ? { ...p, status: 'none' } : p))
        };
        const score = scoreDeal(process, silent, openDeal('Qualify', { Budget__c: true, Size__c: 200 }));
        expect(score.parameters[1].bucket?.key).toBe('bin:3');
        expect(score.parameters[1].contribution).toBe(0);
        expect(score.adjusted).toBeCloseTo(sigmoid(logit(5 / 16) + Math.log(1.5)), 12);
    });

    it('lists the current stage’s parameters first, then earlier stages’', () => {
        const score = scoreDeal(process, fitted, openDeal('Propose', { Tier__c: 'Gold' }));
        expect(score.parameters.map((a) => a.parameter.name)).toEqual(['Tier', 'Budget', 'Size']);
        expect(parametersForDeal(sampleProcess(), 'Discovery').map((p) => p.name)).toEqual([
            'Pain_Metric',
            'Org_Size',
            'Reception'
        ]);
    });

    it('follows a process whose parameters change, and each benchmarks scored in turn', () => {
        // Scoring resolves the stage's parameters once per process and stage, and their benchmarks once
        // per benchmarks: replacing or growing the arrays, or alternating benchmarks, must show.
        const changing = miniProcess();
        const deal = openDeal('Propose', { Tier__c: 'Gold', Budget__c: true, Size__c: 90 });
        const names = () => parametersForDeal(changing, 'Propose').map((p) => p.name);
        expect(names()).toEqual(['Tier', 'Budget', 'Size']);
        const listed = parametersForDeal(changing, 'Propose');
        listed.pop();
        expect(names()).toEqual(['Tier', 'Budget', 'Size']);
        changing.parameters = changing.parameters.filter((p) => p.name !== 'Budget');
        expect(names()).toEqual(['Tier', 'Size']);
        expect(scoreDeal(changing, fitted, deal).parameters.map((a) => a.parameter.name)).toEqual([
            'Tier',
            'Size'
        ]);
        changing.parameters.push({
            ...process.parameters.find((p) => p.name === 'Budget')!,
            name: 'Budget2'
        });
        expect(names()).toEqual(['Tier', 'Budget2', 'Size']);

        // `counted` has no credible bucket, `fitted` has: the adjusted probability differs between them.
        for (const benchmarks of [counted, fitted, null, fitted, counted]) {
            expect(scoreDeal(process, benchmarks, deal)).toEqual(scoreDeal(miniProcess(), benchmarks, deal));
        }
        expect(scoreDeal(process, fitted, deal).adjusted).not.toBe(
            scoreDeal(process, counted, deal).adjusted
        );
    });

    it('reports closed deals as decided', () => {
        const won = scoreDeal(process, fitted, {
            stageName: 'Won',
            probability: 1,
            isClosed: true,
            isWon: true,
            fields: {}
        });
        expect(won).toMatchObject({
            status: 'closed',
            adjusted: 1,
            baseline: 1,
            adjustedLow: null,
            factors: []
        });
        const lost = scoreDeal(process, fitted, {
            stageName: 'Lost',
            probability: 0,
            isClosed: true,
            isWon: false,
            fields: {}
        });
        expect(lost).toMatchObject({ status: 'closed', adjusted: 0 });
        expect(lost.parameters.every((a) => a.contribution === 0)).toBe(true);
    });

    it('gives a closed deal the probability scoreDeal gives it, without assessing its answers', () => {
        // Closed in a won, a lost and an open stage, in a stage the process does not know (own probability
        // or none), won or lost: closedDealAdjusted is what scoreDeal's adjusted says for each.
        for (const stageName of ['Won', 'Lost', 'Qualify', 'Mystery'])
            for (const probability of [0.3, null])
                for (const isWon of [true, false]) {
                    const deal = {
                        stageName,
                        probability,
                        isClosed: true,
                        isWon,
                        fields: { Budget__c: true }
                    };
                    expect(closedDealAdjusted(process, deal)).toBe(scoreDeal(process, fitted, deal).adjusted);
                }
    });

    it('keeps the deal’s own probability for a stage the process does not know', () => {
        const score = scoreDeal(process, fitted, openDeal('Mystery', { Budget__c: true }, 0.3));
        expect(score).toMatchObject({
            stage: 'Mystery',
            status: 'unknownStage',
            nominal: 0.3,
            dealProbability: null,
            adjusted: 0.3,
            parameters: [],
            health: 'unknown'
        });
    });

    it('moves nothing on six deals as fitted: no answer is credible yet', () => {
        const score = scoreDeal(process, counted, openDeal('Qualify', { Budget__c: true, Size__c: 200 }));
        expect(score.adjusted).toBe(score.baseline);
        expect(score.factors).toEqual([]);
        expect(score.parameters.map((a) => a.evidence)).toEqual(['unclear', 'unclear']);
    });

    it('uses no benchmark below the minimum history, and says how much there is', () => {
        const strict = fitBenchmarks(process, miniPaths(), { ...FIT, minHistory: 30 });
        const score = scoreDeal(process, asIfCredible(strict), openDeal('Qualify', { Budget__c: true }));
        expect(score).toMatchObject({
            status: 'noBenchmarks',
            baseline: 0.2,
            adjusted: 0.2,
            historyDeals: 6,
            minimumDeals: 30,
            factors: []
        });
    });

    it('yields no benchmark from one closed deal', () => {
        const one = miniPaths()
            .filter((p) => p.outcome === 'won')
            .slice(0, 1);
        const fittedOnOne = fitBenchmarks(process, one, { fittedAt: 'x' });
        expect(fittedOnOne.dealCount).toBe(1);
        const score = scoreDeal(process, asIfCredible(fittedOnOne), openDeal('Qualify', { Budget__c: true }));
        expect(score.status).toBe('noBenchmarks');
        expect(score.adjusted).toBe(0.2);
    });

    it('never lets an answer no closed deal had move the odds', () => {
        const score = scoreDeal(process, fitted, openDeal('Propose', { Tier__c: null }));
        const tier = score.parameters.find((a) => a.parameter.name === 'Tier')!;
        expect(tier.bucket?.key).toBe('blank');
        expect(tier.evidence).toBe('none');
        expect(tier.contribution).toBe(0);
    });

    it('says the stage win rate stands when the strength is 0', () => {
        const off: Benchmarks = { ...fitted, damping: 0 };
        const score = scoreDeal(process, off, openDeal('Qualify', { Budget__c: true, Size__c: 200 }));
        expect(score.parametersNotPredictive).toBe(true);
        expect(score.adjusted).toBe(score.baseline);
        expect(score.factors).toEqual([]);
        expect(scoreDeal(process, fitted, openDeal('Qualify', {})).parametersNotPredictive).toBe(false);
    });

    it('says when an answer fails its rule although history says it wins more often than passing ones', () => {
        // Size ≤ 80 fails `>= 100`; mark that bin as judged against the rule by history (fit time).
        const disagreeing: Benchmarks = {
            ...fitted,
            parameters: fitted.parameters.map((p) =>
                p.parameter !== 'Size'
                    ? p
                    : {
                          ...p,
                          buckets: p.buckets.map((b) =>
                              b.key === 'bin:0' ? { ...b, ruleDisagrees: true } : b
                          )
                      }
            )
        };
        const score = scoreDeal(process, disagreeing, openDeal('Qualify', { Budget__c: true, Size__c: 50 }));
        const size = score.parameters.find((a) => a.parameter.name === 'Size')!;
        expect(size.outcome).toBe('fail');
        expect(size.ruleDisagrees).toBe(true);
        expect(score.parameters.find((a) => a.parameter.name === 'Budget')!.ruleDisagrees).toBe(false);
    });

    it('says so when no plays are configured', () => {
        const bare = { ...miniProcess(), parameters: [] };
        const score = scoreDeal(bare, fitBenchmarks(bare, miniPaths(), FIT), openDeal('Qualify', {}));
        expect(score.status).toBe('noPlays');
        expect(score.health).toBe('unknown');
        expect(score.adjusted).toBeCloseTo(5 / 16, 12);
    });

    it('shows the deal’s probability only when a rep overrode the stage’s', () => {
        expect(scoreDeal(process, null, openDeal('Qualify', {}, 0.2)).dealProbability).toBeNull();
        expect(scoreDeal(process, null, openDeal('Qualify', {}, 0.6)).dealProbability).toBe(0.6);
    });

    it('stops on a rule that does not parse', () => {
        const broken = miniProcess();
        broken.parameters[1].rule = 'maybe';
        expect(() => scoreDeal(broken, null, openDeal('Qualify', {}))).toThrow(RuleError);
    });
});

describe('deal health', () => {
    // Discovery weights: Pain_Metric 3 (required, current stage), Org_Size 2 (required, earlier),
    // Reception 1 (earlier).
    const process = sampleProcess();
    const health = (fields: ScorableDeal['fields']) =>
        scoreDeal(process, null, openDeal('Discovery', fields)).health;

    it('is healthy when nearly everything is answered well', () => {
        // Good: 3 + 2 of 6 = 0.83.
        expect(health({ Pain_Metric__c: 'Churn', Org_Size__c: 150, Reception__c: 'Negative' })).toBe(
            'healthy'
        );
    });

    it('is at risk in between', () => {
        // Good: 2 + 1 of 6 = 0.5.
        expect(health({ Pain_Metric__c: null, Org_Size__c: 150, Reception__c: 'Positive' })).toBe('atRisk');
    });

    it('is unhealthy when little is answered well', () => {
        // Good: 2 of 6 = 0.33.
        expect(health({ Pain_Metric__c: '', Org_Size__c: 150, Reception__c: 'Negative' })).toBe('unhealthy');
    });

    it('is unhealthy when a required answer of an earlier stage is missing, whatever the share', () => {
        // Good: 3 + 1 of 6 = 0.67, but Org_Size was required to leave Prospecting.
        expect(health({ Pain_Metric__c: 'Churn', Org_Size__c: null, Reception__c: 'Positive' })).toBe(
            'unhealthy'
        );
        expect(health({ Pain_Metric__c: 'Churn', Org_Size__c: 20, Reception__c: 'Positive' })).toBe(
            'unhealthy'
        );
    });

    it('counts answers equally when no weights are set, and is unknown without parameters', () => {
        const unweighted = { ...sampleProcess() };
        unweighted.parameters = unweighted.parameters.map((p) => ({ ...p, weight: 0 }));
        const score = scoreDeal(
            unweighted,
            null,
            openDeal('Prospecting', { Org_Size__c: 120, Reception__c: 'Negative' })
        );
        // 1 of 2 good.
        expect(score.health).toBe('atRisk');
        expect(overallHealth([], 'Prospecting')).toBe('unknown');
    });
});

describe('dealProbabilities', () => {
    const process = miniProcess();
    const counted = fitBenchmarks(process, miniPaths(), FIT);
    const answers: Record<string, Array<ScorableDeal['fields'][string] | undefined>> = {
        Budget__c: [true, false, null, undefined, 'yes'],
        Size__c: [50, 150, 151, 300, null, undefined, '200'],
        Tier__c: ['Gold', 'Silver', 'Bronze', 'Unheard of', null, undefined]
    };

    it('gives scoreDeal’s baseline and adjusted for every kind of deal and benchmarks', () => {
        const uniform = seededUniform('dealProbabilities');
        const pick = <T>(xs: readonly T[]): T => xs[Math.floor(uniform.next() * xs.length)];
        const stages = ['Qualify', 'Propose', 'Won', 'Lost', 'Not a stage'];
        const benchmarkChoices = [null, counted, asIfCredible(counted), { ...counted, minimumDeals: 1000 }];
        let moved = 0;
        for (let i = 0; i < 3000; i++) {
            const fields: ScorableDeal['fields'] = {};
            for (const [field, values] of Object.entries(answers)) {
                const value = pick(values);
                if (value !== undefined) fields[field] = value;
            }
            const deal: ScorableDeal = {
                stageName: pick(stages),
                probability: pick([null, 0.1, 0.5]),
                isClosed: pick([false, false, true]),
                isWon: pick([false, true]),
                fields
            };
            const benchmarks = pick(benchmarkChoices);
            const full = scoreDeal(process, benchmarks, deal);
            const lean = dealProbabilities(process, benchmarks, deal, (field) => fields[field]);
            expect(lean).toEqual({ baseline: full.baseline, adjusted: full.adjusted });
            if (full.adjusted !== full.baseline) moved++;
        }
        // The draws reached deals whose answers moved the odds, not only the plain cases.
        expect(moved).toBeGreaterThan(100);
    });
});
