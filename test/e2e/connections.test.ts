import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { fileURLToPath } from "node:url";
import type { Browser, Page } from "playwright-core";
import type {
  ApplicationDetailDto,
  CreateApplicationBody,
} from "../../src/modules/connections/connections.schemas.ts";
import { buildOrgTree, buildUser, TEST_PASSWORD } from "../factories.ts";
import { createTestApp, type TestApp } from "../helpers/app.ts";
import { browserMissing, ensureWebBuilt, launchBrowser, SCREENSHOTS } from "../helpers/browser.ts";
import { driverName } from "../helpers/db.ts";

// New-connection applications as the call centre and the field office use them: the agent finds an
// application by the caller's mobile and reads its stage and next step in Hindi, the agent's form
// warns of a repeat application, and the DC's JE moves an application on.

const skip = browserMissing();
const AXE = fileURLToPath(import.meta.resolve("axe-core/axe.min.js"));
/** A second folder for the screenshots (CONN_SHOTS), besides the tests' own. */
const SHOTS = process.env.CONN_SHOTS;
let t: TestApp;
let browser: Browser;
let base: string;
let agentCookie: string;
/** The caller's application: registered by phone, one document still missing. */
let caller: ApplicationDetailDto;

const CALLER: CreateApplicationBody = {
  applicantName: "Ramesh Patel",
  mobile: "9826012345",
  language: "hi",
  address: "H.No. 12, Ward 5, Station Road",
  locality: "Station Road",
  dcCode: "TDC1",
  category: "domestic",
  loadKw: 2,
  documents: [
    { code: "identity_proof", received: true },
    { code: "ownership_proof", received: true },
    { code: "photo", received: true },
    { code: "wiring_certificate", received: false },
  ],
  source: "call",
};

async function register(body: CreateApplicationBody): Promise<ApplicationDetailDto> {
  const res = await t.request({
    method: "POST",
    url: "/api/connections",
    cookie: agentCookie,
    payload: body,
  });
  assert.equal(res.statusCode, 201, res.body);
  return res.json() as ApplicationDetailDto;
}

before(async () => {
  if (skip) return;
  t = await createTestApp({ webDist: ensureWebBuilt() });
  const tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "agent.conn", role: "agent" });
  await buildUser(t.repos, tree, { login: "je.conn", role: "je", orgCode: "TDC1", phone: "9425000001" });
  await buildUser(t.repos, tree, { login: "ae.conn", role: "ae", orgCode: "TS1", phone: "9425000002" });
  await buildUser(t.repos, tree, { login: "admin.conn", role: "admin" });
  agentCookie = await t.signIn("agent.conn");
  caller = await register(CALLER);
  // Others in the area, one of them late with compensation due (its limit three days past).
  const late = await register({
    ...CALLER,
    applicantName: "Sunita Yadav",
    mobile: "9826054321",
    address: "Plot 7, Mandi Road",
    locality: "Mandi",
    category: "non_domestic",
    loadKw: 5,
    documents: CALLER.documents?.map((d) => ({ ...d, received: true })),
  });
  // Applied five days ago: its first stage's two days ran out three days ago.
  const past = new Date(Date.now() - 3 * 86_400_000);
  const applied = new Date(Date.now() - 5 * 86_400_000);
  await t.database.db
    .updateTable("connection_applications")
    .set({
      applied_at: applied,
      status_at: applied,
      stage_due_at: past,
      breached_at: past,
      compensation_rs: 300,
      escalation_level: 1,
    })
    .where("number", "=", late.number)
    .execute();
  await register({
    ...CALLER,
    applicantName: "Kamla Bai",
    mobile: "9826099999",
    address: "Village Kheri",
    locality: "Kheri",
    category: "agriculture",
    loadKw: 7.5,
  });
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

async function shot(page: Page, name: string) {
  await page.screenshot({ path: path.join(SCREENSHOTS, `connections-${name}.png`), fullPage: true });
  if (SHOTS && fs.existsSync(SHOTS) && driverName === "embedded")
    await page.screenshot({ path: path.join(SHOTS, `conn-web-${name}.png`), fullPage: true });
}

/** No serious or critical accessibility violations in the page's <main> (axe-core). */
async function axe(page: Page) {
  await page.addScriptTag({ path: AXE });
  const found = await page.evaluate(async () => {
    type Axe = {
      run: (
        ctx: unknown,
        o: unknown,
      ) => Promise<{ violations: { id: string; impact: string; nodes: { target: string[] }[] }[] }>;
    };
    const page = globalThis as unknown as { axe: Axe; document: { querySelector(s: string): unknown } };
    const r = await page.axe.run(page.document.querySelector("main") ?? page.document, {
      resultTypes: ["violations"],
    });
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      where: v.nodes.map((n) => n.target.join(" ")).join(", "),
    }));
  });
  if (process.env.AXE_LOG) console.log(JSON.stringify(found));
  assert.deepEqual(
    found.filter((v) => v.impact === "serious" || v.impact === "critical"),
    [],
  );
}

async function newPage(width = 1366) {
  const page = await browser.newPage({
    viewport: { width, height: 900 },
    locale: "en-IN",
    // axe-core is injected as a script at the end: the page's CSP would refuse it.
    bypassCSP: true,
  });
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  return { page, errors };
}

test(`[${driverName}] an agent in Hindi finds an application by the caller's mobile and reads its stage and next step`, {
  skip,
}, async () => {
  const { page, errors } = await newPage();
  await signIn(page, "agent.conn");
  await page.getByRole("button", { name: "हिंदी" }).click();
  await page.getByRole("link", { name: "उपभोक्ता", exact: true }).click();
  const box = page.locator("#consumer-search");
  await box.fill(CALLER.mobile);
  await box.press("Enter");
  // No consumer has this mobile; the application is listed on its own, and the arrow keys reach it.
  const found = page.getByTestId("application-results");
  await found.getByText(caller.number).waitFor();
  await found.getByRole("heading", { name: /नए कनेक्शन/ }).waitFor();
  await shot(page, "lookup");
  await box.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");

  const card = page.getByTestId("application-card");
  await card.getByTestId("application-number").getByText(caller.number).waitFor();
  // The stage in Hindi, on the badge and as the current step, and the line to read to the caller.
  await card.locator(".head-badges").getByText("आवेदन प्राप्त").waitFor();
  assert.equal(
    (await card.getByTestId("stage-steps").locator("[aria-current=step] .step-name").textContent())?.trim(),
    "आवेदन प्राप्त",
  );
  const say = (await card.getByTestId("next-step").locator(".say").textContent()) ?? "";
  assert.ok(say.includes(caller.nextStep.hi), `the next step in Hindi: ${say}`);
  assert.match(caller.nextStep.hi, /[\u0900-\u097F]/);
  // What is missing, in Hindi, and the office in charge with the JE's phone.
  await card
    .getByTestId("documents")
    .getByText(/वायरिंग परीक्षण प्रमाणपत्र/)
    .first()
    .waitFor();
  await card.getByTestId("office").getByRole("link", { name: "9425000001" }).waitFor();
  // No raw codes on the card.
  const text = (await card.textContent()) ?? "";
  for (const code of ["documents_complete", "wiring_certificate", "created", "applied"])
    assert.ok(!text.includes(code), `no raw ${code} on the card`);
  await shot(page, "card-hi");
  await axe(page);

  // The same card on a phone's width.
  await page.setViewportSize({ width: 360, height: 780 });
  await shot(page, "card-360");
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] the agent's form warns of a repeat application and may open it instead`, {
  skip,
}, async () => {
  const { page, errors } = await newPage();
  await signIn(page, "agent.conn");
  // From the consumer search: the caller wants a new connection; the mobile rides along.
  await page.goto(`${base}/consumers?q=${CALLER.mobile}`);
  await page.getByTestId("new-application-link").click();
  const form = page.getByTestId("new-application");
  assert.equal(await form.getByLabel("Mobile (10 digits)").inputValue(), CALLER.mobile);
  await form.getByLabel("Applicant's name").fill(CALLER.applicantName);
  await form.getByLabel("Address of the premises").fill(CALLER.address);
  await form.getByLabel("Locality").fill("Station Road");
  await form.getByLabel("Distribution centre (DC)").fill("TDC1");
  // The category's documents are listed, to tick.
  await form.getByTestId("documents-checklist").getByLabel("Wiring test certificate").waitFor();
  await form.getByLabel("Tariff").selectOption("industrial");
  await form
    .getByTestId("documents-checklist")
    .getByLabel(/Load sanction/)
    .waitFor();
  await form.getByLabel("Tariff").selectOption("domestic");
  await form.getByTestId("documents-checklist").getByLabel("Proof of identity").check();
  await shot(page, "new");
  await form.getByRole("button", { name: "Register application" }).click();

  const dup = page.getByTestId("duplicates");
  await dup.getByTestId("duplicate-list").getByText(caller.number).waitFor();
  await dup.getByRole("heading", { name: "This may be a repeat application" }).waitFor();
  await shot(page, "duplicate");
  await axe(page);
  await dup.getByRole("button", { name: `Open ${caller.number}` }).click();
  await page.getByTestId("application-number").getByText(caller.number).waitFor();
  // Nothing new was registered.
  const count = await t.database.db
    .selectFrom("connection_applications")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("mobile", "=", CALLER.mobile)
    .executeTakeFirstOrThrow();
  assert.equal(Number(count.n), 1);
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] the DC's JE sees late applications first, ticks the missing document and moves the application on`, {
  skip,
}, async () => {
  const { page, errors } = await newPage();
  await signIn(page, "je.conn");
  await page.getByRole("link", { name: "New connections", exact: true }).click();
  const list = page.getByTestId("applications");
  await list.getByTestId("application-list").getByText(caller.number).waitFor();
  // The late one on top, on its own, for the officer who answers for it.
  await list.getByTestId("overdue-first").getByText("Sunita Yadav").waitFor();
  await shot(page, "list");

  await page.goto(`${base}/connections/${caller.number}`);
  const card = page.getByTestId("application-card");
  // While a document is missing, the first move is not "documents complete".
  await card.getByTestId("documents").getByLabel("Wiring test certificate").check();
  await card.getByRole("button", { name: "Save documents" }).click();
  await card.getByText("Documents saved.").waitFor();
  await card.getByRole("button", { name: /Documents complete/ }).waitFor();
  // Key 1: the first move's form; Enter confirms.
  await page.locator("h1").click();
  await page.keyboard.press("1");
  const move = page.getByTestId("move-form");
  await move.getByRole("heading", { name: "Move to: Documents complete" }).waitFor();
  await move.getByLabel("Note (optional)").fill("All papers checked at the DC");
  await shot(page, "move");
  await page.keyboard.press("Enter");
  await card
    .getByRole("status")
    .getByText(/Moved to “Documents complete”/)
    .waitFor();
  assert.equal(
    (await card.getByTestId("stage-steps").locator("[aria-current=step] .step-name").textContent())?.trim(),
    "Documents complete",
  );
  await card.getByTestId("timeline").getByText("All papers checked at the DC").waitFor();
  await card
    .getByTestId("timeline")
    .getByText(/Moved to “Documents complete”/)
    .waitFor();
  const row = await t.database.db
    .selectFrom("connection_applications")
    .select(["status"])
    .where("number", "=", caller.number)
    .executeTakeFirstOrThrow();
  assert.equal(row.status, "documents_complete");
  await shot(page, "card-en");
  await axe(page);
  assert.deepEqual(errors, []);
  await page.close();
});

test(`[${driverName}] the report shows pending applications per office, and an admin the SoP limits`, {
  skip,
}, async () => {
  const { page, errors } = await newPage();
  await signIn(page, "admin.conn");
  await page.goto(`${base}/connections/reports`);
  const table = page.getByTestId("report-table");
  await table.locator("tbody tr").first().waitFor();
  // The SoP limits as stored, the stages' own too; the admin changes the rural limit.
  const sop = page.getByTestId("sop-settings");
  await sop.getByLabel("Rural").waitFor();
  await page.waitForFunction((sel) => {
    const doc = (
      globalThis as unknown as { document: { querySelector(s: string): { value: string } | null } }
    ).document;
    return (doc.querySelector(sel)?.value ?? "") !== "";
  }, "[data-testid=sop-settings] input");
  assert.equal(await sop.getByLabel("Applied", { exact: true }).inputValue(), "2");
  await sop.getByLabel("Rural").fill("12");
  await sop.getByRole("button", { name: "Save" }).click();
  await sop.getByText("Saved.").waitFor();
  const saved = await t.request({
    method: "GET",
    url: "/api/connections/settings",
    cookie: await t.signIn("admin.conn"),
  });
  assert.equal((saved.json() as { releaseDays: { rural: number } }).releaseDays.rural, 12);
  assert.equal((saved.json() as { stageDays: { applied?: number } }).stageDays.applied, 2);
  await shot(page, "report");
  // Down to the offices below the first one.
  await table.locator("tbody tr").first().click();
  await page.getByText(/Offices under/).waitFor();
  await axe(page);
  // The late application, for the list of late ones, and its card: red, with the compensation due.
  await page.goto(`${base}/connections?overdue=true`);
  await page.getByTestId("application-list").getByText("Sunita Yadav").click();
  const card = page.getByTestId("application-card");
  await card.getByTestId("sop").getByText("Compensation due to the applicant: ₹300").waitFor();
  await card.getByTestId("stage-steps").locator(".step-late").waitFor();
  await shot(page, "card-late");
  // Key 2: rejection, which asks for the reason before it can go.
  await page.locator("h1").click();
  await page.keyboard.press("2");
  const move = page.getByTestId("move-form");
  await move.getByLabel(/Reason for rejection/).waitFor();
  assert.equal(await move.getByRole("button", { name: "Confirm: Rejected" }).isDisabled(), true);
  await move.getByLabel(/Reason for rejection/).fill("Premises not ready");
  await shot(page, "reject");
  await move.getByRole("button", { name: "Confirm: Rejected" }).click();
  await card.getByTestId("stage-steps").locator(".step-rejected").getByText("Premises not ready").waitFor();
  assert.deepEqual(errors, []);
  await page.close();
});
