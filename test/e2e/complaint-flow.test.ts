import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
let t: TestApp;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "8001000001",
    name: "Lakshmi Yadav",
    mobiles: [{ mobile: "9425012345", verified: true, language: "hi" }],
  });
  await buildUser(t.repos, tree, { login: "agent.flow", role: "agent" });
  await buildUser(t.repos, tree, {
    login: "lineman.flow",
    role: "lineman",
    orgCode: "TDC1",
    phone: "9000000099",
  });
  await buildUser(t.repos, tree, { login: "supervisor.flow", role: "supervisor" });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

async function signedIn(login: string, viewport = { width: 1366, height: 900 }): Promise<Page> {
  const context = await browser.newContext({ viewport, locale: "en-IN" });
  const page = await context.newPage();
  page.on("pageerror", (e) => {
    throw e;
  });
  await page.goto(base);
  await page.evaluate("localStorage.setItem('powerdesk.lang', 'en')");
  await page.reload();
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste/ }).waitFor();
  return page;
}

test(`[${driverName}] a complaint from call to resolution: agent registers, lineman resolves, supervisor sees the timeline, consumer tracks it`, {
  skip,
}, async () => {
  // The agent: find the caller by mobile, open the card, register with the keyboard.
  const agent = await signedIn("agent.flow");
  await agent.keyboard.press("/");
  await agent.locator("#consumer-search").fill("94250 12345");
  await agent.keyboard.press("Enter");
  await agent.locator("table.results tbody tr").first().waitFor();
  await agent.keyboard.press("Enter");
  await agent.locator("#consumer-name").waitFor();
  await agent.getByText("No open complaint.").waitFor();
  await agent.keyboard.press("2"); // No supply
  assert.equal(await agent.locator('button[data-code="no_supply"]').getAttribute("aria-pressed"), "true");
  await agent.getByLabel("Exactly").selectOption("fuse_off");
  await agent.getByLabel("What the caller says").fill("No light since morning, neighbours have power");
  await agent.getByLabel("Landmark").fill("Behind the Shiv temple");
  await agent.getByRole("button", { name: "Register complaint" }).click();
  const done = agent.getByRole("status").filter({ hasText: "registered" });
  await done.waitFor();
  const number = ((await done.locator("a.mono").textContent()) ?? "").trim();
  assert.match(number, /^TR\d{10}$/);
  await agent.locator('[data-testid="open-complaints"]').getByText(number).waitFor();
  await agent.screenshot({ path: path.join(SCREENSHOTS, "flow-1-agent-registered.png"), fullPage: true });

  // The lineman of the DC, on his phone: it is his, he goes on site and resolves it.
  const lineman = await signedIn("lineman.flow", { width: 400, height: 860 });
  await lineman.getByRole("navigation").getByRole("link", { name: "My work" }).click();
  const card = lineman.locator('[data-testid="work-card"]').filter({ hasText: number });
  await card.waitFor();
  assert.match((await card.textContent()) ?? "", /Behind the Shiv temple/);
  await lineman.screenshot({ path: path.join(SCREENSHOTS, "flow-2-lineman-work.png"), fullPage: true });
  // His first step on work given to him is Accept (not "Take over"): the desk sees he has it.
  await card.getByRole("button", { name: "Accept" }).click();
  await card.getByRole("button", { name: "Accept" }).waitFor({ state: "detached" });
  await card.getByRole("button", { name: "On site" }).click();
  await card.getByText("On site", { exact: true }).waitFor();
  await card.getByRole("button", { name: "Resolve" }).click();
  await card.getByLabel("What was done").selectOption("fuse_replaced");
  await card.getByPlaceholder("Remarks").fill("Fuse wire changed at the pole");
  await card.locator("form").getByRole("button", { name: "Resolve" }).click();
  await lineman.getByText("Nothing open. Well done.").waitFor();

  // The supervisor: the complaint is resolved, with who did what and when.
  const supervisor = await signedIn("supervisor.flow");
  await supervisor.goto(`${base}/complaints?status=resolved`);
  await supervisor.locator("table.results tbody tr").filter({ hasText: number }).click();
  await supervisor.locator("#complaint-number").waitFor();
  assert.equal(await supervisor.locator("#complaint-number").textContent(), number);
  const timeline = supervisor.getByTestId("timeline");
  await timeline.getByText("Resolved", { exact: true }).waitFor();
  const steps = await timeline.locator("li strong").allTextContents();
  assert.deepEqual(steps, ["Registered", "Assigned", "Accepted", "Reached the site", "Resolved"]);
  // Said as a person says it: names and words, no column names or codes, in either language.
  const words = (await timeline.textContent()) ?? "";
  assert.match(words, /Assigned to Test lineman \(Lineman\)/);
  assert.match(words, /Resolution: Fuse replaced/);
  assert.match(words, /Fuse wire changed at the pole/);
  const page = (await supervisor.locator("body").textContent()) ?? "";
  assert.match(page, /Fuse replaced — Fuse wire changed at the pole/, "the resolution by its name");
  assert.doesNotMatch(page, /fuse_replaced/);
  assert.doesNotMatch(words, /\b[a-z]+_[a-z_]+\b/);
  await supervisor.getByRole("button", { name: "हिंदी" }).click();
  await timeline.getByText("दर्ज की गई", { exact: true }).waitFor();
  const hindi = (await timeline.textContent()) ?? "";
  assert.match(hindi, /Test lineman \(लाइनमैन\) को सौंपी गई/);
  assert.doesNotMatch(hindi, /\b[a-z]+_[a-z_]+\b/);
  await supervisor.screenshot({ path: path.join(SCREENSHOTS, "flow-3b-timeline-hi.png"), fullPage: true });
  await supervisor.getByRole("button", { name: "English" }).click();
  assert.match((await supervisor.getByTestId("assignee").textContent()) ?? "", /Test lineman/);
  await supervisor.screenshot({
    path: path.join(SCREENSHOTS, "flow-3-supervisor-timeline.png"),
    fullPage: true,
  });

  // The consumer: no sign-in, Hindi by default on a Hindi phone.
  const context = await browser.newContext({ viewport: { width: 390, height: 800 }, locale: "hi-IN" });
  const consumer = await context.newPage();
  await consumer.goto(`${base}/track`);
  await consumer.getByLabel("शिकायत क्रमांक").fill(number);
  await consumer.getByLabel("पंजीकृत मोबाइल के अंतिम 4 अंक").fill("2345");
  await consumer.getByRole("button", { name: "स्थिति देखें" }).click();
  const tracked = consumer.getByTestId("tracked");
  await tracked.waitFor();
  assert.match((await tracked.textContent()) ?? "", /समाधान हुआ/);
  assert.doesNotMatch((await tracked.textContent()) ?? "", /lineman/i);
  await consumer.screenshot({ path: path.join(SCREENSHOTS, "flow-4-consumer-track-hi.png"), fullPage: true });

  // And the SMS the consumer was sent, in Hindi, on his verified mobile.
  const sms = await t.database.db
    .selectFrom("outbox_sms")
    .select(["recipient", "template", "language"])
    .execute();
  assert.ok(
    sms.some(
      (m) => m.template === "complaint_registered" && m.recipient === "9425012345" && m.language === "hi",
    ),
  );
  assert.ok(sms.some((m) => m.template === "complaint_resolved" && m.recipient === "9425012345"));
});
