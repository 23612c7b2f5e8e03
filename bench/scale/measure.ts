/**
 * Runs one command as a child process under GNU time and says how it went: wall time (measured here around
 * the child), CPU time and peak RSS (GNU time's %M: the maximum resident set size of the child, taken by the
 * kernel from wait4's rusage, so it is the true peak however briefly it lasted, and it is reported even when
 * the child is killed). A run that times out, runs out of memory or fails is a result, not a crash.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const GNU_TIME = '/usr/bin/time';

export type RunStatus = 'ok' | 'timeout' | 'out-of-memory' | 'killed' | 'failed';

export interface RunResult {
    status: RunStatus;
    wallSeconds: number;
    /** User + system CPU seconds of the child (and its children). */
    cpuSeconds: number | null;
    /** Peak resident set size in MiB. */
    peakRssMb: number | null;
    exitCode: number | null;
    signal: string | null;
    /** Why a run that is not `ok` ended, from its stderr. */
    note?: string;
}

/** Installs Debian's `time` with the repo's apt helper when /usr/bin/time is missing. */
export function ensureGnuTime(repoRoot: string): void {
    if (fs.existsSync(GNU_TIME)) return;
    const result = spawnSync(
        'bash',
        [path.join(repoRoot, 'scripts', 'ensure-debian-package.sh'), GNU_TIME, 'time'],
        {
            stdio: 'inherit'
        }
    );
    if (result.status !== 0)
        throw new Error(`${GNU_TIME} is missing and could not be installed (apt-get install time)`);
}

/**
 * Reads every file directly in `dir` once, in full, and forgets the bytes: the next timed run finds the data in the
 * page cache, as every other run did. On a machine with less spare memory than DuckDB's one-thread run takes at
 * 1M (12 GB), that run pushes the export out of the cache, and the tool timed after it would read from the disk.
 * Returns the bytes read.
 */
export function warmPageCache(dir: string): number {
    const buffer = Buffer.allocUnsafe(1 << 20);
    let total = 0;
    for (const name of fs.readdirSync(dir).sort()) {
        const file = path.join(dir, name);
        if (!fs.statSync(file).isFile()) continue;
        const fd = fs.openSync(file, 'r');
        try {
            let read: number;
            while ((read = fs.readSync(fd, buffer, 0, buffer.length, null)) > 0) total += read;
        } finally {
            fs.closeSync(fd);
        }
    }
    return total;
}

/** What V8 ("JavaScript heap out of memory"), libc and C++ allocators print when memory runs out. */
const OUT_OF_MEMORY = /heap out of memory|Allocation failed|ENOMEM|std::bad_alloc|Out of Memory Error/i;

const TIME_FORMAT = 'STAGEPLAY_BENCH %M %U %S %x';

function parseTime(text: string): { peakKb: number; cpu: number; exit: number } | null {
    const line = text
        .split('\n')
        .reverse()
        .find((l) => l.startsWith('STAGEPLAY_BENCH '));
    if (!line) return null;
    const [, peak, user, sys, exit] = line.split(' ');
    return {
        peakKb: Number(peak),
        cpu: Math.round((Number(user) + Number(sys)) * 100) / 100,
        exit: Number(exit)
    };
}

function lastLines(text: string, n: number): string {
    return text.trim().split('\n').slice(-n).join(' | ');
}

/**
 * Runs `command args` under GNU time in its own process group; after `timeoutSeconds` the group gets SIGINT,
 * and SIGKILL 10 s later if anything is left. SIGINT because GNU time ignores it while it waits: the command
 * stops (Stageplay exits 130 on it) and time still reports its peak RSS, which SIGTERM to time would lose.
 */
export function measure(
    command: string,
    args: string[],
    options: { cwd: string; timeoutSeconds: number; env?: NodeJS.ProcessEnv; stdoutFile?: string }
): Promise<RunResult> {
    const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'stageplay-bench-run-'));
    const timeFile = path.join(scratch, 'time.txt');
    const stderrFile = path.join(scratch, 'stderr.txt');
    const stdout = fs.openSync(options.stdoutFile ?? path.join(scratch, 'stdout.txt'), 'w');
    const stderr = fs.openSync(stderrFile, 'w');
    const started = performance.now();
    const child = spawn(GNU_TIME, ['-f', TIME_FORMAT, '-o', timeFile, command, ...args], {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', stdout, stderr],
        detached: true
    });
    let timedOut = false;
    const killGroup = (signal: NodeJS.Signals) => {
        try {
            if (child.pid) process.kill(-child.pid, signal);
        } catch {
            // the group is already gone
        }
    };
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
        timedOut = true;
        killGroup('SIGINT');
        killTimer = setTimeout(() => killGroup('SIGKILL'), 10_000);
    }, options.timeoutSeconds * 1000);
    // Ctrl-C or SIGTERM on the benchmark stops the measured command too (it runs in its own group), then
    // the benchmark itself, as it would have without this handler.
    const onSignal = (signal: NodeJS.Signals) => {
        killGroup('SIGINT');
        setTimeout(() => {
            killGroup('SIGKILL');
            process.exit(signal === 'SIGINT' ? 130 : 143);
        }, 2000);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);

    return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('close', (code, signal) => {
            const wallSeconds = (performance.now() - started) / 1000;
            clearTimeout(timer);
            if (killTimer) clearTimeout(killTimer);
            // time has exited; whatever it ran may not have, after a timeout.
            if (timedOut) killGroup('SIGKILL');
            process.removeListener('SIGINT', onSignal);
            process.removeListener('SIGTERM', onSignal);
            fs.closeSync(stdout);
            fs.closeSync(stderr);
            const timeText = fs.existsSync(timeFile) ? fs.readFileSync(timeFile, 'utf8') : '';
            const errText = fs.readFileSync(stderrFile, 'utf8');
            const parsed = parseTime(timeText);
            // GNU time exits with the child's code, or 128 + signal when the child was killed.
            const killedBy = /Command terminated by signal (\d+)/.exec(timeText);
            const exitCode = killedBy ? null : (parsed?.exit ?? code);
            const signalNumber = killedBy ? Number(killedBy[1]) : null;
            const signalName =
                signalNumber === null
                    ? (signal ?? null)
                    : (Object.entries(os.constants.signals).find(([, n]) => n === signalNumber)?.[0] ??
                      `signal ${signalNumber}`);
            let status: RunStatus = 'ok';
            let note: string | undefined;
            if (timedOut) {
                status = 'timeout';
                note = `stopped after ${options.timeoutSeconds} s`;
            } else if ((exitCode !== 0 || signalName) && OUT_OF_MEMORY.test(errText)) {
                // Only a run that failed ran out: one that exited 0 may still quote the words (stageplay's
                // warning before a large export tells what to do if it stops "with JavaScript heap out of memory").
                status = 'out-of-memory';
                note = errText
                    .split('\n')
                    .find((line) => OUT_OF_MEMORY.test(line))
                    ?.trim();
            } else if (signalName === 'SIGKILL') {
                // The kernel's OOM killer sends SIGKILL; nothing else here does.
                status = 'killed';
                note = 'SIGKILL (the kernel OOM killer, most likely)';
            } else if (exitCode !== 0 || signalName) {
                status = 'failed';
                note = lastLines(errText, 3);
            }
            fs.rmSync(scratch, { recursive: true, force: true });
            resolve({
                status,
                wallSeconds,
                cpuSeconds: parsed ? parsed.cpu : null,
                peakRssMb: parsed ? parsed.peakKb / 1024 : null,
                exitCode,
                signal: signalName,
                ...(note ? { note } : {})
            });
        });
    });
}
