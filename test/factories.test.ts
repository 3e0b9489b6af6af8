import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import type { Database } from "../src/db/database.ts";
import { createRepositories } from "../src/modules/registry.ts";
import { buildComplaint, buildConsumer, buildOrgTree, buildOutage, type Tree } from "./factories.ts";
import { createTestDatabase, driverName } from "./helpers/db.ts";

let database: Database;
let tree: Tree;
before(async () => {
  database = await createTestDatabase();
  tree = await buildOrgTree(createRepositories(database));
});
after(async () => database?.close());

test(`[${driverName}] buildComplaint creates its consumer, sits where the consumer is connected, and takes overrides`, async () => {
  const c = await buildComplaint(database, tree);
  const consumer = await database.db
    .selectFrom("consumers")
    .selectAll()
    .where("id", "=", c.consumer_id as number)
    .executeTakeFirstOrThrow();
  assert.equal(c.dc_id, tree.org.TDC1);
  assert.equal(consumer.dt_id, tree.dts["TF1-T1"]);
  assert.equal(c.dt_id, consumer.dt_id);
  assert.equal(c.category_code, "no_supply");
  assert.equal(c.status, "registered");
  assert.ok(new Date(c.due_at).getTime() > new Date(c.registered_at).getTime());

  const onSecond = await buildComplaint(database, tree, { dtCode: "TF2-T1", status: "assigned" });
  assert.equal(onSecond.dc_id, tree.org.TDC2);
  assert.equal(onSecond.status, "assigned");
  assert.notEqual(onSecond.number, c.number);

  const known = await buildConsumer(createRepositories(database), tree, { dtCode: "TF1-T2" });
  const again = await buildComplaint(database, tree, {
    consumerNo: known.consumerNo,
    category_code: "no_supply",
  });
  assert.equal(again.dt_id, tree.dts["TF1-T2"]);
});

test(`[${driverName}] buildOutage: a confirmed feeder outage by default, a DT outage with dtCode, linkable to complaints`, async () => {
  const feeder = await buildOutage(database, tree);
  assert.deepEqual(
    [feeder.scope, feeder.status, feeder.feeder_id, feeder.dc_id],
    ["feeder", "confirmed", tree.feeders.TF1, tree.org.TDC1],
  );
  assert.ok(feeder.confirmed_at);
  const dt = await buildOutage(database, tree, { dtCode: "TF2-T1", status: "suspected" });
  assert.deepEqual(
    [dt.scope, dt.dt_id, dt.dc_id, dt.confirmed_at],
    ["dt", tree.dts["TF2-T1"], tree.org.TDC2, null],
  );
  const c = await buildComplaint(database, tree, { outage_id: feeder.id });
  assert.equal(c.outage_id, feeder.id);
});
