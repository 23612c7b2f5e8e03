/**
 * What the generator plants for the KPIs and adoption (issue 12): a quota per rep per month, set at a
 * multiple of what the rep books on average (honest reps around their bookings, the padders well above
 * them, so they under-attain), and uneven use of the CRM: the padders (`DEFAULT_PADDERS`) log in on
 * fewer days, last logged in longer ago and complete fewer of their tasks.
 *
 * It draws from its own random stream (seeded from the history's seed and a label of its own), so
 * the opportunity history of a seed is the same with or without it.
 */
import type { OpportunityRecord } from '../core';
import { addDays, periodOf, periodsBetween } from '../core';
import type { LoginExportRow, QuotaExportRow, TaskExportRow } from '../dataExport/writePerformance';
import type { RepModel } from './mechanism';
import { createRandom, type Random } from './random';

/** How each kind of rep uses the CRM. */
export const ADOPTION_HABITS = {
    honest: { loginChance: 0.85, taskCompletion: 0.9, lastLoginDaysAgo: [0, 2] },
    padder: { loginChance: 0.3, taskCompletion: 0.5, lastLoginDaysAgo: [6, 20] }
} as const;

/**
 * Quota ÷ the rep's mean monthly bookings, drawn once per rep: honest reps get quotas near what they
 * book (some a little above, so they miss now and then), padders 35-60% above it.
 */
export const QUOTA_MULTIPLE = { honest: [0.85, 1.1], padder: [1.35, 1.6] } as const;
/** Month-to-month spread of a rep's quota around its level (lognormal sigma). */
const QUOTA_MONTHLY_SIGMA = 0.08;
/** Quotas are rounded to this, as sales leaders set them. */
const QUOTA_ROUNDING = 1_000;
/** The first months of the history have a pipeline still filling up: they do not set the level. */
const RAMP_UP_MONTHS = 6;
/** Months after the current one that already have quotas (the current quarter and the next ones). */
const QUOTA_MONTHS_AHEAD = 6;
/** Tasks a rep logs per deal (a call, a follow-up), due a few days after each is created. */
export const TASKS_PER_DEAL = 2;

const MONTHS = { unit: 'month', fiscalYearStartMonth: 1 } as const;

function habitsOf(rep: RepModel) {
    return rep.pads ? ADOPTION_HABITS.padder : ADOPTION_HABITS.honest;
}

function isWeekday(date: string): boolean {
    const day = new Date(`${date}T00:00:00.000Z`).getUTCDay();
    return day !== 0 && day !== 6;
}

export interface AdoptionPlanOptions {
    seed: string;
    today: string;
    startDate: string;
    /** User id of a rep (by index). */
    userId: (index: number) => string;
}

export class AdoptionPlanter {
    private readonly random: Random;
    private readonly booked = new Map<string, number>();
    private readonly lastLogins = new Map<number, string>();

    constructor(
        private readonly reps: readonly RepModel[],
        private readonly options: AdoptionPlanOptions
    ) {
        this.random = createRandom(`stageplay-adoption|${options.seed}`);
    }

    /**
     * LoginHistory: on each weekday of the history, a login with the rep's chance, none in the last
     * few days (more of them for the padders). Remembers each rep's last login for `lastLogin`.
     */
    *logins(): Generator<LoginExportRow> {
        const quietFrom = this.reps.map((rep) => {
            const [low, high] = habitsOf(rep).lastLoginDaysAgo;
            return addDays(this.options.today, 1 - this.random.int(low, high));
        });
        for (let day = this.options.startDate; day <= this.options.today; day = addDays(day, 1)) {
            if (!isWeekday(day)) continue;
            for (const rep of this.reps) {
                if (day >= quietFrom[rep.index] || !this.random.bernoulli(habitsOf(rep).loginChance))
                    continue;
                const minute = this.random.int(7 * 60, 10 * 60);
                const at = `${day}T${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}:00.000Z`;
                this.lastLogins.set(rep.index, at);
                yield { userId: this.options.userId(rep.index), loginTime: at };
            }
        }
    }

    /** `User.LastLoginDate`: the rep's last login in `logins` (run it first); null when none. */
    lastLogin(rep: RepModel): string | null {
        return this.lastLogins.get(rep.index) ?? null;
    }

    /**
     * The deal's tasks: created while the deal was open, due 3-10 days later; done with the rep's
     * completion rate once due, open while not yet due. Also notes what the deal booked, for the quotas.
     */
    tasksOf(deal: OpportunityRecord, ownerIndex: number): TaskExportRow[] {
        const rep = this.reps[ownerIndex];
        if (deal.isClosed && deal.isWon && deal.amount !== null && deal.closeDate <= this.options.today) {
            const key = `${ownerIndex}|${deal.closeDate.slice(0, 7)}`;
            this.booked.set(key, (this.booked.get(key) ?? 0) + deal.amount);
        }
        const created = deal.createdDate.slice(0, 10);
        const end = deal.isClosed ? deal.closeDate : this.options.today;
        const span = Math.max(0, Math.round((Date.parse(end) - Date.parse(created)) / 86_400_000));
        const tasks: TaskExportRow[] = [];
        for (let i = 0; i < TASKS_PER_DEAL; i++) {
            const on = addDays(created, Math.floor(this.random.next() * (span + 1)));
            const due = addDays(on, this.random.int(3, 10));
            const done = this.random.bernoulli(habitsOf(rep).taskCompletion);
            if (on > this.options.today) continue;
            tasks.push({
                ownerId: deal.ownerId,
                whatId: deal.id,
                subject: i === 0 ? 'Call' : 'Follow up',
                completed: due <= this.options.today && done,
                activityDate: due,
                createdDate: `${on}T09:00:00.000Z`
            });
        }
        return tasks;
    }

    /**
     * A quota per rep per month of the history, the current month and the next six: the rep's mean monthly
     * bookings after the ramp-up × the rep's multiple × a little monthly spread. Call after every deal
     * went through `tasksOf`. Monthly quotas add up to any quarter, calendar or fiscal.
     */
    quotas(): QuotaExportRow[] {
        // Quotas are set ahead: through the months the forecast looks at after today's.
        const months = periodsBetween(
            this.options.startDate,
            addDays(this.options.today, QUOTA_MONTHS_AHEAD * 31),
            MONTHS
        );
        const current = periodOf(this.options.today, MONTHS).key;
        const level = months.slice(RAMP_UP_MONTHS).filter((m) => m.key < current);
        const rows: QuotaExportRow[] = [];
        for (const rep of this.reps) {
            const total = level.reduce(
                (sum, m) => sum + (this.booked.get(`${rep.index}|${m.start.slice(0, 7)}`) ?? 0),
                0
            );
            const mean = level.length > 0 ? total / level.length : 0;
            const [low, high] = rep.pads ? QUOTA_MULTIPLE.padder : QUOTA_MULTIPLE.honest;
            const multiple = this.random.uniform(low, high);
            for (const m of months) {
                const amount =
                    Math.round(
                        (mean * multiple * this.random.lognormal(0, QUOTA_MONTHLY_SIGMA)) / QUOTA_ROUNDING
                    ) * QUOTA_ROUNDING;
                if (amount <= 0) continue;
                rows.push({
                    repId: this.options.userId(rep.index),
                    periodStart: m.start,
                    periodEnd: m.end,
                    amount
                });
            }
        }
        return rows;
    }
}
