/**
 * Where a command's words go. Human output goes to stdout unless `--json` is on, in which case stdout
 * carries exactly one JSON object and everything else is silent (warnings still go to stderr so a
 * pipeline can log them). Progress bars only draw on a real terminal.
 */
import { SingleBar, Presets } from 'cli-progress';
import { formatCount } from './core';

export interface OutputStreams {
    stdout: NodeJS.WritableStream & { isTTY?: boolean };
    stderr: NodeJS.WritableStream;
}

export interface Progress {
    increment(by?: number): void;
    update(value: number): void;
    stop(): void;
}

const silentProgress: Progress = {
    increment: () => undefined,
    update: () => undefined,
    stop: () => undefined
};

export class Reporter {
    readonly json: boolean;
    private readonly streams: OutputStreams;

    constructor(options: { json: boolean; streams?: OutputStreams }) {
        this.json = options.json;
        this.streams = options.streams ?? { stdout: process.stdout, stderr: process.stderr };
    }

    get interactive(): boolean {
        return !this.json && Boolean(this.streams.stdout.isTTY);
    }

    /** A line of human output (suppressed under --json). */
    info(line = ''): void {
        if (!this.json) this.streams.stdout.write(`${line}\n`);
    }

    /** A step of long work: "Reading OpportunityHistory.csv ...". */
    step(line: string): void {
        this.info(`» ${line}`);
    }

    /** A counter that rewrites itself on a terminal ("Opportunity: 120,000 rows"); silent elsewhere. */
    status(line: string): void {
        if (this.interactive) this.streams.stdout.write(`\r  ${line}\u001b[K`);
    }

    /** Ends a run of status lines so the next output starts on a fresh line. */
    endStatus(): void {
        if (this.interactive) this.streams.stdout.write('\n');
    }

    warn(line: string): void {
        this.streams.stderr.write(`warning: ${line}\n`);
    }

    /** The single machine-readable result of a --json run. */
    result(value: unknown): void {
        if (this.json) this.streams.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
    }

    /** Prints an error the way the mode asks for: one JSON object, or a line on stderr. */
    error(payload: {
        code: string;
        exitCode: number;
        message: string;
        details?: Record<string, unknown>;
    }): void {
        if (this.json) {
            this.streams.stdout.write(`${JSON.stringify({ status: 'error', error: payload }, null, 2)}\n`);
        } else {
            this.streams.stderr.write(`stageplay: ${payload.message}\n`);
        }
    }

    progress(label: string, total: number): Progress {
        if (!this.interactive || total <= 0) return silentProgress;
        const bar = new SingleBar(
            {
                format: `  ${label.padEnd(28)} {bar} {percentage}% | {value}/{total}`,
                stream: this.streams.stdout as NodeJS.WriteStream,
                hideCursor: true,
                clearOnComplete: false
            },
            Presets.shades_classic
        );
        bar.start(total, 0);
        return {
            increment: (by = 1) => bar.increment(by),
            update: (value) => bar.update(value),
            stop: () => bar.stop()
        };
    }

    table(
        rows: Array<Record<string, string | number>>,
        columns: Array<{ key: string; label: string; align?: 'left' | 'right' }>
    ): void {
        if (this.json) return;
        for (const line of formatTable(rows, columns)) this.info(line);
    }
}

/** A plain aligned text table: the compact result a command ends with. */
export function formatTable(
    rows: Array<Record<string, string | number>>,
    columns: Array<{ key: string; label: string; align?: 'left' | 'right' }>
): string[] {
    const cells = rows.map((row) => columns.map((c) => String(row[c.key] ?? '')));
    const widths = columns.map((c, i) => Math.max(c.label.length, ...cells.map((r) => r[i].length)));
    const render = (values: string[]) =>
        values
            .map((v, i) => (columns[i].align === 'right' ? v.padStart(widths[i]) : v.padEnd(widths[i])))
            .join('  ')
            .trimEnd();
    return [
        render(columns.map((c) => c.label)),
        render(widths.map((w) => '─'.repeat(w))),
        ...cells.map(render)
    ];
}

/**
 * Callbacks for opening a source: steps as lines, row counts as a self-rewriting status on a terminal,
 * warnings (such as a heap too small for the export) on stderr.
 */
export function sourceProgress(reporter: Reporter): {
    onStep: (line: string) => void;
    onRows: (object: string, rows: number) => void;
    onWarning: (line: string) => void;
} {
    let counting = false;
    return {
        onStep: (line) => {
            if (counting) reporter.endStatus();
            counting = false;
            reporter.step(line);
        },
        onRows: (object, rows) => {
            counting = true;
            reporter.status(`${object}: ${formatCount(rows)} rows`);
        },
        onWarning: (line) => reporter.warn(line)
    };
}
