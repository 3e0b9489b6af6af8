import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildOrgTree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";

const clock = fixedClock("2026-12-06T10:00:00+05:30");
let t: TestApp;
let ipSeq = 0;
/** A fresh client address per test: the per-address limits stay out of the way unless tested. */
const ip = () => `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`;

before(async () => {
  t = await createTestApp({ clock });
  await buildOrgTree(t.repos);
});
after(async () => t?.close());

async function codes(mobile: string) {
  const rows = await t.database.db
    .selectFrom("outbox_sms")
    .select(["variables", "language"])
    .where("template", "=", "connection_apply_otp")
    .where("recipient", "=", mobile)
    .orderBy("id", "desc")
    .execute();
  return rows.map((r) => {
    const v = typeof r.variables === "string" ? JSON.parse(r.variables) : r.variables;
    return { otp: (v as Record<string, string>).otp as string, language: r.language };
  });
}

async function askCode(mobile: string, from = ip(), language: "hi" | "en" = "hi") {
  return t.request({
    method: "POST",
    url: "/api/portal/connections/code",
    payload: { mobile, language },
    remoteAddress: from,
  });
}

function form(mobile: string, code: string, overrides: Record<string, unknown> = {}) {
  return {
    mobile,
    code,
    applicantName: "Sunita Devi",
    address: "H.No. 7, Gandhi Chowk, Ward 5",
    dcCode: "TDC1",
    category: "domestic",
    loadKw: 2,
    language: "hi",
    ...overrides,
  };
}

async function apply(payload: object, from = ip()) {
  return t.request({ method: "POST", url: "/api/portal/connections", payload, remoteAddress: from });
}

describe(`[${driverName}] applying for a new connection on the portal`, () => {
  test("a code is sent for each request within the limit, then 429; the answer says nothing else", async () => {
    const mobile = "9827101001";
    for (let i = 0; i < 3; i++) {
      const r = await askCode(mobile);
      assert.equal(r.statusCode, 202, r.body);
      assert.deepEqual(r.json(), { sent: true });
    }
    assert.equal((await askCode(mobile)).statusCode, 429);
    assert.equal((await codes(mobile)).length, 3);
    assert.equal((await askCode("12345", ip())).statusCode, 400);
  });

  test("codes asked concurrently for one mobile: exactly the limit is sent", async () => {
    const mobile = "9827101002";
    const res = await Promise.all(Array.from({ length: 12 }, () => askCode(mobile)));
    assert.equal(res.filter((r) => r.statusCode === 202).length, 3, res.map((r) => r.statusCode).join(","));
    assert.equal((await codes(mobile)).length, 3);
  });

  test("a wrong code counts its tries and the code dies at the limit", async () => {
    const mobile = "9827101003";
    await askCode(mobile);
    const [sent] = await codes(mobile);
    assert.ok(sent);
    const wrong = sent.otp === "000000" ? "111111" : "000000";
    for (let i = 0; i < 5; i++) {
      const r = await apply(form(mobile, wrong));
      assert.equal(r.statusCode, 400);
      assert.equal(r.json().field, "code");
    }
    const late = await apply(form(mobile, sent.otp));
    assert.equal(late.statusCode, 400, "the right code after 5 wrong tries is refused");
    assert.equal(late.json().field, "code");
  });

  test("an expired code is refused", async () => {
    const mobile = "9827101004";
    await askCode(mobile);
    const [sent] = await codes(mobile);
    clock.advance(11 * 60_000);
    const r = await apply(form(mobile, sent?.otp ?? ""));
    assert.equal(r.statusCode, 400);
    assert.equal(r.json().field, "code");
  });

  test("a right code makes one verified portal application, its SMS queued; the code is used once", async () => {
    const mobile = "9827101005";
    await askCode(mobile, ip(), "en");
    const [sent] = await codes(mobile);
    assert.equal(sent?.language, "en");
    const res = await Promise.all(
      Array.from({ length: 5 }, () => apply(form(mobile, sent?.otp ?? "", { language: "en" }))),
    );
    const made = res.filter((r) => r.statusCode === 201);
    assert.equal(made.length, 1, res.map((r) => `${r.statusCode} ${r.body}`).join("\n"));
    assert.ok(res.filter((r) => r.statusCode !== 201).every((r) => r.statusCode === 400));
    const body = made[0]?.json();
    assert.equal(body.created, true);
    assert.equal(body.status, "applied");
    assert.match(body.nextStep.en, /documents/i);
    assert.ok(body.nextStep.hi.length > 0);
    const rows = await t.database.db
      .selectFrom("connection_applications")
      .select(["id", "number", "source", "mobile_verified", "language"])
      .where("mobile", "=", mobile)
      .execute();
    assert.equal(rows.length, 1);
    assert.equal(rows[0]?.number, body.number);
    assert.equal(rows[0]?.source, "portal");
    assert.equal(rows[0]?.mobile_verified, true);
    const sms = await t.database.db
      .selectFrom("outbox_sms")
      .select(["template", "language"])
      .where("related_type", "=", "connection_application")
      .where("related_id", "=", rows[0]?.id as number)
      .execute();
    assert.deepEqual(sms, [{ template: "connection_applied", language: "en" }]);
    const again = await apply(form(mobile, sent?.otp ?? ""));
    assert.equal(again.statusCode, 400);
  });

  test("the same mobile and address again within 30 days: the existing application's number, no second one", async () => {
    const mobile = "9827101006";
    await askCode(mobile);
    const first = await apply(form(mobile, (await codes(mobile))[0]?.otp ?? ""));
    assert.equal(first.statusCode, 201, first.body);
    clock.advance(60_000);
    await askCode(mobile);
    const second = await apply(
      form(mobile, (await codes(mobile))[0]?.otp ?? "", { address: "h.no. 7,  Gandhi Chowk, Ward 5" }),
    );
    assert.equal(second.statusCode, 200, second.body);
    assert.equal(second.json().created, false);
    assert.equal(second.json().number, first.json().number);
    const n = await t.database.db
      .selectFrom("connection_applications")
      .select("id")
      .where("mobile", "=", mobile)
      .execute();
    assert.equal(n.length, 1);
  });

  test("bad fields are 400 naming them; an unknown DC keeps the code for the corrected form", async () => {
    const mobile = "9827101007";
    await askCode(mobile);
    const otp = (await codes(mobile))[0]?.otp ?? "";
    const cases: [Record<string, unknown>, string][] = [
      [{ loadKw: 0 }, "loadKw"],
      [{ category: "palace" }, "category"],
      [{ pincode: "01234" }, "pincode"],
      [{ applicantName: "" }, "applicantName"],
      [{ mobile: "12345" }, "mobile"],
    ];
    for (const [bad, field] of cases) {
      const r = await apply(form(mobile, otp, bad));
      assert.equal(r.statusCode, 400, `${field}: ${r.body}`);
      assert.equal(r.json().field, field, r.body);
    }
    const noDc = await apply(form(mobile, otp, { dcCode: "NOPE9" }));
    assert.equal(noDc.statusCode, 400);
    assert.equal(noDc.json().field, "dcCode");
    const blank = await apply(form(mobile, otp, { applicantName: "   " }));
    assert.equal(blank.statusCode, 400);
    assert.equal(blank.json().field, "applicantName");
    const ok = await apply(form(mobile, otp));
    assert.equal(ok.statusCode, 201, ok.body);
  });
});
