import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { closePdfBrowser } from "../../src/lib/pdf.ts";
import { buildComplaint, buildOrgTree, buildUser, TEST_PASSWORD } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

// An EE subscribes to a DC's monthly report from "My reports", sends one now
// (an SMS link lands in the outbox), downloads the area summary, and reads
// the page in Hindi.

const skip = browserMissing();
const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOTS;
let t: TestApp;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "ee.subs", role: "ee", orgCode: "TD", phone: "9826000099" });
  const lastMonth = new Date();
  lastMonth.setDate(5);
  lastMonth.setMonth(lastMonth.getMonth() - 1);
  await buildComplaint(t.database, tree, { registered_at: lastMonth });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await closePdfBrowser();
  await t?.close();
});

test(`[${driverName}] an officer subscribes to his area's report, sends one now and downloads it`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base);
  await page.getByLabel("Login").fill("ee.subs");
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();
  if ((await page.getByRole("button", { name: "English" }).count()) > 0)
    await page.getByRole("button", { name: "English" }).click();

  await page.getByRole("link", { name: "My reports" }).click();
  await page.getByRole("heading", { name: "Scheduled reports" }).waitFor();
  await page.getByText("You get no scheduled reports yet.").waitFor();
  await page.getByLabel("Office").fill("TDC1");
  await page.getByLabel("How often").selectOption("monthly");
  await page.getByLabel("Language of the report and SMS").selectOption("en");
  await page.getByRole("button", { name: "Subscribe" }).click();
  const row = page.getByTestId("subscription-list").locator("tbody tr");
  await row.first().waitFor();
  assert.match((await row.first().textContent()) ?? "", /TDC1 unit.*Area summary of complaints.*Monthly/);

  await row.first().getByRole("button", { name: "Send now" }).click();
  await page.getByText(/is on its way to your mobile by SMS/).waitFor({ timeout: 30_000 });
  const sms = await t.database.db
    .selectFrom("outbox_sms")
    .select(["recipient", "body"])
    .where("template", "=", "report_link")
    .execute();
  assert.equal(sms.length, 1);
  assert.equal(sms[0]?.recipient, "9826000099");

  const href = await row.first().getByRole("link", { name: "Download now" }).getAttribute("href");
  const pdf = await page.request.get(`${base}${href}`);
  assert.equal(pdf.status(), 200);
  assert.equal(pdf.headers()["content-type"], "application/pdf");
  await page.screenshot({ path: path.join(SHOTS, "subscriptions-en.png"), fullPage: true });

  await page.getByRole("button", { name: "हिंदी" }).click();
  await page.getByRole("heading", { name: "नियमित रिपोर्ट" }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "subscriptions-hi.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
