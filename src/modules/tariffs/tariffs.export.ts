import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, fromArray, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { presentTariff } from "./tariffs.routes.ts";
import { TariffListQuery } from "./tariffs.schemas.ts";

type Row = ReturnType<typeof presentTariff>;

const columns: ExportColumn<Row>[] = [
  { header: { en: "Category", hi: "श्रेणी" }, value: (r) => r.category },
  { header: { en: "Supply", hi: "आपूर्ति" }, value: (r) => r.supplyType },
  { header: { en: "Name", hi: "नाम" }, value: (r) => r.nameEn, width: 30 },
  { header: { en: "Name (Hindi)", hi: "नाम (हिंदी)" }, value: (r) => r.nameHi, width: 30 },
  { header: { en: "From", hi: "से" }, value: (r) => r.effectiveFrom, width: 12 },
  { header: { en: "To", hi: "तक" }, value: (r) => r.effectiveTo, width: 12 },
  { header: { en: "Fixed charge (Rs)", hi: "स्थायी प्रभार (रु)" }, value: (r) => r.fixedCharge },
  { header: { en: "Fixed charge per", hi: "स्थायी प्रभार किस पर" }, value: (r) => r.fixedBasis },
  {
    header: { en: "Energy rates (units: Rs/unit)", hi: "ऊर्जा दर (यूनिट: रु/यूनिट)" },
    value: (r) => r.slabs.map((s) => `${s.fromUnits}-${s.toUnits ?? ""}: ${s.rate}`).join("; "),
    width: 50,
  },
  {
    header: { en: "Duties and surcharges (%)", hi: "शुल्क और अधिभार (%)" },
    value: (r) => r.extras.map((e) => `${e.nameEn} ${e.percent}`).join("; "),
    width: 40,
  },
  { header: { en: "Updated", hi: "अद्यतन" }, value: (r) => at(r.updatedAt), width: 17 },
  { header: { en: "Updated by", hi: "किसने बदला" }, value: (r) => r.updatedBy },
];

/** GET /api/tariffs/export: the tariff table as asked (in force on a day, or every version). */
export function tariffsExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/tariffs/export",
      {
        schema: {
          tags: ["tariffs"],
          summary: "The tariff table as listed (same query) as CSV or XLSX",
          querystring: exportQuery(TariffListQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...q } = request.query;
        // One row per category and supply type (every version with all=true): not paged, as the list.
        const r = await services.tariffs.list(p, q);
        return sendTable(reply, p, services.timeZone, format, {
          filename: q.all ? "tariffs-all" : `tariffs-${r.date}`,
          columns,
          rows: fromArray(Promise.resolve(r.items.map(presentTariff))),
        });
      },
    );
  };
}
