import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { buildConsumer, buildOrgTree, buildUser, type Tree } from "../../../test/factories.ts";
import { createTestApp, type TestApp } from "../../../test/helpers/app.ts";
import { driverName } from "../../../test/helpers/db.ts";
import { fixedClock } from "../../lib/clock.ts";
import { DeliveryRepository } from "./delivery.repository.ts";
import { SmsDispatcher } from "./dispatcher.ts";
import { LogGateway } from "./gateways/log.gateway.ts";
import {
  declaredVariables,
  renderSms,
  SMS_TEMPLATES,
  type SmsTemplate,
  templateProblems,
} from "./sms-templates.ts";

const clock = fixedClock("2026-11-28T14:00:00+05:30");
let t: TestApp;
let tree: Tree;
let admin: string;
let agent: string;
let agentOther: string;

before(async () => {
  t = await createTestApp({ clock });
  tree = await buildOrgTree(t.repos);
  await buildUser(t.repos, tree, { login: "tpl.admin", role: "admin" });
  await buildUser(t.repos, tree, { login: "tpl.agent", role: "agent", orgCode: "TDC1" });
  await buildUser(t.repos, tree, { login: "tpl.agent2", role: "agent", orgCode: "TDC2" });
  admin = await t.signIn("tpl.admin");
  agent = await t.signIn("tpl.agent");
  agentOther = await t.signIn("tpl.agent2");
});
after(async () => {
  await t?.close();
});

/** Sends what is due with the log gateway (it marks messages sent, as `npm start` does). */
async function dispatchOnce() {
  const repo = new DeliveryRepository(t.database.db);
  const dispatcher = new SmsDispatcher(repo, new LogGateway(), clock, { ratePerSecond: 0, idleMs: 20 });
  await dispatcher.start();
  // Until the queue is drained, however long a loaded machine takes: stopping early would leave
  // messages unsent and fail the assertions after for the wrong reason.
  const deadline = Date.now() + 60_000;
  for (;;) {
    const pending = await t.database.db
      .selectFrom("outbox_sms")
      .select("id")
      .where("status", "in", ["pending", "sending"])
      .where("next_attempt_at", "is", null)
      .executeTakeFirst();
    if (!pending) break;
    if (Date.now() > deadline) throw new Error("the SMS queue did not drain");
    await new Promise((r) => setTimeout(r, 20));
  }
  await dispatcher.stop();
}

describe("SMS template texts", () => {
  test("every template is installed in both languages, as in the code, with exactly its variables", async () => {
    const rows = await t.database.db.selectFrom("sms_templates").selectAll().execute();
    for (const code of Object.keys(SMS_TEMPLATES) as SmsTemplate[]) {
      for (const l of ["en", "hi"] as const) {
        const row = rows.find((r) => r.code === code && r.language === l);
        assert.ok(row, `${code}/${l} is in sms_templates`);
        assert.equal(row.body, SMS_TEMPLATES[code][l], `${code}/${l} seeded as in the code`);
        assert.deepEqual(templateProblems(code, row.body), [], `${code}/${l} uses its variables`);
        assert.match(row.dlt_template_id, /^\d{19}$/);
      }
      // The Hindi text supplies the same variables as the English one.
      assert.deepEqual(
        [...declaredVariables(code)].sort(),
        [...new Set([...SMS_TEMPLATES[code].hi.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort(),
      );
      // The sample fills the template within the DLT limit.
      assert.doesNotThrow(() => renderSms(code, "hi", SMS_TEMPLATES[code].sample as Record<string, string>));
    }
  });

  test("problems: unknown, missing variables and stray braces are named", () => {
    assert.deepEqual(templateProblems("complaint_resolved", "Complaint {number} done. - {company}"), []);
    assert.deepEqual(templateProblems("complaint_resolved", "Complaint {numbr} done. - {company}"), [
      "unknown variable {numbr}",
      "missing variable {number}",
    ]);
    assert.deepEqual(templateProblems("complaint_resolved", "Complaint {number} done {. - {company}"), [
      "a { or } that is not part of a {variable}",
    ]);
  });

  test("a link longer than 30 characters is refused, never clipped; other values are clipped", () => {
    assert.throws(
      () =>
        renderSms("bill_issued", "en", {
          ...(SMS_TEMPLATES.bill_issued.sample as Record<string, string>),
          link: "https://pay.example.com/bills/7001000001/2026-11",
        }),
      /\{link\} is 48 characters; DLT allows 30/,
    );
    const r = renderSms("outage_notice", "en", {
      area: "A very long feeder name that goes on and on",
      since: "x",
      etr: "y",
      company: "Z",
    });
    assert.equal(r.variables.area?.length, 30);
    assert.ok(r.variables.area?.endsWith("…"));
  });
});

describe(`[${driverName}] template editing`, () => {
  test("the admin lists templates with their DLT ids; an agent may not", async () => {
    const res = await t.request({ method: "GET", url: "/api/sms/templates", cookie: admin });
    assert.equal(res.statusCode, 200);
    const items = res.json().items as {
      code: string;
      variables: string[];
      languages: Record<string, unknown>;
    }[];
    const notice = items.find((i) => i.code === "outage_notice");
    assert.deepEqual(notice?.variables, ["area", "since", "etr", "company"]);
    assert.ok(notice?.languages.hi && notice.languages.en);
    const refused = await t.request({ method: "GET", url: "/api/sms/templates", cookie: agent });
    assert.equal(refused.statusCode, 403);
  });

  test("samples are this DISCOM's own: its signature, its DT and DC, links on its address; never another company's", async () => {
    const res = await t.request({ method: "GET", url: "/api/sms/templates", cookie: admin });
    const items = res.json().items as { code: string; sample: Record<string, string> }[];
    const all = JSON.stringify(items.map((i) => i.sample));
    assert.doesNotMatch(all, /UPPCL|uppcl|LKO|mpez/, "no other company's sample");
    const notice = items.find((i) => i.code === "outage_notice");
    assert.equal(notice?.sample.company, "T", "the company's code signs its SMS");
    assert.equal(notice?.sample.area, "Station Road DT 1", "a DT of its own network");
    const track = items.find((i) => i.code === "complaint_track_link");
    assert.match(track?.sample.link ?? "", /^localhost:\d+\/t\/|^http:\/\/localhost/);
    const p = await t.request({
      method: "POST",
      url: "/api/sms/templates/outage_restored/preview",
      cookie: admin,
      payload: { body: SMS_TEMPLATES.outage_restored.en },
    });
    assert.match(p.json().text, /\(Station Road DT 1\).*- T$/);
  });

  test("the preview tells the encoding and the number of parts", async () => {
    const hi = await t.request({
      method: "POST",
      url: "/api/sms/templates/outage_notice/preview",
      cookie: admin,
      payload: { body: SMS_TEMPLATES.outage_notice.hi },
    });
    assert.equal(hi.statusCode, 200);
    const p = hi.json();
    assert.equal(p.encoding, "ucs2");
    assert.equal(p.parts, Math.ceil(p.characters / 67));
    assert.deepEqual(p.problems, []);
    assert.match(p.dltText, /\{#var#\}/);
    assert.ok(!p.text.includes("{"), "filled with the sample values");

    const en = await t.request({
      method: "POST",
      url: "/api/sms/templates/complaint_resolved/preview",
      cookie: admin,
      payload: { body: "Complaint {number} is fixed. - {company}", sample: { number: "X".repeat(31) } },
    });
    const e = en.json();
    assert.equal(e.encoding, "gsm7");
    assert.equal(e.parts, 1);
    assert.deepEqual(e.problems, ["{number} is 31 characters; DLT allows 30"]);
  });

  test("save refuses an unknown or missing variable and a value over 30 characters, with the reason", async () => {
    const unknown = await t.request({
      method: "PUT",
      url: "/api/sms/templates/complaint_resolved/en",
      cookie: admin,
      payload: { body: "Complaint {number} for {name} is resolved. - {company}" },
    });
    assert.equal(unknown.statusCode, 400);
    assert.equal(unknown.json().field, "body");
    assert.match(unknown.json().message, /unknown variable \{name\}/);

    const missing = await t.request({
      method: "PUT",
      url: "/api/sms/templates/complaint_resolved/en",
      cookie: admin,
      payload: { body: "Your complaint is resolved. - {company}" },
    });
    assert.equal(missing.statusCode, 400);
    assert.match(missing.json().message, /missing variable \{number\}/);

    const long = await t.request({
      method: "PUT",
      url: "/api/sms/templates/complaint_resolved/en",
      cookie: admin,
      payload: { body: "Complaint {number} is resolved. - {company}", sample: { company: "C".repeat(31) } },
    });
    assert.equal(long.statusCode, 400);
    assert.equal(long.json().field, "sample");
    assert.match(long.json().message, /\{company\} is 31 characters/);

    const badId = await t.request({
      method: "PUT",
      url: "/api/sms/templates/complaint_resolved/en",
      cookie: admin,
      payload: { body: "Complaint {number} is resolved. - {company}", dltTemplateId: "12ab" },
    });
    assert.equal(badId.statusCode, 400);
    assert.equal(badId.json().field, "dltTemplateId");

    const row = await t.database.db
      .selectFrom("sms_templates")
      .select("body")
      .where("code", "=", "complaint_resolved")
      .where("language", "=", "en")
      .executeTakeFirstOrThrow();
    assert.equal(row.body, SMS_TEMPLATES.complaint_resolved.en, "nothing changed");
  });

  test("an edited text is what goes, even for messages queued before the edit", async () => {
    await buildConsumer(t.repos, tree, {
      consumerNo: "7100000001",
      mobiles: [{ mobile: "9826100001", verified: true, language: "en" }],
    });
    const queued = renderSms("complaint_resolved", "en", { number: "TDC1-1", company: "T" });
    await t.repos.outbox.enqueue([
      {
        dedupKey: "tpl:edit:1",
        recipient: "9826100001",
        language: "en",
        template: "complaint_resolved",
        variables: queued.variables,
        body: queued.body,
        urgent: false,
        relatedType: "test",
        relatedId: 1,
        createdAt: clock(),
      },
    ]);
    const saved = await t.request({
      method: "PUT",
      url: "/api/sms/templates/complaint_resolved/en",
      cookie: admin,
      payload: {
        body: "Good news: complaint {number} is fixed. Still a problem? Call 1912. - {company}",
        dltTemplateId: "1107999999999999999",
      },
    });
    assert.equal(saved.statusCode, 200, saved.body);
    assert.equal(saved.json().languages.en.updatedBy, "tpl.admin");
    await dispatchOnce();
    const sent = await t.database.db
      .selectFrom("outbox_sms")
      .select(["status", "body"])
      .where("dedup_key", "=", "tpl:edit:1")
      .executeTakeFirstOrThrow();
    assert.equal(sent.status, "sent");
    assert.equal(sent.body, "Good news: complaint TDC1-1 is fixed. Still a problem? Call 1912. - T");
  });

  test("a message whose values cannot fill the current text fails with the reason", async () => {
    await t.repos.outbox.enqueue([
      {
        dedupKey: "tpl:broken:1",
        recipient: "9826100001",
        language: "en",
        template: "complaint_resolved",
        variables: { company: "T" },
        body: "Complaint ? is resolved. - T",
        urgent: false,
        relatedType: "test",
        relatedId: 2,
        createdAt: clock(),
      },
    ]);
    await dispatchOnce();
    const r = await t.database.db
      .selectFrom("outbox_sms")
      .select(["status", "error"])
      .where("dedup_key", "=", "tpl:broken:1")
      .executeTakeFirstOrThrow();
    assert.equal(r.status, "failed");
    assert.match(r.error ?? "", /needs \{number\}/);
  });
});

describe(`[${driverName}] mobile registration with a code`, () => {
  async function lastCode(mobile: string): Promise<string> {
    const r = await t.database.db
      .selectFrom("outbox_sms")
      .select(["variables", "template", "urgent"])
      .where("recipient", "=", mobile)
      .where("template", "=", "mobile_otp")
      .orderBy("id", "desc")
      .executeTakeFirstOrThrow();
    assert.equal(r.urgent, true);
    return (r.variables as Record<string, string>).otp as string;
  }

  test("an agent adds a mobile; it gets notices only after the code is read back", async () => {
    await buildConsumer(t.repos, tree, { consumerNo: "7100000002", mobiles: [] });
    const start = await t.request({
      method: "POST",
      url: "/api/consumers/7100000002/mobiles",
      cookie: agent,
      payload: { mobile: "+91 98261 00002", language: "hi" },
    });
    assert.equal(start.statusCode, 201, start.body);
    const { verificationId, mobile } = start.json();
    assert.equal(mobile, "9826100002");
    const before = await t.repos.consumers.mobilesOf(
      Number(
        (
          await t.database.db
            .selectFrom("consumers")
            .select("id")
            .where("consumer_no", "=", "7100000002")
            .executeTakeFirstOrThrow()
        ).id,
      ),
    );
    assert.deepEqual(before, [], "not on record until verified");
    const code = await lastCode("9826100002");
    assert.match(code, /^\d{6}$/);
    const body = (
      await t.database.db
        .selectFrom("outbox_sms")
        .select("body")
        .where("dedup_key", "=", `otp:${verificationId}`)
        .executeTakeFirstOrThrow()
    ).body;
    assert.ok(body.includes(code) && body.includes("7100000002") && body.includes("मिनट"), "Hindi code SMS");

    const wrong = await t.request({
      method: "POST",
      url: "/api/consumers/7100000002/mobiles/verify",
      cookie: agent,
      payload: { verificationId, code: code === "000000" ? "111111" : "000000" },
    });
    assert.equal(wrong.statusCode, 400);
    assert.equal(wrong.json().field, "code");
    assert.match(wrong.json().message, /4 tries left/);

    const ok = await t.request({
      method: "POST",
      url: "/api/consumers/7100000002/mobiles/verify",
      cookie: agent,
      payload: { verificationId, code },
    });
    assert.equal(ok.statusCode, 200, ok.body);
    const card = await t.request({ method: "GET", url: "/api/consumers/7100000002", cookie: agent });
    assert.deepEqual(
      card.json().mobiles.map((m: { mobile: string; verified: boolean }) => [m.mobile, m.verified]),
      [["9826100002", true]],
    );
    const again = await t.request({
      method: "POST",
      url: "/api/consumers/7100000002/mobiles/verify",
      cookie: agent,
      payload: { verificationId, code },
    });
    assert.equal(again.statusCode, 409, "a code works once");
  });

  test("changing a number replaces the old one once the new one is verified", async () => {
    await buildConsumer(t.repos, tree, {
      consumerNo: "7100000003",
      mobiles: [{ mobile: "9826100003", verified: true, language: "en" }],
    });
    const start = await t.request({
      method: "POST",
      url: "/api/consumers/7100000003/mobiles",
      cookie: agent,
      payload: { mobile: "9826100033", language: "en", replaces: "9826100003" },
    });
    assert.equal(start.statusCode, 201, start.body);
    const card1 = await t.request({ method: "GET", url: "/api/consumers/7100000003", cookie: agent });
    assert.deepEqual(
      card1.json().mobiles.map((m: { mobile: string }) => m.mobile),
      ["9826100003"],
      "the old number keeps its notices until the new one is verified",
    );
    const code = await lastCode("9826100033");
    const ok = await t.request({
      method: "POST",
      url: "/api/consumers/7100000003/mobiles/verify",
      cookie: agent,
      payload: { verificationId: start.json().verificationId, code },
    });
    assert.equal(ok.json().replaced, "9826100003");
    const card2 = await t.request({ method: "GET", url: "/api/consumers/7100000003", cookie: agent });
    assert.deepEqual(
      card2.json().mobiles.map((m: { mobile: string; verified: boolean }) => [m.mobile, m.verified]),
      [["9826100033", true]],
    );
  });

  test("bad input: a malformed mobile is refused and nothing is sent; another DC's consumer is unknown", async () => {
    await buildConsumer(t.repos, tree, { consumerNo: "7100000004", mobiles: [] });
    for (const m of ["12345", "5826100004", "98261000041", "abcdefghij"]) {
      const res = await t.request({
        method: "POST",
        url: "/api/consumers/7100000004/mobiles",
        cookie: agent,
        payload: { mobile: m, language: "en" },
      });
      assert.equal(res.statusCode, 400, m);
      assert.equal(res.json().field, "mobile");
    }
    const queued = await t.database.db
      .selectFrom("outbox_sms")
      .select("id")
      .where("template", "=", "mobile_otp")
      .where("related_id", "=", 0)
      .execute();
    assert.equal(queued.length, 0);
    const other = await t.request({
      method: "POST",
      url: "/api/consumers/7100000004/mobiles",
      cookie: agentOther,
      payload: { mobile: "9826100004", language: "en" },
    });
    assert.equal(other.statusCode, 404);
  });

  test("codes are rate-limited per mobile; an expired code is refused with 410; five wrong tries close it", async () => {
    await buildConsumer(t.repos, tree, { consumerNo: "7100000005", mobiles: [] });
    const send = () =>
      t.request({
        method: "POST",
        url: "/api/consumers/7100000005/mobiles",
        cookie: agent,
        payload: { mobile: "9826100005", language: "en" },
      });
    const first = await send();
    assert.equal(first.statusCode, 201);
    assert.equal((await send()).statusCode, 201);
    const third = await send();
    assert.equal(third.statusCode, 201);
    const fourth = await send();
    assert.equal(fourth.statusCode, 429);
    assert.ok(fourth.headers["retry-after"]);
    const sent = await t.database.db
      .selectFrom("outbox_sms")
      .select("id")
      .where("recipient", "=", "9826100005")
      .execute();
    assert.equal(sent.length, 3, "no fourth SMS");

    // The first code was superseded by the later ones.
    const superseded = await t.request({
      method: "POST",
      url: "/api/consumers/7100000005/mobiles/verify",
      cookie: agent,
      payload: { verificationId: first.json().verificationId, code: await lastCode("9826100005") },
    });
    assert.equal(superseded.statusCode, 409);

    const code = await lastCode("9826100005");
    clock.advance(11 * 60_000);
    const expired = await t.request({
      method: "POST",
      url: "/api/consumers/7100000005/mobiles/verify",
      cookie: agent,
      payload: { verificationId: third.json().verificationId, code },
    });
    assert.equal(expired.statusCode, 410);
    clock.advance(30 * 60_000);

    const fresh = await send();
    assert.equal(fresh.statusCode, 201);
    const good = await lastCode("9826100005");
    const bad = good === "000000" ? "111111" : "000000";
    const codes: number[] = [];
    for (let i = 0; i < 6; i++) {
      const r = await t.request({
        method: "POST",
        url: "/api/consumers/7100000005/mobiles/verify",
        cookie: agent,
        payload: { verificationId: fresh.json().verificationId, code: bad },
      });
      codes.push(r.statusCode);
    }
    assert.deepEqual(codes, [400, 400, 400, 400, 429, 409]);

    // Guesses sent all at once get no more than the five tries either.
    clock.advance(31 * 60_000);
    const again = await send();
    assert.equal(again.statusCode, 201);
    const right = await lastCode("9826100005");
    const wrongCode = right === "000000" ? "111111" : "000000";
    const burst = await Promise.all(
      Array.from({ length: 8 }, () =>
        t.request({
          method: "POST",
          url: "/api/consumers/7100000005/mobiles/verify",
          cookie: agent,
          payload: { verificationId: again.json().verificationId, code: wrongCode },
        }),
      ),
    );
    assert.equal(burst.filter((r) => r.statusCode === 400).length, 4, "four wrong tries answered as wrong");
    const tries = await t.database.db
      .selectFrom("mobile_verifications")
      .select("attempts")
      .where("id", "=", again.json().verificationId)
      .executeTakeFirstOrThrow();
    assert.equal(tries.attempts, 5);
    const late = await t.request({
      method: "POST",
      url: "/api/consumers/7100000005/mobiles/verify",
      cookie: agent,
      payload: { verificationId: fresh.json().verificationId, code: good },
    });
    assert.notEqual(late.statusCode, 200, "the right code after five wrong ones does not verify");
  });

  test("the verified share per DC, and the outbox screen scoped and with codes hidden", async () => {
    // The figures are as the job last counted them.
    await t.services.mobiles.countCoverage();
    const cov = await t.request({ method: "GET", url: "/api/sms/mobile-coverage", cookie: admin });
    assert.equal(cov.statusCode, 200);
    const rows = cov.json().items as { dcCode: string; consumers: number; verified: number }[];
    const counted = await t.database.db
      .selectFrom("consumers as c")
      .innerJoin("org_units as u", "u.id", "c.dc_id")
      .select((eb) => [
        "u.code",
        eb.fn.countAll<number>().as("n"),
        eb.fn
          .count<number>("c.id")
          .filterWhere(
            eb.exists(
              eb
                .selectFrom("consumer_mobiles as m")
                .select("m.mobile")
                .whereRef("m.consumer_id", "=", "c.id")
                .where("m.verified", "=", true),
            ),
          )
          .as("v"),
      ])
      .where("c.connection_status", "=", "active")
      .groupBy("u.code")
      .execute();
    for (const c of counted) {
      const r = rows.find((x) => x.dcCode === c.code);
      assert.equal(r?.consumers, Number(c.n));
      assert.equal(r?.verified, Number(c.v));
    }
    assert.equal(cov.json().countedAt, clock().toISOString());
    const tdc1 = rows.find((r) => r.dcCode === "TDC1");
    assert.ok(tdc1 && tdc1.verified >= 2 && tdc1.verified < tdc1.consumers, JSON.stringify(rows));

    const sup = await buildUser(t.repos, tree, { login: "tpl.sup2", role: "supervisor", orgCode: "TDC2" });
    const supCookie = await t.signIn(sup.login);
    const scoped = await t.request({
      method: "GET",
      url: "/api/sms/outbox?template=mobile_otp",
      cookie: supCookie,
    });
    assert.equal(scoped.statusCode, 200);
    assert.equal(scoped.json().items.length, 0, "codes for TDC1's consumers are not TDC2's business");

    const all = await t.request({
      method: "GET",
      url: "/api/sms/outbox?template=mobile_otp&limit=2",
      cookie: admin,
    });
    assert.equal(all.statusCode, 200);
    const page = all.json();
    assert.equal(page.items.length, 2);
    assert.ok(page.nextBefore);
    assert.ok(
      page.items.every((i: { body: string }) => i.body.includes("••••••") && !/\b\d{6}\b/.test(i.body)),
    );
    assert.ok(page.last24h.pending >= 1 || page.last24h.sent >= 1);
    const next = await t.request({
      method: "GET",
      url: `/api/sms/outbox?template=mobile_otp&limit=2&before=${page.nextBefore}`,
      cookie: admin,
    });
    assert.ok(next.json().items.every((i: { id: number }) => i.id < page.nextBefore));
    const agentOutbox = await t.request({ method: "GET", url: "/api/sms/outbox", cookie: agent });
    assert.equal(agentOutbox.statusCode, 403);
  });
});
