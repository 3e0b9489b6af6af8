import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { test } from "node:test";
import { type CsvRecord, csvSource, parseRecord } from "./csv-source.ts";

async function read(chunks: (string | Buffer)[]): Promise<{ header: string[]; rows: CsvRecord[] }> {
  const src = csvSource(Readable.from(chunks));
  const rows: CsvRecord[] = [];
  for await (const r of src.records) rows.push(r);
  return { header: await src.header, rows };
}

test("parseRecord handles quotes the RFC 4180 way", () => {
  assert.deepEqual(parseRecord('a, "b, c" ,"say ""hi""",,'), { fields: ["a", "b, c", 'say "hi"', "", ""] });
  assert.deepEqual(parseRecord('5" pipe,x'), { fields: ['5" pipe', "x"] });
  assert.ok("problem" in parseRecord('"closed"then,x'));
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
