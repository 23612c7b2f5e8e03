/**
 * HTML escaped by construction. Report markup is written with the `html` tagged template: its
 * literal parts are the markup, and every interpolated string or number is data, escaped (and cut
 * to a readable length) before it joins the page. The only way to put markup into markup is a
 * `Markup` value, and only this module makes one (from `html`, `join`, `jsonScript`,
 * `inlineScript`), so a deal named `<img onerror=…>` cannot become an element however a renderer
 * is written.
 */

/** Longest text shown in the report; the CSVs next to it carry the full value. */
export const MAX_REPORT_TEXT = 300;

/** Data text fit for the page: control characters removed, long text cut (a 5 MB name must not make a 30 MB page). */
export function reportText(value: string): string {
    // eslint-disable-next-line no-control-regex
    const clean = value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
    return clean.length > MAX_REPORT_TEXT
        ? `${clean.slice(0, MAX_REPORT_TEXT)}… (cut; full text in the CSV)`
        : clean;
}

/** Text for an element's content or a quoted attribute value. */
export function escapeHtml(value: unknown): string {
    return reportText(String(value ?? ''))
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&#39;');
}

/** JSON that is safe inside a <script> element: nothing in it can close the element or open a comment. */
export function jsonForScript(value: unknown): string {
    return JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? reportText(v) : v))
        .replace(/</g, '\\u003c')
        .replace(/>/g, '\\u003e')
        .replace(/&/g, '\\u0026')
        .replace(/\u2028/g, '\\u2028')
        .replace(/\u2029/g, '\\u2029');
}

// A module-private brand: a structurally similar object made elsewhere is not Markup.
const TRUSTED: unique symbol = Symbol('stageplay.markup');

/** Markup this module produced: safe to place in a page as it is. */
export interface Markup {
    readonly [TRUSTED]: string;
}

/** What a template may interpolate: data (escaped), markup (as is), nothing, or a list of these. */
export type Interpolation = string | number | Markup | null | undefined | readonly Interpolation[];

function trusted(text: string): Markup {
    return { [TRUSTED]: text };
}

export function isMarkup(value: unknown): value is Markup {
    return typeof value === 'object' && value !== null && TRUSTED in value;
}

function piece(value: Interpolation): string {
    if (value === null || value === undefined) return '';
    if (isMarkup(value)) return value[TRUSTED];
    if (Array.isArray(value)) return (value as readonly Interpolation[]).map(piece).join('');
    return escapeHtml(value);
}

/** The tagged template: literal parts are markup, interpolations are escaped unless they are Markup. */
export function html(strings: TemplateStringsArray, ...values: Interpolation[]): Markup {
    let out = strings[0];
    values.forEach((value, i) => {
        out += piece(value) + strings[i + 1];
    });
    return trusted(out);
}

/** Items one after another with a separator between them (text separators are escaped too). */
export function join(items: readonly Interpolation[], separator: Interpolation = ''): Markup {
    return trusted(items.map(piece).join(piece(separator)));
}

/** A `<script type="application/json">` element whose data cannot close it. */
export function jsonScript(id: string, value: unknown): Markup {
    return html`<script type="application/json" id="${id}">${trusted(jsonForScript(value))}</script>`;
}

/**
 * A `<script>` element around code the build produced (chart.js, the report's drawing module). The
 * code is ours, not data; `</script` inside it (in a string or a comment) becomes `<\/script`, the
 * same text to JavaScript, so it cannot end the element early.
 */
export function inlineScript(code: string): Markup {
    return html`<script>${trusted(code.replace(/<\/(script)/gi, '<\\/$1'))}</script>`;
}

/** The page text of some markup. */
export function render(markup: Markup): string {
    return markup[TRUSTED];
}
