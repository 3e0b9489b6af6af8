import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { extractText, getDocumentProxy } from "unpdf";
import { buildComplaint, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { jobDefinitions } from "../../jobs/registry.ts";
import { fixedClock } from "../../lib/clock.ts";
import { closePdfBrowser, htmlToPdf } from "../../lib/pdf.ts";
import { signReportLink, verifyReportLink } from "./report-link.ts";
import { SchedulesService } from "./schedules.service.ts";

// Scheduled reports end to end: an officer subscribes to his area's report,
// the worker's job makes the PDF once per period and queues the SMS link in
// his language, the link opens the PDF until it expires, and nothing else
// opens anything.

const clock = fixedClock("2026-11-20T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
let ee: string;
let je: string;
let noPhone: string;

async function pdfText(pdf: Uint8Array): Promise<string> {
  const doc = await getDocumentProxy(new Uint8Array(pdf));
  const { text } = await extractText(doc, { mergePages: true });
  return text;
}

const job = () =>
  jobDefinitions(t.repos, t.services, { databaseKind: t.database.kind, timeZone: "Asia/Kolkata" }).find(
    (j) => j.name === "reports.scheduled",
  );

async function reportSms() {
  return t.database.db
    .selectFrom("outbox_sms")
    .select(["recipient", "language", "variables", "body", "related_id"])
    .where("template", "=", "report_link")
    .orderBy("id")
    .execute();
}

const tokenOf = (link: string) => link.split("/r/")[1] as string;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "ee.reports", role: "ee", orgCode: "TD", phone: "9826000001" });
  await buildUser(t.repos, tree, { login: "je.reports", role: "je", orgCode: "TDC1", phone: "9826000002" });
  await buildUser(t.repos, tree, { login: "je.nophone", role: "je", orgCode: "TDC2" });
  await buildUser(t.repos, tree, { login: "agent.reports", role: "agent" });
  ee = await t.signIn("ee.reports");
  je = await t.signIn("je.reports");
  noPhone = await t.signIn("je.nophone");

  // November in the division: TDC1 one resolved in time, one late, one open past its limit; TDC2 one in time.
  const at = (s: string) => new Date(`${s}+05:30`);
  const resolve = async (id: number, resolvedAt: string, late: boolean) =>
    sql`update complaints set status = 'resolved', resolved_at = ${at(resolvedAt)},
      breached_at = ${late ? sql`due_at` : null} where id = ${id}`.execute(t.database.db);
  const c1 = await buildComplaint(t.database, tree, { registered_at: at("2026-11-05T10:00:00") });
  await resolve(c1.id, "2026-11-05T11:00:00", false);
  const c2 = await buildComplaint(t.database, tree, { registered_at: at("2026-11-06T10:00:00") });
  await resolve(c2.id, "2026-11-06T20:00:00", true);
  await buildComplaint(t.database, tree, { registered_at: at("2026-11-10T10:00:00") });
  const c4 = await buildComplaint(t.database, tree, {
    registered_at: at("2026-11-12T10:00:00"),
    dtCode: "TF2-T1",
  });
  await resolve(c4.id, "2026-11-12T12:00:00", false);
});
after(async () => {
  await closePdfBrowser();
  await t?.close();
});

const subscribe = (cookie: string, payload: object) =>
  t.request({ method: "POST", url: "/api/reports/subscriptions", cookie, payload });

describe(`[${driverName}] scheduled reports`, () => {
  test("an officer subscribes only to offices in his jurisdiction, and needs a mobile on record", async () => {
    let r = await subscribe(je, { unit: "TDC2", kind: "area_summary", frequency: "weekly" });
    assert.equal(r.statusCode, 404, "a JE cannot subscribe to another DC");
    r = await subscribe(je, { unit: "TD", kind: "area_summary", frequency: "weekly" });
    assert.equal(r.statusCode, 404, "nor to the division above him");
    r = await subscribe(noPhone, { unit: "TDC2", kind: "area_summary", frequency: "monthly" });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().field, "mobile");
    const agent = await t.signIn("agent.reports");
    r = await subscribe(agent, { unit: "TD", kind: "area_summary", frequency: "monthly" });
    assert.equal(r.statusCode, 403, "agents have no reports.regulator");

    r = await subscribe(je, { unit: "tdc1", kind: "area_summary", frequency: "weekly" });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().unit.code, "TDC1");
    assert.equal(r.json().language, "en", "his own language by default");
    // Monday 23 Nov, 6 a.m. in India.
    assert.equal(r.json().nextRunAt, "2026-11-23T00:30:00.000Z");
    r = await subscribe(je, { unit: "TDC1", kind: "area_summary", frequency: "weekly" });
    assert.equal(r.statusCode, 409);

    r = await subscribe(ee, { unit: "TD", kind: "area_summary", frequency: "monthly", language: "hi" });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().nextRunAt, "2026-12-01T00:30:00.000Z");
    const list = await t.request({ method: "GET", url: "/api/reports/subscriptions", cookie: ee });
    assert.deepEqual(
      list.json().items.map((s: { unit: { code: string } }) => s.unit.code),
      ["TD"],
      "each officer sees his own",
    );
  });

  test("the job sends each due subscription's period once, in the subscriber's language; the link opens the PDF until it expires", async () => {
    clock.set("2026-12-01T06:05:00+05:30");
    const run = job();
    assert.ok(run, "reports.scheduled is registered");
    const first = (await run.run(clock())) as Record<string, number>;
    assert.equal(first.sent, 2, JSON.stringify(first));
    const again = (await run.run(clock())) as Record<string, number>;
    assert.equal(again.sent, 0, "a second run sends nothing");
    // Even a subscription made due again (a crash after the send, a clock moved back) is not sent twice.
    await sql`update report_subscriptions set next_run_at = ${clock()}`.execute(t.database.db);
    assert.equal(((await run.run(clock())) as Record<string, number>).sent, 0);

    const docs = await t.database.db
      .selectFrom("report_documents")
      .select(["id", "period", "language", "expires_at"])
      .orderBy("id")
      .execute();
    assert.deepEqual(docs.map((d) => [d.period, d.language]).sort(), [
      ["2026-11", "hi"],
      ["2026-11-23", "en"],
    ]);
    const sms = await reportSms();
    assert.equal(sms.length, 2, "one SMS per subscription and period");
    const hi = sms.find((s) => s.recipient === "9826000001");
    const en = sms.find((s) => s.recipient === "9826000002");
    assert.equal(hi?.language, "hi");
    assert.equal(en?.language, "en");
    assert.match(hi?.body ?? "", /रिपोर्ट तैयार है/);
    assert.match(en?.body ?? "", /report for TDC1 unit is ready/);
    for (const s of sms)
      for (const [k, v] of Object.entries(s.variables)) assert.ok(v.length <= 30, `{${k}} ${v} fits DLT`);

    const link = hi?.variables.link as string;
    const r = await t.app.inject({ method: "GET", url: `/r/${tokenOf(link)}`, remoteAddress: "10.50.0.1" });
    assert.equal(r.statusCode, 200, r.body);
    assert.equal(r.headers["content-type"], "application/pdf");
    assert.match(String(r.headers["content-disposition"]), /^inline;/);
    assert.equal(r.headers["cache-control"], "no-store");
    const text = await pdfText(r.rawPayload);
    for (const expected of [
      "TD unit",
      "TS1 unit",
      "TS2 unit",
      "Received",
      "Resolved",
      "66.7%",
      "Pending beyond limit now",
    ])
      assert.ok(text.includes(expected), `the PDF says ${expected}: ${text.slice(0, 400)}`);
    // The figures: 4 received, 3 resolved, 1 open past its limit (TDC1).
    assert.match(text, /\b4\b[\s\S]*\b3\b/);
    const api = await t.app.inject({
      method: "GET",
      url: `/api/public/reports/${tokenOf(link)}`,
      remoteAddress: "10.50.0.1",
    });
    assert.equal(api.statusCode, 200);
    const counted = await t.database.db
      .selectFrom("report_documents")
      .select("download_count")
      .where("language", "=", "hi")
      .executeTakeFirstOrThrow();
    assert.equal(counted.download_count, 2);
    assert.ok(!t.logs.join("").includes(tokenOf(link)), "the token is not logged");
    assert.ok(!t.logs.join("").includes("9826000001"), "nor the mobile");

    // Past the expiry: the same 404 as for a link that never was, and the cleanup deletes it.
    clock.advance(15 * 86_400_000);
    const gone = await t.app.inject({
      method: "GET",
      url: `/r/${tokenOf(link)}`,
      remoteAddress: "10.50.0.2",
    });
    assert.equal(gone.statusCode, 404);
    assert.match(gone.body, /expired/);
    assert.match(gone.body, /मान्य नहीं/);
    const purged = (await run.run(clock())) as Record<string, number>;
    assert.ok((purged.purged ?? 0) >= 2, JSON.stringify(purged));
  });

  test("tampered, truncated and forged tokens are one 404; tries are limited per address", async () => {
    const secret = Buffer.from("x".repeat(32));
    const token = signReportLink(secret, { documentId: 5, expiresAt: new Date("2027-01-01T00:00:00Z") });
    assert.deepEqual(verifyReportLink(secret, token), {
      documentId: 5,
      expiresAt: new Date("2027-01-01T00:00:00Z"),
    });
    assert.equal(token.length, 12);
    const flip = (s: string, i: number) => s.slice(0, i) + (s[i] === "A" ? "B" : "A") + s.slice(i + 1);
    for (let i = 0; i < token.length; i++) assert.equal(verifyReportLink(secret, flip(token, i)), undefined);
    assert.equal(verifyReportLink(secret, token.slice(0, -1)), undefined);
    assert.equal(verifyReportLink(Buffer.from("y".repeat(32)), token), undefined);

    // A live document, then its token spoiled.
    clock.set("2026-12-07T10:00:00+05:30");
    ee = await t.signIn("ee.reports");
    je = await t.signIn("je.reports");
    const list = await t.request({ method: "GET", url: "/api/reports/subscriptions", cookie: ee });
    const id = list.json().items[0].id;
    const sent = await t.request({
      method: "POST",
      url: `/api/reports/subscriptions/${id}/run`,
      cookie: ee,
      payload: {},
    });
    assert.equal(sent.statusCode, 200, sent.body);
    assert.equal(sent.json().period, "2026-11");
    const good = tokenOf((await reportSms()).at(-1)?.variables.link as string);
    const ip = "10.60.0.1";
    const open = (tok: string) =>
      t.app.inject({ method: "GET", url: `/api/public/reports/${tok}`, remoteAddress: ip });
    assert.equal((await open(good)).statusCode, 200);
    const bad = [
      flip(good, 3),
      flip(good, good.length - 1),
      good.slice(0, -2),
      `${good}A`,
      "AAAAAAAAAAAA",
      "x",
    ];
    const bodies = new Set<string>();
    for (const b of bad) {
      const r = await open(b);
      assert.ok(r.statusCode === 404 || r.statusCode === 400, `${b}: ${r.statusCode}`);
      if (r.statusCode === 404) bodies.add(r.json().message);
    }
    assert.equal(bodies.size, 1, "one message whatever was wrong");
    // 20 tries in 15 minutes from one address (those above count too), then 429, a good link too.
    let last = 0;
    for (let i = 0; i < 20; i++) last = (await open(flip(good, 4))).statusCode;
    assert.equal(last, 429);
    assert.equal((await open(good)).statusCode, 429);
    const elsewhere = await t.app.inject({
      method: "GET",
      url: `/api/public/reports/${good}`,
      remoteAddress: "10.60.0.2",
    });
    assert.equal(elsewhere.statusCode, 200, "another address is not held up");
  });

  test("download now: the area summary of a month in the jurisdiction, as PDF", async () => {
    let r = await t.request({
      method: "GET",
      url: "/api/reports/area-summary.pdf?unit=TDC1&period=2026-11&language=en",
      cookie: je,
    });
    assert.equal(r.statusCode, 200, r.body);
    const text = await pdfText(r.rawPayload);
    assert.ok(text.includes("TDC1 unit") && text.includes("Received"), text.slice(0, 300));
    assert.ok(text.includes("50.0%"), "one of TDC1's two resolved was late");
    r = await t.request({ method: "GET", url: "/api/reports/area-summary.pdf?unit=TDC2", cookie: je });
    assert.equal(r.statusCode, 404);
    r = await t.request({
      method: "GET",
      url: "/api/reports/area-summary.pdf?unit=TDC1&period=2026-13",
      cookie: je,
    });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().field, "period");

    const id = (await t.request({ method: "GET", url: "/api/reports/subscriptions", cookie: je })).json()
      .items[0].id;
    r = await t.request({ method: "DELETE", url: `/api/reports/subscriptions/${id}`, cookie: ee });
    assert.equal(r.statusCode, 404, "another officer's subscription is not his to stop");
    r = await t.request({ method: "DELETE", url: `/api/reports/subscriptions/${id}`, cookie: je });
    assert.equal(r.statusCode, 204);
    assert.deepEqual(
      (await t.request({ method: "GET", url: "/api/reports/subscriptions", cookie: je })).json().items,
      [],
    );
  });

  test("a PUBLIC_URL too long for an SMS variable fails that report alone and keeps nothing of it", async () => {
    const r = await subscribe(ee, { unit: "TD", kind: "area_summary", frequency: "weekly" });
    assert.equal(r.statusCode, 201, r.body);
    await sql`update report_subscriptions set next_run_at = ${clock()} where id = ${r.json().id}`.execute(
      t.database.db,
    );
    const docsBefore = (await t.database.db.selectFrom("report_documents").select("id").execute()).length;
    const smsBefore = (await reportSms()).length;
    const long = new SchedulesService({
      repo: t.repos.schedules,
      rollups: t.repos.rollups,
      throttle: t.repos.throttle,
      clock,
      timeZone: "Asia/Kolkata",
      linkBase: "https://complaints.madhya-pradesh-discom.example.in",
      renderPdf: (html, o) => htmlToPdf(html, o),
    });
    const out = await long.runDue();
    assert.equal(out.failed, 1, JSON.stringify(out));
    assert.equal(out.sent, 0);
    assert.equal(
      (await t.database.db.selectFrom("report_documents").select("id").execute()).length,
      docsBefore,
    );
    assert.equal((await reportSms()).length, smsBefore, "no SMS queued");
    // With a short host the same subscription goes out on the next run.
    const run = job();
    assert.ok(run);
    assert.equal(((await run.run(clock())) as Record<string, number>).sent, 1);
  });
});
