import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, principalOf, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { startDialler } from "../../../test/helpers/dialler.ts";
import { fixedClock } from "../../lib/clock.ts";
import { CallbacksService } from "./callbacks.service.ts";

// 10:00 IST; the tests move the clock forward only.
const clock = fixedClock("2026-11-28T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
let seq = 0;

// Sessions end while the clock jumps days ahead: sign in again when it has moved.
const sessions = new Map<string, { cookie: string; at: number }>();
async function as(login: string): Promise<string> {
  const s = sessions.get(login);
  if (s && clock().getTime() - s.at < 3600_000) return s.cookie;
  const cookie = await t.signIn(login);
  sessions.set(login, { cookie, at: clock().getTime() });
  return cookie;
}
const agent = "cb.agent";
const agentTdc2 = "cb.agent2";
const je = "cb.je";
const ae = "cb.ae";

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: agent, role: "agent" });
  await buildUser(t.repos, tree, { login: agentTdc2, role: "agent", orgCode: "TDC2" });
  await buildUser(t.repos, tree, { login: je, role: "je", orgCode: "TDC1" });
  await buildUser(t.repos, tree, { login: ae, role: "ae", orgCode: "TS1" });
});
after(async () => t?.close());

/** POST as a user (by login), or with no sign-in. */
async function post(login: string | undefined, url: string, payload: unknown) {
  const cookie = login ? await as(login) : undefined;
  const res = await t.request({
    method: "POST",
    url,
    ...(cookie ? { cookie } : {}),
    payload: payload as object,
  });
  return { status: res.statusCode, body: res.statusCode === 204 ? null : res.json() };
}

/** A complaint of a consumer of TDC1 with a verified Hindi mobile, registered and resolved by the JE. */
async function resolvedComplaint(): Promise<{ number: string; id: number; mobile: string }> {
  seq++;
  const consumerNo = `7300${String(seq).padStart(6, "0")}`;
  const mobile = `98300${String(seq).padStart(5, "0")}`;
  await buildConsumer(t.repos, tree, {
    consumerNo,
    mobiles: [{ mobile, verified: true, language: "hi" }],
  });
  const reg = await post(agent, "/api/complaints", {
    consumerNo,
    categoryCode: "voltage",
    subcategoryCode: "low",
    description: "Low voltage in the evening",
    callerPhone: mobile,
  });
  assert.equal(reg.status, 201, JSON.stringify(reg.body));
  const number = reg.body.complaint.number as string;
  clock.advance(3600_000);
  const res = await post(je, `/api/complaints/${number}/actions`, {
    action: "resolve",
    resolutionCode: "line_repaired",
    remarks: "Tapping tightened",
  });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return { number, id: res.body.complaint.id, mobile };
}

async function get(login: string, url: string) {
  return t.request({ method: "GET", url, cookie: await as(login) });
}

async function queue(login: string) {
  const res = await get(login, "/api/callbacks");
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as {
    items: { id: number; complaintNumber: string; priority: number; attempts: number }[];
    progress: { mine: number; desk: number; due: number; waitingLink: number; target: number };
  };
}

async function callbackOf(number: string) {
  return t.database.db
    .selectFrom("callbacks as b")
    .innerJoin("complaints as c", "c.id", "b.complaint_id")
    .select(["b.id", "b.status", "b.round", "b.attempts", "b.priority", "b.next_attempt_at"])
    .where("c.number", "=", number)
    .orderBy("b.round", "desc")
    .executeTakeFirst();
}

const complaintStatus = async (number: string) =>
  await t.database.db
    .selectFrom("complaints")
    .select(["status", "close_reason", "reopen_count"])
    .where("number", "=", number)
    .executeTakeFirstOrThrow();

describe(`[${driverName}] callbacks after resolution`, () => {
  test("a resolution creates a callback in the DC's queue; the consumer confirms and the complaint closes", async () => {
    const c = await resolvedComplaint();
    const cb = await callbackOf(c.number);
    assert.equal(cb?.status, "open");
    assert.equal(cb?.round, 0);
    const q = await queue(agent);
    const item = q.items.find((i) => i.complaintNumber === c.number);
    assert.ok(item, "in the company agent's queue");
    assert.ok(!(await queue(agentTdc2)).items.some((i) => i.complaintNumber === c.number), "not in TDC2's");

    const opened = await post(agent, `/api/callbacks/${item.id}/open`, {});
    assert.equal(opened.status, 200);
    assert.equal(opened.body.callback.resolvedBy !== undefined, true);
    const done = await post(agent, `/api/callbacks/${item.id}/outcome`, {
      outcome: "reached",
      answers: { fixed: true, timeRating: 4, overallRating: 5 },
    });
    assert.equal(done.status, 200, JSON.stringify(done.body));
    assert.equal(done.body.status, "confirmed");
    const after = await complaintStatus(c.number);
    assert.equal(after.status, "closed");
    assert.equal(after.close_reason, "confirmed by the consumer");
    const again = await post(agent, `/api/callbacks/${item.id}/outcome`, { outcome: "no_answer" });
    assert.equal(again.status, 409, "an outcome for a closed callback is refused");
    assert.equal((await queue(agent)).progress.mine, 1);
  });

  test('"not fixed" reopens the complaint back to the DC with his words; the next resolution brings a new callback', async () => {
    const c = await resolvedComplaint();
    const cb = await callbackOf(c.number);
    const res = await post(agent, `/api/callbacks/${cb?.id}/outcome`, {
      outcome: "reached",
      answers: {
        fixed: false,
        consumerWords: "Voltage still drops after 7 pm",
        timeRating: 2,
        overallRating: 2,
      },
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.status, "not_fixed");
    const reopened = await complaintStatus(c.number);
    assert.ok(["registered", "assigned"].includes(reopened.status), reopened.status);
    assert.equal(reopened.reopen_count, 1);
    const list = await get(je, "/api/complaints?status=open");
    assert.ok(
      list.json().items.some((i: { number: string }) => i.number === c.number),
      "back in the DC's open list",
    );
    const events = await get(je, `/api/complaints/${c.number}`);
    assert.ok(
      events
        .json()
        .timeline.some(
          (e: { note: string | null; action: string }) =>
            e.action === "reopened" && e.note === "Voltage still drops after 7 pm",
        ),
    );
    clock.advance(3600_000);
    const resolved = await post(je, `/api/complaints/${c.number}/actions`, {
      action: "resolve",
      resolutionCode: "dt_repaired",
    });
    assert.equal(resolved.status, 200);
    const next = await callbackOf(c.number);
    assert.equal(next?.round, 1);
    assert.equal(next?.status, "open");
    assert.equal(next?.priority, 0, "a reopened complaint's callback goes first");
    const q = await queue(agent);
    assert.equal(q.items[0]?.complaintNumber, c.number, "first in the queue");
  });

  test("three unanswered attempts send the feedback link by SMS; the window passes: closed, not confirmed", async () => {
    const c = await resolvedComplaint();
    const cb = await callbackOf(c.number);
    const first = await post(agent, `/api/callbacks/${cb?.id}/outcome`, { outcome: "no_answer" });
    assert.equal(first.body.status, "open");
    assert.ok(!(await queue(agent)).items.some((i) => i.complaintNumber === c.number), "not due until later");
    clock.advance(4 * 3600_000 + 1000);
    assert.ok(
      (await queue(agent)).items.some((i) => i.complaintNumber === c.number),
      "due again after 4 h",
    );
    assert.equal(
      (await post(agent, `/api/callbacks/${cb?.id}/outcome`, { outcome: "busy" })).body.status,
      "open",
    );
    clock.advance(24 * 3600_000 + 1000);
    const third = await post(agent, `/api/callbacks/${cb?.id}/outcome`, { outcome: "switched_off" });
    assert.equal(third.body.status, "link_sent");
    const sms = await t.database.db
      .selectFrom("outbox_sms")
      .select(["recipient", "template", "body", "variables"])
      .where("dedup_key", "=", `feedback:${cb?.id}`)
      .executeTakeFirstOrThrow();
    assert.equal(sms.recipient, c.mobile);
    assert.equal(sms.template, "feedback_request");
    const link = (sms.variables as Record<string, string>).link as string;
    assert.ok(link.length <= 30, link);
    assert.ok(sms.body.includes(link) && sms.body.includes(c.number));

    clock.advance(7 * 86_400_000);
    const closed = await t.services.callbacks.closeUnanswered();
    assert.ok(closed.closed >= 1);
    assert.equal((await callbackOf(c.number))?.status, "not_confirmed");
    const after = await complaintStatus(c.number);
    assert.equal(after.status, "closed");
    assert.match(after.close_reason ?? "", /not confirmed/);
    const token = link.split("/f/")[1] as string;
    const expired = await t.request({ method: "GET", url: `/api/feedback/${token}` });
    assert.equal(expired.statusCode, 410);
  });

  test("the feedback link: one use, Hindi complaint facts, trouble becomes a grievance for the officer above the DC", async () => {
    const c = await resolvedComplaint();
    const cb = await callbackOf(c.number);
    for (const outcome of ["no_answer", "no_answer", "no_answer"]) {
      await post(agent, `/api/callbacks/${cb?.id}/outcome`, { outcome });
      clock.advance(25 * 3600_000);
    }
    const sms = await t.database.db
      .selectFrom("outbox_sms")
      .select("variables")
      .where("dedup_key", "=", `feedback:${cb?.id}`)
      .executeTakeFirstOrThrow();
    const token = ((sms.variables as Record<string, string>).link as string).split("/f/")[1] as string;
    const info = await t.request({ method: "GET", url: `/api/feedback/${token}` });
    assert.equal(info.statusCode, 200);
    assert.equal(info.json().complaintNumber, c.number);
    assert.equal(info.json().category.nameHi, "वोल्टेज की शिकायत");

    const bad = await post(undefined, `/api/feedback/${token}`, { fixed: true, overallRating: 7 });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, "overallRating");
    assert.equal((await callbackOf(c.number))?.status, "link_sent", "nothing changed");

    const ok = await post(undefined, `/api/feedback/${token}`, {
      fixed: true,
      timeRating: 2,
      overallRating: 3,
      troubleTags: ["money_asked", "called_many_times"],
      troubleText: "Lineman asked for Rs 500",
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal((await complaintStatus(c.number)).status, "closed");
    const reused = await post(undefined, `/api/feedback/${token}`, { fixed: true });
    assert.equal(reused.status, 410);

    const forAe = await get(ae, "/api/grievances");
    const g = forAe.json().items.find((x: { complaintNumber: string }) => x.complaintNumber === c.number);
    assert.ok(g, "the AE above the DC sees it");
    assert.deepEqual(g.tags, ["money_asked", "called_many_times"]);
    assert.equal(g.office.code, "TS1");
    const forAgent = await get(agent, "/api/grievances");
    assert.equal(forAgent.statusCode, 403);
    const noAction = await post(ae, `/api/grievances/${g.id}/close`, { actionTaken: "  " });
    assert.equal(noAction.status, 400);
    const closed = await post(ae, `/api/grievances/${g.id}/close`, {
      actionTaken: "Lineman warned; amount returned",
    });
    assert.equal(closed.status, 204);
    assert.equal((await post(ae, `/api/grievances/${g.id}/close`, { actionTaken: "again" })).status, 409);
  });

  test("bad input: rating outside 1-5, no words for not fixed, unknown link", async () => {
    const c = await resolvedComplaint();
    const cb = await callbackOf(c.number);
    const r1 = await post(agent, `/api/callbacks/${cb?.id}/outcome`, {
      outcome: "reached",
      answers: { fixed: true, timeRating: 0 },
    });
    assert.equal(r1.status, 400);
    assert.equal(r1.body.field, "timeRating");
    const r2 = await post(agent, `/api/callbacks/${cb?.id}/outcome`, {
      outcome: "reached",
      answers: { fixed: false },
    });
    assert.equal(r2.status, 400);
    assert.equal(r2.body.field, "consumerWords");
    const r3 = await post(agent, `/api/callbacks/${cb?.id}/outcome`, { outcome: "reached" });
    assert.equal(r3.status, 400);
    assert.equal((await callbackOf(c.number))?.status, "open");
    assert.equal((await complaintStatus(c.number)).status, "resolved", "nothing changed");
    const unknown = await t.request({ method: "GET", url: "/api/feedback/ZZZZZZZZ" });
    assert.equal(unknown.statusCode, 404);
    const other = await post(agentTdc2, `/api/callbacks/${cb?.id}/outcome`, { outcome: "busy" });
    assert.equal(other.status, 404, "another DC's callback is not his");
  });

  test("reopening by other means cancels the open callback", async () => {
    const c = await resolvedComplaint();
    const res = await post(agent, `/api/complaints/${c.number}/actions`, {
      action: "reopen",
      reason: "Called again: still low voltage",
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    const rows = await t.database.db
      .selectFrom("callbacks as b")
      .innerJoin("complaints as c", "c.id", "b.complaint_id")
      .select(["b.status", "b.round"])
      .where("c.number", "=", c.number)
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.round, r.status]),
      [[0, "cancelled"]],
    );
  });

  test("the call button asks the dialler (CTI hook) to place the call; no dialler: 404", async () => {
    const c = await resolvedComplaint();
    const cb = await callbackOf(c.number);
    const dialler = await startDialler();
    try {
      const desk = new CallbacksService(
        t.repos.callbacks,
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
      await desk.dial(await principalOf(t, await as(agent)), cb?.id as number);
      assert.deepEqual(dialler.calls, [
        { callbackId: cb?.id, complaintNumber: c.number, phone: c.mobile, agent, language: "hi" },
      ]);
    } finally {
      await dialler.close();
    }
    const none = await post(agent, `/api/callbacks/${cb?.id}/dial`, {});
    assert.equal(none.status, 404);
    assert.match(none.body.message, /CTI_URL/);
  });

  test("a wrong number never gets the feedback link; another agent cannot record on a callback someone holds", async () => {
    const c = await resolvedComplaint();
    const cb = await callbackOf(c.number);
    await buildUser(t.repos, tree, { login: "cb.agent3", role: "agent" });
    const opened = await post(agent, `/api/callbacks/${cb?.id}/open`, {});
    assert.equal(opened.status, 200);
    const taken = await post("cb.agent3", `/api/callbacks/${cb?.id}/open`, {});
    assert.equal(taken.status, 409);
    const meddled = await post("cb.agent3", `/api/callbacks/${cb?.id}/outcome`, { outcome: "no_answer" });
    assert.equal(meddled.status, 409);
    // Another's release changes nothing; his own puts it back for anyone at once.
    assert.equal((await post("cb.agent3", `/api/callbacks/${cb?.id}/release`, {})).status, 204);
    assert.equal((await post("cb.agent3", `/api/callbacks/${cb?.id}/open`, {})).status, 409);
    assert.equal((await post(agent, `/api/callbacks/${cb?.id}/release`, {})).status, 204);
    assert.equal((await post("cb.agent3", `/api/callbacks/${cb?.id}/open`, {})).status, 200);
    assert.equal((await post("cb.agent3", `/api/callbacks/${cb?.id}/release`, {})).status, 204);
    // The only number on the complaint is the one that turned out wrong: no SMS goes to it.
    const wrong = await post(agent, `/api/callbacks/${cb?.id}/outcome`, { outcome: "wrong_number" });
    assert.equal(wrong.status, 200, JSON.stringify(wrong.body));
    assert.equal(wrong.body.status, "open");
    const sent = await t.database.db
      .selectFrom("outbox_sms")
      .select("id")
      .where("dedup_key", "=", `feedback:${cb?.id}`)
      .execute();
    assert.equal(sent.length, 0);
    assert.ok(!(await queue(agent)).items.some((i) => i.complaintNumber === c.number), "nothing left to try");
  });

  test("an admin changes the desk's settings; bad values are refused naming the field, and nothing changes", async () => {
    await buildUser(t.repos, tree, { login: "cb.admin", role: "admin" });
    const before = await get("cb.admin", "/api/callbacks/settings");
    assert.equal(before.statusCode, 200);
    assert.equal(before.json().windowDays, 7);
    const cookie = await as("cb.admin");
    const put = (payload: object, who = cookie) =>
      t.request({ method: "PUT", url: "/api/callbacks/settings", cookie: who, payload });
    const bad = await put({ windowDays: 0 });
    assert.equal(bad.statusCode, 400);
    assert.match(bad.body, /windowDays/);
    assert.equal((await put({ grievanceTags: ["bribe"] })).statusCode, 400);
    assert.equal((await put({ dailyTarget: 800 }, await as(agent))).statusCode, 403);
    const ok = await put({
      dailyTarget: 800,
      grievanceTags: ["money_asked", "staff_behaviour", "came_late"],
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const saved = ok.json() as { grievanceTags: string[] };
    assert.deepEqual(
      { ...saved, grievanceTags: [...saved.grievanceTags].sort() },
      {
        maxAttempts: 3,
        retryAfterHours: [4, 24],
        windowDays: 7,
        dailyTarget: 800,
        leaseMinutes: 10,
        grievanceTags: ["came_late", "money_asked", "staff_behaviour"],
      },
    );
    assert.equal((await queue(agent)).progress.target, 800, "the desk's target follows");
    await put({ dailyTarget: 500, grievanceTags: ["money_asked", "staff_behaviour"] });
  });
});

describe(`[${driverName}] the callback queue: search, filters and a count`, () => {
  test("by complaint number, consumer number or mobile; by office, category and round; rows with no number to dial are not the desk's", async () => {
    const a = await resolvedComplaint();
    const b = await resolvedComplaint();
    // A passer-by's report with no phone: resolved, but there is nobody to call.
    const reg = await post(agent, "/api/complaints", {
      dcCode: "TDC1",
      location: "Pole 7, Gandhi Chowk",
      categoryCode: "line_breakdown",
    });
    assert.equal(reg.status, 201, JSON.stringify(reg.body));
    const noPhone = reg.body.complaint.number as string;
    await post(je, `/api/complaints/${noPhone}/actions`, {
      action: "resolve",
      resolutionCode: "line_repaired",
    });
    clock.advance(60_000);
    const q = async (query: string) => {
      const res = await get(agent, `/api/callbacks?${query}`);
      return { status: res.statusCode, body: res.json() };
    };
    const all = await q("limit=1");
    assert.equal(all.status, 200);
    assert.equal(all.body.items.length, 1, "a page of one");
    assert.ok(all.body.total >= 2, "the count is of the whole queue, not the page");
    const numbers = async (query: string) =>
      (await q(query)).body.items.map((i: { complaintNumber: string }) => i.complaintNumber);

    assert.deepEqual(await numbers(`q=${a.number.toLowerCase()}`), [a.number]);
    assert.deepEqual(await numbers(`q=${encodeURIComponent(`+91 ${b.mobile}`)}`), [b.number]);
    const consumerOfA = await t.database.db
      .selectFrom("complaints as c")
      .innerJoin("consumers as p", "p.id", "c.consumer_id")
      .select("p.consumer_no")
      .where("c.number", "=", a.number)
      .executeTakeFirstOrThrow();
    assert.deepEqual(await numbers(`q=${consumerOfA.consumer_no}`), [a.number]);
    assert.equal((await q(`q=${a.number}`)).body.total, 1);
    assert.deepEqual(await numbers("q=NOSUCH123"), []);

    const voltage = await numbers("category=voltage&limit=200");
    assert.ok(voltage.includes(a.number) && voltage.includes(b.number));
    assert.deepEqual(await numbers("category=meter"), []);
    // Round 0: after the first resolution; n: after the nth reopen.
    assert.ok((await numbers("round=0&limit=200")).includes(a.number));
    assert.deepEqual(await numbers("round=1"), []);
    assert.ok((await numbers("dc=ts1&limit=200")).includes(a.number), "a sub-division's code takes its DCs");
    assert.deepEqual(await numbers("dc=TDC2"), []);
    const badDc = await q("dc=NOPE");
    assert.equal(badDc.status, 400);
    assert.equal(badDc.body.field, "dc");
    assert.equal((await q("round=-1")).status, 400);

    // Nothing to dial: not in the queue, whatever the filter.
    assert.ok(!(await numbers("limit=200")).includes(noPhone));
    assert.deepEqual(await numbers(`q=${noPhone}`), []);
  });
});
