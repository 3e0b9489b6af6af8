import { PassThrough, type Writable } from "node:stream";
import { stringify } from "csv-stringify";
import ExcelJS from "exceljs";
import type { FastifyReply } from "fastify";
import { Type } from "typebox";

// Downloads of a table exactly as filtered, in CSV or XLSX, streamed: rows are
// read a page at a time (keyset) and written as they come, so a million-row
// export never holds the whole file, or all rows, in memory. CSV by
// csv-stringify and XLSX by ExcelJS's streaming WorkbookWriter: both
// well-kept, and Excel opens either with Hindi intact (CSV gets a UTF-8 BOM).

export const EXPORT_FORMATS = ["csv", "xlsx"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The `format` parameter of an export route (…/export?format=xlsx). */
export const ExportFormatQuery = Type.Union([Type.Literal("csv"), Type.Literal("xlsx")], { default: "csv" });

export type ExportValue = string | number | boolean | Date | null | undefined;

export interface ExportColumn<R> {
  /** The header in each language (the file is in the asker's language). */
  header: { en: string; hi: string };
  value: (row: R) => ExportValue;
  /** XLSX column width in characters. */
  width?: number;
}

export interface ExportSpec<R> {
  format: ExportFormat;
  /** File name without extension: letters, digits, '-', '_'. */
  filename: string;
  language: "hi" | "en";
  columns: readonly ExportColumn<R>[];
  rows: AsyncIterable<R>;
  /** XLSX sheet name (31 characters at most). */
  sheet?: string;
  /** Lines above the header (the report's title, period, area): CSV as rows, XLSX as rows too. */
  title?: readonly string[];
  timeZone?: string;
}

const CONTENT_TYPE: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
};

/**
 * Reads pages of rows after a key until a short page: the way every export
 * walks its table (`fetch(undefined)` is the first page).
 */
export async function* keysetPages<R, K>(
  fetch: (after: K | undefined, limit: number) => Promise<R[]>,
  keyOf: (row: R) => K,
  pageSize = 1000,
): AsyncGenerator<R> {
  let after: K | undefined;
  for (;;) {
    const page = await fetch(after, pageSize);
    for (const row of page) yield row;
    if (page.length < pageSize) return;
    after = keyOf(page[page.length - 1] as R);
  }
}

function cellText(v: ExportValue, timeZone: string): string | number {
  if (v === null || v === undefined) return "";
  if (v instanceof Date) return localStamp(v, timeZone);
  if (typeof v === "boolean") return v ? "yes" : "no";
  return v;
}

/** 'YYYY-MM-DD HH:mm' in the DISCOM's zone: what a spreadsheet user expects to read. */
function localStamp(d: Date, timeZone: string): string {
  const p = new Intl.DateTimeFormat("en-GB", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).formatToParts(d);
  const g = (t: string) => p.find((x) => x.type === t)?.value ?? "";
  return `${g("year")}-${g("month")}-${g("day")} ${g("hour")}:${g("minute")}`;
}

/** Writes the export into `out` (ended when done); rejects if reading rows fails. */
export async function writeExport<R>(spec: ExportSpec<R>, out: Writable): Promise<void> {
  const tz = spec.timeZone ?? "Asia/Kolkata";
  const headers = spec.columns.map((c) => c.header[spec.language]);
  if (spec.format === "csv") {
    const csv = stringify();
    const done = new Promise<void>((resolve, reject) => {
      out.on("finish", resolve);
      out.on("error", reject);
      csv.on("error", reject);
    });
    out.write("\uFEFF");
    csv.pipe(out);
    const put = async (cells: (string | number)[]) => {
      if (!csv.write(cells)) await new Promise((r) => csv.once("drain", r));
    };
    for (const line of spec.title ?? []) await put([line]);
    if (spec.title?.length) await put([]);
    await put(headers);
    for await (const row of spec.rows) await put(spec.columns.map((c) => cellText(c.value(row), tz)));
    csv.end();
    await done;
    return;
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet((spec.sheet ?? spec.filename).slice(0, 31));
  sheet.columns = spec.columns.map((c) => ({
    width: c.width ?? Math.max(10, Math.min(40, c.header.en.length + 4)),
  }));
  for (const line of spec.title ?? []) sheet.addRow([line]).commit();
  if (spec.title?.length) sheet.addRow([]).commit();
  const head = sheet.addRow(headers);
  head.font = { bold: true };
  head.commit();
  for await (const row of spec.rows) {
    sheet
      .addRow(
        spec.columns.map((c) => {
          const v = c.value(row);
          return v instanceof Date ? localStamp(v, tz) : v === undefined ? null : v;
        }),
      )
      .commit();
  }
  sheet.commit();
  await workbook.commit();
}

/**
 * Sends an export as a download. The headers go first; a failure while rows
 * are read ends the download short and is logged (the client sees a broken
 * file, never a half file that looks whole: XLSX will not open, CSV lacks
 * its last line). Validate filters before calling.
 */
export function sendExport<R>(reply: FastifyReply, spec: ExportSpec<R>): FastifyReply {
  const body = new PassThrough();
  writeExport(spec, body).catch((err: unknown) => {
    reply.log.error({ err }, "export failed while streaming");
    body.destroy(err instanceof Error ? err : new Error(String(err)));
  });
  const name = `${spec.filename.replace(/[^A-Za-z0-9_-]/g, "_")}.${spec.format}`;
  return reply
    .header("content-type", CONTENT_TYPE[spec.format])
    .header("content-disposition", `attachment; filename="${name}"`)
    .header("cache-control", "no-store")
    .send(body);
}
