import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors, IdParam, NoContent } from "../../http/schemas.ts";
import type { Principal } from "../access/principal.ts";
import type { Services } from "../registry.ts";
import type { TokenRow } from "./tokens.repository.ts";
import type { UserWithOrg } from "./users.repository.ts";
import {
  ChangePasswordBody,
  CreateTokenBody,
  CreateUserBody,
  MeResponse,
  SetPasswordBody,
  SignInBody,
  TokenCreated,
  TokenList,
  UnlockResult,
  UpdateMeBody,
  UpdateUserBody,
  UserDto,
  UserEventList,
  UserList,
  UserListQuery,
} from "./users.schemas.ts";

function presentMe(p: Principal, user: UserWithOrg, timeZone: string) {
  return {
    id: p.id,
    login: user.login,
    name: user.name,
    role: user.role,
    language: user.language,
    onDuty: user.on_duty,
    orgUnit: { code: user.org_code, kind: user.org_kind, nameEn: user.org_name_en, nameHi: user.org_name_hi },
    permissions: [...p.permissions],
    timeZone,
  };
}

export function presentUser(u: UserWithOrg) {
  return {
    id: u.id,
    login: u.login,
    name: u.name,
    role: u.role,
    phone: u.phone,
    language: u.language,
    active: u.active,
    orgUnit: { code: u.org_code, kind: u.org_kind, nameEn: u.org_name_en, nameHi: u.org_name_hi },
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
    createdAt: u.created_at.toISOString(),
  };
}

export function presentToken(t: TokenRow) {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    scopes: t.scopes,
    orgCode: t.org_code,
    createdBy: t.created_by_login,
    createdAt: t.created_at.toISOString(),
    lastUsedAt: t.last_used_at?.toISOString() ?? null,
    revokedAt: t.revoked_at?.toISOString() ?? null,
  };
}

export function usersRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.post(
      "/api/auth/sign-in",
      {
        schema: {
          tags: ["auth"],
          summary: "Sign in with login and password; sets an HTTP-only session cookie",
          body: SignInBody,
          response: { 200: MeResponse, ...errors(400, 401, 403, 429) },
        },
      },
      async (request, reply) => {
        const result = await services.auth.signIn(request.body.login, request.body.password, request.ip);
        auth.setSessionCookie(request, reply, result.token, result.expiresAt);
        const user = await services.users.self(result.principal);
        return { user: presentMe(result.principal, user, services.timeZone) };
      },
    );

    app.post(
      "/api/auth/sign-out",
      { schema: { tags: ["auth"], summary: "End this session", response: { 204: NoContent } } },
      async (request, reply) => {
        const cookie = request.cookies.pd_session;
        if (cookie) await services.auth.signOut(cookie);
        auth.clearSessionCookie(request, reply);
        return reply.status(204).send(null);
      },
    );

    app.get(
      "/api/auth/me",
      {
        schema: {
          tags: ["auth"],
          summary: "The signed-in user, his jurisdiction and permissions",
          response: { 200: MeResponse, ...errors(401) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return { user: presentMe(p, await services.users.self(p), services.timeZone) };
      },
    );

    app.post(
      "/api/auth/password",
      {
        schema: {
          tags: ["auth"],
          summary: "Change your own password; your other sessions end",
          body: ChangePasswordBody,
          response: { 204: NoContent, ...errors(400, 401) },
        },
      },
      async (request, reply) => {
        const { principal, sessionId } = await auth.session(request);
        await services.auth.changePassword(
          principal,
          request.body.currentPassword,
          request.body.newPassword,
          sessionId ?? "",
        );
        return reply.status(204).send(null);
      },
    );

    app.patch(
      "/api/auth/me",
      {
        schema: {
          tags: ["auth"],
          summary: "Change your own preferences: screen language, and for linemen whether they are on duty",
          body: UpdateMeBody,
          response: { 200: MeResponse, ...errors(400, 401) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const user = await services.users.updateOwn(p, request.body);
        return { user: presentMe(p, user, services.timeZone) };
      },
    );

    // Users (admins, within their jurisdiction)

    app.get(
      "/api/users",
      {
        schema: {
          tags: ["users"],
          summary: "Users in your jurisdiction",
          querystring: UserListQuery,
          response: { 200: UserList, ...errors(400, 401, 403) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const { q, role, active, limit, offset } = request.query;
        const r = await services.users.list(p, {
          ...(q ? { q } : {}),
          ...(role ? { role } : {}),
          ...(active !== undefined ? { active } : {}),
          limit,
          offset,
        });
        const locked = await services.users.lockedLogins(p);
        return {
          items: r.items.map((u) => ({
            ...presentUser(u),
            lockedUntil: locked.get(u.login)?.toISOString() ?? null,
          })),
          total: r.total,
        };
      },
    );

    app.post(
      "/api/users",
      {
        schema: {
          tags: ["users"],
          summary: "Create a user",
          body: CreateUserBody,
          response: { 201: UserDto, ...errors(400, 401, 403, 409) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const user = await services.users.create(p, request.body);
        return reply.status(201).send(presentUser(user));
      },
    );

    app.get(
      "/api/users/:id",
      {
        schema: {
          tags: ["users"],
          summary: "One user",
          params: IdParam,
          response: { 200: UserDto, ...errors(401, 403, 404) },
        },
      },
      async (request) =>
        presentUser(await services.users.get(await auth.principal(request), request.params.id)),
    );

    app.patch(
      "/api/users/:id",
      {
        schema: {
          tags: ["users"],
          summary: "Change a user's name, role, org unit, phone, language or active flag",
          params: IdParam,
          body: UpdateUserBody,
          response: { 200: UserDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        presentUser(
          await services.users.update(await auth.principal(request), request.params.id, request.body),
        ),
    );

    app.post(
      "/api/users/:id/unlock",
      {
        schema: {
          tags: ["users"],
          summary:
            "Let a login locked by failed sign-ins in again, from every address (recorded in its events)",
          params: IdParam,
          response: { 200: UnlockResult, ...errors(401, 403, 404) },
        },
      },
      async (request) => services.users.unlock(await auth.principal(request), request.params.id),
    );

    app.get(
      "/api/users/:id/events",
      {
        schema: {
          tags: ["users"],
          summary: "What was done to this account and by whom, newest first",
          params: IdParam,
          response: { 200: UserEventList, ...errors(401, 403, 404) },
        },
      },
      async (request) => ({
        items: (await services.users.events(await auth.principal(request), request.params.id)).map((e) => ({
          id: Number(e.id),
          kind: e.kind,
          by: e.by_name,
          detail: e.detail,
          at: new Date(e.at).toISOString(),
        })),
      }),
    );

    app.post(
      "/api/users/:id/password",
      {
        schema: {
          tags: ["users"],
          summary: "Set a new password for a user; his sessions end",
          params: IdParam,
          body: SetPasswordBody,
          response: { 204: NoContent, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        await services.users.resetPassword(
          await auth.principal(request),
          request.params.id,
          request.body.password,
        );
        return reply.status(204).send(null);
      },
    );

    // Integration tokens

    app.get(
      "/api/tokens",
      {
        schema: {
          tags: ["tokens"],
          summary: "API tokens for integrations in your jurisdiction",
          response: { 200: TokenList, ...errors(401, 403) },
        },
      },
      async (request) => ({
        items: (await services.users.listTokens(await auth.principal(request))).map(presentToken),
      }),
    );

    app.post(
      "/api/tokens",
      {
        schema: {
          tags: ["tokens"],
          summary: "Create an API token; the secret is returned this once",
          body: CreateTokenBody,
          response: { 201: TokenCreated, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const r = await services.users.createToken(await auth.principal(request), request.body);
        return reply.status(201).send({ token: presentToken(r.token), secret: r.secret });
      },
    );

    app.delete(
      "/api/tokens/:id",
      {
        schema: {
          tags: ["tokens"],
          summary: "Revoke an API token",
          params: IdParam,
          response: { 204: NoContent, ...errors(401, 403, 404) },
        },
      },
      async (request, reply) => {
        await services.users.revokeToken(await auth.principal(request), request.params.id);
        return reply.status(204).send(null);
      },
    );
  };
}
