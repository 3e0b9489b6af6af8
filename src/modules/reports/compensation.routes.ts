import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { type ExportColumn, sendExport } from "../../http/exports.ts";
import { errors, IdParam } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import type { CompensationRow } from "./compensation.repository.ts";
import {
  CompensationEntryDto,
  CompensationExportQuery,
  CompensationList,
  CompensationListQuery,
  CreditsResult,
  WaiveInput,
} from "./compensation.schemas.ts";

/** An entry as the API shows it. */
export function presentEntry(r: CompensationRow): CompensationEntryDto {
  return {
    id: r.id,
    source: r.source,
    consumerNo: r.consumer_no,
    consumerName: r.consumer_name,
    reference: r.complaint_number ?? r.application_number,
    dc: r.dc_code,
    category: r.category_code,
    areaType: r.area_type,
    breachedAt: r.breached_at.toISOString(),
    dueRs: r.due_rs,
    creditedRs: r.credited_rs,
    creditedAt: r.credited_at ? r.credited_at.toISOString() : null,
    status: r.status,
    waiveReason: r.waive_reason,
  };
}

const STATUS_NAMES: Record<CompensationRow["status"], { en: string; hi: string }> = {
  due: { en: "due", hi: "देय" },
  part_credited: { en: "part credited", hi: "आंशिक जमा" },
  credited: { en: "credited", hi: "जमा" },
  waived: { en: "waived", hi: "माफ़" },
};

/** The register's columns in a download. */
const REGISTER_COLUMNS = (language: "hi" | "en"): ExportColumn<CompensationRow>[] => [
  { header: { en: "Entry", hi: "प्रविष्टि" }, value: (r) => r.id, width: 10 },
  { header: { en: "Consumer no.", hi: "उपभोक्ता क्र." }, value: (r) => r.consumer_no, width: 14 },
  { header: { en: "Consumer", hi: "उपभोक्ता" }, value: (r) => r.consumer_name, width: 24 },
  {
    header: { en: "Complaint / application", hi: "शिकायत / आवेदन" },
    value: (r) => r.complaint_number ?? r.application_number,
    width: 18,
  },
  { header: { en: "DC", hi: "वितरण केंद्र" }, value: (r) => r.dc_code, width: 10 },
  { header: { en: "Category", hi: "श्रेणी" }, value: (r) => r.category_code, width: 16 },
  { header: { en: "Area", hi: "क्षेत्र" }, value: (r) => r.area_type, width: 8 },
  { header: { en: "Breached at", hi: "उल्लंघन समय" }, value: (r) => r.breached_at, width: 18 },
  { header: { en: "Due (Rs)", hi: "देय (रु)" }, value: (r) => r.due_rs, width: 10 },
  { header: { en: "Credited (Rs)", hi: "जमा (रु)" }, value: (r) => r.credited_rs, width: 12 },
  { header: { en: "Status", hi: "स्थिति" }, value: (r) => STATUS_NAMES[r.status][language], width: 14 },
];

/** The billing file: billing credits each line and echoes entry_id back in its credits file. */
const BILLING_COLUMNS: ExportColumn<CompensationRow>[] = [
  { header: { en: "consumer_no", hi: "consumer_no" }, value: (r) => r.consumer_no },
  { header: { en: "entry_id", hi: "entry_id" }, value: (r) => r.id },
  { header: { en: "amount_rs", hi: "amount_rs" }, value: (r) => r.due_rs - r.credited_rs },
  {
    header: { en: "complaint_or_application", hi: "complaint_or_application" },
    value: (r) => r.complaint_number ?? r.application_number,
  },
  { header: { en: "breached_on", hi: "breached_on" }, value: (r) => r.breached_at },
];

/** The compensation register: list, downloads, billing's credits, waivers. */
export function compensationRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.addContentTypeParser(
      "text/csv",
      { parseAs: "string", bodyLimit: 20 * 1024 * 1024 },
      (_request, body, done) => done(null, body),
    );

    app.get(
      "/api/compensation",
      {
        schema: {
          tags: ["compensation"],
          summary:
            "The compensation register (compensation.read): each breach, the consumer, what is due and credited, newest first, a page at a time; totals on the first page",
          querystring: CompensationListQuery,
          response: { 200: CompensationList, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) => {
        const r = await services.compensation.list(await auth.principal(request), request.query);
        return {
          items: r.items.map(presentEntry),
          totals: r.totals
            ? {
                entries: r.totals.entries,
                dueRs: r.totals.due_rs,
                creditedRs: r.totals.credited_rs,
                outstandingRs: r.totals.outstanding_rs,
                waivedRs: r.totals.waived_rs,
              }
            : null,
          next: r.next,
        };
      },
    );

    app.get(
      "/api/compensation/export",
      {
        schema: {
          tags: ["compensation"],
          summary:
            "The register as filtered, as CSV or XLSX (streamed); format=billing: the CSV for the billing system (consumer_no, entry_id, amount still due)",
          querystring: CompensationExportQuery,
          response: { ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const { format, ...q } = request.query;
        if (format === "billing") {
          const rows = await services.compensation.billingRows(p, q);
          return sendExport(reply, {
            format: "csv",
            filename: "compensation-billing",
            language: "en",
            columns: BILLING_COLUMNS,
            rows,
            timeZone: services.timeZone,
          });
        }
        const rows = await services.compensation.rows(p, q);
        return sendExport(reply, {
          format,
          filename: "compensation-register",
          language: p.language,
          columns: REGISTER_COLUMNS(p.language),
          rows,
          sheet: "Compensation",
          timeZone: services.timeZone,
        });
      },
    );

    app.post(
      "/api/compensation/credits",
      {
        schema: {
          tags: ["compensation"],
          summary:
            "Import billing's credits (compensation.manage), a CSV body (text/csv): entry_id or complaint_number or application_number, consumer_no, amount_rs, credited_on, reference. Idempotent by reference; good lines kept, bad ones reported by line and column",
          response: { 200: CreditsResult, ...errors(400, 401, 403, 415) },
        },
      },
      async (request) => {
        const body = typeof request.body === "string" ? request.body : "";
        const r = await services.compensation.importCredits(await auth.principal(request), body);
        return {
          ...r,
          errors: r.errors.map((e) => ({
            line: e.line,
            column: e.column ?? null,
            value: e.value ?? null,
            reason: e.reason,
          })),
        };
      },
    );

    app.post(
      "/api/compensation/:id/waive",
      {
        schema: {
          tags: ["compensation"],
          summary: "Waive an entry still due, with the reason (compensation.manage)",
          params: IdParam,
          body: WaiveInput,
          response: { 200: CompensationEntryDto, ...errors(400, 401, 403, 404) },
        },
      },
      async (request) =>
        presentEntry(
          await services.compensation.waive(
            await auth.principal(request),
            request.params.id,
            request.body.reason,
          ),
        ),
    );
  };
}
