import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD, type Tree } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
let t: TestApp;
let tree: Tree;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "agent.cb", role: "agent" });
  await buildUser(t.repos, tree, { login: "je.cb", role: "je", orgCode: "TDC1" });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

/** A resolved complaint of a Hindi-speaking consumer of TDC1, made through the API. */
async function resolved(consumerNo: string, mobile: string, name: string): Promise<string> {
  await buildConsumer(t.repos, tree, {
    consumerNo,
    name,
    mobiles: [{ mobile, verified: true, language: "hi" }],
  });
  const agent = await t.signIn("agent.cb");
  const je = await t.signIn("je.cb");
  const reg = await t.request({
    method: "POST",
    url: "/api/complaints",
    cookie: agent,
    payload: {
      consumerNo,
      categoryCode: "voltage",
      subcategoryCode: "low",
      description: "Low voltage",
      callerPhone: mobile,
    },
  });
  assert.equal(reg.statusCode, 201, reg.body);
  const number = reg.json().complaint.number as string;
  const res = await t.request({
    method: "POST",
    url: `/api/complaints/${number}/actions`,
    cookie: je,
    payload: { action: "resolve", resolutionCode: "line_repaired", remarks: "Loose jumper tightened" },
  });
  assert.equal(res.statusCode, 200, res.body);
  return number;
}

async function signIn(page: Page, login: string) {
  await page.goto(base);
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();
}

test(`[${driverName}] an agent works the callback queue, records "not fixed", and the complaint is reopened in the DC's list`, {
  skip,
}, async () => {
  const number = await resolved("6003000001", "9893030001", "Mohan Lal");
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "agent.cb");
  await page.getByRole("link", { name: "Callbacks" }).click();
  const queue = page.getByTestId("cb-queue");
  await queue.getByText(number).waitFor();
  // The desk finds a call by its number: the count says how many match.
  await page.getByTestId("cb-search").fill(number);
  await page.getByTestId("cb-count").getByText("Showing 1 of 1 due").waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "callbacks-queue.png"), fullPage: true });
  await page.getByTestId("cb-search").fill("NOSUCH0000");
  await page.getByText("No callback due matches these filters.").waitFor();
  await page.getByRole("button", { name: "Clear filters" }).click();
  await queue.getByText(number).waitFor();
  // Keyboard first: focus the row and press Enter.
  await queue.locator("tr", { hasText: number }).focus();
  await page.keyboard.press("Enter");
  const call = page.getByTestId("cb-call");
  await call.getByText("Mohan Lal").waitFor();
  await call.getByText("Loose jumper tightened", { exact: true }).waitFor();
  await page.keyboard.press("1");
  await call.getByLabel("No, not fixed: reopen").check();
  await call.getByLabel(/What is still wrong/).fill("Voltage still low after 7 pm");
  await call.getByLabel("2", { exact: true }).first().check();
  await call.getByLabel("Had to call many times").check();
  await page.screenshot({ path: path.join(SCREENSHOTS, "callbacks-call.png"), fullPage: true });
  await call.getByRole("button", { name: "Save and take the next" }).click();
  await page.getByText(`${number}: reopened and sent back to the DC`).waitFor();

  // The JE sees it back in his DC's open list, reopened.
  const je = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "en-IN" });
  await signIn(je, "je.cb");
  await je.goto(`${base}/complaints`);
  await je.getByText(number).waitFor();
  await je.goto(`${base}/complaints/${number}`);
  await je.getByText("Voltage still low after 7 pm").waitFor();
  await je.getByText("Reopened").first().waitFor();
  const row = await t.database.db
    .selectFrom("complaints")
    .select(["status", "reopen_count"])
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
  assert.equal(row.reopen_count, 1);
  assert.notEqual(row.status, "resolved");
  assert.deepEqual(errors, []);
  await page.close();
  await je.close();
});

test(`[${driverName}] a consumer answers through the feedback link in Hindi; the link works once`, {
  skip,
}, async () => {
  const number = await resolved("6003000002", "9893030002", "Savitri Devi");
  const cb = await t.database.db
    .selectFrom("callbacks as b")
    .innerJoin("complaints as c", "c.id", "b.complaint_id")
    .select("b.id")
    .where("c.number", "=", number)
    .executeTakeFirstOrThrow();
  const agent = await t.signIn("agent.cb");
  for (let i = 0; i < 3; i++) {
    // Each try is due later; the desk records three unanswered calls (the third sends the link).
    await t.database.db
      .updateTable("callbacks")
      .set({ next_attempt_at: new Date(0) })
      .where("id", "=", cb.id)
      .execute();
    const r = await t.request({
      method: "POST",
      url: `/api/callbacks/${cb.id}/outcome`,
      cookie: agent,
      payload: { outcome: "no_answer" },
    });
    assert.equal(r.statusCode, 200, r.body);
  }
  const sms = await t.database.db
    .selectFrom("outbox_sms")
    .select(["variables", "body", "language"])
    .where("dedup_key", "=", `feedback:${cb.id}`)
    .executeTakeFirstOrThrow();
  assert.equal(sms.language, "hi");
  const link = (sms.variables as Record<string, string>).link as string;
  const token = link.split("/f/")[1] as string;

  const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, locale: "hi-IN" });
  const errors: string[] = [];
  phone.on("pageerror", (e) => errors.push(e.message));
  await phone.goto(`${base}/f/${token}`);
  await phone.getByRole("heading", { name: "आपकी राय" }).waitFor();
  await phone.getByText(number).waitFor();
  await phone.getByText("वोल्टेज की शिकायत").waitFor();
  await phone.getByLabel("हाँ, ठीक हो गई").check();
  await phone.getByRole("group", { name: "आपकी कुल रेटिंग" }).getByLabel("5", { exact: true }).check();
  await phone.screenshot({ path: path.join(SCREENSHOTS, "feedback-link-hi.png"), fullPage: true });
  await phone.getByRole("button", { name: "भेजें" }).click();
  await phone.getByText(/धन्यवाद/).waitFor();
  const after = await t.database.db
    .selectFrom("callbacks")
    .select(["status", "answered_via", "overall_rating"])
    .where("id", "=", cb.id)
    .executeTakeFirstOrThrow();
  assert.deepEqual(after, { status: "confirmed", answered_via: "link", overall_rating: 5 });
  await phone.reload();
  await phone.getByText(/इस्तेमाल हो चुका है/).waitFor();
  assert.deepEqual(errors, []);
  await phone.close();
});
