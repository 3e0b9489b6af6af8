import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import type { Browser } from "playwright-core";
import { buildOrgTree, buildUser, TEST_PASSWORD } from "../factories.ts";
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
  await buildUser(t.repos, tree, { login: "admin.e2e", role: "admin" });
  await buildUser(t.repos, tree, { login: "agent.stuck", role: "agent" });
  // The agent mistyped at his desk until the login locked there.
  for (let i = 0; i < 6; i++)
    await t.request({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { login: "agent.stuck", password: "wrong" },
      remoteAddress: "10.90.0.1",
    });
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test(`[${driverName}] an admin sees a locked login on the Users screen and unlocks it, in Hindi and English`, {
  skip,
}, async () => {
  const page = await browser.newPage({ viewport: { width: 1366, height: 850 }, locale: "en-IN" });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(base);
  await page.getByLabel("Login").fill("admin.e2e");
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();
  const toggle = page.locator(".lang-toggle");
  if ((await toggle.textContent()) === "हिंदी") await toggle.click();
  await page.goto(`${base}/users`);
  const row = page.locator("tr", { hasText: "agent.stuck" });
  await row.getByText(/तक बंद/).waitFor();
  await row.getByRole("button", { name: "खोलें" }).waitFor();
  await page.screenshot({ path: path.join(SCREENSHOTS, "users-locked-hi.png") });

  await page.locator(".lang-toggle").click();
  await row.getByText(/Locked until/).waitFor();
  await row.getByRole("button", { name: "Unlock" }).click();
  await page.getByText("agent.stuck unlocked").waitFor();
  await row.getByRole("button", { name: "Deactivate" }).waitFor();
  assert.equal(await row.getByRole("button", { name: "Unlock" }).count(), 0);
  await page.screenshot({ path: path.join(SCREENSHOTS, "users-unlocked-en.png") });

  const events = await t.database.db.selectFrom("user_events").select(["kind", "by_name"]).execute();
  assert.deepEqual(events, [{ kind: "unlocked", by_name: "admin.e2e" }]);
  assert.deepEqual(errors, []);
});
