import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import { csvSource } from "../src/modules/imports/csv-source.ts";
import type { RowError } from "../src/modules/imports/import.types.ts";
import { runImport } from "../src/modules/imports/runner.ts";
import { networkImporter } from "../src/modules/network/network.import.ts";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";
import { GeoReportClient, GeoReportError } from "./helpers/open311-client.ts";

// Open311 GeoReport v2, driven by a generic client written from the spec: it
// lists the services, reports problems (a consumer by account_id, a passer-by
// by address), searches and reads them back, and gets the spec's errors.

const clock = fixedClock("2026-12-03T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
let base: string;
let consumerNo: string;
let otherConsumerNo: string;
const keys = { company: "", tdc2: "", readOnly: "", noRead: "" };

const CONSUMER_NAME = "Savitri Bai Open311";
const CONSUMER_MOBILE = "9826077701";
const REPORTER_PHONE = "9893012345";

async function token(admin: string, name: string, orgCode: string, scopes: string[]): Promise<string> {
  const r = await t.request({
    method: "POST",
    url: "/api/tokens",
    cookie: admin,
    payload: { name, orgCode, scopes },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json().secret as string;
}

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  consumerNo = (
    await buildConsumer(t.repos, tree, {
      name: CONSUMER_NAME,
      mobiles: [{ mobile: CONSUMER_MOBILE, verified: true, language: "hi" }],
    })
  ).consumerNo;
  otherConsumerNo = (await buildConsumer(t.repos, tree, { name: "Second Consumer" })).consumerNo;
  await buildUser(t.repos, tree, { login: "o311.admin", role: "admin" });
  const admin = await t.signIn("o311.admin");
  keys.company = await token(admin, "city app", "T", ["complaints.create", "complaints.read"]);
  keys.tdc2 = await token(admin, "TDC2 kiosk", "TDC2", ["complaints.create", "complaints.read"]);
  keys.readOnly = await token(admin, "dashboard", "T", ["complaints.read"]);
  keys.noRead = await token(admin, "poster", "T", ["complaints.create"]);
  base = `${await t.listen()}/open311/v2`;
});
after(async () => t?.close());

const client = (options: ConstructorParameters<typeof GeoReportClient>[1] = {}) =>
  new GeoReportClient(base, options);

async function specError(p: Promise<unknown>): Promise<GeoReportError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GeoReportError) return err;
    throw err;
  }
  assert.fail("expected a GeoReport error");
}

describe(`[${driverName}] Open311 GeoReport v2`, () => {
  let consumerRequest = "";
  let addressRequest = "";

  test("discovery names this GeoReport v2 endpoint and its formats", async () => {
    for (const format of ["json", "xml"] as const) {
      const d = await client({ format }).discovery();
      const e = d.endpoints.find((x) => x.specification === "http://wiki.open311.org/GeoReport_v2");
      assert.ok(e, format);
      assert.match(e.url, /\/open311\/v2$/);
      assert.deepEqual([...e.formats].sort(), ["application/json", "text/xml"]);
    }
  });

  test("services: the complaint categories, the same in JSON and XML, in Hindi on request", async () => {
    const json = await client().services();
    const noSupply = json.find((s) => s.service_code === "no_supply");
    assert.ok(noSupply, "no_supply is a service");
    assert.equal(noSupply.service_name, "No supply (single consumer)");
    assert.equal(noSupply.type, "realtime");
    assert.equal(noSupply.metadata, true);
    assert.equal(noSupply.group, "Power supply");
    assert.match(noSupply.description, /4 h in towns, 12 h in villages/);
    assert.match(noSupply.keywords, /Fuse off/);

    const x = client({ format: "xml" });
    const xmlList = await x.services();
    assert.match(x.last?.contentType ?? "", /xml/);
    assert.deepEqual(
      xmlList.map((s) => s.service_code),
      json.map((s) => s.service_code),
    );
    assert.deepEqual(
      xmlList.find((s) => s.service_code === "no_supply"),
      noSupply,
    );

    const hindi = await client({ locale: "hi" }).services();
    assert.equal(hindi.find((s) => s.service_code === "no_supply")?.service_name, "बिजली बंद (एक उपभोक्ता)");
    const byHeader = await fetch(`${base}/services.json`, {
      headers: { "accept-language": "hi-IN,hi;q=0.9" },
    });
    const names = (await byHeader.json()) as { service_code: string; service_name: string }[];
    assert.equal(names.find((s) => s.service_code === "meter")?.service_name, "मीटर बंद, जला या तेज़");
  });

  test("a service definition lists its sub-categories as a singlevaluelist attribute", async () => {
    for (const format of ["json", "xml"] as const) {
      const d = await client({ format }).serviceDefinition("no_supply");
      assert.equal(d.service_code, "no_supply");
      const attr = d.attributes.find((a) => a.code === "subcategory");
      assert.ok(attr, format);
      assert.equal(attr.datatype, "singlevaluelist");
      assert.equal(attr.required, false);
      assert.ok(
        attr.values.some((v) => v.key === "fuse_off" && v.name === "Fuse off"),
        format,
      );
    }
    const e = await specError(client().serviceDefinition("potholes"));
    assert.equal(e.status, 404);
    assert.equal(e.errors[0]?.code, 404);
    assert.match(e.errors[0]?.description ?? "", /potholes/);
  });

  test("a consumer's report by account_id registers a complaint (channel open311) with its SLA", async () => {
    const answer = await client({ apiKey: keys.company }).postRequest(
      {
        service_code: "no_supply",
        account_id: consumerNo,
        first_name: "Savitri",
        last_name: "Bai",
        phone: REPORTER_PHONE,
        email: "savitri@example.org",
        description: "No light since morning",
      },
      { subcategory: "fuse_off" },
    );
    assert.equal(answer.length, 1);
    const a = answer[0];
    assert.ok(a?.service_request_id);
    assert.equal(a.account_id, consumerNo);
    assert.match(a.service_notice ?? "", /TDC1 unit/);
    consumerRequest = a.service_request_id;

    const row = await t.database.db
      .selectFrom("complaints")
      .select([
        "channel",
        "category_code",
        "subcategory_code",
        "caller_name",
        "caller_phone",
        "due_at",
        "registered_at",
        "language",
      ])
      .where("number", "=", consumerRequest)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, "open311");
    assert.equal(row.category_code, "no_supply");
    assert.equal(row.subcategory_code, "fuse_off");
    assert.equal(row.caller_name, "Savitri Bai");
    assert.equal(row.caller_phone, REPORTER_PHONE);
    // No locale asked: the desk's default SMS language.
    assert.equal(row.language, "hi");
    // Urban no-supply: 4 hours.
    assert.equal(new Date(row.due_at).getTime() - new Date(row.registered_at).getTime(), 4 * 3600_000);

    const [read] = await client({ apiKey: keys.company }).request(consumerRequest);
    assert.equal(read?.service_request_id, consumerRequest);
    assert.equal(read?.status, "open");
    assert.equal(read?.service_code, "no_supply");
    assert.equal(read?.agency_responsible, "TDC1 unit");
    assert.equal(read?.description, "No light since morning");
    assert.equal(read?.expected_datetime, new Date(row.due_at).toISOString().replace(/\.\d{3}Z$/, "Z"));
    assert.equal(read?.requested_datetime, "2026-12-03T04:30:00Z");
  });

  test("the same consumer reporting the same problem again joins the open request", async () => {
    const [again] = await client({ apiKey: keys.company }).postRequest({
      service_code: "no_supply",
      account_id: consumerNo,
    });
    assert.equal(again?.service_request_id, consumerRequest);
    assert.match(again?.service_notice ?? "", /Already registered/);
  });

  test("a passer-by's report by address is routed to the DC the address names; lat/long and photo are kept", async () => {
    const [a] = await client({ apiKey: keys.company, format: "xml" }).postRequest(
      {
        service_code: "safety_hazard",
        address_string: "Near the temple, TDC2 unit area",
        lat: "23.1815",
        long: "79.9864",
        media_url: "https://photos.example.org/wire.jpg",
        description: "Wire hanging low over the road; call me on 98930 12345",
      },
      { subcategory: "live_wire" },
    );
    assert.ok(a?.service_request_id);
    addressRequest = a.service_request_id;
    const full = await client({ apiKey: keys.company }).request(addressRequest);
    assert.equal(full[0]?.agency_responsible, "TDC2 unit");
    assert.equal(full[0]?.lat, 23.1815);
    assert.equal(full[0]?.long, 79.9864);
    assert.equal(full[0]?.media_url, "https://photos.example.org/wire.jpg");
    assert.match(full[0]?.address ?? "", /TDC2 unit area/);
    // A mobile typed into the description is masked.
    assert.match(full[0]?.description ?? "", /\*{6}2345/);
    assert.doesNotMatch(full[0]?.description ?? "", /98930 12345/);

    // The same request read as XML carries the same fields.
    const x = await client({ apiKey: keys.company, format: "xml" }).request(addressRequest);
    assert.equal(x[0]?.lat, 23.1815);
    assert.equal(x[0]?.agency_responsible, "TDC2 unit");
    assert.equal(x[0]?.status, "open");

    const row = await t.database.db
      .selectFrom("complaints")
      .select(["channel", "location", "consumer_id", "description"])
      .where("number", "=", addressRequest)
      .executeTakeFirstOrThrow();
    assert.equal(row.channel, "open311");
    assert.equal(row.consumer_id, null);
    assert.match(row.location ?? "", /TDC2 unit area.*23\.1815, 79\.9864/);
    // The desk sees the photo link in the description.
    assert.match(row.description, /Photo: https:\/\/photos\.example\.org\/wire\.jpg$/);
  });

  test("a report with only GPS goes to the nearest DT with coordinates (from network.csv), within 1 km", async () => {
    // DT TF1-T2 (TDC1) gets coordinates by re-importing it; a row with lat but no long is refused.
    const csv = `kind,code,name_en,name_hi,parent_code,dc_code,capacity_kva,lat,long
dt,TF1-T2,Station Road DT 2,स्टेशन रोड डीटी 2,TF1,,63,23.1700,79.9300
dt,TF2-T1,Mandi DT 1,मंडी डीटी 1,TF2,,200,23.2500,
`;
    const src = csvSource(Readable.from([csv]));
    const errors: RowError[] = [];
    await runImport(networkImporter(t.repos.network, t.repos.org), src.records, {
      header: src.header,
      onError: (e) => errors.push(e),
    });
    assert.deepEqual(
      errors.map((e) => [e.line, e.column]),
      [[3, "long"]],
    );

    // About 70 m from TF1-T2.
    const [a] = await client({ apiKey: keys.company }).postRequest({
      service_code: "line_breakdown",
      lat: "23.1705",
      long: "79.9304",
      description: "Wire down near the DT",
    });
    assert.ok(a?.service_request_id);
    const row = await t.database.db
      .selectFrom("complaints as c")
      .innerJoin("dts as d", "d.id", "c.dt_id")
      .select(["d.code", "c.location", "c.channel"])
      .where("c.number", "=", a.service_request_id)
      .executeTakeFirstOrThrow();
    assert.equal(row.code, "TF1-T2");
    assert.equal(row.location, "(23.1705, 79.9304)");
    const [read] = await client({ apiKey: keys.company }).request(a.service_request_id);
    assert.equal(read?.agency_responsible, "TDC1 unit");
    assert.equal(read?.lat, 23.1705);

    // 5 km away: no DT near, and no address to fall back on.
    const far = await specError(
      client({ apiKey: keys.company }).postRequest({
        service_code: "line_breakdown",
        lat: "23.2150",
        long: "79.9300",
      }),
    );
    assert.equal(far.status, 400);
    assert.match(far.errors[0]?.description ?? "", /no DT within 1000 m/);
    // A DC's key is never routed to a DT outside its jurisdiction.
    const outside = await specError(
      client({ apiKey: keys.tdc2 }).postRequest({
        service_code: "line_breakdown",
        lat: "23.1705",
        long: "79.9304",
      }),
    );
    assert.equal(outside.status, 400);
  });

  test("an address names the DC by its place, in English or Hindi, without the office word", async () => {
    await t.repos.org.upsert({
      code: "TDC3",
      kind: "dc",
      parentCode: "TS2",
      nameEn: "Adhartal DC",
      nameHi: "आधारताल वितरण केंद्र",
    });
    await t.repos.org.upsert({
      code: "TDC4",
      kind: "dc",
      parentCode: "TS2",
      nameEn: "Adhartal 2 DC",
      nameHi: "आधारताल 2 वितरण केंद्र",
    });
    const poster = client({ apiKey: keys.company });
    const dcOf = async (address: string) => {
      const [a] = await poster.postRequest({ service_code: "other", address_string: address });
      const [read] = await poster.request(a?.service_request_id ?? "");
      return read?.agency_responsible;
    };
    assert.equal(await dcOf("Pole leaning near Ganesh temple, Adhartal, Jabalpur"), "Adhartal DC");
    assert.equal(await dcOf("गणेश मंदिर के पास, आधारताल, जबलपुर"), "Adhartal DC");
    assert.equal(await dcOf("Adhartal 2, behind the mandi"), "Adhartal 2 DC");
    // "Adhartalganj" is another place: no whole-word match.
    const e = await specError(
      poster.postRequest({ service_code: "safety_hazard", address_string: "Adhartalganj" }),
    );
    assert.equal(e.status, 400);
  });

  test("a JSON body is taken too; Accept-Language hi gives a Hindi notice and Hindi SMS", async () => {
    const r = await fetch(`${base}/requests.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "accept-language": "hi-IN" },
      body: JSON.stringify({
        api_key: keys.company,
        service_code: "voltage",
        account_id: Number(otherConsumerNo),
        attribute: { subcategory: "low" },
      }),
    });
    assert.equal(r.status, 200);
    const [a] = (await r.json()) as {
      service_request_id: string;
      account_id: string;
      service_notice: string;
    }[];
    assert.equal(a?.account_id, otherConsumerNo);
    assert.match(a?.service_notice ?? "", /TDC1 इकाई को भेजी गई/);
    const row = await t.database.db
      .selectFrom("complaints")
      .select(["language", "subcategory_code"])
      .where("number", "=", a?.service_request_id ?? "")
      .executeTakeFirstOrThrow();
    assert.deepEqual(row, { language: "hi", subcategory_code: "low" });
  });

  test("reports that cannot be taken get the spec's errors, naming the field", async () => {
    const poster = client({ apiKey: keys.company });
    const cases: [Record<string, string>, number, RegExp][] = [
      [{ account_id: consumerNo }, 400, /service_code is required/],
      [{ service_code: "potholes", account_id: consumerNo }, 400, /service_code/],
      [{ service_code: "meter" }, 400, /location is required/],
      [{ service_code: "meter", lat: "23.1", long: "79.9" }, 400, /address_string/],
      [{ service_code: "meter", lat: "123", long: "79.9", address_string: "TDC1 unit" }, 400, /lat/],
      [{ service_code: "meter", lat: "23.1", address_string: "TDC1 unit" }, 400, /long is required/],
      [{ service_code: "meter", address_string: "Somewhere else entirely" }, 400, /address_string/],
      [{ service_code: "meter", account_id: "NO-SUCH" }, 400, /account_id/],
      [{ service_code: "meter", account_id: consumerNo, phone: "12345" }, 400, /phone/],
      [{ service_code: "meter", account_id: consumerNo, media_url: "javascript:alert(1)" }, 400, /media_url/],
      [{ service_code: "meter", address_id: "42" }, 400, /address_id/],
      [{ service_code: "meter", account_id: consumerNo, colour: "red" }, 400, /colour/],
    ];
    for (const [fields, status, description] of cases) {
      const e = await specError(poster.postRequest(fields));
      assert.equal(e.status, status, JSON.stringify(fields));
      assert.equal(e.errors[0]?.code, status);
      assert.match(e.errors[0]?.description ?? "", description, JSON.stringify(fields));
    }
    const badAttr = await specError(
      poster.postRequest({ service_code: "meter", account_id: consumerNo }, { colour: "red" }),
    );
    assert.equal(badAttr.status, 400);
    assert.match(badAttr.errors[0]?.description ?? "", /attribute\[colour\]/);

    for (const apiKey of [undefined, "pd_not-a-real-key"]) {
      const e = await specError(
        client(apiKey ? { apiKey } : {}).postRequest({ service_code: "meter", account_id: consumerNo }),
      );
      assert.equal(e.status, 403);
      assert.match(e.errors[0]?.description ?? "", /api_key/);
    }
    const readOnly = await specError(
      client({ apiKey: keys.readOnly }).postRequest({ service_code: "meter", account_id: consumerNo }),
    );
    assert.equal(readOnly.status, 403);

    // XML errors: <errors><error><code>…
    const x = client({ apiKey: keys.company, format: "xml" });
    const e = await specError(x.postRequest({ account_id: consumerNo }));
    assert.equal(e.errors[0]?.code, 400);
    assert.match(
      x.last?.body ?? "",
      /<errors><error><code>400<\/code><description>service_code is required<\/description>/,
    );
  });

  test("search: by ids, service_code, status and dates", async () => {
    const reader = client({ apiKey: keys.company });
    const all = await reader.requests();
    assert.ok(all.some((r) => r.service_request_id === consumerRequest));
    assert.ok(all.some((r) => r.service_request_id === addressRequest));

    const byId = await reader.requests({
      service_request_id: `${consumerRequest},${addressRequest}`,
      status: "closed",
    });
    assert.deepEqual(byId.map((r) => r.service_request_id).sort(), [consumerRequest, addressRequest].sort());

    const hazards = await reader.requests({ service_code: "safety_hazard" });
    assert.deepEqual(
      hazards.map((r) => r.service_request_id),
      [addressRequest],
    );
    assert.equal((await reader.requests({ service_code: "billing" })).length, 0);

    assert.ok(
      (await reader.requests({ status: "open" })).some((r) => r.service_request_id === consumerRequest),
    );
    assert.equal((await reader.requests({ status: "closed" })).length, 0);

    // Resolved by the DC's JE: now closed, with his remarks for a key holder (mobiles masked).
    await buildUser(t.repos, tree, { login: "o311.je", role: "je", orgCode: "TDC1" });
    const je = await t.signIn("o311.je");
    const resolved = await t.request({
      method: "POST",
      url: `/api/complaints/${consumerRequest}/actions`,
      cookie: je,
      payload: {
        action: "resolve",
        resolutionCode: "fuse_replaced",
        remarks: "Fuse replaced; consumer on 9826077701",
      },
    });
    assert.equal(resolved.statusCode, 200, resolved.body);
    const closed = await reader.requests({ status: "closed" });
    assert.deepEqual(
      closed.map((r) => r.service_request_id),
      [consumerRequest],
    );
    assert.match(closed[0]?.status_notes ?? "", /Resolved: Fuse replaced/);
    assert.doesNotMatch(closed[0]?.status_notes ?? "", /9826077701/);
    assert.equal(closed[0]?.expected_datetime, null);

    assert.equal((await reader.requests({ start_date: "2026-12-04T00:00:00Z" })).length, 0);
    assert.equal((await reader.requests({ end_date: "2026-12-02T00:00:00Z" })).length, 0);
    const window = await reader.requests({
      start_date: "2026-12-03T00:00:00+05:30",
      end_date: "2026-12-03T23:59:59+05:30",
    });
    assert.ok(window.some((r) => r.service_request_id === consumerRequest));

    for (const [query, field] of [
      [{ start_date: "2026-01-01T00:00:00Z", end_date: "2026-12-03T00:00:00Z" }, /90 days/],
      [{ start_date: "2026-12-03T00:00:00Z", end_date: "2026-12-01T00:00:00Z" }, /start_date/],
      [{ start_date: "yesterday" }, /start_date/],
      [{ status: "pending" }, /status/],
      [{ service_code: "potholes" }, /service_code/],
    ] as const) {
      const e = await specError(reader.requests(query));
      assert.equal(e.status, 400, JSON.stringify(query));
      assert.match(e.errors[0]?.description ?? "", field);
    }
  });

  test("jurisdiction: a DC's key sees and reports only in its DC; jurisdiction_id narrows", async () => {
    const tdc2 = client({ apiKey: keys.tdc2 });
    const seen = (await tdc2.requests()).map((r) => r.service_request_id);
    assert.ok(seen.includes(addressRequest));
    assert.ok(!seen.includes(consumerRequest));
    const hidden = await specError(tdc2.request(consumerRequest));
    assert.equal(hidden.status, 404);
    // The consumer is on TDC1: outside this key's jurisdiction.
    const outside = await specError(tdc2.postRequest({ service_code: "billing", account_id: consumerNo }));
    assert.equal(outside.status, 403);
    // An address naming a DC outside it: not found among its own DCs.
    const elsewhere = await specError(
      tdc2.postRequest({ service_code: "billing", address_string: "TDC1 unit" }),
    );
    assert.equal(elsewhere.status, 400);

    const narrowed = await client({ apiKey: keys.company, jurisdictionId: "TDC1" }).requests();
    assert.ok(narrowed.length > 0);
    assert.ok(narrowed.every((r) => r.agency_responsible === "TDC1 unit"));
    const unknown = await specError(client({ jurisdictionId: "NOWHERE" }).services());
    assert.equal(unknown.status, 404);
    assert.match(unknown.errors[0]?.description ?? "", /jurisdiction_id/);
    // A key may not widen itself: TDC1 is outside TDC2's jurisdiction.
    const widened = await specError(client({ apiKey: keys.tdc2, jurisdictionId: "TDC1" }).requests());
    assert.equal(widened.status, 404);
  });

  test("personal data: no name, mobile or consumer number in any read; the public sees only public fields", async () => {
    const bodies: string[] = [];
    for (const format of ["json", "xml"] as const) {
      for (const apiKey of [undefined, keys.company]) {
        const c = client({ format, ...(apiKey ? { apiKey } : {}) });
        await c.requests();
        bodies.push(c.last?.body ?? "");
        await c.request(consumerRequest);
        bodies.push(c.last?.body ?? "");
      }
    }
    for (const body of bodies) {
      for (const secret of [
        CONSUMER_NAME,
        "Savitri",
        CONSUMER_MOBILE,
        REPORTER_PHONE,
        "98930 12345",
        "savitri@",
        consumerNo,
      ])
        assert.ok(!body.includes(secret), `${secret} in ${body.slice(0, 200)}`);
    }
    const [pub] = await client().request(addressRequest);
    assert.equal(pub?.service_code, "safety_hazard");
    assert.equal(pub?.agency_responsible, "TDC2 unit");
    for (const field of ["description", "address", "lat", "long", "media_url"] as const)
      assert.equal(pub?.[field], undefined, `${field} is not public`);
    // A key without complaints.read reads nothing more than the public: it is refused.
    const e = await specError(client({ apiKey: keys.noRead }).requests());
    assert.equal(e.status, 403);
  });

  test("tokens: requests are synchronous, so a token is a 404 in the spec's format; unknown ids too", async () => {
    const e = await specError(client().token("abc123"));
    assert.equal(e.status, 404);
    assert.equal(e.errors[0]?.code, 404);
    const missing = await specError(client({ format: "xml" }).request("TR9912999999"));
    assert.equal(missing.status, 404);
    const bad = await specError(client({ apiKey: "pd_wrong" }).requests());
    assert.equal(bad.status, 403);
    const route = await fetch(`${base}/nothing-here.json`);
    assert.equal(route.status, 404);
    assert.equal(((await route.json()) as { code: number }[])[0]?.code, 404);
  });

  test("public reads are throttled per address, in the spec's error format", async () => {
    const get = (ip: string) =>
      t.app.inject({ method: "GET", url: "/open311/v2/requests.json", remoteAddress: ip });
    for (let i = 0; i < 120; i++) assert.equal((await get("10.31.1.1")).statusCode, 200);
    const limited = await get("10.31.1.1");
    assert.equal(limited.statusCode, 429);
    assert.ok(limited.headers["retry-after"]);
    assert.equal(limited.json()[0].code, 429);
    // Another address is not affected.
    assert.equal((await get("10.31.1.2")).statusCode, 200);
  });

  test("posts are throttled per api_key", async () => {
    const post = () =>
      t.app.inject({
        method: "POST",
        url: "/open311/v2/requests.json",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        payload: new URLSearchParams({
          api_key: keys.noRead,
          service_code: "potholes",
          account_id: "x",
        }).toString(),
      });
    for (let i = 0; i < 60; i++) assert.equal((await post()).statusCode, 400);
    const limited = await post();
    assert.equal(limited.statusCode, 429);
    assert.equal(limited.json()[0].code, 429);
  });

  test("made-up api_keys are limited per address; a real key from there still works", async () => {
    const guess = (key: string) =>
      t.app.inject({
        method: "GET",
        url: `/open311/v2/requests.json?api_key=${key}`,
        remoteAddress: "10.31.9.9",
      });
    for (let i = 0; i < 20; i++) assert.equal((await guess(`pd_guess${i}`)).statusCode, 403);
    assert.equal((await guess("pd_guess-more")).statusCode, 429);
    assert.equal((await guess(keys.readOnly)).statusCode, 200);
  });
});
