import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser } from "../../../test/factories.ts";
import { createTestApp, principalOf, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";
import { maskMobilesInText } from "../../lib/mobile.ts";
import { createSmsWebhook, type SmsWebhookIntake } from "./delivery.ts";

const clock = fixedClock("2026-12-03T11:00:00+05:30");
let t: TestApp;
let intake: SmsWebhookIntake;
let consumerNo: string;
const REGISTERED = "9826011111";
let agent: string;
let viewer: string;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  consumerNo = (
    await buildConsumer(t.repos, tree, {
      mobiles: [{ mobile: REGISTERED, verified: true, language: "hi" }],
    })
  ).consumerNo;
  intake = createSmsWebhook(t.database, t.services.complaints, clock);
  agent = await t.signIn((await buildUser(t.repos, tree, { role: "agent" })).login);
  viewer = await t.signIn((await buildUser(t.repos, tree, { role: "viewer" })).login);
});
after(async () => {
  intake?.close();
  await t?.close();
});

const outboxTo = (mobile: string) =>
  t.database.db
    .selectFrom("outbox_sms")
    .select(["template", "language", "body"])
    .where("recipient", "=", mobile)
    .orderBy("id")
    .execute();

const at = () => clock();

test("mobiles inside a text are masked, whatever their spelling", () => {
  assert.equal(
    maskMobilesInText("call me on 9826012345 or +91 98260-12346, not 12345678901"),
    "call me on ******2345 or ******2346, not 12345678901",
  );
  assert.equal(maskMobilesInText("consumer 7001000001"), "consumer ******0001");
  assert.equal(maskMobilesInText("bill 12345"), "bill 12345");
});

describe(`[${driverName}] SMS to the DISCOM's number`, () => {
  test("free text gets the keywords back in the sender's language, at most three a day per sender, and every one is kept", async () => {
    assert.equal(
      await intake.inbound({ from: "919826050001", text: "when will power come?", at: at() }),
      "not understood: the keywords sent",
    );
    assert.equal(
      await intake.inbound({ from: "919826050002", text: "बिजली कब आएगी?", at: at() }),
      "not understood: the keywords sent",
    );
    const en = await outboxTo("9826050001");
    assert.deepEqual(
      en.map((m) => [m.template, m.language]),
      [["inbound_help", "en"]],
    );
    assert.match(en[0]?.body ?? "", /NOSUPPLY/);
    const hi = await outboxTo("9826050002");
    assert.deepEqual(
      hi.map((m) => [m.template, m.language]),
      [["inbound_help", "hi"]],
    );
    assert.match(hi[0]?.body ?? "", /बिजलीबंद/);
    // A registered mobile that writes digits only gets its own language.
    await intake.inbound({ from: REGISTERED, text: "???", at: at() });
    assert.deepEqual(
      (await outboxTo(REGISTERED)).map((m) => [m.template, m.language]),
      [["inbound_help", "hi"]],
    );

    // The same sender again and again: three replies, then only kept.
    for (let i = 0; i < 2; i++) await intake.inbound({ from: "919826050001", text: `hello ${i}`, at: at() });
    assert.equal(
      await intake.inbound({ from: "919826050001", text: "hello again", at: at() }),
      "not understood: no reply (reply limit for this mobile)",
    );
    assert.equal((await outboxTo("9826050001")).length, 3);
    const kept = await t.database.db
      .selectFrom("sms_inbound")
      .select("outcome")
      .where("sender", "=", "9826050001")
      .execute();
    assert.equal(kept.length, 4);
  });

  test("NOSUPPLY from a mobile the consumer has not registered: accepted and marked, the sender acknowledged, the registered mobile told who sent it", async () => {
    const outcome = await intake.inbound({ from: "919826060001", text: `NOSUPPLY ${consumerNo}`, at: at() });
    assert.match(outcome, /^registered \w+ \(from an unregistered mobile\)$/);
    const complaint = await t.database.db
      .selectFrom("complaints")
      .select(["id", "number", "from_unregistered_mobile", "caller_phone"])
      .where("caller_phone", "=", "9826060001")
      .executeTakeFirstOrThrow();
    assert.equal(complaint.from_unregistered_mobile, true);
    const toSender = await outboxTo("9826060001");
    assert.deepEqual(
      toSender.map((m) => m.template),
      ["complaint_registered"],
    );
    assert.ok(toSender[0]?.body.includes(complaint.number));
    const toRegistered = (await outboxTo(REGISTERED)).filter((m) => m.template !== "inbound_help");
    assert.deepEqual(
      toRegistered.map((m) => [m.template, m.language]),
      [["complaint_registered_other_mobile", "hi"]],
    );
    assert.ok(toRegistered[0]?.body.includes(complaint.number));
    assert.ok(toRegistered[0]?.body.includes("******0001"), "the sender, masked");
    assert.ok(!toRegistered[0]?.body.includes("9826060001"));

    // Through the API, agents see the mark.
    const res = await t.request({ method: "GET", url: `/api/complaints/${complaint.number}`, cookie: agent });
    assert.equal(res.statusCode, 200);
    assert.equal(res.json().complaint.fromUnregisteredMobile, true);
  });

  test("NOSUPPLY from the registered mobile is not marked", async () => {
    const other = await buildConsumer(t.repos, await buildOrgTreeOnce(), {
      mobiles: [{ mobile: "9826070001", verified: true, language: "en" }],
    });
    const outcome = await intake.inbound({
      from: "9826070001",
      text: `NOSUPPLY ${other.consumerNo}`,
      at: at(),
    });
    assert.match(outcome, /^registered \w+$/);
    const complaint = await t.database.db
      .selectFrom("complaints")
      .select(["from_unregistered_mobile"])
      .where("caller_phone", "=", "9826070001")
      .executeTakeFirstOrThrow();
    assert.equal(complaint.from_unregistered_mobile, false);
    assert.deepEqual(
      (await outboxTo("9826070001")).map((m) => m.template),
      ["complaint_registered"],
    );
  });

  test("one sender registers at most five complaints an hour", async () => {
    const tree = await buildOrgTreeOnce();
    const outcomes: string[] = [];
    for (let i = 0; i < 7; i++) {
      const c = await buildConsumer(t.repos, tree);
      outcomes.push(await intake.inbound({ from: "9826080001", text: `NOSUPPLY ${c.consumerNo}`, at: at() }));
    }
    assert.equal(outcomes.filter((o) => o.startsWith("registered")).length, 5);
    assert.deepEqual(outcomes.slice(5), [
      "refused: too many complaints from this mobile",
      "refused: too many complaints from this mobile",
    ]);
    const n = await t.database.db
      .selectFrom("complaints")
      .select((e) => e.fn.countAll<number>().as("n"))
      .where("caller_phone", "=", "9826080001")
      .executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 5);
  });

  test("agents list inbound messages (GET /api/sms/inbound-messages); mobiles masked without consumers.read_mobile; viewers may not", async () => {
    await intake.inbound({ from: "9826090001", text: "my number is 9826090002, no light", at: at() });
    const res = await t.request({ method: "GET", url: "/api/sms/inbound-messages?limit=200", cookie: agent });
    assert.equal(res.statusCode, 200);
    const items = res.json().items as {
      sender: string;
      text: string;
      outcome: string;
      replied: boolean;
      replyLanguage: string | null;
      complaintNumber: string | null;
    }[];
    const first = items[0];
    assert.equal(first?.sender, "9826090001", "newest first; agents may see mobiles");
    assert.equal(first?.text, "my number is 9826090002, no light");
    assert.equal(first?.replied, true);
    assert.equal(first?.replyLanguage, "en");
    assert.ok(items.some((i) => i.complaintNumber && /unregistered/.test(i.outcome)));

    const forbidden = await t.request({ method: "GET", url: "/api/sms/inbound-messages", cookie: viewer });
    assert.equal(forbidden.statusCode, 403);

    // A principal with the list but not the mobiles.
    const p = await principalOf(t, agent);
    const masked = await t.services.outbox.inbound(
      { ...p, permissions: new Set([...p.permissions].filter((x) => x !== "consumers.read_mobile")) },
      { limit: 200 },
    );
    const all = JSON.stringify(masked.items);
    assert.doesNotMatch(all, /(?<!\d)[6-9]\d{9}(?!\d)/, "no unmasked mobile");
    assert.equal(masked.items[0]?.sender, "******0001");
    assert.equal(masked.items[0]?.text, "my number is ******0002, no light");
  });
});

let tree: Awaited<ReturnType<typeof buildOrgTree>>;
async function buildOrgTreeOnce() {
  return tree;
}
