import type { FastifyPluginAsyncTypebox } from "@fastify/type-provider-typebox";
import { Type } from "typebox";
import { LANGUAGES, PAYMENT_MODES } from "../../db/schema.ts";
import type { AuthContext } from "../../http/auth.ts";
import { DateTime, errors, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import type { Services } from "../registry.ts";
import { BILL_STATUSES, type BillView, type ConsumerBills, RESENDS_PER_DAY } from "./billing.service.ts";

const Rupees = (description: string) => Type.Number({ description: `${description}, in rupees` });
const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });

const BillDto = Type.Object({
  id: Type.Integer(),
  month: Type.String({ description: "the bill month, YYYY-MM" }),
  billNo: Nullable(Type.String()),
  amount: Rupees("the bill amount"),
  dueDate: DateOnly,
  paymentLink: Type.String(),
  issuedAt: DateTime,
  version: Type.Integer({ description: "1, or more for a revised bill (a new amount or due date)" }),
  status: StringEnum(BILL_STATUSES, {
    description:
      "paid: the consumer's payments since the bill was issued cover it; overdue: past the due date and not paid in full; partial: something paid; unpaid: nothing yet",
  }),
  paid: Rupees("paid towards it (payments since its issue, at most the amount)"),
  balance: Rupees("still to pay"),
  payments: Type.Array(
    Type.Object({
      reference: Type.String(),
      amount: Type.Number(),
      paidAt: DateTime,
      mode: StringEnum(PAYMENT_MODES),
    }),
    { description: "payments made against this bill (while it was the current one)" },
  ),
  sms: Nullable(
    Type.Object({
      count: Type.Integer({ description: "SMS queued for this bill, resends included" }),
      lastStatus: Type.String({ description: "pending, sending, sent, delivered, failed or skipped" }),
      lastAt: DateTime,
    }),
  ),
  resendsToday: Type.Integer({ description: `resends in the last 24 hours (at most ${RESENDS_PER_DAY})` }),
});

const BillsDto = Type.Object({
  consumerNo: Type.String(),
  today: DateOnly,
  resendLimit: Type.Integer(),
  canResend: Type.Boolean({ description: "the caller may send a bill's SMS again" }),
  smsMobile: Nullable(
    Type.Object(
      { mobile: Type.String(), language: StringEnum(LANGUAGES) },
      { description: "the verified mobile a resend goes to unless another is named" },
    ),
  ),
  bills: Type.Array(BillDto),
});

const amount = (s: string) => Number(s);

function presentBill(v: BillView) {
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

const ConsumerParams = Type.Object({ consumerNo: Type.String({ minLength: 1, maxLength: 20 }) }, Strict);

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
          response: { 200: BillsDto, ...errors(401, 403, 404) },
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
          params: Type.Object(
            {
              consumerNo: Type.String({ minLength: 1, maxLength: 20 }),
              billId: Type.Integer({ minimum: 1 }),
            },
            Strict,
          ),
          body: Type.Object(
            {
              mobile: Type.Optional(
                Type.String({ minLength: 1, maxLength: 20, description: "one of the consumer's mobiles" }),
              ),
            },
            { ...Strict, description: "may be left out: the first verified mobile" },
          ),
          response: {
            201: Type.Object({
              mobile: Type.String({
                description: "where it goes (masked for roles that may not see mobiles)",
              }),
              language: StringEnum(LANGUAGES),
              queuedAt: DateTime,
              resendsLeft: Type.Integer({
                description: "resends of this bill still allowed in the next 24 hours",
              }),
            }),
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
