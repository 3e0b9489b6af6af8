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
    ALLOWED_ORIGINS: "https://desk.example.in/, https://x.example.in",
  });
  assert.equal(c.databaseUrl, "postgres://u:p@db:5432/powerdesk");
  assert.equal(c.smsGateway, "smpp");
  assert.deepEqual(c.allowedOrigins, ["https://desk.example.in", "https://x.example.in"]);
});
