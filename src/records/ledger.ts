/**
 * The data-quality ledger: for every file (or org object) a command read, how many rows came in,
 * how many were used as they were, how many were used after a repair (and which), and how many
 * were rejected (and why, with where). Missing optional files are listed with what their absence
 * changes. Every output (terminal, --json, report.html, data-quality.csv) shows it, and its verdict
 * decides the exit code: nothing is dropped or defaulted silently.
 */
import type { DataProblem, Dataset, ProblemOutcome } from '../dataset';

/** Above this share of rejected rows in any source, the run is "partial" (exit 4). */
export const PARTIAL_REJECTED_SHARE = 0.01;
/** Above this share of rejected opportunities or stage history rows, the data is unfit (exit 6). */
export const UNFIT_REJECTED_SHARE = 0.2;
/** Issues kept with their location; beyond this only the counts grow (million-row inputs). */
export const MAX_LISTED_ISSUES = 10_000;

export interface SourceTally {
    /** File (`Opportunity.csv`) or org object (`Opportunity`). */
    source: string;
    read: number;
    /** Used, with or without a repair. */
    accepted: number;
    /** Accepted after a repair (a value dropped, defaulted or corrected). */
    repaired: number;
    rejected: number;
    /** Rows deliberately passed over (e.g. field history of fields no parameter uses). */
    skipped: number;
}

export interface MissingSource {
    source: string;
    /** What its absence changes, in the user's terms. */
    consequence: string;
    /** An essential source makes the data unfit when missing or empty. */
    essential: boolean;
}

/** Counts per (source, outcome, kind of problem), with the first place it was seen. */
export interface IssueKind {
    source: string;
    outcome: ProblemOutcome;
    kind: string;
    count: number;
    first: DataProblem;
}

export interface DateSpan {
    /** Earliest and latest Opportunity.CreatedDate (date part). */
    createdFrom: string | null;
    createdTo: string | null;
    /** Earliest and latest Opportunity.CloseDate. */
    closeFrom: string | null;
    closeTo: string | null;
    /** Earliest and latest stage change (OpportunityHistory.CreatedDate, date part). */
    historyFrom: string | null;
    historyTo: string | null;
}

/** A span nothing has widened yet. */
function emptySpan(): DateSpan {
    return {
        createdFrom: null,
        createdTo: null,
        closeFrom: null,
        closeTo: null,
        historyFrom: null,
        historyTo: null
    };
}

export type Verdict = 'ok' | 'partial' | 'unfit';

export interface DataQuality {
    sources: SourceTally[];
    missing: MissingSource[];
    kinds: IssueKind[];
    /** Total issues, including those beyond `MAX_LISTED_ISSUES`. */
    issueCount: number;
    /** Notes that are not per-row problems (e.g. "412 open deals have no Amount"). */
    notes: string[];
    span: DateSpan;
    verdict: Verdict;
    /** Why the verdict is not "ok". */
    reasons: string[];
}

function emptyTally(source: string): SourceTally {
    return { source, read: 0, accepted: 0, repaired: 0, rejected: 0, skipped: 0 };
}

function minDate(a: string | null, b: string): string {
    return a === null || b < a ? b : a;
}
function maxDate(a: string | null, b: string): string {
    return a === null || b > a ? b : a;
}

export class DataQualityLedger {
    readonly problems: DataProblem[] = [];
    private readonly tallies = new Map<string, SourceTally>();
    private readonly missingSources: MissingSource[] = [];
    private readonly kinds = new Map<string, IssueKind>();
    private readonly noteList: string[] = [];
    private issueCount = 0;
    readonly span: DateSpan = emptySpan();

    tally(source: string): SourceTally {
        let tally = this.tallies.get(source);
        if (!tally) {
            tally = emptyTally(source);
            this.tallies.set(source, tally);
        }
        return tally;
    }

    /** Records a problem; `kind` groups like problems ("Amount not a number") for the summary. */
    issue(problem: DataProblem, kind: string): void {
        this.issueCount++;
        if (this.problems.length < MAX_LISTED_ISSUES) this.problems.push(problem);
        const key = `${problem.source}\u0000${problem.outcome}\u0000${kind}`;
        const existing = this.kinds.get(key);
        if (existing) existing.count++;
        else
            this.kinds.set(key, {
                source: problem.source,
                outcome: problem.outcome,
                kind,
                count: 1,
                first: problem
            });
    }

    /** Whether a source was read at all (its tally exists). */
    wasRead(source: string): boolean {
        return this.tallies.has(source);
    }

    missing(source: string, consequence: string, essential = false): void {
        this.missingSources.push({ source, consequence, essential });
    }

    note(text: string): void {
        this.noteList.push(text);
    }

    seeDeal(createdDate: string, closeDate: string): void {
        const created = createdDate.slice(0, 10);
        this.span.createdFrom = minDate(this.span.createdFrom, created);
        this.span.createdTo = maxDate(this.span.createdTo, created);
        this.span.closeFrom = minDate(this.span.closeFrom, closeDate);
        this.span.closeTo = maxDate(this.span.closeTo, closeDate);
    }

    seeStageChange(createdDate: string): void {
        const day = createdDate.slice(0, 10);
        this.span.historyFrom = minDate(this.span.historyFrom, day);
        this.span.historyTo = maxDate(this.span.historyTo, day);
    }

    /**
     * A reader's records closed into a dataset with this ledger's problems and verdict: the export
     * reader and the org reader end alike, whatever their `essential` sources are called. The history
     * tables are read in full by then: they keep their rows, not the room their columns doubled into.
     */
    dataset(
        records: Omit<Dataset, 'problems' | 'quality'>,
        essential: { opportunity: string; stageHistory: string }
    ): Dataset {
        records.stageHistory.compact();
        records.fieldHistory.compact();
        return { ...records, problems: this.problems, quality: this.summarize(essential) };
    }

    /**
     * The verdict. `essential` names the sources without which numbers would be wrong rather than
     * merely thinner (opportunities and their stage history).
     */
    summarize(essential: { opportunity: string; stageHistory: string }): DataQuality {
        const reasons: string[] = [];
        let verdict: Verdict = 'ok';
        const worsen = (to: Verdict, reason: string) => {
            reasons.push(reason);
            if (to === 'unfit' || verdict === 'ok') verdict = to;
        };
        for (const m of this.missingSources)
            if (m.essential) worsen('unfit', `${m.source} is missing: ${m.consequence}`);
        for (const source of [essential.opportunity, essential.stageHistory]) {
            const tally = this.tally(source);
            if (this.missingSources.some((m) => m.source === source)) continue;
            if (tally.accepted === 0) {
                worsen(
                    'unfit',
                    tally.read === 0
                        ? `${source} has no rows: ${source === essential.stageHistory ? 'without stage history the pipeline cannot be replayed and no backtest can be computed' : 'there are no deals'}`
                        : `all ${tally.read} rows of ${source} were rejected`
                );
            } else if (tally.rejected / tally.read > UNFIT_REJECTED_SHARE) {
                worsen(
                    'unfit',
                    `${tally.rejected} of ${tally.read} rows of ${source} were rejected (more than ${UNFIT_REJECTED_SHARE * 100}%)`
                );
            }
        }
        for (const tally of this.tallies.values()) {
            if (tally.read === 0 || tally.accepted === 0) continue;
            const share = tally.rejected / tally.read;
            if (share > PARTIAL_REJECTED_SHARE && share <= UNFIT_REJECTED_SHARE) {
                worsen(
                    'partial',
                    `${tally.rejected} of ${tally.read} rows of ${tally.source} were rejected (more than ${PARTIAL_REJECTED_SHARE * 100}%)`
                );
            } else if (
                share > UNFIT_REJECTED_SHARE &&
                tally.source !== essential.opportunity &&
                tally.source !== essential.stageHistory
            ) {
                worsen('partial', `${tally.rejected} of ${tally.read} rows of ${tally.source} were rejected`);
            }
        }
        return {
            sources: [...this.tallies.values()].map((t) => ({ ...t })),
            missing: [...this.missingSources],
            kinds: [...this.kinds.values()].sort((a, b) => b.count - a.count),
            issueCount: this.issueCount,
            notes: [...this.noteList],
            span: { ...this.span },
            verdict,
            reasons
        };
    }
}

/** "Opportunity.csv:12:Amount" or "Opportunity 006...:Amount": where a problem is. */
export function locationOf(problem: DataProblem): string {
    const parts = [problem.source];
    if (problem.line !== null) parts.push(String(problem.line));
    else if (problem.recordId) parts[0] = `${problem.source} ${problem.recordId}`;
    if (problem.column) parts.push(problem.column);
    return parts.join(':');
}

/** The ledger of a dataset built in memory (tests, the generator's answers): nothing read, nothing wrong. */
export function inMemoryQuality(): DataQuality {
    return {
        sources: [],
        missing: [],
        kinds: [],
        issueCount: 0,
        notes: [],
        span: emptySpan(),
        verdict: 'ok',
        reasons: []
    };
}
