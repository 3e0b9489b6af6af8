import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { buildOrgTree } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const AXE = fs.readFileSync(path.join(root, "node_modules/axe-core/axe.min.js"), "utf8");
/** Where the screenshots go (SHOTS_DIR to put them elsewhere). */
const SHOTS = process.env.SHOTS_DIR ?? SCREENSHOTS;

let t: TestApp;
let browser: Browser;
let base: string;
const mobile = "9826099011";

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  await buildOrgTree(t.repos);
  base = await t.listen();
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
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
    return r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help }));
  });
  const bad = violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  assert.deepEqual(bad, [], `${name}: ${JSON.stringify(bad, null, 1)}`);
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(SHOTS, `conn-portal-${name}.png`), fullPage: true });

test(`[${driverName}] applying for a new connection on the portal at 360 px in Hindi, by keyboard, without signing in`, {
  skip,
}, async () => {
  const context = await browser.newContext({
    viewport: { width: 360, height: 740 },
    locale: "hi-IN",
    bypassCSP: true,
  });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));

  // From the sign-in page, without signing in.
  await page.goto(`${base}/portal/sign-in`);
  await page.getByRole("link", { name: "नया कनेक्शन चाहिए? ऑनलाइन आवेदन करें" }).click();
  await page.getByRole("heading", { name: "नए कनेक्शन के लिए आवेदन" }).waitFor();
  await axe(page, "mobile");
  await shot(page, "1-mobile-hi");

  await page.getByLabel("आपका मोबाइल नंबर").fill(mobile);
  await page.keyboard.press("Enter");
  await page.getByLabel("SMS में आया कोड").waitFor();
  const sms = await t.database.db
    .selectFrom("outbox_sms")
    .select("variables")
    .where("template", "=", "connection_apply_otp")
    .where("recipient", "=", mobile)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();
  const vars = (typeof sms.variables === "string" ? JSON.parse(sms.variables) : sms.variables) as {
    otp: string;
  };
  await page.getByLabel("SMS में आया कोड").fill(vars.otp);
  await axe(page, "code");
  await shot(page, "2-code-hi");
  await page.keyboard.press("Enter");

  await page.getByRole("heading", { name: "कनेक्शन का विवरण" }).waitFor();
  await page.getByLabel("आवेदक का नाम").fill("सुनीता देवी");
  await page.getByLabel("कनेक्शन का प्रकार").selectOption("domestic");
  await page.getByLabel("आवश्यक भार (किलोवाट)").fill("3");
  await page.getByLabel("जहाँ कनेक्शन चाहिए उसका पता").fill("मकान 7, गांधी चौक, वार्ड 5");
  await page.getByLabel("वितरण केंद्र कोड (यदि पता हो)").fill("NOPE9");
  await page.getByRole("button", { name: "आवेदन करें" }).click();
  // An unknown DC: the field says so, the code still holds for the corrected form.
  await page.getByText("आपका वितरण केंद्र नहीं मिला").waitFor();
  await axe(page, "form-error");
  await shot(page, "3-form-error-hi");
  await page.getByLabel("वितरण केंद्र कोड (यदि पता हो)").fill("TDC1");
  await page.getByLabel("वितरण केंद्र कोड (यदि पता हो)").press("Enter");

  await page.getByRole("heading", { name: "आपका आवेदन दर्ज हो गया है" }).waitFor();
  const number = (await page.locator(".big strong").textContent())?.trim() ?? "";
  assert.match(number, /^NC[A-Z]{2,6}\d{10}$/);
  const row = await t.database.db
    .selectFrom("connection_applications")
    .select(["number", "source", "mobile_verified", "language"])
    .where("mobile", "=", mobile)
    .executeTakeFirstOrThrow();
  assert.deepEqual(row, { number, source: "portal", mobile_verified: true, language: "hi" });
  const track = page.getByRole("link", { name: "अपने आवेदन की स्थिति देखें" });
  assert.equal(await track.getAttribute("href"), `/track?n=${number}`);
  await axe(page, "done");
  await shot(page, "4-done-hi");
  const width = await page.evaluate(
    () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
        .documentElement.scrollWidth,
  );
  assert.ok(width <= 360, `the page is ${width} px wide`);
  assert.deepEqual(errors, []);
  await context.close();
});
