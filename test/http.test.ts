import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, describe, test } from "node:test";
import { buildOrgTree, buildUser } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

let t: TestApp;
let admin: string;
const web = fs.mkdtempSync(path.join(os.tmpdir(), "pd-web-"));

before(async () => {
  fs.writeFileSync(
    path.join(web, "index.html"),
    "<!doctype html><title>PowerDesk</title><div id=root></div>",
  );
  t = await createTestApp({ webDist: web });
  const tree = await buildOrgTree(t.repos);
  admin = await t.signIn((await buildUser(t.repos, tree, { role: "admin" })).login);
});
after(async () => {
  await t?.close();
  fs.rmSync(web, { recursive: true, force: true });
});

describe(`[${driverName}] the server`, () => {
  test("health names the database driver", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/health" });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { status: "ok", database: driverName });
  });

  test("OpenAPI 3 describes the API and the docs page is served", async () => {
    const res = await t.app.inject({ method: "GET", url: "/api/openapi.json" });
    assert.equal(res.statusCode, 200);
    const doc = res.json();
    assert.match(doc.openapi, /^3\./);
    for (const p of [
      "/api/auth/sign-in",
      "/api/consumers",
      "/api/consumers/{consumerNo}",
      "/api/users",
      "/api/tokens",
    ]) {
      assert.ok(doc.paths[p], `documents ${p}`);
    }
    assert.ok(doc.components.schemas.ErrorResponse, "the error shape is a shared component");
    const docs = await t.app.inject({ method: "GET", url: "/api/docs/" });
    assert.equal(docs.statusCode, 200);
    assert.match(docs.body, /swagger/i);
  });

  test("Prometheus metrics count requests by route template, never the raw URL", async () => {
    await t.request({ method: "GET", url: "/api/consumers?q=9876543210", cookie: admin });
    const res = await t.app.inject({ method: "GET", url: "/metrics" });
    assert.equal(res.statusCode, 200);
    assert.match(
      res.body,
      /powerdesk_http_requests_total\{method="GET",route="\/api\/consumers",status="200"\} \d+/,
    );
    assert.match(res.body, /powerdesk_http_request_duration_seconds_bucket/);
    assert.ok(!res.body.includes("9876543210"));
  });

  test("the web app is served at / and for client-side routes; unknown API routes are JSON 404s", async () => {
    const home = await t.app.inject({ method: "GET", url: "/", headers: { accept: "text/html" } });
    assert.equal(home.statusCode, 200);
    assert.match(home.body, /PowerDesk/);
    const deep = await t.app.inject({
      method: "GET",
      url: "/consumers/4001000001",
      headers: { accept: "text/html" },
    });
    assert.equal(deep.statusCode, 200);
    assert.match(deep.body, /id=root/);
    const api = await t.app.inject({
      method: "GET",
      url: "/api/nothing-here",
      headers: { accept: "text/html" },
    });
    assert.equal(api.statusCode, 404);
    assert.equal(api.json().error, "not_found");
  });

  test("responses carry security headers", async () => {
    const res = await t.app.inject({ method: "GET", url: "/", headers: { accept: "text/html" } });
    assert.equal(res.headers["x-content-type-options"], "nosniff");
    assert.equal(res.headers["x-frame-options"], "DENY");
    assert.match(String(res.headers["content-security-policy"]), /default-src 'self'/);
  });
});

describe(`[${driverName}] bad input gets a 4xx naming the field, never a 500`, () => {
  const cases: {
    name: string;
    method: "POST" | "GET" | "PATCH";
    url: string;
    body?: string;
    type?: string;
    status: number;
    error: string;
    field?: string;
  }[] = [
    {
      name: "an id beyond what the database holds",
      method: "GET",
      url: "/api/outages/99999999999999999999",
      status: 400,
      error: "validation_failed",
      field: "id",
    },
    {
      name: "malformed JSON",
      method: "POST",
      url: "/api/users",
      body: '{"login": ',
      status: 400,
      error: "malformed_json",
    },
    {
      name: "empty JSON body",
      method: "POST",
      url: "/api/users",
      body: "",
      status: 400,
      error: "malformed_json",
    },
    {
      name: "a JSON array instead of an object",
      method: "POST",
      url: "/api/tokens",
      body: "[]",
      status: 400,
      error: "validation_failed",
    },
    {
      name: "an unknown field",
      method: "POST",
      url: "/api/tokens",
      body: JSON.stringify({ name: "x", scopes: ["org.read"], colour: "red" }),
      status: 400,
      error: "validation_failed",
      field: "colour",
    },
    {
      name: "a wrong type",
      method: "POST",
      url: "/api/tokens",
      body: JSON.stringify({ name: 42, scopes: ["org.read"] }),
      status: 400,
      error: "validation_failed",
      field: "name",
    },
    {
      name: "a missing field",
      method: "POST",
      url: "/api/users",
      body: JSON.stringify({ login: "abc", name: "A", role: "agent", password: "long-enough-1" }),
      status: 400,
      error: "validation_failed",
      field: "orgCode",
    },
    {
      name: "a value outside the enum",
      method: "POST",
      url: "/api/users",
      body: JSON.stringify({
        login: "abc",
        name: "A",
        role: "king",
        orgCode: "T",
        password: "long-enough-1",
      }),
      status: 400,
      error: "validation_failed",
      field: "role",
    },
    {
      name: "a query parameter of the wrong type",
      method: "GET",
      url: "/api/users?limit=lots",
      status: 400,
      error: "validation_failed",
      field: "limit",
    },
    {
      name: "an unknown query parameter",
      method: "GET",
      url: "/api/users?sort=name",
      status: 400,
      error: "validation_failed",
      field: "sort",
    },
    {
      name: "a path id that is not a number",
      method: "PATCH",
      url: "/api/users/abc",
      body: "{}",
      status: 400,
      error: "validation_failed",
      field: "id",
    },
    {
      name: "a body that is not JSON",
      method: "POST",
      url: "/api/tokens",
      body: "name=x",
      type: "text/plain",
      status: 415,
      error: "unsupported_media_type",
    },
  ];
  for (const c of cases) {
    test(c.name, async () => {
      const res = await t.request({
        method: c.method,
        url: c.url,
        cookie: admin,
        ...(c.body !== undefined
          ? { payload: c.body, headers: { "content-type": c.type ?? "application/json" } }
          : {}),
      });
      assert.equal(res.statusCode, c.status, res.body);
      const body = res.json();
      assert.equal(body.error, c.error);
      assert.equal(typeof body.message, "string");
      if (c.field) assert.equal(body.field, c.field);
      assert.ok(!/at .*\.ts:\d+/.test(res.body), "no stack trace");
    });
  }
});
