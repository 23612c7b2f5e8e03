import { CompactIdSet } from '../idSet';

describe('CompactIdSet', () => {
    it('answers exactly as a Set<string> would, for ids of every shape', () => {
        const ids = [
            '0170b000001AbCdEAA',
            '0170b000001AbCdeAA', // differs only in case
            '0170b000001AbCdEAB',
            '0170b000001AbCdE', // shorter, same leading characters
            '0170b000001zzzzzAA',
            '00000000000000000',
            'zzzz',
            'abc',
            '',
            'not-base-62!',
            '0170b000001AbCdEAA ' // trailing space is another id
        ];
        const compact = new CompactIdSet();
        const plain = new Set<string>();
        for (const id of [...ids, ...ids.slice(0, 4)]) {
            expect(compact.has(id)).toBe(plain.has(id));
            compact.add(id);
            plain.add(id);
            expect(compact.size).toBe(plain.size);
        }
        for (const id of ids) expect(compact.has(id)).toBe(true);
        expect(compact.has('0170b000001AbCdEAC')).toBe(false);
        expect(compact.has('0170b000001abCdEAA')).toBe(false);
    });

    it('keeps sequential ids apart across the four-character tail boundary', () => {
        const compact = new CompactIdSet();
        const alphabet = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
        const made: string[] = [];
        for (let n = 62 ** 4 - 50; n < 62 ** 4 + 50; n++) {
            let text = '';
            for (let v = n, i = 0; i < 6; i++, v = Math.floor(v / 62)) text = alphabet[v % 62] + text;
            made.push(`0170b000001${text}`);
        }
        for (const id of made) {
            expect(compact.has(id)).toBe(false);
            compact.add(id);
        }
        expect(compact.size).toBe(made.length);
    });

    it('says through addNew whether an id was new, as has-then-add would, ids in or out of order', () => {
        const ids = [
            '0170b000001AbCdEAA',
            '0170b000001AbCdEAB',
            '0170b000001AbCdEAA', // the same id again, right after its head was seen
            '0180b000001AbCdEAA', // another head of the same length
            '0170b000001AbCdEAB', // back to the first head
            '0170b000001AbCdEA', // one character shorter: a different head
            '0170b000001AbCdE-A', // not base-62
            '0170b000001AbCdE-A',
            'abc',
            'abc'
        ];
        const compact = new CompactIdSet();
        const plain = new Set<string>();
        for (const id of ids) {
            expect(compact.addNew(id)).toBe(!plain.has(id));
            plain.add(id);
            expect(compact.size).toBe(plain.size);
            expect(compact.has(id)).toBe(true);
        }
        expect(compact.has('0180b000001AbCdEAB')).toBe(false);
    });
});
