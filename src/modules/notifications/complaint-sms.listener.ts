import type { Language } from "../../db/schema.ts";
import type { EventBus, WriteContext } from "../../db/unit-of-work.ts";
import { maskMobile } from "../../lib/mobile.ts";
import type { ComplaintRow, StaffContact } from "../complaints/complaints.repository.ts";
import type { AppEvent } from "../events.ts";
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
export function registerComplaintSms(bus: EventBus<AppEvent>, timeZone: string): void {
  const name = (c: ComplaintRow, l: Language) => (l === "hi" ? c.category_name_hi : c.category_name_en);
  const dcName = (c: ComplaintRow, l: Language) => (l === "hi" ? c.dc_name_hi : c.dc_name_en);
  const place = (c: ComplaintRow) => c.landmark || c.location || c.consumer_name || c.dc_name_en;

  // The company's signature (its code) hardly ever changes.
  let signature: { value: string; at: number } | undefined;
  const company = async (ctx: WriteContext) => {
    if (!signature || Date.now() - signature.at > 300_000) {
      signature = { value: await new RecipientsRepository(ctx.db).companySignature(), at: Date.now() };
    }
    return signature.value;
  };

  function consumerRecipients(c: ComplaintRow): Recipient[] {
    const out: Recipient[] = [];
    if (c.consumer_sms_mobile)
      out.push({ mobile: c.consumer_sms_mobile, language: c.consumer_sms_language ?? c.language });
    // No registered mobile, or the complaint came by SMS from another phone: that phone hears too.
    if (
      c.caller_phone &&
      (out.length === 0 || (c.channel === "sms" && c.caller_phone !== c.consumer_sms_mobile))
    )
      out.push({ mobile: c.caller_phone, language: c.language });
    return out;
  }

  async function queue(
    ctx: WriteContext,
    c: ComplaintRow,
    template: SmsTemplate,
    to: Recipient[],
    dedup: (r: Recipient) => string,
    vars: (l: Language, company: string) => Record<string, string>,
    urgent: boolean,
  ) {
    if (to.length === 0) return;
    const signed = await company(ctx);
    const messages: OutboxMessage[] = to.map((r) => {
      const rendered = renderSms(template, r.language, vars(r.language, signed));
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
    OutboxRepository.stage(ctx.stage, messages);
  }

  const staff = (people: StaffContact[]): Recipient[] =>
    people.filter((p) => p.phone).map((p) => ({ mobile: p.phone as string, language: p.language }));

  bus.onInTransaction("complaint.registered", async (ctx, { complaint: c, outage }) => {
    let to = consumerRecipients(c);
    // By SMS from a mobile that is not the consumer's: the sender gets the
    // acknowledgement, the registered mobile a notice naming the (masked) sender.
    if (c.from_unregistered_mobile && c.caller_phone && c.consumer_sms_mobile) {
      to = to.filter((r) => r.mobile !== c.consumer_sms_mobile);
      await queue(
        ctx,
        c,
        "complaint_registered_other_mobile",
        [{ mobile: c.consumer_sms_mobile, language: c.consumer_sms_language ?? c.language }],
        (r) => `complaint:${c.id}:registered:${r.mobile}`,
        (_l, company) => ({
          number: c.number,
          consumer: c.consumer_no ?? "",
          mobile: maskMobile(c.caller_phone as string),
          company,
        }),
        true,
      );
    }
    if (outage) {
      // Behind a known outage: tell him so, with the restoration time, not the complaint's own limit.
      await queue(
        ctx,
        c,
        "complaint_registered_outage",
        to,
        (r) => `complaint:${c.id}:registered:${r.mobile}`,
        (l, company) => ({
          number: c.number,
          etr: smsTime(outage.etr ?? c.due_at, l, timeZone),
          company,
        }),
        true,
      );
      return;
    }
    await queue(
      ctx,
      c,
      "complaint_registered",
      to,
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

  bus.onInTransaction("complaint.resolved", async (ctx, { complaint: c }) => {
    // Resolved by the restoration of its outage: the consumer's registered
    // mobile gets the outage's restoration SMS; one message is enough.
    if (c.outage_id && c.resolution_code === "supply_restored" && c.consumer_sms_mobile) return;
    await queue(
      ctx,
      c,
      "complaint_resolved",
      consumerRecipients(c),
      (r) => `complaint:${c.id}:resolved:${c.reopen_count}:${r.mobile}`,
      (_l, company) => ({ number: c.number, company }),
      false,
    );
  });

  bus.onInTransaction("complaint.reopened", async (ctx, { complaint: c }) => {
    await queue(
      ctx,
      c,
      "complaint_reopened",
      consumerRecipients(c),
      (r) => `complaint:${c.id}:reopened:${c.reopen_count}:${r.mobile}`,
      (l, company) => ({ number: c.number, due: smsTime(c.due_at, l, timeZone), company }),
      false,
    );
  });

  bus.onInTransaction("complaint.assigned", async (ctx, { complaint: c, assignee }) => {
    await queue(
      ctx,
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

  bus.onInTransaction("complaint.escalated", async (ctx, { complaint: c, level, officers }) => {
    for (const o of officers) {
      await queue(
        ctx,
        c,
        "complaint_escalated",
        staff([o]),
        // The calls behind one outage fall due together: each officer hears once
        // an outage and a rung (of its first overdue call), not once a call.
        () =>
          c.outage_id
            ? `outage:${c.outage_id}:escalated:${level}:${o.id}`
            : `complaint:${c.id}:escalated:${c.reopen_count}:${level}:${o.id}`,
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

  bus.onInTransaction("complaint.emergency", async (ctx, { complaint: c, officers }) => {
    for (const o of officers) {
      await queue(
        ctx,
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
