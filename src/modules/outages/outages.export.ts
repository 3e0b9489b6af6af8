import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, exportQuery, fromArray, mapRows, sendTable } from "../../http/export-route.ts";
import type { ExportColumn } from "../../http/exports.ts";
import { errors } from "../../http/schemas.ts";
import { badRequest } from "../../lib/errors.ts";
import type { Services } from "../registry.ts";
import { presentOutage } from "./outages.present.ts";
import { OutageListQuery, ReliabilityQuery } from "./outages.schemas.ts";

type Row = ReturnType<typeof presentOutage>;

export const outageColumns: ExportColumn<Row>[] = [
  { header: { en: "No.", hi: "क्रमांक" }, value: (o) => o.id },
  { header: { en: "Kind", hi: "प्रकार" }, value: (o) => o.kind },
  { header: { en: "Status", hi: "स्थिति" }, value: (o) => o.status },
  { header: { en: "Found by", hi: "किससे पता चला" }, value: (o) => o.source },
  { header: { en: "Feeder", hi: "फीडर" }, value: (o) => o.feeder?.code },
  { header: { en: "DT", hi: "ट्रांसफार्मर" }, value: (o) => o.dt?.code },
  { header: { en: "Consumer no.", hi: "उपभोक्ता क्रमांक" }, value: (o) => o.consumerNo },
  { header: { en: "DC", hi: "वितरण केंद्र" }, value: (o) => o.dc.code },
  { header: { en: "Consumers", hi: "उपभोक्ता" }, value: (o) => o.affectedConsumers },
  { header: { en: "Complaints", hi: "शिकायतें" }, value: (o) => o.linkedComplaints },
  { header: { en: "Since", hi: "कब से" }, value: (o) => at(o.startedAt), width: 17 },
  { header: { en: "Restored", hi: "बहाली" }, value: (o) => at(o.restoredAt), width: 17 },
  { header: { en: "Planned start", hi: "नियोजित आरंभ" }, value: (o) => at(o.plannedStart), width: 17 },
  { header: { en: "Planned end", hi: "नियोजित समाप्ति" }, value: (o) => at(o.plannedEnd), width: 17 },
  { header: { en: "ETR", hi: "संभावित बहाली" }, value: (o) => at(o.etr), width: 17 },
  { header: { en: "Why", hi: "क्यों" }, value: (o) => o.cause, width: 30 },
  { header: { en: "Owner", hi: "प्रभारी" }, value: (o) => o.owner },
];

interface ReliabilityRow {
  code: string;
  nameEn: string;
  nameHi: string;
  customersServed: number;
  interruptions: number;
  momentary: number;
  customerInterruptions: number;
  customerMinutes: number;
  saifi: number;
  saidi: number;
  caidi: number;
  maifi: number;
}

const round = (n: number) => Math.round(n * 1000) / 1000;

const reliabilityColumns: ExportColumn<ReliabilityRow>[] = [
  { header: { en: "Area", hi: "क्षेत्र" }, value: (r) => r.code },
  { header: { en: "Name", hi: "नाम" }, value: (r) => r.nameEn, width: 24 },
  { header: { en: "Name (Hindi)", hi: "नाम (हिंदी)" }, value: (r) => r.nameHi, width: 24 },
  { header: { en: "Consumers served", hi: "सेवित उपभोक्ता" }, value: (r) => r.customersServed },
  { header: { en: "Interruptions", hi: "व्यवधान" }, value: (r) => r.interruptions },
  { header: { en: "Momentary", hi: "क्षणिक" }, value: (r) => r.momentary },
  { header: { en: "Consumer interruptions", hi: "उपभोक्ता व्यवधान" }, value: (r) => r.customerInterruptions },
  { header: { en: "Consumer minutes", hi: "उपभोक्ता मिनट" }, value: (r) => r.customerMinutes },
  { header: { en: "SAIFI", hi: "SAIFI" }, value: (r) => round(r.saifi) },
  { header: { en: "SAIDI (min)", hi: "SAIDI (मिनट)" }, value: (r) => round(r.saidi) },
  { header: { en: "CAIDI (min)", hi: "CAIDI (मिनट)" }, value: (r) => round(r.caidi) },
  { header: { en: "MAIFI", hi: "MAIFI" }, value: (r) => round(r.maifi) },
];

const date = (v: string | undefined, field: string): Date | undefined => {
  if (v === undefined) return undefined;
  const d = new Date(v);
  if (Number.isNaN(d.getTime())) throw badRequest(`${field} is not a valid time`, field);
  return d;
};

/** GET /api/outages/export: the outage list as filtered (same query, same scope), every row. */
export function outagesExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/outages/export",
      {
        schema: {
          tags: ["outages"],
          summary: "The outage list as filtered, every matching row, as CSV or XLSX",
          querystring: exportQuery(OutageListQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const q = request.query;
        const from = date(q.from, "from");
        const to = date(q.to, "to");
        const rows = services.outages.listAll(p, {
          status: q.status ?? "live",
          ...(q.kind ? { kind: q.kind } : {}),
          ...(q.dc ? { dcCode: q.dc.toUpperCase() } : {}),
          ...(q.feeder ? { feederCode: q.feeder.toUpperCase() } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        });
        return sendTable(reply, p, services.timeZone, q.format, {
          filename: `outages-${q.status ?? "live"}`,
          columns: outageColumns,
          rows: mapRows(rows, presentOutage),
        });
      },
    );

    app.get(
      "/api/reliability/export",
      {
        schema: {
          tags: ["outages"],
          summary: "The reliability table (same query), every area and the total, as CSV or XLSX",
          querystring: exportQuery(ReliabilityQuery),
          response: { 200: ExportFile, ...errors(400, 401, 403) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const q = request.query;
        // One row per area of a level (the screen shows the worst 500; the file has every one).
        const r = await services.reliability.table(p, {
          level: q.level ?? "dc",
          month: q.month,
          includePlanned: q.planned,
        });
        const rows: ReliabilityRow[] = [
          ...r.rows.map((x) => ({ ...x, code: x.unit.code, nameEn: x.unit.name_en, nameHi: x.unit.name_hi })),
          { ...r.total, code: "", nameEn: "Total", nameHi: "कुल" },
        ];
        return sendTable(reply, p, services.timeZone, q.format, {
          filename: `reliability-${r.level}-${r.month}`,
          title: [
            `SAIFI / SAIDI / CAIDI / MAIFI ${r.month} (${r.level}); momentary < ${r.momentaryMinutes} min`,
          ],
          columns: reliabilityColumns,
          rows: fromArray(Promise.resolve(rows)),
        });
      },
    );
  };
}
