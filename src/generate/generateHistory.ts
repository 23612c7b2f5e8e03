/**
 * Deterministic, realistic sales history for a process: closed deals to learn from and an open
 * pipeline to forecast, in the shapes of a Salesforce Data Export.
 *
 * `generateHistory` yields one deal at a time (its Opportunity row with its OpportunityHistory and
 * OpportunityFieldHistory rows), so `--deals 2000000` runs in constant memory. The same seed and
 * options give byte-identical output. What drives outcomes is documented in `mechanism.ts`; on top
 * of it the simulation adds what real CRMs show: lognormal amounts and stage durations, reps who pad
 * (advance without answers, over-state probability, skip stages), close dates that slip, answers
 * filled in late or corrected, amount revisions and occasional probability overrides.
 */
import type {
    FieldHistoryRow,
    FieldValue,
    ForecastCategory,
    OpportunityRecord,
    ProcessDefinition,
    StageHistoryRow,
    UserRecord
} from '../core';
import { generateAccountFinance } from './accountFinance';
import { createRandom, type Random } from './random';
import type { AccountRecord } from '../dataset';
import {
    createDataExportWriter,
    type DataExportCounts,
    type FieldHistoryExportRow,
    type StageHistoryExportRow
} from '../dataExport/writeDataExport';
import { KEY_PREFIXES, salesforceId } from '../dataExport/salesforceId';
import { createPerformanceWriter } from '../dataExport/writePerformance';
import { AdoptionPlanter } from './adoption';
import {
    advanceProbability,
    describeMechanism,
    type Mechanism,
    type OwnerSpec,
    type ParameterModel,
    type RepModel
} from './mechanism';

export interface GenerateOptions {
    seed: number | string;
    /** How many opportunities. */
    deals: number;
    /** `YYYY-MM-DD`: history ends here; later events have not happened yet. Fixed default for reproducibility. */
    today?: string;
    /** `YYYY-MM-DD` of the first deal's creation; default two years before `today`. */
    startDate?: string;
    /** A number of reps (named from a default list, two in eight of them padders) or the reps themselves. */
    owners?: number | ReadonlyArray<string | OwnerSpec>;
    /** Overrides of `PLANTED_EFFECTS`, by parameter DeveloperName. */
    effects?: Readonly<Record<string, number>>;
}

export const DEFAULT_TODAY = '2026-11-15';
const DEFAULT_HISTORY_DAYS = 730;
const DAY = 86_400_000;

const AMOUNT_MEDIAN = 25_000;
const AMOUNT_SIGMA = 0.9;
const STAGE_DURATION_SIGMA = 0.55;
/**
 * Chance per stage stay that a deal stalls (the buyer goes quiet) and stays 4-10 times as long: the
 * old, past-due deals every real pipeline carries. Timing only; it does not change the outcome.
 */
const STALL_RATE = 0.03;
/** Chance that a padder jumps straight past the next stage (not for the last open stage). */
const PADDER_SKIP_RATE = 0.05;
/** Chance per stage stay that the close date is pushed out for no visible reason. */
const SLIP_RATE = { honest: 0.12, padder: 0.25 };
/** Chance per stage entry that a padder states more than the stage probability. */
const PADDER_OVERSTATE_RATE = 0.6;
/** Chance per stage entry that any rep overrides the stage probability. */
const OVERRIDE_RATE = 0.05;
/** Chance that a skipped answer is filled in during a later stage. */
const LATE_FILL_RATE = { honest: 0.2, padder: 0.5 };
/** Chance that an answer is first entered one way and corrected later in the stage. */
const CORRECTION_RATE = 0.08;
/** Chance that the amount is revised in the third open stage (scoping meets pricing). */
const AMOUNT_REVISION_RATE = 0.25;
/** Spread (lognormal sigma) of the rep's close-date guess on entering the last open stage. */
const FINAL_STAGE_CLOSE_DATE_SIGMA = 0.35;
/** Chance that a rep notices a past close date on an open deal and pushes it. */
const PAST_DUE_PUSH_RATE = { honest: 0.85, padder: 0.55 };

export interface DealTruth {
    /** Index of the owner among the generated users. */
    ownerIndex: number;
    ownerPads: boolean;
    outcome: 'won' | 'lost' | 'open';
    /** Open stages the deal jumped past. */
    skippedStages: string[];
    /** Parameters that passed when the deal left their stage (the planted effects' input). */
    passedAtExit: string[];
    /** Parameters left unanswered when the deal left their stage, though it moved on. */
    unansweredAtExit: string[];
    /** Close-date pushes recorded as OpportunityHistory rows. */
    closeDatePushes: number;
    /** The deal's probability differed from its stage's at some point. */
    probabilityOverridden: boolean;
    amountRevised: boolean;
}

export interface GeneratedDeal {
    opportunity: OpportunityRecord;
    stageHistory: Array<StageHistoryExportRow & { id: string }>;
    fieldHistory: Array<FieldHistoryExportRow & { id: string }>;
    truth: DealTruth;
}

export interface ResolvedGenerateOptions {
    seed: string;
    deals: number;
    today: string;
    startDate: string;
    mechanism: Mechanism;
    accountCount: number;
}

function checkDate(value: string, name: string): number {
    const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
    const at = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) : NaN;
    if (!match || Number.isNaN(at) || new Date(at).toISOString().slice(0, 10) !== value) {
        throw new RangeError(`${name} must be a date YYYY-MM-DD, got "${value}"`);
    }
    return at;
}

export function resolveGenerateOptions(
    salesProcess: ProcessDefinition,
    options: GenerateOptions
): ResolvedGenerateOptions {
    if (!Number.isSafeInteger(options.deals) || options.deals < 0) {
        throw new RangeError(`deals must be a non-negative integer, got ${options.deals}`);
    }
    const today = options.today ?? DEFAULT_TODAY;
    const todayAt = checkDate(today, 'today');
    const startDate =
        options.startDate ?? new Date(todayAt - DEFAULT_HISTORY_DAYS * DAY).toISOString().slice(0, 10);
    if (checkDate(startDate, 'startDate') >= todayAt)
        throw new RangeError(`startDate ${startDate} must be before today ${today}`);
    return {
        seed: String(options.seed),
        deals: options.deals,
        today,
        startDate,
        mechanism: describeMechanism(salesProcess, { owners: options.owners, effects: options.effects }),
        accountCount: Math.max(1, Math.ceil(options.deals / 3))
    };
}

// ---------------------------------------------------------------------------------------------
// Users and accounts: pure functions of their index, so they stream and need no shared state.
// ---------------------------------------------------------------------------------------------

export function userId(index: number): string {
    return salesforceId(KEY_PREFIXES.User, index + 1);
}

export function accountId(index: number): string {
    return salesforceId(KEY_PREFIXES.Account, index + 1);
}

export function generateUsers(reps: readonly RepModel[]): UserRecord[] {
    return reps.map((rep) => ({ id: userId(rep.index), name: rep.name, isActive: true }));
}

const ACCOUNT_WORDS = [
    'Northwind',
    'Bluefin',
    'Granite',
    'Silverline',
    'Redwood',
    'Harbor',
    'Summit',
    'Lumen',
    'Cobalt',
    'Evergreen',
    'Ironbridge',
    'Meridian',
    'Polar',
    'Crescent',
    'Atlas',
    'Juniper',
    'Orchid',
    'Vantage'
];
const ACCOUNT_NOUNS = [
    'Logistics',
    'Health',
    'Foods',
    'Energy',
    'Systems',
    'Retail',
    'Capital',
    'Labs',
    'Freight',
    'Media',
    'Works'
];
const ACCOUNT_SUFFIXES = ['Inc.', 'GmbH', 'Ltd', 'SA', 'Group', 'Co.'];
const INDUSTRIES = [
    'Manufacturing',
    'Healthcare',
    'Retail',
    'Energy',
    'Technology',
    'Financial Services',
    'Transportation',
    'Media'
];
const PRODUCTS = [
    'Platform licence',
    'Analytics add-on',
    'Enterprise renewal',
    'Expansion',
    'Pilot',
    'Services package'
];

export function accountName(index: number): string {
    const word = ACCOUNT_WORDS[index % ACCOUNT_WORDS.length];
    const noun = ACCOUNT_NOUNS[Math.floor(index / ACCOUNT_WORDS.length) % ACCOUNT_NOUNS.length];
    const suffix = ACCOUNT_SUFFIXES[(index * 7) % ACCOUNT_SUFFIXES.length];
    const round = Math.floor(index / (ACCOUNT_WORDS.length * ACCOUNT_NOUNS.length));
    return `${word} ${noun}${round > 0 ? ` ${round + 1}` : ''} ${suffix}`;
}

export function* generateAccounts(count: number): Generator<AccountRecord> {
    for (let index = 0; index < count; index++) {
        yield {
            id: accountId(index),
            name: accountName(index),
            industry: INDUSTRIES[(index * 5 + 3) % INDUSTRIES.length],
            // Employee counts spread over orders of magnitude, as real account lists do.
            numberOfEmployees: Math.round(20 * Math.pow(1.9, (index * 11) % 13)),
            // The ERP's facts are not the CRM's: generateDataExport adds them, once the deals are known.
            finance: null
        };
    }
}

// ---------------------------------------------------------------------------------------------
// Deals
// ---------------------------------------------------------------------------------------------

const isoDate = (at: number) => new Date(at).toISOString().slice(0, 10);
const isoDateTime = (at: number) => new Date(at).toISOString();
const dateStart = (date: string) =>
    Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));

interface Snapshot {
    at: number;
    stageName: string;
    amount: number;
    closeDate: string;
    probability: number;
    forecastCategory: ForecastCategory;
}

interface FieldChange {
    at: number;
    field: string;
    value: FieldValue;
}

/** Shared id counters: ids must be unique across deals and stay deterministic. */
interface Counters {
    stageHistory: number;
    fieldHistory: number;
}

function roundAmount(amount: number): number {
    return Math.max(1000, Math.round(amount / 100) * 100);
}

function simulateDeal(
    index: number,
    opts: ResolvedGenerateOptions,
    random: Random,
    counters: Counters
): GeneratedDeal {
    const { mechanism } = opts;
    const startAt = dateStart(opts.startDate);
    const todayEnd = dateStart(opts.today) + DAY - 1;
    const span = dateStart(opts.today) - startAt;

    const rep = mechanism.reps[random.int(0, mechanism.reps.length - 1)];
    // Stratified creation times keep ids roughly chronological, as Salesforce ids are.
    const createdDay =
        startAt + Math.floor((((index + random.next()) / Math.max(1, opts.deals)) * span) / DAY) * DAY;
    const createdAt = createdDay + Math.round(random.uniform(8, 18) * 3_600_000);
    const account = random.int(0, opts.accountCount - 1);
    let amount = roundAmount(random.lognormal(Math.log(AMOUNT_MEDIAN), AMOUNT_SIGMA));
    const expectedCycleDays = mechanism.stages.reduce((sum, s) => sum + s.medianDays, 0);
    let closeDate = isoDate(createdAt + expectedCycleDays * random.lognormal(0, 0.35) * DAY);

    const truth: DealTruth = {
        ownerIndex: rep.index,
        ownerPads: rep.pads,
        outcome: 'open',
        skippedStages: [],
        passedAtExit: [],
        unansweredAtExit: [],
        closeDatePushes: 0,
        probabilityOverridden: false,
        amountRevised: false
    };
    const snapshots: Snapshot[] = [];
    const changes: FieldChange[] = [];
    const current = { stage: mechanism.stages[0].stage, probability: mechanism.stages[0].stage.probability };
    const snapshot = (at: number) =>
        snapshots.push({
            at,
            stageName: current.stage.name,
            amount,
            closeDate,
            probability: current.probability,
            forecastCategory: current.stage.forecastCategory
        });
    const statedProbability = (nominal: number): number => {
        if (rep.pads && random.bernoulli(PADDER_OVERSTATE_RATE)) {
            return Math.min(0.95, Math.round((nominal + random.uniform(0.1, 0.25)) * 100) / 100);
        }
        if (random.bernoulli(OVERRIDE_RATE)) {
            const shifted =
                Math.round((nominal + (random.bernoulli(0.5) ? 1 : -1) * random.uniform(0.05, 0.2)) * 100) /
                100;
            return Math.min(0.99, Math.max(0.01, shifted));
        }
        return nominal;
    };
    const push = (at: number, toAt: number) => {
        const to = isoDate(toAt);
        if (to <= closeDate) return;
        closeDate = to;
        snapshot(at);
    };
    const capture = (parameter: ParameterModel, outcome: 'pass' | 'fail', at: number) => {
        changes.push({
            at,
            field: parameter.answers.field.apiName,
            value: parameter.answers.make(outcome, random, { capturedAt: at })
        });
    };
    const answeredOutcome = (parameter: ParameterModel, passed: boolean): 'pass' | 'fail' =>
        passed || !parameter.answers.canFail ? 'pass' : 'fail';

    current.probability = statedProbability(current.stage.probability);
    snapshot(createdAt);
    let t = createdAt;
    let skipNext = false;
    let lost = false;
    for (const stageModel of mechanism.stages) {
        const skipped = skipNext;
        skipNext = false;
        const remainingDays = mechanism.stages
            .slice(stageModel.position)
            .reduce((sum, s) => sum + s.medianDays, 0);
        const stalls = random.bernoulli(STALL_RATE);
        const duration =
            Math.max(0.5, random.lognormal(Math.log(stageModel.medianDays), STAGE_DURATION_SIGMA)) *
            DAY *
            (skipped ? 0.3 : 1) *
            (stalls ? random.uniform(4, 10) : 1);
        if (stageModel.position > 0 && !skipped) {
            current.stage = stageModel.stage;
            current.probability = statedProbability(stageModel.stage.probability);
            if (stageModel.position === mechanism.stages.length - 1) {
                // In the last stage the rep knows the buyer's timeline: the close date is re-set, in the
                // same save as the stage change, to a fair guess (earlier or later than the old one).
                closeDate = isoDate(t + duration * random.lognormal(0, FINAL_STAGE_CLOSE_DATE_SIGMA) + DAY);
            }
            snapshot(t);
            // Entering a stage with the close date already behind or too near: the rep moves it.
            if (dateStart(closeDate) < t + 0.5 * remainingDays * DAY) {
                push(t + 60_000, t + remainingDays * random.uniform(0.8, 1.5) * DAY);
            }
        }

        // Outcomes first (they decide the deal's fate), then when each answer was typed.
        const answered = stageModel.parameters.map(() => !skipped && random.bernoulli(1 - rep.blankRate));
        const passes = stageModel.parameters.map(
            (parameter, j) => answered[j] && parameter.passRate > 0 && random.bernoulli(parameter.passRate)
        );
        const advances = random.bernoulli(advanceProbability(stageModel, passes));
        const exitAt = advances ? t + duration : t + duration * random.uniform(0.3, 1);

        stageModel.parameters.forEach((parameter, j) => {
            const name = parameter.answers.parameter.name;
            if (passes[j]) truth.passedAtExit.push(name);
            if (!answered[j]) {
                truth.unansweredAtExit.push(name);
                // Filled in after the deal moved on: the export's final value differs from the value at exit.
                const typeable = parameter.answers.canPass || parameter.answers.canFail;
                if (
                    typeable &&
                    advances &&
                    random.bernoulli(rep.pads ? LATE_FILL_RATE.padder : LATE_FILL_RATE.honest)
                ) {
                    const late = random.bernoulli(parameter.passRate);
                    capture(
                        parameter,
                        answeredOutcome(parameter, late),
                        exitAt + random.uniform(0.5, 20) * DAY
                    );
                }
                return;
            }
            // A rule no value of the field can pass or fail (a misfit caught by `validate`) leaves nothing to type.
            if (!parameter.answers.canPass && !parameter.answers.canFail) return;
            const outcome = answeredOutcome(parameter, passes[j]);
            const fraction = random.uniform(0.1, 0.9);
            if (random.bernoulli(CORRECTION_RATE)) {
                const other = outcome === 'pass' ? 'fail' : 'pass';
                if (other === 'pass' ? parameter.answers.canPass : parameter.answers.canFail) {
                    capture(parameter, other, t + (exitAt - t) * fraction * random.uniform(0.1, 0.9));
                }
            }
            capture(parameter, outcome, t + (exitAt - t) * fraction);
        });

        if (random.bernoulli(rep.pads ? SLIP_RATE.padder : SLIP_RATE.honest)) {
            const at = t + (exitAt - t) * random.uniform(0.1, 0.9);
            push(at, dateStart(closeDate) + random.int(14, 45) * DAY);
        }
        if (stageModel.position === 2 && random.bernoulli(AMOUNT_REVISION_RATE)) {
            const at = t + (exitAt - t) * random.uniform(0.2, 0.9);
            amount = roundAmount(amount * random.lognormal(0, 0.25));
            truth.amountRevised = true;
            snapshot(at);
        }
        t = exitAt;
        if (!advances) {
            current.stage = mechanism.lostStage;
            current.probability = mechanism.lostStage.probability;
            closeDate = isoDate(exitAt);
            snapshot(exitAt);
            lost = true;
            break;
        }
        const last = mechanism.stages.length - 1;
        if (rep.pads && stageModel.position < last - 1 && random.bernoulli(PADDER_SKIP_RATE)) {
            skipNext = true;
            truth.skippedStages.push(mechanism.stages[stageModel.position + 1].stage.name);
        }
    }
    if (!lost) {
        current.stage = mechanism.wonStage;
        current.probability = mechanism.wonStage.probability;
        closeDate = isoDate(t);
        snapshot(t);
    }
    // Rows inside a stage were added in decision order; the export lists them by time.
    snapshots.sort((a, b) => a.at - b.at);

    // Cut at today: what happened later has not happened yet.
    const seen = snapshots.filter((s) => s.at <= todayEnd);
    let state = seen[seen.length - 1];
    const closedStage =
        state.stageName === mechanism.wonStage.name || state.stageName === mechanism.lostStage.name;
    if (!closedStage) {
        // Most reps notice a past-due close date and move it into the coming weeks; some leave it stale.
        const pushRate = rep.pads ? PAST_DUE_PUSH_RATE.padder : PAST_DUE_PUSH_RATE.honest;
        if (state.closeDate < opts.today && random.bernoulli(pushRate)) {
            const noticedAt = Math.min(
                todayEnd,
                Math.max(state.at + 60_000, dateStart(state.closeDate) + random.uniform(1, 5) * DAY)
            );
            const pushedTo = isoDate(dateStart(opts.today) + random.int(7, 100) * DAY);
            // A deal touched in the last minute of the day keeps its row order: no push squeezed in before it.
            if (noticedAt > state.at) {
                state = { ...state, at: noticedAt, closeDate: pushedTo };
                seen.push(state);
            }
        }
    }
    truth.outcome = !closedStage ? 'open' : state.stageName === mechanism.wonStage.name ? 'won' : 'lost';
    const nominal = new Map(mechanism.stages.map((m) => [m.stage.name, m.stage.probability]));
    truth.closeDatePushes = seen.filter(
        (s, i) => i > 0 && nominal.has(s.stageName) && s.closeDate > seen[i - 1].closeDate
    ).length;
    truth.probabilityOverridden = seen.some(
        (s) => nominal.has(s.stageName) && s.probability !== nominal.get(s.stageName)
    );

    const opportunityId = salesforceId(KEY_PREFIXES.Opportunity, index + 1);
    const fieldRows: GeneratedDeal['fieldHistory'] = [];
    const values: Record<string, FieldValue> = {};
    for (const parameterModel of mechanism.stages.flatMap((s) => s.parameters)) {
        values[parameterModel.answers.field.apiName] = parameterModel.answers.unanswered;
    }
    changes.sort((a, b) => a.at - b.at);
    let lastModified = state.at;
    for (const change of changes) {
        if (change.at > todayEnd) continue;
        const oldValue = values[change.field] ?? null;
        if (oldValue === change.value) continue;
        values[change.field] = change.value;
        lastModified = Math.max(lastModified, change.at);
        fieldRows.push({
            id: salesforceId(KEY_PREFIXES.OpportunityFieldHistory, ++counters.fieldHistory),
            opportunityId,
            field: change.field,
            oldValue,
            newValue: change.value,
            createdDate: isoDateTime(change.at)
        });
    }
    const stageRows: GeneratedDeal['stageHistory'] = seen.map((s) => ({
        id: salesforceId(KEY_PREFIXES.OpportunityHistory, ++counters.stageHistory),
        opportunityId,
        stageName: s.stageName,
        amount: s.amount,
        closeDate: s.closeDate,
        probability: s.probability,
        forecastCategory: s.forecastCategory,
        createdDate: isoDateTime(s.at)
    }));
    const finalStage =
        mechanism.stages.find((s) => s.stage.name === state.stageName)?.stage ??
        (state.stageName === mechanism.wonStage.name ? mechanism.wonStage : mechanism.lostStage);

    const opportunity: OpportunityRecord = {
        id: opportunityId,
        name: `${accountName(account)} - ${PRODUCTS[index % PRODUCTS.length]}`,
        accountId: accountId(account),
        ownerId: userId(rep.index),
        ownerName: rep.name,
        amount: state.amount,
        closeDate: state.closeDate,
        stageName: state.stageName,
        probability: state.probability,
        forecastCategory: state.forecastCategory,
        isClosed: finalStage.isClosed,
        isWon: finalStage.isWon,
        createdDate: isoDateTime(createdAt),
        lastModifiedDate: isoDateTime(lastModified),
        fields: values
    };
    return { opportunity, stageHistory: stageRows, fieldHistory: fieldRows, truth };
}

/**
 * Yields the deals one by one. Deterministic: one seeded generator is consumed in deal order, so the
 * same seed and options give the same deals (the deal count is an option too: it spreads creation
 * dates and sizes the account list).
 */
export function* generateHistory(
    salesProcess: ProcessDefinition,
    options: GenerateOptions
): Generator<GeneratedDeal> {
    const opts = resolveGenerateOptions(salesProcess, options);
    const random = createRandom(`stageplay-history|${opts.seed}`);
    const counters: Counters = { stageHistory: 0, fieldHistory: 0 };
    for (let index = 0; index < opts.deals; index++) yield simulateDeal(index, opts, random, counters);
}

/** The generated deals' rows as a Dataset holds them: opportunities, stage history and field history. */
export interface GeneratedRows {
    opportunities: OpportunityRecord[];
    stageHistory: StageHistoryRow[];
    fieldHistory: FieldHistoryRow[];
}

/**
 * `generateHistory` collected into the three row lists, in memory: what the statistical tests and the
 * benches build deal paths from without the CSV round trip (the generator's own tests cover that).
 */
export function generatedRows(salesProcess: ProcessDefinition, options: GenerateOptions): GeneratedRows {
    const rows: GeneratedRows = { opportunities: [], stageHistory: [], fieldHistory: [] };
    for (const deal of generateHistory(salesProcess, options)) {
        rows.opportunities.push(deal.opportunity);
        for (const row of deal.stageHistory) rows.stageHistory.push(row);
        for (const row of deal.fieldHistory) rows.fieldHistory.push(row);
    }
    return rows;
}

export interface GenerateSummary {
    dir: string;
    deals: number;
    won: number;
    lost: number;
    open: number;
    /** Rows written per file. */
    rows: DataExportCounts;
    /** Rows of the quota, login and task files, by file name. */
    performanceRows: Record<string, number>;
}

/**
 * Writes a complete Data Export folder: OpportunityStage.csv (the process's stages), User.csv,
 * Account.csv, Opportunity.csv with every capture field, OpportunityHistory.csv and
 * OpportunityFieldHistory.csv. Streams deal by deal, waiting on the disk, in constant memory.
 */
export async function generateDataExport(
    dir: string,
    salesProcess: ProcessDefinition,
    options: GenerateOptions
): Promise<GenerateSummary> {
    const opts = resolveGenerateOptions(salesProcess, options);
    const fields = [...new Set(salesProcess.parameters.map((p) => p.field))];
    const writer = await createDataExportWriter(dir, {
        opportunityFields: fields,
        alwaysWrite: ['stage', 'user', 'account', 'stageHistory', 'fieldHistory'],
        accountFinance: true
    });
    const summary = { won: 0, lost: 0, open: 0 };
    const performance = createPerformanceWriter(dir);
    try {
        let stageNumber = 0;
        for (const stage of [...salesProcess.stages].sort((a, b) => a.sortOrder - b.sortOrder)) {
            await writer.writeStage({
                ...stage,
                id: salesforceId(KEY_PREFIXES.OpportunityStage, ++stageNumber)
            });
        }
        // Quotas, logins and tasks (issue 12) draw from a stream of their own: the history stays the same.
        const planter = new AdoptionPlanter(opts.mechanism.reps, { ...opts, userId });
        for (const login of planter.logins()) await performance.writeLogin(login);
        const users = generateUsers(opts.mechanism.reps);
        for (const [i, user] of users.entries())
            await writer.writeUser({ ...user, lastLoginDate: planter.lastLogin(opts.mechanism.reps[i]) });
        // Each file is its own stream, so Account.csv can be written after the deals: the ERP sizes a
        // customer's credit to what it buys in a year (won in the last year plus what is open).
        const yearlyVolume = new Map<string, number>();
        const yearAgo = `${Number(opts.today.slice(0, 4)) - 1}${opts.today.slice(4)}`;
        for (const deal of generateHistory(salesProcess, options)) {
            summary[deal.truth.outcome]++;
            const o = deal.opportunity;
            if (
                o.accountId &&
                (!o.isClosed || (o.isWon && o.closeDate > yearAgo && o.closeDate <= opts.today))
            )
                yearlyVolume.set(o.accountId, (yearlyVolume.get(o.accountId) ?? 0) + (o.amount ?? 0));
            await writer.writeOpportunity(o);
            for (const row of deal.stageHistory) await writer.writeStageHistory(row);
            for (const row of deal.fieldHistory) await writer.writeFieldHistory(row);
            for (const task of planter.tasksOf(o, deal.truth.ownerIndex)) await performance.writeTask(task);
        }
        for (const quota of planter.quotas()) await performance.writeQuota(quota);
        for (const account of generateAccounts(opts.accountCount)) {
            const finance = generateAccountFinance(account.id, yearlyVolume.get(account.id) ?? 0, {
                seed: opts.seed,
                today: opts.today
            });
            await writer.writeAccount({ ...account, finance });
        }
    } catch (err) {
        await writer.close().catch(() => undefined);
        await performance.close().catch(() => undefined);
        throw err;
    }
    const rows = await writer.close();
    const performanceRows = await performance.close();
    return { dir, deals: opts.deals, ...summary, rows, performanceRows };
}
