// The callback desk's history and the inbox download as a person would: the filters set on the
// page ride on the CSV/Excel links, and the saved file holds the rows the table shows.
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
    seed: "exports-more-e2e",
  });
  login = info.logins.find((l) => l.role === "admin")?.login as string;
  password = info.password;
  const db = t.database.db;
  await sql`update users set language = 'en' where login = ${login}`.execute(db);
  // Callbacks in every state (beside the demo's own), and a few inbox conversations.
  await sql`
    insert into callbacks (complaint_id, round, dc_id, status, priority, resolved_at, attempts,
      next_attempt_at, window_ends_at, created_at, closed_at, fixed, overall_rating)
    select c.id, 100 + r, c.dc_id,
      (array['open', 'link_sent', 'confirmed', 'not_fixed', 'not_confirmed', 'cancelled'])[1 + (c.id + r) % 6],
      1, now() - make_interval(hours => r), 1, now(), now() + interval '5 days', now() - make_interval(hours => r),
      case when (c.id + r) % 6 >= 2 then now() - make_interval(hours => r) end,
      case when (c.id + r) % 6 = 2 then true end, case when (c.id + r) % 6 = 2 then 4 end
    from complaints c, generate_series(0, 2) r`.execute(db);
  await sql`
    insert into callback_attempts (callback_id, at, dc_id, outcome)
    select b.id, b.resolved_at + interval '1 hour', b.dc_id,
      (array['no_answer', 'busy', 'reached'])[1 + b.id % 3]
    from callbacks b where b.round >= 100`.execute(db);
  await sql`
    insert into conversations (channel, sender_id, sender_name, status, dc_id, opened_at, last_message_at,
      first_response_due)
    select (array['whatsapp', 'x', 'sms'])[1 + g % 3], 'e2e-' || g, 'Sender ' || g,
      (array['new', 'open', 'waiting'])[1 + g % 3],
      (select id from org_units where kind = 'dc' order by id limit 1),
      now() - interval '1 hour', now() - make_interval(mins => g), now() + make_interval(mins => g)
    from generate_series(1, 12) g`.execute(db);
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test(`[${driverName}] the callback history and the inbox download as CSV, filtered as shown`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base);
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();

  await page.goto(`${base}/callbacks`);
  const history = page.locator(".cb-history");
  await history.getByRole("heading", { name: "History" }).waitFor();
  await history.getByLabel("Status").selectOption("confirmed");
  const csv = history.locator(".export-buttons a", { hasText: "CSV" });
  await history.locator('.export-buttons a[href*="status=confirmed"]').first().waitFor();
  assert.match(
    (await csv.getAttribute("href")) ?? "",
    /^\/api\/callbacks\/history\/export\?status=confirmed&format=csv$/,
  );
  await history.locator("[data-testid=cb-history] tbody tr").first().waitFor();
  await history.scrollIntoViewIfNeeded();
  await history.screenshot({ path: path.join(SHOTS, "exports-callback-history.png") });
  const shown = await history
    .locator("[data-testid=cb-history] tbody tr td:first-child .mono")
    .allTextContents();
  const [download] = await Promise.all([page.waitForEvent("download"), csv.click()]);
  assert.equal(download.suggestedFilename(), "callbacks-confirmed.csv");
  const rows = parse(fs.readFileSync(await download.path(), "utf8").replace(/^\uFEFF/, ""), {
    columns: true,
  }) as Record<string, string>[];
  assert.ok(rows.length > 0 && rows.every((r) => r.Status === "confirmed"));
  assert.deepEqual(
    rows.slice(0, shown.length).map((r) => r.Complaint),
    shown,
    "the file starts with the rows on screen",
  );

  await page.goto(`${base}/inbox`);
  const inboxCsv = page.locator(".export-buttons a", { hasText: "CSV" });
  await inboxCsv.waitFor();
  assert.match(
    (await inboxCsv.getAttribute("href")) ?? "",
    /^\/api\/inbox\/export\?status=active&format=csv$/,
  );
  await page.screenshot({ path: path.join(SHOTS, "exports-inbox.png") });
  const [inboxFile] = await Promise.all([page.waitForEvent("download"), inboxCsv.click()]);
  const inboxRows = parse(fs.readFileSync(await inboxFile.path(), "utf8").replace(/^\uFEFF/, ""), {
    columns: true,
  }) as Record<string, string>[];
  assert.equal(inboxRows.length, 12);
  assert.deepEqual(errors, []);
  await page.close();
});
