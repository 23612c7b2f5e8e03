/**
 * An exact set of record ids that costs a fraction of a `Set<string>`. The ledger remembers every
 * history row's id to reject duplicates: 9.5M ids at 1M opportunities, ~60 bytes each as strings,
 * and past 2^24 entries a single JavaScript `Set` throws. Ids are base-62 text, so an id splits into
 * its leading characters (a string key shared by millions of sequential ids) and its last four
 * characters as a small integer (62^4 < 2^24, so no inner set can overflow). Any other text (not
 * base-62, or too short) is kept as a string: exactness never depends on the id's shape.
 *
 * Checking an id is most of what reading a history row costs beyond its cells, so the split reads
 * character codes (no regular expression, no object per id), and the last head's set is kept: an
 * export lists a file's ids in order, so the next id almost always shares it, and the head is then
 * neither cut out as a new string nor looked up.
 */
import { base62Digit as digit } from '../core';

const TAIL_LENGTH = 4;

export class CompactIdSet {
    private readonly byHead = new Map<string, Set<number>>();
    private readonly other = new Set<string>();
    private count = 0;
    private lastHead = '';
    private lastTails: Set<number> | null = null;
    /** The tails `split` found under the id's head (undefined: none yet, and not made). */
    private found: Set<number> | undefined = undefined;

    get size(): number {
        return this.count;
    }

    has(id: string): boolean {
        const tail = this.split(id, false);
        if (tail < 0) return this.other.has(id);
        return this.found?.has(tail) ?? false;
    }

    add(id: string): void {
        this.addNew(id);
    }

    /** Adds `id`; false when it was there already (one split and one lookup for `has` then `add`). */
    addNew(id: string): boolean {
        const tail = this.split(id, true);
        if (tail < 0) {
            if (this.other.has(id)) return false;
            this.other.add(id);
            this.count++;
            return true;
        }
        const tails = this.found!;
        if (tails.has(tail)) return false;
        tails.add(tail);
        this.count++;
        return true;
    }

    /**
     * `addNew` for an id given as ASCII bytes (`bytes[start..end)`, as a worker thread ships history ids):
     * the same answer, without making a string of the id unless its head is new or it is not base-62.
     */
    addNewAscii(bytes: Uint8Array, start: number, end: number): boolean {
        const cut = end - TAIL_LENGTH;
        let same = this.lastTails !== null && cut - start === this.lastHead.length;
        for (let i = start; same && i < cut; i++) same = bytes[i] === this.lastHead.charCodeAt(i - start);
        if (!same) return this.addNew(latin1(bytes, start, end));
        let tail = 0;
        for (let i = cut; i < end; i++) {
            const d = digit(bytes[i]);
            if (d < 0) return this.addNew(latin1(bytes, start, end));
            tail = tail * 62 + d;
        }
        const tails = this.lastTails!;
        if (tails.has(tail)) return false;
        tails.add(tail);
        this.count++;
        return true;
    }

    /**
     * The last four characters of a base-62 id as a number (its head's tails in `found`, made when
     * `create`), or -1 when the id is too short or not base-62. A head equal to the last one was
     * checked then: it is neither checked again, nor cut out, nor looked up.
     */
    private split(id: string, create: boolean): number {
        const n = id.length;
        const cut = n - TAIL_LENGTH;
        if (cut <= 0) return -1;
        const last = this.lastTails !== null && cut === this.lastHead.length && id.startsWith(this.lastHead);
        if (!last) for (let i = 0; i < cut; i++) if (digit(id.charCodeAt(i)) < 0) return -1;
        let tail = 0;
        for (let i = cut; i < n; i++) {
            const d = digit(id.charCodeAt(i));
            if (d < 0) return -1;
            tail = tail * 62 + d;
        }
        if (last) {
            this.found = this.lastTails!;
            return tail;
        }
        const head = id.slice(0, cut);
        let tails = this.byHead.get(head);
        if (!tails && create) {
            tails = new Set();
            this.byHead.set(head, tails);
        }
        this.found = tails;
        if (tails) {
            this.lastHead = head;
            this.lastTails = tails;
        }
        return tail;
    }
}

/** ASCII (or Latin-1) bytes as a string. */
function latin1(bytes: Uint8Array, start: number, end: number): string {
    return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}
