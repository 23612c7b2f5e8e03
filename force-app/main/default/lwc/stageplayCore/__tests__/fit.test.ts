import {
    benchmarkKey,
    bucketOf,
    fitBenchmarks,
    judgeRuleByHistory,
    midVisitValues,
    parametersThrough
} from '../fit';
import { fieldHistoryOf } from '../history';
import { parseRule, RuleError } from '../rules';
import { quantiles } from '../stats';
import type { BucketEvidence, DealPath, FieldHistoryRow, ParameterBenchmark } from '../types';
import {
    decidedFromQualify,
    fieldRow,
    generatedPaths,
    miniPaths,
    miniProcess,
    parameter,
    walkedPaths
} from './fixtures';

const FIT = { fitDamping: false, fittedAt: '2026-06-01T00:00:00.000Z' };

describe('fitBenchmarks on a hand-counted history', () => {
    const fitted = fitBenchmarks(miniProcess(), miniPaths(), FIT);
    const param = (stage: string, name: string) =>
        fitted.parameters.find((p) => p.stage === stage && p.parameter === name)!;
    const lr = (stage: string, name: string) =>
        Object.fromEntries(
            param(stage, name).buckets.map((b) => [b.key, [b.won, b.lost, b.likelihoodRatio]])
        );

    it('counts closed deals only and records the fit', () => {
        expect(fitted.dealCount).toBe(6);
        expect(fitted.damping).toBe(1);
        expect(fitted.fittedAt).toBe('2026-06-01T00:00:00.000Z');
        expect(fitted.stages.map((s) => s.stage)).toEqual(['Qualify', 'Propose']);
    });

    it('shrinks each stage win rate toward its nominal probability', () => {
        const [qualify, propose] = fitted.stages;
        // Qualify: 3 of 6 won; (3 + 10·0.2) / (6 + 10) = 5/16.
        expect(qualify).toMatchObject({ reached: 6, won: 3, lost: 3, observedWinRate: 0.5, status: 'thin' });
        expect(qualify.winRate).toBeCloseTo(5 / 16, 12);
        // Wilson 3/6: centre 0.5, half = 1.96·√(0.25/6 + 3.8415/144) / 1.64025 = 0.3124.
        expect(qualify.wilsonLow).toBeCloseTo(0.1876, 4);
        expect(qualify.wilsonHigh).toBeCloseTo(0.8124, 4);
        // Propose: 2 of 3 won; (2 + 10·0.5) / 13.
        expect(propose).toMatchObject({ reached: 3, won: 2, lost: 1 });
        expect(propose.winRate).toBeCloseTo(7 / 13, 12);
    });

    it('measures time in stage on won deals', () => {
        // Won deals left Qualify after 10, 20 and 30 days: median 20, p90 = 20 + 0.8·10.
        expect(fitted.stages[0].medianDaysInStage).toBe(20);
        expect(fitted.stages[0].p90DaysInStage).toBeCloseTo(28, 12);
        // Propose's won visits ended 10 days in (the walk's default gap).
        expect(fitted.stages[1].medianDaysInStage).toBe(10);
    });

    it('uses the parameters of the stage and of every earlier stage', () => {
        expect(fitted.parameters.map((p) => benchmarkKey(p.stage, p.parameter))).toEqual([
            'Qualify|Budget',
            'Qualify|Size',
            'Propose|Budget',
            'Propose|Size',
            'Propose|Tier'
        ]);
        expect(parametersThrough(miniProcess(), 'Qualify').map((p) => p.name)).toEqual(['Budget', 'Size']);
    });

    it('smooths rule-outcome buckets: LR = ((won_b + 1)/(W + 3)) / ((lost_b + 1)/(L + 3))', () => {
        // W = L = 3, B = 3: pass 2 won / 1 lost → (3/6)/(2/6) = 1.5; fail 0/1 → 0.5; blank 1/1 → 1.
        expect(lr('Qualify', 'Budget')).toEqual({
            pass: [2, 1, expect.closeTo(1.5, 12)],
            fail: [0, 1, expect.closeTo(0.5, 12)],
            blank: [1, 1, expect.closeTo(1, 12)]
        });
        const pass = param('Qualify', 'Budget').buckets[0];
        expect(pass.logLikelihoodRatio).toBeCloseTo(Math.log(1.5), 12);
        expect(param('Qualify', 'Budget')).toMatchObject({
            won: 3,
            lost: 3,
            field: 'Budget__c',
            binEdges: null,
            status: 'thin'
        });
    });

    it('bins numeric answers by quantiles of the answers given', () => {
        // Answers 50 80 120 150 300 → cuts at ranks ⌈5/4⌉, ⌈10/4⌉, ⌈15/4⌉ = 80, 120, 150.
        // B = 5 and W = L = 3, so every denominator is 8 and LR = (won_b + 1) / (lost_b + 1).
        const size = param('Qualify', 'Size');
        expect(size.binEdges).toEqual([80, 120, 150]);
        expect(size.buckets.map((b) => b.label)).toEqual(['≤ 80', '80 – 120', '120 – 150', '> 150', 'Blank']);
        expect(lr('Qualify', 'Size')).toEqual({
            'bin:0': [1, 1, expect.closeTo(1, 12)],
            'bin:1': [0, 1, expect.closeTo(0.5, 12)],
            'bin:2': [1, 0, expect.closeTo(2, 12)],
            'bin:3': [1, 0, expect.closeTo(2, 12)],
            blank: [0, 1, expect.closeTo(0.5, 12)]
        });
    });

    it('buckets picklists by value, declared values first, then values history used', () => {
        // At Propose W = 2, L = 1, B = 4: Gold (1+1)/6 ÷ (0+1)/5 = 5/3; Bronze (0+1)/6 ÷ (1+1)/5 = 5/12.
        // Blank: no closed deal had it, so its ratio is exactly 1 (smoothing alone would say 5/6).
        expect(param('Propose', 'Tier').buckets.map((b) => b.key)).toEqual([
            'value:Gold',
            'value:Silver',
            'value:Bronze',
            'blank'
        ]);
        expect(lr('Propose', 'Tier')).toEqual({
            'value:Gold': [1, 0, expect.closeTo(5 / 3, 12)],
            'value:Silver': [1, 0, expect.closeTo(5 / 3, 12)],
            'value:Bronze': [0, 1, expect.closeTo(5 / 12, 12)],
            blank: [0, 0, 1]
        });
    });

    it('gives a bucket no closed deal fell in no ratio, no interval and no credibility', () => {
        const blank = param('Propose', 'Tier').buckets.find((b) => b.key === 'blank')!;
        // No ratio: neutral (×1, log 0) at every step.
        expect(blank).toMatchObject({
            won: 0,
            lost: 0,
            likelihoodRatio: 1,
            logLikelihoodRatio: 0,
            shrunkRatio: 1
        });
        // No interval and no credibility.
        expect([blank.ratioLow, blank.ratioHigh, blank.credible]).toEqual([null, null, false]);
    });

    it('shrinks every ratio toward ×1 with an interval around it, and calls none of six deals credible', () => {
        for (const benchmark of fitted.parameters) {
            for (const bucket of benchmark.buckets) {
                if (bucket.won + bucket.lost === 0) continue;
                expect(bucket.ratioLow!).toBeLessThan(bucket.shrunkRatio!);
                expect(bucket.ratioHigh!).toBeGreaterThan(bucket.shrunkRatio!);
                // Pulled toward 1: never further from it than the smoothed ratio.
                expect(Math.abs(Math.log(bucket.shrunkRatio!))).toBeLessThanOrEqual(
                    Math.abs(Math.log(bucket.likelihoodRatio)) + 1e-12
                );
                expect(bucket.credible).toBe(false);
            }
        }
    });

    it('states the minimum history and, below it, checks no strength', () => {
        const checked = fitBenchmarks(miniProcess(), miniPaths(), { fittedAt: 'x' });
        expect(checked.minimumDeals).toBe(30);
        expect(checked.parameterCheck?.verdict).toBe('notEnoughHistory');
        expect(checked.damping).toBe(0);
    });

    it('marks stages without closed deals as having no evidence', () => {
        const onlyOpen = miniPaths().filter((p) => p.outcome === 'open');
        const empty = fitBenchmarks(miniProcess(), onlyOpen, FIT);
        expect(empty.dealCount).toBe(0);
        expect(empty.stages[0]).toMatchObject({
            reached: 0,
            observedWinRate: null,
            wilsonLow: null,
            winRate: 0.2,
            status: 'none'
        });
        expect(empty.stages[0].medianDaysInStage).toBeNull();
        expect(empty.parameters[0].status).toBe('none');
        expect(empty.parameters[0].buckets.every((b) => b.likelihoodRatio === 1)).toBe(true);
    });

    it('calls a stage ok from minDeals closed deals', () => {
        const fittedLoosely = fitBenchmarks(miniProcess(), miniPaths(), { ...FIT, minDeals: 6 });
        expect(fittedLoosely.stages.map((s) => s.status)).toEqual(['ok', 'thin']);
    });

    it('stops on a rule that does not parse, naming the record', () => {
        const broken = miniProcess();
        broken.parameters[0].rule = '>= lots';
        expect(() => fitBenchmarks(broken, miniPaths(), FIT)).toThrow(RuleError);
        expect(() => fitBenchmarks(broken, miniPaths(), FIT)).toThrow('Play_Parameter__mdt.Size');
    });
});

describe('bucketOf', () => {
    const process = miniProcess();
    const fitted = fitBenchmarks(process, miniPaths(), FIT);
    const find = (stage: string, name: string) =>
        fitted.parameters.find((p) => p.stage === stage && p.parameter === name)!;
    const size = process.parameters.find((p) => p.name === 'Size')!;
    const tier = process.parameters.find((p) => p.name === 'Tier')!;
    const budget = process.parameters.find((p) => p.name === 'Budget')!;

    it('places numbers by the fitted bin edges, numeric text included', () => {
        expect(bucketOf(size, process.fields.Size__c, 100, find('Qualify', 'Size'))?.key).toBe('bin:1');
        expect(bucketOf(size, process.fields.Size__c, 80, find('Qualify', 'Size'))?.key).toBe('bin:0');
        expect(bucketOf(size, process.fields.Size__c, '200', find('Qualify', 'Size'))?.label).toBe('> 150');
        expect(bucketOf(size, process.fields.Size__c, 'lots', find('Qualify', 'Size'))?.key).toBe('blank');
    });

    it('matches picklist values case-insensitively and has no bucket for unseen values', () => {
        expect(bucketOf(tier, process.fields.Tier__c, 'gold', find('Propose', 'Tier'))?.key).toBe(
            'value:Gold'
        );
        expect(bucketOf(tier, process.fields.Tier__c, 'Platinum', find('Propose', 'Tier'))).toBeNull();
        expect(bucketOf(tier, process.fields.Tier__c, '', find('Propose', 'Tier'))?.key).toBe('blank');
    });

    it('judges other fields by their rule, and needs a benchmark', () => {
        expect(bucketOf(budget, process.fields.Budget__c, 'true', find('Qualify', 'Budget'))?.key).toBe(
            'pass'
        );
        expect(bucketOf(budget, undefined, false, find('Qualify', 'Budget'))?.key).toBe('fail');
        expect(bucketOf(budget, process.fields.Budget__c, true, null)).toBeNull();
    });

    it('reads one benchmark afresh when the parameter, its rule or the benchmark changed', () => {
        const benchmark = { ...find('Qualify', 'Budget') };
        expect(bucketOf(budget, process.fields.Budget__c, true, benchmark)?.key).toBe('pass');
        // Same benchmark, another parameter, or the same parameter with its rule edited: the answer is
        // judged by the rule asked with.
        const flipped = { ...budget, rule: '= false' };
        expect(bucketOf(flipped, process.fields.Budget__c, true, benchmark)?.key).toBe('fail');
        flipped.rule = '= true';
        expect(bucketOf(flipped, process.fields.Budget__c, true, benchmark)?.key).toBe('pass');
        flipped.rule = '= false';
        expect(bucketOf(budget, process.fields.Budget__c, true, benchmark)?.key).toBe('pass');
        expect(bucketOf(flipped, process.fields.Budget__c, true, benchmark)?.key).toBe('fail');
        // The benchmark given other buckets (a new list): the new ones are read.
        benchmark.buckets = benchmark.buckets.filter((b) => b.key !== 'pass');
        expect(bucketOf(budget, process.fields.Budget__c, true, benchmark)).toBeNull();
    });
});

describe('judgeRuleByHistory', () => {
    const bucket = (key: string, won: number, lost: number): BucketEvidence => ({
        key,
        label: key,
        won,
        lost,
        likelihoodRatio: 1,
        logLikelihoodRatio: 0
    });
    const benchmark = (buckets: BucketEvidence[]): ParameterBenchmark => ({
        stage: 'Qualify',
        parameter: 'Budget',
        field: 'Budget__c',
        won: buckets.reduce((n, b) => n + b.won, 0),
        lost: buckets.reduce((n, b) => n + b.lost, 0),
        buckets,
        binEdges: null,
        status: 'ok'
    });
    const rule = parseRule('= true');

    it('flags a failing answer that won more often than passing ones, with the odds ratio by hand', () => {
        const judged = judgeRuleByHistory(
            benchmark([bucket('pass', 10, 30), bucket('fail', 30, 10), bucket('blank', 5, 5)]),
            rule
        );
        const fail = judged.buckets.find((b) => b.key === 'fail')!;
        // (30.5 × 30.5) / (10.5 × 10.5) = 8.438; Woolf SE = sqrt(2/30.5 + 2/10.5) = 0.5055.
        expect(fail.versusOtherSide!.ratio).toBeCloseTo(8.438, 3);
        expect(fail.versusOtherSide!.low).toBeCloseTo(8.438 * Math.exp(-1.959964 * 0.5055), 2);
        expect(fail.ruleDisagrees).toBe(true);
        // The passing answer won less often than failing ones: the rule is backwards on both sides.
        expect(judged.buckets.find((b) => b.key === 'pass')!.ruleDisagrees).toBe(true);
        expect(judged.buckets.find((b) => b.key === 'blank')!.ruleDisagrees).toBe(false);
    });

    it('does not let lost blanks make every given answer look good', () => {
        // Against all deals, "fail" (20/20) looks better than average because blanks lost 100 times;
        // against answers that pass (20/20) it is no different.
        const judged = judgeRuleByHistory(
            benchmark([bucket('pass', 20, 20), bucket('fail', 20, 20), bucket('blank', 0, 100)]),
            rule
        );
        expect(judged.buckets.every((b) => b.ruleDisagrees === false)).toBe(true);
        expect(judged.buckets.find((b) => b.key === 'fail')!.versusOtherSide!.ratio).toBeCloseTo(1, 6);
    });

    it('judges nothing when the rule has no other side in history', () => {
        const judged = judgeRuleByHistory(benchmark([bucket('pass', 20, 5), bucket('fail', 0, 0)]), rule);
        expect(judged.buckets.find((b) => b.key === 'pass')!.versusOtherSide).toBeNull();
        expect(judged.buckets.every((b) => b.ruleDisagrees === false)).toBe(true);
    });
});

describe('benchmarkKey', () => {
    it('is the external id of a benchmark row', () => {
        expect(benchmarkKey('Discovery')).toBe('Discovery|*');
        expect(benchmarkKey('Discovery', 'Pain_Metric')).toBe('Discovery|Pain_Metric');
        expect(benchmarkKey('Discovery', null)).toBe('Discovery|*');
    });
});

describe('fitBenchmarks on generated history', () => {
    const paths = generatedPaths(2000, 'fit-check');

    it('finds the predictive answer: confirmed budget raises the odds, a missing one lowers them', () => {
        const fitted = fitBenchmarks(miniProcess(), paths, { fittedAt: 'x' });
        const budget = fitted.parameters.find((p) => p.stage === 'Qualify' && p.parameter === 'Budget')!;
        const pass = budget.buckets.find((b) => b.key === 'pass')!;
        const fail = budget.buckets.find((b) => b.key === 'fail')!;
        // True LR of a confirmed budget: P(budget | won) / P(budget | lost) ≈ 0.81 / 0.40 ≈ 2.0.
        expect(pass.likelihoodRatio).toBeGreaterThan(1.6);
        expect(pass.likelihoodRatio).toBeLessThan(2.6);
        expect(fail.likelihoodRatio).toBeLessThan(0.5);
        expect(fitted.stages[0].status).toBe('ok');
        expect(pass.credible).toBe(true);
        expect(fail.credible).toBe(true);
        // One independent answer: little reason to damp it, and newer deals confirm it beyond chance.
        expect(fitted.damping).toBeGreaterThanOrEqual(0.75);
        expect(fitted.parameterCheck).toMatchObject({
            verdict: 'parametersHelp',
            olderDeals: 1100,
            newerDeals: 900
        });
        expect(fitted.parameterCheck!.improvementLow!).toBeGreaterThan(0);
    });

    it('sets the strength to 0 when answers carry no signal, and says the stage win rate stands', () => {
        const noise = generatedPaths(2000, 'fit-check').map((path, i) => ({
            ...path,
            // Budget answers reassigned by position: independent of the outcome.
            deal: { ...path.deal, fields: { ...path.deal.fields, Budget__c: i % 3 === 0 } },
            visits: path.visits.map((v) => ({ ...v, values: { ...v.values, Budget__c: i % 3 === 0 } }))
        }));
        const fitted = fitBenchmarks(miniProcess(), noise, { fittedAt: 'x' });
        expect(fitted.damping).toBe(0);
        expect(fitted.parameterCheck!.verdict).toBe('noBetterThanStageWinRate');
    });

    it('damps evidence that is counted twice', () => {
        const doubled = miniProcess();
        doubled.parameters.push(
            parameter({
                name: 'Budget_Again',
                play: 'Qualify_Play',
                stage: 'Qualify',
                field: 'Budget__c',
                rule: '= true',
                order: 3
            })
        );
        const fitted = fitBenchmarks(doubled, paths, { fittedAt: 'x' });
        // The same answer twice doubles the log-odds shift; newer deals should halve it back.
        expect(fitted.damping).toBeGreaterThanOrEqual(0.3);
        expect(fitted.damping).toBeLessThanOrEqual(0.7);
    });

    it('is deterministic', () => {
        const a = fitBenchmarks(miniProcess(), paths, { fittedAt: 'x' });
        const b = fitBenchmarks(miniProcess(), [...paths], { fittedAt: 'x' });
        expect(b).toEqual(a);
    });
});

describe('strength check scores deals as open deals are seen: answers halfway through the stay', () => {
    /**
     * 200 deals, Qualify for ten days (2026-01-01 to 01-11), then Won (even ids) or Lost. Size is
     * blank until typed on `typedOn`: 150 for 4 winners in 5 and 1 loser in 5, else 50. At exit every
     * deal has its answer, and it predicts the outcome.
     */
    function history(typedOn: string): DealPath[] {
        const walks = [];
        const fields: FieldHistoryRow[] = [];
        for (let i = 0; i < 200; i++) {
            const id = `D${String(i).padStart(3, '0')}`;
            const won = i % 2 === 0;
            const size = (won ? i % 10 !== 0 : i % 10 === 5) ? 150 : 50;
            walks.push(decidedFromQualify(id, won, { Size__c: size }));
            fields.push(fieldRow(id, 'Size__c', `${typedOn}T00:00:00.000Z`, null, size));
        }
        return walkedPaths(walks, fields);
    }

    it('reads values at the midpoint of a visit from field history', () => {
        const late = history('2026-01-09')[2];
        const early = history('2026-01-03')[2];
        // Midpoint of 01-01 → 01-11 is 01-06: the late answer is not there yet, the early one is.
        expect(midVisitValues(late, late.visits[0]).Size__c).toBeNull();
        expect(late.visits[0].values.Size__c).toBe(150);
        expect(midVisitValues(early, early.visits[0]).Size__c).toBe(150);
        // Without field history the visit's own values stand.
        const plain = miniPaths()[0];
        expect(midVisitValues(plain, plain.visits[0])).toBe(plain.visits[0].values);
    });

    it('learns nothing from an answer typed only after the midpoint: open deals show it blank', () => {
        const paths = history('2026-01-09');
        const fitted = fitBenchmarks(miniProcess(), paths, { fittedAt: 'x' });
        // The exit answers would separate won from lost perfectly, but the fit reads answers as they
        // stood halfway through the stay, where every deal's Size is still blank: one bucket, ×1.
        expect(paths.every((p) => p.visits[0].values.Size__c !== null)).toBe(true);
        const size = fitted.parameters.find((p) => p.stage === 'Qualify' && p.parameter === 'Size')!;
        expect(size.buckets.filter((b) => b.won + b.lost > 0).map((b) => [b.key, b.won, b.lost])).toEqual([
            ['blank', 100, 100]
        ]);
        expect(size.buckets.filter((b) => b.credible)).toEqual([]);
        // Evidence 0 at every strength: no strength beats the stage win rate and the loss is the same.
        expect(fitted.parameterCheck).toMatchObject({
            verdict: 'noBetterThanStageWinRate',
            olderDeals: 110,
            newerDeals: 90,
            bestStrength: 0,
            improvementLow: 0,
            improvementHigh: 0
        });
        expect(fitted.parameterCheck!.logLossBest).toBe(fitted.parameterCheck!.logLossStageWinRate);
        expect(fitted.damping).toBe(0);
    });

    it('counts each closed deal once, with the answer it had halfway through its stay', () => {
        // Typed before the midpoint: the same answers at the midpoint and at exit, so the same counts.
        const early = fitBenchmarks(miniProcess(), history('2026-01-03'), {
            fittedAt: 'x',
            fitDamping: false
        });
        const size = early.parameters.find((p) => p.stage === 'Qualify' && p.parameter === 'Size')!;
        // 150: 4 winners in 5 (80) and 1 loser in 5 (20); 50: the rest.
        expect(size.buckets.filter((b) => b.won + b.lost > 0).map((b) => [b.label, b.won, b.lost])).toEqual([
            ['≤ 50', 20, 80],
            ['> 50', 80, 20]
        ]);
    });

    it('keeps the parameters when the answer is typed before the midpoint', () => {
        const fitted = fitBenchmarks(miniProcess(), history('2026-01-03'), { fittedAt: 'x' });
        expect(fitted.parameterCheck!.verdict).toBe('parametersHelp');
        expect(fitted.parameterCheck!.improvementLow!).toBeGreaterThan(0);
        expect(fitted.damping).toBeGreaterThan(0);
    });
});

describe('fits over the same paths read each deal once, and again when its path changes', () => {
    /**
     * 300 deals from Qualify, Size typed on a day that varies by deal (before or after the stay's
     * midpoint), won more often with a large size: the midpoint answers, not the exit ones, are learned.
     */
    function typedHistory(): DealPath[] {
        const walks = [];
        const fields: FieldHistoryRow[] = [];
        for (let i = 0; i < 300; i++) {
            const id = `T${String(i).padStart(3, '0')}`;
            const won = i % 3 !== 0;
            const size = (i * 37) % 200;
            walks.push(decidedFromQualify(id, won === size > 60 || i % 7 === 0, { Size__c: size }));
            const day = String(2 + (i % 9)).padStart(2, '0');
            fields.push(fieldRow(id, 'Size__c', `2026-01-${day}T00:00:00.000Z`, null, size));
        }
        return walkedPaths(walks, fields);
    }
    /** The same paths as new objects, so nothing a fit kept beside the originals applies to them. */
    // A copy carries a path's field history as rows: the columns' timeline is kept beside the original.
    const fresh = (paths: DealPath[]): DealPath[] =>
        JSON.parse(
            JSON.stringify(paths.map((path) => ({ ...path, fieldHistory: fieldHistoryOf(path) })))
        ) as DealPath[];
    const options = { fittedAt: 'x' };

    it('fits a subset after the whole as it fits a fresh copy of that subset', () => {
        const paths = typedHistory();
        const whole = fitBenchmarks(miniProcess(), paths, options);
        expect(whole).toEqual(fitBenchmarks(miniProcess(), fresh(paths), options));
        const older = paths.slice(0, 180);
        expect(fitBenchmarks(miniProcess(), older, options)).toEqual(
            fitBenchmarks(miniProcess(), fresh(older), options)
        );
    });

    it('reads a deal again when its field history, outcome or visits are replaced', () => {
        const paths = typedHistory();
        const before = fitBenchmarks(miniProcess(), paths, options);
        for (let i = 0; i < paths.length; i++) {
            const path = paths[i];
            if (i % 2 === 0) {
                // Typed on the first day: every answer is there at the midpoint now.
                path.fieldHistory = (fieldHistoryOf(path) ?? []).map((row) => ({
                    ...row,
                    createdDate: '2026-01-01T00:00:00.000Z'
                }));
            } else if (i % 5 === 1) {
                path.outcome = path.outcome === 'won' ? 'lost' : 'won';
            } else if (i % 5 === 3) {
                path.visits = path.visits.map((visit) => ({ ...visit, stage: 'Propose' }));
            }
        }
        const after = fitBenchmarks(miniProcess(), paths, options);
        expect(after).not.toEqual(before);
        expect(after).toEqual(fitBenchmarks(miniProcess(), fresh(paths), options));
    });

    it('fits paths read in separate fits together as a fresh copy of them all', () => {
        const paths = typedHistory();
        const [first, second] = [paths.slice(0, 150), paths.slice(150)];
        fitBenchmarks(miniProcess(), first, options);
        fitBenchmarks(miniProcess(), second, options);
        const mixed = [...second.slice(0, 40), ...first, ...second.slice(40)];
        expect(fitBenchmarks(miniProcess(), mixed, options)).toEqual(
            fitBenchmarks(miniProcess(), fresh(mixed), options)
        );
        expect(fitBenchmarks(miniProcess(), first, options)).toEqual(
            fitBenchmarks(miniProcess(), fresh(first), options)
        );
    });

    it('keeps -0 apart from 0: the bin edges are the quantiles of the answers as given', () => {
        // Won: a 0 or -0; lost: 5. Sorted (ties in order), the first quartile's rank falls on a -0.
        const sizes = [0, 0, 0, 0, 0, -0, -0, -0, -0, -0, -0, -0, -0, -0, -0, 0, 0, 0, 0, 0];
        for (let i = 0; i < 20; i++) sizes.push(5);
        const walks = sizes.map((size, i) =>
            decidedFromQualify(`Z${String(i).padStart(2, '0')}`, size !== 5, { Size__c: size })
        );
        const fitted = fitBenchmarks(miniProcess(), walkedPaths(walks), FIT);
        const size = fitted.parameters.find((p) => p.stage === 'Qualify' && p.parameter === 'Size');
        const edges = size?.binEdges ?? [];
        expect(edges).toEqual(quantiles(sizes, 4));
        expect(Object.is(edges[0], -0)).toBe(true);
    });

    it('keeps every answer when a parameter has more than 65,536 distinct ones', () => {
        // Size i for deal i: distinct answers past what 16-bit codes hold; won when i % 3 === 0.
        const count = 66_000;
        const walks = [];
        for (let i = 0; i < count; i++)
            walks.push(decidedFromQualify(`N${String(i).padStart(5, '0')}`, i % 3 === 0, { Size__c: i }));
        const paths = walkedPaths(walks);
        const sizeOf = (benchmarks: ReturnType<typeof fitBenchmarks>): ParameterBenchmark =>
            benchmarks.parameters.find(
                (p) => p.stage === 'Qualify' && p.parameter === 'Size'
            ) as ParameterBenchmark;
        // By hand: the quartile edges of 0 .. n-1 and each bin's won and lost deals.
        const expected = (n: number) => {
            const sizes = Array.from({ length: n }, (_v, i) => i);
            const edges = quantiles(sizes, 4);
            const bins = edges.map(() => ({ won: 0, lost: 0 }));
            bins.push({ won: 0, lost: 0 });
            for (const i of sizes) {
                const bin = edges.findIndex((edge) => i <= edge);
                const counts = bins[bin < 0 ? edges.length : bin];
                if (i % 3 === 0) counts.won++;
                else counts.lost++;
            }
            return { edges, bins };
        };
        const counted = (benchmark: ParameterBenchmark) => ({
            edges: benchmark.binEdges,
            bins: benchmark.buckets.filter((b) => b.key !== 'blank').map(({ won, lost }) => ({ won, lost }))
        });
        // Older deals first (16-bit codes), then all of them (the column widens with rows already in it).
        const older = paths.slice(0, 60_000);
        const olderFit = fitBenchmarks(miniProcess(), older, FIT);
        expect(counted(sizeOf(olderFit))).toEqual(expected(60_000));
        expect(counted(sizeOf(fitBenchmarks(miniProcess(), paths, FIT)))).toEqual(expected(count));
        expect(fitBenchmarks(miniProcess(), older, FIT)).toEqual(olderFit);
    });

    it('serves processes with other parameters over the same paths', () => {
        const paths = typedHistory();
        const doubled = miniProcess();
        doubled.parameters.push(
            parameter({
                name: 'Size_Again',
                play: 'Qualify_Play',
                stage: 'Qualify',
                field: 'Size__c',
                rule: '> 100',
                order: 3
            })
        );
        const plain = fitBenchmarks(miniProcess(), paths, options);
        const twice = fitBenchmarks(doubled, paths, options);
        expect(twice.parameters.length).toBe(plain.parameters.length + 2);
        expect(fitBenchmarks(miniProcess(), paths, options)).toEqual(plain);
        expect(twice).toEqual(fitBenchmarks(doubled, fresh(paths), options));
        expect(plain).toEqual(fitBenchmarks(miniProcess(), fresh(paths), options));
    });
});
