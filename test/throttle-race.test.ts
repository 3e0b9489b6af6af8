import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import { findLink } from "../src/modules/feedback/links.ts";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD, type Tree } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

// Every throttle counts an attempt before it checks anything, in one statement:
// a burst of parallel guesses gets at most the limit checked, on both drivers.

const clock = fixedClock("2026-12-03T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
let complaintNumber: string;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "7301000001",
    mobiles: [{ mobile: "9826033333", verified: true, language: "hi" }],
  });
  await buildUser(t.repos, tree, { login: "agent.race" });
  const agent = await t.signIn("agent.race");
  const r = await t.request({
    method: "POST",
    url: "/api/complaints",
    cookie: agent,
    payload: { consumerNo: "7301000001", categoryCode: "meter", subcategoryCode: "fast" },
  });
  assert.equal(r.statusCode, 201, r.body);
  complaintNumber = r.json().complaint.number;
});
after(async () => t?.close());

function signIn(login: string, password: string, ip: string) {
  return t.request({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { login, password },
    remoteAddress: ip,
  });
}

function tally(statuses: number[]) {
  const out: Record<number, number> = {};
  for (const s of statuses) out[s] = (out[s] ?? 0) + 1;
  return out;
}

describe(`[${driverName}] parallel guesses get at most the limit checked`, () => {
  test("200 parallel wrong passwords for one login from one address: 5 compared, then the right one is refused", async () => {
    await buildUser(t.repos, tree, { login: "agent.burst" });
    const res = await Promise.all(
      Array.from({ length: 200 }, () => signIn("agent.burst", "wrong", "10.70.0.1")),
    );
    const n = tally(res.map((r) => r.statusCode));
    console.log(`# figure: 200 parallel wrong passwords, one address: ${JSON.stringify(n)}`);
    assert.equal(n[401], 5);
    assert.equal(n[429], 195);
    assert.equal((await signIn("agent.burst", TEST_PASSWORD, "10.70.0.1")).statusCode, 429);
  });

  test("200 parallel wrong passwords for one login from 200 addresses: 20 compared", async () => {
    await buildUser(t.repos, tree, { login: "agent.spread" });
    const res = await Promise.all(
      Array.from({ length: 200 }, (_, i) => signIn("agent.spread", "wrong", `10.71.${i >> 8}.${i & 255}`)),
    );
    const n = tally(res.map((r) => r.statusCode));
    console.log(`# figure: 200 parallel wrong passwords, 200 addresses: ${JSON.stringify(n)}`);
    assert.equal(n[401], 20);
    assert.equal((await signIn("agent.spread", TEST_PASSWORD, "10.71.9.9")).statusCode, 429);
  });

  test("the right password inside a burst of 40 from one address gets in only if it is among the first 5", async () => {
    await buildUser(t.repos, tree, { login: "agent.inburst" });
    const res = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        signIn("agent.inburst", i === 32 ? TEST_PASSWORD : "wrong", "10.72.0.1"),
      ),
    );
    const n = tally(res.map((r) => r.statusCode));
    assert.equal((n[401] ?? 0) + (n[200] ?? 0), 5, JSON.stringify(n));
  });

  test("200 parallel unknown logins from one address: 20 checked", async () => {
    const res = await Promise.all(
      Array.from({ length: 200 }, (_, i) => signIn(`ghost${i}`, "x", "10.73.0.1")),
    );
    assert.equal(tally(res.map((r) => r.statusCode))[401], 20);
  });

  test("1,000 parallel tracking guesses at one complaint number from many addresses: 10 checked, then the page is locked", async () => {
    const res = await Promise.all(
      Array.from({ length: 1000 }, (_, i) =>
        t.app.inject({
          method: "GET",
          url: `/api/public/complaints/${complaintNumber}?mobile=${String(i).padStart(4, "0")}`,
          remoteAddress: `10.74.${i >> 8}.${i & 255}`,
        }),
      ),
    );
    const n = tally(res.map((r) => r.statusCode));
    console.log(`# figure: 1000 parallel tracking guesses: ${JSON.stringify(n)}`);
    // 3333 is among the 1,000: it may be one of the 10 checked, never an 11th.
    assert.equal((n[404] ?? 0) + (n[200] ?? 0), 10, JSON.stringify(n));
    const locked = await t.app.inject({
      method: "GET",
      url: `/api/public/complaints/${complaintNumber}?mobile=3333`,
      remoteAddress: "10.75.0.1",
    });
    assert.equal(locked.statusCode, 429);
    assert.equal(locked.json().error, "tracking_locked");
  });

  test("200 parallel wrong feedback/survey link tokens from one address: 20 looked up", async () => {
    let lookups = 0;
    const deps = { throttle: t.repos.throttle, clock };
    const res = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) =>
        findLink(deps, "survey", `Guess${String(i).padStart(4, "0")}`, "10.76.0.1", async () => {
          lookups++;
          return undefined;
        }),
      ),
    );
    assert.equal(lookups, 20);
    assert.equal(res.filter((r) => r.status === "rejected").length, 200);
  });

  test("a real link of one's own, opened between guesses, does not give the address its guesses back", async () => {
    let lookups = 0;
    const deps = { throttle: t.repos.throttle, clock };
    const own = { token_hash: "h", used_at: null, expires_at: new Date(clock().getTime() + 86_400_000) };
    const outcomes: string[] = [];
    for (let i = 0; i < 30; i++) {
      const real = i % 2 === 0;
      try {
        await findLink(deps, "feedback", real ? "MyOwnLink1" : `Guess${i}`, "10.77.0.1", async () => {
          lookups++;
          return real ? own : undefined;
        });
        outcomes.push("ok");
      } catch (e) {
        outcomes.push((e as { status?: number }).status === 429 ? "429" : "404");
      }
    }
    assert.equal(lookups, 20);
    assert.equal(outcomes.filter((o) => o === "404").length, 10);
  });
});
