import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";
import { DeliveryRepository } from "./delivery.repository.ts";
import { SUPERSEDED_REASON } from "./outage-notices.repository.ts";

const clock = fixedClock("2026-11-28T14:00:00+05:30");
const MIN = 60_000;
let t: TestApp;
let tree: Tree;
let je: string;
const mobiles = ["9826300001", "9826300002", "9826300003"];

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  for (const [i, mobile] of mobiles.entries())
    await buildConsumer(t.repos, tree, {
      dtCode: "TF2-T1",
      mobiles: [{ mobile, verified: true, language: i === 0 ? "hi" : "en" }],
    });
  je = await t.signIn((await buildUser(t.repos, tree, { login: "je.s", role: "je", orgCode: "TDC2" })).login);
});
after(async () => {
  await t?.close();
});

async function act(id: number, payload: Record<string, unknown>) {
  const res = await t.request({ method: "POST", url: `/api/outages/${id}/actions`, cookie: je, payload });
  assert.equal(res.statusCode, 200, res.body);
}

function outbox(outageId: number) {
  return t.database.db
    .selectFrom("outbox_sms")
    .select(["id", "recipient", "template", "status", "error"])
    .where("related_type", "=", "outage")
    .where("related_id", "=", outageId)
    .orderBy("id")
    .execute();
}

describe(`[${driverName}] a restoration overtakes the notices not yet sent`, () => {
  test("ETR set, restored seconds later: the unsent ETR and outage notices are cancelled, only 'restored' goes out", async () => {
    const opened = await t.request({
      method: "POST",
      url: "/api/outages",
      cookie: je,
      payload: { dtCode: "TF2-T1", cause: "DT fuse blown" },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const id = opened.json().outage.id as number;
    await t.services.idle();
    clock.advance(MIN);
    await act(id, { action: "set_etr", etr: new Date(clock().getTime() + 8 * 3600_000).toISOString() });
    await t.services.idle();
    const queued = await outbox(id);
    assert.deepEqual(
      queued.map((s) => `${s.template}:${s.status}`).sort(),
      [...mobiles.map(() => "outage_etr_changed:pending"), ...mobiles.map(() => "outage_notice:pending")],
      "before the restoration, both notices wait to be sent",
    );

    clock.advance(20_000);
    await act(id, { action: "restore" });
    await t.services.idle();
    const rows = await outbox(id);
    const by = (template: string) => rows.filter((s) => s.template === template);
    for (const s of [...by("outage_notice"), ...by("outage_etr_changed")]) {
      assert.equal(s.status, "cancelled", `${s.template} to a consumer`);
      assert.equal(s.error, SUPERSEDED_REASON);
    }
    // Each consumer who was due the notice hears once: the supply is back.
    assert.deepEqual(
      by("outage_restored")
        .map((s) => s.recipient)
        .sort(),
      mobiles,
    );
    assert.ok(by("outage_restored").every((s) => s.status === "pending"));

    // The sender claims only what is still to go: the restoration, never a cancelled notice.
    const claimed = await new DeliveryRepository(t.database.db).claim(
      100,
      clock(),
      new Date(clock().getTime() + MIN),
      false,
    );
    assert.deepEqual(
      claimed.filter((c) => rows.some((r) => Number(r.id) === c.id)).map((c) => c.template),
      mobiles.map(() => "outage_restored"),
    );
  });

  test("a notice already sent stays sent; only the unsent part is cancelled", async () => {
    const opened = await t.request({
      method: "POST",
      url: "/api/outages",
      cookie: je,
      payload: { dtCode: "TF2-T1", cause: "conductor snapped" },
    });
    assert.equal(opened.statusCode, 201, opened.body);
    const id = opened.json().outage.id as number;
    await t.services.idle();
    // The first consumer's notice has gone out.
    const first = (await outbox(id))[0] as { id: number | string };
    await t.database.db
      .updateTable("outbox_sms")
      .set({ status: "sent", sent_at: clock() })
      .where("id", "=", Number(first.id))
      .execute();
    clock.advance(MIN);
    await act(id, { action: "restore" });
    await t.services.idle();
    const notices = (await outbox(id)).filter((s) => s.template === "outage_notice");
    assert.deepEqual(notices.map((s) => s.status).sort(), ["cancelled", "cancelled", "sent"]);
  });
});
