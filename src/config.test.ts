import assert from "node:assert/strict";
import path from "node:path";
import { test } from "node:test";
import { ConfigError, loadConfig } from "./config.ts";

test("defaults make a bare machine work: embedded database in ./data, port 8080, log SMS", () => {
  const c = loadConfig({});
  assert.equal(c.databaseUrl, undefined);
  assert.equal(c.dataDir, path.resolve("./data"));
  assert.equal(c.port, 8080);
  assert.equal(c.mqttPort, 1883);
  assert.equal(c.mqttUrl, undefined);
  assert.equal(c.mqttTopicPrefix, "powerdesk");
  assert.equal(c.smsGateway, "log");
  assert.equal(c.timeZone, "Asia/Kolkata");
});

test("bad values name the variable at fault", () => {
  const cases: [Record<string, string>, string][] = [
    [{ PORT: "eighty" }, "PORT"],
    [{ PORT: "70000" }, "PORT"],
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ SMS_GATEWAY: "pigeon" }, "SMS_GATEWAY"],
    [{ SMS_GATEWAY: "smpp" }, "SMPP_URL"],
    [{ SMS_GATEWAY: "smpp", SMPP_URL: "smpp://a:b@h:2775" }, "DLT_ENTITY_ID"],
    [{ SMPP_DLT_ENTITY_TAG: "0x0001" }, "SMPP_DLT_ENTITY_TAG"],
    [{ SMS_QUIET_HOURS: "late" }, "SMS_QUIET_HOURS"],
    [{ TZ: "Mars/Olympus" }, "TZ"],
    [{ ALLOWED_ORIGINS: "not a url" }, "ALLOWED_ORIGINS"],
    [{ MQTT_URL: "http://broker" }, "MQTT_URL"],
    [{ MQTT_TOPIC_PREFIX: "power/+/desk" }, "MQTT_TOPIC_PREFIX"],
    [{ MQTT_TOPIC_PREFIX: "/powerdesk" }, "MQTT_TOPIC_PREFIX"],
    [{ PUBLIC_URL: "pd.example.in" }, "PUBLIC_URL"],
    [{ PUBLIC_URL: "https://complaints.mpez.co.in" }, "PUBLIC_URL"],
    [{ CTI_URL: "ftp://dialler" }, "CTI_URL"],
    [{ TRUST_PROXY: "true" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "11" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "10.0.0.0/33" }, "TRUST_PROXY"],
    [{ TRUST_PROXY: "proxy.local" }, "TRUST_PROXY"],
  ];
  for (const [env, variable] of cases) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.variable === variable,
      JSON.stringify(env),
    );
  }
});

test("a PostgreSQL URL and SMPP settings are read", () => {
  const c = loadConfig({
    DATABASE_URL: "postgres://u:p@db:5432/powerdesk",
    SMS_GATEWAY: "smpp",
    SMPP_URL: "smpp://id:pw@smsc:2775",
    DLT_ENTITY_ID: "1201159100000000001",
    SMPP_DLT_TEMPLATE_TAG: "0x1402",
    SMS_RATE: "50",
    SMS_QUIET_HOURS: "22-7",
    ALLOWED_ORIGINS: "https://desk.example.in/, https://x.example.in",
  });
  assert.equal(c.databaseUrl, "postgres://u:p@db:5432/powerdesk");
  assert.equal(c.smsGateway, "smpp");
  assert.equal(c.smppEntityTag, 0x1400);
  assert.equal(c.smppTemplateTag, 0x1402);
  assert.equal(c.smsRate, 50);
  assert.deepEqual(c.smsQuietHours, { start: 22, end: 7 });
  assert.deepEqual(c.allowedOrigins, ["https://desk.example.in", "https://x.example.in"]);
});

const HTTP = {
  SMS_GATEWAY: "http",
  SMS_HTTP_URL: "https://sms.example.in/v1/send",
  DLT_ENTITY_ID: "1201159100000000001",
};

test("the http gateway: defaults, and what is read", () => {
  const c = loadConfig(HTTP);
  assert.equal(c.smsGateway, "http");
  assert.deepEqual(
    { ...c.smsHttp, body: undefined },
    {
      url: "https://sms.example.in/v1/send",
      method: "POST",
      contentType: "application/json",
      body: undefined,
      authHeader: undefined,
      idPath: "id",
      concurrency: 20,
      timeoutMs: 10_000,
    },
  );
  assert.ok(c.smsHttp?.body.includes('"text":"{text}"'), "a JSON body by default");
  assert.deepEqual(c.smsWebhook, {
    token: undefined,
    receiptIdField: "id",
    receiptStatusField: "status",
    receiptErrorField: undefined,
    inboundFromField: "from",
    inboundTextField: "text",
  });
  assert.equal(c.smppLongMessages, "udh");
  assert.equal(loadConfig({}).smsHttp, undefined);

  const g = loadConfig({
    ...HTTP,
    SMS_HTTP_METHOD: "GET",
    SMS_HTTP_AUTH_HEADER: "X-Api-Key:  k3y with spaces ",
    SMS_HTTP_ID_PATH: "data.0.id",
    SMS_HTTP_CONCURRENCY: "5",
    SMS_HTTP_WEBHOOK_TOKEN: "0123456789abcdef",
    SMS_HTTP_RECEIPT_ID_FIELD: "externalId",
    SMS_HTTP_RECEIPT_STATUS_FIELD: "data.eventType",
    SMS_HTTP_RECEIPT_ERROR_FIELD: "cause",
    SMPP_LONG_MESSAGES: "payload",
  });
  assert.equal(g.smsHttp?.method, "GET");
  assert.equal(g.smsHttp?.contentType, "application/x-www-form-urlencoded", "GET sends URL-encoded fields");
  assert.match(g.smsHttp?.body ?? "", /^to=\{to91\}&text=\{text\}/);
  assert.deepEqual(g.smsHttp?.authHeader, { name: "X-Api-Key", value: "k3y with spaces" });
  assert.equal(g.smsHttp?.idPath, "data.0.id");
  assert.equal(g.smsHttp?.concurrency, 5);
  assert.equal(g.smsWebhook.token, "0123456789abcdef");
  assert.equal(g.smsWebhook.receiptIdField, "externalId");
  assert.equal(g.smsWebhook.receiptStatusField, "data.eventType");
  assert.equal(g.smsWebhook.receiptErrorField, "cause");
  assert.equal(g.smppLongMessages, "payload");
});

test("http gateway settings at fault are named, and secrets are not repeated in the error", () => {
  const cases: [Record<string, string>, string][] = [
    [{ SMS_GATEWAY: "http" }, "SMS_HTTP_URL"],
    [{ ...HTTP, SMS_HTTP_URL: "ftp://sms.example.in" }, "SMS_HTTP_URL"],
    [{ ...HTTP, DLT_ENTITY_ID: "" }, "DLT_ENTITY_ID"],
    [{ ...HTTP, SMS_HTTP_METHOD: "PUT" }, "SMS_HTTP_METHOD"],
    [{ ...HTTP, SMS_HTTP_CONTENT_TYPE: "text/xml" }, "SMS_HTTP_CONTENT_TYPE"],
    [{ ...HTTP, SMS_HTTP_METHOD: "GET", SMS_HTTP_CONTENT_TYPE: "application/json" }, "SMS_HTTP_CONTENT_TYPE"],
    [{ ...HTTP, SMS_HTTP_BODY: '{"mobile":"{mobile}","text":"{text}"}' }, "SMS_HTTP_BODY"],
    [{ ...HTTP, SMS_HTTP_BODY: '{"to":"{to}"}' }, "SMS_HTTP_BODY"],
    [{ ...HTTP, SMS_HTTP_BODY: '{"to":{to},"text":{text}}' }, "SMS_HTTP_BODY"],
    [{ ...HTTP, SMS_HTTP_ID_PATH: "data..id" }, "SMS_HTTP_ID_PATH"],
    [{ ...HTTP, SMS_HTTP_CONCURRENCY: "0" }, "SMS_HTTP_CONCURRENCY"],
    [{ ...HTTP, SMS_HTTP_TIMEOUT_SECONDS: "600" }, "SMS_HTTP_TIMEOUT_SECONDS"],
    [{ SMS_HTTP_RECEIPT_STATUS_FIELD: "delivery status" }, "SMS_HTTP_RECEIPT_STATUS_FIELD"],
    [{ SMPP_LONG_MESSAGES: "sar" }, "SMPP_LONG_MESSAGES"],
  ];
  for (const [env, variable] of cases) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) => err instanceof ConfigError && err.variable === variable,
      JSON.stringify(env),
    );
  }
  // A form body is not JSON, and needs no quotes.
  assert.ok(
    loadConfig({
      ...HTTP,
      SMS_HTTP_CONTENT_TYPE: "application/x-www-form-urlencoded",
      SMS_HTTP_BODY: "m={to}&t={text}",
    }),
  );
  for (const [env, variable, secret] of [
    [{ ...HTTP, SMS_HTTP_AUTH_HEADER: "Bearer s3cr3t-key" }, "SMS_HTTP_AUTH_HEADER", "s3cr3t-key"],
    [{ SMS_HTTP_WEBHOOK_TOKEN: "short-s3cr3t" }, "SMS_HTTP_WEBHOOK_TOKEN", "short-s3cr3t"],
  ] as const) {
    assert.throws(
      () => loadConfig(env),
      (err: unknown) =>
        err instanceof ConfigError && err.variable === variable && !err.message.includes(secret),
    );
  }
});

test("TRUST_PROXY is off, a hop count, or the proxies' addresses", () => {
  assert.equal(loadConfig({}).trustProxy, false);
  assert.equal(loadConfig({ TRUST_PROXY: "0" }).trustProxy, false);
  assert.deepEqual(loadConfig({ TRUST_PROXY: "1" }).trustProxy, { hops: 1 });
  assert.deepEqual(loadConfig({ TRUST_PROXY: "10.0.0.0/8, 192.168.1.7,loopback,fd00::/8" }).trustProxy, {
    addresses: ["10.0.0.0/8", "192.168.1.7", "loopback", "fd00::/8"],
  });
});
