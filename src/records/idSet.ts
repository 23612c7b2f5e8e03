/**
 * An exact set of record ids that costs a fraction of a `Set<string>`. The ledger remembers every
 * history row's id to reject duplicates: 9.5M ids at 1M opportunities, ~60 bytes each as strings,
 * and past 2^24 entries a single JavaScript `Set` throws. Ids are base-62 text, so an id splits into
 * its leading characters (a string key shared by millions of sequential ids) and its last four
 * characters as a small integer (62^4 < 2^24, so no inner set can overflow). Any other text (not
 * base-62, or too short) is kept as a string: exactness never depends on the id's shape.
 */
const TAIL_LENGTH = 4;
const BASE62 = /^[0-9A-Za-z]+$/;

function digit(code: number): number {
    if (code <= 57) return code - 48; // 0-9
    if (code <= 90) return code - 55; // A-Z
    return code - 61; // a-z
}

export class CompactIdSet {
    private readonly byHead = new Map<string, Set<number>>();
    private readonly other = new Set<string>();
    private count = 0;

    get size(): number {
        return this.count;
    }

    has(id: string): boolean {
        const split = this.split(id);
        if (split === null) return this.other.has(id);
        return this.byHead.get(split.head)?.has(split.tail) ?? false;
    }

    add(id: string): void {
        const split = this.split(id);
        if (split === null) {
            if (!this.other.has(id)) this.count++;
            this.other.add(id);
            return;
        }
        let tails = this.byHead.get(split.head);
        if (!tails) {
            tails = new Set();
            this.byHead.set(split.head, tails);
        }
        if (!tails.has(split.tail)) this.count++;
        tails.add(split.tail);
    }

    private split(id: string): { head: string; tail: number } | null {
        if (id.length <= TAIL_LENGTH || !BASE62.test(id)) return null;
        const cut = id.length - TAIL_LENGTH;
        let tail = 0;
        for (let i = cut; i < id.length; i++) tail = tail * 62 + digit(id.charCodeAt(i));
        return { head: id.slice(0, cut), tail };
    }
}
