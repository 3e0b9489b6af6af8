import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import type { AuthContext } from "../../http/auth.ts";
import { at, ExportFile, fromArray, sendTable } from "../../http/export-route.ts";
import { type ExportColumn, ExportFormatQuery } from "../../http/exports.ts";
import { errors, Strict } from "../../http/schemas.ts";
import { ConsumerParams } from "../consumers/consumers.schemas.ts";
import type { Services } from "../registry.ts";
import { presentBill } from "./billing.routes.ts";

type Row = ReturnType<typeof presentBill>;

const columns: ExportColumn<Row>[] = [
  { header: { en: "Month", hi: "माह" }, value: (b) => b.month },
  { header: { en: "Bill no.", hi: "बिल क्रमांक" }, value: (b) => b.billNo, width: 16 },
  { header: { en: "Revision", hi: "संशोधन" }, value: (b) => b.version },
  { header: { en: "Amount (Rs)", hi: "राशि (रु)" }, value: (b) => b.amount },
  { header: { en: "Due date", hi: "देय तिथि" }, value: (b) => b.dueDate, width: 12 },
  { header: { en: "Status", hi: "स्थिति" }, value: (b) => b.status },
  { header: { en: "Paid (Rs)", hi: "भुगतान (रु)" }, value: (b) => b.paid },
  { header: { en: "Balance (Rs)", hi: "शेष (रु)" }, value: (b) => b.balance },
  {
    header: { en: "Payments", hi: "भुगतान विवरण" },
    // One cell: "amount mode reference" per payment, in the order the card lists them.
    value: (b) => b.payments.map((p) => `${p.amount} ${p.mode} ${p.reference}`).join("; "),
    width: 40,
  },
  { header: { en: "Issued", hi: "जारी" }, value: (b) => at(b.issuedAt), width: 17 },
  { header: { en: "SMS sent", hi: "भेजे गए SMS" }, value: (b) => b.sms?.count ?? 0 },
  { header: { en: "Last SMS", hi: "अंतिम SMS" }, value: (b) => at(b.sms?.lastAt), width: 17 },
  { header: { en: "Last SMS status", hi: "अंतिम SMS की स्थिति" }, value: (b) => b.sms?.lastStatus },
  { header: { en: "Payment link", hi: "भुगतान लिंक" }, value: (b) => b.paymentLink, width: 40 },
];

/** GET /api/consumers/:consumerNo/bills/export: the consumer card's bill table (his last 12 bills). */
export function billingExportRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/consumers/:consumerNo/bills/export",
      {
        schema: {
          tags: ["consumers"],
          summary: "A consumer's bills as his card shows them, as CSV or XLSX",
          params: ConsumerParams,
          querystring: Type.Object({ format: Type.Optional(ExportFormatQuery) }, Strict),
          response: { 200: ExportFile, ...errors(400, 401, 403, 404) },
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        // The card's table is not paged (12 bills): the export is that same list.
        const r = await services.billing.billsFor(p, request.params.consumerNo);
        return sendTable(reply, p, services.timeZone, request.query.format, {
          filename: `bills-${r.consumerNo}`,
          columns,
          rows: fromArray(Promise.resolve(r.bills.map(presentBill))),
        });
      },
    );
  };
}
