/**
 * Opens the source a command reads: an org (through the org adapter) or a Data Export folder (with
 * the process read from the repo's metadata). Commands get back the same Dataset either way.
 */
import fs from 'node:fs';
import type { Connection } from 'jsforce';
import type { Dataset, ReadScope } from '../dataset';
import { connectToOrg, readOrgDataset, readProcessFromOrg } from '../org';
import { loadProcessFromSource } from '../metadata/loadProcess';
import { describeProcessDir } from '../packageRoot';
import { readDataExport } from '../dataExport/readDataExport';
import { memoryAdviceFor } from './memoryAdvice';
import { orgLabelOf } from './orgRecords';
import { allowedThreads } from './parallelWorkers';
import { AuthError, LOGIN_HINT, StageplayError, UsageError, looksLikeAuthError } from '../errors';

/** What a command reads: an org (an alias, or sf's default when undefined) or a Data Export folder. */
export type SourceChoice =
    { kind: 'org'; targetOrg: string | undefined } | { kind: 'data'; dir: string; sourceDir: string };

export interface OpenedSource {
    dataset: Dataset;
    /** Present when the source is an org. */
    connection: Connection | null;
    /** For messages and the report: "org my-alias" or "data ./out/demo-data". */
    label: string;
}

export async function connect(targetOrg: string | undefined): Promise<Connection> {
    try {
        // connectToOrg hands back @salesforce/core's Connection, a subclass of the jsforce one the adapter takes.
        return (await connectToOrg({ targetOrg })) as unknown as Connection;
    } catch (err) {
        if (err instanceof StageplayError) throw err;
        if ((err as Error)?.name === 'OrgAuthError') throw new AuthError((err as Error).message);
        if (looksLikeAuthError(err)) {
            const what = targetOrg ? `org "${targetOrg}"` : 'a default org';
            throw new AuthError(`Cannot log in to ${what}: ${(err as Error).message}\n${LOGIN_HINT}`);
        }
        throw err;
    }
}

/**
 * Bulk API job polling: 2 s by default (the adapter's); STAGEPLAY_BULK_POLL_MS tunes it, e.g. lower
 * against a local stand-in or higher for a very large org under API limits.
 */
export function bulkOptionsFromEnv(env: NodeJS.ProcessEnv = process.env): { pollIntervalMs?: number } {
    const raw = env.STAGEPLAY_BULK_POLL_MS;
    if (raw === undefined || raw === '') return {};
    const ms = Number(raw);
    if (!Number.isFinite(ms) || ms < 0)
        throw new UsageError(`STAGEPLAY_BULK_POLL_MS must be a number of milliseconds, got "${raw}".`);
    return { pollIntervalMs: ms };
}

export async function openSource(
    source: SourceChoice,
    options: {
        onStep?: (line: string) => void;
        onRows?: (object: string, rows: number) => void;
        onWarning?: (line: string) => void;
        /** What to leave unread (`HISTORY_ONLY` for `learn`); everything is read by default. */
        scope?: ReadScope;
    } = {}
): Promise<OpenedSource> {
    const step = options.onStep ?? (() => undefined);
    if (source.kind === 'data') {
        if (!fs.existsSync(source.dir) || !fs.statSync(source.dir).isDirectory()) {
            throw new UsageError(
                `--data ${source.dir}: no such folder (expected Data Export CSVs such as Opportunity.csv).`
            );
        }
        step(`Reading the process from ${describeProcessDir(source.sourceDir)}`);
        const salesProcess = await loadProcessFromSource(source.sourceDir);
        step(`Reading the Data Export in ${source.dir}`);
        const advice = memoryAdviceFor(source.dir);
        if (advice) options.onWarning?.(advice);
        // STAGEPLAY_WORKERS=1 (or a single core) keeps the whole read on the main thread.
        const oneThread = allowedThreads() === 1;
        const dataset = await readDataExport(source.dir, salesProcess, {
            warn: options.onWarning,
            historyWorkers: oneThread ? false : undefined,
            ...options.scope
        });
        return { dataset, connection: null, label: `data ${source.dir}` };
    }
    const connection = await connect(source.targetOrg);
    step('Reading stages, plays and parameters from the org');
    const salesProcess = await readProcessFromOrg(connection);
    step('Reading opportunities and their history from the org');
    const dataset = await readOrgDataset(connection, salesProcess, {
        ...bulkOptionsFromEnv(),
        ...options.scope,
        onProgress: options.onRows
            ? (p: { object: string; rows: number }) => options.onRows?.(p.object, p.rows)
            : undefined
    });
    step(
        `Read ${dataset.opportunities.length} opportunities, ${dataset.stageHistory.length} stage history rows, ` +
            `${dataset.fieldHistory.length} field history rows`
    );
    return {
        dataset,
        connection,
        label: `org ${source.targetOrg ?? orgLabelOf(connection) ?? '(default)'}`
    };
}
