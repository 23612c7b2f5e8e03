/**
 * Writes the optional files the KPIs and adoption read (issue 12) into a Data Export folder, in the
 * layout `readPerformance.ts` reads: quotas (as a Data Export of `Stageplay_Quota__c` gives them),
 * LoginHistory.csv and Task.csv. Same CSV dialect and backpressure as the other files.
 */
import { join } from 'node:path';
import { LOGIN_COLUMNS, PERFORMANCE_FILES, QUOTA_COLUMNS, TASK_COLUMNS } from './layout';
import { KEY_PREFIXES, salesforceId } from './salesforceId';
import { CsvSink } from './writeDataExport';

export interface QuotaExportRow {
    repId: string;
    periodStart: string;
    periodEnd: string;
    amount: number;
}

export interface LoginExportRow {
    userId: string;
    /** ISO date-time. */
    loginTime: string;
}

export interface TaskExportRow {
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
    const quota = new CsvSink(join(dir, PERFORMANCE_FILES.quota), QUOTA_COLUMNS);
    const login = new CsvSink(join(dir, PERFORMANCE_FILES.login), LOGIN_COLUMNS);
    const task = new CsvSink(join(dir, PERFORMANCE_FILES.task), TASK_COLUMNS);
    return {
        async writeQuota(row) {
            await quota.write([
                salesforceId(KEY_PREFIXES.Quota, quota.rows + 1),
                row.repId,
                row.periodStart,
                row.periodEnd,
                String(row.amount),
                `${row.repId}|${row.periodStart}`
            ]);
        },
        async writeLogin(row) {
            await login.write([
                salesforceId(KEY_PREFIXES.LoginHistory, login.rows + 1),
                row.userId,
                row.loginTime,
                'Success'
            ]);
        },
        async writeTask(row) {
            await task.write([
                salesforceId(KEY_PREFIXES.Task, task.rows + 1),
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
