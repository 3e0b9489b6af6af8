import { type Clock, systemClock } from "../../lib/clock.ts";
import { startOfDay } from "../../lib/time.ts";
import type { Importer, Validated, WriteResult } from "../imports/import.types.ts";
import { RecordReader } from "../imports/validate.ts";
import type { RecipientsRepository } from "../notifications/recipients.repository.ts";
import { SMS_TEMPLATES, VARIABLE_MAX } from "../notifications/sms-templates.ts";
import {
  dateLabel,
  localDate,
  monthLabel,
  type Parsed,
  parseAmount,
  parseDate,
  parseMonth,
  rupees,
  SHORT_LINK,
  zonedInstant,
} from "./billing.format.ts";
import type { BillingRepository, BillStageRow } from "./billing.repository.ts";

export const CONSUMER_NO = /^[A-Z0-9]{4,20}$/;
const BILL_NO = /^[A-Za-z0-9][A-Za-z0-9/_.-]{0,39}$/;

export const BILL_COLUMNS = {
  required: ["consumer_no", "bill_month", "amount", "due_date", "payment_link"],
  optional: ["bill_no", "bill_date"],
} as const;

export interface BillingImportOptions {
  clock?: Clock;
  timeZone?: string;
  /** false: load without SMS (history, a backfill). */
  sms?: boolean;
  batchSize?: number;
}

export type BillImportRow = Omit<
  BillStageRow,
  "line" | "amountText" | "monthEn" | "monthHi" | "dueEn" | "dueHi"
>;

/** The company's signature as an SMS variable: at most 30 characters, as renderSms clips it. */
export function signature(company: string): string {
  const v = company.replace(/\s+/g, " ").trim();
  return v.length <= VARIABLE_MAX ? v : `${v.slice(0, VARIABLE_MAX - 1)}…`;
}

/** Reads a column with a parser, recording its reason under the column on failure. */
export function parsed<T>(r: RecordReader, column: string, value: string, parse: (v: string) => Parsed<T>) {
  if (!value) return undefined;
  const p = parse(value);
  if (!p.ok) {
    r.fail(column, p.reason, value);
    return undefined;
  }
  return p.value;
}

export function consumerNumber(r: RecordReader): string {
  return r.code(
    "consumer_no",
    r.required("consumer_no").replace(/\s/g, ""),
    CONSUMER_NO,
    "consumer number (4-20 letters or digits)",
  );
}

/**
 * bills.csv: consumer_no, bill_month (YYYY-MM), amount, due_date, payment_link,
 * optional bill_no and bill_date. A bill is known by consumer and month: a
 * re-run changes nothing, a new amount or due date revises the bill and
 * texts the consumer again. Each new bill queues a `bill_issued` SMS (not for
 * a bill already past its due date, nor with `sms: false`).
 */
export function billsImporter(
  billing: BillingRepository,
  recipients: RecipientsRepository,
  options: BillingImportOptions = {},
): Importer<BillImportRow> {
  const clock = options.clock ?? systemClock;
  const timeZone = options.timeZone ?? "Asia/Kolkata";
  let company = "";
  let importDay = new Date(0);
  let today = "";
  const issueTimes = new Map<string, Date>();
  const issuedAt = (date: string) => {
    let at = issueTimes.get(date);
    if (!at) {
      at = zonedInstant(date, "", timeZone);
      issueTimes.set(date, at);
    }
    return at;
  };
  return {
    kind: "bills",
    ...BILL_COLUMNS,
    batchSize: options.batchSize ?? 5000,
    async prepare() {
      company = signature(await recipients.companySignature());
      const now = clock();
      importDay = startOfDay(now, timeZone);
      today = localDate(now, timeZone);
    },
    validate(record, line): Validated<BillImportRow> {
      const r = new RecordReader(record, line);
      const consumerNo = consumerNumber(r);
      const billMonth = parsed(r, "bill_month", r.required("bill_month"), parseMonth);
      const amount = parsed(r, "amount", r.required("amount"), parseAmount);
      const dueDate = parsed(r, "due_date", r.required("due_date"), parseDate);
      const link = r.required("payment_link");
      if (link) {
        if (link.length > VARIABLE_MAX)
          r.fail(
            "payment_link",
            `is ${link.length} characters; an SMS variable may have ${VARIABLE_MAX} (DLT): use a short link`,
            link.slice(0, 60),
          );
        else if (!SHORT_LINK.test(link))
          r.fail("payment_link", "is not a link (e.g. https://pay.example.in/b/x7Kq2)", link);
      }
      const billNoRaw = r.optional("bill_no");
      if (billNoRaw && !BILL_NO.test(billNoRaw))
        r.fail("bill_no", "must be 1-40 letters, digits, / _ . or -", billNoRaw);
      const billDateRaw = r.optional("bill_date");
      const billDate = billDateRaw ? parsed(r, "bill_date", billDateRaw, parseDate) : undefined;
      if (billMonth && dueDate && dueDate < billMonth)
        r.fail("due_date", `is before the bill month (${billMonth.slice(0, 7)})`, dueDate);
      if (billDate && dueDate && billDate > dueDate)
        r.fail("bill_date", "is after the due date", billDateRaw);
      if (r.errors.length > 0 || !billMonth || !amount || !dueDate) return { ok: false, errors: r.errors };
      return {
        ok: true,
        row: {
          consumerNo,
          billMonth,
          billNo: billNoRaw ?? null,
          amount,
          dueDate,
          paymentLink: link,
          issuedAt: billDate ? issuedAt(billDate) : null,
        },
      };
    },
    key: (row) => `${row.consumerNo}|${row.billMonth}`,
    finish: () => billing.analyze(),
    async write(lines): Promise<WriteResult> {
      const rows: BillStageRow[] = lines.map(({ line, row }) => ({
        ...row,
        line,
        amountText: rupees(row.amount),
        monthEn: monthLabel(row.billMonth, "en"),
        monthHi: monthLabel(row.billMonth, "hi"),
        dueEn: dateLabel(row.dueDate, "en"),
        dueHi: dateLabel(row.dueDate, "hi"),
      }));
      const r = await billing.importBills(
        rows,
        {
          enabled: options.sms ?? true,
          templates: { en: SMS_TEMPLATES.bill_issued.en, hi: SMS_TEMPLATES.bill_issued.hi },
          company,
          now: clock(),
        },
        importDay,
        today,
      );
      return {
        inserted: r.inserted,
        updated: r.updated,
        unchanged: rows.length - r.inserted - r.updated - r.rejected.length,
        rejected: r.rejected,
        notes: {
          "bills revised (new amount or due date)": r.revised,
          "bill SMS queued": r.sms,
          "bills already past due (no SMS)": r.pastDue,
          "earlier payments linked to their bill": r.paymentsLinked,
        },
      };
    },
  };
}
