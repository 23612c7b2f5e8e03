/**
 * Deletes, limited to records Stageplay can prove it created: each id is looked up in the org and
 * must carry Stageplay's key (`Stageplay_External_Id__c`, or the benchmark/snapshot key on
 * Stageplay's own objects). One unproven id and nothing is deleted.
 */
import { UnsafeDeleteError } from './errors';
import { orgRequest, queryAllPages, retryPolicy, type RetryPolicy, type OrgConnection } from './http';
import { formatRowError, rowErrorsOf, type CollectionResult, type RowError } from './upsert';

/** The field whose value marks a record as Stageplay's, per object. */
export const STAGEPLAY_MARKER_FIELDS: Record<string, string> = {
    Stageplay_Benchmark__c: 'Benchmark_Key__c',
    Stageplay_Forecast_Snapshot__c: 'Snapshot_Key__c'
};
export const DEFAULT_MARKER_FIELD = 'Stageplay_External_Id__c';

export function markerFieldOf(sobject: string): string {
    return STAGEPLAY_MARKER_FIELDS[sobject] ?? DEFAULT_MARKER_FIELD;
}

export interface DeleteResult {
    id: string;
    /** The record's Stageplay key (its marker field value), or the id when the record was already gone. */
    key: string;
    success: boolean;
    /** The record was already gone (a re-run after an interrupted delete). */
    alreadyDeleted: boolean;
    errors: string[];
    details: RowError[];
}

export interface DeleteOptions {
    retry?: Partial<RetryPolicy>;
}

/** A record id, or a record carrying its id and Stageplay marker (as read back from the org). */
export type DeletableRecord = string | ({ Id: string } & Record<string, unknown>);

function chunks<T>(items: T[], size: number): T[][] {
    const out: T[][] = [];
    for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
    return out;
}

export async function deleteRecords(
    conn: OrgConnection,
    sobject: string,
    records: DeletableRecord[],
    options: DeleteOptions = {}
): Promise<DeleteResult[]> {
    const policy = retryPolicy(options.retry);
    const marker = markerFieldOf(sobject);
    const ids = records.map((r) => (typeof r === 'string' ? r : r.Id));
    const unmarkedByCaller = records
        .filter(
            (r) =>
                typeof r !== 'string' && (r[marker] === undefined || r[marker] === null || r[marker] === '')
        )
        .map((r) => (r as { Id: string }).Id);
    if (unmarkedByCaller.length)
        throw new UnsafeDeleteError(sobject, unmarkedByCaller, `no ${marker} on the records given`);
    const bad = ids.filter((id) => !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id));
    if (bad.length) throw new UnsafeDeleteError(sobject, bad, 'not Salesforce record ids');

    // The org, not the caller, is the proof: what is stored there now is what gets deleted.
    const present = new Map<string, string>();
    for (const chunk of chunks(ids, 200)) {
        const inList = chunk.map((id) => `'${id}'`).join(', ');
        const found = await queryAllPages<Record<string, unknown> & { Id: string }>(
            conn,
            `SELECT Id, ${marker} FROM ${sobject} WHERE Id IN (${inList})`,
            policy
        );
        for (const r of found) present.set(r.Id.slice(0, 15), String(r[marker] ?? ''));
    }
    const unproven = ids.filter((id) => present.has(id.slice(0, 15)) && present.get(id.slice(0, 15)) === '');
    if (unproven.length) throw new UnsafeDeleteError(sobject, unproven, `${marker} is blank in the org`);

    const results = new Map<string, DeleteResult>();
    for (const id of ids) {
        if (!present.has(id.slice(0, 15))) {
            results.set(id, { id, key: id, success: true, alreadyDeleted: true, errors: [], details: [] });
        }
    }
    const toDelete = ids.filter((id) => !results.has(id));
    for (const chunk of chunks(toDelete, 200)) {
        // Repeating a delete after a lost answer is harmless: gone records come back ENTITY_IS_DELETED.
        const response = await orgRequest<CollectionResult[]>(
            conn,
            { method: 'DELETE', path: `/composite/sobjects?ids=${chunk.join(',')}&allOrNone=false` },
            `Delete of ${chunk.length} ${sobject} records`,
            policy
        );
        response.body.forEach((r, i) => {
            const id = chunk[i];
            const details = rowErrorsOf(r);
            const gone = !r.success && details.every((d) => d.statusCode === 'ENTITY_IS_DELETED');
            results.set(id, {
                id,
                key: present.get(id.slice(0, 15)) || id,
                success: r.success || gone,
                alreadyDeleted: gone,
                errors: r.success || gone ? [] : details.map(formatRowError),
                details: r.success || gone ? [] : details
            });
        });
    }
    return ids.map((id) => results.get(id)!);
}
