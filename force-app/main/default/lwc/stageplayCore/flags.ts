/**
 * Flags: which open deals need a second look, each flag with the facts that raised it (padded,
 * skipped stage, slipped, past close date, stale, probability override). The Opportunity page flags
 * its one deal with this; `stageplay reconcile` flags every open deal.
 */
import { parametersThrough, ruleOf, stageBenchmarkOf } from './fit';
import { daysBetween, toDate } from './periods';
import { describeRule, evaluateRule } from './rules';
import { flagEvidence, fact } from './evidence';
import { formatDays, formatDecimal, formatPercentValue } from './format';
import type {
    Benchmarks,
    DealFlag,
    DealPath,
    ProcessDefinition,
    StageBenchmark,
    StageDefinition,
    StageVisit
} from './types';

/** Default for "no stage change for too long" when history has no 90th percentile for the stage. */
export const STALE_DEFAULT_DAYS = 90;
/** Close-date pushes that count as slipping, and total days pushed that do on their own. */
export const SLIP_PUSHES = 2;
export const SLIP_DAYS = 30;
/** Distance from the stage probability that counts as a manual override worth a look. */
export const OVERRIDE_GAP = 0.2;

function shown(value: unknown): string {
    if (value === null || value === undefined || (typeof value === 'string' && value.trim() === ''))
        return 'blank';
    return typeof value === 'number' ? formatDecimal(value) : String(value);
}

/** An open deal as the two date flags read it on a day. */
export interface DealStanding {
    stageName: string;
    closeDate: string;
    createdDate: string;
    /** The deal's latest stage visit by that day (null without one). */
    lastVisit: Pick<StageVisit, 'stage' | 'enteredAt'> | null;
}

/** What the date flags (`stale`, `pastCloseDate`) rest on, and whether each is raised. */
export interface DateFlagFacts {
    /** When the deal entered its stage: its latest visit's entry if that visit is of the stage, else its creation. */
    enteredAt: string;
    /** Whole days from the day it entered the stage to `today`. */
    daysInStage: number;
    /** The stage's 90th percentile of days in won deals (null without history). */
    p90: number | null;
    /** Days in stage beyond which the deal is stale: `p90`, or `STALE_DEFAULT_DAYS` without history. */
    threshold: number;
    stale: boolean;
    pastClose: boolean;
}

/**
 * The date flags of an open deal standing so on `today` (`YYYY-MM-DD`). `flagDeals` raises its
 * `stale` and `pastCloseDate` flags from these; the rep KPIs count them per past period without
 * raising (and wording) every other flag.
 */
export function dateFlagFacts(
    stageBenchmark: StageBenchmark | null,
    deal: DealStanding,
    today: string
): DateFlagFacts {
    const visit = deal.lastVisit;
    const enteredAt = visit && visit.stage === deal.stageName ? visit.enteredAt : deal.createdDate;
    const daysInStage = daysBetween(toDate(enteredAt), today);
    const p90 = stageBenchmark?.p90DaysInStage ?? null;
    const threshold = p90 ?? STALE_DEFAULT_DAYS;
    return {
        enteredAt,
        daysInStage,
        p90,
        threshold,
        stale: daysInStage > threshold,
        pastClose: deal.closeDate < today
    };
}

/**
 * Flags open deals as they stand (their current stage and values), judged on the date `asOf`:
 * - `padded` (high): a required parameter of an earlier stage is blank or fails its rule — the deal
 *   left that stage without it; (medium) a required parameter of the current stage is, after the deal
 *   has sat in the stage longer than won deals typically did (median days in stage);
 * - `skippedStage`: the deal jumped over an active open stage it never visited (its first stage is
 *   not judged: deals are often created mid-process);
 * - `slipped`: close date pushed later at least twice, or by more than 30 days in total;
 * - `pastCloseDate`: the close date is before `asOf`;
 * - `stale`: no stage change for longer than the stage's 90th percentile in won deals (90 days without
 *   history);
 * - `probabilityOverride`: the deal's probability is 20 points or more from its stage's.
 */
export function flagDeals(
    process: ProcessDefinition,
    benchmarks: Benchmarks | null,
    paths: readonly DealPath[],
    asOf: string
): DealFlag[] {
    const today = toDate(asOf);
    const stagesByName = new Map(process.stages.map((s) => [s.name, s]));
    const stageLabel = (name: string) => stagesByName.get(name)?.label ?? name;
    const flags: DealFlag[] = [];
    for (const path of paths) {
        if (path.outcome !== 'open') continue;
        const deal = path.deal;
        const stage = stagesByName.get(deal.stageName) ?? null;
        const stageBenchmark = stageBenchmarkOf(benchmarks, deal.stageName);
        const dates = dateFlagFacts(
            stageBenchmark,
            {
                stageName: deal.stageName,
                closeDate: deal.closeDate,
                createdDate: deal.createdDate,
                lastVisit: path.visits[path.visits.length - 1] ?? null
            },
            today
        );
        const { enteredAt, daysInStage } = dates;
        const flag = (
            kind: DealFlag['kind'],
            severity: DealFlag['severity'],
            message: string,
            facts: Pick<DealFlag, 'evidence' | 'units'>
        ) => flags.push({ dealId: deal.id, kind, severity, message, ...facts });

        if (stage) {
            for (const parameter of parametersThrough(process, stage.name)) {
                if (!parameter.requiredToAdvance) continue;
                const value = deal.fields?.[parameter.field] ?? null;
                const rule = ruleOf(parameter);
                const outcome = evaluateRule(rule, value);
                if (outcome === 'pass') continue;
                const earlier = parameter.stage !== stage.name;
                const median = stageBenchmark?.medianDaysInStage ?? null;
                if (!earlier && (median === null || !(daysInStage > median))) continue;
                const problem =
                    outcome === 'blank'
                        ? 'is blank'
                        : `is ${shown(value)}, which fails "${describeRule(rule)}"`;
                const message = earlier
                    ? `${deal.name} left ${stageLabel(parameter.stage)} although the required "${parameter.label}" ${problem}.`
                    : `${deal.name} has been in ${stageLabel(stage.name)} for ${formatDays(daysInStage)}, longer than the ${formatDays(median as number)} won deals typically took, and the required "${parameter.label}" ${problem}.`;
                flag(
                    'padded',
                    earlier ? 'high' : 'medium',
                    message,
                    flagEvidence({
                        parameter: fact.text(parameter.name),
                        field: fact.text(parameter.field),
                        value: fact.answer(value),
                        rule: fact.rule(parameter.rule),
                        outcome: fact.outcome(outcome),
                        parameterStage: fact.stage(parameter.stage),
                        currentStage: fact.stage(stage.name),
                        daysInStage: fact.days(Math.round(daysInStage)),
                        medianDaysInStage: fact.days(earlier ? null : median)
                    })
                );
            }
        }

        for (const skipped of skippedStages(process, path)) {
            flag(
                'skippedStage',
                'medium',
                `${deal.name} went from ${stageLabel(skipped.from)} to ${stageLabel(skipped.to)}, skipping ${skipped.stages.map(stageLabel).join(', ')}.`,
                flagEvidence({
                    from: fact.stage(skipped.from),
                    to: fact.stage(skipped.to),
                    skipped: fact.stage(skipped.stages.join(', ')),
                    at: fact.date(skipped.at)
                })
            );
        }

        const pushes = path.closeDateChanges.filter((change) => change.to > change.from);
        const daysPushed = pushes.reduce((sum, change) => sum + daysBetween(change.from, change.to), 0);
        if (pushes.length >= SLIP_PUSHES || daysPushed > SLIP_DAYS) {
            const first = path.closeDateChanges[0]?.from ?? deal.closeDate;
            flag(
                'slipped',
                pushes.length >= SLIP_PUSHES && daysPushed > SLIP_DAYS ? 'high' : 'medium',
                `${deal.name}'s close date was pushed out ${pushes.length} time${pushes.length === 1 ? '' : 's'}, ${formatDays(daysPushed)} in total (from ${first} to ${deal.closeDate}).`,
                flagEvidence({
                    pushes: fact.count(pushes.length),
                    daysPushed: fact.days(Math.round(daysPushed)),
                    firstCloseDate: fact.date(first),
                    closeDate: fact.date(deal.closeDate),
                    lastPushAt: fact.date(pushes.length > 0 ? pushes[pushes.length - 1].at : null)
                })
            );
        }

        if (dates.pastClose) {
            const overdue = daysBetween(deal.closeDate, today);
            flag(
                'pastCloseDate',
                'high',
                `${deal.name} is still open ${formatDays(overdue)} after its close date of ${deal.closeDate}.`,
                flagEvidence({
                    closeDate: fact.date(deal.closeDate),
                    asOf: fact.date(today),
                    daysPast: fact.days(Math.round(overdue))
                })
            );
        }

        const { p90, threshold } = dates;
        if (dates.stale) {
            flag(
                'stale',
                'medium',
                `${deal.name} has not changed stage for ${formatDays(daysInStage)} (in ${stageLabel(deal.stageName)} since ${toDate(enteredAt)}); ${p90 !== null ? `90% of won deals moved on within ${formatDays(p90)}` : `the default limit is ${STALE_DEFAULT_DAYS} days`}.`,
                flagEvidence({
                    stage: fact.stage(deal.stageName),
                    since: fact.date(toDate(enteredAt)),
                    daysInStage: fact.days(Math.round(daysInStage)),
                    thresholdDays: fact.days(Math.round(threshold)),
                    thresholdSource: fact.text(
                        p90 !== null ? 'history (90th percentile of won deals)' : 'default'
                    )
                })
            );
        }

        if (
            stage &&
            deal.probability !== null &&
            Math.abs(deal.probability - stage.probability) >= OVERRIDE_GAP - 1e-9
        ) {
            flag(
                'probabilityOverride',
                'low',
                `${deal.name} is set to ${formatPercentValue(deal.probability)} while ${stage.label} stands at ${formatPercentValue(stage.probability)}.`,
                flagEvidence({
                    stage: fact.stage(stage.name),
                    dealProbability: fact.probability(deal.probability),
                    stageProbability: fact.probability(stage.probability)
                })
            );
        }
    }
    return flags;
}

/** Forward jumps in a deal's path over active open stages it never visited. */
function skippedStages(
    process: ProcessDefinition,
    path: DealPath
): Array<{ from: string; to: string; at: string; stages: string[] }> {
    const byName = new Map(process.stages.map((s) => [s.name, s]));
    const visited = new Set(path.visits.map((v) => v.stage));
    const candidates: StageDefinition[] = process.stages.filter(
        (s) => s.isActive && !s.isClosed && !visited.has(s.name)
    );
    const jumps: Array<{ from: string; to: string; at: string; stages: string[] }> = [];
    for (let i = 1; i < path.visits.length; i++) {
        const from = byName.get(path.visits[i - 1].stage);
        const to = byName.get(path.visits[i].stage);
        if (!from || !to || to.sortOrder <= from.sortOrder) continue;
        const stages = candidates
            .filter((s) => s.sortOrder > from.sortOrder && s.sortOrder < to.sortOrder)
            .sort((a, b) => a.sortOrder - b.sortOrder)
            .map((s) => s.name);
        if (stages.length > 0)
            jumps.push({ from: from.name, to: to.name, at: path.visits[i].enteredAt, stages });
    }
    return jumps;
}
