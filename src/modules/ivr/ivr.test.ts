import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { XMLParser } from "fast-xml-parser";
import { buildConsumer, buildOrgTree, buildOutage, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, principalOf, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";
import { etrWords, lookupPrompt } from "./ivr.prompts.ts";
import { normaliseCaller } from "./ivr.service.ts";

const TZ = "Asia/Kolkata";

describe("IVR wording", () => {
  test("the ETR in Hindi and English, as a person says it, in the DISCOM's zone", () => {
    const now = new Date("2026-12-03T15:00:00+05:30");
    assert.deepEqual(etrWords(new Date("2026-12-03T18:30:00+05:30"), now, TZ), {
      hi: "शाम 6:30 बजे तक",
      en: "by 6:30 pm",
    });
    assert.deepEqual(etrWords(new Date("2026-12-04T09:00:00+05:30"), now, TZ), {
      hi: "कल सुबह 9 बजे तक",
      en: "by 9 am tomorrow",
    });
    assert.deepEqual(etrWords(new Date("2026-12-06T14:15:00+05:30"), now, TZ), {
      hi: "6 दिसंबर को दोपहर 2:15 बजे तक",
      en: "by 2:15 pm on 6 Dec",
    });
    // After an evening call, 1 am is tonight, not tomorrow.
    assert.deepEqual(
      etrWords(new Date("2026-12-04T01:00:00+05:30"), new Date("2026-12-03T21:00:00+05:30"), TZ),
      { hi: "रात 1 बजे तक", en: "by 1 am" },
    );
  });

  test("several connections on one number: the prompt names each by its last digits and its key", () => {
    const p = lookupPrompt(
      [
        { consumerNo: "7001000421", outage: null, openComplaint: null },
        {
          consumerNo: "7001000422",
          outage: { kind: "unplanned", scope: "feeder", etr: null },
          openComplaint: null,
        },
      ],
      new Date("2026-12-03T15:00:00+05:30"),
      TZ,
    );
    assert.match(p.en, /registered for 2 connections/);
    assert.match(p.en, /ending 0 4 2 1:.*press 1.*ending 0 4 2 2:.*fault.*not known yet.*press 2/);
    assert.match(p.hi, /2 कनेक्शन दर्ज हैं/);
    assert.match(p.hi, /2 दबाएँ/);
  });

  test("caller numbers: +91, 0 and spaces normalised; a landline kept as digits; anything else refused", () => {
    assert.deepEqual(normaliseCaller("+91 98260 12345"), { number: "9826012345", mobile: "9826012345" });
    assert.deepEqual(normaliseCaller("09826012345"), { number: "9826012345", mobile: "9826012345" });
    assert.deepEqual(normaliseCaller("022-23456789"), { number: "02223456789", mobile: undefined });
    assert.throws(() => normaliseCaller("anonymous"), /caller/);
  });
});

describe(`[${driverName}] IVR answer during outages`, () => {
  // 4 pm in Jabalpur; the feeder's ETR 6:30 pm.
  const clock = fixedClock("2026-12-03T16:00:00+05:30");
  let t: TestApp;
  let tree: Tree;
  let bearer: { authorization: string };
  let noScope: { authorization: string };
  let supervisor: string;
  const ON_OUTAGE = "9826020001";
  const NO_OUTAGE = "9826020002";
  const TWO = "9826020003";
  const MISSED = "9826020004";
  const MISSED_OUTAGE = "9826020005";
  let onOutage: string;
  let outageId: number;

  before(async () => {
    t = await createTestApp({ clock });
    tree = await buildOrgTree(t.repos);
    const admin = await t.signIn((await buildUser(t.repos, tree, { role: "admin" })).login);
    supervisor = await t.signIn((await buildUser(t.repos, tree, { role: "supervisor" })).login);
    const token = async (scopes: string[]) => {
      const r = await t.request({
        method: "POST",
        url: "/api/tokens",
        cookie: admin,
        payload: { name: "Exotel IVR", scopes },
      });
      assert.equal(r.statusCode, 201, r.body);
      return { authorization: `Bearer ${r.json().secret}` };
    };
    bearer = await token(["ivr.use"]);
    noScope = await token(["outages.read"]);
    // TF1 (TDC1) is off; TF2 (TDC2) is not.
    onOutage = (
      await buildConsumer(t.repos, tree, { mobiles: [{ mobile: ON_OUTAGE, verified: true, language: "hi" }] })
    ).consumerNo;
    await buildConsumer(t.repos, tree, {
      dtCode: "TF2-T1",
      mobiles: [{ mobile: NO_OUTAGE, verified: true, language: "en" }],
    });
    await buildConsumer(t.repos, tree, { mobiles: [{ mobile: TWO, verified: true, language: "hi" }] });
    await buildConsumer(t.repos, tree, {
      dtCode: "TF2-T1",
      mobiles: [{ mobile: TWO, verified: true, language: "hi" }],
    });
    await buildConsumer(t.repos, tree, {
      dtCode: "TF2-T1",
      mobiles: [{ mobile: MISSED, verified: false, language: "en" }],
    });
    await buildConsumer(t.repos, tree, {
      mobiles: [{ mobile: MISSED_OUTAGE, verified: true, language: "hi" }],
    });
    const o = await buildOutage(t.database, tree, {
      feederCode: "TF1",
      started_at: new Date("2026-12-03T15:10:00+05:30"),
      etr: new Date("2026-12-03T18:30:00+05:30"),
    });
    outageId = Number(o.id);
  });
  after(async () => t?.close());

  const post = (url: string, payload: unknown, headers: Record<string, string> = bearer) =>
    t.request({ method: "POST", url, headers, payload: payload as Record<string, unknown> });

  const counters = async () =>
    t.services.live
      .counters(await principalOf(t, supervisor))
      .then((c) => c.ivrAnsweredToday + c.ivrMissedCallsToday);

  test("a caller on an outaged feeder hears the outage and its ETR, and is offered the key press", async () => {
    const before = await counters();
    const r = await post("/api/ivr/lookup", { caller: `+91 ${ON_OUTAGE.slice(0, 5)} ${ON_OUTAGE.slice(5)}` });
    assert.equal(r.statusCode, 200, r.body);
    const a = r.json();
    assert.equal(a.route, "outage");
    assert.equal(a.outcome, "outage_answered");
    assert.equal(a.offerRegister, true);
    assert.equal(a.known, true);
    assert.equal(a.caller, "******0001");
    assert.equal(a.outage.id, outageId);
    assert.equal(a.outage.etr, new Date("2026-12-03T18:30:00+05:30").toISOString());
    assert.deepEqual(a.outage.etrText, { hi: "शाम 6:30 बजे तक", en: "by 6:30 pm" });
    assert.deepEqual(
      a.consumers.map((c: { index: number; consumerNo: string }) => [c.index, c.consumerNo]),
      [[1, onOutage]],
    );
    assert.match(a.prompts.hi, /शाम 6:30 बजे तक बहाल/);
    assert.match(a.prompts.hi, /1 दबाएँ/);
    assert.match(a.prompts.en, /expected back by 6:30 pm.*press 1/);
    const call = await t.database.db
      .selectFrom("ivr_calls")
      .selectAll()
      .where("id", "=", a.callId)
      .executeTakeFirstOrThrow();
    assert.equal(call.kind, "lookup");
    assert.equal(call.caller, ON_OUTAGE);
    assert.equal(Number(call.outage_id), outageId);
    assert.equal(await counters(), before + 1, "the wallboard's IVR count moved");
  });

  test("the same lookup as call-flow verbs: Hindi and English Say inside a one-key Gather, then the agent queue", async () => {
    const r = await t.request({
      method: "POST",
      url: "/api/ivr/lookup",
      headers: { ...bearer, accept: "application/xml" },
      payload: { caller: `0${ON_OUTAGE}` },
    });
    assert.equal(r.statusCode, 200, r.body);
    assert.match(String(r.headers["content-type"]), /application\/xml/);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(r.body);
    const g = doc.Response.Gather;
    assert.equal(g.numDigits, "1");
    assert.match(g.action, /\/api\/ivr\/register$/);
    assert.equal(g.Say[0].language, "hi-IN");
    assert.match(g.Say[0]["#text"], /शाम 6:30 बजे तक/);
    assert.equal(g.Say[1].language, "en-IN");
    assert.ok(doc.Response.Dial.Queue, "no key: the call queues for an agent");
  });

  test("press 1 registers a no-supply complaint, channel ivr, joined to the outage; pressing again joins it", async () => {
    const before = await counters();
    const r = await post("/api/ivr/register", { caller: ON_OUTAGE, digit: "1" });
    assert.equal(r.statusCode, 200, r.body);
    const a = r.json();
    assert.equal(a.outcome, "registered");
    assert.equal(a.route, "done");
    assert.equal(a.consumerNo, onOutage);
    assert.match(a.prompts.en, /is registered/);
    assert.match(a.prompts.hi, /शाम 6:30 बजे तक/);
    const c = await t.database.db
      .selectFrom("complaints")
      .selectAll()
      .where("number", "=", a.complaintNumber)
      .executeTakeFirstOrThrow();
    assert.equal(c.channel, "ivr");
    assert.equal(c.category_code, "no_supply");
    assert.equal(Number(c.outage_id), outageId);
    assert.equal(c.caller_phone, ON_OUTAGE);
    const again = await t.request({
      method: "POST",
      url: "/api/ivr/register",
      headers: { ...bearer, accept: "text/xml" },
      payload: { caller: ON_OUTAGE, digit: "1" },
    });
    assert.equal(again.statusCode, 200, again.body);
    assert.match(again.body, /<Hangup\/>/);
    const calls = await t.database.db
      .selectFrom("ivr_calls")
      .select(["outcome", "complaint_id"])
      .where("kind", "=", "register")
      .where("caller", "=", ON_OUTAGE)
      .orderBy("id")
      .execute();
    assert.deepEqual(
      calls.map((x) => [x.outcome, Number(x.complaint_id)]),
      [
        ["registered", Number(c.id)],
        ["joined", Number(c.id)],
      ],
    );
    assert.equal(await counters(), before + 2);
    // Now the lookup says his complaint is in, and offers no second one.
    const look = (await post("/api/ivr/lookup", { caller: ON_OUTAGE })).json();
    assert.equal(look.consumers[0].openComplaint, a.complaintNumber);
    assert.equal(look.offerRegister, false);
  });

  test("an unknown number, or a known one with no outage, goes to an agent", async () => {
    const unknown = await post("/api/ivr/lookup", { caller: "9826099999" });
    assert.equal(unknown.statusCode, 200, unknown.body);
    assert.equal(unknown.json().route, "agent");
    assert.equal(unknown.json().outcome, "unknown_caller");
    assert.equal(unknown.json().known, false);
    assert.equal(unknown.json().offerRegister, false);
    const xml = await t.request({
      method: "POST",
      url: "/api/ivr/lookup",
      headers: { ...bearer, accept: "application/xml" },
      payload: { caller: "9826099999" },
    });
    assert.doesNotMatch(xml.body, /<Gather/);
    assert.match(xml.body, /<Dial><Queue>[^<]+<\/Queue><\/Dial>/);
    const press = (await post("/api/ivr/register", { caller: "9826099999", digit: "1" })).json();
    assert.equal(press.route, "agent");
    assert.equal(press.outcome, "unknown_caller");

    const quiet = (await post("/api/ivr/lookup", { caller: NO_OUTAGE })).json();
    assert.equal(quiet.route, "agent");
    assert.equal(quiet.outcome, "agent");
    assert.equal(quiet.outage, null);
    assert.equal(quiet.offerRegister, true, "he may still register without waiting");
    assert.match(quiet.prompts.en, /no fault/);
    const zero = (await post("/api/ivr/register", { caller: NO_OUTAGE, digit: "0" })).json();
    assert.equal(zero.route, "agent");
    assert.equal(zero.outcome, "agent");
  });

  test("several consumers on one mobile: listed, and the key (or index) says which one registers", async () => {
    const a = (await post("/api/ivr/lookup", { caller: TWO })).json();
    assert.equal(a.consumers.length, 2);
    assert.equal(a.route, "outage", "one of them is on the outaged feeder");
    assert.match(a.prompts.en, /registered for 2 connections/);
    const [first, second] = a.consumers;
    assert.equal(first.outage?.id ?? second.outage?.id, outageId);
    const onTf2 = first.outage ? second : first;
    const r = (await post("/api/ivr/register", { caller: TWO, digit: String(onTf2.index) })).json();
    assert.equal(r.outcome, "registered");
    assert.equal(r.consumerNo, onTf2.consumerNo);
    assert.equal(r.outage, null);
    const byNo = await post("/api/ivr/register", { caller: TWO, digit: "1", consumerNo: "7009999999" });
    assert.equal(byNo.statusCode, 400);
    assert.equal(byNo.json().field, "consumerNo");
    const byIndex = await post("/api/ivr/register", { caller: TWO, digit: "1", index: 5 });
    assert.equal(byIndex.statusCode, 400);
    assert.equal(byIndex.json().field, "index");
  });

  const outboxTo = (mobile: string) =>
    t.database.db
      .selectFrom("outbox_sms")
      .select(["template", "language", "body"])
      .where("recipient", "=", mobile)
      .orderBy("id")
      .execute();

  test("a missed call from a registered mobile registers a no-supply complaint and replies by SMS with its number", async () => {
    const before = await counters();
    const r = await post("/api/ivr/missed-call", { caller: `+91${MISSED}` });
    assert.equal(r.statusCode, 200, r.body);
    const a = r.json();
    assert.equal(a.outcome, "registered");
    assert.equal(a.smsQueued, true);
    const c = await t.database.db
      .selectFrom("complaints")
      .select(["channel", "outage_id"])
      .where("number", "=", a.complaintNumber)
      .executeTakeFirstOrThrow();
    assert.equal(c.channel, "missed_call");
    const sms = await outboxTo(MISSED);
    assert.equal(sms.length, 1, "one SMS: the registration's own is not repeated");
    assert.equal(sms[0]?.language, "en");
    assert.ok(sms[0]?.body.includes(a.complaintNumber));
    assert.equal(await counters(), before + 1);
  });

  test("a missed call from behind a known outage: the SMS carries its ETR, once", async () => {
    const a = (await post("/api/ivr/missed-call", { caller: MISSED_OUTAGE })).json();
    assert.equal(a.outcome, "registered");
    const sms = await outboxTo(MISSED_OUTAGE);
    assert.equal(sms.length, 1, sms.map((m) => m.template).join());
    assert.ok(sms[0]?.body.includes(a.complaintNumber));
    assert.match(sms[0]?.body ?? "", /6:30/);
    const c = await t.database.db
      .selectFrom("complaints")
      .select("outage_id")
      .where("number", "=", a.complaintNumber)
      .executeTakeFirstOrThrow();
    assert.equal(Number(c.outage_id), outageId);
  });

  test("a missed call from an unknown number: a help SMS, once a day", async () => {
    const stranger = "9826077777";
    const first = (await post("/api/ivr/missed-call", { caller: stranger })).json();
    assert.equal(first.outcome, "unknown_caller");
    assert.equal(first.smsQueued, true);
    const second = (await post("/api/ivr/missed-call", { caller: stranger })).json();
    assert.equal(second.smsQueued, false);
    const sms = await outboxTo(stranger);
    assert.deepEqual(
      sms.map((m) => m.template),
      ["ivr_missed_call_help"],
    );
    assert.match(sms[0]?.body ?? "", /बिजलीबंद/);
  });

  test("a token without ivr.use is refused; a bad caller is a 400 naming the field", async () => {
    const r = await post("/api/ivr/lookup", { caller: ON_OUTAGE }, noScope);
    assert.equal(r.statusCode, 403);
    for (const url of ["/api/ivr/lookup", "/api/ivr/missed-call"]) {
      const bad = await post(url, { caller: "not a number" });
      assert.equal(bad.statusCode, 400, bad.body);
      assert.equal(bad.json().field, "caller");
    }
    const missing = await post("/api/ivr/lookup", {});
    assert.equal(missing.statusCode, 400);
    const digit = await post("/api/ivr/register", { caller: ON_OUTAGE, digit: "x" });
    assert.equal(digit.statusCode, 400);
    assert.equal(digit.json().field, "digit");
    const anonymous = await t.request({
      method: "POST",
      url: "/api/ivr/lookup",
      payload: { caller: ON_OUTAGE },
    });
    assert.equal(anonymous.statusCode, 401);
  });

  test("a caller in a loop is cut off from lookups (then sent to an agent), and it is recorded", async () => {
    const looping = NO_OUTAGE;
    let last: { outcome: string; route: string } | undefined;
    for (let i = 0; i < 25; i++) last = (await post("/api/ivr/lookup", { caller: looping })).json();
    assert.equal(last?.outcome, "refused");
    assert.equal(last?.route, "agent");
  });

  test("stats: calls by day and outcome, in the viewer's jurisdiction", async () => {
    const r = await t.request({
      method: "GET",
      url: "/api/ivr/stats?from=2026-12-03&to=2026-12-03",
      cookie: supervisor,
    });
    assert.equal(r.statusCode, 200, r.body);
    const [day] = r.json().days;
    assert.equal(day.day, "2026-12-03");
    assert.ok(day.lookup.outage_answered >= 3);
    assert.equal(day.register.registered, 2);
    assert.equal(day.register.joined, 1);
    assert.equal(day.missed_call.registered, 2);
    assert.equal(day.answered, day.lookup.outage_answered + 3);
    // A DC's JE sees only his DC's calls: TDC2's one key-press registration (TWO's consumer on TF2).
    const je = await t.signIn((await buildUser(t.repos, tree, { role: "je", orgCode: "TDC2" })).login);
    const scoped = (
      await t.request({ method: "GET", url: "/api/ivr/stats?from=2026-12-03&to=2026-12-03", cookie: je })
    ).json();
    assert.equal(scoped.days[0].register.registered, 1);
    assert.equal(scoped.days[0].lookup.outage_answered, 0);
    const bad = await t.request({
      method: "GET",
      url: "/api/ivr/stats?from=2026-02-30&to=2026-12-03",
      cookie: supervisor,
    });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, "from");
  });
  test("the platform's own form post (a Gather's action, Basic credentials in its URL) is answered with verbs", async () => {
    const FORM = "9826020009";
    await buildConsumer(t.repos, tree, {
      dtCode: "TF2-T1",
      mobiles: [{ mobile: FORM, verified: true, language: "hi" }],
    });
    const secret = bearer.authorization?.slice("Bearer ".length) as string;
    const basic = `Basic ${Buffer.from(`ivr:${secret}`).toString("base64")}`;
    const form = (url: string, fields: Record<string, string>, authorization = basic) =>
      t.app.inject({
        method: "POST",
        url,
        headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams(fields).toString(),
      });
    // As Twilio/Exotel post: From (or CallFrom), quoted Digits, and fields of their own.
    const look = await form("/api/ivr/lookup", { CallSid: "CA1", From: `0${FORM}`, To: "1912" });
    assert.equal(look.statusCode, 200, look.body);
    assert.match(String(look.headers["content-type"]), /application\/xml/);
    const press = await form("/api/ivr/register", {
      CallSid: "CA1",
      CallFrom: `0${FORM}`,
      Digits: '"1"',
    });
    assert.equal(press.statusCode, 200, press.body);
    const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "" }).parse(press.body);
    assert.ok(doc.Response, press.body);
    const call = await t.database.db
      .selectFrom("ivr_calls")
      .select(["outcome", "complaint_id"])
      .where("kind", "=", "register")
      .where("caller", "=", FORM)
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    assert.equal(call.outcome, "registered");
    const c = await t.database.db
      .selectFrom("complaints")
      .select("channel")
      .where("id", "=", Number(call.complaint_id))
      .executeTakeFirstOrThrow();
    assert.equal(c.channel, "ivr");
    // A wrong password is no token; a form without the caller names the field.
    const wrong = `Basic ${Buffer.from("ivr:pd_wrong").toString("base64")}`;
    assert.equal((await form("/api/ivr/lookup", { From: FORM }, wrong)).statusCode, 401);
    const bad = await form("/api/ivr/lookup", { CallSid: "CA2" });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /caller/);
  });
});
