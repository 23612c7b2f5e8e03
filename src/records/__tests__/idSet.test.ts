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

    it('answers addNewAscii from bytes as addNew answers from strings, the two mixed in one set', () => {
        const ids = [
            '0170b000001AbCdEAA',
            '0170b000001AbCdEAB',
            '0170b000001AbCdEAA', // again, its head the last one
            '0180b000001AbCdEAA', // another head of the same length
            '0170b000001AbCdEAB', // back to the first head
            '0170b000001AbCdEA', // one character shorter: a different head
            '0170b000001AbCdE-A', // not base-62 in its tail
            '0170b000001AbCdE-A',
            '0170b-00001AbCdEAA', // not base-62 in its head
            '0170b-00001AbCdEAA',
            'abcd', // no head
            'abcd',
            'abc'
        ];
        const bytes = Buffer.from(ids.join(''), 'latin1');
        const byBytes = new CompactIdSet();
        const byText = new CompactIdSet();
        let start = 0;
        ids.forEach((id, i) => {
            const end = start + id.length;
            // Every other id goes in as text, as the main thread's own rows do beside a worker's.
            const answer = i % 3 === 2 ? byBytes.addNew(id) : byBytes.addNewAscii(bytes, start, end);
            expect(answer).toBe(byText.addNew(id));
            expect(byBytes.size).toBe(byText.size);
            start = end;
        });
        for (const id of ids) expect(byBytes.has(id)).toBe(true);
        expect(byBytes.has('0170b000001AbCdEAC')).toBe(false);
    });
});
