import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";

let t: TestApp;
let tree: Tree;
let agent: string;

before(async () => {
  t = await createTestApp();
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "4001000001",
    name: "Ramesh Kumar Patel",
    meterNo: "MP40010001",
    mobiles: [{ mobile: "9826012345", verified: true, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: "4001000002",
    name: "Sunita Patel",
    dtCode: "TF1-T2",
    mobiles: [
      { mobile: "9826012345", verified: false, language: "hi" },
      { mobile: "7000011111", verified: true, language: "en" },
    ],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: "4002000001",
    name: "Geeta Sharma",
    dtCode: "TF2-T1",
    meterNo: "SM40020001",
  });
  await buildConsumer(t.repos, tree, { consumerNo: "4001000003", name: "Om Prakash Sharma" });
  await buildConsumer(t.repos, tree, { consumerNo: "4001000004", name: "Somesh Sharma" });
  agent = await t.signIn((await buildUser(t.repos, tree, { role: "agent", orgCode: "T" })).login);
});
after(async () => t?.close());

async function lookup(cookie: string, q: string) {
  const res = await t.request({ method: "GET", url: `/api/consumers?q=${encodeURIComponent(q)}`, cookie });
  return { status: res.statusCode, body: res.json() };
}

describe(`[${driverName}] consumer lookup`, () => {
  test("by consumer number", async () => {
    const r = await lookup(agent, "4001000001");
    assert.equal(r.status, 200);
    assert.deepEqual(
      r.body.items.map((i: { consumerNo: string; matchedBy: string }) => [i.consumerNo, i.matchedBy]),
      [["4001000001", "consumer_no"]],
    );
    assert.equal(r.body.items[0].dc.code, "TDC1");
    assert.equal(r.body.items[0].feederCode, "TF1");
    assert.equal(r.body.items[0].dtCode, "TF1-T1");
  });

  test("by mobile, however it is written, finds every consumer on that number", async () => {
    for (const q of ["9826012345", "+91 98260 12345", "098260-12345"]) {
      const r = await lookup(agent, q);
      assert.deepEqual(
        r.body.items.map((i: { consumerNo: string }) => i.consumerNo).sort(),
        ["4001000001", "4001000002"],
        q,
      );
      assert.ok(r.body.items.every((i: { matchedBy: string }) => i.matchedBy === "mobile"));
    }
  });

  test("by meter number", async () => {
    const r = await lookup(agent, "sm40020001");
    assert.deepEqual(
      r.body.items.map((i: { consumerNo: string; matchedBy: string }) => [i.consumerNo, i.matchedBy]),
      [["4002000001", "meter_no"]],
    );
  });

  test("by part of the name, any case, words in any order", async () => {
    const r = await lookup(agent, "patel");
    assert.deepEqual(r.body.items.map((i: { name: string }) => i.name).sort(), [
      "Ramesh Kumar Patel",
      "Sunita Patel",
    ]);
    const both = await lookup(agent, "patel rames");
    assert.deepEqual(
      both.body.items.map((i: { name: string }) => i.name),
      ["Ramesh Kumar Patel"],
    );
    const none = await lookup(agent, "zzzqqq");
    assert.deepEqual(none.body.items, []);
  });

  test("a word shorter than three letters matches the start of a word", async () => {
    const r = await lookup(agent, "om sharma");
    assert.deepEqual(
      r.body.items.map((i: { name: string }) => i.name),
      ["Om Prakash Sharma"],
    );
  });

  test("a too-short query is a 400 naming q, not a table scan", async () => {
    const r = await lookup(agent, "ab");
    assert.equal(r.status, 400);
    assert.equal(r.body.field, "q");
  });

  test("the consumer card shows DC, org chain, substation, feeder, DT and mobiles", async () => {
    const res = await t.request({ method: "GET", url: "/api/consumers/4001000002", cookie: agent });
    assert.equal(res.statusCode, 200);
    const card = res.json();
    assert.equal(card.dc.code, "TDC1");
    assert.deepEqual(
      card.orgChain.map((u: { code: string }) => u.code),
      ["T", "TR", "TC", "TD", "TS1", "TDC1"],
    );
    assert.equal(card.substation.code, "TSS1");
    assert.equal(card.feeder.code, "TF1");
    assert.equal(card.feeder.nameHi, "स्टेशन रोड फीडर");
    assert.equal(card.dt.code, "TF1-T2");
    assert.deepEqual(
      card.mobiles.map((m: { mobile: string; verified: boolean }) => [m.mobile, m.verified]),
      [
        ["7000011111", true],
        ["9826012345", false],
      ],
    );
  });

  test("signed out: 401", async () => {
    const res = await t.request({ method: "GET", url: "/api/consumers?q=patel" });
    assert.equal(res.statusCode, 401);
  });
});

describe(`[${driverName}] jurisdiction`, () => {
  test("an AE of one sub-division cannot read a consumer of another", async () => {
    const ae = await t.signIn((await buildUser(t.repos, tree, { role: "ae", orgCode: "TS1" })).login);
    const own = await lookup(ae, "4001000001");
    assert.equal(own.body.items.length, 1);
    const other = await lookup(ae, "4002000001");
    assert.deepEqual(other.body.items, []);
    const byName = await lookup(ae, "geeta sharma");
    assert.deepEqual(byName.body.items, []);
    const card = await t.request({ method: "GET", url: "/api/consumers/4002000001", cookie: ae });
    assert.equal(card.statusCode, 404);
    const ownCard = await t.request({ method: "GET", url: "/api/consumers/4001000001", cookie: ae });
    assert.equal(ownCard.statusCode, 200);
  });

  test("a JE sees his DC only; an EE sees both sub-divisions of his division", async () => {
    const je = await t.signIn((await buildUser(t.repos, tree, { role: "je", orgCode: "TDC2" })).login);
    assert.deepEqual((await lookup(je, "patel")).body.items, []);
    assert.equal((await lookup(je, "geeta")).body.items.length, 1);
    const ee = await t.signIn((await buildUser(t.repos, tree, { role: "ee", orgCode: "TD" })).login);
    assert.equal((await lookup(ee, "patel")).body.items.length, 2);
    assert.equal((await lookup(ee, "geeta")).body.items.length, 1);
  });

  test("a viewer sees mobiles masked", async () => {
    const viewer = await t.signIn((await buildUser(t.repos, tree, { role: "viewer", orgCode: "T" })).login);
    const r = await lookup(viewer, "4001000001");
    assert.equal(r.body.items[0].mobile, "******2345");
    const card = (
      await t.request({ method: "GET", url: "/api/consumers/4001000001", cookie: viewer })
    ).json();
    assert.deepEqual(
      card.mobiles.map((m: { mobile: string }) => m.mobile),
      ["******2345"],
    );
    // Nor can he unmask one by searching for it: a full mobile finds nobody for him.
    const byMobile = await lookup(viewer, "9826012345");
    assert.equal(byMobile.status, 200);
    assert.deepEqual(byMobile.body.items, []);
  });

  test("lookups never write the query (a mobile or a name) to the log", async () => {
    await lookup(agent, "9826012345");
    await lookup(agent, "Sunita");
    await t.request({ method: "GET", url: "/api/consumers/4001000002", cookie: agent });
    const all = t.logs.join("\n");
    assert.ok(all.includes("/api/consumers"), "requests are logged");
    assert.ok(!all.includes("9826012345"), "no mobile in logs");
    assert.ok(!all.includes("Sunita"), "no name in logs");
    assert.ok(!all.includes("4001000002"), "no consumer number in logs");
  });
});
