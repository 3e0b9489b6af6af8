import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { jobDefinitions } from "../src/jobs/registry.ts";
import { fixedClock } from "../src/lib/clock.ts";
import { buildOrgTree, buildUser, TEST_PASSWORD, type Tree } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

const clock = fixedClock("2026-12-03T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
let admin: string;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "admin.unlock", role: "admin" });
  admin = await t.signIn("admin.unlock");
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

describe(`[${driverName}] an admin unlocks a login, audited`, () => {
  test("a locked login shows as locked, the admin unlocks it, the user signs in, and the unlock is recorded", async () => {
    const u = await buildUser(t.repos, tree, { login: "agent.stuck" });
    // Locked from the desk's address and, by many addresses, everywhere.
    for (let i = 0; i < 6; i++) await signIn("agent.stuck", "wrong", "10.80.0.1");
    for (let i = 0; i < 21; i++) await signIn("agent.stuck", "wrong", `10.81.0.${i}`);
    assert.equal((await signIn("agent.stuck", TEST_PASSWORD, "10.80.0.1")).statusCode, 429);

    const list = await t.request({ method: "GET", url: "/api/users?q=agent.stuck", cookie: admin });
    const row = list.json().items.find((x: { id: number }) => x.id === u.id);
    assert.ok(row.lockedUntil, "the Users screen can show the lock");

    await buildUser(t.repos, tree, { login: "sup.nounlock", role: "supervisor" });
    const sup = await t.signIn("sup.nounlock");
    const refused = await t.request({ method: "POST", url: `/api/users/${u.id}/unlock`, cookie: sup });
    assert.equal(refused.statusCode, 403);

    const res = await t.request({ method: "POST", url: `/api/users/${u.id}/unlock`, cookie: admin });
    assert.equal(res.statusCode, 200, res.body);
    assert.ok(res.json().cleared >= 2);
    assert.equal((await signIn("agent.stuck", TEST_PASSWORD, "10.80.0.1")).statusCode, 200);

    const after = await t.request({ method: "GET", url: "/api/users?q=agent.stuck", cookie: admin });
    assert.equal(after.json().items.find((x: { id: number }) => x.id === u.id).lockedUntil, null);
    const events = await t.request({ method: "GET", url: `/api/users/${u.id}/events`, cookie: admin });
    assert.equal(events.statusCode, 200);
    const [e] = events.json().items;
    assert.equal(e.kind, "unlocked");
    assert.equal(e.by, "admin.unlock");
    assert.equal(e.detail.locks, 2);
  });

  test("the sweep job deletes throttle rows whose window and locks are long over", async () => {
    await signIn("ghost.sweep", "x", "10.82.0.1");
    const count = async () =>
      (
        await t.database.db
          .selectFrom("login_throttle")
          .select("key")
          .where("key", "=", "addr:10.82.0.1")
          .execute()
      ).length;
    assert.equal(await count(), 1);
    const job = jobDefinitions(t.repos, t.services, {
      databaseKind: t.database.kind,
      timeZone: "Asia/Kolkata",
    }).find((j) => j.name === "throttle.sweep");
    assert.ok(job);
    await job.run(clock());
    assert.equal(await count(), 1, "a fresh row stays");
    clock.advance(49 * 3600_000);
    await job.run(clock());
    assert.equal(await count(), 0);
  });
});
