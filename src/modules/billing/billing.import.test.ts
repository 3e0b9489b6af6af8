import assert from "node:assert/strict";
import { Readable } from "node:stream";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";
import { csvSource } from "../imports/csv-source.ts";
import type { Importer, RowError } from "../imports/import.types.ts";
import { runImport } from "../imports/runner.ts";
import { renderSms } from "../notifications/sms-templates.ts";
import { billsImporter } from "./bills.import.ts";
import { paymentsImporter } from "./payments.import.ts";

const clock = fixedClock("2026-11-20T11:00:00+05:30");
let t: TestApp;
let tree: Tree;
let agent: string;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildConsumer(t.repos, tree, {
    consumerNo: "5001000001",
    mobiles: [{ mobile: "9826000001", verified: true, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: "5001000002",
    mobiles: [
      { mobile: "9826000099", verified: false, language: "hi" },
      { mobile: "9826000002", verified: true, language: "en" },
    ],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: "5001000003",
    mobiles: [{ mobile: "9826000003", verified: false, language: "hi" }],
  });
  await buildConsumer(t.repos, tree, {
    consumerNo: "5002000001",
    dtCode: "TF2-T1",
    mobiles: [{ mobile: "9826000004", verified: true, language: "en" }],
  });
  agent = await t.signIn((await buildUser(t.repos, tree, { role: "agent", orgCode: "T" })).login);
});
after(async () => t?.close());

async function load(importer: Importer<unknown>, csv: string) {
  const src = csvSource(Readable.from([csv]));
  const errors: RowError[] = [];
  const summary = await runImport(importer, src.records, {
    header: src.header,
    onError: (e) => errors.push(e),
  });
  return { ...summary, errors };
}

const bills = (options: { sms?: boolean } = {}) =>
  billsImporter(t.repos.billing, t.repos.recipients, { clock, ...options }) as Importer<unknown>;
const payments = () => paymentsImporter(t.repos.billing, t.repos.recipients, { clock }) as Importer<unknown>;

async function outbox(template: string) {
  return t.database.db
    .selectFrom("outbox_sms")
    .select(["dedup_key", "recipient", "language", "body", "variables", "urgent", "related_id"])
    .where("template", "=", template)
    .orderBy("id")
    .execute();
}

async function billsApi(consumerNo: string) {
  const res = await t.request({ method: "GET", url: `/api/consumers/${consumerNo}/bills`, cookie: agent });
  assert.equal(res.statusCode, 200, res.body);
  return res.json() as {
    bills: {
      id: number;
      month: string;
      amount: number;
      status: string;
      paid: number;
      balance: number;
      version: number;
      paymentLink: string;
      payments: { reference: string }[];
    }[];
  };
}

const LONG_REF = "PAYTXN2026112000000000000000000077";

const NOV = `consumer_no,bill_month,amount,due_date,payment_link,bill_no
5001000001,2026-11,"1,245.50",15-12-2026,https://pay.mpez.in/b/x7Kq2,B-1001
5001000002,2026-11,980,2026-12-15,pay.mpez.in/b/Yy12,
5001000003,2026-11,1500.00,2026-12-15,https://pay.mpez.in/b/Zz9,
9999999999,2026-11,100,2026-12-15,https://pay.mpez.in/b/Qq1,
5001000001,2026-13,100,2026-12-15,https://pay.mpez.in/b/Qq2,
5001000002,2026-10,-50,2026-11-15,https://pay.mpez.in/b/Qq3,
5001000002,2026-09,0,2026-10-15,https://pay.mpez.in/b/Qq4,
5001000002,2026-08,100,2026-09-15,https://pay.mpez.in/bills/2026/08/5001000002,
5001000002,2026-07,100,31-02-2026,https://pay.mpez.in/b/Qq5,
5001000002,2026-06,"1,245.505",2026-07-15,https://pay.mpez.in/b/Qq6,
5001000002,2026-05,100,2026-04-30,https://pay.mpez.in/b/Qq7,
`;

describe(`[${driverName}] bills import`, () => {
  test("good rows are kept, bad ones reported by line and column; each new bill texts the first verified mobile", async () => {
    const r = await load(bills(), NOV);
    assert.deepEqual([r.inserted, r.updated, r.unchanged, r.rejected], [3, 0, 0, 8]);
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column]),
      [
        [6, "bill_month"],
        [7, "amount"],
        [8, "amount"],
        [9, "payment_link"],
        [10, "due_date"],
        [11, "amount"],
        [12, "due_date"],
        [5, "consumer_no"],
      ],
    );
    const long = r.errors.find((e) => e.line === 9);
    assert.match(
      long?.reason ?? "",
      /is 44 characters; an SMS variable may have 30 \(DLT\): use a short link/,
    );
    assert.match(r.errors.find((e) => e.line === 5)?.reason ?? "", /unknown consumer/);
    assert.equal(r.notes["bill SMS queued"], 2);

    const sms = await outbox("bill_issued");
    assert.deepEqual(
      sms.map((s) => [s.recipient, s.language, s.urgent]),
      [
        ["9826000001", "hi", false],
        ["9826000002", "en", false],
      ],
    );
    assert.match(sms[0]?.dedup_key ?? "", /^bill:\d+:v1$/);
    // The body built in SQL is what renderSms makes of the same values.
    assert.equal(
      sms[0]?.body,
      renderSms("bill_issued", "hi", {
        month: "नव॰ 2026",
        consumer: "5001000001",
        amount: "1,245.50",
        due: "15 दिस॰ 2026",
        link: "https://pay.mpez.in/b/x7Kq2",
        company: "T",
      }).body,
    );
    assert.equal(
      sms[1]?.body,
      "Electricity bill Nov 2026 for 5001000002: Rs 980.00, due 15 Dec 2026. Pay online: pay.mpez.in/b/Yy12 - T",
    );
    assert.deepEqual(sms[1]?.variables, {
      month: "Nov 2026",
      consumer: "5001000002",
      amount: "980.00",
      due: "15 Dec 2026",
      link: "pay.mpez.in/b/Yy12",
      company: "T",
    });
  });

  test("the same file again changes nothing and queues no second SMS", async () => {
    const before = (await outbox("bill_issued")).length;
    const r = await load(bills(), NOV);
    assert.deepEqual([r.inserted, r.updated, r.unchanged, r.rejected], [0, 0, 3, 8]);
    assert.equal((await outbox("bill_issued")).length, before);
  });

  test("a new amount revises the bill and texts again; a new link alone changes the bill without an SMS", async () => {
    const revised = await load(
      bills(),
      `consumer_no,bill_month,amount,due_date,payment_link,bill_no
5001000001,2026-11,1300,2026-12-15,https://pay.mpez.in/b/x7Kq2,B-1001
5001000002,2026-11,980,2026-12-15,pay.mpez.in/b/New1,
`,
    );
    assert.deepEqual([revised.inserted, revised.updated, revised.unchanged], [0, 2, 0]);
    assert.equal(revised.notes["bills revised (new amount or due date)"], 1);
    const sms = (await outbox("bill_issued")).filter((s) => s.recipient === "9826000001");
    assert.equal(sms.length, 2);
    assert.match(sms[1]?.dedup_key ?? "", /^bill:\d+:v2$/);
    assert.match(sms[1]?.body ?? "", /रु 1,300\.00/);
    assert.equal((await outbox("bill_issued")).filter((s) => s.recipient === "9826000002").length, 1);
    const card = await billsApi("5001000001");
    assert.deepEqual(
      card.bills.map((b) => [b.month, b.amount, b.version]),
      [["2026-11", 1300, 2]],
    );
    assert.equal((await billsApi("5001000002")).bills[0]?.paymentLink, "pay.mpez.in/b/New1");
  });

  test("a bill already past its due date, or loaded with sms off, texts nobody", async () => {
    const before = (await outbox("bill_issued")).length;
    const r = await load(
      bills(),
      `consumer_no,bill_month,amount,due_date,payment_link,bill_date
5001000001,2026-10,700,2026-11-15,https://pay.mpez.in/b/Oc1,2026-10-01
5001000003,2026-10,400,2026-11-15,https://pay.mpez.in/b/Oc3,01-10-2026
`,
    );
    assert.deepEqual([r.inserted, r.rejected], [2, 0]);
    assert.equal(r.notes["bills already past due (no SMS)"], 2);
    const quiet = await load(
      bills({ sms: false }),
      `consumer_no,bill_month,amount,due_date,payment_link
5002000001,2026-11,600,2026-12-15,https://pay.mpez.in/b/Tq1
`,
    );
    assert.deepEqual([quiet.inserted, quiet.notes["bill SMS queued"]], [1, 0]);
    assert.equal((await outbox("bill_issued")).length, before);
  });
});

describe(`[${driverName}] payments import`, () => {
  test("payments mark bills paid or partly paid and queue a receipt each; a re-run adds nothing", async () => {
    const csv = `consumer_no,amount,paid_at,reference,mode
5001000001,1300,2026-11-20 10:30,UPI4411902233,UPI
5001000002,500.00,20-11-2026,${LONG_REF},online
5001000003,200,2026-11-10T10:00:00+05:30,CTR-77,counter
5009999999,100,2026-11-19,X1,upi
5001000001,100,2026-11-25,FUT1,upi
5001000001,100,2026-11-19,BAD REF,upi
5001000001,0,2026-11-19,ZERO1,upi
`;
    const r = await load(payments(), csv);
    assert.deepEqual([r.inserted, r.rejected], [3, 4]);
    assert.deepEqual(
      r.errors.map((e) => [e.line, e.column]),
      [
        [6, "paid_at"],
        [7, "reference"],
        [8, "amount"],
        [5, "consumer_no"],
      ],
    );
    // The payment of 10 November came more than a week before the clock's 20th: no receipt.
    assert.equal(r.notes["receipt SMS queued"], 2);
    const receipts = await outbox("payment_received");
    assert.deepEqual(
      receipts.map((s) => [s.recipient, s.language]),
      [
        ["9826000001", "hi"],
        ["9826000002", "en"],
      ],
    );
    assert.match(receipts[0]?.dedup_key ?? "", /^payment:\d+$/);
    assert.equal(
      receipts[1]?.body,
      `Payment of Rs 500.00 for 5001000002 received on 20 Nov 2026, ref …${LONG_REF.slice(-29)}. Thank you. - T`,
    );
    assert.match(receipts[0]?.body ?? "", /रु 1,300\.00 का भुगतान 20 नव॰ 2026 को प्राप्त हुआ, संदर्भ UPI4411902233/);

    const one = await billsApi("5001000001");
    assert.deepEqual(
      one.bills.map((b) => [b.month, b.status, b.paid, b.balance]),
      [
        ["2026-11", "paid", 1300, 0],
        // The October bill was issued before the November payment, which covers it too.
        ["2026-10", "paid", 700, 0],
      ],
    );
    assert.deepEqual(
      one.bills[0]?.payments.map((p) => p.reference),
      ["UPI4411902233"],
    );
    const two = await billsApi("5001000002");
    assert.deepEqual(
      two.bills.map((b) => [b.month, b.status, b.paid, b.balance]),
      [["2026-11", "partial", 500, 480]],
    );
    const three = await billsApi("5001000003");
    assert.deepEqual(
      three.bills.map((b) => [b.month, b.status, b.paid]),
      [
        ["2026-11", "unpaid", 0],
        ["2026-10", "overdue", 200],
      ],
    );

    const again = await load(payments(), csv);
    assert.deepEqual([again.inserted, again.updated, again.unchanged, again.rejected], [0, 0, 3, 4]);
    assert.equal((await outbox("payment_received")).length, 2);

    // A reference is one payment: the same one for another consumer is refused.
    const taken = await load(
      payments(),
      `consumer_no,amount,paid_at,reference
5001000002,100,2026-11-20,UPI4411902233
`,
    );
    assert.deepEqual(
      taken.errors.map((e) => [e.line, e.column]),
      [[2, "reference"]],
    );
    assert.match(taken.errors[0]?.reason ?? "", /another consumer/);
  });

  test("a payment loaded before its bill is linked to it when the bill comes", async () => {
    await buildConsumer(t.repos, tree, { consumerNo: "5001000009" });
    await load(
      payments(),
      `consumer_no,amount,paid_at,reference,mode
5001000009,50,2026-11-20 09:00,EARLY-1,cash
`,
    );
    const r = await load(
      bills(),
      `consumer_no,bill_month,amount,due_date,payment_link,bill_date
5001000009,2026-12,50,2026-12-30,https://pay.mpez.in/b/De1,2026-11-20
`,
    );
    assert.equal(r.notes["earlier payments linked to their bill"], 1);
    const dec = await t.database.db
      .selectFrom("payments")
      .innerJoin("bills", "bills.id", "payments.bill_id")
      .select("bills.bill_month")
      .where("payments.reference", "=", "EARLY-1")
      .executeTakeFirst();
    assert.equal(dec?.bill_month, "2026-12-01");
  });

  test("several bills of one consumer in one file: an earlier payment goes to the latest bill issued before it", async () => {
    await buildConsumer(t.repos, tree, { consumerNo: "5001000010" });
    await load(
      payments(),
      `consumer_no,amount,paid_at,reference,mode
5001000010,700,2026-11-20 09:00,LINK-LATEST-1,upi
`,
    );
    await load(
      bills(),
      `consumer_no,bill_month,amount,due_date,payment_link,bill_date
5001000010,2026-09,600,2026-09-30,https://pay.mpez.in/b/S1,2026-09-05
5001000010,2026-10,650,2026-10-30,https://pay.mpez.in/b/O1,2026-10-05
5001000010,2026-11,700,2026-11-30,https://pay.mpez.in/b/N1,2026-11-05
`,
    );
    const linked = await t.database.db
      .selectFrom("payments")
      .innerJoin("bills", "bills.id", "payments.bill_id")
      .select("bills.bill_month")
      .where("payments.reference", "=", "LINK-LATEST-1")
      .executeTakeFirst();
    assert.equal(linked?.bill_month, "2026-11-01");
  });
});
