import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AuthContext } from "../../http/auth.ts";
import { ExportFile, fromArray, sendTable } from "../../http/export-route.ts";
import { type ExportColumn, ExportFormatQuery } from "../../http/exports.ts";
import { errors, Strict } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";

interface Row {
  dcCode: string;
  dcNameEn: string;
  dcNameHi: string;
  parentNameEn: string | null;
  consumers: number;
  verified: number;
}

const share = (r: Row) => (r.consumers === 0 ? 0 : (100 * r.verified) / r.consumers);

const columns: ExportColumn<Row>[] = [
  { header: { en: "DC", hi: "वितरण केंद्र" }, value: (r) => r.dcCode },
  { header: { en: "Name", hi: "नाम" }, value: (r) => r.dcNameEn, width: 24 },
  { header: { en: "Name (Hindi)", hi: "नाम (हिंदी)" }, value: (r) => r.dcNameHi, width: 24 },
  { header: { en: "Under", hi: "अधीन" }, value: (r) => r.parentNameEn, width: 24 },
  { header: { en: "Consumers", hi: "उपभोक्ता" }, value: (r) => r.consumers },
  { header: { en: "Verified mobile", hi: "सत्यापित मोबाइल" }, value: (r) => r.verified },
  { header: { en: "Share (%)", hi: "हिस्सा (%)" }, value: (r) => Math.round(share(r) * 10) / 10 },
];

/**
 * GET /api/sms/mobile-coverage/export: the SMS page's coverage table, in its
 * order (the lowest share first), and the total as its last line.
 */
export function coverageExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/sms/mobile-coverage/export",
      {
        schema: {
          tags: ["sms"],
          summary: "Verified-mobile coverage per DC of your jurisdiction, with the total, as CSV or XLSX",
          querystring: Type.Object({ format: Type.Optional(ExportFormatQuery) }, Strict),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { items } = await services.mobiles.coverage(p);
        const rows: Row[] = [...items].sort(
          (a, b) => share(a) - share(b) || a.dcCode.localeCompare(b.dcCode),
        );
        const total: Row = {
          dcCode: "",
          dcNameEn: "Total",
          dcNameHi: "कुल",
          parentNameEn: null,
          consumers: rows.reduce((s, r) => s + r.consumers, 0),
          verified: rows.reduce((s, r) => s + r.verified, 0),
        };
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: "sms-mobile-coverage",
          columns,
          rows: fromArray(Promise.resolve([...rows, total])),
        });
      },
    );
  };
}
