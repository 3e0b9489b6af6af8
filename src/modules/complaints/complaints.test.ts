import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";

// 09:00 IST on a Saturday; every test moves the clock forward only.
const clock = fixedClock("2026-11-28T09:00:00+05:30");
let t: TestApp;
let tree: Tree;
let agent: string;
let je1: { id: number; login: string };
let lineman1: { id: number; login: string };
let lineman2: { id: number; login: string };

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "7001000001",
    name: "Ramesh Patel",
    areaType: "urban",
    mobiles: [
      { mobile: "9826011111", verified: true, language: "hi" },
      { mobile: "9826022222", verified: false, language: "en" },
    ],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: "7001000002",
    name: "Kamla Sahu",
    areaType: "rural",
    dtCode: "TF1-T2",
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: "7002000001",
    name: "Geeta Sharma",
    areaType: "urban",
    dtCode: "TF2-T1",
  });
  agent = await t.signIn((await buildUser(t.repos, tree, { login: "agent.c", role: "agent" })).login);
  je1 = await buildUser(t.repos, tree, {
    login: "je.tdc1",
    role: "je",
    orgCode: "TDC1",
    phone: "9000000001",
  });
  await buildUser(t.repos, tree, { login: "ae.ts1", role: "ae", orgCode: "TS1", phone: "9000000002" });
  await buildUser(t.repos, tree, { login: "ee.td", role: "ee", orgCode: "TD", phone: "9000000003" });
  lineman1 = await buildUser(t.repos, tree, {
    login: "lm.tdc1.a",
    role: "lineman",
    orgCode: "TDC1",
    phone: "9000000011",
  });
  lineman2 = await buildUser(t.repos, tree, {
    login: "lm.tdc1.b",
    role: "lineman",
    orgCode: "TDC1",
    phone: "9000000012",
  });
  await buildUser(t.repos, tree, { login: "lm.tdc1.off", role: "lineman", orgCode: "TDC1", onDuty: false });
  await buildUser(t.repos, tree, { login: "je.tdc2", role: "je", orgCode: "TDC2", phone: "9000000021" });
});
after(async () => t?.close());

async function register(cookie: string, body: Record<string, unknown>, headers: Record<string, string> = {}) {
  const res = await t.request({ method: "POST", url: "/api/complaints", cookie, payload: body, headers });
  return { status: res.statusCode, body: res.json(), headers: res.headers };
}

async function act(cookie: string, number: string, body: Record<string, unknown>) {
  const res = await t.request({
    method: "POST",
    url: `/api/complaints/${number}/actions`,
    cookie,
    payload: body,
  });
  return { status: res.statusCode, body: res.json() };
}

async function detail(cookie: string, number: string) {
  const res = await t.request({ method: "GET", url: `/api/complaints/${number}`, cookie });
  return { status: res.statusCode, body: res.json() };
}

async function sms(number: string) {
  const c = await t.database.db
    .selectFrom("complaints")
    .select("id")
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
  return t.database.db
    .selectFrom("outbox_sms")
    .select(["recipient", "template", "language", "body", "urgent"])
    .where("related_id", "=", c.id)
    .orderBy("id")
    .execute();
}

describe(`[${driverName}] registering a complaint`, () => {
  test("against a consumer: routed to his DC, numbered by area and month, due by the SoP limit, assigned, acknowledged by SMS", async () => {
    const r = await register(agent, {
      consumerNo: "7001000001",
      categoryCode: "no_supply",
      subcategoryCode: "fuse_off",
      description: "No light since morning",
      landmark: "Near Hanuman temple",
      callerPhone: "+91 98260 11111",
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const c = r.body.complaint;
    assert.equal(r.body.outcome, "created");
    assert.match(c.number, /^TR2611\d{6}$/);
    assert.equal(c.dc.code, "TDC1");
    assert.equal(c.feederCode, "TF1");
    assert.equal(c.dtCode, "TF1-T1");
    assert.equal(c.dueAt, new Date("2026-11-28T13:00:00+05:30").toISOString(), "urban no-supply: 4 hours");
    // Auto assignment: least open work among the DC's linemen on duty.
    assert.equal(c.status, "assigned");
    assert.ok(["lm.tdc1.a", "lm.tdc1.b"].includes(c.assignee.login));
    const messages = await sms(c.number);
    const ack = messages.find((m) => m.template === "complaint_registered");
    assert.equal(ack?.recipient, "9826011111", "the consumer's verified mobile");
    assert.equal(ack?.language, "hi");
    assert.match(ack?.body ?? "", new RegExp(`शिकायत ${c.number}`));
    assert.ok(
      messages.some(
        (m) =>
          m.template === "complaint_assigned_staff" && ["9000000011", "9000000012"].includes(m.recipient),
      ),
    );
    const { body } = await detail(agent, c.number);
    assert.deepEqual(
      body.timeline.map((e: { action: string }) => e.action),
      ["registered", "assigned"],
    );
    assert.equal(body.timeline[0].actor.name, "Test agent");
    assert.equal(body.timeline[1].actor.kind, "system");
  });

  test("the next complaint of that DC goes to the other lineman (least open work); an off-duty lineman gets none", async () => {
    const r = await register(agent, {
      consumerNo: "7001000002",
      categoryCode: "voltage",
      subcategoryCode: "low",
    });
    const first = await t.database.db
      .selectFrom("complaints")
      .select("assigned_to")
      .where("category_code", "=", "no_supply")
      .executeTakeFirstOrThrow();
    assert.notEqual(
      r.body.complaint.assignee.login,
      first.assigned_to === lineman1.id ? "lm.tdc1.a" : "lm.tdc1.b",
    );
    assert.notEqual(r.body.complaint.assignee.login, "lm.tdc1.off");
  });

  test("a second call from the same consumer in the same category is linked to the open complaint, not created again", async () => {
    const again = await register(agent, {
      consumerNo: "7001000001",
      categoryCode: "no_supply",
      description: "Still no light",
    });
    assert.equal(again.status, 200);
    assert.equal(again.body.outcome, "repeat_call");
    assert.equal(again.body.complaint.callCount, 2);
    const { body } = await detail(agent, again.body.complaint.number);
    const last = body.timeline[body.timeline.length - 1];
    assert.equal(last.action, "repeat_call");
    assert.equal(last.note, "Still no light");
    const open = await t.database.db
      .selectFrom("complaints")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("category_code", "=", "no_supply")
      .executeTakeFirstOrThrow();
    assert.equal(Number(open.n), 1);
  });

  test("an Idempotency-Key makes a retried request return the first result", async () => {
    const body = {
      consumerNo: "7002000001",
      categoryCode: "billing",
      subcategoryCode: "excess",
      description: "Bill doubled",
    };
    const key = { "idempotency-key": "agent-c-call-0001" };
    const first = await register(agent, body, key);
    assert.equal(first.status, 201);
    const retry = await register(agent, body, key);
    assert.equal(retry.status, 200);
    assert.equal(retry.body.outcome, "replayed");
    assert.equal(retry.headers["idempotent-replayed"], "true");
    assert.equal(retry.body.complaint.number, first.body.complaint.number);
    assert.equal(retry.body.complaint.callCount, 1, "a replay is not a repeat call");
    const reused = await register(agent, { ...body, description: "Something else" }, key);
    assert.equal(reused.status, 409);
    assert.equal(reused.body.field, "Idempotency-Key");
  });

  test("a passer-by reports a fallen line at a DT: routed to the DT's DC, an emergency, officers alerted at once, top of the queue", async () => {
    const r = await register(agent, {
      dtCode: "tf1-t2",
      categoryCode: "safety_hazard",
      subcategoryCode: "live_wire",
      location: "Main road, opposite the school",
      callerName: "Passer-by",
      callerPhone: "9111111111",
      language: "en",
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const c = r.body.complaint;
    assert.equal(c.consumer, null);
    assert.equal(c.dc.code, "TDC1");
    assert.equal(c.emergency, true);
    assert.equal(
      c.dueAt,
      new Date("2026-11-28T13:00:00+05:30").toISOString(),
      "rural DT (its consumers are rural): 4 hours",
    );
    const messages = await sms(c.number);
    const alerts = messages.filter((m) => m.template === "complaint_emergency");
    assert.deepEqual(
      alerts.map((m) => m.recipient).sort(),
      ["9000000001", "9000000002"],
      "the JE and the AE",
    );
    assert.ok(alerts.every((m) => m.urgent));
    assert.equal(
      messages.find((m) => m.template === "complaint_registered")?.recipient,
      "9111111111",
      "the caller hears back",
    );
    const queue = await t.request({ method: "GET", url: "/api/complaints?dc=TDC1", cookie: agent });
    assert.equal(queue.json().items[0].number, c.number);
  });

  test("against a place in a DC, with the location", async () => {
    const r = await register(agent, {
      dcCode: "TDC2",
      location: "Mandi gate",
      categoryCode: "line_breakdown",
      callerPhone: "9222222222",
    });
    assert.equal(r.status, 201);
    assert.equal(r.body.complaint.dc.code, "TDC2");
    const noPlace = await register(agent, { dcCode: "TDC2", categoryCode: "line_breakdown" });
    assert.equal(noPlace.status, 400);
    assert.equal(noPlace.body.field, "location");
  });

  test("bad input: unknown consumer, category or sub-category, a bad phone: 400 naming the field", async () => {
    const cases: [Record<string, unknown>, string][] = [
      [{ consumerNo: "0000000000", categoryCode: "no_supply" }, "consumerNo"],
      [{ consumerNo: "7001000001", categoryCode: "ghosts" }, "categoryCode"],
      [{ consumerNo: "7001000001", categoryCode: "billing", subcategoryCode: "fuse_off" }, "subcategoryCode"],
      [{ consumerNo: "7001000001", categoryCode: "meter", callerPhone: "12345" }, "callerPhone"],
      [{ categoryCode: "meter" }, "consumerNo"],
      [{ dtCode: "NO-DT", categoryCode: "meter" }, "dtCode"],
    ];
    for (const [body, field] of cases) {
      const r = await register(agent, body);
      assert.equal(r.status, 400, JSON.stringify(body));
      assert.equal(r.body.field, field, JSON.stringify(body));
    }
  });
});

describe(`[${driverName}] the field: lineman and JE`, () => {
  let number: string;
  before(async () => {
    const r = await register(agent, {
      consumerNo: "7001000002",
      categoryCode: "meter",
      subcategoryCode: "stopped",
    });
    number = r.body.complaint.number;
  });

  test("the lineman it is assigned to attends and resolves it with a resolution code; the consumer gets an SMS", async () => {
    const c = (await detail(agent, number)).body.complaint;
    const mine = c.assignee.login === "lm.tdc1.a" ? "lm.tdc1.a" : "lm.tdc1.b";
    const other = mine === "lm.tdc1.a" ? "lm.tdc1.b" : "lm.tdc1.a";
    const me = await t.signIn(mine);
    const notMe = await t.signIn(other);

    const myQueue = await t.request({ method: "GET", url: "/api/complaints?mine=true", cookie: me });
    assert.ok(myQueue.json().items.some((i: { number: string }) => i.number === number));

    const stolen = await act(notMe, number, { action: "resolve", resolutionCode: "meter_replaced" });
    assert.equal(stolen.status, 403);

    clock.advance(30 * 60_000);
    const attended = await act(me, number, { action: "attend" });
    assert.equal(attended.status, 200);
    assert.equal(attended.body.complaint.status, "attended");

    const noCode = await act(me, number, { action: "resolve" });
    assert.equal(noCode.status, 400);
    assert.equal(noCode.body.field, "resolutionCode");

    const resolved = await act(me, number, {
      action: "resolve",
      resolutionCode: "meter_replaced",
      remarks: "New meter MP123",
    });
    assert.equal(resolved.status, 200);
    assert.equal(resolved.body.complaint.status, "resolved");
    assert.equal(resolved.body.complaint.resolutionCode, "meter_replaced");

    const again = await act(me, number, { action: "resolve", resolutionCode: "meter_replaced" });
    assert.equal(again.status, 409);
    assert.equal(again.body.error, "action_not_allowed");
    assert.match(again.body.message, /allowed now: note/);
    assert.deepEqual(again.body.allowed, ["note"]);
  });

  test("reopened at the consumer's word: back to the lineman with a shorter limit; then closed", async () => {
    const before = (await detail(agent, number)).body.complaint;
    const r = await act(agent, number, { action: "reopen", reason: "Meter still not running" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    const c = r.body.complaint;
    assert.equal(c.status, "assigned");
    assert.equal(c.reopenCount, 1);
    assert.equal(c.assignee.login, before.assignee.login);
    // Rural meter: 15 days; reopened: half, from now.
    assert.equal(new Date(c.dueAt).getTime() - clock().getTime(), 7.5 * 24 * 3600_000);
    const je = await t.signIn("je.tdc1");
    const resolved = await act(je, number, { action: "resolve", resolutionCode: "meter_tested_ok" });
    assert.equal(resolved.status, 200);
    const closed = await act(je, number, { action: "close", reason: "Consumer confirmed" });
    assert.equal(closed.body.complaint.status, "closed");
    const messages = await sms(number);
    assert.equal(
      messages.filter((m) => m.template === "complaint_resolved").length,
      0,
      "Kamla Sahu has no verified mobile",
    );
  });

  test("waiting for the consumer stops the SLA clock: the due time moves by the time spent waiting", async () => {
    const r = await register(agent, {
      consumerNo: "7001000002",
      categoryCode: "billing",
      subcategoryCode: "wrong_reading",
    });
    const { number: n, dueAt, assignee } = r.body.complaint;
    const lm = await t.signIn(assignee.login);
    const waiting = await act(lm, n, { action: "wait", reason: "Consumer to bring the last receipt" });
    assert.equal(waiting.body.complaint.status, "waiting");
    clock.advance(2 * 3600_000);
    const resumed = await act(lm, n, { action: "resume" });
    assert.equal(resumed.body.complaint.status, "assigned");
    assert.equal(new Date(resumed.body.complaint.dueAt).getTime() - new Date(dueAt).getTime(), 2 * 3600_000);
  });

  test("the JE reassigns, marks a duplicate with the original's number; invalid needs a reason", async () => {
    const je = await t.signIn("je.tdc1");
    const a = await register(agent, {
      dcCode: "TDC1",
      location: "Ward 4 pole",
      categoryCode: "line_breakdown",
    });
    const b = await register(agent, {
      dcCode: "TDC1",
      location: "Ward 4 pole again",
      categoryCode: "line_breakdown",
    });
    const reassigned = await act(je, a.body.complaint.number, { action: "assign", assigneeId: lineman2.id });
    assert.equal(reassigned.body.complaint.assignee.login, "lm.tdc1.b");
    const outsider = await act(je, a.body.complaint.number, { action: "assign", assigneeId: je1.id + 9999 });
    assert.equal(outsider.status, 400);
    assert.equal(outsider.body.field, "assigneeId");
    const dup = await act(je, b.body.complaint.number, {
      action: "mark_duplicate",
      duplicateOf: a.body.complaint.number,
    });
    assert.equal(dup.body.complaint.status, "duplicate");
    const noReason = await act(je, a.body.complaint.number, { action: "mark_invalid" });
    assert.equal(noReason.status, 400);
    assert.equal(noReason.body.field, "reason");
  });

  test("the assigned lineman's first action is accept; another lineman's accept takes it over; a new assignment or a reopen asks for it again", async () => {
    const r = await register(agent, {
      consumerNo: "7001000001",
      categoryCode: "meter",
      subcategoryCode: "stopped",
    });
    const n = r.body.complaint.number;
    const mine = r.body.complaint.assignee.login as string;
    const other = mine === "lm.tdc1.a" ? "lm.tdc1.b" : "lm.tdc1.a";
    const me = await t.signIn(mine);
    const notMe = await t.signIn(other);
    assert.equal(r.body.complaint.acceptedAt, null);

    let mineNow = (await detail(me, n)).body.complaint;
    assert.ok(mineNow.actions.includes("accept"), "the assignee is asked to accept");
    // Where to go: the consumer's address, and a map (a search for it in the DC: this DT has no coordinates).
    assert.equal(mineNow.address, "H.No. 1, Station Road");
    assert.equal(
      mineNow.mapUrl,
      `https://www.google.com/maps/search/?api=1&query=${encodeURIComponent(`H.No. 1, Station Road, ${mineNow.dc.nameEn}`)}`,
    );
    assert.ok(mineNow.actions.includes("attend"), "he may go on site straight away");
    assert.ok((await detail(notMe, n)).body.complaint.actions.includes("accept"), "the other may take over");

    clock.advance(5 * 60_000);
    const accepted = await act(me, n, { action: "accept" });
    assert.equal(accepted.status, 200, JSON.stringify(accepted.body));
    assert.equal(accepted.body.complaint.assignee.login, mine, "his own accept keeps it his");
    assert.equal(accepted.body.complaint.acceptedAt, clock().toISOString());
    mineNow = (await detail(me, n)).body.complaint;
    assert.ok(!mineNow.actions.includes("accept"), "accepted once, no second Accept");
    assert.equal((await act(me, n, { action: "accept" })).status, 409);
    const trail = (await detail(agent, n)).body.timeline as { action: string; changes: object }[];
    assert.deepEqual(
      trail.filter((e) => e.action === "accepted").map((e) => e.changes),
      [{}],
      "his accept moves nothing",
    );

    // The other lineman takes it over: his now, and taken on.
    const taken = await act(notMe, n, { action: "accept" });
    assert.equal(taken.status, 200);
    assert.equal(taken.body.complaint.assignee.login, other);
    assert.notEqual(taken.body.complaint.acceptedAt, null);
    assert.ok((await detail(me, n)).body.complaint.actions.includes("accept"), "the first may take it back");

    // The JE gives it back: the assignee must accept again.
    const je = await t.signIn("je.tdc1");
    const mineId = mine === "lm.tdc1.a" ? lineman1.id : lineman2.id;
    const back = await act(je, n, { action: "assign", assigneeId: mineId });
    assert.equal(back.body.complaint.acceptedAt, null);

    // On site without pressing Accept is taking it on too; after a reopen he is asked again.
    const attended = await act(me, n, { action: "attend" });
    assert.notEqual(attended.body.complaint.acceptedAt, null);
    await act(me, n, { action: "resolve", resolutionCode: "meter_replaced" });
    const reopened = await act(agent, n, { action: "reopen", reason: "Meter still stopped" });
    assert.equal(reopened.body.complaint.status, "assigned");
    assert.equal(reopened.body.complaint.acceptedAt, null);
    assert.ok((await detail(me, n)).body.complaint.actions.includes("accept"));
    // Closed, so the consumer's later meter complaint is a new one.
    await act(me, n, { action: "resolve", resolutionCode: "meter_replaced" });
    assert.equal((await act(je, n, { action: "close", reason: "Consumer confirmed" })).status, 200);
  });
});

describe(`[${driverName}] the SLA clock and the officer ladder`, () => {
  test("an urban fuse-off complaint left alone escalates JE → AE → EE, each step in the audit trail and by SMS", async () => {
    clock.set("2026-11-29T09:00:00+05:30");
    agent = await t.signIn("agent.c"); // the clock jumped past the session's idle limit
    const r = await register(agent, {
      consumerNo: "7001000001",
      categoryCode: "no_supply",
      subcategoryCode: "fuse_off",
    });
    assert.ok(r.body.complaint, JSON.stringify(r.body));
    // The first no-supply complaint of this consumer is still open: close it so this one is new.
    let number = r.body.complaint.number;
    if (r.body.outcome === "repeat_call") {
      const je = await t.signIn("je.tdc1");
      await act(je, number, { action: "resolve", resolutionCode: "fuse_replaced" });
      number = (
        await register(agent, {
          consumerNo: "7001000001",
          categoryCode: "no_supply",
          subcategoryCode: "fuse_off",
        })
      ).body.complaint.number;
    }
    const c = (await detail(agent, number)).body.complaint;
    const due = new Date(c.dueAt);
    assert.equal(due.getTime() - clock().getTime(), 4 * 3600_000);

    // Other tests' complaints are overdue too; only this one's ladder is checked.
    const run = () => t.services.complaints.escalateDue();
    const level = async () => (await detail(agent, number)).body.complaint.escalationLevel;
    clock.set(new Date(due.getTime() - 60_000));
    await run();
    assert.equal(await level(), 0, "not yet due");

    const expectLevel = async (lvl: number, officerPhone: string, role: string) => {
      const d = (await detail(agent, number)).body;
      assert.equal(d.complaint.escalationLevel, lvl);
      const esc = d.timeline.filter((e: { action: string }) => e.action === "escalated");
      assert.equal(esc.length, lvl);
      assert.match(esc[lvl - 1].note, new RegExp(`^to ${role}`));
      assert.deepEqual(esc[lvl - 1].changes, { escalation_level: [lvl - 1, lvl] });
      const messages = (await sms(number)).filter((m) => m.template === "complaint_escalated");
      assert.equal(messages.length, lvl);
      assert.equal(messages[lvl - 1]?.recipient, officerPhone);
    };

    clock.set(due);
    await run();
    await expectLevel(1, "9000000001", "JE");
    const breached = (await detail(agent, number)).body;
    assert.equal(breached.complaint.breachedAt, due.toISOString());
    assert.equal(breached.complaint.compensationRs, 200);
    assert.ok(breached.timeline.some((e: { action: string }) => e.action === "sla_breached"));

    clock.advance(60 * 60_000);
    await run();
    assert.equal(await level(), 1, "the next step is two hours after the due time");
    clock.set(new Date(due.getTime() + 120 * 60_000));
    await run();
    await expectLevel(2, "9000000002", "AE");
    clock.set(new Date(due.getTime() + 240 * 60_000));
    await run();
    await expectLevel(3, "9000000003", "EE");
    // Resolving stops the ladder.
    const je = await t.signIn("je.tdc1");
    await act(je, number, { action: "resolve", resolutionCode: "fuse_replaced" });
    clock.advance(24 * 3600_000);
    await run();
    const resolvedEvents = (await detail(await t.signIn("agent.c"), number)).body.timeline;
    assert.equal(resolvedEvents.filter((e: { action: string }) => e.action === "escalated").length, 3);
  });
});

describe(`[${driverName}] jurisdiction and the audit trail`, () => {
  before(async () => {
    agent = await t.signIn("agent.c");
  });
  test("a JE of DC A cannot see or touch DC B's complaints, and nothing changes", async () => {
    const r = await register(agent, {
      consumerNo: "7002000001",
      categoryCode: "voltage",
      subcategoryCode: "high",
    });
    const number = r.body.complaint.number;
    const je1Cookie = await t.signIn("je.tdc1");
    assert.equal((await detail(je1Cookie, number)).status, 404);
    const list = await t.request({
      method: "GET",
      url: "/api/complaints?status=all&limit=200",
      cookie: je1Cookie,
    });
    assert.ok(!list.json().items.some((i: { dc: { code: string } }) => i.dc.code === "TDC2"));
    const before = await detail(agent, number);
    for (const body of [
      { action: "resolve", resolutionCode: "voltage_corrected" },
      { action: "mark_invalid", reason: "not ours" },
      { action: "note", note: "peeking" },
    ]) {
      const res = await act(je1Cookie, number, body);
      assert.equal(res.status, 403, JSON.stringify(body));
    }
    const afterwards = await detail(agent, number);
    assert.deepEqual(afterwards.body, before.body);
    const je2Cookie = await t.signIn("je.tdc2");
    assert.equal((await act(je2Cookie, number, { action: "note", note: "mine" })).status, 200);
  });

  test("the audit trail cannot be edited or deleted", async () => {
    await assert.rejects(
      sql`update complaint_events set note = 'rewritten'`.execute(t.database.db),
      /cannot be changed/,
    );
    await assert.rejects(sql`delete from complaint_events`.execute(t.database.db), /cannot be changed/);
  });

  test("the dashboard counts the principal's open complaints", async () => {
    const s = (await t.request({ method: "GET", url: "/api/complaints/summary", cookie: agent })).json();
    assert.ok(s.open > 0);
    assert.ok(s.registeredToday >= 1);
    const je2 = (
      await t.request({ method: "GET", url: "/api/complaints/summary", cookie: await t.signIn("je.tdc2") })
    ).json();
    assert.ok(je2.open < s.open);
  });
});

describe(`[${driverName}] the consumer's tracking page`, () => {
  test("number and the last four digits of a registered mobile show the status; wrong guesses are limited", async () => {
    const r = await register(agent, {
      consumerNo: "7001000001",
      categoryCode: "meter",
      subcategoryCode: "fast",
    });
    const number = r.body.complaint.number;
    const ok = await t.app.inject({
      method: "GET",
      url: `/api/public/complaints/${number}?mobile=2222`,
      remoteAddress: "10.20.0.1",
    });
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, "assigned");
    assert.deepEqual(
      ok.json().steps.map((s: { action: string }) => s.action),
      ["registered", "assigned"],
    );
    assert.ok(!ok.body.includes("lm.tdc1"), "no staff logins");
    const wrong = await t.app.inject({
      method: "GET",
      url: `/api/public/complaints/${number}?mobile=0000`,
      remoteAddress: "10.20.0.2",
    });
    assert.equal(wrong.statusCode, 404);
    for (let i = 0; i < 9; i++) {
      await t.app.inject({
        method: "GET",
        url: `/api/public/complaints/${number}?mobile=000${i}`,
        remoteAddress: "10.20.0.2",
      });
    }
    const locked = await t.app.inject({
      method: "GET",
      url: `/api/public/complaints/${number}?mobile=2222`,
      remoteAddress: "10.20.0.2",
    });
    assert.equal(locked.statusCode, 429);
    const bad = await t.app.inject({
      method: "GET",
      url: `/api/public/complaints/${number}?mobile=22`,
      remoteAddress: "10.20.0.3",
    });
    assert.equal(bad.statusCode, 400);
  });

  test("the consumer reopens a resolved complaint from the tracking page; an open one cannot be reopened there", async () => {
    const r = await register(agent, {
      consumerNo: "7001000001",
      categoryCode: "voltage",
      subcategoryCode: "fluctuation",
    });
    const number = r.body.complaint.number;
    const reopen = (mobile: string) =>
      t.app.inject({
        method: "POST",
        url: `/api/public/complaints/${number}/reopen`,
        headers: { origin: "http://localhost" },
        payload: { mobile, reason: "Fan still runs slow in the evening" },
        remoteAddress: "10.30.0.1",
      });
    const tooEarly = await reopen("1111");
    assert.equal(tooEarly.statusCode, 409);
    const je = await t.signIn("je.tdc1");
    await act(je, number, { action: "resolve", resolutionCode: "voltage_corrected" });
    const wrongMobile = await reopen("9999");
    assert.equal(wrongMobile.statusCode, 404);
    const ok = await reopen("1111");
    assert.equal(ok.statusCode, 200, ok.body);
    assert.equal(ok.json().status, "assigned");
    const { body } = await detail(agent, number);
    const last = body.timeline[body.timeline.length - 1];
    assert.equal(last.action, "reopened");
    assert.equal(last.actor.kind, "public");
    assert.equal(last.channel, "public");
    assert.equal(last.note, "Fan still runs slow in the evening");
    assert.equal(body.complaint.reopenCount, 1);
  });
});
