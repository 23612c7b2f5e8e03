/**
 * scripts/check-apex-dtos.ts compares the Apex DTOs with their hand-written TypeScript declarations.
 * The shipped pair agrees; copies with one disagreement each (a renamed property, a wrong type, an Apex
 * field the declaration lacks, an optional property, a scalar for a list, a method without its module,
 * an sObject list declared as something other than records of its fields) and a renamed method
 * parameter, are each caught at the file and line where the disagreement is written.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkApexDtos, type DtoFinding } from '../scripts/check-apex-dtos';

jest.setTimeout(120_000);

const REPO = join(__dirname, '..');
const CLASSES = join(REPO, 'force-app', 'main', 'default', 'classes');
const DECLARATIONS = join(REPO, 'force-app', 'main', 'default', 'lwc', 'types', 'salesforce.d.ts');
const CONTROLLER = 'DealHealthController.cls';
/** How the check names the Opportunity record type both pages' lists share (reported under the first method read). */
const RECORD_LABEL = 'ApexAccountContext\\.opportunities\\[\\]';

let dir: string;

beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stageplay-dtos-'));
    // Every class: the controllers' DTOs refer to each other's (AccountFinance.Facts on both pages).
    cpSync(CLASSES, dir, { recursive: true });
    // The declarations take some shapes from the core (`import('../stageplayCore/…')`): the copy sits
    // where the original does relative to the core, which is linked in, not copied.
    cpSync(DECLARATIONS, copyOf('salesforce.d.ts'));
    symlinkSync(join(DECLARATIONS, '..', '..', 'stageplayCore'), join(dir, 'stageplayCore'), 'dir');
});

afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
});

/** Where the copy of a repo file lies: the declarations in `types/`, the Apex classes beside it. */
function copyOf(name: string): string {
    return name.endsWith('.d.ts') ? join(dir, 'types', name) : join(dir, name);
}

/** Replaces one exact piece of a copied file (failing loudly if the original moved on). */
function edit(name: string, from: string, to: string): void {
    const path = copyOf(name);
    const text = readFileSync(path, 'utf8');
    expect(text.split(from)).toHaveLength(2);
    writeFileSync(path, text.replace(from, to));
}

/** The 1-based line of the only line of a copied file that contains `fragment`. */
function lineOf(name: string, fragment: string): number {
    const lines = readFileSync(copyOf(name), 'utf8').split('\n');
    const found = lines.flatMap((line, i) => (line.includes(fragment) ? [i + 1] : []));
    expect(found).toHaveLength(1);
    return found[0];
}

const check = (): DtoFinding[] => checkApexDtos(dir, copyOf('salesforce.d.ts'));
const at = (name: string, line: number, message: RegExp) => ({
    file: copyOf(name),
    line,
    message: expect.stringMatching(message)
});

/** Where a finding is written: the file, a fragment only its line holds, and what the message says. */
type Finding = [file: string, fragment: string, message: RegExp | (() => RegExp)];

/**
 * One disagreement each: the edits that make it in the copies, and every finding the check reports,
 * in order. A message naming an Apex line reads it from the copy when the case runs.
 */
const DISAGREEMENTS: ReadonlyArray<{
    title: string;
    edits: Array<[file: string, from: string, to: string]>;
    findings: Finding[];
}> = [
    {
        title: 'a renamed property is caught on both sides: the Apex field without it, the property without a field',
        edits: [['salesforce.d.ts', 'sortOrder: number | null;', 'sortOrdr: number | null;']],
        findings: [
            [
                CONTROLLER,
                'public Integer sortOrder;',
                /Stage\.sortOrder \(Integer\) has no property in ApexStage/
            ],
            [
                'salesforce.d.ts',
                'sortOrdr',
                /ApexStage\.sortOrdr has no @AuraEnabled field in DealHealthController\.Stage/
            ]
        ]
    },
    {
        title: 'a wrong type is caught at the property, naming the Apex type and its line',
        edits: [['salesforce.d.ts', 'damping: number | null;', 'damping: string | null;']],
        findings: [
            [
                'salesforce.d.ts',
                'damping: string',
                () =>
                    new RegExp(
                        `ApexBenchmarkRow\\.damping is string \\| null but Apex declares Decimal \\(.*${CONTROLLER}:${lineOf(CONTROLLER, 'public Decimal damping;')}\\)`
                    )
            ]
        ]
    },
    {
        title: 'an Apex field the declaration lacks is caught at the Apex field',
        edits: [
            [
                CONTROLLER,
                '        public String forecastCategory;\n',
                '        public String forecastCategory;\n        @AuraEnabled\n        public Integer daysInStage;\n'
            ]
        ],
        findings: [
            [
                CONTROLLER,
                'daysInStage',
                /HistoryRow\.daysInStage \(Integer\) has no property in ApexHistoryRow/
            ]
        ]
    },
    {
        title: 'an optional property and a scalar declared for a list are caught',
        edits: [
            ['salesforce.d.ts', 'goal: string | null;', 'goal?: string;'],
            ['salesforce.d.ts', 'picklistValues: string[];', 'picklistValues: string;']
        ],
        findings: [
            ['salesforce.d.ts', 'goal?', /ApexPlay\.goal is optional/],
            [
                'salesforce.d.ts',
                'picklistValues: string;',
                /ApexField\.picklistValues is string but Apex declares List<String>/
            ]
        ]
    },
    {
        title: 'an sObject list is known as records of its selected fields: a DTO interface in its place is caught',
        edits: [
            ['salesforce.d.ts', 'accountOpenDeals: ApexOpportunity[];', 'accountOpenDeals: ApexStage[];']
        ],
        findings: [
            [
                'salesforce.d.ts',
                'accountOpenDeals: ApexStage[];',
                () =>
                    new RegExp(
                        `ApexProcessContext\\.accountOpenDeals\\[\\] is ApexStage without a string index signature, but Apex declares Opportunity \\(.*${CONTROLLER}:${lineOf(CONTROLLER, 'public List<Opportunity> accountOpenDeals;')}\\)`
                    )
            ]
        ]
    },
    {
        title: 'an sObject record: a required field (absent when null), an optional Id and an index without absence are caught',
        edits: [
            ['salesforce.d.ts', '        StageName?: string;', '        StageName: string;'],
            [
                'salesforce.d.ts',
                '        Id: string;\n        [field: string]',
                '        Id?: string;\n        [field: string]'
            ],
            [
                'salesforce.d.ts',
                '[field: string]: ApexFieldValue | undefined;',
                '[field: string]: ApexFieldValue;'
            ]
        ],
        findings: [
            [
                'salesforce.d.ts',
                ' Id?: string;',
                new RegExp(
                    `${RECORD_LABEL}\\.Id is string \\| undefined and optional, but every Opportunity record`
                )
            ],
            [
                'salesforce.d.ts',
                '[field: string]: ApexFieldValue;',
                new RegExp(
                    `${RECORD_LABEL}\\[field\\] is ApexFieldValue, but a field of Opportunity .* absent \\(undefined\\)`
                )
            ],
            [
                'salesforce.d.ts',
                '        StageName: string;',
                new RegExp(
                    `${RECORD_LABEL}\\.StageName is required, but a field of Opportunity .* declare it optional`
                )
            ]
        ]
    },
    {
        title: 'an @AuraEnabled method without its module, and a module without its method, are caught',
        edits: [
            [
                CONTROLLER,
                'public static ProcessContext getProcessContext(Id opportunityId)',
                'public static ProcessContext loadProcessContext(Id opportunityId)'
            ]
        ],
        findings: [
            [
                CONTROLLER,
                'loadProcessContext',
                /DealHealthController\.loadProcessContext has no module '@salesforce\/apex\/DealHealthController\.loadProcessContext'/
            ],
            [
                'salesforce.d.ts',
                "declare module '@salesforce/apex/DealHealthController.getProcessContext'",
                /declares an Apex method that no class .* has as @AuraEnabled/
            ]
        ]
    },
    {
        title: 'a renamed Apex parameter is caught: LWC passes parameters by name, so the old name would arrive as null',
        edits: [
            [
                CONTROLLER,
                'public static ProcessContext getProcessContext(Id opportunityId)',
                'public static ProcessContext getProcessContext(Id opportunity)'
            ]
        ],
        findings: [
            [
                CONTROLLER,
                'getProcessContext(Id opportunity)',
                /getProcessContext\(…\)\.opportunity \(Id\) has no property/
            ],
            [
                'salesforce.d.ts',
                'StageplayApexMethod<{ opportunityId: string }',
                /\.opportunityId has no @AuraEnabled field in DealHealthController\.getProcessContext\(…\)/
            ]
        ]
    }
];

describe('check-apex-dtos', () => {
    it('the shipped controller and its declarations agree', () => {
        expect(checkApexDtos(CLASSES, DECLARATIONS)).toEqual([]);
        expect(check()).toEqual([]);
    });

    it.each(DISAGREEMENTS)('$title', ({ edits, findings }) => {
        for (const [name, from, to] of edits) edit(name, from, to);
        expect(check()).toEqual(
            findings.map(([name, fragment, message]) =>
                at(name, lineOf(name, fragment), typeof message === 'function' ? message() : message)
            )
        );
    });

    it('nested DTOs are reached through lists: a wrong type two levels down is caught', () => {
        edit('salesforce.d.ts', '        isActive: boolean;', '        isActive: number;');
        expect(check().map((f) => f.message)).toEqual([
            expect.stringMatching(/ApexStage\.isActive is number but Apex declares Boolean/)
        ]);
    });
});
