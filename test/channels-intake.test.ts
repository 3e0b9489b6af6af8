// Issue 14 §1, the channels' webhooks and senders, against the real database and a local fake
// of the platforms' APIs: signatures (good, bad, missing, replay), verification and CRC, a
// channel that is off, WhatsApp messages and statuses, the 24-hour window, a processing
// failure retried from the stored body, malformed and oversized bodies, a flooding sender.
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { fixedClock } from "../src/lib/clock.ts";
import type { AppEvent } from "../src/modules/events.ts";
import { createSmsWebhook } from "../src/modules/notifications/delivery.ts";
import { buildOrgTree } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";
import {
  channelEnv,
  type FakeGraph,
  metaSign,
  startFakeGraph,
  whatsappWebhook,
  xSign,
} from "./helpers/fake-graph.ts";
import { until } from "./helpers/until.ts";

const clock = fixedClock("2026-12-03T11:00:00+05:30");
let t: TestApp;
let fake: FakeGraph;
const env = channelEnv("http://placeholder");
const received: Extract<AppEvent, { type: "conversation.message_received" }>[] = [];

before(async () => {
  fake = await startFakeGraph();
  t = await createTestApp({ clock, env: channelEnv(fake.url) });
  await buildOrgTree(t.repos);
  t.services.events.onCommitted("conversation.message_received", (e) => {
    received.push(e);
  });
});
after(async () => {
  await t?.close();
  await fake?.close();
});

type Channel = "whatsapp" | "meta" | "x";
const SECRET: Record<Channel, string> = {
  whatsapp: env.WHATSAPP_APP_SECRET as string,
  meta: env.META_APP_SECRET as string,
  x: env.X_CONSUMER_SECRET as string,
};

/** Posts a body as the platform would: signed, unless `signature` says otherwise (null: no header). */
function post(channel: Channel, body: unknown, signature?: string | null) {
  const raw = Buffer.isBuffer(body)
    ? body
    : Buffer.from(typeof body === "string" ? body : JSON.stringify(body));
  const header = channel === "x" ? "x-twitter-webhooks-signature" : "x-hub-signature-256";
  const good = channel === "x" ? xSign(SECRET.x, raw) : metaSign(SECRET[channel], raw);
  const sig = signature === undefined ? good : signature;
  return t.app.inject({
    method: "POST",
    url: `/api/channels/${channel}/webhook`,
    headers: { "content-type": "application/json", ...(sig === null ? {} : { [header]: sig }) },
    payload: raw,
  });
}

const db = () => t.database.db;
const countWebhooks = async () =>
  Number(
    (
      await db()
        .selectFrom("channel_webhooks")
        .select((eb) => eb.fn.countAll().as("n"))
        .executeTakeFirstOrThrow()
    ).n,
  );
const messagesBy = (channel: string, platformId: string) =>
  db()
    .selectFrom("conversation_messages")
    .selectAll()
    .where("channel", "=", channel as "x")
    .where("platform_message_id", "=", platformId)
    .execute();
const conversationOf = (id: number) =>
  db().selectFrom("conversations").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

let seq = 0;
const nextId = (prefix: string) => `${prefix}${Date.now().toString(36)}${++seq}`;

/** An outgoing message as the inbox or the bot queues it. */
async function queueReply(conversationId: number, body: string, extra: { template?: string } = {}) {
  const c = await conversationOf(conversationId);
  const r = await db()
    .insertInto("conversation_messages")
    .values({
      conversation_id: conversationId,
      channel: c.channel,
      direction: "out",
      author: "agent",
      body,
      status: "pending",
      at: clock(),
      ...(extra.template ? { template: extra.template, kind: "template" as const } : {}),
    })
    .returning("id")
    .executeTakeFirstOrThrow();
  return Number(r.id);
}
const messageRow = (id: number) =>
  db().selectFrom("conversation_messages").selectAll().where("id", "=", id).executeTakeFirstOrThrow();

describe(`channel webhooks (${driverName})`, () => {
  test("WhatsApp and Meta verification answer the challenge as text; X's CRC the HMAC", async () => {
    for (const [channel, token] of [
      ["whatsapp", env.WHATSAPP_VERIFY_TOKEN],
      ["meta", env.META_VERIFY_TOKEN],
    ] as const) {
      const ok = await t.app.inject({
        method: "GET",
        url: `/api/channels/${channel}/webhook?hub.mode=subscribe&hub.verify_token=${token}&hub.challenge=1158201444`,
      });
      assert.equal(ok.statusCode, 200, ok.body);
      assert.equal(ok.body, "1158201444");
      assert.match(String(ok.headers["content-type"]), /^text\/plain/);
      const wrong = await t.app.inject({
        method: "GET",
        url: `/api/channels/${channel}/webhook?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1`,
      });
      assert.equal(wrong.statusCode, 403);
      assert.equal(wrong.json().field, "hub.verify_token");
    }
    const crc = await t.app.inject({ method: "GET", url: "/api/channels/x/webhook?crc_token=abc123" });
    assert.equal(crc.statusCode, 200, crc.body);
    const expected = `sha256=${createHmac("sha256", SECRET.x).update("abc123").digest("base64")}`;
    assert.deepEqual(crc.json(), { response_token: expected });
    const none = await t.app.inject({ method: "GET", url: "/api/channels/x/webhook" });
    assert.equal(none.statusCode, 400);
    assert.equal(none.json().field, "crc_token");
  });

  test("a channel whose secrets are unset answers 404 on both methods", async () => {
    const onlyWhatsApp = await createTestApp({
      env: { WHATSAPP_VERIFY_TOKEN: "v", WHATSAPP_APP_SECRET: "s" },
    });
    try {
      for (const channel of ["meta", "x"]) {
        for (const method of ["GET", "POST"] as const) {
          const r = await onlyWhatsApp.app.inject({
            method,
            url: `/api/channels/${channel}/webhook?hub.mode=subscribe&crc_token=1`,
            headers: { "content-type": "application/json" },
            ...(method === "POST" ? { payload: "{}" } : {}),
          });
          assert.equal(r.statusCode, 404, `${method} ${channel}: ${r.body}`);
        }
      }
      const on = await onlyWhatsApp.app.inject({
        method: "GET",
        url: "/api/channels/whatsapp/webhook?hub.mode=subscribe&hub.verify_token=v&hub.challenge=7",
      });
      assert.equal(on.body, "7");
    } finally {
      await onlyWhatsApp.close();
    }
  });

  test("WhatsApp: a signed message opens a bot conversation; bad or missing signatures store nothing; a replay creates nothing", async () => {
    const from = "919826000001";
    const id = nextId("wamid.IN");
    const body = JSON.stringify(
      whatsappWebhook({ messages: [{ from, id, at: clock(), text: "बिजली नहीं है", name: "Ramesh" }] }),
    );
    const before = await countWebhooks();
    const bad = await post("whatsapp", body, metaSign("not-the-secret", body));
    assert.equal(bad.statusCode, 401, bad.body);
    const missing = await post("whatsapp", body, null);
    assert.equal(missing.statusCode, 401);
    const garbage = await post("whatsapp", body, "sha256=zz");
    assert.equal(garbage.statusCode, 401);
    assert.equal(await countWebhooks(), before, "nothing stored for a bad signature");

    const ok = await post("whatsapp", body);
    assert.equal(ok.statusCode, 200, ok.body);
    assert.deepEqual(ok.json(), { received: true, stored: true });
    await t.services.idle();
    const [m] = await messagesBy("whatsapp", id);
    assert.ok(m, "the message is stored");
    assert.equal(m.body, "बिजली नहीं है");
    assert.equal(m.direction, "in");
    assert.ok(m.webhook_id);
    const c = await conversationOf(m.conversation_id);
    assert.equal(c.status, "bot");
    assert.equal(c.sender_id, from);
    assert.equal(c.sender_name, "Ramesh");
    assert.equal(c.visibility, "direct");
    assert.equal(new Date(c.last_inbound_at as Date).getTime(), Math.floor(clock().getTime() / 1000) * 1000);
    const event = received.find((e) => e.messageId === Number(m.id));
    assert.deepEqual(event, {
      type: "conversation.message_received",
      conversationId: Number(c.id),
      messageId: Number(m.id),
      channel: "whatsapp",
      status: "bot",
    });
    const wh = await db()
      .selectFrom("channel_webhooks")
      .selectAll()
      .where("id", "=", m.webhook_id as number)
      .executeTakeFirstOrThrow();
    assert.equal(wh.status, "processed");
    assert.equal(wh.body, body, "the raw body, exactly");

    // The same delivery again: nothing new. The same message in another body: stored body, no new message.
    const replay = await post("whatsapp", body);
    assert.deepEqual(replay.json(), { received: true, stored: false });
    const other = JSON.stringify({ ...JSON.parse(body), extra: 1 });
    assert.equal((await post("whatsapp", other)).json().stored, true);
    await t.services.idle();
    assert.equal((await messagesBy("whatsapp", id)).length, 1);
    const conversations = await db()
      .selectFrom("conversations")
      .select("id")
      .where("sender_id", "=", from)
      .execute();
    assert.equal(conversations.length, 1);
    assert.equal(received.filter((e) => e.messageId === Number(m.id)).length, 1);

    // A second message joins the open conversation; images and button replies are kept.
    const img = nextId("wamid.IMG");
    const btn = nextId("wamid.BTN");
    await post(
      "whatsapp",
      whatsappWebhook({
        messages: [
          { from, id: img, at: clock(), image: { id: "MEDIA123", caption: "तार टूटा" } },
          { from, id: btn, at: clock(), button: { id: "cat_no_supply", title: "बिजली बंद" } },
        ],
      }),
    );
    await t.services.idle();
    const [image] = await messagesBy("whatsapp", img);
    assert.equal(image?.kind, "image");
    assert.equal(image?.media_url, "MEDIA123");
    assert.equal(image?.body, "तार टूटा");
    assert.equal(image?.conversation_id, m.conversation_id);
    assert.equal((await messagesBy("whatsapp", btn))[0]?.body, "बिजली बंद");
  });

  test("malformed or oversized: 400, kept as failed only when signed", async () => {
    const broken = '{"entry": [';
    const before = await countWebhooks();
    const unsigned = await post("whatsapp", broken, metaSign("wrong", broken));
    assert.equal(unsigned.statusCode, 401);
    assert.equal(await countWebhooks(), before);
    const signed = await post("whatsapp", broken);
    assert.equal(signed.statusCode, 400);
    assert.equal(signed.json().error, "malformed_json");
    const kept = await db().selectFrom("channel_webhooks").selectAll().where("body", "=", broken).execute();
    assert.equal(kept.length, 1);
    assert.equal(kept[0]?.status, "failed");
    const notObject = await post("meta", "[1,2]");
    assert.equal(notObject.statusCode, 400);

    const big = Buffer.from(JSON.stringify({ object: "page", pad: "x".repeat(1_200_000) }));
    const unsignedBig = await post("meta", big, "sha256=00");
    assert.equal(unsignedBig.statusCode, 401);
    const signedBig = await post("meta", big);
    assert.equal(signedBig.statusCode, 400, signedBig.body);
    assert.equal(signedBig.json().error, "body_too_large");
    const bigRow = await db()
      .selectFrom("channel_webhooks")
      .select(["status", "last_error"])
      .where("channel", "=", "meta")
      .where("last_error", "like", "too large%")
      .execute();
    assert.equal(bigRow.length, 1);
    assert.equal(bigRow[0]?.status, "failed");
    assert.equal(await countWebhooks(), before + 3);
  });

  test("a processing failure leaves the stored body, retried with back-off until it goes through", async () => {
    // A real failure, once: a trigger refuses the first insert of this text (a sequence counts across rollbacks).
    await sql`create sequence if not exists fail_once_seq`.execute(db());
    await sql`
      create or replace function fail_once() returns trigger language plpgsql as $$
      begin
        if new.body = 'FAIL ONCE' and nextval('fail_once_seq') = 1 then
          raise exception 'injected failure';
        end if;
        return new;
      end $$`.execute(db());
    await sql`create trigger fail_once before insert on conversation_messages for each row execute function fail_once()`.execute(
      db(),
    );
    try {
      const id = nextId("wamid.RETRY");
      const r = await post(
        "whatsapp",
        whatsappWebhook({ messages: [{ from: "919826000002", id, at: clock(), text: "FAIL ONCE" }] }),
      );
      assert.equal(r.statusCode, 200);
      await t.services.idle();
      assert.equal((await messagesBy("whatsapp", id)).length, 0);
      const [row] = await db()
        .selectFrom("channel_webhooks")
        .selectAll()
        .where("body", "like", `%${id}%`)
        .execute();
      assert.equal(row?.status, "pending");
      assert.equal(row?.attempts, 1);
      assert.match(row?.last_error ?? "", /injected failure/);
      assert.ok(row?.run_after && new Date(row.run_after) > clock());
      // Not before its back-off...
      assert.deepEqual(await t.services.channelIntake.drain(), { processed: 0, failed: 0 });
      clock.advance(6_000);
      assert.deepEqual(await t.services.channelIntake.drain(), { processed: 1, failed: 0 });
      const [m] = await messagesBy("whatsapp", id);
      assert.equal(m?.body, "FAIL ONCE");
      const done = await db()
        .selectFrom("channel_webhooks")
        .selectAll()
        .where("id", "=", row?.id as number)
        .executeTakeFirstOrThrow();
      assert.equal(done.status, "processed");
    } finally {
      await sql`drop trigger fail_once on conversation_messages`.execute(db());
    }
  });

  test("a sender past 20 messages a minute is slowed: all stored, only 20 raised as new work", async () => {
    const from = "919826000003";
    const ids = Array.from({ length: 25 }, () => nextId("wamid.FLOOD"));
    const before = received.length;
    // In several deliveries, as a flood comes.
    for (let i = 0; i < 25; i += 5)
      await post(
        "whatsapp",
        whatsappWebhook({
          messages: ids.slice(i, i + 5).map((id, k) => ({ from, id, at: clock(), text: `spam ${i + k}` })),
        }),
      );
    await t.services.idle();
    const stored = await db()
      .selectFrom("conversation_messages")
      .select("id")
      .where("platform_message_id", "in", ids)
      .execute();
    assert.equal(stored.length, 25);
    const raised = received.slice(before).filter((e) => stored.some((s) => Number(s.id) === e.messageId));
    assert.equal(raised.length, 20);
    // Another sender is not held up.
    const other = nextId("wamid.OTHER");
    await post(
      "whatsapp",
      whatsappWebhook({ messages: [{ from: "919826000004", id: other, at: clock(), text: "hello" }] }),
    );
    await t.services.idle();
    const [m] = await messagesBy("whatsapp", other);
    assert.ok(received.some((e) => e.messageId === Number(m?.id)));
  });
});

describe(`WhatsApp sending (${driverName})`, () => {
  test("a pending reply goes to the Graph API as text; statuses move it forward, never back", async () => {
    const from = "919826000010";
    const inId = nextId("wamid.IN");
    await post("whatsapp", whatsappWebhook({ messages: [{ from, id: inId, at: clock(), text: "status?" }] }));
    await t.services.idle();
    const conversationId = (await messagesBy("whatsapp", inId))[0]?.conversation_id as number;
    const outId = await queueReply(conversationId, "आपकी शिकायत दर्ज है");
    const sends = fake.requests.filter((r) => r.path === "/1055501/messages").length;
    // The queued reply's event kicks the sender at once.
    t.services.events.publishCommitted({
      type: "conversation.reply_queued",
      conversationId,
      messageId: outId,
      channel: "whatsapp",
    });
    const req = await fake.waitFor(/^\/1055501\/messages$/, sends + 1);
    assert.equal(req.authorization, "Bearer wa-token");
    assert.deepEqual(req.body, {
      messaging_product: "whatsapp",
      recipient_type: "individual",
      to: from,
      type: "text",
      text: { preview_url: false, body: "आपकी शिकायत दर्ज है" },
    });
    await t.services.idle();
    const sent = await messageRow(outId);
    assert.equal(sent.status, "sent");
    assert.match(sent.platform_message_id ?? "", /^wamid\.FAKE/);
    const wamid = sent.platform_message_id as string;

    for (const status of ["delivered", "read"] as const) {
      await post("whatsapp", whatsappWebhook({ statuses: [{ id: wamid, status, to: from, at: clock() }] }));
      await t.services.idle();
      assert.equal((await messageRow(outId)).status, status);
    }
    // A late "delivered" does not undo "read".
    await post("whatsapp", {
      ...whatsappWebhook({ statuses: [{ id: wamid, status: "delivered", to: from, at: clock() }] }),
      late: true,
    });
    await t.services.idle();
    assert.equal((await messageRow(outId)).status, "read");

    // A failed delivery is recorded with the platform's words.
    const out2 = await queueReply(conversationId, "second");
    await t.services.channelSender.drain();
    const wamid2 = (await messageRow(out2)).platform_message_id as string;
    await post(
      "whatsapp",
      whatsappWebhook({
        statuses: [
          {
            id: wamid2,
            status: "failed",
            to: from,
            at: clock(),
            error: "Message failed to send because more than 24 hours have passed",
          },
        ],
      }),
    );
    await t.services.idle();
    const failed = await messageRow(out2);
    assert.equal(failed.status, "failed");
    assert.match(failed.error ?? "", /131026 Message undeliverable Message failed to send/);
  });

  test("end to end: a signed WhatsApp message reaches the bot, and its Hindi answer reaches the Graph API", async () => {
    const from = "919826000014";
    const id = nextId("wamid.E2E");
    await post("whatsapp", whatsappWebhook({ messages: [{ from, id, at: clock(), text: "नमस्ते" }] }));
    // Nothing but the webhook: intake, the bot and the sender do the rest on their own.
    const answer = await until("the bot's answer at the fake Graph API", () =>
      fake.requests.find((r) => (r.body as { to?: string } | undefined)?.to === from),
    );
    await t.services.idle();
    const body = answer.body as { type?: string; text?: { body?: string } };
    assert.equal(body.type, "text");
    assert.match(body.text?.body ?? "", /[\u0900-\u097F]/);
    const [m] = await messagesBy("whatsapp", id);
    const out = await db()
      .selectFrom("conversation_messages")
      .select(["status", "platform_message_id", "author"])
      .where("conversation_id", "=", m?.conversation_id as number)
      .where("direction", "=", "out")
      .execute();
    assert.ok(out.length >= 1);
    for (const o of out) {
      assert.equal(o.author, "bot");
      assert.equal(o.status, "sent");
      assert.match(o.platform_message_id ?? "", /^wamid\.FAKE/);
    }
  });

  test("a status that comes before the send is recorded is applied when the body is tried again", async () => {
    const from = "919826000013";
    const inId = nextId("wamid.IN");
    await post("whatsapp", whatsappWebhook({ messages: [{ from, id: inId, at: clock(), text: "hi" }] }));
    await t.services.idle();
    const conversationId = (await messagesBy("whatsapp", inId))[0]?.conversation_id as number;
    const early = nextId("wamid.EARLY");
    await post(
      "whatsapp",
      whatsappWebhook({ statuses: [{ id: early, status: "delivered", to: from, at: clock() }] }),
    );
    await t.services.idle();
    const [row] = await db()
      .selectFrom("channel_webhooks")
      .selectAll()
      .where("body", "like", `%${early}%`)
      .execute();
    assert.equal(row?.status, "pending");
    assert.match(row?.last_error ?? "", /not recorded yet/);
    // The sender records it (as it does once the platform answered).
    const out = await queueReply(conversationId, "x");
    await db()
      .updateTable("conversation_messages")
      .set({ status: "sent", platform_message_id: early })
      .where("id", "=", out)
      .execute();
    clock.advance(6_000);
    await t.services.channelIntake.drain();
    assert.equal((await messageRow(out)).status, "delivered");
    // An id never recorded is let go after a few tries.
    const stray = nextId("wamid.STRAY");
    await post(
      "whatsapp",
      whatsappWebhook({ statuses: [{ id: stray, status: "read", to: from, at: clock() }] }),
    );
    for (let i = 0; i < 3; i++) {
      await t.services.channelIntake.drain();
      clock.advance(60_000);
    }
    const [strayRow] = await db()
      .selectFrom("channel_webhooks")
      .selectAll()
      .where("body", "like", `%${stray}%`)
      .execute();
    assert.equal(strayRow?.status, "processed");
  });

  test("outside the 24-hour window a free-text reply goes as the approved fallback template; a named template as itself", async () => {
    const from = "919826000011";
    const inId = nextId("wamid.IN");
    await post("whatsapp", whatsappWebhook({ messages: [{ from, id: inId, at: clock(), text: "hi" }] }));
    await t.services.idle();
    const conversationId = (await messagesBy("whatsapp", inId))[0]?.conversation_id as number;
    const start = clock().getTime();
    try {
      clock.advance(25 * 3600_000);
      const outId = await queueReply(conversationId, "आपकी शिकायत\nहल हो गई");
      await t.services.channelSender.drain();
      const req = fake.requests.filter((r) => (r.body as { to?: string })?.to === from).at(-1);
      assert.deepEqual((req?.body as { template?: unknown } | undefined)?.template, {
        name: "powerdesk_reply",
        language: { code: "hi" },
        components: [{ type: "body", parameters: [{ type: "text", text: "आपकी शिकायत हल हो गई" }] }],
      });
      const row = await messageRow(outId);
      assert.equal(row.status, "sent");
      assert.equal(row.template, "powerdesk_reply");

      const named = await queueReply(conversationId, "PD-2026-000123", { template: "complaint_registered" });
      await t.services.channelSender.drain();
      const req2 = fake.requests.filter((r) => (r.body as { to?: string })?.to === from).at(-1);
      assert.equal(
        (req2?.body as { template?: { name?: string } } | undefined)?.template?.name,
        "complaint_registered",
      );
      assert.equal((await messageRow(named)).status, "sent");

      // The consumer writes again: free text once more.
      const again = nextId("wamid.IN");
      await post(
        "whatsapp",
        whatsappWebhook({ messages: [{ from, id: again, at: clock(), text: "thanks" }] }),
      );
      await t.services.idle();
      await queueReply(conversationId, "welcome");
      await t.services.channelSender.drain();
      const req3 = fake.requests.filter((r) => (r.body as { to?: string })?.to === from).at(-1);
      assert.equal((req3?.body as { type?: string } | undefined)?.type, "text");
    } finally {
      clock.set(new Date(start));
    }
  });

  test("a 4xx fails the message with the platform's error; a 5xx is retried with back-off", async () => {
    const from = "919826000012";
    const inId = nextId("wamid.IN");
    await post("whatsapp", whatsappWebhook({ messages: [{ from, id: inId, at: clock(), text: "hi" }] }));
    await t.services.idle();
    const conversationId = (await messagesBy("whatsapp", inId))[0]?.conversation_id as number;

    fake.fail({
      status: 400,
      body: { error: { message: "(#131030) Recipient phone number not in allowed list", code: 131030 } },
      path: /messages$/,
    });
    const refused = await queueReply(conversationId, "one");
    await t.services.channelSender.drain();
    const r1 = await messageRow(refused);
    assert.equal(r1.status, "failed");
    assert.equal(r1.error, "HTTP 400: (#131030) Recipient phone number not in allowed list (131030)");

    fake.fail({ status: 503, path: /messages$/ });
    const later = await queueReply(conversationId, "two");
    await t.services.channelSender.drain();
    const r2 = await messageRow(later);
    assert.equal(r2.status, "pending");
    assert.equal(r2.attempts, 1);
    assert.match(r2.error ?? "", /HTTP 503/);
    clock.advance(6_000);
    await t.services.channelSender.drain();
    const r3 = await messageRow(later);
    assert.equal(r3.status, "sent");
    assert.equal(r3.attempts, 2);
  });
});

describe(`senders and workers side by side (${driverName})`, () => {
  test("two senders draining at once send each pending message once (SKIP LOCKED and a lease)", async () => {
    const { ChannelSender } = await import("../src/modules/channels/sender.ts");
    const { loadConfig } = await import("../src/config.ts");
    const other = new ChannelSender(
      t.repos.conversations,
      loadConfig({ DATA_DIR: "/x", ...channelEnv(fake.url) }).channels,
      clock,
    );
    const from = "919826000030";
    const inId = nextId("wamid.IN");
    await post("whatsapp", whatsappWebhook({ messages: [{ from, id: inId, at: clock(), text: "hi" }] }));
    await t.services.idle();
    const conversationId = (await messagesBy("whatsapp", inId))[0]?.conversation_id as number;
    const ids: number[] = [];
    for (let i = 0; i < 12; i++) ids.push(await queueReply(conversationId, `reply ${i}`));
    const [a, b] = await Promise.all([t.services.channelSender.drain(), other.drain()]);
    assert.equal(a.sent + b.sent, 12);
    // The bot's own answer to "hi" went out before; these are the agent's twelve.
    const toHim = fake.requests.filter(
      (r) =>
        (r.body as { to?: string } | undefined)?.to === from &&
        /^reply \d+$/.test((r.body as { text?: { body?: string } }).text?.body ?? ""),
    );
    assert.equal(toHim.length, 12);
    assert.deepEqual(
      new Set(toHim.map((r) => (r.body as { text: { body: string } }).text.body)).size,
      12,
      "each reply once",
    );
    for (const id of ids) assert.equal((await messageRow(id)).status, "sent");
  });

  test("an API-only process stores the body and leaves it to the workers' sweep", async () => {
    const api = await createTestApp({ clock, env: channelEnv(fake.url) });
    try {
      // As `serve --role api` wires it.
      const { createServices } = await import("../src/modules/registry.ts");
      const { loadConfig } = await import("../src/config.ts");
      const apiServices = createServices(api.database, api.repos, {
        clock,
        channels: loadConfig({ DATA_DIR: "/x", ...channelEnv(fake.url) }).channels,
        processesWebhooks: false,
      });
      const id = nextId("wamid.API");
      const raw = Buffer.from(
        JSON.stringify(
          whatsappWebhook({ messages: [{ from: "919826000031", id, at: clock(), text: "hi" }] }),
        ),
      );
      const ack = await apiServices.channelIntake.receive("whatsapp", raw, {
        "x-hub-signature-256": metaSign(SECRET.whatsapp, raw),
      });
      assert.deepEqual(ack, { received: true, stored: true });
      await apiServices.idle();
      const waiting = await api.database.db
        .selectFrom("channel_webhooks")
        .select("status")
        .where("body", "like", `%${id}%`)
        .executeTakeFirstOrThrow();
      assert.equal(waiting.status, "pending");
      // The worker's job.
      assert.deepEqual(await api.services.channelIntake.drain(), { processed: 1, failed: 0 });
      const m = await api.database.db
        .selectFrom("conversation_messages")
        .select("body")
        .where("platform_message_id", "=", id)
        .execute();
      assert.deepEqual(m, [{ body: "hi" }]);
      await apiServices.close();
    } finally {
      await api.close();
    }
  });

  test("a reply on a channel whose sending is not configured fails with what to set", async () => {
    const noToken = await createTestApp({
      clock,
      env: { WHATSAPP_VERIFY_TOKEN: "v", WHATSAPP_APP_SECRET: "s" },
    });
    try {
      const raw = Buffer.from(
        JSON.stringify(
          whatsappWebhook({
            messages: [{ from: "919826000032", id: nextId("wamid.NT"), at: clock(), text: "hi" }],
          }),
        ),
      );
      await noToken.services.channelIntake.receive("whatsapp", raw, {
        "x-hub-signature-256": metaSign("s", raw),
      });
      await noToken.services.idle();
      const c = await noToken.database.db
        .selectFrom("conversations")
        .select(["id", "channel"])
        .where("sender_id", "=", "919826000032")
        .executeTakeFirstOrThrow();
      const out = await noToken.database.db
        .insertInto("conversation_messages")
        .values({
          conversation_id: c.id,
          channel: c.channel,
          direction: "out",
          author: "bot",
          body: "x",
          status: "pending",
          at: clock(),
        })
        .returning("id")
        .executeTakeFirstOrThrow();
      await noToken.services.channelSender.drain();
      const row = await noToken.database.db
        .selectFrom("conversation_messages")
        .select(["status", "error"])
        .where("id", "=", out.id)
        .executeTakeFirstOrThrow();
      assert.equal(row.status, "failed");
      assert.match(row.error ?? "", /WHATSAPP_TOKEN and WHATSAPP_PHONE_NUMBER_ID/);
    } finally {
      await noToken.close();
    }
  });
});

describe(`X (${driverName})`, () => {
  const US = "1500000000000000001";
  const xBody = (parts: Record<string, unknown>) => ({ for_user_id: US, ...parts });

  test("signatures: good stored, bad and missing 401, replay nothing new", async () => {
    const tweetId = nextId("17");
    const body = JSON.stringify(
      xBody({
        tweet_create_events: [
          {
            id_str: tweetId,
            text: "@MPEZ_Official no power in Adhartal since 2 hours",
            user: { id_str: "2001", screen_name: "ramesh_j", name: "Ramesh" },
            timestamp_ms: String(clock().getTime()),
          },
          // Our own tweet: not a consumer's.
          { id_str: nextId("18"), text: "Restored", user: { id_str: US, screen_name: "MPEZ_Official" } },
        ],
      }),
    );
    const before = await countWebhooks();
    assert.equal((await post("x", body, xSign("wrong", body))).statusCode, 401);
    assert.equal((await post("x", body, null)).statusCode, 401);
    // Meta's header on X's route is not X's signature.
    assert.equal((await post("x", body, metaSign(SECRET.x, body))).statusCode, 401);
    assert.equal(await countWebhooks(), before);
    assert.equal((await post("x", body)).json().stored, true);
    assert.equal((await post("x", body)).json().stored, false);
    await t.services.idle();
    const [m] = await messagesBy("x", tweetId);
    assert.ok(m);
    const c = await conversationOf(m.conversation_id);
    assert.equal(c.visibility, "public");
    assert.equal(c.thread_ref, tweetId);
    assert.equal(c.status, "new");
    assert.equal(c.sender_handle, "ramesh_j");
    assert.equal(c.language, "en");
    assert.equal(new Date(c.first_response_due as Date).getTime(), clock().getTime() + 30 * 60_000);
    const ours = await db()
      .selectFrom("conversation_messages")
      .select("id")
      .where("channel", "=", "x")
      .where("body", "=", "Restored")
      .execute();
    assert.equal(ours.length, 0);

    // Our public reply goes to /2/tweets in reply to it; his answer to our reply joins the thread.
    const out = await queueReply(Number(c.id), "Sorry for the trouble: please DM us your consumer number.");
    await t.services.channelSender.drain();
    const req = fake.requests.filter((r) => r.path === "/2/tweets").at(-1);
    assert.equal(req?.authorization, "Bearer x-bearer-token");
    assert.deepEqual(req?.body, {
      text: "Sorry for the trouble: please DM us your consumer number.",
      reply: { in_reply_to_tweet_id: tweetId },
    });
    const ourTweet = (await messageRow(out)).platform_message_id as string;
    const answer = nextId("19");
    await post(
      "x",
      xBody({
        tweet_create_events: [
          {
            id_str: answer,
            text: "ok",
            in_reply_to_status_id_str: ourTweet,
            user: { id_str: "2001", screen_name: "ramesh_j" },
          },
        ],
      }),
    );
    await t.services.idle();
    assert.equal((await messagesBy("x", answer))[0]?.conversation_id, m.conversation_id);
  });

  test("DMs: a direct conversation; ours left out; a reply goes to the DM endpoint", async () => {
    const dmId = nextId("16");
    await post(
      "x",
      xBody({
        direct_message_events: [
          {
            type: "message_create",
            id: dmId,
            created_timestamp: String(clock().getTime()),
            message_create: {
              target: { recipient_id: US },
              sender_id: "2002",
              message_data: { text: "मेरा बिल गलत है" },
            },
          },
          {
            type: "message_create",
            id: nextId("15"),
            message_create: {
              target: { recipient_id: "2002" },
              sender_id: US,
              message_data: { text: "ours" },
            },
          },
        ],
        users: { "2002": { id: "2002", screen_name: "sita_d", name: "Sita" } },
      }),
    );
    await t.services.idle();
    const [m] = await messagesBy("x", dmId);
    assert.ok(m);
    const c = await conversationOf(m.conversation_id);
    assert.equal(c.visibility, "direct");
    assert.equal(c.thread_ref, "");
    assert.equal(c.sender_handle, "sita_d");
    assert.equal(c.language, "hi");
    await queueReply(Number(c.id), "कृपया उपभोक्ता क्रमांक भेजें");
    await t.services.channelSender.drain();
    const req = fake.requests.at(-1);
    assert.equal(req?.path, "/2/dm_conversations/with/2002/messages");
    assert.deepEqual(req?.body, { text: "कृपया उपभोक्ता क्रमांक भेजें" });
  });
});

describe(`Facebook and Instagram (${driverName})`, () => {
  const PAGE = "PAGE100";

  test("signatures; Messenger and Instagram DMs; page feed comments threaded by post; the page's own left out", async () => {
    const mid = nextId("m_");
    const body = JSON.stringify({
      object: "page",
      entry: [
        {
          id: PAGE,
          time: clock().getTime(),
          messaging: [
            {
              sender: { id: "PSID1" },
              recipient: { id: PAGE },
              timestamp: clock().getTime(),
              message: { mid, text: "Meter jal gaya" },
            },
            {
              sender: { id: PAGE },
              recipient: { id: "PSID1" },
              timestamp: clock().getTime(),
              message: { mid: nextId("m_"), text: "echo", is_echo: true },
            },
          ],
        },
      ],
    });
    const before = await countWebhooks();
    assert.equal((await post("meta", body, metaSign(SECRET.whatsapp, body))).statusCode, 401);
    assert.equal((await post("meta", body, null)).statusCode, 401);
    assert.equal(await countWebhooks(), before);
    assert.equal((await post("meta", body)).json().stored, true);
    assert.equal((await post("meta", body)).json().stored, false);
    await t.services.idle();
    const [dm] = await messagesBy("facebook", mid);
    assert.ok(dm);
    const c = await conversationOf(dm.conversation_id);
    assert.equal(c.channel, "facebook");
    assert.equal(c.visibility, "direct");
    assert.equal(c.status, "new");
    assert.equal(
      (await db().selectFrom("conversation_messages").select("id").where("body", "=", "echo").execute())
        .length,
      0,
    );

    const igMid = nextId("ig_");
    await post("meta", {
      object: "instagram",
      entry: [
        {
          id: "IG1",
          messaging: [
            {
              sender: { id: "IGSID9" },
              recipient: { id: "IG1" },
              timestamp: clock().getTime(),
              message: {
                mid: igMid,
                text: "light nahi hai",
                attachments: [{ type: "image", payload: { url: "https://cdn.example/ig.jpg" } }],
              },
            },
          ],
        },
      ],
    });
    const commentId = nextId("POST1_");
    await post("meta", {
      object: "page",
      entry: [
        {
          id: PAGE,
          changes: [
            {
              field: "feed",
              value: {
                item: "comment",
                verb: "add",
                post_id: "PAGE100_POST1",
                comment_id: commentId,
                parent_id: "PAGE100_POST1",
                from: { id: "USER7", name: "Mohan" },
                message: "3 din se light nahi",
                created_time: Math.floor(clock().getTime() / 1000),
              },
            },
            {
              field: "feed",
              value: {
                item: "comment",
                verb: "add",
                post_id: "PAGE100_POST1",
                comment_id: nextId("POST1_"),
                from: { id: PAGE, name: "MPEZ" },
                message: "page reply",
              },
            },
          ],
        },
      ],
    });
    await t.services.idle();
    const [ig] = await messagesBy("instagram", igMid);
    assert.equal(ig?.kind, "image");
    assert.equal(ig?.media_url, "https://cdn.example/ig.jpg");
    assert.equal((await conversationOf(ig?.conversation_id as number)).channel, "instagram");
    const [comment] = await messagesBy("facebook", commentId);
    assert.ok(comment);
    const pc = await conversationOf(comment.conversation_id);
    assert.equal(pc.visibility, "public");
    assert.equal(pc.thread_ref, "PAGE100_POST1");
    assert.equal(pc.sender_name, "Mohan");
    assert.equal(
      (await db().selectFrom("conversation_messages").select("id").where("body", "=", "page reply").execute())
        .length,
      0,
    );

    // Replies: the DM to /me/messages, the public one under the consumer's comment.
    await queueReply(Number(c.id), "Please send your consumer number");
    await queueReply(Number(pc.id), "Please message us your consumer number on WhatsApp 1912");
    await t.services.channelSender.drain();
    const dmReq = fake.requests.filter((r) => r.path === "/me/messages").at(-1);
    assert.equal(dmReq?.authorization, "Bearer meta-page-token");
    assert.deepEqual(dmReq?.body, {
      recipient: { id: "PSID1" },
      message: { text: "Please send your consumer number" },
      messaging_type: "RESPONSE",
    });
    const publicReq = fake.requests.filter((r) => r.path === `/${commentId}/comments`).at(-1);
    assert.deepEqual(publicReq?.body, { message: "Please message us your consumer number on WhatsApp 1912" });
  });
});

describe(`free-text SMS (${driverName})`, () => {
  test("an SMS that is not a keyword is kept in sms_inbound and opens an 'sms' conversation", async () => {
    const intake = createSmsWebhook(
      t.database,
      t.services.complaints,
      clock,
      undefined,
      t.services.channelIntake,
    );
    try {
      const outcome = await intake.inbound({
        from: "+919826000020",
        text: "Transformer se dhuan nikal raha hai",
        at: clock(),
      });
      assert.match(outcome, /^not understood/);
      const c = await db()
        .selectFrom("conversations")
        .selectAll()
        .where("channel", "=", "sms")
        .where("sender_id", "=", "9826000020")
        .executeTakeFirstOrThrow();
      assert.equal(c.status, "new");
      assert.equal(new Date(c.first_response_due as Date).getTime(), clock().getTime() + 30 * 60_000);
      const msgs = await db()
        .selectFrom("conversation_messages")
        .selectAll()
        .where("conversation_id", "=", c.id)
        .execute();
      assert.deepEqual(
        msgs.map((m) => m.body),
        ["Transformer se dhuan nikal raha hai"],
      );
      const kept = await db()
        .selectFrom("sms_inbound")
        .select("text")
        .where("text", "=", "Transformer se dhuan nikal raha hai")
        .execute();
      assert.equal(kept.length, 1);
      // The inbox's SLA setting, when an admin set one.
      await t.repos.settings.set("inbox.first_response_minutes", 45);
      await intake.inbound({ from: "9826000021", text: "bill nahi aaya", at: clock() });
      const c2 = await db()
        .selectFrom("conversations")
        .selectAll()
        .where("channel", "=", "sms")
        .where("sender_id", "=", "9826000021")
        .executeTakeFirstOrThrow();
      assert.equal(new Date(c2.first_response_due as Date).getTime(), clock().getTime() + 45 * 60_000);
    } finally {
      intake.close();
    }
  });
});

describe("channel configuration", () => {
  test("a channel is off without its secrets, and half a pair is refused by name", async () => {
    const { loadConfig, ConfigError } = await import("../src/config.ts");
    const base = { DATA_DIR: "/nonexistent" };
    assert.deepEqual(loadConfig(base).channels, { whatsapp: undefined, meta: undefined, x: undefined });
    assert.throws(
      () => loadConfig({ ...base, WHATSAPP_APP_SECRET: "s" }),
      (e: unknown) => e instanceof ConfigError && e.variable === "WHATSAPP_VERIFY_TOKEN",
    );
    assert.throws(
      () => loadConfig({ ...base, META_VERIFY_TOKEN: "v" }),
      (e: unknown) => e instanceof ConfigError && e.variable === "META_APP_SECRET",
    );
    assert.throws(
      () => loadConfig({ ...base, X_CONSUMER_SECRET: "c", X_API_URL: "ftp://x" }),
      (e: unknown) => e instanceof ConfigError && e.variable === "X_API_URL",
    );
    const on = loadConfig({
      ...base,
      X_CONSUMER_SECRET: "c",
      WHATSAPP_VERIFY_TOKEN: "v",
      WHATSAPP_APP_SECRET: "s",
    });
    assert.equal(on.channels.x?.apiUrl, "https://api.x.com");
    assert.equal(on.channels.whatsapp?.apiUrl, "https://graph.facebook.com/v21.0");
    assert.equal(on.channels.whatsapp?.token, undefined);
  });
});
