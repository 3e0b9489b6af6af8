// Principals without consumers.read_mobile (the viewer role, integration tokens without that scope,
// anonymous callers) never see a full mobile: not in a field that is a mobile, and not inside a
// text that holds one (a staff SMS body, a note, a description, an audit change). The test fills
// every table through the demo loader plus a complaint with mobiles typed into its free text,
// then walks every GET operation of the OpenAPI document.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { sql } from "kysely";
import { loadDemo } from "../src/modules/demo/demo.service.ts";
import { createTestApp, ORIGIN, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";
import { fillPath, type Operation, operations } from "./helpers/openapi.ts";
import { openSse } from "./helpers/sse.ts";

let t: TestApp;
let admin: string;
let viewer: string;
let token: string;
let ops: Operation[];
/** Every mobile in the database: consumers', staff phones, callers', SMS recipients. */
let mobiles: Set<string>;
const values: Record<string, string> = {};

before(async () => {
  t = await createTestApp();
  const { info } = await loadDemo(t.database, t.repos, { consumers: 400, complaints: 60, seed: "mask" });
  const login = (role: string) => info.logins.find((l) => l.role === role)?.login as string;
  admin = await t.signIn(login("admin"), info.password);
  viewer = await t.signIn(login("viewer"), info.password);
  const db = t.database.db;
  const consumer = await sql<{ consumer_no: string }>`
    select c.consumer_no from consumers c join consumer_mobiles m on m.consumer_id = c.id
    order by c.id limit 1`.execute(db);
  values.consumerNo = consumer.rows[0]?.consumer_no as string;
  // Mobiles typed into free text, the way agents write them.
  const r = await t.request({
    method: "POST",
    url: "/api/complaints",
    cookie: admin,
    payload: {
      consumerNo: values.consumerNo,
      categoryCode: "no_supply",
      description: "बिजली नहीं है, फ़ोन 9123456780 पर बात करें",
      landmark: "call +91 91234 56781 near temple",
      callerPhone: "+91 91234 56782",
      altPhone: "09123456783",
    },
  });
  assert.equal(r.statusCode, 201, r.body);
  values.number = r.json().complaint.number;
  const note = await t.request({
    method: "POST",
    url: `/api/complaints/${values.number}/actions`,
    cookie: admin,
    payload: { action: "note", note: "consumer's son 91234-56784 says the pole is sparking" },
  });
  assert.equal(note.statusCode, 200, note.body);
  const created = await t.request({
    method: "POST",
    url: "/api/tokens",
    cookie: admin,
    payload: {
      name: "no mobiles",
      scopes: ["consumers.read", "complaints.read", "outages.read", "org.read"],
    },
  });
  assert.equal(created.statusCode, 201, created.body);
  token = created.json().secret;

  const all = await sql<{ m: string }>`
    select mobile as m from consumer_mobiles
    union select phone from users where phone is not null
    union select caller_phone from complaints where caller_phone is not null
    union select alt_phone from complaints where alt_phone is not null
    union select recipient from outbox_sms`.execute(db);
  mobiles = new Set(all.rows.map((x) => x.m));
  for (const m of ["9123456780", "9123456781", "9123456782", "9123456783", "9123456784"]) mobiles.add(m);

  const outage = await sql<{ id: number }>`select id from outages order by id limit 1`.execute(db);
  values.outageId = String(outage.rows[0]?.id ?? 1);
  ops = await operations(t);
});
after(async () => t?.close());

/** Path values for a GET: the complaint and consumer above, the first row for numeric ids. */
function urlOf(op: Operation): string {
  const fill: Record<string, string> = { id: "1", ...values };
  if (op.path.includes("/outages/")) fill.id = values.outageId as string;
  const query = op.query
    .filter((q) => q.required)
    .map(
      (q) =>
        `${q.name}=${encodeURIComponent(q.schema.enum?.[0] !== undefined ? String(q.schema.enum[0]) : "9")}`,
    );
  return fillPath(op.path, fill) + (query.length ? `?${query.join("&")}` : "");
}

/** The known mobiles found in a body, however spaced ("91234 56781" too). */
function unmasked(body: string): string[] {
  const joined = body.replace(/(\d)[\s-]+(?=\d)/g, "$1");
  return [...mobiles].filter((m) => joined.includes(m));
}

async function walk(auth: { cookie?: string; bearer?: string }) {
  const leaks: string[] = [];
  let ok = 0;
  for (const op of ops) {
    if (op.method !== "GET" || op.path === "/api/events") continue;
    const url = urlOf(op);
    const res = await t.request({
      method: "GET",
      url,
      ...(auth.cookie ? { cookie: auth.cookie } : {}),
      headers: auth.bearer ? { authorization: `Bearer ${auth.bearer}` } : {},
    });
    if (res.statusCode === 200) ok++;
    const found = unmasked(res.body);
    if (found.length) leaks.push(`${url} (${res.statusCode}): ${found.slice(0, 3).join(", ")}`);
  }
  return { leaks, ok };
}

describe(`[${driverName}] mobiles are masked for principals without consumers.read_mobile`, () => {
  test("the mobiles are there to find: an admin sees them in the complaint's SMS, notes and text", async () => {
    const sms = await t.request({
      method: "GET",
      url: `/api/complaints/${values.number}/sms`,
      cookie: admin,
    });
    assert.match(sms.body, /9123456782/, "the staff SMS names the caller");
    const { leaks, ok } = await walk({ cookie: admin });
    assert.ok(ok > 20, `only ${ok} GETs answered 200`);
    assert.ok(leaks.length > 5, `an admin saw mobiles at only ${leaks.length} operations`);
  });

  test("the viewer finds no full mobile at any GET operation", async () => {
    const sms = await t.request({
      method: "GET",
      url: `/api/complaints/${values.number}/sms`,
      cookie: viewer,
    });
    assert.equal(sms.statusCode, 200);
    assert.match(sms.body, /\*{6}6782/, "the staff SMS body shows the caller masked");
    const { leaks, ok } = await walk({ cookie: viewer });
    assert.ok(ok > 15, `only ${ok} GETs answered 200`);
    assert.deepEqual(leaks, []);
  });

  test("a token without consumers.read_mobile finds none either", async () => {
    const { leaks, ok } = await walk({ bearer: token });
    assert.ok(ok > 10, `only ${ok} GETs answered 200`);
    assert.deepEqual(leaks, []);
  });

  test("the live stream masks them for the viewer too: an outage's cause naming the JE's mobile", async () => {
    const base = await t.listen();
    const dt = await sql<{ code: string }>`
      select d.code from dts d where not exists (
        select 1 from outages o where o.dt_id = d.id and o.restored_at is null) order by d.id limit 1`.execute(
      t.database.db,
    );
    const viewing = await openSse(`${base}/api/events`, { cookie: viewer, origin: ORIGIN });
    const managing = await openSse(`${base}/api/events`, { cookie: admin, origin: ORIGIN });
    try {
      const cause = "DT fuse blown, JE 91234 56785 on site";
      const opened = await t.request({
        method: "POST",
        url: "/api/outages",
        cookie: admin,
        payload: { dtCode: dt.rows[0]?.code, cause },
      });
      assert.equal(opened.statusCode, 201, opened.body);
      const id = opened.json().outage.id;
      const ofIt = (e: { event: string; data: unknown }) =>
        e.event === "outage" && (e.data as { id?: number }).id === id;
      const seen = JSON.stringify((await viewing.waitFor(ofIt)).data);
      assert.match(seen, /JE \*{6}6785 on site/);
      assert.doesNotMatch(seen, /91234 56785/);
      assert.match(JSON.stringify((await managing.waitFor(ofIt)).data), /JE 91234 56785 on site/);
    } finally {
      viewing.close();
      managing.close();
    }
  });

  test("nor does an anonymous caller", async () => {
    const { leaks } = await walk({});
    assert.deepEqual(leaks, []);
  });
});
