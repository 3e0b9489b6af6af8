import { PassThrough } from "node:stream";
import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { SopQuery, SopReportDto, SopRowsDto, SopRowsInput } from "./sop.schemas.ts";
import type { SopService } from "./sop.service.ts";
import { writeSopXlsx } from "./sop.xlsx.ts";

type Rows = Awaited<ReturnType<SopService["rows"]>>;

/** The rows as the API shows them, with who saved them last. */
export function presentSopRows(r: Rows) {
  const last = r.rows.reduce<(typeof r.rows)[number] | undefined>(
    (a, x) => (!a || x.updated_at > a.updated_at ? x : a),
    undefined,
  );
  return {
    rows: r.rows.map((x) => ({
      code: x.code,
      labelEn: x.label_en,
      labelHi: x.label_hi,
      source: x.source,
      categoryCodes: x.category_codes,
      standardEn: x.standard_en,
      standardHi: x.standard_hi,
      active: x.active,
    })),
    categories: r.categories,
    updatedAt: last ? last.updated_at.toISOString() : null,
    updatedBy: last?.updated_by ?? null,
    changes: r.changes.map((c) => ({ at: c.at.toISOString(), by: c.actor_name })),
  };
}

const fileName = (r: { period: { code: string }; unit: { code: string } }) =>
  `sop-${r.unit.code}-${r.period.code}`.replace(/[^A-Za-z0-9_-]/g, "_");

/** The regulator's SoP compliance report: JSON, PDF and XLSX; and its rows (a state's format). */
export function sopRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/reports/sop",
      {
        schema: {
          tags: ["reports"],
          summary:
            "The SoP compliance report of an office for a quarter or month (reports.regulator): per service × urban/rural/total, pending, received, redressed within and beyond the standard, % compliance, compensation; reliability indices",
          querystring: SopQuery,
          response: { 200: SopReportDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => services.sop.report(await auth.principal(request), request.query),
    );

    app.get(
      "/api/reports/sop.pdf",
      {
        schema: {
          tags: ["reports"],
          summary: "The SoP compliance report as a landscape PDF in the commission's form, both languages",
          querystring: SopQuery,
          response: { 200: Type.Unknown(), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const { report, pdf } = await services.sop.pdf(await auth.principal(request), request.query);
        return reply
          .header("content-type", "application/pdf")
          .header("content-disposition", `attachment; filename="${fileName(report)}.pdf"`)
          .header("cache-control", "no-store")
          .send(pdf);
      },
    );

    app.get(
      "/api/reports/sop.xlsx",
      {
        schema: {
          tags: ["reports"],
          summary:
            "The SoP compliance report as an Excel workbook (streamed): the form with merged headings, and the reliability indices",
          querystring: SopQuery,
          response: { 200: Type.Unknown(), ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const report = await services.sop.report(await auth.principal(request), request.query);
        const body = new PassThrough();
        writeSopXlsx(report, report.language, body).catch((err: unknown) => {
          reply.log.error({ err }, "SoP workbook failed while streaming");
          body.destroy(err instanceof Error ? err : new Error(String(err)));
        });
        return reply
          .header("content-type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
          .header("content-disposition", `attachment; filename="${fileName(report)}.xlsx"`)
          .header("cache-control", "no-store")
          .send(body);
      },
    );

    app.get(
      "/api/reports/sop/rows",
      {
        schema: {
          tags: ["reports"],
          summary:
            "The SoP report's rows (reports.configure or reports.regulator) and the categories they may count",
          response: { 200: SopRowsDto, ...errors(401, 403) },
        },
      },
      async (request) => presentSopRows(await services.sop.rows(await auth.principal(request))),
    );

    app.put(
      "/api/reports/sop/rows",
      {
        schema: {
          tags: ["reports"],
          summary:
            "Replace the SoP report's rows, in order (reports.configure); each save is recorded with who made it and the rows before and after",
          body: SopRowsInput,
          response: { 200: SopRowsDto, ...errors(400, 401, 403) },
        },
      },
      async (request) =>
        presentSopRows(await services.sop.saveRows(await auth.principal(request), request.body.rows)),
    );
  };
}
