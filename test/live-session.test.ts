import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import { sha256 } from "../src/modules/users/auth.service.ts";
import { buildOrgTree, buildUser, TEST_PASSWORD, type Tree } from "./factories.ts";
import { createTestApp, ORIGIN, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";
import { openSse, type SseClient } from "./helpers/sse.ts";

// An open /api/events stream ends with its session: a message on the hub when
// the session ends here or in another process, and a re-check of the session
// before every batch of events and every few seconds.

const clock = fixedClock("2026-12-03T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
let base: string;
let admin: string;
const open: SseClient[] = [];

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "admin.live", role: "admin" });
  admin = await t.signIn("admin.live");
  base = await t.listen();
});
after(async () => {
  for (const s of open) s.close();
  await t?.close();
});

async function stream(cookie: string): Promise<SseClient> {
  const s = await openSse(`${base}/api/events`, { cookie, origin: ORIGIN });
  open.push(s);
  await s.waitFor((e) => e.event === "snapshot");
  return s;
}

/** Something every screen hears next: fresh counters. */
function nudge() {
  t.services.hub.publish({ type: "complaints", paths: ["/"] });
}

describe(`[${driverName}] the live stream ends with its session`, () => {
  test("sign-out closes the stream; another session's stream goes on", async () => {
    await buildUser(t.repos, tree, { login: "sup.out", role: "supervisor" });
    const a = await t.signIn("sup.out");
    const b = await t.signIn("sup.out");
    const sa = await stream(a);
    const sb = await stream(b);
    const out = await t.request({ method: "POST", url: "/api/auth/sign-out", cookie: a });
    assert.equal(out.statusCode, 204);
    await sa.waitFor((e) => e.event === "signed_out");
    nudge();
    await sb.waitFor((e) => e.event === "counters");
    assert.equal(sb.events.filter((e) => e.event === "signed_out").length, 0);
    assert.equal(sa.events.filter((e) => e.event === "counters").length, 0);
  });

  test("a password change closes the user's other streams, not the one that changed it", async () => {
    await buildUser(t.repos, tree, { login: "sup.pw", role: "supervisor" });
    const a = await t.signIn("sup.pw");
    const b = await t.signIn("sup.pw");
    const sa = await stream(a);
    const sb = await stream(b);
    const res = await t.request({
      method: "POST",
      url: "/api/auth/password",
      cookie: b,
      payload: { currentPassword: TEST_PASSWORD, newPassword: "a-new-pass-1912" },
    });
    assert.equal(res.statusCode, 204, res.body);
    await sa.waitFor((e) => e.event === "signed_out");
    nudge();
    await sb.waitFor((e) => e.event === "counters");
    assert.equal(sb.events.filter((e) => e.event === "signed_out").length, 0);
  });

  test("deactivation by an admin closes every stream of that user", async () => {
    const u = await buildUser(t.repos, tree, { login: "sup.gone", role: "supervisor" });
    const s1 = await stream(await t.signIn("sup.gone"));
    const s2 = await stream(await t.signIn("sup.gone"));
    const res = await t.request({
      method: "PATCH",
      url: `/api/users/${u.id}`,
      cookie: admin,
      payload: { active: false },
    });
    assert.equal(res.statusCode, 200, res.body);
    await s1.waitFor((e) => e.event === "signed_out");
    await s2.waitFor((e) => e.event === "signed_out");
  });

  test("a session ended where this process did not hear of it: the next batch of events re-checks and ends the stream", async () => {
    await buildUser(t.repos, tree, { login: "sup.elsewhere", role: "supervisor" });
    const c = await t.signIn("sup.elsewhere");
    const s = await stream(c);
    // Another process deleted the session (no message here); this process's cache lapses.
    await t.database.db
      .deleteFrom("sessions")
      .where("id", "=", sha256(c.split("=")[1] ?? ""))
      .execute();
    clock.advance(10_000);
    nudge();
    await s.waitFor((e) => e.event === "signed_out");
    assert.equal(s.events.filter((e) => e.event === "counters").length, 0);
  });
});
