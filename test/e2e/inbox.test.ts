import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD, type Tree } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";
import { channelEnv, type FakeGraph, startFakeGraph, xSign } from "../helpers/fake-graph.ts";

const skip = browserMissing();
const AXE = fileURLToPath(import.meta.resolve("axe-core/axe.min.js"));
let t: TestApp;
let tree: Tree;
let browser: Browser;
let base: string;
/** X's API (and Meta's), where the agent's reply must arrive. */
let platform: FakeGraph;

before(async () => {
  if (skip) return;
  platform = await startFakeGraph();
  t = await createTestApp({ webDist: ensureWebBuilt(), env: channelEnv(platform.url) });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "agent.inbox", role: "agent" });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
  await platform?.close();
});

async function signIn(page: Page, login: string) {
  await page.goto(base);
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();
}

test(`[${driverName}] an agent turns an X mention into a complaint and replies in public without personal data`, {
  skip,
}, async () => {
  const consumer = await buildConsumer(t.repos, tree, {
    consumerNo: "6014000001",
    name: "Sunita Verma",
    mobiles: [{ mobile: "9893140001", verified: true, language: "en" }],
  });
  // The mention comes as X posts it: a signed Account Activity webhook.
  const tweetId = "1860000000000000001";
  const webhook = JSON.stringify({
    for_user_id: "1500000000000000001",
    tweet_create_events: [
      {
        id_str: tweetId,
        text: `@DiscomCare no light in our lane since 6 am, consumer ${consumer.consumerNo}, please send someone`,
        user: { id_str: "4411", screen_name: "sunita_v", name: "Sunita V" },
        timestamp_ms: String(Date.now() - 12 * 60_000),
      },
    ],
  });
  const posted = await t.app.inject({
    method: "POST",
    url: "/api/channels/x/webhook",
    headers: {
      "content-type": "application/json",
      "x-twitter-webhooks-signature": xSign(channelEnv(platform.url).X_CONSUMER_SECRET as string, webhook),
    },
    payload: webhook,
  });
  assert.equal(posted.statusCode, 200, posted.body);
  await t.services.idle();
  const mention = await t.database.db
    .selectFrom("conversation_messages")
    .select("conversation_id as id")
    .where("channel", "=", "x")
    .where("platform_message_id", "=", tweetId)
    .executeTakeFirstOrThrow();

  const page = await browser.newPage({
    viewport: { width: 1366, height: 900 },
    locale: "en-IN",
    // axe-core is injected as a script at the end: the page's CSP would refuse it.
    bypassCSP: true,
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "agent.inbox");
  await page.getByRole("link", { name: "Inbox", exact: true }).click();
  const queue = page.getByTestId("inbox-queue");
  await queue.getByText("Sunita V").waitFor();
  const thread = page.getByTestId("inbox-thread");
  await thread.getByText(/no light in our lane/).waitFor();
  await thread.getByText(/This is a public post/).waitFor();

  // Link the sender: search by consumer number.
  await thread.getByLabel("Consumer number, mobile or name").fill(consumer.consumerNo);
  await thread.getByRole("button", { name: "Search" }).click();
  await page.getByTestId("inbox-found").getByRole("button", { name: "Link" }).click();
  await thread.getByText(`Linked to consumer ${consumer.consumerNo}.`).waitFor();

  // c: convert, the message's text prefilled.
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("c");
  const convert = page.getByTestId("inbox-convert");
  await convert.getByLabel("Category").selectOption("no_supply");
  assert.match(await convert.getByLabel("Description").inputValue(), /no light in our lane/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "inbox-convert.png"), fullPage: true });
  await convert.getByRole("button", { name: "Register complaint" }).click();
  const registered = await thread.getByText(/Complaint \S+ registered\./).textContent();
  const number = /Complaint (\S+) registered/.exec(registered ?? "")?.[1] as string;
  assert.ok(number);
  await page.getByTestId("inbox-complaints").getByText(number).waitFor();

  // r: reply. A public post offers only the "continue in private" templates, never free text.
  await page.keyboard.press("r");
  const reply = page.getByTestId("inbox-reply");
  await reply.getByLabel("Template").selectOption("public_registered");
  assert.match(await reply.getByLabel("Your reply").inputValue(), new RegExp(number));
  assert.equal(await reply.getByLabel("Template").locator("option[value='']").count(), 0, "no free text");
  await page.screenshot({ path: path.join(SCREENSHOTS, "inbox-reply.png"), fullPage: true });
  await reply.getByRole("button", { name: "Send" }).click();
  await thread.getByText("Reply queued.").waitFor();
  await page.getByTestId("inbox-messages").locator(".bubble-out").waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "inbox-thread.png"), fullPage: true });

  const complaint = await t.database.db
    .selectFrom("complaints")
    .select(["id", "channel", "consumer_id"])
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
  assert.equal(complaint.channel, "x");
  const linked = await t.database.db
    .selectFrom("conversation_complaints")
    .select("complaint_id")
    .where("conversation_id", "=", mention.id)
    .execute();
  assert.deepEqual(
    linked.map((l) => Number(l.complaint_id)),
    [Number(complaint.id)],
  );
  const out = await t.database.db
    .selectFrom("conversation_messages")
    .select(["body", "status", "author"])
    .where("conversation_id", "=", mention.id)
    .where("direction", "=", "out")
    .execute();
  assert.equal(out.length, 1);
  const sent = out[0] as { body: string; status: string; author: string };
  assert.equal(sent.author, "agent");
  assert.ok(sent.body.includes(number));
  for (const personal of [consumer.consumerNo, "9893140001", "Sunita", consumer.address])
    assert.ok(!sent.body.includes(personal), `no ${personal} in a public reply`);
  // The reply reached X as a public reply to the mention, and the inbox shows it sent.
  const tweeted = await platform.waitFor(/^\/2\/tweets$/);
  const tweet = tweeted.body as { text: string; reply?: { in_reply_to_tweet_id?: string } };
  assert.equal(tweet.reply?.in_reply_to_tweet_id, tweetId);
  assert.equal(tweet.text, sent.body);
  await page.getByTestId("inbox-messages").getByText("Sent", { exact: true }).waitFor();
  // No serious accessibility violations on the page as the agent left it (axe-core).
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    type Axe = {
      run: (
        ctx: unknown,
        o: unknown,
      ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
    };
    // In the page (the test's own types have no DOM): the axe global and the page's <main>.
    const page = globalThis as unknown as { axe: Axe; document: { querySelector(s: string): unknown } };
    const r = await page.axe.run(page.document.querySelector("main") ?? page.document, {
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.map((n) => n.target.join(" ")).join(", "),
    }));
  });
  if (process.env.AXE_LOG) console.log(JSON.stringify(found));
  assert.deepEqual(
    found.filter((v) => v.impact === "serious" || v.impact === "critical"),
    [],
  );

  // The same screen in Hindi.
  await page.getByRole("button", { name: "हिंदी" }).click();
  await page.getByRole("heading", { name: "इनबॉक्स" }).waitFor();
  await page.getByTestId("inbox-thread").getByText("उपभोक्ता की प्रतीक्षा").first().waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "inbox-hi.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
