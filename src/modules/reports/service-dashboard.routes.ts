import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { type ExportColumn, sendExport } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import {
  type ServiceChildRow,
  ServiceDashboardDto,
  ServiceDashboardExportQuery,
  ServiceDashboardQuery,
} from "./service-dashboard.schemas.ts";
import type { ServiceDashboard } from "./service-dashboard.service.ts";

/** The service dashboard as the API answers it: dates as ISO strings. */
export function presentServiceDashboard(d: ServiceDashboard): ServiceDashboardDto {
  const coverage = <C extends { countedAt: Date | null }>(c: C) => ({
    ...c,
    countedAt: c.countedAt ? c.countedAt.toISOString() : null,
  });
  return {
    ...d,
    coverage: coverage(d.coverage),
    children: d.children.map((c) => ({ ...c, coverage: coverage(c.coverage) })),
  };
}

/** The child-units table's columns in a download, in the asker's language. */
const EXPORT_COLUMNS: readonly ExportColumn<ServiceChildRow>[] = [
  { header: { en: "Code", hi: "कोड" }, value: (r) => r.unit.code },
  { header: { en: "Unit", hi: "इकाई" }, value: (r) => r.unit.nameEn, width: 28 },
  { header: { en: "Unit (Hindi)", hi: "इकाई (हिंदी)" }, value: (r) => r.unit.nameHi, width: 28 },
  { header: { en: "Callbacks closed", hi: "बंद कॉलबैक" }, value: (r) => r.callbacks.closed },
  { header: { en: "Confirmed fixed %", hi: "ठीक होने की पुष्टि %" }, value: (r) => r.callbacks.confirmedPct },
  { header: { en: "Not fixed %", hi: "ठीक नहीं %" }, value: (r) => r.callbacks.notFixedPct },
  { header: { en: "Not reached %", hi: "संपर्क नहीं %" }, value: (r) => r.callbacks.notReachedPct },
  { header: { en: "Time rating", hi: "समय रेटिंग" }, value: (r) => r.callbacks.timeRating },
  { header: { en: "Overall rating", hi: "कुल रेटिंग" }, value: (r) => r.callbacks.overallRating },
  { header: { en: "Survey response %", hi: "सर्वे उत्तर %" }, value: (r) => r.survey?.responseRate ?? null },
  { header: { en: "Regular supply %", hi: "नियमित आपूर्ति %" }, value: (r) => r.survey?.regularSupply ?? null },
  { header: { en: "Interruptions", hi: "व्यवधान" }, value: (r) => r.reliability?.interruptions ?? null },
  { header: { en: "SAIFI", hi: "SAIFI" }, value: (r) => r.reliability?.saifi ?? null },
  { header: { en: "SAIDI (min)", hi: "SAIDI (मिनट)" }, value: (r) => r.reliability?.saidi ?? null },
  { header: { en: "CAIDI (min)", hi: "CAIDI (मिनट)" }, value: (r) => r.reliability?.caidi ?? null },
  { header: { en: "SMS delivered", hi: "SMS पहुँचे" }, value: (r) => r.sms.delivered },
  { header: { en: "SMS failed", hi: "SMS विफल" }, value: (r) => r.sms.failed },
  { header: { en: "SMS delivered %", hi: "SMS पहुँचे %" }, value: (r) => r.sms.deliveredPct },
  { header: { en: "Verified mobiles %", hi: "सत्यापित मोबाइल %" }, value: (r) => r.coverage.pct },
  {
    header: { en: "First reply, median (min)", hi: "पहला उत्तर, माध्यिका (मिनट)" },
    value: (r) => r.inbox.medianMinutes,
  },
  {
    header: { en: "First reply, 90th percentile (min)", hi: "पहला उत्तर, 90वाँ प्रतिशतक (मिनट)" },
    value: (r) => r.inbox.p90Minutes,
  },
];

async function* each<R>(rows: readonly R[]): AsyncGenerator<R> {
  for (const r of rows) yield r;
}

export function serviceDashboardRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/dashboards/service",
      {
        schema: {
          tags: ["reports"],
          summary:
            "The service dashboard of one unit for one month: callbacks, survey, outages, SMS, verified mobiles and the inbox's first replies, per child unit and month by month",
          querystring: ServiceDashboardQuery,
          response: { 200: ServiceDashboardDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        const d = await services.serviceDashboard.dashboard(p, request.query);
        return presentServiceDashboard(d);
      },
    );

    app.get(
      "/api/dashboards/service/export",
      {
        schema: {
          tags: ["reports"],
          summary: "The service dashboard's child units as CSV or XLSX",
          querystring: ServiceDashboardExportQuery,
          response: { ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const d = presentServiceDashboard(await services.serviceDashboard.dashboard(p, request.query));
        const name = p.language === "hi" ? d.unit.nameHi : d.unit.nameEn;
        return sendExport(reply, {
          format: request.query.format ?? "csv",
          filename: `service-${d.unit.code}-${d.month}`,
          language: p.language === "hi" ? "hi" : "en",
          columns: EXPORT_COLUMNS,
          rows: each(d.children),
          sheet: `service ${d.month}`,
          title: [
            p.language === "hi"
              ? `सेवा डैशबोर्ड: ${name}, ${d.month}`
              : `Service dashboard: ${name}, ${d.month}`,
          ],
          timeZone: services.timeZone,
        });
      },
    );
  };
}
