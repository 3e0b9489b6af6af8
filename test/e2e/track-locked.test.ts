import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { buildConsumer, buildOrgTree, buildUser } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
let t: TestApp;
let browser: Browser;
let base: string;
let number: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "7601000001",
    mobiles: [{ mobile: "9826066661", verified: true, language: "hi" }],
  });
  await buildUser(t.repos, tree, { login: "agent.e2e.track" });
  const agent = await t.signIn("agent.e2e.track");
  const r = await t.request({
    method: "POST",
    url: "/api/complaints",
    cookie: agent,
    payload: { consumerNo: "7601000001", categoryCode: "meter", subcategoryCode: "fast" },
  });
  number = r.json().complaint.number;
  // Someone guessed at this number from many addresses until its page locked.
  for (let i = 0; i < 11; i++)
    await t.app.inject({
      method: "GET",
      url: `/api/public/complaints/${number}?mobile=00${10 + i}`,
      remoteAddress: `10.95.0.${i}`,
    });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test(`[${driverName}] a locked tracking page offers the SMS link, and the link opens it (Hindi and English)`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 412, height: 860 }, locale: "hi-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/track?n=${number}`);
  const toggle = page.locator(".lang-toggle");
  if ((await toggle.count()) > 0 && (await toggle.textContent()) === "English") await toggle.click();
  await page.getByLabel("Last 4 digits of your registered mobile").fill("6661");
  await page.getByRole("button", { name: "Show status" }).click();
  await page.getByTestId("track-locked").waitFor();
  await page.getByRole("button", { name: "Send the link to my registered mobile" }).click();
  await page.getByText("the link is on its way").waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "track-locked-en.png") });

  const sms = await t.database.db
    .selectFrom("outbox_sms")
    .select("body")
    .where("template", "=", "complaint_track_link")
    .executeTakeFirstOrThrow();
  const link = /\/t\/[A-Za-z0-9]+/.exec(sms.body)?.[0];
  assert.ok(link, sms.body);
  await page.locator(".lang-toggle").click();
  await page.goto(`${base}${link}`);
  await page.getByTestId("tracked").waitFor();
  await page.getByText(number).first().waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "track-link-hi.png") });
  assert.equal(await page.locator("html").getAttribute("lang"), "hi");
  assert.deepEqual(errors, []);
});
