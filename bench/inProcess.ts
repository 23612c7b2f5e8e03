/**
 * What the in-process benchmarks over a Data Export share (`heapSteps`, `workerTransfer`): their
 * arguments, the CPU a step took, and the heap still live after it.
 */

/** The Data Export folder and as-of day a benchmark was given, or its usage and exit 2 without a folder. */
export function exportArguments(script: string): { dir: string; asOf: string } {
    const dir = process.argv[2];
    if (!dir) {
        console.error(`usage: tsx --expose-gc ${script} <Data Export folder> [as-of]`);
        process.exit(2);
    }
    return { dir, asOf: process.argv[3] ?? '2026-11-15' };
}

/** CPU seconds (user + system) since `start`: the machine is shared, so wall time says little. */
export function cpuSeconds(start: NodeJS.CpuUsage): number {
    const used = process.cpuUsage(start);
    return (used.user + used.system) / 1e6;
}

/** The heap in use after two forced collections (MB): what is still reachable, not what V8 has let grow. */
export function liveHeapMb(): number {
    const gc = (globalThis as { gc?: () => void }).gc;
    if (!gc) throw new Error('run with --expose-gc (tsx --expose-gc bench/<name>.bench.ts …)');
    gc();
    gc();
    return process.memoryUsage().heapUsed / 1e6;
}
