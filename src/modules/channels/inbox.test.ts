import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import {
  buildConsumer,
  buildConversation,
  buildOrgTree,
  buildUser,
  type Tree,
} from "../../../test/factories.ts";
import { createTestApp, principalOf, type TestApp } from "../../../test/helpers/app.ts";
import { until } from "../../../test/helpers/until.ts";
import { fixedClock } from "../../lib/clock.ts";
import { Events } from "../events.ts";

const clock = fixedClock("2026-12-05T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
const agent = "ib.agent"; // the company's call centre: sees the central desk
const agentTdc2 = "ib.agent2";
const supervisor = "ib.sup";
const cookies = new Map<string, string>();

async function as(login: string): Promise<string> {
  let c = cookies.get(login);
  if (!c) {
    c = await t.signIn(login);
    cookies.set(login, c);
  }
  return c;
}

async function call(login: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const res = await t.request({
    method,
    url,
    cookie: await as(login),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, body: res.statusCode === 204 ? null : res.json() };
}

const db = () => t.database.db;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: agent, role: "agent" });
  await buildUser(t.repos, tree, { login: agentTdc2, role: "agent", orgCode: "TDC2" });
  await buildUser(t.repos, tree, { login: supervisor, role: "supervisor", phone: "9811100001" });
});
after(async () => t?.close());

describe("the inbox", () => {
  test("an agent sees only his jurisdiction's conversations; the central desk is the company's", async () => {
    const central = await buildConversation(t.database, { opened_at: clock() });
    const atTdc2 = await buildConversation(t.database, {
      opened_at: clock(),
      dc_id: tree.org.TDC2 as number,
    });
    const atTdc1 = await buildConversation(t.database, {
      opened_at: clock(),
      dc_id: tree.org.TDC1 as number,
    });

    const mine = await call(agentTdc2, "GET", "/api/inbox?pageSize=200");
    assert.equal(mine.status, 200, JSON.stringify(mine.body));
    const ids = mine.body.items.map((i: { id: number }) => i.id);
    assert.ok(ids.includes(atTdc2.id));
    assert.ok(!ids.includes(atTdc1.id), "another DC's conversation is not his");
    assert.ok(!ids.includes(central.id), "the central desk's are the company's");
    assert.equal((await call(agentTdc2, "GET", `/api/inbox/${atTdc1.id}`)).status, 404);
    assert.equal(
      (await call(agentTdc2, "POST", `/api/inbox/${central.id}/reply`, { text: "hi" })).status,
      404,
    );

    const all = await call(agent, "GET", "/api/inbox?pageSize=200");
    const allIds = all.body.items.map((i: { id: number }) => i.id);
    for (const id of [central.id, atTdc1.id, atTdc2.id]) assert.ok(allIds.includes(id));
    assert.ok(all.body.counts.new >= 3);

    // Filters: channel and overdue.
    const x = await call(agent, "GET", "/api/inbox?channel=x");
    assert.ok(x.body.items.every((i: { channel: string }) => i.channel === "x"));
    const one = await call(agent, "GET", `/api/inbox/${atTdc1.id}`);
    assert.equal(one.status, 200);
    assert.equal(one.body.messages[0].body, "No light since morning");
    assert.equal(one.body.messages[0].direction, "in");
    // Reply templates in the conversation's language (Hindi here), those needing a complaint number left out.
    assert.deepEqual(
      one.body.templates.map((x: { code: string }) => x.code),
      ["ask_consumer_no", "thanks"],
    );
    for (const x of one.body.templates) assert.match(x.text, /[\u0900-\u097F]/, `${x.code} in Hindi`);
  });

  test("assignment: an agent takes one; a supervisor gives it to an agent who may see it", async () => {
    const c = await buildConversation(t.database, { opened_at: clock(), dc_id: tree.org.TDC1 as number });
    const me = await principalOf(t, await as(agent));
    const other = await principalOf(t, await as(agentTdc2));
    assert.equal((await call(agent, "POST", `/api/inbox/${c.id}/assign`, {})).status, 204);
    let row = await db()
      .selectFrom("conversations")
      .select("assigned_to")
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(row.assigned_to), me.id);
    const mine = await call(agent, "GET", "/api/inbox?mine=true&pageSize=200");
    assert.ok(mine.body.items.some((i: { id: number }) => i.id === c.id));
    assert.ok(mine.body.items.every((i: { assignee: { id: number } }) => i.assignee.id === me.id));

    // An agent may not give it to another; a supervisor may, but not to one outside its DC.
    assert.equal((await call(agent, "POST", `/api/inbox/${c.id}/assign`, { userId: other.id })).status, 403);
    const outside = await call(supervisor, "POST", `/api/inbox/${c.id}/assign`, { userId: other.id });
    assert.equal(outside.status, 400);
    assert.equal(outside.body.field, "userId");
    const lineman = await buildUser(t.repos, tree, { role: "lineman", orgCode: "TDC1" });
    assert.equal(
      (await call(supervisor, "POST", `/api/inbox/${c.id}/assign`, { userId: lineman.id })).status,
      400,
    );
    const agents = await call(supervisor, "GET", "/api/inbox/agents");
    assert.ok(agents.body.items.some((u: { id: number }) => u.id === me.id));
    assert.ok(!agents.body.items.some((u: { id: number }) => u.id === lineman.id));
    assert.equal((await call(supervisor, "POST", `/api/inbox/${c.id}/assign`, { userId: null })).status, 204);
    row = await db()
      .selectFrom("conversations")
      .select("assigned_to")
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.assigned_to, null);

    // Closed ones are listed apart, the latest first.
    await call(agent, "POST", `/api/inbox/${c.id}/close`);
    const closed = await call(agent, "GET", "/api/inbox?status=closed");
    assert.equal(closed.body.items[0].id, c.id);
    assert.equal(closed.body.items[0].status, "closed");
    const active = await call(agent, "GET", "/api/inbox?pageSize=200");
    assert.ok(!active.body.items.some((i: { id: number }) => i.id === c.id));
  });

  test("a message becomes a complaint in one step, with the conversation's channel, and is linked", async () => {
    const consumer = await buildConsumer(t.repos, tree);
    const c = await buildConversation(t.database, {
      channel: "facebook",
      opened_at: clock(),
      messages: [
        { body: "Hello" },
        { body: "Wire sparking near my house, pole 12", mediaUrl: "https://example.test/p.jpg" },
      ],
    });
    const linked = await call(agent, "POST", `/api/inbox/${c.id}/link`, { consumerNo: consumer.consumerNo });
    assert.equal(linked.status, 204, JSON.stringify(linked.body));

    const r = await call(agent, "POST", `/api/inbox/${c.id}/convert`, {
      messageId: c.messageIds[1],
      categoryCode: "voltage",
    });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    assert.equal(r.body.channel, "facebook");
    const complaint = await db()
      .selectFrom("complaints")
      .select(["id", "channel", "description", "consumer_id", "dc_id"])
      .where("number", "=", r.body.complaintNumber)
      .executeTakeFirstOrThrow();
    assert.equal(complaint.channel, "facebook");
    assert.match(complaint.description, /Wire sparking near my house/);
    assert.match(complaint.description, /p\.jpg/, "the image's link goes with it");
    const link = await db()
      .selectFrom("conversation_complaints")
      .selectAll()
      .where("conversation_id", "=", c.id)
      .execute();
    assert.deepEqual(
      link.map((l) => Number(l.complaint_id)),
      [Number(complaint.id)],
    );
    const detail = await call(agent, "GET", `/api/inbox/${c.id}`);
    assert.equal(detail.body.complaints[0].number, r.body.complaintNumber);
    assert.equal(detail.body.conversation.consumer.consumerNo, consumer.consumerNo);
    assert.equal(detail.body.conversation.dc.code, "TDC1", "the linked consumer's DC");
    // The DC's agent sees it now; the other DC's still does not.
    assert.equal((await call(agentTdc2, "GET", `/api/inbox/${c.id}`)).status, 404);

    // Without a linked consumer, the place must be given (400 naming the field), then it works.
    const bare = await buildConversation(t.database, {
      channel: "x",
      visibility: "public",
      opened_at: clock(),
    });
    const refused = await call(agent, "POST", `/api/inbox/${bare.id}/convert`, { categoryCode: "no_supply" });
    assert.equal(refused.status, 400);
    const placed = await call(agent, "POST", `/api/inbox/${bare.id}/convert`, {
      categoryCode: "no_supply",
      dtCode: "TF2-T1",
    });
    assert.equal(placed.status, 201, JSON.stringify(placed.body));
    assert.equal(placed.body.channel, "x");
    const moved = await db()
      .selectFrom("conversations")
      .select("dc_id")
      .where("id", "=", bare.id)
      .executeTakeFirstOrThrow();
    assert.equal(Number(moved.dc_id), tree.org.TDC2, "the complaint's DC takes the conversation");
  });

  test("a reply is a pending outgoing row, answers the conversation and is announced", async () => {
    const c = await buildConversation(t.database, { opened_at: clock(), language: "en" });
    const queued: number[] = [];
    t.services.events.onCommitted(Events.ConversationReplyQueued, (e) => {
      queued.push(e.messageId);
    });
    const r = await call(agent, "POST", `/api/inbox/${c.id}/reply`, { text: "We are sending a lineman." });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const row = await db()
      .selectFrom("conversation_messages")
      .selectAll()
      .where("id", "=", r.body.messageId)
      .executeTakeFirstOrThrow();
    assert.equal(row.direction, "out");
    assert.equal(row.author, "agent");
    assert.equal(row.status, "pending");
    assert.equal(row.body, "We are sending a lineman.");
    assert.ok(row.user_id !== null);
    await until("reply_queued heard", () => queued.includes(r.body.messageId));
    const conv = await db()
      .selectFrom("conversations")
      .selectAll()
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    assert.equal(conv.status, "waiting");
    assert.equal(conv.first_responded_at?.getTime(), clock().getTime());
    assert.equal(Number(conv.assigned_to), row.user_id, "the one who answered has it");

    // A template needs a complaint of the conversation; with none it says so.
    const noNumber = await call(agent, "POST", `/api/inbox/${c.id}/reply`, { template: "registered" });
    assert.equal(noNumber.status, 400);
    assert.equal(noNumber.body.field, "complaintNumber");
    // Neither or both: 400.
    assert.equal((await call(agent, "POST", `/api/inbox/${c.id}/reply`, {})).status, 400);

    // Closed: no more replies; the thread's next message opens a new conversation (intake's unique index allows it).
    assert.equal((await call(agent, "POST", `/api/inbox/${c.id}/close`)).status, 204);
    assert.equal((await call(agent, "POST", `/api/inbox/${c.id}/reply`, { text: "more" })).status, 409);
    // While the WhatsApp bot holds a conversation it is not in the queue, and agents do not answer in it.
    const withBot = await buildConversation(t.database, { opened_at: clock(), status: "bot" });
    const queue = await call(agent, "GET", "/api/inbox?pageSize=200");
    assert.ok(!queue.body.items.some((i: { id: number }) => i.id === withBot.id));
    assert.equal((await call(agent, "POST", `/api/inbox/${withBot.id}/reply`, { text: "hi" })).status, 409);
    const again = await buildConversation(t.database, {
      sender_id: conv.sender_id,
      channel: conv.channel,
      opened_at: clock(),
    });
    assert.notEqual(again.id, c.id);
  });

  test("an SMS conversation is answered by SMS with a registered template; a portal one is on its page at once", async () => {
    const sms = await buildConversation(t.database, {
      opened_at: clock(),
      channel: "sms",
      sender_id: "9812300077",
      language: "hi",
    });
    const heard: number[] = [];
    t.services.events.onCommitted(Events.ConversationReplyQueued, (e) => {
      heard.push(e.conversationId);
    });
    // DLT registers every SMS text: free text is refused, naming the field.
    const free = await call(agent, "POST", `/api/inbox/${sms.id}/reply`, { text: "Lineman is on the way" });
    assert.equal(free.status, 400);
    assert.equal(free.body.field, "text");
    const r = await call(agent, "POST", `/api/inbox/${sms.id}/reply`, { template: "ask_consumer_no" });
    assert.equal(r.status, 201, JSON.stringify(r.body));
    const row = await db()
      .selectFrom("conversation_messages")
      .selectAll()
      .where("id", "=", r.body.messageId)
      .executeTakeFirstOrThrow();
    assert.equal(row.status, "sent", "handed to the SMS outbox with the reply");
    const out = await db()
      .selectFrom("outbox_sms")
      .selectAll()
      .where("template", "=", "inbox_reply_ask_consumer_no")
      .execute();
    assert.equal(out.length, 1);
    assert.equal(out[0]?.recipient, "9812300077");
    assert.equal(out[0]?.language, "hi");
    assert.match(out[0]?.body ?? "", /उपभोक्ता क्रमांक/);

    const portal = await buildConversation(t.database, { opened_at: clock(), channel: "portal" });
    const p = await call(agent, "POST", `/api/inbox/${portal.id}/reply`, {
      text: "A lineman is on the way.",
    });
    assert.equal(p.status, 201);
    const prow = await db()
      .selectFrom("conversation_messages")
      .select("status")
      .where("id", "=", p.body.messageId)
      .executeTakeFirstOrThrow();
    assert.equal(prow.status, "sent");
    // A WhatsApp reply after both is announced for its sender; these two never were.
    const wa = await buildConversation(t.database, { opened_at: clock() });
    assert.equal((await call(agent, "POST", `/api/inbox/${wa.id}/reply`, { text: "ok" })).status, 201);
    await until("the WhatsApp reply is announced", () => heard.includes(wa.id));
    assert.ok(!heard.includes(sms.id) && !heard.includes(portal.id));
  });

  test("a public post gets only the template asking to continue in private, never personal data", async () => {
    const consumer = await buildConsumer(t.repos, tree, {
      name: "Ramesh Kumar",
      mobiles: [{ mobile: "9876501234", verified: true, language: "en" }],
    });
    const c = await buildConversation(t.database, {
      channel: "x",
      visibility: "public",
      thread_ref: "tweet-991",
      sender_id: "x-user-77",
      sender_handle: "@ramesh_k",
      language: "en",
      opened_at: clock(),
      messages: [{ body: `@discom no light at ${consumer.consumerNo}, call me 9876501234` }],
    });
    assert.equal(
      (await call(agent, "POST", `/api/inbox/${c.id}/link`, { consumerNo: consumer.consumerNo })).status,
      204,
    );
    const free = await call(agent, "POST", `/api/inbox/${c.id}/reply`, {
      text: "Sorry Ramesh, sent a lineman",
    });
    assert.equal(free.status, 400);
    assert.equal(free.body.field, "text");
    const privateTpl = await call(agent, "POST", `/api/inbox/${c.id}/reply`, { template: "registered" });
    assert.equal(privateTpl.status, 400);
    assert.equal(privateTpl.body.field, "template");

    const detail = await call(agent, "GET", `/api/inbox/${c.id}`);
    assert.deepEqual(
      detail.body.templates.map((x: { code: string }) => x.code),
      ["public_continue"],
      "only the private-channel invitation until a complaint exists",
    );
    const conv = await call(agent, "POST", `/api/inbox/${c.id}/convert`, { categoryCode: "no_supply" });
    assert.equal(conv.status, 201, JSON.stringify(conv.body));
    const ok = await call(agent, "POST", `/api/inbox/${c.id}/reply`, { template: "public_registered" });
    assert.equal(ok.status, 201, JSON.stringify(ok.body));
    assert.ok(ok.body.body.includes(conv.body.complaintNumber));
    for (const personal of [consumer.consumerNo, "9876501234", "Ramesh", consumer.address])
      assert.ok(!ok.body.body.includes(personal), `no ${personal} in public`);
    // Another conversation's complaint number is refused.
    const other = await call(agent, "POST", `/api/inbox/${c.id}/reply`, {
      template: "public_registered",
      complaintNumber: "XX0000000001",
    });
    assert.equal(other.status, 400);
  });

  test("unanswered past the limit: escalated once, the on-duty supervisors told by SMS", async () => {
    await buildUser(t.repos, tree, {
      login: "ib.sup.off",
      role: "supervisor",
      phone: "9811100002",
      onDuty: false,
    });
    await buildUser(t.repos, tree, {
      login: "ib.sup.tdc2",
      role: "supervisor",
      phone: "9811100003",
      orgCode: "TS2",
    });
    const sup = await principalOf(t, await as(supervisor));
    const set = await call(supervisor, "PUT", "/api/inbox/settings", { firstResponseMinutes: 20 });
    assert.equal(set.status, 200, JSON.stringify(set.body));
    assert.equal((await call(agent, "PUT", "/api/inbox/settings", { firstResponseMinutes: 5 })).status, 403);

    // Earlier tests' conversations are due 30 minutes after 10:00: not within the 21 minutes below.
    // No first-response limit yet (as a bot's handover may leave it): the job sets it from the message.
    const c = await buildConversation(t.database, {
      opened_at: clock(),
      dc_id: tree.org.TDC1 as number,
      first_response_due: null,
    });
    const answered = await buildConversation(t.database, { opened_at: clock() });
    await call(agent, "POST", `/api/inbox/${answered.id}/reply`, { text: "Looking into it" });

    assert.deepEqual(await t.services.inbox.escalateDue(), { escalated: 0, sms: 0 }, "not yet due");
    const due = await db()
      .selectFrom("conversations")
      .select("first_response_due")
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    assert.equal(due.first_response_due?.getTime(), clock().getTime() + 20 * 60_000);

    clock.advance(21 * 60_000);
    const first = await t.services.inbox.escalateDue();
    assert.equal(first.escalated, 1);
    assert.equal(first.sms, 1, "the on-duty supervisor over TDC1 only (not the off-duty one, not TS2's)");
    const again = await t.services.inbox.escalateDue();
    assert.deepEqual(again, { escalated: 0, sms: 0 }, "once per conversation");
    const sms = await db()
      .selectFrom("outbox_sms")
      .select(["recipient", "template", "body"])
      .where("related_type", "=", "conversation")
      .where("related_id", "=", c.id)
      .execute();
    assert.equal(sms.length, 1);
    assert.equal(sms[0]?.recipient, "9811100001");
    assert.equal(sms[0]?.template, "inbox_escalated");
    assert.match(sms[0]?.body ?? "", new RegExp(`#${c.id}`));
    const row = await db()
      .selectFrom("conversations")
      .select("escalated_at")
      .where("id", "=", c.id)
      .executeTakeFirstOrThrow();
    assert.equal(row.escalated_at?.getTime(), clock().getTime());
    // Several at once: one SMS with their count, not one a conversation.
    const late = new Date(clock().getTime() - 3600_000);
    await buildConversation(t.database, { opened_at: late });
    await buildConversation(t.database, { opened_at: late });
    assert.deepEqual(await t.services.inbox.escalateDue(), { escalated: 2, sms: 1 });
    const digest = await db()
      .selectFrom("outbox_sms")
      .select(["recipient", "body"])
      .where("template", "=", "inbox_escalated_digest")
      .execute();
    assert.equal(digest.length, 1);
    assert.equal(digest[0]?.recipient, "9811100001");
    assert.match(digest[0]?.body ?? "", /Inbox: 2 conversations/);
    const overdue = await t.services.inbox.queue(sup, { overdue: true });
    assert.ok(overdue.items.some((i) => Number(i.id) === c.id));
    assert.ok(!overdue.items.some((i) => Number(i.id) === answered.id));
  });

  test("the wallboard counts the inbox's waiting and overdue; a consumer's reply reopens a waiting one", async () => {
    const p = await principalOf(t, await as(agentTdc2));
    const before = await t.services.live.counters(p);
    const c = await buildConversation(t.database, { opened_at: clock(), dc_id: tree.org.TDC2 as number });
    const late = await buildConversation(t.database, {
      opened_at: new Date(clock().getTime() - 3600_000),
      dc_id: tree.org.TDC2 as number,
    });
    const after1 = await t.services.live.counters(p);
    assert.equal(after1.inboxWaiting, before.inboxWaiting + 2);
    assert.equal(after1.inboxOverdue, before.inboxOverdue + 1);

    await call(agentTdc2, "POST", `/api/inbox/${c.id}/reply`, { text: "Sending a lineman" });
    await call(agentTdc2, "POST", `/api/inbox/${late.id}/reply`, { text: "Sorry for the wait" });
    const after2 = await t.services.live.counters(p);
    assert.equal(after2.inboxWaiting, before.inboxWaiting);
    assert.equal(after2.inboxOverdue, before.inboxOverdue);

    // The consumer writes again (intake stores it and publishes): waiting → open, counted again.
    const m = await db()
      .insertInto("conversation_messages")
      .values({
        conversation_id: c.id,
        channel: "whatsapp",
        direction: "in",
        author: "consumer",
        body: "Still no light",
        status: "received",
        at: clock(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    t.services.events.publishCommitted({
      type: Events.ConversationMessageReceived,
      conversationId: c.id,
      messageId: Number(m.id),
      channel: "whatsapp",
      status: "waiting",
    });
    await until("the conversation open again", async () => {
      const r = await db()
        .selectFrom("conversations")
        .select("status")
        .where("id", "=", c.id)
        .executeTakeFirst();
      return r?.status === "open";
    });
    const after3 = await t.services.live.counters(p);
    assert.equal(after3.inboxWaiting, before.inboxWaiting + 1);

    // A conversation the bot handed over without a first-response limit gets one from the consumer's next message.
    const handed = await buildConversation(t.database, { opened_at: clock(), first_response_due: null });
    t.services.events.publishCommitted({
      type: Events.ConversationMessageReceived,
      conversationId: handed.id,
      messageId: handed.messageIds[0] as number,
      channel: "whatsapp",
      status: "new",
    });
    const due = await until("the limit set", async () => {
      const r = await db()
        .selectFrom("conversations")
        .select("first_response_due")
        .where("id", "=", handed.id)
        .executeTakeFirst();
      return r?.first_response_due ?? undefined;
    });
    assert.equal(due.getTime(), clock().getTime() + 20 * 60_000, "the supervisor's 20 minutes");
  });
});
