import type { ApplicationStatus, Language } from "../../db/schema.ts";
import type { EventBus } from "../../db/unit-of-work.ts";
import type { AppEvent } from "../events.ts";
import { sendSms } from "./send-sms.ts";
import { type SmsTemplate, smsTime, VARIABLE_MAX } from "./sms-templates.ts";

/** The applicant's SMS for each stage an application reaches. */
const STAGE_SMS: Record<ApplicationStatus, SmsTemplate> = {
  applied: "connection_applied",
  documents_complete: "connection_documents_complete",
  site_inspected: "connection_site_inspected",
  demand_note_issued: "connection_demand_note",
  charges_paid: "connection_charges_paid",
  meter_installed: "connection_meter_installed",
  released: "connection_released",
  rejected: "connection_rejected",
};

const rupees = (n: number | null) => (n ?? 0).toLocaleString("en-IN");

/**
 * Where to pay, as an SMS variable (at most 30 characters, DLT): the link
 * without its scheme, else its site alone, else the helpline.
 */
export function payVariable(link: string | null): string {
  if (!link) return "1912";
  const bare = link.replace(/^https?:\/\//, "");
  if (bare.length <= VARIABLE_MAX) return bare;
  const site = bare.split("/")[0] ?? "";
  return site.length > 0 && site.length <= VARIABLE_MAX ? site : "1912";
}

/**
 * Tells the applicant of every stage his application reaches, in his
 * language, in the change's transaction: the application number and what
 * comes next (the demand note's amount and where to pay it, the released
 * connection's consumer number, the rejection's reason).
 */
export function registerConnectionSms(bus: EventBus<AppEvent>, timeZone: string): void {
  bus.onInTransaction("connection.changed", async (ctx, e) => {
    if (e.action !== "created" && e.from === e.to) return;
    const a = e.application;
    const l: Language = a.language;
    const due = (d: Date | null) => (d ? smsTime(d, l, timeZone) : "-");
    const variables: Record<string, string> = { number: a.number };
    switch (e.to) {
      case "applied":
        variables.dc = l === "hi" ? a.dc_name_hi : a.dc_name_en;
        break;
      case "documents_complete":
      case "charges_paid":
        variables.due = due(a.release_due_at);
        if (e.to === "charges_paid") variables.amount = rupees(a.charges_paid_rs);
        break;
      case "demand_note_issued":
        variables.amount = rupees(a.charges_demanded_rs);
        variables.pay = payVariable(e.payLink);
        break;
      case "released":
        variables.consumer = a.consumer_no ?? "-";
        break;
      case "rejected":
        variables.reason = a.reject_reason ?? "-";
        break;
      default:
        break;
    }
    await sendSms(ctx.db, {
      template: STAGE_SMS[e.to],
      language: l,
      variables,
      recipient: a.mobile,
      dedupKey: `connection:${a.id}:${e.to}`,
      urgent: false,
      relatedType: "connection_application",
      relatedId: a.id,
      createdAt: e.at,
    });
  });
}
