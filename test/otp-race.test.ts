import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { fixedClock } from "../src/lib/clock.ts";
import { buildConsumer, buildOrgTree, buildUser } from "./factories.ts";
import { createTestApp, type TestApp } from "./helpers/app.ts";
import { driverName } from "./helpers/db.ts";

const clock = fixedClock("2026-12-03T10:00:00+05:30");
let t: TestApp;
let agent: string;

before(async () => {
  t = await createTestApp({ clock });
  const tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, { consumerNo: "7501000001" });
  await buildUser(t.repos, tree, { login: "agent.otp" });
  agent = await t.signIn("agent.otp");
});
after(async () => t?.close());

describe(`[${driverName}] mobile verification codes are counted and sent under a lock`, () => {
  test("50 parallel sends to one mobile queue only the 3 codes the limit allows", async () => {
    const res = await Promise.all(
      Array.from({ length: 50 }, () =>
        t.request({
          method: "POST",
          url: "/api/consumers/7501000001/mobiles",
          cookie: agent,
          payload: { mobile: "9826055551", language: "en" },
        }),
      ),
    );
    const created = res.filter((r) => r.statusCode === 201).length;
    const refused = res.filter((r) => r.statusCode === 429).length;
    assert.equal(created, 3, res.map((r) => r.statusCode).join(","));
    assert.equal(refused, 47);
    const sms = await t.database.db
      .selectFrom("outbox_sms")
      .select("id")
      .where("template", "=", "mobile_otp")
      .where("recipient", "=", "9826055551")
      .execute();
    assert.equal(sms.length, 3);
  });
});
