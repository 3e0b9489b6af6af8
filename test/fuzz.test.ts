// Property-based fuzzing of the whole API, driven by /api/openapi.json: every operation gets bad
// requests (NUL bytes, numbers past what the database holds, wrong types, odd Unicode, huge and
// empty strings, impossible dates, random JSON, malformed bodies) as an admin, an agent and
// anonymously. No answer may be a 5xx, and no body may carry a stack trace or a database error.
//
// Replay a failure with the seed it prints: FUZZ_SEED=<seed> npm test -- test/fuzz
// More requests: FUZZ_RUNS=20000 npm test -- test/fuzz (default 2,400 per run).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import fc from "fast-check";
import { closePdfBrowser } from "../src/lib/pdf.ts";
import { buildConsumer, buildOrgTree, buildUser } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";
import { fillPath, type Operation, operations, sample } from "./helpers/openapi.ts";

const RUNS = Number(process.env.FUZZ_RUNS ?? 2400);
const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;

/** What a stack trace or a leaked database error looks like in a body. */
const LEAK =
  /\n\s+at .+:\d+:\d+|node:internal|node_modules|\/src\/[\w/.-]+\.ts|syntax error at or near|invalid input syntax for|violates (?:not-null|foreign key|check|unique) constraint|null value in column|out of range for type|value too long for type|relation "[^"]*" does not exist|column "[^"]*" does not exist|SQLSTATE|PGlite|kysely/i;

let t: TestApp;
let ops: Operation[];
const cookies: Record<"admin" | "agent", string> = { admin: "", agent: "" };
const logins: Record<"admin" | "agent", string> = { admin: "", agent: "" };
const good: Record<string, string> = { month: "2026-12" };

before(async () => {
  t = await createTestApp();
  const tree = await buildOrgTree(t.repos);
  const consumer = await buildConsumer(t.repos, tree, {
    mobiles: [{ mobile: "9826011111", verified: true, language: "hi" }],
  });
  good.consumerNo = consumer.consumerNo;
  await buildUser(t.repos, tree, { role: "lineman", orgCode: "TDC1", phone: "9000000011" });
  for (const role of ["admin", "agent"] as const) {
    logins[role] = (await buildUser(t.repos, tree, { role })).login;
    cookies[role] = await t.signIn(logins[role]);
  }
  const r = await t.request({
    method: "POST",
    url: "/api/complaints",
    cookie: cookies.agent,
    payload: { consumerNo: good.consumerNo, categoryCode: "no_supply", description: "fuzz" },
  });
  assert.equal(r.statusCode, 201, r.body);
  good.number = r.json().complaint.number;
  // The live stream never ends by itself; every other operation is fuzzed.
  ops = (await operations(t)).filter((op) => op.path !== "/api/events");
  // The public links that need no sign-in are in the document, so they are fuzzed anonymously too.
  for (const path of ["/api/public/reports/{token}", "/r/{token}"])
    assert.ok(
      ops.some((op) => op.path === path),
      `${path} is in the OpenAPI document`,
    );
});
after(async () => {
  // A fuzzed download may have found a real office and started Chromium for its PDF.
  await closePdfBrowser();
  await t?.close();
});

const weird = fc.constantFrom<unknown>(
  "\u0000",
  "a\u0000b",
  "%00",
  1e21,
  -1e21,
  1e300,
  -1e300,
  2 ** 63,
  -(2 ** 63),
  2 ** 53 + 2,
  "9007199254740993",
  0.5,
  -1,
  0,
  "1e21",
  "99999999999999999999999",
  "-0",
  "",
  " ",
  "x".repeat(5000),
  "'; drop table users;--",
  "\ud800",
  "𝓟𝓸𝔀𝓮𝓻 बिजली 🔌",
  "0000-01-01T00:00:00Z",
  "9999-12-31T23:59:59.999Z",
  "+275760-09-13T00:00:00Z",
  "2026-02-30T10:00:00Z",
  "2026-13-01",
  "0000-01",
  "2026-13",
  true,
  null,
  [],
  {},
  [null, 1e21],
  { $ne: 1 },
  "../../etc/passwd",
);

/** A bad value: a chosen one, or anything fast-check makes. */
const bad: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: weird },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc.oneof(
      fc.integer(),
      fc.double(),
      fc.bigInt().map((b) => Number(b)),
    ),
  },
  { weight: 1, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
);

interface Request {
  method: string;
  url: string;
  payload?: string;
  contentType?: string;
  /** Spoiled credentials, sent instead of the principal's own. */
  credentials?: Record<string, string>;
}

const asText = (v: unknown) => (typeof v === "string" ? v : (JSON.stringify(v) ?? ""));

/** One bad request for an operation: one part of it spoiled, the rest plausible. */
function badRequest(op: Operation): fc.Arbitrary<Request> {
  const pathValues = Object.fromEntries(
    op.params.map((p) => [p.name, asText(sample(p.schema, good, p.name))]),
  );
  const query = Object.fromEntries(
    op.query.filter((q) => q.required).map((q) => [q.name, asText(sample(q.schema, good, q.name))]),
  );
  const body = op.body ? sample(op.body, good) : undefined;
  const build = (
    path: Record<string, string>,
    q: Record<string, string>,
    b: unknown,
    raw?: string,
    contentType?: string,
    credentials?: Record<string, string>,
  ): Request => {
    const qs = new URLSearchParams(q).toString();
    const hasBody = op.method !== "GET" && op.method !== "DELETE";
    return {
      method: op.method,
      url: fillPath(op.path, path) + (qs ? `?${qs}` : ""),
      ...(hasBody ? { payload: raw ?? JSON.stringify(b ?? {}) } : {}),
      ...(hasBody ? { contentType: contentType ?? "application/json" } : {}),
      ...(credentials ? { credentials } : {}),
    };
  };
  const variants: fc.Arbitrary<Request>[] = [];
  for (const p of op.params)
    variants.push(bad.map((v) => build({ ...pathValues, [p.name]: asText(v) }, query, body)));
  for (const q of op.query)
    variants.push(bad.map((v) => build(pathValues, { ...query, [q.name]: asText(v) }, body)));
  variants.push(
    fc
      .tuple(fc.string({ maxLength: 12 }), bad)
      .map(([k, v]) => build(pathValues, { ...query, [k || "q"]: asText(v) }, body)),
  );
  // A forged or mangled token or session cookie; only what HTTP can carry in a header (no NUL).
  variants.push(
    fc.tuple(fc.boolean(), bad).map(([asBearer, v]) => {
      const text = asText(v).replace(/[^\t\x20-\x7e\x80-\xff]/g, "");
      return build(
        pathValues,
        query,
        body,
        undefined,
        undefined,
        asBearer ? { authorization: `Bearer ${text}` } : { cookie: `pd_session=${encodeURIComponent(text)}` },
      );
    }),
  );
  if (op.method !== "GET" && op.method !== "DELETE") {
    const fields = Object.keys(op.body?.properties ?? {});
    if (fields.length)
      variants.push(
        fc
          .tuple(fc.constantFrom(...fields), bad)
          .map(([k, v]) => build(pathValues, query, { ...(body as object), [k]: v })),
      );
    variants.push(bad.map((v) => build(pathValues, query, v)));
    variants.push(
      fc
        .constantFrom('{"a":', "\u0000", "[1e21]", "{}}", "null", '"\\u0000"', "{".repeat(200))
        .map((raw) => build(pathValues, query, undefined, raw)),
    );
    variants.push(
      fc
        .constantFrom("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")
        .map((ct) => build(pathValues, query, body, "a=1", ct)),
    );
  }
  return fc.oneof(...variants);
}

type Who = "admin" | "agent" | "anonymous";

async function send(who: Who, req: Request) {
  const res = await t.request({
    method: req.method as "GET",
    url: req.url,
    ...(who === "anonymous" || req.credentials ? {} : { cookie: cookies[who] }),
    ...(req.payload !== undefined ? { payload: req.payload } : {}),
    headers: { ...(req.contentType ? { "content-type": req.contentType } : {}), ...req.credentials },
  });
  // A fuzzed request may end the session (sign-out, a password change): sign in again.
  if (who !== "anonymous" && !req.credentials && res.statusCode === 401)
    cookies[who] = await t.signIn(logins[who]);
  return res;
}

test(`[${driverName}] ${RUNS}+ generated bad requests over every operation give no 5xx, stack trace or SQL (seed ${SEED})`, async () => {
  const whos: Who[] = ["admin", "agent", "anonymous"];
  // Signing out or changing one's own password as a fuzzed user: covered anonymously.
  const skipped = (op: (typeof ops)[number], who: Who) =>
    who !== "anonymous" && /\/auth\/(sign-out|password)/.test(op.path);
  const pairs = ops.flatMap((op) => whos.filter((who) => !skipped(op, who)).map((who) => ({ op, who })));
  const perPair = Math.max(3, Math.ceil(RUNS / pairs.length));
  let sent = 0;
  const covered = new Set<string>();
  for (const { op, who } of pairs) {
    await fc.assert(
      fc.asyncProperty(badRequest(op), async (req) => {
        const res = await send(who, req);
        sent++;
        covered.add(`${op.method} ${op.path}`);
        const where = `${who} ${req.method} ${req.url} ${req.payload?.slice(0, 200) ?? ""}`;
        assert.ok(res.statusCode < 500, `${res.statusCode} for ${where}: ${res.body.slice(0, 300)}`);
        assert.doesNotMatch(res.body, LEAK, `a stack trace or SQL for ${where}`);
      }),
      { numRuns: perPair, seed: SEED, endOnFailure: true },
    );
  }
  console.log(`fuzz: ${sent} requests over ${covered.size} of ${ops.length} operations, seed ${SEED}`);
  assert.ok(sent >= RUNS, `only ${sent} requests sent`);
  assert.equal(covered.size, ops.length);
});
