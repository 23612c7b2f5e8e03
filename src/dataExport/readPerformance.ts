/**
 * The optional files of a Data Export folder that the KPIs and adoption read (issue 12): quotas
 * (`Stageplay_Quota__c.csv`, a Data Export of the custom object), `LoginHistory.csv`, `Task.csv` and
 * `Event.csv`, plus `User.LastLoginDate` (read with the users). Each row passes through the same
 * translator and ledger as the deals; a file that is not there is no data (null), said in `missing`.
 */
import { join } from 'node:path';
import type { ActivityRecord, LoginRecord, QuotaRecord } from '../core';
import type { PerformanceData } from '../dataset';
import {
    ActivityPool,
    eventsAsOf,
    QuotaReader,
    readActivity,
    readLogin,
    TASKS
} from '../records/performance';
import type { RecordTranslator } from '../records/translate';
import { fileExists } from './csvFile';
import { EVENT_REQUIRED, LOGIN_REQUIRED, PERFORMANCE_FILES, QUOTA_REQUIRED, TASK_REQUIRED } from './layout';
import { translatedRows } from './readDataExport';

/** What a missing file changes, in the user's terms. */
export const MISSING_PERFORMANCE_CONSEQUENCES: Record<string, string> = {
    [PERFORMANCE_FILES.quota]: 'no quotas: attainment, forecast attainment and coverage are not computed',
    [PERFORMANCE_FILES.login]: 'logins per period are unknown (the last login comes from User.csv)',
    [PERFORMANCE_FILES.task]: 'tasks are not counted in activity completion',
    [PERFORMANCE_FILES.event]: 'events are not counted in activity completion'
};

export async function readPerformanceFiles(
    dir: string,
    translator: RecordTranslator,
    now: Date
): Promise<PerformanceData> {
    const missing: Record<string, string> = {};
    const present = async (file: string): Promise<boolean> => {
        if (await fileExists(join(dir, file))) {
            translator.ledger.tally(file);
            return true;
        }
        missing[file] = MISSING_PERFORMANCE_CONSEQUENCES[file];
        return false;
    };

    let quotas: QuotaRecord[] | null = null;
    if (await present(PERFORMANCE_FILES.quota)) {
        const reader = new QuotaReader(translator, PERFORMANCE_FILES.quota, 'csv');
        quotas = await translatedRows(
            join(dir, PERFORMANCE_FILES.quota),
            QUOTA_REQUIRED,
            translator,
            (cells, place) => reader.read(cells, place)
        );
    }

    let logins: LoginRecord[] | null = null;
    if (await present(PERFORMANCE_FILES.login)) {
        const read = await translatedRows(
            join(dir, PERFORMANCE_FILES.login),
            LOGIN_REQUIRED,
            translator,
            (cells, place) => readLogin(translator, PERFORMANCE_FILES.login, cells, place)
        );
        const list = read.filter((login): login is LoginRecord => login !== 'failed');
        const failed = read.length - list.length;
        if (failed > 0)
            translator.ledger.note(
                `${PERFORMANCE_FILES.login}: ${failed} failed login attempts are not counted as logins`
            );
        logins = list;
    }

    const activities: ActivityRecord[] = [];
    const pool = new ActivityPool();
    const activityFiles = [
        { file: PERFORMANCE_FILES.task, required: TASK_REQUIRED, kind: TASKS },
        { file: PERFORMANCE_FILES.event, required: EVENT_REQUIRED, kind: eventsAsOf(now.toISOString()) }
    ];
    let activitiesRead = false;
    for (const { file, required, kind } of activityFiles) {
        if (!(await present(file))) continue;
        activitiesRead = true;
        // Appended one by one: a spread of millions of tasks would overflow the call stack.
        for (const activity of await translatedRows(join(dir, file), required, translator, (cells, place) =>
            readActivity(kind, translator, file, cells, place, pool)
        ))
            activities.push(activity);
    }

    return {
        quotas,
        quotaSource: quotas === null ? null : 'csv',
        lastLogins: Object.fromEntries(translator.lastLogins),
        logins,
        activities: activitiesRead ? activities : null,
        missing
    };
}
