/**
 * The validator passes the shipped process and names the file, record and field of each problem in
 * a deliberately broken copy of it.
 */
import { cp, mkdtemp, readFile, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProcessFromSource, ProcessSourceError } from '../loadProcess';
import { formatIssue, validateProcessSource, type ValidationIssue } from '../validateProcess';

const SHIPPED = 'force-app/main/default';

describe('validateProcessSource', () => {
    it('finds no issue in the shipped process', async () => {
        expect(await validateProcessSource(SHIPPED)).toEqual([]);
    });

    describe('on a broken copy', () => {
        let dir: string;

        beforeEach(async () => {
            dir = await mkdtemp(join(tmpdir(), 'stageplay-broken-process-'));
            for (const folder of ['customMetadata', 'objects', 'standardValueSets']) {
                await cp(join(SHIPPED, folder), join(dir, folder), { recursive: true });
            }
        });

        afterEach(async () => {
            await rm(dir, { recursive: true, force: true });
        });

        const recordFile = (record: string) => join(dir, 'customMetadata', `${record}.md-meta.xml`);

        /** Rewrites one value of a custom metadata record in the copy (values may span lines once Prettier wrapped them). */
        async function setValue(record: string, field: string, value: string): Promise<void> {
            const file = recordFile(record);
            const text = await readFile(file, 'utf8');
            const pattern = new RegExp(`(<field>${field}</field>\\s*<value[^>]*>)[\\s\\S]*?(</value>)`);
            if (!pattern.test(text)) throw new Error(`${record} has no ${field} value to change`);
            await writeFile(
                file,
                text.replace(pattern, (_m, open: string, close: string) => `${open}${value}${close}`)
            );
        }

        function issueOf(issues: ValidationIssue[], record: string, field: string | null): ValidationIssue {
            const found = issues.find((issue) => issue.record === record && issue.field === field);
            if (!found)
                throw new Error(
                    `no issue for ${record} ${field}; got:\n${issues.map(formatIssue).join('\n')}`
                );
            return found;
        }

        it('names the record, file and field of a rule that does not parse', async () => {
            await setValue('Play_Parameter.Organization_Size', 'Rule__c', 'at least 100');
            const issues = await validateProcessSource(dir);
            expect(issues).toHaveLength(1);
            const [issue] = issues;
            expect(issue.record).toBe('Play_Parameter.Organization_Size');
            expect(issue.field).toBe('Rule__c');
            expect(issue.file).toBe(recordFile('Play_Parameter.Organization_Size'));
            expect(issue.message).toMatch(/rule "at least 100" is not valid/);
            // The record is named once, by the issue, not again inside the message.
            expect(issue.message).not.toContain('Play_Parameter.Organization_Size');
            expect(formatIssue(issue)).toBe(
                `${recordFile('Play_Parameter.Organization_Size')}: Play_Parameter.Organization_Size: Rule__c: ${issue.message}`
            );
        });

        it('reports a field that does not exist, whether misnamed in the record or deleted from the source', async () => {
            await setValue('Play_Parameter.Budget_Confirmed', 'Field__c', 'Budget_Approved__c');
            await unlink(join(dir, 'objects', 'Opportunity', 'fields', 'Demo_Feedback__c.field-meta.xml'));
            await setValue('Play_Parameter.Problem_Metric', 'Field__c', 'problem_metric__c');
            const issues = await validateProcessSource(dir);
            expect(issueOf(issues, 'Play_Parameter.Budget_Confirmed', 'Field__c').message).toMatch(
                /Opportunity field "Budget_Approved__c" does not exist/
            );
            expect(issueOf(issues, 'Play_Parameter.Demo_Feedback', 'Field__c').message).toMatch(
                /Opportunity field "Demo_Feedback__c" does not exist/
            );
            expect(issueOf(issues, 'Play_Parameter.Problem_Metric', 'Field__c').message).toMatch(
                /did you mean "Problem_Metric__c"\?/
            );
            expect(issues).toHaveLength(3);
        });

        it('reports a parameter whose play does not exist', async () => {
            await setValue('Play_Parameter.Demo_Feedback', 'Play__c', 'Demo_Day');
            const issues = await validateProcessSource(dir);
            expect(issues).toHaveLength(1);
            expect(issueOf(issues, 'Play_Parameter.Demo_Feedback', 'Play__c').message).toMatch(
                /play "Demo_Day" is not a Stage_Play record; known plays: .*Demonstrate_Value/
            );
        });

        it('reports a play whose stage is not an Opportunity stage, or is a closed one', async () => {
            await setValue('Stage_Play.Present_Solution', 'Stage__c', 'Solution Presentation');
            await setValue('Stage_Play.Secure_Signature', 'Stage__c', 'Closed Won');
            await setValue('Stage_Play.Account_Research', 'Stage__c', 'prospecting');
            const issues = await validateProcessSource(dir);
            const unknown = issueOf(issues, 'Stage_Play.Present_Solution', 'Stage__c');
            expect(unknown.file).toBe(recordFile('Stage_Play.Present_Solution'));
            expect(unknown.message).toMatch(
                /stage "Solution Presentation" is not an Opportunity stage in .*OpportunityStage\.standardValueSet-meta\.xml; known stages: "Prospecting"/
            );
            expect(issueOf(issues, 'Stage_Play.Secure_Signature', 'Stage__c').message).toMatch(
                /is a closed stage/
            );
            expect(issueOf(issues, 'Stage_Play.Account_Research', 'Stage__c').message).toMatch(
                /did you mean "Prospecting"\?/
            );
            expect(issues).toHaveLength(3);
        });

        it('reports repeated orders, weights that are not positive and DeveloperNames defined twice', async () => {
            await setValue('Stage_Play.Present_Solution', 'Order__c', '20.0');
            await setValue('Play_Parameter.Project_Sponsor_Identified', 'Order__c', '3.0');
            await setValue('Play_Parameter.Current_Problem', 'Weight__c', '0.0');
            // A second package folder holding the same record (case differs: DeveloperNames are case-insensitive).
            await cp(
                recordFile('Play_Parameter.Documents_Signed'),
                join(dir, 'objects', 'Play_Parameter.documents_signed.md-meta.xml')
            );
            const issues = await validateProcessSource(dir);
            expect(issueOf(issues, 'Stage_Play.Present_Solution', 'Order__c').message).toBe(
                'order 20 is already used by Stage_Play.Demonstrate_Value in stage "Solution/Presentation"; orders must be unique there'
            );
            expect(issueOf(issues, 'Play_Parameter.Project_Sponsor_Identified', 'Order__c').message).toMatch(
                /order 3 is already used by Play_Parameter.Budget_Confirmed in play "Initiate_Contact"/
            );
            expect(issueOf(issues, 'Play_Parameter.Current_Problem', 'Weight__c').message).toBe(
                'weight 0 must be greater than 0'
            );
            const duplicate = issueOf(issues, 'Play_Parameter.documents_signed', null);
            expect(duplicate.message).toMatch(
                /duplicate DeveloperName: Play_Parameter.Documents_Signed is already defined in/
            );
            // The copy is also a second parameter at the same order in the same play.
            expect(issues).toHaveLength(5);
        });

        it('reports rules that cannot judge their field: unknown picklist values, numbers on text, blank checks on checkboxes', async () => {
            await setValue('Play_Parameter.Elevator_Pitch_Reception', 'Rule__c', 'in (Positive, Lukewarm)');
            await setValue('Play_Parameter.Problem_Metric', 'Rule__c', '&gt;= 3');
            await setValue('Play_Parameter.Documents_Signed', 'Rule__c', 'not blank');
            await setValue('Play_Parameter.Organization_Size', 'Rule__c', '= true');
            const issues = await validateProcessSource(dir);
            expect(issueOf(issues, 'Play_Parameter.Elevator_Pitch_Reception', 'Rule__c').message).toBe(
                'rule "in (Positive, Lukewarm)" names "Lukewarm", not a value of Opportunity.Elevator_Pitch_Reception__c ' +
                    '(picklist); its values are Positive, Neutral, Negative'
            );
            expect(issueOf(issues, 'Play_Parameter.Problem_Metric', 'Rule__c').message).toMatch(
                /rule ">= 3" compares numbers, but Opportunity.Problem_Metric__c \(text\) does not hold a number/
            );
            expect(issueOf(issues, 'Play_Parameter.Documents_Signed', 'Rule__c').message).toMatch(
                /a checkbox is never blank/
            );
            expect(issueOf(issues, 'Play_Parameter.Organization_Size', 'Rule__c').message).toMatch(
                /is not a checkbox/
            );
            expect(issues).toHaveLength(4);
        });

        it('reports a file that is not well-formed XML instead of skipping it', async () => {
            await writeFile(
                recordFile('Stage_Play.Finalize_Terms'),
                '<CustomMetadata><label>Finalize Terms</label>'
            );
            const issues = await validateProcessSource(dir);
            const broken = issueOf(issues, 'Stage_Play.Finalize_Terms', null);
            expect(broken.message).toMatch(/is not well-formed XML/);
            // Its parameters now point at a play that could not be read.
            expect(issueOf(issues, 'Play_Parameter.Contract_Submitted', 'Play__c').message).toMatch(
                /play "Finalize_Terms"/
            );
        });

        it('says how to write "<=" in a rule when a bare "<" breaks the XML', async () => {
            await setValue('Play_Parameter.Organization_Size', 'Rule__c', '<= 4');
            const issues = await validateProcessSource(dir);
            const broken = issueOf(issues, 'Play_Parameter.Organization_Size', null);
            expect(broken.message).toMatch(
                /is not well-formed XML .*must be written with "&lt;" in XML, e\.g\. &lt;= 4/
            );
        });

        it('makes the loader refuse the broken copy with the same issues', async () => {
            await setValue('Play_Parameter.Organization_Size', 'Rule__c', 'at least 100');
            await setValue('Play_Parameter.Demo_Feedback', 'Play__c', 'Demo_Day');
            const error = await loadProcessFromSource(dir).catch((err: unknown) => err);
            expect(error).toBeInstanceOf(ProcessSourceError);
            const { issues, message } = error as ProcessSourceError;
            expect(issues.map((issue) => [issue.record, issue.field])).toEqual([
                ['Play_Parameter.Demo_Feedback', 'Play__c'],
                ['Play_Parameter.Organization_Size', 'Rule__c']
            ]);
            expect(message).toMatch(/has 2 problems/);
            expect(message).toContain(
                `${recordFile('Play_Parameter.Organization_Size')}: Play_Parameter.Organization_Size: Rule__c:`
            );
        });

        it('names a play whose goal is not a Process_Goal record', async () => {
            await setValue('Stage_Play.Diagnose_Problem', 'Goal__c', 'Qualfy');
            const issues = await validateProcessSource(dir);
            expect(issueOf(issues, 'Stage_Play.Diagnose_Problem', 'Goal__c').message).toBe(
                'goal "Qualfy" is not a Process_Goal record; known goals: Close, Generate, Propose, Qualify'
            );
        });

        it('names a play without a goal once goals are defined', async () => {
            await setValue('Stage_Play.Finalize_Terms', 'Goal__c', '');
            const issues = await validateProcessSource(dir);
            expect(issues.map(formatIssue)).toEqual([
                expect.stringMatching(
                    /Stage_Play\.Finalize_Terms: Goal__c: has no goal: set it to a Process_Goal record \(Close, Generate, Propose, Qualify\)$/
                )
            ]);
        });

        it('names a goal order used twice', async () => {
            await setValue('Process_Goal.Propose', 'Order__c', '2.0');
            const issues = await validateProcessSource(dir);
            expect(issueOf(issues, 'Process_Goal.Qualify', 'Order__c').message).toMatch(
                /^order 2 is already used by Process_Goal.Propose; goal orders must be unique/
            );
        });

        it('names goals out of stage order', async () => {
            // Propose (Solution/Presentation) before Qualify (Discovery): Qualify's stages no longer come after.
            await setValue('Process_Goal.Propose', 'Order__c', '1.5');
            await setValue('Process_Goal.Qualify', 'Order__c', '3.0');
            const issues = await validateProcessSource(dir);
            expect(issues.map((issue) => [issue.record, issue.field])).toEqual([
                ['Process_Goal.Qualify', 'Order__c']
            ]);
            expect(issues[0].message).toMatch(
                /plays start in stage "Discovery", which is not after the stages of Process_Goal.Propose \(order 1.5, up to "Solution\/Presentation"\)/
            );
        });

        it('names a target outside 0-100%', async () => {
            await setValue('Process_Goal.Close', 'Target_Conversion__c', '120.0');
            const issues = await validateProcessSource(dir);
            expect(issues).toHaveLength(1);
            expect(issueOf(issues, 'Process_Goal.Close', 'Target_Conversion__c').message).toMatch(
                /^target 120% is outside 0-100%/
            );
        });

        it('names a goal no play serves', async () => {
            await setValue('Stage_Play.Finalize_Terms', 'Goal__c', 'Propose');
            await setValue('Stage_Play.Secure_Signature', 'Goal__c', 'Propose');
            const issues = await validateProcessSource(dir);
            expect(issueOf(issues, 'Process_Goal.Close', null).message).toMatch(/no play names this goal/);
        });

        it('accepts a process without goals: plays then name no record', async () => {
            for (const name of ['Generate', 'Qualify', 'Propose', 'Close'])
                await unlink(recordFile(`Process_Goal.${name}`));
            expect(await validateProcessSource(dir)).toEqual([]);
            const salesProcess = await loadProcessFromSource(dir);
            expect(salesProcess.goals).toEqual([]);
        });
    });
});
