import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import { extractText, getDocumentProxy } from "unpdf";
import { buildComplaint, buildOrgTree, buildOutage, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { fixedClock } from "../../lib/clock.ts";
import { closePdfBrowser } from "../../lib/pdf.ts";
import type { SopReportDto } from "./sop.schemas.ts";

// The SoP report for 2026-Q3 (1 July to 30 September, India time) over a
// fixture whose every complaint and application has known times; the
// expected figures below are counted by hand from the list, not computed.
let t: TestApp;
let tree: Tree;
const clock = fixedClock("2026-10-05T06:00:00Z");
const ist = (s: string) => new Date(`${s}:00+05:30`);
let admin: string;
let ee: string;
let je2: string;
let agent: string;

async function application(dc: string, sopArea: "metro" | "urban" | "rural", extra: Record<string, unknown>) {
  const n = Math.random().toString(36).slice(2, 8).toUpperCase();
  await t.database.db
    .insertInto("connection_applications")
    .values({
      number: `NCSOP${n}`,
      applicant_name: "Sita Devi",
      mobile: "9826000001",
      address: "4 Mandi Road",
      dc_id: tree.org[dc] as number,
      sop_area: sopArea,
      category: "domestic",
      load_kw: 1,
      status: "applied",
      source: "call",
      applied_at: ist("2026-06-01T10:00"),
      status_at: ist("2026-06-01T10:00"),
      ...extra,
    })
    .execute();
}

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "sop.admin", role: "admin" });
  await buildUser(t.repos, tree, { login: "sop.ee", role: "ee", orgCode: "TD" });
  await buildUser(t.repos, tree, { login: "sop.je2", role: "je", orgCode: "TDC2" });
  await buildUser(t.repos, tree, { login: "sop.agent", role: "agent" });
  [admin, ee, je2, agent] = (await Promise.all(
    ["sop.admin", "sop.ee", "sop.je2", "sop.agent"].map((l) => t.signIn(l)),
  )) as [string, string, string, string];
  const db = t.database;
  // Fuse-off (no_supply), urban, limit 4 h; rural, limit 12 h. All in TDC1 (sub-division TS1).
  // A: urban, registered in June, still open: pending at the start and at the end.
  await buildComplaint(db, tree, {
    area_type: "urban",
    registered_at: ist("2026-06-30T10:00"),
    status: "assigned",
  });
  // B: urban, registered in June, resolved on 1 July beyond its limit (breached in June: its compensation is June's).
  await buildComplaint(db, tree, {
    area_type: "urban",
    registered_at: ist("2026-06-29T10:00"),
    status: "resolved",
    resolved_at: ist("2026-07-01T09:00"),
    breached_at: ist("2026-06-29T14:00"),
    compensation_rs: 200,
  });
  // C: urban, within its limit.
  await buildComplaint(db, tree, {
    area_type: "urban",
    registered_at: ist("2026-07-05T10:00"),
    status: "resolved",
    resolved_at: ist("2026-07-05T12:00"),
  });
  await t.repos.rollups.foldAll("Asia/Kolkata"); // half folded, half still deltas: both are counted
  // D: urban, beyond, Rs 200 due (breached 10 August).
  await buildComplaint(db, tree, {
    area_type: "urban",
    registered_at: ist("2026-08-10T10:00"),
    status: "resolved",
    resolved_at: ist("2026-08-10T20:00"),
    breached_at: ist("2026-08-10T14:00"),
    compensation_rs: 200,
  });
  // H: urban, resolved in time, reopened, then resolved again late: counts once, beyond; Rs 200 due.
  const h = await buildComplaint(db, tree, {
    area_type: "urban",
    registered_at: ist("2026-07-10T10:00"),
    status: "resolved",
    resolved_at: ist("2026-07-10T11:00"),
  });
  await sql`update complaints set status = 'assigned', resolved_at = null, reopen_count = 1 where id = ${h.id}`.execute(
    db.db,
  );
  await sql`update complaints set status = 'resolved', resolved_at = ${ist("2026-07-12T10:00")},
    breached_at = ${ist("2026-07-11T10:00")}, compensation_rs = 200 where id = ${h.id}`.execute(db.db);
  // E: rural, registered on the quarter's last evening, open.
  await buildComplaint(db, tree, {
    area_type: "rural",
    registered_at: ist("2026-09-30T20:00"),
    status: "registered",
  });
  // F: rural, registered at 23:30 on 30 September (18:00 UTC), resolved on 1 October: pending at the end.
  await buildComplaint(db, tree, {
    area_type: "rural",
    registered_at: ist("2026-09-30T23:30"),
    status: "resolved",
    resolved_at: ist("2026-10-01T02:00"),
  });
  // G: rural, invalid.
  await buildComplaint(db, tree, {
    area_type: "rural",
    registered_at: ist("2026-07-20T10:00"),
    status: "invalid",
    closed_at: ist("2026-07-20T11:00"),
    close_reason: "prank call",
  });
  // K: rural, within 12 h.
  await buildComplaint(db, tree, {
    area_type: "rural",
    registered_at: ist("2026-07-15T10:00"),
    status: "resolved",
    resolved_at: ist("2026-07-15T15:00"),
  });
  // I: rural, after the quarter: nowhere.
  await buildComplaint(db, tree, {
    area_type: "rural",
    registered_at: ist("2026-10-02T10:00"),
    status: "registered",
  });
  // J: line breakdown, urban, in TDC2 (sub-division TS2), within.
  await buildComplaint(db, tree, {
    dtCode: "TF2-T1",
    category_code: "line_breakdown",
    area_type: "urban",
    registered_at: ist("2026-08-01T10:00"),
    status: "resolved",
    resolved_at: ist("2026-08-01T12:00"),
  });

  // New connections in TDC1.
  // N1: metro (urban), documents complete in June, released 3 July beyond its limit (breach in June).
  await application("TDC1", "metro", {
    status: "released",
    documents_complete_at: ist("2026-06-20T10:00"),
    release_due_at: ist("2026-06-27T10:00"),
    released_at: ist("2026-07-03T10:00"),
    breached_at: ist("2026-06-27T10:00"),
    compensation_rs: 500,
  });
  // N2: urban, received and released within.
  await application("TDC1", "urban", {
    status: "released",
    documents_complete_at: ist("2026-08-01T10:00"),
    release_due_at: ist("2026-08-08T10:00"),
    released_at: ist("2026-08-05T10:00"),
  });
  // N3: rural, received, released late; Rs 400 due (breached 16 September).
  await application("TDC1", "rural", {
    status: "released",
    documents_complete_at: ist("2026-09-01T10:00"),
    release_due_at: ist("2026-09-16T10:00"),
    released_at: ist("2026-09-20T10:00"),
    breached_at: ist("2026-09-16T10:00"),
    compensation_rs: 400,
  });
  // N4: rural, received, pending at the end.
  await application("TDC1", "rural", {
    status: "site_inspected",
    documents_complete_at: ist("2026-09-25T10:00"),
    release_due_at: ist("2026-10-10T10:00"),
  });
  // N5: urban, documents never complete: not received.
  await application("TDC1", "urban", { status: "applied" });
  // N6: urban, received, then rejected.
  await application("TDC1", "urban", {
    status: "rejected",
    reject_reason: "not the owner",
    documents_complete_at: ist("2026-07-10T10:00"),
    rejected_at: ist("2026-07-20T10:00"),
  });

  // Outages on TF1 (circle TC): 30 min to 11 consumers in July, 60 min to 5 in August, and a 2-minute blip to 11.
  const outage = (start: string, minutes: number, n: number) =>
    buildOutage(db, tree, {
      status: "restored",
      started_at: ist(start),
      detected_at: ist(start),
      restored_at: new Date(ist(start).getTime() + minutes * 60_000),
      affected_consumers: n,
    });
  await outage("2026-07-08T10:00", 30, 11);
  await outage("2026-08-08T10:00", 60, 5);
  await outage("2026-09-08T10:00", 2, 11);
});
after(async () => {
  await closePdfBrowser();
  await t?.close();
});

const get = async (cookie: string, url: string) => t.request({ method: "GET", url, cookie });

type Cell = SopReportDto["total"]["urban"];
const figures = (c: Cell) => [c.pendingStart, c.received, c.rejected, c.within, c.beyond, c.pendingEnd];

test("the quarter's figures are the hand counts of the fixture", async () => {
  const res = await get(admin, "/api/reports/sop?period=2026-Q3&lang=en");
  assert.equal(res.statusCode, 200, res.body);
  const r = res.json() as SopReportDto;
  assert.equal(r.period.firstDay, "2026-07-01");
  assert.equal(r.period.lastDay, "2026-09-30");
  assert.equal(r.unit.code, "T");
  const row = (code: string) => r.rows.find((x) => x.code === code) as SopReportDto["rows"][number];
  assert.deepEqual(
    r.rows.map((x) => x.code),
    [
      "fuse_off",
      "line_breakdown",
      "cable_fault",
      "dt_failure",
      "voltage",
      "meter",
      "billing",
      "new_connection",
      "safety_hazard",
    ],
  );
  //                      pending start, received, invalid, within, beyond, pending end
  const fuse = row("fuse_off").cells;
  assert.deepEqual(figures(fuse.urban), [2, 3, 0, 1, 3, 1]); // A B | C D H | - | C | B D H | A
  assert.equal(fuse.urban.compliancePct, 25);
  assert.equal(fuse.urban.compensationDueRs, 400); // D and H (B breached in June)
  assert.deepEqual(figures(fuse.rural), [0, 4, 1, 1, 0, 2]); // - | E F G K | G | K | - | E F
  assert.equal(fuse.rural.compliancePct, 100);
  assert.equal(fuse.rural.compensationDueRs, 0);
  assert.deepEqual(figures(fuse.total), [2, 7, 1, 2, 3, 3]);
  assert.equal(fuse.total.compliancePct, 40);

  const line = row("line_breakdown").cells;
  assert.deepEqual(figures(line.urban), [0, 1, 0, 1, 0, 0]);
  assert.deepEqual(figures(line.rural), [0, 0, 0, 0, 0, 0]);
  assert.equal(line.rural.compliancePct, null);

  const conn = row("new_connection").cells;
  assert.deepEqual(figures(conn.urban), [1, 2, 1, 1, 1, 0]); // N1 | N2 N6 | N6 | N2 | N1 | -
  assert.equal(conn.urban.compliancePct, 50);
  assert.equal(conn.urban.compensationDueRs, 0); // N1 breached in June
  assert.deepEqual(figures(conn.rural), [0, 2, 0, 0, 1, 1]); // - | N3 N4 | - | - | N3 | N4
  assert.equal(conn.rural.compliancePct, 0);
  assert.equal(conn.rural.compensationDueRs, 400);

  assert.deepEqual(figures(r.total.urban), [3, 6, 1, 3, 4, 1]);
  assert.equal(r.total.urban.compliancePct, 42.9); // 3 / 7
  assert.deepEqual(figures(r.total.rural), [0, 6, 1, 1, 1, 3]);
  assert.deepEqual(figures(r.total.total), [3, 12, 2, 4, 5, 4]);
  assert.equal(r.total.total.compliancePct, 44.4); // 4 / 9
  assert.equal(r.total.total.compensationDueRs, 800);
  assert.equal(r.total.total.compensationPaidRs, 0);

  // Reliability of circle TC: 11 consumers; 11 × 30 + 5 × 60 = 630 customer minutes, 16 interruptions; a blip.
  assert.deepEqual(
    r.reliability.rows.map((x) => [x.code, x.customersServed, x.saifi, x.saidi, x.caidi, x.maifi]),
    [["TC", 11, 1.455, 57.3, 39.4, 1]],
  );
});

test("a month, an office below, and the jurisdiction", async () => {
  const july = (await get(admin, "/api/reports/sop?period=2026-07&unit=TS1")).json() as SopReportDto;
  const fuse = july.rows[0]?.cells as SopReportDto["rows"][number]["cells"];
  // July: received C H (urban), G K (rural); resolved B (beyond) C (within) H (beyond); K within.
  assert.deepEqual(figures(fuse.urban), [2, 2, 0, 1, 2, 1]);
  assert.deepEqual(figures(fuse.rural), [0, 2, 1, 1, 0, 0]);
  assert.deepEqual(figures(july.rows[1]?.cells.urban as Cell), [0, 0, 0, 0, 0, 0], "J is in TS2");

  const ts2 = (await get(ee, "/api/reports/sop?period=2026-Q3&unit=ts2")).json() as SopReportDto;
  assert.deepEqual(figures(ts2.rows[1]?.cells.urban as Cell), [0, 1, 0, 1, 0, 0]);
  assert.deepEqual(figures(ts2.rows[0]?.cells.total as Cell), [0, 0, 0, 0, 0, 0]);

  const outside = await get(je2, "/api/reports/sop?period=2026-Q3&unit=TS1");
  assert.equal(outside.statusCode, 404);
  const own = (await get(je2, "/api/reports/sop?period=2026-Q3")).json() as SopReportDto;
  assert.equal(own.unit.code, "TDC2");
  assert.equal((await get(agent, "/api/reports/sop?period=2026-Q3")).statusCode, 403);
  for (const bad of ["2026-Q5", "2026-13", "Q3-2026", "x"]) {
    const res = await get(admin, `/api/reports/sop?period=${bad}`);
    assert.equal(res.statusCode, 400, bad);
    assert.equal(res.json().field, "period");
  }
  const dflt = (await get(admin, "/api/reports/sop")).json() as SopReportDto;
  assert.equal(dflt.period.code, "2026-Q3", "the last whole quarter");
});

test("the rows are configured, checked field by field, and each save is recorded", async () => {
  const res = await get(admin, "/api/reports/sop/rows");
  assert.equal(res.statusCode, 200);
  const body = res.json();
  const rows = body.rows as { code: string; labelEn: string; categoryCodes: string[] }[];
  const put = (cookie: string, payload: unknown) =>
    t.request({ method: "PUT", url: "/api/reports/sop/rows", cookie, payload: payload as object });
  const bad = async (change: (r: typeof rows) => unknown, field: string) => {
    const r = await put(admin, { rows: change(structuredClone(rows)) });
    assert.equal(r.statusCode, 400, r.body);
    assert.equal(r.json().field, field);
  };
  await bad((r) => {
    (r[1] as { categoryCodes: string[] }).categoryCodes = ["no_such"];
    return r;
  }, "rows.1.categoryCodes");
  await bad((r) => {
    (r[2] as { labelEn: string }).labelEn = "  ";
    return r;
  }, "rows.2.labelEn");
  await bad((r) => [...r, r[0]], `rows.${rows.length}.code`);
  assert.equal((await put(ee, { rows })).statusCode, 403);

  // Fuse-off and line breakdown as one row, in Hindi too.
  const merged = [
    {
      ...rows[0],
      code: "supply",
      labelEn: "No supply",
      labelHi: "बिजली बंद",
      categoryCodes: ["no_supply", "line_breakdown"],
    },
    ...rows.slice(2),
  ];
  const ok = await put(admin, { rows: merged });
  assert.equal(ok.statusCode, 200, ok.body);
  assert.equal(ok.json().updatedBy, "Test admin");
  assert.equal(ok.json().changes[0].by, "Test admin");
  const r = (await get(admin, "/api/reports/sop?period=2026-Q3")).json() as SopReportDto;
  assert.equal(r.rows[0]?.code, "supply");
  assert.deepEqual(figures(r.rows[0]?.cells.urban as Cell), [2, 4, 0, 2, 3, 1]);
  assert.equal((await put(admin, { rows })).statusCode, 200);
});

test("the workbook reads back with the figures, and the PDF's text has the labels and numbers", async () => {
  const x = await get(admin, "/api/reports/sop.xlsx?period=2026-Q3&lang=en");
  assert.equal(x.statusCode, 200);
  assert.match(String(x.headers["content-disposition"]), /sop-T-2026-Q3\.xlsx/);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(x.rawPayload as unknown as ArrayBuffer);
  const ws = wb.getWorksheet("SoP");
  assert.ok(ws);
  const values: unknown[][] = [];
  ws.eachRow((row) => values.push((row.values as unknown[]).slice(1)));
  const urbanFuse = values.find((v) => v[0] === 1 && v[3] === "Urban");
  assert.deepEqual(urbanFuse?.slice(4), [2, 3, 0, 1, 3, 1, 25, 400, 0]);
  assert.ok(values.some((v) => v[1] === "All services" && v[3] === "Total" && v[4] === 3 && v[5] === 12));
  assert.ok(ws.model.merges.length > 0, "merged headings");
  const rel = wb.getWorksheet("Reliability");
  assert.equal(rel?.getRow(2).getCell(1).value, "TC");

  const p = await get(admin, "/api/reports/sop.pdf?period=2026-Q3&lang=en");
  assert.equal(p.statusCode, 200, p.body.slice(0, 200));
  assert.equal(p.headers["content-type"], "application/pdf");
  const doc = await getDocumentProxy(new Uint8Array(p.rawPayload));
  const { text } = await extractText(doc, { mergePages: true });
  // Headings wrap: words are compared with every run of white space as one space.
  const flat = text.replace(/\s+/g, " ");
  if (process.env.SOP_PDF_OUT) {
    const fs = await import("node:fs");
    fs.writeFileSync(process.env.SOP_PDF_OUT, p.rawPayload);
    fs.writeFileSync(`${process.env.SOP_PDF_OUT}.txt`, text);
  }
  for (const words of [
    "Standards of Performance",
    "T unit",
    "2026-Q3",
    "2026-07-01",
    "Redressed within standard",
    "Pending at end",
    "Fuse-off",
    "New connection",
    "SAIFI",
    "42.9",
    "44.4",
    "1.455",
  ])
    assert.ok(flat.includes(words), `the PDF says ${words}`);
});
