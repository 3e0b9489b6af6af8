import { type RawBuilder, sql } from "kysely";

// Keyset paging over a list's own order, so an export walks every row a list
// would show (no offset, no cap) in the order the screen shows them. The key
// of the last row is read back as text from the database (`_k0`, `_k1`, …),
// not from JS values: a Date drops a timestamp's microseconds, and a page
// boundary inside one millisecond would then repeat or lose rows.

/** One part of a list's order: a column (or expression, never null) and its direction. */
export interface SortPart {
  expr: string | RawBuilder<unknown>;
  dir: "asc" | "desc";
}

/** Where a page ended: the sort key of its last row, as the database wrote it. */
export type Cursor = readonly string[];

const ref = (p: SortPart) => (typeof p.expr === "string" ? sql.ref(p.expr) : p.expr);

/** The key columns to select with each row (`_k0`…), read back by `cursorOf`. */
export function keyColumns(parts: readonly SortPart[]) {
  return parts.map((p, i) => sql<string>`(${ref(p)})::text`.as(`_k${i}`));
}

/** The cursor of a row selected with `keyColumns`. */
export function cursorOf(row: object, parts: readonly SortPart[]): Cursor {
  const r = row as Record<string, unknown>;
  return parts.map((_p, i) => String(r[`_k${i}`]));
}

/**
 * Rows strictly after `after` in the order `parts` (each compared with its own
 * direction): (a > x) or (a = x and b > y) or … The values go as untyped
 * parameters, so the database reads them as the column's own type.
 */
export function afterCursor(parts: readonly SortPart[], after: Cursor): RawBuilder<boolean> {
  const ors = parts.map((p, i) => {
    const eqs = parts.slice(0, i).map((q, j) => sql`${ref(q)} = ${after[j]}`);
    const cmp = p.dir === "asc" ? sql`${ref(p)} > ${after[i]}` : sql`${ref(p)} < ${after[i]}`;
    return sql`(${sql.join([...eqs, cmp], sql` and `)})`;
  });
  return sql<boolean>`(${sql.join(ors, sql` or `)})`;
}

/** `order by` for the parts, as raw SQL (for queries whose builder type would not take it). */
export function orderSql(parts: readonly SortPart[]): RawBuilder<unknown> {
  return sql.join(parts.map((p) => (p.dir === "asc" ? sql`${ref(p)} asc` : sql`${ref(p)} desc`)));
}
