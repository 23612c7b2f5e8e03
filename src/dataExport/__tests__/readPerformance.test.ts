/**
 * The optional KPI and adoption files of a Data Export folder: bad cells are counted and named at
 * file:line:column, never silently dropped; a missing file is no data (null), said in `missing`.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HISTORY_ONLY } from '../../dataset';
import { readDataExport } from '../index';
import { sampleProcess } from './fixtures/process';

let dir: string;

beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'stageplay-performance-'));
});

afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
});

const crlf = (lines: string[]) => lines.join('\r\n') + '\r\n';
const NOW = new Date('2026-05-15T12:00:00.000Z');

async function write(files: Record<string, string>): Promise<void> {
    for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text, 'utf8');
}

const OPPORTUNITY = crlf([
    'Id,Name,OwnerId,Amount,CloseDate,StageName,IsClosed,IsWon,CreatedDate',
    '006A,Acme,005A,1000,2026-06-30,Prospecting,false,false,2026-04-01T09:00:00.000Z'
]);

describe('readDataExport: quotas, logins, tasks and events', () => {
    it('reads what it can, rejects what it cannot with where and why, and says what is missing', async () => {
        await write({
            'Opportunity.csv': OPPORTUNITY,
            'User.csv': crlf([
                'Id,Name,IsActive,LastLoginDate',
                '005A,Ann,true,2026-05-14T08:00:00.000Z',
                '005B,Bob,true,yesterday'
            ]),
            'Stageplay_Quota__c.csv': crlf([
                'Id,Rep__c,Period_Start__c,Period_End__c,Amount__c,Quota_Key__c',
                'a0Q1,005A,2026-04-01,2026-06-30,600,005A|2026-04-01',
                'a0Q2,005B,2026-04-01,2026-06-30,lots,005B|2026-04-01',
                'a0Q3,005A,2026-04-01,2026-06-30,700,005A|2026-04-01'
            ]),
            'LoginHistory.csv': crlf([
                'Id,UserId,LoginTime,Status',
                '0Ya1,005A,2026-05-14T08:00:00.000Z,Success',
                '0Ya2,005B,2026-05-14T08:00:00.000Z,Invalid Password',
                '0Ya3,005B,,Success'
            ]),
            'Task.csv': crlf([
                'Id,OwnerId,Status,IsClosed,ActivityDate,CreatedDate',
                '00T1,005A,Completed,true,2026-05-10,2026-05-01T09:00:00.000Z',
                '00T2,005A,Not Started,false,,2026-05-02T09:00:00.000Z',
                '00T3,005B,Completed,true,,'
            ])
        });
        const dataset = await readDataExport(dir, sampleProcess(), { now: NOW });
        const performance = dataset.performance!;

        expect(performance.quotas).toEqual([
            {
                ownerId: '005A',
                periodStart: '2026-04-01',
                periodEnd: '2026-06-30',
                amount: 600,
                source: 'csv'
            }
        ]);
        const where = (source: string) =>
            dataset.problems
                .filter((p) => p.source === source)
                .map((p) => `${p.line}:${p.column}:${p.outcome}`);
        // An amount that is not a number, and a second quota for the same rep and period.
        expect(where('Stageplay_Quota__c.csv')).toEqual(['3:Amount__c:rejected', '4:Quota_Key__c:rejected']);
        expect(dataset.quality.sources.find((s) => s.source === 'Stageplay_Quota__c.csv')).toMatchObject({
            read: 3,
            accepted: 1,
            rejected: 2
        });

        // Bob's unreadable last login is a dropped value, not a lost user.
        expect(performance.lastLogins).toEqual({ '005A': '2026-05-14T08:00:00.000Z' });
        expect(where('User.csv')).toEqual(['3:LastLoginDate:value dropped']);

        // A failed login is read but is no login (a note says how many); a login without a time is rejected.
        expect(performance.logins).toEqual([{ userId: '005A', at: '2026-05-14T08:00:00.000Z' }]);
        expect(where('LoginHistory.csv')).toEqual(['4:LoginTime:rejected']);
        expect(dataset.quality.notes.join(' ')).toMatch(/1 failed login attempts are not counted/);

        // A task without ActivityDate is due the day it was created; without any date it is rejected.
        expect(performance.activities).toEqual([
            { ownerId: '005A', kind: 'task', dueDate: '2026-05-10', completed: true },
            { ownerId: '005A', kind: 'task', dueDate: '2026-05-02', completed: false }
        ]);
        expect(where('Task.csv')).toEqual(['4:ActivityDate:rejected']);

        expect(Object.keys(performance.missing)).toEqual(['Event.csv']);
    });

    it('gives equal tasks one shared record (owner, kind, due day and done are all a task is)', async () => {
        await write({
            'Opportunity.csv': OPPORTUNITY,
            'Task.csv': crlf([
                'Id,OwnerId,Status,IsClosed,ActivityDate,CreatedDate',
                '00T1,005A,Completed,true,2026-05-10,2026-05-01T09:00:00.000Z',
                '00T2,005A,Completed,true,2026-05-10,2026-05-03T09:00:00.000Z',
                '00T3,005A,Not Started,false,2026-05-10,2026-05-03T09:00:00.000Z',
                '00T4,005B,Completed,true,2026-05-10,2026-05-03T09:00:00.000Z',
                '00T5,005A,Completed,true,2026-05-11,2026-05-03T09:00:00.000Z',
                '00T6,005A,Completed,true,,2026-05-10T23:00:00.000Z'
            ])
        });
        const activities = (await readDataExport(dir, sampleProcess(), { now: NOW })).performance!
            .activities!;
        const done10 = { ownerId: '005A', kind: 'task', dueDate: '2026-05-10', completed: true };
        expect(activities).toEqual([
            done10,
            done10,
            { ...done10, completed: false },
            { ...done10, ownerId: '005B' },
            { ...done10, dueDate: '2026-05-11' },
            done10
        ]);
        expect(new Set(activities).size).toBe(4);
        expect(activities[1]).toBe(activities[0]);
        expect(activities[5]).toBe(activities[0]);
    });

    it('without the files, every figure resting on them is null and each absence is named', async () => {
        await write({ 'Opportunity.csv': OPPORTUNITY });
        const performance = (await readDataExport(dir, sampleProcess(), { now: NOW })).performance!;
        expect(performance).toMatchObject({
            quotas: null,
            quotaSource: null,
            logins: null,
            activities: null
        });
        expect(Object.keys(performance.missing).sort()).toEqual([
            'Event.csv',
            'LoginHistory.csv',
            'Stageplay_Quota__c.csv',
            'Task.csv'
        ]);
    });

    it('leaves accounts and these files unread, counted nowhere, for a caller that uses none (learn)', async () => {
        await write({
            'Opportunity.csv': OPPORTUNITY,
            'Account.csv': crlf(['Id,Name,NumberOfEmployees', '001A,Acme,many']),
            'Task.csv': crlf([
                'Id,OwnerId,Status,IsClosed,ActivityDate,CreatedDate',
                '00T1,005A,Completed,true,,'
            ]),
            'LoginHistory.csv': crlf(['Id,UserId,LoginTime,Status', '0Ya1,005A,,Success'])
        });
        const read = (everything: boolean) =>
            readDataExport(dir, sampleProcess(), { now: NOW, ...(everything ? {} : HISTORY_ONLY) });
        const unread = await read(false);
        expect(unread.performance).toBeUndefined();
        expect(unread.accounts).toEqual([]);
        const sources = (dataset: typeof unread) => dataset.quality.sources.map((s) => s.source);
        const unreadFiles = [
            'Account.csv',
            'Task.csv',
            'LoginHistory.csv',
            'Event.csv',
            'Stageplay_Quota__c.csv'
        ];
        expect(sources(unread).filter((s) => unreadFiles.includes(s))).toEqual([]);
        expect(unread.problems.filter((p) => unreadFiles.includes(p.source))).toEqual([]);
        // Not read is not missing: nothing says the files are absent.
        expect(unread.quality.notes.join(' ')).not.toMatch(/Account|Task|LoginHistory|Event|quota/i);
        // The same folder read for reconcile: the files counted, their bad rows named.
        const whole = await read(true);
        expect(sources(whole)).toEqual(
            expect.arrayContaining(['Account.csv', 'Task.csv', 'LoginHistory.csv'])
        );
        expect(whole.problems.map((p) => p.source).sort()).toEqual([
            'Account.csv',
            'LoginHistory.csv',
            'Task.csv'
        ]);
        expect(unread.opportunities).toEqual(whole.opportunities);
    });
});
