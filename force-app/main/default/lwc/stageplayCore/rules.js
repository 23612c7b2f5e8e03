// Generated from rules.ts by scripts/build-lwc.ts. Edit the .ts, then run `npm run build:lwc`.
import { formatDecimal } from './format';
/** A rule that cannot be parsed. `where` names the record (e.g. `Play_Parameter__mdt.Org_Size`). */
export class RuleError extends Error {
    where;
    ruleText;
    constructor(problem, ruleText, where) {
        super(`${where ? `${where}: ` : ''}rule "${ruleText}" is not valid: ${problem}`);
        this.name = 'RuleError';
        this.where = where ?? null;
        this.ruleText = ruleText;
    }
}
const RULE_FORMS = 'expected one of: >= n, > n, <= n, < n, = value, != value, between n and m, in (A, B), not in (A, B), not blank, blank';
const NUMBER_PATTERN = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;
/** True for null, undefined, NaN, and strings that are empty or only whitespace. */
export function isBlank(value) {
    if (value === null || value === undefined)
        return true;
    if (typeof value === 'number')
        return Number.isNaN(value);
    if (typeof value === 'string')
        return value.trim() === '';
    return false;
}
/**
 * Parses a rule. Keywords are case-insensitive; list items may be quoted with `'` or `"` when they
 * hold commas or spaces worth keeping.
 *
 * @param where names the record the rule came from, so the error says which one to fix.
 * @throws RuleError when the text is not a rule.
 */
export function parseRule(text, where) {
    const raw = text ?? '';
    const source = raw.trim();
    const fail = (problem) => {
        throw new RuleError(problem, raw, where);
    };
    if (source === '')
        fail(`the rule is empty; ${RULE_FORMS}`);
    if (/^not\s+blank$/i.test(source))
        return { kind: 'notBlank' };
    if (/^blank$/i.test(source))
        return { kind: 'blank' };
    const between = /^between\b(.*)$/i.exec(source);
    if (between) {
        const parts = /^\s*(\S+)\s+and\s+(\S+)\s*$/i.exec(between[1]);
        if (!parts)
            fail('expected "between <number> and <number>"');
        const low = parseNumber(parts[1]);
        const high = parseNumber(parts[2]);
        if (low === null)
            fail(`"${parts[1]}" is not a number`);
        if (high === null)
            fail(`"${parts[2]}" is not a number`);
        if (low > high)
            fail(`the lower bound ${low} is greater than the upper bound ${high}`);
        return { kind: 'between', low: low, high: high };
    }
    const inList = /^(not\s+)?in\b(.*)$/i.exec(source);
    if (inList) {
        const negate = inList[1] !== undefined;
        const rest = inList[2].trim();
        if (!rest.startsWith('(') || !rest.endsWith(')')) {
            fail(`expected a list in parentheses after "${negate ? 'not in' : 'in'}", e.g. in (A, B)`);
        }
        const values = parseList(rest.slice(1, -1), fail);
        if (values.length === 0)
            fail('the list is empty');
        return { kind: 'in', values, negate };
    }
    const comparison = /^(>=|<=|!=|<>|==|=|>|<)(.*)$/.exec(source);
    if (comparison) {
        const op = normaliseOperator(comparison[1]);
        const operand = comparison[2].trim();
        if (operand === '')
            fail(`expected a value after "${comparison[1]}"`);
        if (op === '>=' || op === '>' || op === '<=' || op === '<') {
            const value = parseNumber(operand);
            if (value === null)
                fail(`"${comparison[1]}" needs a number, found "${operand}"`);
            return { kind: 'compare', op, value: value };
        }
        return { kind: 'compare', op, value: parseOperand(operand, fail) };
    }
    return fail(`unknown rule; ${RULE_FORMS}`);
}
function normaliseOperator(op) {
    if (op === '==')
        return '=';
    if (op === '<>')
        return '!=';
    return op;
}
function parseNumber(text) {
    const trimmed = text.trim();
    return NUMBER_PATTERN.test(trimmed) ? Number(trimmed) : null;
}
function parseOperand(text, fail) {
    const quoted = unquote(text, fail);
    if (quoted !== null)
        return quoted;
    const number = parseNumber(text);
    if (number !== null)
        return number;
    if (/^true$/i.test(text))
        return true;
    if (/^false$/i.test(text))
        return false;
    return text;
}
/** Returns the content of a quoted string, or null when `text` is not quoted. */
function unquote(text, fail) {
    const quote = text[0];
    if (quote !== "'" && quote !== '"')
        return null;
    if (text.length < 2 || text[text.length - 1] !== quote)
        fail(`unterminated quote in ${text}`);
    const inner = text.slice(1, -1);
    if (inner.includes(quote))
        fail(`unexpected quote inside ${text}`);
    return inner;
}
function parseList(body, fail) {
    const values = [];
    let index = 0;
    while (index < body.length) {
        while (index < body.length && /\s/.test(body[index]))
            index++;
        if (index >= body.length)
            break;
        let item;
        const quote = body[index];
        if (quote === "'" || quote === '"') {
            const close = body.indexOf(quote, index + 1);
            if (close < 0)
                fail(`unterminated quote in the list (${body})`);
            item = body.slice(index + 1, close);
            index = close + 1;
            while (index < body.length && /\s/.test(body[index]))
                index++;
            if (index < body.length && body[index] !== ',') {
                fail(`expected a comma after ${quote}${item}${quote} in the list (${body})`);
            }
        }
        else {
            const comma = body.indexOf(',', index);
            const end = comma < 0 ? body.length : comma;
            item = body.slice(index, end).trim();
            if (item === '')
                fail(`the list (${body}) has an empty item`);
            if (/['"]/.test(item))
                fail(`a quote must open a list item: ${item}`);
            index = end;
        }
        values.push(item);
        if (index < body.length) {
            // `index` sits on a comma here.
            index++;
            if (body.slice(index).trim() === '')
                fail(`the list (${body}) ends with a comma`);
        }
    }
    return values;
}
function toNumber(value) {
    if (typeof value === 'number')
        return Number.isFinite(value) ? value : null;
    if (typeof value === 'string')
        return parseNumber(value);
    return null;
}
function toBoolean(value) {
    if (typeof value === 'boolean')
        return value;
    if (typeof value === 'string') {
        const lower = value.trim().toLowerCase();
        if (lower === 'true')
            return true;
        if (lower === 'false')
            return false;
    }
    return null;
}
/** An item as rules compare it (trimmed, lower case), kept for the few distinct short answers a field has. */
const comparable = new Map();
const COMPARABLE_LIMIT = 10_000;
/** Longer answers (free text) are rarely equal to another: lower-cased each time, not kept. */
const COMPARABLE_MAX_LENGTH = 64;
function comparableItem(text) {
    if (text.length > COMPARABLE_MAX_LENGTH)
        return text.trim().toLowerCase();
    let item = comparable.get(text);
    if (item === undefined) {
        if (comparable.size >= COMPARABLE_LIMIT)
            comparable.clear();
        item = text.trim().toLowerCase();
        comparable.set(text, item);
    }
    return item;
}
/**
 * Whether one of the value's items is `wanted` (one item, or any of a set). Multi-select picklists
 * arrive as `A;B;C`, single values are one item; blank items are none. A single item, as nearly every
 * answer is, is compared without splitting (the time split and the calibration judge every answer of
 * every closed deal).
 */
function hasItem(value, wanted) {
    const text = String(value);
    if (!text.includes(';'))
        return isWanted(comparableItem(text), wanted);
    return text.split(';').some((item) => isWanted(comparableItem(item), wanted));
}
function isWanted(item, wanted) {
    return item !== '' && (typeof wanted === 'string' ? item === wanted : wanted.has(item));
}
/** Each `in` rule's list as rules compare items, made once per parsed rule (`ruleOf` keeps them). */
const wantedLists = new WeakMap();
function wantedOf(values) {
    let wanted = wantedLists.get(values);
    if (!wanted) {
        wanted = new Set(values.map(comparableItem));
        wantedLists.set(values, wanted);
    }
    return wanted;
}
/**
 * Judges a captured value. A blank value is `blank` whatever the rule — except for the `blank` rule
 * itself, where blank is the good answer (`pass`). A value of the wrong kind for the rule (text
 * against `>= 100`) fails rather than passing silently.
 */
export function evaluateRule(rule, value) {
    const blank = isBlank(value);
    if (rule.kind === 'blank')
        return blank ? 'pass' : 'fail';
    if (blank)
        return 'blank';
    const present = value;
    let passes;
    if (rule.kind === 'notBlank') {
        passes = true;
    }
    else if (rule.kind === 'between') {
        const number = toNumber(present);
        passes = number !== null && number >= rule.low && number <= rule.high;
    }
    else if (rule.kind === 'in') {
        passes = hasItem(present, wantedOf(rule.values)) !== rule.negate;
    }
    else {
        passes = compareValue(rule.op, rule.value, present);
    }
    return passes ? 'pass' : 'fail';
}
const NUMERIC_COMPARISONS = {
    '>=': (a, b) => a >= b,
    '>': (a, b) => a > b,
    '<=': (a, b) => a <= b,
    '<': (a, b) => a < b,
    '=': (a, b) => a === b,
    '!=': (a, b) => a !== b
};
function compareValue(op, expected, value) {
    if (typeof expected === 'number') {
        const number = toNumber(value);
        return number !== null && NUMERIC_COMPARISONS[op](number, expected);
    }
    if (typeof expected === 'boolean') {
        const flag = toBoolean(value);
        if (flag === null)
            return false;
        return op === '=' ? flag === expected : flag !== expected;
    }
    // A multi-select picklist equals a value when that value is among its selections.
    const hit = hasItem(value, comparableItem(expected));
    return op === '=' ? hit : !hit;
}
const COMPARISON_WORDS = {
    '>=': 'at least',
    '>': 'more than',
    '<=': 'at most',
    '<': 'less than',
    '=': 'is',
    '!=': 'is not'
};
/** Plain-English form of a rule, for the rep: `at least 100`, `is one of Positive, Neutral`. */
export function describeRule(rule) {
    if (rule.kind === 'notBlank')
        return 'is filled in';
    if (rule.kind === 'blank')
        return 'is left blank';
    if (rule.kind === 'between')
        return `between ${formatNumber(rule.low)} and ${formatNumber(rule.high)}`;
    if (rule.kind === 'in')
        return `${rule.negate ? 'is not one of' : 'is one of'} ${rule.values.join(', ')}`;
    const value = rule.value;
    if (typeof value === 'boolean')
        return (rule.op === '=') === value ? 'is checked' : 'is not checked';
    return `${COMPARISON_WORDS[rule.op]} ${typeof value === 'number' ? formatNumber(value) : value}`;
}
/** Numbers in rule descriptions and bucket labels: format.ts's `formatDecimal`, under the name fit.ts imports. */
export function formatNumber(value) {
    return formatDecimal(value);
}
