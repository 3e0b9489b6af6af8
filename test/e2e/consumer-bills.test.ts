import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { fixedClock } from "../../src/lib/clock.ts";
import { addMonths, monthOf } from "../../src/lib/time.ts";
import { localDate } from "../../src/modules/billing/billing.format.ts";
import { billsImporter } from "../../src/modules/billing/bills.import.ts";
import { paymentsImporter } from "../../src/modules/billing/payments.import.ts";
import { csvSource } from "../../src/modules/imports/csv-source.ts";
import type { Importer } from "../../src/modules/imports/import.types.ts";
import { runImport } from "../../src/modules/imports/runner.ts";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
// The browser keeps the session cookie only if its expiry, from the server's clock, is ahead of
// the real time: the clock starts now, and the bills are dated around today.
const clock = fixedClock(new Date());
const tz = "Asia/Kolkata";
const day = (daysFromToday: number) =>
  localDate(new Date(clock().getTime() + daysFromToday * 86_400_000), tz);
const thisMonth = monthOf(clock(), tz);
const month = (n: number) => addMonths(thisMonth, n);
/** How the web app writes a month ("Nov 2026") or a day ("5 Dec 2026") in English. */
const label = (iso: string, withDay: boolean) =>
  new Intl.DateTimeFormat("en-IN", {
    ...(withDay ? { day: "numeric" } : {}),
    month: "short",
    year: "numeric",
    timeZone: "UTC",
  }).format(new Date(`${iso}T00:00:00Z`));
let t: TestApp;
let browser: Browser;
let base: string;

async function load(importer: Importer<unknown>, csv: string) {
  const src = csvSource(Readable.from([csv]));
  const s = await runImport(importer, src.records, { header: src.header });
  assert.equal(s.rejected, 0, JSON.stringify(s.errors));
}

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt(), clock });
  const tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "6101000001",
    name: "Rekha Verma",
    mobiles: [
      { mobile: "9893011111", verified: true, language: "hi" },
      { mobile: "7000022222", verified: false, language: "en" },
    ],
  });
  await buildUser(t.repos, tree, { login: "agent.bills", role: "agent" });
  const options = { clock, sms: false };
  await load(
    billsImporter(t.repos.billing, t.repos.recipients, options) as Importer<unknown>,
    `consumer_no,bill_month,amount,due_date,payment_link,bill_no,bill_date
6101000001,${month(-2)},"1,102.00",${month(-2)}-20,https://pay.mpez.in/b/Sp61,B1-61,${month(-2)}-05
6101000001,${month(-1)},980.40,${month(-1)}-20,https://pay.mpez.in/b/Oc61,B2-61,${month(-1)}-05
6101000001,${month(0)},"1,245.50",${day(14)},https://pay.mpez.in/b/x7Kq2,B3-61,${day(-3)}
`,
  );
  await load(
    paymentsImporter(t.repos.billing, t.repos.recipients, options) as Importer<unknown>,
    `consumer_no,amount,paid_at,reference,mode
6101000001,1102,${month(-2)}-12 10:15,UPI2609120001,upi
6101000001,500,${month(-1)}-25 18:40,CTR-2610-77,counter
`,
  );
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test(`[${driverName}] an agent opens a consumer card, sees his bills and sends the payment link by SMS`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base);
  await page.evaluate("localStorage.setItem('powerdesk.lang', 'en')");
  await page.reload();
  await page.getByLabel("Login").fill("agent.bills");
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste/ }).waitFor();
  await page.goto(`${base}/consumers/6101000001`);

  const panel = page.getByTestId("bills");
  const latest = page.getByTestId("latest-bill");
  await latest.waitFor();
  const text = (await latest.textContent()) ?? "";
  assert.ok(text.includes(label(`${month(0)}-01`, false)), text);
  assert.match(text, /₹1,245\.50/);
  assert.ok(text.includes(label(day(14), true)), text);
  assert.match(text, /Not paid yet/);
  assert.equal(await page.getByLabel("Payment link").inputValue(), "https://pay.mpez.in/b/x7Kq2");
  // Last month's bill was part paid: overdue now. The one before was paid.
  await panel.locator("summary", { hasText: "Last 12 bills" }).click();
  const rows = panel.locator("table tbody tr");
  assert.equal(await rows.count(), 3);
  const row = async (i: number) => (await rows.nth(i).textContent()) ?? "";
  assert.ok((await row(1)).startsWith(label(`${month(-1)}-01`, false)), await row(1));
  assert.match(await row(1), /₹980\.40.*Overdue₹500\.00₹500\.00 · .* · Counter CTR-2610-77/);
  assert.ok((await row(2)).startsWith(label(`${month(-2)}-01`, false)), await row(2));
  assert.match(await row(2), /Paid/);
  await panel.scrollIntoViewIfNeeded();
  await page.screenshot({ path: path.join(SCREENSHOTS, "consumer-bills-en.png"), fullPage: true });

  // Keyboard only: the button opens the question, Esc closes it without leaving the card.
  const send = page.getByRole("button", { name: "Send link by SMS" });
  await send.focus();
  await page.keyboard.press("Enter");
  const question = page.locator(".bill-confirm");
  await question.waitFor();
  assert.ok(
    ((await question.textContent()) ?? "").startsWith(
      `Send the ${label(`${month(0)}-01`, false)} bill (₹1,245.50, due ${label(day(14), true)}) with the payment link to 9893011111 (Hindi)?`,
    ),
    (await question.textContent()) ?? "",
  );
  await page.keyboard.press("Escape");
  await question.waitFor({ state: "detached" });
  assert.match(page.url(), /\/consumers\/6101000001$/);
  await page.waitForFunction("document.activeElement?.textContent === 'Send link by SMS'");

  await page.keyboard.press("Enter");
  await question.waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "consumer-bills-confirm-en.png"), fullPage: true });
  // The confirm button has the focus: Enter sends.
  await page.keyboard.press("Enter");
  const done = panel.getByRole("status");
  await done.waitFor();
  assert.match(
    (await done.textContent()) ?? "",
    /SMS with the payment link queued to 9893011111 in Hindi; it goes at once\. It may be sent 2 more times in 24 hours\./,
  );
  await panel.getByText("Sent again 1 of 3 times today").waitFor();
  await panel.screenshot({ path: path.join(SCREENSHOTS, "consumer-bills-sent-en.png") });

  const queued = await t.database.db
    .selectFrom("outbox_sms")
    .select(["dedup_key", "recipient", "language", "urgent", "body"])
    .where("related_type", "=", "bill")
    .execute();
  assert.equal(queued.length, 1);
  assert.equal(queued[0]?.recipient, "9893011111");
  assert.equal(queued[0]?.urgent, true);
  assert.match(queued[0]?.body ?? "", /^बिजली बिल .+, उपभोक्ता 6101000001: रु 1,245\.50, देय तिथि /);

  // Hindi: the same panel, every word switched.
  await page.locator(".lang-toggle").click();
  await page.getByRole("heading", { name: "बिल और भुगतान" }).waitFor();
  assert.match((await latest.textContent()) ?? "", /भुगतान बाकी/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "consumer-bills-hi.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});
