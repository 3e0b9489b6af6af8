import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { registerNoSupply } from "../../../test/helpers/complaints.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";

const clock = fixedClock("2026-11-28T14:00:00+05:30");
const MIN = 60_000;
const JE = "9826500000";
const LINEMEN = ["9826500001", "9826500002"];
const AE = "9826500009";
const CALLS = 50;
let t: TestApp;
let tree: Tree;
let agent: string;
const callers: string[] = [];

/** TDC1 has a JE and two linemen on duty, each with a phone; 55 consumers on DT TF1-T2 will call. */
before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "je.w", role: "je", orgCode: "TDC1", phone: JE });
  await buildUser(t.repos, tree, { login: "ae.w", role: "ae", orgCode: "TS1", phone: AE });
  for (const [i, phone] of LINEMEN.entries())
    await buildUser(t.repos, tree, { login: `lineman.w${i}`, role: "lineman", orgCode: "TDC1", phone });
  for (let k = 0; k < CALLS + 5; k++)
    callers.push((await buildConsumer(t.repos, tree, { dtCode: "TF1-T2" })).consumerNo);
  agent = await t.signIn((await buildUser(t.repos, tree, { login: "agent.w", role: "agent" })).login);
});
after(async () => {
  await t?.close();
});

const register = (consumerNo: string) =>
  registerNoSupply(t, agent, consumerNo, { description: "No light since the storm" });

function staffSms() {
  return t.database.db
    .selectFrom("outbox_sms")
    .select(["recipient", "template", "body", "related_type", "related_id"])
    .where("recipient", "in", [JE, ...LINEMEN])
    .orderBy("id")
    .execute();
}

describe(`[${driverName}] calls behind a known outage do not flood the field staff`, () => {
  let outageId: number;

  test(`${CALLS} calls that join one outage: no lineman gets an SMS, the owner gets one`, async () => {
    const trip = await t.services.outages.scada("TF1", "trip", clock(), "test");
    assert.equal(trip.outcome, "opened");
    outageId = trip.outageId as number;
    for (let i = 0; i < CALLS; i += 10)
      await Promise.all(
        callers.slice(i, i + 10).map(async (c) => {
          const r = await register(c);
          assert.equal(r.outageId, outageId);
          assert.equal(r.status, "registered", "not assigned to a lineman one by one");
        }),
      );
    await t.services.idle();

    const sms = await staffSms();
    for (const phone of LINEMEN)
      assert.equal(sms.filter((s) => s.recipient === phone).length, 0, `lineman ${phone.slice(-2)}`);
    assert.deepEqual(
      sms.map((s) => [s.recipient, s.template, s.related_type, Number(s.related_id)]),
      [[JE, "outage_owner_staff", "outage", outageId]],
    );
    assert.match(sms[0]?.body ?? "", new RegExp(`Outage #${outageId} is yours`));

    const o = await t.request({
      method: "GET",
      url: `/api/outages/${outageId}`,
      cookie: await t.signIn("je.w"),
    });
    assert.equal(o.statusCode, 200, o.body);
    assert.equal(o.json().outage.owner, "Test je");
    assert.equal(o.json().outage.linkedComplaints, CALLS);
  });

  test("the calls reach the owner as one digest after 15 minutes, not before, and only when there are new ones", async () => {
    assert.deepEqual(await t.services.outages.digestOwners(), { digests: 0 }, "not yet 15 minutes");
    clock.advance(15 * MIN);
    assert.deepEqual(await t.services.outages.digestOwners(), { digests: 1 });
    const digest = (await staffSms()).at(-1);
    assert.equal(digest?.template, "outage_digest_staff");
    assert.match(digest?.body ?? "", new RegExp(`${CALLS} new calls since .*, ${CALLS} in all`));
    clock.advance(15 * MIN);
    assert.deepEqual(await t.services.outages.digestOwners(), { digests: 0 }, "no new calls");

    for (const c of callers.slice(CALLS)) await register(c);
    assert.deepEqual(await t.services.outages.digestOwners(), { digests: 1 }, "15 minutes passed since");
    clock.advance(5 * MIN);
    await register(callers[0] as string); // a repeat call: counted on the first, no new link
    assert.deepEqual(await t.services.outages.digestOwners(), { digests: 0 });
    const sms = await staffSms();
    assert.match(sms.at(-1)?.body ?? "", new RegExp(`5 new calls since .*, ${CALLS + 5} in all`));
    // 55 calls: one SMS when the outage opened and two digests, all to its owner.
    assert.deepEqual(
      sms.map((s) => `${s.recipient}:${s.template}`),
      [`${JE}:outage_owner_staff`, `${JE}:outage_digest_staff`, `${JE}:outage_digest_staff`],
    );
  });

  test("when the calls fall overdue, each officer on the ladder hears once for the outage, not once a call", async () => {
    clock.advance(6 * 3600_000);
    const r = await t.services.complaints.escalateDue(500);
    assert.ok(r.escalated >= CALLS, `escalated ${r.escalated}`);
    const escalations = await t.database.db
      .selectFrom("outbox_sms")
      .select(["recipient"])
      .where("template", "=", "complaint_escalated")
      .execute();
    const to = (phone: string) => escalations.filter((s) => s.recipient === phone).length;
    assert.equal(to(JE), 1, "the JE: one SMS for the outage's overdue calls");
    assert.equal(to(AE), 1, "the AE: one");
    for (const phone of LINEMEN) assert.equal(to(phone), 0);
  });
});
