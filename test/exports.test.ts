// Every table's CSV/XLSX export (issue 16): the file has exactly the rows the list shows for the
// same filters (all of them, past the list's page), in the asker's language and the DISCOM's
// time zone, scoped to his jurisdiction; a bad filter is a 400 naming it; a large export streams.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { loadDemo } from "../src/modules/demo/demo.service.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

let t: TestApp;
let admin: string;
let je: string;
let jeDc: string;
let password: string;

before(async () => {
  t = await createTestApp();
  const { info } = await loadDemo(t.database, t.repos, { consumers: 400, complaints: 80, seed: "exports" });
  password = info.password;
  const login = (role: string) => info.logins.find((l) => l.role === role)?.login as string;
  admin = await t.signIn(login("admin"), password);
  const jeLogin = login("je");
  je = await t.signIn(jeLogin, password);
  jeDc = jeLogin.replace(/^je\./, "").toUpperCase();
});
after(async () => t?.close());

async function get(url: string, cookie = admin) {
  return t.request({ method: "GET", url, cookie });
}

/** The CSV's rows as objects keyed by header (the BOM dropped). */
function csvRows(body: string): Record<string, string>[] {
  return parse(body.replace(/^\uFEFF/, ""), { columns: true, skip_empty_lines: true });
}

async function xlsxSheet(raw: Buffer) {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.read(Readable.from(raw));
  const sheet = wb.worksheets[0];
  assert.ok(sheet, "a sheet");
  const rows: (string | number | null)[][] = [];
  sheet.eachRow((r) => {
    rows.push((r.values as (string | number | null)[]).slice(1));
  });
  return rows;
}

/** Every item of a list, page by page (the list's own paging). */
async function listAll<T>(url: string, cookie = admin, key = "items"): Promise<T[]> {
  const out: T[] = [];
  for (let offset = 0; ; offset += 200) {
    const sep = url.includes("?") ? "&" : "?";
    const res = await get(`${url}${sep}limit=200&offset=${offset}`, cookie);
    assert.equal(res.statusCode, 200, res.body);
    const page = res.json()[key] as T[];
    out.push(...page);
    if (page.length < 200) return out;
  }
}

describe(`[${driverName}] table exports`, () => {
  test("outages: the export has the list's rows for the same filter, in the list's order", async () => {
    for (const q of ["status=all", "status=all&kind=planned", "status=live", `status=all&dc=${jeDc}`]) {
      const list = await listAll<{ id: number }>(`/api/outages?${q}`);
      const res = await get(`/api/outages/export?${q}&format=csv`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers["content-type"]), /^text\/csv/);
      assert.match(String(res.headers["content-disposition"]), /attachment; filename="outages-/);
      const rows = csvRows(res.body);
      assert.deepEqual(
        rows.map((r) => Number(r["No."])),
        list.map((o) => o.id),
        q,
      );
    }
  });
});
