/**
 * Runs the CLI in-process with captured output, as a user's shell would see it: stdout, stderr and
 * the exit code.
 */
import { Writable } from 'node:stream';
import { main } from '../main';

export interface CliRun {
    code: number;
    stdout: string;
    stderr: string;
    /** stdout parsed as the one --json object (throws when it is not exactly one JSON value). */
    json<T = Record<string, unknown>>(): T;
}

class Capture extends Writable {
    text = '';
    isTTY = false;
    override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
        this.text += chunk.toString();
        done();
    }
}

export async function runCli(args: string[], env: Record<string, string | undefined> = {}): Promise<CliRun> {
    const stdout = new Capture();
    const stderr = new Capture();
    const saved: Record<string, string | undefined> = {};
    for (const [k, v] of Object.entries(env)) {
        saved[k] = process.env[k];
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
    }
    let exitCode = 0;
    try {
        await main(['node', 'stageplay', ...args], {
            streams: { stdout, stderr },
            setExitCode: (c) => {
                exitCode = c;
            }
        });
    } finally {
        for (const [k, v] of Object.entries(saved)) {
            if (v === undefined) delete process.env[k];
            else process.env[k] = v;
        }
    }
    return {
        code: exitCode,
        stdout: stdout.text,
        stderr: stderr.text,
        json<T>() {
            return JSON.parse(stdout.text) as T;
        }
    };
}
