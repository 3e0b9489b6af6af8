import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { buildOrgTree, buildUser } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

// An applicant tracks his new-connection application on the public page with
// its number and his mobile's last 4 digits: the stage, the next step and the
// SoP date, in Hindi and in English.

const skip = browserMissing();
let t: TestApp;
let browser: Browser;
let base: string;
let number: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "agent.e2e.nc" });
  await buildUser(t.repos, tree, { login: "je.e2e.nc", role: "je", orgCode: "TDC1" });
  const agent = await t.signIn("agent.e2e.nc");
  const je = await t.signIn("je.e2e.nc");
  const r = await t.request({
    method: "POST",
    url: "/api/connections",
    cookie: agent,
    payload: {
      applicantName: "Savitri Bai",
      mobile: "9826077771",
      address: "H.No. 44, Civil Lines",
      dcCode: "TDC1",
      category: "domestic",
      loadKw: 3,
      documents: [
        { code: "identity_proof", received: true },
        { code: "ownership_proof", received: true },
      ],
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  number = r.json().number;
  for (const body of [
    { to: "documents_complete" },
    { to: "site_inspected" },
    { to: "demand_note_issued", chargesDemandedRs: 3200 },
  ]) {
    const m = await t.request({
      method: "POST",
      url: `/api/connections/${number}/move`,
      cookie: je,
      payload: body,
    });
    assert.equal(m.statusCode, 200, m.body);
  }
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test(`[${driverName}] an applicant tracks his new-connection application in Hindi and English`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 412, height: 900 }, locale: "hi-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(`${base}/track?n=${number}`);
  const toggle = page.locator(".lang-toggle");
  if ((await toggle.count()) > 0 && (await toggle.textContent()) !== "English") await toggle.click();
  await page.getByLabel("पंजीकृत मोबाइल के अंतिम 4 अंक").fill("7771");
  await page.getByRole("button", { name: "स्थिति देखें" }).click();
  const card = page.getByTestId("tracked-application");
  await card.waitFor();
  await card.getByText("माँग पत्र जारी").first().waitFor();
  await card.getByText("रु 3,200").first().waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "track-connection-hi.png"), fullPage: true });
  assert.ok(!(await page.content()).includes("Savitri"), "no name on the public page");

  await page.locator(".lang-toggle").click();
  await page.getByRole("button", { name: "Show status" }).click();
  await card.getByText("Demand note issued").first().waitFor();
  await card.getByText("Connection due by (SoP limit)").waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "track-connection-en.png"), fullPage: true });

  await page.getByLabel("Last 4 digits of your registered mobile").fill("0000");
  await page.getByRole("button", { name: "Show status" }).click();
  await page.getByText("No application with that number and mobile").waitFor();
  assert.deepEqual(errors, []);
});
