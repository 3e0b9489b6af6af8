// A person downloads a table as filtered: the CSV and Excel links on the list pages carry the
// filters the table was read with, and the browser saves the file.
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { parse } from "csv-parse/sync";
import { sql } from "kysely";
import type { Browser } from "playwright-core";
import { loadDemo } from "../../src/modules/demo/demo.service.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOTS;
let t: TestApp;
let browser: Browser;
let base: string;
let login: string;
let password: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const { info } = await loadDemo(t.database, t.repos, {
    consumers: 300,
    complaints: 60,
    seed: "exports-e2e",
  });
  login = info.logins.find((l) => l.role === "admin")?.login as string;
  password = info.password;
  await sql`update users set language = 'en' where login = ${login}`.execute(t.database.db);
  const admin = await t.signIn(login, password);
  const dts = await sql<{ code: string }>`select code from dts order by id limit 3`.execute(t.database.db);
  for (const { code } of dts.rows) {
    const r = await t.request({
      method: "POST",
      url: "/api/outages",
      cookie: admin,
      payload: { dtCode: code, cause: "DT fuse blown" },
    });
    assert.equal(r.statusCode, 201, r.body);
  }
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test(`[${driverName}] the outage history and the SMS outbox download as CSV, filtered as shown`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 850 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base);
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();

  await page.goto(`${base}/outages?tab=history`);
  const csv = page.locator(".export-buttons a", { hasText: "CSV" });
  await csv.waitFor();
  assert.match((await csv.getAttribute("href")) ?? "", /^\/api\/outages\/export\?status=all&format=csv$/);
  await page.screenshot({ path: path.join(SHOTS, "exports-outages.png") });
  const [download] = await Promise.all([page.waitForEvent("download"), csv.click()]);
  assert.equal(download.suggestedFilename(), "outages-all.csv");
  const file = await download.path();
  const rows = parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""), { columns: true }) as Record<
    string,
    string
  >[];
  const list = (
    await t.request({
      method: "GET",
      url: "/api/outages?status=all&limit=200",
      cookie: await t.signIn(login, password),
    })
  ).json().items as { id: number }[];
  assert.ok(list.length >= 3);
  assert.deepEqual(
    rows.map((r) => Number(r["No."])),
    list.map((o) => o.id),
  );

  await page.goto(`${base}/sms`);
  const excel = page.locator(".export-buttons a", { hasText: "Excel" }).first();
  await excel.waitFor();
  await page.screenshot({ path: path.join(SHOTS, "exports-sms.png") });
  assert.match((await excel.getAttribute("href")) ?? "", /^\/api\/sms\/outbox\/export\?.*format=xlsx/);
  const [xlsx] = await Promise.all([page.waitForEvent("download"), excel.click()]);
  assert.equal(xlsx.suggestedFilename(), "sms-outbox.xlsx");
  assert.deepEqual(errors, []);
  await page.close();
});
