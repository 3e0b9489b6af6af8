import assert from "node:assert/strict";
import { after, before, beforeEach, describe, test } from "node:test";
import { buildConsumer, buildOrgTree } from "../../../test/factories.ts";
import { createTestDatabase, driverName } from "../../../test/helpers/db.ts";
import { type Submitted, TestSmsc } from "../../../test/helpers/smsc.ts";
import { until } from "../../../test/helpers/until.ts";
import type { Database } from "../../db/database.ts";
import { fixedClock } from "../../lib/clock.ts";
import { smsLayout } from "../../lib/sms-text.ts";
import { createRepositories, createServices, type Repositories, type Services } from "../registry.ts";
import { createDelivery } from "./delivery.ts";
import { SmppGateway, type SmppOptions } from "./gateways/smpp.gateway.ts";
import { parseInbound } from "./inbound.ts";
import { renderSms, type SmsTemplate } from "./sms-templates.ts";

// 14:00 IST: outside the quiet hours.
const clock = fixedClock("2026-11-28T14:00:00+05:30");
const ENTITY = "1201159100000000001";
let database: Database;
let repos: Repositories;
let services: Services;
let smsc: TestSmsc;
let delivery: ReturnType<typeof createDelivery> | undefined;
let seq = 0;

before(async () => {
  database = await createTestDatabase();
  repos = createRepositories(database);
  services = createServices(database, repos, { clock });
  const tree = await buildOrgTree(repos);
  await buildConsumer(repos, tree, {
    consumerNo: "7001000001",
    mobiles: [{ mobile: "9826011111", verified: true, language: "hi" }],
  });
  smsc = await new TestSmsc().start();
});
after(async () => {
  await delivery?.dispatcher.stop();
  await smsc?.stop();
  await services?.close();
  await database?.close();
});
beforeEach(() => {
  smsc.submitted.length = 0;
  smsc.throttleNext = 0;
  smsc.receipts = "DELIVRD";
});

async function startDelivery(rate = 0, url = smsc.url, gatewayOptions: Partial<SmppOptions> = {}) {
  await delivery?.dispatcher.stop();
  const gateway = new SmppGateway({
    url,
    entityId: ENTITY,
    window: 10,
    responseTimeoutMs: 5000,
    ...gatewayOptions,
  });
  delivery = createDelivery(database, gateway, services.complaints, clock, {
    ratePerSecond: rate,
    quietHours: { start: 21, end: 8 },
    timeZone: "Asia/Kolkata",
    idleMs: 50,
  });
  await delivery.dispatcher.start();
  return delivery;
}

/**
 * Queues a message: a plain text (under a template with no row, sent as it
 * is), or a template's values (rendered as the modules do, and again from
 * its row when sent).
 */
async function queue(
  recipient: string,
  content: string | { template: SmsTemplate; variables: Record<string, string> },
  options: { language?: "hi" | "en"; urgent?: boolean; dedupKey?: string } = {},
) {
  seq++;
  const language = options.language ?? "en";
  const rendered =
    typeof content === "string"
      ? { template: "test_plain", body: content, variables: {} }
      : { template: content.template, ...renderSms(content.template, language, content.variables) };
  return repos.outbox.enqueue([
    {
      dedupKey: options.dedupKey ?? `test:${seq}`,
      recipient,
      language,
      template: rendered.template,
      variables: rendered.variables,
      body: rendered.body,
      urgent: options.urgent ?? false,
      relatedType: "test",
      relatedId: seq,
      createdAt: clock(),
    },
  ]);
}

const row = (recipient: string) =>
  database.db
    .selectFrom("outbox_sms")
    .selectAll()
    .where("recipient", "=", recipient)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();

test("SMS text: GSM-7 or UCS-2, parts of 153 or 67, never splitting an escape", () => {
  assert.equal(smsLayout("Power is back. - MPEZ").encoding, "gsm7");
  assert.equal(smsLayout("a".repeat(160)).parts.length, 1);
  assert.equal(smsLayout("a".repeat(161)).parts.length, 2);
  assert.deepEqual(
    smsLayout("a".repeat(306)).parts.map((p) => p.length),
    [153, 153],
  );
  // "{" takes two septets: 151 letters and a brace fill the first part exactly;
  // after 152 letters the brace moves whole to the next part.
  assert.deepEqual(
    smsLayout(`${"a".repeat(151)}{${"b".repeat(10)}`).parts.map((p) => p.length),
    [152, 10],
  );
  assert.deepEqual(
    smsLayout(`${"a".repeat(152)}{${"b".repeat(10)}`).parts.map((p) => p.length),
    [152, 11],
  );
  const hindi = "बिजली आपूर्ति बाधित है। ".repeat(7).slice(0, 150);
  const l = smsLayout(hindi);
  assert.equal(l.encoding, "ucs2");
  assert.deepEqual(
    l.parts.map((p) => p.length),
    [67, 67, 16],
  );
  assert.equal(l.parts.join(""), hindi);
  assert.equal(smsLayout("क".repeat(70)).parts.length, 1);
});

test("inbound keywords: NOSUPPLY and its Hindi, STOP, START", () => {
  assert.deepEqual(parseInbound("nosupply 7001000001"), {
    kind: "no_supply",
    consumerNo: "7001000001",
    language: "en",
  });
  assert.deepEqual(parseInbound("NO SUPPLY  7001000001 "), {
    kind: "no_supply",
    consumerNo: "7001000001",
    language: "en",
  });
  assert.deepEqual(parseInbound("बिजलीबंद 7001000001"), {
    kind: "no_supply",
    consumerNo: "7001000001",
    language: "hi",
  });
  assert.deepEqual(parseInbound("stop"), { kind: "stop" });
  assert.deepEqual(parseInbound("START"), { kind: "start" });
  assert.deepEqual(parseInbound("NOSUPPLY"), { kind: "unknown" });
  assert.deepEqual(parseInbound("hello"), { kind: "unknown" });
});

describe(`[${driverName}] SMPP delivery against a local SMSC`, () => {
  test("a 150-character Hindi outage notice goes as three numbered parts with the DLT ids, and its receipts mark it delivered", async () => {
    await startDelivery();
    const notice = {
      template: "outage_notice" as const,
      variables: { area: "स्टेशन रोड फीडर", since: "28 नव॰, 2:05 pm", etr: "28 नव॰, 5:00 pm", company: "PVV" },
    };
    const text = renderSms(notice.template, "hi", notice.variables).body;
    assert.equal(text.length, 150);
    await queue("9826022222", notice, { language: "hi", urgent: true });
    const parts = await until("three parts", () => (smsc.submitted.length >= 3 ? smsc.submitted : undefined));
    assert.equal(parts.length, 3);
    const refs = new Set(parts.map((p) => p.concat?.ref));
    assert.equal(refs.size, 1, "one reference for the three parts");
    assert.deepEqual(
      parts.map((p) => [p.concat?.seq, p.concat?.total]),
      [
        [1, 3],
        [2, 3],
        [3, 3],
      ],
    );
    assert.equal(parts.map((p) => p.text).join(""), text, "the parts reassemble to the original");
    for (const p of parts) {
      assert.equal(p.pdu.data_coding, 0x08);
      assert.equal(p.pdu.destination_addr, "919826022222");
      assert.equal(p.pdu.source_addr, "PWRDSK");
      assert.equal(p.pdu.registered_delivery, 1);
      // The default encoding: each id a C-Octet String, its digits and a NUL.
      assert.deepEqual(smsc.tlv(p, 0x1400), Buffer.from(`${ENTITY}\0`, "ascii"));
      assert.match(smsc.tlv(p, 0x1401)?.toString("ascii") ?? "", /^\d{19}\0$/);
    }
    const template = await database.db
      .selectFrom("sms_templates")
      .select("dlt_template_id")
      .where("code", "=", "outage_notice")
      .where("language", "=", "hi")
      .executeTakeFirstOrThrow();
    assert.equal(smsc.tlv(parts[0] as Submitted, 0x1401)?.toString("ascii"), `${template.dlt_template_id}\0`);
    const delivered = await until("delivered", async () => {
      const r = await row("9826022222");
      return r.status === "delivered" ? r : undefined;
    });
    assert.equal(delivered.parts, 3);
    assert.equal(delivered.delivery_status, "DELIVRD");
  });

  test("an undelivered receipt fails the message with the reason", async () => {
    smsc.receipts = "UNDELIV";
    await queue("9826033333", "Complaint X1 is resolved. - MPEZ");
    const failed = await until("failed", async () => {
      const r = await row("9826033333");
      return r.status === "failed" ? r : undefined;
    });
    assert.equal(failed.delivery_status, "UNDELIV");
  });

  test("SMPP_DLT_TLV_ENCODING=octets sends the DLT ids as their digits alone, cstring (the default) with a NUL", async () => {
    await startDelivery(0, smsc.url, { dltTlvEncoding: "octets" });
    await queue("9826043333", "Octets test. - MPEZ", { urgent: true });
    const octets = await until("the octets submit", () =>
      smsc.submitted.find((s) => s.pdu.destination_addr === "919826043333"),
    );
    assert.deepEqual(smsc.tlv(octets, 0x1400), Buffer.from(ENTITY, "ascii"));
    await startDelivery(0, smsc.url, { dltTlvEncoding: "cstring" });
    await queue("9826043334", "Cstring test. - MPEZ", { urgent: true });
    const cstring = await until("the cstring submit", () =>
      smsc.submitted.find((s) => s.pdu.destination_addr === "919826043334"),
    );
    assert.deepEqual(smsc.tlv(cstring, 0x1400), Buffer.from(`${ENTITY}\0`, "ascii"));
    // Both ids, the same way; the template's with a template row of its own.
    assert.equal(smsc.tlv(octets, 0x1401)?.length, 0, "a text with no template row has an empty template id");
    assert.deepEqual(smsc.tlv(cstring, 0x1401), Buffer.from([0]));
    await startDelivery();
  });

  test("the rate holds in every sliding second at the SMSC, counting parts, while the event loop stalls", async () => {
    await startDelivery(100);
    // One, two and three parts, as outage notices are.
    const texts = ["Rate test. - MPEZ", "r".repeat(200), "s".repeat(400)];
    for (let i = 0; i < 150; i++)
      await queue(`98260400${String(i).padStart(2, "0")}`.slice(0, 10), texts[i % 3] as string, {
        dedupKey: `rate:${i}`,
      });
    // A loaded machine: timers fire late, by up to 25 ms at a time.
    const hog = setInterval(() => {
      const until = performance.now() + 25;
      while (performance.now() < until);
    }, 30);
    try {
      await until("300 parts", () => (smsc.submitted.length >= 300 ? true : undefined), 60_000);
    } finally {
      clearInterval(hog);
    }
    assert.ok(smsc.maxPartsInAnySecond() <= 100, `${smsc.maxPartsInAnySecond()} parts in one second`);
  });

  test("throttling: the message waits and goes on a later attempt", async () => {
    await startDelivery();
    smsc.throttleNext = 1;
    await queue("9826055555", "Throttle test. - MPEZ", { urgent: true });
    const waiting = await until("a retry", async () => {
      const r = await row("9826055555");
      return r.status === "pending" && r.attempts === 1 ? r : undefined;
    });
    assert.match(waiting.error ?? "", /throttling/);
    clock.advance(6000);
    delivery?.dispatcher.kick();
    const sent = await until("sent", async () => {
      const r = await row("9826055555");
      return r.status === "delivered" ? r : undefined;
    });
    assert.equal(sent.attempts, 2);
  });

  test("a dedup key queued twice is sent once", async () => {
    assert.equal(await queue("9826066666", "Dedup test. - MPEZ", { dedupKey: "outage:1:notice:66" }), 1);
    assert.equal(await queue("9826066666", "Dedup test. - MPEZ", { dedupKey: "outage:1:notice:66" }), 0);
    await until("sent", async () => ((await row("9826066666")).status === "delivered" ? true : undefined));
    // A marker queued after: once it is out, a second copy (an earlier id) would have gone before it.
    await queue("9826066667", "Marker. - MPEZ");
    await until("the marker", async () =>
      (await row("9826066667")).status === "delivered" ? true : undefined,
    );
    assert.equal(smsc.submitted.filter((s) => s.pdu.destination_addr === "919826066666").length, 1);
  });

  test("quiet hours hold surveys, not outage notices; STOP stops optional ones only", async () => {
    const survey = {
      template: "survey_invitation" as const,
      variables: { link: "https://pd.example/s/x1", company: "MPEZ" },
    };
    const notice = {
      template: "outage_notice" as const,
      variables: { area: "Station Road", since: "28 Nov, 2:05 pm", etr: "28 Nov, 5:00 pm", company: "MPEZ" },
    };
    clock.set("2026-11-28T22:30:00+05:30");
    await queue("9826077777", survey);
    await queue("9826088888", notice, { urgent: true });
    await until("urgent sent", async () =>
      (await row("9826088888")).status === "delivered" ? true : undefined,
    );
    // A message that is not deferrable, queued after the survey: the claim that takes it passed the survey over.
    await queue("9826077778", "Marker. - MPEZ");
    await until("the marker", async () =>
      (await row("9826077778")).status === "delivered" ? true : undefined,
    );
    assert.equal((await row("9826077777")).status, "pending", "optional messages wait for the morning");
    clock.set("2026-11-29T08:05:00+05:30");
    delivery?.dispatcher.kick();
    await until("optional sent at 8", async () =>
      (await row("9826077777")).status === "delivered" ? true : undefined,
    );

    smsc.deliverMo("919826077777", "STOP");
    await until("opt-out", async () =>
      (await database.db
        .selectFrom("sms_opt_outs")
        .select("mobile")
        .where("mobile", "=", "9826077777")
        .executeTakeFirst())
        ? true
        : undefined,
    );
    await queue("9826077777", survey, { dedupKey: "survey:again" });
    const skipped = await until("skipped", async () => {
      const r = await row("9826077777");
      return r.status === "skipped" ? r : undefined;
    });
    assert.match(skipped.error ?? "", /STOP/);
    await queue("9826077777", notice, { urgent: true, dedupKey: "notice:again" });
    await until("a service message still goes", async () =>
      (await row("9826077777")).status === "delivered" ? true : undefined,
    );
    smsc.deliverMo("919826077777", "START");
    await until("opt-in", async () =>
      (await database.db
        .selectFrom("sms_opt_outs")
        .select("mobile")
        .where("mobile", "=", "9826077777")
        .executeTakeFirst())
        ? undefined
        : true,
    );
  });

  test("an inbound NOSUPPLY <consumer number> registers a complaint and its acknowledgement goes back by SMS", async () => {
    clock.set("2026-11-29T10:00:00+05:30");
    smsc.deliverMo("919826099999", "NOSUPPLY 7001000001");
    const complaint = await until("a complaint", () =>
      database.db
        .selectFrom("complaints")
        .select(["id", "number", "channel", "caller_phone", "category_code"])
        .where("channel", "=", "sms")
        .executeTakeFirst(),
    );
    assert.equal(complaint.category_code, "no_supply");
    assert.equal(complaint.caller_phone, "9826099999");
    // The message is recorded just after the complaint commits.
    const inbound = await until("the inbound record", () =>
      database.db.selectFrom("sms_inbound").selectAll().where("sender", "=", "9826099999").executeTakeFirst(),
    );
    assert.equal(inbound.outcome, `registered ${complaint.number} (from an unregistered mobile)`);
    // The acknowledgement: to the sender, and to the consumer's registered mobile.
    const acks = await until("acknowledgements submitted", () => {
      const to = smsc.submitted.map((s) => String(s.pdu.destination_addr));
      return to.includes("919826099999") && to.includes("919826011111") ? smsc.submitted : undefined;
    });
    const ack = acks.find((s) => s.pdu.destination_addr === "919826099999");
    assert.ok(ack?.text.includes(complaint.number) || acks.some((s) => s.text.includes(complaint.number)));

    smsc.deliverMo("919826099999", "NOSUPPLY 0000000000");
    await until("a refusal recorded", async () => {
      const r = await database.db
        .selectFrom("sms_inbound")
        .select("outcome")
        .where("sender", "=", "9826099999")
        .orderBy("id", "desc")
        .executeTakeFirst();
      return r?.outcome.startsWith("refused") ? true : undefined;
    });
  });

  test("a gateway that is down: messages wait and go when it returns", async () => {
    const later = new TestSmsc("late", "pw");
    await later.start();
    const port = later.port;
    await later.stop();
    await startDelivery(0, `smpp://late:pw@127.0.0.1:${port}`);
    await queue("9826012121", "While the SMSC was down. - MPEZ", { urgent: true });
    assert.equal((await row("9826012121")).status, "pending");
    await later.start(port);
    const sent = await until(
      "sent after the SMSC came back",
      async () => {
        const r = await row("9826012121");
        return r.status === "delivered" ? r : undefined;
      },
      15_000,
    );
    // Not tried while the SMSC was away: the first attempt is the one that went.
    assert.equal(sent.attempts, 1);
    await delivery?.dispatcher.stop();
    delivery = undefined;
    await later.stop();
  });
});

describe(`[${driverName}] SMPP long messages in message_payload`, () => {
  test("a 150-character Hindi notice goes as one submit_sm with the text in message_payload and the DLT ids, and its receipt marks it delivered", async () => {
    await delivery?.dispatcher.stop();
    const gateway = new SmppGateway({
      url: smsc.url,
      entityId: ENTITY,
      window: 10,
      responseTimeoutMs: 5000,
      longMessages: "payload",
    });
    delivery = createDelivery(database, gateway, services.complaints, clock, {
      ratePerSecond: 0,
      quietHours: { start: 21, end: 8 },
      timeZone: "Asia/Kolkata",
      idleMs: 50,
    });
    await delivery.dispatcher.start();
    // The template's own text, with values: what goes whether the queued or the template's text is sent.
    const variables = {
      area: "स्टेशन रोड फीडर",
      since: "28 नवंबर 14:05",
      etr: "28 नवंबर, 17:00",
      company: "MPEZ",
    };
    const text = renderSms("outage_notice", "hi", variables).body;
    assert.equal(text.length, 150);
    await repos.outbox.enqueue([
      {
        dedupKey: "test:payload:1",
        recipient: "9826023333",
        language: "hi",
        template: "outage_notice",
        variables,
        body: text,
        urgent: true,
        relatedType: "test",
        relatedId: 0,
        createdAt: clock(),
      },
    ]);
    const delivered = await until("delivered", async () => {
      const r = await row("9826023333");
      return r.status === "delivered" ? r : undefined;
    });
    assert.equal(delivered.delivery_status, "DELIVRD");
    const submits = smsc.submitted.filter((s) => s.pdu.destination_addr === "919826023333");
    assert.equal(submits.length, 1, "one submit_sm for the whole message");
    const [p] = submits as [(typeof submits)[number]];
    assert.equal(p.payload, true, "the text is in message_payload");
    assert.equal(p.text, text, "the whole Hindi text, decoded as UCS-2");
    assert.equal((p.pdu.short_message as { message?: string }).message ?? "", "");
    assert.equal(p.concat, undefined, "no concatenation header");
    assert.equal(p.pdu.data_coding, 0x08);
    assert.deepEqual(smsc.tlv(p, 0x1400), Buffer.from(`${ENTITY}\0`, "ascii"));
    const template = await database.db
      .selectFrom("sms_templates")
      .select("dlt_template_id")
      .where("code", "=", "outage_notice")
      .where("language", "=", "hi")
      .executeTakeFirstOrThrow();
    assert.deepEqual(smsc.tlv(p, 0x1401), Buffer.from(`${template.dlt_template_id}\0`, "ascii"));
    const parts = await database.db
      .selectFrom("sms_parts")
      .select(["smsc_id", "status"])
      .where("outbox_id", "=", delivered.id)
      .execute();
    assert.deepEqual(parts, [{ smsc_id: p.messageId, status: "DELIVRD" }]);
    assert.equal(delivered.parts, 3, "one submit, but the network carries (and bills) three SMS");
  });
});
