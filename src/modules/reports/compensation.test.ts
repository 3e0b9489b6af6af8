import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import {
  buildComplaint,
  buildConsumer,
  buildOrgTree,
  buildUser,
  type Tree,
} from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { fixedClock } from "../../lib/clock.ts";
import { runImport } from "../imports/runner.ts";
import { creditsImporter } from "./compensation.import.ts";
import type { CompensationList, CreditsResult } from "./compensation.schemas.ts";

// The compensation register: the list and its totals as each office sees it,
// the downloads (the register and the billing file), billing's credits
// (good and bad lines, a re-run crediting nothing twice, no over-payment) and
// a waiver.
let t: TestApp;
let tree: Tree;
const clock = fixedClock("2026-11-25T06:00:00Z");
const ist = (s: string) => new Date(`${s}:00+05:30`);
let admin: string;
let ee: string;
let je2: string;
let agent: string;
const ids: Record<string, number> = {};
const consumers: Record<string, string> = {};
let e2Number = "";

async function entryOf(complaintId: number) {
  return t.database.db
    .selectFrom("compensation_entries")
    .selectAll()
    .where("complaint_id", "=", complaintId)
    .executeTakeFirstOrThrow();
}

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "comp.admin", role: "admin" });
  await buildUser(t.repos, tree, { login: "comp.ee", role: "ee", orgCode: "TD" });
  await buildUser(t.repos, tree, { login: "comp.je2", role: "je", orgCode: "TDC2" });
  await buildUser(t.repos, tree, { login: "comp.agent", role: "agent" });
  [admin, ee, je2, agent] = (await Promise.all(
    ["comp.admin", "comp.ee", "comp.je2", "comp.agent"].map((l) => t.signIn(l)),
  )) as [string, string, string, string];
  const breach = async (key: string, registered: string, rs: number, dtCode = "TF1-T1") => {
    const c = await buildConsumer(t.repos, tree, { dtCode });
    consumers[key] = c.consumerNo;
    const k = await buildComplaint(t.database, tree, {
      consumerNo: c.consumerNo,
      registered_at: ist(registered),
      status: "resolved",
      resolved_at: new Date(ist(registered).getTime() + 10 * 3600_000),
      breached_at: new Date(ist(registered).getTime() + 4 * 3600_000),
      compensation_rs: rs,
    });
    ids[key] = Number((await entryOf(k.id)).id);
    return k;
  };
  await breach("e1", "2026-11-02T10:00", 200);
  e2Number = (await breach("e2", "2026-11-05T10:00", 300)).number;
  await breach("e3", "2026-11-09T10:00", 200, "TF2-T1");
});
after(() => t?.close());

const get = (cookie: string, url: string) => t.request({ method: "GET", url, cookie });
const upload = (cookie: string, csv: string) =>
  t.request({
    method: "POST",
    url: "/api/compensation/credits",
    cookie,
    headers: { "content-type": "text/csv" },
    payload: csv,
  });

test("the register and its totals, as each office sees them, a page at a time", async () => {
  const all = (await get(ee, "/api/compensation")).json() as CompensationList;
  assert.deepEqual(
    all.items.map((i) => [i.id, i.consumerNo, i.dueRs, i.status, i.areaType]),
    [
      [ids.e3, consumers.e3, 200, "due", "urban"],
      [ids.e2, consumers.e2, 300, "due", "urban"],
      [ids.e1, consumers.e1, 200, "due", "urban"],
    ],
  );
  assert.equal(all.items[1]?.reference, e2Number);
  assert.equal(all.items[1]?.consumerName?.startsWith("Test Consumer"), true);
  assert.deepEqual(all.totals, { entries: 3, dueRs: 700, creditedRs: 0, outstandingRs: 700, waivedRs: 0 });

  const first = (await get(ee, "/api/compensation?limit=2")).json() as CompensationList;
  assert.equal(first.items.length, 2);
  assert.ok(first.next);
  const second = (
    await get(ee, `/api/compensation?limit=2&after=${encodeURIComponent(first.next ?? "")}`)
  ).json();
  assert.deepEqual(
    second.items.map((i: { id: number }) => i.id),
    [ids.e1],
  );
  assert.equal(second.next, null);

  const mine = (await get(je2, "/api/compensation")).json() as CompensationList;
  assert.deepEqual(
    mine.items.map((i) => i.id),
    [ids.e3],
  );
  assert.equal((await get(je2, "/api/compensation?unit=TS1")).statusCode, 404);
  assert.equal((await get(agent, "/api/compensation")).statusCode, 403);
  const dated = (await get(ee, "/api/compensation?from=2026-11-05&to=2026-11-05")).json() as CompensationList;
  assert.deepEqual(
    dated.items.map((i) => i.id),
    [ids.e2],
  );
  const bad = await get(ee, "/api/compensation?from=2026-11-31");
  assert.equal(bad.statusCode, 400);
  assert.equal(bad.json().field, "from");
});

test("billing's credits: good lines kept, bad ones reported by line and column, a re-run credits nothing twice", async () => {
  const csv = [
    "entry_id,complaint_number,consumer_no,amount_rs,credited_on,reference",
    `${ids.e1},,${consumers.e1},100,2026-11-20,BILL-1`,
    `,${e2Number},${consumers.e2},300,2026-11-20,BILL-2`,
    `99999999,,${consumers.e1},100,2026-11-20,BILL-3`,
    `${ids.e1},,${consumers.e2},100,2026-11-20,BILL-4`,
    `${ids.e1},,${consumers.e1},500,2026-11-20,BILL-5`,
    `${ids.e1},,${consumers.e1},50,2026-13-01,BILL-6`,
    "",
  ].join("\n");
  assert.equal((await upload(ee, csv)).statusCode, 403, "compensation.manage only");
  const first = (await upload(admin, csv)).json() as CreditsResult;
  assert.equal(first.credited, 2);
  assert.equal(first.rejected, 4);
  assert.deepEqual(
    first.errors.map((e) => [e.line, e.column]).sort((x, y) => (x[0] as number) - (y[0] as number)),
    [
      [4, "entry_id"],
      [5, "consumer_no"],
      [6, "amount_rs"],
      [7, "credited_on"],
    ],
  );
  assert.match(first.errors.find((e) => e.line === 6)?.reason ?? "", /more than the Rs 100 still due/);

  const again = (await upload(admin, csv)).json() as CreditsResult;
  assert.equal(again.credited, 0);
  assert.equal(again.unchanged, 2);
  assert.equal(again.rejected, 4);

  const e1 = await t.database.db
    .selectFrom("compensation_entries")
    .selectAll()
    .where("id", "=", ids.e1 as number)
    .executeTakeFirstOrThrow();
  assert.equal(e1.credited_rs, 100);
  assert.equal(e1.status, "part_credited");
  assert.equal(e1.credited_at, null);
  const e2 = await t.database.db
    .selectFrom("compensation_entries")
    .selectAll()
    .where("id", "=", ids.e2 as number)
    .executeTakeFirstOrThrow();
  assert.equal(e2.status, "credited");
  assert.ok(e2.credited_at);

  // The same reference for another amount is refused; the rest of e1 through the importer (the CLI's path).
  const rest = await runImport(
    creditsImporter(t.repos.compensation, { jurisdiction: { orgKind: "company", orgPath: "/" }, clock }),
    (async function* () {
      yield {
        line: 2,
        record: {
          entry_id: String(ids.e1),
          consumer_no: consumers.e1,
          amount_rs: "60",
          credited_on: "2026-11-21",
          reference: "BILL-1",
        },
      };
      yield {
        line: 3,
        record: {
          entry_id: String(ids.e1),
          consumer_no: consumers.e1,
          amount_rs: "100",
          credited_on: "2026-11-21",
          reference: "BILL-7",
        },
      };
    })(),
  );
  assert.equal(rest.inserted, 1);
  assert.deepEqual(
    rest.errors.map((e) => [e.line, e.column]),
    [[2, "reference"]],
  );
  const list = (await get(admin, "/api/compensation")).json() as CompensationList;
  assert.deepEqual(list.totals, { entries: 3, dueRs: 700, creditedRs: 500, outstandingRs: 200, waivedRs: 0 });
  const header = await upload(admin, "consumer_no,amount_rs\n1,2\n");
  assert.equal(header.statusCode, 400);
  assert.equal(header.json().field, "file");
  // A JSON body (or none) instead of the CSV file: a 400 naming the file, not a 500.
  const json = await t.request({
    method: "POST",
    url: "/api/compensation/credits",
    payload: "{}",
    headers: { "content-type": "application/json" },
    cookie: admin,
  });
  assert.equal(json.statusCode, 400, json.body);
  assert.equal(json.json().field, "file");
});

test("downloads: the register as filtered (CSV, XLSX read back) and the billing file; a waiver", async () => {
  const csv = await get(ee, "/api/compensation/export?format=csv&status=credited");
  assert.equal(csv.statusCode, 200);
  const lines = csv.body
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r?\n/);
  assert.equal(lines.length, 3, csv.body);
  assert.match(lines[0] ?? "", /^Entry,Consumer no\./);

  const x = await get(admin, "/api/compensation/export?format=xlsx");
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const ws = wb.worksheets[0];
  assert.equal(ws?.getRow(1).getCell(2).value, "Consumer no.");
  assert.equal(ws?.rowCount, 4);
  assert.equal(ws?.getRow(2).getCell(1).value, ids.e3);
  assert.equal(ws?.getRow(2).getCell(9).value, 200);

  const billing = await get(admin, "/api/compensation/export?format=billing");
  assert.equal(billing.statusCode, 200);
  const rows = billing.body
    .replace(/^\uFEFF/, "")
    .trim()
    .split(/\r?\n/);
  assert.equal(rows[0], "consumer_no,entry_id,amount_rs,complaint_or_application,breached_on");
  assert.deepEqual(
    rows.slice(1).map((r) => r.split(",").slice(0, 3)),
    [[consumers.e3, String(ids.e3), "200"]],
  );

  assert.equal(
    (
      await t.request({
        method: "POST",
        url: `/api/compensation/${ids.e3}/waive`,
        cookie: ee,
        payload: { reason: "x" },
      })
    ).statusCode,
    403,
  );
  const w = await t.request({
    method: "POST",
    url: `/api/compensation/${ids.e3}/waive`,
    cookie: admin,
    payload: { reason: "consumer's own wiring" },
  });
  assert.equal(w.statusCode, 200, w.body);
  assert.equal(w.json().status, "waived");
  const again = await t.request({
    method: "POST",
    url: `/api/compensation/${ids.e1}/waive`,
    cookie: admin,
    payload: { reason: "late" },
  });
  assert.equal(again.statusCode, 400, "a credited entry is closed");
  const billed = await get(admin, "/api/compensation/export?format=billing");
  assert.equal(
    billed.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/).length,
    1,
    "nothing left to bill",
  );
});
