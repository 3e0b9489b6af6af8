import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

// Complaint numbers are a readable sequence: a number's public page locks
// after too many wrong guesses from anywhere, and a tokenized link sent by SMS
// to the registered mobile is the way back in.

const clock = fixedClock("2026-12-03T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
let agent: string;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "agent.track" });
  agent = await t.signIn("agent.track");
});
after(async () => t?.close());

async function newComplaint(consumerNo: string, mobile: string, language: "hi" | "en") {
  await buildConsumer(t.repos, tree, { consumerNo, mobiles: [{ mobile, verified: true, language }] });
  const r = await t.request({
    method: "POST",
    url: "/api/complaints",
    cookie: agent,
    payload: { consumerNo, categoryCode: "meter", subcategoryCode: "fast" },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().complaint.number as string;
}

const track = (number: string, last4: string, ip: string) =>
  t.app.inject({ method: "GET", url: `/api/public/complaints/${number}?mobile=${last4}`, remoteAddress: ip });

async function trackLinks(recipient: string) {
  return t.database.db
    .selectFrom("outbox_sms")
    .select(["body", "language"])
    .where("template", "=", "complaint_track_link")
    .where("recipient", "=", recipient)
    .execute();
}

describe(`[${driverName}] tracking: per-number lockout and the SMS link`, () => {
  test("ten wrong guesses from ten addresses lock the number's page for everyone, the right digits too", async () => {
    const number = await newComplaint("7401000001", "9826044441", "hi");
    for (let i = 0; i < 10; i++)
      assert.equal((await track(number, `00${10 + i}`, `10.90.1.${i}`)).statusCode, 404);
    const locked = await track(number, "4441", "10.90.2.1");
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error, "tracking_locked");
    // Another complaint's page is not affected.
    const other = await newComplaint("7401000002", "9826044442", "en");
    assert.equal((await track(other, "4442", "10.90.2.1")).statusCode, 200);
  });

  test("the consumer asks for the link: it goes by SMS to the registered mobile, in its language, and opens the locked page", async () => {
    const number = await newComplaint("7401000003", "9826044443", "hi");
    for (let i = 0; i < 11; i++) await track(number, "0000", `10.91.0.${i}`);
    assert.equal((await track(number, "4443", "10.91.1.1")).json().error, "tracking_locked");

    const asked = await t.app.inject({
      method: "POST",
      url: `/api/public/complaints/${number}/link`,
      headers: { origin: "http://localhost" },
      remoteAddress: "10.91.1.1",
    });
    assert.equal(asked.statusCode, 202, asked.body);
    const [sms] = await trackLinks("9826044443");
    assert.ok(sms, "a tracking link SMS was queued");
    assert.equal(sms.language, "hi");
    assert.match(sms.body, /शिकायत/);
    const token = /\/t\/([A-Za-z0-9]+)/.exec(sms.body)?.[1];
    assert.ok(token, sms.body);
    assert.ok(!asked.body.includes("9826044443"), "the answer does not say where it went");

    const opened = await t.app.inject({
      method: "GET",
      url: `/api/public/track/${token}`,
      remoteAddress: "10.91.1.2",
    });
    assert.equal(opened.statusCode, 200, opened.body);
    assert.equal(opened.json().number, number);
    assert.ok(!opened.body.includes("9826044443"));
  });

  test("an unknown number gets the same answer and no SMS; link requests are limited per number", async () => {
    const before = await t.database.db.selectFrom("outbox_sms").select("id").execute();
    const unknown = await t.app.inject({
      method: "POST",
      url: "/api/public/complaints/XXX2612999999/link",
      headers: { origin: "http://localhost" },
      remoteAddress: "10.92.0.1",
    });
    assert.equal(unknown.statusCode, 202);
    assert.equal((await t.database.db.selectFrom("outbox_sms").select("id").execute()).length, before.length);

    const number = await newComplaint("7401000004", "9826044444", "en");
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const r = await t.app.inject({
        method: "POST",
        url: `/api/public/complaints/${number}/link`,
        headers: { origin: "http://localhost" },
        remoteAddress: `10.92.1.${i}`,
      });
      statuses.push(r.statusCode);
    }
    assert.deepEqual(statuses, [202, 429, 429, 429, 429]);
    const sent = await trackLinks("9826044444");
    assert.equal(sent.length, 1);
    assert.match(sent[0]?.body ?? "", /^Track complaint/);
  });

  test("looking up one's own complaint between guesses at others does not give the address its guesses back", async () => {
    const own = await newComplaint("7401000005", "9826055555", "en");
    const other = await newComplaint("7401000006", "9826066666", "en");
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) {
      statuses.push((await track(own, "5555", "10.94.0.1")).statusCode);
      statuses.push((await track(other, String(1000 + i), "10.94.0.1")).statusCode);
    }
    // Ten tries from one address in all, right or wrong; then the address waits.
    assert.equal(statuses.filter((s) => s !== 429).length, 10);
    assert.equal(statuses.at(-1), 429);
  });

  test("unknown link tokens are 404 and guessing them is limited per address", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 21; i++) {
      const r = await t.app.inject({
        method: "GET",
        url: `/api/public/track/Guess${String(i).padStart(3, "0")}`,
        remoteAddress: "10.93.0.1",
      });
      statuses.push(r.statusCode);
    }
    assert.equal(statuses.filter((s) => s === 404).length, 20);
    assert.equal(statuses[20], 429);
  });
});
