import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildOutage, buildUser, type Tree } from "../../../test/factories.ts";
import { cookieFrom, createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";

let t: TestApp;
let tree: Tree;

const A = { no: "5101000001", mobile: "9826077001" };
const B = { no: "5101000002", mobile: "9826077002" };
/** On the second feeder, with no verified mobile. */
const C = { no: "5102000001", mobile: "9826077003" };
/** Signed in once for the tests of what a consumer sees (a code each: the OTP limits stay out of the way). */
const D = { no: "5101000004", mobile: "9826077004" };
const E = { no: "5101000005", mobile: "9826077005" };
let d: string;
let e: string;

/** The latest sign-in code SMS'd to a mobile (the log gateway keeps it in the outbox). */
async function codeSentTo(mobile: string): Promise<string> {
  const row = await t.database.db
    .selectFrom("outbox_sms")
    .select("variables")
    .where("template", "=", "portal_sign_in")
    .where("recipient", "=", mobile)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const vars = typeof row.variables === "string" ? JSON.parse(row.variables) : row.variables;
  return (vars as Record<string, string>).otp as string;
}

async function codesTo(mobile: string): Promise<number> {
  const rows = await t.database.db
    .selectFrom("outbox_sms")
    .select("id")
    .where("template", "=", "portal_sign_in")
    .where("recipient", "=", mobile)
    .execute();
  return rows.length;
}

async function signIn(consumerNo: string, mobile: string, ip: string): Promise<string> {
  const asked = await t.request({
    method: "POST",
    url: "/api/portal/sign-in/code",
    payload: { consumerNo },
    remoteAddress: ip,
  });
  assert.equal(asked.statusCode, 202, asked.body);
  const res = await t.request({
    method: "POST",
    url: "/api/portal/sign-in",
    payload: { consumerNo, code: await codeSentTo(mobile) },
    remoteAddress: ip,
  });
  assert.equal(res.statusCode, 200, res.body);
  return cookieFrom(res);
}

before(async () => {
  t = await createTestApp();
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: A.no,
    name: "Asha Verma",
    mobiles: [{ mobile: A.mobile, verified: true, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: B.no,
    name: "Bhola Nath",
    dtCode: "TF1-T2",
    mobiles: [{ mobile: B.mobile, verified: true, language: "en" }],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: C.no,
    name: "Sita Devi",
    dtCode: "TF2-T1",
    mobiles: [{ mobile: C.mobile, verified: false, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: D.no,
    name: "Ramkali Bai",
    mobiles: [{ mobile: D.mobile, verified: true, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: E.no,
    name: "Mohan Lal",
    dtCode: "TF1-T2",
    mobiles: [{ mobile: E.mobile, verified: true, language: "en" }],
  });
  d = await signIn(D.no, D.mobile, "10.50.0.1");
  e = await signIn(E.no, E.mobile, "10.50.0.2");
});
after(async () => t?.close());

describe(`[${driverName}] consumer portal`, () => {
  test("sign-in: a code to the verified mobile, the same 202 for an unknown number or one with no verified mobile", async () => {
    for (const consumerNo of [A.no, "5199999999", C.no]) {
      const r = await t.request({
        method: "POST",
        url: "/api/portal/sign-in/code",
        payload: { consumerNo },
        remoteAddress: "10.51.0.1",
      });
      assert.equal(r.statusCode, 202);
      assert.deepEqual(r.json(), { sent: true });
    }
    assert.equal(await codesTo(A.mobile), 1);
    assert.equal(await codesTo(C.mobile), 0, "no code to an unverified number");

    const wrong = await t.request({
      method: "POST",
      url: "/api/portal/sign-in",
      payload: { consumerNo: A.no, code: "000000" === (await codeSentTo(A.mobile)) ? "111111" : "000000" },
      remoteAddress: "10.51.0.1",
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().field, "code");
    const unknown = await t.request({
      method: "POST",
      url: "/api/portal/sign-in",
      payload: { consumerNo: "5199999999", code: "123456" },
      remoteAddress: "10.51.0.1",
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().message, wrong.json().message, "unknown reads as a wrong code");

    const ok = await t.request({
      method: "POST",
      url: "/api/portal/sign-in",
      payload: { consumerNo: A.no, code: await codeSentTo(A.mobile) },
      remoteAddress: "10.51.0.1",
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const setCookie = String(ok.headers["set-cookie"]);
    assert.match(setCookie, /^pd_portal=/);
    assert.match(setCookie, /HttpOnly/);
    assert.match(setCookie, /SameSite=Lax/);
    const cookie = cookieFrom(ok);
    const stored = await t.database.db.selectFrom("portal_sessions").select("token_hash").execute();
    assert.ok(
      stored.every((s) => !cookie.includes(s.token_hash)),
      "only the token's hash is stored",
    );

    // A code is used once.
    const again = await t.request({
      method: "POST",
      url: "/api/portal/sign-in",
      payload: { consumerNo: A.no, code: await codeSentTo(A.mobile) },
      remoteAddress: "10.51.0.1",
    });
    assert.equal(again.statusCode, 400);

    const me = await t.request({ method: "GET", url: "/api/portal/me", cookie });
    assert.equal(me.statusCode, 200, me.body);
    assert.equal(me.json().consumerNo, A.no);
    assert.equal(me.json().signedInWith, "******7001");
    assert.equal(me.json().dc.code, "TDC1");
    assert.equal(me.json().feeder.code, "TF1");
    assert.equal(me.json().dt.code, "TF1-T1");
    assert.ok(!me.body.includes(A.mobile), "his own mobile only masked");

    // The staff cookie is not a portal session, and the portal cookie is not a staff session.
    const out = await t.request({ method: "POST", url: "/api/portal/sign-out", cookie });
    assert.equal(out.statusCode, 204);
    assert.equal((await t.request({ method: "GET", url: "/api/portal/me", cookie })).statusCode, 401);
    // The sweep forgets ended sessions, and only those.
    assert.equal(await t.repos.portal.purgeSessions(new Date(Date.now() + 1000)), 1);
    assert.equal((await t.request({ method: "GET", url: "/api/portal/me", cookie: d })).statusCode, 200);
  });

  test("sign-in without an Origin header is refused (the CSRF check of the rest of /api)", async () => {
    const r = await t.app.inject({
      method: "POST",
      url: "/api/portal/sign-in",
      payload: { consumerNo: A.no, code: "123456" },
      remoteAddress: "10.51.0.9",
    });
    assert.equal(r.statusCode, 403);
  });

  test("code requests are limited per consumer number (unknown ones too) and per address", async () => {
    const ask = (consumerNo: string, ip: string) =>
      t.request({
        method: "POST",
        url: "/api/portal/sign-in/code",
        payload: { consumerNo },
        remoteAddress: ip,
      });
    const known = [];
    const unknown = [];
    for (let i = 0; i < 4; i++) {
      known.push((await ask(B.no, `10.52.0.${i}`)).statusCode);
      unknown.push((await ask("5188888888", `10.52.1.${i}`)).statusCode);
    }
    assert.deepEqual(known, [202, 202, 202, 429]);
    assert.deepEqual(unknown, known, "an unknown number is refused alike");
    assert.equal(await codesTo(B.mobile), 3);

    const fromOne = [];
    for (let i = 0; i < 11; i++) fromOne.push((await ask(`52000000${10 + i}`, "10.52.2.1")).statusCode);
    assert.equal(fromOne.filter((s) => s === 429).length, 1);
    assert.equal(fromOne.at(-1), 429);
  });

  test("wrong codes from one address are limited whatever the consumer number", async () => {
    const codes = [];
    for (let i = 0; i < 11; i++) {
      const r = await t.request({
        method: "POST",
        url: "/api/portal/sign-in",
        payload: { consumerNo: `53000000${10 + i}`, code: "123456" },
        remoteAddress: "10.53.9.9",
      });
      codes.push(r.statusCode);
    }
    assert.deepEqual(codes.slice(0, 10), Array(10).fill(400));
    assert.equal(codes[10], 429);
  });

  test("wrong codes: five tries a code, then it is closed", async () => {
    const ip = "10.53.0.1";
    const asked = await t.request({
      method: "POST",
      url: "/api/portal/sign-in/code",
      payload: { consumerNo: A.no },
      remoteAddress: ip,
    });
    assert.equal(asked.statusCode, 202);
    const code = await codeSentTo(A.mobile);
    const bad = code === "999999" ? "888888" : "999999";
    for (let i = 0; i < 5; i++) {
      const r = await t.request({
        method: "POST",
        url: "/api/portal/sign-in",
        payload: { consumerNo: A.no, code: bad },
        remoteAddress: `10.53.1.${i}`,
      });
      assert.equal(r.statusCode, 400);
    }
    const late = await t.request({
      method: "POST",
      url: "/api/portal/sign-in",
      payload: { consumerNo: A.no, code },
      remoteAddress: "10.53.2.1",
    });
    assert.equal(late.statusCode, 400, "the right code after five wrong ones no longer opens");
  });

  test("a consumer sees only his own: another's complaint is 404, his own data is keyed by the session", async () => {
    const a = d;
    const b = e;
    const reg = await t.request({
      method: "POST",
      url: "/api/portal/complaints",
      cookie: b,
      payload: { categoryCode: "meter", subcategoryCode: "fast", description: "मीटर तेज़ चल रहा है" },
    });
    assert.equal(reg.statusCode, 201, reg.body);
    const number = reg.json().number as string;
    const row = await t.database.db
      .selectFrom("complaints")
      .select(["channel", "caller_phone"])
      .where("number", "=", number)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, "portal");
    assert.equal(row.caller_phone, E.mobile);

    const own = await t.request({ method: "GET", url: `/api/portal/complaints/${number}`, cookie: b });
    assert.equal(own.statusCode, 200, own.body);
    assert.equal(own.json().steps[0].action, "registered");
    assert.ok(!/"actor|login|phone|mobile"/i.test(own.body), own.body);

    const other = await t.request({ method: "GET", url: `/api/portal/complaints/${number}`, cookie: a });
    assert.equal(other.statusCode, 404);
    const fb = await t.request({
      method: "POST",
      url: `/api/portal/complaints/${number}/feedback`,
      cookie: a,
      payload: { fixed: true },
    });
    assert.equal(fb.statusCode, 404);
    const list = await t.request({ method: "GET", url: "/api/portal/complaints", cookie: a });
    assert.ok(!list.body.includes(number));
    // No way to name another consumer: the routes take no consumer number.
    const smuggled = await t.request({
      method: "POST",
      url: "/api/portal/complaints",
      cookie: a,
      payload: { categoryCode: "meter", consumerNo: B.no },
    });
    assert.equal(smuggled.statusCode, 400);
    assert.equal((await t.request({ method: "GET", url: "/api/portal/bills" })).statusCode, 401);
  });

  test("power status: the live outage on his feeder with its ETR, and a shutdown within 7 days", async () => {
    const etr = new Date(Date.now() + 2 * 3600_000);
    await buildOutage(t.database, tree, { feederCode: "TF1", etr, affected_consumers: 640 });
    const start = new Date(Date.now() + 2 * 86_400_000);
    await buildOutage(t.database, tree, {
      dtCode: "TF1-T1",
      kind: "planned",
      status: "scheduled",
      planned_start: start,
      planned_end: new Date(start.getTime() + 4 * 3600_000),
      affected_consumers: 40,
    });
    await buildOutage(t.database, tree, {
      dtCode: "TF1-T1",
      kind: "planned",
      status: "scheduled",
      planned_start: new Date(Date.now() + 9 * 86_400_000),
      planned_end: new Date(Date.now() + 9 * 86_400_000 + 3600_000),
    });
    const a = d;
    const me = (await t.request({ method: "GET", url: "/api/portal/me", cookie: a })).json();
    assert.equal(me.power.live.etr, etr.toISOString());
    assert.equal(me.power.live.scope, "feeder");
    assert.equal(me.power.live.element.nameEn, "Station Road feeder");
    assert.equal(me.power.planned.length, 1, "only the shutdown within 7 days");
    assert.equal(me.power.planned[0].plannedStart, start.toISOString());

    // Public, no sign-in: counts by district and DC, no personal data.
    const pub = await t.request({
      method: "GET",
      url: "/api/portal/public/outages",
      remoteAddress: "10.55.9.1",
    });
    assert.equal(pub.statusCode, 200, pub.body);
    const body = pub.json();
    const dc = body.districts[0].dcs.find((d: { dc: { code: string } }) => d.dc.code === "TDC1");
    assert.equal(body.districts[0].district.code, "TC");
    assert.equal(dc.outages, 1);
    assert.equal(dc.consumersAffected, 640);
    assert.equal(dc.latestEtr, etr.toISOString());
    assert.equal(body.planned.length, 1);
    for (const secret of [D.no, D.mobile, "Ramkali", E.no, "consumerNo", "mobile", "owner", 'name"'])
      assert.ok(!pub.body.includes(secret), `public list carries ${secret}`);
    assert.ok(!pub.body.includes('"id"'), "no outage ids");
  });

  test("the public list is limited per address", async () => {
    let last = 0;
    for (let i = 0; i < 61; i++)
      last = (
        await t.request({ method: "GET", url: "/api/portal/public/outages", remoteAddress: "10.56.0.1" })
      ).statusCode;
    assert.equal(last, 429);
    const other = await t.request({
      method: "GET",
      url: "/api/portal/public/outages",
      remoteAddress: "10.56.0.2",
    });
    assert.equal(other.statusCode, 200);
  });

  test("bills: his last bills with status and pay link", async () => {
    const consumer = await t.database.db
      .selectFrom("consumers")
      .select("id")
      .where("consumer_no", "=", D.no)
      .executeTakeFirstOrThrow();
    const now = new Date();
    await t.database.db
      .insertInto("bills")
      .values({
        consumer_id: consumer.id,
        bill_month: "2026-11-01",
        bill_no: "B-5101-11",
        amount: "1245.50",
        due_date: "2099-01-15",
        payment_link: "https://pay.example.in/b/5101",
        issued_at: now,
        imported_at: now,
        updated_at: now,
      })
      .execute();
    const a = d;
    const r = await t.request({ method: "GET", url: "/api/portal/bills", cookie: a });
    assert.equal(r.statusCode, 200, r.body);
    const [bill] = r.json().bills;
    assert.equal(bill.amount, 1245.5);
    assert.equal(bill.status, "unpaid");
    assert.equal(bill.paymentLink, "https://pay.example.in/b/5101");
    const b = e;
    assert.deepEqual(
      (await t.request({ method: "GET", url: "/api/portal/bills", cookie: b })).json().bills,
      [],
    );
  });

  test("photos: a JPEG or PNG by its bytes, at most 2 MB, only with a safety hazard; 400 naming photo", async () => {
    const a = d;
    const png = Buffer.concat([
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
      Buffer.alloc(64),
    ]);
    const send = (photo: unknown, categoryCode = "safety_hazard") =>
      t.request({
        method: "POST",
        url: "/api/portal/complaints",
        cookie: a,
        payload: {
          categoryCode,
          subcategoryCode: categoryCode === "safety_hazard" ? "live_wire" : undefined,
          photo,
        },
      });
    const cases: [unknown, string][] = [
      [
        { contentType: "image/png", data: Buffer.from("GIF89a not an image").toString("base64") },
        "not an image",
      ],
      [{ contentType: "image/jpeg", data: png.toString("base64") }, "a png named jpeg"],
      [
        {
          contentType: "image/jpeg",
          data: Buffer.concat([Buffer.from([0xff, 0xd8, 0xff]), Buffer.alloc(2 * 1024 * 1024)]).toString(
            "base64",
          ),
        },
        "over 2 MB",
      ],
      [{ contentType: "image/png", data: "@@@@" }, "not base64"],
      [{ contentType: "image/gif", data: png.toString("base64") }, "a gif"],
    ];
    for (const [photo, why] of cases) {
      const r = await send(photo);
      assert.equal(r.statusCode, 400, `${why}: ${r.body}`);
      assert.match(r.json().field ?? r.body, /photo/, why);
    }
    const wrongCategory = await send({ contentType: "image/png", data: png.toString("base64") }, "meter");
    assert.equal(wrongCategory.statusCode, 400);
    assert.equal(wrongCategory.json().field, "photo");
    const before = await t.database.db.selectFrom("complaints").select("id").execute();
    assert.ok(before.length >= 1);

    const ok = await send({ contentType: "image/png", data: png.toString("base64") });
    assert.equal(ok.statusCode, 201, ok.body);
    const stored = await t.database.db
      .selectFrom("complaint_photos as p")
      .innerJoin("complaints as c", "c.id", "p.complaint_id")
      .select(["p.content_type", "p.bytes", "c.category_code"])
      .where("c.number", "=", ok.json().number)
      .executeTakeFirstOrThrow();
    assert.equal(stored.content_type, "image/png");
    assert.equal(Buffer.from(stored.bytes).length, png.length);
    const detail = await t.request({
      method: "GET",
      url: `/api/portal/complaints/${ok.json().number}`,
      cookie: a,
    });
    assert.equal(detail.json().photo, true);

    // The field team sees it; staff of another DC and the public do not.
    const je = await t.signIn((await buildUser(t.repos, tree, { role: "je", orgCode: "TDC1" })).login);
    const other = await t.signIn((await buildUser(t.repos, tree, { role: "je", orgCode: "TDC2" })).login);
    const url = `/api/complaints/${ok.json().number}/photo`;
    const seen = await t.request({ method: "GET", url, cookie: je });
    assert.equal(seen.statusCode, 200);
    assert.equal(seen.headers["content-type"], "image/png");
    assert.deepEqual(seen.rawPayload, png);
    assert.notEqual((await t.request({ method: "GET", url, cookie: other })).statusCode, 200);
    assert.equal((await t.request({ method: "GET", url })).statusCode, 401);
    assert.equal(
      (await t.request({ method: "GET", url, cookie: a })).statusCode,
      401,
      "not with a portal cookie",
    );
  });

  test("feedback on a resolved complaint closes it; mobile change with a code; SMS language", async () => {
    const b = e;
    const reg = await t.request({
      method: "POST",
      url: "/api/portal/complaints",
      cookie: b,
      payload: { categoryCode: "voltage", subcategoryCode: "low", description: "low voltage" },
    });
    assert.equal(reg.statusCode, 201, reg.body);
    const number = reg.json().number as string;
    const je = await t.signIn((await buildUser(t.repos, tree, { role: "je", orgCode: "TDC1" })).login);
    const resolved = await t.request({
      method: "POST",
      url: `/api/complaints/${number}/actions`,
      cookie: je,
      payload: { action: "resolve", resolutionCode: "line_repaired", remarks: "Tapping tightened" },
    });
    assert.equal(resolved.statusCode, 200, resolved.body);
    const detail = (
      await t.request({ method: "GET", url: `/api/portal/complaints/${number}`, cookie: b })
    ).json();
    assert.equal(detail.status, "resolved");
    assert.equal(detail.awaitsFeedback, true);
    const fb = await t.request({
      method: "POST",
      url: `/api/portal/complaints/${number}/feedback`,
      cookie: b,
      payload: { fixed: true, overallRating: 5 },
    });
    assert.equal(fb.statusCode, 200, fb.body);
    assert.equal(fb.json().status, "confirmed");
    const after = (
      await t.request({ method: "GET", url: `/api/portal/complaints/${number}`, cookie: b })
    ).json();
    assert.equal(after.status, "closed");
    assert.equal(after.awaitsFeedback, false);

    // A new number replaces his old one once he reads the code back.
    const start = await t.request({
      method: "POST",
      url: "/api/portal/mobiles",
      cookie: b,
      payload: { mobile: "9826077099", language: "hi", replaces: "7005" },
    });
    assert.equal(start.statusCode, 201, start.body);
    assert.equal(start.json().mobile, "******7099");
    const otp = await t.database.db
      .selectFrom("outbox_sms")
      .select("variables")
      .where("template", "=", "mobile_otp")
      .where("recipient", "=", "9826077099")
      .executeTakeFirstOrThrow();
    const vars = (typeof otp.variables === "string" ? JSON.parse(otp.variables) : otp.variables) as Record<
      string,
      string
    >;
    const verified = await t.request({
      method: "POST",
      url: "/api/portal/mobiles/verify",
      cookie: b,
      payload: { verificationId: start.json().verificationId, code: vars.otp },
    });
    assert.equal(verified.statusCode, 200, verified.body);
    const lang = await t.request({
      method: "PUT",
      url: "/api/portal/language",
      cookie: b,
      payload: { language: "hi" },
    });
    assert.equal(lang.statusCode, 204);
    const me = (await t.request({ method: "GET", url: "/api/portal/me", cookie: b })).json();
    assert.deepEqual(
      me.mobiles.map((m: { mobile: string; language: string }) => [m.mobile, m.language]),
      [["******7099", "hi"]],
    );
  });
});

describe(`[${driverName}] consumer portal: write to us`, () => {
  test("a message opens his verified portal conversation (new) in the inbox and is announced once stored", async () => {
    const heard: { conversationId: number; messageId: number; channel: string; status: string }[] = [];
    t.services.events.onCommitted("conversation.message_received", (e) => {
      heard.push({
        conversationId: e.conversationId,
        messageId: e.messageId,
        channel: e.channel,
        status: e.status,
      });
    });
    const first = await t.request({
      method: "POST",
      url: "/api/portal/messages",
      cookie: d,
      payload: { text: "मेरा मीटर बदलना है", language: "hi" },
    });
    assert.equal(first.statusCode, 201, first.body);
    const second = await t.request({
      method: "POST",
      url: "/api/portal/messages",
      cookie: d,
      payload: { text: "कब आएंगे?" },
    });
    assert.equal(second.statusCode, 201);
    const conv = await t.database.db
      .selectFrom("conversations")
      .selectAll()
      .where("channel", "=", "portal")
      .where("sender_id", "=", D.no)
      .execute();
    assert.equal(conv.length, 1, "one open conversation per consumer");
    const c = conv[0] as (typeof conv)[number];
    assert.equal(c.status, "new");
    assert.equal(c.consumer_verified, true);
    assert.ok(c.first_response_due);
    assert.equal(heard.length, 2);
    assert.deepEqual(
      heard.map((h) => [h.conversationId, h.channel, h.status]),
      [
        [Number(c.id), "portal", "new"],
        [Number(c.id), "portal", "new"],
      ],
    );
    const mine = await t.request({ method: "GET", url: "/api/portal/messages", cookie: d });
    assert.deepEqual(
      mine.json().items.map((m: { direction: string; body: string }) => [m.direction, m.body]),
      [
        ["in", "मेरा मीटर बदलना है"],
        ["in", "कब आएंगे?"],
      ],
    );
    const theirs = await t.request({ method: "GET", url: "/api/portal/messages", cookie: e });
    assert.deepEqual(theirs.json().items, [], "another consumer sees none of them");
    const empty = await t.request({
      method: "POST",
      url: "/api/portal/messages",
      cookie: d,
      payload: { text: "  " },
    });
    assert.equal(empty.statusCode, 400);
    assert.equal(empty.json().field, "text");
  });
});
