import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import ExcelJS from "exceljs";
import { sql } from "kysely";
import {
  buildComplaint,
  buildConsumer,
  buildConversation,
  buildOrgTree,
  buildOutage,
  buildUser,
  type Tree,
} from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { fixedClock } from "../../lib/clock.ts";
import { DeliveryRepository } from "../notifications/delivery.repository.ts";
import type { ServiceDashboardDto } from "./service-dashboard.schemas.ts";

// The service dashboard on a fixture built by hand, its figures worked out
// below from the rows written: November 2026 in India, at company, division
// and sub-division; the SMS counts against a direct count of the outbox as
// messages move through the dispatcher's own statements; and who may see what.
const TZ = "Asia/Kolkata";
const clock = fixedClock("2026-11-20T06:30:00Z");
let t: TestApp;
let tree: Tree;
let cookies: { company: string; ee: string; ae1: string };
const at = (iso: string) => new Date(iso);

async function get(cookie: string, query: string) {
  const r = await t.request({ method: "GET", url: `/api/dashboards/service?${query}`, cookie });
  return { status: r.statusCode, body: r.json() as ServiceDashboardDto & { field?: string } };
}

let complaintTdc1 = 0;
let consumerTdc2 = 0;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  const db = t.database.db;
  // Active consumers: three in TDC1 (sub-division TS1), one in TDC2 (TS2).
  const c1 = await buildConsumer(t.repos, tree);
  const c1b = await buildConsumer(t.repos, tree);
  const c1c = await buildConsumer(t.repos, tree);
  const c2 = await buildConsumer(t.repos, tree, { dtCode: "TF2-T1" });
  const idOf = async (no: string) =>
    Number(
      (await db.selectFrom("consumers").select("id").where("consumer_no", "=", no).executeTakeFirstOrThrow())
        .id,
    );
  const c1Id = await idOf(c1.consumerNo);
  const tdc1 = [c1Id, await idOf(c1b.consumerNo), await idOf(c1c.consumerNo)];
  consumerTdc2 = await idOf(c2.consumerNo);
  const k1 = await buildComplaint(t.database, tree, {
    consumer_id: c1Id,
    registered_at: at("2026-11-02T05:00:00Z"),
  });
  complaintTdc1 = k1.id;
  const k2 = await buildComplaint(t.database, tree, { consumerNo: c2.consumerNo });

  // Callbacks. TDC1 in November: confirmed (time 4, overall 5), confirmed (3, 4), not fixed (1, 2),
  // not reached, cancelled; TDC2: confirmed (3, 3). TDC1 in October: confirmed (5, 5). One still open.
  const callbacks: [number, number, string, string | null, number | null, number | null][] = [
    [k1.id, tree.org.TDC1 as number, "confirmed", "2026-11-05T10:00:00Z", 4, 5],
    [k1.id, tree.org.TDC1 as number, "confirmed", "2026-11-06T10:00:00Z", 3, 4],
    [k1.id, tree.org.TDC1 as number, "not_fixed", "2026-11-07T10:00:00Z", 1, 2],
    [k1.id, tree.org.TDC1 as number, "not_confirmed", "2026-11-08T10:00:00Z", null, null],
    [k1.id, tree.org.TDC1 as number, "cancelled", "2026-11-09T10:00:00Z", null, null],
    [k2.id, tree.org.TDC2 as number, "confirmed", "2026-11-10T10:00:00Z", 3, 3],
    [k1.id, tree.org.TDC1 as number, "confirmed", "2026-10-15T10:00:00Z", 5, 5],
    [k2.id, tree.org.TDC2 as number, "open", null, null, null],
  ];
  for (const [i, [complaint, dc, status, closed, time, overall]] of callbacks.entries()) {
    const d = at("2026-11-01T00:00:00Z");
    await db
      .insertInto("callbacks")
      .values({
        complaint_id: complaint,
        round: i + 1,
        dc_id: dc,
        status: status as "confirmed",
        priority: 1,
        resolved_at: d,
        next_attempt_at: d,
        window_ends_at: d,
        created_at: d,
        closed_at: closed ? at(closed) : null,
        fixed: status === "confirmed" ? true : status === "not_fixed" ? false : null,
        time_rating: time,
        overall_rating: overall,
      })
      .execute();
  }

  // The November survey: TDC1 two answered (supply regular yes, no) and one not; TDC2 one answered (yes).
  const campaign = await db
    .insertInto("survey_campaigns")
    .values({ month: "2026-11", seed: "x", sample_size: 4, created_at: at("2026-11-01T00:00:00Z") })
    .returning("id")
    .executeTakeFirstOrThrow();
  const targets: [number, number, string, boolean | null][] = [
    [tdc1[0] as number, tree.org.TDC1 as number, "answered", true],
    [tdc1[1] as number, tree.org.TDC1 as number, "answered", false],
    [tdc1[2] as number, tree.org.TDC1 as number, "pending", null],
    [consumerTdc2, tree.org.TDC2 as number, "answered", true],
  ];
  for (const [i, [consumer, dc, status, regular]] of targets.entries())
    await db
      .insertInto("survey_targets")
      .values({
        campaign_id: campaign.id,
        consumer_id: consumer,
        dc_id: dc,
        mobile: `98765000${i}0`,
        language: "hi",
        status: status as "answered",
        next_attempt_at: at("2026-11-01T00:00:00Z"),
        regular_supply: regular,
      })
      .execute();

  // One unplanned outage on TF1 (TDC1) in November: 3 consumers, 90 minutes.
  await buildOutage(t.database, tree, {
    status: "restored",
    started_at: at("2026-11-10T04:00:00Z"),
    restored_at: at("2026-11-10T05:30:00Z"),
    affected_consumers: 3,
  });

  // Verified mobiles at the last count: TDC1 2 of 3, TDC2 0 of 1.
  await db
    .insertInto("mobile_coverage")
    .values([
      { dc_id: tree.org.TDC1 as number, consumers: 3, verified: 2, counted_at: at("2026-11-20T00:00:00Z") },
      { dc_id: tree.org.TDC2 as number, consumers: 1, verified: 0, counted_at: at("2026-11-19T00:00:00Z") },
    ])
    .execute();

  // Conversations opened in November with first replies after 10 and 30 minutes (WhatsApp, TDC1), 60 (SMS,
  // TDC2) and 20 (WhatsApp, the central desk); one never answered (TDC1); one opened in October.
  const conv: [string, number | null, string, number | null][] = [
    ["whatsapp", tree.org.TDC1 as number, "2026-11-03T04:00:00Z", 10],
    ["whatsapp", tree.org.TDC1 as number, "2026-11-04T04:00:00Z", 30],
    ["sms", tree.org.TDC2 as number, "2026-11-05T04:00:00Z", 60],
    ["whatsapp", null, "2026-11-06T04:00:00Z", 20],
    ["whatsapp", tree.org.TDC1 as number, "2026-11-07T04:00:00Z", null],
    ["whatsapp", tree.org.TDC1 as number, "2026-10-07T04:00:00Z", 5],
  ];
  for (const [channel, dc, opened, minutes] of conv)
    await buildConversation(t.database, {
      channel: channel as "whatsapp",
      dc_id: dc,
      opened_at: at(opened),
      first_responded_at: minutes === null ? null : new Date(at(opened).getTime() + minutes * 60_000),
    });

  const company = await buildUser(t.repos, tree, { role: "admin", orgCode: "T" });
  const ee = await buildUser(t.repos, tree, { role: "ee", orgCode: "TD" });
  const ae1 = await buildUser(t.repos, tree, { role: "ae", orgCode: "TS1" });
  cookies = {
    company: await t.signIn(company.login),
    ee: await t.signIn(ee.login),
    ae1: await t.signIn(ae1.login),
  };
});
after(() => t.close());

describe("figures", () => {
  test("the company in November: callbacks, survey, outage, coverage and first replies", async () => {
    const { status, body: d } = await get(cookies.company, "");
    assert.equal(status, 200);
    assert.equal(d.month, "2026-11");
    assert.equal(d.unit.code, "T");
    assert.deepEqual(
      d.trail.map((u) => u.code),
      ["T"],
    );
    assert.equal(d.childKind, "region");
    // 6 closed, 1 cancelled: of 5 asked, 3 confirmed, 1 not fixed, 1 not reached.
    assert.deepEqual(d.callbacks, {
      closed: 6,
      confirmed: 3,
      notFixed: 1,
      notReached: 1,
      cancelled: 1,
      confirmedPct: 60,
      notFixedPct: 20,
      notReachedPct: 20,
      timeRating: 2.8, // (4 + 3 + 1 + 3) / 4 = 2.75
      overallRating: 3.5, // (5 + 4 + 2 + 3) / 4
      ratings: 4,
    });
    assert.equal(d.survey?.sampled, 4);
    assert.equal(d.survey?.answered, 3);
    assert.equal(d.survey?.responseRate, 75);
    assert.equal(d.survey?.regularSupply, 66.7);
    // 4 consumers served; one interruption of 3 consumers for 90 minutes.
    assert.equal(d.reliability?.interruptions, 1);
    assert.equal(d.reliability?.customersServed, 4);
    assert.equal(d.reliability?.saifi, 0.75);
    assert.equal(d.reliability?.saidi, 67.5);
    assert.equal(d.reliability?.caidi, 90);
    assert.deepEqual(
      { consumers: d.coverage.consumers, verified: d.coverage.verified, pct: d.coverage.pct },
      { consumers: 4, verified: 2, pct: 50 },
    );
    assert.equal(d.coverage.countedAt, "2026-11-19T00:00:00.000Z", "the oldest count");
    // All channels: 10, 20, 30, 60 answered and one not.
    assert.deepEqual(
      { ...d.inbox, byChannel: undefined },
      { conversations: 5, answered: 4, medianMinutes: 25, p90Minutes: 51, byChannel: undefined },
    );
    assert.deepEqual(d.inbox.byChannel, [
      { channel: "sms", conversations: 1, answered: 1, medianMinutes: 60, p90Minutes: 60 },
      { channel: "whatsapp", conversations: 4, answered: 3, medianMinutes: 20, p90Minutes: 28 },
    ]);
    assert.equal(d.children.length, 1);
    assert.equal(d.children[0]?.callbacks.closed, 6);
    // The central desk's conversation is the company's, under no region.
    assert.equal(d.children[0]?.inbox.conversations, 4);
    assert.equal(d.trend.length, 12);
    assert.equal(d.trend[0]?.month, "2025-12");
    const oct = d.trend.find((p) => p.month === "2026-10");
    assert.equal(oct?.confirmedPct, 100);
    assert.equal(oct?.firstResponseMedian, 5);
    const nov = d.trend.find((p) => p.month === "2026-11");
    assert.equal(nov?.saidi, 67.5);
    assert.equal(nov?.responseRate, 75);
  });

  test("the survey and reliability figures read as their own pages do", async () => {
    const { body: d } = await get(cookies.ee, "unit=TD");
    const cards = await t.request({
      method: "GET",
      url: "/api/survey/scorecards?month=2026-11&level=subdivision",
      cookie: cookies.ee,
    });
    const rel = await t.request({
      method: "GET",
      url: "/api/reliability?month=2026-11&level=subdivision",
      cookie: cookies.ee,
    });
    const cardItems = (cards.json() as { items: { org: { code: string }; responseRate: number | null }[] })
      .items;
    const relRows = (rel.json() as { rows: { unit: { code: string }; saidi: number }[] }).rows;
    for (const child of d.children) {
      assert.equal(
        child.survey?.responseRate,
        cardItems.find((i) => i.org.code === child.unit.code)?.responseRate,
        `${child.unit.code} response rate`,
      );
      assert.equal(
        child.reliability?.saidi,
        relRows.find((r) => r.unit.code === child.unit.code)?.saidi,
        `${child.unit.code} SAIDI`,
      );
    }
  });

  test("the division drills to its sub-divisions; the central desk is not the division's", async () => {
    const { status, body: d } = await get(cookies.ee, "month=2026-11");
    assert.equal(status, 200);
    assert.equal(d.unit.code, "TD");
    assert.deepEqual(
      d.trail.map((u) => u.code),
      ["TD"],
    );
    assert.deepEqual(
      d.children.map((c) => [
        c.unit.code,
        c.callbacks.closed,
        c.callbacks.confirmedPct,
        c.callbacks.notFixedPct,
        c.callbacks.notReachedPct,
        c.survey?.responseRate,
        c.reliability?.interruptions,
        c.coverage.pct,
        c.inbox.medianMinutes,
      ]),
      [
        ["TS1", 5, 50, 25, 25, 66.7, 1, 66.7, 20],
        ["TS2", 1, 100, 0, 0, 100, 0, 0, 60],
      ],
    );
    assert.deepEqual(
      d.inbox.byChannel.map((c) => [c.channel, c.conversations, c.medianMinutes]),
      [
        ["sms", 1, 60],
        ["whatsapp", 3, 20],
      ],
    );
    const sub = await get(cookies.ee, "unit=TS1");
    assert.deepEqual(
      sub.body.trail.map((u) => u.code),
      ["TD", "TS1"],
    );
    assert.deepEqual(
      sub.body.children.map((c) => c.unit.code),
      ["TDC1"],
    );
    const dc = await get(cookies.ee, "unit=tdc1");
    assert.equal(dc.body.unit.code, "TDC1");
    assert.equal(dc.body.childKind, null);
    assert.deepEqual(dc.body.children, []);
    assert.equal(dc.body.callbacks.closed, 5);
    assert.equal(dc.body.reliability?.saidi, 90, "3 consumers served, all out 90 minutes");
  });
});

describe("SMS counts", () => {
  type Bucket = "queued" | "sent" | "delivered" | "failed" | "other";
  const BUCKET: Record<string, Bucket> = {
    pending: "queued",
    sending: "queued",
    sent: "sent",
    delivered: "delivered",
    failed: "failed",
    skipped: "other",
    cancelled: "other",
  };
  /** What the dashboard must say: a direct count of the outbox's November rows in the unit. */
  async function direct(unitPath: string | null) {
    const r = await sql<{ status: string; n: number }>`
      select o.status, count(*)::int as n from outbox_sms o
      left join org_units d on d.id = o.dc_id
      where o.created_at >= '2026-10-31T18:30:00Z' and o.created_at < '2026-11-30T18:30:00Z'
        and (${unitPath}::text is null or d.path like ${`${unitPath ?? ""}%`})
      group by o.status`.execute(t.database.db);
    const c = { queued: 0, sent: 0, delivered: 0, failed: 0, other: 0 };
    for (const x of r.rows) c[BUCKET[x.status] ?? "other"] += Number(x.n);
    return c;
  }
  async function check(step: string) {
    const company = (await get(cookies.company, "")).body.sms;
    const ts1 = (await get(cookies.ee, "unit=TS1")).body.sms;
    const pick = (s: typeof company) => ({
      queued: s.queued,
      sent: s.sent,
      delivered: s.delivered,
      failed: s.failed,
      other: s.other,
    });
    assert.deepEqual(pick(company), await direct(null), `company, ${step}`);
    const ts1Path = (
      await t.database.db
        .selectFrom("org_units")
        .select("path")
        .where("code", "=", "TS1")
        .executeTakeFirstOrThrow()
    ).path;
    assert.deepEqual(pick(ts1), await direct(ts1Path), `TS1, ${step}`);
    return company;
  }

  test("stay equal to a direct count as messages are queued, sent, delivered and fail", async () => {
    const msg = (i: number, relatedType: string, relatedId: number, template: string) => ({
      dedupKey: `dash-${i}`,
      recipient: `98000000${String(i).padStart(2, "0")}`,
      language: "en" as const,
      template,
      variables: {},
      body: "Test",
      urgent: false,
      relatedType,
      relatedId,
      createdAt: at(`2026-11-1${i % 5}T08:00:00Z`),
    });
    // Six about TDC1's complaint, three about TDC2's consumer, one about nothing in the org (a test SMS).
    await t.repos.outbox.enqueue([
      ...Array.from({ length: 6 }, (_, i) => msg(i, "complaint", complaintTdc1, "complaint_registered")),
      ...Array.from({ length: 3 }, (_, i) => msg(10 + i, "consumer", consumerTdc2, "bill_generated")),
      msg(20, "test", 0, "test"),
    ]);
    // One queued in October: never November's.
    await t.repos.outbox.enqueue([
      {
        ...msg(30, "complaint", complaintTdc1, "complaint_registered"),
        createdAt: at("2026-10-20T08:00:00Z"),
      },
    ]);
    let c = await check("queued");
    assert.equal(c.queued, 10);

    const delivery = new DeliveryRepository(t.database.db);
    const now = at("2026-11-20T06:30:00Z");
    const claimed = await delivery.claim(100, now, new Date(now.getTime() + 60_000), false, null);
    assert.equal(claimed.length, 11);
    await check("claimed");
    await t.repos.serviceDashboard.foldAllSms(TZ);
    await check("claimed, folded");
    const ids = claimed.map((m) => m.id);
    const failedAtSubmit = ids.shift() as number; // dash-0, November
    await delivery.markFailed(failedAtSubmit, "rejected", "failed", null);
    await delivery.markSentMany(
      ids.map((id) => ({ id, smscIds: [`smsc-${id}`] })),
      "test",
      now,
      null,
    );
    c = await check("sent");
    assert.equal(c.sent + c.failed, 10);
    await t.repos.serviceDashboard.foldSms(TZ, 1); // part of the deltas folded, the rest read as they are
    await check("sent, partly folded");
    await delivery.receipts(
      "test",
      ids.map((id, i) => ({ smscId: `smsc-${id}`, status: i < 3 ? "UNDELIV" : "DELIVRD" })),
      now,
    );
    c = await check("receipts");
    await t.repos.serviceDashboard.foldAllSms(TZ);
    const after = await check("receipts, folded");
    assert.deepEqual(after, c);
    // A cancelled message and one deleted (a retention sweep) leave the counts right too.
    await sql`update outbox_sms set status = 'cancelled' where dedup_key = 'dash-30'`.execute(t.database.db);
    await sql`delete from outbox_sms where id = ${failedAtSubmit}`.execute(t.database.db);
    await check("cancelled and deleted");
    const pending = await sql<{ n: number }>`select count(*)::int as n from sms_rollup_deltas`.execute(
      t.database.db,
    );
    assert.ok(Number(pending.rows[0]?.n) > 0, "unfolded deltas were counted");
    await t.repos.serviceDashboard.foldAllSms(TZ);
    const d = (await get(cookies.company, "")).body.sms;
    assert.deepEqual(
      d.byTemplate.map((x) => x.template),
      ["bill_generated", "complaint_registered", "test"],
    );
    assert.equal(
      d.byTemplate.reduce((n, x) => n + x.queued + x.sent + x.delivered + x.failed + x.other, 0),
      9,
    );
  });
});

describe("who may see what", () => {
  test("a unit outside the jurisdiction is 404, a bad month 400 naming month", async () => {
    assert.equal((await get(cookies.ae1, "unit=TS2")).status, 404);
    assert.equal((await get(cookies.ae1, "unit=TD")).status, 404);
    assert.equal((await get(cookies.ae1, "unit=NOPE")).status, 404);
    assert.equal((await get(cookies.ae1, "unit=TDC1")).status, 200);
    const own = await get(cookies.ae1, "");
    assert.equal(own.body.unit.code, "TS1");
    assert.equal(own.body.callbacks.closed, 5);
    for (const month of ["2026-13", "november", "2026-12"]) {
      const r = await get(cookies.ae1, `month=${month}`);
      assert.equal(r.status, 400, month);
      assert.equal(r.body.field, "month", month);
    }
    const lineman = await buildUser(t.repos, tree, { role: "lineman", orgCode: "TDC1" });
    const r = await get(await t.signIn(lineman.login), "");
    assert.equal(r.status, 403);
  });

  test("the child-units table downloads as CSV and XLSX", async () => {
    const csv = await t.request({
      method: "GET",
      url: "/api/dashboards/service/export?unit=TD&month=2026-11&format=csv",
      cookie: cookies.ee,
    });
    assert.equal(csv.statusCode, 200);
    const lines = csv.body
      .replace(/^\uFEFF/, "")
      .trim()
      .split(/\r?\n/);
    assert.match(lines[0] ?? "", /Service dashboard: TD unit, 2026-11/);
    assert.match(lines[2] ?? "", /^Code,Unit,/);
    assert.match(lines[3] ?? "", /^TS1,TS1 unit,TS1 इकाई,5,50,25,25,/);
    const xlsx = await t.request({
      method: "GET",
      url: "/api/dashboards/service/export?unit=TD&format=xlsx",
      cookie: cookies.ee,
    });
    assert.equal(xlsx.statusCode, 200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    const sheet = book.worksheets[0];
    assert.equal(sheet?.getRow(4).getCell(1).value, "TS1");
    assert.equal(sheet?.getRow(5).getCell(1).value, "TS2");
    assert.equal(sheet?.getRow(5).getCell(5).value, 100);
    const outside = await t.request({
      method: "GET",
      url: "/api/dashboards/service/export?unit=T&format=csv",
      cookie: cookies.ee,
    });
    assert.equal(outside.statusCode, 404);
  });
});
