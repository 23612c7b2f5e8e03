import { readFileSync } from 'node:fs';
import {
    bootstrapMeanIntervals,
    resampleMeans,
    seededUniform,
    useResampleKernel,
    type ResampleKernel
} from '../../core';
import {
    assembleWat,
    RESAMPLE_WAT,
    wasmModuleSource,
    RESAMPLE_WASM_MODULE
} from '../../../scripts/build-wasm';
import { wasmResampleMeans } from '../resampleKernel';

/** A state as sfc32 leaves it: four words from a seeded stream (any bits will do). */
function stateOf(seed: string): Int32Array {
    const uniform = seededUniform(seed);
    return Int32Array.from({ length: 4 }, () => Math.floor(uniform.next() * 4294967296) | 0);
}

/** The kernel's and the JavaScript loop's means and end states, each on its own copy of the state. */
function bothWays(
    seed: string,
    n: number,
    count: number,
    codes: Uint16Array | null,
    tables: ArrayLike<number>[]
) {
    const jsState = stateOf(seed);
    const wasmState = stateOf(seed);
    const js = resampleMeans(jsState, n, count, codes, tables);
    const wasm = wasmResampleMeans(wasmState, n, count, codes, tables);
    return { js, wasm, jsState, wasmState };
}

/** Bit for bit: `Object.is` tells -0 from +0 and takes NaN as NaN. */
function expectSameBits(actual: ArrayLike<number> | null, expected: ArrayLike<number>): void {
    expect(actual).not.toBeNull();
    expect(Array.from(actual as ArrayLike<number>).map((x) => (Object.is(x, -0) ? '-0' : String(x)))).toEqual(
        Array.from(expected).map((x) => (Object.is(x, -0) ? '-0' : String(x)))
    );
}

describe('the WebAssembly resample kernel', () => {
    it('is the assembled resample.wat (run `npm run build:wasm` after editing the .wat)', async () => {
        const bytes = await assembleWat(RESAMPLE_WAT);
        expect(readFileSync(RESAMPLE_WASM_MODULE, 'utf8')).toBe(wasmModuleSource(bytes));
    });

    const uniform = seededUniform('kernel inputs');
    const values = (length: number, distinct: number) =>
        Float64Array.from({ length }, () => Math.floor(uniform.next() * distinct) / 7 - 0.3);

    it.each([
        ['one row', 1, 1, 50],
        ['a few rows, one column', 7, 1, 200],
        ['one column, 1,500 rows', 1500, 1, 100],
        ['five columns, 3,000 rows', 3000, 5, 40],
        ['two columns, 70,000 rows', 70000, 2, 3]
    ])('gives the JavaScript loop’s means and end state, coded rows: %s', (_, n, k, count) => {
        const distinct = Math.max(1, Math.floor(n / 3));
        const tables = Array.from({ length: k }, () => values(distinct, 1000));
        const codes = Uint16Array.from({ length: n }, () => Math.floor(uniform.next() * distinct));
        const { js, wasm, jsState, wasmState } = bothWays(`coded ${n}`, n, count, codes, tables);
        expectSameBits(wasm, js);
        expect(Array.from(wasmState)).toEqual(Array.from(jsState));
    });

    it.each([
        ['one column', 80000, 1, 4],
        ['five columns', 20000, 5, 10]
    ])('gives the JavaScript loop’s means, rows as they are: %s', (_, n, k, count) => {
        const tables = Array.from({ length: k }, () => Array.from(values(n, 1e9)));
        const { js, wasm } = bothWays(`uncoded ${n}`, n, count, null, tables);
        expectSameBits(wasm, js);
    });

    it('adds NaN, infinities and signed zeros as JavaScript does', () => {
        const tables = [
            [0, -0, 1, NaN, 2],
            [-0, -0, -0, -0, -0],
            [Infinity, 1, -Infinity, 2, 3]
        ];
        const { js, wasm } = bothWays('odd values', 5, 300, null, tables);
        expectSameBits(wasm, js);
        const negativeZeros = bothWays('negative zeros', 5, 10, null, [[-0, -0, -0, -0, -0]]);
        expectSameBits(negativeZeros.wasm, negativeZeros.js);
    });

    it('takes the doubles’ steps for more than 2^21 rows, where the product of doubles rounds', () => {
        const n = 2 ** 21 + 12345;
        const tables = [values(n, 1e6)];
        const { js, wasm, jsState, wasmState } = bothWays('many rows', n, 2, null, tables);
        expectSameBits(wasm, js);
        expect(Array.from(wasmState)).toEqual(Array.from(jsState));
        // The large memory was let go; the next call builds a fresh instance.
        const small = bothWays('after', 100, 50, null, [values(100, 10)]);
        expectSameBits(small.wasm, small.js);
    });
});

describe('bootstrapMeanIntervals with a kernel', () => {
    afterEach(() => useResampleKernel(wasmResampleMeans));

    it('gives the same intervals with the WebAssembly kernel, the JavaScript loop, or a kernel that declines', () => {
        const uniform = seededUniform('intervals');
        const columns = [0, 1].map(() =>
            Array.from({ length: 2000 }, () => Math.round(uniform.next() * 40) / 10)
        );
        const levels = [0.5, 0.8, 0.95, 0.99];
        const run = () => levels.map((level) => bootstrapMeanIntervals(columns, 'seed', 400, level));
        useResampleKernel(wasmResampleMeans);
        const withWasm = run();
        useResampleKernel(null);
        const withLoop = run();
        const declined: ResampleKernel = jest.fn(() => null);
        useResampleKernel(declined);
        const afterDecline = run();
        expect(withWasm).toEqual(withLoop);
        expect(afterDecline).toEqual(withLoop);
        expect(declined).toHaveBeenCalled();
    });
});
