import type { Language, OutageNoticeKind } from "../../db/schema.ts";
import type { EventBus } from "../../db/unit-of-work.ts";
import type { AppEvent } from "../events.ts";
import { type OutageRow, OutagesRepository } from "../outages/outages.repository.ts";
import { OutageNoticesRepository } from "./outage-notices.repository.ts";
import { RecipientsRepository } from "./recipients.repository.ts";
import { smsTime } from "./sms-templates.ts";

const SOON: Record<Language, string> = { en: "soon", hi: "जल्द" };

/** What is out, as a consumer or a lineman reads it: the DT, the feeder, or the DC for one consumer. */
export function area(o: OutageRow, l: Language): string {
  if (o.scope === "dt") return (l === "hi" ? o.dt_name_hi : o.dt_name_en) ?? o.dt_code ?? "";
  if (o.scope === "feeder") return (l === "hi" ? o.feeder_name_hi : o.feeder_name_en) ?? o.feeder_code ?? "";
  return l === "hi" ? o.dc_name_hi : o.dc_name_en;
}

/** The variables of a notice in one language: what was true when it was decided. */
function variables(o: OutageRow, kind: OutageNoticeKind, l: Language, company: string, tz: string) {
  const t = (d: Date | null) => (d ? smsTime(d, l, tz) : SOON[l]);
  const base = { area: area(o, l), company };
  switch (kind) {
    case "notice":
      return { ...base, since: t(o.started_at), etr: t(o.etr) };
    case "etr":
      return { ...base, etr: t(o.etr) };
    case "restored":
      return { ...base, at: t(o.restored_at) };
    case "planned_notice":
      return { ...base, start: t(o.planned_start), end: t(o.planned_end), cause: o.cause ?? "" };
    case "planned_started":
      return { ...base, end: t(o.planned_end ?? o.etr) };
    case "planned_cancelled":
      return { ...base, start: t(o.planned_start) };
  }
}

/**
 * Outage notices for consumers: written in the outage's transaction as one
 * row each, expanded into one SMS per consumer just after the commit (so the
 * red alert never waits for 20,000 inserts), and by the worker's sweep if the
 * process stops in between.
 */
export function registerOutageSms(bus: EventBus<AppEvent>, timeZone: string, expandSoon: () => void): void {
  let signature: { value: string; at: number } | undefined;
  bus.onInTransaction("outage.notice", async (ctx, { outage, notice, seq }) => {
    const row = await new OutagesRepository(ctx.db).findById(outage.id);
    if (!row) return;
    if (!signature || Date.now() - signature.at > 300_000) {
      signature = { value: await new RecipientsRepository(ctx.db).companySignature(), at: Date.now() };
    }
    const company = signature.value;
    await new OutageNoticesRepository(ctx.db).add(
      outage.id,
      notice,
      seq,
      {
        en: variables(row, notice, "en", company, timeZone),
        hi: variables(row, notice, "hi", company, timeZone),
      },
      row.updated_at,
    );
  });
  bus.onCommitted("outage.notice", () => expandSoon());
}
