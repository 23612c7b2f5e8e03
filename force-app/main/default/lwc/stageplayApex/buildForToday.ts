/**
 * Building a card's model for today, shared by the Deal Health, Account Health and Sales Goals
 * cards: a bug or a payload the core rejects must read as a message on the page, not a blank card.
 */

/** A card's model, or the message shown in its place. */
export interface Built<M> {
    model: M | null;
    buildError: string | null;
}

/**
 * Calls `build` with today's date (`YYYY-MM-DD`, UTC: the core takes the as-of date, never the clock);
 * an exception becomes "`what` could not be computed: …".
 */
export function buildForToday<M>(what: string, build: (today: string) => M): Built<M> {
    try {
        const today = new Date(Date.now()).toISOString().slice(0, 10);
        return { model: build(today), buildError: null };
    } catch (e) {
        return { model: null, buildError: `${what} could not be computed: ${(e as Error).message}` };
    }
}
