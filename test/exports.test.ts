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
  const db = t.database.db;
  // The files' headers below are read in English; one test signs a user in Hindi.
  await sql`update users set language = 'en'`.execute(db);
  const login = (role: string) => info.logins.find((l) => l.role === role)?.login as string;
  admin = await t.signIn(login("admin"), password);
  const jeLogin = login("je");
  je = await t.signIn(jeLogin, password);
  jeDc = jeLogin.replace(/^je\./, "").toUpperCase();
  // Outages over DTs of several DCs, the JE's among them.
  const dts = await sql<{ code: string }>`
    select distinct on (dc.code) d.code from dts d
    join feeders f on f.id = d.feeder_id join org_units dc on dc.id = f.dc_id
    order by dc.code, d.id limit 6`.execute(db);
  const mine = await sql<{ code: string }>`
    select d.code from dts d join feeders f on f.id = d.feeder_id join org_units dc on dc.id = f.dc_id
    where dc.code = ${jeDc} order by d.id desc limit 2`.execute(db);
  for (const { code } of [...dts.rows, ...mine.rows]) {
    const r = await t.request({
      method: "POST",
      url: "/api/outages",
      cookie: admin,
      payload: { dtCode: code, cause: "DT fuse blown" },
    });
    assert.ok(r.statusCode === 201 || r.statusCode === 409, r.body);
  }
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
      if (q === "status=all") assert.ok(list.length >= 5, "outages to export");
      assert.deepEqual(
        rows.map((r) => Number(r["No."])),
        list.map((o) => o.id),
        q,
      );
    }
  });

  test("a JE's outage export has only his DC's outages, as his list does", async () => {
    const list = await listAll<{ id: number; dc: { code: string } }>("/api/outages?status=all", je);
    const res = await get("/api/outages/export?status=all", je);
    assert.equal(res.statusCode, 200, res.body);
    const rows = csvRows(res.body);
    assert.deepEqual(
      rows.map((r) => Number(r["No."])),
      list.map((o) => o.id),
    );
    assert.ok(rows.length > 0 && rows.every((r) => r.DC === jeDc));
    const all = csvRows((await get("/api/outages/export?status=all")).body);
    assert.ok(all.length > rows.length, "the company sees more than the JE");
  });

  test("users: role and text filters, every row past the list's page", async () => {
    for (const q of ["", "role=lineman", "q=je", "active=true&role=agent"]) {
      const list = await listAll<{ login: string; phone: string | null }>(`/api/users?${q}`);
      const res = await get(`/api/users/export?${q}`);
      assert.equal(res.statusCode, 200, res.body);
      const rows = csvRows(res.body);
      assert.deepEqual(
        rows.map((r) => r.Login),
        list.map((u) => u.login),
        q,
      );
      assert.deepEqual(
        rows.map((r) => r.Phone),
        list.map((u) => u.phone ?? ""),
      );
    }
    assert.equal((await get("/api/users/export", je)).statusCode, 403, "a JE manages no users");
  });

  test("API tokens: the list, without secrets", async () => {
    const made = await t.request({
      method: "POST",
      url: "/api/tokens",
      cookie: admin,
      payload: { name: "billing export", scopes: ["complaints.read"] },
    });
    assert.equal(made.statusCode, 201, made.body);
    const secret = made.json().secret as string;
    const res = await get("/api/tokens/export");
    assert.equal(res.statusCode, 200);
    const rows = csvRows(res.body);
    const list = (await get("/api/tokens")).json().items as { name: string; prefix: string }[];
    assert.deepEqual(
      rows.map((r) => r.Name),
      list.map((k) => k.name),
    );
    assert.ok(!res.body.includes(secret), "no secret in the file");
  });

  test("grievances, connections and the SMS outbox: the export equals the list for each filter", async () => {
    for (const status of ["open", "all"]) {
      const list = (await get(`/api/grievances?status=${status}`)).json().items as { id: number }[];
      const rows = csvRows((await get(`/api/grievances/export?status=${status}`)).body);
      assert.deepEqual(
        rows.map((r) => Number(r["No."])),
        list.map((g) => g.id),
      );
    }
    for (const q of ["", "status=pending", "overdue=true", `dc=${jeDc}`]) {
      const list: { number: string; mobile: string }[] = [];
      for (let page = 1; ; page++) {
        const r = await get(`/api/connections?${q}&page=${page}&pageSize=200`);
        assert.equal(r.statusCode, 200, r.body);
        const items = r.json().items as { number: string; mobile: string }[];
        list.push(...items);
        if (items.length < 200) break;
      }
      const rows = csvRows((await get(`/api/connections/export?${q}`)).body);
      assert.deepEqual(
        rows.map((r) => r.Application),
        list.map((a) => a.number),
        q,
      );
    }
    const outbox = async (q: string, cookie = admin) => {
      const out: { id: number; recipient: string }[] = [];
      let before: number | null = null;
      do {
        const r = await get(`/api/sms/outbox?${q}&limit=200${before ? `&before=${before}` : ""}`, cookie);
        assert.equal(r.statusCode, 200, r.body);
        out.push(...r.json().items);
        before = r.json().nextBefore;
      } while (before);
      return out;
    };
    for (const q of ["", "status=sent"]) {
      const list = await outbox(q);
      const rows = csvRows((await get(`/api/sms/outbox/export?${q}`)).body);
      assert.ok(list.length > 0 || q !== "", "the demo sent SMS");
      assert.deepEqual(
        rows.map((r) => [Number(r["No."]), r.To]),
        list.map((m) => [m.id, m.recipient]),
        q,
      );
    }
  });

  test("KB articles, tariffs and the computed tables (reliability, scorecards, connection report): the list's rows", async () => {
    const kb = (await get("/api/kb/articles?pageSize=100&status=all")).json();
    assert.ok(kb.items.length > 0 && kb.total <= 100, "the demo's articles fit one page");
    const kbRows = csvRows((await get("/api/kb/articles/export?status=all")).body);
    assert.deepEqual(
      kbRows.map((r) => Number(r["No."])),
      kb.items.map((a: { id: number }) => a.id),
    );
    const found = (await get("/api/kb/articles?q=meter&pageSize=100")).json().items as { id: number }[];
    assert.deepEqual(
      csvRows((await get("/api/kb/articles/export?q=meter")).body).map((r) => Number(r["No."])),
      found.map((a) => a.id),
      "a search exports what it found, in its order",
    );
    const tariffs = (await get("/api/tariffs?all=true")).json().items as {
      category: string;
      nameEn: string;
    }[];
    assert.deepEqual(
      csvRows((await get("/api/tariffs/export?all=true")).body).map((r) => r.Name),
      tariffs.map((x) => x.nameEn),
    );
    const month = new Date().toISOString().slice(0, 7);
    const rel = (await get(`/api/reliability?level=dc&month=${month}`)).json();
    const relCsv = (await get(`/api/reliability/export?level=dc&month=${month}`)).body.replace(/^\uFEFF/, "");
    const relRows = csvRows(relCsv.split("\n").slice(2).join("\n"));
    assert.deepEqual(
      relRows.map((r) => r.Area),
      [...rel.rows.map((x: { unit: { code: string } }) => x.unit.code), ""],
    );
    assert.equal(Number(relRows.at(-1)?.Interruptions), rel.total.interruptions);
    const sc = (await get(`/api/survey/scorecards?month=${month}&level=circle`)).json();
    assert.deepEqual(
      csvRows((await get(`/api/survey/scorecards/export?month=${month}&level=circle`)).body).map(
        (r) => r.Area,
      ),
      sc.items.map((x: { org: { code: string } }) => x.org.code),
    );
    const report = (await get("/api/connections/reports")).json();
    const reportRows = csvRows((await get("/api/connections/reports/export")).body);
    assert.deepEqual(
      reportRows.map((r) => r.Office),
      [...report.rows.map((x: { office: { code: string } }) => x.office.code), ""],
    );
    assert.equal(Number(reportRows.at(-1)?.Pending), report.totals.pendingTotal);
  });

  test("mobiles are masked in the file exactly as the list masks them for a user without consumers.read_mobile", async () => {
    const viewerLogin = (
      await sql<{ login: string }>`select login from users where role = 'viewer' order by id limit 1`.execute(
        t.database.db,
      )
    ).rows[0]?.login as string;
    const viewer = await t.signIn(viewerLogin, password);
    const list = (await get("/api/connections?pageSize=200", viewer)).json().items as { mobile: string }[];
    assert.ok(list.length > 0);
    assert.ok(
      list.every((a) => /\*/.test(a.mobile)),
      "the list masks them",
    );
    const rows = csvRows((await get("/api/connections/export", viewer)).body).slice(0, list.length);
    assert.deepEqual(
      rows.map((r) => r.Mobile),
      list.map((a) => a.mobile),
    );
  });

  test("XLSX in Hindi for a Hindi user: headers in Hindi, values, times in the DISCOM's zone", async () => {
    const db = t.database.db;
    const hiLogin = (
      await sql<{ login: string }>`select login from users where role = 'admin' order by id limit 1`.execute(
        db,
      )
    ).rows[0]?.login as string;
    await sql`update users set language = 'hi' where login = ${hiLogin}`.execute(db);
    const hindi = await t.signIn(hiLogin, password);
    const res = await t.request({
      method: "GET",
      url: "/api/outages/export?status=all&format=xlsx",
      cookie: hindi,
    });
    await sql`update users set language = 'en' where login = ${hiLogin}`.execute(db);
    assert.equal(res.statusCode, 200);
    assert.match(String(res.headers["content-type"]), /spreadsheetml/);
    const sheet = await xlsxSheet(res.rawPayload);
    assert.deepEqual(sheet[0]?.slice(0, 3), ["क्रमांक", "प्रकार", "स्थिति"]);
    const list = await listAll<{ id: number; startedAt: string; affectedConsumers: number }>(
      "/api/outages?status=all",
    );
    assert.equal(sheet.length - 1, list.length);
    const first = list[0];
    assert.ok(first);
    const row = sheet[1] as (string | number | null)[];
    assert.equal(row[0], first.id);
    assert.equal(row[8], first.affectedConsumers);
    const ist = new Date(new Date(first.startedAt).getTime() + 330 * 60_000).toISOString();
    assert.equal(row[10], `${ist.slice(0, 10)} ${ist.slice(11, 16)}`, "Asia/Kolkata, not UTC");
  });

  test("a bad format or filter is a 400 naming the field", async () => {
    for (const [url, field] of [
      ["/api/outages/export?format=pdf", "format"],
      ["/api/outages/export?status=nope", "status"],
      ["/api/users/export?role=king", "role"],
      ["/api/grievances/export?status=x", "status"],
      ["/api/sms/outbox/export?mobile=12", "mobile"],
      ["/api/connections/export?dc=NOWHERE", "dc"],
      ["/api/outages/export?limit=5", "limit"],
      ["/api/survey/scorecards/export?month=2026-13&level=dc", "month"],
      ["/api/reliability/export?level=planet", "level"],
    ] as const) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json().field, field, url);
    }
  });

  test("50,000 users stream: the first rows reach the client while later pages are not yet read", {
    timeout: 120_000,
  }, async () => {
    const db = t.database.db;
    await sql`
      insert into users (login, name, role, org_unit_id)
      select 'bulk-' || lpad(g::text, 5, '0'), 'Bulk lineman ' || g, 'lineman',
        (select id from org_units where kind = 'dc' order by id limit 1)
      from generate_series(1, 50000) g`.execute(db);
    // Page 3 of the export waits for the test: if the server built the file
    // before sending it, no row could arrive until it is let go.
    const repo = t.repos.users;
    const original = repo.listAfter.bind(repo);
    let pages = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => {
      release = r;
    });
    repo.listAfter = async (...args: Parameters<typeof original>) => {
      pages++;
      if (pages === 3) await gate;
      return original(...args);
    };
    try {
      const base = await t.listen();
      const res = await fetch(`${base}/api/users/export?q=bulk-`, {
        headers: { cookie: admin, origin: base },
      });
      assert.equal(res.status, 200);
      const reader = (res.body as ReadableStream<Uint8Array>).getReader();
      const decoder = new TextDecoder();
      let text = "";
      while (!text.includes("bulk-01000")) {
        const { value, done } = await reader.read();
        assert.ok(!done, "the download ended early");
        text += decoder.decode(value, { stream: true });
      }
      // Reaching here at all is the proof: the third page's rows are held back
      // until release(), yet row 1,000 has arrived (a server that built the
      // file first would send nothing, and this test would time out).
      assert.ok(pages <= 3, `only the first pages read (${pages} of 51)`);
      release();
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        text += decoder.decode(value, { stream: true });
      }
      const rows = csvRows(text);
      assert.equal(rows.length, 50_000);
      assert.equal(rows[49_999]?.Login, "bulk-50000");
      assert.equal(pages, 51, "50 full pages and the empty one after");
    } finally {
      release();
      repo.listAfter = original;
    }
  });
});
