import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

// Cross-site request forgery is refused by the route the router matched, so an
// encoded path (/%61pi/... decodes to /api/...) is checked like the plain one.

const clock = fixedClock("2026-12-03T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
let admin: string;

/** Routes called by servers with a secret of their own, never by a browser with our cookie. */
const EXEMPT = new Set([
  "POST /api/sms/receipts",
  "POST /api/sms/inbound",
  // The channels' webhooks: platforms sign the body, and send no Origin and no cookie.
  "POST /api/channels/whatsapp/webhook",
  "POST /api/channels/meta/webhook",
  "POST /api/channels/x/webhook",
  // Open311 lives outside /api: no session cookie is read there, the api_key alone authenticates
  // (a forged cross-site POST carries no key), so there is nothing for an Origin check to protect.
  "POST /open311/v2/requests.{format}",
]);
const FOREIGN = "https://evil.example.com";

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, { consumerNo: "5001000001" });
  await buildUser(t.repos, tree, { login: "admin.origin", role: "admin" });
  admin = await t.signIn("admin.origin");
});
after(async () => t?.close());

function send(method: string, url: string, origin: string | undefined, cookie = admin) {
  return t.app.inject({
    method: method as "POST",
    url,
    headers: { cookie, ...(origin ? { origin } : {}) },
    payload: {},
  });
}

function refused(res: { statusCode: number; json(): { error?: string } }, what: string) {
  assert.equal(res.statusCode, 403, `${what}: ${res.statusCode}`);
  assert.ok(["cross_origin", "origin_required"].includes(res.json().error ?? ""), what);
}

describe(`[${driverName}] state changes with the session cookie need our Origin`, () => {
  test("encoded paths from a foreign origin or none are refused, and sign-out does not happen", async () => {
    const urls = [
      "/%61pi/auth/sign-out",
      "/%61pi/consumers/5001000001/bills/1/resend",
      "/%61pi/callbacks/1/open",
      "/api%2Fauth/sign-out",
      "/%2561pi/auth/sign-out",
    ];
    for (const url of urls) {
      for (const origin of [FOREIGN, undefined]) {
        const res = await send("POST", url, origin);
        // A path the router does not match is a 404 (nothing ran); a matched one must be refused.
        if (res.statusCode !== 404) refused(res, `${url} origin=${origin}`);
      }
    }
    const me = await t.app.inject({ method: "GET", url: "/api/auth/me", headers: { cookie: admin } });
    assert.equal(me.statusCode, 200, "the session survived the forged sign-outs");
    // The decoded twins are matched routes: prove the three of the report are.
    for (const url of urls.slice(0, 3)) {
      const res = await send("POST", url, FOREIGN);
      refused(res, url);
    }
  });

  test("every state-changing route in the OpenAPI document refuses a foreign and a missing Origin", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json() as {
      paths: Record<string, Record<string, unknown>>;
    };
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops)) {
        const m = method.toUpperCase();
        if (["GET", "HEAD", "OPTIONS"].includes(m) || EXEMPT.has(`${m} ${path}`)) continue;
        const url = path.replace(/\{[^}]+\}/g, "1");
        for (const u of [url, url.replace(/^\/api\//, "/%61pi/")]) {
          refused(await send(m, u, FOREIGN), `${m} ${u} foreign`);
          refused(await send(m, u, undefined), `${m} ${u} no origin`);
          // Not signed in either: still refused before anything runs.
          refused(await send(m, u, FOREIGN, ""), `${m} ${u} foreign, no cookie`);
        }
        checked++;
      }
    }
    assert.ok(checked >= 40, `only ${checked} state-changing routes found`);
    // Our own origin still works.
    const ok = await t.request({ method: "POST", url: "/%61pi/auth/sign-out", cookie: admin });
    assert.equal(ok.statusCode, 204);
  });
});
