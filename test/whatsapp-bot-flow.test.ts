import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import { buildConsumer, buildOrgTree, buildOutage, type Tree } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";
import {
  channelEnv,
  type FakeGraph,
  metaSign,
  startFakeGraph,
  whatsappWebhook,
} from "./helpers/fake-graph.ts";
import { until } from "./helpers/until.ts";

// The WhatsApp bot as a consumer meets it: every message goes in as WhatsApp
// posts it (a signed Cloud API webhook), and every answer is read where
// WhatsApp would take it (a local stand-in for the Graph API's messages
// endpoint). Nothing is called in between: intake, the bot and the sender do
// it all on their own. In Hindi: a complaint registered with its number, its
// status, the outage's ETR, then "एजेंट" hands the conversation to the inbox.

const clock = fixedClock("2026-12-03T15:00:00+05:30");
const WA = "919826033333";
const MOBILE = "9826033333";
let t: TestApp;
let tree: Tree;
let graph: FakeGraph;
let secret: string;
let seq = 0;

before(async () => {
  graph = await startFakeGraph();
  const env = channelEnv(graph.url);
  secret = env.WHATSAPP_APP_SECRET as string;
  t = await createTestApp({ clock, env });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "7301000001",
    dtCode: "TF1-T1",
    mobiles: [{ mobile: MOBILE, verified: true, language: "hi" }],
  });
});
after(async () => {
  await t?.close();
  await graph?.close();
});

/** Sends a text as WhatsApp would and returns the texts the Graph API receives in answer. */
async function say(text: string): Promise<string[]> {
  const before = graph.requests.length;
  const body = JSON.stringify(
    whatsappWebhook({ messages: [{ from: WA, id: `wamid.FLOW${++seq}`, at: clock(), text }] }),
  );
  const res = await t.app.inject({
    method: "POST",
    url: "/api/channels/whatsapp/webhook",
    headers: { "content-type": "application/json", "x-hub-signature-256": metaSign(secret, body) },
    payload: body,
  });
  assert.equal(res.statusCode, 200, res.body);
  await t.services.idle();
  // The bot's replies, once the sender has handed them all to the Graph API.
  await until("the bot's replies are sent", async () => {
    const pending = await t.database.db
      .selectFrom("conversation_messages")
      .select("id")
      .where("direction", "=", "out")
      .where("status", "in", ["pending", "sending"])
      .execute();
    return pending.length === 0;
  });
  return graph.requests
    .slice(before)
    .map((r) => r.body as { to?: string; text?: { body?: string } })
    .filter((b) => b.to === WA)
    .map((b) => b.text?.body ?? "");
}

describe(`[${driverName}] the WhatsApp bot through the webhook and the Graph API`, () => {
  test("Hindi: complaint registered and its number replied, status, outage ETR, handover to an agent", async () => {
    const hello = await say("नमस्ते");
    assert.equal(hello.length, 1);
    assert.match(hello[0] as string, /English के लिए EN लिखें/);

    const categories = await say("1");
    const line = (categories[0] as string)
      .split("\n")
      .find((l) => l.endsWith("बिजली बंद (एक उपभोक्ता)")) as string;
    assert.ok(line, categories[0]);
    const confirm = await say(line.split(" ")[0] as string);
    assert.match(confirm[0] as string, /7301000001/);
    const done = await say("1");
    const complaint = await t.database.db
      .selectFrom("complaints")
      .select(["number", "channel"])
      .where("caller_phone", "=", MOBILE)
      .executeTakeFirstOrThrow();
    assert.equal(complaint.channel, "whatsapp");
    assert.match(done[0] as string, new RegExp(`शिकायत क्रमांक: ${complaint.number}`));

    const status = await say("2");
    assert.match(status[0] as string, new RegExp(complaint.number));

    await buildOutage(t.database, tree, {
      dtCode: "TF1-T1",
      feeder_id: tree.feeders.TF1 as number,
      started_at: "2026-12-03T14:10:00+05:30",
      etr: "2026-12-03T19:00:00+05:30",
    });
    const power = await say("3");
    assert.match(power[0] as string, /बहाली का अनुमानित समय: 3 दिस॰, शाम 7:00/);

    const handed = await say("एजेंट");
    assert.equal(handed.length, 1, "the consumer is told an agent will answer");
    const conv = await t.database.db
      .selectFrom("conversations")
      .select(["id", "status", "first_response_due", "consumer_verified"])
      .where("sender_id", "=", WA)
      .executeTakeFirstOrThrow();
    assert.equal(conv.status, "new", "in the agents' queue");
    assert.equal(conv.consumer_verified, true);
    assert.ok(conv.first_response_due);
    // The whole history is in the conversation for the agent: 7 messages in, every answer sent.
    const rows = await t.database.db
      .selectFrom("conversation_messages")
      .select(["direction", "author", "status"])
      .where("conversation_id", "=", conv.id)
      .execute();
    assert.equal(rows.filter((r) => r.author === "consumer").length, 7);
    for (const r of rows.filter((x) => x.direction === "out")) assert.equal(r.status, "sent");
    // Now an agent's: a further message is not the bot's to answer.
    assert.deepEqual(await say("कोई है?"), []);
  });
});
