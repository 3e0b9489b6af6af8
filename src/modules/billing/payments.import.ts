import { PAYMENT_MODES, type PaymentMode } from "../../db/schema.ts";
import { systemClock } from "../../lib/clock.ts";
import type { Importer, Validated, WriteResult } from "../imports/import.types.ts";
import { RecordReader } from "../imports/validate.ts";
import type { RecipientsRepository } from "../notifications/recipients.repository.ts";
import { SMS_TEMPLATES } from "../notifications/sms-templates.ts";
import { dateLabel, parseAmount, parseDateTime, receiptLabel, rupees } from "./billing.format.ts";
import type { BillingRepository, PaymentStageRow } from "./billing.repository.ts";
import { type BillingImportOptions, consumerNumber, parsed, signature } from "./bills.import.ts";

const REFERENCE = /^[A-Za-z0-9][A-Za-z0-9/_.:-]{0,63}$/;
const BILL_NO = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;

/** A payment made longer ago than this gets no receipt SMS (a late file, history). */
export const RECEIPT_WINDOW_DAYS = 7;
/** Clocks of payment systems drift: a payment this far ahead of ours is still accepted. */
const FUTURE_SLACK_MS = 10 * 60_000;

/** What payment files call the modes, besides their names. */
const MODE_ALIASES: Record<string, PaymentMode> = {
  net_banking: "netbanking",
  nb: "netbanking",
  neft: "netbanking",
  rtgs: "netbanking",
  imps: "netbanking",
  debit_card: "card",
  credit_card: "card",
  pos: "card",
  bbps: "online",
  dd: "cheque",
  demand_draft: "cheque",
};

export const PAYMENT_COLUMNS = {
  required: ["consumer_no", "amount", "paid_at", "reference"],
  optional: ["mode", "bill_no"],
} as const;

export type PaymentImportRow = Omit<
  PaymentStageRow,
  "line" | "amountText" | "dateEn" | "dateHi" | "receipt"
> & {
  /** The local day it was paid, for the receipt. */
  paidDay: string;
};

/**
 * payments.csv: consumer_no, amount, paid_at, reference (the transaction
 * reference, unique), optional mode and bill_no. A payment is known by its
 * reference: a re-run changes nothing. Each new payment queues a
 * `payment_received` SMS, unless it was made more than a week ago.
 */
export function paymentsImporter(
  billing: BillingRepository,
  recipients: RecipientsRepository,
  options: BillingImportOptions = {},
): Importer<PaymentImportRow> {
  const clock = options.clock ?? systemClock;
  const timeZone = options.timeZone ?? "Asia/Kolkata";
  let company = "";
  let latest = 0;
  return {
    kind: "payments",
    ...PAYMENT_COLUMNS,
    batchSize: options.batchSize ?? 5000,
    async prepare() {
      company = signature(await recipients.companySignature());
      latest = clock().getTime() + FUTURE_SLACK_MS;
    },
    validate(record, line): Validated<PaymentImportRow> {
      const r = new RecordReader(record, line);
      const consumerNo = consumerNumber(r);
      const amount = parsed(r, "amount", r.required("amount"), parseAmount);
      const paidAt = parsed(r, "paid_at", r.required("paid_at"), (v) => parseDateTime(v, timeZone));
      if (paidAt && paidAt.at.getTime() > latest)
        r.fail("paid_at", "is in the future", r.optional("paid_at"));
      const reference = r.required("reference");
      if (reference && !REFERENCE.test(reference))
        r.fail("reference", "must be 1-64 letters, digits, / _ . : or -", reference.slice(0, 70));
      const modeRaw = r.optional("mode");
      const alias = modeRaw ? MODE_ALIASES[modeRaw.toLowerCase().replace(/[\s-]+/g, "_")] : undefined;
      const mode = alias ?? (r.oneOf("mode", modeRaw, PAYMENT_MODES, "other") as PaymentMode);
      const billNo = r.optional("bill_no");
      if (billNo && !BILL_NO.test(billNo))
        r.fail("bill_no", "must be 1-40 letters, digits, / _ . or -", billNo);
      if (r.errors.length > 0 || !amount || !paidAt) return { ok: false, errors: r.errors };
      return {
        ok: true,
        row: {
          consumerNo,
          amount,
          paidAt: paidAt.at,
          paidDay: paidAt.day,
          reference,
          mode,
          billNo: billNo ?? null,
        },
      };
    },
    key: (row) => row.reference,
    finish: () => billing.analyze(),
    async write(lines): Promise<WriteResult> {
      const rows: PaymentStageRow[] = lines.map(({ line, row: { paidDay, ...row } }) => ({
        ...row,
        line,
        amountText: rupees(row.amount),
        dateEn: dateLabel(paidDay, "en"),
        dateHi: dateLabel(paidDay, "hi"),
        receipt: receiptLabel(row.reference),
      }));
      const now = clock();
      const r = await billing.importPayments(
        rows,
        {
          enabled: options.sms ?? true,
          templates: { en: SMS_TEMPLATES.payment_received.en, hi: SMS_TEMPLATES.payment_received.hi },
          company,
          now,
        },
        new Date(now.getTime() - RECEIPT_WINDOW_DAYS * 86_400_000),
      );
      return {
        inserted: r.inserted,
        updated: r.updated,
        unchanged: rows.length - r.inserted - r.updated - r.rejected.length,
        rejected: r.rejected,
        notes: {
          "receipt SMS queued": r.sms,
          [`payments older than ${RECEIPT_WINDOW_DAYS} days (no receipt)`]: r.late,
        },
      };
    },
  };
}
