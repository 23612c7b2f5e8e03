/**
 * The canonical digest behind `npm run bench:scale`'s MATCH / DIFFERS check (bench/digest.ts): it must
 * ignore what only says when a run happened and catch any changed answer, with the path to it.
 */
import { canonicalize, compareDigests, digestFile, digestTree, firstDifference } from '../bench/digest';

const reconciliation = {
    generatedAt: '2026-11-26T17:00:00.000Z',
    asOf: '2026-11-15',
    periods: [
        { period: '2026-Q3', booked: 1250000.5, stated: 1300000.25, fittedAt: '2026-11-15T00:00:00.000Z' },
        { period: '2026-Q4', booked: 0, stated: 980000.75, fittedAt: '2026-11-15T00:00:00.000Z' }
    ],
    owners: { u1: { deals: 3 }, u2: { deals: 4 } }
};

function digestJson(value: unknown) {
    return digestFile('reconciliation.json', JSON.stringify(value));
}

describe('bench digest', () => {
    test('timestamps and key order do not change the digest', () => {
        const later = {
            owners: { u2: { deals: 4 }, u1: { deals: 3 } },
            periods: reconciliation.periods.map((p) => ({ ...p, fittedAt: '2027-01-01T09:30:00.000Z' })),
            asOf: '2026-11-15',
            generatedAt: '2026-11-27T08:15:00.000Z'
        };
        expect(digestJson(later)).toEqual(digestJson(reconciliation));
    });

    test("the input folder's location is not an answer, but a nested `source` still is", () => {
        const withSource = (source: string, file: string) => ({
            ...reconciliation,
            source,
            dataQuality: { sources: [{ source: file, read: 6 }] }
        });
        const reference = digestJson(withSource('data /work/benchdata/d100000', 'Opportunity.csv'));
        expect(digestJson(withSource('data bench/.cache/d100000/data', 'Opportunity.csv'))).toEqual(
            reference
        );
        expect(firstDifference(reference, digestJson(withSource('data x', 'User.csv')))).toBe(
            '$.dataQuality.sources[0].source'
        );
    });

    test('float noise below 12 significant digits is the same answer', () => {
        const noisy = structuredClone(reconciliation);
        noisy.periods[0].stated = 1300000.25 * (1 + 1e-15);
        expect(noisy.periods[0].stated).not.toBe(reconciliation.periods[0].stated);
        expect(digestJson(noisy)).toEqual(digestJson(reconciliation));
    });

    test('a changed number is caught, with the path to it', () => {
        const changed = structuredClone(reconciliation);
        changed.periods[1].stated = 980000.76;
        const [result] = compareDigests(
            { 'reconciliation.json': digestJson(reconciliation) },
            { 'reconciliation.json': digestJson(changed) }
        );
        expect(result).toEqual({
            file: 'reconciliation.json',
            match: false,
            difference: '$.periods[1].stated'
        });
    });

    test('a key present on one side only is reported as such', () => {
        const fewer = structuredClone(reconciliation) as Partial<typeof reconciliation>;
        delete fewer.owners;
        expect(firstDifference(digestJson(reconciliation), digestJson(fewer))).toBe(
            '$.owners (missing in this run)'
        );
    });

    test('CSV: an ignored timestamp column is dropped, a changed cell is caught by row and column', () => {
        const csv = (amount: string, fitted: string) =>
            `Name,Amount,Fitted_At__c\nAcme,100.50,${fitted}\nGlobex,${amount},${fitted}\n`;
        const reference = digestFile('deals.csv', csv('200', '2026-11-15T00:00:00Z'));
        expect(digestFile('deals.csv', csv('200.0', '2026-12-01T10:00:00Z'))).toEqual(reference);
        expect(firstDifference(reference, digestFile('deals.csv', csv('201', '2026-11-15T00:00:00Z')))).toBe(
            '$[1].Amount'
        );
    });

    test('long arrays are traced through slices down to the element that changed', () => {
        const rows = Array.from({ length: 5000 }, (_, i) => ({ id: i, amount: i * 10 }));
        const changed = rows.map((r) => (r.id === 4321 ? { ...r, amount: -1 } : r));
        const options = { nodeBudget: 100_000 };
        const difference = firstDifference(
            digestTree(canonicalize(rows), options),
            digestTree(canonicalize(changed), options)
        );
        expect(difference).toBe('$[4096..4999][4320..4351][4321].amount');
    });

    test('the node budget bounds the tree but the root hash still covers everything', () => {
        const rows = Array.from({ length: 5000 }, (_, i) => ({ id: i }));
        const small = digestTree(canonicalize(rows), { nodeBudget: 10 });
        const changed = digestTree(canonicalize([...rows.slice(0, 4999), { id: -1 }]), { nodeBudget: 10 });
        expect(Object.keys(small.children ?? {})).toHaveLength(5);
        expect(small.children?.['[0..1023]'].children).toBeUndefined();
        expect(firstDifference(small, changed)).toBe('$[4096..4999]');
    });

    test('files other than JSON and CSV are refused rather than compared as nothing', () => {
        expect(() => digestFile('report.html', '<html></html>')).toThrow(/only .json and .csv/);
    });
});
