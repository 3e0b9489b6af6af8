import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
let t: TestApp;
let browser: Browser;
let base: string;
let login: string;

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "6001000001",
    name: "Kamlesh Yadav",
    dtCode: "TF1-T2",
    mobiles: [{ mobile: "9893012345", verified: true, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, { consumerNo: "6001000002", name: "Seema Yadav" });
  login = (await buildUser(t.repos, tree, { login: "agent.e2e", role: "agent" })).login;
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test(`[${driverName}] an agent signs in, switches to Hindi and finds a consumer by mobile: DC, feeder and DT on the card`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 850 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base);

  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();

  // The switch changes every visible string; the choice sticks.
  const toggle = page.locator(".lang-toggle");
  if ((await toggle.textContent()) === "हिंदी") await toggle.click();
  await page.getByRole("link", { name: "उपभोक्ता", exact: true }).click();
  await page.getByRole("heading", { name: "उपभोक्ता खोजें" }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "hi");
  assert.equal(await page.getByRole("button", { name: "साइन आउट" }).count(), 1);

  const box = page.locator("#consumer-search");
  await box.fill("+91 98930 12345");
  await box.press("Enter");
  const row = page.locator("table.results tbody tr");
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.match((await row.first().textContent()) ?? "", /6001000001/);
  assert.match((await row.first().textContent()) ?? "", /मोबाइल/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "consumer-search-hi.png"), fullPage: true });

  // Keyboard: the single exact hit has focus; Enter opens the card.
  await page.keyboard.press("Enter");
  await page.locator("#consumer-name").waitFor();
  assert.equal(await page.locator("#consumer-name").textContent(), "Kamlesh Yadav");
  assert.match((await page.getByTestId("dc").textContent()) ?? "", /TDC1 इकाई.*TDC1/);
  assert.match((await page.getByTestId("feeder").textContent()) ?? "", /स्टेशन रोड फीडर · TF1/);
  assert.match((await page.getByTestId("dt").textContent()) ?? "", /स्टेशन रोड डीटी 2 · TF1-T2 · 63 केवीए/);
  assert.match((await page.getByTestId("network").textContent()) ?? "", /आपूर्ति नेटवर्क/);
  await page.screenshot({ path: path.join(SCREENSHOTS, "consumer-card-hi.png"), fullPage: true });

  // Esc goes back to the results.
  await page.keyboard.press("Escape");
  await row.first().waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] a wrong password shows the reason, in the language on screen`, { skip }, async () => {
  const page = await browser.newPage({ locale: "en-IN" });
  await page.goto(base);
  await page.evaluate("localStorage.setItem('powerdesk.lang', 'en')");
  await page.reload();
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").waitFor();
  assert.match((await page.getByRole("alert").textContent()) ?? "", /Wrong login or password/);
  await page.close();
});
