import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD, type Tree } from "../../../test/factories.ts";
import { cookieFrom, createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";

const clock = fixedClock("2026-11-28T09:00:00+05:30");
let t: TestApp;
let tree: Tree;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, { consumerNo: "5001000001", name: "Kamla Bai Sahu" });
});
after(async () => t?.close());

function signIn(login: string, password: string, ip = "10.0.0.1") {
  return t.request({
    method: "POST",
    url: "/api/auth/sign-in",
    payload: { login, password },
    remoteAddress: ip,
  });
}

describe(`[${driverName}] sign-in and sessions`, () => {
  test("a good password opens a session in an HTTP-only SameSite cookie; the hash is stored, not the password", async () => {
    const u = await buildUser(t.repos, tree, { login: "agent.good" });
    const res = await signIn("Agent.Good", TEST_PASSWORD);
    assert.equal(res.statusCode, 200);
    const setCookie = String(res.headers["set-cookie"]);
    assert.match(setCookie, /^pd_session=/);
    assert.match(setCookie, /HttpOnly/i);
    assert.match(setCookie, /SameSite=Lax/i);
    assert.equal(res.json().user.login, "agent.good");
    const me = await t.request({ method: "GET", url: "/api/auth/me", cookie: cookieFrom(res) });
    assert.equal(me.json().user.id, u.id);
    // The web shows times in the DISCOM's zone, which it learns here.
    assert.equal(me.json().user.timeZone, "Asia/Kolkata");
    const stored = await t.database.db
      .selectFrom("users")
      .select("password_hash")
      .where("id", "=", u.id)
      .executeTakeFirstOrThrow();
    assert.match(stored.password_hash ?? "", /^scrypt\$/);
    assert.ok(!stored.password_hash?.includes(TEST_PASSWORD));
  });

  test("a wrong password is 401; past 5 failures from one address the login is locked there (429), even for the right password", async () => {
    await buildUser(t.repos, tree, { login: "agent.locked" });
    for (let i = 0; i < 5; i++) {
      const r = await signIn("agent.locked", "wrong-password", "10.1.0.1");
      assert.equal(r.statusCode, 401, `try ${i + 1}`);
      assert.equal(r.json().error, "invalid_credentials");
    }
    const sixth = await signIn("agent.locked", "wrong-password", "10.1.0.1");
    assert.equal(sixth.statusCode, 429);
    assert.ok(Number(sixth.headers["retry-after"]) > 0);
    assert.equal((await signIn("agent.locked", TEST_PASSWORD, "10.1.0.1")).statusCode, 429);
    // The same user at another desk (another address) is not locked out by it.
    assert.equal((await signIn("agent.locked", TEST_PASSWORD, "10.1.0.2")).statusCode, 200);
    clock.advance(2 * 60_000);
    assert.equal((await signIn("agent.locked", TEST_PASSWORD, "10.1.0.1")).statusCode, 200);
  });

  test("a login guessed from many addresses is locked everywhere after 20 failures", async () => {
    await buildUser(t.repos, tree, { login: "agent.spread" });
    for (let i = 0; i < 20; i++)
      assert.equal((await signIn("agent.spread", "wrong", `10.3.0.${i}`)).statusCode, 401, `try ${i + 1}`);
    assert.equal((await signIn("agent.spread", TEST_PASSWORD, "10.3.1.1")).statusCode, 429);
    clock.advance(16 * 60_000);
  });

  test("one address guessing logins that do not exist is locked out; real users behind it are not", async () => {
    for (let i = 0; i < 20; i++) {
      const r = await signIn(`nobody${i}`, "x", "10.9.9.9");
      assert.equal(r.statusCode, 401);
    }
    assert.equal((await signIn("nobody-last", "x", "10.9.9.9")).statusCode, 429);
    // A real user behind the same NAT still signs in; so does anyone elsewhere.
    await buildUser(t.repos, tree, { login: "agent.other" });
    assert.equal((await signIn("agent.other", TEST_PASSWORD, "10.9.9.9")).statusCode, 200);
    assert.equal((await signIn("agent.other", TEST_PASSWORD, "10.9.9.10")).statusCode, 200);
    clock.advance(16 * 60_000);
  });

  test("a login that does not exist is refused at the same try as one that does: the 429 does not tell which exist", async () => {
    await buildUser(t.repos, tree, { login: "agent.real" });
    const statuses = async (login: string, ip: string) => {
      const out: number[] = [];
      for (let i = 0; i < 6; i++) out.push((await signIn(login, "wrong", ip)).statusCode);
      return out;
    };
    const real = await statuses("agent.real", "10.61.0.1");
    assert.deepEqual(real, [401, 401, 401, 401, 401, 429]);
    assert.deepEqual(await statuses("agent.unreal", "10.61.0.2"), real);
    clock.advance(16 * 60_000);
  });

  test("IPv6 addresses of one /64 count as one address", async () => {
    await buildUser(t.repos, tree, { login: "agent.v6" });
    for (let i = 1; i <= 5; i++)
      assert.equal((await signIn("agent.v6", "wrong", `2401:4900:1c2a:7f01::${i}`)).statusCode, 401);
    assert.equal((await signIn("agent.v6", TEST_PASSWORD, "2401:4900:1c2a:7f01::99")).statusCode, 429);
    assert.equal((await signIn("agent.v6", TEST_PASSWORD, "2401:4900:1c2a:7f02::1")).statusCode, 200);
    clock.advance(16 * 60_000);
  });

  test("twenty agents behind one NAT each mistyping twice all still sign in", async () => {
    const logins = await Promise.all(
      Array.from({ length: 20 }, (_, i) => buildUser(t.repos, tree, { login: `nat.agent${i}` })),
    );
    for (const u of logins) for (let k = 0; k < 2; k++) await signIn(u.login, "typo", "10.50.0.1");
    for (const u of logins) assert.equal((await signIn(u.login, TEST_PASSWORD, "10.50.0.1")).statusCode, 200);
  });

  test("each lock in a row lasts twice as long as the one before", async () => {
    await buildUser(t.repos, tree, { login: "agent.backoff" });
    const lockSeconds: number[] = [];
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 5; i++) await signIn("agent.backoff", "wrong", "10.60.0.1");
      const r = await signIn("agent.backoff", "wrong", "10.60.0.1");
      assert.equal(r.statusCode, 429);
      lockSeconds.push(Number(r.headers["retry-after"]));
      clock.advance(Number(r.headers["retry-after"]) * 1000 + 1000);
    }
    assert.deepEqual(lockSeconds, [60, 120, 240]);
  });

  test("an inactive user cannot sign in", async () => {
    await buildUser(t.repos, tree, { login: "agent.gone", active: false });
    assert.equal((await signIn("agent.gone", TEST_PASSWORD, "10.2.0.1")).statusCode, 401);
  });

  test("a session ends after 12 idle hours, and sign-out ends it at once", async () => {
    await buildUser(t.repos, tree, { login: "agent.idle" });
    const cookie = cookieFrom(await signIn("agent.idle", TEST_PASSWORD, "10.3.0.1"));
    clock.advance(11 * 3600_000);
    assert.equal((await t.request({ method: "GET", url: "/api/auth/me", cookie })).statusCode, 200);
    clock.advance(11 * 3600_000); // 11 h since the last request: still alive (sliding)
    assert.equal((await t.request({ method: "GET", url: "/api/auth/me", cookie })).statusCode, 200);
    clock.advance(13 * 3600_000);
    assert.equal((await t.request({ method: "GET", url: "/api/auth/me", cookie })).statusCode, 401);

    const c2 = cookieFrom(await signIn("agent.idle", TEST_PASSWORD, "10.3.0.1"));
    const out = await t.request({ method: "POST", url: "/api/auth/sign-out", cookie: c2 });
    assert.equal(out.statusCode, 204);
    assert.equal((await t.request({ method: "GET", url: "/api/auth/me", cookie: c2 })).statusCode, 401);
  });

  test("changing the password ends the user's other sessions", async () => {
    await buildUser(t.repos, tree, { login: "agent.pw" });
    const a = cookieFrom(await signIn("agent.pw", TEST_PASSWORD, "10.4.0.1"));
    const b = cookieFrom(await signIn("agent.pw", TEST_PASSWORD, "10.4.0.2"));
    const weak = await t.request({
      method: "POST",
      url: "/api/auth/password",
      cookie: a,
      payload: { currentPassword: TEST_PASSWORD, newPassword: "short" },
    });
    assert.equal(weak.statusCode, 400);
    assert.equal(weak.json().field, "newPassword");
    const res = await t.request({
      method: "POST",
      url: "/api/auth/password",
      cookie: a,
      payload: { currentPassword: TEST_PASSWORD, newPassword: "a-much-better-pass" },
    });
    assert.equal(res.statusCode, 204);
    assert.equal((await t.request({ method: "GET", url: "/api/auth/me", cookie: a })).statusCode, 200);
    assert.equal((await t.request({ method: "GET", url: "/api/auth/me", cookie: b })).statusCode, 401);
    assert.equal((await signIn("agent.pw", "a-much-better-pass", "10.4.0.3")).statusCode, 200);
  });

  test("a state-changing request from another site is refused", async () => {
    await buildUser(t.repos, tree, { login: "agent.csrf" });
    const cookie = cookieFrom(await signIn("agent.csrf", TEST_PASSWORD, "10.5.0.1"));
    const evil = await t.app.inject({
      method: "POST",
      url: "/api/auth/sign-out",
      headers: { cookie, origin: "https://evil.example.com" },
    });
    assert.equal(evil.statusCode, 403);
    assert.equal(evil.json().error, "cross_origin");
    const none = await t.app.inject({ method: "POST", url: "/api/auth/sign-out", headers: { cookie } });
    assert.equal(none.statusCode, 403);
    assert.equal((await t.request({ method: "GET", url: "/api/auth/me", cookie })).statusCode, 200);
  });
});

describe(`[${driverName}] API tokens for integrations`, () => {
  test("an admin creates a scoped token; it reads consumers in its jurisdiction until revoked", async () => {
    await buildUser(t.repos, tree, { login: "admin.tok", role: "admin" });
    const admin = cookieFrom(await signIn("admin.tok", TEST_PASSWORD, "10.6.0.1"));
    const created = await t.request({
      method: "POST",
      url: "/api/tokens",
      cookie: admin,
      payload: { name: "CTI softphone", orgCode: "TS1", scopes: ["consumers.read"] },
    });
    assert.equal(created.statusCode, 201);
    const { secret, token } = created.json();
    assert.match(secret, /^pd_/);
    assert.equal(token.orgCode, "TS1");
    const stored = await t.database.db
      .selectFrom("api_tokens")
      .select("token_hash")
      .executeTakeFirstOrThrow();
    assert.notEqual(stored.token_hash, secret);

    const auth = { authorization: `Bearer ${secret}` };
    const found = await t.app.inject({ method: "GET", url: "/api/consumers?q=5001000001", headers: auth });
    assert.equal(found.statusCode, 200);
    assert.equal(found.json().items.length, 1);
    assert.equal(found.json().items[0].mobile, null);
    // consumers.read_mobile was not granted, and user management never can be.
    assert.equal((await t.app.inject({ method: "GET", url: "/api/users", headers: auth })).statusCode, 403);

    const revoked = await t.request({ method: "DELETE", url: `/api/tokens/${token.id}`, cookie: admin });
    assert.equal(revoked.statusCode, 204);
    const after = await t.app.inject({ method: "GET", url: "/api/consumers?q=5001000001", headers: auth });
    assert.equal(after.statusCode, 401);
    assert.equal(after.json().error, "invalid_token");
  });

  test("an agent cannot create tokens or users", async () => {
    await buildUser(t.repos, tree, { login: "agent.notadmin" });
    const agent = cookieFrom(await signIn("agent.notadmin", TEST_PASSWORD, "10.7.0.1"));
    const tok = await t.request({
      method: "POST",
      url: "/api/tokens",
      cookie: agent,
      payload: { name: "x", scopes: ["org.read"] },
    });
    assert.equal(tok.statusCode, 403);
    const user = await t.request({
      method: "POST",
      url: "/api/users",
      cookie: agent,
      payload: { login: "newbie", name: "N", role: "agent", orgCode: "T", password: "long-enough-1" },
    });
    assert.equal(user.statusCode, 403);
  });
});

describe(`[${driverName}] user management`, () => {
  test("an admin creates users only with a role that fits the org unit and inside his jurisdiction", async () => {
    await buildUser(t.repos, tree, { login: "admin.circle", role: "admin", orgCode: "TS1" });
    const admin = cookieFrom(await signIn("admin.circle", TEST_PASSWORD, "10.8.0.1"));
    const ok = await t.request({
      method: "POST",
      url: "/api/users",
      cookie: admin,
      payload: {
        login: "JE.TDC1",
        name: "Vijay Tiwari",
        role: "je",
        orgCode: "tdc1",
        password: "long-enough-1",
        phone: "+91 98260 11111",
      },
    });
    assert.equal(ok.statusCode, 201, ok.body);
    assert.equal(ok.json().login, "je.tdc1");
    assert.equal(ok.json().phone, "9826011111");
    const wrongLevel = await t.request({
      method: "POST",
      url: "/api/users",
      cookie: admin,
      payload: { login: "je.two", name: "X", role: "je", orgCode: "TS1", password: "long-enough-1" },
    });
    assert.equal(wrongLevel.statusCode, 400);
    assert.equal(wrongLevel.json().field, "orgCode");
    const outside = await t.request({
      method: "POST",
      url: "/api/users",
      cookie: admin,
      payload: { login: "je.three", name: "X", role: "je", orgCode: "TDC2", password: "long-enough-1" },
    });
    assert.equal(outside.statusCode, 400);
    const dup = await t.request({
      method: "POST",
      url: "/api/users",
      cookie: admin,
      payload: { login: "je.tdc1", name: "X", role: "je", orgCode: "TDC1", password: "long-enough-1" },
    });
    assert.equal(dup.statusCode, 409);
    const list = await t.request({ method: "GET", url: "/api/users?limit=100", cookie: admin });
    const logins = list.json().items.map((u: { login: string }) => u.login);
    assert.ok(logins.includes("je.tdc1"));
    assert.ok(!logins.includes("agent.good"), "company-level users are outside a sub-division admin's view");
  });

  test("deactivating a user ends his sessions", async () => {
    const admin = cookieFrom(await signIn("admin.tok", TEST_PASSWORD, "10.8.0.2"));
    const u = await buildUser(t.repos, tree, { login: "lineman.x", role: "lineman", orgCode: "TDC1" });
    const his = cookieFrom(await signIn("lineman.x", TEST_PASSWORD, "10.8.0.3"));
    const res = await t.request({
      method: "PATCH",
      url: `/api/users/${u.id}`,
      cookie: admin,
      payload: { active: false },
    });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().active, false);
    assert.equal((await t.request({ method: "GET", url: "/api/auth/me", cookie: his })).statusCode, 401);
  });
});
