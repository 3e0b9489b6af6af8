import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { brokerName, createTestApp, ORIGIN, type TestApp, type TestMqtt } from "../../../test/helpers/app.ts";
import { registerNoSupply } from "../../../test/helpers/complaints.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { openSse, type SseClient } from "../../../test/helpers/sse.ts";
import { fixedClock } from "../../lib/clock.ts";

// 14:00 IST; every test moves the clock forward only.
const clock = fixedClock("2026-11-28T14:00:00+05:30");
const MIN = 60_000;
let t: TestApp;
let mq: TestMqtt;
let tree: Tree;
let agent: string;
let je: string;
let supervisor: string;
let base: string;
let sse: SseClient;

/**
 * The test DISCOM, plus six more DTs on TF1 (eight in all, so two DTs out is
 * under the 30% roll-up share and three is the count that rolls up):
 *   TF2-T1 (Mandi): 4 consumers, 3 of them with a verified mobile, smart meters MM1..MM4.
 *   TF1-T3..T6: three consumers each (four on T4) with a verified mobile (the callers).
 */
before(async () => {
  t = await createTestApp({ clock, mqtt: true });
  mq = t.mqtt as TestMqtt;
  tree = await buildOrgTree(t.repos);
  const extra = await t.repos.network.upsertDts(
    [3, 4, 5, 6, 7, 8].map((n) => ({
      code: `TF1-T${n}`,
      nameEn: `Station Road DT ${n}`,
      nameHi: `स्टेशन रोड डीटी ${n}`,
      dcId: tree.org.TDC1 as number,
      feederId: tree.feeders.TF1 as number,
      capacityKva: 100,
    })),
  );
  for (const [code, id] of extra.ids) tree.dts[code] = id;
  const mandi: [string, { mobile: string; verified: boolean; language: "hi" | "en" }[]][] = [
    ["7002000001", [{ mobile: "9826100001", verified: true, language: "hi" }]],
    ["7002000002", [{ mobile: "9826100002", verified: true, language: "en" }]],
    ["7002000003", [{ mobile: "9826100003", verified: true, language: "hi" }]],
    ["7002000004", [{ mobile: "9826100004", verified: false, language: "hi" }]],
  ];
  for (const [i, [consumerNo, mobiles]] of mandi.entries())
    await buildConsumer(t.repos, tree, { consumerNo, dtCode: "TF2-T1", meterNo: `MM${i + 1}`, mobiles });
  for (const dt of [3, 4, 5, 6])
    for (const k of dt === 4 ? [1, 2, 3, 4] : [1, 2, 3])
      await buildConsumer(t.repos, tree, {
        consumerNo: `70010${dt}000${k}`,
        dtCode: `TF1-T${dt}`,
        mobiles: [{ mobile: `98261${dt}000${k}`, verified: true, language: "hi" }],
      });
  agent = await t.signIn((await buildUser(t.repos, tree, { login: "agent.o", role: "agent" })).login);
  je = await t.signIn((await buildUser(t.repos, tree, { login: "je.o", role: "je", orgCode: "TDC2" })).login);
  await buildUser(t.repos, tree, { login: "je.o1", role: "je", orgCode: "TDC1" });
  supervisor = await t.signIn(
    (await buildUser(t.repos, tree, { login: "sup.o", role: "supervisor", orgCode: "T" })).login,
  );
  base = await t.listen();
  sse = await openSse(`${base}/api/events`, { cookie: supervisor, origin: ORIGIN });
  await sse.waitFor((e) => e.event === "snapshot");
});
after(async () => {
  sse?.close();
  await t?.close();
});

async function outbox(outageId: number) {
  return t.database.db
    .selectFrom("outbox_sms")
    .select(["dedup_key", "recipient", "template", "language", "body"])
    .where("related_type", "=", "outage")
    .where("related_id", "=", outageId)
    .orderBy("id")
    .execute();
}

async function outagesOn(feederCode: string) {
  const res = await t.request({
    method: "GET",
    url: `/api/outages?status=all&feeder=${feederCode}`,
    cookie: supervisor,
  });
  assert.equal(res.statusCode, 200, res.body);
  return res.json().items as {
    id: number;
    status: string;
    scope: string;
    source: string;
    [k: string]: unknown;
  }[];
}

const register = (consumerNo: string) => registerNoSupply(t, agent, consumerNo);

const at = () => clock().toISOString();

describe(`[${driverName}, ${brokerName}] a SCADA feeder trip over MQTT`, () => {
  let outageId: number;

  test("opens one confirmed outage, alerts the wallboard over SSE and queues one SMS per consumer", async () => {
    const since = sse.events.length;
    await mq.publish("scada/feeders/TF2", { event: "trip", at: at() });
    await mq.settle();
    const list = await outagesOn("TF2");
    assert.equal(list.length, 1);
    const o = list[0] as (typeof list)[number];
    outageId = o.id;
    assert.equal(o.status, "confirmed");
    assert.equal(o.scope, "feeder");
    assert.equal(o.source, "scada");
    assert.equal(o.affectedConsumers, 4);
    assert.ok(o.etr, "a default ETR is set, so consumers hear one");

    const alert = await sse.waitFor(
      (e) => e.event === "outage" && (e.data as { id: number }).id === outageId,
    );
    assert.ok(sse.events.indexOf(alert) >= since);
    assert.equal((alert.data as { status: string }).status, "confirmed");
    assert.equal((alert.data as { acknowledgedAt: string | null }).acknowledgedAt, null);

    const sms = await outbox(outageId);
    // Three verified mobiles; the unverified one gets nothing.
    assert.deepEqual(sms.map((s) => s.recipient).sort(), ["9826100001", "9826100002", "9826100003"]);
    assert.ok(sms.every((s) => s.template === "outage_notice"));
    const hindi = sms.find((s) => s.recipient === "9826100001");
    assert.equal(hindi?.language, "hi");
    assert.match(hindi?.body ?? "", /मंडी फीडर/);
    assert.match(sms.find((s) => s.recipient === "9826100002")?.body ?? "", /Mandi feeder/);
  });

  test("a repeated trip changes nothing: no second outage, no second SMS", async () => {
    clock.advance(MIN);
    await mq.publish("scada/feeders/TF2", { event: "trip", at: at() });
    await mq.publish("scada/feeders/TF2", { event: "trip", at: at() });
    await mq.settle();
    assert.equal((await outagesOn("TF2")).length, 1);
    assert.equal((await outbox(outageId)).length, 3);
    assert.ok(mq.ingest.stats.byOutcome.duplicate >= 2);
  });

  test("the agent's consumer card knows of it before anything is registered; the call links to it", async () => {
    const res = await t.request({
      method: "GET",
      url: "/api/outages/for-consumer/7002000004",
      cookie: agent,
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().live.id, outageId);
    const c = await register("7002000004");
    assert.equal(c.outageId, outageId);
  });

  test("unknown feeders and malformed messages are counted and the subscriber keeps going", async () => {
    const before = { ...mq.ingest.stats.byOutcome };
    await mq.publish("scada/feeders/NOSUCH", { event: "trip", at: at() });
    await mq.publish("scada/feeders/TF1", "{not json");
    await mq.publish("scada/feeders/TF1", { event: "explode", at: at() });
    await mq.publish("scada/feeders/TF1", { event: "trip", at: "yesterday" });
    await mq.publish("ami/meters/NOSUCH-METER", { event: "last_gasp", at: at() });
    await mq.settle();
    const after = mq.ingest.stats.byOutcome;
    assert.equal(after.unknown_element - before.unknown_element, 2);
    assert.equal(after.malformed - before.malformed, 3);
    assert.equal((await outagesOn("TF1")).length, 0);
    // Still subscribed: the close below is handled.
  });

  test("the close restores it, resolves the linked complaint and queues restoration SMS", async () => {
    clock.advance(40 * MIN);
    await mq.publish("scada/feeders/TF2", { event: "close", at: at() });
    await mq.settle();
    const [o] = await outagesOn("TF2");
    assert.equal(o?.status, "restored");
    assert.equal(o?.restoredAt, at());
    await sse.waitFor((e) => e.event === "outage" && (e.data as { status: string }).status === "restored");
    const sms = await outbox(outageId);
    const restored = sms.filter((s) => s.template === "outage_restored");
    assert.deepEqual(restored.map((s) => s.recipient).sort(), ["9826100001", "9826100002", "9826100003"]);
    const linked = await t.database.db
      .selectFrom("complaints")
      .select(["status"])
      .where("outage_id", "=", outageId)
      .execute();
    assert.deepEqual(
      linked.map((c) => c.status),
      ["resolved"],
    );
    // A late repeat of the close, and a trip older than the close, reopen nothing.
    await mq.publish("scada/feeders/TF2", { event: "close", at: at() });
    await mq.publish("scada/feeders/TF2", {
      event: "trip",
      at: new Date(clock().getTime() - 5 * MIN).toISOString(),
    });
    await mq.settle();
    assert.deepEqual(
      (await outagesOn("TF2")).map((x) => x.status),
      ["restored"],
    );
  });

  test("a close that arrives before its trip records an interruption that is already over", async () => {
    clock.advance(30 * MIN);
    const tripAt = new Date(clock().getTime() - 4 * MIN).toISOString();
    await mq.publish("scada/feeders/TF2", { event: "close", at: at() });
    await mq.settle();
    await mq.publish("scada/feeders/TF2", { event: "trip", at: tripAt });
    await mq.settle();
    const list = await outagesOn("TF2");
    assert.equal(list.length, 2);
    const late = list.find((x) => x.id !== outageId);
    assert.equal(late?.status, "restored");
    assert.equal(late?.startedAt, tripAt);
    assert.equal((await outbox(late?.id as number)).length, 0, "no alert SMS for an outage already over");
  });
});

describe(`[${driverName}] trouble-call analysis`, () => {
  let dtOutage: number;

  test("three no-supply calls on one DT within the window suspect a DT outage", async () => {
    clock.advance(60 * MIN);
    await register("7001030001");
    clock.advance(4 * MIN);
    await register("7001030002");
    await t.services.idle();
    assert.equal((await outagesOn("TF1")).length, 0, "two callers are not enough");
    clock.advance(4 * MIN);
    await register("7001030003");
    await t.services.idle();
    const list = await outagesOn("TF1");
    assert.equal(list.length, 1);
    const o = list[0] as (typeof list)[number];
    dtOutage = o.id;
    assert.equal(o.scope, "dt");
    assert.equal(o.status, "suspected");
    assert.equal(o.source, "complaints");
    assert.equal((o.dt as { code: string }).code, "TF1-T3");
    assert.equal(o.linkedComplaints, 3);
    await sse.waitFor((e) => e.event === "outage" && (e.data as { id: number }).id === dtOutage);
  });

  test("calls outside the window do not count", async () => {
    await register("7001040001");
    clock.advance(16 * MIN);
    await register("7001040002");
    clock.advance(1 * MIN);
    await register("7001040003");
    await t.services.idle();
    assert.equal(
      (await outagesOn("TF1")).filter((o) => o.status === "suspected").length,
      1,
      "T4 had three callers but not within 15 minutes",
    );
  });

  test("three DTs out on one feeder roll up to a feeder outage; the next caller links to it", async () => {
    clock.advance(1 * MIN);
    await register("7001050001");
    await register("7001050002");
    await register("7001050003");
    await t.services.idle();
    let list = await outagesOn("TF1");
    assert.equal(list.filter((o) => o.scope === "dt" && o.status === "suspected").length, 2, "T3 and T5");
    assert.equal(list.filter((o) => o.scope === "feeder").length, 0, "two of eight DTs: not yet the feeder");

    // T4's fourth caller: with the second and third, three within 15 minutes.
    await register("7001040004");
    await t.services.idle();
    list = await outagesOn("TF1");
    const feeder = list.find((o) => o.scope === "feeder");
    assert.ok(feeder, `a feeder outage: ${JSON.stringify(list.map((o) => [o.scope, o.status]))}`);
    assert.equal(feeder.status, "suspected");
    assert.equal(feeder.source, "complaints");
    assert.equal(feeder.affectedConsumers, 13);
    const dts = list.filter((x) => x.scope === "dt");
    assert.equal(dts.length, 3);
    for (const o of dts) {
      assert.equal(o.status, "merged");
      assert.equal(o.mergedInto, feeder.id);
    }

    const fourth = await register("7001060001");
    assert.equal(fourth.outageId, feeder.id, "the next caller on the feeder joins the feeder outage");
  });

  test("a JE confirms it and sets an ETR; consumers hear of it then", async () => {
    const list = await outagesOn("TF1");
    const feeder = list.find((o) => o.scope === "feeder" && o.status === "suspected");
    assert.ok(feeder);
    const je1 = await t.signIn("je.o1");
    const r = await t.request({
      method: "POST",
      url: `/api/outages/${feeder.id}/actions`,
      cookie: je1,
      payload: { action: "confirm" },
    });
    assert.equal(r.statusCode, 200, r.body);
    await t.services.idle();
    const sms = await outbox(feeder.id);
    assert.ok(sms.length >= 12);
    assert.ok(sms.every((s) => s.template === "outage_notice"));
    assert.equal(new Set(sms.map((s) => s.recipient)).size, sms.length, "one SMS per consumer");

    const past = await t.request({
      method: "POST",
      url: `/api/outages/${feeder.id}/actions`,
      cookie: je1,
      payload: { action: "set_etr", etr: new Date(clock().getTime() - MIN).toISOString() },
    });
    assert.equal(past.statusCode, 400);
    assert.equal(past.json().field, "etr");

    // An ETR that moves by more than the margin (30 minutes) is sent; a small change is not.
    const setEtr = (minutesAhead: number) =>
      t.request({
        method: "POST",
        url: `/api/outages/${feeder.id}/actions`,
        cookie: je1,
        payload: { action: "set_etr", etr: new Date(clock().getTime() + minutesAhead * MIN).toISOString() },
      });
    const etrSms = async () => (await outbox(feeder.id)).filter((x) => x.template === "outage_etr_changed");
    assert.equal((await setEtr(300)).statusCode, 200);
    await t.services.idle();
    assert.equal((await etrSms()).length, sms.length, "every consumer told of the outage hears the new ETR");
    assert.equal((await setEtr(310)).statusCode, 200);
    await t.services.idle();
    assert.equal((await etrSms()).length, sms.length, "ten minutes later than announced: no new SMS");
    const detail = await t.request({ method: "GET", url: `/api/outages/${feeder.id}`, cookie: je1 });
    assert.equal(detail.json().outage.etrSetBy, "Test je");

    // The race a storm can produce: a call saved while its DT outage was being
    // merged still points at the merged one. Restoration must resolve it too.
    const mergedId = list.find((o) => o.mergedInto === feeder.id)?.id as number;
    const straggler = await t.database.db
      .updateTable("complaints")
      .set({ outage_id: mergedId })
      .where("id", "=", (eb) =>
        eb
          .selectFrom("complaints")
          .select((x) => x.fn.min<number>("id").as("id"))
          .where("outage_id", "=", feeder.id),
      )
      .returning("number")
      .executeTakeFirstOrThrow();

    clock.advance(10 * MIN);
    const restore = () =>
      t.request({
        method: "POST",
        url: `/api/outages/${feeder.id}/actions`,
        cookie: je1,
        payload: { action: "restore", cause: "jumper snapped at pole 14" },
      });
    assert.equal((await restore()).statusCode, 200);
    const twice = await restore();
    assert.equal(twice.statusCode, 409);
    assert.match(twice.json().message, /restored outage cannot be restored/);
    await t.services.idle();
    const open = await t.database.db
      .selectFrom("complaints")
      .select(["number", "status"])
      .where("outage_id", "in", [
        feeder.id,
        ...list.filter((o) => o.mergedInto === feeder.id).map((o) => o.id),
      ])
      .execute();
    assert.ok(open.length >= 10, `linked: ${open.length}`);
    assert.ok(
      open.every((c) => c.status === "resolved"),
      "restoration resolves every linked complaint",
    );
    const late = await t.database.db
      .selectFrom("complaints")
      .select(["status", "outage_id"])
      .where("number", "=", straggler.number)
      .executeTakeFirstOrThrow();
    assert.deepEqual(late, { status: "resolved", outage_id: feeder.id });
  });
});

describe(`[${driverName}, ${brokerName}] smart-meter last gasps`, () => {
  test("last gasps from three meters of a DT suspect a DT outage; their restores restore it", async () => {
    clock.advance(60 * MIN);
    for (const m of ["MM1", "MM2"]) await mq.publish(`ami/meters/${m}`, { event: "last_gasp", at: at() });
    await mq.settle();
    const before = (await outagesOn("TF2")).length;
    await mq.publish("ami/meters/MM3", { event: "last_gasp", at: at() });
    await mq.settle();
    const list = await outagesOn("TF2");
    assert.equal(list.length, before + 1);
    const o = list.find((x) => x.source === "ami");
    assert.equal(o?.scope, "dt");
    assert.equal(o?.status, "suspected");
    clock.advance(20 * MIN);
    for (const m of ["MM1", "MM2"]) await mq.publish(`ami/meters/${m}`, { event: "power_restore", at: at() });
    await mq.settle();
    assert.equal(
      (await outagesOn("TF2")).find((x) => x.id === o?.id)?.status,
      "suspected",
      "one meter still dark",
    );
    await mq.publish("ami/meters/MM3", { event: "power_restore", at: at() });
    await mq.settle();
    assert.equal((await outagesOn("TF2")).find((x) => x.id === o?.id)?.status, "restored");
  });

  test("a restore that arrives before its last gasp leaves the meter on", async () => {
    clock.advance(30 * MIN);
    const gasp = new Date(clock().getTime() - 30_000).toISOString();
    const back = new Date(clock().getTime() - 10_000).toISOString();
    const before = (await outagesOn("TF2")).length;
    for (const m of ["MM1", "MM2", "MM3"])
      await mq.publish(`ami/meters/${m}`, { event: "power_restore", at: back });
    await mq.settle();
    for (const m of ["MM1", "MM2", "MM3"])
      await mq.publish(`ami/meters/${m}`, { event: "last_gasp", at: gasp });
    await mq.settle();
    assert.equal((await outagesOn("TF2")).length, before, "each meter's latest signal is its restore");
  });

  test("the same events over HTTP with an integration token", async () => {
    const token = await t.request({
      method: "POST",
      url: "/api/tokens",
      cookie: await t.signIn((await buildUser(t.repos, tree, { login: "admin.o", role: "admin" })).login),
      payload: { name: "SCADA gateway", scopes: ["events.ingest"] },
    });
    assert.equal(token.statusCode, 201, token.body);
    const bearer = { authorization: `Bearer ${token.json().secret}` };
    clock.advance(10 * MIN);
    const trip = await t.request({
      method: "POST",
      url: "/api/ingest/scada/feeders/TF2",
      headers: bearer,
      payload: { event: "trip", at: at() },
    });
    assert.equal(trip.statusCode, 200, trip.body);
    const unknown = await t.request({
      method: "POST",
      url: "/api/ingest/scada/feeders/NOPE",
      headers: bearer,
      payload: { event: "trip" },
    });
    assert.equal(unknown.statusCode, 404);
    const meters = await t.request({
      method: "POST",
      url: "/api/ingest/ami",
      headers: bearer,
      payload: {
        events: [
          { meterNo: "MM4", event: "last_gasp", at: at() },
          { meterNo: "ZZ9", event: "last_gasp" },
        ],
      },
    });
    assert.equal(meters.statusCode, 200, meters.body);
    assert.deepEqual(meters.json().unknownMeters, ["ZZ9"]);
    const future = await t.request({
      method: "POST",
      url: "/api/ingest/scada/feeders/TF2",
      headers: bearer,
      payload: { event: "close", at: new Date(clock().getTime() + 3600_000).toISOString() },
    });
    assert.equal(future.statusCode, 400);
    const close = await t.request({
      method: "POST",
      url: "/api/ingest/scada/feeders/TF2",
      headers: bearer,
      payload: { event: "close", at: at() },
    });
    assert.equal(close.statusCode, 200);
    assert.ok((await outagesOn("TF2")).every((o) => o.status !== "confirmed"));
  });
});

describe(`[${driverName}] the wallboard and staff`, () => {
  test("a supervisor acknowledges a red alert once; an agent may not", async () => {
    clock.advance(10 * MIN);
    const opened = await t.request({
      method: "POST",
      url: "/api/outages",
      cookie: je,
      payload: { dtCode: "TF2-T1", cause: "DT fuse blown" },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const id = opened.json().outage.id;
    const board = await t.request({ method: "GET", url: "/api/wallboard", cookie: supervisor });
    assert.equal(board.statusCode, 200);
    assert.ok(board.json().outages.some((o: { id: number }) => o.id === id));
    assert.ok(board.json().counters.outagesNow >= 1);

    const again = await t.request({
      method: "POST",
      url: "/api/outages",
      cookie: je,
      payload: { dtCode: "tf2-t1" },
    });
    assert.equal(again.statusCode, 409, "one open outage per DT");
    assert.equal(again.json().field, "dtCode");
    assert.match(again.json().message, new RegExp(`outage #${id} is already open`));

    const ack = (cookie: string) =>
      t.request({
        method: "POST",
        url: `/api/outages/${id}/actions`,
        cookie,
        payload: { action: "acknowledge" },
      });
    assert.equal((await ack(agent)).statusCode, 403);
    const ok = await ack(supervisor);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.ok(ok.json().outage.acknowledgedAt);
    await sse.waitFor(
      (e) => e.event === "outage" && (e.data as { acknowledgedAt: string | null }).acknowledgedAt !== null,
    );
    assert.equal((await ack(supervisor)).statusCode, 409);
  });

  test("a planned shutdown that ends before it starts is refused, naming the field", async () => {
    const start = new Date(clock().getTime() + 48 * 3600_000);
    const r = await t.request({
      method: "POST",
      url: "/api/outages/planned",
      cookie: je,
      payload: {
        feederCode: "TF2",
        start: start.toISOString(),
        end: new Date(start.getTime() - 3600_000).toISOString(),
        cause: "maintenance",
      },
    });
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().field, "end");
  });

  test("a planned shutdown: advance SMS a day before, alerts at the start and at the end", async () => {
    const start = new Date(clock().getTime() + 30 * 3600_000);
    const end = new Date(start.getTime() + 3 * 3600_000);
    const r = await t.request({
      method: "POST",
      url: "/api/outages/planned",
      cookie: je,
      payload: {
        dtCode: "TF2-T1",
        start: start.toISOString(),
        end: end.toISOString(),
        cause: "tree cutting",
      },
    });
    assert.equal(r.statusCode, 201, r.body);
    const id = r.json().outage.id as number;
    // Close the open DT outage first so the shutdown can begin.
    const open = (await outagesOn("TF2")).find((o) => o.status === "confirmed");
    if (open)
      await t.request({
        method: "POST",
        url: `/api/outages/${open.id}/actions`,
        cookie: je,
        payload: { action: "restore" },
      });
    await t.services.outages.runPlanned();
    await t.services.idle();
    assert.equal((await outbox(id)).length, 0, "30 hours ahead: too early for the advance notice");
    clock.advance(7 * 3600_000);
    await t.services.outages.runPlanned();
    await t.services.idle();
    assert.deepEqual([...new Set((await outbox(id)).map((s) => s.template))], ["planned_notice"]);
    clock.set(start);
    await t.services.outages.runPlanned();
    clock.set(end);
    await t.services.outages.runPlanned();
    await t.services.idle();
    supervisor = await t.signIn("sup.o"); // a day and more has passed: a new shift
    const templates = (await outbox(id)).map((s) => s.template);
    assert.equal(templates.filter((x) => x === "planned_notice").length, 3);
    assert.equal(templates.filter((x) => x === "planned_started").length, 3);
    assert.equal(templates.filter((x) => x === "outage_restored").length, 3);
    const [o] = (await outagesOn("TF2")).filter((x) => x.id === id);
    assert.equal(o?.status, "completed");
  });
});

describe(`[${driverName}, ${brokerName}] smart meters across a feeder`, () => {
  test("last gasps on three DTs of one feeder roll up to a feeder outage; restores bring it back", async () => {
    clock.advance(60 * MIN);
    supervisor = await t.signIn("sup.o");
    const meters = await t.database.db
      .selectFrom("consumers as c")
      .innerJoin("dts as d", "d.id", "c.dt_id")
      .select(["c.meter_no", "d.code"])
      .where("d.code", "in", ["TF1-T3", "TF1-T4", "TF1-T5"])
      .execute();
    const known = new Set((await outagesOn("TF1")).map((o) => o.id));
    for (const m of meters) await mq.publish(`ami/meters/${m.meter_no}`, { event: "last_gasp", at: at() });
    await mq.settle();
    const created = (await outagesOn("TF1")).filter((o) => !known.has(o.id));
    const feeder = created.find((o) => o.scope === "feeder");
    assert.ok(feeder, JSON.stringify(created.map((o) => [o.scope, o.status, o.source])));
    assert.equal(feeder.source, "ami");
    assert.equal(feeder.status, "suspected");
    assert.equal(created.filter((o) => o.scope === "dt" && o.status === "merged").length, 3);

    clock.advance(15 * MIN);
    for (const m of meters)
      await mq.publish(`ami/meters/${m.meter_no}`, { event: "power_restore", at: at() });
    await mq.settle();
    const after = (await outagesOn("TF1")).find((o) => o.id === feeder.id);
    assert.equal(after?.status, "restored");
    assert.equal(after?.restoredAt, at());
  });
});
