import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, principalOf, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { startDialler } from "../../../test/helpers/dialler.ts";
import { fixedClock } from "../../lib/clock.ts";
import type { ConsumerUpsertRow } from "../consumers/consumers.repository.ts";
import { SurveyService } from "./survey.service.ts";

// 10:00 IST on 28 November 2026; the tests move the clock forward only.
const clock = fixedClock("2026-11-28T10:00:00+05:30");
let t: TestApp;
let tree: Tree;

const sessions = new Map<string, { cookie: string; at: number }>();
async function as(login: string): Promise<string> {
  const s = sessions.get(login);
  if (s && clock().getTime() - s.at < 3600_000) return s.cookie;
  const cookie = await t.signIn(login);
  sessions.set(login, { cookie, at: clock().getTime() });
  return cookie;
}
const admin = "sv.admin";
const agent = "sv.agent";
const agentTdc2 = "sv.agent2";
const je = "sv.je";
const je2 = "sv.je2";
const ae = "sv.ae";

async function call(
  method: "GET" | "POST" | "PUT",
  login: string | undefined,
  url: string,
  payload?: unknown,
) {
  const cookie = login ? await as(login) : undefined;
  const res = await t.request({
    method,
    url,
    ...(cookie ? { cookie } : {}),
    ...(payload === undefined ? {} : { payload: payload as object }),
  });
  return { status: res.statusCode, body: res.statusCode === 204 ? null : res.json() };
}

/** Consumers of a DC: `verified` with a verified mobile, plus three that must never be drawn. */
async function consumersOf(dt: "TF1-T1" | "TF2-T1", prefix: string, verified: number) {
  const dc = dt === "TF1-T1" ? "TDC1" : "TDC2";
  const row = (n: string, mobiles: ConsumerUpsertRow["mobiles"]): ConsumerUpsertRow => ({
    consumerNo: `${prefix}${n}`,
    name: `Survey Consumer ${prefix}${n}`,
    address: "Ward 4",
    tariffCategory: "domestic",
    areaType: "urban",
    dcId: tree.org[dc] as number,
    feederId: tree.feeders[dt.slice(0, 3)] as number,
    dtId: tree.dts[dt] as number,
    meterNo: null,
    connectionStatus: "active",
    mobiles,
  });
  const tag = prefix.slice(-3);
  const rows = Array.from({ length: verified }, (_, i) => {
    const n = String(i).padStart(4, "0");
    return row(n, [{ mobile: `97${tag}0${n}`, verified: true, language: "hi" }]);
  });
  // An unverified number, no number, a disconnected connection: not in the frame.
  rows.push(row("9001", [{ mobile: `97${tag}19001`.slice(0, 10), verified: false, language: "hi" }]));
  rows.push(row("9002", []));
  rows.push({
    ...row("9003", [{ mobile: `97${tag}19003`.slice(0, 10), verified: true, language: "en" }]),
    connectionStatus: "permanently_disconnected",
  });
  await t.repos.consumers.upsertBatch(rows);
}

async function sample(month: string) {
  return t.database.db
    .selectFrom("survey_targets as t")
    .innerJoin("survey_campaigns as k", "k.id", "t.campaign_id")
    .innerJoin("consumers as p", "p.id", "t.consumer_id")
    .innerJoin("org_units as dc", "dc.id", "t.dc_id")
    .select(["t.id", "p.consumer_no", "dc.code as dc", "t.mobile", "t.status"])
    .where("k.month", "=", month)
    .orderBy("p.consumer_no")
    .execute();
}

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: admin, role: "admin" });
  await buildUser(t.repos, tree, { login: agent, role: "agent" });
  await buildUser(t.repos, tree, { login: agentTdc2, role: "agent", orgCode: "TDC2" });
  await buildUser(t.repos, tree, { login: je, role: "je", orgCode: "TDC1" });
  await buildUser(t.repos, tree, { login: je2, role: "je", orgCode: "TDC2" });
  await buildUser(t.repos, tree, { login: ae, role: "ae", orgCode: "TS1" });
  // TDC1: 100 consumers with a verified mobile; TDC2: 40.
  await consumersOf("TF1-T1", "81000", 100);
  await consumersOf("TF2-T1", "82000", 40);
});
after(async () => t?.close());

describe(`[${driverName}] the monthly survey`, () => {
  test("sampling: stratified per DC, only consumers with a verified mobile, reproducible with a seed, never last month's", async () => {
    const built = await call("POST", admin, "/api/survey/campaigns", { month: "2026-05", seed: "jabalpur" });
    assert.equal(built.status, 200, JSON.stringify(built.body));
    assert.deepEqual([built.body.sampled, built.body.dcs], [60, 2]);
    const may = await sample("2026-05");
    const count = (rows: { dc: string }[], dc: string) => rows.filter((r) => r.dc === dc).length;
    assert.equal(count(may, "TDC1"), 30, "30 of TDC1's 100");
    assert.equal(count(may, "TDC2"), 30, "30 of TDC2's 40");
    assert.equal(new Set(may.map((r) => r.consumer_no)).size, 60, "each consumer once");
    assert.ok(
      may.every(
        (r) =>
          !r.consumer_no.endsWith("9001") &&
          !r.consumer_no.endsWith("9002") &&
          !r.consumer_no.endsWith("9003"),
      ),
      "never an unverified, missing or disconnected connection's consumer",
    );
    assert.ok(may.every((r) => r.mobile.startsWith("9")));

    // The same seed in a month with no campaign before it draws the same consumers; another seed others.
    await call("POST", admin, "/api/survey/campaigns", { month: "2026-01", seed: "jabalpur" });
    assert.deepEqual(
      (await sample("2026-01")).map((r) => r.consumer_no),
      may.map((r) => r.consumer_no),
    );
    await call("POST", admin, "/api/survey/campaigns", { month: "2026-03", seed: "rewa" });
    assert.notDeepEqual(
      (await sample("2026-03")).map((r) => r.consumer_no),
      may.map((r) => r.consumer_no),
    );

    // June follows May: nobody drawn in May is drawn again; TDC2 has only 10 left.
    const june = await call("POST", admin, "/api/survey/campaigns", { month: "2026-06", seed: "jabalpur" });
    assert.equal(june.status, 200);
    const juneRows = await sample("2026-06");
    const mayNos = new Set(may.map((r) => r.consumer_no));
    assert.ok(
      juneRows.every((r) => !mayNos.has(r.consumer_no)),
      "nobody from last month",
    );
    assert.equal(count(juneRows, "TDC1"), 30);
    assert.equal(count(juneRows, "TDC2"), 10);

    // Bad input: 400 naming the field, 409 for a month built already; nothing changes.
    assert.equal((await call("POST", admin, "/api/survey/campaigns", { month: "2026-13" })).status, 400);
    const again = await call("POST", admin, "/api/survey/campaigns", { month: "2026-05" });
    assert.equal(again.status, 409);
    assert.equal((await sample("2026-05")).length, 60);
    assert.equal((await call("POST", agent, "/api/survey/campaigns", { month: "2026-07" })).status, 403);
    // Old months out of the way of the desk.
    for (const m of ["2026-01", "2026-03", "2026-05", "2026-06"]) await t.services.survey.closeCampaign(m);
  });

  test("the desk calls; two unanswered calls send the link; the consumer answers in Hindi once", async () => {
    const r = await t.services.survey.runMonthly();
    assert.equal(r.built, 1);
    const q = await call("GET", agentTdc2, "/api/survey/calls");
    assert.equal(q.status, 200);
    assert.ok(q.body.items.length > 0);
    assert.ok(
      q.body.items.every((i: { dc: { code: string } }) => i.dc.code === "TDC2"),
      "an agent of TDC2 sees TDC2's consumers only",
    );
    assert.equal(q.body.progress.month, "2026-11");
    const id = q.body.items[0].id as number;
    const opened = await call("POST", agentTdc2, `/api/survey/calls/${id}/open`);
    assert.equal(opened.status, 200);
    assert.equal(opened.body.questions[0].code, "supply_hours");
    assert.equal(
      (await call("POST", agent, `/api/survey/calls/${id}/open`)).status,
      409,
      "held by the other agent",
    );
    // Another's release changes nothing; his own puts it back for anyone at once.
    assert.equal((await call("POST", agent, `/api/survey/calls/${id}/release`, {})).status, 204);
    assert.equal((await call("POST", agent, `/api/survey/calls/${id}/open`)).status, 409);
    assert.equal((await call("POST", agentTdc2, `/api/survey/calls/${id}/release`, {})).status, 204);
    assert.equal((await call("POST", agent, `/api/survey/calls/${id}/open`)).status, 200);
    assert.equal((await call("POST", agent, `/api/survey/calls/${id}/release`, {})).status, 204);
    assert.equal((await call("POST", agentTdc2, `/api/survey/calls/${id}/open`)).status, 200);

    const first = await call("POST", agentTdc2, `/api/survey/calls/${id}/outcome`, { outcome: "no_answer" });
    assert.equal(first.body.status, "pending");
    clock.advance(24 * 3600_000 + 1000);
    const second = await call("POST", agentTdc2, `/api/survey/calls/${id}/outcome`, { outcome: "busy" });
    assert.equal(second.body.status, "link_sent");
    const sms = await t.database.db
      .selectFrom("outbox_sms")
      .select(["recipient", "template", "body", "variables", "language"])
      .where("dedup_key", "=", `survey:${id}`)
      .executeTakeFirstOrThrow();
    assert.equal(sms.template, "survey_invitation");
    assert.equal(sms.language, "hi");
    const link = (sms.variables as Record<string, string>).link as string;
    assert.ok(link.length <= 30 && sms.body.includes(link), link);
    const token = link.split("/s/")[1] as string;

    const page = await call("GET", undefined, `/api/survey/link/${token}`);
    assert.equal(page.status, 200);
    assert.equal(page.body.language, "hi");
    assert.equal(page.body.month, "2026-11");
    assert.match(page.body.questions[0].textHi, /घंटे/);

    // A bad answer is refused with the field named, and does not use the link up.
    const bad = await call("POST", undefined, `/api/survey/link/${token}`, { supplyHours: 30 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field ?? bad.body.error?.field, "supplyHours");
    const ok = await call("POST", undefined, `/api/survey/link/${token}`, {
      supplyHours: 18,
      interruptions: 6,
      meterRead: true,
      billOnTime: false,
      billCorrect: true,
      suggestion: "शाम को वोल्टेज कम रहता है",
      registerComplaint: true,
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.ok(ok.body.complaintNumber, "his words became a complaint");
    const saved = await t.database.db
      .selectFrom("survey_targets as t")
      .leftJoin("complaints as c", "c.id", "t.complaint_id")
      .select([
        "t.status",
        "t.answered_via",
        sql<number>`t.supply_hours::float8`.as("hours"),
        "t.interruptions",
        "t.regular_supply",
        "t.meter_read",
        "t.bill_on_time",
        "t.bill_correct",
        "t.suggestion",
        "t.wants_complaint",
        "c.number",
        "c.category_code",
        "c.description",
      ])
      .where("t.id", "=", id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(saved, {
      status: "answered",
      answered_via: "link",
      hours: 18,
      interruptions: 6,
      regular_supply: false,
      meter_read: true,
      bill_on_time: false,
      bill_correct: true,
      suggestion: "शाम को वोल्टेज कम रहता है",
      wants_complaint: true,
      number: ok.body.complaintNumber,
      category_code: "other",
      description: "शाम को वोल्टेज कम रहता है",
    });
    const reused = await call("POST", undefined, `/api/survey/link/${token}`, { meterRead: false });
    assert.equal(reused.status, 410);
    assert.equal((await call("GET", undefined, `/api/survey/link/${token}`)).status, 410);
    assert.equal((await call("GET", undefined, "/api/survey/link/NoSuchTok")).status, 404);
  });

  test("the call button asks the dialler (CTI hook) to place the survey call; no dialler: 404", async () => {
    const q = await call("GET", agent, "/api/survey/calls?limit=1");
    const target = q.body.items[0] as { id: number; phone: string; language: string };
    const dialler = await startDialler();
    try {
      const desk = new SurveyService(
        t.repos.survey,
        t.services.complaints,
        t.repos.settings,
        t.repos.throttle,
        clock,
        {
          timeZone: "Asia/Kolkata",
          linkBase: "http://pd.test",
          ctiUrl: dialler.url,
        },
      );
      await desk.dial(await principalOf(t, await as(agent)), target.id);
      assert.deepEqual(dialler.calls, [
        { surveyCallId: target.id, phone: target.phone, agent, language: target.language },
      ]);
    } finally {
      await dialler.close();
    }
    const none = await call("POST", agent, `/api/survey/calls/${target.id}/dial`, {});
    assert.equal(none.status, 404);
    assert.match(JSON.stringify(none.body), /CTI_URL/);
  });

  test("reached by call: answers saved with the regular-supply rule, a complaint registered from the answer; refused and closed ones", async () => {
    const q = await call("GET", agent, "/api/survey/calls?limit=5");
    const [a, b] = q.body.items as { id: number; consumerNo: string }[];
    assert.ok(a && b);
    await call("POST", agent, `/api/survey/calls/${a.id}/open`);
    const bad = await call("POST", agent, `/api/survey/calls/${a.id}/outcome`, {
      outcome: "reached",
      answers: { interruptions: 2.5 },
    });
    assert.equal(bad.status, 400);
    const empty = await call("POST", agent, `/api/survey/calls/${a.id}/outcome`, {
      outcome: "reached",
      answers: {},
    });
    assert.equal(empty.status, 400, "at least one answer");
    const res = await call("POST", agent, `/api/survey/calls/${a.id}/outcome`, {
      outcome: "reached",
      answers: {
        supplyHours: 22,
        interruptions: 2,
        meterRead: false,
        billOnTime: true,
        billCorrect: false,
        suggestion: "Meter reader never comes to our lane",
        complaint: { categoryCode: "billing" },
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, "answered");
    // A second click: 409, and still one complaint, called once.
    const twice = await call("POST", agent, `/api/survey/calls/${a.id}/outcome`, {
      outcome: "reached",
      answers: {
        meterRead: true,
        suggestion: "Meter reader never comes to our lane",
        complaint: { categoryCode: "billing" },
      },
    });
    assert.equal(twice.status, 409);
    const registered = await t.database.db
      .selectFrom("complaints")
      .select(["number", "call_count"])
      .where("description", "=", "Meter reader never comes to our lane")
      .execute();
    assert.deepEqual(registered, [{ number: res.body.complaintNumber, call_count: 1 }]);
    const complaint = await t.database.db
      .selectFrom("complaints")
      .select(["category_code", "channel", "description"])
      .where("number", "=", res.body.complaintNumber)
      .executeTakeFirstOrThrow();
    assert.deepEqual(complaint, {
      category_code: "billing",
      channel: "call",
      description: "Meter reader never comes to our lane",
    });
    const saved = await t.database.db
      .selectFrom("survey_targets")
      .select(["regular_supply", "meter_read", "suggestion_status", "answered_via"])
      .where("id", "=", a.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(saved, {
      regular_supply: true,
      meter_read: false,
      suggestion_status: "acted",
      answered_via: "call",
    });
    const again = await call("POST", agent, `/api/survey/calls/${a.id}/outcome`, { outcome: "no_answer" });
    assert.equal(again.status, 409);
    const refused = await call("POST", agent, `/api/survey/calls/${b.id}/outcome`, { outcome: "refused" });
    assert.equal(refused.body.status, "refused");
    assert.ok(
      !(await call("GET", agent, "/api/survey/calls?limit=200")).body.items.some(
        (i: { id: number }) => i.id === a.id || i.id === b.id,
      ),
    );
  });

  test("scorecards on a hand-computed month; flagged areas get action items for the officer in charge", async () => {
    // September: TDC1 10 drawn, 8 answered; TDC2 5 drawn, 5 answered, all well.
    const camp = await t.database.db
      .insertInto("survey_campaigns")
      .values({ month: "2026-09", seed: "hand", sample_size: 10, created_at: clock(), sampled: 15 })
      .returning("id")
      .executeTakeFirstOrThrow();
    const pick = async (dt: string, n: number) =>
      t.database.db
        .selectFrom("consumers")
        .select(["id", "dc_id"])
        .where("dt_id", "=", tree.dts[dt] as number)
        .orderBy("consumer_no", "desc")
        .limit(n)
        .execute();
    // [hours, interruptions, regular, meter read, bill on time, bill correct]; null: not answered.
    type A = [number, number | null, boolean, boolean, boolean | null, boolean] | null;
    const tdc1: A[] = [
      [24, 0, true, true, true, true],
      [22, 2, true, true, true, true],
      [20, 5, false, true, false, true],
      [18, 1, false, true, false, true],
      [12, 3, false, false, true, true],
      [24, 0, true, true, null, true],
      [23, 4, true, false, false, false],
      [21, null, true, true, true, true],
      null,
      null,
    ];
    const tdc2: A[] = Array.from({ length: 5 }, () => [24, 0, true, true, true, true] as A);
    const put = async (dt: string, answers: A[]) => {
      const cs = await pick(dt, answers.length);
      await t.database.db
        .insertInto("survey_targets")
        .values(
          answers.map((a, i) => ({
            campaign_id: Number(camp.id),
            consumer_id: Number(cs[i]?.id),
            dc_id: Number(cs[i]?.dc_id),
            mobile: "9000000000",
            language: "hi" as const,
            next_attempt_at: clock(),
            status: a ? ("answered" as const) : ("unanswered" as const),
            ...(a
              ? {
                  supply_hours: a[0],
                  interruptions: a[1],
                  regular_supply: a[2],
                  meter_read: a[3],
                  bill_on_time: a[4],
                  bill_correct: a[5],
                  answered_at: clock(),
                }
              : {}),
          })),
        )
        .execute();
    };
    await put("TF1-T1", tdc1);
    await put("TF2-T1", tdc2);
    // Callbacks answered in September in TDC1: ratings 5, 4 and 2 (average 3.7).
    let n = 0;
    const complaint = async () => {
      n++;
      const reg = await call("POST", agent, "/api/complaints", {
        consumerNo: `8100000${20 + n}`,
        categoryCode: "voltage",
        subcategoryCode: "low",
        description: "Low voltage",
      });
      assert.equal(reg.status, 201, JSON.stringify(reg.body));
      const row = await t.database.db
        .selectFrom("complaints")
        .select("id")
        .where("number", "=", reg.body.complaint.number)
        .executeTakeFirstOrThrow();
      return Number(row.id);
    };
    for (const [i, r] of [5, 4, 2].entries()) {
      const cid = await complaint();
      await t.database.db
        .insertInto("callbacks")
        .values({
          complaint_id: cid,
          round: 9,
          dc_id: tree.org.TDC1 as number,
          status: "confirmed",
          priority: 1,
          resolved_at: "2026-09-10T10:00:00+05:30",
          next_attempt_at: "2026-09-10T10:00:00+05:30",
          window_ends_at: "2026-09-17T10:00:00+05:30",
          created_at: "2026-09-10T10:00:00+05:30",
          closed_at: `2026-09-1${i + 1}T10:00:00+05:30`,
          overall_rating: r,
        })
        .execute();
    }
    // One answered on 1 October (IST) belongs to October, not September.
    await t.database.db
      .insertInto("callbacks")
      .values({
        complaint_id: await complaint(),
        round: 9,
        dc_id: tree.org.TDC1 as number,
        status: "confirmed",
        priority: 1,
        resolved_at: "2026-09-29T10:00:00+05:30",
        next_attempt_at: "2026-09-29T10:00:00+05:30",
        window_ends_at: "2026-10-06T10:00:00+05:30",
        created_at: "2026-09-29T10:00:00+05:30",
        closed_at: "2026-10-01T00:30:00+05:30",
        overall_rating: 1,
      })
      .execute();

    const dcs = await call("GET", ae, "/api/survey/scorecards?month=2026-09&level=dc");
    assert.equal(dcs.status, 200, JSON.stringify(dcs.body));
    assert.deepEqual(
      dcs.body.items.map((i: { org: { code: string } }) => i.org.code),
      ["TDC1"],
      "the AE of TS1 sees his DC only",
    );
    const { org: _o, ...tdc1Score } = dcs.body.items[0];
    assert.deepEqual(tdc1Score, {
      sampled: 10,
      answered: 8,
      responseRate: 80,
      regularSupply: 62.5, // 5 of 8
      meterRead: 75, // 6 of 8
      billOnTime: 57.1, // 4 of 7 who answered
      billCorrect: 87.5, // 7 of 8
      callbackSatisfaction: 3.7, // (5 + 4 + 2) / 3
      callbackAnswers: 3,
      flagged: ["regularSupply", "billOnTime"],
    });
    const div = await call("GET", admin, "/api/survey/scorecards?month=2026-09&level=division");
    const { org, ...td } = div.body.items[0];
    assert.equal(org.code, "TD");
    assert.deepEqual(td, {
      sampled: 15,
      answered: 13,
      responseRate: 86.7, // 13 of 15
      regularSupply: 76.9, // 10 of 13
      meterRead: 84.6, // 11 of 13
      billOnTime: 75, // 9 of 12
      billCorrect: 92.3, // 12 of 13
      callbackSatisfaction: 3.7,
      callbackAnswers: 3,
      flagged: [],
    });
    // Worst first: TDC1 before TDC2.
    const all = await call("GET", admin, "/api/survey/scorecards?month=2026-09&level=dc");
    assert.deepEqual(
      all.body.items.map((i: { org: { code: string } }) => i.org.code),
      ["TDC1", "TDC2"],
    );
    assert.equal((await call("GET", admin, "/api/survey/scorecards?month=2026-9&level=dc")).status, 400);

    // The trend: twelve months up to November, September's figures in their place.
    const trend = await call("GET", admin, "/api/survey/trend?org=TD");
    assert.equal(trend.status, 200);
    assert.equal(trend.body.items.length, 12);
    assert.equal(trend.body.items[0].month, "2025-12");
    assert.equal(trend.body.items[11].month, "2026-11");
    const sep = trend.body.items.find((i: { month: string }) => i.month === "2026-09");
    assert.equal(sep.regularSupply, 76.9);
    assert.equal(
      trend.body.items.find((i: { month: string }) => i.month === "2026-10").callbackSatisfaction,
      1,
    );
    assert.equal(trend.body.items.find((i: { month: string }) => i.month === "2026-08").responseRate, null);
    assert.equal((await call("GET", je2, "/api/survey/trend?org=TDC1")).status, 404, "not his area");

    // September closes: TDC1 and its sub-division TS1 are flagged, each for its officer in charge.
    const closed = await t.services.survey.closeCampaign("2026-09");
    assert.equal(closed.flagged, 2);
    const actions = await call("GET", admin, "/api/survey/actions");
    const sepActions = actions.body.items.filter((a: { month: string }) => a.month === "2026-09");
    assert.deepEqual(
      sepActions
        .map((a: { org: { code: string }; assignedTo: string | null }) => [a.org.code, a.assignedTo])
        .sort(),
      [
        ["TDC1", "Test je"],
        ["TS1", "Test ae"],
      ],
    );
    const mine = await call("GET", je, "/api/survey/actions");
    const item = mine.body.items.find((a: { month: string }) => a.month === "2026-09");
    assert.deepEqual(item.metrics, [
      { metric: "regularSupply", value: 62.5, threshold: 70 },
      { metric: "billOnTime", value: 57.1, threshold: 70 },
    ]);
    assert.equal(
      (await call("POST", je2, `/api/survey/actions/${item.id}/done`, { actionTaken: "x" })).status,
      404,
    );
    assert.equal(
      (await call("POST", je, `/api/survey/actions/${item.id}/done`, { actionTaken: " " })).status,
      400,
    );
    const done = await call("POST", je, `/api/survey/actions/${item.id}/done`, {
      actionTaken: "Feeder TF1 jumpers replaced; bill distribution agency warned",
    });
    assert.equal(done.status, 204);
    assert.equal(
      (await call("POST", je, `/api/survey/actions/${item.id}/done`, { actionTaken: "again" })).status,
      409,
    );
    const doneList = await call("GET", je, "/api/survey/actions?status=done");
    assert.equal(
      doneList.body.items[0].actionTaken,
      "Feeder TF1 jumpers replaced; bill distribution agency warned",
    );
    // Closing again adds nothing.
    assert.equal((await t.services.survey.closeCampaign("2026-09")).flagged, 0);
  });

  test("suggestions are listed for officers of the area and marked acted on; a complaint can be registered from one", async () => {
    const q = await call("GET", agent, "/api/survey/calls?limit=50");
    const target = (q.body.items as { id: number; dc: { code: string } }[]).find((i) => i.dc.code === "TDC1");
    assert.ok(target);
    await call("POST", agent, `/api/survey/calls/${target.id}/open`);
    await call("POST", agent, `/api/survey/calls/${target.id}/outcome`, {
      outcome: "reached",
      answers: { meterRead: true, suggestion: "Please put a street light near the DT" },
    });
    const list = await call("GET", je, "/api/survey/suggestions");
    const s = list.body.items.find((i: { id: number }) => i.id === target.id);
    assert.ok(s, "in the JE's list");
    assert.equal(s.dc.code, "TDC1");
    assert.equal(s.via, "call");
    assert.ok(
      !(await call("GET", je2, "/api/survey/suggestions")).body.items.some(
        (i: { id: number }) => i.id === target.id,
      ),
    );
    assert.equal(
      (await call("POST", agent, `/api/survey/suggestions/${target.id}/acted`, { note: "x" })).status,
      403,
    );
    const reg = await call("POST", je, `/api/survey/suggestions/${target.id}/complaint`, {
      categoryCode: "other",
    });
    assert.equal(reg.status, 200, JSON.stringify(reg.body));
    assert.ok(reg.body.complaintNumber);
    assert.equal(
      (await call("POST", je, `/api/survey/suggestions/${target.id}/complaint`, { categoryCode: "other" }))
        .status,
      409,
    );
    const acted = await call("GET", je, "/api/survey/suggestions?status=acted");
    const row = acted.body.items.find((i: { id: number }) => i.id === target.id);
    assert.equal(row.complaintNumber, reg.body.complaintNumber);
    assert.equal(row.status, "acted");
  });

  test("questions are reworded in Hindi and English; extra questions take answers of their kind", async () => {
    const put = await call("PUT", admin, "/api/survey/questions/meter_read", {
      textEn: "Did the meter reader come this month?",
      textHi: "क्या इस माह मीटर रीडर आया?",
    });
    assert.equal(put.status, 200);
    assert.equal(put.body.textHi, "क्या इस माह मीटर रीडर आया?");
    assert.equal(
      (await call("PUT", agent, "/api/survey/questions/meter_read", { textEn: "x", textHi: "y" })).status,
      403,
    );
    const add = await call("POST", admin, "/api/survey/questions", {
      code: "pay_online",
      kind: "yes_no",
      textEn: "Do you pay your bill online?",
      textHi: "क्या आप बिल ऑनलाइन भरते हैं?",
    });
    assert.equal(add.status, 200);
    assert.equal(add.body.builtIn, false);
    assert.equal(
      (
        await call("POST", admin, "/api/survey/questions", {
          code: "pay_online",
          kind: "text",
          textEn: "a",
          textHi: "b",
        })
      ).status,
      409,
      "a code once",
    );
    const badCode = await call("POST", admin, "/api/survey/questions", {
      code: "Pay Online",
      kind: "text",
      textEn: "a",
      textHi: "b",
    });
    assert.equal(badCode.status, 400);
    const q = await call("GET", agent, "/api/survey/calls?limit=1");
    const id = q.body.items[0].id as number;
    await call("POST", agent, `/api/survey/calls/${id}/open`);
    const wrong = await call("POST", agent, `/api/survey/calls/${id}/outcome`, {
      outcome: "reached",
      answers: { extra: { pay_online: 3 } },
    });
    assert.equal(wrong.status, 400);
    assert.equal(wrong.body.field ?? wrong.body.error?.field, "extra.pay_online");
    const ok = await call("POST", agent, `/api/survey/calls/${id}/outcome`, {
      outcome: "reached",
      answers: { extra: { pay_online: true } },
    });
    assert.equal(ok.status, 200);
    const extra = await t.database.db
      .selectFrom("survey_targets")
      .select("extra")
      .where("id", "=", id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(extra.extra, { pay_online: true });
  });

  test("a month closes: the desk's calls end (not the one an agent is on), links expire, next month waits for its 1st", async () => {
    const q = await call("GET", agent, "/api/survey/calls?limit=10");
    const [onCall, idle, unreached] = q.body.items as { id: number }[];
    assert.ok(onCall && idle && unreached);
    await call("POST", agent, `/api/survey/calls/${unreached.id}/outcome`, { outcome: "no_answer" });
    clock.advance(24 * 3600_000 + 1000);
    const sent = await call("POST", agent, `/api/survey/calls/${unreached.id}/outcome`, {
      outcome: "switched_off",
    });
    assert.equal(sent.body.status, "link_sent");
    const sms = await t.database.db
      .selectFrom("outbox_sms")
      .select("variables")
      .where("dedup_key", "=", `survey:${unreached.id}`)
      .executeTakeFirstOrThrow();
    const token = ((sms.variables as Record<string, string>).link as string).split("/s/")[1] as string;

    assert.equal((await call("POST", agent, `/api/survey/calls/${onCall.id}/open`)).status, 200);
    await t.services.survey.closeCampaign("2026-11");
    const late = await call("POST", agent, `/api/survey/calls/${idle.id}/outcome`, { outcome: "no_answer" });
    assert.equal(late.status, 409, "the month is over");
    const kept = await call("POST", agent, `/api/survey/calls/${onCall.id}/outcome`, {
      outcome: "reached",
      answers: { billCorrect: true },
    });
    assert.equal(kept.status, 200, "the agent on the call keeps what the consumer said");
    assert.equal((await call("GET", agent, "/api/survey/calls")).body.items.length, 0);

    // The link outlives the close by its own date only.
    assert.equal((await call("GET", undefined, `/api/survey/link/${token}`)).status, 200);
    clock.advance(4 * 86_400_000);
    const expired = await call("POST", undefined, `/api/survey/link/${token}`, { meterRead: true });
    assert.equal(expired.status, 410);
    assert.match(JSON.stringify(expired.body), /expired/);
    const target = await t.database.db
      .selectFrom("survey_targets")
      .select(["status", "meter_read"])
      .where("id", "=", unreached.id)
      .executeTakeFirstOrThrow();
    assert.deepEqual(target, { status: "link_sent", meter_read: null }, "nothing saved");

    // Early December: January may be drawn now, but reaches the desk on 1 January; March not yet.
    assert.equal((await call("POST", admin, "/api/survey/campaigns", { month: "2027-03" })).status, 400);
    const jan = await call("POST", admin, "/api/survey/campaigns", { month: "2027-01", seed: "jan" });
    assert.equal(jan.status, 200);
    assert.ok(jan.body.sampled > 0);
    const desk = await call("GET", agent, "/api/survey/calls");
    assert.ok(!desk.body.items.some((i: { month: string }) => i.month === "2027-01"));
    assert.notEqual(desk.body.progress.month, "2027-01");
  });
});
