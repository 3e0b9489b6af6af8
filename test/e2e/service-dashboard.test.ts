import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import {
  buildComplaint,
  buildConsumer,
  buildConversation,
  buildOrgTree,
  buildOutage,
  buildUser,
  TEST_PASSWORD,
  type Tree,
} from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

// An EE opens the Service tab of the management dashboard for his division,
// reads the month's figures, drills into a sub-division from the table with
// the keyboard, and the page has no serious accessibility fault.
const skip = browserMissing();
const AXE = fileURLToPath(import.meta.resolve("axe-core/axe.min.js"));
const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOTS;
let t: TestApp;
let tree: Tree;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  tree = await buildOrgTree(t.repos);
  const db = t.database.db;
  await buildUser(t.repos, tree, { login: "ee.svc", role: "ee", orgCode: "TD" });
  const now = Date.now();
  const ago = (minutes: number) => new Date(now - minutes * 60_000);
  await buildConsumer(t.repos, tree, { consumerNo: "6016000001" });
  await buildConsumer(t.repos, tree, { consumerNo: "6016000002", dtCode: "TF2-T1" });
  const k1 = await buildComplaint(t.database, tree, { consumerNo: "6016000001" });
  const k2 = await buildComplaint(t.database, tree, { consumerNo: "6016000002" });
  const rows: [number, number, string, number | null][] = [
    [k1.id, tree.org.TDC1 as number, "confirmed", 5],
    [k1.id, tree.org.TDC1 as number, "confirmed", 4],
    [k1.id, tree.org.TDC1 as number, "not_fixed", 2],
    [k2.id, tree.org.TDC2 as number, "not_confirmed", null],
    [k2.id, tree.org.TDC2 as number, "confirmed", 4],
  ];
  for (const [i, [complaint, dc, status, rating]] of rows.entries())
    await db
      .insertInto("callbacks")
      .values({
        complaint_id: complaint,
        round: i + 1,
        dc_id: dc,
        status: status as "confirmed",
        priority: 1,
        resolved_at: ago(60),
        next_attempt_at: ago(60),
        window_ends_at: ago(60),
        created_at: ago(60),
        closed_at: ago(30 - i),
        fixed: status === "confirmed",
        time_rating: rating,
        overall_rating: rating,
      })
      .execute();
  await buildOutage(t.database, tree, {
    status: "restored",
    started_at: ago(120),
    restored_at: ago(60),
    affected_consumers: 1,
  });
  await db
    .insertInto("mobile_coverage")
    .values([
      { dc_id: tree.org.TDC1 as number, consumers: 1200, verified: 900, counted_at: ago(10) },
      { dc_id: tree.org.TDC2 as number, consumers: 800, verified: 300, counted_at: ago(10) },
    ])
    .execute();
  for (const [dc, minutes] of [
    [tree.org.TDC1, 12],
    [tree.org.TDC1, 40],
    [tree.org.TDC2, 25],
  ] as const)
    await buildConversation(t.database, {
      dc_id: dc,
      opened_at: ago(90),
      first_responded_at: ago(90 - minutes),
    });
  await t.repos.outbox.enqueue(
    ["complaint_registered", "complaint_resolved", "complaint_registered"].map((template, i) => ({
      dedupKey: `e2e-svc-${i}`,
      recipient: `98930000${i}0`,
      language: "en" as const,
      template,
      variables: {},
      body: "Test",
      urgent: false,
      relatedType: "complaint",
      relatedId: i === 2 ? k2.id : k1.id,
      createdAt: ago(20),
    })),
  );
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
  if (process.env.AXE_LOG) console.log(JSON.stringify(found));
  return found.filter((v) => v.impact === "serious" || v.impact === "critical");
}

test(`[${driverName}] an EE reads his division's service figures and drills into a sub-division`, {
  skip,
}, async () => {
  const page = await browser.newPage({
    viewport: { width: 1366, height: 900 },
    locale: "en-IN",
    bypassCSP: true,
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "ee.svc");
  await page.goto(`${base}/dashboard/service`);
  await page.getByRole("heading", { name: "Management dashboard" }).waitFor();
  const tabs = page.getByRole("navigation", { name: "Dashboard tabs" });
  assert.equal(await tabs.getByRole("button", { name: "Service" }).getAttribute("aria-current"), "page");
  const callbacks = page.getByTestId("fig-callbacks");
  // 5 closed: 3 confirmed of 5 asked.
  await callbacks.getByText("60.0%").waitFor();
  assert.match((await page.getByTestId("fig-coverage").textContent()) ?? "", /60\.0%[\s\S]*1,200 of 2,000/);
  assert.match((await page.getByTestId("fig-inbox").textContent()) ?? "", /25\.0 min/);
  const children = page.getByTestId("children");
  await children.getByText("TS1 unit").waitFor();
  assert.match((await page.getByTestId("child-TS1").textContent()) ?? "", /66\.7%/);
  await page.waitForSelector(".chart canvas");
  await page.screenshot({ path: path.join(SHOTS, "service-dashboard-1366.png"), fullPage: true });
  assert.deepEqual(await seriousAxe(page), []);

  // The keyboard: focus the TS1 row and press Enter.
  await page.getByTestId("child-TS1").focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("trail").getByText("TS1 unit").waitFor();
  assert.match(page.url(), /unit=TS1/);
  await page.getByTestId("child-TDC1").waitFor();
  assert.match((await page.getByTestId("fig-callbacks").textContent()) ?? "", /66\.7%/);
  // Back up by the breadcrumb.
  await page.getByTestId("trail").getByRole("link", { name: "TD unit" }).click();
  await page.getByTestId("child-TS2").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] on a phone, in Hindi`, { skip }, async () => {
  const page = await browser.newPage({
    viewport: { width: 360, height: 780 },
    locale: "en-IN",
    bypassCSP: true,
  });
  await signIn(page, "ee.svc");
  await page.keyboard.press("Alt+L");
  await page.goto(`${base}/dashboard/service?unit=TD`);
  await page.getByRole("heading", { name: /प्रबंधन डैशबोर्ड|Management dashboard/ }).waitFor();
  await page.getByTestId("child-TS1").waitFor();
  await page.waitForSelector(".chart canvas");
  await page.screenshot({ path: path.join(SHOTS, "service-dashboard-360.png"), fullPage: true });
  await page.screenshot({ path: path.join(SHOTS, "service-dashboard-360-top.png") });
  await page
    .getByTestId("children")
    .screenshot({ path: path.join(SHOTS, "service-dashboard-360-areas.png") });
  // Nothing sticks out sideways (wide tables scroll inside their own box).
  const wide = await page.evaluate(() => {
    type El = {
      tagName: string;
      className: string;
      closest(s: string): unknown;
      getBoundingClientRect(): { right: number };
    };
    const doc = (
      globalThis as unknown as {
        document: { documentElement: { clientWidth: number }; querySelectorAll(s: string): Iterable<El> };
      }
    ).document;
    const w = doc.documentElement.clientWidth;
    return [...doc.querySelectorAll("main *")]
      .filter((e) => !e.closest(".sr-only, .table-scroll") && e.getBoundingClientRect().right > w + 1)
      .map((e) => `${e.tagName}.${e.className}`)
      .slice(0, 5);
  });
  assert.deepEqual(wide, []);
  assert.deepEqual(await seriousAxe(page), []);
  await page.close();
});
