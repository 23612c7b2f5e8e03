/**
 * Said before a large Data Export is read, not after: Node stops a run that outgrows its heap with a
 * fatal "JavaScript heap out of memory" and a V8 stack dump, minutes into the work. The export's size
 * tells in advance whether that is likely, and what to do about it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import { DATA_EXPORT_FILES } from '../dataExport/layout';

/**
 * Heap a run needs per byte of the export's CSVs. Measured (docs/scale.md, 2026-11-27, third session):
 * with the history rows held as typed columns outside the heap, all of `reconcile` holds about 1.7
 * bytes per CSV byte (246 MB live for the 147 MB 100k export). On the 1.47 GB 1M export at the 4.07 GB
 * default heap `reconcile` completes in 395 s of CPU, against 329 s with a 9 GB heap: near the limit
 * the collector works harder. 2.5 leaves it room, so the 1M export is still told a larger heap helps.
 */
export const HEAP_BYTES_PER_CSV_BYTE = 2.5;

/** Below this share of the heap limit the estimate says nothing (it is an estimate). */
const WARN_AT_SHARE_OF_LIMIT = 0.9;

const MB = 1024 * 1024;
const GB = 1024 * MB;

function gigabytes(bytes: number): string {
    return `${(bytes / GB).toFixed(bytes < 10 * GB ? 1 : 0)} GB`;
}

/**
 * The warning for an export of `csvBytes` read under a heap limit of `heapLimit` bytes on a machine
 * with `totalMemory` bytes, or null when the run should fit. The suggested heap is twice the estimate,
 * in whole GB (`reconcile` holds more than `learn` while it fits and replays: at 1M, with a 14 GB
 * limit, `learn` peaked at 5.2 GB and `reconcile` higher), and never more than three quarters of the
 * machine's memory (the rest is the system's and the process's own, outside the heap).
 */
export function memoryAdvice(csvBytes: number, heapLimit: number, totalMemory: number): string | null {
    const need = csvBytes * HEAP_BYTES_PER_CSV_BYTE;
    if (need <= heapLimit * WARN_AT_SHARE_OF_LIMIT) return null;
    const said = `this export is ${gigabytes(csvBytes)} of CSV; reading and fitting it takes about ${gigabytes(need)} of memory, ${need > heapLimit ? 'more than' : 'close to'} Node's heap limit here (${gigabytes(heapLimit)}).`;
    const ceiling = Math.floor((totalMemory * 0.75) / GB) * GB;
    const suggested = Math.ceil((need * 2) / GB) * GB;
    if (ceiling <= heapLimit || ceiling < need) {
        return `${said} This machine has ${gigabytes(totalMemory)}: the run will likely stop with "JavaScript heap out of memory". Use a machine with more memory (docs/scale.md says what each size needs).`;
    }
    const heapMb = Math.min(suggested, ceiling) / MB;
    return `${said} If the run is slow or stops with "JavaScript heap out of memory", start it again with NODE_OPTIONS=--max-old-space-size=${heapMb} (MB).`;
}

/** Bytes of the export's history and opportunity files (what the estimate rests on); 0 for files not there. */
export function exportCsvBytes(dir: string): number {
    let bytes = 0;
    for (const file of [
        DATA_EXPORT_FILES.opportunity,
        DATA_EXPORT_FILES.stageHistory,
        DATA_EXPORT_FILES.fieldHistory
    ]) {
        try {
            bytes += fs.statSync(path.join(dir, file)).size;
        } catch {
            // A missing file is the reader's to report, with its consequences.
        }
    }
    return bytes;
}

/** `memoryAdvice` for a Data Export folder under this process's heap limit. */
export function memoryAdviceFor(dir: string): string | null {
    return memoryAdvice(exportCsvBytes(dir), v8.getHeapStatistics().heap_size_limit, os.totalmem());
}
