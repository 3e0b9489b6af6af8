import { Writable } from "node:stream";
import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from "fastify";
import { loadConfig } from "../../src/config.ts";
import type { Database } from "../../src/db/database.ts";
import { buildServer } from "../../src/http/server.ts";
import type { Clock } from "../../src/lib/clock.ts";
import { createLogger } from "../../src/lib/logger.ts";
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
  close(): Promise<void>;
}

/** The whole server on a fresh test database, driven with app.inject(). */
export async function createTestApp(
  options: { clock?: Clock; database?: Database; webDist?: string } = {},
): Promise<TestApp> {
  const database = options.database ?? (await createTestDatabase());
  const repos = createRepositories(database);
  const services = createServices(database, repos, options.clock ? { clock: options.clock } : {});
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig({ DATA_DIR: "/nonexistent", LOG_LEVEL: "info" });
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
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export function cookieFrom(res: LightMyRequestResponse): string {
  const raw = res.headers["set-cookie"];
  const first = Array.isArray(raw) ? raw[0] : raw;
  return (first ?? "").split(";")[0] ?? "";
}
