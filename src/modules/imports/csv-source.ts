import fs from "node:fs";
import type { Readable } from "node:stream";
import { StringDecoder } from "node:string_decoder";
import { type CsvError, Parser } from "csv-parse";

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

type Parsed = { line: number; fields: string[] } | { line: number; problem: string };

function reason(err: CsvError): string {
  switch (err.code) {
    case "CSV_QUOTE_NOT_CLOSED":
      return "a quoted field is never closed";
    case "CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE":
    case "CSV_INVALID_CLOSING_QUOTE":
      return "text after a closing quote";
    default:
      // csv-parse counts lines from where it was restarted: the line is reported by the caller.
      return err.message.replace(/ at line \d+.*$/, "");
  }
}

/**
 * Splits lines into records with csv-parse (RFC 4180, a quote inside an
 * unquoted field kept as it is). csv-parse cannot resume after a record it
 * could not read, and an unclosed quote would swallow the rest of the file, so
 * the lines not yet part of a record are kept: when a record fails, or a quote
 * stays open for MAX_RECORD_LINES lines, its first line is reported and the
 * lines after it are read again by a fresh parser.
 */
class RecordSplitter {
  private parser!: Parser;
  /** Lines fed to the parser that no record read has ended yet; pending[head] is line pendingFirst + head. */
  private pending: string[] = [];
  private pendingFirst = 1;
  private head = 0;
  /** Records read from this parser, and how many it had made before a record failed. */
  private taken = 0;
  private goodBeforeFailure = 0;
  private failed: string | undefined;
  private out: Parsed[] = [];
  private first = true;

  constructor() {
    this.restart(1);
  }

  private restart(firstLine: number): void {
    this.parser?.destroy();
    this.pending = [];
    this.pendingFirst = firstLine;
    this.head = 0;
    this.taken = 0;
    this.failed = undefined;
    // No on_record or info: csv-parse would build a context object per record,
    // a third of its time. A record's lines are counted from its fields instead.
    this.parser = new Parser({
      bom: this.first,
      record_delimiter: "\n",
      relax_quotes: true,
      relax_column_count: true,
      trim: true,
      skip_empty_lines: true,
      skip_records_with_error: true,
      on_skip: (err) => {
        if (this.failed === undefined) {
          this.failed = err ? reason(err) : "unreadable";
          // The records before the failing one are waiting to be read; the parser's guesses after it are not.
          this.goodBeforeFailure = this.taken + this.parser.readableLength;
        }
        return undefined;
      },
    });
    this.first = false;
  }

  /** Reads the records the parser has made, each placed on its lines. */
  private drain(): void {
    for (let fields = this.parser.read() as string[] | null; fields !== null; fields = this.parser.read()) {
      if (this.failed !== undefined && this.taken >= this.goodBeforeFailure) continue;
      this.taken++;
      // Empty lines make no record (skip_empty_lines); a line of spaces makes [""].
      let i = this.head;
      while (i < this.pending.length && this.pending[i] === "") i++;
      let lines = 1;
      for (const f of fields) for (let nl = f.indexOf("\n"); nl >= 0; nl = f.indexOf("\n", nl + 1)) lines++;
      this.head = i + lines;
      if (!(fields.length === 1 && fields[0] === "")) this.out.push({ line: this.pendingFirst + i, fields });
    }
  }

  private firstNonBlank(): number {
    let i = this.head;
    while (i < this.pending.length && (this.pending[i] as string).trim() === "") i++;
    return this.pendingFirst + i;
  }

  /** Feeds consecutive lines (without their line ends); returns the records they complete. */
  feed(lines: string[]): Parsed[] {
    this.write(lines);
    return this.out.splice(0);
  }

  private write(lines: string[]): void {
    if (lines.length > 0) {
      this.pending = this.pending.length === 0 ? lines : this.pending.concat(lines);
      this.parser.write(`${lines.join("\n")}\n`);
      this.drain();
      this.compact();
      if (this.failed === undefined && this.pending.length > MAX_RECORD_LINES)
        this.failed = "a quoted field is never closed";
      if (this.failed !== undefined) this.recover(this.failed);
    }
  }

  /** At the end of the input: the parser reads what it held back; lines still pending are inside a quote that never closed. */
  async end(): Promise<Parsed[]> {
    while (true) {
      const parser = this.parser;
      await new Promise<void>((resolve) => parser.end(() => resolve()));
      this.drain();
      this.compact();
      // Nothing left but blank lines: whatever failed has been read (and reported) already.
      if (!this.pending.some((l) => l.trim() !== "")) break;
      this.recover(this.failed ?? "a quoted field is never closed");
    }
    return this.out.splice(0);
  }

  private compact(): void {
    if (this.head === 0) return;
    this.pending = this.pending.slice(this.head);
    this.pendingFirst += this.head;
    this.head = 0;
  }

  private recover(problem: string): void {
    this.compact();
    const bad = this.firstNonBlank();
    const again = this.pending.slice(bad - this.pendingFirst + 1);
    this.out.push({ line: bad, problem: `unreadable CSV: ${problem}` });
    this.restart(bad + 1);
    this.write(again);
  }
}

async function* lineBatches(input: Readable): AsyncIterable<string[]> {
  const decoder = new StringDecoder("utf8");
  let rest = "";
  const split = (text: string) => text.split("\n").map((l) => (l.endsWith("\r") ? l.slice(0, -1) : l));
  for await (const chunk of input) {
    const text = rest + (typeof chunk === "string" ? chunk : decoder.write(chunk as Buffer));
    const nl = text.lastIndexOf("\n");
    if (nl < 0) {
      rest = text;
      continue;
    }
    rest = text.slice(nl + 1);
    yield split(text.slice(0, nl));
  }
  rest += decoder.end();
  if (rest.length > 0) yield split(rest);
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
    const splitter = new RecordSplitter();

    function* emit(parsed: Parsed[]): Iterable<CsvRecord> {
      for (const p of parsed) {
        if (!columns) {
          if ("problem" in p)
            throw new Error(
              `the header (line ${p.line}) is unreadable: ${p.problem.replace("unreadable CSV: ", "")}`,
            );
          columns = p.fields.map((f) => f.trim().toLowerCase());
          resolveHeader(columns);
          continue;
        }
        if ("problem" in p) {
          yield { line: p.line, record: {}, problem: p.problem };
          continue;
        }
        const record: Record<string, string | undefined> = {};
        const cols = columns;
        cols.forEach((c, i) => {
          record[c] = p.fields[i];
        });
        if (p.fields.length !== cols.length) {
          yield {
            line: p.line,
            record,
            problem: `the row has ${p.fields.length} fields and the header ${cols.length}`,
          };
          continue;
        }
        yield { line: p.line, record };
      }
    }

    try {
      for await (const lines of lineBatches(input)) yield* emit(splitter.feed(lines));
      yield* emit(await splitter.end());
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
