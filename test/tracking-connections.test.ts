import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import { buildOrgTree, buildUser } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

// The public tracking page takes a new-connection application's number too,
// with the last four digits of the applicant's mobile: the stage, the next
// step in Hindi and English and the SoP date, and nothing personal.

const clock = fixedClock("2026-12-05T10:00:00+05:30");
let t: TestApp;
let agent: string;
let je: string;

before(async () => {
  t = await createTestApp({ clock });
  const tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "agent.nctrack" });
  await buildUser(t.repos, tree, { login: "je.nctrack", role: "je", orgCode: "TDC1" });
  agent = await t.signIn("agent.nctrack");
  je = await t.signIn("je.nctrack");
});
after(async () => t?.close());

const track = (number: string, last4: string, ip = "10.91.0.1") =>
  t.app.inject({
    method: "GET",
    url: `/api/public/connections/${number}?mobile=${last4}`,
    remoteAddress: ip,
  });

async function apply(mobile: string) {
  const r = await t.request({
    method: "POST",
    url: "/api/connections",
    cookie: agent,
    payload: {
      applicantName: "Savitri Bai Thakur",
      mobile,
      address: "H.No. 44, Civil Lines",
      dcCode: "TDC1",
      category: "domestic",
      loadKw: 3,
      documents: [{ code: "identity_proof", received: true }],
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().number as string;
}

describe(`[${driverName}] tracking a new-connection application`, () => {
  test("by number and the mobile's last 4 digits: stage, next step in both languages, SoP date; no personal data", async () => {
    const number = await apply("9826055551");
    let r = await track(number.toLowerCase(), "5551");
    assert.equal(r.statusCode, 200, r.body);
    let a = r.json();
    assert.equal(a.number, number);
    assert.equal(a.status, "applied");
    assert.equal(a.dc.code, "TDC1");
    assert.ok(a.nextStep.en.length > 0 && a.nextStep.hi.length > 0);
    assert.deepEqual(
      a.steps.map((s: { status: string }) => s.status),
      ["applied"],
    );
    for (const secret of ["Savitri", "9826055551", "Civil Lines", "5551"])
      assert.ok(!r.body.includes(secret), `${secret} is not shown`);

    const move = (body: object) =>
      t.request({ method: "POST", url: `/api/connections/${number}/move`, cookie: je, payload: body });
    assert.equal((await move({ to: "documents_complete" })).statusCode, 200);
    assert.equal((await move({ to: "site_inspected" })).statusCode, 200);
    assert.equal((await move({ to: "demand_note_issued", chargesDemandedRs: 3200 })).statusCode, 200);
    r = await track(number, "5551");
    a = r.json();
    assert.equal(a.status, "demand_note_issued");
    assert.equal(a.chargesDueRs, 3200);
    assert.match(a.payLink, new RegExp(`/nc/${number}$`));
    assert.equal(a.releaseDueAt, new Date(clock().getTime() + 7 * 86_400_000).toISOString());
    assert.match(a.nextStep.hi, /3,200/);
    assert.deepEqual(
      a.steps.map((s: { status: string }) => s.status),
      ["applied", "documents_complete", "site_inspected", "demand_note_issued"],
    );
  });

  test("wrong digits or an unknown number: 404; a rejection's reason stays off the public page", async () => {
    const number = await apply("9826055552");
    assert.equal((await track(number, "0000")).statusCode, 404);
    assert.equal((await track("NCTR2612999999", "5552")).statusCode, 404);
    const bad = await track(number, "55x2");
    assert.equal(bad.statusCode, 400);
    const rejected = await t.request({
      method: "POST",
      url: `/api/connections/${number}/move`,
      cookie: je,
      payload: { to: "rejected", rejectReason: "Owner Ramlal objects" },
    });
    assert.equal(rejected.statusCode, 200);
    const r = await track(number, "5552");
    assert.equal(r.json().status, "rejected");
    assert.ok(!r.body.includes("Ramlal"));
  });

  test("ten wrong guesses lock the application's page, like a complaint's", async () => {
    const number = await apply("9826055553");
    for (let i = 0; i < 10; i++)
      assert.equal((await track(number, `01${10 + i}`, `10.92.1.${i}`)).statusCode, 404);
    const locked = await track(number, "5553", "10.92.2.1");
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error, "tracking_locked");
  });
});
