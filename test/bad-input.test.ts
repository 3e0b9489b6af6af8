// A NUL character in any string and a whole number of 1e21 or more in any integer (path, query or
// body) is the client's mistake: a 400 that names the field, on every operation of the OpenAPI
// document. Both once reached PostgreSQL and came back as a 500.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";
import { fillPath, type Operation, operations, type Schema, sample } from "./helpers/openapi.ts";

let t: TestApp;
let admin: string;
let ops: Operation[];
const good: Record<string, string> = { month: "2026-12" };

before(async () => {
  t = await createTestApp();
  const tree = await buildOrgTree(t.repos);
  good.consumerNo = (await buildConsumer(t.repos, tree)).consumerNo;
  admin = await t.signIn((await buildUser(t.repos, tree, { role: "admin" })).login);
  // The live stream never ends; the SMS gateway's webhooks answer 404 to everything while they are off,
  // and so do the channels' (WhatsApp, Meta, X: test/channels-intake.test.ts covers their bad input).
  ops = (await operations(t)).filter(
    (op) =>
      op.path !== "/api/events" &&
      !/^\/api\/sms\/(receipts|inbound)$/.test(op.path) &&
      !/^\/api\/channels\/(whatsapp|meta|x)\/webhook$/.test(op.path),
  );
});
after(async () => t?.close());

const typeOf = (s: Schema): string | undefined => {
  const choices = s.anyOf ?? s.oneOf;
  if (choices) return choices.map(typeOf).find((x) => x && x !== "null");
  return Array.isArray(s.type) ? s.type.find((x) => x !== "null") : s.type;
};

interface Case {
  op: Operation;
  part: "path" | "query" | "body";
  field: string;
}

/** Every path parameter, query parameter and top-level body field of a type, in every operation. */
function cases(type: "string" | "integer"): Case[] {
  const out: Case[] = [];
  for (const op of ops) {
    for (const p of op.params) if (typeOf(p.schema) === type) out.push({ op, part: "path", field: p.name });
    for (const q of op.query) if (typeOf(q.schema) === type) out.push({ op, part: "query", field: q.name });
    for (const [k, s] of Object.entries(op.body?.properties ?? {}))
      if (typeOf(s) === type && !s.enum) out.push({ op, part: "body", field: k });
  }
  return out;
}

async function sendWith(c: Case, value: unknown) {
  const { op } = c;
  const path = Object.fromEntries(op.params.map((p) => [p.name, String(sample(p.schema, good, p.name))]));
  const query: Record<string, string> = Object.fromEntries(
    op.query.filter((q) => q.required).map((q) => [q.name, String(sample(q.schema, good, q.name))]),
  );
  const body = op.body ? (sample(op.body, good) as Record<string, unknown>) : undefined;
  if (c.part === "path") path[c.field] = String(value);
  if (c.part === "query") query[c.field] = String(value);
  const qs = new URLSearchParams(query).toString();
  const res = await t.request({
    method: op.method as "POST",
    url: fillPath(op.path, path) + (qs ? `?${qs}` : ""),
    cookie: admin,
    ...(body !== undefined
      ? { payload: JSON.stringify(c.part === "body" ? { ...body, [c.field]: value } : body) }
      : {}),
    ...(body !== undefined ? { headers: { "content-type": "application/json" } } : {}),
  });
  const json = res.json() as { error?: string; field?: string } | { code: number; description: string }[];
  // Open311 answers its spec's errors, [{ code, description }]: the description names the field.
  if (Array.isArray(json)) {
    const named = /"([^"]+)"/.exec(json[0]?.description ?? "")?.[1];
    return {
      status: res.statusCode,
      body: { error: String(json[0]?.code), ...(named ? { field: named } : {}) },
    };
  }
  return { status: res.statusCode, body: json };
}

async function expectNamed(type: "string" | "integer", value: unknown) {
  const all = cases(type);
  const wrong: string[] = [];
  for (const c of all) {
    const r = await sendWith(c, value);
    if (r.status !== 400 || r.body.field !== c.field)
      wrong.push(`${c.op.method} ${c.op.path} ${c.part} ${c.field}: ${r.status} ${JSON.stringify(r.body)}`);
  }
  return { wrong, count: all.length };
}

describe(`[${driverName}] bad input is a 400 naming the field`, () => {
  test("a NUL character in any string of any operation", async () => {
    const { wrong, count } = await expectNamed("string", "ab\u0000cd");
    assert.ok(count > 40, `only ${count} string fields found`);
    assert.deepEqual(wrong, []);
  });

  test("a whole number of 1e21 or more in any integer of any operation", async () => {
    const { wrong, count } = await expectNamed("integer", 1e21);
    assert.ok(count > 10, `only ${count} integer fields found`);
    assert.deepEqual(wrong, []);
  });

  test("signing in with a NUL in the login names the login", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/auth/sign-in",
      payload: { login: "admin\u0000", password: "x" },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().field, "login");
  });

  test("a body nested 300,000 deep is a 400, not a stack overflow", async () => {
    const depth = 300_000;
    const res = await t.request({
      method: "POST",
      url: "/api/auth/sign-in",
      headers: { "content-type": "application/json" },
      payload: `{"login":"admin","password":"x","extra":${"[".repeat(depth)}${"]".repeat(depth)}}`,
    });
    assert.equal(res.statusCode, 400, res.body);
    assert.equal(res.json().error, "validation_failed");
  });

  test("a date before year 1 is refused as the field's, not by the database", async () => {
    const dated = ops.flatMap((op) =>
      Object.entries(op.body?.properties ?? {})
        .filter(([, s]) => s.format === "date-time")
        .map(([k]) => ({ op, part: "body" as const, field: k })),
    );
    for (const c of dated) {
      const r = await sendWith(c, "0000-01-01T00:00:00Z");
      assert.equal(r.status, 400, `${c.op.path} ${c.field}: ${JSON.stringify(r.body)}`);
      assert.equal(r.body.field, c.field);
    }
  });
});
