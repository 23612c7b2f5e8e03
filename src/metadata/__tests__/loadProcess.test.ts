/**
 * The loader against the shipped sample process (the worked example), and against another
 * company's source folder laid out differently, using standard fields and a global value set.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadProcessFromSource, ProcessSourceError } from '../loadProcess';

describe('loadProcessFromSource on the shipped sample process', () => {
    it('reads the Opportunity stages with probability, forecast category and closed/won flags, in order', async () => {
        const salesProcess = await loadProcessFromSource('force-app/main/default');
        expect(
            salesProcess.stages.map((s) => [
                s.name,
                s.probability,
                s.forecastCategory,
                s.isClosed,
                s.isWon,
                s.sortOrder
            ])
        ).toEqual([
            ['Prospecting', 0.1, 'Pipeline', false, false, 1],
            ['Discovery', 0.2, 'Pipeline', false, false, 2],
            ['Solution/Presentation', 0.5, 'Best Case', false, false, 3],
            ['Negotiate and Close', 0.8, 'Commit', false, false, 4],
            ['Closed Won', 1, 'Closed', true, true, 5],
            ['Closed Lost', 0, 'Omitted', true, false, 6]
        ]);
        expect(salesProcess.stages.every((s) => s.isActive)).toBe(true);
    });

    it('orders plays by stage, then by their order', async () => {
        const salesProcess = await loadProcessFromSource();
        expect(salesProcess.plays.map((p) => [p.stage, p.name, p.goal])).toEqual([
            ['Prospecting', 'Account_Research', 'Generate'],
            ['Prospecting', 'Initiate_Contact', 'Generate'],
            ['Discovery', 'Diagnose_Problem', 'Qualify'],
            ['Discovery', 'Map_Impact_And_Alternatives', 'Qualify'],
            ['Solution/Presentation', 'Present_Solution', 'Propose'],
            ['Solution/Presentation', 'Demonstrate_Value', 'Propose'],
            ['Negotiate and Close', 'Finalize_Terms', 'Close'],
            ['Negotiate and Close', 'Secure_Signature', 'Close']
        ]);
        const research = salesProcess.plays[0];
        expect(research.label).toBe('Account Research');
        expect(research.guidance).toMatch(/compelling driver/);
    });

    it('reads the four goals in order, their target percentages as fractions', async () => {
        const salesProcess = await loadProcessFromSource();
        expect(salesProcess.goals!.map((g) => [g.order, g.name, g.target])).toEqual([
            [1, 'Generate', 0.55],
            [2, 'Qualify', 0.45],
            [3, 'Propose', 0.55],
            [4, 'Close', 0.65]
        ]);
        for (const goal of salesProcess.goals!) {
            expect(goal.customerValue.length).toBeGreaterThan(40);
            expect(goal.measure).toMatch(/^Share of decided deals entering /);
        }
    });

    it('gives every parameter its play, stage, field, rule, weight, required flag and order', async () => {
        const salesProcess = await loadProcessFromSource();
        expect(salesProcess.parameters).toHaveLength(15);
        const pitch = salesProcess.parameters.find((p) => p.name === 'Elevator_Pitch_Reception');
        expect(pitch).toEqual({
            name: 'Elevator_Pitch_Reception',
            label: 'Elevator Pitch Reception',
            play: 'Initiate_Contact',
            stage: 'Prospecting',
            field: 'Elevator_Pitch_Reception__c',
            question: 'How did the contact receive the elevator pitch?',
            rule: 'in (Positive, Neutral)',
            weight: 2,
            requiredToAdvance: true,
            order: 1
        });
        const size = salesProcess.parameters.find((p) => p.name === 'Organization_Size');
        expect(size).toMatchObject({
            field: 'Organization_Size_Meters__c',
            rule: '>= 100',
            requiredToAdvance: false
        });
        // Play order first, then parameter order: the sequence the rep sees.
        expect(salesProcess.parameters.slice(0, 5).map((p) => p.name)).toEqual([
            'Organization_Size',
            'Compelling_Driver',
            'Elevator_Pitch_Reception',
            'Project_Sponsor_Identified',
            'Budget_Confirmed'
        ]);
        expect(new Set(salesProcess.parameters.map((p) => p.stage))).toEqual(
            new Set(['Prospecting', 'Discovery', 'Solution/Presentation', 'Negotiate and Close'])
        );
    });

    it('describes exactly the fields the parameters capture, with their types and picklist values', async () => {
        const salesProcess = await loadProcessFromSource();
        expect(Object.keys(salesProcess.fields).sort()).toEqual(
            salesProcess.parameters.map((p) => p.field).sort()
        );
        const types = Object.fromEntries(Object.values(salesProcess.fields).map((f) => [f.apiName, f.type]));
        expect(types).toEqual({
            Organization_Size_Meters__c: 'number',
            Compelling_Driver__c: 'picklist',
            Elevator_Pitch_Reception__c: 'picklist',
            Project_Sponsor_Identified__c: 'boolean',
            Budget_Confirmed__c: 'boolean',
            Current_Problem__c: 'textarea',
            Problem_Metric__c: 'text',
            Pain_Felt_By__c: 'multipicklist',
            Alternatives_Considered__c: 'picklist',
            Solution_Pricing_Shared_Date__c: 'date',
            Implementation_Timeline_Weeks__c: 'number',
            Demo_Feedback__c: 'picklist',
            Contract_Submitted_Date__c: 'date',
            Implementation_Planned__c: 'boolean',
            Documents_Signed__c: 'boolean'
        });
        expect(salesProcess.fields.Elevator_Pitch_Reception__c).toEqual({
            apiName: 'Elevator_Pitch_Reception__c',
            label: 'Elevator Pitch Reception',
            type: 'picklist',
            picklistValues: ['Positive', 'Neutral', 'Negative']
        });
    });
});

describe("loadProcessFromSource on another company's source folder", () => {
    let dir: string;

    beforeEach(async () => {
        dir = await mkdtemp(join(tmpdir(), 'stageplay-other-process-'));
    });

    afterEach(async () => {
        await rm(dir, { recursive: true, force: true });
    });

    async function put(relative: string, text: string): Promise<void> {
        await mkdir(dirname(join(dir, relative)), { recursive: true });
        await writeFile(join(dir, relative), text, 'utf8');
    }

    const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
    const XSI =
        'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"';
    /** The XML type of each Stage_Play and Play_Parameter field, as a retrieve writes it. */
    const XSD_TYPES: Record<string, string> = {
        Stage__c: 'string',
        Goal__c: 'string',
        Play__c: 'string',
        Field__c: 'string',
        Question__c: 'string',
        Rule__c: 'string',
        Order__c: 'double',
        Weight__c: 'double',
        Required_To_Advance__c: 'boolean'
    };
    const record = (label: string, values: Record<string, string>) =>
        `<?xml version="1.0" encoding="UTF-8"?><CustomMetadata ${NS} ${XSI}><label>${label}</label><protected>false</protected>` +
        Object.entries(values)
            .map(
                ([field, value]) =>
                    `<values><field>${field}</field><value xsi:type="xsd:${XSD_TYPES[field]}">${value}</value></values>`
            )
            .join('') +
        '</CustomMetadata>';

    /** The OpportunityStage value set: [name, closed, forecast category, probability %, won], the first the default. */
    const stageValueSet = (stages: Array<[string, boolean, string, number, boolean]>) =>
        `<?xml version="1.0" encoding="UTF-8"?><StandardValueSet ${NS}><sorted>false</sorted>` +
        stages
            .map(
                ([name, closed, category, probability, won], index) =>
                    `<standardValue><fullName>${name}</fullName><default>${index === 0}</default><closed>${closed}</closed>` +
                    `<forecastCategory>${category}</forecastCategory><probability>${probability}</probability><won>${won}</won></standardValue>`
            )
            .join('') +
        '</StandardValueSet>';

    /** An Opportunity custom field: its name and label, then the rest of its definition as retrieved. */
    const customField = (name: string, label: string, definition: string) =>
        `<?xml version="1.0" encoding="UTF-8"?><CustomField ${NS}><fullName>${name}</fullName><label>${label}</label>` +
        `${definition}</CustomField>`;

    it('finds stages, records and fields anywhere under the folder, standard fields and global value sets included', async () => {
        await put(
            'sales/main/default/standardValueSets/OpportunityStage.standardValueSet-meta.xml',
            stageValueSet([
                ['Qualify', false, 'Pipeline', 15, false],
                ['Proposal/Price Quote', false, 'Forecast', 70, false],
                ['Won', true, 'Closed', 100, true],
                ['Lost', true, 'Omitted', 0, false]
            ])
        );
        await put(
            'sales/main/default/globalValueSets/Deal_Temperature.globalValueSet-meta.xml',
            `<?xml version="1.0" encoding="UTF-8"?><GlobalValueSet ${NS}><masterLabel>Deal Temperature</masterLabel><sorted>false</sorted>` +
                '<customValue><fullName>Hot</fullName><default>false</default><label>Hot</label></customValue>' +
                '<customValue><fullName>Warm</fullName><default>false</default><label>Warm</label></customValue>' +
                '<customValue><fullName>Frozen</fullName><default>false</default><label>Frozen</label><isActive>false</isActive></customValue>' +
                '</GlobalValueSet>'
        );
        await put(
            'sales/main/default/objects/Opportunity/fields/Temperature__c.field-meta.xml',
            customField(
                'Temperature__c',
                'Temperature',
                '<type>Picklist</type><valueSet><restricted>true</restricted><valueSetName>Deal_Temperature</valueSetName></valueSet>'
            )
        );
        // A field no parameter uses, of a type Stageplay cannot read: none of the process's business.
        await put(
            'sales/main/default/objects/Opportunity/fields/Site__c.field-meta.xml',
            customField(
                'Site__c',
                'Site',
                '<displayLocationInDecimal>true</displayLocationInDecimal><scale>5</scale><type>Location</type>'
            )
        );
        await put(
            'crm/customMetadata/Stage_Play.Size_The_Deal.md-meta.xml',
            record('Size the Deal', { Stage__c: 'Proposal/Price Quote', Order__c: '1.0', Goal__c: 'Propose' })
        );
        await put(
            'crm/customMetadata/Play_Parameter.Deal_Size.md-meta.xml',
            record('Deal Size', {
                Play__c: 'Size_The_Deal',
                Field__c: 'Amount',
                Question__c: 'How big is the deal?',
                Rule__c: '&gt;= 50000',
                Weight__c: '1.5',
                Required_To_Advance__c: 'false',
                Order__c: '1.0'
            })
        );
        await put(
            // Retrieved in Metadata API format: the same XML in a `.md` file.
            'crm/unpackaged/customMetadata/Play_Parameter.Deal_Temperature.md',
            record('Deal Temperature', {
                Play__c: 'Size_The_Deal',
                Field__c: 'Temperature__c',
                Question__c: 'How warm is the buyer?',
                Rule__c: 'in (Hot, Warm)',
                Weight__c: '2.0',
                Required_To_Advance__c: 'true',
                Order__c: '2.0'
            })
        );

        const salesProcess = await loadProcessFromSource(dir);

        expect(salesProcess.stages.map((s) => [s.name, s.probability, s.forecastCategory])).toEqual([
            ['Qualify', 0.15, 'Pipeline'],
            ['Proposal/Price Quote', 0.7, 'Commit'],
            ['Won', 1, 'Closed'],
            ['Lost', 0, 'Omitted']
        ]);
        expect(salesProcess.plays).toEqual([
            {
                name: 'Size_The_Deal',
                label: 'Size the Deal',
                stage: 'Proposal/Price Quote',
                order: 1,
                goal: 'Propose',
                guidance: ''
            }
        ]);
        expect(
            salesProcess.parameters.map((p) => [p.name, p.stage, p.rule, p.weight, p.requiredToAdvance])
        ).toEqual([
            ['Deal_Size', 'Proposal/Price Quote', '>= 50000', 1.5, false],
            ['Deal_Temperature', 'Proposal/Price Quote', 'in (Hot, Warm)', 2, true]
        ]);
        expect(salesProcess.fields).toEqual({
            Amount: { apiName: 'Amount', label: 'Amount', type: 'currency' },
            Temperature__c: {
                apiName: 'Temperature__c',
                label: 'Temperature',
                type: 'picklist',
                picklistValues: ['Hot', 'Warm']
            }
        });
    });

    it('refuses a parameter on a field it cannot read, naming the field and the way out', async () => {
        await put(
            'standardValueSets/OpportunityStage.standardValueSet-meta.xml',
            stageValueSet([['Qualify', false, 'Pipeline', 15, false]])
        );
        await put(
            'objects/Opportunity/fields/Region__c.field-meta.xml',
            customField(
                'Region__c',
                'Region',
                '<type>Picklist</type><valueSet><valueSetName>Sales_Regions</valueSetName></valueSet>'
            )
        );
        await put(
            'customMetadata/Stage_Play.Qualify_Buyer.md-meta.xml',
            record('Qualify Buyer', { Stage__c: 'Qualify', Order__c: '1.0' })
        );
        await put(
            'customMetadata/Play_Parameter.Buyer_Region.md-meta.xml',
            record('Buyer Region', {
                Play__c: 'Qualify_Buyer',
                Field__c: 'Region__c',
                Question__c: 'Where is the buyer?',
                Rule__c: 'not blank',
                Weight__c: '1.0',
                Order__c: '1.0'
            })
        );
        const error = (await loadProcessFromSource(dir).catch((err: unknown) => err)) as ProcessSourceError;
        expect(error).toBeInstanceOf(ProcessSourceError);
        expect(error.issues).toEqual([
            {
                file: join(dir, 'customMetadata', 'Play_Parameter.Buyer_Region.md-meta.xml'),
                record: 'Play_Parameter.Buyer_Region',
                field: 'Field__c',
                message:
                    'Opportunity field "Region__c" takes its values from the global value set "Sales_Regions", which is not in ' +
                    'the source folder (retrieve it with `sf project retrieve start --metadata GlobalValueSet:Sales_Regions`)'
            }
        ]);
    });

    it('refuses a folder with no process in it, saying what it looked for', async () => {
        await put('README.md', 'nothing here');
        const error = await loadProcessFromSource(dir).catch((err: unknown) => err);
        expect(error).toBeInstanceOf(ProcessSourceError);
        expect((error as ProcessSourceError).message).toMatch(/OpportunityStage\.standardValueSet-meta\.xml/);
        expect((error as ProcessSourceError).message).toMatch(
            /no Stage_Play or Play_Parameter custom metadata records/
        );
        expect((error as ProcessSourceError).exitCode).toBe(1);
    });

    it('rejects a folder that does not exist', async () => {
        await expect(loadProcessFromSource(join(dir, 'missing'))).rejects.toThrow(/no such folder/);
    });
});
