import assert from "node:assert/strict";
import { test } from "node:test";
import { DEMO_APPLICATION, demoConnections } from "./demo.connections.ts";
import { planDemo } from "./demo.generator.ts";

test("the demo's applications: every stage, many DCs, the JE's DC and the e2e's mobile, released this month", () => {
  const plan = planDemo(20_000);
  const now = new Date("2026-12-20T12:00:00+05:30");
  const rows = [...demoConnections(plan, 2000, now)];
  assert.equal(rows.length, 2000);
  assert.deepEqual([...demoConnections(plan, 2000, now)], rows, "the same seed and day: the same file");
  const first = rows[0];
  const jeDc = plan.users.find((u) => u.role === "je")?.orgCode;
  assert.equal(first?.application_no, DEMO_APPLICATION.number);
  assert.equal(first?.mobile, DEMO_APPLICATION.mobile);
  assert.equal(first?.dc_code, jeDc);
  assert.ok(rows.filter((r) => r.dc_code === jeDc).length >= 200, "a share at the demo JE's DC");
  assert.equal(new Set(rows.map((r) => r.status)).size, 8);
  assert.ok(new Set(rows.map((r) => r.dc_code)).size > 10);
  assert.ok(rows.filter((r) => r.status === "released" && (r.status_at ?? "") >= "2026-12-01").length > 50);
  assert.equal(new Set(rows.map((r) => r.application_no)).size, rows.length);
  assert.ok(rows.every((r) => r.mobile !== DEMO_APPLICATION.mobile || r === first));
});
