import type { FastifyReply } from "fastify";
import { type TObject, type TProperties, Type } from "typebox";
import type { Principal } from "../modules/access/principal.ts";
import { type ExportColumn, type ExportFormat, ExportFormatQuery, sendExport } from "./exports.ts";
import { mobileView } from "./mobile-view.ts";
import { Strict } from "./schemas.ts";

// What every table's export route shares: its query is the list's own query
// (the same filters, validated the same way) without the paging, plus
// `format`; its 200 is a file; the file is in the asker's language and the
// DISCOM's time zone.

/** The list's query without `limit`/`offset` (an export has every matching row), plus `format`. */
export function exportQuery<P extends TProperties, D extends string = "limit" | "offset">(
  list: TObject<P>,
  drop: readonly D[] = ["limit", "offset"] as D[],
) {
  const props = Object.fromEntries(
    Object.entries(list.properties).filter(([k]) => !(drop as readonly string[]).includes(k)),
  ) as Omit<P, D>;
  return Type.Object({ ...props, format: Type.Optional(ExportFormatQuery) }, Strict);
}

/** The 200 of an export route in the OpenAPI document: a CSV or an XLSX file. */
export const ExportFile = {
  description: "The table as filtered, every matching row, as a CSV (UTF-8 with BOM) or XLSX download",
  content: {
    "text/csv": { schema: Type.String() },
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
      schema: Type.String({ format: "binary" }),
    },
  },
};

export interface TableExport<R> {
  filename: string;
  columns: readonly ExportColumn<R>[];
  rows: AsyncIterable<R>;
  title?: readonly string[];
}

/**
 * Streams a table to the principal in his language, times in the DISCOM's zone.
 * Rows are the list's own DTOs, and each passes through the same mobile
 * masking as every JSON response (mobile-view.ts), so a file shows a mobile
 * exactly as the screen does.
 */
export async function sendTable<R>(
  reply: FastifyReply,
  principal: Principal,
  timeZone: string,
  format: ExportFormat | undefined,
  table: TableExport<R>,
): Promise<FastifyReply> {
  // The first page is read before the headers go: a filter the query refuses
  // (a 400 naming it) or a permission (403) is then an error response, not a
  // download cut short.
  const rows = await primed(table.rows);
  return sendExport(reply, {
    format: format ?? "csv",
    filename: table.filename,
    language: principal.language === "hi" ? "hi" : "en",
    columns: table.columns,
    rows: mapRows(rows, (r) => mobileView(principal, r)),
    timeZone,
    ...(table.title ? { title: table.title } : {}),
  });
}

/** The rows with the first one already read (its errors thrown now). */
async function primed<R>(rows: AsyncIterable<R>): Promise<AsyncIterable<R>> {
  const it = rows[Symbol.asyncIterator]();
  const first = await it.next();
  return (async function* () {
    if (first.done) return;
    yield first.value;
    for (;;) {
      const n = await it.next();
      if (n.done) return;
      yield n.value;
    }
  })();
}

/** Maps rows as they stream (the list's presenter over each page). */
export async function* mapRows<A, B>(rows: AsyncIterable<A>, f: (a: A) => B): AsyncGenerator<B> {
  for await (const r of rows) yield f(r);
}

/** A computed table (a few hundred rows at most: one per office) as rows to stream. */
export async function* fromArray<R>(rows: Promise<readonly R[]>): AsyncGenerator<R> {
  for (const r of await rows) yield r;
}

/** An ISO timestamp from a DTO as a Date, so the export writes it in the DISCOM's zone. */
export const at = (iso: string | null | undefined): Date | null => (iso ? new Date(iso) : null);
