import type { Language } from "../../db/schema.ts";
import type { EventBus, Tx } from "../../db/unit-of-work.ts";
import type { ComplaintDomainEvent } from "../complaints/complaints.events.ts";
import type { ComplaintRow, StaffContact } from "../complaints/complaints.repository.ts";
import { type OutboxMessage, OutboxRepository } from "./outbox.repository.ts";
import { RecipientsRepository } from "./recipients.repository.ts";
import { renderSms, type SmsTemplate, smsTime } from "./sms-templates.ts";

interface Recipient {
  mobile: string;
  language: Language;
}

/**
 * Turns complaint events into SMS in the outbox, in the same transaction:
 * the consumer hears of registration, resolution and reopening (on his first
 * verified mobile, in its language, or on the number that called); field
 * staff and officers hear of assignments, escalations and emergencies.
 */
export function registerComplaintSms(bus: EventBus<ComplaintDomainEvent>, timeZone: string): void {
  const name = (c: ComplaintRow, l: Language) => (l === "hi" ? c.category_name_hi : c.category_name_en);
  const dcName = (c: ComplaintRow, l: Language) => (l === "hi" ? c.dc_name_hi : c.dc_name_en);
  const place = (c: ComplaintRow) => c.landmark || c.location || c.consumer_name || c.dc_name_en;

  async function consumerRecipients(tx: Tx, c: ComplaintRow): Promise<Recipient[]> {
    if (c.consumer_id) {
      const verified = await new RecipientsRepository(tx).verifiedMobiles(c.consumer_id);
      if (verified[0]) return [verified[0]];
    }
    return c.caller_phone ? [{ mobile: c.caller_phone, language: c.language }] : [];
  }

  async function queue(
    tx: Tx,
    c: ComplaintRow,
    template: SmsTemplate,
    to: Recipient[],
    dedup: (r: Recipient) => string,
    vars: (l: Language, company: string) => Record<string, string>,
    urgent: boolean,
  ) {
    if (to.length === 0) return;
    const company = await new RecipientsRepository(tx).companySignature();
    const messages: OutboxMessage[] = to.map((r) => {
      const rendered = renderSms(template, r.language, vars(r.language, company));
      return {
        dedupKey: dedup(r),
        recipient: r.mobile,
        language: r.language,
        template,
        variables: rendered.variables,
        body: rendered.body,
        urgent,
        relatedType: "complaint",
        relatedId: c.id,
        createdAt: c.updated_at,
      };
    });
    await new OutboxRepository(tx).enqueue(messages);
  }

  const staff = (people: StaffContact[]): Recipient[] =>
    people.filter((p) => p.phone).map((p) => ({ mobile: p.phone as string, language: p.language }));

  bus.onInTransaction("complaint.registered", async (tx, { complaint: c }) => {
    await queue(
      tx,
      c,
      "complaint_registered",
      await consumerRecipients(tx, c),
      (r) => `complaint:${c.id}:registered:${r.mobile}`,
      (l, company) => ({
        number: c.number,
        category: name(c, l),
        due: smsTime(c.due_at, l, timeZone),
        company,
      }),
      c.emergency,
    );
  });

  bus.onInTransaction("complaint.resolved", async (tx, { complaint: c }) => {
    await queue(
      tx,
      c,
      "complaint_resolved",
      await consumerRecipients(tx, c),
      (r) => `complaint:${c.id}:resolved:${c.reopen_count}:${r.mobile}`,
      (_l, company) => ({ number: c.number, company }),
      false,
    );
  });

  bus.onInTransaction("complaint.reopened", async (tx, { complaint: c }) => {
    await queue(
      tx,
      c,
      "complaint_reopened",
      await consumerRecipients(tx, c),
      (r) => `complaint:${c.id}:reopened:${c.reopen_count}:${r.mobile}`,
      (l, company) => ({ number: c.number, due: smsTime(c.due_at, l, timeZone), company }),
      false,
    );
  });

  bus.onInTransaction("complaint.assigned", async (tx, { complaint: c, assignee }) => {
    await queue(
      tx,
      c,
      "complaint_assigned_staff",
      staff([assignee]),
      () => `complaint:${c.id}:assigned:${assignee.id}:${c.assigned_at?.getTime() ?? 0}`,
      (l) => ({
        number: c.number,
        category: name(c, l),
        place: place(c),
        phone: c.caller_phone ?? c.alt_phone ?? c.consumer_mobile ?? "-",
        due: smsTime(c.due_at, l, timeZone),
      }),
      c.emergency,
    );
  });

  bus.onInTransaction("complaint.escalated", async (tx, { complaint: c, level, officers }) => {
    for (const o of officers) {
      await queue(
        tx,
        c,
        "complaint_escalated",
        staff([o]),
        () => `complaint:${c.id}:escalated:${c.reopen_count}:${level}:${o.id}`,
        (l) => ({
          number: c.number,
          category: name(c, l),
          dc: dcName(c, l),
          due: smsTime(c.due_at, l, timeZone),
        }),
        true,
      );
    }
  });

  bus.onInTransaction("complaint.emergency", async (tx, { complaint: c, officers }) => {
    for (const o of officers) {
      await queue(
        tx,
        c,
        "complaint_emergency",
        staff([o]),
        () => `complaint:${c.id}:emergency:${o.id}`,
        (l) => ({ number: c.number, category: name(c, l), place: place(c), dc: dcName(c, l) }),
        true,
      );
    }
  });
}
