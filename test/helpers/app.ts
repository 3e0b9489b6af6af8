import { randomBytes } from "node:crypto";
import { Writable } from "node:stream";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import mqtt from "mqtt";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { buildServer } from "../../src/http/server.ts";
import type { Clock } from "../../src/lib/clock.ts";
import { createLogger } from "../../src/lib/logger.ts";
import type { Principal } from "../../src/modules/access/principal.ts";
import {
  type EmbeddedBroker,
  MqttIngest,
  startEmbeddedBroker,
} from "../../src/modules/outages/mqtt.ingest.ts";
import {
  createRepositories,
  createServices,
  type Repositories,
  type Services,
} from "../../src/modules/registry.ts";
import { TEST_PASSWORD } from "../factories.ts";
import { createTestDatabase } from "./db.ts";

export const ORIGIN = "http://localhost";

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  repos: Repositories;
  services: Services;
  /** Every line the server logged, to check that no personal data leaks into logs. */
  logs: string[];
  /** app.inject with our Origin (and the cookie, when given): what the web app sends. */
  request(opts: InjectOptions & { cookie?: string }): Promise<LightMyRequestResponse>;
  /** Signs in and returns the Cookie header value. */
  signIn(login: string, password?: string): Promise<string>;
  /** Listens on a free port (for SSE and browsers); returns the base URL. */
  listen(): Promise<string>;
  /** With `mqtt: true`: a broker (TEST_MQTT_URL or an embedded one) and the server's subscriber on it. */
  mqtt: TestMqtt | undefined;
  close(): Promise<void>;
}

export interface TestMqtt {
  url: string;
  /** A prefix of this test app's own, so test files sharing one broker never hear each other. */
  prefix: string;
  ingest: MqttIngest;
  /** Publishes JSON (or a raw string) to `${prefix}/${topic}` at QoS 1. */
  publish(topic: string, payload: unknown): Promise<void>;
  /** Resolves when the subscriber has handled everything published so far. */
  settle(): Promise<void>;
}

export const testMqttUrl = process.env.TEST_MQTT_URL || undefined;
export const brokerName = testMqttUrl ? "mosquitto" : "aedes";

/** The whole server on a fresh test database, driven with app.inject(). */
export async function createTestApp(
  options: {
    clock?: Clock;
    database?: Database;
    webDist?: string;
    mqtt?: boolean;
    /** More environment for loadConfig (e.g. TRUST_PROXY). */
    env?: Record<string, string>;
  } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const repos = createRepositories(database);
  const config = loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "info", ...options.env });
  const services = createServices(database, repos, {
    ...(options.clock ? { clock: options.clock } : {}),
    channels: config.channels,
  });
  const mqttParts = options.mqtt ? await startTestMqtt(services, options.clock) : undefined;
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const app = await buildServer({
    config,
    database,
    services,
    logger: createLogger("info", sink),
    ...(options.webDist ? { webDist: options.webDist } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    repos,
    services,
    logs,
    request({ cookie, headers, ...opts }) {
      return app.inject({
        ...opts,
        headers: { origin: ORIGIN, ...(cookie ? { cookie } : {}), ...(headers ?? {}) },
      });
    },
    async signIn(login, password = TEST_PASSWORD) {
      const res = await app.inject({
        method: "POST",
        url: "/api/auth/sign-in",
        headers: { origin: ORIGIN },
        payload: { login, password },
      });
      if (res.statusCode !== 200)
        throw new Error(`sign-in as ${login} failed: ${res.statusCode} ${res.body}`);
      return cookieFrom(res);
    },
    async listen() {
      await app.listen({ host: "127.0.0.1", port: 0 });
      const address = app.server.address();
      return `http://127.0.0.1:${typeof address === "object" && address ? address.port : 0}`;
    },
    mqtt: mqttParts?.mqtt,
    async close() {
      await mqttParts?.close();
      await app.close();
      await services.close();
      await database.close();
    },
  };
}

async function startTestMqtt(services: Services, clock: Clock | undefined) {
  const broker = testMqttUrl ? undefined : await startEmbeddedBroker(0, "127.0.0.1");
  const url = testMqttUrl ?? (broker as EmbeddedBroker).url;
  const prefix = `pdtest/${process.pid}-${randomBytes(3).toString("hex")}`;
  const ingest = new MqttIngest(services.outages, { url, prefix, ...(clock ? { now: clock } : {}) });
  await ingest.start();
  const publisher = await mqtt.connectAsync(url, {
    clientId: `pdtest-pub-${randomBytes(4).toString("hex")}`,
  });
  let published = 0;
  const mqttApi: TestMqtt = {
    url,
    prefix,
    ingest,
    async publish(topic, payload) {
      await publisher.publishAsync(
        `${prefix}/${topic}`,
        typeof payload === "string" ? payload : JSON.stringify(payload),
        {
          qos: 1,
        },
      );
      published++;
    },
    async settle() {
      // QoS 1 to the broker is acknowledged; wait until the subscriber has seen each one, then handled it.
      // Never go on without them: a test that then finds "nothing happened" would pass for the wrong reason.
      const deadline = Date.now() + 60_000;
      while (ingest.stats.received < published) {
        if (Date.now() > deadline)
          throw new Error(`the MQTT subscriber saw ${ingest.stats.received} of ${published} messages`);
        await new Promise((r) => setTimeout(r, 10));
      }
      await ingest.idle();
      await services.idle();
    },
  };
  return {
    mqtt: mqttApi,
    async close() {
      await publisher.endAsync();
      await ingest.close();
      await broker?.close();
    },
  };
}

export function cookieFrom(res: LightMyRequestResponse): string {
  const raw = res.headers["set-cookie"];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return (first ?? "").split(";")[0] ?? "";
}

/** Who a signed-in Cookie header is, for calling a service directly as that user. */
export async function principalOf(t: TestApp, cookieHeader: string): Promise<Principal> {
  const session = await t.services.auth.principalFromSession(cookieHeader.split("=")[1]?.split(";")[0] ?? "");
  if (!session) throw new Error("that cookie has no session");
  return session.principal;
}
