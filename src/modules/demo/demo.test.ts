import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { createTestDatabase, driverName } from "../../../test/helpers/db.ts";
import type { Database } from "../../db/database.ts";
import { normaliseMobile } from "../../lib/mobile.ts";
import { createRepositories } from "../registry.ts";
import { verifyPassword } from "../users/password.ts";
import { DEMO_PASSWORD, demoConsumers, planDemo } from "./demo.generator.ts";
import { loadDemo } from "./demo.service.ts";

test("the same seed gives the same DISCOM; another seed another one", () => {
  const a = [...demoConsumers(planDemo(3000, "x"))];
  const b = [...demoConsumers(planDemo(3000, "x"))];
  const c = [...demoConsumers(planDemo(3000, "y"))];
  assert.deepEqual(a, b);
  assert.notDeepEqual(
    a.map((r) => r.name),
    c.map((r) => r.name),
  );
});

test("the demo looks like MP East: four regions, feeders of ~640 consumers, DTs of 20-100, ~85% with a mobile", () => {
  const plan = planDemo(50_000);
  const regions = plan.org.filter((o) => o.kind === "region").map((o) => o.name_en);
  assert.deepEqual(regions, ["Jabalpur Region", "Sagar Region", "Rewa Region", "Shahdol Region"]);
  assert.ok(plan.org.every((o) => o.name_hi && /[\u0900-\u097F]/.test(o.name_hi ?? "")));
  const feeders = plan.dcs.flatMap((d) => d.feeders);
  const perFeeder = feeders.map((f) => f.dts.reduce((s, d) => s + d.consumers, 0));
  const mean = perFeeder.reduce((s, n) => s + n, 0) / perFeeder.length;
  assert.ok(mean > 500 && mean < 800, `mean consumers per feeder ${mean}`);
  const dtSizes = feeders.flatMap((f) => f.dts.map((d) => d.consumers));
  assert.ok(
    dtSizes.every((n) => n >= 20 && n <= 119),
    `DT sizes ${Math.min(...dtSizes)}..${Math.max(...dtSizes)}`,
  );
  const consumers = [...demoConsumers(plan)];
  assert.equal(consumers.length, 50_000);
  assert.equal(new Set(consumers.map((c) => c.consumer_no)).size, 50_000);
  assert.equal(new Set(consumers.map((c) => c.meter_no)).size, 50_000);
  const withMobile = consumers.filter((c) => c.mobiles).length / consumers.length;
  assert.ok(withMobile > 0.83 && withMobile < 0.87, `share with mobile ${withMobile}`);
  const first =
    consumers
      .find((c) => c.mobiles)
      ?.mobiles?.split(";")[0]
      ?.split(":")[0] ?? "";
  assert.equal(normaliseMobile(first), first);
  const roles = new Set(plan.users.map((u) => u.role));
  for (const r of ["agent", "supervisor", "lineman", "je", "ae", "ee", "se", "ce", "admin", "viewer"])
    assert.ok(roles.has(r), r);
});

let database: Database;
before(async () => {
  database = await createTestDatabase();
});
after(async () => database?.close());

test(`[${driverName}] loading the demo twice with one seed changes nothing the second time; demo users can sign in`, async () => {
  const repos = createRepositories(database);
  const now = new Date();
  const first = await loadDemo(database, repos, { consumers: 1500, complaints: 40, now });
  const byKind = Object.fromEntries(first.summaries.map((s) => [s.kind, s]));
  assert.equal(byKind.consumers?.inserted, 1500);
  // Three months of bills each, most of them paid, loaded without texting anyone.
  assert.equal(byKind.bills?.inserted, 4500);
  assert.ok((byKind.payments?.inserted ?? 0) > 2500, `${byKind.payments?.inserted} payments`);
  assert.equal(byKind.bills?.notes["bill SMS queued"], 0);
  const second = await loadDemo(database, repos, { consumers: 1500, complaints: 40, now });
  for (const s of second.summaries)
    assert.deepEqual([s.kind, s.inserted, s.updated, s.rejected], [s.kind, 0, 0, 0]);
  const admin = await repos.users.findByLoginForAuth("admin");
  assert.ok(admin && (await verifyPassword(DEMO_PASSWORD, admin.password_hash)));
  const je = await repos.users.findByLoginForAuth(
    first.info.logins.find((l) => l.role === "je")?.login ?? "",
  );
  assert.equal(je?.org_kind, "dc");
  assert.deepEqual((await repos.settings.get<{ consumers: number }>("demo"))?.consumers, 1500);
});
