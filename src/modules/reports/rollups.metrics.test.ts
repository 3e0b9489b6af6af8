import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildComplaint, buildOrgTree, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";

// The backlog of unfolded rollup deltas is visible to Prometheus, and empties when folded.
let t: TestApp;
let tree: Tree;
before(async () => {
  t = await createTestApp();
  tree = await buildOrgTree(t.repos);
});
after(() => t.close());

async function pendingMetric(): Promise<number> {
  const res = await t.request({ method: "GET", url: "/metrics" });
  assert.equal(res.statusCode, 200);
  const m = /^powerdesk_rollup_deltas_pending (\d+)$/m.exec(res.body);
  assert.ok(m, "the gauge is exported");
  return Number(m[1]);
}

test("the pending-deltas gauge counts what the worker has not folded yet", async () => {
  await t.repos.rollups.foldAll("Asia/Kolkata");
  assert.equal(await pendingMetric(), 0);
  await buildComplaint(t.database, tree);
  await buildComplaint(t.database, tree);
  assert.equal(await pendingMetric(), 2);
  await t.repos.rollups.foldAll("Asia/Kolkata");
  assert.equal(await pendingMetric(), 0);
});
