/**
 * The few SOQL reads the ops commands make themselves (published benchmarks, stored snapshots,
 * records seeded earlier): small, keyed queries on Stageplay's own objects.
 */
import type { Connection } from 'jsforce';
import { defaultRetryPolicy, queryAllPages } from '../org';

export async function queryAll<T extends object>(connection: Connection, soql: string): Promise<T[]> {
    const records = await queryAllPages<T>(connection, soql, defaultRetryPolicy);
    return records.map((r) => {
        const { attributes: _attributes, ...rest } = r as T & { attributes?: unknown };
        return rest as unknown as T;
    });
}

/** True when the org answers that the object is not deployed (INVALID_TYPE), so callers can say so plainly. */
export function isMissingObject(err: unknown): boolean {
    const code =
        (err as { errorCode?: string; name?: string })?.errorCode ?? (err as { name?: string })?.name ?? '';
    const message = err instanceof Error ? err.message : String(err);
    return /INVALID_TYPE/.test(code) || /sObject type '.*' is not supported/i.test(message);
}

/** Who we are logged in as, for messages: the sf username when @salesforce/core made the connection. */
export function orgLabelOf(connection: Connection): string {
    const username = (connection as unknown as { getUsername?: () => string | undefined }).getUsername?.();
    return username ?? connection.instanceUrl;
}
