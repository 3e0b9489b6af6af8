import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import {
  buildComplaint,
  buildOrgTree,
  buildOutage,
  buildUser,
  TEST_PASSWORD,
  type Tree,
} from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

// The SoP report, its rows and the compensation register as an admin uses them.
const skip = browserMissing();
const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOTS;
let t: TestApp;
let tree: Tree;
let browser: Browser;
let base: string;
const ist = (s: string) => new Date(`${s}:00+05:30`);
let breached = { id: 0, consumerNo: "" };

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "admin.sop", role: "admin" });
  const db = t.database;
  // Q3: two urban fuse-offs (one late, Rs 200 due), one rural still open; an outage.
  const late = await buildComplaint(db, tree, {
    area_type: "urban",
    registered_at: ist("2026-08-10T10:00"),
    status: "resolved",
    resolved_at: ist("2026-08-10T20:00"),
    breached_at: ist("2026-08-10T14:00"),
    compensation_rs: 200,
  });
  await buildComplaint(db, tree, {
    area_type: "urban",
    registered_at: ist("2026-07-05T10:00"),
    status: "resolved",
    resolved_at: ist("2026-07-05T12:00"),
  });
  await buildComplaint(db, tree, {
    area_type: "rural",
    registered_at: ist("2026-09-20T10:00"),
    status: "assigned",
  });
  await buildOutage(db, tree, {
    status: "restored",
    started_at: ist("2026-07-08T10:00"),
    detected_at: ist("2026-07-08T10:00"),
    restored_at: ist("2026-07-08T10:45"),
    affected_consumers: 3,
  });
  const entry = await db.db
    .selectFrom("compensation_entries as e")
    .innerJoin("consumers as c", "c.id", "e.consumer_id")
    .select(["e.id", "c.consumer_no"])
    .where("e.complaint_id", "=", late.id)
    .executeTakeFirstOrThrow();
  breached = { id: Number(entry.id), consumerNo: entry.consumer_no };
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

test(`[${driverName}] an admin reads the quarter's SoP report, edits its rows, and imports billing's credits`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1440, height: 1000 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "admin.sop");

  await page.getByRole("link", { name: "SoP report" }).first().click();
  await page.getByRole("heading", { name: "Standards of Performance: compliance report" }).waitFor();
  await page.goto(`${base}/reports/sop?period=2026-Q3`);
  const urban = page.locator('[data-row="fuse_off.urban"] td');
  await urban.first().waitFor();
  // S. No., service, standard, area, then pending start, received, invalid, within, beyond, pending end, %, due, paid.
  const cells = await urban.allTextContents();
  assert.deepEqual(cells.slice(4), ["0", "2", "0", "1", "1", "0", "50.0", "200", "0"]);
  assert.match((await page.getByTestId("sop-pdf").getAttribute("href")) ?? "", /period=2026-Q3/);
  await page.getByTestId("sop-reliability").getByText("TC unit").waitFor();
  await page.screenshot({ path: path.join(SHOTS, "sop-report.png"), fullPage: true });
  await page.getByRole("button", { name: "हिंदी" }).click();
  await page.getByRole("heading", { name: "निष्पादन के मानक: अनुपालन प्रतिवेदन" }).waitFor();
  await page.getByText("फ्यूज़ उड़ना / एक उपभोक्ता की बिजली बंद").waitFor();
  await page.screenshot({ path: path.join(SHOTS, "sop-report-hi.png"), fullPage: true });
  await page.getByRole("button", { name: "English" }).click();

  // The rows: a blank label is refused on its field; a new label is saved.
  await page.goto(`${base}/reports/sop/rows`);
  await page.getByRole("heading", { name: "Rows of the SoP report" }).waitFor();
  const label = page.getByLabel("Label (English)").first();
  await label.fill("");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByRole("alert").waitFor();
  assert.equal(await label.getAttribute("aria-invalid"), "true");
  await label.fill("No supply (fuse-off)");
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText("The rows are saved.").waitFor();
  await page.screenshot({ path: path.join(SHOTS, "sop-rows.png"), fullPage: true });

  // The register: one entry due; billing's file credits it, a bad line is reported by line and column.
  await page.goto(`${base}/compensation`);
  await page.getByRole("heading", { name: "Compensation register" }).waitFor();
  await page.getByTestId("comp-table").getByText(breached.consumerNo).waitFor();
  const csv = [
    "entry_id,consumer_no,amount_rs,credited_on,reference",
    `${breached.id},${breached.consumerNo},200,2026-11-20,BILL-900`,
    `${breached.id},${breached.consumerNo},50,2026-11-31,BILL-901`,
  ].join("\n");
  await page
    .getByTestId("credits-file")
    .setInputFiles({ name: "credits.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
  const result = page.getByTestId("credits-result");
  await result.getByText("2 lines: 1 credited, 0 already imported, 1 refused.").waitFor();
  await result.getByText("credited_on").waitFor();
  await page.getByTestId("comp-table").getByText("Credited", { exact: true }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, "compensation.png"), fullPage: true });
  assert.deepEqual(errors, []);
});
