import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser, Page } from "playwright-core";
import { createSmsWebhook } from "../../src/modules/notifications/delivery.ts";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
let t: TestApp;
let browser: Browser;
let base: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "6002000001",
    name: "Ramesh Patel",
    mobiles: [{ mobile: "9893020001", verified: true, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, { consumerNo: "6002000002", name: "Sunita Verma", dtCode: "TF2-T1" });
  await buildUser(t.repos, tree, { login: "admin.sms", role: "admin" });
  await buildUser(t.repos, tree, { login: "agent.sms", role: "agent" });
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

test(`[${driverName}] an agent adds a consumer's mobile and verifies it with the code the consumer reads out`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "agent.sms");
  await page.goto(`${base}/consumers/6002000002`);
  const panel = page.getByTestId("mobiles");
  await panel.getByText("No mobile registered").waitFor();
  await panel.getByRole("button", { name: /Add or change mobile/ }).click();
  // A malformed number is refused at once, and nothing is sent.
  await panel.getByLabel("New mobile number").fill("12345");
  await panel.getByRole("button", { name: "Send code by SMS" }).click();
  await panel.getByText(/Not a mobile number/i).waitFor();
  await panel.getByLabel("New mobile number").fill("98930 20002");
  await panel.getByRole("button", { name: "Send code by SMS" }).click();
  await panel.getByText(/A 6-digit code went to 9893020002/).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "mobile-code-sent.png"), fullPage: true });

  const sms = await t.database.db
    .selectFrom("outbox_sms")
    .select(["variables", "language", "urgent"])
    .where("recipient", "=", "9893020002")
    .where("template", "=", "mobile_otp")
    .executeTakeFirstOrThrow();
  assert.equal(sms.language, "hi");
  const code = (sms.variables as Record<string, string>).otp as string;
  await panel.getByLabel("Code the consumer reads out").fill(code);
  await panel.getByRole("button", { name: "Verify" }).click();
  await panel.getByText(/9893020002 is verified/).waitFor();
  await panel.getByText("Verified", { exact: true }).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "mobile-verified.png"), fullPage: true });
  const row = await t.database.db
    .selectFrom("consumer_mobiles")
    .select("verified")
    .where("mobile", "=", "9893020002")
    .executeTakeFirstOrThrow();
  assert.equal(row.verified, true);
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] an admin edits a Hindi template with a live preview of its encoding and parts, and sees the outbox`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 1000 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "admin.sms");
  await page.getByRole("link", { name: "SMS", exact: true }).click();
  await page.getByTestId("outbox").waitFor();
  await page
    .getByText(/6-digit|code to register|कोड/)
    .first()
    .waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "sms-outbox.png"), fullPage: true });

  await page.getByRole("button", { name: "Templates" }).click();
  await page.getByRole("button", { name: "Complaint resolved" }).click();
  const preview = page.getByTestId("preview");
  await preview.getByText("Unicode (Hindi)").waitFor();
  await preview.getByText("2 SMS parts").waitFor();
  const body = page.getByLabel("Text", { exact: true });
  // A longer Hindi text takes more parts; an unknown variable cannot be saved.
  await body.fill(
    "शिकायत {number} का समाधान हो गया है। अगर बिजली से जुड़ी समस्या अब भी बनी हुई है तो कृपया 1912 पर कॉल करें, हम तुरंत सहायता करेंगे। {name} - {company}",
  );
  await preview.getByText("3 SMS parts").waitFor();
  await preview.getByText("unknown variable {name}").waitFor();
  assert.equal(await page.getByRole("button", { name: "Save" }).isDisabled(), true);
  await page.screenshot({ path: path.join(SCREENSHOTS, "sms-template-problem.png"), fullPage: true });
  // Shorter: one SMS.
  await body.fill("शिकायत {number} हल हो गई। - {company}");
  await preview.getByText("1 SMS part", { exact: true }).waitFor();
  await page.getByRole("button", { name: "Save" }).click();
  await page.getByText(/Saved\. Messages sent from now on use this text/).waitFor();
  const saved = await t.database.db
    .selectFrom("sms_templates")
    .select(["body", "updated_by"])
    .where("code", "=", "complaint_resolved")
    .where("language", "=", "hi")
    .executeTakeFirstOrThrow();
  assert.equal(saved.body, "शिकायत {number} हल हो गई। - {company}");
  assert.equal(saved.updated_by, "admin.sms");
  await page.screenshot({ path: path.join(SCREENSHOTS, "sms-template-saved.png"), fullPage: true });

  await page.getByRole("button", { name: "Mobile drive" }).click();
  await page.getByTestId("coverage").waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "sms-coverage.png"), fullPage: true });
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] an agent reads the SMS consumers sent, in English and Hindi, with what became of each`, {
  skip,
}, async () => {
  const intake = createSmsWebhook(t.database, t.services.complaints, t.services.clock);
  await intake.inbound({ from: "919893030001", text: "light kab aayegi? call 9893030002", at: new Date() });
  await intake.inbound({ from: "919893030003", text: "NOSUPPLY 6002000001", at: new Date() });
  const page = await browser.newPage({ viewport: { width: 1366, height: 900 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "agent.sms");
  await page.getByRole("link", { name: "SMS", exact: true }).click();
  await page.getByRole("button", { name: "Inbound messages" }).click();
  const list = page.getByTestId("inbound");
  await list.getByText("light kab aayegi? call 9893030002").waitFor();
  await list.getByText("Not understood: the keywords were sent back").waitFor();
  await list.getByText(/Complaint \w+ registered from an unregistered mobile/).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "sms-inbound.png"), fullPage: true });
  await page.locator(".lang-toggle").click();
  await page.getByRole("button", { name: "आए हुए संदेश" }).waitFor();
  await list.getByText("समझ नहीं आया: कीवर्ड वापस भेजे गए").waitFor();
  await list.getByText(/शिकायत \w+ अपंजीकृत मोबाइल से दर्ज/).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "sms-inbound-hi.png"), fullPage: true });
  await page.locator(".lang-toggle").click();
  intake.close();
  assert.deepEqual(errors, []);
  await page.close();
});
