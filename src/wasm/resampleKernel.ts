/**
 * The bootstrap's inner loop on WebAssembly (resample.wat): the core's `ResampleKernel` for the CLI.
 * `bootstrapMeanIntervals` draws resamples × n rows (1,000 × each fit's closed deals); in JavaScript a
 * draw costs 15-20 ns on this project's reference machine, in WebAssembly 2.5-5 ns: the same integer and
 * double steps without the engine's checks. The means are the same bit for bit (the .wat says why; the
 * tests compare both on many inputs). src/core.ts plugs it into the core wherever Node loads the core.
 */
import type { ResampleKernel } from '../core';
import { RESAMPLE_WASM } from './resampleWasm';

/**
 * The part of the WebAssembly API used here. The ES lib the CLI compiles against (ES2023, no DOM)
 * declares none of it; Node has it all.
 */
interface WasmApi {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { exports: unknown };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface ResampleExports {
    memory: { buffer: ArrayBuffer; grow(pages: number): number };
    resampleOne(n: number, codes: number, table: number, sum: number): void;
    resampleMany(n: number, k: number, codes: number, tables: number, sums: number): void;
}

const PAGE = 65536;
/** Where the state words and the sums start; see resample.wat. */
const STATE_AT = 0;
const SUMS_AT = 16;
/**
 * An instance whose memory grew past this is dropped after its call: a large strength check's values
 * (8 bytes per deal) need not stay in memory for the rest of the run; the module stays compiled.
 */
const KEEP_MEMORY_BYTES = 16 * 1024 * 1024;
/** wasm32's limit, 4 GiB; an input past it goes to the JavaScript loop. */
const MAX_MEMORY_BYTES = 4 * 1024 * 1024 * 1024;

let compiled: object | null = null;
let kept: ResampleExports | null = null;

function instance(): ResampleExports {
    if (kept) return kept;
    compiled ??= new wasmApi.Module(RESAMPLE_WASM);
    kept = new wasmApi.Instance(compiled, {}).exports as unknown as ResampleExports;
    return kept;
}

const align8 = (bytes: number) => Math.ceil(bytes / 8) * 8;

/** `ResampleKernel` on the WebAssembly module; null for input past wasm32's memory. */
export const wasmResampleMeans: ResampleKernel = (state, n, count, codes, tables) => {
    const k = tables.length;
    const rows = codes ? (tables[0]?.length ?? 0) : n;
    const codesAt = align8(SUMS_AT + 8 * k);
    const tablesAt = align8(codesAt + (codes ? 2 * n : 0));
    const bytes = tablesAt + 8 * k * rows;
    if (bytes > MAX_MEMORY_BYTES) return null;
    const wasm = instance();
    const pages = Math.ceil(bytes / PAGE) - wasm.memory.buffer.byteLength / PAGE;
    if (pages > 0) wasm.memory.grow(pages);
    const memory = wasm.memory.buffer;
    new Int32Array(memory, STATE_AT, 4).set(state);
    if (codes) new Uint16Array(memory, codesAt, n).set(codes);
    // Row-major: a code's k values side by side.
    const table = new Float64Array(memory, tablesAt, k * rows);
    if (k === 1) table.set(tables[0]);
    else
        for (let j = 0; j < k; j++)
            for (let row = 0, column = tables[j]; row < rows; row++) table[row * k + j] = column[row];
    const sums = new Float64Array(memory, SUMS_AT, k);
    const means = new Float64Array(count * k);
    const codesArg = codes ? codesAt : 0;
    // One call per resample: V8 first runs a module's code from its quick baseline compiler and swaps
    // in the optimised code between calls, so a single long call would stay on the slow code.
    for (let r = 0; r < count; r++) {
        sums.fill(0);
        if (k === 1) wasm.resampleOne(n, codesArg, tablesAt, SUMS_AT);
        else wasm.resampleMany(n, k, codesArg, tablesAt, SUMS_AT);
        for (let j = 0; j < k; j++) means[j * count + r] = sums[j] / n;
    }
    state.set(new Int32Array(memory, STATE_AT, 4));
    if (memory.byteLength > KEEP_MEMORY_BYTES) kept = null;
    return means;
};
