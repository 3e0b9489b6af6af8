import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, fromArray, mapRows, sendTable } from "../../http/export-route.ts";
import { type ExportColumn, ExportFormatQuery } from "../../http/exports.ts";
import { errors, Strict } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentToken, presentUser } from "./users.routes.ts";
import { UserListQuery } from "./users.schemas.ts";

type UserRow = ReturnType<typeof presentUser> & { lockedUntil: string | null };
type TokenRow = ReturnType<typeof presentToken>;

const userColumns: ExportColumn<UserRow>[] = [
  { header: { en: "Login", hi: "लॉगिन" }, value: (u) => u.login, width: 20 },
  { header: { en: "Name", hi: "नाम" }, value: (u) => u.name, width: 24 },
  { header: { en: "Role", hi: "भूमिका" }, value: (u) => u.role },
  { header: { en: "Office", hi: "कार्यालय" }, value: (u) => u.orgUnit.code },
  { header: { en: "Office name", hi: "कार्यालय का नाम" }, value: (u) => u.orgUnit.nameEn, width: 24 },
  { header: { en: "Phone", hi: "फ़ोन" }, value: (u) => u.phone, width: 14 },
  { header: { en: "Language", hi: "भाषा" }, value: (u) => u.language },
  { header: { en: "Active", hi: "सक्रिय" }, value: (u) => u.active },
  { header: { en: "Locked until", hi: "लॉक कब तक" }, value: (u) => at(u.lockedUntil), width: 17 },
  { header: { en: "Last sign-in", hi: "अंतिम लॉगिन" }, value: (u) => at(u.lastLoginAt), width: 17 },
  { header: { en: "Created", hi: "बनाया गया" }, value: (u) => at(u.createdAt), width: 17 },
];

const tokenColumns: ExportColumn<TokenRow>[] = [
  { header: { en: "Name", hi: "नाम" }, value: (k) => k.name, width: 24 },
  { header: { en: "Prefix", hi: "उपसर्ग" }, value: (k) => k.prefix },
  { header: { en: "Scopes", hi: "अनुमतियाँ" }, value: (k) => k.scopes.join(" "), width: 40 },
  { header: { en: "Office", hi: "कार्यालय" }, value: (k) => k.orgCode },
  { header: { en: "Created by", hi: "किसने बनाया" }, value: (k) => k.createdBy },
  { header: { en: "Created", hi: "बनाया गया" }, value: (k) => at(k.createdAt), width: 17 },
  { header: { en: "Last used", hi: "अंतिम उपयोग" }, value: (k) => at(k.lastUsedAt), width: 17 },
  { header: { en: "Revoked", hi: "रद्द" }, value: (k) => at(k.revokedAt), width: 17 },
];

/** GET /api/users/export and /api/tokens/export (admins; tokens without their secrets, which are never stored). */
export function usersExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/users/export",
      {
        schema: {
          tags: ["users"],
          summary: "Users in your jurisdiction as filtered, every matching row, as CSV or XLSX",
          querystring: exportQuery(UserListQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { q, role, active, format } = request.query;
        const rows = services.users.listAll(p, {
          ...(q ? { q } : {}),
          ...(role ? { role } : {}),
          ...(active !== undefined ? { active } : {}),
        });
        const locked = await services.users.lockedLogins(p);
        return sendTable(reply, p, services.timeZone, format, {
          filename: "users",
          columns: userColumns,
          rows: mapRows(rows, (u) => ({
            ...presentUser(u),
            lockedUntil: locked.get(u.login)?.toISOString() ?? null,
          })),
        });
      },
    );

    app.get(
      "/api/tokens/export",
      {
        schema: {
          tags: ["tokens"],
          summary: "API tokens of your jurisdiction (names, prefixes, scopes; no secrets) as CSV or XLSX",
          querystring: Type.Object({ format: Type.Optional(ExportFormatQuery) }, Strict),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        // The token list is not paged (an office has a handful): the export is that same list.
        const tokens = await services.users.listTokens(p);
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: "api-tokens",
          columns: tokenColumns,
          rows: fromArray(Promise.resolve(tokens.map(presentToken))),
        });
      },
    );
  };
}
