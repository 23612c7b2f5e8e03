/**
 * Writes the optional files the KPIs and adoption read (issue 12) into a Data Export folder, in the
 * layout `readPerformance.ts` reads: quotas (as a Data Export of `Stageplay_Quota__c` gives them),
 * LoginHistory.csv and Task.csv. Same CSV dialect and backpressure as the other files.
 */
import { join } from 'node:path';
import { LOGIN_COLUMNS, PERFORMANCE_FILES, QUOTA_COLUMNS, TASK_COLUMNS } from './layout';
import { KEY_PREFIXES } from './salesforceId';
import { CsvSink } from './writeDataExport';

/** Rows carry their own record id in an export; one is made up when the source has none. */
export interface QuotaExportRow {
    id?: string;
    repId: string;
    periodStart: string;
    periodEnd: string;
    amount: number;
}

export interface LoginExportRow {
    id?: string;
    userId: string;
    /** ISO date-time. */
    loginTime: string;
}

export interface TaskExportRow {
    id?: string;
    ownerId: string;
    whatId: string | null;
    subject: string;
    completed: boolean;
    activityDate: string;
    /** ISO date-time. */
    createdDate: string;
}

export interface PerformanceWriter {
    writeQuota(row: QuotaExportRow): Promise<void>;
    writeLogin(row: LoginExportRow): Promise<void>;
    writeTask(row: TaskExportRow): Promise<void>;
    /** Flushes and closes the files; resolves with the rows written per file name. */
    close(): Promise<Record<string, number>>;
}

export function createPerformanceWriter(dir: string): PerformanceWriter {
    const quota = new CsvSink(join(dir, PERFORMANCE_FILES.quota), QUOTA_COLUMNS, KEY_PREFIXES.Quota);
    const login = new CsvSink(join(dir, PERFORMANCE_FILES.login), LOGIN_COLUMNS, KEY_PREFIXES.LoginHistory);
    const task = new CsvSink(join(dir, PERFORMANCE_FILES.task), TASK_COLUMNS, KEY_PREFIXES.Task);
    return {
        async writeQuota(row) {
            await quota.writeRecord(row.id, [
                row.repId,
                row.periodStart,
                row.periodEnd,
                String(row.amount),
                `${row.repId}|${row.periodStart}`
            ]);
        },
        async writeLogin(row) {
            await login.writeRecord(row.id, [row.userId, row.loginTime, 'Success']);
        },
        async writeTask(row) {
            await task.writeRecord(row.id, [
                row.ownerId,
                row.whatId ?? '',
                row.subject,
                row.completed ? 'Completed' : 'Not Started',
                row.completed ? 'true' : 'false',
                row.activityDate,
                row.createdDate
            ]);
        },
        async close() {
            await Promise.all([quota.close(), login.close(), task.close()]);
            return {
                [PERFORMANCE_FILES.quota]: quota.rows,
                [PERFORMANCE_FILES.login]: login.rows,
                [PERFORMANCE_FILES.task]: task.rows
            };
        }
    };
}
