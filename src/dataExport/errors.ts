/**
 * A Data Export folder that cannot be read at all: a missing required file or column, or CSV text
 * that does not parse. Per-row problems are not errors; they are collected as `DataProblem`s.
 */
export class DataExportError extends Error {
    /** The CLI maps this to its "failure" exit code. */
    readonly exitCode = 1;
    readonly file: string;
    readonly column: string | null;
    readonly line: number | null;

    constructor(file: string, message: string, options: { column?: string; line?: number | null } = {}) {
        const where = options.line ? `${file}, line ${options.line}` : file;
        super(`${where}: ${message}`);
        this.name = 'DataExportError';
        this.file = file;
        this.column = options.column ?? null;
        this.line = options.line ?? null;
    }
}
