import type { CsvRecord } from "./csv-source.ts";
import {
  type Importer,
  ImportHeaderError,
  type ImportSummary,
  type Line,
  type RowError,
  type WriteResult,
} from "./import.types.ts";

export interface Progress {
  rows: number;
  rejected: number;
  elapsedMs: number;
}

export interface RunOptions {
  /** Every row error as it is found (for a report file or the terminal). */
  onError?: (e: RowError) => void;
  onProgress?: (p: Progress) => void;
  /** How many errors the summary keeps in memory. */
  keepErrors?: number;
}

/** Checks the header against the importer's columns; throws ImportHeaderError naming what is missing. */
export function checkHeader(importer: Importer<unknown>, header: string[]): string[] {
  const missing = importer.required.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new ImportHeaderError(
      `the header lacks column${missing.length > 1 ? "s" : ""} ${missing.join(", ")}; ${importer.kind} files need ${importer.required.join(", ")}` +
        (importer.optional.length ? ` and may have ${importer.optional.join(", ")}` : ""),
    );
  }
  const known = new Set([...importer.required, ...importer.optional]);
  return header.filter((h) => !known.has(h));
}

// Errors that belong to the data (a check, a unique or foreign key, a bad
// value), as opposed to a lost connection: only these are bisected to one row.
function isDataError(err: unknown): boolean {
  const code = (err as { code?: unknown }).code;
  return typeof code === "string" && /^(22|23)/.test(code);
}

/**
 * Streams records through an importer: validates each, writes good rows in
 * batches (each batch its own transaction) and reports bad ones by line. When
 * the database refuses a batch, it is split until the offending rows are found,
 * so one bad row never costs its neighbours.
 */
export async function runImport<T>(
  importer: Importer<T>,
  records: AsyncIterable<CsvRecord>,
  options: RunOptions & { header?: Promise<string[]> } = {},
): Promise<ImportSummary & { unknownColumns: string[] }> {
  const started = performance.now();
  const keep = options.keepErrors ?? 1000;
  const summary: ImportSummary & { unknownColumns: string[] } = {
    kind: importer.kind,
    rowsRead: 0,
    inserted: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    errors: [],
    notes: {},
    seconds: 0,
    unknownColumns: [],
  };
  const report = (e: RowError) => {
    if (summary.errors.length < keep) summary.errors.push(e);
    options.onError?.(e);
  };
  const rejectLine = (errors: RowError[]) => {
    summary.rejected++;
    for (const e of errors) report(e);
  };
  const add = (r: WriteResult) => {
    summary.inserted += r.inserted;
    summary.updated += r.updated;
    summary.unchanged += r.unchanged;
    for (const [k, v] of Object.entries(r.notes ?? {})) summary.notes[k] = (summary.notes[k] ?? 0) + v;
    const byLine = new Map<number, RowError[]>();
    for (const e of r.rejected ?? []) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e]);
    for (const errs of byLine.values()) rejectLine(errs);
  };

  const writeIsolating = async (rows: Line<T>[]): Promise<void> => {
    try {
      add(await importer.write(rows));
    } catch (err) {
      if (!isDataError(err)) throw err;
      if (rows.length === 1) {
        const only = rows[0] as Line<T>;
        const detail = (err as { detail?: string }).detail;
        rejectLine([
          {
            line: only.line,
            reason: `refused by the database: ${(err as Error).message}${detail ? ` (${detail})` : ""}`,
          },
        ]);
        return;
      }
      const mid = Math.ceil(rows.length / 2);
      await writeIsolating(rows.slice(0, mid));
      await writeIsolating(rows.slice(mid));
    }
  };

  await importer.prepare();
  let batch = new Map<string, Line<T>>();
  let headerChecked = false;
  // One batch is written while the next is read and checked, so the database
  // and the parser work at the same time; writes stay in file order.
  let inFlight: Promise<void> = Promise.resolve();
  const flush = async () => {
    if (batch.size === 0) return;
    const rows = [...batch.values()];
    batch = new Map();
    await inFlight;
    inFlight = writeIsolating(rows).then(() => {
      options.onProgress?.({
        rows: summary.rowsRead,
        rejected: summary.rejected,
        elapsedMs: performance.now() - started,
      });
    });
    // A failure surfaces at the next await of inFlight; this only keeps it from being "unhandled" meanwhile.
    inFlight.catch(() => {});
  };
  for await (const rec of records) {
    if (!headerChecked && options.header) {
      summary.unknownColumns = checkHeader(importer as Importer<unknown>, await options.header);
      headerChecked = true;
    }
    summary.rowsRead++;
    if (rec.problem) {
      rejectLine([{ line: rec.line, reason: rec.problem }]);
      continue;
    }
    const v = importer.validate(rec.record, rec.line);
    if (!v.ok) {
      rejectLine(v.errors);
      continue;
    }
    const key = importer.key(v.row);
    // Last row wins within a batch, exactly as it would across batches.
    if (batch.delete(key))
      summary.notes["repeated rows (last kept)"] = (summary.notes["repeated rows (last kept)"] ?? 0) + 1;
    batch.set(key, { line: rec.line, row: v.row });
    if (batch.size >= importer.batchSize) await flush();
  }
  if (!headerChecked && options.header) {
    summary.unknownColumns = checkHeader(importer as Importer<unknown>, await options.header);
  }
  await flush();
  await inFlight;
  await importer.finish?.();
  summary.seconds = (performance.now() - started) / 1000;
  return summary;
}
