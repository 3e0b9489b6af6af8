// Issue 16, the tables the first exports left: the inbox queue (an expression keyset over its
// urgency order), the feedback desk's callback history (a new list and its export), and the
// consumer card's bills. Each file has exactly the rows the list shows for the same filters,
// scoped to the asker's jurisdiction, in his language; a bad filter is a 400 naming it.
import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import type { Cursor } from "../src/db/keyset.ts";
import { loadDemo } from "../src/modules/demo/demo.service.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

let t: TestApp;
let admin: string;
let je: string;
let jeDc: string;
let dcAgent: string;
let password: string;

const CONVERSATIONS = 1_405;
const ROUNDS = 15;

before(async () => {
  t = await createTestApp();
  const { info } = await loadDemo(t.database, t.repos, { consumers: 400, complaints: 80, seed: "exports2" });
  password = info.password;
  const db = t.database.db;
  await sql`update users set language = 'en'`.execute(db);
  const login = (role: string) => info.logins.find((l) => l.role === role)?.login as string;
  admin = await t.signIn(login("admin"), password);
  const jeLogin = login("je");
  je = await t.signIn(jeLogin, password);
  jeDc = jeLogin.replace(/^je\./, "").toUpperCase();
  // An agent of the JE's DC (the demo's agents sit at the company): inbox.work, one DC's jurisdiction.
  await sql`update users set org_unit_id = (select id from org_units where code = ${jeDc})
    where login = 'agent2'`.execute(db);
  dcAgent = await t.signIn("agent2", password);

  // Conversations over every DC (and the central desk), in every state, with many ties in the
  // queue's order (status, answer due, last message), some without an answer due: more than one
  // export page (1,000), so the keyset meets itself across pages.
  await sql`
    with dcs as (select array_agg(id order by id) as ids from org_units where kind = 'dc')
    insert into conversations (channel, sender_id, sender_name, status, language, dc_id, opened_at,
      last_message_at, first_response_due, closed_at)
    select 'whatsapp', 'wa-' || g, 'Sender ' || g,
      (array['new', 'open', 'waiting', 'closed'])[1 + g % 4], 'hi',
      case when g % 9 = 0 then null
           when g % 3 = 0 then (select id from org_units where code = ${jeDc})
           else dcs.ids[1 + g % array_length(dcs.ids, 1)] end,
      now() - interval '2 days', now() - make_interval(mins => g % 7),
      case when g % 5 = 0 then null else now() + make_interval(mins => g % 11) - interval '5 minutes' end,
      case when g % 4 = 3 then now() - make_interval(mins => g % 13) end
    from generate_series(1, ${CONVERSATIONS}) g, dcs`.execute(db);

  // Callbacks (beside the demo's own): more rounds of each demo complaint, in every status, some closed, some called.
  await sql`
    insert into callbacks (complaint_id, round, dc_id, status, priority, resolved_at, attempts,
      next_attempt_at, window_ends_at, created_at, closed_at, answered_via, fixed, overall_rating)
    select c.id, 100 + r, c.dc_id,
      (array['open', 'link_sent', 'confirmed', 'not_fixed', 'not_confirmed', 'cancelled'])[1 + (c.id + r) % 6],
      (c.id + r) % 2, now() - make_interval(hours => r), (c.id + r) % 3,
      now() - make_interval(hours => r), now() + interval '5 days', now() - make_interval(hours => r),
      case when (c.id + r) % 6 >= 2 then now() - make_interval(hours => r, mins => (c.id % 50)::int) end,
      case when (c.id + r) % 6 = 2 then 'call' end,
      case when (c.id + r) % 6 = 2 then true when (c.id + r) % 6 = 3 then false end,
      case when (c.id + r) % 6 = 2 then 4 end
    from complaints c, generate_series(0, ${ROUNDS - 1}) r`.execute(db);
  await sql`
    insert into callback_attempts (callback_id, at, dc_id, outcome)
    select b.id, b.resolved_at + interval '1 hour', b.dc_id,
      (array['no_answer', 'busy', 'switched_off', 'wrong_number', 'reached'])[1 + b.id % 5]
    from callbacks b where b.attempts > 0`.execute(db);
});
after(async () => t?.close());

async function get(url: string, cookie = admin) {
  return t.request({ method: "GET", url, cookie });
}

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

async function inboxList(q: string, cookie = admin) {
  const out: { id: number; dc: { code: string } | null }[] = [];
  for (let page = 1; ; page++) {
    const r = await get(`/api/inbox?${q}&page=${page}&pageSize=200`, cookie);
    assert.equal(r.statusCode, 200, r.body);
    const items = r.json().items;
    out.push(...items);
    if (items.length < 200) return out;
  }
}

async function historyList(q: string, cookie = admin) {
  const out: { id: number; status: string; dc: { code: string }; lastOutcome: string | null }[] = [];
  for (let offset = 0; ; offset += 200) {
    const r = await get(`/api/callbacks/history?${q}&limit=200&offset=${offset}`, cookie);
    assert.equal(r.statusCode, 200, r.body);
    const items = r.json().items;
    out.push(...items);
    if (items.length < 200) return out;
  }
}

describe(`[${driverName}] more table exports`, () => {
  test("inbox: the export is the queue, in its urgency order, for each filter (past one 1,000-row page)", async () => {
    for (const q of ["", "status=closed", "status=new", "status=waiting&channel=whatsapp", "overdue=true"]) {
      const list = await inboxList(q);
      const res = await get(`/api/inbox/export?${q}`);
      assert.equal(res.statusCode, 200, res.body);
      assert.match(String(res.headers["content-disposition"]), /filename="inbox-/);
      const rows = csvRows(res.body);
      if (q === "") assert.ok(list.length > 1000, `the active queue spans pages (${list.length})`);
      assert.deepEqual(
        rows.map((r) => Number(r["No."])),
        list.map((c) => c.id),
        q,
      );
    }
  });

  test("inbox: the keyset over (waiting, answer due nulls last, last message, id) meets the offset list at any page size", async () => {
    const repo = t.repos.inbox;
    const company = (
      await sql<{ path: string }>`select path from org_units where kind = 'company'`.execute(t.database.db)
    ).rows[0]?.path as string;
    const p = { orgKind: "company" as const, orgPath: company };
    const now = new Date();
    for (const status of ["active", "closed"] as const) {
      const f = { status };
      const { items } = await repo.queue(p, { ...f, limit: 5_000, offset: 0 }, now);
      const walked: number[] = [];
      let after: Cursor | undefined;
      for (;;) {
        const page = await repo.queueAfter(p, f, now, after, 7);
        walked.push(...page.map((r) => Number(r.id)));
        if (page.length < 7) break;
        after = page.at(-1)?.cursor;
      }
      assert.deepEqual(
        walked,
        items.map((r) => Number(r.id)),
        status,
      );
    }
  });

  test("inbox: a DC's agent exports only his DC's conversations, as his queue shows them", async () => {
    const list = await inboxList("", dcAgent);
    const rows = csvRows((await get("/api/inbox/export", dcAgent)).body);
    assert.ok(rows.length > 0);
    assert.deepEqual(
      rows.map((r) => Number(r["No."])),
      list.map((c) => c.id),
    );
    assert.ok(rows.every((r) => r.DC === jeDc));
    assert.equal((await get("/api/inbox/export", je)).statusCode, 403, "a JE does not work the inbox");
  });

  test("callback history: a list of every status, and its export, for each filter", async () => {
    const all = await historyList("");
    const count = await sql<{ n: number }>`select count(*)::int as n from callbacks`.execute(t.database.db);
    assert.equal(all.length, count.rows[0]?.n);
    assert.deepEqual(
      all.map((b) => b.id),
      [...all.map((b) => b.id)].sort((a, b) => b - a),
      "newest first",
    );
    const closedFrom = new Date(Date.now() - 5 * 3_600_000).toISOString();
    const closedTo = new Date(Date.now() - 1 * 3_600_000).toISOString();
    for (const q of [
      "",
      "status=confirmed",
      "outcome=reached",
      `dc=${jeDc}`,
      `closedFrom=${encodeURIComponent(closedFrom)}&closedTo=${encodeURIComponent(closedTo)}`,
      "status=not_fixed&outcome=busy",
    ]) {
      const list = await historyList(q);
      const res = await get(`/api/callbacks/history/export?${q}`);
      assert.equal(res.statusCode, 200, res.body);
      const rows = csvRows(res.body);
      if (q !== "status=not_fixed&outcome=busy") assert.ok(list.length > 0, `rows for ${q}`);
      assert.ok(list.length < all.length || q === "", `${q} filters`);
      assert.deepEqual(
        rows.map((r) => [Number(r["No."]), r.Status, r.DC, r["Last call"]]),
        list.map((b) => [b.id, b.status, b.dc.code, b.lastOutcome ?? ""]),
        q,
      );
    }
    const confirmed = await historyList("status=confirmed");
    assert.ok(confirmed.every((b) => b.status === "confirmed"));
    const reached = await historyList("outcome=reached");
    assert.ok(reached.every((b) => b.lastOutcome === "reached"));
  });

  test("callback history: a JE's list and file hold his DC's callbacks only", async () => {
    const list = await historyList("", je);
    const rows = csvRows((await get("/api/callbacks/history/export", je)).body);
    assert.ok(list.length > 0 && list.length < (await historyList("")).length);
    assert.deepEqual(
      rows.map((r) => Number(r["No."])),
      list.map((b) => b.id),
    );
    assert.ok(rows.every((r) => r.DC === jeDc));
  });

  test("consumer bills: the card's bill table, in Hindi for a Hindi user", async () => {
    const db = t.database.db;
    const consumerNo = (
      await sql<{ consumer_no: string }>`
        select p.consumer_no from consumers p join bills b on b.consumer_id = p.id
        group by p.consumer_no order by count(*) desc, p.consumer_no limit 1`.execute(db)
    ).rows[0]?.consumer_no as string;
    const card = (await get(`/api/consumers/${consumerNo}/bills`)).json();
    assert.ok(card.bills.length > 0);
    const res = await get(`/api/consumers/${consumerNo}/bills/export`);
    assert.equal(res.statusCode, 200, res.body);
    const rows = csvRows(res.body);
    assert.deepEqual(
      rows.map((r) => [r.Month, Number(r["Amount (Rs)"]), r.Status, Number(r["Balance (Rs)"])]),
      card.bills.map((b: { month: string; amount: number; status: string; balance: number }) => [
        b.month,
        b.amount,
        b.status,
        b.balance,
      ]),
    );
    await sql`update users set language = 'hi' where login = 'admin'`.execute(db);
    const hindi = await t.signIn("admin", password);
    const x = await get(`/api/consumers/${consumerNo}/bills/export?format=xlsx`, hindi);
    await sql`update users set language = 'en' where login = 'admin'`.execute(db);
    assert.equal(x.statusCode, 200);
    const sheet = await xlsxSheet(x.rawPayload);
    assert.deepEqual(sheet[0]?.slice(0, 4), ["माह", "बिल क्रमांक", "संशोधन", "राशि (रु)"]);
    assert.equal(sheet.length - 1, card.bills.length);
    assert.equal(sheet[1]?.[0], card.bills[0].month);
    // Outside his jurisdiction a consumer is not found, for the card and its file alike.
    const other = (
      await sql<{ consumer_no: string }>`
        select p.consumer_no from consumers p join org_units dc on dc.id = p.dc_id
        where dc.code <> ${jeDc} order by p.id limit 1`.execute(db)
    ).rows[0]?.consumer_no as string;
    assert.equal((await get(`/api/consumers/${other}/bills`, je)).statusCode, 404);
    assert.equal((await get(`/api/consumers/${other}/bills/export`, je)).statusCode, 404);
  });

  test("inbox and callback exports in Hindi: Hindi headers read back from the XLSX", async () => {
    const db = t.database.db;
    await sql`update users set language = 'hi' where login = 'admin'`.execute(db);
    const hindi = await t.signIn("admin", password);
    const inbox = await get("/api/inbox/export?format=xlsx&status=closed", hindi);
    const history = await get("/api/callbacks/history/export?format=xlsx&status=confirmed", hindi);
    await sql`update users set language = 'en' where login = 'admin'`.execute(db);
    const inboxSheet = await xlsxSheet(inbox.rawPayload);
    assert.deepEqual(inboxSheet[0]?.slice(0, 3), ["क्रमांक", "माध्यम", "भेजने वाला"]);
    assert.equal(inboxSheet.length - 1, (await inboxList("status=closed")).length);
    const historySheet = await xlsxSheet(history.rawPayload);
    assert.deepEqual(historySheet[0]?.slice(0, 2), ["क्रमांक", "शिकायत"]);
    assert.equal(historySheet.length - 1, (await historyList("status=confirmed")).length);
  });

  test("survey action items, suggestions and campaigns: the lists' rows (every one, past their 300), in their order", async () => {
    const db = t.database.db;
    for (const status of ["open", "done", "all"]) {
      const list = (await get(`/api/survey/actions?status=${status}`)).json().items as { id: number }[];
      const res = await get(`/api/survey/actions/export?status=${status}`);
      assert.equal(res.statusCode, 200, res.body);
      const rows = csvRows(res.body);
      if (status === "all") assert.ok(list.length > 0, "the demo flagged areas");
      assert.deepEqual(
        rows.slice(0, list.length).map((r) => Number(r["No."])),
        list.map((a) => a.id),
        status,
      );
      const n = await sql<{ n: number }>`select count(*)::int as n from survey_actions
        where ${status === "all" ? sql`true` : sql`status = ${status}`}`.execute(db);
      assert.equal(rows.length, n.rows[0]?.n, `every ${status} action item`);
    }
    for (const status of ["new", "acted", "all"]) {
      const list = (await get(`/api/survey/suggestions?status=${status}`)).json().items as { id: number }[];
      const rows = csvRows((await get(`/api/survey/suggestions/export?status=${status}`)).body);
      if (status === "all") assert.ok(list.length > 0, "the demo's consumers suggested things");
      assert.deepEqual(
        rows.slice(0, list.length).map((r) => Number(r["No."])),
        list.map((x) => x.id),
        status,
      );
      const n = await sql<{ n: number }>`select count(*)::int as n from survey_targets
        where suggestion is not null
          and ${status === "all" ? sql`true` : sql`suggestion_status = ${status}`}`.execute(db);
      assert.equal(rows.length, n.rows[0]?.n, `every ${status} suggestion`);
    }
    // The keyset walk, a few rows a page, meets the list's own order exactly.
    const company = (
      await sql<{ path: string }>`select path from org_units where kind = 'company'`.execute(db)
    ).rows[0]?.path as string;
    const p = { orgKind: "company" as const, orgPath: company } as Parameters<
      typeof t.repos.survey.actions
    >[0];
    const walk = async <R extends { id: unknown; cursor: Cursor }>(
      page: (after: Cursor | undefined, limit: number) => Promise<R[]>,
    ) => {
      const out: number[] = [];
      let after: Cursor | undefined;
      for (;;) {
        const rows = await page(after, 4);
        out.push(...rows.map((r) => Number(r.id)));
        if (rows.length < 4) return out;
        after = rows.at(-1)?.cursor;
      }
    };
    const actions = await t.repos.survey.actions(p, "all");
    const walkedActions = await walk((a, l) => t.repos.survey.actionsAfter(p, "all", a, l));
    assert.deepEqual(
      walkedActions.slice(0, actions.length),
      actions.map((a) => Number(a.id)),
    );
    const sugg = await t.repos.survey.suggestions(p, "all");
    const walkedSugg = await walk((a, l) => t.repos.survey.suggestionsAfter(p, "all", a, l));
    assert.deepEqual(
      walkedSugg.slice(0, sugg.length),
      sugg.map((x) => Number(x.id)),
    );

    const campaigns = (await get("/api/survey/campaigns")).json().items as { month: string }[];
    assert.deepEqual(
      csvRows((await get("/api/survey/campaigns/export")).body).map((r) => r.Month),
      campaigns.map((c) => c.month),
    );
    assert.equal((await get("/api/survey/actions/export", je)).statusCode, 200, "officers read the survey");
  });

  test("SMS mobile coverage: the page's table in its order (lowest share first), the total last", async () => {
    const cov = (await get("/api/sms/mobile-coverage")).json() as {
      items: { dcCode: string; consumers: number; verified: number }[];
      total: { consumers: number; verified: number };
    };
    const share = (r: { consumers: number; verified: number }) =>
      r.consumers === 0 ? 0 : r.verified / r.consumers;
    const shown = [...cov.items].sort((a, b) => share(a) - share(b) || a.dcCode.localeCompare(b.dcCode));
    const rows = csvRows((await get("/api/sms/mobile-coverage/export")).body);
    assert.deepEqual(
      rows.map((r) => r.DC),
      [...shown.map((r) => r.dcCode), ""],
    );
    assert.equal(Number(rows.at(-1)?.Consumers), cov.total.consumers);
    assert.equal(Number(rows.at(-1)?.["Verified mobile"]), cov.total.verified);
  });

  test("offices: the unit shown and every unit below it, in path order; a JE's own DC only", async () => {
    const db = t.database.db;
    const all = await sql<{ code: string }>`select code from org_units order by path`.execute(db);
    const rows = csvRows((await get("/api/org-units/export")).body);
    assert.deepEqual(
      rows.map((r) => r.Code),
      all.rows.map((r) => r.code),
    );
    assert.equal(rows[0]?.Level, "1");
    const circle = (
      await sql<{ code: string; path: string }>`select code, path from org_units where kind = 'circle'
        order by code limit 1`.execute(db)
    ).rows[0] as { code: string; path: string };
    const under = await sql<{ code: string }>`select code from org_units
      where path like ${`${circle.path}%`} order by path`.execute(db);
    const circleRows = csvRows((await get(`/api/org-units/export?code=${circle.code}`)).body);
    assert.deepEqual(
      circleRows.map((r) => r.Code),
      under.rows.map((r) => r.code),
    );
    const tree = (await get(`/api/org-units/tree?code=${circle.code}`)).json();
    assert.deepEqual(
      circleRows
        .filter((r) => r.Under === circle.code)
        .map((r) => r.Code)
        .sort(),
      tree.children.map((c: { code: string }) => c.code).sort(),
      "the children the page lists",
    );
    const mine = csvRows((await get("/api/org-units/export", je)).body);
    assert.deepEqual(
      mine.map((r) => r.Code),
      [jeDc],
    );
    assert.equal((await get(`/api/org-units/export?code=${circle.code}`, je)).statusCode, 404);
  });

  test("a bad format or filter is a 400 naming the field", async () => {
    const some = (
      await sql<{ consumer_no: string }>`select consumer_no from consumers order by id limit 1`.execute(
        t.database.db,
      )
    ).rows[0]?.consumer_no as string;
    for (const [url, field] of [
      ["/api/inbox/export?status=nope", "status"],
      ["/api/inbox/export?page=2", "page"],
      ["/api/inbox/export?format=pdf", "format"],
      ["/api/callbacks/history/export?dc=NOWHERE", "dc"],
      ["/api/callbacks/history?dc=NOWHERE", "dc"],
      ["/api/callbacks/history/export?outcome=hung_up", "outcome"],
      ["/api/callbacks/history/export?closedFrom=yesterday", "closedFrom"],
      [
        "/api/callbacks/history/export?closedFrom=2026-12-02T00:00:00Z&closedTo=2026-12-01T00:00:00Z",
        "closedTo",
      ],
      ["/api/callbacks/history/export?limit=5", "limit"],
      [`/api/consumers/${some}/bills/export?format=pdf`, "format"],
      ["/api/survey/actions/export?status=closed", "status"],
      ["/api/survey/suggestions/export?status=old", "status"],
      ["/api/survey/campaigns/export?month=2026-01", "month"],
      ["/api/sms/mobile-coverage/export?format=ods", "format"],
      ["/api/org-units/export?kind=dc", "kind"],
    ] as const) {
      const res = await get(url);
      assert.equal(res.statusCode, 400, `${url}: ${res.body}`);
      assert.equal(res.json().field, field, url);
    }
  });
});
