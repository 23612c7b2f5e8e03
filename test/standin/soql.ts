/**
 * SOQL evaluation for the stand-in org, on the parse tree of the real parser
 * (`@jetstreamapp/soql-parser-js`): selected fields (with parent relationships such as `Owner.Name`
 * and `Play__r.DeveloperName`), WHERE with AND/OR/NOT and parentheses, comparisons, IN, LIKE, date
 * and date-time literals, ORDER BY, LIMIT/OFFSET and COUNT(). What it does not support it refuses
 * with MALFORMED_QUERY, so an adapter cannot depend on something a test never checked.
 */
import { parseQuery, type Query, type WhereClause, type Condition } from '@jetstreamapp/soql-parser-js';
import { SaveFailure, type Store, type StoredRecord, type StoredValue } from './store';
import type { FieldSchema, ObjectSchema } from './schema';

export class QueryError extends Error {
    constructor(
        readonly errorCode: string,
        message: string
    ) {
        super(message);
    }
}

/** One selected column: its path as written (`Owner.Name`) and the resolved fields along the path. */
export interface SelectedColumn {
    path: string;
    steps: Array<{ schema: ObjectSchema; field: FieldSchema }>;
}

export interface QueryResult {
    sobject: string;
    columns: SelectedColumn[];
    rows: StoredRecord[];
    countOnly: boolean;
    totalSize: number;
}

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | { condition: Condition };

type Expr =
    | { kind: 'and' | 'or'; left: Expr; right: Expr }
    | { kind: 'not'; inner: Expr }
    | { kind: 'cond'; condition: Condition };

function tokens(clause: WhereClause | undefined, out: Token[] = []): Token[] {
    if (!clause) return out;
    const left = (clause as { left: Condition | null }).left;
    if (left) {
        for (let i = 0; i < (left.openParen ?? 0); i += 1) out.push('(');
        out.push({ condition: left });
        const closeParen = (left as { closeParen?: number }).closeParen ?? 0;
        for (let i = 0; i < closeParen; i += 1) out.push(')');
    }
    const operator = (clause as { operator?: string }).operator;
    if (operator === 'AND' || operator === 'OR' || operator === 'NOT') out.push(operator);
    const right = (clause as { right?: WhereClause }).right;
    if (right) tokens(right, out);
    return out;
}

/** Rebuilds AND-over-OR precedence and parentheses from the parser's flat clause chain. */
function buildExpr(list: Token[]): Expr {
    let pos = 0;
    const peek = (): Token | undefined => list[pos];
    /** One precedence level: operands of the next tighter level, joined left to right by `operator`. */
    const joined = (operator: 'AND' | 'OR', operand: () => Expr) => (): Expr => {
        let left = operand();
        while (peek() === operator) {
            pos += 1;
            left = { kind: operator === 'AND' ? 'and' : 'or', left, right: operand() };
        }
        return left;
    };
    // AND binds tighter than OR. notExpr, declared below, is reached through a closure once reading starts.
    const andExpr = joined('AND', () => notExpr());
    const orExpr = joined('OR', andExpr);
    const notExpr = (): Expr => {
        if (peek() === 'NOT') {
            pos += 1;
            return { kind: 'not', inner: notExpr() };
        }
        const t = list[pos++];
        if (t === '(') {
            const inner = orExpr();
            if (list[pos++] !== ')')
                throw new QueryError('MALFORMED_QUERY', 'unbalanced parentheses in WHERE');
            return inner;
        }
        if (t && typeof t === 'object') return { kind: 'cond', condition: t.condition };
        throw new QueryError('MALFORMED_QUERY', 'unexpected token in WHERE');
    };
    const expr = orExpr();
    if (pos !== list.length) throw new QueryError('MALFORMED_QUERY', 'unexpected token in WHERE');
    return expr;
}

function resolvePath(store: Store, sobject: string, path: string): SelectedColumn {
    const parts = path.split('.');
    let schema = store.schema(sobject);
    const steps: SelectedColumn['steps'] = [];
    for (let i = 0; i < parts.length; i += 1) {
        const part = parts[i];
        const last = i === parts.length - 1;
        if (last) {
            const f = schema.fields.get(part.toLowerCase());
            if (!f) {
                throw new QueryError(
                    'INVALID_FIELD',
                    `No such column '${part}' on entity '${schema.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name.`
                );
            }
            steps.push({ schema, field: f });
        } else {
            const rel = [...schema.fields.values()].find(
                (f) => f.relationshipName?.toLowerCase() === part.toLowerCase()
            );
            if (!rel) {
                throw new QueryError(
                    'INVALID_FIELD',
                    `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name.`
                );
            }
            steps.push({ schema, field: rel });
            const target = rel.referenceTo[0];
            if (!target || !store.hasObject(target)) {
                throw new QueryError('INVALID_FIELD', `relationship '${part}' has no known target object`);
            }
            schema = store.schema(target);
        }
    }
    return { path, steps };
}

/** The value at a column's path, following parent ids through the store (null when any link is empty). */
export function valueAt(store: Store, record: StoredRecord, column: SelectedColumn): StoredValue {
    let current: StoredRecord | null = record;
    for (let i = 0; i < column.steps.length; i += 1) {
        if (!current) return null;
        const { field } = column.steps[i];
        const value: StoredValue = current[field.name] ?? null;
        if (i === column.steps.length - 1) return value;
        current = typeof value === 'string' ? (store.get(value)?.record ?? null) : null;
    }
    return null;
}

function unquote(value: string): string {
    if (value.startsWith("'") && value.endsWith("'")) {
        return value.slice(1, -1).replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c));
    }
    return value;
}

const DAY = 86_400_000;

function startOfDay(ms: number): number {
    return Math.floor(ms / DAY) * DAY;
}

/** [start, end) in epoch ms for a date literal such as THIS_MONTH or LAST_N_DAYS:30 (UTC, like an org on GMT). */
function dateLiteralRange(literal: string, now: Date): [number, number] {
    const [name, nRaw] = literal.toUpperCase().split(':');
    const n = Number(nRaw ?? 0);
    const today = startOfDay(now.getTime());
    const y = now.getUTCFullYear();
    const m = now.getUTCMonth();
    const quarterStart = Math.floor(m / 3) * 3;
    /** The calendar unit `offset` units away from the current one, as [start, end). */
    const units: Record<string, (offset: number) => [number, number]> = {
        MONTH: (offset) => [Date.UTC(y, m + offset, 1), Date.UTC(y, m + offset + 1, 1)],
        QUARTER: (offset) => [
            Date.UTC(y, quarterStart + offset * 3, 1),
            Date.UTC(y, quarterStart + offset * 3 + 3, 1)
        ],
        YEAR: (offset) => [Date.UTC(y + offset, 0, 1), Date.UTC(y + offset + 1, 0, 1)]
    };
    const offsets: Record<string, number> = { THIS: 0, LAST: -1, NEXT: 1 };
    const relative = /^(THIS|LAST|NEXT)_(MONTH|QUARTER|YEAR)$/.exec(name);
    if (relative) return units[relative[2]](offsets[relative[1]]);
    // LAST_N_MONTHS:n and LAST_N_YEARS:n end where the current unit starts.
    const lastN = /^LAST_N_(MONTH|YEAR)S$/.exec(name);
    if (lastN) return [units[lastN[1]](-n)[0], units[lastN[1]](0)[0]];
    switch (name) {
        case 'TODAY':
            return [today, today + DAY];
        case 'YESTERDAY':
            return [today - DAY, today];
        case 'TOMORROW':
            return [today + DAY, today + 2 * DAY];
        case 'LAST_N_DAYS':
            return [today - (n - 1) * DAY, today + DAY];
        case 'NEXT_N_DAYS':
            return [today, today + (n + 1) * DAY];
        case 'LAST_90_DAYS':
            return [today - 89 * DAY, today + DAY];
        case 'NEXT_90_DAYS':
            return [today, today + 91 * DAY];
        default:
            throw new QueryError(
                'MALFORMED_QUERY',
                `date literal ${literal} is not supported by the stand-in org`
            );
    }
}

function toMs(value: StoredValue): number | null {
    if (value === null || typeof value === 'boolean') return null;
    const ms = Date.parse(String(value).replace(/\+0000$/, 'Z'));
    return Number.isNaN(ms) ? null : ms;
}

function compare(a: StoredValue, b: StoredValue, f: FieldSchema): number {
    if (f.type === 'date' || f.type === 'datetime') return (toMs(a) ?? 0) - (toMs(b) ?? 0);
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'boolean' || typeof b === 'boolean') return Number(a) - Number(b);
    return String(a).toLowerCase().localeCompare(String(b).toLowerCase());
}

function literal(raw: string, literalType: string | undefined, f: FieldSchema): StoredValue {
    switch (literalType) {
        case 'NULL':
            return null;
        case 'BOOLEAN':
            return raw.toUpperCase() === 'TRUE';
        case 'INTEGER':
        case 'DECIMAL':
        case 'INTEGER_WITH_CURRENCY_PREFIX':
        case 'DECIMAL_WITH_CURRENCY_PREFIX':
            return Number(raw.replace(/^[A-Z]{3}/, ''));
        case 'DATE':
        case 'DATETIME':
            return raw;
        default: {
            const s = unquote(raw);
            if (
                ['double', 'currency', 'percent', 'int'].includes(f.type) &&
                s !== '' &&
                !Number.isNaN(Number(s))
            ) {
                return Number(s);
            }
            return s;
        }
    }
}

function likeToRegExp(pattern: string): RegExp {
    const escaped = pattern
        .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        .replace(/%/g, '.*')
        .replace(/_/g, '.');
    return new RegExp(`^${escaped}$`, 'is');
}

function evaluateCondition(
    store: Store,
    sobject: string,
    record: StoredRecord,
    c: Condition,
    now: Date
): boolean {
    const cond = c as {
        field?: string;
        fn?: unknown;
        operator: string;
        literalType?: string | string[];
        value?: string | string[];
        valueQuery?: unknown;
    };
    if (!cond.field || cond.valueQuery || cond.fn) {
        throw new QueryError('MALFORMED_QUERY', 'the stand-in org supports field comparisons only in WHERE');
    }
    const column = resolvePath(store, sobject, cond.field);
    const f = column.steps[column.steps.length - 1].field;
    const actual = valueAt(store, record, column);
    const literalType = Array.isArray(cond.literalType) ? cond.literalType[0] : cond.literalType;
    const op = cond.operator.toUpperCase();
    if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') {
        const [start, end] = dateLiteralRange(String(cond.value), now);
        const ms = toMs(actual);
        if (ms === null) return op === '!=';
        switch (op) {
            case '=':
                return ms >= start && ms < end;
            case '!=':
                return ms < start || ms >= end;
            case '<':
                return ms < start;
            case '<=':
                return ms < end;
            case '>':
                return ms >= end;
            case '>=':
                return ms >= start;
            default:
                throw new QueryError('MALFORMED_QUERY', `operator ${op} with a date literal`);
        }
    }
    if (op === 'IN' || op === 'NOT IN' || op === 'INCLUDES' || op === 'EXCLUDES') {
        const values = (Array.isArray(cond.value) ? cond.value : [String(cond.value)]).map((v) =>
            literal(v, literalType, f)
        );
        if (op === 'INCLUDES' || op === 'EXCLUDES') {
            const chosen = String(actual ?? '')
                .split(';')
                .filter(Boolean);
            const hit = values.some((v) => chosen.includes(String(v)));
            return op === 'INCLUDES' ? hit : !hit;
        }
        const hit = actual !== null && values.some((v) => v !== null && compare(actual, v, f) === 0);
        return op === 'IN' ? hit : !hit;
    }
    const expected = literal(String(cond.value), literalType, f);
    if (op === 'LIKE') return actual !== null && likeToRegExp(String(expected)).test(String(actual));
    if (expected === null || actual === null) {
        if (op === '=') return actual === expected;
        if (op === '!=') return actual !== expected;
        return false;
    }
    const d = compare(actual, expected, f);
    switch (op) {
        case '=':
            return d === 0;
        case '!=':
            return d !== 0;
        case '<':
            return d < 0;
        case '<=':
            return d <= 0;
        case '>':
            return d > 0;
        case '>=':
            return d >= 0;
        default:
            throw new QueryError('MALFORMED_QUERY', `operator ${op} is not supported by the stand-in org`);
    }
}

function evaluate(store: Store, sobject: string, record: StoredRecord, expr: Expr, now: Date): boolean {
    switch (expr.kind) {
        case 'and':
            return (
                evaluate(store, sobject, record, expr.left, now) &&
                evaluate(store, sobject, record, expr.right, now)
            );
        case 'or':
            return (
                evaluate(store, sobject, record, expr.left, now) ||
                evaluate(store, sobject, record, expr.right, now)
            );
        case 'not':
            return !evaluate(store, sobject, record, expr.inner, now);
        default:
            return evaluateCondition(store, sobject, record, expr.condition, now);
    }
}

/** Runs one SOQL statement against the store. Throws QueryError with the error code an org would return. */
export function runQuery(store: Store, soql: string, now: Date): QueryResult {
    let query: Query;
    try {
        query = parseQuery(soql);
    } catch (err) {
        throw new QueryError('MALFORMED_QUERY', `unexpected token: ${(err as Error).message}`);
    }
    if (!store.hasObject(query.sObject ?? '')) {
        throw new QueryError(
            'INVALID_TYPE',
            `sObject type '${query.sObject ?? ''}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name.`
        );
    }
    const sobject = store.schema(query.sObject!).name;
    if (query.groupBy || query.having)
        throw new QueryError('MALFORMED_QUERY', 'GROUP BY is not supported by the stand-in org');
    let countOnly = false;
    const columns: SelectedColumn[] = [];
    for (const f of query.fields ?? []) {
        if (f.type === 'Field') columns.push(resolvePath(store, sobject, f.field));
        else if (f.type === 'FieldRelationship') columns.push(resolvePath(store, sobject, f.rawValue ?? ''));
        else if (
            f.type === 'FieldFunctionExpression' &&
            f.functionName.toUpperCase() === 'COUNT' &&
            !f.parameters?.length
        ) {
            countOnly = true;
        } else {
            throw new QueryError('MALFORMED_QUERY', `the stand-in org does not support ${JSON.stringify(f)}`);
        }
    }
    if (countOnly && columns.length) {
        throw new QueryError('MALFORMED_QUERY', 'COUNT() cannot be combined with other fields');
    }
    const expr = query.where ? buildExpr(tokens(query.where)) : null;
    let rows: StoredRecord[];
    try {
        rows = store.all(sobject).filter((r) => !expr || evaluate(store, sobject, r, expr, now));
    } catch (err) {
        if (err instanceof SaveFailure) throw new QueryError(err.errors[0].statusCode, err.errors[0].message);
        throw err;
    }
    if (query.orderBy) {
        const orders = (Array.isArray(query.orderBy) ? query.orderBy : [query.orderBy]).map((o) => {
            if (!('field' in o) || !o.field) throw new QueryError('MALFORMED_QUERY', 'ORDER BY a function');
            const column = resolvePath(store, sobject, o.field);
            const desc = o.order === 'DESC';
            const nullsLast = o.nulls ? o.nulls === 'LAST' : desc;
            return { column, desc, nullsLast };
        });
        const keyed = rows.map((r) => ({ r, keys: orders.map((o) => valueAt(store, r, o.column)) }));
        keyed.sort((a, b) => {
            for (let i = 0; i < orders.length; i += 1) {
                const o = orders[i];
                const x = a.keys[i];
                const y = b.keys[i];
                if (x === null && y === null) continue;
                if (x === null) return o.nullsLast ? 1 : -1;
                if (y === null) return o.nullsLast ? -1 : 1;
                const d = compare(x, y, o.column.steps[o.column.steps.length - 1].field);
                if (d !== 0) return o.desc ? -d : d;
            }
            return 0;
        });
        rows = keyed.map((k) => k.r);
    }
    if (query.offset) rows = rows.slice(query.offset);
    if (query.limit !== undefined) rows = rows.slice(0, query.limit);
    return { sobject, columns, rows: countOnly ? [] : rows, countOnly, totalSize: rows.length };
}
