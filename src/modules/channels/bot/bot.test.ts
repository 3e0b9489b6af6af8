import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildOutage, type Tree } from "../../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../../test/helpers/app.ts";
import { driverName } from "../../../../test/helpers/db.ts";
import { fixedClock } from "../../../lib/clock.ts";
import { Events } from "../../events.ts";
import { onlineApplicationPrincipal } from "../../portal/portal-connections.service.ts";
import { STAGE_WORDS, WORDS } from "./bot.machine.ts";
import { BotRepository } from "./bot.repository.ts";
import { CLAIM_LEASE_MS } from "./bot.service.ts";

const clock = fixedClock("2026-12-03T15:00:00+05:30");
let t: TestApp;
let tree: Tree;
/** A consumer who writes from his verified mobile. */
const OWNER = { consumerNo: "7101000001", mobile: "9826011111", whatsapp: "919826011111" };
/** A consumer whose data a stranger asks for; his verified mobile gets the code. */
const VICTIM = { consumerNo: "7101000002", mobile: "9826022222" };
/** A sender who is nobody's registered mobile. */
const STRANGER = "919826099999";
let seq = 0;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: OWNER.consumerNo,
    dtCode: "TF1-T1",
    mobiles: [{ mobile: OWNER.mobile, verified: true, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: VICTIM.consumerNo,
    dtCode: "TF2-T1",
    mobiles: [{ mobile: VICTIM.mobile, verified: true, language: "hi" }],
  });
  const owner = await t.database.db
    .selectFrom("consumers")
    .select("id")
    .where("consumer_no", "=", OWNER.consumerNo)
    .executeTakeFirstOrThrow();
  await t.database.db
    .insertInto("bills")
    .values({
      consumer_id: owner.id,
      bill_month: "2026-11-01",
      amount: "1245.50",
      due_date: "2026-12-15",
      payment_link: "https://pay.t.in/b/Nov1",
      issued_at: "2026-11-02T10:00:00+05:30",
      imported_at: "2026-11-02T10:00:00+05:30",
      updated_at: "2026-11-02T10:00:00+05:30",
    })
    .execute();
});
after(async () => t?.close());

/**
 * What the WhatsApp intake does with a consumer's message: the open
 * conversation of the sender (a new one in status 'bot'), the message row,
 * `conversation.message_received` after the commit. Waits until the bot has
 * answered and returns its replies to this message.
 */
async function say(sender: string, text: string, platformId = `wamid.${++seq}`) {
  const db = t.database.db;
  const now = clock();
  let conv = await db
    .selectFrom("conversations")
    .select(["id", "status"])
    .where("channel", "=", "whatsapp")
    .where("sender_id", "=", sender)
    .where("status", "<>", "closed")
    .executeTakeFirst();
  conv ??= await db
    .insertInto("conversations")
    .values({
      channel: "whatsapp",
      sender_id: sender,
      status: "bot",
      opened_at: now,
      last_message_at: now,
      last_inbound_at: now,
    })
    .returning(["id", "status"])
    .executeTakeFirstOrThrow();
  const msg = await db
    .insertInto("conversation_messages")
    .values({
      conversation_id: conv.id,
      channel: "whatsapp",
      direction: "in",
      author: "consumer",
      platform_message_id: platformId,
      body: text,
      status: "received",
      at: now,
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return deliver(Number(conv.id), Number(msg.id), conv.status);
}

/** Publishes the intake's event for a stored message and returns the bot's replies written after it. */
async function deliver(conversationId: number, messageId: number, status = "bot") {
  t.services.events.publishCommitted({
    type: Events.ConversationMessageReceived,
    conversationId,
    messageId,
    channel: "whatsapp",
    status: status as "bot",
  });
  await t.services.idle();
  const rows = await t.database.db
    .selectFrom("conversation_messages")
    .select(["body", "author", "direction", "status"])
    .where("conversation_id", "=", conversationId)
    .where("id", ">", messageId)
    .where("author", "=", "bot")
    .orderBy("id")
    .execute();
  for (const r of rows) {
    assert.equal(r.direction, "out");
    assert.equal(r.status, "pending");
  }
  return rows.map((r) => r.body);
}

const conversationOf = (sender: string) =>
  t.database.db
    .selectFrom("conversations")
    .selectAll()
    .where("sender_id", "=", sender)
    .where("channel", "=", "whatsapp")
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();

const outboxTo = (mobile: string) =>
  t.database.db
    .selectFrom("outbox_sms")
    .select(["template", "language", "body"])
    .where("recipient", "=", mobile)
    .orderBy("id")
    .execute();

describe(`[${driverName}] the WhatsApp bot`, () => {
  test("the owner, in Hindi: greeting, complaint registered with its number, status, outage ETR, bill", async () => {
    const hello = await say(OWNER.whatsapp, "नमस्ते");
    assert.equal(hello.length, 1);
    assert.match(hello[0] as string, /स्वागत/);
    assert.match(hello[0] as string, /English के लिए EN लिखें/);
    const conv = await conversationOf(OWNER.whatsapp);
    assert.equal(conv.consumer_verified, true, "his number is his verified mobile");
    assert.equal(conv.language, "hi");

    // 1 → categories (Hindi names from the catalogue) → no supply → confirm.
    const categories = await say(OWNER.whatsapp, "1");
    assert.match(categories[0] as string, /शिकायत का प्रकार चुनें/);
    const lines = (categories[0] as string).split("\n");
    const noSupply = lines.find((l) => l.endsWith("बिजली बंद (एक उपभोक्ता)")) as string;
    assert.ok(noSupply, categories[0]);
    const confirm = await say(OWNER.whatsapp, noSupply.split(" ")[0] as string);
    assert.match(
      confirm[0] as string,
      new RegExp(`उपभोक्ता ${OWNER.consumerNo} के लिए शिकायत "बिजली बंद \\(एक उपभोक्ता\\)"`),
    );
    const done = await say(OWNER.whatsapp, "1");
    const complaint = await t.database.db
      .selectFrom("complaints")
      .select(["id", "number", "channel", "from_unregistered_mobile", "caller_phone"])
      .where("caller_phone", "=", OWNER.mobile)
      .executeTakeFirstOrThrow();
    assert.equal(complaint.channel, "whatsapp");
    assert.equal(complaint.from_unregistered_mobile, false);
    assert.match(done[0] as string, new RegExp(`शिकायत क्रमांक: ${complaint.number}`));
    const linked = await t.database.db
      .selectFrom("conversation_complaints")
      .select("complaint_id")
      .where("conversation_id", "=", conv.id)
      .execute();
    assert.deepEqual(
      linked.map((l) => Number(l.complaint_id)),
      [Number(complaint.id)],
    );

    // 2 → his complaints with the status in words.
    const status = await say(OWNER.whatsapp, "2");
    assert.match(
      status[0] as string,
      new RegExp(`${complaint.number} \\(बिजली बंद \\(एक उपभोक्ता\\)\\): (दर्ज|लाइनमैन)`),
    );

    // 3 → no outage yet; then one on his DT with an ETR.
    assert.deepEqual(await say(OWNER.whatsapp, "3"), [WORDS.hi.noOutage]);
    await buildOutage(t.database, tree, {
      dtCode: "TF1-T1",
      feeder_id: tree.feeders.TF1 as number,
      started_at: "2026-12-03T14:10:00+05:30",
      etr: "2026-12-03T19:00:00+05:30",
    });
    const power = await say(OWNER.whatsapp, "3");
    assert.match(power[0] as string, /स्टेशन रोड डीटी 1/);
    assert.match(power[0] as string, /बहाली का अनुमानित समय: 3 दिस॰, शाम 7:00/);

    // 4 → the last bill with amount, due date and pay link.
    const bill = await say(OWNER.whatsapp, "4");
    assert.match(bill[0] as string, /रु 1,245.50/);
    assert.match(bill[0] as string, /देय तिथि 15 दिस॰ 2026/);
    assert.match(bill[0] as string, /https:\/\/pay\.t\.in\/b\/Nov1/);

    // English on request, remembered on the conversation.
    const en = await say(OWNER.whatsapp, "EN");
    assert.equal(en[0], WORDS.en.menu);
    assert.equal((await conversationOf(OWNER.whatsapp)).language, "en");
    const billEn = await say(OWNER.whatsapp, "4");
    assert.match(billEn[0] as string, /^Bill Nov 2026: Rs 1,245.50, due 15 Dec 2026/);
    assert.equal((await say(OWNER.whatsapp, "हिंदी"))[0], WORDS.hi.menu);
  });

  test("a no-supply complaint behind a known outage joins it and the reply carries its ETR", async () => {
    const sender = "919826033333";
    await buildConsumer(t.repos, tree, {
      consumerNo: "7101000003",
      dtCode: "TF1-T1",
      mobiles: [{ mobile: "9826033333", verified: true, language: "hi" }],
    });
    // (The outage on TF1-T1 is the one the first test opened.)
    const cats = await say(sender, "1");
    const line = (cats[0] as string).split("\n").find((l) => l.endsWith("बिजली बंद (एक उपभोक्ता)")) as string;
    await say(sender, line.split(" ")[0] as string);
    const done = await say(sender, "हाँ");
    assert.match(done[0] as string, /शिकायत क्रमांक: \w+/);
    assert.match(done[0] as string, /ज्ञात खराबी से बिजली बंद है; बहाली का अनुमानित समय: 3 दिस॰, शाम 7:00/);
  });

  test("a stranger gets nothing private before the code; the code goes to the consumer's mobile; the right code verifies", async () => {
    const hello = await say(STRANGER, "4");
    assert.deepEqual(hello, [WORDS.hi.askConsumerVerify]);
    const sent = await say(STRANGER, VICTIM.consumerNo);
    assert.match(sent[0] as string, /6 अंकों का कोड/);
    assert.ok(!sent.some((s) => s.includes("2222")), "not even the last digits of the victim's mobile");
    const sms = await outboxTo(VICTIM.mobile);
    assert.equal(sms.length, 1);
    assert.equal(sms[0]?.template, "whatsapp_otp");
    assert.equal(sms[0]?.language, "hi");
    const code = /^(\d{6}) /.exec(sms[0]?.body ?? "")?.[1] as string;
    assert.ok(code, sms[0]?.body);
    let conv = await conversationOf(STRANGER);
    assert.equal(conv.consumer_id, null);
    assert.equal(conv.consumer_verified, false);

    // Wrong codes: tries counted, nothing told.
    const wrongCode = code === "000000" ? "111111" : "000000";
    const wrong = await say(STRANGER, wrongCode);
    assert.deepEqual(wrong, [WORDS.hi.otpWrong(4)]);
    // Asking again for the bill without the code: asked for the consumer again, no bill.
    const again = await say(STRANGER, "#");
    assert.equal(again[0], WORDS.hi.menu);
    const bill = await say(STRANGER, "4");
    assert.deepEqual(bill, [WORDS.hi.askConsumerVerify]);
    const sent2 = await say(STRANGER, VICTIM.consumerNo);
    assert.match(sent2[0] as string, /6 अंकों का कोड/);
    const code2 = /^(\d{6}) /.exec((await outboxTo(VICTIM.mobile))[1]?.body ?? "")?.[1] as string;
    // The first code no longer counts.
    if (code2 !== code) assert.deepEqual(await say(STRANGER, code), [WORDS.hi.otpWrong(4)]);
    const verified = await say(STRANGER, code2);
    assert.equal(verified[0], WORDS.hi.verified(VICTIM.consumerNo));
    assert.match(verified[1] as string, /कोई बिल नहीं/);
    conv = await conversationOf(STRANGER);
    assert.equal(conv.consumer_verified, true);
    assert.equal(conv.consumer_id !== null, true);
  });

  test("a stranger may register a complaint with a consumer number: marked as from an unregistered mobile", async () => {
    const sender = "919826044444";
    assert.deepEqual(await say(sender, "1"), [WORDS.hi.askConsumerComplaint]);
    assert.deepEqual(await say(sender, "99999999"), [WORDS.hi.consumerNotFound]);
    const cats = await say(sender, VICTIM.mobile);
    assert.match(cats[0] as string, /शिकायत का प्रकार चुनें/);
    const meter = (cats[0] as string).split("\n").find((l) => l.endsWith("मीटर बंद, जला या तेज़")) as string;
    await say(sender, meter.split(" ")[0] as string);
    const done = await say(sender, "1");
    const c = await t.database.db
      .selectFrom("complaints")
      .select(["number", "from_unregistered_mobile"])
      .where("caller_phone", "=", "9826044444")
      .executeTakeFirstOrThrow();
    assert.equal(c.from_unregistered_mobile, true);
    assert.match(done[0] as string, new RegExp(c.number));
    const conv = await conversationOf(sender);
    assert.equal(conv.consumer_verified, false);
    // ...and still nothing private.
    assert.deepEqual(await say(sender, "2"), [WORDS.hi.askConsumerVerify]);
  });

  test("the same message handled twice is answered once", async () => {
    const sender = "919826055555";
    const first = await say(sender, "hello");
    assert.equal(first.length, 1);
    const conv = await conversationOf(sender);
    const msg = await t.database.db
      .selectFrom("conversation_messages")
      .select("id")
      .where("conversation_id", "=", conv.id)
      .where("direction", "=", "in")
      .executeTakeFirstOrThrow();
    // The event again (a retried intake), twice at once.
    t.services.events.publishCommitted({
      type: Events.ConversationMessageReceived,
      conversationId: Number(conv.id),
      messageId: Number(msg.id),
      channel: "whatsapp",
      status: "bot",
    });
    assert.deepEqual(await deliver(Number(conv.id), Number(msg.id)), first);
  });

  test("two messages of one conversation delivered at once are answered in order, each once", async () => {
    const sender = "919826012121";
    await say(sender, "नमस्ते");
    const conv = await conversationOf(sender);
    const db = t.database.db;
    const ids: number[] = [];
    for (const [i, body] of ["EN", "5"].entries()) {
      const m = await db
        .insertInto("conversation_messages")
        .values({
          conversation_id: conv.id,
          channel: "whatsapp",
          direction: "in",
          author: "consumer",
          platform_message_id: `wamid.burst.${i}`,
          body,
          status: "received",
          at: clock(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      ids.push(Number(m.id));
    }
    for (const id of ids)
      t.services.events.publishCommitted({
        type: Events.ConversationMessageReceived,
        conversationId: Number(conv.id),
        messageId: id,
        channel: "whatsapp",
        status: "bot",
      });
    const replies = await deliver(Number(conv.id), ids[0] as number);
    assert.equal(replies.length, 2);
    assert.equal(replies[0], WORDS.en.menu);
    assert.ok(
      replies[1]?.startsWith("No new connection application was found for this mobile number."),
      "the second answered in the language the first chose",
    );
  });

  test("a flood gets one notice, then silence; 'agent' still gets through", async () => {
    const sender = "919826066666";
    const answered: string[][] = [];
    for (let i = 0; i < 24; i++) answered.push(await say(sender, `spam ${i}`));
    assert.ok(answered.slice(0, 20).every((r) => r.length === 1));
    assert.deepEqual(answered[20], [WORDS.hi.flood]);
    assert.deepEqual(answered.slice(21), [[], [], []]);
    const handed = await say(sender, "एजेंट");
    assert.deepEqual(handed, [WORDS.hi.handover]);
  });

  test("'agent' hands the conversation to the inbox: status new, first response due, a note, an event", async () => {
    const sender = "919826077777";
    const changed: unknown[] = [];
    t.services.events.onCommitted(Events.ConversationChanged, (e) => {
      changed.push(e);
    });
    await t.repos.settings.set("inbox.first_response_minutes", 20);
    await say(sender, "नमस्ते");
    await say(sender, "1");
    const handed = await say(sender, "0");
    assert.deepEqual(handed, [WORDS.hi.handover]);
    const conv = await conversationOf(sender);
    assert.equal(conv.status, "new");
    assert.equal(
      conv.first_response_due?.toISOString(),
      new Date(clock().getTime() + 20 * 60_000).toISOString(),
    );
    const note = await t.database.db
      .selectFrom("conversation_messages")
      .select(["body", "author", "status"])
      .where("conversation_id", "=", conv.id)
      .where("author", "=", "system")
      .executeTakeFirstOrThrow();
    assert.match(note.body, /Handed over by the WhatsApp bot/);
    assert.ok(changed.some((e) => (e as { conversationId: number }).conversationId === Number(conv.id)));
    // The whole history stays on the conversation; the bot no longer answers it.
    const history = await t.database.db
      .selectFrom("conversation_messages")
      .select("author")
      .where("conversation_id", "=", conv.id)
      .execute();
    assert.equal(history.filter((h) => h.author === "consumer").length, 3);
    assert.deepEqual(await say(sender, "4", "wamid.after-handover"), []);
  });

  test("every reply queued is announced to the sender", async () => {
    const queued: number[] = [];
    t.services.events.onCommitted(Events.ConversationReplyQueued, (e) => {
      queued.push(e.messageId);
    });
    const sender = "919826088888";
    await say(sender, "hello");
    const conv = await conversationOf(sender);
    const rows = await t.database.db
      .selectFrom("conversation_messages")
      .select("id")
      .where("conversation_id", "=", conv.id)
      .where("author", "=", "bot")
      .execute();
    assert.deepEqual(
      queued,
      rows.map((r) => Number(r.id)),
    );
  });
  // Last: it moves the clock past the lease.
  test("a message claimed by a process that died before answering is answered by the sweep after the lease, once", async () => {
    const sender = "919826077007";
    await say(sender, "नमस्ते");
    const conv = await conversationOf(sender);
    // The consumer writes again; the process that takes it claims it and dies (no reply written).
    const msg = await t.database.db
      .insertInto("conversation_messages")
      .values({
        conversation_id: conv.id,
        channel: "whatsapp",
        direction: "in",
        author: "consumer",
        platform_message_id: `wamid.dead${++seq}`,
        body: "5",
        status: "received",
        at: clock(),
      })
      .returning("id")
      .executeTakeFirstOrThrow();
    const dead = new BotRepository(t.database.db);
    const until = new Date(clock().getTime() + CLAIM_LEASE_MS);
    assert.ok(await dead.claim(Number(conv.id), Number(msg.id), clock(), until));
    const replies = () =>
      t.database.db
        .selectFrom("conversation_messages")
        .select("body")
        .where("conversation_id", "=", conv.id)
        .where("id", ">", Number(msg.id))
        .where("author", "=", "bot")
        .execute();
    // Within the lease it is the dead process's: neither the event again nor the sweep answers it.
    assert.deepEqual(await deliver(Number(conv.id), Number(msg.id)), []);
    assert.deepEqual(await t.services.bot.sweep(), { answered: 0 });
    // After the lease the sweep answers it (5: a new connection, call 1912), once.
    clock.advance(CLAIM_LEASE_MS + 1);
    assert.deepEqual(await t.services.bot.sweep(), { answered: 1 });
    const answered = await replies();
    assert.equal(answered.length, 1);
    assert.match(answered[0]?.body ?? "", /1912/);
    assert.deepEqual(await t.services.bot.sweep(), { answered: 0 });
    assert.equal((await replies()).length, 1);
  });

  test("5: the sender's own new-connection applications, stage and next step in his language; another sender's number gets how to apply", async () => {
    const applicant = { mobile: "9826033333", whatsapp: "919826033333" };
    const p = await onlineApplicationPrincipal(() => t.repos.recipients.company())();
    const r = await t.services.connections.create(p, {
      applicantName: "Sunita Devi",
      mobile: applicant.mobile,
      address: "H.No. 7, Gandhi Chowk",
      dcCode: "TDC1",
      category: "domestic",
      loadKw: 2,
    });
    assert.equal(r.kind, "created");
    const number = r.kind === "created" ? r.application.number : "";
    await say(applicant.whatsapp, "नमस्ते");
    const [hi] = await say(applicant.whatsapp, "5");
    assert.ok(hi?.startsWith(WORDS.hi.applicationsHead), hi);
    assert.match(hi ?? "", new RegExp(`${number}: ${STAGE_WORDS.hi.applied}`));
    assert.match(hi ?? "", /अगला कदम: .*दस्तावेज़/);
    await say(applicant.whatsapp, "EN");
    const [en] = await say(applicant.whatsapp, "5");
    assert.match(en ?? "", new RegExp(`${number}: registered\\.\nNext: Give the missing documents`));
    // Anyone else (a consumer or a stranger) sees none of it: only how to apply.
    for (const sender of [STRANGER, OWNER.whatsapp]) {
      const [none] = await say(sender, "5");
      assert.doesNotMatch(none ?? "", new RegExp(number));
      assert.match(none ?? "", /\/portal\/apply/);
    }
  });
});
