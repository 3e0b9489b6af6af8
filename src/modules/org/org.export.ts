import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { OrgUnit } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { ExportFile, exportQuery, mapRows, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { OrgTreeQuery } from "./org.schemas.ts";

interface Row {
  code: string;
  kind: string;
  nameEn: string;
  nameHi: string;
  parentCode: string | null;
  level: number;
}

/** A unit as the offices file lists it: its parent and depth read from its path (/MPEZ/JBP/JBPC1/). */
function presentUnit(u: OrgUnit): Row {
  const codes = u.path.split("/").filter(Boolean);
  return {
    code: u.code,
    kind: u.kind,
    nameEn: u.name_en,
    nameHi: u.name_hi,
    parentCode: codes.length > 1 ? (codes[codes.length - 2] ?? null) : null,
    level: codes.length,
  };
}

const columns: ExportColumn<Row>[] = [
  { header: { en: "Code", hi: "कोड" }, value: (u) => u.code },
  { header: { en: "Kind", hi: "प्रकार" }, value: (u) => u.kind },
  { header: { en: "Name", hi: "नाम" }, value: (u) => u.nameEn, width: 30 },
  { header: { en: "Name (Hindi)", hi: "नाम (हिंदी)" }, value: (u) => u.nameHi, width: 30 },
  { header: { en: "Under", hi: "अधीन" }, value: (u) => u.parentCode },
  { header: { en: "Level", hi: "स्तर" }, value: (u) => u.level },
];

/** GET /api/org-units/export: the office shown on the org page and every office below it. */
export function orgExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/org-units/export",
      {
        schema: {
          tags: ["org"],
          summary:
            "An office of your jurisdiction (yours when no code is given) and every office below it, each followed by its own, as CSV or XLSX",
          querystring: exportQuery(OrgTreeQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { unit, rows } = await services.org.subtree(p, request.query.code);
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: `offices-${unit.code}`,
          columns,
          rows: mapRows(rows, presentUnit),
        });
      },
    );
  };
}
