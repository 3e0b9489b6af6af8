import fs from "node:fs";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";

export interface CsvRecord {
  /** The file line the record starts on (the header is line 1). */
  line: number;
  record: Record<string, string | undefined>;
  /** A structural problem (unreadable quoting, wrong number of fields); the row is reported, not loaded. */
  problem?: string;
}

export interface CsvSource {
  header: Promise<string[]>;
  records: AsyncIterable<CsvRecord>;
}

/** A quoted field may span lines (an address), but not more than this many: past it the quote is a typo. */
const MAX_RECORD_LINES = 20;

type Parsed = { fields: string[] } | { problem: string };

/** Splits one logical CSV record (RFC 4180: "" escapes a quote inside a quoted field). */
export function parseRecord(text: string): Parsed {
  if (!text.includes('"')) return { fields: text.split(",").map((f) => f.trim()) };
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  while (true) {
    while (i < n && (text[i] === " " || text[i] === "\t")) i++;
    if (text[i] === '"') {
      let value = "";
      i++;
      while (true) {
        const q = text.indexOf('"', i);
        if (q < 0) return { problem: "a quoted field is never closed" };
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      while (i < n && (text[i] === " " || text[i] === "\t")) i++;
      if (i < n && text[i] !== ",")
        return { problem: `text after a closing quote ("${text.slice(i, i + 12)}...")` };
      fields.push(value);
    } else {
      const comma = text.indexOf(",", i);
      const end = comma < 0 ? n : comma;
      // A quote inside an unquoted field (5" pipe) is kept as it is.
      fields.push(text.slice(i, end).trim());
      i = end;
    }
    if (i >= n) break;
    i++; // the comma
    if (i >= n) {
      fields.push("");
      break;
    }
  }
  return { fields };
}

function countQuotes(s: string): number {
  let c = 0;
  for (let i = s.indexOf('"'); i >= 0; i = s.indexOf('"', i + 1)) c++;
  return c;
}

async function* physicalLines(input: Readable): AsyncIterable<string> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  let first = true;
  for await (const chunk of input) {
    let text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1); // Excel's UTF-8 BOM
      first = false;
    }
    let start = 0;
    for (let nl = text.indexOf("\n", start); nl >= 0; nl = text.indexOf("\n", start)) {
      yield text.charCodeAt(nl - 1) === 13 ? text.slice(start, nl - 1) : text.slice(start, nl);
      start = nl + 1;
    }
    rest = text.slice(start);
  }
  rest += decoder.end();
  if (rest.length > 0) yield rest.endsWith("\r") ? rest.slice(0, -1) : rest;
}

/**
 * Streams a CSV file record by record (never the whole file in memory).
 * Headers are matched case-insensitively and a UTF-8 BOM is ignored. A record
 * that cannot be read (a stray quote) is reported by its line and reading goes
 * on with the next line, so one typo never loses the rest of the file.
 */
export function csvSource(input: Readable): CsvSource {
  let resolveHeader: (h: string[]) => void = () => {};
  let rejectHeader: (e: Error) => void = () => {};
  const header = new Promise<string[]>((resolve, reject) => {
    resolveHeader = resolve;
    rejectHeader = reject;
  });
  header.catch(() => {});

  async function* records(): AsyncIterable<CsvRecord> {
    let columns: string[] | undefined;
    // Lines of the record being assembled, with their line numbers.
    const pending: { line: number; text: string }[] = [];
    let quotes = 0;
    let lineNo = 0;

    const emit = (startLine: number, text: string): CsvRecord | undefined => {
      const parsed = parseRecord(text);
      if (!columns) {
        if ("problem" in parsed) {
          throw new Error(`the header (line ${startLine}) is unreadable: ${parsed.problem}`);
        }
        columns = parsed.fields.map((f) => f.trim().toLowerCase());
        resolveHeader(columns);
        return undefined;
      }
      if ("problem" in parsed)
        return { line: startLine, record: {}, problem: `unreadable CSV: ${parsed.problem}` };
      const record: Record<string, string | undefined> = {};
      const cols = columns;
      cols.forEach((c, i) => {
        record[c] = parsed.fields[i];
      });
      if (parsed.fields.length !== cols.length) {
        return {
          line: startLine,
          record,
          problem: `the row has ${parsed.fields.length} fields and the header ${cols.length}`,
        };
      }
      return { line: startLine, record };
    };

    // Feeds one physical line; returns the records it completes.
    const feed = (line: number, text: string): CsvRecord[] => {
      if (pending.length === 0 && text.trim() === "") return [];
      pending.push({ line, text });
      quotes += countQuotes(text);
      if (quotes % 2 === 0) {
        const startLine = (pending[0] as { line: number }).line;
        const joined = pending.map((p) => p.text).join("\n");
        pending.length = 0;
        quotes = 0;
        const r = emit(startLine, joined);
        return r ? [r] : [];
      }
      if (pending.length < MAX_RECORD_LINES) return [];
      return giveUp();
    };

    // The first pending line opens a quote that never closes: report it and
    // read the lines after it afresh.
    const giveUp = (): CsvRecord[] => {
      const [bad, ...again] = pending.splice(0);
      quotes = 0;
      const out: CsvRecord[] = [];
      if (bad) {
        if (!columns)
          throw new Error(`the header (line ${bad.line}) is unreadable: a quoted field is never closed`);
        out.push({ line: bad.line, record: {}, problem: "unreadable CSV: a quoted field is never closed" });
      }
      for (const p of again) out.push(...feed(p.line, p.text));
      return out;
    };

    try {
      for await (const text of physicalLines(input)) {
        lineNo++;
        yield* feed(lineNo, text);
      }
      while (pending.length > 0) yield* giveUp();
    } finally {
      rejectHeader(new Error("the file is empty: it needs a header row"));
    }
  }

  return { header, records: records() };
}

export function openFile(file: string): { stream: fs.ReadStream; size: number } {
  const stat = fs.statSync(file);
  if (!stat.isFile()) throw new Error(`${file} is not a file`);
  return { stream: fs.createReadStream(file, { highWaterMark: 256 * 1024 }), size: stat.size };
}
