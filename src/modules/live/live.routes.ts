import type { ServerResponse } from "node:http";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Gauge } from "prom-client";
import { type AuthContext, SESSION_COOKIE } from "../../http/auth.ts";
import { mobileView } from "../../http/mobile-view.ts";
import { errors } from "../../http/schemas.ts";
import { forbidden } from "../../lib/errors.ts";
import { can, type Principal } from "../access/principal.ts";
import type { Services } from "../registry.ts";
import { SnapshotDto } from "./live.schemas.ts";

/** How often an open stream pings (proxies close silent connections). */
const PING_MS = 15_000;
/** How often it re-checks its sign-in besides the message a session end sends (so within 5 s in any case). */
const RECHECK_MS = 4_000;

export function liveRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    const streams = new Set<ServerResponse>();
    new Gauge({
      name: "powerdesk_live_streams",
      help: "Open live-event streams (wallboards and home pages)",
      registers: [app.metrics],
      collect() {
        this.set(streams.size);
      },
    });
    // Open streams would hold a graceful shutdown for ever: end them first (the pages reconnect).
    app.addHook("preClose", async () => {
      for (const s of streams) s.end();
      streams.clear();
    });

    const allowed = (p: Principal) => {
      if (!can(p, "outages.read") && !can(p, "complaints.read")) throw forbidden();
    };

    app.get(
      "/api/wallboard",
      {
        schema: {
          tags: ["live"],
          summary: "What the wallboard shows now: live outages (largest first) and the counters",
          response: { 200: SnapshotDto, ...errors(401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        allowed(p);
        return services.live.snapshot(p);
      },
    );

    app.get(
      "/api/events",
      {
        schema: {
          tags: ["live"],
          summary: "Live events (Server-Sent Events) in your jurisdiction",
          description:
            "`snapshot` on connect (and whenever the server may have missed changes): the live outages and counters; " +
            "`outage`: one outage changed (opened, ETR, acknowledged, restored...); `counters`: fresh counts, at most " +
            "once a second. The stream pings every 15 s; the browser's EventSource reconnects by itself and gets a new snapshot.",
          produces: ["text/event-stream"],
          response: { ...errors(401, 403) },
        },
      },
      async (request, reply) => {
        const { principal: p, sessionId } = await auth.session(request);
        allowed(p);
        const cookie = request.cookies[SESSION_COOKIE];
        const bearer = request.headers.authorization?.startsWith("Bearer ")
          ? request.headers.authorization.slice(7).trim()
          : undefined;
        reply.hijack();
        const res = reply.raw;
        res.writeHead(200, {
          "content-type": "text/event-stream; charset=utf-8",
          "cache-control": "no-store",
          connection: "keep-alive",
          "x-accel-buffering": "no",
          "x-content-type-options": "nosniff",
        });
        res.write("retry: 1000\n\n");
        streams.add(res);
        let seq = 0;
        let closed = false;
        const send = (event: string, data: unknown) => {
          if (!closed)
            res.write(`id: ${++seq}\nevent: ${event}\ndata: ${JSON.stringify(mobileView(p, data))}\n\n`);
        };
        // The session ended: say so (the page goes to sign-in instead of reconnecting) and close.
        const endSignedOut = () => {
          if (closed) return;
          send("signed_out", {});
          closed = true;
          res.end();
        };
        const alive = async () => {
          if (closed) return false;
          const found = bearer
            ? await services.auth.principalFromToken(bearer)
            : cookie
              ? await services.auth.principalFromSession(cookie)
              : undefined;
          if (!found) endSignedOut();
          return Boolean(found);
        };
        const client = { principal: p, ...(sessionId ? { sessionId } : {}), send, alive, end: endSignedOut };
        const ping = setInterval(() => res.write(": ping\n\n"), PING_MS);
        // A session can also lapse (idle or absolute expiry) or a token be revoked with no message: look again.
        const recheck = setInterval(() => void alive().catch(() => {}), RECHECK_MS);
        let detach: () => void = () => {};
        const end = () => {
          closed = true;
          clearInterval(ping);
          clearInterval(recheck);
          detach();
          streams.delete(res);
        };
        res.on("close", end);
        detach = await services.live.attach(client);
        if (closed) detach();
      },
    );
  };
}
