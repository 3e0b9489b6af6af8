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
