import type { Language } from "../../db/schema.ts";
import type { Tx, UnitOfWork } from "../../db/unit-of-work.ts";
import type { Clock } from "../../lib/clock.ts";
import { badRequest, conflict, forbidden, notFound, tooManyRequests } from "../../lib/errors.ts";
import { maskMobile, normaliseMobile } from "../../lib/mobile.ts";
import { count } from "../../lib/plural.ts";
import { can, type Principal } from "../access/principal.ts";
import type { AppEvent } from "../events.ts";
import { OutboxRepository } from "../notifications/outbox.repository.ts";
import type { RecipientsRepository } from "../notifications/recipients.repository.ts";
import { renderSms } from "../notifications/sms-templates.ts";
import { BILL_STATUSES, type BillStatus, RESENDS_PER_DAY } from "./billing.constants.ts";
import { dateLabel, localDate, monthLabel, rupees } from "./billing.format.ts";
import { BillingRepository, type BillRow, type BillSmsRow, type PaymentRow } from "./billing.repository.ts";

export { BILL_STATUSES, type BillStatus, RESENDS_PER_DAY };

const DAY_MS = 86_400_000;
/** How many bills the card shows. */
export const BILLS_SHOWN = 12;

/** "1245.50" → 124550: money is compared in paise, never in floating rupees. */
export function paise(amount: string): number {
  const [whole = "0", frac = ""] = amount.split(".");
  const sign = whole.startsWith("-") ? -1 : 1;
  return sign * (Math.abs(Number(whole)) * 100 + Number(frac.padEnd(2, "0").slice(0, 2)));
}

/**
 * A bill's state: paid when the consumer's payments since it was issued
 * cover it (a bill carries earlier arrears, so a later payment that clears
 * a later bill clears this one too); overdue when its due date has passed
 * and it is not paid in full; partial when something was paid; else unpaid.
 */
export function billStatus(
  bill: { amount: string; dueDate: string; paidSinceIssue: string },
  today: string,
): { status: BillStatus; paid: number; balance: number } {
  const amount = paise(bill.amount);
  const paid = Math.min(paise(bill.paidSinceIssue), amount);
  const status: BillStatus =
    paid >= amount ? "paid" : bill.dueDate < today ? "overdue" : paid > 0 ? "partial" : "unpaid";
  return { status, paid, balance: amount - paid };
}

export interface BillView {
  bill: BillRow;
  status: BillStatus;
  /** In paise. */
  paid: number;
  balance: number;
  payments: PaymentRow[];
  sms: BillSmsRow | undefined;
  resendsToday: number;
}

export interface ConsumerBills {
  consumerNo: string;
  today: string;
  bills: BillView[];
  /** Where a resend goes by default (the first verified mobile), masked for roles that may not see mobiles. */
  smsMobile: { mobile: string; language: Language } | null;
  canResend: boolean;
}

export interface Resent {
  mobile: string;
  language: Language;
  queuedAt: Date;
  resendsLeft: number;
}

export class BillingService {
  constructor(
    private readonly repo: BillingRepository,
    private readonly uow: UnitOfWork<AppEvent>,
    private readonly txRepo: (tx: Tx) => BillingRepository,
    private readonly recipients: RecipientsRepository,
    private readonly clock: Clock,
    private readonly timeZone: string,
  ) {}

  private async consumer(principal: Principal, consumerNo: string) {
    const c = await this.repo.findConsumerForUser(principal, consumerNo.trim().toUpperCase());
    // Outside the jurisdiction reads as unknown, as on the consumer card.
    if (!c) throw notFound("consumer");
    return c;
  }

  /** The consumer's last 12 bills with their state, payments, SMS and today's resends. */
  async billsFor(principal: Principal, consumerNo: string): Promise<ConsumerBills> {
    if (!can(principal, "consumers.read")) throw forbidden();
    const consumer = await this.consumer(principal, consumerNo);
    const now = this.clock();
    const today = localDate(now, this.timeZone);
    const [bills, mobiles] = await Promise.all([
      this.repo.billsOf(consumer.id, BILLS_SHOWN),
      this.repo.mobilesOf(consumer.id),
    ]);
    const ids = bills.map((b) => b.id);
    const [payments, sms, resends] = await Promise.all([
      this.repo.paymentsOf(ids),
      this.repo.smsOf(ids),
      this.repo.resendCounts(ids, new Date(now.getTime() - DAY_MS)),
    ]);
    const smsByBill = new Map(sms.map((s) => [Number(s.bill_id), s]));
    const verified = mobiles.find((m) => m.verified);
    const showMobiles = can(principal, "consumers.read_mobile");
    return {
      consumerNo: consumer.consumer_no,
      today,
      canResend: can(principal, "bills.resend"),
      smsMobile: verified
        ? {
            mobile: showMobiles ? verified.mobile : maskMobile(verified.mobile),
            language: verified.language,
          }
        : null,
      bills: bills.map((b) => ({
        bill: b,
        ...billStatus({ amount: b.amount, dueDate: b.due_date, paidSinceIssue: b.paid_since_issue }, today),
        payments: payments.filter((p) => p.bill_id === b.id),
        sms: smsByBill.get(b.id),
        resendsToday: resends.get(b.id) ?? 0,
      })),
    };
  }

  /**
   * Queues the bill's SMS again, at once (the consumer is on the phone, so it
   * does not wait out the quiet hours), to his first verified mobile or to
   * `mobile` if that is one of his numbers. At most three times a bill in 24
   * hours; each resend is recorded with who asked.
   */
  async resend(principal: Principal, consumerNo: string, billId: number, mobile?: string): Promise<Resent> {
    if (!can(principal, "bills.resend")) throw forbidden();
    const consumer = await this.consumer(principal, consumerNo);
    const mobiles = await this.repo.mobilesOf(consumer.id);
    let to: { mobile: string; language: Language } | undefined;
    if (mobile !== undefined) {
      const wanted = normaliseMobile(mobile);
      if (!wanted) throw badRequest("mobile is not a 10-digit mobile number", "mobile");
      to = mobiles.find((m) => m.mobile === wanted);
      if (!to) throw badRequest("mobile is not one of this consumer's mobile numbers", "mobile");
    } else {
      to = mobiles.find((m) => m.verified);
      if (!to)
        throw conflict(
          "the consumer has no verified mobile: verify one first, or name one of his numbers in mobile",
          "mobile",
        );
    }
    const recipient = to;
    const company = await this.recipients.companySignature();
    const now = this.clock();
    const left = await this.uow.run(async (tx, _emit, stage) => {
      const repo = this.txRepo(tx);
      const bill = await repo.lockBill(consumer.id, billId);
      if (!bill) throw notFound("bill");
      const { total, recent } = await repo.resendsOf(bill.id, new Date(now.getTime() - DAY_MS));
      if (recent.length >= RESENDS_PER_DAY) {
        const oldest = recent[recent.length - RESENDS_PER_DAY] as Date;
        const wait = Math.max(60, Math.ceil((oldest.getTime() + DAY_MS - now.getTime()) / 1000));
        throw tooManyRequests(
          `this bill was already sent again ${RESENDS_PER_DAY} times in the last 24 hours; try again in ${count(Math.ceil(wait / 3600), "hour")}`,
          wait,
        );
      }
      const l = recipient.language;
      const rendered = renderSms("bill_issued", l, {
        month: monthLabel(bill.bill_month, l),
        consumer: consumer.consumer_no,
        amount: rupees(bill.amount),
        due: dateLabel(bill.due_date, l),
        link: bill.payment_link,
        company,
      });
      const dedupKey = `bill:${bill.id}:resend:${total + 1}`;
      OutboxRepository.stage(stage, [
        {
          dedupKey,
          recipient: recipient.mobile,
          language: l,
          template: "bill_issued",
          variables: rendered.variables,
          body: rendered.body,
          urgent: true,
          relatedType: "bill",
          relatedId: bill.id,
          createdAt: now,
        },
      ]);
      BillingRepository.stageResend(stage, {
        billId: bill.id,
        consumerId: consumer.id,
        mobile: recipient.mobile,
        at: now,
        actorKind: principal.kind,
        actorId: principal.id,
        actorName: principal.name,
        dedupKey,
      });
      return RESENDS_PER_DAY - recent.length - 1;
    });
    return {
      mobile: can(principal, "consumers.read_mobile") ? recipient.mobile : maskMobile(recipient.mobile),
      language: recipient.language,
      queuedAt: now,
      resendsLeft: left,
    };
  }
}
