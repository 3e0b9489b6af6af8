import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";
import { APPLICATION_NUMBER } from "./connections.constants.ts";

const DAY = 86_400_000;
const clock = fixedClock("2026-12-05T10:00:00+05:30");
let t: TestApp;
let tree: Tree;
const cookies = new Map<string, string>();
let tokenAuth: string;

async function as(login: string): Promise<string> {
  let c = cookies.get(login);
  if (!c) {
    c = await t.signIn(login);
    cookies.set(login, c);
  }
  return c;
}

async function call(login: string, method: "GET" | "POST" | "PUT", url: string, payload?: unknown) {
  const res = await t.request({
    method,
    url,
    cookie: await as(login),
    ...(payload !== undefined ? { payload: payload as object } : {}),
  });
  return { status: res.statusCode, body: res.json() };
}

let mobileSeq = 0;
function application(overrides: Record<string, unknown> = {}) {
  mobileSeq++;
  return {
    applicantName: "Ramesh Kumar Patel",
    mobile: `98270${String(mobileSeq).padStart(5, "0")}`,
    address: "H.No. 12, Station Road, Ward 3",
    dcCode: "TDC1",
    category: "domestic",
    loadKw: 2,
    ...overrides,
  };
}

async function create(login: string, overrides: Record<string, unknown> = {}) {
  const r = await call(login, "POST", "/api/connections", application(overrides));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  return r.body;
}

async function smsOf(number: string) {
  const a = await t.database.db
    .selectFrom("connection_applications")
    .select("id")
    .where("number", "=", number)
    .executeTakeFirstOrThrow();
  return t.database.db
    .selectFrom("outbox_sms")
    .select(["recipient", "template", "language", "body"])
    .where("related_type", "=", "connection_application")
    .where("related_id", "=", a.id)
    .orderBy("id")
    .execute();
}

async function eventsOf(number: string) {
  return t.database.db
    .selectFrom("connection_application_events as e")
    .innerJoin("connection_applications as a", "a.id", "e.application_id")
    .select(["e.action", "e.from_status", "e.to_status"])
    .where("a.number", "=", number)
    .orderBy("e.id")
    .execute();
}

const agent = "nc.agent"; // the call centre: the whole company
const je1 = "nc.je1"; // TDC1's JE
const je2 = "nc.je2"; // TDC2's JE
const ae1 = "nc.ae1"; // TS1's AE
const viewer = "nc.viewer";

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: agent, role: "agent" });
  await buildUser(t.repos, tree, { login: je1, role: "je", orgCode: "TDC1", phone: "9811100011" });
  await buildUser(t.repos, tree, { login: je2, role: "je", orgCode: "TDC2", phone: "9811100012" });
  await buildUser(t.repos, tree, { login: ae1, role: "ae", orgCode: "TS1", phone: "9811100013" });
  await buildUser(t.repos, tree, { login: viewer, role: "viewer" });
  // TDC1: urban consumers on Station Road; TDC2: rural ones in Mandi, pin 482002.
  for (let i = 0; i < 3; i++)
    await buildConsumer(t.repos, tree, { address: "H.No. 5, Station Road, Jabalpur" });
  for (let i = 0; i < 3; i++)
    await buildConsumer(t.repos, tree, {
      dtCode: "TF2-T1",
      address: "Village Mandi, Post Shahpura, 482002",
      areaType: "rural",
    });
  const admin = await as((await buildUser(t.repos, tree, { role: "admin" })).login);
  const tok = await t.request({
    method: "POST",
    url: "/api/tokens",
    cookie: admin,
    payload: { name: "Saral portal", scopes: ["connections.read", "connections.create"] },
  });
  assert.equal(tok.statusCode, 201, tok.body);
  tokenAuth = `Bearer ${tok.json().secret}`;
});
after(async () => {
  if (process.env.DUMP_LOGS)
    for (const l of t.logs) if (l.includes('"level":50')) console.log(l.slice(0, 1500));
  await t?.close();
});

describe(`[${driverName}] registering an application`, () => {
  test("by an agent with the DC: numbered NC + region + YYMM, default documents, urban clock, office, Hindi SMS", async () => {
    const a = await create(agent);
    assert.match(a.number, APPLICATION_NUMBER);
    assert.match(a.number, /^NCTR2612\d{6}$/);
    assert.equal(a.status, "applied");
    assert.equal(a.source, "call");
    assert.equal(a.sopArea, "urban");
    assert.equal(a.language, "hi");
    assert.deepEqual(
      a.documents.map((d: { code: string }) => d.code),
      ["identity_proof", "ownership_proof", "photo", "wiring_certificate"],
    );
    assert.equal(a.missingDocuments.length, 4);
    assert.equal(a.sop.stageDueAt, new Date(clock().getTime() + 2 * DAY).toISOString());
    assert.equal(a.sop.releaseDueAt, null, "the regulator's clock starts with complete documents");
    assert.equal(a.sop.daysLeft, 2);
    assert.equal(a.office.dc.code, "TDC1");
    assert.equal(a.office.subdivision.code, "TS1");
    assert.ok(a.office.je?.name, "the DC's JE");
    assert.ok(a.office.ae?.name, "the sub-division's AE");
    assert.match(a.nextStep.en, /missing documents/);
    assert.match(a.nextStep.hi, /दस्तावेज़/);
    assert.deepEqual(a.moves, [], "an agent registers; the DC's staff move");
    assert.deepEqual(
      (await eventsOf(a.number)).map((e) => [e.action, e.to_status]),
      [["created", "applied"]],
    );
    const sms = await smsOf(a.number);
    assert.equal(sms.length, 1);
    assert.equal(sms[0]?.template, "connection_applied");
    assert.equal(sms[0]?.language, "hi");
    assert.ok(sms[0]?.body.includes(a.number));
    assert.ok(sms[0]?.body.includes("आगे"), "the next step");
  });

  test("the DC found from the locality or the pin code of its consumers; the rural DC's clock is rural", async () => {
    const byLocality = await create(agent, { dcCode: undefined, locality: "Mandi" });
    assert.equal(byLocality.dc.code, "TDC2");
    assert.equal(byLocality.sopArea, "rural");
    const byPin = await create(agent, { dcCode: undefined, pincode: "482002", address: "Plot 4, Shahpura" });
    assert.equal(byPin.dc.code, "TDC2");
    const given = await create(agent, { dcCode: "TDC2", sopArea: "metro" });
    assert.equal(given.sopArea, "metro", "the agent may choose the area");
  });

  test("a DC that cannot be found is a 400 naming dcCode", async () => {
    for (const body of [
      application({ dcCode: undefined, locality: "Nowhere Nagar" }),
      application({ dcCode: undefined }),
      application({ dcCode: "NOPE" }),
      application({ dcCode: "TS1" }),
    ]) {
      const r = await call(agent, "POST", "/api/connections", body);
      assert.equal(r.status, 400, JSON.stringify(r.body));
      assert.equal(r.body.field, "dcCode");
    }
    const bad = await call(agent, "POST", "/api/connections", application({ mobile: "12345" }));
    assert.equal(bad.status, 400);
    assert.equal(bad.body.field, "mobile");
  });

  test("the same mobile and address within 30 days: 409 with the duplicates, then registered when confirmed", async () => {
    const first = await create(agent, { address: "H.No. 7, Gandhi Chowk" });
    const again = application({ mobile: first.mobile, address: "h no 7 ,  GANDHI chowk" });
    mobileSeq--;
    const r = await call(agent, "POST", "/api/connections", again);
    assert.equal(r.status, 409, JSON.stringify(r.body));
    assert.equal(r.body.field, "confirmDuplicate");
    assert.deepEqual(
      r.body.duplicates.map((d: { number: string }) => d.number),
      [first.number],
    );
    const confirmed = await call(agent, "POST", "/api/connections", { ...again, confirmDuplicate: true });
    assert.equal(confirmed.status, 201);
    assert.notEqual(confirmed.body.number, first.number);
    // Another address for the same mobile is no duplicate.
    const other = await call(agent, "POST", "/api/connections", { ...again, address: "Shop 2, Main Road" });
    assert.equal(other.status, 201);
  });

  test("by API token: the source is api", async () => {
    const res = await t.request({
      method: "POST",
      url: "/api/connections",
      headers: { authorization: tokenAuth },
      payload: application({ source: "walk_in" }),
    });
    assert.equal(res.statusCode, 201, res.body);
    assert.equal(res.json().source, "api");
  });

  test("a viewer may read but not register", async () => {
    const r = await call(viewer, "POST", "/api/connections", application());
    assert.equal(r.status, 403);
  });
});

describe(`[${driverName}] lookup and jurisdiction`, () => {
  test("by application number, mobile, or part of the name (Hindi too); matchedBy says which", async () => {
    const a = await create(agent, { applicantName: "सुनीता देवी वर्मा", address: "Ward 9, Station Road" });
    const byNumber = await call(agent, "GET", `/api/connections?q=${a.number.toLowerCase()}`);
    assert.equal(byNumber.status, 200);
    assert.deepEqual(
      byNumber.body.items.map((i: { number: string; matchedBy: string }) => [i.number, i.matchedBy]),
      [[a.number, "number"]],
    );
    const byMobile = await call(agent, "GET", `/api/connections?q=${encodeURIComponent(`+91 ${a.mobile}`)}`);
    assert.deepEqual(
      byMobile.body.items.map((i: { number: string; matchedBy: string }) => [i.number, i.matchedBy]),
      [[a.number, "mobile"]],
    );
    const byName = await call(agent, "GET", `/api/connections?q=${encodeURIComponent("सुनीता")}`);
    assert.ok(
      byName.body.items.some(
        (i: { number: string; matchedBy: string }) => i.number === a.number && i.matchedBy === "name",
      ),
    );
    const latin = await create(agent, { applicantName: "Kamlesh Tiwari" });
    const part = await call(agent, "GET", "/api/connections?q=amlesh");
    assert.deepEqual(
      part.body.items.map((i: { number: string }) => i.number),
      [latin.number],
    );
    const tooShort = await call(agent, "GET", "/api/connections?q=ab");
    assert.equal(tooShort.status, 400);
    assert.equal(tooShort.body.field, "q");
  });

  test("another DC's officer gets 404 and does not find it in lookups or the queue", async () => {
    const a = await create(agent);
    assert.equal((await call(je2, "GET", `/api/connections/${a.number}`)).status, 404);
    assert.equal(
      (await call(je2, "POST", `/api/connections/${a.number}/move`, { to: "rejected", rejectReason: "x" }))
        .status,
      404,
    );
    assert.equal((await call(je2, "GET", `/api/connections?q=${a.number}`)).body.items.length, 0);
    const queue = await call(je2, "GET", "/api/connections?pageSize=200");
    assert.ok(!queue.body.items.some((i: { number: string }) => i.number === a.number));
    assert.ok(queue.body.items.every((i: { dc: { code: string } }) => i.dc.code === "TDC2"));
    assert.equal((await call(je1, "GET", `/api/connections/${a.number}`)).status, 200);
    const mine = await call(je1, "GET", "/api/connections?status=pending&pageSize=200");
    assert.ok(mine.body.items.some((i: { number: string }) => i.number === a.number));
    assert.ok(mine.body.total >= 1);
  });

  test("the queue: by stage, by office and below, overdue once a limit has passed", async () => {
    const a = await create(agent, { dcCode: "TDC2" });
    const ofTs2 = await call(agent, "GET", "/api/connections?dc=TS2&status=applied&pageSize=200");
    assert.equal(ofTs2.status, 200);
    assert.ok(ofTs2.body.items.some((i: { number: string }) => i.number === a.number));
    assert.ok(
      ofTs2.body.items.every(
        (i: { dc: { code: string }; status: string }) => i.dc.code === "TDC2" && i.status === "applied",
      ),
    );
    assert.equal((await call(agent, "GET", "/api/connections?dc=NOPE")).body.field, "dc");
    const released = await call(agent, "GET", "/api/connections?dc=TS2&status=released");
    assert.ok(!released.body.items.some((i: { number: string }) => i.number === a.number));
    let overdue = await call(agent, "GET", "/api/connections?overdue=true&dc=TDC2&pageSize=200");
    assert.ok(!overdue.body.items.some((i: { number: string }) => i.number === a.number));
    clock.advance(3 * DAY); // past the 2 days allowed at "applied"
    cookies.clear();
    overdue = await call(agent, "GET", "/api/connections?overdue=true&dc=TDC2&pageSize=200");
    const item = overdue.body.items.find((i: { number: string }) => i.number === a.number);
    assert.ok(item, "overdue now");
    assert.equal(item.overdue, true);
    const card = await call(je2, "GET", `/api/connections/${a.number}`);
    assert.equal(card.body.sop.daysLeft, -1);
  });
});

describe(`[${driverName}] moving an application through its stages`, () => {
  test("guards at each stage, the SoP clock (paused while the demand note awaits payment), an SMS at each move, release creates the consumer", async () => {
    const a = await create(agent, { language: "en" });
    const move = (body: object) => call(je1, "POST", `/api/connections/${a.number}/move`, body);
    const card = await call(je1, "GET", `/api/connections/${a.number}`);
    assert.deepEqual(card.body.moves, ["rejected"], "documents complete only once every document is in");

    let r = await move({ to: "site_inspected" });
    assert.equal(r.status, 409);
    assert.equal(r.body.field, "to");
    r = await move({ to: "documents_complete" });
    assert.equal(r.status, 409);
    assert.equal(r.body.field, "documents");

    r = await call(je1, "PUT", `/api/connections/${a.number}/documents`, {
      documents: a.documents.map((d: { code: string }) => ({ code: d.code, received: true })),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.deepEqual(r.body.missingDocuments, []);
    assert.deepEqual(r.body.moves, ["documents_complete", "rejected"]);

    clock.advance(3600_000);
    const docsAt = clock().getTime();
    r = await move({ to: "documents_complete" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, "documents_complete");
    assert.equal(r.body.sop.releaseDueAt, new Date(docsAt + 7 * DAY).toISOString(), "urban: 7 days");
    assert.equal(r.body.sop.stageDueAt, new Date(docsAt + 3 * DAY).toISOString());
    assert.equal(r.body.dueAt, r.body.sop.stageDueAt, "the earlier of the two");
    assert.equal(r.body.sop.daysLeft, 3);

    r = await call(je1, "PUT", `/api/connections/${a.number}/documents`, {
      documents: [{ code: "photo", received: false }],
    });
    assert.equal(r.status, 409, "documents are settled past applied");

    assert.equal((await move({ to: "site_inspected" })).status, 200);
    r = await move({ to: "demand_note_issued" });
    assert.equal(r.status, 400);
    assert.equal(r.body.field, "chargesDemandedRs");
    r = await move({ to: "demand_note_issued", chargesDemandedRs: 4500 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.sop.paused, true);
    assert.equal(r.body.sop.daysLeft, null);
    assert.equal(r.body.dueAt, null);
    assert.match(r.body.payLink, new RegExp(`/nc/${a.number}$`));
    const stored = await t.database.db
      .selectFrom("connection_applications")
      .select(["next_escalation_at", "demand_note_at"])
      .where("number", "=", a.number)
      .executeTakeFirstOrThrow();
    assert.equal(stored.next_escalation_at, null, "no escalation while the applicant pays");

    clock.advance(2 * DAY); // the applicant takes two days to pay: not the DISCOM's time
    cookies.clear(); // sessions end when idle that long
    r = await move({ to: "charges_paid", chargesPaidRs: 4000 });
    assert.equal(r.status, 400);
    assert.equal(r.body.field, "chargesPaidRs");
    r = await move({ to: "charges_paid", chargesPaidRs: 4500 });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.payLink, null);
    assert.equal(r.body.sop.releaseDueAt, new Date(docsAt + 9 * DAY).toISOString(), "moved by the two days");

    assert.equal((await move({ to: "released" })).status, 409, "the meter comes first");
    assert.equal((await move({ to: "meter_installed" })).status, 200);
    assert.deepEqual((await call(je1, "GET", `/api/connections/${a.number}`)).body.moves, ["released"]);
    r = await move({ to: "released" });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, "released");
    assert.equal(r.body.consumerNo, a.number, "the new consumer's number is the application's");
    assert.equal(r.body.sop.daysLeft, null);
    assert.deepEqual(r.body.moves, []);
    const consumer = await call(je1, "GET", `/api/consumers/${a.number}`);
    assert.equal(consumer.status, 200, JSON.stringify(consumer.body));
    assert.equal(consumer.body.name, a.applicantName);
    assert.deepEqual(
      consumer.body.mobiles.map((m: { mobile: string }) => m.mobile),
      [a.mobile],
    );

    const stages = (await eventsOf(a.number)).map((e) => [e.action, e.from_status, e.to_status]);
    assert.deepEqual(stages, [
      ["created", null, "applied"],
      ["documents", "applied", "applied"],
      ["moved", "applied", "documents_complete"],
      ["moved", "documents_complete", "site_inspected"],
      ["moved", "site_inspected", "demand_note_issued"],
      ["moved", "demand_note_issued", "charges_paid"],
      ["moved", "charges_paid", "meter_installed"],
      ["moved", "meter_installed", "released"],
    ]);
    const sms = await smsOf(a.number);
    assert.deepEqual(
      sms.map((s) => s.template),
      [
        "connection_applied",
        "connection_documents_complete",
        "connection_site_inspected",
        "connection_demand_note",
        "connection_charges_paid",
        "connection_meter_installed",
        "connection_released",
      ],
    );
    assert.ok(sms.every((s) => s.language === "en" && s.body.includes(a.number) && s.recipient === a.mobile));
    assert.match(sms[3]?.body ?? "", /Rs 4,500/);
    assert.ok((sms[3]?.body ?? "").includes(`/nc/${a.number}`) || (sms[3]?.body ?? "").includes("localhost"));
    assert.ok(sms[6]?.body.includes(`Consumer number ${a.number}`));
    assert.equal((await move({ to: "rejected", rejectReason: "late" })).status, 409, "released is final");
  });

  test("rejection needs a reason, and the applicant hears it in Hindi", async () => {
    const a = await create(agent);
    let r = await call(je1, "POST", `/api/connections/${a.number}/move`, { to: "rejected" });
    assert.equal(r.status, 400);
    assert.equal(r.body.field, "rejectReason");
    r = await call(je1, "POST", `/api/connections/${a.number}/move`, {
      to: "rejected",
      rejectReason: "भवन स्वामी का प्रमाण नहीं",
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, "rejected");
    assert.equal(r.body.rejectReason, "भवन स्वामी का प्रमाण नहीं");
    assert.equal(r.body.sop.releaseDueAt, null);
    const sms = await smsOf(a.number);
    assert.equal(sms.at(-1)?.template, "connection_rejected");
    assert.equal(sms.at(-1)?.language, "hi");
    assert.ok(sms.at(-1)?.body.includes("भवन स्वामी का प्रमाण नहीं"));
    assert.equal((await call(je1, "GET", `/api/connections/${a.number}`)).body.moves.length, 0);
  });

  test("release links an existing consumer of the jurisdiction by number; an unknown one is a 400", async () => {
    const existing = await buildConsumer(t.repos, tree);
    const other = await buildConsumer(t.repos, tree, { dtCode: "TF2-T1" });
    const a = await create(agent, { documents: [{ code: "identity_proof", received: true }] });
    const move = (body: object) => call(je1, "POST", `/api/connections/${a.number}/move`, body);
    for (const body of [
      { to: "documents_complete" },
      { to: "site_inspected" },
      { to: "demand_note_issued", chargesDemandedRs: 0 },
      { to: "charges_paid" },
      { to: "meter_installed" },
    ])
      assert.equal((await move(body)).status, 200, JSON.stringify(body));
    let r = await move({ to: "released", consumerNo: "NOSUCH1" });
    assert.equal(r.status, 400);
    assert.equal(r.body.field, "consumerNo");
    r = await move({ to: "released", consumerNo: other.consumerNo });
    assert.equal(r.status, 400, "another DC's consumer is not his to link");
    r = await move({ to: "released", consumerNo: existing.consumerNo });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.consumerNo, existing.consumerNo);
    const sms = await smsOf(a.number);
    assert.ok(sms.at(-1)?.body.includes(existing.consumerNo));
  });

  test("an agent may not move an application", async () => {
    const a = await create(agent);
    const r = await call(agent, "POST", `/api/connections/${a.number}/move`, {
      to: "rejected",
      rejectReason: "x",
    });
    assert.equal(r.status, 403);
  });
});
