import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { type CsvRecord, csvSource } from "./csv-source.ts";

async function read(chunks: (string | Buffer)[]): Promise<{ header: string[]; rows: CsvRecord[] }> {
  const src = csvSource(Readable.from(chunks));
  const rows: CsvRecord[] = [];
  for await (const r of src.records) rows.push(r);
  return { header: await src.header, rows };
}

test("quotes the RFC 4180 way: separators and doubled quotes inside quotes, spaces around them", async () => {
  const { rows } = await read(['a,b,c,d,e\na, "b, c" ,"say ""hi""",,\n']);
  assert.deepEqual(rows[0]?.record, { a: "a", b: "b, c", c: 'say "hi"', d: "", e: "" });
  assert.equal(rows[0]?.problem, undefined);
});

test("a stray quote inside an unquoted field is kept, and the rows after it are read as rows", async () => {
  const { rows } = await read([
    "consumer_no,name,address\n",
    '1001,Ram,5" pipe lane\n1002,Shyam,Civil Lines\n1003,Sita,"12, Main Road"\n',
  ]);
  assert.deepEqual(
    rows.map((r) => [r.line, r.record.consumer_no, r.record.address, r.problem]),
    [
      [2, "1001", '5" pipe lane', undefined],
      [3, "1002", "Civil Lines", undefined],
      [4, "1003", "12, Main Road", undefined],
    ],
  );
});

test("text after a closing quote costs that row only, reported by its line", async () => {
  const { rows } = await read(['code,name\nA1,"closed"then\nB2,fine\n\nC3,"also ""fine"""\n']);
  assert.deepEqual(
    rows.map((r) => [r.line, r.record.code, r.problem]),
    [
      [2, undefined, "unreadable CSV: text after a closing quote"],
      [3, "B2", undefined],
      [5, "C3", undefined],
    ],
  );
});

test("a quote never closed at the end of the file costs its row, and the lines after it are read", async () => {
  const { rows } = await read(['code,name\nA1,x\nB2,"open\nC3,y\nD4,z']);
  assert.deepEqual(
    rows.map((r) => [r.line, r.record.code, r.problem]),
    [
      [2, "A1", undefined],
      [3, undefined, "unreadable CSV: a quoted field is never closed"],
      [4, "C3", undefined],
      [5, "D4", undefined],
    ],
  );
});

test("an unreadable header stops the import with its line", async () => {
  await assert.rejects(
    read(['"code"x,name\nA1,x\n']),
    /the header \(line 1\) is unreadable: text after a closing quote/,
  );
});

test("BOM, CRLF, blank lines, case-insensitive headers and multi-line fields", async () => {
  const { header, rows } = await read([
    "\uFEFFCode, Name \r\n",
    "A1,Alpha\r\n\r\n",
    'B2,"Line one\r\nline two"\r\n',
    "C3,Gamma",
  ]);
  assert.deepEqual(header, ["code", "name"]);
  assert.deepEqual(
    rows.map((r) => [r.line, r.record.code, r.record.name, r.problem]),
    [
      [2, "A1", "Alpha", undefined],
      [4, "B2", "Line one\nline two", undefined],
      [6, "C3", "Gamma", undefined],
    ],
  );
});

test("a multi-byte Hindi character split across chunks survives", async () => {
  const bytes = Buffer.from("code,name_hi\nDC1,कटनी वितरण केंद्र\n");
  const cut = bytes.indexOf(Buffer.from("क")) + 1;
  const { rows } = await read([bytes.subarray(0, cut), bytes.subarray(cut)]);
  assert.equal(rows[0]?.record.name_hi, "कटनी वितरण केंद्र");
});

test("a stray quote costs one row, not the rest of the file", async () => {
  const body = ['ok1,"fine"', 'bad,"never closed', ...Array.from({ length: 30 }, (_, i) => `ok${i + 2},x`)];
  const { rows } = await read([`code,name\n${body.join("\n")}\n`]);
  const problems = rows.filter((r) => r.problem);
  assert.deepEqual(
    problems.map((p) => p.line),
    [3],
  );
  assert.equal(rows.filter((r) => !r.problem).length, 31);
});

test("wrong field counts are reported with the line", async () => {
  const { rows } = await read(["a,b,c\n1,2,3\n1,2\n1,2,3,4\n"]);
  assert.deepEqual(
    rows.map((r) => [r.line, Boolean(r.problem)]),
    [
      [2, false],
      [3, true],
      [4, true],
    ],
  );
});

test("a line of spaces is skipped, and an unreadable last line without a line end is reported", async () => {
  const { rows } = await read(['code,name\nA1,x\n   \n\nB2,"y"z']);
  assert.deepEqual(
    rows.map((r) => [r.line, r.record.code, r.problem]),
    [
      [2, "A1", undefined],
      [5, undefined, "unreadable CSV: text after a closing quote"],
    ],
  );
});
