import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { buildConsumer, buildOrgTree, buildOutage, buildUser, TEST_PASSWORD } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
let t: TestApp;
let browser: Browser;
let base: string;
let bearer: { authorization: string };
const pageErrors: string[] = [];
const CALLER = "9425077001";

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, { mobiles: [{ mobile: CALLER, verified: true, language: "hi" }] });
  await buildUser(t.repos, tree, { login: "supervisor.ivr", role: "supervisor", orgCode: "T" });
  const admin = await t.signIn((await buildUser(t.repos, tree, { role: "admin" })).login);
  const token = await t.request({
    method: "POST",
    url: "/api/tokens",
    cookie: admin,
    payload: { name: "Exotel IVR", scopes: ["ivr.use"] },
  });
  assert.equal(token.statusCode, 201, token.body);
  bearer = { authorization: `Bearer ${token.json().secret}` };
  await buildOutage(t.database, tree, { feederCode: "TF1", etr: new Date(Date.now() + 2 * 3600_000) });
  base = await t.listen();
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

async function wallboard(lang: "en" | "hi"): Promise<Page> {
  const context = await browser.newContext({
    viewport: { width: 1600, height: 900 },
    locale: lang === "hi" ? "hi-IN" : "en-IN",
    timezoneId: "Asia/Kolkata",
  });
  const page = await context.newPage();
  page.on("pageerror", (e) => pageErrors.push(e.message));
  await page.goto(base);
  await page.evaluate("localStorage.setItem('powerdesk.lang', 'en')");
  await page.reload();
  await page.getByLabel("Login").fill("supervisor.ivr");
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste/ }).waitFor();
  if (lang === "hi") await page.evaluate("localStorage.setItem('powerdesk.lang', 'hi')");
  await page.goto(`${base}/wallboard`);
  await page.locator('[data-testid="wall-status"][data-state="open"]').waitFor();
  return page;
}

const counter = (page: Page, label: RegExp) =>
  page.locator(".wall-counter", { hasText: label }).locator("strong");

test(`[${driverName}] the wallboard counts the calls the IVR answered today, and the count moves`, {
  skip,
}, async () => {
  const lookup = await t.request({
    method: "POST",
    url: "/api/ivr/lookup",
    headers: bearer,
    payload: { caller: CALLER },
  });
  assert.equal(lookup.json().outcome, "outage_answered");
  const page = await wallboard("en");
  const label = /IVR answers and missed calls today/;
  await page.locator(".wall-counters", { hasText: label }).waitFor();
  assert.equal((await counter(page, label).textContent())?.trim(), "1");
  // Another caller hears the outage: the board's count moves at once (not on its half-minute timer).
  const again = await t.request({
    method: "POST",
    url: "/api/ivr/lookup",
    headers: bearer,
    payload: { caller: CALLER },
  });
  assert.equal(again.json().outcome, "outage_answered");
  await counter(page, label).filter({ hasText: /^2$/ }).waitFor({ timeout: 10_000 });
  // He presses 1: a complaint is registered, and counted.
  const press = await t.request({
    method: "POST",
    url: "/api/ivr/register",
    headers: bearer,
    payload: { caller: CALLER, digit: "1" },
  });
  assert.equal(press.json().outcome, "registered");
  await counter(page, label).filter({ hasText: /^3$/ }).waitFor({ timeout: 10_000 });
  await page.screenshot({ path: path.join(SCREENSHOTS, "wallboard-ivr-en.png"), animations: "disabled" });
  const hi = await wallboard("hi");
  await hi.locator(".wall-counters", { hasText: /आज IVR के उत्तर और मिस्ड कॉल/ }).waitFor();
  await hi.screenshot({ path: path.join(SCREENSHOTS, "wallboard-ivr-hi.png"), animations: "disabled" });
  assert.deepEqual(pageErrors, []);
});
