import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

const skip = browserMissing();
const AXE = fileURLToPath(import.meta.resolve("axe-core/axe.min.js"));
/** The screenshots to look at (KB_SHOTS=/work/wt/shots, say); the test's own folder by default. */
const SHOTS = process.env.KB_SHOTS ?? SCREENSHOTS;
let t: TestApp;
let browser: Browser;
let base: string;
let editor: string;
let agent: string;

const CALLER = "9893150002";
const NEW_CONNECTION = {
  category: "new_connection",
  titleEn: "How to apply for a new connection",
  titleHi: "नया कनेक्शन कैसे लें",
  bodyEn:
    "## Where to apply\n\nOnline on the portal, or at your **distribution centre** (DC).\n\n## Documents\n\n- Proof of identity\n- Proof of address\n- Ownership or tenancy papers\n\n<script>alert('x')</script>",
  bodyHi:
    "## कहाँ आवेदन करें\n\nपोर्टल पर ऑनलाइन, या अपने **वितरण केंद्र** (डीसी) पर।\n\n## दस्तावेज़\n\n- पहचान का प्रमाण\n- पते का प्रमाण\n- स्वामित्व या किरायेदारी के काग़ज़",
  summaryEn:
    "New connection: apply online or at your DC with proof of identity, address and ownership. Track it with the application number.",
  summaryHi: "नया कनेक्शन: पोर्टल या डीसी पर आवेदन करें। पहचान, पता और स्वामित्व के दस्तावेज़ साथ लाएँ।",
  keywords: ["new connection", "नया कनेक्शन", "आवेदन"],
  complaintCategories: ["no_supply"],
};

async function createArticle(
  body: Record<string, unknown>,
  publish: boolean,
): Promise<{ id: number; version: number }> {
  const res = await t.request({ method: "POST", url: "/api/kb/articles", cookie: editor, payload: body });
  assert.equal(res.statusCode, 201, res.body);
  const a = res.json() as { id: number; version: number };
  if (publish) {
    const p = await t.request({
      method: "POST",
      url: `/api/kb/articles/${a.id}/publish`,
      cookie: editor,
      payload: { action: "publish" },
    });
    assert.equal(p.statusCode, 200, p.body);
  }
  return a;
}

async function agentSearch(q: string): Promise<string[]> {
  const res = await t.request({
    method: "GET",
    url: `/api/kb/articles?q=${encodeURIComponent(q)}`,
    cookie: agent,
  });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { items: { titleEn: string }[] }).items.map((i) => i.titleEn);
}

async function signIn(page: Page, login: string) {
  await page.goto(base);
  await page.evaluate("localStorage.setItem('powerdesk.lang', 'en')");
  await page.reload();
  await page.getByLabel("Login").fill(login);
  await page.getByLabel("Password").fill(TEST_PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: /Namaste|नमस्ते/ }).waitFor();
}

async function axe(page: Page, where: string, root = "main") {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async (selector: string) => {
    type Axe = {
      run: (
        ctx: unknown,
        o: unknown,
      ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
    };
    const g = globalThis as unknown as { axe: Axe; document: { querySelector(s: string): unknown } };
    const r = await g.axe.run(g.document.querySelector(selector) ?? g.document, {
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.map((n) => n.target.join(" ")).join(", "),
    }));
  }, root);
  if (process.env.AXE_LOG) console.log(where, JSON.stringify(found));
  assert.deepEqual(
    found.filter((v) => v.impact === "serious" || v.impact === "critical"),
    [],
    where,
  );
}

const shot = (page: Page, name: string, fullPage = true) =>
  page.screenshot({ path: path.join(SHOTS, `kb-web-${name}.png`), fullPage });

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "agent.kb", role: "agent" });
  await buildUser(t.repos, tree, { login: "sup.kb", role: "supervisor" });
  await buildConsumer(t.repos, tree, {
    consumerNo: "6150000001",
    name: "Kamla Bai",
    mobiles: [{ mobile: "9893150001", verified: true, language: "hi" }],
  });
  editor = await t.signIn("sup.kb");
  agent = await t.signIn("agent.kb");
  base = await t.app.listen({ host: "127.0.0.1", port: 0 });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
});

after(async () => {
  await browser?.close();
  await t?.close();
});

test(`[${driverName}] an agent presses ?, searches "नया कनेक्शन", opens the article and sends its summary by SMS to the caller`, {
  skip,
}, async () => {
  const article = await createArticle(NEW_CONNECTION, true);
  await createArticle(
    {
      category: "billing",
      titleEn: "Why is my bill high?",
      titleHi: "बिल ज़्यादा क्यों आया?",
      bodyEn: "Check the meter reading against the bill.",
      bodyHi: "बिल पर लिखी रीडिंग को मीटर से मिलाएँ।",
      summaryEn: "A high bill: compare the meter reading with the bill; ask for meter testing if it differs.",
      summaryHi: "बिल ज़्यादा: मीटर रीडिंग बिल से मिलाएँ; अंतर हो तो मीटर जाँच माँगें।",
      keywords: ["high bill"],
      complaintCategories: [],
    },
    true,
  );

  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: "en-IN",
    bypassCSP: true,
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "agent.kb");
  // The caller is on the line: his card, with the number he called from.
  await page.goto(`${base}/consumers/6150000001?caller=${CALLER}`);
  await page.getByRole("heading", { name: "Kamla Bai" }).waitFor();

  // "?" typed in a text box is a question mark, not the search.
  const description = page.getByLabel("What the caller says");
  await description.fill("");
  await description.pressSequentially("light?");
  assert.equal(await description.inputValue(), "light?");
  assert.equal(await page.getByTestId("kb-overlay").isVisible(), false);

  // The complaint form's category shows the articles about it beside the form.
  await page.getByRole("button", { name: /No supply \(single consumer\)/ }).click();
  const side = page.getByTestId("kb-side");
  await side.getByRole("link", { name: NEW_CONNECTION.titleEn }).waitFor();
  await side.scrollIntoViewIfNeeded();
  await shot(page, "side-panel");
  await axe(page, "consumer card with the articles beside the form");

  // Anywhere else on the page, "?" opens the search.
  await page.locator("h1").click();
  await page.keyboard.press("?");
  const overlay = page.getByTestId("kb-overlay");
  await overlay.waitFor();
  const box = overlay.getByRole("combobox", { name: "Search articles" });
  assert.ok(
    await box.evaluate((el) => el === (el.ownerDocument as { activeElement: unknown }).activeElement),
  );
  await box.fill("नया कनेक्शन");
  const first = overlay.getByRole("option").first();
  await first.waitFor();
  // A Hindi query shows the Hindi titles.
  assert.match((await first.textContent()) ?? "", new RegExp(NEW_CONNECTION.titleHi));
  assert.match((await first.textContent()) ?? "", /New connection/); // its category
  assert.equal(await first.getAttribute("aria-selected"), "true");
  await shot(page, "overlay", false);
  await axe(page, "overlay", "dialog[open]");
  // Esc closes it and leaves the card where it was (the card's own Esc = back does not fire).
  await page.keyboard.press("Escape");
  await overlay.waitFor({ state: "hidden" });
  assert.match(page.url(), /\/consumers\/6150000001/);

  await page.keyboard.press("?");
  await box.fill("नया कनेक्शन");
  await first.waitFor();
  await page.keyboard.press("Enter");
  // Searched in Hindi: the article opens in Hindi, for the caller's number.
  await page.waitForURL(new RegExp(`/kb/${article.id}\\?mobile=${CALLER}&consumer=6150000001&lang=hi$`));
  await page.getByRole("heading", { name: NEW_CONNECTION.titleHi }).waitFor();
  assert.equal(await page.getByTestId("kb-summary").textContent(), NEW_CONNECTION.summaryHi);
  // The English text one click away; the body is rendered Markdown, the script in it is text.
  await page.getByTestId("kb-lang").click();
  await page.getByRole("heading", { name: NEW_CONNECTION.titleEn }).waitFor();
  await page.locator(".kb-body h2", { hasText: "Documents" }).waitFor();
  await page.locator(".kb-body", { hasText: "<script>" }).waitFor();
  assert.equal(await page.locator(".kb-body script").count(), 0);
  await page.getByTestId("kb-lang").click();
  await page.getByRole("heading", { name: NEW_CONNECTION.titleHi }).waitFor();
  await shot(page, "article");
  await axe(page, "article");

  await page.getByRole("button", { name: "Send by SMS" }).click();
  const dialog = page.getByTestId("kb-send");
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel("Mobile number").inputValue(), CALLER);
  assert.equal(await dialog.getByLabel("Hindi").isChecked(), true);
  assert.equal(await page.getByTestId("kb-send-text").textContent(), NEW_CONNECTION.summaryHi);
  await shot(page, "send-dialog", false);
  await axe(page, "send dialog", "dialog[open]");
  await dialog.getByRole("button", { name: "Send SMS" }).click();
  await page.getByTestId("kb-toast").getByText(`SMS sent to ${CALLER}`).waitFor();

  const queued = await t.database.db
    .selectFrom("outbox_sms")
    .select(["recipient", "language", "body"])
    .where("recipient", "=", CALLER)
    .execute();
  assert.equal(queued.length, 1);
  assert.equal(queued[0]?.language, "hi");
  assert.equal(queued[0]?.body, NEW_CONNECTION.summaryHi);

  // The same article at 360 px, and the search over it.
  await page.setViewportSize({ width: 360, height: 780 });
  await shot(page, "article-360");
  await page.locator("h1").click();
  await page.keyboard.press("?");
  await box.fill("bill high");
  await overlay.getByRole("option", { name: /Why is my bill high/ }).waitFor();
  await shot(page, "overlay-360", false);
  await page.keyboard.press("Escape");

  // The form for a caller who is not a consumer: the articles beside it too, at 360 px and at 1280.
  await page.goto(`${base}/complaints/new`);
  await page.getByRole("button", { name: /No supply \(single consumer\)/ }).click();
  await page.getByTestId("kb-side").getByRole("link", { name: NEW_CONNECTION.titleEn }).waitFor();
  await shot(page, "new-complaint-360");
  await page.setViewportSize({ width: 1280, height: 900 });
  await shot(page, "new-complaint");

  // "/" still takes him to the consumer search.
  await page.locator("h1").click();
  await page.keyboard.press("/");
  await page.waitForURL(/\/consumers$/);
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] an editor's draft is not seen by agents until it is published; a stale save is refused`, {
  skip,
}, async () => {
  const page = await browser.newPage({
    viewport: { width: 1280, height: 900 },
    locale: "en-IN",
    bypassCSP: true,
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await signIn(page, "sup.kb");
  await page.getByRole("link", { name: "Knowledge base", exact: true }).click();
  await page.getByRole("heading", { name: "Knowledge base" }).waitFor();
  await page.getByRole("link", { name: "New article" }).click();
  const form = page.getByTestId("kb-editor");
  await form.waitFor();
  await form.getByLabel("Category").selectOption("safety");
  const en = form.locator("fieldset[lang=en]");
  const hi = form.locator("fieldset[lang=hi]");
  await en.getByLabel("Title").fill("A wire has fallen on the road");
  await hi.getByLabel("Title").fill("सड़क पर तार गिरा है");
  await en.getByLabel("Article").fill("## Stay away\n\nKeep everyone **10 metres** away and call 1912.");
  await hi.getByLabel("Article").fill("## दूर रहें\n\nसबको **10 मीटर** दूर रखें और 1912 पर कॉल करें।");
  await en.getByLabel(/SMS summary/).fill("Fallen wire: keep 10 m away, do not touch, call 1912 at once.");
  await hi.getByLabel(/SMS summary/).fill("गिरा तार: 10 मीटर दूर रहें, छुएँ नहीं, तुरंत 1912 पर कॉल करें।");
  // The live counter: Hindi goes as UCS-2 (70 a part).
  assert.match((await form.getByTestId("kb-summaryHi-count").textContent()) ?? "", /1 SMS part/);
  await form.getByLabel("Keywords").fill("fallen wire, तार गिरा");
  await form.getByLabel(/What changed/).fill("first text");
  await form.getByRole("button", { name: "Create draft" }).click();
  await page.waitForURL(/\/kb\/\d+\/edit$/);
  const id = Number(/\/kb\/(\d+)\/edit/.exec(page.url())?.[1]);
  await page.getByText("Saved as version 1.").waitFor();
  await page.getByText("Not published: agents do not see it yet.").waitFor();
  await shot(page, "editor");

  // The agent finds nothing and may not open it.
  assert.deepEqual(await agentSearch("fallen wire"), []);
  const hidden = await t.request({ method: "GET", url: `/api/kb/articles/${id}`, cookie: agent });
  assert.equal(hidden.statusCode, 404, hidden.body);

  // Someone else saves meanwhile: his next save is refused and the form says so, keeping his text.
  const other = await t.request({ method: "GET", url: `/api/kb/articles/${id}`, cookie: editor });
  const current = other.json() as Record<string, unknown>;
  const put = await t.request({
    method: "PUT",
    url: `/api/kb/articles/${id}`,
    cookie: editor,
    payload: {
      category: current.category,
      titleEn: "A wire has fallen",
      titleHi: current.titleHi,
      bodyEn: current.bodyEn,
      bodyHi: current.bodyHi,
      summaryEn: current.summaryEn,
      summaryHi: current.summaryHi,
      keywords: current.keywords,
      complaintCategories: current.complaintCategories,
      baseVersion: 1,
      note: "shorter title",
    },
  });
  assert.equal(put.statusCode, 200, put.body);
  await en.getByLabel("Title").fill("A live wire has fallen on the road");
  await form.getByRole("button", { name: "Save as new version" }).click();
  await page.getByText(/Someone saved a newer version/).waitFor();
  assert.equal(await en.getByLabel("Title").inputValue(), "A live wire has fallen on the road");
  await shot(page, "editor-stale");
  await page.getByRole("button", { name: "Load the newest version" }).click();
  await page.waitForFunction(() => {
    const d = globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } };
    return d.document.querySelector("fieldset[lang=en] input")?.value === "A wire has fallen";
  });

  // Published: the agent finds it.
  await page.getByRole("button", { name: "Publish version 2" }).click();
  await page.getByText("Agents read version 2, the latest.").waitFor();
  assert.deepEqual(await agentSearch("fallen wire"), ["A wire has fallen"]);
  const history = page.getByTestId("kb-history");
  await history.getByText("shorter title").waitFor();
  await history.getByText("first text").waitFor();
  await shot(page, "editor-published");
  await axe(page, "editor");

  // The list, with its filters, as the editor sees it.
  await page.getByRole("link", { name: "Knowledge base", exact: true }).click();
  await page.getByLabel("Status").selectOption("all");
  await page.getByTestId("kb-list").getByText("A wire has fallen").waitFor();
  await shot(page, "list");
  await axe(page, "list");
  // The same list in Hindi.
  await page.locator(".lang-toggle").click();
  await page.getByRole("heading", { name: "ज्ञान कोष" }).waitFor();
  await page.getByTestId("kb-list").getByText("सड़क पर तार गिरा है").waitFor();
  await shot(page, "list-hi");
  assert.deepEqual(errors, []);
  await page.close();
});
