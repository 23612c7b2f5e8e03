/**
 * The data-quality ledger against an org (the stand-in): problems name the object, record id and
 * field (an org has no lines), and `learn` publishes nothing from an org whose data is unfit.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../src/cli/__tests__/harness';
import { StandinOrg } from './standin/standinOrg';
import { emptySfHome } from './emptySfHome';
import { cliEnvFor } from './standin/testing';

jest.setTimeout(600_000);

const { work, home } = emptySfHome('stageplay-orgdq-');

describe('the data-quality ledger against an org', () => {
    let org: StandinOrg;
    const env = () => cliEnvFor(org, home);

    beforeAll(async () => {
        jest.spyOn(os, 'homedir').mockReturnValue(home);
        org = await StandinOrg.start();
        // Closed deals, but no stage history at all (as if OpportunityHistory were unreadable).
        org.seed(
            'Opportunity',
            Array.from({ length: 12 }, (_, i) => ({
                Name: `Deal ${i}`,
                StageName: i % 2 === 0 ? 'Closed Won' : 'Closed Lost',
                CloseDate: '2026-03-01',
                Amount: i === 0 ? -500 : 1000 + i,
                OwnerId: org.userId,
                CreatedDate: '2026-01-01T00:00:00.000Z'
            }))
        );
    });

    afterAll(async () => {
        await org.stop();
        jest.restoreAllMocks();
    });

    it('learn: exit 6, nothing published, the ledger naming the object, record and field', async () => {
        const r = await runCli(
            ['learn', '--as-of', '2026-06-30', '--out', path.join(work, 'out'), '--json'],
            env()
        );
        expect(r.code).toBe(6);
        const json = r.json<{
            status: string;
            published: boolean;
            warnings: string[];
            dataQuality: {
                problems: Array<{ source: string; line: number | null; recordId: string; column: string }>;
            };
        }>();
        expect(json).toMatchObject({ status: 'unfit', published: false });
        expect(json.warnings.join('\n')).toMatch(/OpportunityHistory has no rows: .*no backtest/);
        const negative = org.records('Opportunity').find((o) => o.Name === 'Deal 0')!;
        expect(json.dataQuality.problems).toContainEqual(
            expect.objectContaining({
                source: 'Opportunity',
                line: null,
                recordId: negative.Id,
                column: 'Amount'
            })
        );
        expect(json.warnings.join('\n')).toMatch(new RegExp(`Opportunity ${String(negative.Id)}:Amount`));
        expect(org.records('Stageplay_Benchmark__c')).toHaveLength(0);
        expect(fs.readFileSync(path.join(work, 'out', 'data-quality.csv'), 'utf8')).toMatch(
            /value dropped,Opportunity,,Amount,/
        );
    });
});
