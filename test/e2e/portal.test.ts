import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { portalWeight } from "../../bench/portal.ts";
import { buildConsumer, buildOrgTree, buildOutage, buildUser } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const AXE = fs.readFileSync(path.join(root, "node_modules/axe-core/axe.min.js"), "utf8");

let t: TestApp;
let je: string;
let browser: Browser;
let base: string;
let etr: Date;
const consumerNo = "6101000001";
const mobile = "9826088001";

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo,
    name: "रामकली बाई",
    mobiles: [{ mobile, verified: true, language: "hi" }],
  });
  etr = new Date(Date.now() + 3 * 3600_000);
  await buildOutage(t.database, tree, { feederCode: "TF1", etr, affected_consumers: 640 });
  const start = new Date(Date.now() + 2 * 86_400_000);
  await buildOutage(t.database, tree, {
    feederCode: "TF2",
    kind: "planned",
    status: "scheduled",
    planned_start: start,
    planned_end: new Date(start.getTime() + 4 * 3600_000),
    affected_consumers: 300,
  });
  const c = await t.database.db
    .selectFrom("consumers")
    .select("id")
    .where("consumer_no", "=", consumerNo)
    .executeTakeFirstOrThrow();
  const now = new Date();
  await t.database.db
    .insertInto("bills")
    .values({
      consumer_id: c.id,
      bill_month: "2026-11-01",
      bill_no: "B-6101-11",
      amount: "1245.50",
      due_date: "2099-01-15",
      payment_link: "https://pay.example.in/b/6101",
      issued_at: now,
      imported_at: now,
      updated_at: now,
    })
    .execute();
  je = await t.signIn((await buildUser(t.repos, tree, { role: "je", orgCode: "TDC1" })).login);
  base = await t.listen();
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

/** axe-core on the page as it is: no serious or critical WCAG 2.1 A/AA violation. */
async function axe(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ content: AXE });
  const violations = await page.evaluate(async () => {
    const r = await (
      globalThis as unknown as {
        axe: {
          run(o: unknown): Promise<{
            violations: { id: string; impact: string; help: string; nodes: { target: string[] }[] }[];
          }>;
        };
      }
    ).axe.run({ runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 3),
    }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${name}: ${JSON.stringify(bad, null, 1)}`);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `portal-${name}.png`), fullPage: true });
}

test(`[${driverName}] the consumer portal at 360 px in Hindi: public outages, OTP sign-in, live outage with ETR, a bill, a complaint; axe on each page`, {
  skip,
}, async () => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: "hi-IN",
    // axe is injected as an inline script; the portal's CSP (script-src 'self') would refuse it.
    bypassCSP: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  const external: string[] = [];
  page.on("request", (r) => {
    if (!r.url().startsWith(base) && !r.url().startsWith("data:")) external.push(r.url());
  });

  // Not signed in: the public outage list by district and DC.
  await page.goto(`${base}/portal/`);
  await page.waitForURL(/\/portal\/outages$/);
  await page.getByRole("heading", { name: "अभी बिजली कटौती" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "hi");
  await page.getByRole("rowheader", { name: "TDC1 इकाई" }).waitFor();
  await page.getByText("परीक्षण").or(page.getByText("मंडी फीडर")).first().waitFor();
  assert.ok(await page.getByRole("link", { name: "शिकायत की स्थिति" }).isVisible());
  await axe(page, "outages");
  await shot(page, "outages-hi");

  // Sign in with the code from the SMS (the log gateway leaves it in the outbox).
  await page.getByRole("navigation").getByRole("link", { name: "प्रवेश करें" }).click();
  await page.getByRole("heading", { name: "प्रवेश करें" }).waitFor();
  await axe(page, "sign-in");
  await page.getByLabel("उपभोक्ता क्रमांक").fill(consumerNo);
  await page.getByRole("button", { name: "कोड भेजें" }).click();
  await page.getByLabel("SMS में आया कोड").waitFor();
  const sms = await t.database.db
    .selectFrom("outbox_sms")
    .select(["variables", "body", "language"])
    .where("template", "=", "portal_sign_in")
    .where("recipient", "=", mobile)
    .executeTakeFirstOrThrow();
  assert.equal(sms.language, "hi");
  const vars = (typeof sms.variables === "string" ? JSON.parse(sms.variables) : sms.variables) as Record<
    string,
    string
  >;
  assert.match(sms.body, /पोर्टल/);
  await axe(page, "sign-in code");
  await shot(page, "sign-in-hi");
  await page.getByLabel("SMS में आया कोड").fill(vars.otp as string);
  await page.getByRole("button", { name: "प्रवेश करें" }).click();

  // My connection: the live outage on my feeder with its ETR.
  await page.getByRole("heading", { name: "मेरा कनेक्शन" }).waitFor();
  const power = page.getByTestId("power");
  await power.getByText("बिजली बंद है: स्टेशन रोड फीडर।").waitFor();
  const etrText = await page.evaluate(
    (iso) =>
      new Intl.DateTimeFormat("hi-IN", {
        timeZone: "Asia/Kolkata",
        day: "numeric",
        month: "short",
        hour: "numeric",
        minute: "2-digit",
        dayPeriod: "short",
      }).format(new Date(iso)),
    etr.toISOString(),
  );
  await power.getByText(`${etrText} तक बहाल होने की संभावना`).waitFor();
  await axe(page, "home");
  await shot(page, "home-hi");

  // A bill with its state and pay link.
  await page.getByRole("navigation").getByRole("link", { name: "बिल" }).click();
  const bill = page.getByTestId("bill").first();
  await bill.waitFor();
  await bill.getByText("भुगतान बाकी").waitFor();
  assert.match((await bill.textContent()) ?? "", /1,245\.50/);
  assert.equal(
    await bill.getByRole("link", { name: /ऑनलाइन भुगतान/ }).getAttribute("href"),
    "https://pay.example.in/b/6101",
  );
  await axe(page, "bills");
  await shot(page, "bills-hi");

  // Register a complaint.
  await page.getByRole("navigation").getByRole("link", { name: "नई शिकायत" }).click();
  await page.getByRole("heading", { name: "शिकायत दर्ज करें" }).waitFor();
  await axe(page, "new complaint");
  await page.getByLabel("क्या समस्या है?").selectOption("voltage");
  await page.getByLabel("और ठीक-ठीक").selectOption("low");
  await page.getByLabel("विवरण (वैकल्पिक)").fill("शाम को वोल्टेज बहुत कम रहता है");
  await shot(page, "new-hi");
  await page.getByRole("button", { name: "शिकायत दर्ज करें" }).click();
  const done = page.getByTestId("registered");
  await done.waitFor();
  const number = /शिकायत (\S+) दर्ज/.exec((await done.textContent()) ?? "")?.[1];
  assert.ok(number, (await done.textContent()) ?? "");
  const row = await t.database.db
    .selectFrom("complaints as c")
    .innerJoin("consumers as co", "co.id", "c.consumer_id")
    .select(["c.channel", "co.consumer_no", "c.category_code"])
    .where("c.number", "=", number)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { channel: "portal", consumer_no: consumerNo, category_code: "voltage" });
  await axe(page, "registered");

  // A safety hazard with a photo (a PNG chosen from the phone).
  await page.getByRole("navigation").getByRole("link", { name: "नई शिकायत" }).click();
  await page.getByLabel("क्या समस्या है?").selectOption("safety_hazard");
  await page.getByText("जान का खतरा? दूर रहें और अभी 1912 पर कॉल करें।").waitFor();
  await page.getByLabel("और ठीक-ठीक").selectOption("live_wire");
  const png = fs.readFileSync(path.join(root, "web/public/portal/icon-192.png"));
  await page.getByLabel("फोटो (JPEG या PNG, 2 MB तक)").setInputFiles({
    name: "wire.png",
    mimeType: "image/png",
    buffer: png,
  });
  await page.locator("img.preview").waitFor();
  await axe(page, "new complaint with photo");
  await shot(page, "new-photo-hi");
  await page.getByRole("button", { name: "शिकायत दर्ज करें" }).click();
  await page.getByTestId("registered").waitFor();
  const photo = await t.database.db
    .selectFrom("complaint_photos as p")
    .innerJoin("complaints as c", "c.id", "p.complaint_id")
    .select(["p.content_type", "p.bytes", "c.category_code", "c.channel"])
    .executeTakeFirstOrThrow();
  assert.equal(photo.category_code, "safety_hazard");
  assert.equal(photo.content_type, "image/png");
  assert.equal(Buffer.from(photo.bytes).length, png.length);
  await page.getByRole("navigation").getByRole("link", { name: "नई शिकायत" }).click();
  await page.getByRole("heading", { name: "शिकायत दर्ज करें" }).waitFor();
  await page.getByRole("navigation").getByRole("link", { name: "शिकायतें" }).click();
  await page.getByRole("link", { name: number }).click();

  // Its page with the timeline, then the list.
  await page.getByRole("heading", { name: number }).waitFor();
  await page.getByText("शिकायत दर्ज हुई").waitFor();
  await axe(page, "complaint");
  await shot(page, "complaint-hi");
  await page.getByRole("navigation").getByRole("link", { name: "शिकायतें" }).click();
  await page.getByRole("link", { name: number }).waitFor();
  await axe(page, "complaints");

  // The field team resolves it: he is asked whether it was fixed, and says so.
  const resolved = await t.request({
    method: "POST",
    url: `/api/complaints/${number}/actions`,
    cookie: je,
    payload: { action: "resolve", resolutionCode: "line_repaired", remarks: "Tapping tightened" },
  });
  assert.equal(resolved.statusCode, 200, resolved.body);
  await page.getByRole("link", { name: number }).click();
  await page.getByRole("group", { name: "क्या आपकी समस्या ठीक हुई?" }).waitFor();
  await page.getByLabel("हाँ, ठीक हो गई").check();
  await page.getByLabel("आप कितने संतुष्ट हैं? (1 से 5)").selectOption("5");
  await axe(page, "feedback");
  await shot(page, "feedback-hi");
  await page.getByRole("button", { name: "भेजें" }).click();
  await page.getByText("धन्यवाद। आपका उत्तर दर्ज हो गया।").waitFor();
  const closed = await t.database.db
    .selectFrom("complaints")
    .select("status")
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
  assert.equal(closed.status, "closed");
  await page.getByText("शिकायत बंद हुई").waitFor();

  await page.getByRole("navigation").getByRole("link", { name: "मोबाइल व SMS" }).click();
  await page.getByRole("listitem").getByText("******8001").waitFor();
  await axe(page, "settings");
  await shot(page, "settings-hi");

  // Write to us: the message lands in the inbox as his portal conversation.
  await page.getByRole("navigation").getByRole("link", { name: "हमें लिखें" }).click();
  await page.getByRole("heading", { name: "हमें लिखें" }).waitFor();
  await page.getByLabel("आपका संदेश").fill("मीटर की रीडिंग गलत आई है");
  await page.getByRole("button", { name: "भेजें" }).click();
  await page.getByText("भेज दिया। हम यहीं उत्तर देंगे।").waitFor();
  await page.locator(".message.in").getByText("मीटर की रीडिंग गलत आई है").waitFor();
  const conversation = await t.database.db
    .selectFrom("conversations")
    .select(["status", "consumer_verified"])
    .where("channel", "=", "portal")
    .where("sender_id", "=", consumerNo)
    .executeTakeFirstOrThrow();
  assert.deepEqual(conversation, { status: "new", consumer_verified: true });
  await axe(page, "messages");
  await shot(page, "messages-hi");

  // English on request; the page says so.
  await page.getByRole("button", { name: "View in English" }).click();
  await page.getByRole("heading", { name: "Write to us" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "en");
  await page.getByRole("navigation").getByRole("link", { name: "My connection" }).click();
  await page.getByText("Power is off: Station Road feeder.").waitFor();
  await axe(page, "home en");
  await shot(page, "home-en");

  // Installed: the service worker controls the portal and keeps its shell for a poor connection.
  const sw = await page.evaluate(async () => {
    const n = (
      globalThis as unknown as {
        navigator: { serviceWorker: { ready: Promise<{ active: { scriptURL: string } | null }> } };
      }
    ).navigator;
    return (await n.serviceWorker.ready).active?.scriptURL ?? "";
  });
  assert.match(sw, /\/portal\/sw\.js$/);
  await page.reload();
  await page.getByText("Power is off: Station Road feeder.").waitFor();
  await context.setOffline(true);
  await page.reload();
  await page.getByText("No connection. Check your internet and try again.").first().waitFor();
  await context.setOffline(false);

  // Nothing is wider than the 360 px screen.
  const overflow = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  assert.ok(overflow <= 360, `the page is ${overflow} px wide`);
  assert.deepEqual(errors, []);
  assert.deepEqual(external, [], "no request leaves the server");
  await context.close();
});

test(`[${driverName}] the portal is installable (manifest with icons, service worker) and its first page is under 200 KB of JavaScript gzipped`, {
  skip,
}, async () => {
  const manifest = await fetch(`${base}/portal/manifest.webmanifest`);
  assert.equal(manifest.status, 200);
  const m = (await manifest.json()) as { start_url: string; icons: { src: string; sizes: string }[] };
  assert.equal(m.start_url, "/portal/");
  for (const icon of m.icons) {
    const r = await fetch(`${base}${icon.src}`);
    assert.equal(r.status, 200, icon.src);
    assert.equal(r.headers.get("content-type"), "image/png");
  }
  assert.ok(m.icons.some((i) => i.sizes === "512x512"));
  const sw = await fetch(`${base}/portal/sw.js`);
  assert.equal(sw.status, 200);
  assert.match(sw.headers.get("content-type") ?? "", /javascript/);
  const page = await fetch(`${base}/portal/bills`, { headers: { accept: "text/html" } });
  assert.match(await page.text(), /<html lang="hi">/);

  const w = portalWeight();
  assert.ok(w.gzip < 200 * 1024, `the portal's first page loads ${w.gzip} bytes of JavaScript gzipped`);
  // The portal must not pull in the desk's pages.
  for (const f of w.files) assert.doesNotMatch(f.file, /\/main-/);
});
