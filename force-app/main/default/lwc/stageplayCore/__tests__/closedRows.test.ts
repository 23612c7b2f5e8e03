import { closedRows, fitBenchmarks } from '../fit';
import { fieldHistoryOf } from '../history';
import { splitHoldout } from '../reconcile';
import type { DealPath, FieldHistoryRow } from '../types';
import { fieldRow, miniProcess, walk, walkedPaths } from './fixtures';

/**
 * 360 deals closing over four weeks (two days each through Qualify and Propose, a gap that varies by
 * deal), Size typed on a day that varies by deal (before or after a stay's midpoint), won more often
 * with a large size; every ninth deal still open. Enough deals that the later cut-offs run the
 * strength check and the earlier ones do not.
 */
function history(): DealPath[] {
    const walks = [];
    const fields: FieldHistoryRow[] = [];
    for (let i = 0; i < 360; i++) {
        const id = `C${String(i).padStart(3, '0')}`;
        const size = (i * 37) % 200;
        const won = size > 60 !== (i % 7 === 0);
        const gaps = [1 + (i % 13), 1 + ((i * 5) % 15)];
        const stages = i % 9 === 4 ? ['Qualify', 'Propose'] : ['Qualify', 'Propose', won ? 'Won' : 'Lost'];
        walks.push(walk(id, stages, { Budget__c: i % 4 === 0, Size__c: size, Tier__c: null }, gaps));
        const day = String(1 + (i % 11)).padStart(2, '0');
        fields.push(fieldRow(id, 'Size__c', `2026-01-${day}T12:00:00.000Z`, null, size));
    }
    return walkedPaths(walks, fields);
}

/** `closedBefore` of src/ops/learn.ts (the core cannot import it): the subset the handle must pick. */
function closedBefore(paths: readonly DealPath[], asOf: string): DealPath[] {
    return paths.filter((p) => p.outcome !== 'open' && p.closedAt !== null && p.closedAt.slice(0, 10) < asOf);
}

/** The same paths as new objects, so nothing a fit kept beside the originals applies to them. */
// A copy carries a path's field history as rows: the columns' timeline is kept beside the original.
const fresh = (paths: readonly DealPath[]): DealPath[] =>
    JSON.parse(
        JSON.stringify(paths.map((path) => ({ ...path, fieldHistory: fieldHistoryOf(path) })))
    ) as DealPath[];

const CUT_OFFS = ['2026-01-01', '2026-01-12', '2026-01-20', '2026-01-26', '2026-02-03', '2026-03-01'];

describe('closedRows: a run reads its closed deals once and fits any subset of them', () => {
    it('fits the deals closed before each cut-off, in any order, as fitBenchmarks does', () => {
        const paths = history();
        // A closed deal without a close instant is never "closed before" (closedBefore's rule).
        const undated = paths.find((p) => p.outcome === 'lost') as DealPath;
        undated.closedAt = null;
        const rows = closedRows(miniProcess(), paths);
        expect(rows.paths).toEqual(paths.filter((p) => p.outcome !== 'open'));
        // Largest first, then smallest, then in between: rows are read as fits first need them.
        for (const asOf of ['2026-01-26', ...CUT_OFFS]) {
            const subset = closedBefore(paths, asOf);
            const positions = rows.closedBefore(asOf);
            expect(Array.from(positions, (i) => rows.paths[i])).toEqual(subset);
            Array.from(positions, (i) => rows.paths[i]).forEach((path, k) => expect(path).toBe(subset[k]));
            const options = { fittedAt: `${asOf}T00:00:00.000Z` };
            expect(rows.fit(positions, options)).toEqual(
                fitBenchmarks(miniProcess(), fresh(subset), options)
            );
        }
        // The cut-offs span runs with and without the strength check.
        const checked = CUT_OFFS.map((asOf) => rows.fit(rows.closedBefore(asOf), { fittedAt: 'x' }));
        expect(checked.map((b) => b.parameterCheck?.verdict)).toContain('notEnoughHistory');
        expect(checked.some((b) => b.parameterCheck?.verdict !== 'notEnoughHistory')).toBe(true);
        expect(checked[0].dealCount).toBe(0);
        expect(checked[checked.length - 1].dealCount).toBe(rows.paths.length - 1);
    });

    it("fits an explicit subset (the calibration's training side) as fitBenchmarks fits those deals", () => {
        const paths = history();
        const rows = closedRows(miniProcess(), paths);
        const before = rows.closedBefore('2026-02-03');
        const { train } = splitHoldout(Array.from(before, (i) => rows.paths[i]));
        const positions = Array.from(before).filter((i) => train.includes(rows.paths[i]));
        expect(positions.length).toBe(train.length);
        expect(positions.length).toBeLessThan(before.length);
        const options = { fittedAt: 'x' };
        expect(rows.fit(positions, options)).toEqual(fitBenchmarks(miniProcess(), fresh(train), options));
        // Out of path order and with a deal twice: as fitBenchmarks fits that list.
        const shuffled = [...positions.slice(40), ...positions.slice(0, 40), positions[3]];
        expect(rows.fit(shuffled, options)).toEqual(
            fitBenchmarks(miniProcess(), fresh(shuffled.map((i) => rows.paths[i])), options)
        );
    });

    it('is a snapshot for one run: a path changed after its row was read is not read again', () => {
        const paths = history();
        const rows = closedRows(miniProcess(), paths);
        const all = rows.closedBefore('2026-03-01');
        const options = { fittedAt: 'x' };
        const first = rows.fit(all, options);
        for (const path of rows.paths) {
            path.outcome = path.outcome === 'won' ? 'lost' : 'won';
            path.fieldHistory = [];
        }
        // fitBenchmarks re-checks every path; the handle keeps what it read.
        expect(fitBenchmarks(miniProcess(), rows.paths, options)).not.toEqual(first);
        expect(rows.fit(all, options)).toEqual(first);
        // A handle built after the change reads the paths as they are now.
        expect(closedRows(miniProcess(), paths).fit(all, options)).toEqual(
            fitBenchmarks(miniProcess(), fresh(rows.paths), options)
        );
    });

    it('orders deals closed at the same instant by id for the strength check, as fitBenchmarks does', () => {
        // Every deal closes at one instant and ids run in another order than the paths: the strength
        // check's older and newer deals are then split by id alone, whatever order the fit lists them in.
        const paths = history();
        paths.forEach((path, i) => {
            path.deal.id = `D${String((i * 97) % 360).padStart(3, '0')}`;
            if (path.outcome !== 'open') path.closedAt = '2026-01-20T12:00:00.000Z';
        });
        const rows = closedRows(miniProcess(), paths);
        const all = rows.closedBefore('2026-02-01');
        const listed = [Array.from(all), Array.from(all).reverse()];
        for (const positions of listed) {
            const subset = positions.map((i) => rows.paths[i]);
            const fitted = rows.fit(positions, { fittedAt: 'x' });
            expect(fitted.parameterCheck?.verdict).not.toBe('notEnoughHistory');
            expect(fitted).toEqual(fitBenchmarks(miniProcess(), fresh(subset), { fittedAt: 'x' }));
        }
    });

    it('ranks the closed deals as one stable sort by close text, then id, would', () => {
        // Close texts of every shape a hand-built path or an export can give: one day at several
        // instants and in two spellings, a text shorter than a day, a day-only text, equal texts and
        // equal ids (left in list order), no closing instant (the close date is used).
        const texts = [
            '2026-01-05T10:00:00.000Z',
            '2026-01-05T09:59:59.999Z',
            '2026-01-05T10:00:00Z',
            '2026-01-05',
            '2026-01',
            '2026-01-04T23:59:59.999Z',
            '2026-01-05T10:00:00.000+0000',
            '2025-12-31T00:00:00.000Z',
            null
        ];
        const paths = history();
        paths.forEach((path, i) => {
            path.deal.id = `E${String((i * 7) % 40).padStart(2, '0')}`;
            if (path.outcome !== 'open') path.closedAt = texts[(i * 5) % texts.length];
            path.deal.closeDate = i % 2 === 0 ? '2026-01-05' : '2026-01-06';
        });
        const rows = closedRows(miniProcess(), paths);
        const closed = rows.paths;
        const when = (k: number): string => closed[k].closedAt ?? closed[k].deal.closeDate;
        const expected = closed
            .map((_path, k) => k)
            .sort((x, y) => {
                if (when(x) !== when(y)) return when(x) < when(y) ? -1 : 1;
                const [a, b] = [closed[x].deal.id, closed[y].deal.id];
                return a === b ? 0 : a < b ? -1 : 1;
            });
        // Shipping no rows reads none (the texts need not parse); the ranks cover every closed deal.
        const rank = rows.ship(new Int32Array(0)).closeRank;
        expect(Array.from(rank)).toEqual(Array.from(closed, (_path, k) => expected.indexOf(k)));
    });

    it('refuses a position that is not one of its deals', () => {
        const rows = closedRows(miniProcess(), history());
        for (const bad of [-1, rows.paths.length, 1.5, NaN]) {
            expect(() => rows.fit([0, bad])).toThrow(RangeError);
        }
    });
});
