import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";
import { csvSource } from "../imports/csv-source.ts";
import type { Importer } from "../imports/import.types.ts";
import { runImport } from "../imports/runner.ts";
import { billStatus, paise } from "./billing.service.ts";
import { billsImporter } from "./bills.import.ts";

const clock = fixedClock("2026-11-21T22:30:00+05:30");
let t: TestApp;
let tree: Tree;
let agent: string;
let agentLogin: string;
let agentDc2: string;
let viewer: string;

async function loadBills(csv: string) {
  const src = csvSource(Readable.from([csv]));
  const s = await runImport(
    billsImporter(t.repos.billing, t.repos.recipients, { clock }) as Importer<unknown>,
    src.records,
    { header: src.header },
  );
  assert.equal(s.rejected, 0, JSON.stringify(s.errors));
}

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "7001000001",
    mobiles: [
      { mobile: "9926000001", verified: true, language: "en" },
      { mobile: "9926000011", verified: false, language: "hi" },
    ],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: "7001000002",
    mobiles: [{ mobile: "9926000002", verified: false, language: "hi" }],
  });
  agentLogin = (await buildUser(t.repos, tree, { role: "agent", orgCode: "T" })).login;
  agent = await t.signIn(agentLogin);
  agentDc2 = await t.signIn((await buildUser(t.repos, tree, { role: "agent", orgCode: "TDC2" })).login);
  viewer = await t.signIn((await buildUser(t.repos, tree, { role: "viewer", orgCode: "T" })).login);
  await loadBills(`consumer_no,bill_month,amount,due_date,payment_link,bill_date
7001000001,2026-10,812.40,2026-11-15,https://pay.t.in/b/Oct1,2026-10-02
7001000001,2026-11,1245.50,2026-12-10,https://pay.t.in/b/Nov1,2026-11-02
7001000002,2026-11,300,2026-12-10,https://pay.t.in/b/Nov2,2026-11-02
`);
});
after(async () => t?.close());

const get = (consumerNo: string, cookie: string) =>
  t.request({ method: "GET", url: `/api/consumers/${consumerNo}/bills`, cookie });
const resend = (consumerNo: string, billId: number, cookie: string, payload?: object) =>
  t.request({
    method: "POST",
    url: `/api/consumers/${consumerNo}/bills/${billId}/resend`,
    cookie,
    ...(payload ? { payload } : {}),
  });

async function billId(consumerNo: string, month: string): Promise<number> {
  const r = (await get(consumerNo, agent)).json() as { bills: { id: number; month: string }[] };
  const b = r.bills.find((x) => x.month === month);
  assert.ok(b, `no bill ${month} for ${consumerNo}`);
  return b.id;
}

const outboxFor = (id: number) =>
  t.database.db
    .selectFrom("outbox_sms")
    .select(["dedup_key", "recipient", "language", "urgent", "body"])
    .where("related_type", "=", "bill")
    .where("related_id", "=", id)
    .orderBy("id")
    .execute();

test("a bill's state follows the payments since its issue and its due date", () => {
  assert.equal(paise("1245.5"), 124550);
  assert.equal(paise("0.07"), 7);
  const b = (amount: string, paid: string, due = "2026-12-10") =>
    billStatus({ amount, dueDate: due, paidSinceIssue: paid }, "2026-11-21").status;
  assert.equal(b("100.00", "100.00"), "paid");
  assert.equal(b("100.00", "250.00"), "paid");
  assert.equal(b("100.00", "99.99"), "partial");
  assert.equal(b("100.00", "0"), "unpaid");
  assert.equal(b("100.00", "40", "2026-11-20"), "overdue");
  assert.equal(b("100.00", "0", "2026-11-21"), "unpaid");
});

describe(`[${driverName}] bills on the consumer card`, () => {
  test("the agent sees the last bills, newest first, with status, link and SMS", async () => {
    const res = await get("7001000001", agent);
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.today, "2026-11-21");
    assert.equal(body.canResend, true);
    assert.deepEqual(body.smsMobile, { mobile: "9926000001", language: "en" });
    assert.deepEqual(
      body.bills.map((b: Record<string, unknown>) => [b.month, b.amount, b.dueDate, b.status, b.paymentLink]),
      [
        ["2026-11", 1245.5, "2026-12-10", "unpaid", "https://pay.t.in/b/Nov1"],
        ["2026-10", 812.4, "2026-11-15", "overdue", "https://pay.t.in/b/Oct1"],
      ],
    );
    // Only the November bill was still due when it was loaded: it alone was texted.
    assert.equal(body.bills[0].sms.count, 1);
    assert.equal(body.bills[0].sms.lastStatus, "pending");
    assert.equal(body.bills[1].sms, null);
  });

  test("an agent of another DC gets a 404, as for the consumer card; a viewer reads but may not resend", async () => {
    const other = await get("7001000001", agentDc2);
    assert.equal(other.statusCode, 404);
    assert.equal(
      (await t.request({ method: "GET", url: "/api/consumers/7001000001", cookie: agentDc2 })).statusCode,
      404,
    );
    const id = await billId("7001000001", "2026-11");
    assert.equal((await resend("7001000001", id, agentDc2)).statusCode, 404);
    const v = await get("7001000001", viewer);
    assert.equal(v.statusCode, 200);
    assert.equal(v.json().canResend, false);
    assert.equal((await resend("7001000001", id, viewer)).statusCode, 403);
    assert.equal((await get("7001999999", agent)).statusCode, 404);
  });
});

describe(`[${driverName}] sending a bill again`, () => {
  test("each resend queues a new, urgent SMS to the verified mobile; the fourth in a day is a 429", async () => {
    const id = await billId("7001000001", "2026-11");
    const before = (await outboxFor(id)).length;
    for (let i = 1; i <= 3; i++) {
      const r = await resend("7001000001", id, agent);
      assert.equal(r.statusCode, 201, r.body);
      assert.deepEqual(r.json(), {
        mobile: "9926000001",
        language: "en",
        queuedAt: clock().toISOString(),
        resendsLeft: 3 - i,
      });
      clock.advance(60_000);
    }
    const sms = await outboxFor(id);
    assert.equal(sms.length, before + 3);
    assert.deepEqual(
      sms.slice(-3).map((s) => [s.dedup_key, s.recipient, s.urgent]),
      [1, 2, 3].map((n) => [`bill:${id}:resend:${n}`, "9926000001", true]),
    );
    assert.equal(
      sms.at(-1)?.body,
      "Electricity bill Nov 2026 for 7001000001: Rs 1,245.50, due 10 Dec 2026. Pay online: https://pay.t.in/b/Nov1 - T",
    );

    const fourth = await resend("7001000001", id, agent);
    assert.equal(fourth.statusCode, 429);
    assert.match(fourth.json().message, /already sent again 3 times in the last 24 hours/);
    assert.ok(Number(fourth.headers["retry-after"]) > 0);
    assert.equal((await outboxFor(id)).length, before + 3);

    const card = (await get("7001000001", agent)).json();
    assert.equal(card.bills[0].resendsToday, 3);
    // A day after the first resend, one more is allowed.
    clock.advance(86_400_000 - 3 * 60_000 + 1000);
    agent = await t.signIn(agentLogin);
    assert.equal((await resend("7001000001", id, agent)).statusCode, 201);
    const trail = await t.database.db
      .selectFrom("bill_resends")
      .select(["mobile", "actor_kind", "actor_name"])
      .where("bill_id", "=", id)
      .execute();
    assert.equal(trail.length, 4);
    assert.deepEqual(trail[0], { mobile: "9926000001", actor_kind: "user", actor_name: "Test agent" });
  });

  test("to another of his mobiles when named, in its language; a number that is not his is a 400", async () => {
    const id = await billId("7001000001", "2026-10");
    const r = await resend("7001000001", id, agent, { mobile: "+91 99260 00011" });
    assert.equal(r.statusCode, 201, r.body);
    assert.equal(r.json().language, "hi");
    const last = (await outboxFor(id)).at(-1);
    assert.equal(last?.recipient, "9926000011");
    assert.match(last?.body ?? "", /^बिजली बिल अक्टू॰ 2026, उपभोक्ता 7001000001: रु 812\.40/);
    const wrong = await resend("7001000001", id, agent, { mobile: "9000000000" });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().field, "mobile");
    const bad = await resend("7001000001", id, agent, { mobile: "12345" });
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().field, "mobile");
  });

  test("a consumer without a verified mobile is a 409; a bill of another consumer a 404", async () => {
    const id = await billId("7001000002", "2026-11");
    const r = await resend("7001000002", id, agent);
    assert.equal(r.statusCode, 409);
    assert.equal(r.json().field, "mobile");
    assert.match(r.json().message, /no verified mobile/);
    assert.equal((await outboxFor(id)).length, 0);
    const his = await billId("7001000001", "2026-11");
    assert.equal((await resend("7001000002", his, agent, { mobile: "9926000002" })).statusCode, 404);
  });
});
