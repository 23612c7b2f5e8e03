/**
 * The report's one table: every section's tables share the same markup and classes (the page's
 * styles and the preview tests rely on them), so they are drawn here once.
 */
import { formatAmount } from '../core';
import { html, join, type Markup } from './markup';

/** A table cell: text or a number (escaped), or markup made with `html`. */
export type Cell = string | number | Markup | null;

/** A column header; numeric columns are right-aligned. */
export interface Column {
    label: string;
    numeric?: boolean;
}

/**
 * A column with how its cell is read from the item a row shows. The header and the cell stand in one
 * place, so a column cannot be added, dropped or moved in one and not the other.
 */
export interface ItemColumn<T> extends Column {
    cell: (item: T) => Cell;
}

/** The table, or the `empty` sentence when there are no rows (said, not an empty frame). */
export function table(headers: Column[], rows: Cell[][], empty: string): Markup {
    if (rows.length === 0) return html`<p class="empty">${empty}</p>`;
    const numeric = (i: number) => (headers[i]?.numeric ? html` class="num"` : null);
    const head = join(headers.map((h, i) => html`<th${numeric(i)}>${h.label}</th>`));
    const body = join(
        rows.map((r) => html`<tr>${r.map((cell, i) => html`<td${numeric(i)}>${cell}</td>`)}</tr>`),
        '\n'
    );
    return html`<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

/** One row per item, each cell read by its column; the `empty` sentence when there are no items. */
export function itemTable<T>(items: readonly T[], columns: ItemColumn<T>[], empty: string): Markup {
    return table(
        columns,
        items.map((item) => columns.map((c) => c.cell(item))),
        empty
    );
}

/** An amount column: right-aligned, in the page's currency format ("–" for none). */
export function amountColumn<T>(
    label: string,
    amountOf: (item: T) => number | null | undefined
): ItemColumn<T> {
    return { label, numeric: true, cell: (item) => formatAmount(amountOf(item)) };
}
