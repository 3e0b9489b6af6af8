import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import fastifyCookie from "@fastify/cookie";
import fastifyStatic from "@fastify/static";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import type { TypeBoxTypeProvider } from "@fastify/type-provider-typebox";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { sql } from "kysely";
import type { Logger } from "pino";
import type { Config } from "../config.ts";
import type { Database } from "../db/database.ts";
import { billingRoutes } from "../modules/billing/billing.routes.ts";
import { channelsRoutes } from "../modules/channels/channels.routes.ts";
import { inboxRoutes } from "../modules/channels/inbox.routes.ts";
import { complaintsRoutes } from "../modules/complaints/complaints.routes.ts";
import { connectionsRoutes } from "../modules/connections/connections.routes.ts";
import { connectionsAdminRoutes } from "../modules/connections/connections-admin.routes.ts";
import { consumersRoutes } from "../modules/consumers/consumers.routes.ts";
import { tableExportRoutes } from "../modules/exports.routes.ts";
import { callbacksRoutes } from "../modules/feedback/callbacks.routes.ts";
import { surveyRoutes } from "../modules/feedback/survey.routes.ts";
import { ivrRoutes } from "../modules/ivr/ivr.routes.ts";
import { kbRoutes } from "../modules/kb/kb.routes.ts";
import { liveRoutes } from "../modules/live/live.routes.ts";
import { networkRoutes } from "../modules/network/network.routes.ts";
import { notificationsRoutes } from "../modules/notifications/notifications.routes.ts";
import { smsWebhookRoutes } from "../modules/notifications/sms-webhook.routes.ts";
import { OPEN311_PREFIX, open311NotFound, open311Routes } from "../modules/open311/open311.routes.ts";
import { orgRoutes } from "../modules/org/org.routes.ts";
import { outagesRoutes } from "../modules/outages/outages.routes.ts";
import { portalRoutes } from "../modules/portal/portal.routes.ts";
import type { Services } from "../modules/registry.ts";
import { compensationRoutes } from "../modules/reports/compensation.routes.ts";
import { dashboardRoutes } from "../modules/reports/dashboard.routes.ts";
import { registerRollupMetrics } from "../modules/reports/rollups.metrics.ts";
import { RollupsRepository } from "../modules/reports/rollups.repository.ts";
import { schedulesRoutes } from "../modules/reports/schedules.routes.ts";
import { serviceDashboardRoutes } from "../modules/reports/service-dashboard.routes.ts";
import { sopRoutes } from "../modules/reports/sop.routes.ts";
import { tariffsRoutes } from "../modules/tariffs/tariffs.routes.ts";
import { trackingRoutes } from "../modules/tracking/tracking.routes.ts";
import { usersRoutes } from "../modules/users/users.routes.ts";
import { isApiRoute, registerAuth } from "./auth.ts";
import { errorHandler } from "./errors.ts";
import { registerMetrics } from "./metrics.ts";
import { registerMobileMasking } from "./mobile-view.ts";
import { trustProxyFn } from "./proxy.ts";
import { ErrorResponse } from "./schemas.ts";
import { registerInputGuards, validatorCompiler } from "./validation.ts";

export const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../web/dist");

export interface ServerDeps {
  config: Config;
  database: Database;
  services: Services;
  logger: Logger;
  /** Where the built web app is; defaults to web/dist. */
  webDist?: string;
}

const VERSION = "0.1.0";

export async function buildServer(deps: ServerDeps): Promise<FastifyInstance> {
  const { config, database, services } = deps;
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    trustProxy: trustProxyFn(config.trustProxy),
    bodyLimit: 1024 * 1024,
    // Requests are logged by the onResponse hook below (route template, status, time), once.
    disableRequestLogging: true,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setErrorHandler(errorHandler);
  // JSON only: a text/plain body is a 415, not a string that fails validation.
  app.removeContentTypeParser(["text/plain"]);
  app.addSchema(ErrorResponse);
  registerMobileMasking(app);
  registerInputGuards(app);

  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: {
        title: "PowerDesk API",
        version: VERSION,
        description:
          "Complaint, outage and consumer-feedback desk for electricity distribution companies. " +
          "Browsers sign in with a session cookie; integrations send `Authorization: Bearer <token>`. " +
          "Errors are `{ error, message, field? }`.",
      },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "pd_session" },
          token: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { token: [] }],
    },
    refResolver: { buildLocalReference: (json, _base, _fragment, i) => String(json.$id ?? `def-${i}`) },
  });
  await app.register(fastifySwaggerUi, { routePrefix: "/api/docs", staticCSP: true });

  const metrics = registerMetrics(app, config.metricsToken);
  registerRollupMetrics(metrics, new RollupsRepository(database.db));
  app.addHook("onResponse", async (request, reply) => {
    const level = reply.statusCode >= 500 ? "error" : "info";
    request.log[level](
      {
        route: request.routeOptions.url ?? "(no route)",
        method: request.method,
        status: reply.statusCode,
        ms: Math.round(reply.elapsedTime),
      },
      "request",
    );
  });
  app.decorate("metrics", metrics);

  // Basic hardening for every response; the API docs set their own CSP.
  app.addHook("onSend", async (request, reply, payload) => {
    reply.header("x-content-type-options", "nosniff");
    reply.header("referrer-policy", "same-origin");
    if (!request.url.startsWith("/api/docs")) {
      reply.header("x-frame-options", "DENY");
      reply.header(
        "content-security-policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; connect-src 'self'; frame-ancestors 'none'",
      );
    }
    if (isApiRoute(request.routeOptions.url) || request.url.startsWith("/api/"))
      reply.header("cache-control", "no-store");
    return payload;
  });

  app.get(
    "/api/health",
    {
      schema: {
        tags: ["system"],
        summary: "Liveness and database reachability",
        security: [],
      },
    },
    async (_request, reply) => {
      try {
        await sql`select 1`.execute(database.db);
        return { status: "ok", database: database.kind };
      } catch {
        return reply.status(503).send({ status: "error", database: database.kind });
      }
    },
  );
  app.get("/api/openapi.json", { schema: { hide: true } }, async () => app.swagger());

  const auth = registerAuth(app, services, config);
  await app.register(usersRoutes(services, auth));
  await app.register(consumersRoutes(services, auth));
  await app.register(billingRoutes(services, auth));
  await app.register(orgRoutes(services, auth));
  await app.register(complaintsRoutes(services, auth));
  await app.register(outagesRoutes(services, auth));
  await app.register(liveRoutes(services, auth));
  await app.register(networkRoutes(services, auth));
  await app.register(notificationsRoutes(services, auth));
  await app.register(callbacksRoutes(services, auth));
  await app.register(surveyRoutes(services, auth));
  await app.register(smsWebhookRoutes(deps));
  await app.register(open311Routes(services, config.publicUrl), { prefix: OPEN311_PREFIX });
  await app.register(ivrRoutes(services, auth));
  await app.register(inboxRoutes(services, auth));
  await app.register(kbRoutes(services, auth));
  await app.register(portalRoutes(services, config, auth));
  await app.register(channelsRoutes(services));
  await app.register(serviceDashboardRoutes(services, auth));
  await app.register(connectionsRoutes(services, auth));
  await app.register(trackingRoutes(services));
  await app.register(tariffsRoutes(services, auth));
  await app.register(connectionsAdminRoutes(services, auth));
  await app.register(schedulesRoutes(services, auth));
  await app.register(tableExportRoutes(services, auth));
  await app.register(dashboardRoutes(services, auth));
  await app.register(sopRoutes(services, auth));
  await app.register(compensationRoutes(services, auth));

  const webDist = deps.webDist ?? WEB_DIST;
  const hasWeb = fs.existsSync(path.join(webDist, "index.html"));
  const hasPortal = fs.existsSync(path.join(webDist, "portal.html"));
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: "/",
      index: ["index.html"],
      cacheControl: false,
    });
    app.addHook("onSend", async (request, reply, payload) => {
      // Hashed assets never change; the page itself must always be revalidated.
      if (request.url.startsWith("/assets/"))
        reply.header("cache-control", "public, max-age=31536000, immutable");
      return payload;
    });
  }

  app.setNotFoundHandler(async (request, reply) => {
    if (request.url.startsWith(`${OPEN311_PREFIX}/`)) return open311NotFound(request, reply);
    const apiLike = /^\/(api|open311|metrics)(\/|$)/.test(request.url);
    // The consumer portal is its own light page (web/portal.html) at /portal/...; its service
    // worker caches the page with a plain fetch (no text/html in Accept).
    if (request.method === "GET" && hasWeb && /^\/portal(\/|\?|$)/.test(request.url) && hasPortal)
      return reply.type("text/html").sendFile("portal.html");
    if (
      !apiLike &&
      request.method === "GET" &&
      hasWeb &&
      (request.headers.accept ?? "").includes("text/html")
    ) {
      // Client-side routes (/consumers/123) load the single-page app.
      return reply.type("text/html").sendFile("index.html");
    }
    if (!apiLike && request.method === "GET" && !hasWeb && request.url === "/") {
      return reply
        .type("text/html")
        .send("<p>PowerDesk API is running. The web app is not built: run <code>npm run build</code>.</p>");
    }
    return reply
      .status(404)
      .send({ error: "not_found", message: `no route ${request.method} ${request.url.split("?")[0]}` });
  });

  return app;
}

declare module "fastify" {
  interface FastifyInstance {
    metrics: import("prom-client").Registry;
  }
}
