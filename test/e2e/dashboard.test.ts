import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { buildOrgTree, buildUser, TEST_PASSWORD, type Tree } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { buildDashboardFixture } from "../helpers/dashboard-fixture.ts";
import { driverName } from "../helpers/db.ts";

// The SE of circle TC opens the dashboard, drills circle → division →
// sub-division → DC, and the DC's "pending beyond limit" figure opens the
// list of exactly those complaints. The fixture's dates are in November 2026
// and the server runs on real time: its open complaints in DC TDC2 (E and G)
// are past their limits whenever this runs.
const skip = browserMissing();
const AXE = fileURLToPath(import.meta.resolve("axe-core/axe.min.js"));
const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOTS;
let t: TestApp;
let tree: Tree;
let browser: Browser;
let base: string;
let overdueInTdc2: string[];

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  tree = await buildOrgTree(t.repos);
  const f = await buildDashboardFixture(t.database, t.repos, tree);
  overdueInTdc2 = [f.complaints.E.number, f.complaints.G.number].sort();
  await buildUser(t.repos, tree, { login: "se.circle", role: "se", orgCode: "TC" });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
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
    const r = await g.axe.run(g.document.querySelector("main"), { resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.map((n) => n.target.join(" ")).join(", "),
    }));
  });
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

const crumbs = (page: Page) => page.getByRole("navigation", { name: "breadcrumb" });
const kpi = (page: Page, id: string) => page.getByTestId(id).locator("strong");

test(`[${driverName}] an SE drills from his circle to a DC and opens its complaints past the limit`, {
  skip,
}, async () => {
  const page = await browser.newPage({
    viewport: { width: 1366, height: 900 },
    locale: "en-IN",
    bypassCSP: true,
  });
  await signIn(page, "se.circle");
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.waitForURL(/\/dashboard/);
  await crumbs(page).getByText("TC unit").waitFor();
  // November, when the fixture's complaints came in.
  await page.getByLabel("Period").selectOption("2026-11");
  await page.waitForURL(/period=2026-11/);
  await page.getByTestId("kpi-received").getByText("7").waitFor();
  // Open and past the limit now: E and G in TDC2, and F in TDC1 (its four hours ended long ago).
  assert.equal(await kpi(page, "kpi-pending").textContent(), "3");
  assert.equal(await kpi(page, "kpi-sla").textContent(), "75%");
  assert.deepEqual(await seriousAxe(page), []);
  await page.screenshot({ path: path.join(SHOTS, "dashboard-circle-1366.png"), fullPage: true });

  // Circle → division (a click on the row), → sub-division (Enter on the row), → DC.
  await page.getByRole("row", { name: /Open the dashboard of TD unit/ }).click();
  await crumbs(page).getByText("TD unit").waitFor();
  const ts2 = page.getByRole("row", { name: /Open the dashboard of TS2 unit/ });
  assert.equal(await ts2.locator("td").nth(5).textContent(), "2", "TS2's pending beyond limit");
  await ts2.focus();
  await page.keyboard.press("Enter");
  await crumbs(page).getByText("TS2 unit").waitFor();
  await page.getByRole("row", { name: /Open the dashboard of TDC2 unit/ }).click();
  await crumbs(page).getByText("TDC2 unit").waitFor();
  assert.deepEqual(await crumbs(page).getByRole("link").allTextContents(), [
    "TC unit",
    "TD unit",
    "TS2 unit",
  ]);
  await page.getByTestId("kpi-received").getByText("2").waitFor();
  assert.equal(await kpi(page, "kpi-pending").textContent(), "2");
  assert.deepEqual(await seriousAxe(page), []);
  await page.screenshot({ path: path.join(SHOTS, "dashboard-dc-1366.png"), fullPage: true });

  // The DC's figure opens the list of exactly those complaints.
  await page.getByTestId("kpi-pending").click();
  await page.waitForURL(/\/complaints\?/);
  const url = new URL(page.url());
  assert.equal(url.searchParams.get("unit"), "TDC2");
  assert.equal(url.searchParams.get("status"), "overdue");
  await page.getByTestId("filter-chips").getByText("Office: TDC2").waitFor();
  await page.getByText("2 complaints").waitFor();
  const numbers = (await page.locator("table.results tbody td.mono").allTextContents()).sort();
  assert.deepEqual(numbers, overdueInTdc2);
  assert.deepEqual(await seriousAxe(page), []);
  await page.screenshot({ path: path.join(SHOTS, "dashboard-list-1366.png"), fullPage: true });
  await page.close();
});

test(`[${driverName}] the dashboard on a phone, in Hindi`, { skip }, async () => {
  const page = await browser.newPage({
    viewport: { width: 360, height: 780 },
    locale: "en-IN",
    bypassCSP: true,
  });
  await signIn(page, "se.circle");
  await page.goto(`${base}/dashboard?unit=TD&period=2026-11`);
  await page.getByTestId("kpi-received").getByText("7").waitFor();
  await page.locator(".lang-toggle").first().click();
  await page.getByText("समय-सीमा के बाद लंबित").first().waitFor();
  await page.screenshot({ path: path.join(SHOTS, "dashboard-division-360.png"), fullPage: true });
  assert.deepEqual(await seriousAxe(page), []);
  const wide = await page.evaluate(() => {
    const g = globalThis as unknown as {
      document: {
        querySelectorAll(
          s: string,
        ): { getBoundingClientRect(): { right: number }; className: string; tagName: string }[];
      };
    };
    return [...g.document.querySelectorAll("main *")]
      .filter((e) => e.getBoundingClientRect().right > 365)
      .slice(0, 5)
      .map((e) => `${e.tagName}.${e.className}`);
  });
  const overflow = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  assert.ok(overflow <= 380, `the page is ${overflow}px wide on a 360px screen: ${wide.join(", ")}`);
  await page.close();
});
