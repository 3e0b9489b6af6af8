import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import type { AuthContext } from "../../http/auth.ts";
import { errors } from "../../http/schemas.ts";
import { ConsumerParams } from "../consumers/consumers.schemas.ts";
import type { Services } from "../registry.ts";
import { RESENDS_PER_DAY } from "./billing.constants.ts";
import { BillResendBody, BillResendParams, BillResent, ConsumerBillsDto } from "./billing.schemas.ts";
import type { BillView, ConsumerBills } from "./billing.service.ts";

const amount = (s: string) => Number(s);

export function presentBill(v: BillView) {
  const b = v.bill;
  return {
    id: b.id,
    month: b.bill_month.slice(0, 7),
    billNo: b.bill_no,
    amount: amount(b.amount),
    dueDate: b.due_date,
    paymentLink: b.payment_link,
    issuedAt: b.issued_at.toISOString(),
    version: b.version,
    status: v.status,
    paid: v.paid / 100,
    balance: v.balance / 100,
    payments: v.payments.map((p) => ({
      reference: p.reference,
      amount: amount(p.amount),
      paidAt: p.paid_at.toISOString(),
      mode: p.mode,
    })),
    sms: v.sms
      ? {
          count: Number(v.sms.count),
          lastStatus: v.sms.last_status,
          lastAt: new Date(v.sms.last_at).toISOString(),
        }
      : null,
    resendsToday: v.resendsToday,
  };
}

function presentBills(r: ConsumerBills) {
  return {
    consumerNo: r.consumerNo,
    today: r.today,
    resendLimit: RESENDS_PER_DAY,
    canResend: r.canResend,
    smsMobile: r.smsMobile,
    bills: r.bills.map(presentBill),
  };
}

export function billingRoutes(services: Services, auth: AuthContext): FastifyPluginAsyncTypebox {
  return async (app) => {
    app.get(
      "/api/consumers/:consumerNo/bills",
      {
        schema: {
          tags: ["consumers"],
          summary: "A consumer's last 12 bills: amount, due date, paid or not, payments, payment link, SMS",
          description:
            "Only consumers in the caller's jurisdiction (404 otherwise, as for the consumer card). " +
            "Bills and payments come from the billing system's files (`powerdesk import bills|payments`).",
          params: ConsumerParams,
          response: { 200: ConsumerBillsDto, ...errors(401, 403, 404) },
        },
      },
      async (request) => {
        const p = await auth.principal(request);
        return presentBills(await services.billing.billsFor(p, request.params.consumerNo));
      },
    );

    app.post(
      "/api/consumers/:consumerNo/bills/:billId/resend",
      {
        schema: {
          tags: ["consumers"],
          summary: "Send the bill's SMS (amount, due date, payment link) to the consumer again",
          description:
            "To his first verified mobile, or to `mobile` if it is one of his numbers; sent at once, even in the quiet hours. " +
            `At most ${RESENDS_PER_DAY} times a bill in 24 hours (429 with Retry-After after that); ` +
            "409 when no mobile is named and none is verified. Each resend is recorded with who asked.",
          params: BillResendParams,
          body: BillResendBody,
          response: {
            201: BillResent,
            ...errors(400, 401, 403, 404, 409, 429),
          },
        },
        // No body at all means "to the verified mobile".
        preValidation: async (request) => {
          request.body ??= {};
        },
      },
      async (request, reply) => {
        const p = await auth.principal(request);
        const r = await services.billing.resend(
          p,
          request.params.consumerNo,
          request.params.billId,
          request.body.mobile,
        );
        return reply.status(201).send({ ...r, queuedAt: r.queuedAt.toISOString() });
      },
    );
  };
}
