/**
 * The shapes the Apex controllers return to the components are declared twice: as `@AuraEnabled`
 * fields of Apex classes (force-app/main/default/classes) and as TypeScript interfaces in
 * force-app/main/default/lwc/types/salesforce.d.ts, written by hand because no tool generates them.
 * This check reads both and fails when they disagree, naming file and line on each side.
 *
 * Pairing needs no naming convention: every `@AuraEnabled` method `Class.method` must have its
 * module `@salesforce/apex/Class.method`, whose default export's call returns `Promise<T>`; the
 * method's Apex return type is compared with `T`, and each field's type with its property's type,
 * so `List<Stage>` ↔ `ApexStage[]` pairs `Stage` with `ApexStage` and recurses.
 *
 * The method's parameters are compared the same way with the properties of the call's argument
 * (`getProcessContext({ opportunityId })`), since LWC passes them by name.
 *
 * Compared: names (an Apex field without a property, a property without an Apex field), types
 * (String/Id/Date/Datetime/Time → string, Decimal/Integer/Long/Double → number, Boolean → boolean,
 * List/Set/arrays → T[], Map<String, V> → Record<string, V>, Object → unknown, DTO classes →
 * interfaces, sObjects → records), and optionality: Apex has no optional fields, so a property marked
 * `?` (or `| undefined`) hides nothing Apex can send; a field that can be null is declared `T | null`.
 * Whether a field is ever null is the controller's behaviour, not its declaration, so `| null` is
 * left to the declaration's author.
 *
 * An sObject (`Opportunity`, `Account`, `Foo__c`, `SObject`) is the exception to that rule, because
 * its JSON is not a DTO's: it is an object keyed by the API names of the fields the query selected,
 * with `Id` always there (Apex returns it unasked) and every other field left out when it is null
 * or was not selected. Which fields a query selects is decided at run time (field-level security,
 * answer fields named by metadata), so its declaration is checked for that shape: a required
 * `Id: string`, a string index signature of field values that admits `undefined`, and named
 * properties besides `Id` optional and holding field values (string, number, boolean, or a nested
 * record or list for a relationship).
 *
 * Usage: `npx tsx scripts/check-apex-dtos.ts [--classes <dir>] [--declarations <file.d.ts>]`.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import {
    ApexErrorListener,
    ApexParserFactory,
    type ClassDeclarationContext,
    type TypeRefContext
} from '@apexdevtools/apex-parser';

const REPO_ROOT = join(__dirname, '..');
const DEFAULT_CLASSES = join(REPO_ROOT, 'force-app', 'main', 'default', 'classes');
const DEFAULT_DECLARATIONS = join(
    REPO_ROOT,
    'force-app',
    'main',
    'default',
    'lwc',
    'types',
    'salesforce.d.ts'
);

export interface DtoFinding {
    file: string;
    line: number;
    message: string;
}

/** An Apex type as written: `List<Stage>` is { name: 'list', args: [{ name: 'stage' }] }. */
interface ApexType {
    name: string;
    text: string;
    args: ApexType[];
}

interface ApexField {
    name: string;
    type: ApexType;
    line: number;
}

interface ApexClass {
    /** `Outer.Inner` for an inner class. */
    qualifiedName: string;
    file: string;
    line: number;
    fields: ApexField[];
}

interface ApexMethod {
    className: string;
    name: string;
    returnType: ApexType | null;
    /** The method's parameters: LWC passes them as one object keyed by parameter name. */
    parameters: ApexField[];
    file: string;
    line: number;
}

class ThrowingListener extends ApexErrorListener {
    constructor(private readonly file: string) {
        super();
    }

    apexSyntaxError(line: number, column: number, message: string): void {
        // scripts/check-apex.ts reports syntax; here a class that does not parse cannot be compared.
        throw new Error(`${this.file}:${line}:${column + 1}: ${message}`);
    }
}

function apexType(ref: TypeRefContext): ApexType {
    const names = ref.typeName_list();
    const last = names[names.length - 1];
    const args = (last.typeArguments()?.typeList()?.typeRef_list() ?? []).map(apexType);
    let name: string;
    if (last.LIST()) name = 'list';
    else if (last.SET()) name = 'set';
    else if (last.MAP()) name = 'map';
    else
        name = names
            .map((n) => n.id().getText())
            .join('.')
            .toLowerCase();
    const type: ApexType = { name, text: ref.getText(), args };
    // `Stage[]` is Apex's other spelling of `List<Stage>`.
    return ref.arraySubscripts()?.LBRACK_list().length
        ? { name: 'list', text: ref.getText(), args: [type] }
        : type;
}

const isAuraEnabled = (modifiers: { annotation(): { id(): { getText(): string } } | null }[]): boolean =>
    modifiers.some((m) => m.annotation()?.id().getText().toLowerCase() === 'auraenabled');

function readClass(
    declaration: ClassDeclarationContext,
    outer: string | null,
    file: string,
    classes: ApexClass[],
    methods: ApexMethod[]
): void {
    const qualifiedName = outer ? `${outer}.${declaration.id().getText()}` : declaration.id().getText();
    const fields: ApexField[] = [];
    for (const member of declaration.classBody().classBodyDeclaration_list()) {
        const body = member.memberDeclaration();
        if (!body) continue;
        const aura = isAuraEnabled(member.modifier_list());
        const field = body.fieldDeclaration();
        const property = body.propertyDeclaration();
        const method = body.methodDeclaration();
        const inner = body.classDeclaration();
        if (inner) readClass(inner, qualifiedName, file, classes, methods);
        if (!aura) continue;
        if (field) {
            for (const declarator of field.variableDeclarators().variableDeclarator_list()) {
                fields.push({
                    name: declarator.id().getText(),
                    type: apexType(field.typeRef()),
                    line: declarator.start.line
                });
            }
        } else if (property) {
            fields.push({
                name: property.id().getText(),
                type: apexType(property.typeRef()),
                line: property.start.line
            });
        } else if (method) {
            methods.push({
                className: qualifiedName,
                name: method.id().getText(),
                returnType: method.typeRef() ? apexType(method.typeRef()) : null,
                parameters: (
                    method.formalParameters().formalParameterList()?.formalParameter_list() ?? []
                ).map((parameter) => ({
                    name: parameter.id().getText(),
                    type: apexType(parameter.typeRef()),
                    line: parameter.start.line
                })),
                file,
                line: method.start.line
            });
        }
    }
    classes.push({ qualifiedName, file, line: declaration.start.line, fields });
}

export function readApex(classesDir: string): { classes: ApexClass[]; methods: ApexMethod[] } {
    const classes: ApexClass[] = [];
    const methods: ApexMethod[] = [];
    for (const name of readdirSync(classesDir)
        .filter((n) => n.endsWith('.cls'))
        .sort()) {
        const file = join(classesDir, name);
        const { parser } = ApexParserFactory.createLexerAndParser(
            readFileSync(file, 'utf8'),
            new ThrowingListener(file)
        );
        const declaration = parser.compilationUnit().typeDeclaration().classDeclaration();
        if (declaration) readClass(declaration, null, file, classes, methods);
    }
    return { classes, methods };
}

const SCALARS: Record<string, 'string' | 'number' | 'boolean'> = {
    string: 'string',
    id: 'string',
    date: 'string',
    datetime: 'string',
    time: 'string',
    decimal: 'number',
    double: 'number',
    integer: 'number',
    long: 'number',
    boolean: 'boolean'
};

/**
 * Standard sObjects a DTO may carry (lower case); custom objects, metadata types, events and
 * external objects are known by their suffix, and `SObject` is any of them.
 */
const STANDARD_SOBJECTS = new Set([
    'sobject',
    'account',
    'contact',
    'lead',
    'opportunity',
    'opportunitylineitem',
    'opportunityhistory',
    'opportunitystage',
    'case',
    'task',
    'event',
    'user',
    'product2',
    'pricebookentry',
    'organization'
]);

const isSObject = (name: string): boolean => STANDARD_SOBJECTS.has(name) || /__(c|mdt|e|x)$/.test(name);

/** The JSON shape of an sObject record, as a mismatch names it. */
const SOBJECT_SHAPE = (apexText: string) =>
    `a record of ${apexText}'s selected fields keyed by API name (Id always there, any other field absent when null or not selected)`;

class Comparison {
    readonly findings: DtoFinding[] = [];
    private readonly paired = new Set<string>();

    constructor(
        private readonly checker: ts.TypeChecker,
        private readonly classes: ApexClass[]
    ) {}

    where(node: ts.Node): { file: string; line: number } {
        const source = node.getSourceFile();
        return {
            file: source.fileName,
            line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1
        };
    }

    private report(at: { file: string; line: number }, message: string): void {
        this.findings.push({ ...at, message });
    }

    /** The DTO class a type name means, seen from the class that names it (inner classes first). */
    private classNamed(name: string, from: string): ApexClass | undefined {
        const scopes = from.split('.');
        for (let i = scopes.length; i >= 0; i--) {
            const qualified = [...scopes.slice(0, i), name].join('.').toLowerCase();
            const found = this.classes.find((c) => c.qualifiedName.toLowerCase() === qualified);
            if (found) return found;
        }
        return undefined;
    }

    private describe(type: ts.Type): string {
        return this.checker.typeToString(type);
    }

    /** Compares one Apex type with one TypeScript type; `at` is where the TypeScript side says so. */
    compareType(
        apex: ApexType,
        type: ts.Type,
        scope: string,
        label: string,
        at: ts.Node,
        apexAt: string
    ): void {
        const nonNull = this.checker.getNonNullableType(type);
        const mismatch = (expected: string) =>
            this.report(
                this.where(at),
                `${label} is ${this.describe(type)} but Apex declares ${apex.text} (${apexAt}), which arrives as ${expected}`
            );
        const scalar = SCALARS[apex.name];
        if (scalar) {
            const flag =
                scalar === 'string'
                    ? ts.TypeFlags.StringLike
                    : scalar === 'number'
                      ? ts.TypeFlags.NumberLike
                      : ts.TypeFlags.BooleanLike;
            const members = nonNull.isUnion() ? nonNull.types : [nonNull];
            if (!members.every((m) => (m.flags & flag) !== 0)) mismatch(scalar);
            return;
        }
        if (apex.name === 'object') {
            if ((nonNull.flags & (ts.TypeFlags.Unknown | ts.TypeFlags.Any)) === 0) mismatch('unknown');
            return;
        }
        if (apex.name === 'list' || apex.name === 'set') {
            if (!this.checker.isArrayType(nonNull))
                return mismatch(`an array of ${apex.args[0]?.text ?? 'Object'}`);
            const element = this.checker.getTypeArguments(nonNull as ts.TypeReference)[0];
            this.compareType(apex.args[0], element, scope, `${label}[]`, at, apexAt);
            return;
        }
        if (apex.name === 'map') {
            const index = this.checker.getIndexInfoOfType(nonNull, ts.IndexKind.String);
            if (!index || apex.args.length !== 2 || SCALARS[apex.args[0].name] !== 'string')
                return mismatch(`an object keyed by ${apex.args[0]?.text ?? 'String'} (Record<string, …>)`);
            this.compareType(apex.args[1], index.type, scope, `${label}[key]`, at, apexAt);
            return;
        }
        const dto = this.classNamed(apex.name, scope);
        if (!dto && isSObject(apex.name)) {
            if ((nonNull.flags & ts.TypeFlags.Object) === 0 || this.checker.isArrayType(nonNull))
                return mismatch(SOBJECT_SHAPE(apex.text));
            this.compareSObject(apex, nonNull, label, at, apexAt);
            return;
        }
        if (!dto) {
            this.report(
                this.where(at),
                `${label}: Apex type ${apex.text} (${apexAt}) is not one this check knows; teach scripts/check-apex-dtos.ts its JSON shape`
            );
            return;
        }
        if ((nonNull.flags & ts.TypeFlags.Object) === 0 || this.checker.isArrayType(nonNull))
            return mismatch(`an object (${dto.qualifiedName})`);
        this.compareClass(dto, nonNull, at);
    }

    /** True when every member of `type` is one of `flags` (a union is read member by member). */
    private only(type: ts.Type, flags: ts.TypeFlags): boolean {
        const members = type.isUnion() ? type.types : [type];
        return members.every((m) => (m.flags & flags) !== 0);
    }

    /** A field value as an sObject record carries it: a scalar, or a related record or list. */
    private static readonly FIELD_VALUE =
        ts.TypeFlags.StringLike |
        ts.TypeFlags.NumberLike |
        ts.TypeFlags.BooleanLike |
        ts.TypeFlags.Null |
        ts.TypeFlags.Undefined |
        ts.TypeFlags.Object;

    private admitsUndefined(type: ts.Type): boolean {
        const members = type.isUnion() ? type.types : [type];
        return members.some((m) => (m.flags & ts.TypeFlags.Undefined) !== 0);
    }

    /** An sObject record: `Id: string` always, any other field by API name and possibly absent. */
    private compareSObject(apex: ApexType, type: ts.Type, label: string, at: ts.Node, apexAt: string): void {
        const key = `${apex.name}↔${this.describe(type)}`;
        if (this.paired.has(key)) return;
        this.paired.add(key);
        const shape = SOBJECT_SHAPE(apex.text);
        const index = this.checker.getIndexInfoOfType(type, ts.IndexKind.String);
        if (!index) {
            // Not a record type at all (a DTO interface, say): its properties say nothing more.
            this.report(
                this.where(at),
                `${label} is ${this.describe(type)} without a string index signature, but Apex declares ${apex.text} (${apexAt}), which arrives as ${shape}: the selected fields vary at run time`
            );
            return;
        }
        if (
            !this.only(index.type, Comparison.FIELD_VALUE) ||
            (index.type.flags & ts.TypeFlags.Any) !== 0 ||
            !this.admitsUndefined(index.type)
        ) {
            this.report(
                this.where(index.declaration ?? at),
                `${label}[field] is ${this.describe(index.type)}, but a field of ${apex.text} (${apexAt}) holds a field value (string, number, boolean, null, a related record) and is absent (undefined) when null or not selected`
            );
        }
        const id = this.checker.getPropertyOfType(type, 'Id');
        for (const property of this.checker.getPropertiesOfType(type)) {
            const declaration = property.valueDeclaration ?? property.declarations?.[0] ?? at;
            const propertyType = this.checker.getTypeOfSymbolAtLocation(property, declaration);
            const absentable =
                (property.flags & ts.SymbolFlags.Optional) !== 0 || this.admitsUndefined(propertyType);
            const where = this.where(declaration);
            if (property === id) {
                if (absentable || !this.only(propertyType, ts.TypeFlags.StringLike))
                    this.report(
                        where,
                        `${label}.Id is ${this.describe(propertyType)}${absentable ? ' and optional' : ''}, but every ${apex.text} record Apex returns (${apexAt}) carries its Id as a string`
                    );
            } else if (!absentable) {
                this.report(
                    where,
                    `${label}.${property.name} is required, but a field of ${apex.text} (${apexAt}) is absent when null or not selected: declare it optional`
                );
            } else if (!this.only(propertyType, Comparison.FIELD_VALUE)) {
                this.report(
                    where,
                    `${label}.${property.name} is ${this.describe(propertyType)}, but a field of ${apex.text} (${apexAt}) holds a field value (string, number, boolean, a related record)`
                );
            }
        }
        if (!id) {
            this.report(
                this.where(at),
                `${label} has no Id, but every ${apex.text} record Apex returns (${apexAt}) carries one: declare \`Id: string\``
            );
        }
    }

    compareClass(dto: ApexClass, type: ts.Type, at: ts.Node): void {
        const name = this.describe(type);
        const key = `${dto.qualifiedName}↔${name}`;
        if (this.paired.has(key)) return;
        this.paired.add(key);
        const apexAt = (line: number) => `${relative(process.cwd(), dto.file)}:${line}`;
        const properties = new Map(this.checker.getPropertiesOfType(type).map((p) => [p.name, p]));
        for (const field of dto.fields) {
            const property = properties.get(field.name);
            properties.delete(field.name);
            if (!property) {
                const declared = type.getSymbol()?.declarations?.[0] ?? at;
                const { file, line } = this.where(declared);
                this.report(
                    { file: dto.file, line: field.line },
                    `${dto.qualifiedName}.${field.name} (${field.type.text}) has no property in ${name} (${relative(process.cwd(), file)}:${line})`
                );
                continue;
            }
            const declaration = property.valueDeclaration ?? property.declarations?.[0] ?? at;
            const label = `${name}.${field.name}`;
            const optional = (property.flags & ts.SymbolFlags.Optional) !== 0;
            const propertyType = this.checker.getTypeOfSymbolAtLocation(property, declaration);
            const admitsUndefined =
                propertyType.isUnion() &&
                propertyType.types.some((t) => (t.flags & ts.TypeFlags.Undefined) !== 0);
            if (optional || admitsUndefined) {
                this.report(
                    this.where(declaration),
                    `${label} is optional, but every @AuraEnabled field of ${dto.qualifiedName} is part of its shape (${apexAt(field.line)}): declare it \`T | null\` if it can be null`
                );
            }
            this.compareType(
                field.type,
                propertyType,
                dto.qualifiedName,
                label,
                declaration,
                apexAt(field.line)
            );
        }
        for (const property of properties.values()) {
            const declaration = property.valueDeclaration ?? property.declarations?.[0] ?? at;
            this.report(
                this.where(declaration),
                `${name}.${property.name} has no @AuraEnabled field in ${dto.qualifiedName} (${apexAt(dto.line)})`
            );
        }
    }
}

const APEX_MODULE = /^@salesforce\/apex\/([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/;

export function checkApexDtos(
    classesDir: string = DEFAULT_CLASSES,
    declarationsFile: string = DEFAULT_DECLARATIONS
): DtoFinding[] {
    const { classes, methods } = readApex(classesDir);
    const program = ts.createProgram([declarationsFile], {
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        target: ts.ScriptTarget.ESNext,
        module: ts.ModuleKind.ESNext,
        moduleResolution: ts.ModuleResolutionKind.Bundler,
        types: [],
        // A declarations file outside the repo (a test's copy) still resolves `lwc` from here.
        paths: { '*': [join(REPO_ROOT, 'node_modules', '*')] }
    });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(declarationsFile);
    if (!source) throw new Error(`${declarationsFile}: not found`);
    const comparison = new Comparison(checker, classes);
    const declared = new Map<string, ts.ModuleDeclaration>();
    for (const statement of source.statements) {
        if (
            ts.isModuleDeclaration(statement) &&
            ts.isStringLiteral(statement.name) &&
            APEX_MODULE.test(statement.name.text)
        )
            declared.set(statement.name.text.toLowerCase(), statement);
    }
    const findings = comparison.findings;
    for (const method of methods) {
        const moduleName = `@salesforce/apex/${method.className}.${method.name}`;
        const declaration = declared.get(moduleName.toLowerCase());
        declared.delete(moduleName.toLowerCase());
        if (!declaration) {
            findings.push({
                file: method.file,
                line: method.line,
                message: `@AuraEnabled ${method.className}.${method.name} has no module '${moduleName}' in ${relative(process.cwd(), declarationsFile)}`
            });
            continue;
        }
        const moduleSymbol = checker.getSymbolAtLocation(declaration.name);
        const defaultExport =
            moduleSymbol && checker.getExportsOfModule(moduleSymbol).find((s) => s.name === 'default');
        const signatures = defaultExport
            ? checker.getTypeOfSymbolAtLocation(defaultExport, declaration).getCallSignatures()
            : [];
        const returned =
            signatures.length > 0 ? checker.getAwaitedType(signatures[0].getReturnType()) : undefined;
        if (!returned) {
            findings.push({
                ...comparison.where(declaration),
                message: `'${moduleName}' does not export a default function returning a Promise, so its result cannot be compared with ${method.className}.${method.name}`
            });
            continue;
        }
        // The call's one argument names the Apex parameters: a renamed parameter arrives as null.
        const argument = signatures[0].getParameters()[0];
        if (argument || method.parameters.length > 0) {
            const parameters: ApexClass = {
                qualifiedName: `${method.className}.${method.name}(…)`,
                file: method.file,
                line: method.line,
                fields: method.parameters
            };
            if (argument) {
                const argumentType = checker.getTypeOfSymbolAtLocation(argument, declaration);
                comparison.compareClass(parameters, checker.getNonNullableType(argumentType), declaration);
            } else {
                findings.push({
                    ...comparison.where(declaration),
                    message: `'${moduleName}' is called without arguments, but ${parameters.qualifiedName} takes ${method.parameters.map((f) => f.name).join(', ')}`
                });
            }
        }
        if (method.returnType === null) continue;
        const apexAt = `${relative(process.cwd(), method.file)}:${method.line}`;
        comparison.compareType(
            method.returnType,
            returned,
            method.className,
            `${moduleName} result`,
            declaration,
            apexAt
        );
    }
    for (const [, declaration] of declared) {
        findings.push({
            ...comparison.where(declaration),
            message: `'${(declaration.name as ts.StringLiteral).text}' declares an Apex method that no class in ${relative(process.cwd(), classesDir)} has as @AuraEnabled`
        });
    }
    return findings.sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

function main(): void {
    const args = process.argv.slice(2);
    const option = (name: string): string | undefined => {
        const i = args.indexOf(name);
        return i >= 0 ? args[i + 1] : undefined;
    };
    const classesDir = option('--classes') ?? DEFAULT_CLASSES;
    const declarations = option('--declarations') ?? DEFAULT_DECLARATIONS;
    const findings = checkApexDtos(classesDir, declarations);
    for (const f of findings) console.error(`${relative(process.cwd(), f.file)}:${f.line}: ${f.message}`);
    if (findings.length > 0) {
        console.error(
            `\n${findings.length} disagreement(s) between the Apex DTOs and their TypeScript declarations.`
        );
        process.exit(1);
    }
    console.log(`Apex DTOs and ${relative(process.cwd(), declarations)} agree.`);
}

if (require.main === module) main();
