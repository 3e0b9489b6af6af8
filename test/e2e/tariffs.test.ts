import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { demoTariffs } from "../../src/modules/demo/demo.tariffs.ts";
import { runImport } from "../../src/modules/imports/runner.ts";
import { tariffsImporter } from "../../src/modules/tariffs/tariffs.import.ts";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD, type Tree } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
const AXE = fileURLToPath(import.meta.resolve("axe-core/axe.min.js"));
let t: TestApp;
let tree: Tree;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "agent.tariff", role: "agent" });
  await buildUser(t.repos, tree, { login: "admin.tariff", role: "admin" });
  // The demo's tariff table, as the demo loader puts it.
  async function* rows() {
    let line = 1;
    for (const record of demoTariffs()) yield { line: ++line, record };
  }
  const loaded = await runImport(tariffsImporter(t.repos.tariffs), rows());
  assert.equal(loaded.rejected, 0, JSON.stringify(loaded.errors));
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

async function signIn(page: Page, login: string) {
  await page.goto(base);
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();
}

async function seriousAxe(page: Page) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    type Axe = {
      run: (
        ctx: unknown,
        o: unknown,
      ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
    };
    const g = globalThis as unknown as { axe: Axe; document: { querySelector(s: string): unknown } };
    const r = await g.axe.run(g.document.querySelector("dialog[open]") ?? g.document.querySelector("main"), {
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.map((n) => n.target.join(" ")).join(", "),
    }));
  });
  if (process.env.AXE_LOG) console.log(JSON.stringify(found));
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

test(`[${driverName}] an agent estimates a caller's bill from units and reads out the breakdown`, {
  skip,
}, async () => {
  const consumer = await buildConsumer(t.repos, tree, { consumerNo: "6015000001", name: "Ramesh Yadav" });
  const page = await browser.newPage({
    viewport: { width: 1366, height: 900 },
    locale: "en-IN",
    bypassCSP: true,
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "agent.tariff");

  // From the consumer card: the estimator opens with the consumer's category, the units field focused.
  await page.goto(`${base}/consumers/${consumer.consumerNo}`);
  await page.getByRole("heading", { name: "Ramesh Yadav" }).waitFor();
  await page.getByRole("button", { name: "Estimate a bill" }).click();
  const dialog = page.getByRole("dialog", { name: "Bill estimator" });
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Category").inputValue(), "domestic");
  await page.keyboard.type("220");
  await page.keyboard.press("Enter");
  const total = dialog.getByTestId("estimate-total");
  await total.waitFor();
  // Demo rates: ₹70 fixed; 50 × 4.45 + 100 × 5.50 + 70 × 6.80 = 1,248.50; duty 9% 118.67; FPPAS 3% 39.56.
  assert.equal(await total.textContent(), "₹1,476.73");
  const rows = await dialog.locator("tbody tr").allTextContents();
  assert.equal(rows.length, 6, rows.join("\n"));
  assert.match(rows[0] ?? "", /Fixed charge.*₹70\.00/);
  assert.match(rows[3] ?? "", /151–300 units.*70 units × ₹6\.80.*₹476\.00/);
  assert.match(rows[4] ?? "", /Electricity duty.*₹118\.67/);
  await dialog
    .getByTestId("estimate-say")
    .getByText(/about ₹1,476\.73/)
    .waitFor();
  await dialog.getByText(/लगभग ₹1,476\.73/).waitFor();
  await dialog
    .locator(".estimate-tariff")
    .getByText(/demo rates: replace with the commission's tariff order/)
    .waitFor();
  assert.deepEqual(await seriousAxe(page), []);
  await page.screenshot({ path: path.join(SCREENSHOTS, "tariffs-card-estimate.png") });
  // Esc closes the estimator and leaves the agent on the card.
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await page.getByRole("heading", { name: "Ramesh Yadav" }).waitFor();

  // The page of its own, in Hindi: zero units pay the fixed charge and the extras on it.
  await page.goto(`${base}/tariffs/estimate?category=non_domestic&load=3`);
  await page.getByRole("button", { name: "हिंदी" }).click();
  await page.getByRole("heading", { name: "बिल अनुमान" }).waitFor();
  await page.getByLabel("यूनिट (kWh)").fill("80");
  await page.getByRole("button", { name: "अनुमान लगाएँ" }).click();
  // 3 kW × 140 = 420; 50 × 6.50 + 30 × 7.90 = 562; base 982; duty 12% 117.84; FPPAS 3% 29.46.
  await page.getByTestId("estimate-total").getByText("₹1,129.30").waitFor();
  await page.getByText("स्थायी प्रभार", { exact: true }).waitFor();
  await page.getByText(/51–80|50 यूनिट से अधिक/).waitFor();
  assert.deepEqual(await seriousAxe(page), []);
  await page.screenshot({ path: path.join(SCREENSHOTS, "tariffs-estimate-hi.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] an admin edits a tariff and is shown which slab is wrong`, { skip }, async () => {
  const page = await browser.newPage({
    viewport: { width: 1366, height: 900 },
    locale: "en-IN",
    bypassCSP: true,
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "admin.tariff");
  await page.getByRole("link", { name: "Tariffs", exact: true }).click();
  await page.getByRole("heading", { name: "Tariff table" }).waitFor();
  await page.getByRole("button", { name: /Edit Non-domestic LT/ }).click();
  await page.getByRole("heading", { name: "Edit" }).waitFor();
  // A gap between the slabs: the second one starts at 60, not where the first ends.
  await page.getByLabel("Slab 2: from units").fill("60");
  await page.getByRole("button", { name: "Save tariff" }).click();
  await page.getByText("Must start where the slab above ends (50).").waitFor();
  assert.equal(await page.getByLabel("Slab 2: from units").getAttribute("aria-invalid"), "true");
  assert.deepEqual(await seriousAxe(page), []);
  await page.screenshot({ path: path.join(SCREENSHOTS, "tariffs-admin-error.png"), fullPage: true });
  // Fixed, with a new rate: saved, and the change recorded under his name.
  await page.getByLabel("Slab 2: from units").fill("50");
  await page.getByLabel("Slab 2: rupees per unit").fill("8.10");
  await page.getByRole("button", { name: "Save tariff" }).click();
  await page.getByText("above 50 units: ₹8.10").waitFor();
  const history = await t.database.db
    .selectFrom("tariff_events")
    .select(["actor_name", "action"])
    .where("action", "=", "updated")
    .execute();
  assert.equal(history.length, 1);
  await page.screenshot({ path: path.join(SCREENSHOTS, "tariffs-admin.png"), fullPage: true });
  // In Hindi, N opens a new version: a missing start date is named in Hindi, under its field.
  await page.getByRole("button", { name: "हिंदी" }).click();
  await page.getByRole("heading", { name: "टैरिफ तालिका" }).waitFor();
  await page.keyboard.press("n");
  await page.getByRole("heading", { name: "नया टैरिफ संस्करण" }).waitFor();
  await page.getByLabel("अंग्रेज़ी में नाम").fill("Domestic HT");
  await page.getByLabel("हिंदी में नाम").fill("घरेलू एचटी");
  await page.getByLabel("स्थायी प्रभार (₹)").fill("100");
  await page.getByLabel("स्लैब 1: रुपये प्रति यूनिट").fill("-1");
  await page.getByRole("button", { name: "टैरिफ सहेजें" }).click();
  await page.getByText("ज़रूरी है: एक तारीख।").waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "tariffs-admin-new-hi.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
