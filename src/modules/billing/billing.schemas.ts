// The billing API's request and response shapes. Imports only typebox, schema and constants files:
// the web type-checks against this file.
import { type Static, Type } from "typebox";
import { LANGUAGES, PAYMENT_MODES } from "../../db/schema.constants.ts";
import { DateTime, Nullable, Strict, StringEnum } from "../../http/schemas.ts";
import { BILL_STATUSES, RESENDS_PER_DAY } from "./billing.constants.ts";

const Rupees = (description: string) => Type.Number({ description: `${description}, in rupees` });
const DateOnly = Type.String({ format: "date", description: "YYYY-MM-DD" });

export const BillDto = Type.Object({
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
export type BillDto = Static<typeof BillDto>;

/** A consumer's bills as his card shows them. */
export const ConsumerBillsDto = Type.Object({
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
export type ConsumerBillsDto = Static<typeof ConsumerBillsDto>;

export const BillResendParams = Type.Object(
  {
    consumerNo: Type.String({ minLength: 1, maxLength: 20 }),
    billId: Type.Integer({ minimum: 1 }),
  },
  Strict,
);
export type BillResendParams = Static<typeof BillResendParams>;

export const BillResendBody = Type.Object(
  {
    mobile: Type.Optional(
      Type.String({ minLength: 1, maxLength: 20, description: "one of the consumer's mobiles" }),
    ),
  },
  { ...Strict, description: "may be left out: the first verified mobile" },
);
export type BillResendBody = Static<typeof BillResendBody>;

export const BillResent = Type.Object({
  mobile: Type.String({
    description: "where it goes (masked for roles that may not see mobiles)",
  }),
  language: StringEnum(LANGUAGES),
  queuedAt: DateTime,
  resendsLeft: Type.Integer({
    description: "resends of this bill still allowed in the next 24 hours",
  }),
});
export type BillResent = Static<typeof BillResent>;
