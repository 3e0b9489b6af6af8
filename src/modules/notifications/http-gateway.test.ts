import assert from "node:assert/strict";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Writable } from "node:stream";
import { after, before, beforeEach, describe, test } from "node:test";
import type { FastifyInstance } from "fastify";
import { buildConsumer, buildOrgTree } from "../../../test/factories.ts";
import { createTestDatabase, driverName } from "../../../test/helpers/db.ts";
import { until } from "../../../test/helpers/until.ts";
import { type Config, loadConfig } from "../../config.ts";
import type { Database } from "../../db/database.ts";
import { buildServer } from "../../http/server.ts";
import { fixedClock } from "../../lib/clock.ts";
import { createLogger } from "../../lib/logger.ts";
import { smsLayout } from "../../lib/sms-text.ts";
import { createRepositories, createServices, type Repositories, type Services } from "../registry.ts";
import { createDelivery, gatewayFor } from "./delivery.ts";
import type { SmsGateway } from "./gateways/gateway.ts";
import { aggregatorReason, HttpGateway } from "./gateways/http.gateway.ts";
import { renderSms } from "./sms-templates.ts";

// 14:00 IST: outside the quiet hours.
const clock = fixedClock("2026-11-28T14:00:00+05:30");
const ENTITY = "1201159100000000001";
const TOKEN = "webhook-secret-for-tests-1912";
const API_KEY = "agg-key-5f1c2e";

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/**
 * The aggregator's send API for tests: records each request and answers
 * `{"status":"ok","data":[{"id":"AGG-n"}]}`, or the answers it is told to
 * give next.
 */
class TestAggregator {
  readonly received: Received[] = [];
  readonly answers: { status: number; body: string }[] = [];
  private server: http.Server | undefined;
  private seq = 0;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/v1/sms`;
  }

  async start(port = 0): Promise<this> {
    this.server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        this.received.push({
          method: req.method ?? "",
          url: req.url ?? "",
          headers: req.headers,
          body: Buffer.concat(chunks).toString("utf8"),
        });
        const next = this.answers.shift() ?? {
          status: 200,
          body: JSON.stringify({ status: "ok", data: [{ id: `AGG-${++this.seq}` }] }),
        };
        res.writeHead(next.status, { "content-type": "application/json" }).end(next.body);
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(port, "127.0.0.1", () => resolve()));
    this.port = (this.server.address() as AddressInfo).port;
    return this;
  }

  /** Requests to one mobile, their JSON bodies. */
  to(mobile: string): Record<string, unknown>[] {
    return this.received
      .filter((r) => r.method === "POST")
      .map((r) => JSON.parse(r.body) as Record<string, unknown>)
      .filter((b) => b.to === `91${mobile}`);
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

let database: Database;
let repos: Repositories;
let services: Services;
let aggregator: TestAggregator;
let config: Config;
let app: FastifyInstance;
let appOff: FastifyInstance;
let delivery: ReturnType<typeof createDelivery> | undefined;
const logs: string[] = [];
const sink = new Writable({
  write(chunk, _enc, cb) {
    logs.push(String(chunk));
    cb();
  },
});
const logger = createLogger("debug", sink);
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
  aggregator = await new TestAggregator().start();
  config = loadConfig({
    DATA_DIR: "/nonexistent",
    SMS_GATEWAY: "http",
    SMS_HTTP_URL: aggregator.url,
    SMS_HTTP_AUTH_HEADER: `Authorization: Bearer ${API_KEY}`,
    SMS_HTTP_ID_PATH: "data.0.id",
    DLT_ENTITY_ID: ENTITY,
    SMS_HTTP_WEBHOOK_TOKEN: TOKEN,
    SMS_HTTP_RECEIPT_ERROR_FIELD: "cause",
  });
  app = await buildServer({ config, database, services, logger });
  await app.ready();
  // The same server without SMS_HTTP_WEBHOOK_TOKEN: the webhooks are off.
  appOff = await buildServer({
    config: loadConfig({ DATA_DIR: "/nonexistent" }),
    database,
    services,
    logger,
  });
  await appOff.ready();
});
after(async () => {
  await delivery?.dispatcher.stop();
  await app?.close();
  await appOff?.close();
  await aggregator?.stop();
  await services?.close();
  await database?.close();
});
beforeEach(() => {
  aggregator.received.length = 0;
  aggregator.answers.length = 0;
});

async function startDelivery(gateway: SmsGateway = gatewayFor(config, logger)) {
  await delivery?.dispatcher.stop();
  delivery = createDelivery(database, gateway, services.complaints, clock, {
    ratePerSecond: 0,
    quietHours: { start: 21, end: 8 },
    timeZone: "Asia/Kolkata",
    idleMs: 50,
    logger,
  });
  await delivery.dispatcher.start();
  return delivery;
}

/** Queues a template's own text with its values (the dispatcher may fill the template again when it sends). */
async function queue(
  recipient: string,
  template: "outage_notice" | "complaint_resolved",
  language: "hi" | "en",
  variables: Record<string, string>,
): Promise<string> {
  seq++;
  const { body } = renderSms(template, language, variables);
  await repos.outbox.enqueue([
    {
      dedupKey: `http-test:${seq}`,
      recipient,
      language,
      template,
      variables,
      body,
      urgent: true,
      relatedType: "test",
      relatedId: seq,
      createdAt: clock(),
    },
  ]);
  delivery?.dispatcher.kick();
  return body;
}

const resolved = (recipient: string, number: string) =>
  queue(recipient, "complaint_resolved", "en", { number, company: "MPEZ" });

const row = (recipient: string) =>
  database.db
    .selectFrom("outbox_sms")
    .selectAll()
    .where("recipient", "=", recipient)
    .orderBy("id", "desc")
    .executeTakeFirstOrThrow();

const rowIn = (recipient: string, ...statuses: string[]) =>
  until(`${recipient} ${statuses.join("/")}`, async () => {
    const r = await row(recipient);
    return statuses.includes(r.status) ? r : undefined;
  });

/** Back in the queue after a failed attempt. */
const retrying = (recipient: string) =>
  until(`${recipient} to be retried`, async () => {
    const r = await row(recipient);
    return r.status === "pending" && r.attempts > 0 ? r : undefined;
  });

const smscIdOf = async (outboxId: number) =>
  (
    await database.db
      .selectFrom("sms_parts")
      .select("smsc_id")
      .where("outbox_id", "=", outboxId)
      .executeTakeFirstOrThrow()
  ).smsc_id;

/** A webhook call as the aggregator makes it: no Origin, no cookie. */
function hook(
  url: string,
  payload: unknown,
  options: { token?: string | null; form?: boolean; on?: FastifyInstance } = {},
) {
  const token = options.token === undefined ? TOKEN : options.token;
  return (options.on ?? app).inject({
    method: "POST",
    url,
    headers: {
      ...(token !== null ? { "x-webhook-token": token } : {}),
      ...(options.form ? { "content-type": "application/x-www-form-urlencoded" } : {}),
    },
    payload: options.form
      ? new URLSearchParams(payload as Record<string, string>).toString()
      : (payload as object),
  });
}

test("a GET aggregator gets the fields URL-encoded in the query string, Hindi intact", async () => {
  const agg = await new TestAggregator().start();
  try {
    const gateway = new HttpGateway({
      http: loadConfig({
        SMS_GATEWAY: "http",
        SMS_HTTP_URL: `${agg.url}?user=discom`,
        SMS_HTTP_METHOD: "GET",
        SMS_HTTP_BODY:
          "mobile={to}&msg={text}&unicode={unicode}&pe_id={dlt_entity_id}&template_id={dlt_template_id}",
        SMS_HTTP_ID_PATH: "data.0.id",
        DLT_ENTITY_ID: ENTITY,
      }).smsHttp as NonNullable<Config["smsHttp"]>,
      entityId: ENTITY,
    });
    await gateway.start({ receipt() {}, inbound() {} });
    const text = "बिजली बंद: 5 & 6 = ? #1";
    const r = await gateway.submit({
      outboxId: 7,
      to: "9826012345",
      text,
      layout: smsLayout(text),
      sender: "PWRDSK",
      dltTemplateId: "1207161000000000001",
    });
    assert.deepEqual(r.smscIds, ["AGG-1"]);
    const got = agg.received[0] as Received;
    assert.equal(got.method, "GET");
    const q = new URL(got.url, "http://x").searchParams;
    assert.equal(q.get("user"), "discom");
    assert.equal(q.get("mobile"), "9826012345");
    assert.equal(q.get("msg"), text);
    assert.equal(q.get("unicode"), "1");
    assert.equal(q.get("pe_id"), ENTITY);
    assert.equal(q.get("template_id"), "1207161000000000001");
    await gateway.close();
  } finally {
    await agg.stop();
  }
});

describe(`[${driverName}] the http SMS gateway and its webhooks`, () => {
  test("a Hindi outage notice goes as one request with the DLT ids; the id at data.0.id is kept; a receipt posted to the webhook marks it delivered", async () => {
    await startDelivery();
    const text = await queue("9826022222", "outage_notice", "hi", {
      area: "स्टेशन रोड फीडर",
      since: "28 नवंबर 14:05",
      etr: "28 नवंबर, 17:00",
      company: "MPEZ",
    });
    assert.equal(text.length, 150);
    const sent = await rowIn("9826022222", "sent");
    const requests = aggregator.received.filter((r) => r.body.includes("919826022222"));
    assert.equal(requests.length, 1, "one request for the whole message: the aggregator splits it");
    const req = requests[0] as Received;
    assert.equal(req.method, "POST");
    assert.equal(req.headers["content-type"], "application/json");
    assert.equal(req.headers.authorization, `Bearer ${API_KEY}`);
    const template = await database.db
      .selectFrom("sms_templates")
      .select(["dlt_template_id", "sender"])
      .where("code", "=", "outage_notice")
      .where("language", "=", "hi")
      .executeTakeFirstOrThrow();
    assert.deepEqual(JSON.parse(req.body), {
      to: "919826022222",
      text,
      sender: template.sender,
      unicode: 1,
      dlt_entity_id: ENTITY,
      dlt_template_id: template.dlt_template_id,
      ref: String(sent.id),
    });
    const smscId = await smscIdOf(sent.id);
    assert.match(smscId, /^AGG-\d+$/);
    assert.equal(sent.gateway, "http");

    const res = await hook("/api/sms/receipts", { id: smscId, status: "DELIVERED" });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { applied: 1, waiting: 0, ignored: 0 });
    const delivered = await row("9826022222");
    assert.equal(delivered.status, "delivered");
    assert.equal(delivered.delivery_status, "DELIVRD");
  });

  test("receipts as a list, as form fields with ?token=; failed and expired ones fail their message; in-transit ones are ignored", async () => {
    await resolved("9826033331", "X1");
    await resolved("9826033332", "X2");
    await resolved("9826033333", "X3");
    const ids = await Promise.all(
      ["9826033331", "9826033332", "9826033333"].map(async (m) => smscIdOf((await rowIn(m, "sent")).id)),
    );
    const list = await hook("/api/sms/receipts", [
      { id: ids[0], status: "SENT" },
      { id: ids[0], status: "delivered" },
      { id: ids[1], status: "FAILED", cause: "absent subscriber" },
    ]);
    assert.equal(list.statusCode, 200, list.body);
    assert.deepEqual(list.json(), { applied: 2, waiting: 0, ignored: 1 });
    const form = await app.inject({
      method: "POST",
      url: `/api/sms/receipts?token=${TOKEN}`,
      headers: { "content-type": "application/x-www-form-urlencoded" },
      payload: `id=${ids[2]}&status=EXPIRED`,
    });
    assert.equal(form.statusCode, 200, form.body);
    assert.equal((await row("9826033331")).status, "delivered");
    const undelivered = await row("9826033332");
    assert.equal(undelivered.status, "failed");
    assert.equal(undelivered.delivery_status, "UNDELIV");
    const expired = await row("9826033333");
    assert.equal(expired.status, "failed");
    assert.equal(expired.delivery_status, "EXPIRED");
  });

  test("the webhooks refuse a wrong or missing token (401), bad bodies (400 naming the field, nothing written), and are off without a token (404)", async () => {
    await resolved("9826044444", "X4");
    const id = await smscIdOf((await rowIn("9826044444", "sent")).id);
    const receipt = { id, status: "DELIVRD" };

    for (const token of ["wrong-token-of-the-same-sort", null]) {
      const res = await hook("/api/sms/receipts", receipt, { token });
      assert.equal(res.statusCode, 401, String(token));
      assert.equal(res.json().error, "invalid_token");
    }
    assert.equal(
      (await hook("/api/sms/inbound", { from: "9826044444", text: "STOP" }, { token: "x" })).statusCode,
      401,
    );

    const bad: [string, unknown, string][] = [
      ["/api/sms/receipts", { status: "DELIVRD" }, "id"],
      ["/api/sms/receipts", { id, state: "DELIVRD" }, "status"],
      ["/api/sms/receipts", { id: { nested: true }, status: "DELIVRD" }, "id"],
      ["/api/sms/receipts", [receipt, { id: "AGG-x" }], "1.status"],
      ["/api/sms/inbound", { from: "9826044444" }, "text"],
      ["/api/sms/inbound", { text: "STOP" }, "from"],
    ];
    for (const [url, payload, field] of bad) {
      const res = await hook(url, payload);
      assert.equal(res.statusCode, 400, `${url} ${JSON.stringify(payload)}: ${res.body}`);
      assert.equal(res.json().field, field, res.body);
      assert.match(res.json().message, new RegExp(field.replace(".", "\\.")));
    }
    for (const payload of ['{"id": "AGG-1", "status":', '"DELIVRD"', "[]"]) {
      const res = await app.inject({
        method: "POST",
        url: "/api/sms/receipts",
        headers: { "x-webhook-token": TOKEN, "content-type": "application/json" },
        payload,
      });
      assert.equal(res.statusCode, 400, `${payload}: ${res.body}`);
    }
    // The good receipt in the refused list was not applied.
    assert.equal((await row("9826044444")).status, "sent");

    const off = await hook("/api/sms/receipts", receipt, { on: appOff });
    assert.equal(off.statusCode, 404);
    assert.match(off.json().message, /SMS_HTTP_WEBHOOK_TOKEN/);
    assert.equal((await row("9826044444")).status, "sent");
  });

  test("a 500 from the aggregator: the message waits and goes on a later attempt", async () => {
    aggregator.answers.push({ status: 500, body: '{"error":"internal error"}' });
    await resolved("9826055551", "X5");
    const waiting = await retrying("9826055551");
    assert.equal(waiting.attempts, 1);
    assert.match(waiting.error ?? "", /HTTP 500/);
    clock.advance(6000);
    delivery?.dispatcher.kick();
    const sent = await rowIn("9826055551", "sent");
    assert.equal(sent.attempts, 2);
    assert.equal(aggregator.to("9826055551").length, 2);
  });

  test("a 429 from the aggregator: throttled, the message goes on a later attempt", async () => {
    aggregator.answers.push({ status: 429, body: '{"message":"rate limit exceeded"}' });
    await resolved("9826055552", "X6");
    const waiting = await retrying("9826055552");
    assert.match(waiting.error ?? "", /throttling/);
    clock.advance(6000);
    delivery?.dispatcher.kick();
    assert.equal((await rowIn("9826055552", "sent")).attempts, 2);
  });

  test("a 400 from the aggregator fails the message with its reason, without the mobile number", async () => {
    aggregator.answers.push({
      status: 400,
      body: JSON.stringify({ status: "error", message: "Template not approved on DLT for 919826055553" }),
    });
    await resolved("9826055553", "X7");
    const failed = await rowIn("9826055553", "failed");
    assert.match(failed.error ?? "", /HTTP 400/);
    assert.match(failed.error ?? "", /Template not approved on DLT/);
    assert.ok(!failed.error?.includes("9826055553"), failed.error ?? "");
    assert.equal(failed.attempts, 1, "not tried again");
  });

  test("a 200 without an id fails the message (sending again could send it twice)", async () => {
    aggregator.answers.push({ status: 200, body: '{"status":"error","details":"Invalid sender id"}' });
    await resolved("9826055554", "X8");
    const failed = await rowIn("9826055554", "failed");
    assert.match(failed.error ?? "", /no message id at data\.0\.id.*Invalid sender id/);
  });

  test("an aggregator that cannot be reached: the gateway says down, the message waits, and goes once it is back", async () => {
    const later = await new TestAggregator().start();
    const port = later.port;
    await later.stop();
    const httpConfig = { ...(config.smsHttp as NonNullable<Config["smsHttp"]>), url: later.url };
    await startDelivery(new HttpGateway({ http: httpConfig, entityId: ENTITY, logger, retryUpMs: 100 }));
    await resolved("9826066666", "X9");
    const waiting = await retrying("9826066666");
    assert.match(waiting.error ?? "", /unreachable/);
    await later.start(port);
    try {
      clock.advance(6000);
      delivery?.dispatcher.kick();
      await rowIn("9826066666", "sent");
      assert.equal(later.to("9826066666").length, 1);
    } finally {
      await startDelivery();
      await later.stop();
    }
  });

  test("an inbound NOSUPPLY <consumer number> through the webhook registers a complaint, acknowledged through the aggregator; STOP as form fields opts out", async () => {
    clock.set("2026-11-29T10:00:00+05:30");
    const res = await hook("/api/sms/inbound", { from: "919826099999", text: "NOSUPPLY 7001000001" });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { received: 1 });
    const complaint = await database.db
      .selectFrom("complaints")
      .select(["number", "channel", "caller_phone", "category_code"])
      .where("channel", "=", "sms")
      .executeTakeFirstOrThrow();
    assert.equal(complaint.category_code, "no_supply");
    assert.equal(complaint.caller_phone, "9826099999");
    const inbound = await database.db
      .selectFrom("sms_inbound")
      .select("outcome")
      .where("sender", "=", "9826099999")
      .executeTakeFirstOrThrow();
    assert.equal(inbound.outcome, `registered ${complaint.number} (from an unregistered mobile)`);
    const ack = await until("the acknowledgement at the aggregator", () => aggregator.to("9826099999")[0]);
    assert.match(String(ack.text), new RegExp(complaint.number));

    const stop = await hook("/api/sms/inbound", { from: "9826077777", text: "STOP" }, { form: true });
    assert.equal(stop.statusCode, 200, stop.body);
    const optOut = await database.db
      .selectFrom("sms_opt_outs")
      .select("via")
      .where("mobile", "=", "9826077777")
      .executeTakeFirst();
    assert.equal(optOut?.via, "sms");
  });

  test("the webhooks are in the OpenAPI document", async () => {
    const doc = (await app.inject({ method: "GET", url: "/api/openapi.json" })).json();
    assert.ok(doc.paths["/api/sms/receipts"]?.post);
    assert.ok(doc.paths["/api/sms/inbound"]?.post);
  });

  test("nothing logged holds a full mobile, a message's text, the aggregator's key or the webhook token", () => {
    const all = logs.join("");
    assert.ok(all.includes("sms: accepted by the aggregator"), "the gateway did log");
    for (const secret of ["9826022222", "9826099999", "बिजली आपूर्ति", API_KEY, TOKEN])
      assert.ok(!all.includes(secret), `the logs hold ${secret}`);
  });
});

test("an aggregator's error that echoes the message keeps its text (a code) out of the reason", () => {
  const text = "482913 is the code to register this mobile for electricity SMS of consumer 7001000001.";
  const reason = aggregatorReason(JSON.stringify({ error: { message: `template mismatch: ${text}` } }), text);
  assert.ok(!reason.includes("482913"), reason);
  assert.match(reason, /template mismatch/);
});
