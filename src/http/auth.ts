import type {} from "@fastify/cookie";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import type { Config } from "../config.ts";
import { AppError, unauthorized } from "../lib/errors.ts";
import type { Principal } from "../modules/access/principal.ts";
import type { Services } from "../modules/registry.ts";

export const SESSION_COOKIE = "pd_session";

declare module "fastify" {
  interface FastifyRequest {
    principalPromise?: Promise<{ principal: Principal; sessionId?: string } | undefined>;
  }
  interface FastifyContextConfig {
    /** false for webhooks: servers call them with a secret of their own, never a browser with our cookie. */
    originCheck?: boolean;
  }
}

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"]);

/** Whether a matched route template is one of ours under /api (undefined: no route matched, a 404). */
export function isApiRoute(routeUrl: string | undefined): boolean {
  return routeUrl !== undefined && (routeUrl === "/api" || routeUrl.startsWith("/api/"));
}

/**
 * An API token: `Bearer <token>`, or the password of HTTP Basic credentials
 * (telephony platforms call back to a URL with user:password in it and cannot
 * set a Bearer header; the user name is not used).
 */
function bearer(request: FastifyRequest): string | undefined {
  const h = request.headers.authorization;
  if (h?.startsWith("Basic ")) {
    const decoded = Buffer.from(h.slice(6).trim(), "base64").toString("utf8");
    const colon = decoded.indexOf(":");
    return colon >= 0 ? decoded.slice(colon + 1).trim() || undefined : undefined;
  }
  if (!h?.startsWith("Bearer ")) return undefined;
  return h.slice(7).trim() || undefined;
}

export interface AuthContext {
  /** The signed-in user or integration behind the request; 401 when there is none. */
  principal(request: FastifyRequest): Promise<Principal>;
  /** Same, with the session id (for sign-out and password change). */
  session(request: FastifyRequest): Promise<{ principal: Principal; sessionId?: string }>;
  setSessionCookie(request: FastifyRequest, reply: FastifyReply, token: string, expiresAt: Date): void;
  clearSessionCookie(request: FastifyRequest, reply: FastifyReply): void;
}

export function registerAuth(app: FastifyInstance, services: Services, config: Config): AuthContext {
  const secure = (request: FastifyRequest) =>
    config.cookieSecure === "always" || (config.cookieSecure === "auto" && request.protocol === "https");

  // Cross-site request forgery: a state-changing request carried by the session
  // cookie must come from our own pages. Browsers always send Origin on such
  // requests; integrations authenticate with a bearer token instead. Decided by
  // the route the router matched, never the raw URL: the router decodes
  // /%61pi/... to /api/..., a prefix test on request.url does not.
  app.addHook("onRequest", async (request) => {
    if (SAFE_METHODS.has(request.method) || bearer(request)) return;
    if (!isApiRoute(request.routeOptions.url)) return;
    if (request.routeOptions.config?.originCheck === false) return;
    let origin = request.headers.origin;
    if (!origin && request.headers.referer) {
      try {
        origin = new URL(request.headers.referer).origin;
      } catch {
        origin = undefined;
      }
    }
    if (!origin) throw new AppError(403, "origin_required", "state-changing requests need an Origin header");
    let own: string | undefined;
    try {
      // URL drops a default port, so http://host:80 and http://host compare equal.
      own = new URL(`${request.protocol}://${request.headers.host}`).origin;
    } catch {
      own = undefined;
    }
    if (origin !== own && !config.allowedOrigins.includes(origin)) {
      throw new AppError(403, "cross_origin", `requests from ${origin} are not allowed`);
    }
  });

  const resolve = (request: FastifyRequest) => {
    request.principalPromise ??= (async () => {
      const token = bearer(request);
      if (token) {
        const principal = await services.auth.principalFromToken(token);
        if (!principal) throw new AppError(401, "invalid_token", "the API token is unknown or revoked");
        return { principal };
      }
      const cookie = request.cookies[SESSION_COOKIE];
      if (!cookie) return undefined;
      const found = await services.auth.principalFromSession(cookie);
      return found ? { principal: found.principal, sessionId: found.sessionId } : undefined;
    })();
    return request.principalPromise;
  };

  return {
    async principal(request) {
      const found = await resolve(request);
      if (!found) throw unauthorized("sign in first (or your session has ended)");
      return found.principal;
    },
    async session(request) {
      const found = await resolve(request);
      if (!found) throw unauthorized("sign in first (or your session has ended)");
      return found;
    },
    setSessionCookie(request, reply, token, expiresAt) {
      reply.setCookie(SESSION_COOKIE, token, {
        httpOnly: true,
        sameSite: "lax",
        secure: secure(request),
        path: "/",
        expires: expiresAt,
      });
    },
    clearSessionCookie(request, reply) {
      reply.clearCookie(SESSION_COOKIE, {
        httpOnly: true,
        sameSite: "lax",
        secure: secure(request),
        path: "/",
      });
    },
  };
}
