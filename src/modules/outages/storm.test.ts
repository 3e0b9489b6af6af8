import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, TEST_PASSWORD } from "../../../test/factories.ts";
import { brokerName, createTestApp, type TestApp, type TestMqtt } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { runStorm } from "./storm.ts";

let t: TestApp;
let base: string;

// Two feeders the storm can use (three DTs or more, three consumers with meters on each DT).
before(async () => {
  t = await createTestApp({ mqtt: true });
  const tree = await buildOrgTree(t.repos);
  const ss = await t.repos.network.upsertSubstations([
    { code: "TSS3", nameEn: "Test SS 3", nameHi: "परीक्षण उपकेंद्र 3", dcId: tree.org.TDC1 as number },
  ]);
  const f = await t.repos.network.upsertFeeders([
    {
      code: "TF3",
      nameEn: "Civil Lines feeder",
      nameHi: "सिविल लाइंस फीडर",
      dcId: tree.org.TDC1 as number,
      substationId: ss.ids.get("TSS3") as number,
    },
  ]);
  const dts = await t.repos.network.upsertDts(
    ["TF1-T3", "TF3-T1", "TF3-T2", "TF3-T3"].map((code) => ({
      code,
      nameEn: `DT ${code}`,
      nameHi: `डीटी ${code}`,
      dcId: tree.org.TDC1 as number,
      feederId: (code.startsWith("TF3") ? f.ids.get("TF3") : tree.feeders.TF1) as number,
      capacityKva: 100,
    })),
  );
  for (const [code, id] of dts.ids) tree.dts[code] = id;
  let n = 0;
  for (const dt of ["TF1-T1", "TF1-T2", "TF1-T3", "TF3-T1", "TF3-T2", "TF3-T3"])
    for (let k = 0; k < 3; k++) {
      n++;
      await buildConsumer(t.repos, tree, {
        dtCode: dt,
        feederId: (dt.startsWith("TF3") ? f.ids.get("TF3") : tree.feeders.TF1) as number,
        mobiles: [{ mobile: `98270${String(n).padStart(5, "0")}`, verified: true, language: "hi" }],
      });
    }
  await buildUser(t.repos, tree, { login: "agent.storm", role: "agent" });
  await buildUser(t.repos, tree, { login: "admin.storm", role: "admin" });
  base = await t.listen();
});
after(async () => t?.close());

test(`[${driverName}, ${brokerName}] the storm simulator: a breaker trip and a call cluster become outages, calls join them`, async () => {
  const mq = t.mqtt as TestMqtt;
  const lines: string[] = [];
  const r = await runStorm({
    baseUrl: base,
    mqttUrl: mq.url,
    prefix: mq.prefix,
    login: "agent.storm",
    password: TEST_PASSWORD,
    feeders: 1,
    rate: 10,
    seconds: 2,
    restore: false,
    seed: 7,
    out: (l) => lines.push(l),
  });
  await mq.settle();
  assert.ok(lines.some((l) => l.includes("SCADA  trip")));
  // Nine cluster calls (three DTs × three consumers) and twenty storm calls, some of them repeats.
  assert.ok(r.complaints >= 9 + 1, `complaints: ${r.complaints}`);
  assert.ok(r.linked > 0, "calls from behind the tripped breaker join its outage");

  const live = await t.database.db
    .selectFrom("outages")
    .innerJoin("feeders", "feeders.id", "outages.feeder_id")
    .select(["outages.id", "outages.scope", "outages.source", "outages.status", "feeders.code"])
    .where("outages.status", "in", ["suspected", "confirmed"])
    .execute();
  assert.equal(live.length, 2, JSON.stringify(live));
  const scada = live.find((o) => o.source === "scada");
  const calls = live.find((o) => o.source === "complaints");
  assert.equal(scada?.scope, "feeder");
  assert.equal(scada?.status, "confirmed");
  assert.equal(calls?.scope, "feeder", "three DTs with callers roll up to the feeder");
  assert.notEqual(scada?.code, calls?.code);
  await t.services.idle();
  const sms = await t.database.db
    .selectFrom("outbox_sms")
    .select((eb) => eb.fn.countAll<number>().as("n"))
    .where("related_type", "=", "outage")
    .where("related_id", "=", scada?.id as number)
    .executeTakeFirstOrThrow();
  assert.equal(Number(sms.n), 9, "one outage SMS per consumer of the tripped feeder");
});

test(`[${driverName}, ${brokerName}] --restore ends every outage the storm left live, the one found from calls too`, async () => {
  const mq = t.mqtt as TestMqtt;
  const lines: string[] = [];
  await runStorm({
    baseUrl: base,
    mqttUrl: mq.url,
    prefix: mq.prefix,
    login: "agent.storm",
    password: TEST_PASSWORD,
    feeders: 1,
    rate: 10,
    seconds: 1,
    restore: true,
    officer: { login: "admin.storm", password: TEST_PASSWORD },
    seed: 7,
    out: (l) => lines.push(l),
  });
  await mq.settle();
  await t.services.idle();
  const live = await t.database.db
    .selectFrom("outages")
    .select(["id", "source", "status"])
    .where("status", "in", ["suspected", "confirmed"])
    .execute();
  assert.deepEqual(live, [], lines.join("\n"));
  const restored = await t.database.db
    .selectFrom("outages")
    .select(["source"])
    .where("status", "=", "restored")
    .execute();
  assert.ok(
    restored.some((o) => o.source === "complaints"),
    "the call cluster's outage is restored",
  );
  assert.ok(
    lines.some((l) => /restored by admin\.storm: 1 outage/.test(l)),
    lines.join("\n"),
  );
  assert.match(lines.at(-1) ?? "", /0 outages live now/);
});

test(`[${driverName}] the network API lists feeders and one feeder's DTs with sample consumers`, async () => {
  const cookie = await t.signIn("agent.storm");
  const list = await t.request({ method: "GET", url: "/api/network/feeders?q=tf", cookie });
  assert.equal(list.statusCode, 200, list.body);
  const tf3 = list.json().items.find((f: { code: string }) => f.code === "TF3");
  assert.deepEqual({ dts: tf3.dts, consumers: tf3.consumers }, { dts: 3, consumers: 9 });
  const one = await t.request({ method: "GET", url: "/api/network/feeders/tf3?sample=2", cookie });
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().dts.length, 3);
  assert.equal(one.json().dts[0].sample.length, 2);
  assert.equal(
    (await t.request({ method: "GET", url: "/api/network/feeders/NOPE", cookie })).statusCode,
    404,
  );
  assert.equal((await t.request({ method: "GET", url: "/api/network/feeders" })).statusCode, 401);
});
