/**
 * The components' wire fixtures (`force-app/**\/__tests__/data/*.json`) carry only ids Salesforce
 * could return (force-app/test/jest-helpers/salesforceIds.ts); the checker itself catches each way a
 * hand-made id goes wrong.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { invalidIds, salesforceIdProblem } from '../force-app/test/jest-helpers/salesforceIds';

const REPO = join(__dirname, '..');

function fixtureFiles(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) return name === 'node_modules' ? [] : fixtureFiles(path);
        return /[\\/]__tests__[\\/]data[\\/][^\\/]+\.json$/.test(path) ? [path] : [];
    });
}

describe('Salesforce ids in test fixtures', () => {
    const files = fixtureFiles(join(REPO, 'force-app'));

    it('finds the wire fixtures', () => {
        expect(files.map((f) => relative(REPO, f))).toEqual(
            expect.arrayContaining(['force-app/main/default/lwc/dealHealth/__tests__/data/getRecord.json'])
        );
    });

    it.each(files.map((f) => [relative(REPO, f), f]))('%s has only valid ids', (_name, file) => {
        expect(invalidIds(JSON.parse(readFileSync(file, 'utf8')))).toEqual([]);
    });

    it('accepts 15- and 18-character ids with the right prefix and checksum', () => {
        expect(salesforceIdProblem('006Hs00001StgPl')).toBeNull();
        expect(salesforceIdProblem('006Hs00001StgPlIAJ', 'Opportunity')).toBeNull();
        // The checksum is case-insensitive.
        expect(salesforceIdProblem('006Hs00001StgPliaj')).toBeNull();
        expect(salesforceIdProblem('012000000000000AAA', 'RecordType')).toBeNull();
    });

    it('rejects a wrong length, a wrong checksum, another object’s prefix and an unknown prefix', () => {
        expect(salesforceIdProblem('006Hs00001StgPly')).toMatch(/not 15 or 18/);
        expect(salesforceIdProblem('006Hs00001StgPlAAA')).toMatch(/checksum of 006Hs00001StgPl is IAJ/);
        expect(salesforceIdProblem('005Hs00000Rep01IAB', 'Opportunity')).toMatch(
            /Opportunity ids start with 006/
        );
        expect(salesforceIdProblem('a0BHs00000Rep01')).toMatch(/key prefix a0B/);
    });

    it('finds ids in plain keys, in Lightning Data Service fields and in a record’s own id, with their path', () => {
        const payload = {
            opportunityId: '006Hs00001StgPly',
            apiName: 'Opportunity',
            id: '001Hs00001NrthWIAR',
            fields: {
                OwnerId: { displayValue: null, value: '005Hs00000Rep01AAA' },
                Name: { value: 'Not an id' }
            },
            history: [{ stageName: 'Discovery' }]
        };
        expect(invalidIds(payload)).toEqual([
            { path: '$.opportunityId', problem: expect.stringMatching(/not 15 or 18/) },
            { path: '$.id', problem: expect.stringMatching(/Opportunity ids start with 006/) },
            { path: '$.fields.OwnerId', problem: expect.stringMatching(/checksum/) }
        ]);
    });

    it('checks an account id by its key prefix, and leaves the ERP customer number alone', () => {
        const payload = {
            accountId: '006Hs00001StgPlIAJ',
            finance: { erpCustomerId: 'NW-1042', creditLimit: 250000 }
        };
        expect(invalidIds(payload)).toEqual([
            { path: '$.accountId', problem: expect.stringMatching(/Account ids start with 001/) }
        ]);
        expect(invalidIds({ ...payload, accountId: '001Hs00001NrthWIAR' })).toEqual([]);
    });
});
